// model/line_table: bpf_line_info records → source lines (decode_line_info on
// BTF built in memory), and libbpf's lookups walked the way the renderers walk
// them, compared with tests/golden/prog/line_table.txt. The golden records
// the lookups as they were when the test was written (bpftool-cpp 530ebfe).
#include "model/line_table.h"

#include <bpf/btf.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <linux/bpf.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "unit/golden.h"

namespace bpftool::model {
namespace {

struct BtfFree {
  void operator()(struct btf* b) const { btf__free(b); }
};

// Records as the kernel returns them with a larger record size than
// sizeof(bpf_line_info) (newer kernels may append fields).
constexpr uint32_t kRecSize = sizeof(bpf_line_info) + 4;

struct Raw {
  uint32_t insn_off;
  uint32_t file_off;
  uint32_t line_off;
  uint32_t line_num;
  uint32_t line_col;
};

std::vector<uint8_t> records(const std::vector<Raw>& raw) {
  std::vector<uint8_t> out(raw.size() * kRecSize, 0xee);
  for (size_t i = 0; i < raw.size(); i++) {
    bpf_line_info rec{raw[i].insn_off, raw[i].file_off, raw[i].line_off,
                      (raw[i].line_num << 10) | raw[i].line_col};
    std::memcpy(out.data() + i * kRecSize, &rec, sizeof(rec));
  }
  return out;
}

std::string describe(const DumpLine* l) {
  if (!l) return "-";
  return fmt::format("insn_off {} src {} file {} line {}:{}", l->insn_off,
                     l->src ? "\"" + *l->src + "\"" : std::string("(bad)"),
                     l->file ? *l->file : std::string("(bad)"), l->line_num, l->line_col);
}

class LineTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    btf_.reset(btf__new_empty());
    ASSERT_TRUE(btf_);
    const uint32_t file = str("/src/prog.bpf.c");
    const uint32_t a = str("int prog(struct __sk_buff *skb)");
    const uint32_t b = str("\t__u32 key = 0;");
    const uint32_t c = str("\treturn sub(key);");
    const uint32_t d = str("static int sub(int x)");
    raw_ = {
        {0, file, a, 10, 0},        // the function
        {1, file, b, 12, 8},        // the declaration
        {1, file, b, 12, 14},       // two records at one instruction
        {3, file, 0xfffff, 13, 2},  // a bad string offset
        {4, file, c, 14, 2},        // the return
        {6, 0xfffff, d, 3, 0},      // the subprogram, a bad file offset
    };
  }

  uint32_t str(const char* s) {
    const int off = btf__add_str(btf_.get(), s);
    EXPECT_GT(off, 0);
    return static_cast<uint32_t>(off);
  }

  std::vector<DumpLine> decoded() const {
    return decode_line_info(btf_.get(), records(raw_), kRecSize);
  }

  std::unique_ptr<struct btf, BtfFree> btf_;
  std::vector<Raw> raw_;
};

TEST_F(LineTableTest, decodes_records_and_walks_them_like_the_renderers) {
  std::vector<DumpLine> lines = decoded();
  std::string out = "decoded:\n";
  for (const DumpLine& l : lines) out += "  " + describe(&l) + "\n";

  // xlated: render_xlated_plain's walk, one lookup per instruction.
  auto t = LineTable::build(lines, {}, {}, {}, false);
  ASSERT_TRUE(t);
  out += "xlated walk:\n";
  uint32_t nr_skip = 0;
  for (uint32_t insn = 0; insn < 8; insn++) {
    const DumpLine* l = t->find(insn, nr_skip);
    if (l) nr_skip++;
    out += fmt::format("  insn {} nr_skip {}: {}\n", insn, nr_skip, describe(l));
  }

  // jited: two functions, render_jited_plain's walk by native address.
  const std::vector<uint64_t> ksyms{0x1000, 0x2000};
  const std::vector<uint32_t> lens{0x30, 0x10};
  const std::vector<uint64_t> addrs{0x1000, 0x1008, 0x100c, 0x1010, 0x1020, 0x2000};
  auto j = LineTable::build(lines, addrs, ksyms, lens, true);
  ASSERT_TRUE(j);
  out += "jited walk:\n";
  for (uint32_t f = 0; f < ksyms.size(); f++) {
    nr_skip = 0;
    for (uint32_t pc = 0; pc < lens[f]; pc += 4) {
      const DumpLine* l = j->find_jited(ksyms[f] + pc, f, nr_skip);
      if (l) nr_skip++;
      out += fmt::format("  func {} pc {:#x} nr_skip {}: {}\n", f, pc, nr_skip, describe(l));
    }
  }
  EXPECT_GOLDEN("prog/line_table.txt", out);
}

TEST_F(LineTableTest, inconsistent_jit_addresses_drop_the_table) {
  const std::vector<uint64_t> ksyms{0x1000, 0x2000};
  const std::vector<uint32_t> lens{0x30, 0x10};
  // libbpf's dissect_jited_func: the second function starts at no record.
  const std::vector<uint64_t> no_start{0x1000, 0x1008, 0x100c, 0x1010, 0x1020, 0x1ff0};
  EXPECT_FALSE(LineTable::build(decoded(), no_start, ksyms, lens, true));
  // Addresses must grow within a function, even for two records at one insn.
  const std::vector<uint64_t> repeated{0x1000, 0x1008, 0x1008, 0x1010, 0x1020, 0x2000};
  EXPECT_FALSE(LineTable::build(decoded(), repeated, ksyms, lens, true));
}

}  // namespace
}  // namespace bpftool::model
