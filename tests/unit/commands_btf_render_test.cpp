// render_btf_plain/json against goldens built from upstream's samples
// (errors.md §6, COMPAT B.4.1) and its show_btf_plain/json format strings. The
// id lists come from model::BtfUsers, so these also check libbpf hashmap order.
#include <gtest/gtest.h>

#include "commands/btf_render.h"
#include "model/btf_obj.h"
#include "unit/render_helpers.h"

namespace bpftool::commands {
namespace {

using golden::expect_goldens;
using model::BtfRecord;

// errors.md §6: every program and map of the session, in ascending id order.
model::BtfUsers sample_users() {
  model::BtfUsers u;
  for (auto [btf, prog] : std::vector<std::pair<uint32_t, uint32_t>>{
           {46, 122}, {46, 123}, {57, 129}, {57, 130}, {68, 136}, {68, 138}})
    u.progs.append(btf, prog);
  for (auto [btf, map] : std::vector<std::pair<uint32_t, uint32_t>>{{46, 34}, {46, 35}, {57, 36}, {57, 37}})
    u.maps.append(btf, map);
  return u;
}

BtfRecord btf(uint32_t id, uint32_t size, bool kernel, std::optional<std::string> name,
              const model::BtfUsers& users) {
  BtfRecord r;
  r.id = id;
  r.size = size;
  r.kernel = kernel;
  r.name = std::move(name);
  r.prog_ids = users.progs.values(id);
  r.map_ids = users.maps.values(id);
  return r;
}

std::vector<BtfRecord> sample_btfs() {
  auto u = sample_users();
  return {btf(1, 5520272, true, "vmlinux", u), btf(46, 2133, false, "", u), btf(57, 2133, false, "", u),
          btf(68, 571, false, "", u)};
}

class BtfRender : public golden::RenderTest {};

TEST_F(BtfRender, show_sample) {
  expect_goldens<BtfRecord>("btf/show_sample", sample_btfs(), render_btf_plain, render_btf_json);
}

TEST_F(BtfRender, upstream_samples_verbatim) {
  auto b = sample_btfs();
  EXPECT_EQ(golden::plain_of<BtfRecord>(b, render_btf_plain),
            "1: name [vmlinux]  size 5520272B\n"
            "46: name <anon>  size 2133B  prog_ids 122,123  map_ids 34,35\n"
            "57: name <anon>  size 2133B  prog_ids 130,129  map_ids 37,36\n"
            "68: name <anon>  size 571B  prog_ids 138,136\n");
  EXPECT_EQ(golden::json_of<BtfRecord>(b, render_btf_json, false),
            R"([{"id":1,"size":5520272,"prog_ids":[],"map_ids":[],"kernel":true,"name":"vmlinux"},)"
            R"({"id":46,"size":2133,"prog_ids":[122,123],"map_ids":[34,35],"kernel":false},)"
            R"({"id":57,"size":2133,"prog_ids":[130,129],"map_ids":[37,36],"kernel":false},)"
            R"({"id":68,"size":571,"prog_ids":[138,136],"map_ids":[],"kernel":false}])"
            "\n");
}

TEST_F(BtfRender, show_id_68) {
  // errors.md §6: `bpftool -p btf show id 68` (a bare object).
  expect_goldens<BtfRecord>("btf/show_id_68", {sample_btfs()[3]}, render_btf_plain, render_btf_json);
}

TEST_F(BtfRender, variants) {
  model::BtfUsers none;
  BtfRecord module = btf(2, 12345, true, "nf_tables", none);
  BtfRecord named = btf(70, 100, false, "my_obj", none);
  named.prog_ids = {5};
  named.pids = {{10, "bpftool"}};
  BtfRecord kernel_unnamed = btf(71, 8, true, std::nullopt, none);
  BtfRecord maps_only = btf(72, 64, false, "", none);
  maps_only.map_ids = {9, 8};
  expect_goldens<BtfRecord>("btf/variants", {module, named, kernel_unnamed, maps_only}, render_btf_plain,
                            render_btf_json);
}

}  // namespace
}  // namespace bpftool::commands
