// Source lines of a program dump: bpf_line_info records with their BTF
// strings, looked up by instruction or by native address the way libbpf's
// bpf_prog_linfo does. Pure data: the collector hands in what the kernel returned.
#pragma once

#include <bpf/btf.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace bpftool::model {

/// One bpf_line_info record with its strings from the program's BTF.
struct DumpLine {
  uint32_t insn_off = 0;
  std::optional<std::string> src;   // raw source line (not trimmed); nullopt: bad offset
  std::optional<std::string> file;  // nullopt: bad offset
  uint32_t line_num = 0;
  uint32_t line_col = 0;
};

/// Line records with libbpf's bpf_prog_linfo lookups, whose semantics (and
/// quirks) upstream's output depends on.
class LineTable {
 public:
  /// The table, or nullopt when libbpf would refuse the records (upstream then
  /// dumps without source lines). `jited_addrs` is the kernel's
  /// jited_line_info (empty when not returned); `ksyms`/`func_lens` the JIT
  /// function addresses and sizes.
  static std::optional<LineTable> build(std::vector<DumpLine> lines,
                                        std::span<const uint64_t> jited_addrs,
                                        std::span<const uint64_t> ksyms,
                                        std::span<const uint32_t> func_lens, bool jited_complete);

  /// bpf_prog_linfo__lfind: from record nr_skip on, the last record whose
  /// insn_off <= insn_off; null when record nr_skip starts after insn_off.
  const DumpLine* find(uint32_t insn_off, uint32_t nr_skip) const;
  /// bpf_prog_linfo__lfind_addr_func: the same by native address within JIT
  /// function func_idx; null without JIT line information.
  const DumpLine* find_jited(uint64_t addr, uint32_t func_idx, uint32_t nr_skip) const;

  size_t size() const { return lines_.size(); }

 private:
  std::vector<DumpLine> lines_;
  std::vector<uint64_t> jited_;       // one address per record, when usable
  std::vector<uint32_t> func_first_;  // per JIT function: its first record
  std::vector<uint32_t> func_count_;  // per JIT function: its record count
};

/// Decodes bpf_line_info records (`rec_size` bytes each, as the kernel
/// returned them) with their strings from the program's `btf`. Needs
/// rec_size >= sizeof(bpf_line_info).
std::vector<DumpLine> decode_line_info(const struct btf* btf, std::span<const uint8_t> records,
                                       uint32_t rec_size);

}  // namespace bpftool::model
