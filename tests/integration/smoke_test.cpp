// Smoke test of the test support itself: a private bpffs and a loaded object.
#include <gtest/gtest.h>

#include "support/bpf_object.h"
#include "support/run.h"
#include "support/scoped_bpffs.h"

namespace bpftool::test {
namespace {

TEST(Support, loads_objects_and_mounts_bpffs) {
  if (auto why = kernel_unavailable_reason(); !why.empty()) GTEST_SKIP() << why;
  auto fs = ScopedBpffs::create();
  ASSERT_TRUE(fs) << fs.error().message();
  auto obj = LoadedObject::load("progs");
  ASSERT_TRUE(obj) << obj.error().message();
  EXPECT_GT(obj->prog_id("sock_filter"), 0u);
  auto r = run_bpftool({"-j", "prog", "show", "id", std::to_string(obj->prog_id("sock_filter"))});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\"name\":\"sock_filter\""), std::string::npos) << r.out;
}

}  // namespace
}  // namespace bpftool::test
