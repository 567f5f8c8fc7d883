// The sample object of the live tour: several program types, a hash map, an
// array map, global data with metadata, and a raw tracepoint for a link.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct conn_key {
  __u32 saddr;
  __u32 daddr;
  __u16 sport;
  __u16 dport;
};

struct conn_stats {
  __u64 packets;
  __u64 bytes;
};

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 1024);
  __type(key, struct conn_key);
  __type(value, struct conn_stats);
} conns SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 8);
  __type(key, __u32);
  __type(value, __u64);
} syscalls_seen SEC(".maps");

const volatile char bpf_metadata_app[] SEC(".rodata") = "bpftool-cpp tour";
const volatile int bpf_metadata_revision = 1;

SEC("xdp")
int tour_xdp_count_packets(struct xdp_md *ctx)
{
  struct conn_key key = {};
  struct conn_stats *st = bpf_map_lookup_elem(&conns, &key);
  if (st) {
    __sync_fetch_and_add(&st->packets, 1);
    __sync_fetch_and_add(&st->bytes, ctx->data_end - ctx->data);
  }
  return XDP_PASS;
}

SEC("socket")
int tour_socket(struct __sk_buff *skb)
{
  return skb->len;
}

SEC("raw_tracepoint/sys_enter")
int tour_sys_enter(void *ctx)
{
  __u32 k = 0;
  __u64 *n = bpf_map_lookup_elem(&syscalls_seen, &k);
  if (n)
    __sync_fetch_and_add(n, 1);
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
