// `map show` / `map list` on maps the test creates: types, sizes, flags,
// frozen, btf_id, the prog_array owner, and the selectors' JSON shapes.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "support/bpf_object.h"
#include "support/inproc.h"
#include "support/json.h"
#include "support/kernel.h"
#include "support/kernel_test.h"

namespace bpftool::test {
namespace {

class MapShow : public KernelTest {};

struct Expected {
  const char* map;   // libbpf's name in progs.bpf.c
  const char* type;  // bpftool's type name
  uint32_t key, value, max_entries;
};

const Expected kProgsMaps[] = {
    {"flows", "hash", 8, 24, 128},       {"counters", "array", 4, 8, 4},   {"percpu", "percpu_array", 4, 8, 2},
    {"jmp_table", "prog_array", 4, 4, 4}, {"events", "ringbuf", 0, 0, 4096}, {"fifo", "queue", 0, 4, 8},
    {".rodata", "array", 4, 16, 1},
};

TEST_F(MapShow, json_reports_type_sizes_flags_frozen_and_btf) {
  auto obj = LoadedObject::load("progs");
  ASSERT_TRUE(obj) << obj.error().message();
  auto r = run_main({"-j", "map", "show"});
  ASSERT_EQ(r.status, 0) << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, doc));
  ASSERT_TRUE(doc.IsArray());
  for (const auto& m : kProgsMaps) {
    SCOPED_TRACE(m.map);
    int fd = obj->map_fd(m.map);
    ASSERT_GE(fd, 0);
    auto info = map_info(fd);
    const JsonValue* e = find_id(doc, info.id);
    ASSERT_NE(e, nullptr);
    EXPECT_STREQ((*e)["type"].GetString(), m.type);
    EXPECT_STREQ((*e)["name"].GetString(), info.name);
    EXPECT_EQ((*e)["flags"].GetUint(), info.map_flags);
    EXPECT_EQ((*e)["bytes_key"].GetUint(), m.key);
    EXPECT_EQ((*e)["bytes_value"].GetUint(), m.value);
    EXPECT_EQ((*e)["max_entries"].GetUint(), m.max_entries);
    EXPECT_EQ(std::to_string((*e)["bytes_memlock"].GetInt64()), fdinfo_field(fd, "memlock"));
    // libbpf freezes .rodata; nothing else here is frozen.
    EXPECT_EQ((*e)["frozen"].GetInt(), std::string(m.map) == ".rodata" ? 1 : 0);
    if (info.btf_id) {
      EXPECT_EQ((*e)["btf_id"].GetUint(), info.btf_id);
    } else {
      EXPECT_FALSE(e->HasMember("btf_id"));
    }
  }
  // Maps with BTF types report the object's BTF.
  auto flows = map_info(obj->map_fd("flows"));
  EXPECT_NE(flows.btf_id, 0u);
  EXPECT_EQ(flows.btf_id, btf_id_of_prog(obj->prog_fd("sock_filter")));
}

TEST_F(MapShow, prog_array_reports_its_owner_program_type) {
  auto obj = LoadedObject::load("progs");  // loads tc_classifier, which tail-calls through jmp_table
  ASSERT_TRUE(obj) << obj.error().message();
  int fd = obj->map_fd("jmp_table");
  auto info = map_info(fd);
  bool jited = prog_info(obj->prog_fd("tc_classifier")).jited_prog_len != 0;

  auto r = run_main({"-j", "map", "show", "id", std::to_string(info.id)});
  ASSERT_EQ(r.status, 0) << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, doc));
  ASSERT_TRUE(doc.IsObject()) << r.out;
  EXPECT_STREQ(doc["owner_prog_type"].GetString(), "sched_cls");
  EXPECT_EQ(doc["owner_jited"].GetBool(), jited);
  EXPECT_EQ(keys_of(doc), (std::vector<std::string>{"id", "type", "name", "flags", "bytes_key", "bytes_value",
                                                    "max_entries", "bytes_memlock", "owner_prog_type",
                                                    "owner_jited", "frozen", "btf_id"}));

  auto plain = run_main({"map", "show", "id", std::to_string(info.id)});
  ASSERT_EQ(plain.status, 0) << plain.err;
  auto block = plain_block(plain.out, info.id);
  ASSERT_EQ(block.size(), 4u) << plain.out;
  EXPECT_EQ(block[0], std::to_string(info.id) + ": prog_array  name jmp_table  flags 0x0");
  EXPECT_EQ(block[1], "\tkey 4B  value 4B  max_entries 4  memlock " + fdinfo_field(fd, "memlock") + "B");
  EXPECT_EQ(block[2], std::string("\towner_prog_type sched_cls  owner ") + (jited ? "jited" : "not jited"));
  EXPECT_EQ(block[3], "\tbtf_id " + std::to_string(info.btf_id));
}

