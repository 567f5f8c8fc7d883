// Global options anywhere on the command line, version, help texts and
// unknown options, with the built binary.
#include <bpf/libbpf.h>
#include <gtest/gtest.h>

#include <regex>

#include "support/json.h"
#include "support/kernel.h"
#include "support/kernel_test.h"
#include "support/run.h"

namespace bpftool::test {
namespace {

class Options : public KernelTest {};

TEST_F(Options, json_options_anywhere_and_abbreviated) {
  auto prog = UniqueProg::load();
  ASSERT_TRUE(prog) << prog.error().message();
  std::string id = std::to_string(prog->id);
  auto ref = run_bpftool({"-j", "prog", "show", "id", id});
  ASSERT_EQ(ref.status, 0) << ref.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(ref.out, doc));
  ASSERT_EQ(doc["id"].GetUint(), prog->id);

  for (auto args : std::vector<std::vector<std::string>>{{"prog", "show", "-j", "id", id},
                                                          {"prog", "show", "id", id, "-j"},
                                                          {"prog", "-j", "show", "id", id},
                                                          {"--json", "prog", "show", "id", id},
                                                          {"--jso", "prog", "show", "id", id},
                                                          {"prog", "show", "id", id, "--j"}}) {
    auto r = run_bpftool(args);
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, ref.out) << ::testing::PrintToString(args);
  }
  auto pretty = run_bpftool({"-p", "prog", "show", "id", id});
  ASSERT_EQ(pretty.status, 0);
  rapidjson::Document dp;
  ASSERT_TRUE(parse_json(pretty.out, dp));
  EXPECT_TRUE(dp == doc);
  for (auto args : std::vector<std::vector<std::string>>{{"-jp", "prog", "show", "id", id},
                                                          {"prog", "show", "id", id, "-pj"},
                                                          {"--pre", "prog", "show", "id", id},
                                                          {"prog", "show", "--pretty", "id", id}}) {
    auto r = run_bpftool(args);
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, pretty.out) << ::testing::PrintToString(args);
  }
  // -l/--legacy is accepted and ignored, for old scripts.
  auto legacy = run_bpftool({"-l", "-j", "prog", "show", "id", id});
  EXPECT_EQ(legacy.status, 0) << legacy.err;
  EXPECT_EQ(legacy.out, ref.out);
}

TEST(OptionsNoKernel, version_plain_and_json) {
  auto plain = run_bpftool({"version"});
  ASSERT_EQ(plain.status, 0) << plain.err;
  EXPECT_EQ(plain.err, "");
  auto lines = split_lines(plain.out);
  ASSERT_EQ(lines.size(), 3u) << plain.out;
  EXPECT_TRUE(std::regex_match(lines[0], std::regex("bpftool v\\d+\\.\\d+\\.\\d+"))) << lines[0];
  EXPECT_EQ(lines[1], std::string("using libbpf ") + libbpf_version_string());
  EXPECT_EQ(lines[2].rfind("features:", 0), 0u) << lines[2];

  for (auto args : std::vector<std::vector<std::string>>{{"-V"}, {"--version"}, {"v"}, {"ver"}, {"version", "extra"}}) {
    auto r = run_bpftool(args);
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, plain.out) << ::testing::PrintToString(args);
  }

  auto j = run_bpftool({"-j", "version"});
  ASSERT_EQ(j.status, 0) << j.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(j.out, doc));
  ASSERT_TRUE(doc.IsObject());
  EXPECT_EQ(keys_of(doc), (std::vector<std::string>{"version", "libbpf_version", "features"}));
  EXPECT_EQ("bpftool v" + std::string(doc["version"].GetString()), lines[0]);
  EXPECT_EQ(std::string(doc["libbpf_version"].GetString()),
            std::to_string(libbpf_major_version()) + "." + std::to_string(libbpf_minor_version()));
  ASSERT_TRUE(doc["features"].IsObject());
  for (const char* k : {"libbfd", "llvm", "skeletons", "bootstrap"}) {
    ASSERT_TRUE(doc["features"].HasMember(k)) << k;
    EXPECT_TRUE(doc["features"][k].IsBool()) << k;
  }
  for (const auto& m : doc["features"].GetObject()) EXPECT_TRUE(m.value.IsBool()) << m.name.GetString();
  for (auto args : std::vector<std::vector<std::string>>{{"-j", "-V"}, {"-Vj"}, {"version", "-j"}}) {
    auto r = run_bpftool(args);
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, j.out) << ::testing::PrintToString(args);
  }
}

