// Pinned paths of every object (the -f option): one walk over every mounted
// bpffs, opening each pin once, into per-kind id → paths tables.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/id_multimap.h"
#include "sys/bpf.h"

namespace bpftool::model {

class PinnedTable {
 public:
  /// Walks every bpffs now. Pins that cannot be opened are skipped.
  static PinnedTable build();

  /// Whether any object of `kind` is pinned anywhere (upstream then prints a
  /// "pinned" array on every object of that kind, empty ones included).
  bool any(sys::ObjKind kind) const { return !tables_[idx(kind)].empty(); }
  /// Paths of one object, in upstream's order (empty when not pinned).
  std::vector<std::string> paths(sys::ObjKind kind, uint32_t id) const {
    return tables_[idx(kind)].values(id);
  }

  /// Adds an entry (tests and the walk itself).
  void add(sys::ObjKind kind, uint32_t id, std::string path) { tables_[idx(kind)].append(id, std::move(path)); }

 private:
  static size_t idx(sys::ObjKind k) { return static_cast<size_t>(k); }
  IdMultimap<std::string> tables_[4];
};

/// The id of the object behind `fd` of `kind` (one info syscall).
Result<uint32_t> object_id(sys::ObjKind kind, int fd);

}  // namespace bpftool::model
