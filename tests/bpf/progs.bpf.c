// Test object: programs of several types, maps of common types, metadata and
// a program whose name the kernel cuts at 15 characters.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct flow_key {
  __u32 pid;
  __u16 port;
  __u16 pad;
};

struct flow_val {
  __u64 packets;
  __u64 bytes;
  char comm[8];
};

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 128);
  __type(key, struct flow_key);
  __type(value, struct flow_val);
} flows SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 4);
  __type(key, __u32);
  __type(value, __u64);
} counters SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 2);
  __type(key, __u32);
  __type(value, __u64);
} percpu SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_PROG_ARRAY);
  __uint(max_entries, 4);
  __type(key, __u32);
  __type(value, __u32);
} jmp_table SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 4096);
} events SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_QUEUE);
  __uint(max_entries, 8);
  __type(value, __u32);
} fifo SEC(".maps");

const volatile char bpf_metadata_owner[] SEC(".rodata") = "bpftool-cpp";
const volatile int bpf_metadata_level = 7;
int hits = 0;

SEC("xdp")
int xdp_pass_with_a_very_long_name(struct xdp_md *ctx)
{
  __u32 k = 0;
  __u64 *v = bpf_map_lookup_elem(&counters, &k);
  if (v)
    __sync_fetch_and_add(v, 1);
  struct flow_key key = {1, 80, 0};
  struct flow_val *val = bpf_map_lookup_elem(&flows, &key);
  if (val)
    val->packets++;
  hits++;
  return XDP_PASS;
}

SEC("socket")
int sock_filter(struct __sk_buff *skb)
{
  __u32 k = 0;
  __u64 *v = bpf_map_lookup_elem(&percpu, &k);
  if (v)
    (*v)++;
  return 0;
}

SEC("tc")
int tc_classifier(struct __sk_buff *skb)
{
  bpf_tail_call(skb, &jmp_table, 0);
  return TC_ACT_OK;
}

SEC("raw_tracepoint/sys_enter")
int rtp_sys_enter(void *ctx)
{
  __u32 *slot = bpf_ringbuf_reserve(&events, sizeof(__u32), 0);
  if (slot) {
    *slot = 1;
    bpf_ringbuf_submit(slot, 0);
  }
  __u32 one = 1;
  bpf_map_push_elem(&fifo, &one, 0);
  return 0;
}

SEC("cgroup_skb/ingress")
int cgroup_ingress(struct __sk_buff *skb)
{
  return 1;
}

char LICENSE[] SEC("license") = "GPL";
