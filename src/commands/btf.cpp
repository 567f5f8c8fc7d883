// `bpftool btf ...`: the BTF commands.
#include "commands/btf_render.h"
#include "commands/ctx.h"
#include "commands/show_util.h"
#include "core/parse.h"
#include "model/btf_obj.h"
#include "model/iterate.h"
#include "sys/caps.h"
#include "sys/typed_fd.h"

#include <cstring>

namespace bpftool::commands {

namespace {

constexpr char kBtfHelp[] =
    "Usage: %B btf { show | list } [id BTF_ID]\n"
    "       %B btf dump BTF_SRC [format FORMAT] [root_id ROOT_ID]\n"
    "       %B btf help\n"
    "\n"
    "       BTF_SRC := { id BTF_ID | prog PROG | map MAP [{key | value | kv | all}] |\n"
    "                    file FILE [file FILE]... }\n"
    "       FORMAT  := { raw | c [unsorted] }\n"
    "       MAP := { id MAP_ID | pinned FILE | name MAP_NAME }\n"
    "       PROG := { id PROG_ID | pinned FILE | tag PROG_TAG | name PROG_NAME }\n"
    "       OPTIONS := { {-j|--json} [{-p|--pretty}] | {-d|--debug} |\n"
    "                    {-B|--base-btf} }\n";

Status cmd_btf_help(Ctx& ctx, cli::ArgCursor&) { return print_help(ctx, kBtfHelp); }

Status show_one(Ctx& ctx, model::CollectContext& cc, const model::BtfUsers& users, int fd) {
  auto rec = model::collect_btf(fd, users, cc);
  if (!rec) return std::move(rec).error();
  if (ctx.out.json()) render_btf_json(ctx.out.jw(), *rec);
  else render_btf_plain(ctx.out.out(), *rec);
  return {};
}

Status cmd_btf_show(Ctx& ctx, cli::ArgCursor& args) {
  model::CollectContext cc(false, !ctx.out.json());
  std::optional<sys::BtfFd> one;
  if (args.remaining() == 2) {
    if (!args.accept("id"))
      return Error::msg("expected 'id', got: '" + std::string(args.peek()) + "'?");
    const std::string& w = args.next();
    auto id = core::parse_u32(w);
    if (!id) return Error::msg("can't parse " + w + " as ID");
    auto fd = sys::BtfFd::from_id(*id);
    if (!fd) {
      int e = fd.error().errnum();
      return Error::msg(e, "can't get BTF object by id (" + std::to_string(*id) + "): " + std::strerror(e) +
                               ((e == EPERM || e == EACCES) ? sys::admin_hint() : std::string()));
    }
    one = std::move(*fd);
  }
  BT_TRY(args.finish());
  auto users = model::collect_btf_users();
  if (!users) return std::move(users).error();
  if (one) return show_one(ctx, cc, *users, one->get());

  output::JsonScope array(ctx.out.jw_ptr(), output::JsonScope::Array);
  return report_here(ctx, model::for_each_object(sys::ObjKind::Btf, 0, [&](uint32_t, sys::Fd& fd) {
                       return show_one(ctx, cc, *users, fd.get());
                     }));
}

Status not_yet(Ctx&, cli::ArgCursor&) {
  return Error::msg(ENOSYS, "this btf command is not implemented in bpftool-cpp yet");
}

constexpr Command kBtfCommands[] = {
    {"show", cmd_btf_show}, {"list", cmd_btf_show}, {"help", cmd_btf_help}, {"dump", not_yet},
};

}  // namespace

Status cmd_btf(Ctx& ctx, cli::ArgCursor& args) {
  return cli::dispatch(ctx, args, Dispatch{"btf", kBtfCommands, cmd_btf_help});
}

}  // namespace bpftool::commands
