// CollectContext: what collectors share during one command: the options that
// change what is collected, and lazily built tables (pins, pids, BTF, metadata).
#pragma once

#include <bpf/btf.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/pids.h"
#include "model/pinned.h"
#include "output/value.h"
#include "sys/libbpf_ptr.h"

namespace bpftool::model {

/// One `bpf_metadata_*` variable (name without the prefix) formatted by BTF
/// both ways, since upstream's plain and JSON output format some kinds
/// differently (pointers, chars).
struct MetadataEntry {
  MetadataEntry(std::string n, output::Value v) : name(std::move(n)), json(v), plain(std::move(v)) {}
  MetadataEntry(std::string n, output::Value j, output::Value p)
      : name(std::move(n)), json(std::move(j)), plain(std::move(p)) {}
  std::string name;
  output::Value json;
  output::Value plain;
};

class CollectContext {
 public:
  /// `show_pinned`: collectors fill the pinned paths (-f). What is collected
  /// never depends on the output mode: records carry raw facts, or both forms
  /// where upstream formats a value differently in plain and JSON output.
  explicit CollectContext(bool show_pinned = false) : show_pinned_(show_pinned) {}

  bool show_pinned() const { return show_pinned_; }

  /// Built on first use: one walk of every bpffs.
  const PinnedTable& pinned();
  /// Built on first use: one scan of /proc.
  const PidTable& pids(sys::ObjKind kind);
  /// The kernel's BTF object `id`, loaded once per command (split on vmlinux
  /// when it is a module's). nullptr when it cannot be loaded.
  const struct btf* btf(uint32_t id);
  /// vmlinux BTF from sysfs, loaded once.
  const struct btf* vmlinux_btf();

  /// What one map contributes to program metadata: whether it is a .rodata
  /// candidate, and its bpf_metadata_* values. Cached per map id, since the
  /// programs of one object share their maps.
  struct MapMetadata {
    bool candidate = false;
    bool failed = false;  // lookup or BTF failed: upstream stops searching there
    std::vector<MetadataEntry> values;
  };
  std::map<uint32_t, std::shared_ptr<const MapMetadata>>& metadata_cache() { return metadata_; }

 private:
  bool show_pinned_;
  std::optional<PinnedTable> pinned_;
  std::optional<PidTable> pids_[4];
  std::map<uint32_t, sys::BtfPtr> btfs_;
  sys::BtfPtr vmlinux_;
  bool vmlinux_tried_ = false;
  std::map<uint32_t, std::shared_ptr<const MapMetadata>> metadata_;
};

}  // namespace bpftool::model
