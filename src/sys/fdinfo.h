// /proc/<pid>/fdinfo/<fd>: the kernel's text facts about an fd (memlock,
// frozen, owner_prog_type, prog_id/map_id/link_id...). One read per fd.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace bpftool::sys {

class FdInfo {
 public:
  /// Reads our own fd's fdinfo.
  static Result<FdInfo> of_fd(int fd);
  /// Reads another process's fdinfo (pid scanning); ENOENT when it vanished.
  static Result<FdInfo> of(pid_t pid, int fd);
  /// Reads fdinfo entry `fd` of an open /proc/<pid>/fdinfo directory: one
  /// openat, one read, one close (fdinfo text is always shorter than a page).
  static Result<FdInfo> at(int fdinfo_dirfd, int fd);
  /// Parses fdinfo text (tests).
  static FdInfo parse(std::string text) { return FdInfo(std::move(text)); }

  /// The value after "key:" with surrounding blanks removed.
  std::optional<std::string_view> get(std::string_view key) const;
  std::optional<uint64_t> get_u64(std::string_view key) const;

 private:
  explicit FdInfo(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

/// Reads a whole small file (proc, sysfs) into a string.
Result<std::string> read_small_file(const char* path);

}  // namespace bpftool::sys
