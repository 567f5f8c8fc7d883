// AtomicFile: a file written under a temporary name in its destination's
// directory and renamed into place only on commit, so a failed write never
// leaves a partial or empty file and an existing file stays as it was. No
// knowledge of what is written.
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "core/result.h"

namespace bpftool::sys {

class AtomicFile {
 public:
  /// Creates an empty temporary file (mode 0644 minus the umask, as an
  /// ordinary create) next to `dest`. Fails with the directory's errno.
  static Result<AtomicFile> create(const std::string& dest);
  AtomicFile(AtomicFile&& o) noexcept;
  AtomicFile& operator=(AtomicFile&&) = delete;
  AtomicFile(const AtomicFile&) = delete;
  /// Removes the temporary file unless commit() succeeded.
  ~AtomicFile();

  /// The temporary file's path: writers that open files by name (libbpf's
  /// linker) write here.
  const std::string& temp_path() const { return temp_; }
  const std::string& dest() const { return dest_; }
  /// Replaces the temporary file's content with `bytes`.
  Status write_all(std::span<const std::byte> bytes);
  /// fsync()s the temporary file, renames it onto the destination and fsync()s
  /// the directory. After a failure the temporary file is still removed.
  Status commit();

 private:
  AtomicFile(std::string dest, std::string temp) : dest_(std::move(dest)), temp_(std::move(temp)) {}
  std::string dest_;
  std::string temp_;  // empty once committed or moved from
};

/// AtomicFile::create + write_all + commit.
Status write_file_atomic(const std::string& dest, std::span<const std::byte> bytes);

}  // namespace bpftool::sys
