// The pure parts of `prog dump` that need no kernel: kallsyms scanning with
// early termination, libbpf's line-info lookups, and the renderers' text
// helpers. (They live here because they test model/ and commands/ pieces of
// the dump; none of them skips without root. BTF signatures moved with their
// code to unit/btf_func_proto_test.cpp.)
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "commands/prog_dump_render.h"
#include "model/prog_dump.h"
#include "sys/libbpf_ptr.h"

namespace bpftool::test {
namespace {

using model::DumpLine;
using model::KsymNames;
using model::KsymScanner;
using model::LineTable;

// A kallsyms excerpt: vmlinux in address order (with an alias), then a module
// and BPF programs.
const char kKallsyms[] =
    "ffffffff81000000 T _stext\n"
    "ffffffff81000000 T _text\n"
    "ffffffff81100000 t bpf_trace_printk\n"
    "ffffffff81200000 T __bpf_call_base\n"
    "ffffffff81200100 T bpf_map_lookup_elem\n"
    "ffffffff81200200 t __htab_map_lookup_elem\n"
    "ffffffff81200200 t __htab_alias\n"
    "ffffffff81300000 T bpf_iter_num_new\n"
    "ffffffff81400000 T zzz_last_vmlinux\n"
    "ffffffffc0001000 t nft_do_chain\t[nf_tables]\n"
    "ffffffffc0002000 t bpf_prog_0123456789abcdef_sub\t[bpf]\n";

KsymNames scan(std::string_view text, std::vector<int32_t> rel, std::vector<uint64_t> abs,
               size_t chunk = 7, size_t* lines = nullptr) {
  KsymScanner s(rel, abs);
  for (size_t pos = 0; pos < text.size(); pos += chunk)
    if (!s.feed(text.substr(pos, chunk))) break;
  KsymNames names = s.finish();
  if (lines) *lines = s.lines();
  return names;
}

TEST(KsymScanner, resolves_call_immediates_against_the_call_base) {
  KsymNames k = scan(kKallsyms, {0x200, -0x100000, 0x100000}, {});
  EXPECT_EQ(k.call_base, 0xffffffff81200000ull);
  ASSERT_TRUE(k.find(0xffffffff81200200ull));
  // Aliases: the first name in kallsyms order.
  EXPECT_EQ(*k.find(0xffffffff81200200ull), "__htab_map_lookup_elem");
  // Negative immediates reach symbols read before __bpf_call_base.
  ASSERT_TRUE(k.find(0xffffffff81100000ull));
  EXPECT_EQ(*k.find(0xffffffff81100000ull), "bpf_trace_printk");
  ASSERT_TRUE(k.find(0xffffffff81300000ull));
  EXPECT_EQ(*k.find(0xffffffff81300000ull), "bpf_iter_num_new");
  EXPECT_EQ(k.find(0xffffffff81200100ull), nullptr);  // not asked for
}

TEST(KsymScanner, stops_once_vmlinux_targets_are_settled) {
  size_t lines = 0;
  KsymNames k = scan(kKallsyms, {0x100}, {}, 4096, &lines);
  ASSERT_TRUE(k.find(0xffffffff81200100ull));
  // It needs the line after bpf_map_lookup_elem to know no alias follows.
  EXPECT_EQ(lines, 6u);
}

TEST(KsymScanner, reads_to_the_end_for_module_and_bpf_addresses) {
  size_t lines = 0;
  KsymNames k = scan(kKallsyms, {}, {0xffffffffc0002000ull, 0xffffffffc0001000ull}, 3, &lines);
  EXPECT_EQ(lines, 11u);
  ASSERT_TRUE(k.find(0xffffffffc0002000ull));
  EXPECT_EQ(*k.find(0xffffffffc0002000ull), "bpf_prog_0123456789abcdef_sub");
  ASSERT_TRUE(k.find(0xffffffffc0001000ull));
  EXPECT_EQ(*k.find(0xffffffffc0001000ull), "nft_do_chain");
}

TEST(KsymScanner, unknown_addresses_have_no_name) {
  KsymNames k = scan(kKallsyms, {0x123}, {0xffffffffc0009999ull});
  EXPECT_EQ(k.find(0xffffffff81200123ull), nullptr);
  EXPECT_EQ(k.find(0xffffffffc0009999ull), nullptr);
  EXPECT_EQ(k.call_base, 0xffffffff81200000ull);
}

TEST(KsymScanner, hidden_addresses_give_no_names_and_no_base) {
  // kptr_restrict: every address reads 0; upstream drops its table at
  // __bpf_call_base.
  const char hidden[] =
      "0000000000000000 T _text\n"
      "0000000000000000 t bpf_trace_printk\n"
      "0000000000000000 T __bpf_call_base\n"
      "0000000000000000 T bpf_map_lookup_elem\n";
  KsymNames k = scan(hidden, {0, 16}, {0});
  EXPECT_EQ(k.call_base, 0u);
  EXPECT_TRUE(k.names.empty());
}

TEST(KsymScanner, no_call_base_means_base_zero) {
  const char text[] = "ffffffff81000000 T _text\nffffffff81000010 T foo";  // no final newline
  KsymNames k = scan(text, {0x10}, {0xffffffff81000010ull});
  EXPECT_EQ(k.call_base, 0u);
  ASSERT_TRUE(k.find(0xffffffff81000010ull));
  EXPECT_EQ(*k.find(0xffffffff81000010ull), "foo");
}

TEST(KsymScanner, nothing_wanted_reads_nothing) {
  KsymScanner s({}, {});
  EXPECT_FALSE(s.feed("ffffffff81000000 T _text\n"));
  EXPECT_TRUE(s.finish().names.empty());
}

DumpLine L(uint32_t off, const char* src = "x") {
  DumpLine l;
  l.insn_off = off;
  l.src = src;
  return l;
}

TEST(LineTable, find_returns_the_last_record_at_or_before_the_instruction) {
  auto t = LineTable::build({L(0, "a"), L(3, "b"), L(3, "c"), L(7, "d")}, {}, {}, {}, false);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->find(0, 0)->src, "a");
  EXPECT_EQ(t->find(2, 0)->src, "a");
  // Two records at one instruction: the last one wins, and nr_skip moves by one
  // only (upstream then prints "c" again at the next instruction).
  EXPECT_EQ(t->find(3, 1)->src, "c");
  EXPECT_EQ(t->find(4, 2)->src, "c");
  EXPECT_EQ(t->find(6, 3), nullptr);  // record 3 starts later
  EXPECT_EQ(t->find(9, 3)->src, "d");
  EXPECT_EQ(t->find(9, 4), nullptr);
}

TEST(LineTable, jited_lookups_need_consistent_jit_records) {
  std::vector<uint64_t> ksyms{0x1000, 0x2000};
  std::vector<uint32_t> lens{0x40, 0x20};
  std::vector<uint64_t> addrs{0x1000, 0x1010, 0x2000, 0x2008};
  auto t = LineTable::build({L(0, "a"), L(2, "b"), L(5, "c"), L(6, "d")}, addrs, ksyms, lens, true);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->find_jited(0x1000, 0, 0)->src, "a");
  EXPECT_EQ(t->find_jited(0x1004, 0, 1), nullptr);
  EXPECT_EQ(t->find_jited(0x1010, 0, 1)->src, "b");
  EXPECT_EQ(t->find_jited(0x1030, 0, 2), nullptr);  // function 0 has 2 records
  EXPECT_EQ(t->find_jited(0x2000, 1, 0)->src, "c");
  EXPECT_EQ(t->find_jited(0x2010, 1, 1)->src, "d");
  EXPECT_EQ(t->find_jited(0x2010, 2, 0), nullptr);

