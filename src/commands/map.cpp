// `bpftool map ...`: the map commands.
#include <linux/bpf.h>

#include "commands/ctx.h"
#include "commands/map_data.h"
#include "commands/map_ops.h"
#include "commands/map_render.h"
#include "commands/object_commands.h"
#include "model/map.h"
#include "model/resolve.h"

namespace bpftool::commands {

namespace {

constexpr cli::Usage kMapUsage[] = {
    {"show list", "{ show | list }   [MAP]"},
    {"create",
     "create     FILE type TYPE key KEY_SIZE value VALUE_SIZE \\\n"
     "                                  entries MAX_ENTRIES name NAME [flags FLAGS] \\\n"
     "                                  [inner_map MAP] [offload_dev NAME]"},
    {"dump", "dump       MAP"},
    {"update", "update     MAP [key DATA] [value VALUE] [UPDATE_FLAGS]"},
    {"lookup", "lookup     MAP [key DATA]"},
    {"getnext", "getnext    MAP [key DATA]"},
    {"delete", "delete     MAP  key DATA"},
    {"pin", "pin        MAP  FILE"},
    {"event_pipe", "event_pipe MAP [cpu N index M]"},
    {"peek", "peek       MAP"},
    {"push", "push       MAP value VALUE"},
    {"pop", "pop        MAP"},
    {"enqueue", "enqueue    MAP value VALUE"},
    {"dequeue", "dequeue    MAP"},
    {"freeze", "freeze     MAP"},
    {"help", "help"},
};

// Upstream's help order of the map types (devmap_hash after devmap); each
// is a name `map create type` resolves (a unit test checks).
constexpr std::string_view kMapTypeWords[] = {
    "hash", "array", "prog_array", "perf_event_array", "percpu_hash", "percpu_array", "stack_trace",
    "cgroup_array", "lru_hash", "lru_percpu_hash", "lpm_trie", "array_of_maps", "hash_of_maps", "devmap",
    "devmap_hash", "sockmap", "cpumap", "xskmap", "sockhash", "cgroup_storage", "reuseport_sockarray",
    "percpu_cgroup_storage", "queue", "stack", "sk_storage", "struct_ops", "ringbuf", "inode_storage",
    "task_storage", "bloom_filter", "user_ringbuf", "cgrp_storage", "arena", "insn_array", "rhash",
};
constexpr uint8_t kMapTypePerLine[] = {5, 4, 4, 6, 3, 6, 5};
constexpr std::string_view kOptions[] = {
    option_words::kJson, option_words::kDebug, option_words::kBpffs, option_words::kNomount,
};
constexpr uint8_t kOptionsPerLine[] = {2};

}  // namespace

std::span<const std::string_view> map_create_type_words() { return kMapTypeWords; }

const cli::HelpSpec& map_help_spec() {
  static const cli::Definition defs[] = {
      kMapSelectorDef,
      {"DATA", "{ [hex] BYTES }", {}, {}},
      kProgSelectorDef,
      {"VALUE", "{ DATA | MAP | PROG }", {}, {}},
      {"UPDATE_FLAGS", {}, update_flag_words(), {}},
      {"TYPE", {}, kMapTypeWords, kMapTypePerLine},
      {"OPTIONS", {}, kOptions, kOptionsPerLine},
  };
  static const cli::HelpSpec spec{"map", kMapUsage, defs};
  return spec;
}

namespace {

struct MapObject : ObjectTraits<sys::MapFd, model::MapRecord> {
  static constexpr uint32_t kOpenFlags = BPF_F_RDONLY;
  static constexpr auto parse = &model::parse_map_selector;
  static Result<std::vector<Fd>> resolve_all(const model::Selector& s, model::CollectContext&) {
    return model::resolve_maps(s, BPF_F_RDONLY);
  }
  static Result<Fd> resolve_one(const model::Selector& s, model::CollectContext&) {
    return model::resolve_map(s, BPF_F_RDONLY);
  }
  static constexpr auto collect = &model::collect_map;
  static constexpr auto render_plain = &render_map_plain;
  static constexpr auto render_json = &render_map_json;
};

constexpr Command kMapCommands[] = {
    {"show", cmd_show<MapObject>}, {"list", cmd_show<MapObject>},     {"help", cmd_help<map_help_spec>},
    {"dump", cmd_map_dump},          {"update", cmd_map_update}, {"lookup", cmd_map_lookup},
    {"getnext", cmd_map_getnext},    {"delete", cmd_map_delete}, {"pin", cmd_pin<MapObject>},
    {"event_pipe", cmd_map_event_pipe}, {"create", cmd_map_create}, {"peek", cmd_map_lookup},
    {"push", cmd_map_update},        {"enqueue", cmd_map_update}, {"pop", cmd_map_pop},
    {"dequeue", cmd_map_pop},        {"freeze", cmd_map_freeze},
};

}  // namespace

Status map_usage_error(Ctx& ctx, Error e) { return usage_error<map_help_spec>(ctx, std::move(e)); }

Status cmd_map(Ctx& ctx, cli::ArgCursor& args) {
  return cli::dispatch(ctx, args, Dispatch{"map", kMapCommands, cmd_help<map_help_spec>});
}

}  // namespace bpftool::commands
