// Test object for `gen object`: the other half of link_a. It defines
// link_bump() and reads link_a's global through `extern`.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int link_step;

__attribute__((noinline)) __u64 link_bump(__u64 v)
{
  return v + link_step;
}

SEC("socket")
int link_sock_b(struct __sk_buff *skb)
{
  return 0;
}
