// `map event_pipe` on a ring buffer and a perf event array: records emitted by
// maps.bpf.o's `emit` program (run with BPF_PROG_TEST_RUN) come out as hex or
// JSON, and SIGINT ends the command with a complete JSON document.
#include <gtest/gtest.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "support/bpf_object.h"
#include "support/json.h"
#include "support/kernel_test.h"
#include "support/run.h"

namespace bpftool::test {
namespace {

class MapEventPipe : public KernelTest {};

// The built binary running in the background, its stdout read as it comes.
class Background {
 public:
  explicit Background(const std::vector<std::string>& args) {
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      int devnull = ::open("/dev/null", O_WRONLY);
      if (devnull >= 0) ::dup2(devnull, 2);
      std::vector<char*> argv{const_cast<char*>(BT_BPFTOOL_BIN)};
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    fd_ = out[0];
  }
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;
  ~Background() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      (void)wait_exit();
    }
    if (fd_ >= 0) ::close(fd_);
  }
  /// Reads what is available within `ms`.
  void read_for(int ms) {
    auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (fd_ >= 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now()).count();
      if (left <= 0) return;
      struct pollfd p = {fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
      char buf[4096];
      ssize_t n = ::read(fd_, buf, sizeof(buf));
      if (n <= 0) {
        ::close(fd_);
        fd_ = -1;
        return;
      }
      out_.append(buf, static_cast<size_t>(n));
    }
  }
  /// SIGINT, then everything until the process exits; returns its status.
  int interrupt() {
    ::kill(pid_, SIGINT);
    while (fd_ >= 0) read_for(1000);
    return wait_exit();
  }
  const std::string& out() const { return out_; }

 private:
  int wait_exit() {
    int st = 0;
    while (::waitpid(pid_, &st, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  }
  pid_t pid_ = -1;
  int fd_ = -1;
  std::string out_;
};

// Runs `emit` once: one record {0xfeedbeef, seq} to the ring buffer and the
// perf event array.
void emit(const LoadedObject& obj) {
  char pkt[64] = {};
  LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = sizeof(pkt));
  ASSERT_EQ(bpf_prog_test_run_opts(obj.prog_fd("emit"), &opts), 0);
}

TEST_F(MapEventPipe, ring_buffer_records_as_hex) {
  auto obj = LoadedObject::load("maps");
  ASSERT_TRUE(obj) << obj.error().message();
  for (int i = 0; i < 3; i++) emit(*obj);  // kept in the ring until read
  Background bg({"map", "event_pipe", "id", std::to_string(obj->map_id("ring"))});
  for (int i = 0; i < 50 && bg.out().find("record 2 ") == std::string::npos; i++) bg.read_for(100);
  EXPECT_EQ(bg.interrupt(), 0);
  EXPECT_EQ(bg.out(),
            "== record 0 size 8 =====\nef be ed fe 00 00 00 00\n"
            "== record 1 size 8 =====\nef be ed fe 01 00 00 00\n"
            "== record 2 size 8 =====\nef be ed fe 02 00 00 00\n");
}

TEST_F(MapEventPipe, ring_buffer_records_as_json_until_sigint) {
  auto obj = LoadedObject::load("maps");
  ASSERT_TRUE(obj) << obj.error().message();
  Background bg({"-j", "map", "event_pipe", "id", std::to_string(obj->map_id("ring"))});
  bg.read_for(200);
  emit(*obj);
  emit(*obj);
  for (int i = 0; i < 50 && bg.out().find("\"seq\":1") == std::string::npos; i++) bg.read_for(100);
  EXPECT_EQ(bg.interrupt(), 0);
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(bg.out(), doc));
  ASSERT_TRUE(doc.IsArray());
  ASSERT_EQ(doc.Size(), 2u);
  EXPECT_EQ(to_string(doc[0]), R"({"seq":0,"size":8,"data":[239,190,237,254,0,0,0,0]})");
  EXPECT_EQ(to_string(doc[1]), R"({"seq":1,"size":8,"data":[239,190,237,254,1,0,0,0]})");
}

TEST_F(MapEventPipe, perf_event_array_samples_as_upstream) {
  auto obj = LoadedObject::load("maps");
  ASSERT_TRUE(obj) << obj.error().message();
  Background bg({"-j", "map", "event_pipe", "id", std::to_string(obj->map_id("perf"))});
  // Samples only arrive once the perf rings are installed: emit until one shows.
  for (int i = 0; i < 50 && bg.out().find("timestamp") == std::string::npos; i++) {
    emit(*obj);
    bg.read_for(100);
  }
  EXPECT_EQ(bg.interrupt(), 0);
  rapidjson::Document doc;
  ASSERT_TRUE(parse_json(bg.out(), doc));
  ASSERT_TRUE(doc.IsArray());
  ASSERT_GE(doc.Size(), 1u);
  const auto& s = doc[doc.Size() - 1];
  EXPECT_EQ(keys_of(s), (std::vector<std::string>{"type", "cpu", "index", "timestamp", "data"}));
  EXPECT_EQ(s["type"].GetUint(), 9u);  // PERF_RECORD_SAMPLE
  EXPECT_EQ(s["cpu"].GetUint(), s["index"].GetUint());
  // The raw sample: our 8 bytes, padded by the kernel to keep 8-byte alignment.
  ASSERT_EQ(s["data"].Size(), 12u);
  EXPECT_EQ(s["data"][0].GetUint(), 239u);
  EXPECT_EQ(s["data"][3].GetUint(), 254u);
}

TEST_F(MapEventPipe, other_map_types_and_bad_arguments_are_refused) {
  auto obj = LoadedObject::load("maps");
  ASSERT_TRUE(obj) << obj.error().message();
  const std::string ring = std::to_string(obj->map_id("ring"));
  const std::string hash = std::to_string(obj->map_id("hash_u64"));
  const std::string perf = std::to_string(obj->map_id("perf"));
  struct Case {
    std::vector<std::string> args;
    std::string err;
  } cases[] = {
      {{"map", "event_pipe", "id", hash}, "Error: map is not a perf event array or a ring buffer\n"},
      {{"map", "event_pipe", "id", ring, "cpu", "0", "index", "0"},
       "Error: cpu and index apply to perf event arrays only: a ring buffer is shared by all CPUs\n"},
      {{"map", "event_pipe", "id", perf, "cpu"}, "Error: what is 'cpu'?\n"},
      {{"map", "event_pipe", "id", perf, "cpu", "0"}, "Error: cpu and index must be specified together\n"},
      {{"map", "event_pipe", "id", perf, "cpu", "0", "foo", "1"}, "Error: what is 'foo'?\n"},
      {{"map", "event_pipe", "id", perf, "index", "1"}, "Error: cpu and index must be specified together\n"},
      {{"map", "event_pipe", "id", perf, "cpu", "x", "index", "0"}, "Error: can't parse x as CPU ID\n"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(::testing::PrintToString(c.args));
    auto r = run_bpftool(c.args);
    EXPECT_EQ(r.status, 255);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, c.err);
  }
}

}  // namespace
}  // namespace bpftool::test
