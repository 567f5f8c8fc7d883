#include "model/link.h"

#include <net/if.h>

#include <algorithm>
#include <climits>
#include <cstring>

#include "model/kallsyms.h"
#include "sys/bpf.h"

namespace bpftool::model {

namespace {

namespace uapi = sys::uapi;

uint64_t ptr(const void* p) { return reinterpret_cast<uintptr_t>(p); }

void set_dev(LinkRecord& rec, uint32_t ifindex) {
  char buf[IF_NAMESIZE];
  if (ifindex == 0) rec.devname = "(detached)";
  else if (!if_indextoname(ifindex, buf)) rec.devname = "(unknown)";
  else rec.devname = buf, rec.dev_resolved = true;
}

Status get_info(int fd, uapi::LinkInfo& info) {
  uint32_t len = sizeof(info);
  if (auto st = sys::obj_get_info(fd, &info, &len); !st)
    return Error::sys(st.error().errnum(), "can't get link info");
  return {};
}

// Upstream's merge walk over sorted kallsyms and sorted targets: a target with
// no symbol at its address (or 4 bytes before it, with IBT) stops the table.
void resolve_kprobe_multi(std::vector<std::pair<uint64_t, uint64_t>> targets, LinkRecord& rec) {
  std::sort(targets.begin(), targets.end());
  Kallsyms syms = Kallsyms::load();
  rec.kallsyms_available = !syms.empty();
  if (syms.empty()) return;
  bool ibt = kernel_has_ibt();
  size_t j = 0;
  for (const auto& s : syms.symbols()) {
    if (j >= targets.size()) break;
    uint64_t a = targets[j].first;
    if (!(s.addr == a || (ibt && s.addr == a - 4))) continue;
    rec.kprobe_funcs.push_back(KprobeMultiFunc{a, targets[j].second, s.name, s.module});
    j++;
  }
}

}  // namespace

namespace {

// Asks again with a name buffer that `set` points into the info (names are at
// most PATH_MAX) and keeps the answer and the name.
template <class SetFn>
Status ask_name(int fd, LinkRecord& rec, SetFn set) {
  std::vector<char> buf(PATH_MAX, '\0');
  uapi::LinkInfo again;
  std::memset(&again, 0, sizeof(again));
  set(again, ptr(buf.data()), static_cast<uint32_t>(buf.size()));
  BT_TRY(get_info(fd, again));
  rec.info = again;
  rec.name.assign(buf.data(), strnlen(buf.data(), buf.size()));
  return {};
}

// A tracing link's program type comes from the program itself.
void collect_tracing(LinkRecord& rec) {
  if (auto pfd = sys::get_fd_by_id(sys::ObjKind::Prog, rec.info.prog_id)) {
    bpf_prog_info pi;
    std::memset(&pi, 0, sizeof(pi));
    uint32_t len = sizeof(pi);
    if (sys::obj_get_info(pfd->get(), &pi, &len)) rec.prog_type = pi.type;
  }
}

// The addresses and cookies of a kprobe_multi link, resolved to symbols.
Status collect_kprobe_multi(int fd, LinkRecord& rec) {
  uint32_t count = rec.info.kprobe_multi.count;
  if (!count) return {};
  std::vector<uint64_t> addrs(count), cookies(count);
  uapi::LinkInfo again;
  std::memset(&again, 0, sizeof(again));
  again.kprobe_multi.addrs = ptr(addrs.data());
  again.kprobe_multi.cookies = ptr(cookies.data());
  again.kprobe_multi.count = count;
  BT_TRY(get_info(fd, again));
  rec.info = again;
  uint32_t n = std::min(count, rec.info.kprobe_multi.count);
  std::vector<std::pair<uint64_t, uint64_t>> targets;
  for (uint32_t i = 0; i < n; i++) targets.emplace_back(addrs[i], cookies[i]);
  resolve_kprobe_multi(std::move(targets), rec);
  return {};
}

// The path, offsets, ref_ctr offsets and cookies of an uprobe_multi link.
Status collect_uprobe_multi(int fd, LinkRecord& rec) {
  uint32_t count = rec.info.uprobe_multi.count;
  if (!count) return {};
  std::vector<uint64_t> offs(count), refs(count), cookies(count);
  std::vector<char> buf(PATH_MAX, '\0');
  uapi::LinkInfo again;
  std::memset(&again, 0, sizeof(again));
  again.uprobe_multi.offsets = ptr(offs.data());
  again.uprobe_multi.ref_ctr_offsets = ptr(refs.data());
  again.uprobe_multi.cookies = ptr(cookies.data());
  again.uprobe_multi.count = count;
  again.uprobe_multi.path = ptr(buf.data());
  again.uprobe_multi.path_size = static_cast<uint32_t>(buf.size());
  BT_TRY(get_info(fd, again));
  rec.info = again;
  rec.name.assign(buf.data(), strnlen(buf.data(), buf.size()));
  uint32_t n = std::min(count, rec.info.uprobe_multi.count);
  for (uint32_t i = 0; i < n; i++) rec.uprobe_funcs.push_back(UprobeMultiFunc{offs[i], refs[i], cookies[i]});
  return {};
}

// The tracepoint, function or file name of a perf_event link.
Status collect_perf_event(int fd, LinkRecord& rec) {
  const uint32_t pt = rec.info.perf_event.type;
  if (pt == uapi::kPerfEventTracepoint) {
    return ask_name(fd, rec, [](uapi::LinkInfo& i, uint64_t p, uint32_t n) {
      i.perf_event.tracepoint.tp_name = p;
      i.perf_event.tracepoint.name_len = n;
    });
  }
  if (pt == uapi::kPerfEventKprobe || pt == uapi::kPerfEventKretprobe) {
    return ask_name(fd, rec, [](uapi::LinkInfo& i, uint64_t p, uint32_t n) {
      i.perf_event.kprobe.func_name = p;
      i.perf_event.kprobe.name_len = n;
    });
  }
  if (pt == uapi::kPerfEventUprobe || pt == uapi::kPerfEventUretprobe) {
    return ask_name(fd, rec, [](uapi::LinkInfo& i, uint64_t p, uint32_t n) {
      i.perf_event.uprobe.file_name = p;
      i.perf_event.uprobe.name_len = n;
    });
  }
  return {};
}

// What each link type adds to the first answer.
Status collect_details(int fd, LinkRecord& rec) {
  const uapi::LinkInfo& info = rec.info;
  switch (info.type) {
    case BPF_LINK_TYPE_RAW_TRACEPOINT:
      return ask_name(fd, rec, [](uapi::LinkInfo& i, uint64_t p, uint32_t n) {
        i.raw_tracepoint.tp_name = p;
        i.raw_tracepoint.tp_name_len = n;
      });
    case BPF_LINK_TYPE_ITER:
      return ask_name(fd, rec, [](uapi::LinkInfo& i, uint64_t p, uint32_t n) {
        i.iter.target_name = p;
        i.iter.target_name_len = n;
      });
    case BPF_LINK_TYPE_TRACING:
      collect_tracing(rec);
      return {};
    case BPF_LINK_TYPE_XDP:
      set_dev(rec, info.xdp.ifindex);
      return {};
    case uapi::kLinkTcx:
      set_dev(rec, info.tcx.ifindex);
      return {};
    case uapi::kLinkNetkit:
      set_dev(rec, info.netkit.ifindex);
      return {};
    case BPF_LINK_TYPE_KPROBE_MULTI:
      return collect_kprobe_multi(fd, rec);
    case uapi::kLinkUprobeMulti:
      return collect_uprobe_multi(fd, rec);
    case BPF_LINK_TYPE_PERF_EVENT:
      return collect_perf_event(fd, rec);
    default:
      return {};
  }
}

}  // namespace

Result<LinkRecord> collect_link(const sys::LinkFd& link, CollectContext& ctx) {
  LinkRecord rec;
  std::memset(&rec.info, 0, sizeof(rec.info));
  BT_TRY(get_info(link.get(), rec.info));
  BT_TRY(collect_details(link.get(), rec));
  const uint32_t id = rec.info.id;
  if (ctx.show_pinned() && ctx.pinned().any(sys::ObjKind::Link)) rec.pinned = ctx.pinned().paths(sys::ObjKind::Link, id);
  rec.pids = ctx.pids(sys::ObjKind::Link).refs(sys::ObjKind::Link, id);
  return rec;
}

}  // namespace bpftool::model
