// Number and keyword parsing with upstream bpftool's rules (strtoul base 0:
// decimal, 0x hex, leading-0 octal), strict about trailing garbage and range.
#pragma once

#include <cstdint>
#include <array>
#include <optional>
#include <string_view>

namespace bpftool::core {

/// True when `pfx` is a prefix of `word` (upstream is_prefix: an empty prefix
/// matches everything).
bool is_prefix(std::string_view pfx, std::string_view word);

/// strtoul(s, 0) over the whole string. Rejects empty strings, signs, trailing
/// characters and values that do not fit in 64 bits.
std::optional<uint64_t> parse_u64(std::string_view s);
/// As parse_u64, bounded to 32 bits.
std::optional<uint32_t> parse_u32(std::string_view s);
/// strtoul(s, 16) over the whole string (no 0x needed, but accepted).
std::optional<uint64_t> parse_hex_u64(std::string_view s);
/// strtol(s, 0) over the whole string, with an optional sign.
std::optional<int64_t> parse_i64(std::string_view s);

/// Parses a 16-hex-digit program tag ("2cfdddc59eb681c4"); upstream reads it with
/// sscanf("%02hhx" x8), so separators are not allowed.
std::optional<std::array<uint8_t, 8>> parse_tag(std::string_view s);

}  // namespace bpftool::core
