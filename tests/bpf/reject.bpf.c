// Test object the verifier rejects after a long log: many helper calls it
// must walk, then a load through the scalar they computed.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("socket")
int rejected(struct __sk_buff *skb)
{
  long acc = 0;
#pragma unroll
  for (int i = 0; i < 64; i++)
    acc += (long)bpf_get_prandom_u32() * (i + 1);
  return *(int *)acc;
}

char LICENSE[] SEC("license") = "GPL";
