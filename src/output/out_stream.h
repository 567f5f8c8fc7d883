// OutStream: the one block-buffered writer behind stdout (or a string, in tests).
// Upstream line-buffers stdout; we flush only at exit, on error and where a
// command streams to a human. A closed pipe ends the process quietly.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace bpftool::output {

class OutStream {
 public:
  /// Writes to `fd` (not owned). Flushes when the buffer passes `flush_at` bytes.
  explicit OutStream(int fd, size_t flush_at = 256 * 1024) : fd_(fd), flush_at_(flush_at) {}
  /// Collects everything in `*capture` (unit tests).
  explicit OutStream(std::string* capture) : capture_(capture), flush_at_(64 * 1024) {}
  OutStream(const OutStream&) = delete;
  OutStream& operator=(const OutStream&) = delete;
  ~OutStream() { flush(); }

  void write(std::string_view s) {
    const size_t old = buf_.size();
    if (buf_.capacity() - old >= s.size()) {
      // fmt's append copies byte by byte; most writes fit the buffer as it is.
      buf_.resize(old + s.size());
      std::memcpy(buf_.data() + old, s.data(), s.size());
    } else {
      buf_.append(s.data(), s.data() + s.size());
    }
    if (buf_.size() >= flush_at_) flush();
  }
  void put(char c) {
    buf_.push_back(c);
    if (buf_.size() >= flush_at_) flush();
  }
  void put_uint(uint64_t v) { write(fmt::format_int(v).c_str()); }
  void put_int(int64_t v) { write(fmt::format_int(v).c_str()); }
  template <class... Args>
  void print(fmt::format_string<Args...> f, Args&&... args) {
    fmt::format_to(fmt::appender(buf_), f, std::forward<Args>(args)...);
    if (buf_.size() >= flush_at_) flush();
  }
  /// Direct access for hot loops that format in place; call maybe_flush() after.
  fmt::memory_buffer& buffer() { return buf_; }
  void maybe_flush() {
    if (buf_.size() >= flush_at_) flush();
  }
  /// Writes out what is buffered. On EPIPE the process ends as if killed by
  /// SIGPIPE (what upstream, with the default disposition, does): quietly.
  /// Any other failure (a full disk, a closed or read-only fd) is remembered:
  /// what follows is dropped, and write_error() says why, so that the command
  /// can end with an error instead of a silently truncated file.
  void flush();
  /// The errno of the first failed write; 0 while every write succeeded.
  int write_error() const { return write_errno_; }
  /// Marks the stream as failed before anything was written (stdout closed
  /// at start-up): the first byte written then counts as a failed write.
  void set_unwritable(int errnum) { unwritable_errno_ = errnum; }
  /// Bytes written since construction (buffered or not).
  uint64_t total() const { return flushed_ + buf_.size(); }

 private:
  int fd_ = -1;
  std::string* capture_ = nullptr;
  size_t flush_at_;
  uint64_t flushed_ = 0;
  int write_errno_ = 0;
  int unwritable_errno_ = 0;
  fmt::memory_buffer buf_;
};

}  // namespace bpftool::output
