// Listing kernel objects: *_GET_NEXT_ID, the vanished-object race and opening
// each fd, written once for every `show`.
#pragma once

#include <cstdint>
#include <functional>

#include "core/result.h"
#include "sys/bpf.h"
#include "sys/fd.h"
#include "sys/typed_fd.h"

namespace bpftool::model {

/// Calls `fn(id, fd)` for every object of `kind`, in id order. Objects that
/// vanish between listing and opening (ENOENT) are skipped silently. Stops at
/// the first error from `fn`. Errors carry upstream's wording ("can't get next
/// program: ...", "can't get prog by id (N): ...") and a privilege hint.
Status for_each_object(sys::ObjKind kind, uint32_t open_flags,
                       const std::function<Status(uint32_t id, sys::Fd& fd)>& fn);

/// The same over typed fds: `fn(id, TypedFd&)`; `fn` may move the fd away.
template <class TypedFd, class Fn>
Status for_each(uint32_t open_flags, Fn&& fn) {
  return for_each_object(TypedFd::kKind, open_flags, [&](uint32_t id, sys::Fd& fd) -> Status {
    TypedFd typed(std::move(fd));
    return fn(id, typed);
  });
}

/// Upstream's noun for messages: "program", "map", "link", "BTF object".
const char* kind_noun(sys::ObjKind kind);

}  // namespace bpftool::model
