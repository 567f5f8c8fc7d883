// Test object built without -g: no BTF, so the kernel's 15-character name is
// all there is (files named *_nobtf.bpf.c are compiled without debug info).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("socket")
int long_name_without_btf(struct __sk_buff *skb)
{
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
