// `btf dump ... format c`: the vmlinux.h-style header upstream's newest
// bpftool writes, through libbpf's btf_dump, with upstream's default order
// (kind rank, then names) and its kfunc prototypes. No kernel access.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"
#include "output/out_stream.h"

struct btf;

namespace bpftool::btf {

/// The order upstream dumps types in by default: every id of `btf` (base ids
/// included, for split BTF) except one, sorted by kind rank, sort name, own
/// name, a hash of the names inside, then id. Upstream skips the first sorted
/// entry (it assumes that is void); so do we, for identical headers. Iterative.
std::vector<uint32_t> sorted_c_order(const struct btf* btf);

/// Writes the header. `roots` empty: all types (sorted unless `sorted` is
/// false) and the `bpf_kfunc` prototypes; otherwise only those roots and what
/// they need. Errors: libbpf's errno for the type it could not dump.
Status dump_c(output::OutStream& out, const struct btf* btf, std::span<const uint32_t> roots, bool sorted);

}  // namespace bpftool::btf
