#include "model/prog.h"

#include <linux/bpf.h>
#include <net/if.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "btf/dumper.h"
#include "sys/bpf.h"
#include "sys/fdinfo.h"

namespace bpftool::model {

int64_t boot_ns_to_epoch(uint64_t nsecs) {
  // Upstream: realtime - boottime + load_time, in whole seconds.
  struct timespec real_ts, boot_ts;
  if (clock_gettime(CLOCK_REALTIME, &real_ts) || clock_gettime(CLOCK_BOOTTIME, &boot_ts))
    return static_cast<int64_t>(nsecs / 1000000000);
  int64_t ns = static_cast<int64_t>(real_ts.tv_nsec) - static_cast<int64_t>(boot_ts.tv_nsec) +
               static_cast<int64_t>(nsecs);
  return (real_ts.tv_sec - boot_ts.tv_sec) + ns / 1000000000;
}

std::optional<std::string> ifname_in_netns(uint32_t ifindex, uint64_t ns_dev, uint64_t ns_inode) {
  struct stat st;
  if (::stat("/proc/self/ns/net", &st) != 0) return std::nullopt;
  if (static_cast<uint64_t>(st.st_dev) != ns_dev || static_cast<uint64_t>(st.st_ino) != ns_inode)
    return std::nullopt;
  char buf[IF_NAMESIZE];
  if (!if_indextoname(ifindex, buf)) return std::nullopt;
  return std::string(buf);
}

std::optional<DevInfo> dev_info(uint32_t ifindex, uint64_t ns_dev, uint64_t ns_inode) {
  if (!ifindex) return std::nullopt;
  DevInfo dev;
  dev.ifindex = ifindex;
  dev.ns_dev = ns_dev;
  dev.ns_inode = ns_inode;
  dev.ifname = ifname_in_netns(ifindex, ns_dev, ns_inode);
  return dev;
}

namespace {

constexpr size_t kMapIdsInline = 64;
constexpr char kMetadataPrefix[] = "bpf_metadata_";


// What map `map_id` contributes to metadata (upstream find_metadata and
// show_prog_metadata): a candidate is an array map with 4-byte keys, one
// entry, a BTF value and ".rodata" in its name.
std::shared_ptr<const CollectContext::MapMetadata> map_metadata(uint32_t map_id, CollectContext& ctx) {
  auto& cache = ctx.metadata_cache();
  if (auto it = cache.find(map_id); it != cache.end()) return it->second;
  auto md = std::make_shared<CollectContext::MapMetadata>();
  cache.emplace(map_id, md);
  auto fd = sys::get_fd_by_id(sys::ObjKind::Map, map_id, BPF_F_RDONLY);
  bpf_map_info mi;
  std::memset(&mi, 0, sizeof(mi));
  uint32_t len = sizeof(mi);
  if (!fd || !sys::obj_get_info(fd->get(), &mi, &len)) {
    md->failed = true;
    return md;
  }
  if (mi.type != BPF_MAP_TYPE_ARRAY || mi.key_size != sizeof(int) || mi.max_entries != 1 ||
      !mi.btf_value_type_id || !std::strstr(mi.name, ".rodata"))
    return md;
  md->candidate = true;
  std::vector<uint8_t> value(mi.value_size);
  int key = 0;
  const struct btf* btf = nullptr;
  const struct btf_type* sec = nullptr;
  if (!sys::map_lookup_elem(fd->get(), &key, value.data()) || !(btf = ctx.btf(mi.btf_id)) ||
      !(sec = btf__type_by_id(btf, mi.btf_value_type_id)) || !btf_is_datasec(sec)) {
    md->failed = true;
    return md;
  }
  const btf::Dumper json_dumper(btf, false);
  const btf::Dumper plain_dumper(btf, true);
  const struct btf_var_secinfo* vsi = btf_var_secinfos(sec);
  for (unsigned i = 0; i < btf_vlen(sec); i++, vsi++) {
    const struct btf_type* var = btf__type_by_id(btf, vsi->type);
    if (!var) continue;
    const char* vname = btf__name_by_offset(btf, var->name_off);
    if (!vname || std::strncmp(vname, kMetadataPrefix, sizeof(kMetadataPrefix) - 1) != 0) continue;
    if (vsi->offset > value.size() || vsi->size > value.size() - vsi->offset) continue;
    const uint8_t* data = value.data() + vsi->offset;
    md->values.emplace_back(vname + sizeof(kMetadataPrefix) - 1, json_dumper.to_value(var->type, data, vsi->size),
                            plain_dumper.to_value(var->type, data, vsi->size));
  }
  return md;
}

void collect_metadata(const std::vector<uint32_t>& map_ids, CollectContext& ctx, ProgRecord& rec) {
  for (uint32_t map_id : map_ids) {
    auto md = map_metadata(map_id, ctx);
    if (md->failed) return;
    if (!md->candidate) continue;
    rec.metadata = md->values;
    return;
  }
}

}  // namespace

Result<ProgHead> prog_head(int fd) {
  ProgHead h;
  std::memset(&h, 0, sizeof(h));
  h.info.nr_func_info = 1;
  h.info.func_info_rec_size = sizeof(h.first_func);
  h.info.func_info = reinterpret_cast<uintptr_t>(&h.first_func);
  uint32_t len = sizeof(h.info);
  if (auto st = sys::obj_get_info(fd, &h.info, &len); !st)
    return Error::sys(st.error().errnum(), "can't get prog info");
  return h;
}

// Full name of a program whose kernel name was cut at 15 characters: the name
// of its first function in BTF (upstream get_prog_full_name).
std::string prog_full_name(const bpf_prog_info& info, const bpf_func_info& first_func, CollectContext& ctx) {
  std::string name(info.name, strnlen(info.name, sizeof(info.name)));
  if (name.size() < BPF_OBJ_NAME_LEN - 1 || !info.btf_id || !info.nr_func_info) return name;
  const struct btf* btf = ctx.btf(info.btf_id);
  if (!btf) return name;
  const struct btf_type* t = btf__type_by_id(btf, first_func.type_id);
  if (!t || !btf_is_func(t)) return name;
  const char* n = btf__name_by_offset(btf, t->name_off);
  return n ? std::string(n) : name;
}

void fill_prog_headline(const bpf_prog_info& info, ProgRecord& rec) {
  rec.id = info.id;
  rec.type = info.type;
  std::memcpy(rec.tag.data(), info.tag, rec.tag.size());
  rec.gpl = info.gpl_compatible;
  rec.run_time_ns = info.run_time_ns;
  rec.run_cnt = info.run_cnt;
  rec.recursion_misses = info.recursion_misses;
  rec.dev = dev_info(info.ifindex, info.netns_dev, info.netns_ino);
}

Result<ProgRecord> collect_prog(const sys::ProgFd& prog, CollectContext& ctx) {
  const int fd = prog.get();
  ProgRecord rec;
  bpf_prog_info info;
  std::memset(&info, 0, sizeof(info));
  std::array<uint32_t, kMapIdsInline> map_ids_inline{};
  bpf_func_info first_func{};
  info.nr_map_ids = kMapIdsInline;
  info.map_ids = reinterpret_cast<uintptr_t>(map_ids_inline.data());
  info.nr_func_info = 1;
  info.func_info_rec_size = sizeof(bpf_func_info);
  info.func_info = reinterpret_cast<uintptr_t>(&first_func);
  uint32_t len = sizeof(info);
  auto st = sys::obj_get_info(fd, &info, &len);
  if (!st) {
    if (st.error().errnum() != ENODEV) return Error::sys(st.error().errnum(), "can't get prog info");
    rec.orphaned = true;  // offloaded program whose device is gone
  }
  if (info.nr_map_ids <= kMapIdsInline) {
    rec.map_ids.assign(map_ids_inline.begin(), map_ids_inline.begin() + info.nr_map_ids);
  } else {
    // More maps than the inline buffer: ask again for exactly that many.
    uint32_t n = info.nr_map_ids;
    rec.map_ids.resize(n);
    bpf_prog_info again;
    std::memset(&again, 0, sizeof(again));
    again.nr_map_ids = n;
    again.map_ids = reinterpret_cast<uintptr_t>(rec.map_ids.data());
    uint32_t len2 = sizeof(again);
    if (sys::obj_get_info(fd, &again, &len2)) rec.map_ids.resize(std::min(n, again.nr_map_ids));
    else rec.map_ids.clear();
  }

  fill_prog_headline(info, rec);
  rec.load_time = info.load_time;
  if (info.load_time) rec.loaded_at = boot_ns_to_epoch(info.load_time);
  rec.uid = info.created_by_uid;
  rec.xlated_len = info.xlated_prog_len;
  rec.jited_len = info.jited_prog_len;
  rec.btf_id = info.btf_id;
  rec.name = prog_full_name(info, first_func, ctx);

  if (auto fdinfo = sys::FdInfo::of_fd(fd)) {
    if (auto m = fdinfo->get_u64("memlock")) rec.memlock = static_cast<int64_t>(*m);
  }
  if (ctx.show_pinned() && ctx.pinned().any(sys::ObjKind::Prog))
    rec.pinned = ctx.pinned().paths(sys::ObjKind::Prog, rec.id);
  rec.pids = ctx.pids(sys::ObjKind::Prog).refs(sys::ObjKind::Prog, rec.id);
  if (!rec.map_ids.empty()) collect_metadata(rec.map_ids, ctx, rec);
  return rec;
}

}  // namespace bpftool::model
