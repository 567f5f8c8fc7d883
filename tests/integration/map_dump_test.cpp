// `map dump` on maps the test creates and fills: the output is checked byte
// for byte against what the test wrote, in plain hex, plain BTF and JSON, for
// hash/array/per-CPU/LRU/LPM maps, map-in-map, prog arrays, queues and stacks
// (never popped), types that cannot be dumped, several maps with one name,
// batch lookup against the get-next-key walk, and maps changing under the dump.
#include <gtest/gtest.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "model/map_dump.h"
#include "support/bpf_object.h"
#include "support/inproc.h"
#include "support/json.h"
#include "support/kernel.h"
#include "support/kernel_test.h"
#include "support/run.h"

namespace bpftool::test {
namespace {

using Bytes = std::vector<uint8_t>;

class MapDump : public KernelTest {};

std::string hex_words(const Bytes& b) {
  std::string s;
  for (size_t i = 0; i < b.size(); i++) {
    if (i) s += (i % 16 == 0) ? "\n" : (i % 8 == 0) ? "  " : " ";
    s += fmt::format("{:02x}", b[i]);
  }
  return s;
}

Bytes le32(uint32_t v) { return {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v >> 16), static_cast<uint8_t>(v >> 24)}; }
Bytes le64(uint64_t v) {
  Bytes b(8);
  std::memcpy(b.data(), &v, 8);
  return b;
}

// A JSON array of "0x.." strings → bytes.
Bytes hex_array(const JsonValue& a) {
  Bytes b;
  for (const auto& e : a.GetArray()) b.push_back(static_cast<uint8_t>(std::stoul(e.GetString(), nullptr, 16)));
  return b;
}

int possible_cpus() { return libbpf_num_possible_cpus(); }

TEST_F(MapDump, hash_without_btf_prints_what_was_written) {
  auto m = TestMap::create(BPF_MAP_TYPE_HASH, 4, 8, 64);
  ASSERT_TRUE(m) << m.error().message();
  std::map<Bytes, Bytes> written;
  for (uint32_t k = 1; k <= 20; k++) {
    Bytes key = le32(k * 7919), value = le64(0x0102030405060708ull * k);
    ASSERT_EQ(bpf_map_update_elem(m->fd.get(), key.data(), value.data(), BPF_ANY), 0);
    written[key] = value;
  }
  const std::string id = std::to_string(m->id);

  auto plain = run_main({"map", "dump", "id", id});
  ASSERT_EQ(plain.status, 0) << plain.err;
  std::set<std::string> expected;
  for (const auto& [k, v] : written) expected.insert("key: " + hex_words(k) + "  value: " + hex_words(v));
  auto lines = split_lines(plain.out);
  ASSERT_EQ(lines.size(), 21u) << plain.out;
  EXPECT_EQ(lines.back(), "Found 20 elements");
  lines.pop_back();
  EXPECT_EQ(std::set<std::string>(lines.begin(), lines.end()), expected);

  auto json = run_main({"-j", "map", "dump", "id", id});
  ASSERT_EQ(json.status, 0) << json.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(json.out, doc));
  ASSERT_TRUE(doc.IsArray());
  std::map<Bytes, Bytes> got;
  for (const auto& e : doc.GetArray()) {
    EXPECT_FALSE(e.HasMember("formatted"));
    got[hex_array(e["key"])] = hex_array(e["value"]);
  }
  EXPECT_EQ(got, written);
}

TEST_F(MapDump, empty_map_and_single_element_wording) {
  auto m = TestMap::create(BPF_MAP_TYPE_HASH, 4, 4, 8);
  ASSERT_TRUE(m);
  const std::string id = std::to_string(m->id);
  EXPECT_EQ(run_main({"map", "dump", "id", id}).out, "Found 0 elements\n");
  EXPECT_EQ(run_main({"-j", "map", "dump", "id", id}).out, "[]\n");
  Bytes k = le32(1), v = le32(0xff000001);
  ASSERT_EQ(bpf_map_update_elem(m->fd.get(), k.data(), v.data(), BPF_ANY), 0);
  EXPECT_EQ(run_main({"map", "dump", "id", id}).out, "key: 01 00 00 00  value: 01 00 00 ff\nFound 1 element\n");
}

