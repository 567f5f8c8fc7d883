// gen object and gen min_core_btf: a two-object link loaded and run, a CO-RE
// iterator loaded against our minimised BTF, and every failure leaving the
// output file absent or unchanged.
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <elf.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

#include "support/bpf_object.h"
#include "support/json.h"
#include "support/kernel.h"
#include "support/kernel_test.h"
#include "support/run.h"

namespace bpftool::test {
namespace {

constexpr const char* kVmlinux = "/sys/kernel/btf/vmlinux";

std::string read_file(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

void write_file(const std::string& p, const std::string& bytes) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f << bytes;
}

bool exists(const std::string& p) { return ::access(p.c_str(), F_OK) == 0; }

off_t file_size(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 ? st.st_size : -1;
}

// Offset and size of an ELF64 section, read by hand (the test corrupts it).
std::pair<size_t, size_t> section_range(const std::string& elf, const std::string& name) {
  Elf64_Ehdr eh;
  std::memcpy(&eh, elf.data(), sizeof(eh));
  auto sh = [&](size_t i) {
    Elf64_Shdr s;
    std::memcpy(&s, elf.data() + eh.e_shoff + i * sizeof(s), sizeof(s));
    return s;
  };
  Elf64_Shdr names = sh(eh.e_shstrndx);
  for (size_t i = 0; i < eh.e_shnum; i++) {
    Elf64_Shdr s = sh(i);
    if (name == elf.c_str() + names.sh_offset + s.sh_name) return {s.sh_offset, s.sh_size};
  }
  return {0, 0};
}

class Gen : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = ScopedPlainDir::create();
    ASSERT_TRUE(d) << d.error().message();
    dir_.emplace(std::move(*d));
  }
  std::string path(const std::string& name) const { return *dir_ / name; }
  // Files in the test directory: a failed command must leave no temporary file.
  std::vector<std::string> entries() const {
    auto r = run_command({"/bin/ls", "-1A", dir_->path()});
    return split_lines(r.out);
  }
  std::optional<ScopedPlainDir> dir_;
};

TEST_F(Gen, object_links_two_objects) {
  std::string out = path("linked.o");
  auto r = run_bpftool({"gen", "object", out, bpf_path("link_a"), bpf_path("link_b")});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(entries(), std::vector<std::string>{"linked.o"});

  sys::ObjectPtr obj(bpf_object__open_file(out.c_str(), nullptr));
  ASSERT_TRUE(obj) << "libbpf can't open the linked object";
  std::vector<std::string> progs, maps;
  struct bpf_program* p;
  bpf_object__for_each_program(p, obj.get()) progs.push_back(bpf_program__name(p));
  struct bpf_map* m;
  bpf_object__for_each_map(m, obj.get()) maps.push_back(bpf_map__name(m));
  EXPECT_EQ(progs, (std::vector<std::string>{"link_sock_a", "link_sock_b"}));
  EXPECT_NE(std::find(maps.begin(), maps.end(), "link_counts"), maps.end());
  EXPECT_EQ(bpf_object__find_program_by_name(obj.get(), "link_bump"), nullptr);  // a subprogram
}

TEST_F(Gen, json_object_prints_null) {
  auto r = run_bpftool({"-j", "gen", "object", path("j.o"), bpf_path("link_a"), bpf_path("link_b")});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "null\n");
}

