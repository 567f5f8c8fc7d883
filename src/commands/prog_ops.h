// The prog commands besides show/pin/dump: load, loadall, attach, detach, run,
// tracelog, profile. Each lives in its own file.
#pragma once

#include "commands/ctx.h"

namespace bpftool::commands {

Status cmd_prog_load(Ctx& ctx, cli::ArgCursor& args);
Status cmd_prog_loadall(Ctx& ctx, cli::ArgCursor& args);
Status cmd_prog_attach(Ctx& ctx, cli::ArgCursor& args);
Status cmd_prog_detach(Ctx& ctx, cli::ArgCursor& args);
Status cmd_prog_run(Ctx& ctx, cli::ArgCursor& args);
Status cmd_prog_tracelog(Ctx& ctx, cli::ArgCursor& args);
Status cmd_prog_profile(Ctx& ctx, cli::ArgCursor& args);

/// The ATTACH_TYPE words prog attach/detach take, in help order.
std::span<const std::string_view> prog_attach_type_words();

}  // namespace bpftool::commands
