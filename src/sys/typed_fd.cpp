#include "sys/typed_fd.h"


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

}  // namespace bpftool::sys
