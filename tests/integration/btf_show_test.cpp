// `btf show`: the BTF object of a loaded object lists exactly its programs and
// maps; kernel BTF is named; JSON keys and the plain layout.
#include <bpf/libbpf.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "support/bpf_object.h"
#include "support/inproc.h"
#include "support/json.h"
#include "support/kernel.h"
#include "support/kernel_test.h"

namespace bpftool::test {
namespace {

class BtfShow : public KernelTest {};

struct ObjectIds {
  uint32_t btf_id = 0;
  std::vector<uint32_t> progs, maps;  // sorted
};

// The programs and maps of `obj` that use its BTF.
ObjectIds ids_using_btf(const LoadedObject& obj) {
  ObjectIds ids;
  struct bpf_program* p;
  bpf_object__for_each_program(p, obj.obj()) {
    auto info = prog_info(bpf_program__fd(p));
    if (!ids.btf_id) ids.btf_id = info.btf_id;
    ids.progs.push_back(info.id);
  }
  struct bpf_map* m;
  bpf_object__for_each_map(m, obj.obj()) {
    auto info = map_info(bpf_map__fd(m));
    if (info.btf_id && info.btf_id == ids.btf_id) ids.maps.push_back(info.id);
  }
  std::sort(ids.progs.begin(), ids.progs.end());
  std::sort(ids.maps.begin(), ids.maps.end());
  return ids;
}

std::vector<uint32_t> sorted(std::vector<uint32_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<uint32_t> parse_id_list(const std::string& s) {
  std::vector<uint32_t> ids;
  std::stringstream in(s);
  for (std::string w; std::getline(in, w, ',');) ids.push_back(static_cast<uint32_t>(std::stoul(w)));
  return ids;
}

uint32_t btf_size(uint32_t id) {
  int fd = bpf_btf_get_fd_by_id(id);
  if (fd < 0) return 0;
  bpf_btf_info info;
  std::memset(&info, 0, sizeof(info));
  uint32_t len = sizeof(info);
  uint32_t size = bpf_obj_get_info_by_fd(fd, &info, &len) ? 0 : info.btf_size;
  ::close(fd);
  return size;
}

TEST_F(BtfShow, object_btf_lists_its_programs_and_maps) {
  auto obj = LoadedObject::load("progs");
  ASSERT_TRUE(obj) << obj.error().message();
  auto ids = ids_using_btf(*obj);
  ASSERT_NE(ids.btf_id, 0u);
  ASSERT_EQ(ids.progs.size(), 5u);
  ASSERT_GE(ids.maps.size(), 4u);
  std::string sid = std::to_string(ids.btf_id);

  auto j = run_main({"-j", "btf", "show", "id", sid});
  ASSERT_EQ(j.status, 0) << j.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(j.out, doc));
  ASSERT_TRUE(doc.IsObject()) << j.out;
  EXPECT_EQ(keys_of(doc), (std::vector<std::string>{"id", "size", "prog_ids", "map_ids", "kernel"}));
  EXPECT_EQ(doc["id"].GetUint(), ids.btf_id);
  EXPECT_EQ(doc["size"].GetUint(), btf_size(ids.btf_id));
  EXPECT_EQ(sorted(uint_list(doc, "prog_ids")), ids.progs) << j.out;
  EXPECT_EQ(sorted(uint_list(doc, "map_ids")), ids.maps) << j.out;
  EXPECT_FALSE(doc["kernel"].GetBool());

  // Plain: one line; the id lists are in the kernel tables' order, so compare sets.
  auto r = run_main({"btf", "show", "id", sid});
  ASSERT_EQ(r.status, 0) << r.err;
  auto lines = split_lines(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.out;
  std::string head = sid + ": name <anon>  size " + std::to_string(btf_size(ids.btf_id)) + "B  prog_ids ";
  ASSERT_EQ(lines[0].rfind(head, 0), 0u) << lines[0];
  size_t maps_at = lines[0].find("  map_ids ");
  ASSERT_NE(maps_at, std::string::npos) << lines[0];
  EXPECT_EQ(sorted(parse_id_list(lines[0].substr(head.size(), maps_at - head.size()))), ids.progs) << lines[0];
  EXPECT_EQ(sorted(parse_id_list(lines[0].substr(maps_at + 10))), ids.maps) << lines[0];
}

TEST_F(BtfShow, btf_without_users_lists_nothing_in_plain_and_empty_arrays_in_json) {
  auto obj = LoadedObject::load("minimal");  // BTF for two programs, no maps
  ASSERT_TRUE(obj) << obj.error().message();
  auto ids = ids_using_btf(*obj);
  ASSERT_TRUE(ids.maps.empty());
  std::string sid = std::to_string(ids.btf_id);
  auto r = run_main({"btf", "show", "id", sid});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.find("map_ids"), std::string::npos) << r.out;
  auto j = run_main({"-j", "btf", "list", "id", sid});
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(j.out, doc));
  ASSERT_TRUE(doc["map_ids"].IsArray());
  EXPECT_EQ(doc["map_ids"].Size(), 0u);
  EXPECT_EQ(sorted(uint_list(doc, "prog_ids")), ids.progs);
}

TEST_F(BtfShow, listing_has_vmlinux_and_our_btf) {
  auto obj = LoadedObject::load("progs");
  ASSERT_TRUE(obj) << obj.error().message();
  auto ids = ids_using_btf(*obj);

  auto j = run_main({"-j", "btf", "show"});
  ASSERT_EQ(j.status, 0) << j.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(j.out, doc));
  ASSERT_TRUE(doc.IsArray());
  const JsonValue* ours = find_id(doc, ids.btf_id);
  ASSERT_NE(ours, nullptr) << j.out;
  EXPECT_EQ(sorted(uint_list(*ours, "prog_ids")), ids.progs);

  const JsonValue* vmlinux = nullptr;
  uint32_t last = 0;
  for (const JsonValue* e : elements(doc)) {
    EXPECT_GT((*e)["id"].GetUint(), last) << "BTF objects are listed by ascending id";
    last = (*e)["id"].GetUint();
    ASSERT_TRUE((*e)["kernel"].IsBool());
    ASSERT_TRUE((*e)["prog_ids"].IsArray() && (*e)["map_ids"].IsArray()) << to_string(*e);
    if (e->HasMember("name") && std::string((*e)["name"].GetString()) == "vmlinux") vmlinux = e;
  }
  ASSERT_NE(vmlinux, nullptr) << "no vmlinux BTF listed";
  EXPECT_TRUE((*vmlinux)["kernel"].GetBool());
  EXPECT_EQ(keys_of(*vmlinux).back(), "name");  // "name" comes after "kernel"

  uint32_t vid = (*vmlinux)["id"].GetUint();
  auto plain = run_main({"bt", "s", "i", std::to_string(vid)});
  ASSERT_EQ(plain.status, 0) << plain.err;
  EXPECT_EQ(plain.out.rfind(std::to_string(vid) + ": name [vmlinux]  size " + std::to_string(btf_size(vid)) + "B", 0),
            0u)
      << plain.out;
}

}  // namespace
}  // namespace bpftool::test
