// The object of the C++ skeleton example: a SEC("syscall") program that adds
// a .rodata step to a .bss counter each time it runs.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

const volatile __u64 step = 1;  // set by user space before load
__u64 total;                    // read by user space after each run

SEC("syscall")
int add_step(void *ctx)
{
  total += step;
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
