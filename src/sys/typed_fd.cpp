#include "sys/typed_fd.h"

#include <cerrno>

#include "sys/bpffs.h"

namespace bpftool::sys {

Result<Fd> open_pinned(const std::string& path, uint32_t file_flags) {
  auto fd = obj_get(path, file_flags);
  if (fd) return fd;
  int e = fd.error().errnum();
  if (e == EACCES && !is_bpffs(path)) {
    return Error::msg(e, "bpf obj get (" + path + "): directory not in bpf file system (bpffs)");
  }
  return std::move(fd).error();
}

Result<Fd> open_pinned_as(ObjKind want, const std::string& path, uint32_t file_flags) {
  auto fd = open_pinned(path, file_flags);
  if (!fd) {
    if (file_flags == 0 || fd.error().errnum() != EINVAL) return fd;
    // The flags may be what the kernel refused: open without them only to
    // learn what the pin holds.
    auto plain = obj_get(path, 0);
    if (!plain) return fd;
    auto kind = fd_kind(plain->get());
    if (kind && *kind != want) return Error::msg(std::string("incorrect object type: ") + obj_kind_name(*kind));
    return fd;
  }
  auto kind = fd_kind(fd->get());
  if (!kind) return std::move(kind).error();
  if (*kind != want) return Error::msg(std::string("incorrect object type: ") + obj_kind_name(*kind));
  return fd;
}

}  // namespace bpftool::sys