TEST_F(MapShow, plain_layout_of_btf_and_frozen_maps) {
  auto obj = LoadedObject::load("progs");
  ASSERT_TRUE(obj) << obj.error().message();
  int ro = obj->map_fd(".rodata");
  auto info = map_info(ro);
  auto r = run_main({"map", "show", "id", std::to_string(info.id)});
  ASSERT_EQ(r.status, 0) << r.err;
  auto block = plain_block(r.out, info.id);
  ASSERT_EQ(block.size(), 3u) << r.out;
  EXPECT_EQ(block[0], fmt::format("{}: array  name {}  flags 0x{:x}", info.id, info.name, info.map_flags));
  EXPECT_EQ(block[1], "\tkey 4B  value 16B  max_entries 1  memlock " + fdinfo_field(ro, "memlock") + "B");
  EXPECT_EQ(block[2], "\tbtf_id " + std::to_string(info.btf_id) + "  frozen");
}

TEST_F(MapShow, freezing_a_map_shows_frozen) {
  auto m = TestMap::create(BPF_MAP_TYPE_ARRAY, 4, 8, 2);
  ASSERT_TRUE(m) << m.error().message();
  std::string id = std::to_string(m->id);

  auto before = run_main({"-j", "map", "show", "id", id});
  rapidjson::Document d0;
  ASSERT_TRUE(parse_json(before.out, d0));
  EXPECT_EQ(d0["frozen"].GetInt(), 0);
  auto plain0 = run_main({"map", "show", "id", id});
  EXPECT_EQ(plain_block(plain0.out, m->id).size(), 2u) << plain0.out;

  ASSERT_EQ(bpf_map_freeze(m->fd.get()), 0) << std::strerror(errno);
  auto after = run_main({"-j", "map", "show", "id", id});
  ASSERT_EQ(after.status, 0) << after.err;
  rapidjson::Document d1;
  ASSERT_TRUE(parse_json(after.out, d1));
  EXPECT_EQ(d1["frozen"].GetInt(), 1);
  EXPECT_FALSE(d1.HasMember("btf_id"));
  EXPECT_STREQ(d1["name"].GetString(), m->name.c_str());
  EXPECT_STREQ(d1["type"].GetString(), "array");

  auto plain1 = run_main({"map", "show", "id", id});
  auto block = plain_block(plain1.out, m->id);
  ASSERT_EQ(block.size(), 3u) << plain1.out;
  EXPECT_EQ(block[0], id + ": array  name " + m->name + "  flags 0x0");
  EXPECT_EQ(block[1].rfind("\tkey 4B  value 8B  max_entries 2  memlock ", 0), 0u) << block[1];
  EXPECT_EQ(block[2], "\tfrozen");  // no BTF: "frozen" alone
}

TEST_F(MapShow, name_selector_gives_an_array_for_several_and_an_object_for_one) {
  auto a = TestMap::create(BPF_MAP_TYPE_HASH, 4, 4, 8);
  ASSERT_TRUE(a) << a.error().message();
  auto b = TestMap::create(BPF_MAP_TYPE_ARRAY, 4, 4, 8, a->name);  // same name
  ASSERT_TRUE(b) << b.error().message();
  auto c = TestMap::create(BPF_MAP_TYPE_ARRAY, 4, 4, 8);
  ASSERT_TRUE(c) << c.error().message();

  auto two = run_main({"-j", "map", "show", "name", a->name});
  ASSERT_EQ(two.status, 0) << two.err;
  rapidjson::Document d2;
  ASSERT_TRUE(parse_json(two.out, d2));
  ASSERT_TRUE(d2.IsArray()) << two.out;
  EXPECT_EQ(ids_of(d2), (std::vector<uint32_t>{a->id, b->id})) << two.out;  // id order

  auto plain = run_main({"map", "show", "name", a->name});
  ASSERT_EQ(plain.status, 0) << plain.err;
  EXPECT_FALSE(plain_block(plain.out, a->id).empty()) << plain.out;
  EXPECT_FALSE(plain_block(plain.out, b->id).empty()) << plain.out;

  auto one = run_main({"-j", "map", "show", "name", c->name});
  ASSERT_EQ(one.status, 0) << one.err;
  rapidjson::Document d1;
  ASSERT_TRUE(parse_json(one.out, d1));
  ASSERT_TRUE(d1.IsObject()) << one.out;
  EXPECT_EQ(d1["id"].GetUint(), c->id);
}

TEST_F(MapShow, id_pinned_list_and_prefixes_select_the_same_map) {
  auto m = TestMap::create(BPF_MAP_TYPE_HASH, 4, 8, 16);
  ASSERT_TRUE(m) << m.error().message();
  std::string id = std::to_string(m->id), pin = fs() / "m";
  ASSERT_EQ(bpf_obj_pin(m->fd.get(), pin.c_str()), 0) << std::strerror(errno);
  auto ref = run_main({"map", "show", "id", id});
  ASSERT_EQ(ref.status, 0) << ref.err;
  ASSERT_EQ(plain_block(ref.out, m->id).size(), 2u) << ref.out;
  for (auto args : std::vector<std::vector<std::string>>{
           {"map", "show", "pinned", pin}, {"map", "list", "id", id}, {"m", "s", "i", id}, {"map", "l", "p", pin}}) {
    auto r = run_main(args);
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, ref.out) << ::testing::PrintToString(args);
  }
  auto listing = run_main({"map"});  // no command: show
  ASSERT_EQ(listing.status, 0) << listing.err;
  EXPECT_EQ(plain_block(listing.out, m->id), plain_block(ref.out, m->id));
}

}  // namespace
}  // namespace bpftool::test
