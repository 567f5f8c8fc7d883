// Test object for `gen object`: defines link_step again (a strong symbol), so
// linking it with link_a must fail.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int link_step = 7;

SEC("socket")
int link_sock_dup(struct __sk_buff *skb)
{
  return link_step;
}
