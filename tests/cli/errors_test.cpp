// Error messages, exit statuses and the JSON error document of the built
// binary: bad ids, selectors matching nothing, argument count errors, unknown
// commands, escaping, link detach, and running without privileges.
#include <gtest/gtest.h>

#include <algorithm>

#include "support/json.h"
#include "support/kernel.h"
#include "support/kernel_test.h"
#include "support/run.h"

namespace bpftool::test {
namespace {

// Ids are allocated below INT_MAX: this one never exists.
constexpr char kNoId[] = "4000000000";

class Errors : public KernelTest {};

// `args` fails with exit `status`, prints exactly "Error: <msg>\n" on stderr
// and nothing on stdout; under -j it prints exactly {"error":"<msg>"} on
// stdout. 255 is bpftool's own error, 256 - errno upstream's -errno returns.
void expect_error(const std::vector<std::string>& args, const std::string& msg, int status = 255) {
  SCOPED_TRACE(::testing::PrintToString(args));
  auto r = run_bpftool(args);
  EXPECT_EQ(r.status, status);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "Error: " + msg + "\n");
  std::vector<std::string> j = {"-j"};
  j.insert(j.end(), args.begin(), args.end());
  auto rj = run_bpftool(j);
  EXPECT_EQ(rj.status, status);
  EXPECT_EQ(rj.err, "");
  std::string got;
  EXPECT_TRUE(is_json_error(rj.out, &got));
  EXPECT_EQ(got, msg);
}

TEST_F(Errors, nonexistent_ids) {
  expect_error({"prog", "show", "id", kNoId}, std::string("get by id (") + kNoId + "): No such file or directory");
  expect_error({"map", "show", "id", kNoId}, std::string("get map by id (") + kNoId + "): No such file or directory");
  // Upstream's link commands return the -ENOENT of the lookup: exit 254.
  expect_error({"link", "show", "id", kNoId},
               std::string("failed to get link with ID ") + kNoId + ": No such file or directory", 254);
  expect_error({"btf", "show", "id", kNoId},
               std::string("can't get BTF object by id (") + kNoId + "): No such file or directory");
  expect_error({"prog", "pin", "id", kNoId, fs() / "x"},
               std::string("get by id (") + kNoId + "): No such file or directory");
  expect_error({"map", "pin", "id", kNoId, fs() / "x"},
               std::string("get map by id (") + kNoId + "): No such file or directory");
  expect_error({"link", "pin", "id", kNoId, fs() / "x"},
               std::string("failed to get link with ID ") + kNoId + ": No such file or directory", 254);
}

TEST_F(Errors, selectors_that_match_nothing_say_so) {
  // Upstream exits 255 silently here; we name what was not found.
  std::string name = unique_name(), tag = random_hex(16);
  expect_error({"prog", "show", "name", name}, "no program with name '" + name + "'");
  expect_error({"prog", "show", "tag", tag}, "no program with tag " + tag);
  expect_error({"map", "show", "name", name}, "no map with name '" + name + "'");
  expect_error({"prog", "pin", "name", name, fs() / "x"}, "no program with name '" + name + "'");
  expect_error({"map", "pin", "name", name, fs() / "x"}, "no map with name '" + name + "'");
}

TEST_F(Errors, bad_selector_values) {
  expect_error({"prog", "show", "id", "abc"}, "can't parse abc as ID");
  expect_error({"prog", "show", "id", "12x"}, "can't parse 12x as ID");
  expect_error({"map", "show", "id", "abc"}, "can't parse abc as ID");
  expect_error({"link", "show", "id", "abc"}, "can't parse abc as ID");
  expect_error({"btf", "show", "id", "abc"}, "can't parse abc as ID");
  expect_error({"prog", "show", "tag", "zz"}, "can't parse tag");
  expect_error({"map", "show", "name", "a_very_long_map_name"}, "can't parse name");
  expect_error({"prog", "show", "foo", "1"}, "expected 'id', 'tag', 'name' or 'pinned', got: 'foo'?");
  expect_error({"map", "show", "tag", "1"}, "expected 'id', 'name' or 'pinned', got: 'tag'?");
  expect_error({"link", "show", "name", "x"}, "expected 'id' or 'pinned', got: 'name'?");
  expect_error({"btf", "show", "name", "x"}, "expected 'id', got: 'name'?");
  expect_error({"prog", "show", "pinned", fs() / "nothing"},
               "bpf obj get (" + (fs() / "nothing") + "): No such file or directory");
}

TEST_F(Errors, argument_counts) {
  expect_error({"prog", "show", "id"}, "what is 'id'?");
  expect_error({"prog", "show", "id", "1", "extra"}, "what is 'id'?");
  expect_error({"map", "show", "name"}, "what is 'name'?");
  expect_error({"link", "show", "pinned"}, "what is 'pinned'?");
  expect_error({"btf", "show", "id"}, "what is 'id'?");
  // Upstream's pin commands return -EINVAL here: exit 234.
  expect_error({"prog", "pin", "id"}, "'pin' needs at least 3 arguments, 1 found", 234);
  expect_error({"prog", "pin"}, "'pin' needs at least 3 arguments, 0 found", 234);
  expect_error({"map", "pin", "id", "1"}, "'pin' needs at least 3 arguments, 2 found", 234);
  expect_error({"link", "pin", "id", "1"}, "'pin' needs at least 3 arguments, 2 found", 234);
}

TEST_F(Errors, unknown_command_prints_an_error_and_the_usage) {
  for (auto [args, usage] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"prog", "foo"}, "Usage: bpftool prog { show | list } [PROG]\n"},
           {{"map", "frobnicate", "id", "1"}, "Usage: bpftool map { show | list }   [MAP]\n"},
           {{"link", "SHOW"}, "Usage: bpftool link { show | list }   [LINK]\n"},
           {{"btf", "x"}, "Usage: bpftool btf { show | list } [id BTF_ID]\n"},
           {{"foo"}, "Usage: bpftool [OPTIONS] OBJECT { COMMAND | help }\n"}}) {
    SCOPED_TRACE(::testing::PrintToString(args));
    std::string what = args.size() > 1 && args[0] != "foo" ? args[0] + " " + args[1] : args[0];
    auto r = run_bpftool(args);
    EXPECT_EQ(r.status, 255);
    EXPECT_EQ(r.out, "");
    std::string first = "Error: unknown command '" + what + "'\n";
    ASSERT_EQ(r.err.substr(0, first.size()), first) << r.err;
    EXPECT_EQ(r.err.substr(first.size(), usage.size()), usage) << r.err;

    std::vector<std::string> j = {"-j"};
    j.insert(j.end(), args.begin(), args.end());
    auto rj = run_bpftool(j);
    EXPECT_EQ(rj.status, 255);
    EXPECT_EQ(rj.err, "");
    std::string msg;
    EXPECT_TRUE(is_json_error(rj.out, &msg));  // the error only: no second document for the usage
    EXPECT_EQ(msg, "unknown command '" + what + "'");
  }
}