TEST_F(MapDump, array_lists_every_index_in_order_and_long_values_break_lines) {
  auto m = TestMap::create(BPF_MAP_TYPE_ARRAY, 4, 20, 3);
  ASSERT_TRUE(m);
  Bytes v(20);
  for (size_t i = 0; i < v.size(); i++) v[i] = static_cast<uint8_t>(0xa0 + i);
  Bytes k = le32(1);
  ASSERT_EQ(bpf_map_update_elem(m->fd.get(), k.data(), v.data(), BPF_ANY), 0);
  auto r = run_main({"map", "dump", "id", std::to_string(m->id)});
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string zeros = "00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00\n00 00 00 00";
  EXPECT_EQ(r.out,
            "key:\n00 00 00 00\nvalue:\n" + zeros + "\n" +
            "key:\n01 00 00 00\nvalue:\n" + hex_words(v) + "\n" +
            "key:\n02 00 00 00\nvalue:\n" + zeros + "\n" +
            "Found 3 elements\n");
}

TEST_F(MapDump, per_cpu_values_show_every_possible_cpu) {
  const int ncpus = possible_cpus();
  ASSERT_GT(ncpus, 0);
  auto m = TestMap::create(BPF_MAP_TYPE_PERCPU_HASH, 4, 4, 8);
  ASSERT_TRUE(m);
  Bytes values(static_cast<size_t>(ncpus) * 8, 0);
  for (int c = 0; c < ncpus; c++) {
    Bytes v = le32(0x100 * static_cast<uint32_t>(c) + 7);
    std::copy(v.begin(), v.end(), values.begin() + c * 8);
  }
  Bytes k = le32(3);
  ASSERT_EQ(bpf_map_update_elem(m->fd.get(), k.data(), values.data(), BPF_ANY), 0);
  auto r = run_main({"map", "dump", "id", std::to_string(m->id)});
  ASSERT_EQ(r.status, 0) << r.err;
  std::string expected = "key:\n03 00 00 00\n";
  for (int c = 0; c < ncpus; c++)
    expected += fmt::format("value (CPU {:02}): {}\n", c, hex_words(le32(0x100 * static_cast<uint32_t>(c) + 7)));
  EXPECT_EQ(r.out, expected + "Found 1 element\n");

  auto j = run_main({"-j", "map", "dump", "id", std::to_string(m->id)});
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(j.out, doc));
  ASSERT_EQ(doc.Size(), 1u);
  const auto& vals = doc[0]["values"];
  ASSERT_EQ(vals.Size(), static_cast<unsigned>(ncpus));
  for (int c = 0; c < ncpus; c++) {
    EXPECT_EQ(vals[c]["cpu"].GetInt(), c);
    EXPECT_EQ(hex_array(vals[c]["value"]), le32(0x100 * static_cast<uint32_t>(c) + 7));
  }
}

// Fills maps.bpf.o's hash_nofloat with one entry of known bytes.
Bytes nofloat_value() {
  Bytes v(96, 0);
  uint64_t ptr = 0xffff888012345678ull;
  std::memcpy(v.data(), &ptr, 8);
  for (uint32_t i = 0; i < 4; i++) std::memcpy(v.data() + 8 + i * 4, le32(i + 1).data(), 4);
  uint64_t lo = 0x1122334455667788ull, hi = 0x99;
  std::memcpy(v.data() + 32, &lo, 8);
  std::memcpy(v.data() + 40, &hi, 8);
  int64_t neg = -5;
  std::memcpy(v.data() + 48, &neg, 8);
  v[56] = 0x41;
  v[60] = 5;  // GREEN
  v[64] = 1;
  std::memcpy(v.data() + 65, "abcd", 4);
  uint32_t bits = 5 | (100u << 3) | (12345u << 10);
  std::memcpy(v.data() + 72, &bits, 4);
  v[76] = 1 | (0b1010 << 1) | (3 << 5);
  std::memcpy(v.data() + 80, le32(0x61626364).data(), 4);
  return v;
}

