#ifndef __VMLINUX_H__
#define __VMLINUX_H__

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)
#endif

#ifndef __ksym
#define __ksym __attribute__((section(".ksyms")))
#endif

#ifndef __weak
#define __weak __attribute__((weak))
#endif

#ifndef __bpf_fastcall
#if __has_attribute(bpf_fastcall)
#define __bpf_fastcall __attribute__((bpf_fastcall))
#else
#define __bpf_fastcall
#endif
#endif

enum e64 {
	BIG = 1099511627775ULL,
};

enum s64 {
	NEG = -5LL,
};

enum ue {
	U = 7,
};

typedef int td;

struct q"b\sÿ {};

struct s {
	int a;
	int bf: 3;
};

union u {
	int x;
};

union f;


/* BPF kfuncs */
#ifndef BPF_NO_KFUNC_PROTOTYPES
extern int fn(int p) __weak __ksym;
#endif

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute pop
#endif

#endif /* __VMLINUX_H__ */
