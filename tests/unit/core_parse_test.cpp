// core/parse: numbers with strtoul(base 0) rules, tags, keyword prefixes.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "core/parse.h"

namespace bpftool::core {
namespace {

TEST(ParseU64, accepts_decimal) {
  EXPECT_EQ(parse_u64("0"), 0u);
  EXPECT_EQ(parse_u64("7"), 7u);
  EXPECT_EQ(parse_u64("122"), 122u);
  EXPECT_EQ(parse_u64("18446744073709551615"), std::numeric_limits<uint64_t>::max());
}

TEST(ParseU64, accepts_hex_with_0x_prefix) {
  EXPECT_EQ(parse_u64("0x7a"), 0x7au);
  EXPECT_EQ(parse_u64("0X7A"), 0x7au);
  EXPECT_EQ(parse_u64("0xffffffffffffffff"), std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(parse_u64("0x0"), 0u);
}

TEST(ParseU64, leading_zero_means_octal) {
  // Upstream: `id 0172` is prog 122 and `id 010` is 8.
  EXPECT_EQ(parse_u64("0172"), 122u);
  EXPECT_EQ(parse_u64("010"), 8u);
  EXPECT_EQ(parse_u64("00"), 0u);
  EXPECT_EQ(parse_u64("01777777777777777777777"), std::numeric_limits<uint64_t>::max());
}

TEST(ParseU64, rejects_non_octal_digits_after_leading_zero) {
  EXPECT_EQ(parse_u64("08"), std::nullopt);
  EXPECT_EQ(parse_u64("09"), std::nullopt);
  EXPECT_EQ(parse_u64("0128"), std::nullopt);
}

TEST(ParseU64, rejects_overflow) {
  EXPECT_EQ(parse_u64("18446744073709551616"), std::nullopt);
  EXPECT_EQ(parse_u64("99999999999999999999999"), std::nullopt);
  EXPECT_EQ(parse_u64("0x10000000000000000"), std::nullopt);
  EXPECT_EQ(parse_u64("02000000000000000000000"), std::nullopt);
}

TEST(ParseU64, rejects_empty_and_bare_prefixes) {
  EXPECT_EQ(parse_u64(""), std::nullopt);
  EXPECT_EQ(parse_u64("0x"), std::nullopt);
  EXPECT_EQ(parse_u64("0X"), std::nullopt);
}

TEST(ParseU64, rejects_trailing_garbage_signs_and_blanks) {
  EXPECT_EQ(parse_u64("122abc"), std::nullopt);
  EXPECT_EQ(parse_u64("abc"), std::nullopt);
  EXPECT_EQ(parse_u64("12 "), std::nullopt);
  EXPECT_EQ(parse_u64(" 12"), std::nullopt);
  EXPECT_EQ(parse_u64("0x1g"), std::nullopt);
  EXPECT_EQ(parse_u64("-1"), std::nullopt);
  EXPECT_EQ(parse_u64("+1"), std::nullopt);
  EXPECT_EQ(parse_u64("1.5"), std::nullopt);
  EXPECT_EQ(parse_u64(std::string_view("1\0" "2", 3)), std::nullopt);
}

TEST(ParseU32, accepts_the_full_32_bit_range) {
  EXPECT_EQ(parse_u32("0"), 0u);
  EXPECT_EQ(parse_u32("4294967295"), 4294967295u);
  EXPECT_EQ(parse_u32("0xffffffff"), 4294967295u);
  EXPECT_EQ(parse_u32("037777777777"), 4294967295u);
  EXPECT_EQ(parse_u32("010"), 8u);
}

TEST(ParseU32, rejects_values_beyond_32_bits) {
  EXPECT_EQ(parse_u32("4294967296"), std::nullopt);
  EXPECT_EQ(parse_u32("0x100000000"), std::nullopt);
  EXPECT_EQ(parse_u32("18446744073709551615"), std::nullopt);
}

TEST(ParseU32, rejects_what_parse_u64_rejects) {
  EXPECT_EQ(parse_u32(""), std::nullopt);
  EXPECT_EQ(parse_u32("08"), std::nullopt);
  EXPECT_EQ(parse_u32("1x"), std::nullopt);
}

TEST(ParseI64, accepts_signs_and_every_base) {
  EXPECT_EQ(parse_i64("0"), 0);
  EXPECT_EQ(parse_i64("-1"), -1);
  EXPECT_EQ(parse_i64("+5"), 5);
  EXPECT_EQ(parse_i64("-0x10"), -16);
  EXPECT_EQ(parse_i64("-010"), -8);
  EXPECT_EQ(parse_i64("0x7fffffffffffffff"), std::numeric_limits<int64_t>::max());
}

TEST(ParseI64, handles_the_int64_limits_exactly) {
  EXPECT_EQ(parse_i64("9223372036854775807"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(parse_i64("-9223372036854775808"), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(parse_i64("9223372036854775808"), std::nullopt);
  EXPECT_EQ(parse_i64("-9223372036854775809"), std::nullopt);
}

TEST(ParseI64, rejects_malformed_input) {
  EXPECT_EQ(parse_i64(""), std::nullopt);
  EXPECT_EQ(parse_i64("-"), std::nullopt);
  EXPECT_EQ(parse_i64("+"), std::nullopt);
  EXPECT_EQ(parse_i64("--1"), std::nullopt);
  EXPECT_EQ(parse_i64("-08"), std::nullopt);
  EXPECT_EQ(parse_i64("12k"), std::nullopt);
}

TEST(ParseHexU64, reads_base_16_with_or_without_0x) {
  EXPECT_EQ(parse_hex_u64("ff"), 0xffu);
  EXPECT_EQ(parse_hex_u64("FF"), 0xffu);
  EXPECT_EQ(parse_hex_u64("0xff"), 0xffu);
  EXPECT_EQ(parse_hex_u64("ffffffff81000000"), 0xffffffff81000000u);
  EXPECT_EQ(parse_hex_u64("0000000000000000"), 0u);
  // A leading 0 is not octal in base 16.
  EXPECT_EQ(parse_hex_u64("010"), 0x10u);
}

TEST(ParseHexU64, rejects_empty_garbage_and_overflow) {
  EXPECT_EQ(parse_hex_u64(""), std::nullopt);
  EXPECT_EQ(parse_hex_u64("0x"), std::nullopt);
  EXPECT_EQ(parse_hex_u64("fg"), std::nullopt);
  EXPECT_EQ(parse_hex_u64("-1"), std::nullopt);
  EXPECT_EQ(parse_hex_u64("10000000000000000"), std::nullopt);
}

TEST(ParseTag, reads_sixteen_hex_digits) {
  auto t = parse_tag("d4d950593910dd42");
  ASSERT_TRUE(t);
  const std::array<uint8_t, 8> want{0xd4, 0xd9, 0x50, 0x59, 0x39, 0x10, 0xdd, 0x42};
  EXPECT_EQ(*t, want);
}

TEST(ParseTag, accepts_uppercase_hex) {
  // Upstream matches `tag D4D950593910DD42` (sscanf %hhx).
  auto t = parse_tag("D4D950593910DD42");
  ASSERT_TRUE(t);
  EXPECT_EQ(*t, parse_tag("d4d950593910dd42"));
  EXPECT_EQ(parse_tag("0123456789ABCDEF"),
            (std::array<uint8_t, 8>{0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef}));
}

TEST(ParseTag, rejects_bad_tags) {
  EXPECT_EQ(parse_tag(""), std::nullopt);
  EXPECT_EQ(parse_tag("zz"), std::nullopt);
  EXPECT_EQ(parse_tag("d4d95059391"), std::nullopt);
  EXPECT_EQ(parse_tag("d4d950593910dd4"), std::nullopt);     // 15 digits
  EXPECT_EQ(parse_tag("d4d950593910dd42ff"), std::nullopt);  // 18 digits
  EXPECT_EQ(parse_tag("d4:d9:50:59:39:10"), std::nullopt);
  EXPECT_EQ(parse_tag("d4d950593910dd4g"), std::nullopt);
  EXPECT_EQ(parse_tag("0xd4d950593910dd"), std::nullopt);
}

TEST(IsPrefix, empty_prefix_matches_everything) {
  EXPECT_TRUE(is_prefix("", "show"));
  EXPECT_TRUE(is_prefix("", ""));
}

TEST(IsPrefix, matches_only_leading_substrings) {
  EXPECT_TRUE(is_prefix("s", "show"));
  EXPECT_TRUE(is_prefix("sho", "show"));
  EXPECT_TRUE(is_prefix("show", "show"));
  EXPECT_FALSE(is_prefix("shows", "show"));
  EXPECT_FALSE(is_prefix("how", "show"));
  EXPECT_FALSE(is_prefix("x", ""));
}

TEST(IsPrefix, is_case_sensitive) {
  EXPECT_FALSE(is_prefix("SHOW", "show"));
  EXPECT_FALSE(is_prefix("S", "show"));
}

}  // namespace
}  // namespace bpftool::core
