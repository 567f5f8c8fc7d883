// Golden-file comparison for unit tests: EXPECT_GOLDEN("link/xdp.txt", text)
// compares `text` with tests/golden/link/xdp.txt byte for byte.
//
// BT_UPDATE_GOLDEN=1 rewrites the files from the current output instead. Every
// rewritten file must then be reviewed by hand against upstream's documented
// format (trailing blanks included: `cat -A` shows them) before it is committed.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>

namespace bpftool::golden {

inline bool updating() {
  const char* e = std::getenv("BT_UPDATE_GOLDEN");
  return e && *e && std::string_view(e) != "0";
}

/// `cat -A`-like rendering: tabs as ^I, line ends as $, so trailing blanks show.
inline std::string visible(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\t') out += "^I";
    else if (c == '\n') out += "$\n";
    else out += c;
  }
  return out;
}

inline ::testing::AssertionResult matches(const std::string& rel, const std::string& actual) {
  const std::filesystem::path path = std::filesystem::path(BT_GOLDEN_DIR) / rel;
  if (updating()) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << actual;
    return ::testing::AssertionSuccess() << "updated " << path;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return ::testing::AssertionFailure() << "missing golden file " << path
                                         << " (BT_UPDATE_GOLDEN=1 writes it; review it by hand)\n"
                                         << "actual output:\n"
                                         << visible(actual);
  std::string want((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (want == actual) return ::testing::AssertionSuccess();

  // Point at the first differing line.
  std::istringstream ws(want), as(actual);
  std::string wl, al;
  int line = 1;
  while (true) {
    bool wok = static_cast<bool>(std::getline(ws, wl));
    bool aok = static_cast<bool>(std::getline(as, al));
    if (!wok && !aok) break;
    if (!wok || !aok || wl != al) break;
    line++;
  }
  return ::testing::AssertionFailure() << "output differs from " << path << " at line " << line
                                       << " (cat -A notation)\n--- expected\n"
                                       << visible(want) << "\n--- actual\n"
                                       << visible(actual);
}

}  // namespace bpftool::golden

#define EXPECT_GOLDEN(rel, actual) EXPECT_TRUE(::bpftool::golden::matches((rel), (actual)))