TEST_F(MapDump, btf_values_in_plain_text_use_upstream_layout) {
  auto obj = LoadedObject::load("maps");
  ASSERT_TRUE(obj) << obj.error().message();
  int fd = obj->map_fd("hash_nofloat");
  Bytes k = le32(1), v = nofloat_value();
  ASSERT_EQ(bpf_map_update_elem(fd, k.data(), v.data(), BPF_ANY), 0);
  auto r = run_main({"map", "dump", "id", std::to_string(obj->map_id("hash_nofloat"))});
  ASSERT_EQ(r.status, 0) << r.err;
  // Upstream's layout: pointers quoted, bitfields and __int128 as bare hex,
  // char arrays that are not strings as numbers, no "Found" line.
  EXPECT_EQ(r.out,
            "[{\n"
            "        \"key\": 1,\n"
            "        \"value\": {\n"
            "            \"ptr\": \"0xffff888012345678\",\n"
            "            \"grid\": [[1,2\n"
            "                ],[3,4\n"
            "                ]\n"
            "            ],\n"
            "            \"wide\": 0x991122334455667788,\n"
            "            \"neg\": -5,\n"
            "            \"c\": 65,\n"
            "            \"col\": \"GREEN\",\n"
            "            \"b\": true,\n"
            "            \"full\": [97,98,99,100\n"
            "            ],\n"
            "            \"bits\": {\n"
            "                \"lo\": 0x5,\n"
            "                \"mid\": 0x64,\n"
            "                \"hi\": 0x3039,\n"
            "                \"flag\": 0x1,\n"
            "                \"sneg\": 0xa,\n"
            "                \"rest\": 0x3\n"
            "            },\n"
            "            \"u\": {\n"
            "                \"w\": 1633837924,\n"
            "                \"bytes\": [100,99,98,97\n"
            "                ]\n"
            "            }\n"
            "        }\n"
            "    }\n"
            "]\n");
}

TEST_F(MapDump, json_has_hex_bytes_and_formatted_btf_values) {
  auto obj = LoadedObject::load("maps");
  ASSERT_TRUE(obj) << obj.error().message();
  int fd = obj->map_fd("hash_nofloat");
  Bytes k = le32(1), v = nofloat_value();
  ASSERT_EQ(bpf_map_update_elem(fd, k.data(), v.data(), BPF_ANY), 0);
  auto r = run_main({"-j", "map", "dump", "id", std::to_string(obj->map_id("hash_nofloat"))});
  ASSERT_EQ(r.status, 0) << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, doc));
  ASSERT_EQ(doc.Size(), 1u);
  EXPECT_EQ(hex_array(doc[0]["key"]), k);
  EXPECT_EQ(hex_array(doc[0]["value"]), v);
  EXPECT_EQ(to_string(doc[0]["formatted"]),
            R"({"key":1,"value":{"ptr":18446612682375452280,"grid":[[1,2],[3,4]],"wide":"0x991122334455667788",)"
            R"("neg":-5,"c":65,"col":"GREEN","b":true,"full":[97,98,99,100],"bits":{"lo":"0x5","mid":"0x64",)"
            R"("hi":"0x3039","flag":"0x1","sneg":"0xa","rest":"0x3"},"u":{"w":1633837924,"bytes":[100,99,98,97]}}})");
}

TEST_F(MapDump, floats_print_as_numbers_and_the_rest_of_the_struct_follows) {
  // Upstream prints "(unsupported-kind" (invalid JSON) and stops the value there.
  auto obj = LoadedObject::load("maps");
  ASSERT_TRUE(obj) << obj.error().message();
  Bytes v(112, 0);
  float ratio = 0.5f;
  double avg = 3.25;
  std::memcpy(v.data() + 56, &ratio, 4);
  std::memcpy(v.data() + 64, &avg, 8);
  std::memcpy(v.data() + 36, "hi", 2);
  Bytes k = le32(2);
  ASSERT_EQ(bpf_map_update_elem(obj->map_fd("array_rich"), k.data(), v.data(), BPF_ANY), 0);
  auto r = run_main({"-j", "map", "lookup", "id", std::to_string(obj->map_id("array_rich")), "key", "2", "0", "0", "0"});
  ASSERT_EQ(r.status, 0) << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, doc));
  const auto& f = doc["formatted"]["value"];
  EXPECT_DOUBLE_EQ(f["ratio"].GetDouble(), 0.5);
  EXPECT_DOUBLE_EQ(f["avg"].GetDouble(), 3.25);
  EXPECT_STREQ(f["name"].GetString(), "hi");
  EXPECT_TRUE(f.HasMember("wide"));
}

