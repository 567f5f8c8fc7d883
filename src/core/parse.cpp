#include "core/parse.h"

#include <limits>

namespace bpftool::core {

bool is_prefix(std::string_view pfx, std::string_view word) {
  return pfx.size() <= word.size() && word.compare(0, pfx.size(), pfx) == 0;
}

namespace {

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

std::optional<uint64_t> parse_digits(std::string_view s, unsigned base) {
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    int d = digit_value(c);
    if (d >= static_cast<int>(base)) return std::nullopt;
    if (v > (std::numeric_limits<uint64_t>::max() - static_cast<uint64_t>(d)) / base)
      return std::nullopt;
    v = v * base + static_cast<uint64_t>(d);
  }
  return v;
}

}  // namespace

std::optional<uint64_t> parse_u64(std::string_view s) {
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
    return parse_digits(s.substr(2), 16);
  if (s.size() > 1 && s[0] == '0') return parse_digits(s.substr(1), 8);
  return parse_digits(s, 10);
}

std::optional<uint32_t> parse_u32(std::string_view s) {
  auto v = parse_u64(s);
  if (!v || *v > std::numeric_limits<uint32_t>::max()) return std::nullopt;
  return static_cast<uint32_t>(*v);
}

std::optional<uint64_t> parse_hex_u64(std::string_view s) {
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s.remove_prefix(2);
  return parse_digits(s, 16);
}

std::optional<int64_t> parse_i64(std::string_view s) {
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  auto v = parse_u64(s);
  if (!v) return std::nullopt;
  if (neg) {
    if (*v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + 1) return std::nullopt;
    return static_cast<int64_t>(0 - *v);
  }
  if (*v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
  return static_cast<int64_t>(*v);
}

std::optional<std::array<uint8_t, 8>> parse_tag(std::string_view s) {
  if (s.size() != 16) return std::nullopt;
  std::array<uint8_t, 8> tag{};
  for (size_t i = 0; i < 8; i++) {
    int hi = digit_value(s[2 * i]), lo = digit_value(s[2 * i + 1]);
    if (hi > 15 || lo > 15) return std::nullopt;
    tag[i] = static_cast<uint8_t>(hi * 16 + lo);
  }
  return tag;
}

}  // namespace bpftool::core
