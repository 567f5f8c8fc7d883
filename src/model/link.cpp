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

Result<LinkRecord> collect_link(const sys::LinkFd& link, CollectContext& ctx) {
  const int fd = link.get();
  LinkRecord rec;
  uapi::LinkInfo& info = rec.info;
  std::memset(&info, 0, sizeof(info));
  BT_TRY(get_info(fd, info));

  std::vector<char> buf;  // names are at most PATH_MAX
  auto ask_name = [&](auto set) -> Status {
    buf.assign(PATH_MAX, '\0');
    uapi::LinkInfo again;
    std::memset(&again, 0, sizeof(again));
    set(again, ptr(buf.data()), static_cast<uint32_t>(buf.size()));
    BT_TRY(get_info(fd, again));
    info = again;
    rec.name.assign(buf.data(), strnlen(buf.data(), buf.size()));
    return {};
  };

  switch (info.type) {
    case BPF_LINK_TYPE_RAW_TRACEPOINT:
      BT_TRY(ask_name([](uapi::LinkInfo& i, uint64_t p, uint32_t n) {
        i.raw_tracepoint.tp_name = p;
        i.raw_tracepoint.tp_name_len = n;
      }));
      break;
    case BPF_LINK_TYPE_ITER:
      BT_TRY(ask_name([](uapi::LinkInfo& i, uint64_t p, uint32_t n) {
        i.iter.target_name = p;
        i.iter.target_name_len = n;
      }));
      break;
    case BPF_LINK_TYPE_TRACING: {
      // The program's type comes from the program itself.
      if (auto pfd = sys::get_fd_by_id(sys::ObjKind::Prog, info.prog_id)) {
        bpf_prog_info pi;
        std::memset(&pi, 0, sizeof(pi));
        uint32_t len = sizeof(pi);
        if (sys::obj_get_info(pfd->get(), &pi, &len)) rec.prog_type = pi.type;
      }
      break;
    }
    case BPF_LINK_TYPE_XDP:
      set_dev(rec, info.xdp.ifindex);
      break;
    case uapi::kLinkTcx:
      set_dev(rec, info.tcx.ifindex);
      break;
    case uapi::kLinkNetkit:
      set_dev(rec, info.netkit.ifindex);
      break;
    case BPF_LINK_TYPE_KPROBE_MULTI: {
      uint32_t count = info.kprobe_multi.count;
      if (!count) break;
      std::vector<uint64_t> addrs(count), cookies(count);
      uapi::LinkInfo again;
      std::memset(&again, 0, sizeof(again));
      again.kprobe_multi.addrs = ptr(addrs.data());
      again.kprobe_multi.cookies = ptr(cookies.data());
      again.kprobe_multi.count = count;
      BT_TRY(get_info(fd, again));
      info = again;
      uint32_t n = std::min(count, info.kprobe_multi.count);
      std::vector<std::pair<uint64_t, uint64_t>> targets;
      for (uint32_t i = 0; i < n; i++) targets.emplace_back(addrs[i], cookies[i]);
      resolve_kprobe_multi(std::move(targets), rec);
      break;
    }
    case uapi::kLinkUprobeMulti: {
      uint32_t count = info.uprobe_multi.count;
      if (!count) break;
      std::vector<uint64_t> offs(count), refs(count), cookies(count);
      buf.assign(PATH_MAX, '\0');
      uapi::LinkInfo again;
      std::memset(&again, 0, sizeof(again));
      again.uprobe_multi.offsets = ptr(offs.data());
      again.uprobe_multi.ref_ctr_offsets = ptr(refs.data());
      again.uprobe_multi.cookies = ptr(cookies.data());
      again.uprobe_multi.count = count;
      again.uprobe_multi.path = ptr(buf.data());
      again.uprobe_multi.path_size = static_cast<uint32_t>(buf.size());
      BT_TRY(get_info(fd, again));
      info = again;
      rec.name.assign(buf.data(), strnlen(buf.data(), buf.size()));
      uint32_t n = std::min(count, info.uprobe_multi.count);
      for (uint32_t i = 0; i < n; i++) rec.uprobe_funcs.push_back(UprobeMultiFunc{offs[i], refs[i], cookies[i]});
      break;
    }
    case BPF_LINK_TYPE_PERF_EVENT: {
      uint32_t pt = info.perf_event.type;
      if (pt == uapi::kPerfEventTracepoint) {
        BT_TRY(ask_name([](uapi::LinkInfo& i, uint64_t p, uint32_t n) {
          i.perf_event.tracepoint.tp_name = p;
          i.perf_event.tracepoint.name_len = n;
        }));
      } else if (pt == uapi::kPerfEventKprobe || pt == uapi::kPerfEventKretprobe) {
        BT_TRY(ask_name([](uapi::LinkInfo& i, uint64_t p, uint32_t n) {
          i.perf_event.kprobe.func_name = p;
          i.perf_event.kprobe.name_len = n;
        }));
      } else if (pt == uapi::kPerfEventUprobe || pt == uapi::kPerfEventUretprobe) {
        BT_TRY(ask_name([](uapi::LinkInfo& i, uint64_t p, uint32_t n) {
          i.perf_event.uprobe.file_name = p;
          i.perf_event.uprobe.name_len = n;
        }));
      }
      break;
    }
    default:
      break;
  }

  if (ctx.show_pinned() && ctx.pinned().any(sys::ObjKind::Link))
    rec.pinned = ctx.pinned().paths(sys::ObjKind::Link, info.id);
  rec.pids = ctx.pids(sys::ObjKind::Link).refs(sys::ObjKind::Link, info.id);
  return rec;
}

}  // namespace bpftool::model