TEST_F(MapDump, per_cpu_btf_values_are_formatted_per_cpu) {
  auto obj = LoadedObject::load("maps");
  ASSERT_TRUE(obj) << obj.error().message();
  const int ncpus = possible_cpus();
  Bytes values(static_cast<size_t>(ncpus) * 8, 0);
  for (int c = 0; c < ncpus; c++) {
    values[c * 8] = static_cast<uint8_t>(c + 1);  // a
    values[c * 8 + 2] = 2;                        // b
    values[c * 8 + 4] = 3;                        // c
  }
  Bytes k = le32(9);
  ASSERT_EQ(bpf_map_update_elem(obj->map_fd("percpu_hash"), k.data(), values.data(), BPF_ANY), 0);
  auto r = run_main({"-j", "map", "dump", "id", std::to_string(obj->map_id("percpu_hash"))});
  ASSERT_EQ(r.status, 0) << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, doc));
  ASSERT_EQ(doc.Size(), 1u);
  const auto& f = doc[0]["formatted"];
  EXPECT_EQ(f["key"].GetUint(), 9u);
  ASSERT_EQ(f["values"].Size(), static_cast<unsigned>(ncpus));
  for (int c = 0; c < ncpus; c++)
    EXPECT_EQ(to_string(f["values"][c]), fmt::format(R"({{"cpu":{},"value":{{"a":{},"b":2,"c":3}}}})", c, c + 1));
}

TEST_F(MapDump, map_in_map_shows_inner_ids_and_prog_arrays_show_program_ids) {
  auto obj = LoadedObject::load("maps");
  ASSERT_TRUE(obj) << obj.error().message();
  const uint32_t inner_a = obj->map_id("inner_a");
  auto r = run_main({"map", "dump", "id", std::to_string(obj->map_id("outer_array"))});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "key: 01 00 00 00  inner_map_id: " + std::to_string(inner_a) + " \nFound 1 element\n");
  auto j = run_main({"-j", "map", "dump", "id", std::to_string(obj->map_id("outer_hash"))});
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(j.out, doc));
  ASSERT_EQ(doc.Size(), 1u);
  EXPECT_EQ(doc[0]["inner_map_id"].GetUint(), obj->map_id("inner_b"));

  // A prog array lists the ids of the programs in its slots; empty slots are skipped.
  Bytes k = le32(2);
  uint32_t prog_fd = static_cast<uint32_t>(obj->prog_fd("emit"));
  ASSERT_EQ(bpf_map_update_elem(obj->map_fd("jmp"), k.data(), &prog_fd, BPF_ANY), 0);
  auto pj = run_main({"-j", "map", "dump", "id", std::to_string(obj->map_id("jmp"))});
  ASSERT_EQ(pj.status, 0) << pj.err;
  rapidjson::Document pdoc;
  ASSERT_TRUE(parse_json(pj.out, pdoc));
  ASSERT_EQ(pdoc.Size(), 1u);
  EXPECT_EQ(hex_array(pdoc[0]["key"]), k);
  EXPECT_EQ(pdoc[0]["formatted"]["value"].GetUint(), obj->prog_id("emit"));
}

TEST_F(MapDump, queue_and_stack_show_their_head_and_are_never_popped) {
  auto q = TestMap::create(BPF_MAP_TYPE_QUEUE, 0, 4, 8);
  auto s = TestMap::create(BPF_MAP_TYPE_STACK, 0, 4, 8);
  ASSERT_TRUE(q && s);
  for (uint32_t v : {11u, 22u, 33u}) {
    Bytes b = le32(v);
    ASSERT_EQ(bpf_map_update_elem(q->fd.get(), nullptr, b.data(), BPF_ANY), 0);
    ASSERT_EQ(bpf_map_update_elem(s->fd.get(), nullptr, b.data(), BPF_ANY), 0);
  }
  for (int round = 0; round < 2; round++) {
    auto rq = run_main({"map", "dump", "id", std::to_string(q->id)});
    ASSERT_EQ(rq.status, 0) << rq.err;
    EXPECT_EQ(rq.out, "value: 0b 00 00 00\n");  // the head of the queue: the first pushed
    EXPECT_NE(rq.err.find("only the head of a queue"), std::string::npos) << rq.err;
    EXPECT_NE(rq.err.find("bpftool map pop"), std::string::npos) << rq.err;
    auto rs = run_main({"-j", "map", "dump", "id", std::to_string(s->id)});
    ASSERT_EQ(rs.status, 0) << rs.err;
    EXPECT_EQ(rs.out, R"([{"key":[],"value":["0x21","0x00","0x00","0x00"]}])"
                      "\n");  // the top of the stack: the last pushed
    EXPECT_EQ(rs.err, "");
  }
  // Nothing was consumed.
  for (uint32_t want : {11u, 22u, 33u}) {
    uint32_t got = 0;
    ASSERT_EQ(bpf_map_lookup_and_delete_elem(q->fd.get(), nullptr, &got), 0);
    EXPECT_EQ(got, want);
  }
  auto empty = run_main({"map", "dump", "id", std::to_string(q->id)});
  EXPECT_EQ(empty.status, 0);
  EXPECT_EQ(empty.out, "");
  EXPECT_NE(empty.err.find("empty"), std::string::npos);
  EXPECT_EQ(run_main({"-j", "map", "dump", "id", std::to_string(q->id)}).out, "[]\n");
}

