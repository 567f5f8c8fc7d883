// BPF objects compiled at build time from src/embedded/*.bpf.c and embedded in
// the binary (opened with bpf_object__open_mem).
#pragma once

#include <cstddef>
#include <cstdint>

namespace bpftool::embedded {

/// profiler.bpf.o: fentry/fexit counters for `prog profile`.
extern const uint8_t profiler_bpf_o[];
extern const size_t profiler_bpf_o_size;

}  // namespace bpftool::embedded
