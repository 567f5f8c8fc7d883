// btf::Dumper over BTF built in the test (btf__new_empty + btf__add_*): the
// formatting rules of upstream's btf_dumper, and bounds on short data.
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <gtest/gtest.h>
#include <linux/btf.h>

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <string>
#include <vector>

#include "btf/dumper.h"
#include "output/json_writer.h"
#include "output/out_stream.h"

namespace bpftool::btf {
namespace {

using Bytes = std::vector<uint8_t>;

template <class T>
Bytes le(T v) {
  Bytes b(sizeof(T));
  std::memcpy(b.data(), &v, sizeof(T));
  return b;
}

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Bytes str_bytes(const std::string& s, size_t n) {
  Bytes b(n, 0);
  std::memcpy(b.data(), s.data(), std::min(n, s.size()));
  return b;
}

struct DumpResult {
  std::string text;
  Status status;
};

// Dumps into a compact JsonWriter. The data is copied into a heap buffer of
// exactly its size so that ASan flags any read past it.
DumpResult dump_json(const struct btf* b, uint32_t id, const Bytes& data, bool plain) {
  std::vector<uint8_t> exact(data.begin(), data.end());
  exact.shrink_to_fit();
  DumpResult r;
  {
    output::OutStream o(&r.text);
    output::JsonWriter w(o, false);
    r.status = Dumper(b, plain).dump(w, id, exact.data(), exact.size());
  }
  return r;
}

std::string via_value(const struct btf* b, uint32_t id, const Bytes& data, bool plain) {
  std::vector<uint8_t> exact(data.begin(), data.end());
  output::Value v = Dumper(b, plain).to_value(id, exact.data(), exact.size());
  std::string s;
  {
    output::OutStream o(&s);
    output::JsonWriter w(o, false);
    v.write(w);
  }
  return s;
}

class BtfDumper : public ::testing::Test {
 protected:
  void SetUp() override {
    b_ = btf__new_empty();
    ASSERT_NE(b_, nullptr);
    u8_ = add(btf__add_int(b_, "unsigned char", 1, 0));
    s8_ = add(btf__add_int(b_, "signed char", 1, BTF_INT_SIGNED));
    u16_ = add(btf__add_int(b_, "unsigned short", 2, 0));
    s16_ = add(btf__add_int(b_, "short", 2, BTF_INT_SIGNED));
    u32_ = add(btf__add_int(b_, "unsigned int", 4, 0));
    s32_ = add(btf__add_int(b_, "int", 4, BTF_INT_SIGNED));
    u64_ = add(btf__add_int(b_, "long unsigned int", 8, 0));
    s64_ = add(btf__add_int(b_, "long int", 8, BTF_INT_SIGNED));
    bool_ = add(btf__add_int(b_, "_Bool", 1, BTF_INT_BOOL));
    char_ = add(btf__add_int(b_, "char", 1, BTF_INT_SIGNED));     // what clang emits on x86
    cchar_ = add(btf__add_int(b_, "xchar", 1, BTF_INT_CHAR));     // BTF_INT_CHAR encoding
    u128_ = add(btf__add_int(b_, "unsigned __int128", 16, 0));
    s128_ = add(btf__add_int(b_, "__int128", 16, BTF_INT_SIGNED));
  }
  void TearDown() override { btf__free(b_); }

  uint32_t add(int id) {
    EXPECT_GT(id, 0) << "btf__add_* failed";
    return static_cast<uint32_t>(id);
  }
  uint32_t array(uint32_t elem, uint32_t n) { return add(btf__add_array(b_, u32_, static_cast<int>(elem), n)); }
  void field(const char* name, uint32_t type, uint32_t bit_off, uint32_t bit_size = 0) {
    ASSERT_EQ(btf__add_field(b_, name, static_cast<int>(type), bit_off, bit_size), 0) << name;
  }

