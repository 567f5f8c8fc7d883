// Plain, JSON and DOT views of `prog dump xlated|jited` (upstream's
// xlated_dumper.c, cfg.c, jit_disasm.c and btf_dumper.c line printers), byte
// for byte. Renderers see model/, output/ and the pure disasm/ types only:
// instruction texts come in through callbacks, never from the kernel.
#pragma once

#include <linux/bpf.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "disasm/cfg.h"
#include "model/prog_dump.h"
#include "output/json_writer.h"
#include "output/out_stream.h"

namespace bpftool::commands {

/// Appends the text of xlated instruction i ("(b7) r0 = 0") to `out`.
using InsnText = std::function<void(fmt::memory_buffer& out, size_t i)>;

/// What the xlated renderers print: the facts, the instructions and their text.
struct XlatedView {
  const model::ProgDump& dump;
  std::span<const bpf_insn> insns;
  InsnText text;
};

void render_xlated_plain(output::OutStream& o, const XlatedView& v, bool opcodes, bool linum);
void render_xlated_json(output::JsonWriter& w, const XlatedView& v, bool opcodes, bool linum);
/// The Graphviz DOT control-flow graph (`visual`).
void render_xlated_dot(output::OutStream& o, const XlatedView& v, const disasm::Cfg& cfg,
                       bool opcodes, bool linum);

/// One decoded native instruction.
struct JitInsn {
  uint32_t pc = 0;    // offset in the function
  uint32_t size = 0;  // bytes decoded (never 0)
  std::string text;   // as LLVM printed it ("\tpushq\t%rbp")
};

/// One JIT function (or the whole image when the kernel gave no function sizes).
struct JitFunc {
  bool with_header = false;  // multi-function layout: prototype, symbol, blank line
  std::string proto;         // "" when unknown
  std::string name;          // kallsyms name, "0x%016llx" or "unknown"
  std::span<const uint8_t> bytes;
  std::vector<JitInsn> insns;
  bool with_lines = false;  // source lines looked up by address
  uint64_t ksym = 0;        // the function's address (line lookups)
  uint32_t func_idx = 0;
};

void render_jited_plain(output::OutStream& o, const model::ProgDump& d,
                        const std::vector<JitFunc>& funcs, bool opcodes, bool linum);
void render_jited_json(output::JsonWriter& w, const model::ProgDump& d,
                       const std::vector<JitFunc>& funcs, bool opcodes, bool linum);

/// Splits an LLVM instruction text the way upstream's JSON output does:
/// the operation, then the operands (separators: blanks, commas, parentheses).
void split_jit_text(const std::string& text, std::string& operation,
                    std::vector<std::string>& operands);

/// upstream's shorten_path for DOT labels: long paths keep their last
/// components within 32 characters, starting at a '/'.
std::string_view shorten_path(std::string_view path);

}  // namespace bpftool::commands