TEST_F(MapDump, types_that_cannot_be_dumped_say_why) {
  auto obj = LoadedObject::load("maps");
  ASSERT_TRUE(obj) << obj.error().message();
  for (const char* name : {"ring", "perf"}) {
    SCOPED_TRACE(name);
    auto r = run_main({"map", "dump", "id", std::to_string(obj->map_id(name))});
    EXPECT_EQ(r.status, 244);  // 256 - ENOTSUPP (524), the kernel's answer to a walk or read
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("event_pipe"), std::string::npos) << r.err;
    auto j = run_main({"-j", "map", "dump", "id", std::to_string(obj->map_id(name))});
    EXPECT_EQ(j.status, 244);
    std::string msg;
    EXPECT_TRUE(is_json_error(j.out, &msg)) << j.out;
    EXPECT_NE(msg.find("can't dump"), std::string::npos);
  }
}

TEST_F(MapDump, several_maps_with_one_name_get_headers) {
  const std::string name = unique_name();
  auto a = TestMap::create(BPF_MAP_TYPE_ARRAY, 4, 4, 1, name);
  auto b = TestMap::create(BPF_MAP_TYPE_ARRAY, 4, 4, 1, name);
  ASSERT_TRUE(a && b);
  auto r = run_main({"map", "dump", "name", name});
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string entry = "key: 00 00 00 00  value: 00 00 00 00\nFound 1 element\n";
  auto header = [&](uint32_t id) { return std::to_string(id) + ": array  name " + name + "  flags 0x0\n"; };
  const uint32_t first = std::min(a->id, b->id), second = std::max(a->id, b->id);
  EXPECT_EQ(r.out, header(first) + entry + "\n" + header(second) + entry);

  auto j = run_main({"-j", "map", "dump", "name", name});
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(j.out, doc));
  ASSERT_TRUE(doc.IsArray());
  ASSERT_EQ(doc.Size(), 2u);
  EXPECT_EQ(keys_of(doc[0]), (std::vector<std::string>{"id", "type", "name", "flags", "elements"}));
  EXPECT_EQ(doc[0]["id"].GetUint(), first);
  EXPECT_EQ(doc[1]["elements"].Size(), 1u);
}

// Reads a map with MapReader: every key, and how it was read.
std::vector<Bytes> read_keys(int fd, bool force_walk, model::MapReader::Method* method = nullptr) {
  auto layout = model::map_layout(fd);
  EXPECT_TRUE(layout);
  model::MapReader::Options opt;
  opt.force_next_key = force_walk;
  const auto map = test::typed_dup<sys::MapFd>(fd);
  model::MapReader r(map, *layout, opt);
  std::vector<Bytes> keys;
  for (;;) {
    auto b = r.next();
    EXPECT_TRUE(b) << b.error().message();
    if (!b || b->count == 0) break;
    const size_t base = keys.size();
    keys.resize(base + b->count);
    for (uint32_t i = 0; i < b->count; i++) {
      const uint8_t* k = b->key(i, *layout);
      keys[base + i].assign(k, k + layout->key_size);
    }
  }
  if (method) *method = r.method();
  return keys;
}

TEST_F(MapDump, batch_lookup_and_the_get_next_key_walk_agree) {
  auto m = TestMap::create(BPF_MAP_TYPE_HASH, 4, 8, 50000);
  ASSERT_TRUE(m);
  std::vector<uint32_t> keys(50000), values(50000);
  std::vector<uint64_t> vals(50000);
  for (uint32_t i = 0; i < 50000; i++) keys[i] = i * 2654435761u, vals[i] = i;
  uint32_t count = 50000;
  ASSERT_EQ(bpf_map_update_batch(m->fd.get(), keys.data(), vals.data(), &count, nullptr), 0);
  model::MapReader::Method how{};
  auto batched = read_keys(m->fd.get(), false, &how);
  EXPECT_EQ(how, model::MapReader::Method::Batch);
  auto walked = read_keys(m->fd.get(), true);
  ASSERT_EQ(batched.size(), 50000u);
  std::sort(batched.begin(), batched.end());
  std::sort(walked.begin(), walked.end());
  EXPECT_EQ(batched, walked);
  EXPECT_EQ(std::unique(batched.begin(), batched.end()), batched.end());

  auto r = run_main({"map", "dump", "id", std::to_string(m->id)});
  ASSERT_EQ(r.status, 0);
  EXPECT_NE(r.out.rfind("Found 50000 elements\n"), std::string::npos);
}

