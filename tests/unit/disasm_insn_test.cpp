// disasm/insn: every instruction form of the kernel's disassembler
// (kernel/bpf/disasm.c), with hand-built instructions. The expected strings
// were checked against bpftool 7.5's `prog dump xlated` of programs loaded
// with these instructions (load_acquire/store_release, which 7.5 predates,
// follow the newest disasm.c).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "disasm/helpers.h"
#include "disasm/insn.h"

namespace bpftool::disasm {
namespace {

bpf_insn I(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm) {
  bpf_insn i{};
  i.code = code;
  i.dst_reg = dst & 0xf;
  i.src_reg = src & 0xf;
  i.off = off;
  i.imm = imm;
  return i;
}

std::string text(const bpf_insn& insn, Resolver* r = nullptr) {
  std::vector<bpf_insn> prog{insn};
  return insn_text(prog, 0, r);
}

struct Case {
  bpf_insn insn;
  const char* want;
};

class InsnFormat : public ::testing::TestWithParam<Case> {};

TEST_P(InsnFormat, matches_kernel_text) {
  EXPECT_EQ(text(GetParam().insn), GetParam().want);
}

constexpr uint8_t kMemsx = 0x80;
constexpr uint8_t kJcond = 0xe0;

INSTANTIATE_TEST_SUITE_P(
    Alu, InsnFormat,
    ::testing::Values(
        Case{I(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0), "(b7) r0 = 0"},
        Case{I(BPF_ALU64 | BPF_MOV | BPF_X, 6, 1, 0, 0), "(bf) r6 = r1"},
        Case{I(BPF_ALU | BPF_MOV | BPF_K, 1, 0, 0, 5), "(b4) w1 = 5"},
        Case{I(BPF_ALU | BPF_MOV | BPF_X, 1, 1, 0, 0), "(bc) w1 = w1"},
        Case{I(BPF_ALU64 | BPF_ADD | BPF_K, 2, 0, 0, -4), "(07) r2 += -4"},
        Case{I(BPF_ALU64 | BPF_ADD | BPF_X, 0, 8, 0, 0), "(0f) r0 += r8"},
        Case{I(BPF_ALU64 | BPF_SUB | BPF_K, 11, 0, 0, 1), "(17) r11 -= 1"},
        Case{I(BPF_ALU64 | BPF_MUL | BPF_K, 1, 0, 0, -3), "(27) r1 *= -3"},
        Case{I(BPF_ALU64 | BPF_DIV | BPF_X, 1, 2, 0, 0), "(3f) r1 /= r2"},
        Case{I(BPF_ALU64 | BPF_OR | BPF_K, 1, 0, 0, 8), "(47) r1 |= 8"},
        Case{I(BPF_ALU64 | BPF_AND | BPF_K, 1, 0, 0, 255), "(57) r1 &= 255"},
        Case{I(BPF_ALU | BPF_LSH | BPF_K, 1, 0, 0, 1), "(64) w1 <<= 1"},
        Case{I(BPF_ALU64 | BPF_LSH | BPF_K, 0, 0, 0, 3), "(67) r0 <<= 3"},
        Case{I(BPF_ALU64 | BPF_RSH | BPF_K, 1, 0, 0, 32), "(77) r1 >>= 32"},
        Case{I(BPF_ALU64 | BPF_MOD | BPF_K, 1, 0, 0, 10), "(97) r1 %= 10"},
        Case{I(BPF_ALU | BPF_XOR | BPF_X, 0, 0, 0, 0), "(ac) w0 ^= w0"},
        Case{I(BPF_ALU64 | BPF_XOR | BPF_X, 1, 2, 0, 0), "(af) r1 ^= r2"},
        Case{I(BPF_ALU64 | BPF_ARSH | BPF_K, 1, 0, 0, 3), "(c7) r1 s>>= 3"},
        Case{I(BPF_ALU | BPF_NEG, 1, 0, 0, 0), "(84) w1 = -w1"},
        Case{I(BPF_ALU64 | BPF_NEG, 1, 0, 0, 0), "(87) r1 = -r1"},
        Case{I(BPF_ALU | BPF_END | BPF_TO_BE, 1, 0, 0, 16), "(dc) r1 = be16 r1"},
        Case{I(BPF_ALU | BPF_END | BPF_TO_LE, 1, 0, 0, 32), "(d4) r1 = le32 r1"},
        Case{I(BPF_ALU64 | BPF_END, 1, 0, 0, 64), "(d7) r1 = bswap64 r1"},
        // Signed division and modulo (off 1), sign-extending moves (off 8/16/32).
        Case{I(BPF_ALU64 | BPF_DIV | BPF_X, 1, 2, 1, 0), "(3f) r1 s/= r2"},
        Case{I(BPF_ALU | BPF_MOD | BPF_X, 1, 2, 1, 0), "(9c) w1 s%= w2"},
        Case{I(BPF_ALU64 | BPF_DIV | BPF_K, 1, 0, 1, 3), "(37) r1 s/= 3"},
        Case{I(BPF_ALU64 | BPF_MOD | BPF_K, 1, 0, 1, 3), "(97) r1 s%= 3"},
        Case{I(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, 8, 0), "(bf) r1 = (s8)r2"},
        Case{I(BPF_ALU | BPF_MOV | BPF_X, 1, 2, 16, 0), "(bc) w1 = (s16)w2"},
        Case{I(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, 32, 0), "(bf) r1 = (s32)r2"},
        // A sign-extending move with an immediate has no (sN) form.
        Case{I(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 8, 7), "(b7) r1 = 7"},
        // Arena address space cast and the kernel-internal per-CPU move.
        Case{I(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, 1, 1), "(bf) r1 = addr_space_cast(r2, 0, 1)"},
        Case{I(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, 1, 0x10000),
             "(bf) r1 = addr_space_cast(r2, 1, 0)"},
        Case{I(BPF_ALU64 | BPF_MOV | BPF_X, 0, 0, -1, 0), "(bf) r0 = &(void __percpu *)(r0)"},
        // Operators with no name print as printf("%s", NULL) does with glibc.
        Case{I(BPF_ALU64 | 0xe0 | BPF_K, 1, 0, 0, 1), "(e7) r1 (null) 1"}));

INSTANTIATE_TEST_SUITE_P(
    LoadStore, InsnFormat,
    ::testing::Values(
        Case{I(BPF_STX | BPF_MEM | BPF_DW, 10, 1, -8, 0), "(7b) *(u64 *)(r10 -8) = r1"},
        Case{I(BPF_STX | BPF_MEM | BPF_W, 10, 1, -12, 0), "(63) *(u32 *)(r10 -12) = r1"},
        Case{I(BPF_STX | BPF_MEM | BPF_H, 1, 2, 0, 0), "(6b) *(u16 *)(r1 +0) = r2"},
        Case{I(BPF_STX | BPF_MEM | BPF_B, 1, 2, 7, 0), "(73) *(u8 *)(r1 +7) = r2"},
        Case{I(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -32, 65535), "(7a) *(u64 *)(r10 -32) = 65535"},
        Case{I(BPF_ST | BPF_MEM | BPF_W, 10, 0, -16, 0), "(62) *(u32 *)(r10 -16) = 0"},
        Case{I(BPF_ST | 0xc0, 0, 0, 0, 0), "(c2) nospec"},
        Case{I(BPF_ST | BPF_ABS | BPF_W, 0, 0, 0, 0), "BUG_st_22"},
        Case{I(BPF_LDX | BPF_MEM | BPF_W, 1, 6, 112, 0), "(61) r1 = *(u32 *)(r6 +112)"},
        Case{I(BPF_LDX | BPF_MEM | BPF_H, 1, 1, 176, 0), "(69) r1 = *(u16 *)(r1 +176)"},
        Case{I(BPF_LDX | BPF_MEM | BPF_DW, 6, 10, -40, 0), "(79) r6 = *(u64 *)(r10 -40)"},
        Case{I(BPF_LDX | kMemsx | BPF_B, 1, 10, -8, 0), "(91) r1 = *(s8 *)(r10 -8)"},
        Case{I(BPF_LDX | kMemsx | BPF_H, 1, 10, -8, 0), "(89) r1 = *(s16 *)(r10 -8)"},
        Case{I(BPF_LDX | kMemsx | BPF_W, 1, 10, -8, 0), "(81) r1 = *(s32 *)(r10 -8)"},
        Case{I(BPF_LDX | BPF_ABS | BPF_W, 1, 10, -8, 0), "BUG_ldx_21"},
        Case{I(BPF_LD | BPF_ABS | BPF_B, 0, 0, 0, 12), "(30) r0 = *(u8 *)skb[12]"},
        Case{I(BPF_LD | BPF_IND | BPF_H, 0, 7, 0, 2), "(48) r0 = *(u16 *)skb[r7 + 2]"},
        Case{I(BPF_LD | BPF_MEM | BPF_W, 0, 0, 0, 0), "BUG_ld_60"}));

INSTANTIATE_TEST_SUITE_P(
    Atomic, InsnFormat,
    ::testing::Values(
        Case{I(BPF_STX | BPF_ATOMIC | BPF_DW, 10, 1, -8, BPF_ADD),
             "(db) lock *(u64 *)(r10 -8) += r1"},
        Case{I(BPF_STX | BPF_ATOMIC | BPF_W, 10, 1, -16, BPF_OR),
             "(c3) lock *(u32 *)(r10 -16) |= r1"},
        Case{I(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 6, 0, BPF_AND), "(db) lock *(u64 *)(r0 +0) &= r6"},
        Case{I(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 6, 0, BPF_XOR), "(db) lock *(u64 *)(r0 +0) ^= r6"},
        Case{I(BPF_STX | BPF_ATOMIC | BPF_DW, 10, 1, -8, BPF_ADD | BPF_FETCH),
             "(db) r1 = atomic64_fetch_add((u64 *)(r10 -8), r1)"},
        Case{I(BPF_STX | BPF_ATOMIC | BPF_DW, 10, 1, -8, BPF_AND | BPF_FETCH),
             "(db) r1 = atomic64_fetch_and((u64 *)(r10 -8), r1)"},
        Case{I(BPF_STX | BPF_ATOMIC | BPF_W, 10, 1, -16, BPF_XOR | BPF_FETCH),
             "(c3) r1 = atomic_fetch_xor((u32 *)(r10 -16), r1)"},
        Case{I(BPF_STX | BPF_ATOMIC | BPF_W, 10, 1, -16, BPF_OR | BPF_FETCH),
             "(c3) r1 = atomic_fetch_or((u32 *)(r10 -16), r1)"},
        Case{I(BPF_STX | BPF_ATOMIC | BPF_DW, 10, 1, -8, BPF_XCHG),
             "(db) r1 = atomic64_xchg((u64 *)(r10 -8), r1)"},
        Case{I(BPF_STX | BPF_ATOMIC | BPF_DW, 10, 1, -8, BPF_CMPXCHG),
             "(db) r0 = atomic64_cmpxchg((u64 *)(r10 -8), r0, r1)"},
        Case{I(BPF_STX | BPF_ATOMIC | BPF_W, 10, 1, -16, BPF_CMPXCHG),
             "(c3) r0 = atomic_cmpxchg((u32 *)(r10 -16), r0, r1)"},
        Case{I(BPF_STX | BPF_ATOMIC | BPF_DW, 1, 10, -8, 0x100),
             "(db) r1 = load_acquire((u64 *)(r10 -8))"},
        Case{I(BPF_STX | BPF_ATOMIC | BPF_W, 10, 1, -16, 0x110),
             "(c3) store_release((u32 *)(r10 -16), r1)"},
        Case{I(BPF_STX | BPF_ATOMIC | BPF_DW, 10, 1, -8, BPF_SUB), "BUG_db"},
        Case{I(BPF_STX | BPF_ABS | BPF_DW, 10, 1, -8, 0), "BUG_3b"}));

INSTANTIATE_TEST_SUITE_P(
    Jump, InsnFormat,
    ::testing::Values(
        Case{I(BPF_JMP | BPF_JA, 0, 0, 16, 0), "(05) goto pc+16"},
        Case{I(BPF_JMP | BPF_JA, 0, 0, -6, 0), "(05) goto pc-6"},
        Case{I(BPF_JMP | BPF_JA, 0, 0, 0, 0), "(05) goto pc+0"},
        Case{I(BPF_JMP32 | BPF_JA, 0, 0, 0, 70000), "(06) gotol pc+70000"},
        Case{I(BPF_JMP | BPF_JA | BPF_X, 3, 0, 0, 0), "(0d) gotox r3"},
        Case{I(BPF_JMP | kJcond, 0, 0, 5, 0), "(e5) may_goto pc+5"},
        Case{I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0), "(95) exit"},
        Case{I(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1, 0), "(15) if r0 == 0x0 goto pc+1"},
        Case{I(BPF_JMP | BPF_JNE | BPF_K, 0, 0, -9, 0), "(55) if r0 != 0x0 goto pc-9"},
        Case{I(BPF_JMP | BPF_JGT | BPF_K, 3, 0, 1, 1000), "(25) if r3 > 0x3e8 goto pc+1"},
        Case{I(BPF_JMP | BPF_JGE | BPF_X, 7, 6, 5, 0), "(3d) if r7 >= r6 goto pc+5"},
        Case{I(BPF_JMP | BPF_JSET | BPF_K, 1, 0, 0, -1), "(45) if r1 & 0xffffffff goto pc+0"},
        Case{I(BPF_JMP | BPF_JSGT | BPF_X, 1, 0, 5, 0), "(6d) if r1 s> r0 goto pc+5"},
        Case{I(BPF_JMP | BPF_JSGE | BPF_K, 0, 0, 2, 0), "(75) if r0 s>= 0x0 goto pc+2"},
        Case{I(BPF_JMP | BPF_JLT | BPF_K, 1, 0, 1, 4), "(a5) if r1 < 0x4 goto pc+1"},
        Case{I(BPF_JMP | BPF_JLE | BPF_K, 1, 0, 2, 0x800000), "(b5) if r1 <= 0x800000 goto pc+2"},
        Case{I(BPF_JMP | BPF_JSLT | BPF_X, 1, 2, 0, 0), "(cd) if r1 s< r2 goto pc+0"},
        Case{I(BPF_JMP | BPF_JSLE | BPF_K, 1, 0, 3, -2), "(d5) if r1 s<= 0xfffffffe goto pc+3"},
        Case{I(BPF_JMP32 | BPF_JGT | BPF_K, 1, 0, 1, 3), "(26) if w1 > 0x3 goto pc+1"},
        Case{I(BPF_JMP32 | BPF_JSLT | BPF_X, 1, 2, 0, 0), "(ce) if w1 s< w2 goto pc+0"},
        Case{I(BPF_JMP32 | BPF_JEQ | BPF_K, 11, 0, 4, 1), "(16) if w11 == 0x1 goto pc+4"},
        // BPF_JCOND with another src_reg is not may_goto.
        Case{I(BPF_JMP | kJcond, 0, 1, 5, 0), "(e5) if r0 (null) 0x0 goto pc+5"}));

INSTANTIATE_TEST_SUITE_P(
    Call, InsnFormat,
    ::testing::Values(
        Case{I(BPF_JMP | BPF_CALL, 0, 0, 0, 1), "(85) call bpf_map_lookup_elem#1"},
        Case{I(BPF_JMP | BPF_CALL, 0, 0, 0, 12), "(85) call bpf_tail_call#12"},
        Case{I(BPF_JMP | BPF_CALL, 0, 0, 0, 211), "(85) call bpf_cgrp_storage_delete#211"},
        // Without a resolver: an address-rewritten helper, a bpf-to-bpf call, a kfunc.
        Case{I(BPF_JMP | BPF_CALL, 0, 0, 0, 338048), "(85) call unknown#338048"},
        Case{I(BPF_JMP | BPF_CALL, 0, 0, 0, -1581216), "(85) call unknown#-1581216"},
        Case{I(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 5), "(85) call pc+5"},
        Case{I(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, -10), "(85) call pc-10"},
        Case{I(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, 324128),
             "(85) call kernel-function#324128"},
        // A kfunc whose immediate happens to be a helper id is not a helper.
        Case{I(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, 1),
             "(85) call kernel-function#1"}));

INSTANTIATE_TEST_SUITE_P(Other, InsnFormat,
                         ::testing::Values(Case{I(BPF_LD | BPF_IMM | BPF_W, 0, 0, 0, 0),
                                                "BUG_ld_00"}));

TEST(InsnFormat, ld_imm64_reads_both_halves) {
  std::vector<bpf_insn> prog{I(BPF_LD | BPF_IMM | BPF_DW, 1, 0, 0, 0x56789abc),
                             I(0, 0, 0, 0, 0x1234)};
  EXPECT_EQ(insn_text(prog, 0), "(18) r1 = 0x123456789abc");
  EXPECT_TRUE(is_ld_imm64(prog[0]));
  EXPECT_FALSE(is_ld_imm64(prog[1]));
}

TEST(InsnFormat, ld_imm64_without_second_half_reads_zero) {
  std::vector<bpf_insn> prog{I(BPF_LD | BPF_IMM | BPF_DW, 1, 0, 0, -1)};
  EXPECT_EQ(insn_text(prog, 0), "(18) r1 = 0xffffffff");
}

TEST(InsnFormat, ld_imm64_map_without_resolver_prints_the_raw_value) {
  std::vector<bpf_insn> prog{I(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_FD, 0, 57),
                             I(0, 0, 0, 0, 0)};
  EXPECT_EQ(insn_text(prog, 0), "(18) r1 = 0x39");
}

// A resolver like bpftool's: map ids, subprogram offsets, symbol names.
class FakeResolver : public Resolver {
 public:
  int calls = 0;
  int imms = 0;
  bool call(fmt::memory_buffer& out, const bpf_insn& insn) override {
    calls++;
    if (insn.src_reg == BPF_PSEUDO_CALL) {
      fmt::format_to(fmt::appender(out), "{:+d}#bpf_prog_0123456789abcdef_sub", insn.off);
      return true;
    }
    if (insn.imm == 999) return false;  // let the default speak
    fmt::format_to(fmt::appender(out), "sym_{}", insn.imm);
    return true;
  }
  bool imm64(fmt::memory_buffer& out, const bpf_insn& insn, const bpf_insn& next,
             uint64_t) override {
    imms++;
    if (insn.src_reg == BPF_PSEUDO_MAP_FD)
      fmt::format_to(fmt::appender(out), "map[id:{}]", insn.imm);
    else if (insn.src_reg == BPF_PSEUDO_MAP_VALUE)
      fmt::format_to(fmt::appender(out), "map[id:{}][0]+{}", insn.imm, next.imm);
    else
      return false;
    return true;
  }
};

TEST(InsnFormat, resolver_names_calls_and_maps) {
  FakeResolver r;
  EXPECT_EQ(text(I(BPF_JMP | BPF_CALL, 0, 0, 0, 338048), &r), "(85) call sym_338048#338048");
  EXPECT_EQ(text(I(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 48, 1), &r),
            "(85) call pc+48#bpf_prog_0123456789abcdef_sub");
  EXPECT_EQ(text(I(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, 999), &r),
            "(85) call kernel-function#999");
  // Helper ids the table knows never reach the resolver.
  EXPECT_EQ(text(I(BPF_JMP | BPF_CALL, 0, 0, 0, 5), &r), "(85) call bpf_ktime_get_ns#5");
  EXPECT_EQ(r.calls, 3);

  std::vector<bpf_insn> map{I(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_FD, 0, 30366),
                            I(0, 0, 0, 0, 0)};
  EXPECT_EQ(insn_text(map, 0, &r), "(18) r1 = map[id:30366]");
  std::vector<bpf_insn> value{I(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_VALUE, 0, 30371),
                              I(0, 0, 0, 0, 8)};
  EXPECT_EQ(insn_text(value, 0, &r), "(18) r1 = map[id:30371][0]+8");
  std::vector<bpf_insn> plain{I(BPF_LD | BPF_IMM | BPF_DW, 2, 0, 0, 16), I(0, 0, 0, 0, 0)};
  EXPECT_EQ(insn_text(plain, 0, &r), "(18) r2 = 0x10");
  EXPECT_EQ(r.imms, 3);
}

TEST(InsnFormat, appends_to_the_buffer) {
  fmt::memory_buffer out;
  std::vector<bpf_insn> prog{I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
                             I(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 1)};
  format_insn(out, prog, 1, nullptr);
  out.push_back('|');
  format_insn(out, prog, 0, nullptr);
  EXPECT_EQ(fmt::to_string(out), "(b7) r0 = 1|(95) exit");
}

TEST(Helpers, names_by_id_from_the_uapi_list) {
  EXPECT_EQ(helper_name(0), "bpf_unspec");
  EXPECT_EQ(helper_name(1), "bpf_map_lookup_elem");
  EXPECT_EQ(helper_name(6), "bpf_trace_printk");
  EXPECT_EQ(helper_name(12), "bpf_tail_call");
  EXPECT_EQ(helper_name(14), "bpf_get_current_pid_tgid");
  EXPECT_EQ(helper_name(130), "bpf_ringbuf_output");
  EXPECT_EQ(helper_name(181), "bpf_loop");
  EXPECT_EQ(helper_name(209), "bpf_user_ringbuf_drain");
  EXPECT_EQ(helper_name(210), "bpf_cgrp_storage_get");
  EXPECT_EQ(helper_name(211), "bpf_cgrp_storage_delete");
  EXPECT_EQ(helper_name(212), "");
  EXPECT_EQ(helper_name(-1), "");
  EXPECT_EQ(func_id_name(212), "unknown");
  EXPECT_EQ(func_id_name(5), "bpf_ktime_get_ns");
}

TEST(Helpers, every_id_has_a_distinct_bpf_name) {
  std::vector<std::string_view> seen;
  for (int64_t id = 0; id < kHelperCount; id++) {
    auto n = helper_name(id);
    ASSERT_FALSE(n.empty()) << id;
    EXPECT_EQ(n.substr(0, 4), "bpf_") << id;
    for (auto s : seen) EXPECT_NE(s, n) << id;
    seen.push_back(n);
  }
}

}  // namespace
}  // namespace bpftool::disasm
