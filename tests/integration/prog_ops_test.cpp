// prog run, attach/detach, tracelog and profile against the real kernel.
#include <bpf/bpf.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <fstream>
#include <string>

#include "support/bpf_object.h"
#include "support/json.h"
#include "support/kernel_test.h"
#include "support/run.h"

namespace bpftool::test {
namespace {

class ProgOps : public KernelTest {
 protected:
  void SetUp() override {
    KernelTest::SetUp();
    if (IsSkipped()) return;
    auto obj = LoadedObject::load("ops");
    ASSERT_TRUE(obj) << obj.error().message();
    obj_.emplace(std::move(*obj));
    ASSERT_EQ(bpf_obj_pin(obj_->map_fd("sock_map"), (fs() / "sock_map").c_str()), 0);
  }
  void TearDown() override {
    for (const auto& f : files_) ::unlink(f.c_str());
  }
  std::string id(const char* prog) { return std::to_string(obj_->prog_id(prog)); }
  std::string temp_file(const std::string& bytes) {
    char tmpl[] = "/tmp/bt_run_XXXXXX";
    int fd = ::mkstemp(tmpl);
    EXPECT_GE(fd, 0);
    EXPECT_EQ(::write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
    ::close(fd);
    files_.push_back(tmpl);
    return tmpl;
  }
  std::optional<LoadedObject> obj_;
  std::vector<std::string> files_;
};

std::string packet() {
  std::string p(64, '\0');
  for (size_t i = 0; i < p.size(); i++) p[i] = static_cast<char>('A' + i % 26);
  return p;
}

TEST_F(ProgOps, run_xdp_prints_return_value_and_data) {
  auto prog = LoadedObject::load("progs");
  ASSERT_TRUE(prog) << prog.error().message();
  std::string in = temp_file(packet());
  std::string xdp = std::to_string(prog->prog_id("xdp_pass_with_a_very_long_name"));
  auto r = run_bpftool({"prog", "run", "id", xdp, "data_in", in, "data_out", "-", "repeat", "3"});
  ASSERT_EQ(r.status, 0) << r.err;
  // XDP_PASS is 2; the packet comes back unchanged, dumped like xxd.
  EXPECT_NE(r.out.find("Return value: 2, duration (average): "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0000000\t4142 4344 4546 4748 494a 4b4c 4d4e 4f50 | ABCDEFGH IJKLMNOP\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("0000030\t5758 595a 4142 4344 4546 4748 494a 4b4c | WXYZABCD EFGHIJKL\n"), std::string::npos)
      << r.out;

  auto j = run_bpftool({"-j", "prog", "run", "id", xdp, "data_in", in, "data_out", "-"});
  ASSERT_EQ(j.status, 0) << j.err;
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(j.out, doc));
  EXPECT_EQ(doc["retval"].GetUint(), 2u);
  EXPECT_TRUE(doc["duration"].IsUint());
  ASSERT_TRUE(doc["data_out"].IsArray());
  ASSERT_EQ(doc["data_out"].Size(), 64u);
  EXPECT_EQ(doc["data_out"][0].GetUint(), static_cast<unsigned>('A'));

  auto drop = run_bpftool({"prog", "run", "id", id("ops_xdp_drop"), "data_in", in});
  EXPECT_NE(drop.out.find("Return value: 1, duration: "), std::string::npos) << drop.out;
}

TEST_F(ProgOps, run_writes_output_files_and_reads_stdin) {
  auto prog = LoadedObject::load("progs");
  ASSERT_TRUE(prog) << prog.error().message();
  std::string out = temp_file("");
  std::string xdp = std::to_string(prog->prog_id("xdp_pass_with_a_very_long_name"));
  auto r = run_bpftool({"prog", "run", "id", xdp, "data_in", "-", "data_out", out}, packet());
  ASSERT_EQ(r.status, 0) << r.err;
  auto cat = run_command({"/bin/cat", out});
  EXPECT_EQ(cat.out, packet());
}

TEST_F(ProgOps, run_errors) {
  std::string in = temp_file(packet());
  auto amb = run_bpftool({"prog", "run", "id", id("ops_xdp_drop"), "data", in});
  EXPECT_EQ(amb.status, 255);
  EXPECT_NE(amb.err.find("ambiguous prefix: 'data' could be 'data_in' or 'data_out' or 'data_size_out'"),
            std::string::npos)
      << amb.err;
  auto both = run_bpftool({"prog", "run", "id", id("ops_xdp_drop"), "data_in", "-", "ctx_in", "-"});
  EXPECT_NE(both.err.find("cannot use standard input for both data_in and ctx_in"), std::string::npos) << both.err;
  auto tp = run_bpftool({"prog", "run", "id", id("ops_tracepoint"), "data_in", in});
  EXPECT_EQ(tp.status, 244);  // upstream returns the test run's -ENOTSUPP (524)
  EXPECT_NE(tp.err.find("tracepoint programs do not support test runs"), std::string::npos) << tp.err;
  auto missing = run_bpftool({"prog", "run", "id", id("ops_xdp_drop"), "data_in", "/nonexistent/in"});
  EXPECT_NE(missing.err.find("failed to open /nonexistent/in"), std::string::npos) << missing.err;
  auto small = run_bpftool({"prog", "run", "id", id("ops_xdp_drop"), "data_in", in, "data_size_out", "8"});
  EXPECT_EQ(small.status, 228);  // -ENOSPC
  EXPECT_NE(small.err.find("raise data_size_out"), std::string::npos) << small.err;
  auto j = run_bpftool({"-j", "prog", "run", "id", id("ops_tracepoint"), "data_in", in});
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(j.out, doc));
  EXPECT_TRUE(doc.HasMember("error"));
}

TEST_F(ProgOps, attach_and_detach_sockmap_programs) {
  std::string map = fs() / "sock_map";
  auto a = run_bpftool({"prog", "attach", "id", id("ops_verdict"), "sk_skb_stream_verdict", "pinned", map});
  ASSERT_EQ(a.status, 0) << a.err;
  // The legacy short names still work, by prefix.
  auto p = run_bpftool({"-j", "prog", "attach", "id", id("ops_parser"), "stream_p", "pinned", map});
  ASSERT_EQ(p.status, 0) << p.err;
  EXPECT_EQ(p.out, "null\n");
  auto m = run_bpftool({"prog", "attach", "id", id("ops_msg"), "msg_verdict", "pinned", map});
  ASSERT_EQ(m.status, 0) << m.err;

  EXPECT_EQ(run_bpftool({"prog", "detach", "id", id("ops_verdict"), "sk_skb_stream_verdict", "pinned", map}).status, 0);
  EXPECT_EQ(run_bpftool({"prog", "detach", "id", id("ops_parser"), "stream_parser", "pinned", map}).status, 0);
  EXPECT_EQ(run_bpftool({"prog", "detach", "id", id("ops_msg"), "sk_msg_verdict", "pinned", map}).status, 0);
  auto again = run_bpftool({"prog", "detach", "id", id("ops_msg"), "sk_msg_verdict", "pinned", map});
  EXPECT_EQ(again.status, 234);  // upstream returns -EINVAL for any refusal
  EXPECT_NE(again.err.find("failed prog detach from map: "), std::string::npos) << again.err;

  auto bad = run_bpftool({"prog", "attach", "id", id("ops_msg"), "nonsense", "pinned", map});
  EXPECT_EQ(bad.status, 234);
  EXPECT_NE(bad.err.find("invalid attach/detach type 'nonsense'"), std::string::npos) << bad.err;
  auto nomap = run_bpftool({"prog", "attach", "id", id("ops_msg"), "sk_msg_verdict"});
  EXPECT_NE(nomap.err.find("'sk_msg_verdict' needs at least 2 arguments, 0 found"), std::string::npos) << nomap.err;
}

TEST_F(ProgOps, flow_dissector_attaches_to_a_private_network_namespace) {
  // `unshare -n` gives bpftool a network namespace of its own, gone when it exits.
  if (::access("/usr/bin/unshare", X_OK) != 0) GTEST_SKIP() << "needs unshare (util-linux)";
  auto r = run_command({"/usr/bin/unshare", "-n", BT_BPFTOOL_BIN, "prog", "attach", "id", id("ops_dissector"),
                        "flow_dissector"});
  EXPECT_EQ(r.status, 0) << r.err;
  auto d = run_command({"/usr/bin/unshare", "-n", BT_BPFTOOL_BIN, "prog", "detach", "id", id("ops_dissector"),
                        "flow_dissector"});
  EXPECT_EQ(d.status, 234);  // nothing attached in that fresh namespace: upstream's -EINVAL
  EXPECT_NE(d.err.find("failed prog detach from the network namespace"), std::string::npos) << d.err;
}

bool is_tracefs(const char* dir) {
  struct statfs st;
  return ::statfs(dir, &st) == 0 && static_cast<unsigned long>(st.f_type) == 0x74726163;
}

// Whether `pid` has a handler for SIGINT (the SigCgt mask of /proc/PID/status).
bool catches_sigint(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("SigCgt:", 0) != 0) continue;
    unsigned long long mask = std::stoull(line.substr(7), nullptr, 16);
    return (mask >> (SIGINT - 1)) & 1;
  }
  return false;
}

