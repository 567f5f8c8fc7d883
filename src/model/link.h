// LinkRecord: everything `link show` reports about one link (the kernel's
// link info plus the names and arrays it points to), and its collector.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/context.h"
#include "model/pids.h"
#include "sys/typed_fd.h"
#include "sys/uapi_compat.h"

namespace bpftool::model {

/// The names of the kernel's link ABI that a LinkRecord's readers need (types,
/// perf event kinds, flags newer than Debian's UAPI headers), so that
/// renderers depend on the record and not on sys/.
namespace link_abi {
using LinkInfo = sys::uapi::LinkInfo;
using sys::uapi::kKprobeMultiReturn;
using sys::uapi::kLinkNetfilter;
using sys::uapi::kLinkNetkit;
using sys::uapi::kLinkSockmap;
using sys::uapi::kLinkTcx;
using sys::uapi::kLinkUprobeMulti;
using sys::uapi::kPerfEventEvent;
using sys::uapi::kPerfEventKprobe;
using sys::uapi::kPerfEventKretprobe;
using sys::uapi::kPerfEventTracepoint;
using sys::uapi::kPerfEventUprobe;
using sys::uapi::kPerfEventUretprobe;
using sys::uapi::kUprobeMultiReturn;
}  // namespace link_abi

struct KprobeMultiFunc {
  uint64_t addr = 0;     // the link's target address
  uint64_t cookie = 0;
  std::string func;      // kallsyms name
  std::string module;    // "" for vmlinux
};

struct UprobeMultiFunc {
  uint64_t offset = 0;
  uint64_t ref_ctr_offset = 0;
  uint64_t cookie = 0;
};

struct LinkRecord {
  link_abi::LinkInfo info{};  // raw kernel facts; pointers inside are meaningless here
  // Strings the info pointed to: tp_name, iter target_name, perf_event
  // tracepoint/func/file name, uprobe_multi path.
  std::string name;
  // Tracing links: the program's type (the link info does not carry it).
  std::optional<uint32_t> prog_type;
  // xdp/tcx/netkit: the device name ("lo"), or "(detached)" (ifindex 0) or
  // "(unknown)" (no such device in our namespace); dev_resolved when a name.
  std::string devname;
  bool dev_resolved = false;
  // kprobe_multi: targets sorted by address that kallsyms resolved, in
  // upstream's merge order (rows stop at the first unresolved address).
  std::vector<KprobeMultiFunc> kprobe_funcs;
  bool kallsyms_available = false;
  // uprobe_multi: in kernel order.
  std::vector<UprobeMultiFunc> uprobe_funcs;
  std::optional<std::vector<std::string>> pinned;
  std::vector<PidRef> pids;
};

/// Collects one link (two info calls when the link has names or arrays).
Result<LinkRecord> collect_link(const sys::LinkFd& fd, CollectContext& ctx);

}  // namespace bpftool::model
