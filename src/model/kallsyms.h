// /proc/kallsyms, read once on first use into a vector sorted by address
// (upstream re-reads it with sscanf per line and grows its array one element
// at a time). Addresses hidden by kptr_restrict give an empty table.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bpftool::model {

struct KernelSym {
  uint64_t addr = 0;
  std::string name;
  std::string module;  // "" for vmlinux
};

class Kallsyms {
 public:
  /// Parses `/proc/kallsyms`-format text (tests use this directly).
  static Kallsyms parse(const std::string& text);
  /// Loads /proc/kallsyms; empty when unreadable or when addresses are hidden.
  static Kallsyms load();

  bool empty() const { return syms_.empty(); }
  const std::vector<KernelSym>& symbols() const { return syms_; }
  /// The first symbol at exactly `addr` (in sorted order), or nullptr.
  const KernelSym* at(uint64_t addr) const;

 private:
  std::vector<KernelSym> syms_;
};

/// Whether the running x86-64 kernel has CONFIG_X86_KERNEL_IBT (kernel config
/// from /boot/config-$(uname -r) or /proc/config.gz). False elsewhere.
bool kernel_has_ibt();

}  // namespace bpftool::model
