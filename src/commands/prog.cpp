// `bpftool prog ...`: the program commands.
#include <linux/bpf.h>

#include "commands/ctx.h"
#include "commands/prog_dump.h"
#include "commands/prog_ops.h"
#include "commands/prog_render.h"
#include "commands/show_util.h"
#include "model/iterate.h"
#include "model/prog.h"
#include "model/resolve.h"

namespace bpftool::commands {

namespace {

constexpr char kProgHelp[] =
    "Usage: %B prog { show | list } [PROG]\n"
    "       %B prog dump xlated PROG [{ file FILE | [opcodes] [linum] [visual] }]\n"
    "       %B prog dump jited  PROG [{ file FILE | [opcodes] [linum] }]\n"
    "       %B prog pin   PROG FILE\n"
    "       %B prog { load | loadall } OBJ  PATH \\\n"
    "                         [type TYPE] [{ offload_dev | xdpmeta_dev } NAME] \\\n"
    "                         [map { idx IDX | name NAME } MAP]\\\n"
    "                         [pinmaps MAP_DIR]\n"
    "                         [autoattach]\n"
    "                         [kernel_btf BTF_FILE]\n"
    "       %B prog attach PROG ATTACH_TYPE [MAP]\n"
    "       %B prog detach PROG ATTACH_TYPE [MAP]\n"
    "       %B prog run PROG \\\n"
    "                         data_in FILE \\\n"
    "                         [data_out FILE [data_size_out L]] \\\n"
    "                         [ctx_in FILE [ctx_out FILE [ctx_size_out M]]] \\\n"
    "                         [repeat N]\n"
    "       %B prog profile PROG [duration DURATION] METRICs\n"
    "       %B prog tracelog\n"
    "       %B prog tracelog { stdout | stderr } PROG\n"
    "       %B prog help\n"
    "\n"
    "       MAP := { id MAP_ID | pinned FILE | name MAP_NAME }\n"
    "       PROG := { id PROG_ID | pinned FILE | tag PROG_TAG | name PROG_NAME }\n"
    "       TYPE := { socket | kprobe | kretprobe | classifier | action |\n"
    "                 tracepoint | raw_tracepoint | xdp | perf_event | cgroup/skb |\n"
    "                 cgroup/sock | cgroup/dev | lwt_in | lwt_out | lwt_xmit |\n"
    "                 lwt_seg6local | sockops | sk_skb | sk_msg | lirc_mode2 |\n"
    "                 sk_reuseport | flow_dissector | cgroup/sysctl |\n"
    "                 cgroup/bind4 | cgroup/bind6 | cgroup/post_bind4 |\n"
    "                 cgroup/post_bind6 | cgroup/connect4 | cgroup/connect6 |\n"
    "                 cgroup/connect_unix | cgroup/getpeername4 | cgroup/getpeername6 |\n"
    "                 cgroup/getpeername_unix | cgroup/getsockname4 | cgroup/getsockname6 |\n"
    "                 cgroup/getsockname_unix | cgroup/sendmsg4 | cgroup/sendmsg6 |\n"
    "                 cgroup/sendmsg_unix | cgroup/recvmsg4 | cgroup/recvmsg6 | cgroup/recvmsg_unix |\n"
    "                 cgroup/getsockopt | cgroup/setsockopt | cgroup/sock_release |\n"
    "                 struct_ops | fentry | fexit | fsession | freplace | sk_lookup }\n"
    "       ATTACH_TYPE := { sk_msg_verdict | sk_skb_verdict | sk_skb_stream_verdict |\n"
    "                        sk_skb_stream_parser | flow_dissector }\n"
    "       METRIC := { cycles | instructions | l1d_loads | llc_misses | itlb_misses | dtlb_misses }\n"
    "       OPTIONS := { {-j|--json} [{-p|--pretty}] | {-d|--debug} |\n"
    "                    {-f|--bpffs} | {-m|--mapcompat} | {-n|--nomount} |\n"
    "                    {-L|--use-loader} }\n";

Status cmd_prog_help(Ctx& ctx, cli::ArgCursor&) { return print_help(ctx, kProgHelp); }

Status show_one(Ctx& ctx, model::CollectContext& cc, int fd) {
  auto rec = model::collect_prog(fd, cc);
  if (!rec) return std::move(rec).error();
  if (ctx.out.json()) render_prog_json(ctx.out.jw(), *rec);
  else render_prog_plain(ctx.out.out(), *rec);
  return {};
}

Status cmd_prog_show(Ctx& ctx, cli::ArgCursor& args) {
  model::CollectContext cc(ctx.opt.show_pinned, !ctx.out.json());
  if (args.remaining() == 2) {
    auto spec = model::parse_prog_selector(args);
    if (!spec) return std::move(spec).error();
    auto fds = model::resolve_progs(*spec, cc);
    if (!fds) return std::move(fds).error();
    return show_matches(ctx, fds->size(), [&](size_t i) { return show_one(ctx, cc, (*fds)[i].get()); });
  }
  BT_TRY(args.finish());

  output::JsonScope array(ctx.out.jw_ptr(), output::JsonScope::Array);
  return report_here(ctx, model::for_each_object(sys::ObjKind::Prog, 0, [&](uint32_t, sys::Fd& fd) {
                       return show_one(ctx, cc, fd.get());
                     }));
}

Status cmd_prog_pin(Ctx& ctx, cli::ArgCursor& args) {
  // Upstream's do_pin_any returns -EINVAL (exit 234) for too few words.
  if (auto st = args.require(3); !st) return std::move(st).error().with_errno_status();
  auto spec = model::parse_prog_selector(args);
  if (!spec) return std::move(spec).error();
  auto file = args.take();
  if (!file) return std::move(file).error();
  BT_TRY(args.finish());
  model::CollectContext cc(false, !ctx.out.json());
  auto fd = model::resolve_prog(*spec, cc);
  if (!fd) return std::move(fd).error();
  return pin_and_report(ctx, fd->get(), *file);
}

constexpr Command kProgCommands[] = {
    {"show", cmd_prog_show}, {"list", cmd_prog_show}, {"help", cmd_prog_help},
    {"dump", [](Ctx& c, cli::ArgCursor& a) { return cmd_prog_dump(c, a, cmd_prog_help); }},
    {"pin", cmd_prog_pin},   {"load", cmd_prog_load},
    {"loadall", cmd_prog_loadall}, {"attach", cmd_prog_attach}, {"detach", cmd_prog_detach},
    {"tracelog", cmd_prog_tracelog}, {"run", cmd_prog_run},  {"profile", cmd_prog_profile},
};

}  // namespace

Status cmd_prog(Ctx& ctx, cli::ArgCursor& args) {
  return cli::dispatch(ctx, args, Dispatch{"prog", kProgCommands, cmd_prog_help});
}

}  // namespace bpftool::commands
