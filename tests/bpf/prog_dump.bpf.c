// Test object for `prog dump xlated|jited`: a long program (about 1000
// instructions after the verifier, for the benchmark), subprograms (static and
// global), a bpf_loop callback, a tail call, global data, atomics and kfunc
// calls, so that every annotation of the dump appears at least once.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 64);
  __type(key, __u32);
  __type(value, __u64);
} dump_hash SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 8);
  __type(key, __u32);
  __type(value, __u64);
} dump_array SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_PROG_ARRAY);
  __uint(max_entries, 2);
  __type(key, __u32);
  __type(value, __u32);
} dump_jmp SEC(".maps");

__u64 dump_total = 0;               // .bss
__u32 dump_seed = 7;                // .data
const volatile __u32 dump_limit = 100;  // .rodata

// Open-coded numeric iterator kfuncs (kernel 6.4+), declared here because the
// libbpf-dev headers predate them.
struct bpf_iter_num {
  __u64 __opaque[1];
} __attribute__((aligned(8)));
extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __ksym;

// One step of the long program: a hash lookup, an update and an atomic add.
#define DUMP_STEP(i)                                \
  do {                                              \
    __u32 key = (i) & 63;                           \
    __u64 *val = bpf_map_lookup_elem(&dump_hash, &key); \
    if (val)                                        \
      __sync_fetch_and_add(val, (i));               \
    else                                            \
      acc += (i) * dump_seed;                       \
  } while (0)

#define DUMP_STEP8(b)                                                      \
  DUMP_STEP(b + 0); DUMP_STEP(b + 1); DUMP_STEP(b + 2); DUMP_STEP(b + 3);  \
  DUMP_STEP(b + 4); DUMP_STEP(b + 5); DUMP_STEP(b + 6); DUMP_STEP(b + 7)

SEC("xdp")
int dump_big(struct xdp_md *ctx)
{
  __u64 acc = 0;
  DUMP_STEP8(0);
  DUMP_STEP8(8);
  DUMP_STEP8(16);
  DUMP_STEP8(24);
  DUMP_STEP8(32);
  DUMP_STEP8(40);
  DUMP_STEP(48);
  DUMP_STEP(49);
  DUMP_STEP(50);
  DUMP_STEP(51);
  dump_total += acc;
  return acc > dump_limit ? XDP_PASS : XDP_DROP;
}

static __attribute__((noinline)) int dump_add(int a, int b)
{
  return a * 3 + b;
}

__attribute__((noinline)) int dump_global(struct __sk_buff *skb)
{
  if (!skb)
    return 0;
  return skb->len + dump_add(skb->protocol, 1);
}

// A name long enough that "call pc+N#bpf_prog_<tag>_<name>" passes 63
// characters (upstream's line buffer in the DOT output).
static __attribute__((noinline)) int dump_callee_with_a_deliberately_long_name(int x)
{
  return x ^ 0x55;
}

static int dump_loop_cb(__u32 index, void *data)
{
  __u64 *sum = data;
  *sum += index;
  return *sum > 1000;
}

SEC("tc")
int dump_calls(struct __sk_buff *skb)
{
  __u64 sum = 0;
  __u32 k = 1;
  __u64 *v;

  bpf_loop(16, dump_loop_cb, &sum, 0);
  v = bpf_map_lookup_elem(&dump_array, &k);
  if (v)
    *v += sum + bpf_ktime_get_ns();
  if (dump_add(skb->len, (int)sum) > 1000)
    bpf_tail_call(skb, &dump_jmp, 0);
  sum += dump_callee_with_a_deliberately_long_name((int)sum);
  return dump_global(skb) + (int)sum > 10 ? TC_ACT_OK : TC_ACT_SHOT;
}

SEC("tc")
int dump_kfunc(struct __sk_buff *skb)
{
  struct bpf_iter_num it;
  int *n, sum = 0;

  bpf_iter_num_new(&it, 0, 8);
  while ((n = bpf_iter_num_next(&it)))
    sum += *n;
  bpf_iter_num_destroy(&it);
  return sum > 3 ? TC_ACT_OK : TC_ACT_SHOT;
}

char LICENSE[] SEC("license") = "GPL";
