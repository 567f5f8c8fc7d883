// Test object for prog attach/detach/run: sockmap programs, a flow dissector,
// and a tracepoint program (a type without test runs).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_SOCKMAP);
  __uint(max_entries, 4);
  __type(key, __u32);
  __type(value, __u32);
} sock_map SEC(".maps");

SEC("sk_skb/stream_verdict")
int ops_verdict(struct __sk_buff *skb)
{
  return SK_PASS;
}

SEC("sk_skb/stream_parser")
int ops_parser(struct __sk_buff *skb)
{
  return skb->len;
}

SEC("sk_msg")
int ops_msg(struct sk_msg_md *msg)
{
  return SK_PASS;
}

SEC("flow_dissector")
int ops_dissector(struct __sk_buff *skb)
{
  return BPF_OK;
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int ops_tracepoint(void *ctx)
{
  return 0;
}

SEC("xdp")
int ops_xdp_drop(struct xdp_md *ctx)
{
  return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
