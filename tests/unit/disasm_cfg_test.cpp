// disasm/cfg: functions at bpf-to-bpf call targets, basic blocks at jump
// targets and after conditional jumps, edges in upstream cfg.c's order.
#include <gtest/gtest.h>

#include <vector>

#include "disasm/cfg.h"

namespace bpftool::disasm {
namespace {

bpf_insn I(uint8_t code, uint8_t src, int16_t off, int32_t imm = 0) {
  bpf_insn i{};
  i.code = code;
  i.src_reg = src & 0xf;
  i.off = off;
  i.imm = imm;
  return i;
}

const bpf_insn kMov = I(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0);
const bpf_insn kExit = I(BPF_JMP | BPF_EXIT, 0, 0);

struct Shape {
  size_t head, tail;
  std::vector<int> succs;
};

void expect_blocks(const CfgFunc& f, const std::vector<Shape>& real) {
  ASSERT_EQ(f.blocks.size(), real.size() + 2);
  EXPECT_EQ(f.blocks.front().idx, kEntryBlock);
  EXPECT_EQ(f.blocks.front().succs, std::vector<int>{2});
  EXPECT_EQ(f.blocks.back().idx, kExitBlock);
  EXPECT_TRUE(f.blocks.back().succs.empty());
  for (size_t k = 0; k < real.size(); k++) {
    const CfgBlock& b = f.blocks[k + 1];
    EXPECT_EQ(b.idx, static_cast<int>(k) + 2);
    EXPECT_EQ(b.head, real[k].head) << "block " << b.idx;
    EXPECT_EQ(b.tail, real[k].tail) << "block " << b.idx;
    EXPECT_EQ(b.succs, real[k].succs) << "block " << b.idx;
  }
}

TEST(Cfg, straight_line_is_one_block) {
  std::vector<bpf_insn> p{kMov, kMov, kExit};
  Cfg cfg = build_cfg(p);
  ASSERT_EQ(cfg.funcs.size(), 1u);
  EXPECT_EQ(cfg.funcs[0].start, 0u);
  EXPECT_EQ(cfg.funcs[0].end, 2u);
  expect_blocks(cfg.funcs[0], {{0, 2, {kExitBlock}}});
}

TEST(Cfg, conditional_jump_splits_after_it_and_at_its_target) {
  // 0: if r0 == 0 goto +2; 1: mov; 2: mov; 3: mov; 4: exit
  std::vector<bpf_insn> p{I(BPF_JMP | BPF_JEQ | BPF_K, 0, 2), kMov, kMov, kMov, kExit};
  Cfg cfg = build_cfg(p);
  ASSERT_EQ(cfg.funcs.size(), 1u);
  // Fall-through first, then the jump target.
  expect_blocks(cfg.funcs[0], {{0, 0, {3, 4}}, {1, 2, {4}}, {3, 4, {kExitBlock}}});
}

TEST(Cfg, unconditional_jump_has_one_successor_and_exit_falls_through) {
  // 0: goto +2; 1: exit; 2: mov (dead); 3: mov; 4: exit
  std::vector<bpf_insn> p{I(BPF_JMP | BPF_JA, 0, 2), kExit, kMov, kMov, kExit};
  Cfg cfg = build_cfg(p);
  // No block boundary after an unconditional jump (its dead code joins the
  // block); the block ends in a mov and falls through.
  expect_blocks(cfg.funcs[0], {{0, 2, {3}}, {3, 4, {kExitBlock}}});
}

TEST(Cfg, backward_jump_and_jmp32) {
  // 0: mov; 1: mov; 2: if w0 > 3 goto -2; 3: exit
  std::vector<bpf_insn> p{kMov, kMov, I(BPF_JMP32 | BPF_JGT | BPF_K, 0, -2, 3), kExit};
  Cfg cfg = build_cfg(p);
  expect_blocks(cfg.funcs[0], {{0, 0, {3}}, {1, 2, {4, 3}}, {3, 3, {kExitBlock}}});
}

TEST(Cfg, calls_do_not_split_blocks) {
  std::vector<bpf_insn> p{kMov, I(BPF_JMP | BPF_CALL, 0, 0, 5), kMov, kExit};
  Cfg cfg = build_cfg(p);
  expect_blocks(cfg.funcs[0], {{0, 3, {kExitBlock}}});
}

TEST(Cfg, subprograms_start_at_call_targets_in_discovery_order) {
  // main: 0 call +4 (-> 5), 1 call +5 (-> 7), 2 mov, 3 exit, 4 exit; the
  // call immediates (subprogram indexes after JIT) are not offsets.
  std::vector<bpf_insn> p{I(BPF_JMP | BPF_CALL, BPF_PSEUDO_CALL, 4, 2),
                          I(BPF_JMP | BPF_CALL, BPF_PSEUDO_CALL, 5, 1),
                          kMov,
                          kExit,
                          kExit,
                          kMov,  // 5: sub
                          kExit,
                          kMov,  // 7: sub
                          kExit};
  Cfg cfg = build_cfg(p);
  ASSERT_EQ(cfg.funcs.size(), 3u);
  EXPECT_EQ(cfg.funcs[0].start, 0u);
  EXPECT_EQ(cfg.funcs[0].end, 4u);
  EXPECT_EQ(cfg.funcs[1].start, 5u);
  EXPECT_EQ(cfg.funcs[1].end, 6u);
  EXPECT_EQ(cfg.funcs[1].idx, 1);
  EXPECT_EQ(cfg.funcs[2].start, 7u);
  EXPECT_EQ(cfg.funcs[2].end, 8u);
  EXPECT_EQ(cfg.funcs[2].idx, 2);
}

TEST(Cfg, function_index_follows_discovery_not_address) {
  // The call to the later subprogram comes first.
  std::vector<bpf_insn> p{I(BPF_JMP | BPF_CALL, BPF_PSEUDO_CALL, 4),  // -> 5
                          I(BPF_JMP | BPF_CALL, BPF_PSEUDO_CALL, 1),  // -> 3
                          kExit,
                          kMov,  // 3
                          kExit,
                          kMov,  // 5
                          kExit};
  Cfg cfg = build_cfg(p);
  ASSERT_EQ(cfg.funcs.size(), 3u);
  EXPECT_EQ(cfg.funcs[1].start, 3u);
  EXPECT_EQ(cfg.funcs[1].idx, 2);
  EXPECT_EQ(cfg.funcs[2].start, 5u);
  EXPECT_EQ(cfg.funcs[2].idx, 1);
}

TEST(Cfg, may_goto_is_a_conditional_jump) {
  std::vector<bpf_insn> p{I(BPF_JMP | 0xe0, 0, 1), kMov, kExit};
  Cfg cfg = build_cfg(p);
  expect_blocks(cfg.funcs[0], {{0, 0, {3, 4}}, {1, 1, {4}}, {2, 2, {kExitBlock}}});
}

TEST(Cfg, targets_outside_the_function_are_ignored) {
  std::vector<bpf_insn> p{I(BPF_JMP | BPF_JA, 0, 100), kExit};
  Cfg cfg = build_cfg(p);
  expect_blocks(cfg.funcs[0], {{0, 1, {kExitBlock}}});

  // A jump whose target block is not found gets no edge (upstream would
  // dereference a null block).
  std::vector<bpf_insn> q{kMov, I(BPF_JMP | BPF_JA, 0, 100)};
  Cfg c2 = build_cfg(q);
  expect_blocks(c2.funcs[0], {{0, 1, {}}});
}

TEST(Cfg, empty_program_has_no_functions) {
  EXPECT_TRUE(build_cfg({}).funcs.empty());
}

}  // namespace
}  // namespace bpftool::disasm