TEST_F(ProgOps, tracelog_streams_until_interrupted) {
  const bool had_tracefs = is_tracefs("/sys/kernel/tracing");
  // Run bpftool in the background, stop it with SIGINT after a moment.
  int out[2];
  ASSERT_EQ(::pipe(out), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::dup2(out[1], 1);
    ::close(out[0]);
    ::execl(BT_BPFTOOL_BIN, BT_BPFTOOL_BIN, "-j", "prog", "tracelog", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(out[1]);
  // Interrupt only once bpftool catches SIGINT (slow under sanitizers):
  // before that, the default action would kill it, as it would any tool.
  for (int i = 0; i < 200 && !catches_sigint(pid); ++i) ::usleep(50 * 1000);
  ::usleep(200 * 1000);
  ::kill(pid, SIGINT);
  std::string text;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(out[0], buf, sizeof(buf))) > 0) text.append(buf, static_cast<size_t>(n));
  ::close(out[0]);
  int st = 0;
  ::waitpid(pid, &st, 0);
  if (!had_tracefs && is_tracefs("/sys/kernel/tracing")) ::umount("/sys/kernel/tracing");  // we mounted it
  ASSERT_TRUE(WIFEXITED(st)) << "killed by a signal";
  EXPECT_EQ(WEXITSTATUS(st), 0);
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(text, doc));
  EXPECT_TRUE(doc.IsArray());
}

