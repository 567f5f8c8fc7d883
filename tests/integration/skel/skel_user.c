/* Uses the C skeleton of tests/bpf/skel.bpf.c (gen skeleton) and, through
 * the subskeleton named `sub` (gen subskeleton ... name sub), the same
 * variables: sets a .rodata constant and a .bss global before load, runs the
 * SEC("syscall") program and checks the map value and the .bss results. */
#include <stdio.h>
#include <bpf/bpf.h>

/* The skeleton names the object's own types; the program defines them, as
 * programs do through a header shared with the BPF side. */
struct pair {
	__u32 a;
	__u64 b;
};

#include "skel.skel.h"
#include "sub.subskel.h"

int main(void)
{
	LIBBPF_OPTS(bpf_test_run_opts, run);
	struct skel_bpf *skel;
	struct sub *sub;
	__u32 key = 0;
	__u64 value = 0;
	int ret = 0;

	skel = skel_bpf__open();
	if (!skel)
		return 10;
	sub = sub__open(skel->obj);
	if (!sub) {
		ret = 11;
		goto out;
	}
	if (skel->data->counter != 7 || *sub->data.counter != 7 || skel->data_extra->extra != 3) {
		ret = 12;
		goto out;
	}
	skel->rodata->scale = 3;
	*sub->bss.input = 5;
	if (skel_bpf__load(skel)) {
		ret = 13;
		goto out;
	}
	if (skel_bpf__attach(skel)) { /* no program here auto-attaches: a no-op */
		ret = 14;
		goto out;
	}
	if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.skel_run), &run)) {
		ret = 15;
		goto out;
	}
	if (bpf_map__lookup_elem(skel->maps.results, &key, sizeof(key), &value, sizeof(value), 0)) {
		ret = 16;
		goto out;
	}
	/* 5 * 3 + 7 + 3 */
	if (value != 25 || skel->bss->last != 25 || *sub->bss.last != 25 || skel->bss->pairs[1].b != 25) {
		ret = 17;
		goto out;
	}
	if (skel->bss->hz != skel->kconfig->CONFIG_HZ) {
		ret = 18;
		goto out;
	}
	printf("ok %llu\n", (unsigned long long)value);
out:
	sub__destroy(sub);
	skel_bpf__destroy(skel);
	return ret;
}
