// A reader that goes away (`bpftool prog show | head -1`): bpftool must end
// quietly, killed by SIGPIPE (141) or with 0, and print nothing on stderr.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "support/kernel.h"
#include "support/kernel_test.h"

namespace bpftool::test {
namespace {

class ClosedPipe : public KernelTest {};

struct PipeRun {
  int status = -1;
  std::string err;
};

// Runs bpftool with stdout a pipe whose read end is already closed.
PipeRun run_into_closed_pipe(const std::vector<std::string>& args, bool ignore_sigpipe) {
  PipeRun r;
  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) || ::pipe2(err, O_CLOEXEC)) return r;
  ::close(out[0]);  // nobody will ever read
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    ::signal(SIGPIPE, ignore_sigpipe ? SIG_IGN : SIG_DFL);  // the disposition survives exec
    std::vector<std::string> words{BT_BPFTOOL_BIN};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  ::close(err[1]);
  char buf[4096];
  for (ssize_t n; (n = ::read(err[0], buf, sizeof(buf))) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    r.err.append(buf, static_cast<size_t>(n));
  }
  ::close(err[0]);
  int st = 0;
  while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  return r;
}

TEST_F(ClosedPipe, ends_quietly) {
  auto prog = UniqueProg::load();  // so that the listing is never empty
  ASSERT_TRUE(prog) << prog.error().message();
  auto dir = ScopedPlainDir::create();
  ASSERT_TRUE(dir) << dir.error().message();
  // A long output (about 1 MiB), well past any pipe or output buffer, from a
  // cheap command.
  std::string batch = *dir / "big";
  {
    std::ofstream f(batch);
    f << "prog show id " << prog->id << "\n";
    for (int i = 0; i < 15000; i++) f << "version\n";
  }
  for (auto args : std::vector<std::vector<std::string>>{{"prog", "show"},
                                                          {"-j", "prog", "show"},
                                                          {"-p", "map", "show"},
                                                          {"prog", "show", "id", std::to_string(prog->id)},
                                                          {"batch", "file", batch},
                                                          {"-j", "batch", "file", batch}}) {
    for (bool ignore : {false, true}) {
      SCOPED_TRACE(::testing::PrintToString(args) + (ignore ? " with SIGPIPE ignored" : ""));
      auto r = run_into_closed_pipe(args, ignore);
      EXPECT_TRUE(r.status == 141 || r.status == 0) << r.status;
      EXPECT_EQ(r.err, "");
    }
  }
}

}  // namespace
}  // namespace bpftool::test
