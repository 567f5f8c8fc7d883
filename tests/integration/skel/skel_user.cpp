// Uses the C++ skeleton of tests/bpf/skel.bpf.c (gen skeleton ... lang c++):
// the factory, the typed accessors, moves, and destruction at scope end.
#include <bpf/bpf.h>

#include <cstdio>
#include <utility>

/* The skeleton names the object's own types; the program defines them, as
 * programs do through a header shared with the BPF side. */
struct pair {
	__u32 a;
	__u64 b;
};

#include "skel.skel.hpp"

int main()
{
	skel_bpf_skeleton skel = skel_bpf_skeleton::open();
	if (!skel)
		return 10;
	skel.rodata()->scale = 3;
	skel.bss()->input = 5;
	skel_bpf_skeleton moved = std::move(skel);
	if (skel || !moved)
		return 11;
	if (int err = moved.load())
		return 12 + 0 * err;
	LIBBPF_OPTS(bpf_test_run_opts, run);
	if (bpf_prog_test_run_opts(bpf_program__fd(moved.progs().skel_run), &run))
		return 13;
	__u32 key = 0;
	__u64 value = 0;
	if (bpf_map__lookup_elem(moved.maps().results, &key, sizeof(key), &value, sizeof(value), 0))
		return 14;
	if (value != 25 || moved.bss()->last != 25 || moved.data()->counter != 7)
		return 15;
	if (moved.links().skel_run != nullptr)
		return 16;
	// A failing open: an object name libbpf refuses is not possible here, so
	// check that an empty skeleton is harmless to destroy and reports no error.
	skel_bpf_skeleton empty;
	if (empty || empty.error() != 0)
		return 17;
	std::printf("ok %llu\n", static_cast<unsigned long long>(value));
	return 0;
}
