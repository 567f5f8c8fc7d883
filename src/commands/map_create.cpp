// `map create FILE type TYPE key KEY_SIZE value VALUE_SIZE entries MAX_ENTRIES
// name NAME [flags FLAGS] [inner_map MAP] [offload_dev NAME]`: creates a map
// and pins it at FILE (the pin outlives this process).
#include <linux/bpf.h>
#include <net/if.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string>

#include "commands/map_ops.h"
#include "core/parse.h"
#include "model/map_dump.h"
#include "model/names.h"
#include "model/resolve.h"
#include "sys/bpf.h"
#include "sys/bpffs.h"
#include "sys/uapi_compat.h"

namespace bpftool::commands {

namespace {

constexpr size_t kObjNameLen = 16;  // BPF_OBJ_NAME_LEN

// upstream's parse_u32_arg: a second non-zero value is an error.
Status take_size(cli::ArgCursor& args, uint32_t& val, const char* what) {
  args.next();  // the keyword
  if (args.empty()) return Error::msg("'" + std::string(args.prev()) + "' needs at least 1 arguments, 0 found");
  if (val) return Error::msg(std::string(what) + " already specified");
  const std::string& w = args.next();
  auto v = core::parse_u32(w);
  // Upstream stores strtoul's result in a u32: 4294967296 became 0.
  if (!v) return Error::msg("can't parse " + w + " as " + what);
  val = *v;
  return {};
}

bool needs_key(uint32_t type) {
  switch (type) {
    case BPF_MAP_TYPE_QUEUE:
    case BPF_MAP_TYPE_STACK:
    case BPF_MAP_TYPE_RINGBUF:
    case BPF_MAP_TYPE_USER_RINGBUF:
    case BPF_MAP_TYPE_BLOOM_FILTER:
    case sys::uapi::kMapArena:
      return false;
    default:
      return true;
  }
}

bool needs_value(uint32_t type) {
  return type != BPF_MAP_TYPE_RINGBUF && type != BPF_MAP_TYPE_USER_RINGBUF && type != sys::uapi::kMapArena;
}

bool needs_entries(uint32_t type) {
  switch (type) {
    case BPF_MAP_TYPE_CGROUP_STORAGE:
    case BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE:
    case BPF_MAP_TYPE_SK_STORAGE:
    case BPF_MAP_TYPE_INODE_STORAGE:
    case BPF_MAP_TYPE_TASK_STORAGE:
    case sys::uapi::kMapCgrpStorage:
    case BPF_MAP_TYPE_PERF_EVENT_ARRAY:  // 0: one slot per possible CPU
      return false;
    default:
      return true;
  }
}

// The kernel answers EINVAL for most bad attributes; name the likely one.
std::string einval_hint(const sys::MapCreate& m) {
  auto tn = model::map_type_name(m.type);
  const std::string type = tn ? std::string(*tn) : "type " + std::to_string(m.type);
  if (model::map_is_map_of_maps(m.type) && !m.inner_map_fd) return " (" + type + " needs 'inner_map MAP')";
  if (needs_key(m.type) && m.key_size == 0) return " (a " + type + " map needs a key of at least 1 byte)";
  if (!needs_key(m.type) && m.key_size != 0) return " (a " + type + " map takes 'key 0')";
  if (needs_value(m.type) && m.value_size == 0) return " (a " + type + " map needs a value of at least 1 byte)";
  if (needs_entries(m.type) && m.max_entries == 0) return " (a " + type + " map needs 'entries' above 0)";
  return {};
}

}  // namespace

Status cmd_map_create(Ctx& ctx, cli::ArgCursor& args) {
  BT_TRY(args.require(7));
  const std::string pinfile = args.next();
  sys::MapCreate m;
  std::optional<std::string> name;
  bool have_type = false;
  sys::Fd inner;
  while (!args.empty()) {
    BT_TRY(args.require(2));
    if (args.accept("type")) {
      if (have_type) return Error::msg("map type already specified");
      // Exact names only (upstream forbids prefixes, for future type names).
      const std::string& t = args.next();
      auto type = model::map_type_by_name(t);
      if (!type) return Error::msg("unrecognized map type: " + t);
      m.type = *type;
      have_type = true;
    } else if (args.accept("name")) {
      name = args.next();
      if (name->size() > kObjNameLen - 1)
        ctx.out.infof("Warning: map name is longer than {} characters, it will be truncated.", kObjNameLen - 1);
    } else if (args.is("key")) {
      BT_TRY(take_size(args, m.key_size, "key size"));
    } else if (args.is("value")) {
      BT_TRY(take_size(args, m.value_size, "value size"));
    } else if (args.is("entries")) {
      BT_TRY(take_size(args, m.max_entries, "max entries"));
    } else if (args.is("flags")) {
      BT_TRY(take_size(args, m.map_flags, "flags"));
    } else if (args.is("dev") || args.is("offload_dev")) {
      if (args.accept("dev")) {
        ctx.out.info(
            "Warning: 'bpftool map create [...] dev <ifname>' syntax is deprecated.\n"
            "Going further, please use 'offload_dev <ifname>' to request hardware offload for the map.");
      } else {
        args.next();
      }
      if (m.map_ifindex) return Error::msg("offload device already specified");
      const std::string& dev = args.next();
      m.map_ifindex = ::if_nametoindex(dev.c_str());
      if (!m.map_ifindex) return Error::sys(errno, "unrecognized netdevice '" + dev + "'");
    } else if (args.accept("inner_map")) {
      if (inner) return Error::msg("inner map already specified");
      if (args.remaining() < 2) return map_usage_error(ctx, Error::msg("'inner_map' needs a MAP"));
      auto spec = model::parse_map_selector(args);
      if (!spec) return std::move(spec).error();
      auto fd = model::resolve_map(*spec, BPF_F_RDONLY);
      if (!fd) return std::move(fd).error();
      inner = std::move(fd->fd());
      m.inner_map_fd = static_cast<uint32_t>(inner.get());
    } else {
      return Error::msg("unknown arg " + std::string(args.peek()));
    }
  }
  if (!name) return Error::msg("map name not specified");
  m.name = *name;

  auto fd = sys::map_create(m);
  if (!fd) {
    const int e = fd.error().errnum();
    return Error::msg(e, "map create failed: " + std::string(std::strerror(e)) + (e == EINVAL ? einval_hint(m) : ""));
  }
  // The pin keeps the map alive after we exit.
  BT_TRY(sys::pin_fd(fd->get(), pinfile, ctx.opt.nomount));
  ctx.out.null_if_json();
  return {};
}

}  // namespace bpftool::commands
