// -f/--bpffs: pinned paths of programs, maps and links found by walking every
// mounted bpffs (here: the test's own), in plain and JSON output.
#include <gtest/gtest.h>

#include <algorithm>

#include "support/bpf_object.h"
#include "support/inproc.h"
#include "support/json.h"
#include "support/kernel.h"
#include "support/kernel_test.h"

namespace bpftool::test {
namespace {

class PinnedPaths : public KernelTest {};

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST_F(PinnedPaths, programs_show_their_pins_and_unpinned_ones_an_empty_list) {
  auto pinned = UniqueProg::load();
  ASSERT_TRUE(pinned) << pinned.error().message();
  auto loose = UniqueProg::load();
  ASSERT_TRUE(loose) << loose.error().message();
  std::string p1 = fs() / "prog1";
  ASSERT_EQ(::mkdir((fs() / "sub").c_str(), 0700), 0);
  std::string p2 = fs() / "sub/prog2";
  ASSERT_EQ(bpf_obj_pin(pinned->fd.get(), p1.c_str()), 0) << std::strerror(errno);
  ASSERT_EQ(bpf_obj_pin(pinned->fd.get(), p2.c_str()), 0) << std::strerror(errno);

  auto r = run_main({"-f", "prog", "show", "id", std::to_string(pinned->id)});
  ASSERT_EQ(r.status, 0) << r.err;
  auto block = plain_block(r.out, pinned->id);
  ASSERT_EQ(block.size(), 5u) << r.out;
  // Both pins, one line each, after the sizes line (the order is the table's).
  EXPECT_EQ(sorted({block[3], block[4]}), sorted({"\tpinned " + p1, "\tpinned " + p2})) << r.out;

  auto j = run_main({"-j", "-f", "prog", "show", "id", std::to_string(pinned->id)});
  ASSERT_EQ(j.status, 0) << j.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(j.out, doc));
  EXPECT_EQ(sorted(string_list(doc, "pinned")), sorted({p1, p2})) << j.out;
  EXPECT_EQ(keys_of(doc).back(), "pinned");

  // Not pinned, but programs are pinned somewhere: an empty array.
  auto jl = run_main({"-j", "-f", "prog", "show", "id", std::to_string(loose->id)});
  rapidjson::Document dl;
  ASSERT_TRUE(parse_json(jl.out, dl));
  ASSERT_TRUE(dl.HasMember("pinned")) << jl.out;
  ASSERT_TRUE(dl["pinned"].IsArray());
  EXPECT_EQ(dl["pinned"].Size(), 0u);
  auto pl = run_main({"-f", "prog", "show", "id", std::to_string(loose->id)});
  EXPECT_EQ(pl.out.find("pinned"), std::string::npos) << pl.out;

  // The listing carries the same facts, and without -f there is no "pinned" at all.
  auto all = run_main({"-j", "--bpffs", "prog", "show"});
  ASSERT_EQ(all.status, 0) << all.err;
  rapidjson::Document da;
  ASSERT_TRUE(parse_json(all.out, da));
  ASSERT_NE(find_id(da, pinned->id), nullptr);
  EXPECT_EQ(sorted(string_list(*find_id(da, pinned->id), "pinned")), sorted({p1, p2}));
  for (const JsonValue* e : elements(da)) EXPECT_TRUE(e->HasMember("pinned")) << to_string(*e);
  auto nof = run_main({"-j", "prog", "show", "id", std::to_string(pinned->id)});
  rapidjson::Document dn;
  ASSERT_TRUE(parse_json(nof.out, dn));
  EXPECT_FALSE(dn.HasMember("pinned"));
}

TEST_F(PinnedPaths, pinned_line_comes_before_btf_id_and_key_before_metadata) {
  auto obj = LoadedObject::load("progs");
  ASSERT_TRUE(obj) << obj.error().message();
  int fd = obj->prog_fd("xdp_pass_with_a_very_long_name");
  auto info = prog_info(fd);
  std::string pin = fs() / "xdp";
  ASSERT_EQ(bpf_obj_pin(fd, pin.c_str()), 0) << std::strerror(errno);

  auto r = run_main({"prog", "show", "-f", "id", std::to_string(info.id)});  // -f after the command
  ASSERT_EQ(r.status, 0) << r.err;
  auto block = plain_block(r.out, info.id);
  ASSERT_EQ(block.size(), 8u) << r.out;
  EXPECT_EQ(block[3], "\tpinned " + pin);
  EXPECT_EQ(block[4], "\tbtf_id " + std::to_string(info.btf_id));
  EXPECT_EQ(block[5], "\tmetadata:");

  auto j = run_main({"-jf", "prog", "show", "id", std::to_string(info.id)});
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(j.out, doc));
  auto keys = keys_of(doc);
  ASSERT_GE(keys.size(), 3u);
  EXPECT_EQ(keys[keys.size() - 3], "btf_id");
  EXPECT_EQ(keys[keys.size() - 2], "pinned");
  EXPECT_EQ(keys[keys.size() - 1], "metadata");
  EXPECT_EQ(string_list(doc, "pinned"), std::vector<std::string>{pin});
}

