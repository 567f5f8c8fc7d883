#include "model/pinned.h"

#include <linux/bpf.h>

#include <cstddef>
#include <cstring>

#include "sys/bpffs.h"
#include "sys/typed_fd.h"

namespace bpftool::model {

Result<uint32_t> object_id(sys::ObjKind kind, int fd) {
  // Each info struct is asked for only as far as its id field.
  union {
    bpf_prog_info prog;
    bpf_map_info map;
    bpf_link_info link;
    bpf_btf_info btf;
  } u;
  std::memset(&u, 0, sizeof(u));
  uint32_t len = 0;
  switch (kind) {
    case sys::ObjKind::Prog: len = offsetof(bpf_prog_info, id) + sizeof(u.prog.id); break;
    case sys::ObjKind::Map: len = offsetof(bpf_map_info, id) + sizeof(u.map.id); break;
    case sys::ObjKind::Link: len = offsetof(bpf_link_info, id) + sizeof(u.link.id); break;
    case sys::ObjKind::Btf: len = offsetof(bpf_btf_info, id) + sizeof(u.btf.id); break;
  }
  BT_TRY(sys::obj_get_info(fd, &u, &len));
  switch (kind) {
    case sys::ObjKind::Prog: return u.prog.id;
    case sys::ObjKind::Map: return u.map.id;
    case sys::ObjKind::Link: return u.link.id;
    case sys::ObjKind::Btf: return u.btf.id;
  }
  return 0u;
}

PinnedTable PinnedTable::build() {
  PinnedTable t;
  sys::walk_bpffs([&](const std::string& path) {
    // Read-only open: we only ask for the id (maps pinned write-protected stay readable).
    auto fd = sys::obj_get(path, BPF_F_RDONLY);
    if (!fd) fd = sys::obj_get(path);
    if (!fd) return;
    auto kind = sys::fd_kind(fd->get());
    if (!kind) return;
    auto id = object_id(*kind, fd->get());
    if (!id) return;
    t.add(*kind, *id, path);
  });
  return t;
}

}  // namespace bpftool::model
