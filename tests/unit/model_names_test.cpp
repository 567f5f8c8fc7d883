// model/names: the number → name tables bpftool prints (libbpf's, newest),
// checked against the tables transcribed in the research notes (link.md §2.1)
// and against the installed libbpf for the range it knows.
#include <bpf/libbpf.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "model/names.h"

namespace bpftool::model {
namespace {

const std::vector<std::string_view> kWantProgTypes = {
    "unspec", "socket_filter", "kprobe", "sched_cls", "sched_act", "tracepoint", "xdp", "perf_event",
    "cgroup_skb", "cgroup_sock", "lwt_in", "lwt_out", "lwt_xmit", "sock_ops", "sk_skb", "cgroup_device",
    "sk_msg", "raw_tracepoint", "cgroup_sock_addr", "lwt_seg6local", "lirc_mode2", "sk_reuseport",
    "flow_dissector", "cgroup_sysctl", "raw_tracepoint_writable", "cgroup_sockopt", "tracing",
    "struct_ops", "ext", "lsm", "sk_lookup", "syscall", "netfilter"};

const std::vector<std::string_view> kWantMapTypes = {
    "unspec", "hash", "array", "prog_array", "perf_event_array", "percpu_hash", "percpu_array",
    "stack_trace", "cgroup_array", "lru_hash", "lru_percpu_hash", "lpm_trie", "array_of_maps",
    "hash_of_maps", "devmap", "sockmap", "cpumap", "xskmap", "sockhash", "cgroup_storage",
    "reuseport_sockarray", "percpu_cgroup_storage", "queue", "stack", "sk_storage", "devmap_hash",
    "struct_ops", "ringbuf", "inode_storage", "task_storage", "bloom_filter", "user_ringbuf",
    "cgrp_storage", "arena", "insn_array", "rhash"};

const std::vector<std::string_view> kWantAttachTypes = {
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
    "trace_fentry_multi", "trace_fexit_multi", "trace_fsession_multi"};

const std::vector<std::string_view> kWantLinkTypes = {
    "unspec", "raw_tracepoint", "tracing", "cgroup", "iter", "netns", "xdp", "perf_event",
    "kprobe_multi", "struct_ops", "netfilter", "tcx", "uprobe_multi", "netkit", "sockmap",
    "tracing_multi"};

template <class F>
void expect_table(const std::vector<std::string_view>& want, F lookup, const char* what) {
  for (uint32_t i = 0; i < want.size(); i++) {
    auto got = lookup(i);
    ASSERT_TRUE(got) << what << " " << i;
    EXPECT_EQ(*got, want[i]) << what << " " << i;
  }
  EXPECT_EQ(lookup(static_cast<uint32_t>(want.size())), std::nullopt) << what << " past the end";
  EXPECT_EQ(lookup(0xffffffffu), std::nullopt) << what;
}

TEST(Names, prog_types) {
  expect_table(kWantProgTypes, prog_type_name, "prog");
  EXPECT_EQ(prog_type_names().size(), 33u);
}

TEST(Names, map_types_include_the_newest) {
  expect_table(kWantMapTypes, map_type_name, "map");
  EXPECT_EQ(map_type_name(33), "arena");
  EXPECT_EQ(map_type_name(35), "rhash");
  EXPECT_EQ(map_type_names().size(), 36u);
}

TEST(Names, attach_types_include_the_newest) {
  expect_table(kWantAttachTypes, attach_type_name, "attach");
  EXPECT_EQ(attach_type_name(46), "tcx_ingress");
  EXPECT_EQ(attach_type_name(55), "netkit_peer");
  EXPECT_EQ(attach_type_name(61), "trace_fsession_multi");
  EXPECT_EQ(attach_type_names().size(), 62u);
}

TEST(Names, link_types) {
  expect_table(kWantLinkTypes, link_type_name, "link");
  EXPECT_EQ(link_type_names().size(), 16u);
}

TEST(Names, span_accessors_match_lookups) {
  for (uint32_t i = 0; i < attach_type_names().size(); i++) EXPECT_EQ(attach_type_names()[i], attach_type_name(i));
  for (uint32_t i = 0; i < link_type_names().size(); i++) EXPECT_EQ(link_type_names()[i], link_type_name(i));
  for (uint32_t i = 0; i < map_type_names().size(); i++) EXPECT_EQ(map_type_names()[i], map_type_name(i));
  for (uint32_t i = 0; i < prog_type_names().size(); i++) EXPECT_EQ(prog_type_names()[i], prog_type_name(i));
}

TEST(Names, agree_with_installed_libbpf_where_it_knows_the_type) {
  // libbpf 1.1 knows fewer types; where it has a name it must be ours.
  for (uint32_t i = 0; i < 64; i++) {
    if (const char* s = libbpf_bpf_prog_type_str(static_cast<bpf_prog_type>(i))) {
      EXPECT_EQ(prog_type_name(i), s);
    }
    if (const char* s = libbpf_bpf_map_type_str(static_cast<bpf_map_type>(i))) {
      EXPECT_EQ(map_type_name(i), s);
    }
    if (const char* s = libbpf_bpf_attach_type_str(static_cast<bpf_attach_type>(i))) {
      EXPECT_EQ(attach_type_name(i), s);
    }
    if (const char* s = libbpf_bpf_link_type_str(static_cast<bpf_link_type>(i))) {
      EXPECT_EQ(link_type_name(i), s);
    }
  }
}

TEST(Names, reverse_lookups_are_exact) {
  EXPECT_EQ(map_type_by_name("hash"), 1u);
  EXPECT_EQ(map_type_by_name("arena"), 33u);
  EXPECT_EQ(map_type_by_name("rhash"), 35u);
  EXPECT_EQ(map_type_by_name("unspec"), 0u);
  EXPECT_EQ(map_type_by_name("has"), std::nullopt);    // no prefixes for map create
  EXPECT_EQ(map_type_by_name("HASH"), std::nullopt);
  EXPECT_EQ(map_type_by_name(""), std::nullopt);
  EXPECT_EQ(attach_type_by_name("tcx_egress"), 47u);
  EXPECT_EQ(attach_type_by_name("cgroup_inet_ingress"), 0u);
  EXPECT_EQ(attach_type_by_name("trace_fsession_multi"), 61u);
  EXPECT_EQ(attach_type_by_name("ingress"), std::nullopt);
  for (uint32_t i = 0; i < kWantMapTypes.size(); i++) EXPECT_EQ(map_type_by_name(kWantMapTypes[i]), i);
  for (uint32_t i = 0; i < kWantAttachTypes.size(); i++) EXPECT_EQ(attach_type_by_name(kWantAttachTypes[i]), i);
}

TEST(Names, perf_types) {
  EXPECT_EQ(perf_type_name(0), "hardware");
  EXPECT_EQ(perf_type_name(1), "software");
  EXPECT_EQ(perf_type_name(2), "tracepoint");
  EXPECT_EQ(perf_type_name(3), "hw-cache");
  EXPECT_EQ(perf_type_name(4), "raw");
  EXPECT_EQ(perf_type_name(5), "breakpoint");
  EXPECT_EQ(perf_type_name(6), std::nullopt);
  EXPECT_EQ(perf_type_name(10), std::nullopt);
}

TEST(Names, perf_hardware_and_software_configs) {
  EXPECT_EQ(perf_event_config_name(0, 0), "cpu-cycles");
  EXPECT_EQ(perf_event_config_name(0, 1), "instructions");
  EXPECT_EQ(perf_event_config_name(0, 9), "ref-cycles");
  EXPECT_EQ(perf_event_config_name(0, 10), std::nullopt);
  EXPECT_EQ(perf_event_config_name(0, 1ull << 32), std::nullopt);
  EXPECT_EQ(perf_event_config_name(1, 0), "cpu-clock");
  EXPECT_EQ(perf_event_config_name(1, 9), "dummy");
  EXPECT_EQ(perf_event_config_name(1, 10), "bpf-output");
  EXPECT_EQ(perf_event_config_name(1, 11), "cgroup-switches");
  EXPECT_EQ(perf_event_config_name(1, 12), std::nullopt);
}

TEST(Names, perf_hw_cache_configs) {
  EXPECT_EQ(perf_event_config_name(3, 0x10000), "L1-dcache-load-misses");
  EXPECT_EQ(perf_event_config_name(3, 0x00000), "L1-dcache-load-refs");
  EXPECT_EQ(perf_event_config_name(3, 0x00102), "LLC-store-refs");
  EXPECT_EQ(perf_event_config_name(3, 0x10206), "node-prefetch-misses");
  EXPECT_EQ(perf_event_config_name(3, 0x00005), "branch-load-refs");
  // Unknown parts print as numbers; the result is the whole upper part, unmasked.
  EXPECT_EQ(perf_event_config_name(3, 0x20307), "7-3-2");
  EXPECT_EQ(perf_event_config_name(3, 0x000ff), "255-load-refs");
  EXPECT_EQ(perf_event_config_name(3, 1ull << 40), "L1-dcache-load-16777216");
}

TEST(Names, perf_other_types_have_no_config_name) {
  EXPECT_EQ(perf_event_config_name(2, 5), std::nullopt);
  EXPECT_EQ(perf_event_config_name(4, 0), std::nullopt);
  EXPECT_EQ(perf_event_config_name(5, 0), std::nullopt);
  EXPECT_EQ(perf_event_config_name(10, 1234), std::nullopt);
}

TEST(Names, netfilter_protocol_families) {
  EXPECT_EQ(netfilter_pf_name(1), "inet");
  EXPECT_EQ(netfilter_pf_name(2), "ip");
  EXPECT_EQ(netfilter_pf_name(3), "arp");
  EXPECT_EQ(netfilter_pf_name(5), "netdev");
  EXPECT_EQ(netfilter_pf_name(7), "bridge");
  EXPECT_EQ(netfilter_pf_name(10), "ip6");
  for (uint32_t pf : {0u, 4u, 6u, 8u, 9u, 11u, 255u}) EXPECT_EQ(netfilter_pf_name(pf), std::nullopt) << pf;
}

TEST(Names, netfilter_hooks) {
  for (uint32_t pf : {1u, 2u, 7u, 10u}) {
    EXPECT_EQ(netfilter_hook_name(pf, 0), "prerouting") << pf;
    EXPECT_EQ(netfilter_hook_name(pf, 1), "input") << pf;
    EXPECT_EQ(netfilter_hook_name(pf, 2), "forward") << pf;
    EXPECT_EQ(netfilter_hook_name(pf, 3), "output") << pf;
    EXPECT_EQ(netfilter_hook_name(pf, 4), "postrouting") << pf;
    EXPECT_EQ(netfilter_hook_name(pf, 5), std::nullopt) << pf;
  }
  EXPECT_EQ(netfilter_hook_name(3, 0), "input");
  EXPECT_EQ(netfilter_hook_name(3, 1), "output");
  EXPECT_EQ(netfilter_hook_name(3, 2), std::nullopt);
  EXPECT_EQ(netfilter_hook_name(5, 0), std::nullopt);  // netdev hooks have no names
  EXPECT_EQ(netfilter_hook_name(4, 1), std::nullopt);
}

TEST(Names, cgroup_iter_orders) {
  EXPECT_EQ(cgroup_iter_order_name(0), "order_unspec");
  EXPECT_EQ(cgroup_iter_order_name(1), "self_only");
  EXPECT_EQ(cgroup_iter_order_name(2), "descendants_pre");
  EXPECT_EQ(cgroup_iter_order_name(3), "descendants_post");
  EXPECT_EQ(cgroup_iter_order_name(4), "ancestors_up");
  EXPECT_EQ(cgroup_iter_order_name(5), "unknown");  // BPF_CGROUP_ITER_CHILDREN is newer than bpftool's table
  EXPECT_EQ(cgroup_iter_order_name(0xffffffffu), "unknown");
}

}  // namespace
}  // namespace bpftool::model
