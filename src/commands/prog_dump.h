// `bpftool prog dump {xlated | jited} PROG [...]`: the handler. Grammar,
// errors and the loop over matching programs; the facts come from
// model/prog_dump, the text from disasm/ and prog_dump_render.
#pragma once

#include "commands/ctx.h"

namespace bpftool::commands {

/// prog dump xlated PROG [{ file FILE | [opcodes] [linum] [visual] }]
/// prog dump jited  PROG [{ file FILE | [opcodes] [linum] }]
/// `usage` prints the prog help (upstream's usage() on a grammar error).
Status cmd_prog_dump(Ctx& ctx, cli::ArgCursor& args, Handler usage);

}  // namespace bpftool::commands
