// `btf dump`: a test object's BTF from its file (unprivileged), from the
// kernel through a map and a program the test loads, format c of vmlinux
// compiling into a CO-RE program, and the error cases (one line, exit code).
#include <bpf/libbpf.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/bpf_object.h"
#include "support/json.h"
#include "support/kernel.h"
#include "support/kernel_test.h"
#include "support/run.h"

namespace bpftool::test {
namespace {

namespace fs = std::filesystem;

// A private directory every user may read, removed at the end.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/bt_btf_dump.XXXXXX";
    path_ = ::mkdtemp(tmpl);
    ::chmod(path_.c_str(), 0755);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  std::string write(const std::string& name, const std::string& data) const {
    std::ofstream(file(name), std::ios::binary) << data;
    ::chmod(file(name).c_str(), 0644);
    return file(name);
  }

 private:
  std::string path_;
};

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

size_t count_types(const std::string& out) {
  size_t n = 0;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) n += line.rfind('[', 0) == 0;
  return n;
}

TEST(BtfDumpFile, test_object_lists_its_types) {
  auto r = run_bpftool({"btf", "dump", "file", bpf_path("maps")});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("STRUCT 'flow_key' size=8 vlen=4\n\t'id' type_id="), std::string::npos) << r.out;
  // clang 15 and later mark an enum with a negative value signed (kflag);
  // clang 14 does not, and upstream then prints the value as unsigned.
  const bool signed_enum =
      r.out.find("ENUM 'color' encoding=SIGNED size=4 vlen=3\n\t'RED' val=0\n\t'GREEN' val=5\n\t'BLUE' val=-1\n") !=
      std::string::npos;
  const bool unsigned_enum = r.out.find(
                                 "ENUM 'color' encoding=UNSIGNED size=4 vlen=3\n\t'RED' val=0\n\t'GREEN' val=5\n\t'BLUE' "
                                 "val=4294967295\n") != std::string::npos;
  EXPECT_TRUE(signed_enum || unsigned_enum) << r.out;
  EXPECT_NE(r.out.find("[1] "), std::string::npos);

  auto j = run_bpftool({"-j", "btf", "dump", "file", bpf_path("maps")});
  ASSERT_EQ(j.status, 0) << j.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(j.out, doc)) << j.out.substr(0, 200);
  ASSERT_TRUE(doc["types"].IsArray());
  bool found = false;
  for (const auto& t : doc["types"].GetArray()) {
    if (std::string(t["name"].GetString()) != "rich") continue;
    found = true;
    EXPECT_STREQ(t["kind"].GetString(), "STRUCT");
    EXPECT_GT(t["members"].Size(), 10u);
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(count_types(r.out), doc["types"].Size());
}

TEST(BtfDumpFile, works_without_privileges_and_in_batch) {
  TempDir dir;
  const std::string obj = dir.write("maps.bpf.o", read_all(bpf_path("maps")));
  auto root = run_bpftool({"btf", "dump", "file", obj});
  ASSERT_EQ(root.status, 0) << root.err;
  if (geteuid() == 0) {
    auto nobody = run_bpftool_as(65534, {"btf", "dump", "file", obj});
    EXPECT_EQ(nobody.status, 0) << nobody.err;
    EXPECT_EQ(nobody.out, root.out);
  }
  const std::string batch = dir.write("batch", "btf dump file " + obj + "\nbtf dump file " + obj + " format c\n");
  auto b = run_bpftool({"batch", "file", batch});
  EXPECT_EQ(b.status, 0) << b.err;
  EXPECT_EQ(b.out.rfind(root.out, 0), 0u);
}

