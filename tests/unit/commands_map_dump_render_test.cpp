// commands/map_dump_render: map entries as upstream prints them, in plain hex
// (line breaking by key/value size, per-CPU values, map-in-map ids, lookup
// errors), in plain BTF (pretty objects of formatted values) and in -j (hex
// arrays plus "formatted"), with BTF built in the test. The expected texts are
// upstream bpftool's output for the same bytes and types.
#include <bpf/btf.h>
#include <gtest/gtest.h>
#include <linux/bpf.h>
#include <linux/btf.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "commands/map_dump_render.h"

namespace bpftool::commands {
namespace {

using Bytes = std::vector<uint8_t>;

model::MapLayout layout(uint32_t type, uint32_t ks, uint32_t vs, uint32_t ncpus = 1) {
  model::MapLayout l;
  l.id = 42;
  l.type = type;
  l.name = "m";
  l.key_size = ks;
  l.value_size = vs;
  l.derive(ncpus);
  return l;
}

Bytes seq(size_t n, uint8_t start = 0) {
  Bytes b(n);
  for (size_t i = 0; i < n; i++) b[i] = static_cast<uint8_t>(start + i);
  return b;
}

std::string hex_block(const Bytes& b) {
  fmt::memory_buffer buf;
  append_hex_block(buf, b.data(), b.size());
  return fmt::to_string(buf);
}

// Renders entries in one style into a string, the way the commands wrap them:
// plain hex lines as they are, Btf through a pretty writer, Json through a
// compact (or pretty) writer; JSON styles inside an array when `array`.
struct Render {
  EntryStyle style;
  bool pretty = false;
  bool array = false;
  model::KvBtf kv;