TEST_F(Errors, json_error_strings_are_escaped) {
  for (std::string bad : {std::string("a\"b"), std::string("a\\b"), std::string("tab\there"),
                          std::string("nl\nx"), std::string("\x01\x7f")}) {
    auto r = run_bpftool({"-j", "prog", "show", "id", bad});
    EXPECT_EQ(r.status, 255);
    std::string msg;
    EXPECT_TRUE(is_json_error(r.out, &msg)) << r.out;
    EXPECT_EQ(msg, "can't parse " + bad + " as ID");
  }
  // Paths end up in messages too.
  std::string path = fs() / "quote\"back\\slash";
  auto r = run_bpftool({"-j", "map", "show", "pinned", path});
  std::string msg;
  EXPECT_TRUE(is_json_error(r.out, &msg)) << r.out;
  EXPECT_EQ(msg, "bpf obj get (" + path + "): No such file or directory");
}

TEST_F(Errors, pinned_object_of_the_wrong_type) {
  auto prog = UniqueProg::load();
  ASSERT_TRUE(prog) << prog.error().message();
  auto map = TestMap::create(BPF_MAP_TYPE_ARRAY, 4, 4, 1);
  ASSERT_TRUE(map) << map.error().message();
  std::string pp = fs() / "prog", mp = fs() / "map";
  ASSERT_EQ(bpf_obj_pin(prog->fd.get(), pp.c_str()), 0);
  ASSERT_EQ(bpf_obj_pin(map->fd.get(), mp.c_str()), 0);
  expect_error({"prog", "show", "pinned", mp}, "incorrect object type: map");
  expect_error({"map", "show", "pinned", pp}, "incorrect object type: prog");
  expect_error({"link", "show", "pinned", mp}, "incorrect object type: map");
  expect_error({"link", "detach", "pinned", pp}, "incorrect object type: prog");
}

