#include "model/names.h"

#include <fmt/format.h>

#include <array>

namespace bpftool::model {

namespace {

// libbpf's prog_type_name[], indexed by enum bpf_prog_type.
constexpr std::string_view kProgTypes[] = {
    "unspec", "socket_filter", "kprobe", "sched_cls", "sched_act", "tracepoint", "xdp",
    "perf_event", "cgroup_skb", "cgroup_sock", "lwt_in", "lwt_out", "lwt_xmit", "sock_ops",
    "sk_skb", "cgroup_device", "sk_msg", "raw_tracepoint", "cgroup_sock_addr", "lwt_seg6local",
    "lirc_mode2", "sk_reuseport", "flow_dissector", "cgroup_sysctl", "raw_tracepoint_writable",
    "cgroup_sockopt", "tracing", "struct_ops", "ext", "lsm", "sk_lookup", "syscall", "netfilter",
};

// libbpf's map_type_name[], indexed by enum bpf_map_type.
constexpr std::string_view kMapTypes[] = {
    "unspec", "hash", "array", "prog_array", "perf_event_array", "percpu_hash", "percpu_array",
    "stack_trace", "cgroup_array", "lru_hash", "lru_percpu_hash", "lpm_trie", "array_of_maps",
    "hash_of_maps", "devmap", "sockmap", "cpumap", "xskmap", "sockhash", "cgroup_storage",
    "reuseport_sockarray", "percpu_cgroup_storage", "queue", "stack", "sk_storage", "devmap_hash",
    "struct_ops", "ringbuf", "inode_storage", "task_storage", "bloom_filter", "user_ringbuf",
    "cgrp_storage", "arena", "insn_array", "rhash",
};

// libbpf's attach_type_name[], indexed by enum bpf_attach_type.
constexpr std::string_view kAttachTypes[] = {
    "cgroup_inet_ingress", "cgroup_inet_egress", "cgroup_inet_sock_create", "cgroup_sock_ops",
    "sk_skb_stream_parser", "sk_skb_stream_verdict", "cgroup_device", "sk_msg_verdict",
    "cgroup_inet4_bind", "cgroup_inet6_bind", "cgroup_inet4_connect", "cgroup_inet6_connect",
    "cgroup_inet4_post_bind", "cgroup_inet6_post_bind", "cgroup_udp4_sendmsg", "cgroup_udp6_sendmsg",
    "lirc_mode2", "flow_dissector", "cgroup_sysctl", "cgroup_udp4_recvmsg", "cgroup_udp6_recvmsg",
    "cgroup_getsockopt", "cgroup_setsockopt", "trace_raw_tp", "trace_fentry", "trace_fexit",
    "modify_return", "lsm_mac", "trace_iter", "cgroup_inet4_getpeername", "cgroup_inet6_getpeername",
    "cgroup_inet4_getsockname", "cgroup_inet6_getsockname", "xdp_devmap", "cgroup_inet_sock_release",
    "xdp_cpumap", "sk_lookup", "xdp", "sk_skb_verdict", "sk_reuseport_select",
    "sk_reuseport_select_or_migrate", "perf_event", "trace_kprobe_multi", "lsm_cgroup", "struct_ops",
    "netfilter", "tcx_ingress", "tcx_egress", "trace_uprobe_multi", "cgroup_unix_connect",
    "cgroup_unix_sendmsg", "cgroup_unix_recvmsg", "cgroup_unix_getpeername", "cgroup_unix_getsockname",
    "netkit_primary", "netkit_peer", "trace_kprobe_session", "trace_uprobe_session", "trace_fsession",
    "trace_fentry_multi", "trace_fexit_multi", "trace_fsession_multi",
};

// libbpf's link_type_name[], indexed by enum bpf_link_type.
constexpr std::string_view kLinkTypes[] = {
    "unspec", "raw_tracepoint", "tracing", "cgroup", "iter", "netns", "xdp", "perf_event",
    "kprobe_multi", "struct_ops", "netfilter", "tcx", "uprobe_multi", "netkit", "sockmap",
    "tracing_multi",
};

template <size_t N>
std::optional<std::string_view> lookup(const std::string_view (&table)[N], uint32_t v) {
  if (v >= N) return std::nullopt;
  return table[v];
}

template <size_t N>
std::optional<uint32_t> reverse(const std::string_view (&table)[N], std::string_view name) {
  for (size_t i = 0; i < N; i++)
    if (table[i] == name) return static_cast<uint32_t>(i);
  return std::nullopt;
}

constexpr std::string_view kPerfTypes[] = {"hardware", "software", "tracepoint", "hw-cache", "raw", "breakpoint"};
constexpr std::string_view kPerfHw[] = {
    "cpu-cycles", "instructions", "cache-references", "cache-misses", "branch-instructions",
    "branch-misses", "bus-cycles", "stalled-cycles-frontend", "stalled-cycles-backend", "ref-cycles",
};
constexpr std::string_view kPerfSw[] = {
    "cpu-clock", "task-clock", "page-faults", "context-switches", "cpu-migrations", "minor-faults",
    "major-faults", "alignment-faults", "emulation-faults", "dummy", "bpf-output", "cgroup-switches",
};
constexpr std::string_view kHwCache[] = {"L1-dcache", "L1-icache", "LLC", "dTLB", "iTLB", "branch", "node"};
constexpr std::string_view kHwCacheOp[] = {"load", "store", "prefetch"};
constexpr std::string_view kHwCacheResult[] = {"refs", "misses"};

}  // namespace

std::optional<std::string_view> prog_type_name(uint32_t t) { return lookup(kProgTypes, t); }
std::optional<std::string_view> map_type_name(uint32_t t) { return lookup(kMapTypes, t); }
std::optional<std::string_view> attach_type_name(uint32_t t) { return lookup(kAttachTypes, t); }
std::optional<std::string_view> link_type_name(uint32_t t) { return lookup(kLinkTypes, t); }
std::optional<uint32_t> map_type_by_name(std::string_view n) { return reverse(kMapTypes, n); }
std::optional<uint32_t> attach_type_by_name(std::string_view n) { return reverse(kAttachTypes, n); }
std::span<const std::string_view> prog_type_names() { return kProgTypes; }
std::span<const std::string_view> map_type_names() { return kMapTypes; }
std::span<const std::string_view> attach_type_names() { return kAttachTypes; }
std::span<const std::string_view> link_type_names() { return kLinkTypes; }

std::optional<std::string_view> perf_type_name(uint32_t t) { return lookup(kPerfTypes, t); }

std::optional<std::string> perf_event_config_name(uint32_t type, uint64_t config) {
  switch (type) {
    case 0:  // PERF_TYPE_HARDWARE
      if (config < std::size(kPerfHw)) return std::string(kPerfHw[config]);
      return std::nullopt;
    case 1:  // PERF_TYPE_SOFTWARE
      if (config < std::size(kPerfSw)) return std::string(kPerfSw[config]);
      return std::nullopt;
    case 3: {  // PERF_TYPE_HW_CACHE: "<cache>-<op>-<result>"
      uint64_t cache = config & 0xff, op = (config >> 8) & 0xff, result = config >> 16;
      std::string s = cache < std::size(kHwCache) ? std::string(kHwCache[cache]) + "-"
                                                   : fmt::format("{}-", cache);
      s += op < std::size(kHwCacheOp) ? std::string(kHwCacheOp[op]) + "-" : fmt::format("{}-", op);
      s += result < std::size(kHwCacheResult) ? std::string(kHwCacheResult[result]) : fmt::format("{}", result);
      return s;
    }
    default:
      return std::nullopt;
  }
}

std::optional<std::string_view> netfilter_pf_name(uint32_t pf) {
  switch (pf) {
    case 1: return "inet";
    case 2: return "ip";
    case 3: return "arp";
    case 5: return "netdev";
    case 7: return "bridge";
    case 10: return "ip6";
    default: return std::nullopt;
  }
}

std::optional<std::string_view> netfilter_hook_name(uint32_t pf, uint32_t hook) {
  static constexpr std::string_view kInet[] = {"prerouting", "input", "forward", "output", "postrouting"};
  static constexpr std::string_view kArp[] = {"input", "output"};
  switch (pf) {
    case 1: case 2: case 7: case 10: return lookup(kInet, hook);
    case 3: return lookup(kArp, hook);
    default: return std::nullopt;
  }
}

std::string_view cgroup_iter_order_name(uint32_t order) {
  static constexpr std::string_view kOrders[] = {"order_unspec", "self_only", "descendants_pre",
                                                  "descendants_post", "ancestors_up"};
  auto n = lookup(kOrders, order);
  return n ? *n : "unknown";
}

}  // namespace bpftool::model
