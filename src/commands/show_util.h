// Helpers shared by the show/pin commands of every object.
#pragma once

#include <functional>

#include "commands/ctx.h"

namespace bpftool::commands {

/// Reports a failure at the current output position (inside an open JSON
/// array, as upstream) and returns it marked as reported.
inline Status report_here(Ctx& ctx, Status st) {
  if (st) return st;
  return ctx.out.fail(std::move(st).error());
}

/// Runs `each(i)` for n objects with upstream's JSON shape: a bare object for
/// one, an array for several.
Status show_matches(Ctx& ctx, size_t n, const std::function<Status(size_t)>& each);

/// `X pin SPEC FILE` after the spec was parsed: pins `fd` at FILE, with the
/// bpffs mount and checks of upstream, printing null in JSON mode.
Status pin_and_report(Ctx& ctx, int fd, const std::string& file);

}  // namespace bpftool::commands
