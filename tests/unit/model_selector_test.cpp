// cli/spec: PROG, MAP and LINK selectors with upstream's keywords, prefixes and messages.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/selector.h"

namespace bpftool::model {
using cli::ArgCursor;
namespace {

using Words = std::vector<std::string>;
using By = Selector::By;

Result<Selector> prog(const Words& w, size_t* consumed = nullptr) {
  ArgCursor a(w, "show");
  auto r = parse_prog_selector(a);
  if (consumed) *consumed = a.position();
  return r;
}
Result<Selector> map(const Words& w) {
  ArgCursor a(w, "show");
  return parse_map_selector(a);
}
Result<Selector> link(const Words& w) {
  ArgCursor a(w, "show");
  return parse_link_selector(a);
}

std::string err(const Result<Selector>& r) { return r ? std::string("<ok>") : r.error().message(); }

TEST(ProgSpec, id) {
  size_t used = 0;
  auto s = prog({"id", "122", "/pin/path"}, &used);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->by, By::Id);
  EXPECT_EQ(s->id, 122u);
  EXPECT_EQ(s->text, "id 122");
  EXPECT_EQ(used, 2u);  // the FILE after the spec stays for the caller
}

TEST(ProgSpec, id_uses_base_0) {
  EXPECT_EQ(prog({"id", "0x7a"})->id, 122u);
  EXPECT_EQ(prog({"id", "0172"})->id, 122u);
  EXPECT_EQ(prog({"id", "0x7a"})->text, "id 0x7a");
}

TEST(ProgSpec, id_errors) {
  EXPECT_EQ(err(prog({"id", "abc"})), "can't parse abc as ID");
  EXPECT_EQ(err(prog({"id", "122abc"})), "can't parse 122abc as ID");
  EXPECT_EQ(err(prog({"id", "08"})), "can't parse 08 as ID");
  EXPECT_EQ(err(prog({"id"})), "'id' needs at least 1 arguments, 0 found");
}

TEST(ProgSpec, tag) {
  auto s = prog({"tag", "5791f01f5bed38be"});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->by, By::Tag);
  EXPECT_EQ(s->tag, (std::array<uint8_t, 8>{0x57, 0x91, 0xf0, 0x1f, 0x5b, 0xed, 0x38, 0xbe}));
  EXPECT_EQ(s->text, "tag 5791f01f5bed38be");
  EXPECT_EQ(prog({"tag", "D4D950593910DD42"})->tag, prog({"tag", "d4d950593910dd42"})->tag);
}

TEST(ProgSpec, tag_errors) {
  EXPECT_EQ(err(prog({"tag", "zz"})), "can't parse tag");
  EXPECT_EQ(err(prog({"tag", ""})), "can't parse tag");
  EXPECT_EQ(err(prog({"tag", "d4d95059391"})), "can't parse tag");
  EXPECT_EQ(err(prog({"tag", "d4:d9:50:59:39:10:dd:42"})), "can't parse tag");
}

TEST(ProgSpec, name) {
  auto s = prog({"name", "a_very_long_program_name_for_testing"});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->by, By::Name);
  EXPECT_EQ(s->name, "a_very_long_program_name_for_testing");
  EXPECT_EQ(s->text, "name a_very_long_program_name_for_testing");
}

TEST(ProgSpec, name_up_to_127_characters) {
  // MAX_PROG_FULL_NAME is 128 with the NUL.
  EXPECT_TRUE(prog({"name", std::string(127, 'a')}));
  EXPECT_EQ(err(prog({"name", std::string(128, 'a')})), "can't parse name");
}

TEST(ProgSpec, pinned) {
  auto s = prog({"pinned", "/sys/fs/bpf/p"});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->by, By::Pinned);
  EXPECT_EQ(s->path, "/sys/fs/bpf/p");
  EXPECT_EQ(s->text, "pinned /sys/fs/bpf/p");
  EXPECT_EQ(prog({"pinned", ""})->path, "");
}

TEST(ProgSpec, keywords_match_by_prefix_in_upstream_order) {
  // Order id, tag, name, pinned: the first keyword the word starts matches.
  EXPECT_EQ(prog({"i", "1"})->by, By::Id);
  EXPECT_EQ(prog({"t", "0011223344556677"})->by, By::Tag);
  EXPECT_EQ(prog({"n", "x"})->by, By::Name);
  EXPECT_EQ(prog({"na", "x"})->by, By::Name);
  EXPECT_EQ(prog({"p", "/x"})->by, By::Pinned);
  EXPECT_EQ(prog({"pin", "/x"})->by, By::Pinned);
  EXPECT_EQ(prog({"", "122"})->by, By::Id);  // `prog show "" 122` is id 122
  EXPECT_EQ(prog({"", "122"})->id, 122u);
}

