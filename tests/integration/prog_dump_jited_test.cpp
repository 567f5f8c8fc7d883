// `prog dump jited` through LLVM loaded at run time: every byte the kernel
// reports is disassembled, functions get upstream's prototype and symbol
// headers, and the JSON, opcodes, linum and file forms have upstream's shape.
// Skips where no libLLVM can be loaded; a clear error is checked then.
// GCC 12 reports a false maybe-uninitialized inside <regex> in ASan builds.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <numeric>
#include <regex>

#include "disasm/jit.h"
#include "support/bpf_object.h"
#include "support/inproc.h"
#include "support/json.h"
#include "support/kernel.h"
#include "support/kernel_test.h"

namespace bpftool::test {
namespace {

struct JitInfo {
  uint32_t len = 0;
  std::vector<uint32_t> func_lens;
  std::vector<uint64_t> ksyms;
};

JitInfo jit_info(int fd) {
  JitInfo j;
  auto first = prog_info(fd);
  j.len = first.jited_prog_len;
  j.func_lens.resize(first.nr_jited_func_lens);
  j.ksyms.resize(first.nr_jited_ksyms);
  bpf_prog_info info;
  std::memset(&info, 0, sizeof(info));
  info.nr_jited_func_lens = static_cast<uint32_t>(j.func_lens.size());
  info.jited_func_lens = reinterpret_cast<uintptr_t>(j.func_lens.data());
  info.nr_jited_ksyms = static_cast<uint32_t>(j.ksyms.size());
  info.jited_ksyms = reinterpret_cast<uintptr_t>(j.ksyms.data());
  uint32_t len = sizeof(info);
  if (bpf_obj_get_info_by_fd(fd, &info, &len)) return {};
  return j;
}

class ProgDumpJited : public KernelTest {
 protected:
  void SetUp() override {
    KernelTest::SetUp();
    if (IsSkipped()) return;
    auto dis = disasm::JitDisassembler::create();
    if (!dis) GTEST_SKIP() << dis.error().message();
    auto obj = LoadedObject::load("prog_dump");
    if (!obj)
      GTEST_SKIP() << "kernel cannot load prog_dump.bpf.o (kfuncs need Linux 6.4+): "
                   << obj.error().message();
    obj_.emplace(std::move(*obj));
    if (!prog_info(obj_->prog_fd("dump_calls")).jited_prog_len)
      GTEST_SKIP() << "programs are not jited here";
  }
  std::string id(const char* prog) const { return std::to_string(obj_->prog_id(prog)); }
  RunResult dump(std::vector<std::string> args) {
    std::vector<std::string> full{"prog", "dump", "jited"};
    full.insert(full.end(), args.begin(), args.end());
    return run_main(full);
  }
  std::optional<LoadedObject> obj_;
};

TEST_F(ProgDumpJited, plain_has_a_header_per_function_and_covers_every_byte) {
  const JitInfo ji = jit_info(obj_->prog_fd("dump_calls"));
  ASSERT_EQ(ji.func_lens.size(), 5u);
  auto r = dump({"id", id("dump_calls"), "opcodes"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const auto lines = split_lines(r.out);
  const std::regex symbol(R"(bpf_prog_[0-9a-f]{16}_\w+:)");
  const std::regex insn(R"( *[0-9a-f]+:\t\S.*)");
  std::vector<std::string> names;
  std::vector<uint32_t> bytes;
  for (size_t i = 0; i < lines.size(); i++) {
    if (std::regex_match(lines[i], symbol)) {
      const std::string name = lines[i].substr(26, lines[i].size() - 27);  // after "bpf_prog_<tag>_"
      names.push_back(name);
      bytes.push_back(0);
      // The prototype comes first.
      ASSERT_GT(i, 0u);
      EXPECT_NE(lines[i - 1].find(name + "("), std::string::npos) << lines[i - 1];
    } else if (std::regex_match(lines[i], insn)) {
      ASSERT_FALSE(bytes.empty());
      ASSERT_LT(i + 1, lines.size());
      // Opcode lines: a tab, then "xx " per byte.
      const std::string& op = lines[i + 1];
      ASSERT_EQ(op[0], '\t') << op;
      EXPECT_TRUE(std::regex_match(op, std::regex(R"(\t(?:[0-9a-f]{2} )+)"))) << op;
      bytes.back() += static_cast<uint32_t>((op.size() - 1) / 3);
    }
  }
  EXPECT_EQ(names,
            (std::vector<std::string>{"dump_calls", "dump_loop_cb", "dump_add",
                                      "dump_callee_with_a_deliberately_long_name", "dump_global"}));
  EXPECT_EQ(bytes, ji.func_lens);
  // Each function ends with a blank line; offsets restart at 0 per function.
  EXPECT_EQ(r.out.substr(r.out.size() - 2), "\n\n");
  EXPECT_EQ(lines[0], "int dump_calls(struct __sk_buff * skb):");
  EXPECT_EQ(lines[2], "; int dump_calls(struct __sk_buff *skb)");
  EXPECT_TRUE(std::regex_match(lines[3], std::regex(R"(   0:\t\S.*)"))) << lines[3];
}

TEST_F(ProgDumpJited, calls_and_jumps_print_absolute_targets) {
  const JitInfo ji = jit_info(obj_->prog_fd("dump_big"));
  ASSERT_EQ(ji.ksyms.size(), 1u);
  auto r = dump({"id", id("dump_big")});
  ASSERT_EQ(r.status, 0) << r.err;
  // Branches inside the function land inside it (LLVM prints the address,
  // computed from the function's kernel address).
  const size_t je = r.out.find("\tje\t0x");
  ASSERT_NE(je, std::string::npos) << r.out;
  const uint64_t target = std::stoull(r.out.substr(je + 6), nullptr, 16);
  EXPECT_GE(target, ji.ksyms[0]);
  EXPECT_LT(target, ji.ksyms[0] + ji.len);
}

TEST_F(ProgDumpJited, json_lists_functions_with_their_instructions) {
  const JitInfo ji = jit_info(obj_->prog_fd("dump_calls"));
  auto r = dump({"-j", "id", id("dump_calls"), "opcodes", "linum"});
  ASSERT_EQ(r.status, 0) << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, doc));
  ASSERT_TRUE(doc.IsArray());
  ASSERT_EQ(doc.Size(), ji.func_lens.size());
  bool null_operands = false, with_file = false;
  for (rapidjson::SizeType f = 0; f < doc.Size(); f++) {
    const auto& fn = doc[f];
    ASSERT_TRUE(fn["proto"].IsString());
    ASSERT_TRUE(fn["name"].IsString());
    EXPECT_EQ(std::string(fn["name"].GetString()).rfind("bpf_prog_", 0), 0u);
    uint32_t pc = 0;
    for (const auto& insn : fn["insns"].GetArray()) {
      EXPECT_EQ(insn["pc"].GetString(), fmt::format("{:#x}", pc));
      EXPECT_TRUE(insn["operation"].IsString());
      ASSERT_TRUE(insn["operands"].IsArray());
      if (insn["operands"].Size() == 1 && insn["operands"][0].IsNull()) null_operands = true;
      if (insn.HasMember("file")) with_file = true;
      pc += insn["opcodes"].Size();
    }
    EXPECT_EQ(pc, ji.func_lens[f]) << fn["name"].GetString();
  }
  EXPECT_TRUE(null_operands) << "retq/leave have [null] operands";
  EXPECT_TRUE(with_file);
  // The first instruction of the program carries its source line.
  EXPECT_STREQ(doc[0]["insns"][0]["src"].GetString(), "int dump_calls(struct __sk_buff *skb)");
}

TEST_F(ProgDumpJited, linum_adds_file_references) {
  auto r = dump({"id", id("dump_kfunc"), "linum"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(std::regex_search(
      r.out,
      std::regex(
          R"(\n; int dump_kfunc\(struct __sk_buff \*skb\) \[file:.*prog_dump\.bpf\.c line_num:\d+ line_col:\d+\]\n   0:\t)")))
      << r.out;
}

TEST_F(ProgDumpJited, file_writes_the_native_image) {
  auto dir = ScopedPlainDir::create();
  ASSERT_TRUE(dir) << dir.error().message();
  auto r = dump({"id", id("dump_big"), "file", *dir / "jit.bin"});
  ASSERT_EQ(r.status, 0) << r.err;
  struct stat st;
  ASSERT_EQ(::stat((*dir / "jit.bin").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(static_cast<uint32_t>(st.st_size), jit_info(obj_->prog_fd("dump_big")).len);
}

TEST_F(ProgDumpJited, without_llvm_the_error_names_the_library) {
  // The binary, not this process (which already loaded LLVM).
  auto r = run_command({"/usr/bin/env", "BPFTOOL_LLVM_LIB=libLLVM-none.so.1", BT_BPFTOOL_BIN,
                        "prog", "dump", "jited", "id", id("dump_kfunc")});
  EXPECT_EQ(r.status, 255);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("Error: JIT disassembly needs LLVM (libLLVM-none.so.1): ", 0), 0u) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
  auto j = run_command({"/usr/bin/env", "BPFTOOL_LLVM_LIB=libLLVM-none.so.1", BT_BPFTOOL_BIN, "-j",
                        "prog", "dump", "jited", "id", id("dump_kfunc")});
  EXPECT_EQ(j.status, 255);
  EXPECT_EQ(j.out.rfind("{\"error\":\"JIT disassembly needs LLVM", 0), 0u) << j.out;
  // Other commands never load LLVM.
  auto v = run_command({"/usr/bin/env", "BPFTOOL_LLVM_LIB=libLLVM-none.so.1", BT_BPFTOOL_BIN,
                        "prog", "dump", "xlated", "id", id("dump_kfunc")});
  EXPECT_EQ(v.status, 0) << v.err;
}

}  // namespace
}  // namespace bpftool::test
