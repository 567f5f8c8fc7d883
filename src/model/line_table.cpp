#include "model/line_table.h"

#include <linux/bpf.h>

#include <cstring>

namespace bpftool::model {

std::optional<LineTable> LineTable::build(std::vector<DumpLine> lines,
                                          std::span<const uint64_t> jited_addrs,
                                          std::span<const uint64_t> ksyms,
                                          std::span<const uint32_t> func_lens,
                                          bool jited_complete) {
  if (lines.empty()) return std::nullopt;
  LineTable t;
  t.lines_ = std::move(lines);
  const size_t nr = t.lines_.size();
  const size_t nr_func = ksyms.size();
  // bpf_prog_linfo__new: without a complete set of JIT arrays, the table
  // serves xlated lookups only.
  if (!jited_complete || !nr_func || jited_addrs.size() != nr || func_lens.size() != nr_func)
    return t;
  // dissect_jited_func: each function's first record starts at its address,
  // and addresses grow within a function; otherwise libbpf drops everything.
  if (ksyms[0] != jited_addrs[0]) return std::nullopt;
  t.func_first_.assign(nr_func, 0);
  t.func_count_.assign(nr_func, 0);
  size_t f = 1, prev_i = 0;
  for (size_t i = 1; i < nr && f < nr_func; i++) {
    const uint64_t last = jited_addrs[i - 1];
    if (ksyms[f] == jited_addrs[i]) {
      t.func_first_[f] = static_cast<uint32_t>(i);
      if (last - ksyms[f - 1] + 1 > func_lens[f - 1]) return std::nullopt;
      t.func_count_[f - 1] = static_cast<uint32_t>(i - prev_i);
      prev_i = i;
      f++;
    } else if (jited_addrs[i] <= last) {
      return std::nullopt;
    }
  }
  if (f != nr_func) return std::nullopt;
  t.func_count_[nr_func - 1] = static_cast<uint32_t>(nr - prev_i);
  t.jited_.assign(jited_addrs.begin(), jited_addrs.end());
  return t;
}

const DumpLine* LineTable::find(uint32_t insn_off, uint32_t nr_skip) const {
  if (nr_skip >= lines_.size()) return nullptr;
  if (insn_off < lines_[nr_skip].insn_off) return nullptr;
  size_t i = nr_skip;
  while (i < lines_.size() && insn_off >= lines_[i].insn_off) i++;
  return &lines_[i - 1];
}

const DumpLine* LineTable::find_jited(uint64_t addr, uint32_t func_idx, uint32_t nr_skip) const {
  if (func_idx >= func_count_.size() || jited_.empty()) return nullptr;
  const uint32_t count = func_count_[func_idx];
  if (nr_skip >= count) return nullptr;
  const size_t start = func_first_[func_idx] + nr_skip;
  if (addr < jited_[start]) return nullptr;
  size_t i = 0;
  // libbpf walks all remaining records of the function (it does not stop at
  // the function's end when the address is past its last record).
  while (i < count - nr_skip && start + i < jited_.size() && addr >= jited_[start + i]) i++;
  return &lines_[start + i - 1];
}

std::vector<DumpLine> decode_line_info(const struct btf* btf, std::span<const uint8_t> records,
                                       uint32_t rec_size) {
  std::vector<DumpLine> lines;
  const size_t nr = records.size() / rec_size;
  lines.reserve(nr);
  for (size_t i = 0; i < nr; i++) {
    bpf_line_info rec;
    std::memcpy(&rec, records.data() + i * rec_size, sizeof(rec));
    DumpLine l;
    l.insn_off = rec.insn_off;
    if (const char* s = btf__name_by_offset(btf, rec.line_off)) l.src = s;
    if (const char* s = btf__name_by_offset(btf, rec.file_name_off)) l.file = s;
    l.line_num = BPF_LINE_INFO_LINE_NUM(rec.line_col);
    l.line_col = BPF_LINE_INFO_LINE_COL(rec.line_col);
    lines.push_back(std::move(l));
  }
  return lines;
}

}  // namespace bpftool::model
