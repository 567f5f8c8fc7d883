#include "core/hex.h"

namespace bpftool::core {

namespace {
constexpr std::array<std::array<char, 2>, 256> make_table() {
  std::array<std::array<char, 2>, 256> t{};
  constexpr char digits[] = "0123456789abcdef";
  for (int i = 0; i < 256; i++) {
    t[i][0] = digits[i >> 4];
    t[i][1] = digits[i & 15];
  }
  return t;
}
}  // namespace

const std::array<std::array<char, 2>, 256> kHexByte = make_table();

std::string hex_string(const uint8_t* data, size_t n) {
  std::string s;
  s.reserve(n * 2);
  for (size_t i = 0; i < n; i++) s.append(kHexByte[data[i]].data(), 2);
  return s;
}

}  // namespace bpftool::core
