// disasm/jit: LLVM's disassembler through dlopen. Skips where no libLLVM can
// be loaded (the error names the library); x86-64 bytes only.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "disasm/jit.h"

namespace bpftool::disasm {
namespace {

class Jit : public ::testing::Test {
 protected:
  void SetUp() override {
#if !defined(__x86_64__)
    GTEST_SKIP() << "x86-64 instruction bytes";
#endif
    auto d = JitDisassembler::create();
    if (!d) GTEST_SKIP() << d.error().message();
    dis_.emplace(std::move(*d));
  }
  std::string decode(std::vector<uint8_t> bytes, uint64_t pc, size_t* size = nullptr) {
    std::string out;
    size_t n = dis_->decode(bytes.data(), bytes.size(), pc, out);
    if (size) *size = n;
    return out;
  }
  std::optional<JitDisassembler> dis_;
};

TEST_F(Jit, decodes_att_syntax_with_a_leading_tab) {
  size_t n = 0;
  EXPECT_EQ(decode({0x55}, 0, &n), "\tpushq\t%rbp");
  EXPECT_EQ(n, 1u);
  EXPECT_EQ(decode({0x48, 0x89, 0xe5}, 0, &n), "\tmovq\t%rsp, %rbp");
  EXPECT_EQ(n, 3u);
  EXPECT_EQ(decode({0x0f, 0x1f, 0x44, 0x00, 0x00}, 0, &n), "\tnopl\t(%rax,%rax)");
  EXPECT_EQ(n, 5u);
  EXPECT_EQ(decode({0xc9}, 0), "\tleave");
  EXPECT_EQ(decode({0xc3}, 0), "\tretq");
}

TEST_F(Jit, branch_targets_are_absolute_from_the_given_address) {
  // je +4 at address 0xffffffffc0000034: target 0x...3a.
  EXPECT_EQ(decode({0x74, 0x04}, 0xffffffffc0000034ull), "\tje\t0xffffffffc000003a");
  // call rel32 at 0xffffffffc0036390 to 0xffffffff8152f550 (a helper).
  EXPECT_EQ(decode({0xe8, 0xbb, 0x91, 0x4f, 0xc1}, 0xffffffffc0036390ull),
            "\tcallq\t0xffffffff8152f550");
}

TEST_F(Jit, undecodable_bytes_give_zero) {
  size_t n = 7;
  // 0x06 (push es) does not exist in 64-bit mode.
  decode({0x06}, 0, &n);
  EXPECT_EQ(n, 0u);
  // A truncated instruction.
  decode({0x48, 0x89}, 0, &n);
  EXPECT_EQ(n, 0u);
}

TEST(JitLoad, a_missing_library_is_a_clear_error) {
  // The library is loaded once per process, so the check runs in a fresh
  // child ("threadsafe" death tests re-execute the binary) that names a
  // library which does not exist.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        ::setenv("BPFTOOL_LLVM_LIB", "libLLVM-does-not-exist.so.1", 1);
        auto d = JitDisassembler::create();
        if (d) std::_Exit(1);
        std::fputs(d.error().message().c_str(), stderr);
        std::_Exit(0);
      },
      ::testing::ExitedWithCode(0), "JIT disassembly needs LLVM.*libLLVM-does-not-exist");
}

TEST(JitLoad, support_is_compiled_in) {
  EXPECT_TRUE(jit_disasm_supported());
}

}  // namespace
}  // namespace bpftool::disasm
