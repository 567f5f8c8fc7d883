// The map commands besides show/pin: dump, lookup/peek, getnext, update/push/
// enqueue, delete, pop/dequeue, freeze (map_elem.cpp), create (map_create.cpp)
// and event_pipe (map_event_pipe.cpp).
#pragma once

#include "commands/ctx.h"

namespace bpftool::commands {

Status cmd_map_dump(Ctx& ctx, cli::ArgCursor& args);
Status cmd_map_lookup(Ctx& ctx, cli::ArgCursor& args);  // also `peek`
Status cmd_map_getnext(Ctx& ctx, cli::ArgCursor& args);
Status cmd_map_update(Ctx& ctx, cli::ArgCursor& args);  // also `push`, `enqueue`
Status cmd_map_delete(Ctx& ctx, cli::ArgCursor& args);
Status cmd_map_pop(Ctx& ctx, cli::ArgCursor& args);     // also `dequeue`
Status cmd_map_freeze(Ctx& ctx, cli::ArgCursor& args);
Status cmd_map_create(Ctx& ctx, cli::ArgCursor& args);
Status cmd_map_event_pipe(Ctx& ctx, cli::ArgCursor& args);

/// Upstream's usage(): on a grammar error, the error, then the map help text
/// (plain mode); exit status 255.
Status map_usage_error(Ctx& ctx, Error e);

/// The TYPE words of `map create`, in help order.
std::span<const std::string_view> map_create_type_words();

}  // namespace bpftool::commands