  // A function start that is not a record address: libbpf refuses the table.
  std::vector<uint64_t> bad{0x1000, 0x1010, 0x1ff0, 0x2008};
  EXPECT_FALSE(LineTable::build({L(0), L(2), L(5), L(6)}, bad, ksyms, lens, true));
  // Incomplete JIT records: xlated lookups only.
  auto x = LineTable::build({L(0), L(2)}, {}, ksyms, lens, false);
  ASSERT_TRUE(x);
  EXPECT_EQ(x->find_jited(0x1000, 0, 0), nullptr);
  EXPECT_TRUE(x->find(2, 1));
  EXPECT_FALSE(LineTable::build({}, {}, {}, {}, false));
}

TEST(DumpText, shorten_path_keeps_the_tail_within_32_characters) {
  EXPECT_EQ(commands::shorten_path("/short/path.c"), "/short/path.c");
  EXPECT_EQ(commands::shorten_path("/work/main/tests/bpf/prog_dump.bpf.c"),
            "/main/tests/bpf/prog_dump.bpf.c");
  // A base name longer than the limit keeps the base name.
  std::string base(40, 'b');
  EXPECT_EQ(commands::shorten_path("/dir/" + base), "/" + base);
  EXPECT_EQ(commands::shorten_path(base), base);
  // Cutting only "/w" is not worth the ellipsis.
  EXPECT_EQ(commands::shorten_path("/w/" + std::string(30, 'c')), "/w/" + std::string(30, 'c'));
}

TEST(DumpText, jit_text_splits_like_strtok) {
  std::string op;
  std::vector<std::string> args;
  commands::split_jit_text("\tmovq\t-8(%rbp), %rdi", op, args);
  EXPECT_EQ(op, "movq");
  EXPECT_EQ(args, (std::vector<std::string>{"-8", "%rbp", "%rdi"}));
  commands::split_jit_text("\tnopl\t(%rax,%rax)", op, args);
  EXPECT_EQ(op, "nopl");
  EXPECT_EQ(args, (std::vector<std::string>{"%rax", "%rax"}));
  commands::split_jit_text("\tretq", op, args);
  EXPECT_EQ(op, "retq");
  EXPECT_TRUE(args.empty());
  commands::split_jit_text("\tlock\t\torq\t%rbx, (%rax)", op, args);
  EXPECT_EQ(op, "lock");
  EXPECT_EQ(args, (std::vector<std::string>{"orq", "%rbx", "%rax"}));
}

}  // namespace
}  // namespace bpftool::test
