// The control-flow graph of an xlated program, built the way upstream's
// bpftool (cfg.c) builds it for `prog dump xlated visual`: functions split at
// bpf-to-bpf call targets, basic blocks split at jump targets and after
// conditional jumps, an ENTRY and an EXIT block per function. Pure data; the
// DOT text is written by the command's renderer.
#pragma once

#include <linux/bpf.h>

#include <cstddef>
#include <span>
#include <vector>

namespace bpftool::disasm {

inline constexpr int kEntryBlock = 0;
inline constexpr int kExitBlock = 1;

struct CfgBlock {
  int idx = 0;             // kEntryBlock, kExitBlock, or 2.. in address order
  size_t head = 0;         // first and last instruction (program-wide indexes);
  size_t tail = 0;         // meaningless for ENTRY and EXIT
  std::vector<int> succs;  // idx of the successors, in upstream's edge order
  bool special() const { return idx == kEntryBlock || idx == kExitBlock; }
};

struct CfgFunc {
  int idx = 0;       // discovery order (0 is the main program)
  size_t start = 0;  // first and last instruction of the function
  size_t end = 0;
  std::vector<CfgBlock> blocks;  // ENTRY, the blocks by address, EXIT
};

struct Cfg {
  std::vector<CfgFunc> funcs;  // by start address
};

/// Builds the graph of `prog`. Targets outside the program or the function
/// (never produced by the verifier) are ignored rather than followed.
Cfg build_cfg(std::span<const bpf_insn> prog);

}  // namespace bpftool::disasm
