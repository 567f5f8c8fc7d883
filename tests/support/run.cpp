#include "support/run.h"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace bpftool::test {

namespace {

// `as_uid` >= 0: the child switches to that uid/gid (no groups) before exec,
// which clears every capability. A non-empty `cwd` is the child's directory.
RunResult run_impl(const std::vector<std::string>& argv, const std::string& input, int as_uid,
                   const std::string& cwd = {}) {
  RunResult r;
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) return r;
  pid_t pid = fork();
  if (pid < 0) return r;
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    signal(SIGPIPE, SIG_DFL);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(126);
    if (as_uid >= 0) {
      auto id = static_cast<uid_t>(as_uid);
      if (setgroups(0, nullptr) != 0 || setresgid(id, id, id) != 0 || setresuid(id, id, id) != 0) _exit(126);
    }
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  // Write stdin first (inputs are small), then read both outputs.
  size_t off = 0;
  signal(SIGPIPE, SIG_IGN);
  while (off < input.size()) {
    ssize_t n = write(in[1], input.data() + off, input.size() - off);
    if (n <= 0) break;
    off += static_cast<size_t>(n);
  }
  close(in[1]);
  struct pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[65536];
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; i++) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof(buf));
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        open_fds--;
        continue;
      }
      (i == 0 ? r.out : r.err).append(buf, static_cast<size_t>(n));
    }
  }
  int st = 0;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  return r;
}

}  // namespace

RunResult run_command(const std::vector<std::string>& argv, const std::string& input) {
  return run_impl(argv, input, -1);
}

RunResult run_bpftool(const std::vector<std::string>& args, const std::string& input) {
  std::vector<std::string> argv{BT_BPFTOOL_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, input);
}

RunResult run_bpftool_in(const std::string& cwd, const std::vector<std::string>& args) {
  std::vector<std::string> argv{BT_BPFTOOL_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_impl(argv, {}, -1, cwd);
}

RunResult run_bpftool_as(int uid, const std::vector<std::string>& args) {
  std::vector<std::string> argv{BT_BPFTOOL_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_impl(argv, {}, uid);
}

}  // namespace bpftool::test
