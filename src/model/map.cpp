#include "model/map.h"

#include <linux/bpf.h>

#include <cstring>

#include "sys/bpf.h"
#include "sys/fdinfo.h"

namespace bpftool::model {

MapIdentity map_identity(const bpf_map_info& info) {
  MapIdentity m;
  m.id = info.id;
  m.type = info.type;
  m.name.assign(info.name, strnlen(info.name, sizeof(info.name)));
  m.flags = info.map_flags;
  m.dev = dev_info(info.ifindex, info.netns_dev, info.netns_ino);
  m.key_size = info.key_size;
  m.value_size = info.value_size;
  m.max_entries = info.max_entries;
  m.btf_id = info.btf_id;
  m.btf_key_type_id = info.btf_key_type_id;
  m.btf_value_type_id = info.btf_value_type_id;
  m.btf_vmlinux_value_type_id = info.btf_vmlinux_value_type_id;
  return m;
}

Result<MapRecord> collect_map(const sys::MapFd& map, CollectContext& ctx) {
  const int fd = map.get();
  auto got = sys::info_of<bpf_map_info>(fd, "map");
  if (!got) return std::move(got).error();
  const bpf_map_info& info = *got;

  MapRecord rec;
  static_cast<MapIdentity&>(rec) = map_identity(info);
  rec.map_extra = info.map_extra;

  // One fdinfo read gives memlock, frozen and the prog array owner (upstream reads it twice).
  if (auto fdinfo = sys::FdInfo::of_fd(fd)) {
    if (auto m = fdinfo->get_u64("memlock")) rec.memlock = static_cast<int64_t>(*m);
    if (auto f = fdinfo->get_u64("frozen")) rec.frozen = *f != 0;
    if (rec.type == BPF_MAP_TYPE_PROG_ARRAY) {
      if (auto t = fdinfo->get_u64("owner_prog_type")) rec.owner_prog_type = static_cast<uint32_t>(*t);
      if (auto j = fdinfo->get_u64("owner_jited")) rec.owner_jited = *j != 0;
    }
  }
  if (ctx.show_pinned() && ctx.pinned().any(sys::ObjKind::Map))
    rec.pinned = ctx.pinned().paths(sys::ObjKind::Map, rec.id);
  rec.pids = ctx.pids(sys::ObjKind::Map).refs(sys::ObjKind::Map, rec.id);
  return rec;
}

}  // namespace bpftool::model
