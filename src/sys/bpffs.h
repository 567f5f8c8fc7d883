// The BPF file system: detection, mounting (upstream's mnt_fs), pinning with
// upstream's checks, and walking every mounted bpffs.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "sys/typed_fd.h"

namespace bpftool::sys {

/// True when `path` lies on a bpffs (statfs magic).
bool is_bpffs(const std::string& path);

/// Makes `dir` private (bind-mounting it onto itself if needed) and mounts a
/// bpffs on it with mode 0700, as upstream's mnt_fs. Returns the failing step.
Status mount_bpffs(const std::string& dir);

/// Prepares a pin at `file`: fails if it exists; mounts bpffs on its directory
/// when that directory is not on bpffs (unless `nomount`). Upstream's
/// mount_bpffs_for_file, with its messages.
Status prepare_pin_path(const std::string& file, bool nomount);

/// prepare_pin_path + BPF_OBJ_PIN. The pin outlives this process.
Status pin_fd(int fd, const std::string& file, bool nomount);
/// The same for a typed fd.
template <ObjKind K>
Status pin(const TypedFd<K>& fd, const std::string& file, bool nomount) {
  return pin_fd(fd.get(), file, nomount);
}

/// Makes sure `dir` is a directory on bpffs, creating it (one level) and mounting
/// a bpffs on it when needed, as upstream's create_and_mount_bpffs_dir.
Status prepare_pin_dir(const std::string& dir, bool nomount);

/// Mount points of every mounted bpffs, from /proc/mounts, in mount order.
std::vector<std::string> bpffs_mounts();

/// Calls `fn(path)` for every regular file under every bpffs mount, without
/// crossing into other file systems.
void walk_bpffs(const std::function<void(const std::string&)>& fn);

}  // namespace bpftool::sys
