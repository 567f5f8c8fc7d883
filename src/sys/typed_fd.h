// Typed kernel fds: a ProgFd is never a MapFd. Each opens by id or by pin and
// checks the object type of a pin (upstream's "incorrect object type").
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "sys/bpf.h"
#include "sys/fd.h"

namespace bpftool::sys {

/// BPF_OBJ_GET with upstream's messages: "bpf obj get (PATH): strerror", and the
/// bpffs hint when PATH is not on a bpffs and the kernel said EACCES.
Result<Fd> open_pinned(const std::string& path, uint32_t file_flags = 0);
/// open_pinned, then checks that the object is a `want`: "incorrect object
/// type: link" otherwise, also when the kernel refused `file_flags` for the
/// object it found (links and programs take no BPF_F_RDONLY).
Result<Fd> open_pinned_as(ObjKind want, const std::string& path, uint32_t file_flags = 0);

template <ObjKind K>
class TypedFd {
 public:
  static constexpr ObjKind kKind = K;
  TypedFd() = default;
  explicit TypedFd(Fd fd) : fd_(std::move(fd)) {}

  /// Opens by id. Errors name the id: "get by id (N): strerror".
  static Result<TypedFd> from_id(uint32_t id, uint32_t open_flags = 0) {
    auto fd = get_fd_by_id(K, id, open_flags);
    if (!fd) return Error::sys(fd.error().errnum(), "get by id (" + std::to_string(id) + ")");
    return TypedFd(std::move(*fd));
  }
  /// Opens a pinned object and checks that it is of kind K.
  static Result<TypedFd> from_pin(const std::string& path, uint32_t file_flags = 0) {
    auto fd = open_pinned_as(K, path, file_flags);
    if (!fd) return std::move(fd).error();
    return TypedFd(std::move(*fd));
  }

  int get() const { return fd_.get(); }
  explicit operator bool() const { return static_cast<bool>(fd_); }
  Fd& fd() { return fd_; }

 private:
  Fd fd_;
};

using ProgFd = TypedFd<ObjKind::Prog>;
using MapFd = TypedFd<ObjKind::Map>;
using LinkFd = TypedFd<ObjKind::Link>;
using BtfFd = TypedFd<ObjKind::Btf>;


}  // namespace bpftool::sys
