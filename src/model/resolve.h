// Selectors (model::Selector) → open fds, with upstream's wording, plus a clear
// error where upstream is silent (a name or tag that matches nothing).
#pragma once

#include <cstdint>
#include <vector>

#include "model/selector.h"
#include "core/result.h"
#include "model/context.h"
#include "sys/typed_fd.h"

namespace bpftool::model {

/// Every program the spec names: one for id/pinned, one or more for tag/name.
/// No match is an error ("no program with name 'x'").
Result<std::vector<sys::ProgFd>> resolve_progs(const model::Selector& spec, CollectContext& ctx);
/// Exactly one program ("several programs match this handle" otherwise).
Result<sys::ProgFd> resolve_prog(const model::Selector& spec, CollectContext& ctx);

/// Every map the spec names. `open_flags` 0 or BPF_F_RDONLY.
Result<std::vector<sys::MapFd>> resolve_maps(const model::Selector& spec, uint32_t open_flags);
Result<sys::MapFd> resolve_map(const model::Selector& spec, uint32_t open_flags);

/// The link the spec names.
Result<sys::LinkFd> resolve_link(const model::Selector& spec);

/// The BTF object the spec names (BTF := id N), with upstream's "can't get BTF
/// object by id (N): ..." and the privilege hint.
Result<sys::BtfFd> resolve_btf(const model::Selector& spec);

/// The full name of a program (BTF name when the kernel's was cut at 15).
std::string prog_full_name(int fd, CollectContext& ctx);

}  // namespace bpftool::model
