// The map element commands on maps the test creates: lookup (hit, miss and
// its exit status 254), getnext, update with flags, per-CPU copies, prog
// arrays and map-in-map values, delete, push/pop/peek on queues and stacks,
// freeze, create, and bad input that must fail cleanly and change nothing.
#include <gtest/gtest.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include <sys/stat.h>

#include <string>
#include <vector>

#include "support/bpf_object.h"
#include "support/inproc.h"
#include "support/json.h"
#include "support/kernel.h"
#include "support/kernel_test.h"

namespace bpftool::test {
namespace {

using Bytes = std::vector<uint8_t>;
using Args = std::vector<std::string>;

class MapElem : public KernelTest {};

Args cat(Args a, const Args& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

Bytes lookup_bytes(int fd, const Bytes& key, size_t value_size) {
  Bytes v(value_size);
  if (bpf_map_lookup_elem(fd, key.empty() ? nullptr : key.data(), v.data()) != 0) return {};
  return v;
}

// `args` fails with exit `status` and exactly "Error: <msg>" (plain) and
// {"error":"<msg>"} (JSON). 255 is bpftool's own error; 256 - errno where
// upstream returns the kernel's -errno.
void expect_error(const Args& args, const std::string& msg, int status = 255) {
  SCOPED_TRACE(::testing::PrintToString(args));
  auto r = run_main(args);
  EXPECT_EQ(r.status, status);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "Error: " + msg + "\n");
  auto j = run_main(cat({"-j"}, args));
  EXPECT_EQ(j.status, status);
  std::string got;
  EXPECT_TRUE(is_json_error(j.out, &got)) << j.out;
  EXPECT_EQ(got, msg);
}

TEST_F(MapElem, lookup_hit_and_miss) {
  auto m = TestMap::create(BPF_MAP_TYPE_HASH, 4, 8, 8);
  ASSERT_TRUE(m);
  const std::string id = std::to_string(m->id);
  Bytes k = {0xd2, 0x04, 0, 0}, v = {1, 2, 3, 4, 5, 6, 7, 8};
  ASSERT_EQ(bpf_map_update_elem(m->fd.get(), k.data(), v.data(), BPF_ANY), 0);

  auto hit = run_main({"map", "lookup", "id", id, "key", "hex", "d2", "04", "00", "00"});
  ASSERT_EQ(hit.status, 0) << hit.err;
  EXPECT_EQ(hit.out, "key: d2 04 00 00  value: 01 02 03 04 05 06 07 08\n");
  auto dec = run_main({"map", "lookup", "id", id, "key", "210", "4", "0", "0"});
  EXPECT_EQ(dec.out, hit.out);
  auto j = run_main({"-j", "map", "lookup", "id", id, "key", "0xd2", "0x4", "00", "0"});
  EXPECT_EQ(j.out, R"({"key":["0xd2","0x04","0x00","0x00"],"value":["0x01","0x02","0x03","0x04","0x05","0x06","0x07","0x08"]})"
                   "\n");

  auto miss = run_main({"map", "lookup", "id", id, "key", "1", "0", "0", "0"});
  EXPECT_EQ(miss.status, 254);
  EXPECT_EQ(miss.out, "key:\n01 00 00 00\n\nNot found\n");
  EXPECT_EQ(miss.err, "");
  auto jmiss = run_main({"-j", "map", "lookup", "id", id, "key", "1", "0", "0", "0"});
  EXPECT_EQ(jmiss.status, 254);
  EXPECT_EQ(jmiss.out, "null\n");
}

TEST_F(MapElem, getnext_walks_the_keys) {
  auto m = TestMap::create(BPF_MAP_TYPE_ARRAY, 4, 4, 2);
  ASSERT_TRUE(m);
  const std::string id = std::to_string(m->id);
  auto first = run_main({"map", "getnext", "id", id});
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_EQ(first.out, "key: None\nnext key:\n00 00 00 00\n");
  auto next = run_main({"-j", "map", "getnext", "id", id, "key", "0", "0", "0", "0"});
  EXPECT_EQ(next.out, R"({"key":["0x00","0x00","0x00","0x00"],"next_key":["0x01","0x00","0x00","0x00"]})"
                      "\n");
  expect_error({"map", "getnext", "id", id, "key", "1", "0", "0", "0"},
               "can't get next key: No such file or directory", 254);
}

TEST_F(MapElem, update_flags_and_a_failed_update_changes_nothing) {
  auto m = TestMap::create(BPF_MAP_TYPE_HASH, 4, 4, 4);
  ASSERT_TRUE(m);
  const std::string id = std::to_string(m->id);
  const Args key = {"key", "1", "0", "0", "0"};
  auto r = run_main(cat({"map", "update", "id", id}, cat(key, {"value", "7", "0", "0", "0", "noexist"})));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(lookup_bytes(m->fd.get(), {1, 0, 0, 0}, 4), (Bytes{7, 0, 0, 0}));

  expect_error(cat({"map", "update", "id", id}, cat(key, {"value", "8", "0", "0", "0", "noexist"})),
               "update failed: File exists", 239);
  expect_error({"map", "update", "id", id, "key", "2", "0", "0", "0", "value", "8", "0", "0", "0", "exist"},
               "update failed: No such file or directory", 254);
  EXPECT_EQ(lookup_bytes(m->fd.get(), {1, 0, 0, 0}, 4), (Bytes{7, 0, 0, 0}));
  EXPECT_TRUE(lookup_bytes(m->fd.get(), {2, 0, 0, 0}, 4).empty());

  auto j = run_main(cat({"-j", "map", "update", "id", id}, cat(key, {"value", "9", "0", "0", "0", "exist"})));
  EXPECT_EQ(j.status, 0);
  EXPECT_EQ(j.out, "null\n");
  EXPECT_EQ(lookup_bytes(m->fd.get(), {1, 0, 0, 0}, 4), (Bytes{9, 0, 0, 0}));

  // A full map refuses a new key; the old entries stay.
  for (uint32_t k = 10; k < 13; k++) {
    uint32_t v = k;
    ASSERT_EQ(bpf_map_update_elem(m->fd.get(), &k, &v, BPF_ANY), 0);
  }
  expect_error({"map", "update", "id", id, "key", "99", "0", "0", "0", "value", "1", "0", "0", "0"},
               "update failed: Argument list too long", 249);
  EXPECT_EQ(lookup_bytes(m->fd.get(), {1, 0, 0, 0}, 4), (Bytes{9, 0, 0, 0}));
}

TEST_F(MapElem, bad_bytes_fail_before_touching_the_map) {
  auto m = TestMap::create(BPF_MAP_TYPE_HASH, 4, 8, 4);
  ASSERT_TRUE(m);
  const std::string id = std::to_string(m->id);
  const Args upd = {"map", "update", "id", id};
  expect_error(cat(upd, {"key", "1", "0", "value", "0", "0", "0", "0", "0", "0", "0", "0"}),
               "error parsing byte: value");
  expect_error(cat(upd, {"key", "1", "0", "0"}), "key expected 4 bytes got 3");
  expect_error(cat(upd, {"key", "1", "0", "0", "0", "value", "1"}), "value expected 8 bytes got 1");
  expect_error(cat(upd, {"key", "256", "0", "0", "0", "value", "1", "0", "0", "0", "0", "0", "0", "0"}),
               "error parsing byte: 256 is larger than 255");
  expect_error(cat(upd, {"key", "hex", "0g", "0", "0", "0", "value", "1", "0", "0", "0", "0", "0", "0", "0"}),
               "error parsing byte: 0g");
  expect_error(cat(upd, {"key", "08", "0", "0", "0"}), "error parsing byte: 08");
  expect_error(cat(upd, {"key", "1", "0", "0", "0"}), "did not find value");
  expect_error(cat(upd, {"value", "1", "0", "0", "0", "0", "0", "0", "0"}), "did not find key");
  expect_error(cat(upd, {"key", "1", "0", "0", "0", "value", "1", "0", "0", "0", "0", "0", "0", "0", "any", "exist"}),
               "flags specified multiple times: exist");
  expect_error({"map", "lookup", "id", id, "key", "1", "0", "0", "0", "value", "1"}, "unnecessary value");
  uint32_t k = 0;
  uint64_t v = 0;
  EXPECT_NE(bpf_map_get_next_key(m->fd.get(), nullptr, &k), 0);  // still empty
  (void)v;
}

TEST_F(MapElem, per_cpu_update_copies_the_value_to_every_cpu) {
  const int ncpus = libbpf_num_possible_cpus();
  auto m = TestMap::create(BPF_MAP_TYPE_PERCPU_ARRAY, 4, 4, 2);
  ASSERT_TRUE(m);
  auto r = run_main({"map", "update", "id", std::to_string(m->id), "key", "1", "0", "0", "0", "value", "5", "6", "7", "8"});
  ASSERT_EQ(r.status, 0) << r.err;
  Bytes all(static_cast<size_t>(ncpus) * 8);
  uint32_t k = 1;
  ASSERT_EQ(bpf_map_lookup_elem(m->fd.get(), &k, all.data()), 0);
  for (int c = 0; c < ncpus; c++) EXPECT_EQ(Bytes(all.begin() + c * 8, all.begin() + c * 8 + 4), (Bytes{5, 6, 7, 8}));
}

TEST_F(MapElem, prog_array_and_map_in_map_take_objects_as_values) {
  auto obj = LoadedObject::load("maps");
  ASSERT_TRUE(obj) << obj.error().message();
  const std::string jmp = std::to_string(obj->map_id("jmp"));
  auto r = run_main({"map", "update", "id", jmp, "key", "1", "0", "0", "0", "value", "id",
                     std::to_string(obj->prog_id("emit"))});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("Warning: updating program array via MAP_ID"), std::string::npos) << r.err;
  uint32_t k = 1, v = 0;
  ASSERT_EQ(bpf_map_lookup_elem(obj->map_fd("jmp"), &k, &v), 0);
  EXPECT_EQ(v, obj->prog_id("emit"));

