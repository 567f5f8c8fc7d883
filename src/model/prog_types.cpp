#include "model/prog_types.h"

#include <bpf/libbpf.h>

#include <string>

namespace bpftool::model {

namespace {

struct NewerSection {
  std::string_view name;
  bool prefix;  // also matches name + "/..."
  uint32_t prog_type;
  uint32_t attach_type;
};

// Section names of libbpf releases newer than Debian 12's 1.1 (kernel 6.4+).
constexpr NewerSection kNewer[] = {
    {"netfilter", false, 32, 45},
    {"tc/ingress", false, BPF_PROG_TYPE_SCHED_CLS, 46},
    {"tc/egress", false, BPF_PROG_TYPE_SCHED_CLS, 47},
    {"tcx/ingress", false, BPF_PROG_TYPE_SCHED_CLS, 46},
    {"tcx/egress", false, BPF_PROG_TYPE_SCHED_CLS, 47},
    {"netkit/primary", false, BPF_PROG_TYPE_SCHED_CLS, 54},
    {"netkit/peer", false, BPF_PROG_TYPE_SCHED_CLS, 55},
    {"uprobe.multi", true, BPF_PROG_TYPE_KPROBE, 48},
    {"uretprobe.multi", true, BPF_PROG_TYPE_KPROBE, 48},
    {"uprobe.multi.s", true, BPF_PROG_TYPE_KPROBE, 48},
    {"uretprobe.multi.s", true, BPF_PROG_TYPE_KPROBE, 48},
    {"kprobe.session", true, BPF_PROG_TYPE_KPROBE, 56},
    {"uprobe.session", true, BPF_PROG_TYPE_KPROBE, 57},
    {"uprobe.session.s", true, BPF_PROG_TYPE_KPROBE, 57},
    {"cgroup/connect_unix", false, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, 49},
    {"cgroup/sendmsg_unix", false, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, 50},
    {"cgroup/recvmsg_unix", false, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, 51},
    {"cgroup/getpeername_unix", false, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, 52},
    {"cgroup/getsockname_unix", false, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, 53},
    {"fsession", true, BPF_PROG_TYPE_TRACING, 58},
    {"fsession.s", true, BPF_PROG_TYPE_TRACING, 58},
    {"struct_ops.s", true, BPF_PROG_TYPE_STRUCT_OPS, 0},
};

int silent(enum libbpf_print_level, const char*, va_list) { return 0; }

}  // namespace

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