TEST_F(PinnedPaths, maps_show_their_pins) {
  auto m = TestMap::create(BPF_MAP_TYPE_HASH, 4, 4, 4);
  ASSERT_TRUE(m) << m.error().message();
  auto loose = TestMap::create(BPF_MAP_TYPE_ARRAY, 4, 4, 4);
  ASSERT_TRUE(loose) << loose.error().message();
  std::string pin = fs() / "map";
  ASSERT_EQ(bpf_obj_pin(m->fd.get(), pin.c_str()), 0) << std::strerror(errno);

  auto r = run_main({"-f", "map", "show", "id", std::to_string(m->id)});
  ASSERT_EQ(r.status, 0) << r.err;
  auto block = plain_block(r.out, m->id);
  ASSERT_EQ(block.size(), 3u) << r.out;
  EXPECT_EQ(block[2], "\tpinned " + pin);

  auto j = run_main({"-j", "-f", "map", "show"});
  ASSERT_EQ(j.status, 0) << j.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(j.out, doc));
  ASSERT_NE(find_id(doc, m->id), nullptr);
  EXPECT_EQ(string_list(*find_id(doc, m->id), "pinned"), std::vector<std::string>{pin});
  const JsonValue* l = find_id(doc, loose->id);
  ASSERT_NE(l, nullptr);
  ASSERT_TRUE(l->HasMember("pinned")) << to_string(*l);
  EXPECT_EQ((*l)["pinned"].Size(), 0u);
}

TEST_F(PinnedPaths, links_show_their_pins) {
  auto obj = LoadedObject::load("progs");
  ASSERT_TRUE(obj) << obj.error().message();
  auto pinned = obj->attach("rtp_sys_enter");
  ASSERT_TRUE(pinned) << pinned.error().message();
  auto loose = obj->attach("rtp_sys_enter");
  ASSERT_TRUE(loose) << loose.error().message();
  uint32_t pid = link_id(*pinned), lid = link_id(*loose);
  std::string pin = fs() / "link";
  ASSERT_EQ(bpf_obj_pin(*pinned, pin.c_str()), 0) << std::strerror(errno);

  auto r = run_main({"-f", "link", "show", "id", std::to_string(pid)});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, std::to_string(pid) + ": raw_tracepoint  prog " + std::to_string(obj->prog_id("rtp_sys_enter")) +
                       "  \n\ttp 'sys_enter'  \n\tpinned " + pin + "\n");

  auto j = run_main({"-j", "-f", "link", "show"});
  ASSERT_EQ(j.status, 0) << j.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(j.out, doc));
  ASSERT_NE(find_id(doc, pid), nullptr) << j.out;
  EXPECT_EQ(string_list(*find_id(doc, pid), "pinned"), std::vector<std::string>{pin});
  EXPECT_EQ(keys_of(*find_id(doc, pid)).back(), "pinned");
  ASSERT_NE(find_id(doc, lid), nullptr) << j.out;
  EXPECT_TRUE((*find_id(doc, lid))["pinned"].IsArray());
  EXPECT_EQ((*find_id(doc, lid))["pinned"].Size(), 0u);
}

}  // namespace
}  // namespace bpftool::test