  auto missing = run_main({"map", "update", "id", jmp, "key", "2", "0", "0", "0", "value", "id", "4000000000"});
  EXPECT_EQ(missing.status, 255);
  EXPECT_EQ(missing.out, "");
  const std::string want = "Error: get by id (4000000000): No such file or directory\n";
  ASSERT_GE(missing.err.size(), want.size());
  EXPECT_EQ(missing.err.substr(missing.err.size() - want.size()), want);
  expect_error({"map", "update", "id", jmp, "key", "2", "0", "0", "0", "value", "pinned", fs().path() + "/none"},
               "bpf obj get (" + fs().path() + "/none): No such file or directory");
  k = 2;
  EXPECT_NE(bpf_map_lookup_elem(obj->map_fd("jmp"), &k, &v), 0);

  const std::string outer = std::to_string(obj->map_id("outer_array"));
  auto mm = run_main({"map", "update", "id", outer, "key", "3", "0", "0", "0", "value", "id",
                      std::to_string(obj->map_id("inner_b"))});
  ASSERT_EQ(mm.status, 0) << mm.err;
  k = 3;
  ASSERT_EQ(bpf_map_lookup_elem(obj->map_fd("outer_array"), &k, &v), 0);
  EXPECT_EQ(v, obj->map_id("inner_b"));
  auto look = run_main({"map", "lookup", "id", outer, "key", "3", "0", "0", "0"});
  EXPECT_EQ(look.out, "key: 03 00 00 00  inner_map_id: " + std::to_string(obj->map_id("inner_b")) + " \n");
}

TEST_F(MapElem, delete_removes_and_arrays_refuse) {
  auto h = TestMap::create(BPF_MAP_TYPE_HASH, 4, 4, 4);
  auto a = TestMap::create(BPF_MAP_TYPE_ARRAY, 4, 4, 4);
  ASSERT_TRUE(h && a);
  uint32_t k = 5, v = 1;
  ASSERT_EQ(bpf_map_update_elem(h->fd.get(), &k, &v, BPF_ANY), 0);
  auto r = run_main({"-j", "map", "delete", "id", std::to_string(h->id), "key", "5", "0", "0", "0"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "null\n");
  EXPECT_NE(bpf_map_lookup_elem(h->fd.get(), &k, &v), 0);
  expect_error({"map", "delete", "id", std::to_string(h->id), "key", "5", "0", "0", "0"},
               "delete failed: No such file or directory", 254);
  expect_error({"map", "delete", "id", std::to_string(a->id), "key", "0", "0", "0", "0"},
               "delete failed: Invalid argument", 234);
  expect_error({"map", "delete", "id", std::to_string(a->id)}, "did not find key");
}

TEST_F(MapElem, queue_and_stack_commands) {
  auto q = TestMap::create(BPF_MAP_TYPE_QUEUE, 0, 4, 4);
  auto s = TestMap::create(BPF_MAP_TYPE_STACK, 0, 4, 4);
  ASSERT_TRUE(q && s);
  const std::string qid = std::to_string(q->id), sid = std::to_string(s->id);
  for (const char* v : {"1", "2"}) {
    ASSERT_EQ(run_main({"map", "push", "id", qid, "value", v, "0", "0", "0"}).status, 0);
    ASSERT_EQ(run_main({"map", "enqueue", "id", sid, "value", v, "0", "0", "0"}).status, 0);
  }
  EXPECT_EQ(run_main({"map", "peek", "id", qid}).out, "value: 01 00 00 00\n");
  EXPECT_EQ(run_main({"map", "peek", "id", sid}).out, "value: 02 00 00 00\n");
  EXPECT_EQ(run_main({"-j", "map", "pop", "id", qid}).out, R"({"key":[],"value":["0x01","0x00","0x00","0x00"]})"
                                                           "\n");
  EXPECT_EQ(run_main({"map", "dequeue", "id", qid}).out, "value: 02 00 00 00\n");

  // Empty: upstream printed "Error: empty map" on stdout; ours goes to stderr.
  auto empty = run_main({"map", "pop", "id", qid});
  EXPECT_EQ(empty.status, 254);
  EXPECT_EQ(empty.out, "");
  EXPECT_EQ(empty.err, "Error: empty map\n");
  auto jempty = run_main({"-j", "map", "pop", "id", qid});
  EXPECT_EQ(jempty.status, 254);
  EXPECT_EQ(jempty.out, "null\n");
  auto peek = run_main({"map", "peek", "id", qid});
  EXPECT_EQ(peek.status, 254);
  EXPECT_EQ(peek.out, "key:\n\n\nNot found\n");

  expect_error({"map", "push", "id", qid, "key", "1"}, "unnecessary key");
  expect_error({"map", "pop", "id", qid, "extra"}, "expected key or value, got: extra");
  // A full queue refuses a push unless told to overwrite (BPF_EXIST).
  for (int i = 0; i < 4; i++) ASSERT_EQ(run_main({"map", "push", "id", qid, "value", "9", "0", "0", "0"}).status, 0);
  expect_error({"map", "push", "id", qid, "value", "9", "0", "0", "0"}, "update failed: Argument list too long", 249);
  EXPECT_EQ(run_main({"map", "push", "id", qid, "value", "10", "0", "0", "0", "exist"}).status, 0);
}

TEST_F(MapElem, freeze_makes_the_map_read_only) {
  auto m = TestMap::create(BPF_MAP_TYPE_ARRAY, 4, 4, 1);
  ASSERT_TRUE(m);
  const std::string id = std::to_string(m->id);
  auto r = run_main({"-j", "map", "freeze", "id", id});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "null\n");
  EXPECT_EQ(fdinfo_field(m->fd.get(), "frozen"), "1");
  expect_error({"map", "update", "id", id, "key", "0", "0", "0", "0", "value", "1", "0", "0", "0"},
               "update failed: Operation not permitted");
  // A frozen map gives no write access any more, freezing included.
  expect_error({"map", "freeze", "id", id}, "failed to freeze map: Operation not permitted");
  expect_error({"map", "freeze", "id", id, "now"}, "what is 'now'?");
}

TEST_F(MapElem, create_pins_a_map_with_the_given_attributes) {
  const std::string path = fs().path() + "/m";
  const std::string name = unique_name();
  auto r = run_main({"-j", "map", "create", path, "type", "hash", "key", "4", "value", "8", "entries", "1024", "name",
                     name, "flags", "1"});
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  EXPECT_EQ(r.out, "null\n");
  int fd = bpf_obj_get(path.c_str());
  ASSERT_GE(fd, 0);
  auto info = map_info(fd);
  close(fd);
  EXPECT_EQ(info.type, BPF_MAP_TYPE_HASH);
  EXPECT_EQ(info.key_size, 4u);
  EXPECT_EQ(info.value_size, 8u);
  EXPECT_EQ(info.max_entries, 1024u);
  EXPECT_EQ(info.map_flags, 1u);
  EXPECT_EQ(std::string(info.name), name);

  // Map in map, with its inner map given by pin.
  const std::string outer = fs().path() + "/outer";
  auto mm = run_main({"map", "create", outer, "type", "array_of_maps", "key", "4", "value", "4", "entries", "2", "name",
                      "outer", "inner_map", "pinned", path});
  ASSERT_EQ(mm.status, 0) << mm.err;
  // A queue has no key; a long name is cut with a warning.
  const std::string qpath = fs().path() + "/q";
  auto q = run_main({"map", "create", qpath, "type", "queue", "key", "0", "value", "4", "entries", "4", "name",
                     "a_name_longer_than_fifteen"});
  ASSERT_EQ(q.status, 0) << q.err;
  EXPECT_NE(q.err.find("Warning: map name is longer than 15 characters, it will be truncated."), std::string::npos);
  fd = bpf_obj_get(qpath.c_str());
  ASSERT_GE(fd, 0);
  EXPECT_EQ(std::string(map_info(fd).name), "a_name_longer_t");
  close(fd);
}

TEST_F(MapElem, create_rejects_bad_input_and_creates_nothing) {
  const std::string p = fs().path() + "/bad";
  const Args base = {"map", "create", p};
  expect_error(cat(base, {"type", "hash", "key", "4", "value", "8", "entries", "4"}), "map name not specified");
  expect_error(cat(base, {"type", "hashmap", "key", "4", "value", "8", "entries", "4", "name", "x"}),
               "unrecognized map type: hashmap");
  expect_error(cat(base, {"type", "has", "key", "4", "value", "8", "entries", "4", "name", "x"}),
               "unrecognized map type: has");  // no prefixes for types
  expect_error(cat(base, {"type", "hash", "key", "0", "value", "8", "entries", "4", "name", "x"}),
               "map create failed: Invalid argument (a hash map needs a key of at least 1 byte)");
  expect_error(cat(base, {"type", "array_of_maps", "key", "4", "value", "4", "entries", "4", "name", "x"}),
               "map create failed: Invalid argument (array_of_maps needs 'inner_map MAP')");
  expect_error(cat(base, {"type", "hash", "key", "4", "value", "8", "entries", "4", "name", "x", "key", "8"}),
               "key size already specified");
  expect_error(cat(base, {"type", "hash", "key", "4x", "value", "8", "entries", "4", "name", "x"}),
               "can't parse 4x as key size");
  expect_error(cat(base, {"type", "hash", "key", "4", "value", "8", "entries", "4", "name", "x", "colour", "red"}),
               "unknown arg colour");
  expect_error(cat(base, {"type", "hash", "key", "4"}), "'create' needs at least 7 arguments, 5 found");
  struct stat st;
  EXPECT_NE(::stat(p.c_str(), &st), 0);

  // The pin path must not exist yet.
  ASSERT_EQ(run_main(cat(base, {"type", "array", "key", "4", "value", "4", "entries", "1", "name", "x"})).status, 0);
  expect_error(cat(base, {"type", "array", "key", "4", "value", "4", "entries", "1", "name", "x"}),
               "can't pin BPF object: path '" + p + "' already exists");
}

}  // namespace
}  // namespace bpftool::test