  // JSON-mode dump; also checks that the Value path renders the same text.
  std::string json(uint32_t id, const Bytes& data) {
    DumpResult r = dump_json(b_, id, data, false);
    EXPECT_TRUE(r.status) << r.status.error().message();
    EXPECT_EQ(via_value(b_, id, data, false), r.text) << "Value path differs";
    return r.text;
  }
  // Plain-text-mode dump (prog metadata in plain output).
  std::string plain(uint32_t id, const Bytes& data) {
    DumpResult r = dump_json(b_, id, data, true);
    EXPECT_TRUE(r.status) << r.status.error().message();
    EXPECT_EQ(via_value(b_, id, data, true), r.text) << "Value path differs";
    return r.text;
  }
  // A dump expected to fail: returns what was written, checks the message.
  std::string failing(uint32_t id, const Bytes& data, const std::string& msg, bool plain_mode = false) {
    DumpResult r = dump_json(b_, id, data, plain_mode);
    EXPECT_FALSE(r.status);
    if (!r.status) {
      EXPECT_EQ(r.status.error().message(), msg);
    }
    return r.text;
  }

  struct btf* b_ = nullptr;
  uint32_t u8_ = 0, s8_ = 0, u16_ = 0, s16_ = 0, u32_ = 0, s32_ = 0, u64_ = 0, s64_ = 0;
  uint32_t bool_ = 0, char_ = 0, cchar_ = 0, u128_ = 0, s128_ = 0;
};

TEST_F(BtfDumper, unsigned_ints_of_every_width) {
  EXPECT_EQ(json(u8_, {0xff}), "255");
  EXPECT_EQ(json(u16_, le<uint16_t>(65535)), "65535");
  EXPECT_EQ(json(u32_, le<uint32_t>(4294967295u)), "4294967295");
  EXPECT_EQ(json(u64_, le<uint64_t>(18446744073709551615ull)), "18446744073709551615");
  EXPECT_EQ(json(u32_, le<uint32_t>(0)), "0");
}

TEST_F(BtfDumper, signed_ints_of_every_width) {
  EXPECT_EQ(json(s8_, {0xff}), "-1");
  EXPECT_EQ(json(s8_, {0x80}), "-128");
  EXPECT_EQ(json(s8_, {0x7f}), "127");
  EXPECT_EQ(json(s16_, {0x00, 0x80}), "-32768");
  EXPECT_EQ(json(s32_, le<int32_t>(-2)), "-2");
  EXPECT_EQ(json(s32_, le<int32_t>(2147483647)), "2147483647");
  EXPECT_EQ(json(s64_, le<int64_t>(-9223372036854775807 - 1)), "-9223372036854775808");
}

TEST_F(BtfDumper, ints_read_only_their_own_bytes) {
  EXPECT_EQ(json(u16_, {0x01, 0x00, 0x99, 0x99}), "1");
  EXPECT_EQ(json(s8_, {0xfe, 0x7f}), "-2");
}

TEST_F(BtfDumper, ints_print_the_same_in_plain_mode) {
  EXPECT_EQ(plain(s32_, le<int32_t>(-7)), "-7");
  EXPECT_EQ(plain(u64_, le<uint64_t>(42)), "42");
}

TEST_F(BtfDumper, bool) {
  EXPECT_EQ(json(bool_, {0}), "false");
  EXPECT_EQ(json(bool_, {1}), "true");
  EXPECT_EQ(plain(bool_, {1}), "true");
}

TEST_F(BtfDumper, char_encoding_prints_a_one_character_string) {
  EXPECT_EQ(json(cchar_, {'A'}), "\"A\"");
  EXPECT_EQ(plain(cchar_, {'z'}), "\"z\"");
  EXPECT_EQ(json(cchar_, {' '}), "\" \"");
}

TEST_F(BtfDumper, char_encoding_escapes_json_specials) {
  // Upstream wrote "%c" raw, which gives `"""`; we keep the JSON valid.
  EXPECT_EQ(json(cchar_, {'"'}), R"("\"")");
  EXPECT_EQ(json(cchar_, {'\\'}), R"("\\")");
}

TEST_F(BtfDumper, unprintable_char_is_u00xx_in_json_and_hex_in_plain) {
  EXPECT_EQ(json(cchar_, {0x07}), R"("\u0007")");
  EXPECT_EQ(json(cchar_, {0x00}), R"("\u0000")");
  EXPECT_EQ(json(cchar_, {0xe9}), R"("\u00e9")");
  EXPECT_EQ(plain(cchar_, {0x07}), "0x7");
  EXPECT_EQ(plain(cchar_, {0xe9}), "0xe9");
  EXPECT_EQ(plain(cchar_, {0x00}), "0x0");
}

TEST_F(BtfDumper, int128_prints_as_hex) {
  EXPECT_EQ(json(u128_, cat({le<uint64_t>(1), le<uint64_t>(0)})), R"("0x1")");
  EXPECT_EQ(json(u128_, cat({le<uint64_t>(0), le<uint64_t>(0)})), R"("0x0")");
  EXPECT_EQ(json(u128_, cat({le<uint64_t>(2), le<uint64_t>(1)})), R"("0x10000000000000002")");
  EXPECT_EQ(json(u128_, cat({le<uint64_t>(~0ull), le<uint64_t>(~0ull)})),
            R"("0xffffffffffffffffffffffffffffffff")");
  // The sign is ignored, as upstream's btf_int128_print.
  EXPECT_EQ(json(s128_, cat({le<uint64_t>(~0ull), le<uint64_t>(~0ull)})),
            R"("0xffffffffffffffffffffffffffffffff")");
}

TEST_F(BtfDumper, int128_is_bare_hex_in_plain_mode) {
  EXPECT_EQ(plain(u128_, cat({le<uint64_t>(0xabc), le<uint64_t>(0)})), "0xabc");
  EXPECT_EQ(plain(u128_, cat({le<uint64_t>(0x10), le<uint64_t>(0xf)})), "0xf0000000000000010");
}

TEST_F(BtfDumper, char_array_with_nul_is_a_string) {
  uint32_t a = array(char_, 8);
  EXPECT_EQ(json(a, str_bytes("ab", 8)), R"("ab")");
  EXPECT_EQ(plain(a, str_bytes("ab", 8)), R"("ab")");
  EXPECT_EQ(json(a, str_bytes("", 8)), R"("")");
  EXPECT_EQ(json(a, str_bytes("1234567", 8)), R"("1234567")");
}

TEST_F(BtfDumper, char_array_string_is_escaped) {
  uint32_t a = array(char_, 8);
  EXPECT_EQ(json(a, str_bytes("a\"b\\c", 8)), R"("a\"b\\c")");
}

TEST_F(BtfDumper, char_array_without_nul_is_an_array) {
  uint32_t a = array(char_, 4);
  EXPECT_EQ(json(a, str_bytes("abcd", 4)), "[97,98,99,100]");
}

TEST_F(BtfDumper, char_array_with_unprintable_bytes_is_an_array) {
  uint32_t a = array(char_, 4);
  EXPECT_EQ(json(a, Bytes{'a', 0x01, 'b', 0}), "[97,1,98,0]");
  EXPECT_EQ(json(a, Bytes{'a', 0x7f, 0, 0}), "[97,127,0,0]");
  EXPECT_EQ(json(a, Bytes{'a', 0x80, 0, 0}), "[97,-128,0,0]");  // char is signed
}

TEST_F(BtfDumper, char_encoded_arrays_are_strings_too) {
  uint32_t a = array(cchar_, 3);
  EXPECT_EQ(json(a, Bytes{'h', 'i', 0}), R"("hi")");
  EXPECT_EQ(json(a, Bytes{0x01, 0, 0}), R"(["\u0001","\u0000","\u0000"])");
  EXPECT_EQ(plain(a, Bytes{0x01, 'x', 0x02}), R"([0x1,"x",0x2])");
}

TEST_F(BtfDumper, unsigned_char_array_is_never_a_string) {
  uint32_t a = array(u8_, 3);
  EXPECT_EQ(json(a, Bytes{'h', 'i', 0}), "[104,105,0]");
}

TEST_F(BtfDumper, typedef_to_char_does_not_count_but_const_does) {
  uint32_t td = add(btf__add_typedef(b_, "my_char", static_cast<int>(char_)));
  uint32_t cc = add(btf__add_const(b_, static_cast<int>(char_)));
  uint32_t a_td = array(td, 3);
  uint32_t a_cc = array(cc, 3);
  EXPECT_EQ(json(a_td, Bytes{'h', 'i', 0}), "[104,105,0]");
  EXPECT_EQ(json(a_cc, Bytes{'h', 'i', 0}), R"("hi")");
}

TEST_F(BtfDumper, empty_array) {
  uint32_t a = array(char_, 0);
  EXPECT_EQ(json(a, Bytes{}), "[]");
}

TEST_F(BtfDumper, array_of_structs_and_arrays) {
  uint32_t pt = add(btf__add_struct(b_, "pt", 4));
  field("x", u16_, 0);
  field("y", u16_, 16);
  uint32_t a = array(pt, 2);
  uint32_t aa = array(array(u8_, 2), 2);
  EXPECT_EQ(json(a, cat({le<uint16_t>(1), le<uint16_t>(2), le<uint16_t>(3), le<uint16_t>(4)})),
            R"([{"x":1,"y":2},{"x":3,"y":4}])");
  EXPECT_EQ(json(aa, Bytes{1, 2, 3, 4}), "[[1,2],[3,4]]");
}

TEST_F(BtfDumper, nested_structs) {
  uint32_t inner = add(btf__add_struct(b_, "inner", 8));
  field("a", u32_, 0);
  field("b", u16_, 32);
  uint32_t arr = array(u8_, 3);
  uint32_t outer = add(btf__add_struct(b_, "outer", 24));
  field("in", inner, 0);
  field("arr", arr, 64);
  field("c", u64_, 128);
  Bytes data = cat({le<uint32_t>(1), le<uint16_t>(2), Bytes{0, 0}, Bytes{1, 2, 3, 0, 0, 0, 0, 0}, le<uint64_t>(3)});
  ASSERT_EQ(data.size(), 24u);
  EXPECT_EQ(json(outer, data), R"({"in":{"a":1,"b":2},"arr":[1,2,3],"c":3})");
  EXPECT_EQ(plain(outer, data), R"({"in":{"a":1,"b":2},"arr":[1,2,3],"c":3})");
}

TEST_F(BtfDumper, anonymous_member_gets_an_empty_name) {
  uint32_t s = add(btf__add_struct(b_, "s", 4));
  field(nullptr, u32_, 0);
  EXPECT_EQ(json(s, le<uint32_t>(9)), R"({"":9})");
}

TEST_F(BtfDumper, union_prints_every_member) {
  uint32_t bytes = array(u8_, 4);
  uint32_t u = add(btf__add_union(b_, "u", 4));
  field("x", u32_, 0);
  field("bytes", bytes, 0);
  EXPECT_EQ(json(u, Bytes{1, 2, 3, 4}), R"({"x":67305985,"bytes":[1,2,3,4]})");
}

TEST_F(BtfDumper, kflag_bitfields_are_hex_strings_in_json) {
  uint32_t s = add(btf__add_struct(b_, "bf", 4));
  field("a", u32_, 0, 3);
  field("b", u32_, 3, 5);
  field("c", u32_, 8, 24);
  // a=5, b=17, c=0xabcdef
  Bytes data = le<uint32_t>(5u | (17u << 3) | (0xabcdefu << 8));
  EXPECT_EQ(json(s, data), R"({"a":"0x5","b":"0x11","c":"0xabcdef"})");
  EXPECT_EQ(plain(s, data), R"({"a":0x5,"b":0x11,"c":0xabcdef})");
}

TEST_F(BtfDumper, signed_bitfields_print_their_raw_bits) {
  uint32_t s = add(btf__add_struct(b_, "sbf", 4));
  field("d", s32_, 0, 4);
  field("e", s32_, 4, 4);
  EXPECT_EQ(json(s, le<uint32_t>(0x7f)), R"({"d":"0xf","e":"0x7"})");
}

TEST_F(BtfDumper, bitfield_crossing_64_bits) {
  uint32_t s = add(btf__add_struct(b_, "wide", 16));
  field("x", u64_, 0, 60);
  field("y", u64_, 60, 10);
  field("z", u8_, 72);
  Bytes data{239, 205, 171, 137, 103, 69, 35, 241, 63, 127, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(json(s, data), R"({"x":"0x123456789abcdef","y":"0x3ff","z":127})");
}

TEST_F(BtfDumper, regular_members_after_bitfields) {
  uint32_t s = add(btf__add_struct(b_, "mixed", 8));
  field("flag", u32_, 0, 1);
  field("rest", u32_, 1, 31);
  field("n", s32_, 32);
  EXPECT_EQ(json(s, cat({le<uint32_t>(0xffffffffu), le<int32_t>(-1)})),
            R"({"flag":"0x1","rest":"0x7fffffff","n":-1})");
}

TEST_F(BtfDumper, enum_value_by_name_or_number) {
  uint32_t e = add(btf__add_enum(b_, "e4", 4));
  ASSERT_EQ(btf__add_enum_value(b_, "A", 0), 0);
  ASSERT_EQ(btf__add_enum_value(b_, "B", 1), 0);
  ASSERT_EQ(btf__add_enum_value(b_, "NEG", -1), 0);
  EXPECT_EQ(json(e, le<int32_t>(1)), R"("B")");
  EXPECT_EQ(json(e, le<int32_t>(0)), R"("A")");
  EXPECT_EQ(json(e, le<int32_t>(-1)), R"("NEG")");
  EXPECT_EQ(json(e, le<int32_t>(7)), "7");
  EXPECT_EQ(json(e, le<int32_t>(-9)), "-9");
  EXPECT_EQ(plain(e, le<int32_t>(1)), R"("B")");
}

TEST_F(BtfDumper, small_enums_compare_signed_values) {
  uint32_t e1 = add(btf__add_enum(b_, "e1", 1));
  ASSERT_EQ(btf__add_enum_value(b_, "LOW", 1), 0);
  ASSERT_EQ(btf__add_enum_value(b_, "M1", -1), 0);
  uint32_t e2 = add(btf__add_enum(b_, "e2", 2));
  ASSERT_EQ(btf__add_enum_value(b_, "X", 2), 0);
  EXPECT_EQ(json(e1, {0xff}), R"("M1")");
  EXPECT_EQ(json(e1, {0x05}), "5");
  EXPECT_EQ(json(e2, {0x00, 0x80}), "-32768");
  EXPECT_EQ(json(e2, {0x02, 0x00}), R"("X")");
}

TEST_F(BtfDumper, unsigned_enum_high_value_matches) {
  uint32_t e = add(btf__add_enum(b_, "eu", 4));
  ASSERT_EQ(btf__add_enum_value(b_, "HIGH", 0x80000000ll), 0);
  EXPECT_EQ(json(e, le<uint32_t>(0x80000000u)), R"("HIGH")");
}

TEST_F(BtfDumper, enum64) {
  uint32_t e = add(btf__add_enum64(b_, "e64", 8, false));
  ASSERT_EQ(btf__add_enum64_value(b_, "BIG", 0xffffffff00000001ull), 0);
  ASSERT_EQ(btf__add_enum64_value(b_, "SMALL", 2), 0);
  EXPECT_EQ(json(e, le<uint64_t>(0xffffffff00000001ull)), R"("BIG")");
  EXPECT_EQ(json(e, le<uint64_t>(2)), R"("SMALL")");
  EXPECT_EQ(json(e, le<uint64_t>(3)), "3");
  // Unmatched values print signed, as upstream's jsonw_int.
  EXPECT_EQ(json(e, le<uint64_t>(~0ull)), "-1");
  // Same low half as BIG, different high half: no match.
  EXPECT_EQ(json(e, le<uint64_t>(0x0000000100000001ull)), "4294967297");
}

TEST_F(BtfDumper, pointers_are_numbers_in_json) {
  uint32_t p = add(btf__add_ptr(b_, static_cast<int>(u32_)));
  EXPECT_EQ(json(p, le<uint64_t>(0)), "0");
  EXPECT_EQ(json(p, le<uint64_t>(0xffff888012345678ull)), "18446612682375452280");
}

TEST_F(BtfDumper, pointers_are_quoted_p_format_in_plain_mode) {
  // Upstream: jsonw_printf("\"%p\""): glibc prints 0x... or (nil).
  uint32_t p = add(btf__add_ptr(b_, static_cast<int>(u32_)));
  EXPECT_EQ(plain(p, le<uint64_t>(0)), R"x("(nil)")x");
  EXPECT_EQ(plain(p, le<uint64_t>(0xffff888012345678ull)), R"("0xffff888012345678")");
  EXPECT_EQ(plain(p, le<uint64_t>(0x10)), R"("0x10")");
}

TEST_F(BtfDumper, modifiers_and_typedefs_resolve) {
  uint32_t v = add(btf__add_volatile(b_, static_cast<int>(u32_)));
  uint32_t c = add(btf__add_const(b_, static_cast<int>(v)));
  uint32_t r = add(btf__add_restrict(b_, static_cast<int>(add(btf__add_ptr(b_, static_cast<int>(u8_))))));
  uint32_t tag = add(btf__add_type_tag(b_, "user", static_cast<int>(c)));
  uint32_t td = add(btf__add_typedef(b_, "u32_t", static_cast<int>(tag)));
  EXPECT_EQ(json(td, le<uint32_t>(42)), "42");
  EXPECT_EQ(json(c, le<uint32_t>(43)), "43");
  EXPECT_EQ(json(r, le<uint64_t>(5)), "5");
}

TEST_F(BtfDumper, typedef_cycle_is_an_error_not_a_hang) {
  int next = static_cast<int>(btf__type_cnt(b_));
  uint32_t a = add(btf__add_typedef(b_, "A", next + 1));
  add(btf__add_typedef(b_, "B", next));
  std::string out = failing(a, le<uint32_t>(1), "can't resolve BTF type " + std::to_string(a));
  EXPECT_EQ(out, "");
}

TEST_F(BtfDumper, nesting_is_bounded) {
  // struct s80 { struct s79 m; } ... struct s1 { unsigned char m; }
  uint32_t t = u8_;
  for (int i = 0; i < 80; i++) {
    t = add(btf__add_struct(b_, ("s" + std::to_string(i + 1)).c_str(), 1));
    field("m", i == 0 ? u8_ : t - 1, 0);
  }
  DumpResult r = dump_json(b_, t, Bytes{1}, false);
  ASSERT_FALSE(r.status);
  EXPECT_EQ(r.status.error().message(), "BTF type nesting too deep");
  // Every object opened was closed, the innermost member with a null.
  EXPECT_EQ(std::count(r.text.begin(), r.text.end(), '{'), 65);
  EXPECT_EQ(std::count(r.text.begin(), r.text.end(), '}'), 65);
  EXPECT_NE(r.text.find(R"({"m":null})"), std::string::npos);
}

TEST_F(BtfDumper, var_wraps_its_value_in_an_object) {
  uint32_t v = add(btf__add_var(b_, "counter", BTF_VAR_GLOBAL_ALLOCATED, static_cast<int>(u32_)));
  EXPECT_EQ(json(v, le<uint32_t>(5)), R"({"counter":5})");
}

TEST_F(BtfDumper, datasec_lists_its_vars) {
  uint32_t va = add(btf__add_var(b_, "a", BTF_VAR_GLOBAL_ALLOCATED, static_cast<int>(u32_)));
  uint32_t vb = add(btf__add_var(b_, "b", BTF_VAR_STATIC, static_cast<int>(u64_)));
  uint32_t ds = add(btf__add_datasec(b_, ".data", 16));
  ASSERT_EQ(btf__add_datasec_var_info(b_, static_cast<int>(va), 0, 4), 0);
  ASSERT_EQ(btf__add_datasec_var_info(b_, static_cast<int>(vb), 8, 8), 0);
  Bytes data = cat({le<uint32_t>(1), Bytes{0, 0, 0, 0}, le<uint64_t>(2)});
  EXPECT_EQ(json(ds, data), R"({".data":[{"a":1},{"b":2}]})");
}

TEST_F(BtfDumper, floats_print_as_numbers) {
  uint32_t f = add(btf__add_float(b_, "float", 4));
  uint32_t d = add(btf__add_float(b_, "double", 8));
  EXPECT_EQ(json(f, le<float>(1.5f)), "1.5");
  EXPECT_EQ(json(d, le<double>(-0.25)), "-0.25");
}

TEST_F(BtfDumper, forward_declaration_is_an_error) {
  uint32_t fwd = add(btf__add_fwd(b_, "opaque", BTF_FWD_STRUCT));
  EXPECT_EQ(failing(fwd, Bytes{0, 0, 0, 0}, "BTF forward declaration has no data layout"),
            R"x("(fwd-kind-invalid)")x");
}

TEST_F(BtfDumper, unsupported_kind_is_an_error) {
  uint32_t proto = add(btf__add_func_proto(b_, static_cast<int>(s32_)));
  uint32_t fn = add(btf__add_func(b_, "f", BTF_FUNC_GLOBAL, static_cast<int>(proto)));
  EXPECT_EQ(failing(fn, Bytes{0}, "unsupported BTF kind 12"), R"x("(unsupported-kind)")x");
}

TEST_F(BtfDumper, unknown_type_id_is_an_error) {
  EXPECT_EQ(failing(9999, Bytes{0}, "invalid BTF type id 9999"), "");
}

// --- Data shorter than the type: errors, partial output, no out-of-bounds reads.

TEST_F(BtfDumper, short_int) {
  EXPECT_EQ(failing(u32_, Bytes{1, 2}, "BTF data too short"), "");
  EXPECT_EQ(failing(u64_, Bytes{}, "BTF data too short"), "");
  EXPECT_EQ(failing(u128_, le<uint64_t>(1), "BTF data too short"), "");
  EXPECT_EQ(failing(cchar_, Bytes{}, "BTF data too short"), "");
  EXPECT_EQ(failing(bool_, Bytes{}, "BTF data too short"), "");
}

TEST_F(BtfDumper, short_pointer_enum_and_float) {
  uint32_t p = add(btf__add_ptr(b_, static_cast<int>(u32_)));
  uint32_t e = add(btf__add_enum(b_, "e", 4));
  ASSERT_EQ(btf__add_enum_value(b_, "A", 0), 0);
  uint32_t e64 = add(btf__add_enum64(b_, "e64", 8, false));
  ASSERT_EQ(btf__add_enum64_value(b_, "B", 1), 0);
  uint32_t d = add(btf__add_float(b_, "double", 8));
  EXPECT_EQ(failing(p, Bytes{1, 2, 3, 4}, "BTF data too short"), "");
  EXPECT_EQ(failing(p, Bytes{1, 2, 3, 4}, "BTF data too short", true), "");
  EXPECT_EQ(failing(e, Bytes{1, 2}, "BTF data too short"), "");
  EXPECT_EQ(failing(e64, Bytes{1, 2, 3, 4}, "BTF data too short"), "");
  EXPECT_EQ(failing(d, Bytes{1, 2, 3, 4}, "BTF data too short"), "");
}

TEST_F(BtfDumper, short_struct_stops_with_a_null_member) {
  uint32_t inner = add(btf__add_struct(b_, "inner", 8));
  field("a", u32_, 0);
  field("b", u16_, 32);
  uint32_t outer = add(btf__add_struct(b_, "outer", 16));
  field("in", inner, 0);
  field("c", u64_, 64);
  EXPECT_EQ(failing(inner, le<uint32_t>(1), "BTF data too short"), R"({"a":1,"b":null})");
  EXPECT_EQ(failing(outer, le<uint32_t>(1), "BTF data too short"), R"({"in":{"a":1,"b":null}})");
  EXPECT_EQ(failing(outer, cat({le<uint32_t>(1), le<uint16_t>(2), Bytes{0, 0, 9}}), "BTF data too short"),
            R"({"in":{"a":1,"b":2},"c":null})");
}

TEST_F(BtfDumper, short_array_stops_at_the_last_whole_element) {
  uint32_t a = array(u32_, 4);
  EXPECT_EQ(failing(a, cat({le<uint32_t>(1), le<uint32_t>(2), Bytes{3}}), "BTF data too short"), "[1,2]");
  // A char array longer than the data is not read as a string.
  uint32_t s = array(char_, 8);
  EXPECT_EQ(failing(s, Bytes{'a', 'b', 0}, "BTF data too short"), "[97,98,0]");
}

TEST_F(BtfDumper, short_bitfield) {
  uint32_t s = add(btf__add_struct(b_, "bf", 4));
  field("a", u32_, 0, 3);
  field("b", u32_, 3, 5);
  field("c", u32_, 8, 24);
  EXPECT_EQ(failing(s, Bytes{0x8d}, "BTF data too short"), R"({"a":"0x5","b":"0x11","c":null})");
  EXPECT_EQ(failing(s, Bytes{0x8d, 0xef, 0xcd}, "BTF data too short"), R"({"a":"0x5","b":"0x11","c":null})");
}

TEST_F(BtfDumper, short_datasec) {
  uint32_t va = add(btf__add_var(b_, "a", BTF_VAR_GLOBAL_ALLOCATED, static_cast<int>(u32_)));
  uint32_t vb = add(btf__add_var(b_, "b", BTF_VAR_GLOBAL_ALLOCATED, static_cast<int>(u32_)));
  uint32_t ds = add(btf__add_datasec(b_, ".bss", 24));
  ASSERT_EQ(btf__add_datasec_var_info(b_, static_cast<int>(va), 0, 4), 0);
  ASSERT_EQ(btf__add_datasec_var_info(b_, static_cast<int>(vb), 20, 4), 0);
  EXPECT_EQ(failing(ds, cat({le<uint32_t>(7), le<uint32_t>(0)}), "BTF data too short"), R"({".bss":[{"a":7}]})");
}

TEST_F(BtfDumper, to_value_keeps_partial_output_on_error) {
  uint32_t a = array(u32_, 3);
  Bytes data = cat({le<uint32_t>(1), Bytes{2}});
  EXPECT_EQ(via_value(b_, a, data, false), "[1]");
}

TEST_F(BtfDumper, to_value_kinds) {
  uint32_t s = add(btf__add_struct(b_, "k", 12));
  field("u", u32_, 0);
  field("i", s32_, 32);
  field("bits", u32_, 64, 4);
  Bytes data = cat({le<uint32_t>(3), le<int32_t>(-3), le<uint32_t>(0xf)});
  output::Value json_v = Dumper(b_, false).to_value(s, data.data(), data.size());
  ASSERT_EQ(json_v.kind(), output::Value::Kind::Object);
  ASSERT_EQ(json_v.members().size(), 3u);
  EXPECT_EQ(json_v.members()[0].second.kind(), output::Value::Kind::Uint);
  EXPECT_EQ(json_v.members()[1].second.kind(), output::Value::Kind::Int);
  EXPECT_EQ(json_v.members()[1].second.as_int(), -3);
  EXPECT_EQ(json_v.members()[2].second.kind(), output::Value::Kind::String);
  EXPECT_EQ(json_v.members()[2].second.as_string(), "0xf");
  output::Value plain_v = Dumper(b_, true).to_value(s, data.data(), data.size());
  EXPECT_EQ(plain_v.members()[2].second.kind(), output::Value::Kind::Raw);
}

// --- Bitfields without kflag (older BTF): INT types with odd widths or offsets.
// libbpf's btf__add_int cannot make these, so the blob is written by hand.

struct RawBtf {
  std::vector<uint32_t> types;
  std::string strings = std::string(1, '\0');
  uint32_t str(const char* s) {
    uint32_t off = static_cast<uint32_t>(strings.size());
    strings += s;
    strings += '\0';
    return off;
  }
  struct btf* build() const {
    struct btf_header h {};
    h.magic = BTF_MAGIC;
    h.version = BTF_VERSION;
    h.hdr_len = sizeof(h);
    h.type_off = 0;
    h.type_len = static_cast<uint32_t>(types.size() * 4);
    h.str_off = h.type_len;
    h.str_len = static_cast<uint32_t>(strings.size());
    std::vector<uint8_t> blob(sizeof(h) + h.type_len + h.str_len);
    std::memcpy(blob.data(), &h, sizeof(h));
    std::memcpy(blob.data() + sizeof(h), types.data(), h.type_len);
    std::memcpy(blob.data() + sizeof(h) + h.type_len, strings.data(), h.str_len);
    return btf__new(blob.data(), static_cast<uint32_t>(blob.size()));
  }
};

TEST(BtfDumperLegacyBitfields, int_bits_and_offsets) {
  RawBtf r;
  // [1] INT 'u3' size=1 bits=3 offset=0
  r.types.insert(r.types.end(), {r.str("u3"), BTF_KIND_INT << 24, 1, (0u << 24) | (0u << 16) | 3u});
  // [2] INT 'hi4' size=1 bits=4 offset=4
  r.types.insert(r.types.end(), {r.str("hi4"), BTF_KIND_INT << 24, 1, (0u << 24) | (4u << 16) | 4u});
  // [3] STRUCT 'legacy' size=1 vlen=2 (no kflag): lo@0, mid@3, both of type u3
  r.types.insert(r.types.end(), {r.str("legacy"), (BTF_KIND_STRUCT << 24) | 2u, 1});
  r.types.insert(r.types.end(), {r.str("lo"), 1, 0});
  r.types.insert(r.types.end(), {r.str("mid"), 1, 3});
  struct btf* b = r.build();
  ASSERT_NE(b, nullptr);
  ASSERT_EQ(libbpf_get_error(b), 0);
  EXPECT_EQ(dump_json(b, 1, Bytes{0x05}, false).text, R"("0x5")");
  EXPECT_EQ(dump_json(b, 1, Bytes{0xfd}, true).text, "0x5");
  EXPECT_EQ(dump_json(b, 2, Bytes{0xa5}, false).text, R"("0xa")");
  EXPECT_EQ(dump_json(b, 3, Bytes{0x15}, false).text, R"({"lo":"0x5","mid":"0x2"})");
  DumpResult shortr = dump_json(b, 3, Bytes{}, false);
  EXPECT_FALSE(shortr.status);
  EXPECT_EQ(shortr.text, R"({"lo":null})");
  btf__free(b);
}

}  // namespace
}  // namespace bpftool::btf
