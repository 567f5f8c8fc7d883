// `bpftool gen object`: not written yet (issue 9).
#include "commands/gen_ops.h"

#include <cerrno>

namespace bpftool::commands {

Status cmd_gen_object(Ctx&, cli::ArgCursor&) {
  return Error::msg(ENOSYS, "'gen object' is not implemented in bpftool-cpp yet");
}

}  // namespace bpftool::commands
