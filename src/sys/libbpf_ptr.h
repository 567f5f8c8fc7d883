// Owners of libbpf objects: one deleter template and one std::unique_ptr alias
// per libbpf type we hold, so no file writes its own. Ownership only: no calls
// into libbpf besides the matching free/close/destroy.
#pragma once

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <memory>

namespace bpftool::sys {

/// Hands the pointer to libbpf's `Free` (which accepts null).
template <auto Free>
struct LibbpfDeleter {
  template <class T>
  void operator()(T* p) const {
    Free(p);
  }
};

/// An opened (maybe loaded) object; closing it unloads its programs and maps
/// unless something else (a pin, a link, an fd) still holds them.
using ObjectPtr = std::unique_ptr<struct bpf_object, LibbpfDeleter<bpf_object__close>>;
/// An attachment; destroying it detaches unless it was pinned first.
using LinkPtr = std::unique_ptr<struct bpf_link, LibbpfDeleter<bpf_link__destroy>>;
/// BTF parsed from a file, built in memory or loaded from the kernel. Free a
/// split BTF before its base.
using BtfPtr = std::unique_ptr<struct btf, LibbpfDeleter<btf__free>>;
using BtfDumpPtr = std::unique_ptr<struct btf_dump, LibbpfDeleter<btf_dump__free>>;
/// Event readers over a perf event array / ring buffer map.
using PerfBufferPtr = std::unique_ptr<struct perf_buffer, LibbpfDeleter<perf_buffer__free>>;
using RingBufferPtr = std::unique_ptr<struct ring_buffer, LibbpfDeleter<ring_buffer__free>>;

}  // namespace bpftool::sys
