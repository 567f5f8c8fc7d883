// `prog show` / `prog list` on programs the test loads: plain, -j and -p
// output, every selector, and the JSON shape rules (object vs array).
#include <gtest/gtest.h>
#include <time.h>

#include <algorithm>
#include <cstdlib>
#include <regex>

#include <fmt/format.h>

#include "support/bpf_object.h"
#include "support/inproc.h"
#include "support/json.h"
#include "support/kernel.h"
#include "support/kernel_test.h"

namespace bpftool::test {
namespace {

constexpr char kXdpName[] = "xdp_pass_with_a_very_long_name";

class ProgShow : public KernelTest {};

TEST_F(ProgShow, plain_shows_full_name_tag_sizes_maps_btf_and_metadata) {
  auto obj = LoadedObject::load("progs");
  ASSERT_TRUE(obj) << obj.error().message();
  int fd = obj->prog_fd(kXdpName);
  std::vector<uint32_t> map_ids;
  auto info = prog_info(fd, &map_ids);
  ASSERT_NE(info.id, 0u);
  ASSERT_FALSE(map_ids.empty());

  auto r = run_main({"prog", "show", "id", std::to_string(info.id)});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  auto block = plain_block(r.out, info.id);
  ASSERT_EQ(block.size(), 7u) << r.out;
  EXPECT_EQ(block[0], std::to_string(info.id) + ": xdp  name " + kXdpName + "  tag " + tag_hex(info) + "  gpl");
  EXPECT_TRUE(std::regex_match(block[1], std::regex("\tloaded_at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d{4}  uid 0")))
      << block[1];
  std::string sizes = "\txlated " + std::to_string(info.xlated_prog_len) + "B  ";
  sizes += info.jited_prog_len ? "jited " + std::to_string(info.jited_prog_len) + "B" : std::string("not jited");
  sizes += "  memlock " + fdinfo_field(fd, "memlock") + "B  map_ids " + join_ids(map_ids);
  EXPECT_EQ(block[2], sizes);
  EXPECT_EQ(block[3], "\tbtf_id " + std::to_string(info.btf_id));
  EXPECT_EQ(block[4], "\tmetadata:");
  EXPECT_EQ(block[5], "\t\towner = \"bpftool-cpp\"");
  EXPECT_EQ(block[6], "\t\tlevel = 7");
  // A single program by id is the whole output.
  EXPECT_EQ(split_lines(r.out).size(), 7u) << r.out;
}

TEST_F(ProgShow, json_has_every_field_with_the_kernel_values) {
  auto obj = LoadedObject::load("progs");
  ASSERT_TRUE(obj) << obj.error().message();
  int fd = obj->prog_fd(kXdpName);
  std::vector<uint32_t> map_ids;
  auto info = prog_info(fd, &map_ids);
  ASSERT_NE(info.id, 0u);

  auto r = run_main({"-j", "prog", "show", "id", std::to_string(info.id)});
  ASSERT_EQ(r.status, 0) << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, doc));
  ASSERT_TRUE(doc.IsObject()) << r.out;
  EXPECT_EQ(doc["id"].GetUint(), info.id);
  EXPECT_STREQ(doc["type"].GetString(), "xdp");
  EXPECT_STREQ(doc["name"].GetString(), kXdpName);
  EXPECT_EQ(doc["tag"].GetString(), tag_hex(info));
  EXPECT_TRUE(doc["gpl_compatible"].GetBool());
  ASSERT_TRUE(doc["loaded_at"].IsInt64());
  // Seconds since the epoch (not since boot, not nanoseconds): near now.
  int64_t now = static_cast<int64_t>(::time(nullptr));
  EXPECT_LT(std::llabs(doc["loaded_at"].GetInt64() - now), 86400) << doc["loaded_at"].GetInt64();
  EXPECT_EQ(doc["uid"].GetUint(), 0u);
  EXPECT_FALSE(doc["orphaned"].GetBool());
  EXPECT_EQ(doc["bytes_xlated"].GetUint(), info.xlated_prog_len);
  EXPECT_EQ(doc["jited"].GetBool(), info.jited_prog_len != 0);
  if (info.jited_prog_len) {
    EXPECT_EQ(doc["bytes_jited"].GetUint(), info.jited_prog_len);
  }
  EXPECT_EQ(std::to_string(doc["bytes_memlock"].GetInt64()), fdinfo_field(fd, "memlock"));
  EXPECT_EQ(uint_list(doc, "map_ids"), map_ids);
  EXPECT_EQ(doc["btf_id"].GetUint(), info.btf_id);
  ASSERT_TRUE(doc.HasMember("metadata")) << r.out;
  EXPECT_STREQ(doc["metadata"]["owner"].GetString(), "bpftool-cpp");
  EXPECT_EQ(doc["metadata"]["level"].GetInt(), 7);
  // Upstream's key order, which scripts diffing the output rely on.
  std::vector<std::string> order = {"id",      "type",         "name",   "tag",         "gpl_compatible",
                                    "loaded_at", "uid",        "orphaned", "bytes_xlated", "jited",
                                    "bytes_jited", "bytes_memlock", "map_ids", "btf_id",   "metadata"};
  if (!info.jited_prog_len) order.erase(std::find(order.begin(), order.end(), "bytes_jited"));
  EXPECT_EQ(keys_of(doc), order);
}

