#include "model/prog_types.h"

#include <bpf/libbpf.h>

#include <string>

#include "sys/uapi_compat.h"

namespace bpftool::model {

namespace {

namespace uapi = sys::uapi;

struct NewerSection {
  std::string_view name;
  bool prefix;  // also matches name + "/..."
  uint32_t prog_type;
  uint32_t attach_type;
};

// Section names of libbpf releases newer than Debian 12's 1.1 (kernel 6.4+).
constexpr NewerSection kNewer[] = {
    {"netfilter", false, uapi::kProgNetfilter, uapi::kAttachNetfilter},
    {"tc/ingress", false, BPF_PROG_TYPE_SCHED_CLS, uapi::kAttachTcxIngress},
    {"tc/egress", false, BPF_PROG_TYPE_SCHED_CLS, uapi::kAttachTcxEgress},
    {"tcx/ingress", false, BPF_PROG_TYPE_SCHED_CLS, uapi::kAttachTcxIngress},
    {"tcx/egress", false, BPF_PROG_TYPE_SCHED_CLS, uapi::kAttachTcxEgress},
    {"netkit/primary", false, BPF_PROG_TYPE_SCHED_CLS, uapi::kAttachNetkitPrimary},
    {"netkit/peer", false, BPF_PROG_TYPE_SCHED_CLS, uapi::kAttachNetkitPeer},
    {"uprobe.multi", true, BPF_PROG_TYPE_KPROBE, uapi::kAttachTraceUprobeMulti},
    {"uretprobe.multi", true, BPF_PROG_TYPE_KPROBE, uapi::kAttachTraceUprobeMulti},
    {"uprobe.multi.s", true, BPF_PROG_TYPE_KPROBE, uapi::kAttachTraceUprobeMulti},
    {"uretprobe.multi.s", true, BPF_PROG_TYPE_KPROBE, uapi::kAttachTraceUprobeMulti},
    {"kprobe.session", true, BPF_PROG_TYPE_KPROBE, uapi::kAttachTraceKprobeSession},
    {"uprobe.session", true, BPF_PROG_TYPE_KPROBE, uapi::kAttachTraceUprobeSession},
    {"uprobe.session.s", true, BPF_PROG_TYPE_KPROBE, uapi::kAttachTraceUprobeSession},
    {"cgroup/connect_unix", false, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, uapi::kAttachCgroupUnixConnect},
    {"cgroup/sendmsg_unix", false, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, uapi::kAttachCgroupUnixSendmsg},
    {"cgroup/recvmsg_unix", false, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, uapi::kAttachCgroupUnixRecvmsg},
    {"cgroup/getpeername_unix", false, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, uapi::kAttachCgroupUnixGetpeername},
    {"cgroup/getsockname_unix", false, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, uapi::kAttachCgroupUnixGetsockname},
    {"fsession", true, BPF_PROG_TYPE_TRACING, uapi::kAttachTraceFsession},
    {"fsession.s", true, BPF_PROG_TYPE_TRACING, uapi::kAttachTraceFsession},
    {"struct_ops.s", true, BPF_PROG_TYPE_STRUCT_OPS, 0},
};

// The names `prog load ... type TYPE` documents, in upstream's help order.
// Each is a section name prog_type_by_section resolves (a unit test checks).
constexpr std::string_view kLoadTypeWords[] = {
    "socket", "kprobe", "kretprobe", "classifier", "action", "tracepoint", "raw_tracepoint", "xdp",
    "perf_event", "cgroup/skb", "cgroup/sock", "cgroup/dev", "lwt_in", "lwt_out", "lwt_xmit",
    "lwt_seg6local", "sockops", "sk_skb", "sk_msg", "lirc_mode2", "sk_reuseport", "flow_dissector",
    "cgroup/sysctl", "cgroup/bind4", "cgroup/bind6", "cgroup/post_bind4", "cgroup/post_bind6",
    "cgroup/connect4", "cgroup/connect6", "cgroup/connect_unix", "cgroup/getpeername4",
    "cgroup/getpeername6", "cgroup/getpeername_unix", "cgroup/getsockname4", "cgroup/getsockname6",
    "cgroup/getsockname_unix", "cgroup/sendmsg4", "cgroup/sendmsg6", "cgroup/sendmsg_unix",
    "cgroup/recvmsg4", "cgroup/recvmsg6", "cgroup/recvmsg_unix", "cgroup/getsockopt",
    "cgroup/setsockopt", "cgroup/sock_release", "struct_ops", "fentry", "fexit", "fsession", "freplace",
    "sk_lookup",
};

int silent(enum libbpf_print_level, const char*, va_list) { return 0; }

}  // namespace

std::span<const std::string_view> prog_load_type_words() { return kLoadTypeWords; }

std::optional<ProgTypeSpec> prog_type_by_section(std::string_view section) {
  // libbpf warns about names it doesn't know; we may still know them.
  libbpf_print_fn_t saved = libbpf_set_print(silent);
  enum bpf_prog_type t;
  enum bpf_attach_type a;
  std::string s(section);
  int err = libbpf_prog_type_by_name(s.c_str(), &t, &a);
  libbpf_set_print(saved);
  if (!err) return ProgTypeSpec{static_cast<uint32_t>(t), static_cast<uint32_t>(a)};
  for (const auto& n : kNewer) {
    if (section == n.name) return ProgTypeSpec{n.prog_type, n.attach_type};
    if (n.prefix && section.size() > n.name.size() && section.substr(0, n.name.size()) == n.name &&
        section[n.name.size()] == '/')
      return ProgTypeSpec{n.prog_type, n.attach_type};
  }
  return std::nullopt;
}

}  // namespace bpftool::model
