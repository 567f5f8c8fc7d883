// Test object for gen skeleton: globals in .data, .bss, .rodata, .kconfig and
// a custom .data.* section, padding between them, an array map and a
// SEC("syscall") program run with bpf_prog_test_run.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct pair {
  __u32 a;
  __u64 b;
};

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, __u64);
} results SEC(".maps");

const volatile __u32 scale = 1;         // .rodata, set before load
const volatile char banner[6] = "skel";  // .rodata, an array
__u64 counter = 7;                       // .data
char flag = 1;                           // .data, then padding before `wide`
__u64 wide = 2;                          // .data
struct pair pairs[2];                    // .bss
__u32 input;                             // .bss, set before load
__u64 last;                              // .bss, written by the program
unsigned int hz;                         // .bss, CONFIG_HZ as the program saw it
int extra SEC(".data.extra") = 3;        // custom data section
extern unsigned int CONFIG_HZ __kconfig __weak;  // .kconfig

SEC("syscall")
int skel_run(void *ctx)
{
  __u32 key = 0;
  __u64 v = (__u64)input * scale + counter + extra;

  last = v;
  static __u32 runs;  // a static: not in the skeleton

  runs++;
  hz = CONFIG_HZ + runs * 0;
  pairs[1].b = v;
  bpf_map_update_elem(&results, &key, &v, BPF_ANY);
  return 0;
}

SEC("socket")
int skel_sock(struct __sk_buff *skb)
{
  return (int)wide + flag + banner[0];
}

char LICENSE[] SEC("license") = "GPL";