TEST(BtfDumpFile, errors_are_one_line_with_upstreams_exit_codes) {
  TempDir dir;
  auto missing = run_bpftool({"btf", "dump", "file", "/nonexistent/x.o"});
  EXPECT_EQ(missing.status, 254);
  EXPECT_EQ(missing.err, "Error: failed to load BTF from /nonexistent/x.o: No such file or directory\n");

  auto no_btf = run_bpftool({"btf", "dump", "file", bpf_path("nobtf_nobtf")});
  EXPECT_EQ(no_btf.status, 195);  // ENODATA, as upstream
  EXPECT_NE(no_btf.err.find("Error: failed to load BTF from "), std::string::npos) << no_btf.err;

  const std::string text = dir.write("text", "hello\n");
  auto not_btf = run_bpftool({"btf", "dump", "file", text});
  EXPECT_NE(not_btf.status, 0);
  EXPECT_EQ(not_btf.err, "Error: failed to load BTF from " + text + ": not an ELF file or raw BTF\n");

  // Raw BTF cut in half, and a const of itself (upstream hangs on it).
  const std::string good = read_all(bpf_path("maps"));
  std::string loop("\x9f\xeb\x01\x00\x18\x00\x00\x00\x00\x00\x00\x00\x0c\x00\x00\x00\x0c\x00\x00\x00\x01\x00\x00\x00"
                   "\x00\x00\x00\x00\x00\x00\x00\x0a\x01\x00\x00\x00\x00",
                   37);
  auto l = run_bpftool({"btf", "dump", "file", dir.write("loop.btf", loop), "format", "c"});
  EXPECT_EQ(l.status, 234);
  EXPECT_NE(l.err.find("reference loop"), std::string::npos) << l.err;
  EXPECT_EQ(std::count(l.err.begin(), l.err.end(), '\n'), 1);
  auto cut = run_bpftool({"btf", "dump", "file", dir.write("cut.btf", loop.substr(0, 30))});
  EXPECT_EQ(cut.status, 234);
  EXPECT_NE(cut.err.find("invalid BTF"), std::string::npos) << cut.err;

  auto bad_root = run_bpftool({"btf", "dump", "file", bpf_path("maps"), "root_id", "999999"});
  EXPECT_EQ(bad_root.status, 234);
  EXPECT_EQ(bad_root.err, "Error: invalid root ID: 999999\n");
  auto dup = run_bpftool({"btf", "dump", "file", bpf_path("maps"), "root_id", "1", "root_id", "1"});
  EXPECT_EQ(dup.err, "Error: duplicate root_id 1 supplied\n");

  auto json_c = run_bpftool({"-j", "btf", "dump", "file", bpf_path("maps"), "format", "c"});
  EXPECT_EQ(json_c.status, 161);
  EXPECT_EQ(json_c.out, "{\"error\":\"JSON output for C-syntax dump is not supported\"}\n");
  auto fmt = run_bpftool({"btf", "dump", "file", bpf_path("maps"), "format", "x"});
  EXPECT_EQ(fmt.status, 234);
  EXPECT_EQ(fmt.err, "Error: unrecognized format specifier: 'x', possible values: raw, c\n");
}

