// gen skeleton / subskeleton / lang c++ against the real kernel: our binary
// writes the headers for tests/bpf/skel.bpf.c, the system compilers build the
// programs in tests/integration/skel/ against the system libbpf, and those
// open, set .rodata/.bss, load, run and check results, then destroy.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <string>

#include "support/bpf_object.h"
#include "support/kernel_test.h"
#include "support/run.h"

namespace bpftool::test {
namespace {

class GenSkeleton : public KernelTest {
 protected:
  void SetUp() override {
    KernelTest::SetUp();
    if (IsSkipped()) return;
    char tmpl[] = "/tmp/bt_skel_XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    if (!dir_.empty()) run_command({"/bin/rm", "-rf", dir_});
  }
  // Runs `bpftool gen ARGS...` and writes its stdout to dir_/name.
  void generate(const std::vector<std::string>& args, const std::string& name) {
    std::vector<std::string> argv = {"gen"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = run_bpftool(argv);
    ASSERT_EQ(r.status, 0) << r.err;
    ASSERT_EQ(r.err, "");
    std::ofstream(dir_ + "/" + name) << r.out;
  }
  // Compiles `src` with `compiler` and runs it; returns its stdout.
  std::string build_and_run(const std::string& compiler, const std::vector<std::string>& flags,
                            const std::string& src) {
    std::vector<std::string> argv = {compiler};
    argv.insert(argv.end(), flags.begin(), flags.end());
    const std::string exe = dir_ + "/prog";
    for (const std::string& a : {std::string("-Wall"), std::string("-Wextra"), std::string("-Werror"),
                                 "-I" + dir_, std::string(BT_SKEL_SRC_DIR) + "/" + src, std::string("-o"), exe,
                                 std::string("-lbpf"), std::string("-lelf"), std::string("-lz")})
      argv.push_back(a);
    auto cc = run_command(argv);
    EXPECT_EQ(cc.status, 0) << cc.err;
    if (cc.status != 0) return {};
    auto r = run_command({exe});
    EXPECT_EQ(r.status, 0) << "exit code names the failed step in " << src << "\n" << r.err;
    return r.out;
  }
  std::string dir_;
};

TEST_F(GenSkeleton, c_skeleton_and_subskeleton_open_set_load_run_destroy) {
  ASSERT_NO_FATAL_FAILURE(generate({"skeleton", bpf_path("skel")}, "skel.skel.h"));
  ASSERT_NO_FATAL_FAILURE(generate({"subskeleton", bpf_path("skel"), "name", "sub"}, "sub.subskel.h"));
  EXPECT_EQ(build_and_run(BT_CC, {"-std=gnu11"}, "skel_user.c"), "ok 25\n");
}

TEST_F(GenSkeleton, c_skeleton_compiles_as_cpp) {
  // upstream's __cplusplus wrappers: the C header included from C++.
  ASSERT_NO_FATAL_FAILURE(generate({"skeleton", bpf_path("skel")}, "skel.skel.h"));
  ASSERT_NO_FATAL_FAILURE(generate({"subskeleton", bpf_path("skel"), "name", "sub"}, "sub.subskel.h"));
  EXPECT_EQ(build_and_run(BT_CXX, {"-x", "c++", "-std=c++17", "-Wno-missing-field-initializers"}, "skel_user.c"),
            "ok 25\n");
}

TEST_F(GenSkeleton, cpp_class_owns_the_skeleton) {
  ASSERT_NO_FATAL_FAILURE(generate({"skeleton", bpf_path("skel"), "lang", "c++"}, "skel.skel.hpp"));
  EXPECT_EQ(build_and_run(BT_CXX, {"-std=c++17"}, "skel_user.cpp"), "ok 25\n");
}

}  // namespace
}  // namespace bpftool::test