TEST_F(ProgOps, tracelog_stream_arguments) {
  auto bad = run_bpftool({"prog", "tracelog", "nowhere"});
  EXPECT_EQ(bad.status, 255);
  EXPECT_NE(bad.err.find("expected 'stdout' or 'stderr', got: 'nowhere'?"), std::string::npos) << bad.err;
  auto few = run_bpftool({"prog", "tracelog", "stdout", "id"});
  EXPECT_EQ(few.status, 255);
}

TEST_F(ProgOps, profile_reports_why_it_cannot_run_or_counts) {
  auto prog = LoadedObject::load("progs");
  ASSERT_TRUE(prog) << prog.error().message();
  std::string sock = std::to_string(prog->prog_id("sock_filter"));
  auto unknown = run_bpftool({"prog", "profile", "id", sock, "bogus_metric"});
  EXPECT_EQ(unknown.status, 255);
  EXPECT_NE(unknown.err.find("unknown metric bogus_metric"), std::string::npos) << unknown.err;
  auto many = run_bpftool({"prog", "profile", "id", sock, "cycles", "instructions", "l1d", "llc", "itlb"});
  EXPECT_NE(many.err.find("too many (5) metrics"), std::string::npos) << many.err;

  auto r = run_bpftool({"-j", "prog", "profile", "id", sock, "duration", "1", "cycles"});
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(r.out, doc));
  if (r.status != 0) {
    // fentry/fexit are refused under lockdown: the message must say why.
    ASSERT_TRUE(doc.HasMember("error"));
    std::string msg = doc["error"].GetString();
    EXPECT_NE(msg.find("failed to"), std::string::npos) << msg;
    if (msg.find("Operation not permitted") != std::string::npos) {
      EXPECT_NE(msg.find("lockdown"), std::string::npos) << msg;
    }
    GTEST_SKIP() << "the kernel refused the profiler: " << msg;
  }
  ASSERT_TRUE(doc.IsArray());
  ASSERT_EQ(doc.Size(), 1u);
  EXPECT_STREQ(doc[0]["metric"].GetString(), "cycles");
}

}  // namespace
}  // namespace bpftool::test
