// Processes holding each object (the "pids" field).
//
// Upstream runs an embedded BPF task_file iterator. We scan /proc/*/fd instead:
// iterators need kernel 5.8+, CAP_SYS_ADMIN *and* a kernel that allows them
// (some locked-down kernels refuse them), while the /proc scan works everywhere root
// can read /proc, costs one readlink per fd and one fdinfo read per bpf fd, and
// needs no BPF program of its own to appear in the listing while it runs.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "sys/bpf.h"

namespace bpftool::model {

struct PidRef {
  int32_t pid = 0;
  std::string comm;
};

class PidTable {
 public:
  /// Scans every process except this one.
  static PidTable scan(sys::ObjKind only);
  /// Holders of one object, one entry per process, in pid order.
  const std::vector<PidRef>& refs(sys::ObjKind kind, uint32_t id) const;
  void add(sys::ObjKind kind, uint32_t id, PidRef ref);

 private:
  static size_t idx(sys::ObjKind k) { return static_cast<size_t>(k); }
  std::unordered_map<uint32_t, std::vector<PidRef>> tables_[4];
};

}  // namespace bpftool::model
