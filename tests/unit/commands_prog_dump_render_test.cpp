// The `prog dump` renderers on hand-built records, no kernel: xlated (plain,
// linum, opcodes, JSON, DOT, a listing past 1000 instructions) and jited
// (multi-function with source lines, and the single-image layout), compared
// with tests/golden/prog/dump_*.
//
// These goldens record the output of the renderers as they were when the
// tests were written (bpftool-cpp 530ebfe), after comparing the same
// renderers on live programs against that build; they guard a refactoring,
// they are not upstream samples. Instruction texts come from disasm/ without
// a resolver (the command's kallsyms resolver is not part of the renderer).
#include <gtest/gtest.h>

#include <linux/bpf.h>

#include <cstring>
#include <string>
#include <vector>

#include "commands/prog_dump_render.h"
#include "disasm/cfg.h"
#include "disasm/insn.h"
#include "output/json_writer.h"
#include "output/out_stream.h"
#include "unit/golden.h"

namespace bpftool::commands {
namespace {

using model::DumpLine;
using model::LineTable;
using model::ProgDump;

// Output of one renderer call: plain text, or a JSON document with the
// writer's final newline.
template <class Fn>
std::string plain(Fn&& fn) {
  std::string s;
  {
    output::OutStream o(&s);
    fn(o);
  }
  return s;
}

template <class Fn>
std::string json(bool pretty, Fn&& fn) {
  std::string s;
  {
    output::OutStream o(&s);
    output::JsonWriter w(o, pretty);
    fn(w);
    w.finish();
  }
  return s;
}

DumpLine line(uint32_t off, std::optional<std::string> src, std::string file, uint32_t num,
              uint32_t col) {
  return DumpLine{off, std::move(src), std::move(file), num, col};
}

void set_image(ProgDump& d, std::vector<bpf_insn> insns) {
  d.xlated = std::move(insns);
  d.image.resize(d.xlated.size() * sizeof(bpf_insn));
  std::memcpy(d.image.data(), d.xlated.data(), d.image.size());
}

// A main function with a map lookup, a bpf-to-bpf call and a kfunc call, and
// one subprogram; func_info for both, line_info with upstream's quirks (two
// records at one instruction, a record with an unreadable source line, a file
// path longer than DOT's 32 characters).
ProgDump small_prog() {
  ProgDump d;
  d.kind = model::DumpKind::Xlated;
  set_image(d, {
                   bpf_insn{BPF_ALU64 | BPF_MOV | BPF_X, 6, 1, 0, 0},                // 0
                   bpf_insn{BPF_ST | BPF_MEM | BPF_W, 10, 0, -4, 0},                 // 1
                   bpf_insn{BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_FD, 0, 5},  // 2
                   bpf_insn{0, 0, 0, 0, 0},                                          // 3
                   bpf_insn{BPF_ALU64 | BPF_MOV | BPF_X, 2, 10, 0, 0},               // 4
                   bpf_insn{BPF_ALU64 | BPF_ADD, 2, 0, 0, -4},  // 5 (BPF_K is 0)
                   bpf_insn{BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem},   // 6
                   bpf_insn{BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3, 0},                   // 7
                   bpf_insn{BPF_LDX | BPF_MEM | BPF_W, 1, 0, 0, 0},                   // 8
                   bpf_insn{BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 4},            // 9
                   bpf_insn{BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, 12345},  // 10
                   bpf_insn{BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0},                 // 11
                   bpf_insn{BPF_JMP | BPF_EXIT, 0, 0, 0, 0},                          // 12
                   bpf_insn{BPF_LD | BPF_IMM | BPF_DW, 0, 0, 0, 0x12345678},          // 13
                   bpf_insn{0, 0, 0, 0, 0x1},                                         // 14
                   bpf_insn{BPF_JMP | BPF_EXIT, 0, 0, 0, 0},                          // 15
               });
  d.has_btf = true;
  d.funcs = {{0, "int prog_main(struct __sk_buff * skb)"}, {13, "int sub(int x)"}};
  const std::string file = "/home/user/projects/bpf/src/prog_main.bpf.c";
  d.lines = LineTable::build(
      {
          line(0, "int prog_main(struct __sk_buff *skb)", file, 10, 0),
          line(1, "\t__u32 key = 0;", file, 12, 8),
          line(2, "\tval = bpf_map_lookup_elem(&counts, &key);", file, 13, 8),
          line(2, "\tval = bpf_map_lookup_elem(&counts, &key);", file, 13, 14),
          line(7, "\tif (!val)", file, 14, 6),
          line(8, std::nullopt, file, 0, 0),
          line(9, "    return sub(*val) + kf();", file, 16, 2),
          line(11, "", file, 0, 0),
          line(13, "static int sub(int x) { return x; }", "sub.h", 3, 1),
      },
      {}, {}, {}, false);
  return d;
}

// r0 = i for 1002 instructions, then exit: numbers cross 1000.
ProgDump big_prog() {
  ProgDump d;
  std::vector<bpf_insn> insns;
  insns.reserve(1003);
  for (int32_t i = 0; i < 1002; i++)
    insns.push_back(bpf_insn{BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, i});
  insns.push_back(bpf_insn{BPF_JMP | BPF_EXIT, 0, 0, 0, 0});
  set_image(d, std::move(insns));
  return d;
}

XlatedView view_of(const ProgDump& d) {
  return XlatedView{d, d.insns(), [&d](fmt::memory_buffer& out, size_t i) {
                      disasm::format_insn(out, d.insns(), i, nullptr);
                    }};
}

std::string xlated_plain(const ProgDump& d, bool opcodes, bool linum) {
  return plain([&](output::OutStream& o) { render_xlated_plain(o, view_of(d), opcodes, linum); });
}

std::string xlated_json(const ProgDump& d, bool opcodes, bool linum, bool pretty) {
  return json(pretty,
              [&](output::JsonWriter& w) { render_xlated_json(w, view_of(d), opcodes, linum); });
}

TEST(ProgDumpRender, xlated_plain) {
  const ProgDump d = small_prog();
  EXPECT_GOLDEN("prog/dump_xlated.txt", xlated_plain(d, false, false));
  EXPECT_GOLDEN("prog/dump_xlated_linum.txt", xlated_plain(d, false, true));
  EXPECT_GOLDEN("prog/dump_xlated_opcodes.txt", xlated_plain(d, true, false));
}

TEST(ProgDumpRender, xlated_json) {
  const ProgDump d = small_prog();
  EXPECT_GOLDEN("prog/dump_xlated.json", xlated_json(d, false, false, false));
  EXPECT_GOLDEN("prog/dump_xlated_opcodes_linum.json", xlated_json(d, true, true, false));
  EXPECT_GOLDEN("prog/dump_xlated_opcodes_linum.pretty.json", xlated_json(d, true, true, true));
}

TEST(ProgDumpRender, xlated_without_btf_prints_no_prototypes_or_lines) {
  ProgDump d = small_prog();
  d.has_btf = false;
  d.lines.reset();
  EXPECT_GOLDEN("prog/dump_xlated_nobtf.txt", xlated_plain(d, false, false));
}

TEST(ProgDumpRender, xlated_dot) {
  const ProgDump d = small_prog();
  EXPECT_GOLDEN("prog/dump_xlated_visual_opcodes_linum.dot", plain([&](output::OutStream& o) {
                  render_xlated_dot(o, view_of(d), disasm::build_cfg(d.insns()), true, true);
                }));
}

TEST(ProgDumpRender, xlated_past_1000_instructions) {
  // Upstream prints the number with "%4u: " (bpftool 7.5 on): from 1000 on the
  // column is simply wider, with no blank before it; the opcodes line keeps
  // its 7 blanks.
  const ProgDump d = big_prog();
  EXPECT_GOLDEN("prog/dump_xlated_big_opcodes.txt", xlated_plain(d, true, false));
}

// --- jited ----------------------------------------------------------------

constexpr uint64_t kMain = 0xffffffffc0001000ull;
constexpr uint64_t kSub = 0xffffffffc0002000ull;

// Two JIT functions with the bytes and texts LLVM gave for a real x86-64
// program, and jited_line_info for both.
struct JitProg {
  ProgDump d;
  std::vector<JitFunc> funcs;
};

JitProg jit_prog() {
  JitProg p;
  ProgDump& d = p.d;
  d.kind = model::DumpKind::Jited;
  d.image = {0x0f, 0x1f, 0x44, 0x00, 0x00, 0x48, 0x31, 0xc0, 0x55, 0x48, 0x89,
             0xe5, 0xc9, 0xc3, 0x0f, 0x1f, 0x44, 0x00, 0x00, 0x31, 0xc0, 0xc3};
  d.nr_jited_ksyms = 2;
  d.jited_ksyms = {kMain, kSub};
  d.jited_func_lens = {14, 8};
  d.has_btf = true;
  d.funcs = {{0, "int prog_main(struct __sk_buff * skb)"}, {4, "int sub(int x)"}};
  d.lines = LineTable::build(
      {
          line(0, "int prog_main(struct __sk_buff *skb)", "/src/prog.bpf.c", 10, 0),
          line(2, "\treturn sub(1);", "/src/prog.bpf.c", 12, 2),
          line(4, "static int sub(int x)", "/src/prog.bpf.c", 3, 0),
          line(5, "    return 0;", "/src/prog.bpf.c", 4, 4),
      },
      std::vector<uint64_t>{kMain, kMain + 8, kSub, kSub + 5}, d.jited_ksyms, d.jited_func_lens,
      true);
  EXPECT_TRUE(d.lines);

  const std::span<const uint8_t> image(d.image);
  JitFunc main_fn;
  main_fn.with_header = true;
  main_fn.proto = d.funcs[0].proto;
  main_fn.name = "bpf_prog_2f0f639a67576884_prog_main";
  main_fn.bytes = image.first(14);
  main_fn.insns = {
      {0, 5, "\tnopl\t(%rax,%rax)"}, {5, 3, "\txorq\t%rax, %rax"}, {8, 1, "\tpushq\t%rbp"},
      {9, 3, "\tmovq\t%rsp, %rbp"},  {12, 1, "\tleave"},           {13, 1, "\tretq"}};
  main_fn.with_lines = true;
  main_fn.ksym = kMain;
  main_fn.func_idx = 0;
  JitFunc sub_fn;
  sub_fn.with_header = true;
  sub_fn.proto = d.funcs[1].proto;
  sub_fn.name = "bpf_prog_ef5d16eccfed9161_sub";
  sub_fn.bytes = image.subspan(14, 8);
  sub_fn.insns = {{0, 5, "\tnopl\t(%rax,%rax)"}, {5, 2, "\txorl\t%eax, %eax"}, {7, 1, "\tretq"}};
  sub_fn.with_lines = true;
  sub_fn.ksym = kSub;
  sub_fn.func_idx = 1;
  p.funcs = {std::move(main_fn), std::move(sub_fn)};
  return p;
}

// The kernel gave no function sizes: one image, no header, no lines.
JitProg jit_single() {
  JitProg p = jit_prog();
  p.d.jited_ksyms.clear();
  p.d.jited_func_lens.clear();
  JitFunc f;
  f.bytes = std::span<const uint8_t>(p.d.image);
  f.insns = p.funcs[0].insns;
  for (JitInsn i : p.funcs[1].insns) {
    i.pc += 14;
    f.insns.push_back(std::move(i));
  }
  p.funcs = {std::move(f)};
  return p;
}

std::string jited_plain(const JitProg& p, bool opcodes, bool linum) {
  return plain([&](output::OutStream& o) { render_jited_plain(o, p.d, p.funcs, opcodes, linum); });
}

std::string jited_json(const JitProg& p, bool opcodes, bool linum, bool pretty) {
  return json(pretty,
              [&](output::JsonWriter& w) { render_jited_json(w, p.d, p.funcs, opcodes, linum); });
}

TEST(ProgDumpRender, jited_functions) {
  const JitProg p = jit_prog();
  EXPECT_GOLDEN("prog/dump_jited.txt", jited_plain(p, false, false));
  EXPECT_GOLDEN("prog/dump_jited_opcodes_linum.txt", jited_plain(p, true, true));
  EXPECT_GOLDEN("prog/dump_jited.json", jited_json(p, false, false, false));
  EXPECT_GOLDEN("prog/dump_jited_opcodes_linum.pretty.json", jited_json(p, true, true, true));
}

TEST(ProgDumpRender, jited_single_image) {
  const JitProg p = jit_single();
  EXPECT_GOLDEN("prog/dump_jited_single_opcodes.txt", jited_plain(p, true, false));
  EXPECT_GOLDEN("prog/dump_jited_single.json", jited_json(p, false, false, false));
}

}  // namespace
}  // namespace bpftool::commands
