// Runs bpftool-cpp's main in this process (integration tests link bt_app), with
// stdout and stderr captured through temporary files. Only for tests that link
// bt_app; header-only so that bt_test_support does not depend on it.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "app/app.h"
#include "support/run.h"

namespace bpftool::test {

namespace detail {

// Redirects one stdio fd into a memfd until destroyed, then restores it.
class FdCapture {
 public:
  explicit FdCapture(int target) : target_(target) {
    saved_ = ::dup(target_);
    file_ = ::memfd_create("bt_capture", MFD_CLOEXEC);
    if (saved_ >= 0 && file_ >= 0) ::dup2(file_, target_);
  }
  FdCapture(const FdCapture&) = delete;
  FdCapture& operator=(const FdCapture&) = delete;
  /// Restores the fd and returns what was written to it.
  std::string finish() {
    std::string text;
    if (saved_ < 0 || file_ < 0) return text;
    ::dup2(saved_, target_);
    ::close(saved_);
    saved_ = -1;
    char buf[65536];
    off_t off = 0;
    for (;;) {
      ssize_t n = ::pread(file_, buf, sizeof(buf), off);
      if (n <= 0) break;
      text.append(buf, static_cast<size_t>(n));
      off += n;
    }
    ::close(file_);
    file_ = -1;
    return text;
  }
  ~FdCapture() { (void)finish(); }

 private:
  int target_;
  int saved_ = -1;
  int file_ = -1;
};

}  // namespace detail

/// bpftool's main_impl on `args` (no argv[0]), with its exit status and output.
inline RunResult run_main(const std::vector<std::string>& args) {
  std::vector<std::string> words{"bpftool"};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);

  std::fflush(stdout);
  std::fflush(stderr);
  RunResult r;
  detail::FdCapture out(STDOUT_FILENO), err(STDERR_FILENO);
  r.status = app::main_impl(static_cast<int>(words.size()), argv.data());
  std::fflush(stdout);
  std::fflush(stderr);
  r.out = out.finish();
  r.err = err.finish();
  return r;
}

}  // namespace bpftool::test
