#include "commands/prog_dump_render.h"

#include <cstring>

#include "core/hex.h"
#include "disasm/insn.h"

namespace bpftool::commands {

namespace {

using Buf = fmt::memory_buffer;

void append(Buf& b, std::string_view s) {
  b.append(s.data(), s.data() + s.size());
}

void append_hex_byte(Buf& b, uint8_t v) {
  const auto& h = core::kHexByte[v];
  b.append(h.data(), h.data() + 2);
}

// upstream fprint_hex(f, p, 8, " "): "b7 00 00 00 00 00 00 00".
void append_hex8(Buf& b, const void* p) {
  const auto* bytes = static_cast<const uint8_t*>(p);
  for (int i = 0; i < 8; i++) {
    if (i) b.push_back(' ');
    append_hex_byte(b, bytes[i]);
  }
}

// isspace() in the C locale.
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

std::string_view ltrim(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && is_space(s[i])) i++;
  return s.substr(i);
}

// btf_dump_linfo_plain.
void plain_line(Buf& b, const model::DumpLine& l, std::string_view prefix, bool linum) {
  if (!l.src) return;
  append(b, prefix);
  append(b, ltrim(*l.src));
  if (linum)
    fmt::format_to(fmt::appender(b), " [file:{} line_num:{} line_col:{}]",
                   l.file ? *l.file : std::string_view(), l.line_num, l.line_col);
  b.push_back('\n');
}

// btf_dump_linfo_json.
void json_line(output::JsonWriter& w, const model::DumpLine& l, bool linum) {
  if (l.src) w.string_field("src", ltrim(*l.src));
  if (!linum) return;
  if (l.file) w.string_field("file", *l.file);
  if (l.line_num) w.int_field("line_num", l.line_num);
  if (l.line_col) w.int_field("line_col", l.line_col);
}

// dotlabel_puts: characters that mean something in a record label.
void dot_escape_line(Buf& b, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '\\':
      case '"':
      case '{':
      case '}':
      case '<':
      case '>':
      case '|':
      case ' ':
        b.push_back('\\');
        [[fallthrough]];
      default:
        b.push_back(c);
    }
  }
}

constexpr std::string_view kDotEol = "\\l\\\n";  // left-aligned row, label continues

// btf_dump_linfo_dotlabel.
void dot_line(Buf& b, const model::DumpLine& l, bool linum) {
  if (!l.src || l.src->empty()) return;
  if (linum) {
    std::string_view file = l.file ? std::string_view(*l.file) : std::string_view();
    std::string_view shortfile = shorten_path(file);
    append(b, "; [");
    if (shortfile.size() < file.size()) append(b, "...");
    dot_escape_line(b, shortfile);
    fmt::format_to(fmt::appender(b), " line:{} col:{}]", l.line_num, l.line_col);
    append(b, kDotEol);
  }
  append(b, "; ");
  dot_escape_line(b, ltrim(*l.src));
  append(b, kDotEol);
}

// print_insn_for_graph: upstream formats into a 64-byte buffer, so a text of
// 63 characters or more loses its end (and its line break); then it escapes
// the record-label characters.
void dot_insn(Buf& b, std::string_view text) {
  constexpr size_t kBuf = 64;
  const bool cut = text.size() + 1 > kBuf - 1;
  if (cut) text = text.substr(0, kBuf - 1);
  for (char c : text) {
    if (c == '<' || c == '>' || c == '|' || c == '&') b.push_back('\\');
    b.push_back(c);
  }
  if (!cut) append(b, kDotEol);
}

// The prototype of the function starting at insn_off, advancing `rec` past a
// record that matches (upstream walks func_info records in order).
const std::string* func_at(const model::ProgDump& d, size_t& rec, size_t insn_off) {
  if (!d.has_btf || rec >= d.funcs.size() || d.funcs[rec].insn_off != insn_off) return nullptr;
  return &d.funcs[rec++].proto;
}

