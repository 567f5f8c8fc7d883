// The model layer against the real kernel: collectors, selectors, the pinned
// and pids tables, on objects the test creates.
#include <gtest/gtest.h>

#include <algorithm>

#include "model/selector.h"
#include "model/map.h"
#include "model/pinned.h"
#include "model/prog.h"
#include "model/resolve.h"
#include "support/bpf_object.h"
#include "support/kernel.h"
#include "support/kernel_test.h"

namespace bpftool::test {
namespace {

class Model : public KernelTest {};

model::Selector name_spec(const std::string& name) {
  model::Selector s;
  s.by = model::Selector::By::Name;
  s.name = name;
  return s;
}

TEST_F(Model, collect_prog_gathers_the_kernel_facts) {
  auto obj = LoadedObject::load("progs");
  ASSERT_TRUE(obj) << obj.error().message();
  int fd = obj->prog_fd("xdp_pass_with_a_very_long_name");
  std::vector<uint32_t> map_ids;
  auto info = prog_info(fd, &map_ids);

  model::CollectContext cc;
  auto rec = model::collect_prog(typed_dup<sys::ProgFd>(fd), cc);
  ASSERT_TRUE(rec) << rec.error().message();
  EXPECT_EQ(rec->id, info.id);
  EXPECT_EQ(rec->type, static_cast<uint32_t>(BPF_PROG_TYPE_XDP));
  EXPECT_EQ(rec->name, "xdp_pass_with_a_very_long_name");
  EXPECT_TRUE(std::equal(rec->tag.begin(), rec->tag.end(), info.tag));
  EXPECT_TRUE(rec->gpl);
  EXPECT_EQ(rec->map_ids, map_ids);
  EXPECT_EQ(rec->btf_id, info.btf_id);
  EXPECT_EQ(rec->xlated_len, info.xlated_prog_len);
  EXPECT_EQ(rec->jited_len, info.jited_prog_len);
  EXPECT_EQ(rec->load_time, info.load_time);
  ASSERT_TRUE(rec->memlock.has_value());
  EXPECT_EQ(std::to_string(*rec->memlock), fdinfo_field(fd, "memlock"));
  EXPECT_FALSE(rec->pinned.has_value());  // not asked for
  ASSERT_EQ(rec->metadata.size(), 2u);
  EXPECT_EQ(rec->metadata[0].name, "owner");
  EXPECT_EQ(rec->metadata[0].json.as_string(), "bpftool-cpp");
  EXPECT_EQ(rec->metadata[1].name, "level");
  EXPECT_EQ(rec->metadata[1].json.as_int(), 7);
}

TEST_F(Model, collect_map_reads_frozen_and_owner) {
  auto obj = LoadedObject::load("progs");
  ASSERT_TRUE(obj) << obj.error().message();
  model::CollectContext cc;
  auto jmp = model::collect_map(typed_dup<sys::MapFd>(obj->map_fd("jmp_table")), cc);
  ASSERT_TRUE(jmp) << jmp.error().message();
  EXPECT_EQ(jmp->type, static_cast<uint32_t>(BPF_MAP_TYPE_PROG_ARRAY));
  ASSERT_TRUE(jmp->owner_prog_type.has_value());
  EXPECT_EQ(*jmp->owner_prog_type, static_cast<uint32_t>(BPF_PROG_TYPE_SCHED_CLS));
  EXPECT_FALSE(jmp->frozen);
  auto ro = model::collect_map(typed_dup<sys::MapFd>(obj->map_fd(".rodata")), cc);
  ASSERT_TRUE(ro) << ro.error().message();
  EXPECT_TRUE(ro->frozen);
  EXPECT_FALSE(ro->owner_prog_type.has_value());
}

TEST_F(Model, resolve_by_name_finds_full_names_and_reports_no_match) {
  auto obj = LoadedObject::load("progs");
  ASSERT_TRUE(obj) << obj.error().message();
  uint32_t id = obj->prog_id("xdp_pass_with_a_very_long_name");
  model::CollectContext cc;

  auto fds = model::resolve_progs(name_spec("xdp_pass_with_a_very_long_name"), cc);
  ASSERT_TRUE(fds) << fds.error().message();
  std::vector<uint32_t> ids;
  for (const auto& f : *fds) ids.push_back(prog_info(f.get()).id);
  EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end());

  auto none = model::resolve_progs(name_spec(unique_name()), cc);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().errnum(), ENOENT);
  EXPECT_EQ(none.error().message().rfind("no program with name 'bt", 0), 0u) << none.error().message();

  std::string shared = unique_name();
  auto a = UniqueProg::load(shared);
  ASSERT_TRUE(a) << a.error().message();
  auto b = UniqueProg::load(shared);
  ASSERT_TRUE(b) << b.error().message();
  auto two = model::resolve_progs(name_spec(shared), cc);
  ASSERT_TRUE(two) << two.error().message();
  EXPECT_EQ(two->size(), 2u);
  auto one = model::resolve_prog(name_spec(shared), cc);
  ASSERT_FALSE(one);
  EXPECT_EQ(one.error().message(), "several programs match this handle");
}

TEST_F(Model, pinned_table_and_pid_table_see_our_objects) {
  auto prog = UniqueProg::load();
  ASSERT_TRUE(prog) << prog.error().message();
  auto map = TestMap::create(BPF_MAP_TYPE_ARRAY, 4, 4, 1);
  ASSERT_TRUE(map) << map.error().message();
  std::string pp = fs() / "p", mp = fs() / "m";
  ASSERT_EQ(bpf_obj_pin(prog->fd.get(), pp.c_str()), 0);
  ASSERT_EQ(bpf_obj_pin(map->fd.get(), mp.c_str()), 0);

  auto pins = model::PinnedTable::build();
  EXPECT_TRUE(pins.any(sys::ObjKind::Prog));
  EXPECT_EQ(pins.paths(sys::ObjKind::Prog, prog->id), std::vector<std::string>{pp});
  EXPECT_EQ(pins.paths(sys::ObjKind::Map, map->id), std::vector<std::string>{mp});

  auto holder = FdHolder::spawn("bt_model_holdr");
  ASSERT_TRUE(holder) << holder.error().message();
  auto pids = model::PidTable::scan(sys::ObjKind::Prog);
  const auto& refs = pids.refs(sys::ObjKind::Prog, prog->id);
  ASSERT_EQ(refs.size(), 1u);  // the scan skips its own process
  EXPECT_EQ(refs[0].pid, holder->pid());
  EXPECT_EQ(refs[0].comm, "bt_model_holdr");
  // A scan reads the fdinfo of the kind asked for only.
  EXPECT_TRUE(pids.refs(sys::ObjKind::Map, map->id).empty());
  EXPECT_EQ(model::PidTable::scan(sys::ObjKind::Map).refs(sys::ObjKind::Map, map->id).size(), 1u);
}

}  // namespace
}  // namespace bpftool::test
