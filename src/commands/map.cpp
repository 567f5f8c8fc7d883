// `bpftool map ...`: the map commands.
#include <linux/bpf.h>

#include "commands/ctx.h"
#include "commands/map_ops.h"
#include "commands/map_render.h"
#include "commands/show_util.h"
#include "model/iterate.h"
#include "model/map.h"
#include "model/resolve.h"

namespace bpftool::commands {

namespace {

constexpr char kMapHelp[] =
    "Usage: %B map { show | list }   [MAP]\n"
    "       %B map create     FILE type TYPE key KEY_SIZE value VALUE_SIZE \\\n"
    "                                  entries MAX_ENTRIES name NAME [flags FLAGS] \\\n"
    "                                  [inner_map MAP] [offload_dev NAME]\n"
    "       %B map dump       MAP\n"
    "       %B map update     MAP [key DATA] [value VALUE] [UPDATE_FLAGS]\n"
    "       %B map lookup     MAP [key DATA]\n"
    "       %B map getnext    MAP [key DATA]\n"
    "       %B map delete     MAP  key DATA\n"
    "       %B map pin        MAP  FILE\n"
    "       %B map event_pipe MAP [cpu N index M]\n"
    "       %B map peek       MAP\n"
    "       %B map push       MAP value VALUE\n"
    "       %B map pop        MAP\n"
    "       %B map enqueue    MAP value VALUE\n"
    "       %B map dequeue    MAP\n"
    "       %B map freeze     MAP\n"
    "       %B map help\n"
    "\n"
    "       MAP := { id MAP_ID | pinned FILE | name MAP_NAME }\n"
    "       DATA := { [hex] BYTES }\n"
    "       PROG := { id PROG_ID | pinned FILE | tag PROG_TAG | name PROG_NAME }\n"
    "       VALUE := { DATA | MAP | PROG }\n"
    "       UPDATE_FLAGS := { any | exist | noexist }\n"
    "       TYPE := { hash | array | prog_array | perf_event_array | percpu_hash |\n"
    "                 percpu_array | stack_trace | cgroup_array | lru_hash |\n"
    "                 lru_percpu_hash | lpm_trie | array_of_maps | hash_of_maps |\n"
    "                 devmap | devmap_hash | sockmap | cpumap | xskmap | sockhash |\n"
    "                 cgroup_storage | reuseport_sockarray | percpu_cgroup_storage |\n"
    "                 queue | stack | sk_storage | struct_ops | ringbuf | inode_storage |\n"
    "                 task_storage | bloom_filter | user_ringbuf | cgrp_storage | arena |\n"
    "                 insn_array | rhash }\n"
    "       OPTIONS := { {-j|--json} [{-p|--pretty}] | {-d|--debug} |\n"
    "                    {-f|--bpffs} | {-n|--nomount} }\n";

Status cmd_map_help(Ctx& ctx, cli::ArgCursor&) { return print_help(ctx, kMapHelp); }

Status show_one(Ctx& ctx, model::CollectContext& cc, int fd) {
  auto rec = model::collect_map(fd, cc);
  if (!rec) return std::move(rec).error();
  if (ctx.out.json()) render_map_json(ctx.out.jw(), *rec);
  else render_map_plain(ctx.out.out(), *rec);
  return {};
}

Status cmd_map_show(Ctx& ctx, cli::ArgCursor& args) {
  model::CollectContext cc(ctx.opt.show_pinned, !ctx.out.json());
  if (args.remaining() == 2) {
    auto spec = model::parse_map_selector(args);
    if (!spec) return std::move(spec).error();
    auto fds = model::resolve_maps(*spec, BPF_F_RDONLY);
    if (!fds) return std::move(fds).error();
    return show_matches(ctx, fds->size(), [&](size_t i) { return show_one(ctx, cc, (*fds)[i].get()); });
  }
  BT_TRY(args.finish());

  output::JsonScope array(ctx.out.jw_ptr(), output::JsonScope::Array);
  return report_here(ctx, model::for_each_object(sys::ObjKind::Map, BPF_F_RDONLY, [&](uint32_t, sys::Fd& fd) {
                       return show_one(ctx, cc, fd.get());
                     }));
}

Status cmd_map_pin(Ctx& ctx, cli::ArgCursor& args) {
  // Upstream's do_pin_any returns -EINVAL (exit 234) for too few words.
  if (auto st = args.require(3); !st) return std::move(st).error().with_errno_status();
  auto spec = model::parse_map_selector(args);
  if (!spec) return std::move(spec).error();
  auto file = args.take();
  if (!file) return std::move(file).error();
  BT_TRY(args.finish());
  auto fd = model::resolve_map(*spec, BPF_F_RDONLY);
  if (!fd) return std::move(fd).error();
  return pin_and_report(ctx, fd->get(), *file);
}

constexpr Command kMapCommands[] = {
    {"show", cmd_map_show},          {"list", cmd_map_show},     {"help", cmd_map_help},
    {"dump", cmd_map_dump},          {"update", cmd_map_update}, {"lookup", cmd_map_lookup},
    {"getnext", cmd_map_getnext},    {"delete", cmd_map_delete}, {"pin", cmd_map_pin},
    {"event_pipe", cmd_map_event_pipe}, {"create", cmd_map_create}, {"peek", cmd_map_lookup},
    {"push", cmd_map_update},        {"enqueue", cmd_map_update}, {"pop", cmd_map_pop},
    {"dequeue", cmd_map_pop},        {"freeze", cmd_map_freeze},
};

}  // namespace

Status map_usage_error(Ctx& ctx, Error e) {
  ctx.out.error(e);
  if (!ctx.out.json()) {
    cli::ArgCursor none({});
    (void)cmd_map_help(ctx, none);
  }
  return e.mark_reported();
}

Status cmd_map(Ctx& ctx, cli::ArgCursor& args) {
  return cli::dispatch(ctx, args, Dispatch{"map", kMapCommands, cmd_map_help});
}

}  // namespace bpftool::commands
