// Defects of issue 11, each at its mechanism: failed writes to stdout, a
// batch file that includes itself, a pin of the wrong kind opened with flags
// the kernel refuses for it, and pop on a map type that has none.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "support/bpf_object.h"
#include "support/kernel.h"
#include "support/kernel_test.h"
#include "support/run.h"

namespace bpftool::test {
namespace {

class Hardening : public KernelTest {};

// Runs bpftool through sh so that stdout can be redirected or closed.
RunResult run_redirected(const std::string& args, const std::string& redirect) {
  return run_command({"/bin/sh", "-c", std::string("exec ") + BT_BPFTOOL_BIN + " " + args + " " + redirect});
}

TEST_F(Hardening, a_failed_write_to_stdout_is_an_error) {
  auto map = TestMap::create(BPF_MAP_TYPE_HASH, 4, 4, 4);
  ASSERT_TRUE(map) << map.error().message();
  const std::string id = std::to_string(map->id);
  const std::vector<std::string> cmds = {"map list", "-j map list", "map dump id " + id, "version", "-j version"};
  for (const std::string& args : cmds) {
    SCOPED_TRACE(args);
    auto full = run_redirected(args, "> /dev/full");
    EXPECT_NE(full.status, 0);
    EXPECT_EQ(full.err, "Error: can't write to standard output: No space left on device\n");
    auto closed = run_redirected(args, ">&-");
    EXPECT_NE(closed.status, 0);
    EXPECT_EQ(closed.err, "Error: can't write to standard output: Bad file descriptor\n");
  }
  // A command that prints nothing still succeeds with stdout closed.
  auto quiet = run_redirected("map update id " + id + " key 1 0 0 0 value 2 0 0 0", ">&-");
  EXPECT_EQ(quiet.status, 0) << quiet.err;
}

TEST_F(Hardening, a_batch_file_that_includes_itself_is_refused) {
  auto dir = ScopedPlainDir::create();
  ASSERT_TRUE(dir) << dir.error().message();
  const std::string file = *dir / "self";
  std::ofstream(file) << "version\nbatch file " << file << "\nversion\n";
  auto r = run_bpftool({"batch", "file", file});
  auto v = run_bpftool({"version"});
  EXPECT_EQ(r.status, 255);
  EXPECT_EQ(r.out, v.out);  // the first line ran, nothing after the nested batch
  EXPECT_EQ(r.err, "Error: batch files cannot be nested: 'batch' is not allowed inside a batch file\n");
}

TEST_F(Hardening, a_pin_of_another_kind_is_named) {
  auto obj = LoadedObject::load("progs");
  ASSERT_TRUE(obj) << obj.error().message();
  auto link = obj->attach("rtp_sys_enter");
  ASSERT_TRUE(link) << link.error().message();
  const std::string pin = fs() / "link";
  auto p = run_bpftool({"link", "pin", "id", std::to_string(link_id(*link)), pin});
  ASSERT_EQ(p.status, 0) << p.err;
  for (const std::vector<std::string>& args : {std::vector<std::string>{"map", "show", "pinned", pin},
                                              {"map", "dump", "pinned", pin},
                                              {"map", "lookup", "pinned", pin, "key", "0"},
                                              {"map", "getnext", "pinned", pin}}) {
    SCOPED_TRACE(::testing::PrintToString(args));
    auto r = run_bpftool(args);
    EXPECT_EQ(r.status, 255);
    EXPECT_EQ(r.err, "Error: incorrect object type: link\n");
  }
}

TEST_F(Hardening, pop_on_a_map_type_without_pop_says_so) {
  LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = BPF_F_NO_PREALLOC);
  int fd = bpf_map_create(BPF_MAP_TYPE_LPM_TRIE, unique_name().c_str(), 8, 4, 4, &opts);
  ASSERT_GE(fd, 0) << std::strerror(errno);
  sys::Fd owner(fd);
  const std::string id = std::to_string(map_info(fd).id);
  auto r = run_bpftool({"map", "pop", "id", id, "key", "32", "0", "0", "0", "1", "2", "3", "4"});
  EXPECT_EQ(r.status, 244);  // -ENOTSUPP, as upstream
  EXPECT_EQ(r.err, "Error: pop is not supported for map type lpm_trie: only queue, stack and hash maps can pop\n");
}

}  // namespace
}  // namespace bpftool::test
