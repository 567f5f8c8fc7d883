// SignalGuard: catches the signals that end a streaming command (Ctrl-C and
// friends) for one scope, then restores what was there. It only sets a flag
// (and may write a fixed note to stderr); the command polls the flag.
#pragma once

#include <signal.h>

#include <initializer_list>
#include <vector>

namespace bpftool::sys {

class SignalGuard {
 public:
  /// Installs, for each of `signals` in order, a handler that sets the stop
  /// flag and, when `note` is not null, first writes it to stderr. No
  /// SA_RESTART: a blocked read, poll or sleep returns EINTR, so the caller
  /// gets to check stop_requested(). The flag is cleared before the first
  /// handler goes in. `note` must outlive the guard (a string literal). One guard at a time.
  explicit SignalGuard(std::initializer_list<int> signals, const char* note = nullptr);
  /// Restores each signal's previous disposition.
  ~SignalGuard();
  SignalGuard(const SignalGuard&) = delete;
  SignalGuard& operator=(const SignalGuard&) = delete;

  /// True once one of the signals arrived.
  bool stop_requested() const;

 private:
  struct Saved {
    int signum;
    struct sigaction old;
  };
  std::vector<Saved> saved_;
};

}  // namespace bpftool::sys
