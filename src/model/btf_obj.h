// BtfRecord: what `btf show` reports about one kernel BTF object, the tables
// of programs and maps using each BTF, and the collectors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/context.h"
#include "model/id_multimap.h"
#include "model/pids.h"
#include "sys/typed_fd.h"

namespace bpftool::model {

struct BtfRecord {
  uint32_t id = 0;
  uint32_t size = 0;
  bool kernel = false;
  std::optional<std::string> name;  // set when the kernel reports one (may be "")
  std::vector<uint32_t> prog_ids;   // upstream's (libbpf hashmap) order
  std::vector<uint32_t> map_ids;
  std::vector<PidRef> pids;
};

/// BTF id → ids of the programs and maps that use it (their info's btf_id).
struct BtfUsers {
  IdMultimap<uint32_t> progs;
  IdMultimap<uint32_t> maps;
};

/// Lists every program and map once.
Result<BtfUsers> collect_btf_users();

/// Collects one BTF object.
Result<BtfRecord> collect_btf(const sys::BtfFd& fd, const BtfUsers& users, CollectContext& ctx);

}  // namespace bpftool::model
