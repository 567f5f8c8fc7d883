// `bpftool batch file FILE|-`: comments, quotes, continuation lines, the
// "processed N commands" trailer, stopping at the first failure with its
// status, stdin, and the JSON array of {command, output}.
#include <gtest/gtest.h>

#include <fstream>

#include "support/json.h"
#include "support/kernel.h"
#include "support/kernel_test.h"
#include "support/run.h"

namespace bpftool::test {
namespace {

constexpr char kNoId[] = "4000000000";

class Batch : public KernelTest {
 protected:
  void SetUp() override {
    KernelTest::SetUp();
    if (IsSkipped()) return;
    auto d = ScopedPlainDir::create();
    ASSERT_TRUE(d) << d.error().message();
    dir_.emplace(std::move(*d));
    auto p = UniqueProg::load();
    ASSERT_TRUE(p) << p.error().message();
    prog_.emplace(std::move(*p));
    auto m = TestMap::create(BPF_MAP_TYPE_HASH, 4, 4, 4);
    ASSERT_TRUE(m) << m.error().message();
    map_.emplace(std::move(*m));
  }
  std::string write(const std::string& name, const std::string& text) {
    std::string path = *dir_ / name;
    std::ofstream(path) << text;
    return path;
  }
  std::string pid() const { return std::to_string(prog_->id); }
  std::string mid() const { return std::to_string(map_->id); }
  // What one command prints on its own.
  std::string alone(const std::vector<std::string>& args) {
    auto r = run_bpftool(args);
    EXPECT_EQ(r.status, 0) << r.err;
    return r.out;
  }

  std::optional<ScopedPlainDir> dir_;
  std::optional<UniqueProg> prog_;
  std::optional<TestMap> map_;
};

TEST_F(Batch, runs_each_line_and_counts_commands) {
  std::string file = write("cmds",
                           "# a comment line\n"
                           "prog show id " + pid() + "   # a trailing comment\n"
                           "map sh\\\n"
                           "ow id " + mid() + "\n"
                           "\n"
                           "   \t\n"
                           "prog show name \"" + prog_->name + "\"\n"
                           "'map' 'show' \"id\" '" + mid() + "'\r\n"
                           "version\n");
  std::string expected = alone({"prog", "show", "id", pid()}) + alone({"map", "show", "id", mid()}) +
                         alone({"prog", "show", "id", pid()}) + alone({"map", "show", "id", mid()}) +
                         alone({"version"}) + "processed 5 commands\n";
  auto r = run_bpftool({"batch", "file", file});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, expected);

