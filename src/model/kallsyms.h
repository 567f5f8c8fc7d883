// /proc/kallsyms, read two ways with one line parser: whole, into a vector
// sorted by address (Kallsyms: link's kprobe_multi), or scanned for a few
// wanted addresses, stopping early (KsymScanner: prog dump). Upstream
// re-reads it with sscanf per line and grows its array one element at a
// time. Addresses hidden by kptr_restrict give no names.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
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

/// Kernel symbol names for the addresses a dump refers to.
struct KsymNames {
  uint64_t call_base = 0;  // __bpf_call_base: helper call immediates are relative to it
  std::unordered_map<uint64_t, std::string> names;
  /// The name at exactly `addr` (the first in kallsyms order), or null.
  const std::string* find(uint64_t addr) const;
};

/// Names from kallsyms-format text for `absolute` addresses and for
/// `relative` call immediates (address = __bpf_call_base + imm). Reading
/// stops as soon as every wanted address is settled: kallsyms lists vmlinux
/// in address order before modules and BPF programs, so an address inside
/// vmlinux is settled once a later vmlinux symbol was read. Hidden addresses
/// (kptr_restrict) give no names, as upstream.
class KsymScanner {
 public:
  KsymScanner(std::span<const int32_t> relative, std::span<const uint64_t> absolute);
  /// Feeds the next chunk of text; false once nothing more is needed.
  bool feed(std::string_view chunk);
  /// Ends the input (a last line without a newline) and returns the names.
  KsymNames finish();
  /// Lines parsed so far (tests and benchmarks).
  size_t lines() const { return lines_; }

 private:
  void line(std::string_view l);
  void set_base(uint64_t base);
  void keep_early(uint64_t addr, std::string_view name);
  bool settled() const;
  void record(uint64_t addr, std::string_view name);

  std::vector<int32_t> relative_;
  std::vector<uint64_t> absolute_;
  std::vector<uint64_t> targets_;  // sorted; complete once the call base is known
  struct Early {                   // a symbol read before the call base
    uint64_t addr;
    uint32_t pos;  // its name in early_names_
    uint32_t len;
  };
  std::vector<Early> early_;
  std::string early_names_;
  // How far below __bpf_call_base a target can lie (the most negative call
  // immediate): symbols further behind the reading position are dropped.
  uint64_t early_reach_ = 0;
  bool keep_early_ = false;
  std::string partial_;  // a line split across chunks
  KsymNames out_;
  bool base_known_ = false;
  bool done_ = false;
  bool in_vmlinux_ = true;
  uint64_t kernel_start_ = 0;  // address of _text (or _stext)
  uint64_t max_vmlinux_ = 0;
  size_t lines_ = 0;
};

/// Reads /proc/kallsyms with a KsymScanner. Empty names when unreadable.
KsymNames lookup_ksyms(std::span<const int32_t> relative, std::span<const uint64_t> absolute);

/// Whether the running x86-64 kernel has CONFIG_X86_KERNEL_IBT (kernel config
/// from /boot/config-$(uname -r) or /proc/config.gz). False elsewhere.
bool kernel_has_ibt();

}  // namespace bpftool::model
