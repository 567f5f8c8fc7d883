// Native (JIT) code → assembly text through LLVM's C disassembler API
// (llvm-c/Disassembler.h). libLLVM is loaded with dlopen when a disassembler
// is first created, never linked, so start-up and every other command stay
// light. No kernel access.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace bpftool::disasm {

/// The library names tried, in order, when BPFTOOL_LLVM_LIB is not set.
/// The first one is the one error messages name.
inline constexpr std::string_view kPreferredLlvm = "libLLVM-14.so.1";

class JitDisassembler {
 public:
  /// Loads libLLVM (once per process; the environment variable
  /// BPFTOOL_LLVM_LIB names another library file) and creates a disassembler
  /// for the target `arch` (empty: the host's default triple). Errors:
  /// "JIT disassembly needs LLVM (libLLVM-14.so.1): <dlerror>", or
  /// "Failed to create disassembler" when LLVM does not know the target.
  static Result<JitDisassembler> create(std::string_view arch = {});

  JitDisassembler(JitDisassembler&& o) noexcept;
  JitDisassembler& operator=(JitDisassembler&& o) noexcept;
  JitDisassembler(const JitDisassembler&) = delete;
  JitDisassembler& operator=(const JitDisassembler&) = delete;
  ~JitDisassembler();

  /// Decodes the instruction at bytes[0..len), located at address `pc`, into
  /// `out` (LLVM's text, which starts with a tab: "\tpushq\t%rbp"). Returns the
  /// instruction's size, or 0 when the bytes do not decode.
  size_t decode(const uint8_t* bytes, size_t len, uint64_t pc, std::string& out) const;

  /// The file name of the LLVM library in use.
  const std::string& library() const;

 private:
  explicit JitDisassembler(void* ctx) : ctx_(ctx) {}
  void* ctx_ = nullptr;  // LLVMDisasmContextRef
};

/// Whether this build can load LLVM at run time (dlopen support). Does not
/// load anything.
bool jit_disasm_supported();

}  // namespace bpftool::disasm
