#include "commands/show_util.h"

#include "sys/bpffs.h"

namespace bpftool::commands {

Status show_matches(Ctx& ctx, size_t n, const std::function<Status(size_t)>& each) {
  const bool array = ctx.out.json() && n > 1;
  if (array) ctx.out.jw().start_array();
  Status st;
  for (size_t i = 0; i < n && st; i++) st = report_here(ctx, each(i));
  if (array) ctx.out.jw().end_array();
  return st;
}

Status pin_and_report(Ctx& ctx, int fd, const std::string& file) {
  BT_TRY(sys::pin_fd(fd, file, ctx.opt.nomount));
  ctx.out.null_if_json();
  return {};
}

}  // namespace bpftool::commands