TEST_F(Gen, object_conflicting_strong_symbols_keep_the_old_output) {
  std::string out = path("linked.o");
  write_file(out, "old content");
  auto r = run_bpftool({"gen", "object", out, bpf_path("link_a"), bpf_path("link_dup")});
  EXPECT_EQ(r.status, 255);
  EXPECT_NE(r.err.find("Error: failed to link '" + bpf_path("link_dup") + "': Invalid argument (22)"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(read_file(out), "old content");
  EXPECT_EQ(entries(), std::vector<std::string>{"linked.o"});
}

TEST_F(Gen, object_missing_input_writes_nothing) {
  std::string out = path("linked.o");
  std::string missing = path("missing.o");
  auto r = run_bpftool({"gen", "object", out, bpf_path("link_a"), missing});
  EXPECT_EQ(r.status, 255);
  EXPECT_EQ(r.err, "Error: failed to link '" + missing + "': No such file or directory (2)\n");
  EXPECT_FALSE(exists(out));
  EXPECT_TRUE(entries().empty());
}

TEST_F(Gen, object_rejects_non_elf_and_btf_less_inputs) {
  std::string out = path("linked.o");
  std::string text = path("text.o");
  write_file(text, "not an object\n");
  auto r = run_bpftool({"gen", "object", out, text});
  EXPECT_EQ(r.status, 255);
  EXPECT_EQ(r.err, "Error: failed to link '" + text + "': not an ELF file\n");
  EXPECT_FALSE(exists(out));

  auto nobtf = run_bpftool({"gen", "object", out, bpf_path("nobtf_nobtf")});
  EXPECT_EQ(nobtf.status, 255);
  EXPECT_EQ(nobtf.err, "Error: failed to link '" + bpf_path("nobtf_nobtf") + "': no BTF (section .BTF not found)\n");
  EXPECT_FALSE(exists(out));

  auto j = run_bpftool({"-j", "gen", "object", out, text});
  EXPECT_EQ(j.status, 255);
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(j.out, doc)) << j.out;
  EXPECT_STREQ(doc["error"].GetString(), ("failed to link '" + text + "': not an ELF file").c_str());
  EXPECT_EQ(entries(), std::vector<std::string>{"text.o"});
}

TEST_F(Gen, object_truncated_elf_is_refused) {
  std::string obj = read_file(bpf_path("link_a"));
  std::string out = path("linked.o");
  for (size_t n : {size_t{20}, size_t{64}, obj.size() / 2, obj.size() - 1}) {
    std::string cut = path("cut.o");
    write_file(cut, obj.substr(0, n));
    auto r = run_bpftool({"gen", "object", out, cut});
    EXPECT_EQ(r.status, 255) << n;
    EXPECT_NE(r.err.find("Error: failed to link"), std::string::npos) << n << ": " << r.err;
    EXPECT_FALSE(exists(out)) << n;
  }
}

class GenKernel : public KernelTest {
 protected:
  void SetUp() override {
    KernelTest::SetUp();
    if (IsSkipped()) return;
    if (!exists(kVmlinux)) GTEST_SKIP() << "no " << kVmlinux;
    auto d = ScopedPlainDir::create();
    ASSERT_TRUE(d) << d.error().message();
    dir_.emplace(std::move(*d));
  }
  std::string path(const std::string& name) const { return *dir_ / name; }
  std::optional<ScopedPlainDir> dir_;
};

TEST_F(GenKernel, linked_object_loads_and_runs_across_objects) {
  std::string out = path("linked.o");
  auto r = run_bpftool({"gen", "object", out, bpf_path("link_a"), bpf_path("link_b")});
  ASSERT_EQ(r.status, 0) << r.err;
  sys::ObjectPtr obj(bpf_object__open_file(out.c_str(), nullptr));
  ASSERT_TRUE(obj);
  ASSERT_EQ(bpf_object__load(obj.get()), 0);
  int prog = bpf_program__fd(bpf_object__find_program_by_name(obj.get(), "link_sock_a"));
  int map = bpf_map__fd(bpf_object__find_map_by_name(obj.get(), "link_counts"));
  ASSERT_GE(prog, 0);
  ASSERT_GE(map, 0);
  // link_sock_a (link_a) calls link_bump (link_b), which adds link_step (link_a's global).
  char pkt[64] = {};
  LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = sizeof(pkt));
  ASSERT_EQ(bpf_prog_test_run_opts(prog, &opts), 0) << std::strerror(errno);
  uint32_t key = 0;
  uint64_t value = 0;
  ASSERT_EQ(bpf_map_lookup_elem(map, &key, &value), 0);
  EXPECT_EQ(value, 42u);
  // And our own loader takes it too.
  auto all = run_bpftool({"prog", "loadall", out, fs() / "linked"});
  ASSERT_EQ(all.status, 0) << all.err;
  EXPECT_TRUE(exists(fs() / "linked/link_sock_a"));
  EXPECT_TRUE(exists(fs() / "linked/link_sock_b"));
}