TEST_F(MapDump, lpm_trie_keys_are_formatted_structs) {
  auto obj = LoadedObject::load("maps");
  ASSERT_TRUE(obj) << obj.error().message();
  struct {
    uint32_t prefixlen;
    uint8_t addr[4];
  } key = {24, {10, 1, 2, 0}};
  uint32_t v = 7;
  ASSERT_EQ(bpf_map_update_elem(obj->map_fd("lpm"), &key, &v, BPF_ANY), 0);
  auto r = run_main({"-j", "map", "dump", "id", std::to_string(obj->map_id("lpm"))});
  ASSERT_EQ(r.status, 0) << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, doc));
  ASSERT_EQ(doc.Size(), 1u);
  EXPECT_EQ(to_string(doc[0]["formatted"]), R"({"key":{"prefixlen":24,"addr":[10,1,2,0]},"value":7})");
}

// Runs `map dump` repeatedly while other threads update and delete entries.
TEST_F(MapDump, a_map_changing_during_the_dump_never_repeats_a_key_or_hangs) {
  for (bpf_map_type type : {BPF_MAP_TYPE_HASH, BPF_MAP_TYPE_LRU_HASH, BPF_MAP_TYPE_PERCPU_HASH}) {
    SCOPED_TRACE(type);
    auto m = TestMap::create(type, 4, 8, 20000);
    ASSERT_TRUE(m);
    const size_t vsize = type == BPF_MAP_TYPE_PERCPU_HASH ? static_cast<size_t>(possible_cpus()) * 8 : 8;
    std::vector<uint8_t> value(vsize, 1);
    for (uint32_t k = 0; k < 15000; k++) ASSERT_EQ(bpf_map_update_elem(m->fd.get(), &k, value.data(), BPF_ANY), 0);

    std::atomic<bool> stop{false};
    std::vector<std::thread> mutators;
    mutators.reserve(2);
    for (int t = 0; t < 2; t++) {
      mutators.emplace_back([&, t] {
        std::mt19937 rng(static_cast<unsigned>(t) + 1);
        std::vector<uint8_t> v(vsize, 2);
        while (!stop) {
          uint32_t k = rng() % 20000;
          if (rng() % 2) (void)bpf_map_update_elem(m->fd.get(), &k, v.data(), BPF_ANY);
          else (void)bpf_map_delete_elem(m->fd.get(), &k);
        }
      });
    }
    for (int round = 0; round < 3; round++) {
      auto r = run_bpftool({"-j", "map", "dump", "id", std::to_string(m->id)});
      ASSERT_EQ(r.status, 0) << r.err;
      rapidjson::Document doc;
      ASSERT_TRUE(parse_json(r.out, doc));
      std::set<Bytes> seen;
      for (const auto& e : doc.GetArray()) EXPECT_TRUE(seen.insert(hex_array(e["key"])).second);
      EXPECT_LE(seen.size(), 20000u);
    }
    stop = true;
    for (auto& t : mutators) t.join();
  }
}

TEST_F(MapDump, a_changing_lpm_trie_dump_ends) {
  auto obj = LoadedObject::load("maps");
  ASSERT_TRUE(obj) << obj.error().message();
  int fd = obj->map_fd("lpm");
  struct Key {
    uint32_t prefixlen;
    uint8_t addr[4];
  };
  std::atomic<bool> stop{false};
  std::thread mutator([&] {
    std::mt19937 rng(7);
    uint32_t v = 1;
    while (!stop) {
      Key k{32, {10, 0, static_cast<uint8_t>(rng() % 4), static_cast<uint8_t>(rng() % 4)}};
      if (rng() % 2) (void)bpf_map_update_elem(fd, &k, &v, BPF_ANY);
      else (void)bpf_map_delete_elem(fd, &k);
    }
  });
  for (int round = 0; round < 20; round++) {
    auto r = run_bpftool({"-j", "map", "dump", "id", std::to_string(obj->map_id("lpm"))});
    ASSERT_EQ(r.status, 0) << r.err;
    rapidjson::Document doc;
    ASSERT_TRUE(parse_json(r.out, doc));
    EXPECT_LE(doc.Size(), 16u);  // max_entries bounds a walk that restarts
  }
  stop = true;
  mutator.join();
}

}  // namespace
}  // namespace bpftool::test
