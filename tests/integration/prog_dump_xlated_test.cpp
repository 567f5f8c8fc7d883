// `prog dump xlated` on programs the test loads (tests/bpf/prog_dump.bpf.c):
// byte-identical output with a reference bpftool where one is installed,
// and the annotations, JSON schema, DOT graph, raw file, several matching
// programs and error cases checked on their own everywhere else.
// GCC 12 reports a false maybe-uninitialized inside <regex> in ASan builds.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <regex>

#include "support/bpf_object.h"
#include "support/inproc.h"
#include "support/json.h"
#include "support/kernel.h"
#include "support/kernel_test.h"

namespace bpftool::test {
namespace {

constexpr const char* kProgs[] = {"dump_big", "dump_calls", "dump_kfunc"};

// A reference binary to diff against: $BT_REF_BPFTOOL, else bpftool 7.5 where
// this project's machines keep it. "" when there is none.
std::string reference_bpftool() {
  if (const char* env = std::getenv("BT_REF_BPFTOOL"); env && *env)
    return ::access(env, X_OK) == 0 ? env : "";
  const char* fixed = "/opt/bpftool-ref/bpftool";
  return ::access(fixed, X_OK) == 0 ? fixed : "";
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

class ProgDumpXlated : public KernelTest {
 protected:
  void SetUp() override {
    KernelTest::SetUp();
    if (IsSkipped()) return;
    auto obj = LoadedObject::load("prog_dump");
    if (!obj)
      GTEST_SKIP() << "kernel cannot load prog_dump.bpf.o (kfuncs need Linux 6.4+): "
                   << obj.error().message();
    obj_.emplace(std::move(*obj));
  }
  std::string id(const char* prog) const { return std::to_string(obj_->prog_id(prog)); }
  RunResult dump(std::vector<std::string> args) {
    std::vector<std::string> full{"prog", "dump", "xlated"};
    full.insert(full.end(), args.begin(), args.end());
    return run_main(full);
  }
  std::optional<LoadedObject> obj_;
};

TEST_F(ProgDumpXlated, output_is_identical_to_the_reference_bpftool) {
  const std::string ref = reference_bpftool();
  if (ref.empty()) GTEST_SKIP() << "no reference bpftool (set BT_REF_BPFTOOL)";
  const std::vector<std::vector<std::string>> options = {
      {}, {"opcodes"}, {"linum"}, {"opcodes", "linum"}, {"visual"}, {"visual", "opcodes", "linum"}};
  for (const char* prog : kProgs) {
    for (const auto& opt : options) {
      for (const char* mode : {"", "-j", "-p"}) {
        const bool visual = !opt.empty() && opt[0] == "visual";
        if (visual && *mode) continue;  // an error upstream 7.2+ (checked below)
        std::vector<std::string> args;
        if (*mode) args.push_back(mode);
        for (const char* w : {"prog", "dump", "xlated", "id"}) args.push_back(w);
        args.push_back(id(prog));
        args.insert(args.end(), opt.begin(), opt.end());
        std::vector<std::string> ref_argv{ref};
        ref_argv.insert(ref_argv.end(), args.begin(), args.end());
        RunResult want = run_command(ref_argv);
        RunResult got = run_main(args);
        std::string what =
            prog + std::string(" ") + mode + " " + fmt::format("{}", fmt::join(opt, " "));
        EXPECT_EQ(got.status, want.status) << what << "\n" << got.err;
        EXPECT_EQ(got.out, want.out) << what;
      }
    }
  }
}

TEST_F(ProgDumpXlated, plain_names_calls_maps_subprograms_and_source) {
  auto r = dump({"id", id("dump_calls")});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const auto lines = split_lines(r.out);
  ASSERT_GT(lines.size(), 20u);
  EXPECT_EQ(lines[0], "int dump_calls(struct __sk_buff * skb):");
  EXPECT_EQ(lines[1], "; int dump_calls(struct __sk_buff *skb)");
  EXPECT_EQ(lines[2], "   0: (bf) r6 = r1");
  // Every function prototype, each line of source, subprogram calls with the
  // callee's JIT symbol, the bpf_loop callback, maps, a tail call, a helper
  // the kernel rewrote to an address and named through kallsyms.
  for (const char* proto :
       {"int dump_loop_cb(__u32 index, void * data):", "int dump_add(int a, int b):",
        "int dump_global(struct __sk_buff * skb):",
        "int dump_callee_with_a_deliberately_long_name(int x):"})
    EXPECT_NE(std::find(lines.begin(), lines.end(), proto), lines.end()) << proto << "\n" << r.out;
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex(R"(\(85\) call pc[+-]\d+#bpf_prog_[0-9a-f]{16}_dump_add\n)")))
      << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(\(18\) r2 = subprog\[\+\d+\]\n)"))) << r.out;
  const std::string jmp = std::to_string(obj_->map_id("dump_jmp"));
  EXPECT_NE(r.out.find("(18) r2 = map[id:" + jmp + "]\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(85) call bpf_tail_call#12\n"), std::string::npos) << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(\(85\) call bpf_ktime_get_ns#-?\d+\n)")))
      << r.out;
  EXPECT_NE(r.out.find("; bpf_loop(16, dump_loop_cb, &sum, 0);\n"), std::string::npos) << r.out;
  // Instruction numbers skip the second half of 64-bit loads.
  EXPECT_TRUE(
      std::regex_search(r.out, std::regex(R"(\n   8: \(18\) r2 = subprog\[\+\d+\]\n  10: )")))
      << r.out;
}

TEST_F(ProgDumpXlated, global_data_helpers_and_kfuncs) {
  auto big = dump({"id", id("dump_big")});
  ASSERT_EQ(big.status, 0) << big.err;
  // .data through its map value, hash lookups through the kernel function
  // they became (never a bare address: kallsyms names it).
  EXPECT_TRUE(std::regex_search(big.out, std::regex(R"(r\d = map\[id:\d+\]\[0\]\+0\n)")))
      << big.out;
  EXPECT_TRUE(
      std::regex_search(big.out, std::regex(R"(\(85\) call [A-Za-z_][A-Za-z_0-9.]*#-?\d+\n)")));
  EXPECT_EQ(big.out.find("call 0x"), std::string::npos);
  EXPECT_NE(big.out.find(" lock *(u64 *)(r0 +0) += r"), std::string::npos);
  auto k = dump({"id", id("dump_kfunc")});
  ASSERT_EQ(k.status, 0) << k.err;
  EXPECT_TRUE(std::regex_search(k.out, std::regex(R"(\(85\) call bpf_iter_num_new#-?\d+\n)")))
      << k.out;
  EXPECT_TRUE(std::regex_search(k.out, std::regex(R"(\(85\) call bpf_iter_num_destroy#-?\d+\n)")))
      << k.out;
  // The benchmark program is about a thousand instructions.
  auto info = prog_info(obj_->prog_fd("dump_big"));
  EXPECT_GT(info.xlated_prog_len / 8, 900u);
  EXPECT_LT(info.xlated_prog_len / 8, 1200u);
}

TEST_F(ProgDumpXlated, opcodes_and_linum_annotate_each_instruction) {
  auto r = dump({"id", id("dump_kfunc"), "linum", "opcodes"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto lines = split_lines(r.out);
  EXPECT_EQ(lines[0], "int dump_kfunc(struct __sk_buff * skb):");
  EXPECT_TRUE(std::regex_match(
      lines[1],
      std::regex(
          R"(; int dump_kfunc\(struct __sk_buff \*skb\) \[file:.*/prog_dump\.bpf\.c line_num:\d+ line_col:\d+\])")))
      << lines[1];
  EXPECT_EQ(lines[2], "   0: (bf) r6 = r10");
  EXPECT_EQ(lines[3], "       bf a6 00 00 00 00 00 00");
  // Both halves of a 64-bit load on one opcode line.
  auto calls = dump({"id", id("dump_calls"), "opcodes"});
  // (The second half's immediate holds the callee's subprogram index.)
  EXPECT_TRUE(std::regex_search(
      calls.out,
      std::regex(
          R"(\n   8: \(18\) r2 = subprog\[\+\d+\]\n       18 42 00 00 [0-9a-f]{2} 00 00 00 00 00 00 00 [0-9a-f]{2} 00 00 00\n)")))
      << calls.out;
}

TEST_F(ProgDumpXlated, json_has_upstreams_schema) {
  auto r = dump({"-j", "id", id("dump_calls"), "opcodes", "linum"});
  ASSERT_EQ(r.status, 0) << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, doc));
  ASSERT_TRUE(doc.IsArray());
  ASSERT_GT(doc.Size(), 20u);
  const auto& first = doc[0];
  EXPECT_STREQ(first["proto"].GetString(), "int dump_calls(struct __sk_buff * skb)");
  EXPECT_STREQ(first["src"].GetString(), "int dump_calls(struct __sk_buff *skb)");
  EXPECT_TRUE(first["file"].IsString());
  EXPECT_TRUE(first["line_num"].IsInt());
  EXPECT_STREQ(first["disasm"].GetString(), "(bf) r6 = r1");
  const auto& op = first["opcodes"];
  EXPECT_STREQ(op["code"].GetString(), "0xbf");
  EXPECT_STREQ(op["src_reg"].GetString(), "0x1");
  EXPECT_STREQ(op["dst_reg"].GetString(), "0x6");
  EXPECT_EQ(op["off"].Size(), 2u);
  EXPECT_EQ(op["imm"].Size(), 4u);
  bool wide = false;
  for (const auto& insn : doc.GetArray()) {
    ASSERT_TRUE(insn["disasm"].IsString());
    if (std::string(insn["disasm"].GetString()).rfind("(18)", 0) == 0) {
      EXPECT_EQ(insn["opcodes"]["imm"].Size(), 12u);
      wide = true;
    }
  }
  EXPECT_TRUE(wide);
  // Without options: only proto/src/disasm keys.
  auto plain = dump({"-j", "id", id("dump_kfunc")});
  EXPECT_EQ(plain.out.rfind("[{\"proto\":\"int dump_kfunc(struct __sk_buff * skb)\",\"src\":", 0),
            0u)
      << plain.out;
  EXPECT_EQ(plain.out.find("\"opcodes\""), std::string::npos);
  EXPECT_EQ(plain.out.find("\"file\""), std::string::npos);
}

TEST_F(ProgDumpXlated, visual_is_a_dot_graph_with_one_cluster_per_function) {
  auto r = dump({"id", id("dump_calls"), "visual", "opcodes", "linum"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("digraph \"DOT graph for eBPF program\" {\nsubgraph \"cluster_0\" {\n", 0),
            0u);
  EXPECT_EQ(r.out.substr(r.out.size() - 4), "}\n}\n");
  size_t clusters = 0;
  for (size_t p = 0; (p = r.out.find("subgraph \"cluster_", p)) != std::string::npos; p++)
    clusters++;
  EXPECT_EQ(clusters, 5u);  // main, the loop callback, three subprograms
  EXPECT_NE(r.out.find("fn_0_bb_0 [shape=Mdiamond,style=filled,label=\"ENTRY\"];"),
            std::string::npos);
  EXPECT_NE(r.out.find("fn_0_bb_0:s -> fn_0_bb_1:n [style=\"invis\", constraint=true];"),
            std::string::npos);
  EXPECT_NE(r.out.find("; [..."), std::string::npos) << "long source paths are shortened";
  EXPECT_NE(r.out.find("\\ \\ \\ \\ bf 16 00 00 00 00 00 00\\l\\"), std::string::npos);
  if (::access("/usr/bin/dot", X_OK) != 0)
    GTEST_SKIP() << "graphviz (dot) not installed: syntax not checked";
  auto dir = ScopedPlainDir::create();
  ASSERT_TRUE(dir) << dir.error().message();
  {
    std::ofstream f(*dir / "g.dot");
    f << r.out;
  }
  auto svg = run_command({"/usr/bin/dot", "-Tsvg", *dir / "g.dot", "-o", *dir / "g.svg"});
  EXPECT_EQ(svg.status, 0) << svg.err;
  EXPECT_EQ(svg.err, "");
}

TEST_F(ProgDumpXlated, file_writes_the_raw_instructions_with_mode_0600) {
  auto dir = ScopedPlainDir::create();
  ASSERT_TRUE(dir) << dir.error().message();
  const std::string path = *dir / "prog.bin";
  auto r = dump({"id", id("dump_kfunc"), "file", path});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "");
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto info = prog_info(obj_->prog_fd("dump_kfunc"));
  EXPECT_EQ(static_cast<uint32_t>(st.st_size), info.xlated_prog_len);
  const std::string bytes = read_file(path);
  ASSERT_GE(bytes.size(), 8u);
  EXPECT_EQ(static_cast<uint8_t>(bytes[0]), 0xbf);  // (bf) r6 = r10
  auto j = run_main({"-j", "prog", "dump", "xlated", "id", id("dump_kfunc"), "file", path});
  EXPECT_EQ(j.status, 0);
  EXPECT_EQ(j.out, "null\n");
  auto bad = dump({"id", id("dump_kfunc"), "file", *dir / "no/such/dir"});
  EXPECT_EQ(bad.status, 255);
  EXPECT_NE(bad.err.find("Error: can't open file " + dir->path() +
                         "/no/such/dir: No such file or directory"),
            std::string::npos)
      << bad.err;
}

TEST_F(ProgDumpXlated, several_programs_get_a_header_each) {
  auto second = LoadedObject::load("prog_dump");
  ASSERT_TRUE(second) << second.error().message();
  const std::string a = id("dump_kfunc"), b = std::to_string(second->prog_id("dump_kfunc"));
  auto r = dump({"name", "dump_kfunc"});
  ASSERT_EQ(r.status, 0) << r.err;
  // Another process may hold a program of that name: look for ours only.
  const auto lines = split_lines(r.out);
  auto header = [&](const std::string& pid) {
    return std::find_if(lines.begin(), lines.end(), [&](const std::string& l) {
      return l.rfind(pid + ": sched_cls  name dump_kfunc  tag ", 0) == 0 && l.size() > 16 &&
             l.substr(l.size() - 5) == "  gpl";
    });
  };
  auto ha = header(a), hb = header(b);
  ASSERT_NE(ha, lines.end()) << r.out;
  ASSERT_NE(hb, lines.end()) << r.out;
  EXPECT_EQ(*(ha + 1), "int dump_kfunc(struct __sk_buff * skb):");
  // Dumps are separated by one blank line; none after the last.
  EXPECT_NE(r.out.find("  29: (95) exit\n\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.substr(r.out.size() - 2), "\n\n");

  auto j = dump({"-j", "name", "dump_kfunc"});
  ASSERT_EQ(j.status, 0) << j.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(j.out, doc));
  ASSERT_TRUE(doc.IsArray());
  size_t ours = 0;
  for (const auto& p : doc.GetArray()) {
    const std::string pid = std::to_string(p["id"].GetUint());
    if (pid != a && pid != b) continue;
    ours++;
    EXPECT_STREQ(p["type"].GetString(), "sched_cls");
    EXPECT_STREQ(p["name"].GetString(), "dump_kfunc");
    EXPECT_TRUE(p["tag"].IsString());
    EXPECT_TRUE(p["gpl_compatible"].GetBool());
    ASSERT_TRUE(p["insns"].IsArray());
    EXPECT_STREQ(p["insns"][0]["disasm"].GetString(), "(bf) r6 = r10");
  }
  EXPECT_EQ(ours, 2u);

  for (const char* opt : {"visual", "file"}) {
    auto e = dump({"name", "dump_kfunc", opt, "/tmp/unused"});
    EXPECT_EQ(e.status, 255) << opt;
    EXPECT_EQ(e.err, "Error: several programs matched\n") << opt;
  }
}

TEST_F(ProgDumpXlated, grammar_errors_match_upstream) {
  const std::string i = id("dump_kfunc");
  auto vis = run_main({"-j", "prog", "dump", "xlated", "id", i, "visual"});
  EXPECT_EQ(vis.status, 255);
  EXPECT_EQ(vis.out, "{\"error\":\"'visual' is not compatible with JSON output\"}\n");
  auto file = dump({"id", i, "file", "/tmp/x", "opcodes"});
  EXPECT_EQ(file.status, 255);
  EXPECT_EQ(file.err, "Error: 'file' is not compatible with 'opcodes', 'visual', or 'linum'\n");
  auto nofile = dump({"id", i, "file"});
  EXPECT_EQ(nofile.err, "Error: expected file path\n");
  auto none = run_main({"prog", "dump"});
  EXPECT_EQ(none.status, 255);
  EXPECT_EQ(none.err, "Error: expected 'xlated' or 'jited', got: (null)\n");
  auto foo = run_main({"prog", "dump", "foo", "id", i});
  EXPECT_EQ(foo.err, "Error: expected 'xlated' or 'jited', got: foo\n");
  // An unknown word prints the usage, as upstream's usage().
  auto bad = dump({"id", i, "bogus"});
  EXPECT_EQ(bad.status, 255);
  EXPECT_EQ(bad.out, "");
  EXPECT_NE(bad.err.find("Usage: bpftool prog { show | list } [PROG]"), std::string::npos)
      << bad.err;
  // Prefixes: `prog d x i N o l` is `prog dump xlated id N opcodes linum`.
  auto prefix = run_main({"prog", "d", "x", "i", i, "o", "l"});
  EXPECT_EQ(prefix.status, 0) << prefix.err;
  EXPECT_EQ(prefix.out, dump({"id", i, "opcodes", "linum"}).out);
}

}  // namespace
}  // namespace bpftool::test
