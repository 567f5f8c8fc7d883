// KernelTest: the fixture of tests that need root and a BPF-capable kernel. It
// skips (with the reason) elsewhere and gives each test its own private bpffs,
// removed with all its pins at the end. Plus helpers to read plain output.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "support/scoped_bpffs.h"

namespace bpftool::test {

class KernelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto why = kernel_unavailable_reason(); !why.empty()) GTEST_SKIP() << why;
    auto fs = ScopedBpffs::create();
    ASSERT_TRUE(fs) << fs.error().message();
    bpffs_.emplace(std::move(*fs));
  }
  const ScopedBpffs& fs() const { return *bpffs_; }

  std::optional<ScopedBpffs> bpffs_;
};

/// Splits text into lines (without the '\n').
inline std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

/// The plain-text block of object `id` in a listing: its "ID: ..." line and the
/// tab-indented lines after it. Empty if the object is not listed.
inline std::vector<std::string> plain_block(const std::string& text, uint32_t id) {
  std::vector<std::string> block;
  const std::string head = std::to_string(id) + ": ";
  bool in = false;
  for (const auto& l : split_lines(text)) {
    if (in) {
      if (!l.empty() && l[0] == '\t') {
        block.push_back(l);
        continue;
      }
      break;
    }
    if (l.compare(0, head.size(), head) == 0) {
      in = true;
      block.push_back(l);
    }
  }
  return block;
}

/// Whether `lines` contains exactly `line`.
inline bool has_line(const std::vector<std::string>& lines, const std::string& line) {
  for (const auto& l : lines)
    if (l == line) return true;
  return false;
}

/// "1,2,3".
inline std::string join_ids(const std::vector<uint32_t>& ids) {
  std::string s;
  for (size_t i = 0; i < ids.size(); i++) s += (i ? "," : "") + std::to_string(ids[i]);
  return s;
}

}  // namespace bpftool::test