void hex_json(output::JsonWriter& w, const uint8_t* p, size_t n) {
  w.start_array();
  char s[4] = {'0', 'x', 0, 0};
  for (size_t i = 0; i < n; i++) {
    std::memcpy(s + 2, core::kHexByte[p[i]].data(), 2);
    w.string(std::string_view(s, 4));
  }
  w.end_array();
}

// "0x%hhx" of a register number.
std::string reg_hex(unsigned v) {
  return fmt::format("{:#x}", v);
}

}  // namespace

std::string_view shorten_path(std::string_view path) {
  constexpr size_t kMax = 32;
  if (path.size() <= kMax) return path;
  size_t slash = path.find('/', path.size() - kMax);
  if (slash != std::string_view::npos) {
    // Cutting a very short prefix ("/w") and adding "..." would lengthen it.
    if (slash < 3) return path;
    return path.substr(slash);
  }
  slash = path.rfind('/');
  if (slash != std::string_view::npos) return path.substr(slash);
  return path;
}

void render_xlated_plain(output::OutStream& o, const XlatedView& v, bool opcodes, bool linum) {
  const model::ProgDump& d = v.dump;
  Buf& b = o.buffer();
  size_t rec = 0;
  uint32_t nr_skip = 0;
  bool double_insn = false;
  for (size_t i = 0; i < v.insns.size(); i++) {
    if (double_insn) {
      double_insn = false;
      continue;
    }
    if (const std::string* proto = func_at(d, rec, i); proto && !proto->empty()) {
      append(b, *proto);
      append(b, ":\n");
    }
    if (d.lines) {
      if (const model::DumpLine* l = d.lines->find(static_cast<uint32_t>(i), nr_skip)) {
        plain_line(b, *l, "; ", linum);
        nr_skip++;
      }
    }
    double_insn = disasm::is_ld_imm64(v.insns[i]);
    fmt::format_to(fmt::appender(b), "{:4d}: ", static_cast<int64_t>(i));
    v.text(b, i);
    b.push_back('\n');
    if (opcodes) {
      append(b, "       ");
      append_hex8(b, &v.insns[i]);
      if (double_insn && i + 1 < v.insns.size()) {
        b.push_back(' ');
        append_hex8(b, &v.insns[i + 1]);
      }
      b.push_back('\n');
    }
    o.maybe_flush();
  }
}

void render_xlated_json(output::JsonWriter& w, const XlatedView& v, bool opcodes, bool linum) {
  const model::ProgDump& d = v.dump;
  size_t rec = 0;
  uint32_t nr_skip = 0;
  bool double_insn = false;
  Buf text;
  w.start_array();
  for (size_t i = 0; i < v.insns.size(); i++) {
    if (double_insn) {
      double_insn = false;
      continue;
    }
    const bpf_insn& insn = v.insns[i];
    double_insn = disasm::is_ld_imm64(insn);
    w.start_object();
    if (const std::string* proto = func_at(d, rec, i); proto && !proto->empty())
      w.string_field("proto", *proto);
    if (d.lines) {
      if (const model::DumpLine* l = d.lines->find(static_cast<uint32_t>(i), nr_skip)) {
        json_line(w, *l, linum);
        nr_skip++;
      }
    }
    text.clear();
    v.text(text, i);
    w.string_field("disasm", std::string_view(text.data(), text.size()));
    if (opcodes) {
      w.name("opcodes");
      w.start_object();
      w.string_field("code", fmt::format("0x{:02x}", insn.code));
      w.string_field("src_reg", reg_hex(insn.src_reg));
      w.string_field("dst_reg", reg_hex(insn.dst_reg));
      w.name("off");
      hex_json(w, reinterpret_cast<const uint8_t*>(&insn.off), 2);
      w.name("imm");
      // A 64-bit load shows 12 bytes: its immediate and all of the second half.
      uint8_t imm[12];
      std::memcpy(imm, &insn.imm, 4);
      const bool wide = double_insn && i + 1 < v.insns.size();
      if (wide) std::memcpy(imm + 4, &v.insns[i + 1], 8);
      hex_json(w, imm, wide ? 12 : 4);
      w.end_object();
    }
    w.end_object();
  }
  w.end_array();
}