  // From stdin, with prefixes of "batch" and "file".
  auto in = run_bpftool({"b", "f", "-"}, "prog show id " + pid() + "\nversion\n");
  EXPECT_EQ(in.status, 0) << in.err;
  EXPECT_EQ(in.out, alone({"prog", "show", "id", pid()}) + alone({"version"}) + "processed 2 commands\n");
  auto empty = run_bpftool({"batch", "file", "-"}, "# nothing\n\n");
  EXPECT_EQ(empty.status, 0);
  EXPECT_EQ(empty.out, "processed 0 commands\n");
}

TEST_F(Batch, stops_at_the_first_failing_command_with_its_status) {
  std::string file = write("cmds", "prog show id " + pid() + "\n" +
                                       "prog show id " + std::string(kNoId) + "\n" +
                                       "map show id " + mid() + "\n");
  auto r = run_bpftool({"batch", "file", file});
  EXPECT_EQ(r.status, 255);
  EXPECT_EQ(r.out, alone({"prog", "show", "id", pid()}));  // no map, no "processed"
  EXPECT_EQ(r.err, std::string("Error: get by id (") + kNoId + "): No such file or directory\n");

  // An unknown command in a batch: its error and usage, then the batch stops.
  std::string f2 = write("cmds2", "prog frob\nversion\n");
  auto u = run_bpftool({"batch", "file", f2});
  EXPECT_EQ(u.status, 255);
  EXPECT_EQ(u.out, "");
  EXPECT_EQ(u.err.rfind("Error: unknown command 'prog frob'\nUsage: bpftool prog", 0), 0u) << u.err;
}

TEST_F(Batch, tokenizer_errors) {
  auto r = run_bpftool({"batch", "file", "-"}, "version\nprog show name \"unterminated\n");
  EXPECT_EQ(r.status, 255);
  EXPECT_EQ(r.out, alone({"version"}));
  EXPECT_EQ(r.err, "Error: unterminated quoted string in command 1\n");

  r = run_bpftool({"batch", "file", "-"}, "version\\\n");
  EXPECT_EQ(r.status, 255);
  EXPECT_EQ(r.err, "Error: missing continuation line on command 0\n");

  // '#' starts a comment even inside quotes (upstream strips comments first).
  r = run_bpftool({"batch", "file", "-"}, "prog show name \"x#y\"\n");
  EXPECT_EQ(r.status, 255);
  EXPECT_EQ(r.err, "Error: unterminated quoted string in command 0\n");
}

TEST_F(Batch, argument_errors) {
  const std::pair<std::vector<std::string>, std::string> cases[] = {
      {{"batch"}, "too few parameters for batch"},
      {{"batch", "file"}, "too few parameters for batch"},
      {{"batch", "file", "a", "b"}, "too many parameters for batch"},
      {{"batch", "file", *dir_ / "missing"}, "Can't open file (" + (*dir_ / "missing") + "): No such file or directory"},
  };
  for (const auto& [args, msg] : cases) {
    SCOPED_TRACE(::testing::PrintToString(args));
    auto r = run_bpftool(args);
    EXPECT_EQ(r.status, 255);
    EXPECT_EQ(r.err, "Error: " + msg + "\n");
    std::vector<std::string> j = {"-j"};
    j.insert(j.end(), args.begin(), args.end());
    auto rj = run_bpftool(j);
    EXPECT_EQ(rj.status, 255);
    std::string got;
    EXPECT_TRUE(is_json_error(rj.out, &got));
    EXPECT_EQ(got, msg);
  }
}

TEST_F(Batch, json_is_one_array_of_command_and_output) {
  std::string pin = fs() / "pinned_by_batch";
  std::string file = write("cmds",
                           "prog show id " + pid() + "\n"
                           "prog help\n"
                           "prog pin id " + pid() + " " + pin + "\n"
                           "map show name " + map_->name + "\n"
                           "prog show id 'a\\b\"c'\n"
                           "version\n");
  for (const char* mode : {"-j", "-p"}) {
    SCOPED_TRACE(mode);
    ::unlink(pin.c_str());
    auto r = run_bpftool({mode, "batch", "file", file});
    EXPECT_EQ(r.status, 255);
    EXPECT_EQ(r.err, "");
    rapidjson::Document doc;
    ASSERT_TRUE(parse_json(r.out, doc));
    ASSERT_TRUE(doc.IsArray()) << r.out;
    ASSERT_EQ(doc.Size(), 5u) << r.out;  // stops after the failing command
    for (const auto& e : doc.GetArray()) {
      ASSERT_TRUE(e.IsObject());
      EXPECT_EQ(keys_of(e), (std::vector<std::string>{"command", "output"})) << to_string(e);
    }
    EXPECT_EQ(string_list(doc[0], "command"), (std::vector<std::string>{"prog", "show", "id", pid()}));
    EXPECT_EQ(doc[0]["output"]["id"].GetUint(), prog_->id);
    EXPECT_TRUE(doc[1]["output"].IsNull());  // help prints nothing: null, not a missing value
    EXPECT_TRUE(doc[2]["output"].IsNull());  // pin succeeds silently
    EXPECT_EQ(::access(pin.c_str(), F_OK), 0);
    ASSERT_TRUE(doc[3]["output"].IsObject());  // one match: an object
    EXPECT_EQ(doc[3]["output"]["id"].GetUint(), map_->id);
    // The failing command: its argv escaped, its error inside "output".
    EXPECT_EQ(string_list(doc[4], "command"), (std::vector<std::string>{"prog", "show", "id", "a\\b\"c"}));
    ASSERT_TRUE(doc[4]["output"].IsObject());
    EXPECT_STREQ(doc[4]["output"]["error"].GetString(), "can't parse a\\b\"c as ID");
  }

  // All good: exit 0 and no "processed" trailer in JSON mode.
  auto ok = run_bpftool({"-j", "batch", "file", "-"}, "prog show id " + pid() + "\nmap help\n");
  EXPECT_EQ(ok.status, 0) << ok.err;
  rapidjson::Document d2;
  ASSERT_TRUE(parse_json(ok.out, d2));
  ASSERT_TRUE(d2.IsArray());
  EXPECT_EQ(d2.Size(), 2u);
  EXPECT_EQ(ok.out.find("processed"), std::string::npos);

  // A tokenizer error is an element of its own.
  auto bad = run_bpftool({"-j", "batch", "file", "-"}, "version\nprog 'x\n");
  EXPECT_EQ(bad.status, 255);
  rapidjson::Document d3;
  ASSERT_TRUE(parse_json(bad.out, d3));
  ASSERT_TRUE(d3.IsArray() && d3.Size() == 2u) << bad.out;
  EXPECT_STREQ(d3[1]["error"].GetString(), "unterminated quoted string in command 1");
}

}  // namespace
}  // namespace bpftool::test
