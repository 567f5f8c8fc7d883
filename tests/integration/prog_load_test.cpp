// prog load / loadall against the real kernel: pins, types, map reuse,
// autoattach, and every failure leaving nothing pinned.
#include <bpf/bpf.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <random>

#include "support/bpf_object.h"
#include "support/json.h"
#include "support/kernel.h"
#include "support/kernel_test.h"
#include "support/run.h"

namespace bpftool::test {
namespace {

class ProgLoad : public KernelTest {
 protected:
  bool exists(const std::string& p) const { return ::access(p.c_str(), F_OK) == 0; }
  // Entries of a directory on our bpffs, without the kernel's own *.debug files.
  std::vector<std::string> entries(const std::string& dir) const {
    std::vector<std::string> out;
    auto r = run_command({"/bin/ls", "-1", dir});
    for (const auto& l : split_lines(r.out))
      if (l != "maps.debug" && l != "progs.debug") out.push_back(l);
    return out;
  }
  uint32_t pinned_prog_id(const std::string& path) const {
    int fd = bpf_obj_get(path.c_str());
    if (fd < 0) return 0;
    uint32_t id = prog_id(fd);
    ::close(fd);
    return id;
  }
  std::string write_file(const std::string& name, const std::string& bytes) const {
    char tmpl[] = "/tmp/bt_load_XXXXXX";
    int fd = ::mkstemp(tmpl);
    EXPECT_GE(fd, 0);
    EXPECT_EQ(::write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
    ::close(fd);
    files_.push_back(tmpl);
    (void)name;
    return tmpl;
  }
  void TearDown() override {
    for (const auto& f : files_) ::unlink(f.c_str());
  }
  mutable std::vector<std::string> files_;
};

TEST_F(ProgLoad, load_pins_the_first_program) {
  std::string pin = fs() / "first";
  auto r = run_bpftool({"prog", "load", bpf_path("progs"), pin});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  uint32_t id = pinned_prog_id(pin);
  ASSERT_GT(id, 0u);
  auto show = run_bpftool({"-j", "prog", "show", "id", std::to_string(id)});
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(show.out, doc));
  EXPECT_STREQ(doc["name"].GetString(), "xdp_pass_with_a_very_long_name");
  EXPECT_STREQ(doc["type"].GetString(), "xdp");
}

TEST_F(ProgLoad, json_success_prints_null) {
  auto r = run_bpftool({"-j", "prog", "load", bpf_path("minimal"), fs() / "m"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "null\n");
}

TEST_F(ProgLoad, loadall_pins_every_program_and_maps) {
  std::string dir = fs() / "all", maps = fs() / "maps";
  auto r = run_bpftool({"prog", "loadall", bpf_path("progs"), dir, "pinmaps", maps});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(entries(dir), (std::vector<std::string>{"cgroup_ingress", "rtp_sys_enter", "sock_filter",
                                                    "tc_classifier", "xdp_pass_with_a_very_long_name"}));
  auto m = entries(maps);
  // Internal maps are pinned with '.' turned into '_'.
  for (const char* name : {"counters", "events", "fifo", "flows", "jmp_table", "percpu", "progs_rodata", "progs_bss"})
    EXPECT_NE(std::find(m.begin(), m.end(), name), m.end()) << name;
  EXPECT_EQ(pinned_prog_id(dir + "/sock_filter") != 0, true);
}

TEST_F(ProgLoad, autoattach_pins_links_and_falls_back_to_programs) {
  std::string dir = fs() / "auto";
  auto r = run_bpftool({"prog", "loadall", bpf_path("progs"), dir, "autoattach"});
  ASSERT_EQ(r.status, 0) << r.err;
  // The raw tracepoint attaches: its pin is a link.
  auto link = run_bpftool({"-j", "link", "show", "pinned", dir + "/rtp_sys_enter"});
  ASSERT_EQ(link.status, 0) << link.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(link.out, doc));
  EXPECT_STREQ(doc["type"].GetString(), "raw_tracepoint");
  EXPECT_STREQ(doc["tp_name"].GetString(), "sys_enter");
  // The socket filter cannot: pinned as a program, with upstream's note.
  EXPECT_GT(pinned_prog_id(dir + "/sock_filter"), 0u);
  EXPECT_NE(r.err.find("Program sock_filter does not support autoattach, falling back to pinning"), std::string::npos)
      << r.err;
}

TEST_F(ProgLoad, type_overrides_the_section) {
  std::string pin = fs() / "typed";
  auto r = run_bpftool({"prog", "load", bpf_path("minimal"), pin, "type", "socket"});
  ASSERT_EQ(r.status, 0) << r.err;
  auto bad = run_bpftool({"prog", "load", bpf_path("minimal"), fs() / "t2", "type", "no_such_type"});
  EXPECT_EQ(bad.status, 255);
  EXPECT_NE(bad.err.find("Error: unknown program type 'no_such_type'"), std::string::npos) << bad.err;
  EXPECT_FALSE(exists(fs() / "t2"));
  auto twice = run_bpftool({"prog", "load", bpf_path("minimal"), fs() / "t3", "type", "socket", "type", "xdp"});
  EXPECT_NE(twice.err.find("program type already specified"), std::string::npos) << twice.err;
}

TEST_F(ProgLoad, map_reuse_by_name_and_index) {
  auto holder = LoadedObject::load("progs");
  ASSERT_TRUE(holder) << holder.error().message();
  uint32_t counters = holder->map_id("counters");
  std::string pin = fs() / "reuse";
  auto r = run_bpftool({"prog", "load", bpf_path("progs"), pin, "map", "name", "counters", "id",
                        std::to_string(counters)});
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<uint32_t> map_ids;
  int fd = bpf_obj_get(pin.c_str());
  ASSERT_GE(fd, 0);
  prog_info(fd, &map_ids);
  ::close(fd);
  EXPECT_NE(std::find(map_ids.begin(), map_ids.end(), counters), map_ids.end());

  auto idx = run_bpftool({"prog", "load", bpf_path("progs"), fs() / "r2", "map", "idx", "99", "id",
                          std::to_string(counters)});
  EXPECT_EQ(idx.status, 255);
  EXPECT_NE(idx.err.find("map idx '99' not used"), std::string::npos) << idx.err;
  EXPECT_FALSE(exists(fs() / "r2"));
  auto name = run_bpftool({"prog", "load", bpf_path("progs"), fs() / "r3", "map", "name", "nope", "id",
                           std::to_string(counters)});
  EXPECT_NE(name.err.find("unable to find map 'nope'"), std::string::npos) << name.err;
  auto kw = run_bpftool({"prog", "load", bpf_path("progs"), fs() / "r4", "map", "foo", "1", "id", "1"});
  EXPECT_NE(kw.err.find("expected 'idx' or 'name', got: 'foo'?"), std::string::npos) << kw.err;
}

TEST_F(ProgLoad, bad_objects_fail_cleanly) {
  std::string elf;
  {
    std::ifstream in(bpf_path("progs"), std::ios::binary);
    elf.assign(std::istreambuf_iterator<char>(in), {});
  }
  ASSERT_GT(elf.size(), 4000u);
  std::mt19937 rng(42);
  std::string random(4096, '\0');
  for (auto& c : random) c = static_cast<char>(rng());
  const std::vector<std::string> inputs = {
      write_file("text", "this is not an ELF file\n"),
      write_file("trunc", elf.substr(0, 3000)),
      write_file("random", random),
      write_file("magic", std::string("\x7f" "ELF", 4)),
      "/nonexistent/object.o",
  };
  for (const auto& in : inputs) {
    auto r = run_bpftool({"prog", "load", in, fs() / "bad"});
    EXPECT_EQ(r.status, 255) << in;
    EXPECT_NE(r.err.find("Error: failed to open object file"), std::string::npos) << in << ": " << r.err;
    EXPECT_FALSE(exists(fs() / "bad")) << in;
    auto j = run_bpftool({"-j", "prog", "loadall", in, fs() / "badall"});
    rapidjson::Document doc;
    EXPECT_TRUE(parse_json(j.out, doc)) << in;
    EXPECT_TRUE(doc.IsObject() && doc.HasMember("error")) << j.out;
  }
}

TEST_F(ProgLoad, object_without_btf_loads) {
  // Upstream 7.4 crashed on objects built without -g (libbpf/bpftool#145).
  std::string pin = fs() / "nobtf";
  auto r = run_bpftool({"prog", "load", bpf_path("nobtf_nobtf"), pin});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_GT(pinned_prog_id(pin), 0u);
}

TEST_F(ProgLoad, existing_pin_path_is_refused_and_kept) {
  std::string pin = fs() / "taken";
  ASSERT_EQ(run_bpftool({"prog", "load", bpf_path("minimal"), pin}).status, 0);
  uint32_t before = pinned_prog_id(pin);
  auto r = run_bpftool({"prog", "load", bpf_path("progs"), pin});
  EXPECT_EQ(r.status, 255);
  EXPECT_NE(r.err.find("can't pin BPF object: path '" + pin + "' already exists"), std::string::npos) << r.err;
  EXPECT_EQ(pinned_prog_id(pin), before);
}

TEST_F(ProgLoad, failing_loadall_removes_every_pin_it_made) {
  std::string dir = fs() / "half";
  ASSERT_EQ(::mkdir(dir.c_str(), 0700), 0);
  // A pin already where a later program goes: the programs before it get
  // pinned, then that one fails and their pins must go again.
  ASSERT_EQ(run_bpftool({"prog", "load", bpf_path("minimal"), dir + "/tc_classifier"}).status, 0);
  auto r = run_bpftool({"prog", "loadall", bpf_path("progs"), dir});
  EXPECT_EQ(r.status, 255);
  EXPECT_NE(r.err.find("already exists"), std::string::npos) << r.err;
  EXPECT_EQ(entries(dir), std::vector<std::string>{"tc_classifier"});

  // Same when the maps cannot be pinned: the programs' pins go too.
  std::string maps = fs() / "maps_taken";
  ASSERT_EQ(::mkdir(maps.c_str(), 0700), 0);
  ASSERT_EQ(run_bpftool({"prog", "load", bpf_path("minimal"), maps + "/counters"}).status, 0);
  std::string dir2 = fs() / "half2";
  auto r2 = run_bpftool({"prog", "loadall", bpf_path("progs"), dir2, "pinmaps", maps});
  EXPECT_EQ(r2.status, 255);
  EXPECT_FALSE(exists(dir2)) << "the program directory bpftool created must be removed";
  EXPECT_EQ(entries(maps), std::vector<std::string>{"counters"});
}

TEST_F(ProgLoad, verifier_rejection_shows_the_tail_of_its_log) {
  auto r = run_bpftool({"prog", "load", bpf_path("reject"), fs() / "rej"});
  EXPECT_EQ(r.status, 255);
  EXPECT_NE(r.err.find("-- BEGIN PROG LOAD LOG --"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("invalid mem access"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("earlier lines of the verifier log omitted"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Error: failed to load object file"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the verifier rejected a program"), std::string::npos) << r.err;
  EXPECT_FALSE(exists(fs() / "rej"));

  auto d = run_bpftool({"-d", "prog", "load", bpf_path("reject"), fs() / "rej"});
  EXPECT_EQ(d.status, 255);
  EXPECT_EQ(d.err.find("earlier lines of the verifier log omitted"), std::string::npos);
  EXPECT_GT(split_lines(d.err).size(), split_lines(r.err).size());
}

TEST_F(ProgLoad, argument_errors) {
  auto few = run_bpftool({"prog", "load", bpf_path("minimal")});
  EXPECT_EQ(few.status, 255);
  EXPECT_NE(few.err.find("'load' needs at least 2 arguments, 1 found"), std::string::npos) << few.err;
  auto extra = run_bpftool({"prog", "load", bpf_path("minimal"), fs() / "x", "bogus"});
  EXPECT_NE(extra.err.find("expected no more arguments, 'type', 'map', 'offload_dev', 'xdpmeta_dev', 'pinmaps', "
                           "'autoattach', or 'kernel_btf', got: 'bogus'?"),
            std::string::npos)
      << extra.err;
  auto dev = run_bpftool({"prog", "load", bpf_path("minimal"), fs() / "x", "offload_dev", "no_such_dev0"});
  EXPECT_NE(dev.err.find("unrecognized netdevice 'no_such_dev0'"), std::string::npos) << dev.err;
  EXPECT_FALSE(exists(fs() / "x"));
}

}  // namespace
}  // namespace bpftool::test
