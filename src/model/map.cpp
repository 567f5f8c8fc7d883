#include "model/map.h"

#include <linux/bpf.h>

#include <cstring>

#include "sys/bpf.h"
#include "sys/fdinfo.h"

namespace bpftool::model {

Result<MapRecord> collect_map(const sys::MapFd& map, CollectContext& ctx) {
  const int fd = map.get();
  bpf_map_info info;
  std::memset(&info, 0, sizeof(info));
  uint32_t len = sizeof(info);
  if (auto st = sys::obj_get_info(fd, &info, &len); !st)
    return Error::sys(st.error().errnum(), "can't get map info");

  MapRecord rec;
  rec.id = info.id;
  rec.type = info.type;
  rec.name.assign(info.name, strnlen(info.name, sizeof(info.name)));
  rec.flags = info.map_flags;
  rec.dev = dev_info(info.ifindex, info.netns_dev, info.netns_ino);
  rec.key_size = info.key_size;
  rec.value_size = info.value_size;
  rec.max_entries = info.max_entries;
  rec.map_extra = info.map_extra;
  rec.btf_id = info.btf_id;
  rec.btf_key_type_id = info.btf_key_type_id;
  rec.btf_value_type_id = info.btf_value_type_id;
  rec.btf_vmlinux_value_type_id = info.btf_vmlinux_value_type_id;

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
