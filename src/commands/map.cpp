// `bpftool map ...`: the map commands.
#include <linux/bpf.h>

#include "commands/ctx.h"
#include "commands/map_ops.h"
#include "commands/map_render.h"
#include "commands/object_commands.h"
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

struct MapObject {
  using Fd = sys::MapFd;
  using Record = model::MapRecord;
  using Shared = NoShared;
  static constexpr uint32_t kOpenFlags = BPF_F_RDONLY;
  static Result<model::Selector> parse(cli::ArgCursor& a) { return model::parse_map_selector(a); }
  static Result<std::vector<Fd>> resolve_all(const model::Selector& s, model::CollectContext&) {
    return model::resolve_maps(s, BPF_F_RDONLY);
  }
  static Result<Fd> resolve_one(const model::Selector& s, model::CollectContext&) {
    return model::resolve_map(s, BPF_F_RDONLY);
  }
  static Result<Shared> prepare() { return no_shared(); }
  static Result<Record> collect(const Fd& fd, const Shared&, model::CollectContext& cc) {
    return model::collect_map(fd, cc);
  }
  static void render_plain(output::OutStream& o, const Record& r) { render_map_plain(o, r); }
  static void render_json(output::JsonWriter& w, const Record& r) { render_map_json(w, r); }
};

constexpr Command kMapCommands[] = {
    {"show", cmd_show<MapObject>}, {"list", cmd_show<MapObject>},     {"help", cmd_map_help},
    {"dump", cmd_map_dump},          {"update", cmd_map_update}, {"lookup", cmd_map_lookup},
    {"getnext", cmd_map_getnext},    {"delete", cmd_map_delete}, {"pin", cmd_pin<MapObject>},
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
