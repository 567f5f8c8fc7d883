// Owners of libbpf objects: one deleter and one std::unique_ptr alias per
// libbpf type we hold, so no file writes its own. Ownership only: no calls
// into libbpf besides the matching free/close/destroy.
#pragma once

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <memory>

namespace bpftool::sys {

struct ObjectCloser {
  void operator()(struct bpf_object* o) const { bpf_object__close(o); }
};
struct LinkDestroyer {
  void operator()(struct bpf_link* l) const { bpf_link__destroy(l); }
};
struct BtfFreer {
  void operator()(struct btf* b) const { btf__free(b); }
};
struct BtfDumpFreer {
  void operator()(struct btf_dump* d) const { btf_dump__free(d); }
};
struct PerfBufferFreer {
  void operator()(struct perf_buffer* p) const { perf_buffer__free(p); }
};
struct RingBufferFreer {
  void operator()(struct ring_buffer* r) const { ring_buffer__free(r); }
};

/// An opened (maybe loaded) object; closing it unloads its programs and maps
/// unless something else (a pin, a link, an fd) still holds them.
using ObjectPtr = std::unique_ptr<struct bpf_object, ObjectCloser>;
/// An attachment; destroying it detaches unless it was pinned first.
using LinkPtr = std::unique_ptr<struct bpf_link, LinkDestroyer>;
/// BTF parsed from a file, built in memory or loaded from the kernel. Free a
/// split BTF before its base.
using BtfPtr = std::unique_ptr<struct btf, BtfFreer>;
using BtfDumpPtr = std::unique_ptr<struct btf_dump, BtfDumpFreer>;
/// Event readers over a perf event array / ring buffer map.
using PerfBufferPtr = std::unique_ptr<struct perf_buffer, PerfBufferFreer>;
using RingBufferPtr = std::unique_ptr<struct ring_buffer, RingBufferFreer>;

}  // namespace bpftool::sys
