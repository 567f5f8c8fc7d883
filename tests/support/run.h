// Runs the built bpftool binary (or any command) and captures its output.
#pragma once

#include <string>
#include <vector>

namespace bpftool::test {

struct RunResult {
  int status = -1;   // exit code, or 128+signal
  std::string out;
  std::string err;
};

/// Runs BT_BPFTOOL_BIN with `args`, feeding `input` on stdin.
RunResult run_bpftool(const std::vector<std::string>& args, const std::string& input = {});
/// Runs BT_BPFTOOL_BIN in directory `cwd` (relative paths in `args` start there).
RunResult run_bpftool_in(const std::string& cwd, const std::vector<std::string>& args);
/// Runs BT_BPFTOOL_BIN as `uid` (gid the same, no supplementary groups), hence
/// with no capabilities at all.
RunResult run_bpftool_as(int uid, const std::vector<std::string>& args);
/// Runs `argv[0]` with the rest as arguments.
RunResult run_command(const std::vector<std::string>& argv, const std::string& input = {});

}  // namespace bpftool::test