  template <class Fn>
  std::string operator()(const model::MapLayout& l, Fn&& body) const {
    std::string s;
    {
      output::OutStream o(&s);
      output::JsonWriter w(o, style == EntryStyle::Btf || pretty);
      EntryRenderer r(style, o, style == EntryStyle::Hex ? nullptr : &w, l, kv);
      if (array && style != EntryStyle::Hex) w.start_array();
      body(r);
      if (array && style != EntryStyle::Hex) w.end_array();
      if (style != EntryStyle::Hex) w.finish();
    }
    return s;
  }
};

Render hex() { return Render{EntryStyle::Hex, false, false, {}}; }
Render json() { return Render{EntryStyle::Json, false, false, {}}; }
Render json_array() { return Render{EntryStyle::Json, false, true, {}}; }
Render json_with(model::KvBtf kv) { return Render{EntryStyle::Json, false, false, kv}; }
Render btf_array(model::KvBtf kv) { return Render{EntryStyle::Btf, true, true, kv}; }
Render btf_single(model::KvBtf kv) { return Render{EntryStyle::Btf, true, false, kv}; }

TEST(HexBlock, groups_of_eight_and_lines_of_sixteen) {
  EXPECT_EQ(hex_block({}), "");
  EXPECT_EQ(hex_block({0x01}), "01");
  EXPECT_EQ(hex_block(seq(4)), "00 01 02 03");
  EXPECT_EQ(hex_block(seq(9)), "00 01 02 03 04 05 06 07  08");
  EXPECT_EQ(hex_block(seq(16, 0xf0)), "f0 f1 f2 f3 f4 f5 f6 f7  f8 f9 fa fb fc fd fe ff");
  EXPECT_EQ(hex_block(seq(20)),
            "00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f\n"
            "10 11 12 13");
}

TEST(HexJson, array_of_quoted_hex_strings_in_compact_and_pretty_layouts) {
  auto json = [](const Bytes& b, bool pretty) {
    std::string s, scratch;
    {
      output::OutStream o(&s);
      output::JsonWriter w(o, pretty);
      w.start_object();
      w.name("key");
      json_hex_array(w, b.data(), b.size(), scratch);
      w.end_object();
    }
    return s;
  };
  EXPECT_EQ(json({0x01, 0xab}, false), R"({"key":["0x01","0xab"]})");
  EXPECT_EQ(json({}, false), R"({"key":[]})");
  EXPECT_EQ(json({0x01, 0xab}, true), "{\n    \"key\": [\"0x01\",\"0xab\"\n    ]\n}");
  EXPECT_EQ(json({}, true), "{\n    \"key\": []\n}");
}

TEST(HexEntry, short_key_and_value_share_a_line) {
  auto l = layout(BPF_MAP_TYPE_HASH, 4, 8);
  Bytes k = {1, 0, 0, 0}, v = {0x10, 0, 0, 0, 0, 0, 0, 1};
  EXPECT_EQ(hex()(l, [&](EntryRenderer& r) { r.entry(k.data(), v.data()); }),
            "key: 01 00 00 00  value: 10 00 00 00 00 00 00 01\n");
}

TEST(HexEntry, sizes_above_24_bytes_break_the_line) {
  auto l = layout(BPF_MAP_TYPE_HASH, 8, 24);  // value > 16: names on their own lines
  Bytes k = seq(8), v = seq(24, 0x20);
  EXPECT_EQ(hex()(l, [&](EntryRenderer& r) { r.entry(k.data(), v.data()); }),
            "key:\n00 01 02 03 04 05 06 07\n"
            "value:\n20 21 22 23 24 25 26 27  28 29 2a 2b 2c 2d 2e 2f\n30 31 32 33 34 35 36 37\n");
  auto l2 = layout(BPF_MAP_TYPE_HASH, 12, 16);  // 28 bytes: two lines, names inline
  Bytes k2 = seq(12), v2 = seq(16);
  EXPECT_EQ(hex()(l2, [&](EntryRenderer& r) { r.entry(k2.data(), v2.data()); }),
            "key: 00 01 02 03 04 05 06 07  08 09 0a 0b\n"
            "value: 00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f\n");
}

TEST(HexEntry, queue_values_have_no_key) {
  auto l = layout(BPF_MAP_TYPE_QUEUE, 0, 4);
  Bytes v = {1, 0, 0, 0};
  EXPECT_EQ(hex()(l, [&](EntryRenderer& r) { r.entry(nullptr, v.data()); }), "value: 01 00 00 00\n");
  EXPECT_EQ(json()(l, [&](EntryRenderer& r) { r.entry(nullptr, v.data()); }),
            R"({"key":[],"value":["0x01","0x00","0x00","0x00"]})"
            "\n");
}

TEST(HexEntry, per_cpu_values_one_line_per_possible_cpu_rounded_to_8_bytes) {
  auto l = layout(BPF_MAP_TYPE_PERCPU_HASH, 4, 6, 3);
  EXPECT_EQ(l.cpu_stride, 8u);
  EXPECT_EQ(l.value_stride, 24u);
  Bytes k = {3, 0, 0, 0};
  Bytes v(24, 0xee);  // padding bytes must not show
  for (int cpu = 0; cpu < 3; cpu++)
    for (int i = 0; i < 6; i++) v[cpu * 8 + i] = static_cast<uint8_t>(cpu * 16 + i);
  EXPECT_EQ(hex()(l, [&](EntryRenderer& r) { r.entry(k.data(), v.data()); }),
            "key:\n03 00 00 00\n"
            "value (CPU 00): 00 01 02 03 04 05\n"
            "value (CPU 01): 10 11 12 13 14 15\n"
            "value (CPU 02): 20 21 22 23 24 25\n");
  EXPECT_EQ(json()(l, [&](EntryRenderer& r) { r.entry(k.data(), v.data()); }),
            R"({"key":["0x03","0x00","0x00","0x00"],"values":[)"
            R"({"cpu":0,"value":["0x00","0x01","0x02","0x03","0x04","0x05"]},)"
            R"({"cpu":1,"value":["0x10","0x11","0x12","0x13","0x14","0x15"]},)"
            R"({"cpu":2,"value":["0x20","0x21","0x22","0x23","0x24","0x25"]}]})"
            "\n");
}

TEST(HexEntry, map_of_maps_shows_the_inner_map_id) {
  auto l = layout(BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, 4);
  Bytes k = {1, 0, 0, 0}, v = {0xaf, 0xa5, 0x02, 0x00};
  EXPECT_EQ(hex()(l, [&](EntryRenderer& r) { r.entry(k.data(), v.data()); }),
            "key: 01 00 00 00  inner_map_id: 173487 \n");
  EXPECT_EQ(json()(l, [&](EntryRenderer& r) { r.entry(k.data(), v.data()); }),
            R"({"key":["0x01","0x00","0x00","0x00"],"value":["0xaf","0xa5","0x02","0x00"],"inner_map_id":173487})"
            "\n");
}

TEST(ErrorEntry, empty_prog_array_and_map_of_maps_slots_print_nothing) {
  for (uint32_t type : {BPF_MAP_TYPE_PROG_ARRAY, BPF_MAP_TYPE_ARRAY_OF_MAPS, BPF_MAP_TYPE_HASH_OF_MAPS}) {
    auto l = layout(type, 4, 4);
    Bytes k = {0, 0, 0, 0};
    EXPECT_EQ(hex()(l, [&](EntryRenderer& r) { r.error_entry(k.data(), ENOENT); }), "");
    EXPECT_EQ(json_array()(l, [&](EntryRenderer& r) { r.error_entry(k.data(), ENOENT); }),
              "[]\n");
  }
}

TEST(ErrorEntry, other_failures_print_the_reason_as_the_value) {
  auto l = layout(BPF_MAP_TYPE_HASH, 4, 4);
  Bytes k = {0, 0, 0, 0};
  EXPECT_EQ(hex()(l, [&](EntryRenderer& r) { r.error_entry(k.data(), ENOENT); }),
            "key: 00 00 00 00  value: <no entry>\n");
  // strerror longer than 16 characters breaks the line, as upstream's perf array dump.
  EXPECT_EQ(hex()(l, [&](EntryRenderer& r) { r.error_entry(k.data(), 524); }),
            "key:\n00 00 00 00\nvalue:\nUnknown error 524\n");
  EXPECT_EQ(json()(l, [&](EntryRenderer& r) { r.error_entry(k.data(), EPERM); }),
            R"({"key":["0x00","0x00","0x00","0x00"],"value":{"error":"Operation not permitted"}})"
            "\n");
  auto rs = layout(BPF_MAP_TYPE_REUSEPORT_SOCKARRAY, 4, 4);
  EXPECT_EQ(hex()(rs, [&](EntryRenderer& r) { r.error_entry(k.data(), ENOSPC); }),
            "key: 00 00 00 00  value: <cannot read>\n");
}

TEST(Batch, renders_every_entry_and_counts_those_read) {
  auto l = layout(BPF_MAP_TYPE_HASH, 1, 1);
  Bytes keys = {1, 2, 3}, values = {10, 20, 30};
  int errors[3] = {0, ENOENT, 0};
  model::EntryBatch b;
  b.count = 3;
  b.keys = keys.data();
  b.values = values.data();
  b.errors = errors;
  uint32_t ok = 0;
  auto text = hex()(l, [&](EntryRenderer& r) { ok = r.batch(b); });
  EXPECT_EQ(ok, 2u);
  EXPECT_EQ(text, "key: 01  value: 0a\nkey: 02  value: <no entry>\nkey: 03  value: 1e\n");
}

TEST(Getnext, first_key_and_next_key) {
  Bytes k = {1, 0, 0, 0}, n = {2, 0, 0, 0};
  std::string plain, json;
  {
    output::OutStream o(&plain);
    render_getnext_plain(o, nullptr, n.data(), 4);
    render_getnext_plain(o, k.data(), n.data(), 4);
  }
  EXPECT_EQ(plain, "key: None\nnext key:\n02 00 00 00\nkey:\n01 00 00 00\nnext key:\n02 00 00 00\n");
  {
    output::OutStream o(&json);
    output::JsonWriter w(o, false);
    w.start_array();
    render_getnext_json(w, nullptr, n.data(), 4);
    render_getnext_json(w, k.data(), n.data(), 4);
    w.end_array();
  }
  EXPECT_EQ(json, R"([{"key":null,"next_key":["0x02","0x00","0x00","0x00"]},)"
                  R"({"key":["0x01","0x00","0x00","0x00"],"next_key":["0x02","0x00","0x00","0x00"]}])");
}

TEST(LookupMiss, key_then_not_found) {
  Bytes k = {3, 0, 0, 0};
  std::string s;
  {
    output::OutStream o(&s);
    render_lookup_miss_plain(o, k.data(), 4);
  }
  EXPECT_EQ(s, "key:\n03 00 00 00\n\nNot found\n");
}

TEST(DumpHeader, plain_and_json) {
  auto l = layout(BPF_MAP_TYPE_ARRAY, 4, 4);
  l.id = 7;
  l.name = "samename";
  l.flags = 0x400;
  std::string plain, json;
  {
    output::OutStream o(&plain);
    render_map_dump_header_plain(o, l);
    l.name.clear();
    l.type = 999;
    render_map_dump_header_plain(o, l);
  }
  EXPECT_EQ(plain, "7: array  name samename  flags 0x400\n7: type 999  flags 0x400\n");
  {
    output::OutStream o(&json);
    output::JsonWriter w(o, false);
    w.start_object();
    render_map_dump_header_json(w, l);
    w.end_object();
  }
  EXPECT_EQ(json, R"({"id":7,"type":999,"flags":1024})");
}

// Key and value types built with libbpf's BTF writer:
//   struct flow_key { __u32 id; __u16 port; __u8 proto; __u8 pad; };
//   enum color { RED = 0, GREEN = 5 };
//   struct val { __u64 counter; __s32 delta; enum color color; char name[8];
//                __u32 lo:3, hi:29; struct { __u16 a; } in; };
class BtfEntries : public ::testing::Test {
 protected:
  void SetUp() override {
    b_ = btf__new_empty();
    ASSERT_NE(b_, nullptr);
    u8_ = add(btf__add_int(b_, "unsigned char", 1, 0));
    u16_ = add(btf__add_int(b_, "unsigned short", 2, 0));
    u32_ = add(btf__add_int(b_, "unsigned int", 4, 0));
    s32_ = add(btf__add_int(b_, "int", 4, BTF_INT_SIGNED));
    u64_ = add(btf__add_int(b_, "unsigned long long", 8, 0));
    char_ = add(btf__add_int(b_, "char", 1, BTF_INT_SIGNED));
    key_ = add(btf__add_struct(b_, "flow_key", 8));
    field("id", u32_, 0);
    field("port", u16_, 32);
    field("proto", u8_, 48);
    field("pad", u8_, 56);
    color_ = add(btf__add_enum(b_, "color", 4));
    ASSERT_EQ(btf__add_enum_value(b_, "RED", 0), 0);
    ASSERT_EQ(btf__add_enum_value(b_, "GREEN", 5), 0);
    name_ = add(btf__add_array(b_, u32_, static_cast<int>(char_), 8));
    inner_ = add(btf__add_struct(b_, "inner", 2));
    field("a", u16_, 0);
    val_ = add(btf__add_struct(b_, "val", 32));
    field("counter", u64_, 0);
    field("delta", s32_, 64);
    field("color", color_, 96);
    field("name", name_, 128);
    field("lo", u32_, 192, 3);
    field("hi", u32_, 195, 29);
    field("in", inner_, 224);
  }
  void TearDown() override { btf__free(b_); }
  uint32_t add(int id) {
    EXPECT_GT(id, 0);
    return static_cast<uint32_t>(id);
  }
  void field(const char* n, uint32_t type, uint32_t off, uint32_t bits = 0) {
    ASSERT_EQ(btf__add_field(b_, n, static_cast<int>(type), off, bits), 0) << n;
  }
  model::KvBtf kv() const { return model::KvBtf{b_, key_, val_}; }

