// "pids": the processes holding an fd of a program, map, link or BTF object.
// A child process inherits the test's fds; bpftool must name it.
#include <gtest/gtest.h>

#include <algorithm>

#include "support/bpf_object.h"
#include "support/inproc.h"
#include "support/json.h"
#include "support/kernel.h"
#include "support/kernel_test.h"

namespace bpftool::test {
namespace {

constexpr char kComm[] = "bt_fd_holder";

class Pids : public KernelTest {};

std::string self_comm() {
  char buf[64] = {};
  FILE* f = std::fopen("/proc/self/comm", "re");
  if (f) {
    if (!std::fgets(buf, sizeof(buf), f)) buf[0] = '\0';
    std::fclose(f);
  }
  std::string s(buf);
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

// The "pids" array of one object shown by `args` (in-process: bpftool skips
// itself, so only the child can appear).
void expect_pids(const std::vector<std::string>& args, pid_t pid) {
  SCOPED_TRACE(::testing::PrintToString(args));
  std::vector<std::string> j = {"-j"};
  j.insert(j.end(), args.begin(), args.end());
  auto r = run_main(j);
  ASSERT_EQ(r.status, 0) << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, doc));
  ASSERT_TRUE(doc.IsObject() && doc.HasMember("pids")) << r.out;
  ASSERT_TRUE(doc["pids"].IsArray());
  ASSERT_EQ(doc["pids"].Size(), 1u) << r.out;
  const auto& p = doc["pids"][0];
  EXPECT_EQ(keys_of(p), (std::vector<std::string>{"pid", "comm"}));
  EXPECT_EQ(p["pid"].GetInt(), pid);
  EXPECT_STREQ(p["comm"].GetString(), kComm);

  auto plain = run_main(args);
  ASSERT_EQ(plain.status, 0) << plain.err;
  auto lines = split_lines(plain.out);
  EXPECT_TRUE(has_line(lines, std::string("\tpids ") + kComm + "(" + std::to_string(pid) + ")")) << plain.out;
}

TEST_F(Pids, child_holding_fds_is_listed_for_each_object_kind) {
  auto prog = UniqueProg::load();
  ASSERT_TRUE(prog) << prog.error().message();
  auto map = TestMap::create(BPF_MAP_TYPE_ARRAY, 4, 4, 1);
  ASSERT_TRUE(map) << map.error().message();
  auto obj = LoadedObject::load("progs");
  ASSERT_TRUE(obj) << obj.error().message();
  auto link = obj->attach("rtp_sys_enter");
  ASSERT_TRUE(link) << link.error().message();
  uint32_t btf = btf_id_of_prog(obj->prog_fd("rtp_sys_enter"));

  auto holder = FdHolder::spawn(kComm);
  ASSERT_TRUE(holder) << holder.error().message();
  ASSERT_EQ(holder->comm(), kComm);

  expect_pids({"prog", "show", "id", std::to_string(prog->id)}, holder->pid());
  expect_pids({"map", "show", "id", std::to_string(map->id)}, holder->pid());
  expect_pids({"link", "show", "id", std::to_string(link_id(*link))}, holder->pid());
  // libbpf keeps the object's BTF fd open while the object is loaded.
  expect_pids({"btf", "show", "id", std::to_string(btf)}, holder->pid());

  // Plain layout: the pids line is the last line of the block.
  auto r = run_main({"prog", "show", "id", std::to_string(prog->id)});
  auto block = plain_block(r.out, prog->id);
  ASSERT_FALSE(block.empty());
  EXPECT_EQ(block.back(), std::string("\tpids ") + kComm + "(" + std::to_string(holder->pid()) + ")");
}

TEST_F(Pids, pids_disappear_when_the_holder_exits) {
  auto prog = UniqueProg::load();
  ASSERT_TRUE(prog) << prog.error().message();
  std::string id = std::to_string(prog->id);
  {
    auto holder = FdHolder::spawn(kComm);
    ASSERT_TRUE(holder) << holder.error().message();
    expect_pids({"prog", "show", "id", id}, holder->pid());
  }
  auto r = run_main({"-j", "prog", "show", "id", id});
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, doc));
  EXPECT_FALSE(doc.HasMember("pids")) << r.out;
}

TEST_F(Pids, the_binary_lists_the_test_process_and_the_child) {
  auto prog = UniqueProg::load();
  ASSERT_TRUE(prog) << prog.error().message();
  auto holder = FdHolder::spawn(kComm);
  ASSERT_TRUE(holder) << holder.error().message();
  auto r = run_bpftool({"-j", "prog", "show", "id", std::to_string(prog->id)});
  ASSERT_EQ(r.status, 0) << r.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, doc));
  ASSERT_TRUE(doc.HasMember("pids")) << r.out;
  std::vector<int> pids;
  for (const auto& p : doc["pids"].GetArray()) pids.push_back(p["pid"].GetInt());
  std::vector<int> want{static_cast<int>(::getpid()), holder->pid()};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(pids, want) << r.out;  // one entry per process, in pid order

  // Plain: "comm(pid), comm(pid)" on one line.
  auto comm_of = [&](int pid) { return pid == holder->pid() ? std::string(kComm) : self_comm(); };
  std::string line = "\tpids " + comm_of(want[0]) + "(" + std::to_string(want[0]) + "), " + comm_of(want[1]) + "(" +
                     std::to_string(want[1]) + ")";
  auto plain = run_bpftool({"prog", "show", "id", std::to_string(prog->id)});
  ASSERT_EQ(plain.status, 0) << plain.err;
  EXPECT_TRUE(has_line(split_lines(plain.out), line)) << plain.out << "\nwanted: " << line;
}

}  // namespace
}  // namespace bpftool::test