TEST_F(ProgShow, pretty_is_the_same_document_as_compact) {
  auto obj = LoadedObject::load("progs");
  ASSERT_TRUE(obj) << obj.error().message();
  std::string id = std::to_string(obj->prog_id(kXdpName));
  auto j = run_main({"-j", "prog", "show", "id", id});
  auto p = run_main({"-p", "prog", "show", "id", id});
  ASSERT_EQ(j.status, 0) << j.err;
  ASSERT_EQ(p.status, 0) << p.err;
  rapidjson::Document dj, dp;
  ASSERT_TRUE(parse_json(j.out, dj));
  ASSERT_TRUE(parse_json(p.out, dp));
  EXPECT_TRUE(dj == dp) << j.out << "\n" << p.out;
  EXPECT_NE(j.out, p.out);
  EXPECT_NE(p.out.find("\n    \"id\": " + id + ",\n"), std::string::npos) << p.out;
}

TEST_F(ProgShow, program_without_btf_keeps_the_kernel_15_char_name) {
  auto obj = LoadedObject::load("nobtf_nobtf");
  ASSERT_TRUE(obj) << obj.error().message();
  uint32_t id = obj->prog_id("long_name_without_btf");
  ASSERT_NE(id, 0u);

  auto r = run_main({"-j", "prog", "show", "id", std::to_string(id)});
  ASSERT_EQ(r.status, 0) << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, doc));
  EXPECT_STREQ(doc["name"].GetString(), "long_name_witho");
  EXPECT_STREQ(doc["type"].GetString(), "socket_filter");
  EXPECT_FALSE(doc.HasMember("btf_id")) << r.out;
  EXPECT_FALSE(doc.HasMember("map_ids")) << r.out;

  auto plain = run_main({"prog", "show", "id", std::to_string(id)});
  auto block = plain_block(plain.out, id);
  ASSERT_EQ(block.size(), 3u) << plain.out;  // no btf_id line
  EXPECT_NE(block[0].find("  name long_name_witho  tag "), std::string::npos) << block[0];

  // Without BTF the 15-character name is the name to select it by.
  auto by_name = run_main({"-j", "prog", "show", "name", "long_name_witho"});
  ASSERT_EQ(by_name.status, 0) << by_name.err;
  rapidjson::Document d2;
  ASSERT_TRUE(parse_json(by_name.out, d2));
  EXPECT_NE(find_id(d2, id), nullptr) << by_name.out;
  auto full = run_main({"-j", "prog", "show", "name", "long_name_without_btf"});
  rapidjson::Document d3;
  ASSERT_TRUE(parse_json(full.out, d3));
  EXPECT_EQ(find_id(d3, id), nullptr) << full.out;
}

TEST_F(ProgShow, name_selector_matches_the_full_btf_name_only) {
  auto obj = LoadedObject::load("progs");
  ASSERT_TRUE(obj) << obj.error().message();
  uint32_t id = obj->prog_id(kXdpName);

  auto r = run_main({"-j", "prog", "show", "name", kXdpName});
  ASSERT_EQ(r.status, 0) << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, doc));
  ASSERT_NE(find_id(doc, id), nullptr) << r.out;
  for (const JsonValue* e : elements(doc)) EXPECT_STREQ((*e)["name"].GetString(), kXdpName);

  // The kernel's cut name ("xdp_pass_with_a") does not select it.
  auto cut = run_main({"-j", "prog", "show", "name", std::string(kXdpName).substr(0, 15)});
  rapidjson::Document dc;
  ASSERT_TRUE(parse_json(cut.out, dc));
  EXPECT_EQ(find_id(dc, id), nullptr) << cut.out;
  // Nor does a longer or shorter variant of the full name.
  auto longer = run_main({"-j", "prog", "show", "name", std::string(kXdpName) + "x"});
  rapidjson::Document dl;
  ASSERT_TRUE(parse_json(longer.out, dl));
  EXPECT_EQ(find_id(dl, id), nullptr) << longer.out;
}

