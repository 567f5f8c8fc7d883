// `bpftool link ...`: the link commands.
#include <cstring>

#include "commands/ctx.h"
#include "commands/link_render.h"
#include "commands/show_util.h"
#include "model/iterate.h"
#include "model/link.h"
#include "model/resolve.h"
#include "sys/bpf.h"

namespace bpftool::commands {

namespace {

constexpr char kLinkHelp[] =
    "Usage: %B link { show | list }   [LINK]\n"
    "       %B link pin        LINK  FILE\n"
    "       %B link detach     LINK\n"
    "       %B link help\n"
    "\n"
    "       LINK := { id LINK_ID | pinned FILE }\n"
    "       OPTIONS := { {-j|--json} [{-p|--pretty}] | {-d|--debug} |\n"
    "                    {-f|--bpffs} | {-n|--nomount} }\n";

Status cmd_link_help(Ctx& ctx, cli::ArgCursor&) { return print_help(ctx, kLinkHelp); }

Status show_one(Ctx& ctx, model::CollectContext& cc, int fd) {
  auto rec = model::collect_link(fd, cc);
  if (!rec) return std::move(rec).error();
  if (ctx.out.json()) render_link_json(ctx.out.jw(), *rec);
  else render_link_plain(ctx.out.out(), *rec);
  return {};
}

Status cmd_link_show(Ctx& ctx, cli::ArgCursor& args) {
  model::CollectContext cc(ctx.opt.show_pinned, !ctx.out.json());
  if (args.remaining() == 2) {
    auto spec = model::parse_link_selector(args);
    if (!spec) return std::move(spec).error();
    auto fd = model::resolve_link(*spec);
    if (!fd) return std::move(fd).error();
    return show_one(ctx, cc, fd->get());
  }
  BT_TRY(args.finish());
  output::JsonScope array(ctx.out.jw_ptr(), output::JsonScope::Array);
  return report_here(ctx, model::for_each_object(sys::ObjKind::Link, 0, [&](uint32_t, sys::Fd& fd) {
                       return show_one(ctx, cc, fd.get());
                     }));
}

Status cmd_link_pin(Ctx& ctx, cli::ArgCursor& args) {
  // Upstream's do_pin_any returns -EINVAL (exit 234) for too few words.
  if (auto st = args.require(3); !st) return std::move(st).error().with_errno_status();
  auto spec = model::parse_link_selector(args);
  if (!spec) return std::move(spec).error();
  auto file = args.take();
  if (!file) return std::move(file).error();
  BT_TRY(args.finish());
  auto fd = model::resolve_link(*spec);
  if (!fd) return std::move(fd).error();
  return pin_and_report(ctx, fd->get(), *file);
}

Status cmd_link_detach(Ctx& ctx, cli::ArgCursor& args) {
  // Upstream's message carries a stray newline and the command exits 1; we
  // print the sentence once and exit 255 like every other failure.
  if (args.remaining() != 2) return Error::msg("link specifier is invalid or missing");
  auto spec = model::parse_link_selector(args);
  if (!spec) return std::move(spec).error();
  auto fd = model::resolve_link(*spec);
  if (!fd) return std::move(fd).error().with_exit_status(255);
  if (auto st = sys::link_detach(fd->get()); !st) {
    int e = st.error().errnum();
    std::string msg = std::string("failed link detach: ") + std::strerror(e);
    if (e == EOPNOTSUPP) msg += " (this link type cannot be detached; remove its pins and close its fds instead)";
    return Error::msg(e, msg);
  }
  ctx.out.null_if_json();
  return {};
}

constexpr Command kLinkCommands[] = {
    {"show", cmd_link_show}, {"list", cmd_link_show},     {"help", cmd_link_help},
    {"pin", cmd_link_pin},   {"detach", cmd_link_detach},
};

}  // namespace

Status cmd_link(Ctx& ctx, cli::ArgCursor& args) {
  return cli::dispatch(ctx, args, Dispatch{"link", kLinkCommands, cmd_link_help});
}

}  // namespace bpftool::commands