void render_xlated_dot(output::OutStream& o, const XlatedView& v, const disasm::Cfg& cfg,
                       bool opcodes, bool linum) {
  const model::ProgDump& d = v.dump;
  Buf& b = o.buffer();
  Buf text;
  append(b, "digraph \"DOT graph for eBPF program\" {\n");
  for (const disasm::CfgFunc& f : cfg.funcs) {
    fmt::format_to(fmt::appender(b),
                   "subgraph \"cluster_{0}\" "
                   "{{\n\tstyle=\"dashed\";\n\tcolor=\"black\";\n\tlabel=\"func_{0} ()\";\n",
                   f.idx);
    for (const disasm::CfgBlock& bb : f.blocks) {
      fmt::format_to(fmt::appender(b), "\tfn_{}_bb_{} [shape={},style=filled,label=\"", f.idx,
                     bb.idx, bb.special() ? "Mdiamond" : "record");
      if (bb.idx == disasm::kEntryBlock) {
        append(b, "ENTRY");
      } else if (bb.idx == disasm::kExitBlock) {
        append(b, "EXIT");
      } else {
        append(b, "{\\\n");
        // upstream dump_xlated_for_graph: offsets relative to the function,
        // func_info and line lookups restarted for every block.
        size_t rec = 0;
        const model::DumpLine* last = nullptr;
        bool double_insn = false;
        for (size_t cur = bb.head; cur <= bb.tail && cur < v.insns.size(); cur++) {
          if (double_insn) {
            double_insn = false;
            continue;
          }
          double_insn = disasm::is_ld_imm64(v.insns[cur]);
          const size_t insn_off = cur - f.start;
          if (const std::string* proto = func_at(d, rec, insn_off); proto && !proto->empty()) {
            append(b, "; ");
            append(b, *proto);
            append(b, ":");
            append(b, kDotEol);
          }
          if (d.lines) {
            const model::DumpLine* l = d.lines->find(static_cast<uint32_t>(insn_off), 0);
            if (l && l != last) {
              dot_line(b, *l, linum);
              last = l;
            }
          }
          fmt::format_to(fmt::appender(b), "{}: ", insn_off);
          text.clear();
          v.text(text, cur);
          dot_insn(b, std::string_view(text.data(), text.size()));
          if (opcodes) {
            append(b, "\\ \\ \\ \\ ");
            append_hex8(b, &v.insns[cur]);
            if (double_insn && cur + 1 <= bb.tail && cur + 1 < v.insns.size()) {
              b.push_back(' ');
              append_hex8(b, &v.insns[cur + 1]);
            }
            append(b, kDotEol);
          }
          if (cur != bb.tail) append(b, "| ");
        }
        append(b, "}");
      }
      append(b, "\"];\n\n");
      o.maybe_flush();
    }
    for (const disasm::CfgBlock& bb : f.blocks)
      for (int succ : bb.succs)
        fmt::format_to(
            fmt::appender(b),
            "\tfn_{0}_bb_{1}:s -> fn_{0}_bb_{2}:n [style=\"solid,bold\", color=black, weight=10, "
            "constraint=true];\n",
            f.idx, bb.idx, succ);
    fmt::format_to(fmt::appender(b),
                   "\tfn_{0}_bb_{1}:s -> fn_{0}_bb_{2}:n [style=\"invis\", constraint=true];\n",
                   f.idx, disasm::kEntryBlock, disasm::kExitBlock);
    append(b, "}\n");
    o.maybe_flush();
  }
  append(b, "}\n");
  o.maybe_flush();
}

