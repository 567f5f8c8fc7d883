// Test object for `gen object`: half of a two-object link. It defines the map
// and the global that link_b uses, and calls link_bump(), which link_b defines.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, __u64);
} link_counts SEC(".maps");

int link_step = 42;

extern __u64 link_bump(__u64 v);

SEC("socket")
int link_sock_a(struct __sk_buff *skb)
{
  __u32 key = 0;
  __u64 *v = bpf_map_lookup_elem(&link_counts, &key);
  if (v)
    *v = link_bump(*v);
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
