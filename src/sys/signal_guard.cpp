#include "sys/signal_guard.h"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>

namespace bpftool::sys {

namespace {

volatile std::sig_atomic_t g_stop = 0;
std::atomic<const char*> g_note{nullptr};  // lock-free, so safe to read in the handler

void on_signal(int) {
  if (const char* note = g_note.load()) {
    // write() and strlen() are async-signal-safe.
    ssize_t n = ::write(STDERR_FILENO, note, std::strlen(note));
    (void)n;
  }
  g_stop = 1;
}

}  // namespace

SignalGuard::SignalGuard(std::initializer_list<int> signals, const char* note) {
  // Cleared before the first handler goes in: a signal that arrives while the
  // others are being installed must not be forgotten.
  g_stop = 0;
  g_note.store(note);
  struct sigaction sa;
  std::memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_signal;  // no SA_RESTART, see the header
  saved_.reserve(signals.size());
  for (int signum : signals) {
    Saved s{signum, {}};
    ::sigaction(signum, &sa, &s.old);
    saved_.push_back(s);
  }
}

SignalGuard::~SignalGuard() {
  for (const Saved& s : saved_) ::sigaction(s.signum, &s.old, nullptr);
}

bool SignalGuard::stop_requested() const { return g_stop != 0; }

}  // namespace bpftool::sys