TEST(ProgSpec, unknown_keyword) {
  EXPECT_EQ(err(prog({"foo", "1"})), "expected 'id', 'tag', 'name' or 'pinned', got: 'foo'?");
  EXPECT_EQ(err(prog({"ID", "1"})), "expected 'id', 'tag', 'name' or 'pinned', got: 'ID'?");
  EXPECT_EQ(err(prog({"idx", "1"})), "expected 'id', 'tag', 'name' or 'pinned', got: 'idx'?");
}

TEST(ProgSpec, nothing_to_parse) {
  EXPECT_EQ(err(prog({})), "'show' needs at least 1 arguments, 0 found");
}

TEST(MapSpec, id_name_pinned) {
  auto s = map({"id", "35"});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->by, By::Id);
  EXPECT_EQ(s->id, 35u);
  auto n = map({"name", "shortmap"});
  ASSERT_TRUE(n);
  EXPECT_EQ(n->by, By::Name);
  EXPECT_EQ(n->name, "shortmap");
  auto p = map({"pinned", "/sys/fs/bpf/m"});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->by, By::Pinned);
  EXPECT_EQ(p->path, "/sys/fs/bpf/m");
}

TEST(MapSpec, prefixes) {
  EXPECT_EQ(map({"i", "1"})->by, By::Id);
  EXPECT_EQ(map({"n", "x"})->by, By::Name);
  EXPECT_EQ(map({"p", "/x"})->by, By::Pinned);
  EXPECT_EQ(map({"", "1"})->by, By::Id);
}

TEST(MapSpec, name_is_limited_to_15_characters) {
  EXPECT_TRUE(map({"name", "a_very_long_map"}));  // 15
  EXPECT_EQ(err(map({"name", "a_very_long_map_"})), "can't parse name");
  EXPECT_EQ(err(map({"name", "a_very_long_map_name_for_testing"})), "can't parse name");
}

TEST(MapSpec, tag_is_not_a_map_keyword) {
  EXPECT_EQ(err(map({"tag", "0011223344556677"})), "expected 'id', 'name' or 'pinned', got: 'tag'?");
  EXPECT_EQ(err(map({"t", "1"})), "expected 'id', 'name' or 'pinned', got: 't'?");
  EXPECT_EQ(err(map({"foo", "1"})), "expected 'id', 'name' or 'pinned', got: 'foo'?");
}

TEST(MapSpec, id_errors) {
  EXPECT_EQ(err(map({"id", "x"})), "can't parse x as ID");
  EXPECT_EQ(err(map({"id"})), "'id' needs at least 1 arguments, 0 found");
}

TEST(LinkSpec, id_and_pinned) {
  auto s = link({"id", "90"});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->by, By::Id);
  EXPECT_EQ(s->id, 90u);
  auto p = link({"p", "/sys/fs/bpf/l"});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->by, By::Pinned);
  EXPECT_EQ(p->path, "/sys/fs/bpf/l");
  EXPECT_EQ(link({"i", "1"})->by, By::Id);
}

TEST(LinkSpec, errors) {
  EXPECT_EQ(err(link({"name", "x"})), "expected 'id' or 'pinned', got: 'name'?");
  EXPECT_EQ(err(link({"foo", "1"})), "expected 'id' or 'pinned', got: 'foo'?");
  EXPECT_EQ(err(link({"tag", "1"})), "expected 'id' or 'pinned', got: 'tag'?");
  EXPECT_EQ(err(link({"id", "abc"})), "can't parse abc as ID");
  EXPECT_EQ(err(link({"pinned"})), "'pinned' needs at least 1 arguments, 0 found");
}

TEST(LooksLikeProgSpec, recognises_every_keyword_prefix) {
  auto check = [](const Words& w) {
    ArgCursor a(w);
    return looks_like_prog_selector(a);
  };
  EXPECT_TRUE(check({"id", "1"}));
  EXPECT_TRUE(check({"t"}));
  EXPECT_TRUE(check({"name"}));
  EXPECT_TRUE(check({"pinned"}));
  EXPECT_TRUE(check({""}));
  EXPECT_FALSE(check({"0x01"}));
  EXPECT_FALSE(check({"hex"}));
  EXPECT_FALSE(check({}));
}

TEST(LooksLikeProgSpec, does_not_consume) {
  Words w{"id", "1"};
  ArgCursor a(w);
  EXPECT_TRUE(looks_like_prog_selector(a));
  EXPECT_EQ(a.position(), 0u);
}

}  // namespace
}  // namespace bpftool::model