TEST(OptionsNoKernel, help_goes_to_stderr_and_is_null_in_json) {
  const std::pair<std::vector<std::string>, std::string> cases[] = {
      {{}, "Usage: bpftool [OPTIONS] OBJECT { COMMAND | help }\n"},
      {{"help"}, "Usage: bpftool [OPTIONS] OBJECT { COMMAND | help }\n"},
      {{"-h"}, "Usage: bpftool [OPTIONS] OBJECT { COMMAND | help }\n"},
      {{"--help"}, "Usage: bpftool [OPTIONS] OBJECT { COMMAND | help }\n"},
      {{"prog", "-h"}, "Usage: bpftool [OPTIONS] OBJECT { COMMAND | help }\n"},
      {{"prog", "help"}, "Usage: bpftool prog { show | list } [PROG]\n"},
      {{"prog", "help", "extra"}, "Usage: bpftool prog { show | list } [PROG]\n"},
      {{"map", "help"}, "Usage: bpftool map { show | list }   [MAP]\n"},
      {{"link", "h"}, "Usage: bpftool link { show | list }   [LINK]\n"},
      {{"btf", "help"}, "Usage: bpftool btf { show | list } [id BTF_ID]\n"},
  };
  for (const auto& [args, first] : cases) {
    SCOPED_TRACE(::testing::PrintToString(args));
    auto r = run_bpftool(args);
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err.substr(0, first.size()), first);
    // Every help text ends with the OPTIONS line.
    auto lines = split_lines(r.err);
    ASSERT_GE(lines.size(), 2u);
    EXPECT_EQ(lines.back().back(), '}') << lines.back();
    EXPECT_NE(r.err.find("OPTIONS := { {-j|--json} [{-p|--pretty}] | {-d|--debug}"), std::string::npos);

    if (!args.empty() && (args.back() == "-h" || args.back() == "--help")) continue;  // -h stops option parsing
    std::vector<std::string> j = {"-j"};
    j.insert(j.end(), args.begin(), args.end());
    auto rj = run_bpftool(j);
    EXPECT_EQ(rj.status, 0);
    EXPECT_EQ(rj.out, "null\n");
    EXPECT_EQ(rj.err, "");
  }
}

TEST(OptionsNoKernel, unknown_options_are_errors) {
  for (std::string opt : {"-x", "--foo", "--json=1"}) {
    SCOPED_TRACE(opt);
    auto r = run_bpftool({opt, "prog", "show"});
    EXPECT_EQ(r.status, 255);
    EXPECT_EQ(r.out, "");
    std::string first = "Error: unrecognized option '" + opt + "'\n";
    ASSERT_EQ(r.err.substr(0, first.size()), first) << r.err;
    EXPECT_EQ(r.err.substr(first.size()).rfind("Usage: bpftool [OPTIONS] OBJECT { COMMAND | help }\n", 0), 0u)
        << r.err;

    // JSON: the error document only, wherever -j is.
    for (auto args : std::vector<std::vector<std::string>>{{"-j", opt, "prog", "show"}, {"prog", "show", "-j", opt}}) {
      auto rj = run_bpftool(args);
      EXPECT_EQ(rj.status, 255);
      EXPECT_EQ(rj.err, "");
      std::string msg;
      EXPECT_TRUE(is_json_error(rj.out, &msg));
      EXPECT_EQ(msg, "unrecognized option '" + opt + "'");
    }
  }
  // Options are parsed after the object too; an option missing its argument is unknown.
  auto r = run_bpftool({"prog", "show", "--bogus"});
  EXPECT_EQ(r.status, 255);
  EXPECT_EQ(r.err.rfind("Error: unrecognized option '--bogus'\n", 0), 0u) << r.err;
  r = run_bpftool({"prog", "show", "-B"});
  EXPECT_EQ(r.status, 255);
  EXPECT_EQ(r.err.rfind("Error: unrecognized option '-B'\n", 0), 0u) << r.err;
}

}  // namespace
}  // namespace bpftool::test