TEST_F(GenKernel, min_core_btf_is_small_and_loads_the_object) {
  std::string out = path("min.btf");
  auto r = run_bpftool({"gen", "min_core_btf", kVmlinux, out, bpf_path("core_task")});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "");
  ASSERT_GT(file_size(out), 0);
  EXPECT_LT(file_size(out) * 100, file_size(kVmlinux));

  sys::BtfPtr min(btf__parse(out.c_str(), nullptr));
  ASSERT_TRUE(min);
  int task = btf__find_by_name_kind(min.get(), "task_struct", BTF_KIND_STRUCT);
  ASSERT_GT(task, 0);
  const struct btf_type* t = btf__type_by_id(min.get(), task);
  std::vector<std::string> members;
  for (int i = 0; i < btf_vlen(t); i++) members.push_back(btf__name_by_offset(min.get(), btf_members(t)[i].name_off));
  EXPECT_EQ(members, (std::vector<std::string>{"pid", "tgid"}));
  EXPECT_GT(btf__find_by_name_kind(min.get(), "bpf_iter__task", BTF_KIND_STRUCT), 0);
  EXPECT_GT(btf__find_by_name_kind(min.get(), "pid_type", BTF_KIND_ENUM), 0);

  LIBBPF_OPTS(bpf_object_open_opts, opts, .btf_custom_path = out.c_str());
  sys::ObjectPtr obj(bpf_object__open_file(bpf_path("core_task").c_str(), &opts));
  ASSERT_TRUE(obj);
  EXPECT_EQ(bpf_object__load(obj.get()), 0);
}

TEST_F(GenKernel, min_core_btf_without_relocations_is_empty_and_does_not_load) {
  std::string out = path("empty.btf");
  auto r = run_bpftool({"-j", "gen", "min_core_btf", kVmlinux, out, bpf_path("link_a")});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "null\n");
  sys::BtfPtr min(btf__parse(out.c_str(), nullptr));
  ASSERT_TRUE(min);
  EXPECT_EQ(btf__type_cnt(min.get()), 1u);
  // So the CO-RE object finds nothing in it: proof that the custom path is used.
  LIBBPF_OPTS(bpf_object_open_opts, opts, .btf_custom_path = out.c_str());
  sys::ObjectPtr obj(bpf_object__open_file(bpf_path("core_task").c_str(), &opts));
  ASSERT_TRUE(obj);
  libbpf_print_fn_t old = libbpf_set_print(nullptr);
  EXPECT_NE(bpf_object__load(obj.get()), 0);
  libbpf_set_print(old);
}

TEST_F(GenKernel, min_core_btf_failures_leave_the_output_alone) {
  std::string out = path("min.btf");
  write_file(out, "old");
  auto nobtf = run_bpftool({"gen", "min_core_btf", kVmlinux, out, bpf_path("nobtf_nobtf")});
  EXPECT_EQ(nobtf.status, 255);
  EXPECT_NE(nobtf.err.find("Error: error recording relocations for " + bpf_path("nobtf_nobtf")), std::string::npos)
      << nobtf.err;
  auto missing = run_bpftool({"gen", "min_core_btf", path("nope"), out, bpf_path("core_task")});
  EXPECT_EQ(missing.status, 255);
  EXPECT_EQ(missing.err, "Error: failed parsing '" + path("nope") + "' BTF file: No such file or directory\n");

  // Corrupt .BTF.ext: core_relo_len far too large, then a bad type id.
  std::string obj = read_file(bpf_path("core_task"));
  auto [off, size] = section_range(obj, ".BTF.ext");
  ASSERT_GT(size, 32u);
  std::string big = obj;
  uint32_t huge = 0x7fffffff;
  std::memcpy(&big[off + 28], &huge, 4);
  write_file(path("big.o"), big);
  auto r1 = run_bpftool({"gen", "min_core_btf", kVmlinux, out, path("big.o")});
  EXPECT_EQ(r1.status, 255);
  EXPECT_NE(r1.err.find(".BTF.ext: core_relo data lies outside the section"), std::string::npos) << r1.err;

  uint32_t hdr_len, relo_off;
  std::memcpy(&hdr_len, &obj[off + 4], 4);
  std::memcpy(&relo_off, &obj[off + 24], 4);
  std::string badid = obj;
  uint32_t id = 0xffffff;
  std::memcpy(&badid[off + hdr_len + relo_off + 4 + 8 + 4], &id, 4);  // first record's type_id
  write_file(path("badid.o"), badid);
  auto r2 = run_bpftool({"gen", "min_core_btf", kVmlinux, out, path("badid.o")});
  EXPECT_EQ(r2.status, 255);
  EXPECT_NE(r2.err.find("Error: error recording relocations for " + path("badid.o")), std::string::npos) << r2.err;

  EXPECT_EQ(read_file(out), "old");
  EXPECT_EQ(split_lines(run_command({"/bin/ls", "-1A", dir_->path()}).out),
            (std::vector<std::string>{"badid.o", "big.o", "min.btf"}));
}

}  // namespace
}  // namespace bpftool::test
