// `bpftool prog ...`: the program commands.
#include <linux/bpf.h>

#include "commands/ctx.h"
#include "commands/prog_dump.h"
#include "commands/prog_ops.h"
#include "commands/prog_render.h"
#include "commands/object_commands.h"
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

struct ProgObject {
  using Fd = sys::ProgFd;
  using Record = model::ProgRecord;
  using Shared = NoShared;
  static constexpr uint32_t kOpenFlags = 0;
  static Result<model::Selector> parse(cli::ArgCursor& a) { return model::parse_prog_selector(a); }
  static Result<std::vector<Fd>> resolve_all(const model::Selector& s, model::CollectContext& cc) {
    return model::resolve_progs(s, cc);
  }
  static Result<Fd> resolve_one(const model::Selector& s, model::CollectContext& cc) {
    return model::resolve_prog(s, cc);
  }
  static Result<Shared> prepare() { return no_shared(); }
  static Result<Record> collect(const Fd& fd, const Shared&, model::CollectContext& cc) {
    return model::collect_prog(fd, cc);
  }
  static void render_plain(output::OutStream& o, const Record& r) { render_prog_plain(o, r); }
  static void render_json(output::JsonWriter& w, const Record& r) { render_prog_json(w, r); }
};

constexpr Command kProgCommands[] = {
    {"show", cmd_show<ProgObject>}, {"list", cmd_show<ProgObject>}, {"help", cmd_prog_help},
    {"dump", [](Ctx& c, cli::ArgCursor& a) { return cmd_prog_dump(c, a, cmd_prog_help); }},
    {"pin", cmd_pin<ProgObject>},   {"load", cmd_prog_load},
    {"loadall", cmd_prog_loadall}, {"attach", cmd_prog_attach}, {"detach", cmd_prog_detach},
    {"tracelog", cmd_prog_tracelog}, {"run", cmd_prog_run},  {"profile", cmd_prog_profile},
};

}  // namespace

Status cmd_prog(Ctx& ctx, cli::ArgCursor& args) {
  return cli::dispatch(ctx, args, Dispatch{"prog", kProgCommands, cmd_prog_help});
}

}  // namespace bpftool::commands
