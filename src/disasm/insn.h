// One eBPF instruction as text, in the format of the kernel's verifier log and
// of bpftool (kernel/bpf/disasm.c): "(b7) r0 = 0", "(85) call bpf_tail_call#12".
// Pure formatting: names only the caller knows (kernel symbols, map ids) come
// through a Resolver. No kernel access.
#pragma once

#include <fmt/format.h>
#include <linux/bpf.h>

#include <cstddef>
#include <cstdint>
#include <span>

namespace bpftool::disasm {

/// The first half of a 64-bit immediate load (BPF_LD | BPF_IMM | BPF_DW); the
/// next instruction holds the upper 32 bits.
inline constexpr uint8_t kLdImm64 = BPF_LD | BPF_IMM | BPF_DW;

/// What the caller knows beyond the instruction bytes (the kernel's
/// bpf_insn_cbs). Each method appends its text to `out` and returns true, or
/// returns false to let the formatter print its default.
class Resolver {
 public:
  virtual ~Resolver() = default;
  /// The callee of a call the helper table cannot name: a bpf-to-bpf call, a
  /// kfunc, or a helper whose immediate the kernel rewrote to an address.
  /// Defaults: "+N" (bpf-to-bpf), "kernel-function" (kfunc), "unknown".
  virtual bool call(fmt::memory_buffer& out, const bpf_insn& insn) = 0;
  /// The operand of a 64-bit immediate load; `next` is the second half.
  /// Default: "0x<imm>".
  virtual bool imm64(fmt::memory_buffer& out, const bpf_insn& insn, const bpf_insn& next,
                     uint64_t full_imm) = 0;
};

/// Whether insn is the first half of a 64-bit immediate load.
inline bool is_ld_imm64(const bpf_insn& insn) {
  return insn.code == kLdImm64;
}

/// Appends the text of prog[i] (without a newline) to `out`. A 64-bit load
/// reads prog[i + 1] when it exists (a missing second half counts as zero).
/// `resolver` may be null.
void format_insn(fmt::memory_buffer& out, std::span<const bpf_insn> prog, size_t i,
                 Resolver* resolver);

/// The same, as a string (tests and callers off the hot path).
std::string insn_text(std::span<const bpf_insn> prog, size_t i, Resolver* resolver = nullptr);

}  // namespace bpftool::disasm
