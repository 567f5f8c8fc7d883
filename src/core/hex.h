// Fast hex formatting without printf: lookup tables shared by plain and JSON output.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace bpftool::core {

/// Two lowercase hex digits for every byte value ("00".."ff").
extern const std::array<std::array<char, 2>, 256> kHexByte;

/// Lowercase hex of `n` bytes without separators ("1321e41bf1443705").
std::string hex_string(const uint8_t* data, size_t n);

}  // namespace bpftool::core
