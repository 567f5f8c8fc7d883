// Side-by-side with a reference upstream bpftool (7.5 or later), when one is
// installed: the same objects must give byte-identical plain and compact JSON
// output. Skipped when no reference binary is found (set BT_REFERENCE_BPFTOOL).
#include <gtest/gtest.h>

#include <cstdlib>

#include "support/bpf_object.h"
#include "support/json.h"
#include "support/kernel.h"
#include "support/kernel_test.h"
#include "support/run.h"

namespace bpftool::test {
namespace {

// The reference binary, if one of version >= 7.5 is available; else "".
std::string reference_bpftool(std::string* why) {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("BT_REFERENCE_BPFTOOL")) candidates.emplace_back(env);
  candidates.emplace_back("/opt/bpftool-ref/bpftool");
  candidates.emplace_back("/usr/sbin/bpftool");
  for (const auto& bin : candidates) {
    if (::access(bin.c_str(), X_OK) != 0) continue;
    auto r = run_command({bin, "-j", "version"});
    rapidjson::Document doc;
    doc.Parse(r.out.c_str());
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("version")) continue;
    unsigned major = 0, minor = 0;
    if (std::sscanf(doc["version"].GetString(), "%u.%u", &major, &minor) != 2) continue;
    if (major > 7 || (major == 7 && minor >= 5)) return bin;
    *why += bin + " is v" + doc["version"].GetString() + " (older than 7.5); ";
  }
  *why += "no reference bpftool >= 7.5 found (set BT_REFERENCE_BPFTOOL)";
  return {};
}

class Reference : public KernelTest {
 protected:
  void SetUp() override {
    KernelTest::SetUp();
    if (IsSkipped()) return;
    std::string why;
    ref_ = reference_bpftool(&why);
    if (ref_.empty()) GTEST_SKIP() << why;
  }
  // Both binaries give the same stdout (and, unless told otherwise, status).
  void expect_same(const std::vector<std::string>& args, bool compare_status = true) {
    SCOPED_TRACE(::testing::PrintToString(args));
    std::vector<std::string> argv{ref_};
    argv.insert(argv.end(), args.begin(), args.end());
    auto theirs = run_command(argv);
    auto ours = run_bpftool(args);
    ASSERT_FALSE(ours.out.empty()) << ours.err;
    EXPECT_EQ(ours.out, theirs.out);
    if (compare_status) {
      EXPECT_EQ(ours.status, theirs.status);
    }
  }
  std::string ref_;
};

TEST_F(Reference, prog_map_and_btf_show_match_upstream_byte_for_byte) {
  // Objects alive only through their pins: no process holds them, so neither
  // tool has pids to print.
  auto prog = UniqueProg::load();
  ASSERT_TRUE(prog) << prog.error().message();
  ASSERT_EQ(bpf_obj_pin(prog->fd.get(), (fs() / "uniq").c_str()), 0);
  prog->fd.reset();
  auto map = TestMap::create(BPF_MAP_TYPE_ARRAY, 4, 8, 2);
  ASSERT_TRUE(map) << map.error().message();
  ASSERT_EQ(bpf_map_freeze(map->fd.get()), 0);
  ASSERT_EQ(bpf_obj_pin(map->fd.get(), (fs() / "frozen").c_str()), 0);
  map->fd.reset();

  uint32_t btf = 0;
  {
    auto obj = LoadedObject::load("progs");
    ASSERT_TRUE(obj) << obj.error().message();
    btf = btf_id_of_prog(obj->prog_fd("sock_filter"));
    for (const char* p : {"xdp_pass_with_a_very_long_name", "sock_filter", "tc_classifier"})
      ASSERT_EQ(bpf_obj_pin(obj->prog_fd(p), (fs() / p).c_str()), 0) << p;
    for (const char* m : {"flows", "jmp_table", "events", "fifo", ".rodata"})
      ASSERT_EQ(bpf_obj_pin(obj->map_fd(m), (fs() / (m[0] == '.' ? "rodata" : m)).c_str()), 0) << m;
  }

  for (const char* pin : {"uniq", "xdp_pass_with_a_very_long_name", "sock_filter", "tc_classifier"}) {
    expect_same({"prog", "show", "pinned", fs() / pin});
    expect_same({"-j", "prog", "show", "pinned", fs() / pin});
    expect_same({"-f", "prog", "show", "pinned", fs() / pin});
    expect_same({"-j", "-f", "prog", "show", "pinned", fs() / pin});
  }
  for (const char* pin : {"frozen", "flows", "jmp_table", "events", "fifo", "rodata"}) {
    expect_same({"map", "show", "pinned", fs() / pin});
    expect_same({"-j", "map", "show", "pinned", fs() / pin});
    expect_same({"-f", "map", "show", "pinned", fs() / pin});
    expect_same({"-j", "-f", "map", "show", "pinned", fs() / pin});
  }
  // The prog_ids/map_ids order follows upstream's hash table.
  expect_same({"btf", "show", "id", std::to_string(btf)});
  expect_same({"-j", "btf", "show", "id", std::to_string(btf)});
}

TEST_F(Reference, raw_tracepoint_link_plain_output_matches_upstream) {
  std::string pin = fs() / "link";
  {
    auto obj = LoadedObject::load("progs");
    ASSERT_TRUE(obj) << obj.error().message();
    auto link = obj->attach("rtp_sys_enter");
    ASSERT_TRUE(link) << link.error().message();
    ASSERT_EQ(bpf_obj_pin(*link, pin.c_str()), 0);
  }
  // Upstream 7.5 exits 255 after a successful single-link show (a bug we don't copy).
  expect_same({"link", "show", "pinned", pin}, false);
  expect_same({"-f", "link", "show", "pinned", pin});
}

}  // namespace
}  // namespace bpftool::test
