// `bpftool gen min_core_btf`: not written yet (issue 9).
#include "commands/gen_ops.h"

#include <cerrno>

namespace bpftool::commands {

Status cmd_gen_min_core_btf(Ctx&, cli::ArgCursor&) {
  return Error::msg(ENOSYS, "'gen min_core_btf' is not implemented in bpftool-cpp yet");
}

}  // namespace bpftool::commands
