// cli/map_data: key and value bytes (DATA := [hex] BYTES) and the element
// grammar of update/lookup/getnext/delete, with upstream's rules and messages,
// except that bytes above 255 are errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "commands/map_data.h"

namespace bpftool::commands {
using cli::ArgCursor;
namespace {

using Words = std::vector<std::string>;
using Bytes = std::vector<uint8_t>;

template <class T>
std::string err_of(const Result<T>& r) {
  return r ? "<ok>" : r.error().message();
}

Result<Bytes> bytes(const Words& w, size_t n, size_t* consumed = nullptr) {
  ArgCursor a(w, "key");
  auto r = parse_bytes(a, "key", n);
  if (consumed) *consumed = a.position();
  return r;
}

TEST(ParseByte, decimal_hex_and_octal_as_strtoul_base_0) {
  EXPECT_EQ(*parse_byte("0", false), 0);
  EXPECT_EQ(*parse_byte("255", false), 255);
  EXPECT_EQ(*parse_byte("0x7f", false), 0x7f);
  EXPECT_EQ(*parse_byte("0XfF", false), 0xff);
  EXPECT_EQ(*parse_byte("010", false), 8);  // leading 0: octal
  EXPECT_EQ(*parse_byte("0377", false), 255);
}

TEST(ParseByte, base_16_after_hex) {
  EXPECT_EQ(*parse_byte("ff", true), 0xff);
  EXPECT_EQ(*parse_byte("0xff", true), 0xff);
  EXPECT_EQ(*parse_byte("10", true), 0x10);
  EXPECT_EQ(*parse_byte("7", true), 7);
}

TEST(ParseByte, rejects_values_above_255_instead_of_truncating) {
  EXPECT_EQ(err_of(parse_byte("256", false)), "error parsing byte: 256 is larger than 255");
  EXPECT_EQ(err_of(parse_byte("0x100", false)), "error parsing byte: 0x100 is larger than 255");
  EXPECT_EQ(err_of(parse_byte("0400", false)), "error parsing byte: 0400 is larger than 255");
  EXPECT_EQ(err_of(parse_byte("100", true)), "error parsing byte: 100 is larger than 255");
  EXPECT_EQ(err_of(parse_byte("99999999999999999999999", false)), "error parsing byte: 99999999999999999999999");
}

TEST(ParseByte, rejects_garbage_signs_and_empty_words) {
  EXPECT_EQ(err_of(parse_byte("08", false)), "error parsing byte: 08");  // not octal
  EXPECT_EQ(err_of(parse_byte("ff", false)), "error parsing byte: ff");  // hex needs `hex` or 0x
  EXPECT_EQ(err_of(parse_byte("1a", false)), "error parsing byte: 1a");
  EXPECT_EQ(err_of(parse_byte("zz", true)), "error parsing byte: zz");
  EXPECT_EQ(err_of(parse_byte("-1", false)), "error parsing byte: -1");
  EXPECT_EQ(err_of(parse_byte("+1", false)), "error parsing byte: +1");
  EXPECT_EQ(err_of(parse_byte("", false)), "error parsing byte: ");
  EXPECT_EQ(err_of(parse_byte("0x", false)), "error parsing byte: 0x");
  EXPECT_EQ(err_of(parse_byte(" 1", false)), "error parsing byte:  1");
}

TEST(ParseBytes, reads_exactly_n_words_and_leaves_the_rest) {
  size_t used = 0;
  auto b = bytes({"1", "0x2", "03", "4", "value", "9"}, 4, &used);
  ASSERT_TRUE(b) << b.error().message();
  EXPECT_EQ(*b, (Bytes{1, 2, 3, 4}));
  EXPECT_EQ(used, 4u);
}

TEST(ParseBytes, hex_keyword_and_its_prefixes_switch_to_base_16) {
  size_t used = 0;
  auto b = bytes({"hex", "d2", "04", "ff", "0a"}, 4, &used);
  ASSERT_TRUE(b);
  EXPECT_EQ(*b, (Bytes{0xd2, 0x04, 0xff, 0x0a}));
  EXPECT_EQ(used, 5u);
  EXPECT_EQ(*bytes({"h", "10", "20"}, 2), (Bytes{0x10, 0x20}));  // is_prefix, as upstream
  EXPECT_EQ(*bytes({"he", "10", "20"}, 2), (Bytes{0x10, 0x20}));
}

TEST(ParseBytes, counts_what_it_found_when_words_run_out) {
  EXPECT_EQ(err_of(bytes({"1", "2"}, 4)), "key expected 4 bytes got 2");
  EXPECT_EQ(err_of(bytes({}, 4)), "key expected 4 bytes got 0");
  EXPECT_EQ(err_of(bytes({"hex"}, 1)), "key expected 1 bytes got 0");
}

TEST(ParseBytes, a_keyword_inside_the_bytes_is_a_bad_byte) {
  // Upstream reads exactly n words: `key 1 2 value` is a byte error, not a short key.
  EXPECT_EQ(err_of(bytes({"1", "2", "value", "3"}, 4)), "error parsing byte: value");
}

TEST(ParseBytes, zero_bytes_consume_nothing) {
  size_t used = 9;
  auto b = bytes({"5"}, 0, &used);
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->empty());
  EXPECT_EQ(used, 0u);
}

ElemGrammar update_grammar(uint32_t ks, uint32_t vs, ValueKind kind = ValueKind::Bytes) {
  ElemGrammar g;
  g.key = ks > 0;
  g.key_size = ks;
  g.value = vs ? kind : ValueKind::None;
  g.value_size = vs;
  g.flags = true;
  return g;
}

ElemGrammar key_only(uint32_t ks) {
  ElemGrammar g;
  g.key = true;
  g.key_size = ks;
  return g;
}

Result<ElemArgs> elem(const Words& w, const ElemGrammar& g) {
  ArgCursor a(w, "update");
  return parse_elem(a, g);
}

TEST(ParseElem, key_value_and_flags_in_any_order) {
  for (const Words& w : {Words{"key", "1", "0", "value", "7", "0", "0", "0", "noexist"},
                         Words{"value", "7", "0", "0", "0", "key", "1", "0", "noexist"},
                         Words{"noexist", "value", "7", "0", "0", "0", "key", "1", "0"}}) {
    SCOPED_TRACE(::testing::PrintToString(w));
    auto e = elem(w, update_grammar(2, 4));
    ASSERT_TRUE(e) << e.error().message();
    EXPECT_EQ(*e->key, (Bytes{1, 0}));
    EXPECT_EQ(*e->value, (Bytes{7, 0, 0, 0}));
    EXPECT_EQ(e->flags, UpdateFlags::NoExist);
  }
}

TEST(ParseElem, update_flags_and_their_prefixes) {
  auto with = [](const std::string& f) { return elem({"key", "1", "value", "2", f}, update_grammar(1, 1)); };
  EXPECT_EQ(with("any")->flags, UpdateFlags::Any);
  EXPECT_EQ(with("a")->flags, UpdateFlags::Any);
  EXPECT_EQ(with("exist")->flags, UpdateFlags::Exist);
  EXPECT_EQ(with("e")->flags, UpdateFlags::Exist);
  EXPECT_EQ(with("noexist")->flags, UpdateFlags::NoExist);
  EXPECT_EQ(with("n")->flags, UpdateFlags::NoExist);
  EXPECT_EQ(elem({"key", "1", "value", "2"}, update_grammar(1, 1))->flags, UpdateFlags::Any);
}

TEST(ParseElem, upstream_messages_for_missing_extra_and_repeated_words) {
  EXPECT_EQ(err_of(elem({}, update_grammar(4, 8))), "did not find key");
  EXPECT_EQ(err_of(elem({"key", "1", "2", "3", "4"}, update_grammar(4, 8))), "did not find value");
  EXPECT_EQ(err_of(elem({"key", "1", "key", "2"}, update_grammar(1, 1))), "duplicate key");
  EXPECT_EQ(err_of(elem({"value", "1", "value", "2"}, update_grammar(1, 1))), "duplicate value");
  EXPECT_EQ(err_of(elem({"key", "1", "value", "1", "any", "exist"}, update_grammar(1, 1))),
            "flags specified multiple times: exist");
  EXPECT_EQ(err_of(elem({"key", "1", "foo"}, update_grammar(1, 1))), "expected key or value, got: foo");
  // A queue has no key; lookup takes no value and no flags.
  EXPECT_EQ(err_of(elem({"key", "1"}, update_grammar(0, 4))), "unnecessary key");
  EXPECT_EQ(err_of(elem({"key", "1", "value", "2"}, key_only(1))), "unnecessary value");
  EXPECT_EQ(err_of(elem({"key", "1", "any"}, key_only(1))), "flags specified multiple times: any");
  EXPECT_EQ(err_of(elem({"value", "1", "2"}, update_grammar(0, 4))), "value expected 4 bytes got 2");
}

TEST(ParseElem, queue_push_takes_only_a_value) {
  auto e = elem({"value", "hex", "0a", "0b", "0c", "0d"}, update_grammar(0, 4));
  ASSERT_TRUE(e) << e.error().message();
  EXPECT_FALSE(e->key);
  EXPECT_EQ(*e->value, (Bytes{10, 11, 12, 13}));
}

TEST(ParseElem, prog_array_value_is_a_prog_spec) {
  auto e = elem({"key", "0", "0", "0", "0", "value", "id", "23"}, update_grammar(4, 4, ValueKind::Prog));
  ASSERT_TRUE(e) << e.error().message();
  ASSERT_TRUE(e->value_spec);
  EXPECT_EQ(e->value_spec->by, model::Selector::By::Id);
  EXPECT_EQ(e->value_spec->id, 23u);
  EXPECT_TRUE(e->prog_by_id);  // the command warns that the entry needs the map kept open
  EXPECT_FALSE(e->value);

  auto p = elem({"value", "pinned", "/sys/fs/bpf/p", "key", "1", "0", "0", "0"}, update_grammar(4, 4, ValueKind::Prog));
  ASSERT_TRUE(p) << p.error().message();
  EXPECT_EQ(p->value_spec->path, "/sys/fs/bpf/p");
  EXPECT_FALSE(p->prog_by_id);
}

TEST(ParseElem, map_of_maps_value_is_a_map_spec) {
  auto e = elem({"key", "1", "0", "0", "0", "value", "name", "inner", "exist"}, update_grammar(4, 4, ValueKind::Map));
  ASSERT_TRUE(e) << e.error().message();
  EXPECT_EQ(e->value_spec->by, model::Selector::By::Name);
  EXPECT_EQ(e->value_spec->name, "inner");
  EXPECT_EQ(e->flags, UpdateFlags::Exist);
  EXPECT_EQ(err_of(elem({"key", "1", "0", "0", "0", "value", "id"}, update_grammar(4, 4, ValueKind::Map))),
            "not enough value arguments for map in map");
  EXPECT_EQ(err_of(elem({"key", "1", "value", "id", "3"}, update_grammar(1, 8, ValueKind::Map))),
            "value smaller than 4B for map in map?");
  EXPECT_EQ(err_of(elem({"value", "id"}, update_grammar(4, 4, ValueKind::Prog))),
            "not enough value arguments for map of progs");
  EXPECT_EQ(err_of(elem({"value", "tag", "xyz"}, update_grammar(4, 4, ValueKind::Prog))), "can't parse tag");
}

TEST(ParseElem, getnext_and_delete_take_a_key_of_the_map_size) {
  auto e = elem({"key", "hex", "ff", "ff"}, key_only(2));
  ASSERT_TRUE(e);
  EXPECT_EQ(*e->key, (Bytes{0xff, 0xff}));
  EXPECT_EQ(err_of(elem({"key", "256", "0"}, key_only(2))), "error parsing byte: 256 is larger than 255");
  EXPECT_EQ(err_of(elem({"key", "1", "2", "3"}, key_only(2))), "expected key or value, got: 3");
}

}  // namespace
}  // namespace bpftool::commands
