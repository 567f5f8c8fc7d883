// Objects that appear and vanish while bpftool lists them: every listing must
// still succeed and be one valid JSON document (ENOENT while walking ids means
// "gone", never an error).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "model/iterate.h"
#include "support/inproc.h"
#include "support/json.h"
#include "support/kernel.h"
#include "support/kernel_test.h"

namespace bpftool::test {
namespace {

class ListingRace : public KernelTest {};

// Loads and drops programs and maps until stopped (joined at scope end).
class Churn {
 public:
  Churn()
      : thread_([this] {
          while (!stop_.load()) {
            auto p = UniqueProg::load();
            auto m = TestMap::create(BPF_MAP_TYPE_ARRAY, 4, 4, 1);
            if (p && m) rounds_.fetch_add(1);
            else failures_.fetch_add(1);
            // Freed objects linger until an RCU grace period: pace the churn so
            // the listings stay short.
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
          }
        }) {}
  ~Churn() {
    stop_.store(true);
    thread_.join();
  }
  unsigned rounds() const { return rounds_.load(); }
  unsigned failures() const { return failures_.load(); }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<unsigned> rounds_{0}, failures_{0};
  std::thread thread_;
};

TEST_F(ListingRace, listings_stay_valid_while_objects_come_and_go) {
  auto mine = UniqueProg::load();  // always listed
  ASSERT_TRUE(mine) << mine.error().message();
  Churn churn;
  while (churn.rounds() + churn.failures() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  for (int i = 0; i < 10; i++) {
    for (auto args : std::vector<std::vector<std::string>>{
             {"-j", "prog", "show"}, {"-j", "map", "show"}, {"-j", "btf", "show"}, {"-j", "-f", "prog", "show"}}) {
      auto r = run_main(args);
      ASSERT_EQ(r.status, 0) << ::testing::PrintToString(args) << ": " << r.out << r.err;
      ASSERT_EQ(r.err, "");
      rapidjson::Document doc;
      ASSERT_TRUE(parse_json(r.out, doc));
      ASSERT_TRUE(doc.IsArray());
      for (const JsonValue* e : elements(doc)) ASSERT_FALSE(e->HasMember("error")) << to_string(*e);
      if (args[1] == "prog" || args[2] == "prog") {
        ASSERT_NE(find_id(doc, mine->id), nullptr);
      }
    }
    auto plain = run_main({"prog", "show"});
    ASSERT_EQ(plain.status, 0) << plain.err;
    ASSERT_FALSE(plain_block(plain.out, mine->id).empty());
  }
  // The library's walk itself: every id visited once, ascending.
  uint32_t last = 0;
  bool seen_mine = false;
  auto st = model::for_each_object(sys::ObjKind::Prog, 0, [&](uint32_t id, sys::Fd& fd) -> Status {
    EXPECT_GT(id, last);
    EXPECT_TRUE(fd);
    last = id;
    seen_mine |= id == mine->id;
    return {};
  });
  EXPECT_TRUE(st) << st.error().message();
  EXPECT_TRUE(seen_mine);
  EXPECT_EQ(churn.failures(), 0u);
}

}  // namespace
}  // namespace bpftool::test
