// render_prog_plain/json against goldens built from upstream's samples
// (errors.md §5, show.md §2) and its print_prog_plain/json format strings.
#include <gtest/gtest.h>

#include <linux/bpf.h>

#include "commands/prog_render.h"
#include "unit/render_helpers.h"

namespace bpftool::commands {
namespace {

using golden::expect_goldens;
using model::ProgRecord;

std::array<uint8_t, 8> tag(uint64_t v) {
  std::array<uint8_t, 8> t{};
  for (int i = 0; i < 8; i++) t[i] = static_cast<uint8_t>(v >> (56 - 8 * i));
  return t;
}

ProgRecord loaded(uint32_t id, uint32_t type, std::string name, uint64_t t, int64_t loaded_at) {
  ProgRecord r;
  r.id = id;
  r.type = type;
  r.name = std::move(name);
  r.tag = tag(t);
  r.gpl = true;
  r.load_time = 1;  // any non-zero boot time: the renderer prints loaded_at
  r.loaded_at = loaded_at;
  r.uid = 0;
  r.memlock = 4096;
  return r;
}

// The four programs of errors.md §5.1 (Debian host, TZ UTC).
std::vector<ProgRecord> sample_progs() {
  ProgRecord p122 = loaded(122, BPF_PROG_TYPE_SOCKET_FILTER, "a_very_long_program_name_for_testing",
                           0xd4d950593910dd42, 1795574529);
  p122.xlated_len = 144;
  p122.jited_len = 87;
  p122.map_ids = {34};
  p122.btf_id = 46;
  ProgRecord p123 = loaded(123, BPF_PROG_TYPE_SOCKET_FILTER, "short_prog", 0x5791f01f5bed38be, 1795574529);
  p123.xlated_len = 224;
  p123.jited_len = 141;
  p123.map_ids = {34, 35};
  p123.btf_id = 46;
  ProgRecord p136 = loaded(136, BPF_PROG_TYPE_RAW_TRACEPOINT, "rt_prog", 0x59f4a931744dcdc6, 1795574532);
  p136.xlated_len = 16;
  p136.jited_len = 16;
  p136.btf_id = 68;
  ProgRecord p144 = loaded(144, BPF_PROG_TYPE_SOCKET_FILTER, "another_long_pr", 0x59f4a931744dcdc6, 1795574812);
  p144.xlated_len = 16;
  p144.jited_len = 16;
  return {p122, p123, p136, p144};
}

class ProgRender : public golden::RenderTest {};

TEST_F(ProgRender, show_sample) {
  expect_goldens<ProgRecord>("prog/show_sample", sample_progs(), render_prog_plain, render_prog_json);
}

TEST_F(ProgRender, upstream_plain_sample_verbatim) {
  // errors.md §5.1, the first two programs, exactly as bpftool 7.5 printed them.
  auto progs = sample_progs();
  progs.resize(2);
  EXPECT_EQ(golden::plain_of<ProgRecord>(progs, render_prog_plain),
            "122: socket_filter  name a_very_long_program_name_for_testing  tag d4d950593910dd42  gpl\n"
            "\tloaded_at 2026-11-25T02:42:09+0000  uid 0\n"
            "\txlated 144B  jited 87B  memlock 4096B  map_ids 34\n"
            "\tbtf_id 46\n"
            "123: socket_filter  name short_prog  tag 5791f01f5bed38be  gpl\n"
            "\tloaded_at 2026-11-25T02:42:09+0000  uid 0\n"
            "\txlated 224B  jited 141B  memlock 4096B  map_ids 34,35\n"
            "\tbtf_id 46\n");
}

TEST_F(ProgRender, upstream_json_sample_verbatim) {
  // errors.md §5.1: JSON prog object key order (7.5).
  auto progs = sample_progs();
  EXPECT_EQ(golden::json_of<ProgRecord>({progs[1]}, render_prog_json, false),
            R"({"id":123,"type":"socket_filter","name":"short_prog","tag":"5791f01f5bed38be",)"
            R"("gpl_compatible":true,"loaded_at":1795574529,"uid":0,"orphaned":false,"bytes_xlated":224,)"
            R"("jited":true,"bytes_jited":141,"bytes_memlock":4096,"map_ids":[34,35],"btf_id":46})"
            "\n");
}

TEST_F(ProgRender, show_name_two_matches_pretty) {
  // errors.md §5.2: `-p prog show name a_very_long_program_name_for_testing` (2 matches).
  auto progs = sample_progs();
  ProgRecord p129 = progs[0];
  p129.id = 129;
  p129.loaded_at = 1795574530;
  p129.map_ids = {36};
  p129.btf_id = 57;
  expect_goldens<ProgRecord>("prog/show_name_two_matches", {progs[0], p129}, render_prog_plain,
                             render_prog_json);
}

std::vector<ProgRecord> variant_progs() {
  // show.md §2.4's example program, every optional plain field at once.
  ProgRecord v1 = loaded(42, BPF_PROG_TYPE_XDP, "xdp_prog_with_long_name", 0x3b185187f1855c4c, 1714559696);
  v1.run_time_ns = 1234;
  v1.run_cnt = 5;
  v1.xlated_len = 96;
  v1.jited_len = 67;
  v1.map_ids = {7, 8};
  v1.pinned = std::vector<std::string>{"/sys/fs/bpf/foo"};
  v1.btf_id = 12;
  v1.pids = {{1234, "xdp-loader"}, {99, "other"}};
  v1.metadata.emplace_back("version", output::Value::string("1.2"));

  // Unknown type, no name, nothing optional; "pinned": [] because some other
  // program is pinned.
  ProgRecord v2;
  v2.id = 7;
  v2.type = 99;
  v2.pinned = std::vector<std::string>{};

  // Offloaded to a device in our namespace, orphaned, not jited, metadata.
  ProgRecord v3 = loaded(8, BPF_PROG_TYPE_SCHED_CLS, "cls", 0x0102030405060708, 1700000000);
  v3.uid = 1000;
  v3.recursion_misses = 2;
  v3.dev = model::DevInfo{3, 4, 4026531840, std::string("eth0")};
  v3.orphaned = true;
  v3.xlated_len = 64;
  v3.memlock = 8192;
  v3.map_ids = {1};
  v3.pinned = std::vector<std::string>{};
  output::Value cfg = output::Value::object();
  cfg.set("a", output::Value::uint(1));
  cfg.set("b", output::Value::string("x"));
  v3.metadata.emplace_back("cfg", std::move(cfg));
  v3.metadata.emplace_back("answer", output::Value::int_(42));

  // Device in another namespace: numbers instead of a name. Not GPL, no memlock.
  ProgRecord v4;
  v4.id = 9;
  v4.type = BPF_PROG_TYPE_XDP;
  v4.tag = tag(0xffffffffffffffff);
  v4.dev = model::DevInfo{5, 4, 4026532000, std::nullopt};
  v4.xlated_len = 8;
  v4.jited_len = 4;
  v4.pinned = std::vector<std::string>{};
  return {v1, v2, v3, v4};
}

TEST_F(ProgRender, variants) {
  expect_goldens<ProgRecord>("prog/variants", variant_progs(), render_prog_plain, render_prog_json);
}

TEST_F(ProgRender, show_md_example_in_its_own_time_zone) {
  // show.md §2.4 prints loaded_at in +0200; a fixed-offset POSIX zone gives the same.
  golden::set_tz("XST-2");
  auto v = variant_progs();
  EXPECT_EQ(golden::plain_of<ProgRecord>({v[0]}, render_prog_plain),
            "42: xdp  name xdp_prog_with_long_name  tag 3b185187f1855c4c  gpl run_time_ns 1234 run_cnt 5\n"
            "\tloaded_at 2024-05-01T12:34:56+0200  uid 0\n"
            "\txlated 96B  jited 67B  memlock 4096B  map_ids 7,8\n"
            "\tpinned /sys/fs/bpf/foo\n"
            "\tbtf_id 12\n"
            "\tpids xdp-loader(1234), other(99)\n"
            "\tmetadata:\n"
            "\t\tversion = \"1.2\"\n");
  golden::set_tz("UTC");
}

TEST_F(ProgRender, json_loaded_at_does_not_depend_on_time_zone) {
  auto v = variant_progs();
  std::string utc = golden::json_of<ProgRecord>({v[0]}, render_prog_json, false);
  golden::set_tz("XST-2");
  std::string cest = golden::json_of<ProgRecord>({v[0]}, render_prog_json, false);
  golden::set_tz("UTC");
  EXPECT_EQ(utc, cest);
  EXPECT_NE(utc.find(R"("loaded_at":1714559696,"uid":0,)"), std::string::npos);
}

}  // namespace
}  // namespace bpftool::commands
