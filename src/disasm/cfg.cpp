#include "disasm/cfg.h"

#include <algorithm>
#include <cstdint>
#include <optional>

namespace bpftool::disasm {

namespace {

bool is_jmp(uint8_t code) {
  return BPF_CLASS(code) == BPF_JMP || BPF_CLASS(code) == BPF_JMP32;
}

// The target of the jump or call at `i` (i + off + 1), when inside [lo, hi].
std::optional<size_t> target(size_t i, int16_t off, size_t lo, size_t hi) {
  const long t = static_cast<long>(i) + off + 1;
  if (t < static_cast<long>(lo) || t > static_cast<long>(hi)) return std::nullopt;
  return static_cast<size_t>(t);
}

void build_blocks(std::span<const bpf_insn> prog, CfgFunc& f) {
  std::vector<size_t> heads{f.start};
  for (size_t i = f.start; i <= f.end; i++) {
    const bpf_insn& insn = prog[i];
    if (!is_jmp(insn.code)) continue;
    const uint8_t op = BPF_OP(insn.code);
    if (op == BPF_EXIT || op == BPF_CALL) continue;
    if (auto t = target(i, insn.off, f.start, f.end)) heads.push_back(*t);
    if (op != BPF_JA && i + 1 <= f.end) heads.push_back(i + 1);
  }
  std::sort(heads.begin(), heads.end());
  heads.erase(std::unique(heads.begin(), heads.end()), heads.end());

  const int n = static_cast<int>(heads.size());
  f.blocks.reserve(heads.size() + 2);
  CfgBlock entry;
  entry.idx = kEntryBlock;
  entry.succs.push_back(2);
  f.blocks.push_back(entry);
  auto block_with_head = [&](size_t h) -> std::optional<int> {
    auto it = std::lower_bound(heads.begin(), heads.end(), h);
    if (it == heads.end() || *it != h) return std::nullopt;
    return 2 + static_cast<int>(it - heads.begin());
  };
  for (int k = 0; k < n; k++) {
    CfgBlock b;
    b.idx = 2 + k;
    b.head = heads[k];
    b.tail = k + 1 < n ? heads[k + 1] - 1 : f.end;
    const int next = k + 1 < n ? b.idx + 1 : kExitBlock;
    const bpf_insn& last = prog[b.tail];
    const uint8_t op = BPF_OP(last.code);
    if (!is_jmp(last.code) || op == BPF_CALL || op == BPF_EXIT) {
      b.succs.push_back(next);
    } else if (op == BPF_JA) {
      // Upstream reads off for every JA, the 32-bit "gotol" included.
      if (auto t = target(b.tail, last.off, f.start, f.end))
        if (auto dst = block_with_head(*t)) b.succs.push_back(*dst);
    } else {
      b.succs.push_back(next);
      if (auto t = target(b.tail, last.off, f.start, f.end))
        if (auto dst = block_with_head(*t)) b.succs.push_back(*dst);
    }
    f.blocks.push_back(std::move(b));
  }
  CfgBlock exit;
  exit.idx = kExitBlock;
  f.blocks.push_back(exit);
}

}  // namespace

Cfg build_cfg(std::span<const bpf_insn> prog) {
  Cfg cfg;
  if (prog.empty()) return cfg;
  // Function starts, in discovery order: the program start, then the target
  // of every bpf-to-bpf call (off holds the relative offset in xlated dumps).
  std::vector<size_t> starts{0};
  for (size_t i = 0; i < prog.size(); i++) {
    const bpf_insn& insn = prog[i];
    if (insn.code != (BPF_JMP | BPF_CALL) || insn.src_reg != BPF_PSEUDO_CALL) continue;
    auto t = target(i, insn.off, 0, prog.size() - 1);
    if (t && std::find(starts.begin(), starts.end(), *t) == starts.end()) starts.push_back(*t);
  }
  for (size_t k = 0; k < starts.size(); k++) {
    CfgFunc f;
    f.idx = static_cast<int>(k);
    f.start = starts[k];
    cfg.funcs.push_back(std::move(f));
  }
  std::sort(cfg.funcs.begin(), cfg.funcs.end(),
            [](const CfgFunc& a, const CfgFunc& b) { return a.start < b.start; });
  for (size_t k = 0; k < cfg.funcs.size(); k++)
    cfg.funcs[k].end = k + 1 < cfg.funcs.size() ? cfg.funcs[k + 1].start - 1 : prog.size() - 1;
  for (auto& f : cfg.funcs) build_blocks(prog, f);
  return cfg;
}

}  // namespace bpftool::disasm
