#include "output/out_stream.h"

#include <unistd.h>

#include <cerrno>
#include <csignal>

namespace bpftool::output {

void OutStream::flush() {
  if (buf_.size() == 0) return;
  if (capture_) {
    capture_->append(buf_.data(), buf_.size());
  } else if (write_errno_ || unwritable_errno_) {
    if (!write_errno_) write_errno_ = unwritable_errno_;  // the data is dropped
  } else {
    const char* p = buf_.data();
    size_t left = buf_.size();
    while (left > 0) {
      ssize_t n = ::write(fd_, p, left);
      if (n < 0) {
        if (errno == EINTR) continue;
        if (errno == EPIPE) {
          // The reader went away (`| head -1`): end quietly, as a SIGPIPE would.
          std::signal(SIGPIPE, SIG_DFL);
          std::raise(SIGPIPE);
          _exit(141);
        }
        // Remembered for the exit status; this and later data are dropped.
        write_errno_ = errno;
        break;
      }
      p += n;
      left -= static_cast<size_t>(n);
    }
  }
  flushed_ += buf_.size();
  buf_.clear();
}

}  // namespace bpftool::output
