#include "model/btf_obj.h"

#include <linux/bpf.h>

#include <cstring>

#include "model/iterate.h"
#include "sys/bpf.h"

namespace bpftool::model {

Result<BtfUsers> collect_btf_users() {
  BtfUsers users;
  auto st = for_each_object(sys::ObjKind::Prog, 0, [&](uint32_t id, sys::Fd& fd) -> Status {
    auto info = sys::info_of<bpf_prog_info>(fd.get(), "prog");
    if (!info) return std::move(info).error();
    if (info->btf_id) users.progs.append(info->btf_id, id);
    return {};
  });
  if (!st) return std::move(st).error();
  st = for_each_object(sys::ObjKind::Map, BPF_F_RDONLY, [&](uint32_t id, sys::Fd& fd) -> Status {
    auto info = sys::info_of<bpf_map_info>(fd.get(), "map");
    if (!info) return std::move(info).error();
    if (info->btf_id) users.maps.append(info->btf_id, id);
    return {};
  });
  if (!st) return std::move(st).error();
  return users;
}

Result<BtfRecord> collect_btf(const sys::BtfFd& btf, const BtfUsers& users, CollectContext& ctx) {
  const int fd = btf.get();
  bpf_btf_info info;
  std::memset(&info, 0, sizeof(info));
  char name[64] = {};
  info.name = reinterpret_cast<uintptr_t>(name);
  info.name_len = sizeof(name);
  uint32_t len = sizeof(info);
  if (auto st = sys::obj_get_info(fd, &info, &len); !st)
    return Error::sys(st.error().errnum(), "can't get BTF object info");
  BtfRecord rec;
  rec.id = info.id;
  rec.size = info.btf_size;
  rec.kernel = info.kernel_btf != 0;
  if (info.name_len) rec.name = std::string(name, strnlen(name, sizeof(name)));
  rec.prog_ids = users.progs.values(rec.id);
  rec.map_ids = users.maps.values(rec.id);
  rec.pids = ctx.pids(sys::ObjKind::Btf).refs(sys::ObjKind::Btf, rec.id);
  return rec;
}

}  // namespace bpftool::model
