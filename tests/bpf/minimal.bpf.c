// Test object: the smallest program, with no maps. Two copies share one tag.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("socket")
int minimal_a(struct __sk_buff *skb)
{
  return 0;
}

SEC("socket")
int minimal_b(struct __sk_buff *skb)
{
  return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