TEST_F(ProgShow, single_match_is_an_object_and_several_are_an_array) {
  auto uniq = UniqueProg::load();
  ASSERT_TRUE(uniq) << uniq.error().message();
  auto minimal = LoadedObject::load("minimal");
  ASSERT_TRUE(minimal) << minimal.error().message();
  uint32_t a = minimal->prog_id("minimal_a"), b = minimal->prog_id("minimal_b");
  auto ia = prog_info(minimal->prog_fd("minimal_a")), ib = prog_info(minimal->prog_fd("minimal_b"));
  ASSERT_EQ(tag_hex(ia), tag_hex(ib)) << "the two minimal programs should share a tag";

  // Two programs with one tag: an array with both.
  auto r = run_main({"-j", "prog", "show", "tag", tag_hex(ia)});
  ASSERT_EQ(r.status, 0) << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, doc));
  ASSERT_TRUE(doc.IsArray()) << r.out;
  EXPECT_NE(find_id(doc, a), nullptr) << r.out;
  EXPECT_NE(find_id(doc, b), nullptr) << r.out;
  for (const JsonValue* e : elements(doc)) EXPECT_EQ((*e)["tag"].GetString(), tag_hex(ia));

  // One match by tag, by name: a bare object.
  for (auto sel : {std::vector<std::string>{"tag", uniq->tag}, std::vector<std::string>{"name", uniq->name}}) {
    auto one = run_main({"-j", "prog", "show", sel[0], sel[1]});
    ASSERT_EQ(one.status, 0) << one.err;
    rapidjson::Document d1;
    ASSERT_TRUE(parse_json(one.out, d1));
    ASSERT_TRUE(d1.IsObject()) << one.out;
    EXPECT_EQ(d1["id"].GetUint(), uniq->id);
    EXPECT_EQ(d1["name"].GetString(), uniq->name);
  }
  // Tags are hex, matched whatever the case.
  std::string upper = uniq->tag;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  auto up = run_main({"-j", "prog", "show", "tag", upper});
  rapidjson::Document du;
  ASSERT_TRUE(parse_json(up.out, du));
  EXPECT_TRUE(du.IsObject() && find_id(du, uniq->id)) << up.out;
}

TEST_F(ProgShow, id_pinned_and_keyword_prefixes_select_one_program) {
  auto uniq = UniqueProg::load();
  ASSERT_TRUE(uniq) << uniq.error().message();
  std::string id = std::to_string(uniq->id);
  std::string pin = fs() / "p";
  ASSERT_EQ(bpf_obj_pin(uniq->fd.get(), pin.c_str()), 0) << std::strerror(errno);

  auto by_id = run_main({"prog", "show", "id", id});
  ASSERT_EQ(by_id.status, 0) << by_id.err;
  auto block = plain_block(by_id.out, uniq->id);
  ASSERT_EQ(block.size(), 3u) << by_id.out;
  EXPECT_EQ(block[0], id + ": socket_filter  name " + uniq->name + "  tag " + uniq->tag + "  gpl");

  for (auto args : std::vector<std::vector<std::string>>{
           {"prog", "show", "pinned", pin}, {"prog", "list", "id", id}, {"p", "s", "i", id},
           {"pro", "l", "p", pin}, {"prog", "show", "id", "0x" + fmt::format("{:x}", uniq->id)}}) {
    auto r = run_main(args);
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, by_id.out) << ::testing::PrintToString(args);
  }
  auto j = run_main({"-j", "prog", "show", "pinned", pin});
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(j.out, doc));
  ASSERT_TRUE(doc.IsObject()) << j.out;
  EXPECT_EQ(doc["id"].GetUint(), uniq->id);
}

TEST_F(ProgShow, listing_contains_each_program_with_its_type) {
  auto obj = LoadedObject::load("progs");
  ASSERT_TRUE(obj) << obj.error().message();
  const std::pair<const char*, const char*> expected[] = {
      {kXdpName, "xdp"},
      {"sock_filter", "socket_filter"},
      {"tc_classifier", "sched_cls"},
      {"rtp_sys_enter", "raw_tracepoint"},
      {"cgroup_ingress", "cgroup_skb"},
  };
  for (const char* cmd : {"show", "list"}) {
    auto r = run_main({"-j", "prog", cmd});
    ASSERT_EQ(r.status, 0) << r.err;
    rapidjson::Document doc;
    ASSERT_TRUE(parse_json(r.out, doc));
    ASSERT_TRUE(doc.IsArray());
    for (const auto& [name, type] : expected) {
      const JsonValue* e = find_id(doc, obj->prog_id(name));
      ASSERT_NE(e, nullptr) << name;
      EXPECT_STREQ((*e)["type"].GetString(), type) << name;
      EXPECT_STREQ((*e)["name"].GetString(), name);
    }
  }
  // Plain: each block starts "ID: TYPE  name NAME  tag".
  auto plain = run_main({"prog", "show"});
  ASSERT_EQ(plain.status, 0) << plain.err;
  for (const auto& [name, type] : expected) {
    uint32_t id = obj->prog_id(name);
    auto block = plain_block(plain.out, id);
    ASSERT_FALSE(block.empty()) << name;
    EXPECT_EQ(block[0].rfind(std::to_string(id) + ": " + type + "  name " + name + "  tag ", 0), 0u) << block[0];
  }
}

}  // namespace
}  // namespace bpftool::test
