// ScopedBpffs: a private bpffs mounted on a fresh temp dir, unmounted and
// removed (with everything pinned in it) when the test ends, even on failure.
#pragma once

#include <string>

#include "core/result.h"

namespace bpftool::test {

class ScopedBpffs {
 public:
  /// mkdtemp + mount -t bpf. Fails (tests then skip) without root.
  static Result<ScopedBpffs> create();
  ScopedBpffs(ScopedBpffs&& o) noexcept : path_(std::move(o.path_)) { o.path_.clear(); }
  ScopedBpffs& operator=(ScopedBpffs&&) = delete;
  ScopedBpffs(const ScopedBpffs&) = delete;
  ~ScopedBpffs();

  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  explicit ScopedBpffs(std::string p) : path_(std::move(p)) {}
  std::string path_;
};

/// Removes every pin under `dir` (depth first) and the directories themselves.
void remove_tree(const std::string& dir);

/// True when we run as root and bpf() works; otherwise the reason.
std::string kernel_unavailable_reason();

}  // namespace bpftool::test