TEST_F(Errors, link_detach_failures_exit_255) {
  // Upstream exits 1 on every link detach failure; we exit 255 like every error.
  expect_error({"link", "detach", "id", kNoId},
               std::string("failed to get link with ID ") + kNoId + ": No such file or directory");
  // Upstream's message had a stray newline in it; ours is one line.
  expect_error({"link", "detach"}, "link specifier is invalid or missing");
  expect_error({"link", "detach", "id"}, "link specifier is invalid or missing");
  expect_error({"link", "detach", "id", "1", "extra"}, "link specifier is invalid or missing");
  expect_error({"link", "detach", "id", "abc"}, "can't parse abc as ID");
}

TEST_F(Errors, several_matches_where_one_is_needed) {
  std::string name = unique_name();
  auto a = UniqueProg::load(name);
  ASSERT_TRUE(a) << a.error().message();
  auto b = UniqueProg::load(name);
  ASSERT_TRUE(b) << b.error().message();
  expect_error({"prog", "pin", "name", name, fs() / "p"}, "several programs match this handle");
  auto m1 = TestMap::create(BPF_MAP_TYPE_ARRAY, 4, 4, 1, name);
  ASSERT_TRUE(m1) << m1.error().message();
  auto m2 = TestMap::create(BPF_MAP_TYPE_ARRAY, 4, 4, 1, name);
  ASSERT_TRUE(m2) << m2.error().message();
  expect_error({"map", "pin", "name", name, fs() / "m"}, "several maps match this handle");
  EXPECT_NE(::access((fs() / "p").c_str(), F_OK), 0);
  EXPECT_NE(::access((fs() / "m").c_str(), F_OK), 0);
}

class Unprivileged : public KernelTest {
 protected:
  static constexpr int kNobody = 65534;
  void SetUp() override {
    KernelTest::SetUp();
    if (IsSkipped()) return;
    auto probe = run_bpftool_as(kNobody, {"version"});
    if (probe.status == 126 || probe.status == 127)
      GTEST_SKIP() << "the binary can't be run as uid " << kNobody << " (status " << probe.status << ")";
    ASSERT_EQ(probe.status, 0) << probe.err;
  }
};

TEST_F(Unprivileged, errors_name_the_missing_capability) {
  auto prog = UniqueProg::load();
  ASSERT_TRUE(prog) << prog.error().message();
  auto map = TestMap::create(BPF_MAP_TYPE_ARRAY, 4, 4, 1);
  ASSERT_TRUE(map) << map.error().message();
  const std::pair<std::vector<std::string>, std::string> cases[] = {
      {{"prog", "show"}, "Error: can't get next program: Operation not permitted"},
      {{"map", "show"}, "Error: can't get next map: Operation not permitted"},
      {{"link", "show"}, "Error: can't get next link: Operation not permitted"},
      {{"prog", "show", "id", std::to_string(prog->id)},
       "Error: get by id (" + std::to_string(prog->id) + "): Operation not permitted"},
      {{"map", "show", "id", std::to_string(map->id)},
       "Error: get map by id (" + std::to_string(map->id) + "): Operation not permitted"},
      {{"prog", "show", "name", prog->name}, "Error: can't get next program: Operation not permitted"},
  };
  for (const auto& [args, start] : cases) {
    SCOPED_TRACE(::testing::PrintToString(args));
    auto r = run_bpftool_as(kNobody, args);
    EXPECT_EQ(r.status, 255);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err.rfind(start, 0), 0u) << r.err;
    EXPECT_NE(r.err.find("CAP_SYS_ADMIN"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;

    std::vector<std::string> j = {"-j"};
    j.insert(j.end(), args.begin(), args.end());
    auto rj = run_bpftool_as(kNobody, j);
    EXPECT_EQ(rj.status, 255);
    rapidjson::Document doc;
    ASSERT_TRUE(parse_json(rj.out, doc));
    // A failed listing reports inside its array, as upstream.
    const JsonValue& err = doc.IsArray() && doc.Size() == 1 ? doc[0] : doc;
    ASSERT_TRUE(err.IsObject() && err.HasMember("error")) << rj.out;
    EXPECT_NE(std::string(err["error"].GetString()).find("CAP_SYS_ADMIN"), std::string::npos) << rj.out;
  }
  // What needs no privilege still works.
  auto v = run_bpftool_as(kNobody, {"-j", "version"});
  EXPECT_EQ(v.status, 0);
  auto h = run_bpftool_as(kNobody, {"prog", "help"});
  EXPECT_EQ(h.status, 0);
}

}  // namespace
}  // namespace bpftool::test