TEST(BtfDumpFile, root_ids_select_types) {
  auto r = run_bpftool({"btf", "dump", "file", bpf_path("maps"), "root_id", "2", "root_id", "1"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(count_types(r.out), 2u);
  EXPECT_EQ(r.out.rfind("[2] ", 0), 0u);
}

TEST(BtfDumpFile, vmlinux_header_compiles_into_a_core_program) {
  if (access("/sys/kernel/btf/vmlinux", R_OK) != 0) GTEST_SKIP() << "no /sys/kernel/btf/vmlinux";
  TempDir dir;
  auto h = run_bpftool({"btf", "dump", "file", "/sys/kernel/btf/vmlinux", "format", "c"});
  ASSERT_EQ(h.status, 0) << h.err;
  EXPECT_EQ(h.out.rfind("#ifndef __VMLINUX_H__\n#define __VMLINUX_H__\n", 0), 0u);
  EXPECT_NE(h.out.find("struct task_struct {"), std::string::npos);
  dir.write("vmlinux.h", h.out);
  const std::string prog = dir.write("core.bpf.c", R"(#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
char LICENSE[] SEC("license") = "GPL";
SEC("kprobe/do_nanosleep")
int probe(void *ctx) {
  struct task_struct *t = (struct task_struct *)bpf_get_current_task();
  return BPF_CORE_READ(t, pid) == 0;
}
)");
  auto cc = run_command({BT_BPF_CLANG, "-O2", "-g", "-target", "bpf", "-c", prog, "-o", dir.file("core.bpf.o")});
  EXPECT_EQ(cc.status, 0) << cc.err.substr(0, 2000);
}

class BtfDumpKernel : public KernelTest {};

TEST_F(BtfDumpKernel, map_dumps_key_and_value_types) {
  auto obj = LoadedObject::load("maps");
  ASSERT_TRUE(obj) << obj.error().message();
  const auto info = map_info(obj->map_fd("hash_rich"));
  ASSERT_NE(info.btf_id, 0u);
  const std::string mid = std::to_string(info.id);
  auto kv = run_bpftool({"btf", "dump", "map", "id", mid});
  ASSERT_EQ(kv.status, 0) << kv.err;
  EXPECT_EQ(count_types(kv.out), 2u);
  EXPECT_EQ(kv.out.rfind("[" + std::to_string(info.btf_key_type_id) + "] ", 0), 0u) << kv.out;
  EXPECT_NE(kv.out.find("\n[" + std::to_string(info.btf_value_type_id) + "] STRUCT 'rich'"), std::string::npos);
  EXPECT_EQ(run_bpftool({"btf", "dump", "map", "id", mid, "kv"}).out, kv.out);
  auto value = run_bpftool({"btf", "dump", "map", "id", mid, "value"});
  EXPECT_EQ(value.out.rfind("[" + std::to_string(info.btf_value_type_id) + "] STRUCT 'rich'", 0), 0u);
  auto all = run_bpftool({"btf", "dump", "map", "id", mid, "all"});
  EXPECT_EQ(all.out, run_bpftool({"btf", "dump", "id", std::to_string(info.btf_id)}).out);
  EXPECT_GT(count_types(all.out), 10u);
  auto root = run_bpftool({"btf", "dump", "map", "id", mid, "root_id", "1"});
  EXPECT_EQ(root.err, "Error: cannot use root_id with other type filtering\n");
  auto c = run_bpftool({"btf", "dump", "map", "id", mid, "format", "c"});
  ASSERT_EQ(c.status, 0) << c.err;
  EXPECT_NE(c.out.find("struct rich {"), std::string::npos);
}

TEST_F(BtfDumpKernel, prog_dumps_its_btf) {
  auto obj = LoadedObject::load("progs");
  ASSERT_TRUE(obj) << obj.error().message();
  struct bpf_program* p = bpf_object__next_program(obj->obj(), nullptr);
  ASSERT_NE(p, nullptr);
  const auto info = prog_info(bpf_program__fd(p));
  ASSERT_NE(info.btf_id, 0u);
  auto r = run_bpftool({"btf", "dump", "prog", "id", std::to_string(info.id)});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, run_bpftool({"btf", "dump", "id", std::to_string(info.btf_id)}).out);
  EXPECT_NE(r.out.find("FUNC '" + std::string(bpf_program__name(p)) + "'"), std::string::npos);
  auto j = run_bpftool({"-j", "btf", "dump", "prog", "id", std::to_string(info.id)});
  rapidjson::Document doc;
  EXPECT_TRUE(parse_json(j.out, doc));
}

TEST_F(BtfDumpKernel, missing_ids_fail_with_one_line) {
  auto r = run_bpftool({"btf", "dump", "id", "4000000000"});
  EXPECT_EQ(r.status, 254);
  EXPECT_EQ(r.err, "Error: get btf by id (4000000000): No such file or directory\n");
  auto m = run_bpftool({"btf", "dump", "map", "id", "4000000000"});
  EXPECT_NE(m.status, 0);
  EXPECT_EQ(std::count(m.err.begin(), m.err.end(), '\n'), 1) << m.err;
}

}  // namespace
}  // namespace bpftool::test
