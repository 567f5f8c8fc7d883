// render_map_plain/json against goldens built from upstream's samples
// (errors.md §5, show.md §3.1) and its show_map_close_plain/json format strings.
#include <gtest/gtest.h>

#include <linux/bpf.h>

#include "commands/map_render.h"
#include "unit/render_helpers.h"

namespace bpftool::commands {
namespace {

using golden::expect_goldens;
using model::MapRecord;

MapRecord map(uint32_t id, uint32_t type, std::string name, uint32_t key, uint32_t value, uint32_t max) {
  MapRecord r;
  r.id = id;
  r.type = type;
  r.name = std::move(name);
  r.key_size = key;
  r.value_size = value;
  r.max_entries = max;
  return r;
}

// errors.md §5.1: the two maps of a.bpf.o.
std::vector<MapRecord> sample_maps() {
  MapRecord m34 = map(34, BPF_MAP_TYPE_ARRAY, "a_very_long_map", 4, 8, 4);
  m34.memlock = 344;
  m34.btf_id = 46;
  MapRecord m35 = map(35, BPF_MAP_TYPE_HASH, "shortmap", 4, 4, 8);
  m35.memlock = 1680;
  m35.btf_id = 46;
  return {m34, m35};
}

class MapRender : public golden::RenderTest {};

TEST_F(MapRender, show_sample) {
  expect_goldens<MapRecord>("map/show_sample", sample_maps(), render_map_plain, render_map_json);
}

TEST_F(MapRender, upstream_samples_verbatim) {
  auto maps = sample_maps();
  EXPECT_EQ(golden::plain_of<MapRecord>(maps, render_map_plain),
            "34: array  name a_very_long_map  flags 0x0\n"
            "\tkey 4B  value 8B  max_entries 4  memlock 344B\n"
            "\tbtf_id 46\n"
            "35: hash  name shortmap  flags 0x0\n"
            "\tkey 4B  value 4B  max_entries 8  memlock 1680B\n"
            "\tbtf_id 46\n");
  EXPECT_EQ(golden::json_of<MapRecord>({maps[1]}, render_map_json, false),
            R"({"id":35,"type":"hash","name":"shortmap","flags":0,"bytes_key":4,"bytes_value":4,)"
            R"("max_entries":8,"bytes_memlock":1680,"frozen":0,"btf_id":46})"
            "\n");
}

TEST_F(MapRender, show_pinned) {
  // errors.md §5.3: `-f -p map show id 35`.
  MapRecord m35 = sample_maps()[1];
  m35.pinned = std::vector<std::string>{"/tmp/bpffsx7Ria3/a1maps/shortmap"};
  expect_goldens<MapRecord>("map/show_pinned", {m35}, render_map_plain, render_map_json);
}

std::vector<MapRecord> variant_maps() {
  // show.md §3.1's example: prog array with owner, pin, BTF, frozen, pids.
  MapRecord m3 = map(3, BPF_MAP_TYPE_PROG_ARRAY, "jmp_table", 4, 4, 8);
  m3.memlock = 4096;
  m3.owner_prog_type = BPF_PROG_TYPE_XDP;
  m3.owner_jited = true;
  m3.pinned = std::vector<std::string>{"/sys/fs/bpf/jmp"};
  m3.btf_id = 5;
  m3.frozen = true;
  m3.pids = {{42, "loader"}};

  // Only owner_jited known, frozen without BTF.
  MapRecord m4 = map(4, BPF_MAP_TYPE_PROG_ARRAY, "tail", 4, 4, 2);
  m4.memlock = 4096;
  m4.owner_jited = false;
  m4.frozen = true;
  m4.pinned = std::vector<std::string>{};

  // Owner type without a name, no map name, no memlock.
  MapRecord m5 = map(5, BPF_MAP_TYPE_PROG_ARRAY, "", 4, 4, 1);
  m5.owner_prog_type = 99;
  m5.pinned = std::vector<std::string>{};

  // Unknown type, flags, offloaded.
  MapRecord m6 = map(6, 99, "x", 0, 0, 0);
  m6.flags = 1024;
  m6.dev = model::DevInfo{7, 4, 4026531840, std::string("eth1")};
  m6.memlock = 0;
  m6.pinned = std::vector<std::string>{};

  // A type newer than Debian's headers.
  MapRecord m7 = map(7, 33 /* arena */, "arena", 0, 0, 100);
  m7.flags = 1024;
  m7.memlock = 413696;
  m7.btf_id = 9;
  m7.pinned = std::vector<std::string>{};
  return {m3, m4, m5, m6, m7};
}

TEST_F(MapRender, variants) {
  expect_goldens<MapRecord>("map/variants", variant_maps(), render_map_plain, render_map_json);
}

TEST_F(MapRender, show_md_example_verbatim) {
  EXPECT_EQ(golden::plain_of<MapRecord>({variant_maps()[0]}, render_map_plain),
            "3: prog_array  name jmp_table  flags 0x0\n"
            "\tkey 4B  value 4B  max_entries 8  memlock 4096B\n"
            "\towner_prog_type xdp  owner jited\n"
            "\tpinned /sys/fs/bpf/jmp\n"
            "\tbtf_id 5  frozen\n"
            "\tpids loader(42)\n");
}

}  // namespace
}  // namespace bpftool::commands
