// sys/: SignalGuard catches its signals for one scope and restores the
// previous disposition, without a kernel.
#include <gtest/gtest.h>

#include <csignal>

#include "sys/signal_guard.h"

namespace bpftool::sys {
namespace {

void (*current_handler(int signum))(int) {
  struct sigaction now;
  ::sigaction(signum, nullptr, &now);
  return now.sa_handler;
}

TEST(SignalGuard, sets_the_flag_and_restores_the_old_handler) {
  ASSERT_EQ(current_handler(SIGUSR1), SIG_DFL);
  ::signal(SIGUSR2, SIG_IGN);
  {
    SignalGuard guard({SIGUSR1, SIGUSR2});
    EXPECT_FALSE(guard.stop_requested());
    EXPECT_NE(current_handler(SIGUSR1), SIG_DFL);
    ::raise(SIGUSR2);
    EXPECT_TRUE(guard.stop_requested());
  }
  EXPECT_EQ(current_handler(SIGUSR1), SIG_DFL);
  EXPECT_EQ(current_handler(SIGUSR2), SIG_IGN);
  ::signal(SIGUSR2, SIG_DFL);
}

TEST(SignalGuard, starts_cleared_and_installs_without_sa_restart) {
  {
    SignalGuard first({SIGUSR1});
    ::raise(SIGUSR1);
    EXPECT_TRUE(first.stop_requested());
  }
  SignalGuard second({SIGUSR1});
  EXPECT_FALSE(second.stop_requested());
  struct sigaction now;
  ::sigaction(SIGUSR1, nullptr, &now);
  EXPECT_EQ(now.sa_flags & SA_RESTART, 0);
}

}  // namespace
}  // namespace bpftool::sys
