// The `bpftool gen ...` commands, one file each; commands/gen.cpp holds the
// grammar and the dispatch table.
#pragma once

#include "cli/arg_cursor.h"
#include "commands/ctx.h"

namespace bpftool::commands {

/// gen object OUTPUT_FILE INPUT_FILE [INPUT_FILE...]   (gen_object.cpp)
Status cmd_gen_object(Ctx& ctx, cli::ArgCursor& args);
/// gen skeleton FILE [name OBJECT_NAME]                  (gen_skeleton.cpp)
Status cmd_gen_skeleton(Ctx& ctx, cli::ArgCursor& args);
/// gen subskeleton FILE [name OBJECT_NAME]               (gen_skeleton.cpp)
Status cmd_gen_subskeleton(Ctx& ctx, cli::ArgCursor& args);
/// gen min_core_btf INPUT OUTPUT OBJECT [OBJECT...]      (gen_min_core_btf.cpp)
Status cmd_gen_min_core_btf(Ctx& ctx, cli::ArgCursor& args);

}  // namespace bpftool::commands
