// `bpftool gen skeleton`: not written yet (issue 9).
#include "commands/gen_ops.h"

#include <cerrno>

namespace bpftool::commands {

Status cmd_gen_skeleton(Ctx&, cli::ArgCursor&) {
  return Error::msg(ENOSYS, "'gen skeleton' is not implemented in bpftool-cpp yet");
}

Status cmd_gen_subskeleton(Ctx&, cli::ArgCursor&) {
  return Error::msg(ENOSYS, "'gen subskeleton' is not implemented in bpftool-cpp yet");
}

}  // namespace bpftool::commands
