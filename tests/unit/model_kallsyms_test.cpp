// model/Kallsyms::parse: /proc/kallsyms text → a sorted symbol table.
#include <gtest/gtest.h>

#include <string>

#include "model/kallsyms.h"

namespace bpftool::model {
namespace {

TEST(Kallsyms, parses_vmlinux_and_module_symbols) {
  Kallsyms k = Kallsyms::parse(
      "ffffffff81000000 T _stext\n"
      "ffffffffc0a01230 t nft_do_chain\t[nf_tables]\n"
      "ffffffff8108a2c0 T schedule\n");
  ASSERT_EQ(k.symbols().size(), 3u);
  const auto& s = k.symbols();
  EXPECT_EQ(s[0].addr, 0xffffffff81000000u);
  EXPECT_EQ(s[0].name, "_stext");
  EXPECT_EQ(s[0].module, "");
  EXPECT_EQ(s[1].addr, 0xffffffff8108a2c0u);
  EXPECT_EQ(s[1].name, "schedule");
  EXPECT_EQ(s[2].addr, 0xffffffffc0a01230u);
  EXPECT_EQ(s[2].name, "nft_do_chain");
  EXPECT_EQ(s[2].module, "nf_tables");  // brackets stripped
}

TEST(Kallsyms, module_separated_by_spaces_and_without_newline_at_end) {
  Kallsyms k = Kallsyms::parse("ffffffffc0000000 t bpf_prog_6deef7357e7b4530_sd_fw   [bpf]");
  ASSERT_EQ(k.symbols().size(), 1u);
  EXPECT_EQ(k.symbols()[0].name, "bpf_prog_6deef7357e7b4530_sd_fw");
  EXPECT_EQ(k.symbols()[0].module, "bpf");
}

TEST(Kallsyms, sorts_by_address) {
  Kallsyms k = Kallsyms::parse(
      "ffffffff81000300 T c\n"
      "ffffffff81000100 T a\n"
      "ffffffff81000200 T b\n");
  ASSERT_EQ(k.symbols().size(), 3u);
  EXPECT_EQ(k.symbols()[0].name, "a");
  EXPECT_EQ(k.symbols()[1].name, "b");
  EXPECT_EQ(k.symbols()[2].name, "c");
}

TEST(Kallsyms, sorts_unsigned_across_the_sign_bit) {
  // Upstream's comparator subtracted and truncated to int; we compare properly.
  Kallsyms k = Kallsyms::parse(
      "ffffffff81000000 T high\n"
      "0000000000001000 A low\n"
      "0000000100000000 A mid\n");
  ASSERT_EQ(k.symbols().size(), 3u);
  EXPECT_EQ(k.symbols()[0].name, "low");
  EXPECT_EQ(k.symbols()[1].name, "mid");
  EXPECT_EQ(k.symbols()[2].name, "high");
}

TEST(Kallsyms, drops_zero_addresses) {
  Kallsyms k = Kallsyms::parse(
      "0000000000000000 A fixed_percpu_data\n"
      "ffffffff81000000 T _stext\n"
      "0000000000000000 t hidden\t[mod]\n");
  ASSERT_EQ(k.symbols().size(), 1u);
  EXPECT_EQ(k.symbols()[0].name, "_stext");
}

TEST(Kallsyms, hidden_bpf_call_base_empties_the_table) {
  // kptr_restrict: every address reads as zero, __bpf_call_base included.
  Kallsyms k = Kallsyms::parse(
      "ffffffff81000000 T _stext\n"
      "0000000000000000 T __bpf_call_base\n"
      "ffffffff81000100 T other\n");
  EXPECT_TRUE(k.empty());
  EXPECT_TRUE(k.symbols().empty());
  EXPECT_EQ(k.at(0xffffffff81000000u), nullptr);
}

TEST(Kallsyms, visible_bpf_call_base_is_kept) {
  Kallsyms k = Kallsyms::parse("ffffffff81234560 T __bpf_call_base\n");
  ASSERT_EQ(k.symbols().size(), 1u);
  EXPECT_EQ(k.symbols()[0].name, "__bpf_call_base");
}

TEST(Kallsyms, skips_malformed_lines) {
  Kallsyms k = Kallsyms::parse(
      "\n"
      "garbage\n"
      "ffffffff81000000\n"
      "ffffffff81000000 T\n"
      "zzzzzzzzzzzzzzzz T bad_address\n"
      "ffffffff81000010 T good\n");
  ASSERT_EQ(k.symbols().size(), 1u);
  EXPECT_EQ(k.symbols()[0].name, "good");
}

TEST(Kallsyms, empty_text) {
  EXPECT_TRUE(Kallsyms::parse("").empty());
  EXPECT_TRUE(Kallsyms().empty());
}

TEST(Kallsyms, at_finds_exact_addresses) {
  Kallsyms k = Kallsyms::parse(
      "ffffffff81000100 T a\n"
      "ffffffff81000200 T b\n"
      "ffffffffc0a01230 t nft_do_chain\t[nf_tables]\n");
  const KernelSym* s = k.at(0xffffffff81000200u);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->name, "b");
  const KernelSym* m = k.at(0xffffffffc0a01230u);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->module, "nf_tables");
  EXPECT_EQ(k.at(0xffffffff81000101u), nullptr);
  EXPECT_EQ(k.at(0), nullptr);
  EXPECT_EQ(k.at(0xffffffffffffffffu), nullptr);
}

TEST(Kallsyms, at_returns_the_first_of_several_symbols_at_one_address) {
  Kallsyms k = Kallsyms::parse(
      "ffffffff81000200 T second_in_file\n"
      "ffffffff81000100 T alias_one\n"
      "ffffffff81000100 T alias_two\n");
  const KernelSym* s = k.at(0xffffffff81000100u);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->name, "alias_one");  // sorting keeps file order for equal addresses
}

}  // namespace
}  // namespace bpftool::model
