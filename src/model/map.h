// MapRecord: everything `map show` reports about one map, and its collector.
#pragma once

#include <linux/bpf.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/context.h"
#include "model/pids.h"
#include "model/prog.h"
#include "sys/typed_fd.h"

namespace bpftool::model {

/// What bpf_map_info says of a map that `show`, `dump` and the element
/// commands all use.
struct MapIdentity {
  uint32_t id = 0;
  uint32_t type = 0;
  std::string name;
  uint32_t flags = 0;
  std::optional<DevInfo> dev;  // offloaded maps
  uint32_t key_size = 0;
  uint32_t value_size = 0;
  uint32_t max_entries = 0;
  uint32_t btf_id = 0;
  uint32_t btf_key_type_id = 0;
  uint32_t btf_value_type_id = 0;
  uint32_t btf_vmlinux_value_type_id = 0;
};

/// The identity fields of an info struct.
MapIdentity map_identity(const bpf_map_info& info);

struct MapRecord : MapIdentity {
  uint64_t map_extra = 0;
  std::optional<int64_t> memlock;
  std::optional<uint32_t> owner_prog_type;  // prog arrays, once a program uses them
  std::optional<bool> owner_jited;
  bool frozen = false;
  std::optional<std::vector<std::string>> pinned;
  std::vector<PidRef> pids;
};

/// Collects one map from an fd (read-only is enough).
Result<MapRecord> collect_map(const sys::MapFd& fd, CollectContext& ctx);

}  // namespace bpftool::model
