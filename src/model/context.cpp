#include "model/context.h"

#include <bpf/libbpf.h>

namespace bpftool::model {

const PinnedTable& CollectContext::pinned() {
  if (!pinned_) pinned_ = PinnedTable::build();
  return *pinned_;
}

const PidTable& CollectContext::pids(sys::ObjKind kind) {
  auto& t = pids_[static_cast<size_t>(kind)];
  if (!t) t = PidTable::scan(kind);
  return *t;
}

const struct btf* CollectContext::vmlinux_btf() {
  if (!vmlinux_tried_) {
    vmlinux_tried_ = true;
    struct btf* b = btf__load_vmlinux_btf();
    if (!libbpf_get_error(b)) vmlinux_.reset(b);
  }
  return vmlinux_.get();
}

const struct btf* CollectContext::btf(uint32_t id) {
  auto it = btfs_.find(id);
  if (it != btfs_.end()) return it->second.get();
  struct btf* b = btf__load_from_kernel_by_id(id);
  if (libbpf_get_error(b)) {
    // A module's BTF is split on vmlinux.
    b = nullptr;
    if (const struct btf* base = vmlinux_btf()) {
      struct btf* s = btf__load_from_kernel_by_id_split(id, const_cast<struct btf*>(base));
      if (!libbpf_get_error(s)) b = s;
    }
  }
  return btfs_.emplace(id, sys::BtfPtr(b)).first->second.get();
}

}  // namespace bpftool::model