  static Bytes key_bytes() { return {1, 0, 0, 0, 80, 0, 6, 0}; }
  static Bytes val_bytes(uint64_t counter) {
    Bytes v(32, 0);
    std::memcpy(v.data(), &counter, 8);
    int32_t delta = -42;
    std::memcpy(v.data() + 8, &delta, 4);
    v[12] = 5;
    std::memcpy(v.data() + 16, "ab", 2);
    uint32_t bits = 5 | (100u << 3);
    std::memcpy(v.data() + 24, &bits, 4);
    v[28] = 7;
    return v;
  }

  struct btf* b_ = nullptr;
  uint32_t u8_ = 0, u16_ = 0, u32_ = 0, s32_ = 0, u64_ = 0, char_ = 0;
  uint32_t key_ = 0, color_ = 0, name_ = 0, inner_ = 0, val_ = 0;
};

TEST_F(BtfEntries, plain_btf_prints_pretty_objects_with_bare_hex_bitfields) {
  auto l = layout(BPF_MAP_TYPE_HASH, 8, 32);
  Bytes k = key_bytes(), v = val_bytes(123456789);
  EXPECT_EQ(btf_array(kv())(l, [&](EntryRenderer& r) { r.entry(k.data(), v.data()); }),
            "[{\n"
            "        \"key\": {\n"
            "            \"id\": 1,\n"
            "            \"port\": 80,\n"
            "            \"proto\": 6,\n"
            "            \"pad\": 0\n"
            "        },\n"
            "        \"value\": {\n"
            "            \"counter\": 123456789,\n"
            "            \"delta\": -42,\n"
            "            \"color\": \"GREEN\",\n"
            "            \"name\": \"ab\",\n"
            "            \"lo\": 0x5,\n"
            "            \"hi\": 0x64,\n"
            "            \"in\": {\n"
            "                \"a\": 7\n"
            "            }\n"
            "        }\n"
            "    }\n"
            "]\n");
}

TEST_F(BtfEntries, json_adds_formatted_values_with_quoted_bitfields) {
  auto l = layout(BPF_MAP_TYPE_HASH, 8, 32);
  Bytes k = key_bytes(), v = val_bytes(1);
  std::string out = json_with(kv())(l, [&](EntryRenderer& r) { r.entry(k.data(), v.data()); });
  const std::string formatted =
      R"("formatted":{"key":{"id":1,"port":80,"proto":6,"pad":0},)"
      R"("value":{"counter":1,"delta":-42,"color":"GREEN","name":"ab","lo":"0x5","hi":"0x64","in":{"a":7}}}})"
      "\n";
  ASSERT_GE(out.size(), formatted.size());
  EXPECT_EQ(out.substr(out.size() - formatted.size()), formatted);
  EXPECT_EQ(out.rfind(R"({"key":["0x01","0x00","0x00","0x00","0x50","0x00","0x06","0x00"],"value":["0x01",)", 0), 0u);
}

TEST_F(BtfEntries, per_cpu_values_are_formatted_per_cpu) {
  auto l = layout(BPF_MAP_TYPE_PERCPU_ARRAY, 4, 4, 2);
  Bytes k = {2, 0, 0, 0};
  Bytes v = {7, 0, 0, 0, 0xee, 0xee, 0xee, 0xee, 9, 0, 0, 0, 0xee, 0xee, 0xee, 0xee};
  model::KvBtf kvs{b_, u32_, u32_};
  EXPECT_EQ(btf_single(kvs)(l, [&](EntryRenderer& r) { r.entry(k.data(), v.data()); }),
            "{\n"
            "    \"key\": 2,\n"
            "    \"values\": [{\n"
            "            \"cpu\": 0,\n"
            "            \"value\": 7\n"
            "        },{\n"
            "            \"cpu\": 1,\n"
            "            \"value\": 9\n"
            "        }\n"
            "    ]\n"
            "}\n");
  EXPECT_EQ(json_with(kvs)(l, [&](EntryRenderer& r) { r.entry(k.data(), v.data()); }),
            R"({"key":["0x02","0x00","0x00","0x00"],"values":[{"cpu":0,"value":["0x07","0x00","0x00","0x00"]},)"
            R"({"cpu":1,"value":["0x09","0x00","0x00","0x00"]}],"formatted":{"key":2,"values":[{"cpu":0,"value":7},)"
            R"({"cpu":1,"value":9}]}})"
            "\n");
}

TEST_F(BtfEntries, a_value_without_key_type_omits_the_key) {
  auto l = layout(BPF_MAP_TYPE_ARRAY, 4, 4);
  Bytes k = {0, 0, 0, 0}, v = {5, 0, 0, 0};
  model::KvBtf only_value{b_, 0, color_};
  EXPECT_EQ(json_with(only_value)(l, [&](EntryRenderer& r) { r.entry(k.data(), v.data()); }),
            R"({"key":["0x00","0x00","0x00","0x00"],"value":["0x05","0x00","0x00","0x00"],)"
            R"("formatted":{"value":"GREEN"}})"
            "\n");
}

TEST_F(BtfEntries, lookup_errors_stay_valid_in_plain_btf_output) {
  auto l = layout(BPF_MAP_TYPE_HASH, 8, 32);
  Bytes k = key_bytes();
  EXPECT_EQ(btf_array(kv())(l, [&](EntryRenderer& r) { r.error_entry(k.data(), ENOENT); }),
            "[{\n"
            "        \"key\": {\n"
            "            \"id\": 1,\n"
            "            \"port\": 80,\n"
            "            \"proto\": 6,\n"
            "            \"pad\": 0\n"
            "        },\n"
            "        \"value\": {\n"
            "            \"error\": \"<no entry>\"\n"
            "        }\n"
            "    }\n"
            "]\n");
}

}  // namespace
}  // namespace bpftool::commands