void split_jit_text(const std::string& text, std::string& operation,
                    std::vector<std::string>& operands) {
  // strtok(s, " \t") for the operation, then strtok(NULL, " \t,()").
  operation.clear();
  operands.clear();
  size_t i = 0;
  auto skip = [&](std::string_view delims) {
    while (i < text.size() && delims.find(text[i]) != std::string_view::npos) i++;
  };
  auto token = [&](std::string_view delims) {
    size_t start = i;
    while (i < text.size() && delims.find(text[i]) == std::string_view::npos) i++;
    std::string t = text.substr(start, i - start);
    if (i < text.size()) i++;  // strtok consumes one delimiter
    return t;
  };
  skip(" \t");
  if (i >= text.size()) return;
  operation = token(" \t");
  for (;;) {
    skip(" \t,()");
    if (i >= text.size()) break;
    operands.push_back(token(" \t,()"));
  }
}

namespace {

const model::DumpLine* jit_line(const model::ProgDump& d, const JitFunc& f, uint32_t pc,
                                uint32_t& nr_skip) {
  if (!f.with_lines || !d.lines) return nullptr;
  const model::DumpLine* l = d.lines->find_jited(f.ksym + pc, f.func_idx, nr_skip);
  if (l) nr_skip++;
  return l;
}

}  // namespace

void render_jited_plain(output::OutStream& o, const model::ProgDump& d,
                        const std::vector<JitFunc>& funcs, bool opcodes, bool linum) {
  Buf& b = o.buffer();
  for (const JitFunc& f : funcs) {
    if (f.with_header) {
      if (!f.proto.empty()) {
        append(b, f.proto);
        append(b, ":\n");
      }
      append(b, f.name);
      append(b, ":\n");
    }
    uint32_t nr_skip = 0;
    for (const JitInsn& insn : f.insns) {
      if (const model::DumpLine* l = jit_line(d, f, insn.pc, nr_skip))
        plain_line(b, *l, "; ", linum);
      fmt::format_to(fmt::appender(b), "{:4x}:", insn.pc);
      append(b, insn.text);
      if (opcodes) {
        append(b, "\n\t");
        for (uint32_t k = 0; k < insn.size; k++) {
          append_hex_byte(b, f.bytes[insn.pc + k]);
          b.push_back(' ');
        }
      }
      b.push_back('\n');
      o.maybe_flush();
    }
    if (f.with_header) b.push_back('\n');
  }
}

namespace {

void jited_insns_json(output::JsonWriter& w, const model::ProgDump& d, const JitFunc& f,
                      bool opcodes, bool linum) {
  std::string operation;
  std::vector<std::string> operands;
  uint32_t nr_skip = 0;
  w.start_array();
  for (const JitInsn& insn : f.insns) {
    w.start_object();
    if (const model::DumpLine* l = jit_line(d, f, insn.pc, nr_skip)) json_line(w, *l, linum);
    w.string_field("pc", fmt::format("{:#x}", insn.pc));
    split_jit_text(insn.text, operation, operands);
    w.string_field("operation", operation);
    w.name("operands");
    w.start_array();
    // upstream writes null into the array when there is no operand.
    if (operands.empty()) w.null();
    for (const auto& op : operands) w.string(op);
    w.end_array();
    if (opcodes) {
      w.name("opcodes");
      hex_json(w, f.bytes.data() + insn.pc, insn.size);
    }
    w.end_object();
  }
  w.end_array();
}

}  // namespace

void render_jited_json(output::JsonWriter& w, const model::ProgDump& d,
                       const std::vector<JitFunc>& funcs, bool opcodes, bool linum) {
  const bool multi = !funcs.empty() && funcs.front().with_header;
  if (!multi) {
    if (funcs.empty()) {
      w.start_array();
      w.end_array();
      return;
    }
    jited_insns_json(w, d, funcs.front(), opcodes, linum);
    return;
  }
  w.start_array();
  for (const JitFunc& f : funcs) {
    w.start_object();
    if (!f.proto.empty()) w.string_field("proto", f.proto);
    w.string_field("name", f.name);
    w.name("insns");
    jited_insns_json(w, d, f, opcodes, linum);
    w.end_object();
  }
  w.end_array();
}

}  // namespace bpftool::commands
