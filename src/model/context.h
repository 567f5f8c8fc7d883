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

class CollectContext {
 public:
  CollectContext(bool show_pinned, bool plain_text) : show_pinned_(show_pinned), plain_text_(plain_text) {}

  bool show_pinned() const { return show_pinned_; }
  /// Values are formatted for plain text (BTF dumper's plain mode).
  bool plain_text() const { return plain_text_; }

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
    std::vector<std::pair<std::string, output::Value>> values;
  };
  std::map<uint32_t, std::shared_ptr<const MapMetadata>>& metadata_cache() { return metadata_; }

 private:
  bool show_pinned_;
  bool plain_text_;
  std::optional<PinnedTable> pinned_;
  std::optional<PidTable> pids_[4];
  std::map<uint32_t, sys::BtfPtr> btfs_;
  sys::BtfPtr vmlinux_;
  bool vmlinux_tried_ = false;
  std::map<uint32_t, std::shared_ptr<const MapMetadata>> metadata_;
};

}  // namespace bpftool::model
