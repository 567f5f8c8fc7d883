// model::for_each_object over a fake bpf() syscall: id order, the vanished-object
// race (ENOENT from GET_FD_BY_ID is skipped), and upstream's error wording.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <vector>

#include "model/iterate.h"
#include "sys/bpf.h"

namespace bpftool::model {
namespace {

// The fake kernel: a sorted id list; some ids vanish or fail when opened.
std::vector<uint32_t> g_ids;
std::map<uint32_t, int> g_open_errno;  // id → errno for GET_FD_BY_ID
int g_next_errno = 0;                  // errno for GET_NEXT_ID (0: behave)
std::vector<uint32_t> g_open_flags;

long fake_bpf(int cmd, union bpf_attr* attr, unsigned int) {
  switch (cmd) {
    case BPF_PROG_GET_NEXT_ID:
    case BPF_MAP_GET_NEXT_ID:
    case BPF_LINK_GET_NEXT_ID:
    case BPF_BTF_GET_NEXT_ID:
      if (g_next_errno) {
        errno = g_next_errno;
        return -1;
      }
      for (uint32_t id : g_ids)
        if (id > attr->start_id) {
          attr->next_id = id;
          return 0;
        }
      errno = ENOENT;
      return -1;
    case BPF_PROG_GET_FD_BY_ID:
    case BPF_MAP_GET_FD_BY_ID:
    case BPF_LINK_GET_FD_BY_ID:
    case BPF_BTF_GET_FD_BY_ID: {
      g_open_flags.push_back(attr->open_flags);
      uint32_t id = attr->prog_id;  // the id fields share one union slot
      if (auto it = g_open_errno.find(id); it != g_open_errno.end()) {
        errno = it->second;
        return -1;
      }
      return ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    }
    default:
      errno = ENOSYS;
      return -1;
  }
}

class ForEachObject : public ::testing::Test {
 protected:
  void SetUp() override {
    g_ids.clear();
    g_open_errno.clear();
    g_next_errno = 0;
    g_open_flags.clear();
    prev_ = sys::set_bpf_syscall(fake_bpf);
  }
  void TearDown() override { sys::set_bpf_syscall(prev_); }
  sys::BpfSyscallFn prev_ = nullptr;
};

TEST_F(ForEachObject, visits_every_id_in_order_with_an_open_fd) {
  g_ids = {3, 5, 9};
  std::vector<uint32_t> seen;
  Status st = for_each_object(sys::ObjKind::Map, BPF_F_RDONLY, [&](uint32_t id, sys::Fd& fd) -> Status {
    EXPECT_TRUE(fd);
    seen.push_back(id);
    return {};
  });
  EXPECT_TRUE(st);
  EXPECT_EQ(seen, (std::vector<uint32_t>{3, 5, 9}));
  EXPECT_EQ(g_open_flags, (std::vector<uint32_t>{BPF_F_RDONLY, BPF_F_RDONLY, BPF_F_RDONLY}));
}

TEST_F(ForEachObject, no_objects_is_success) {
  int calls = 0;
  EXPECT_TRUE(for_each_object(sys::ObjKind::Link, 0, [&](uint32_t, sys::Fd&) -> Status {
    calls++;
    return {};
  }));
  EXPECT_EQ(calls, 0);
}

TEST_F(ForEachObject, skips_objects_that_vanish_before_they_are_opened) {
  g_ids = {3, 5, 9};
  g_open_errno[5] = ENOENT;
  std::vector<uint32_t> seen;
  EXPECT_TRUE(for_each_object(sys::ObjKind::Prog, 0, [&](uint32_t id, sys::Fd&) -> Status {
    seen.push_back(id);
    return {};
  }));
  EXPECT_EQ(seen, (std::vector<uint32_t>{3, 9}));
}

TEST_F(ForEachObject, next_id_failure_uses_upstream_wording) {
  g_next_errno = EINVAL;
  Status st = for_each_object(sys::ObjKind::Prog, 0, [](uint32_t, sys::Fd&) -> Status { return {}; });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().errnum(), EINVAL);
  EXPECT_EQ(st.error().message(), "can't get next program: Invalid argument -- kernel too old?");
  g_next_errno = ENOMEM;
  st = for_each_object(sys::ObjKind::Btf, 0, [](uint32_t, sys::Fd&) -> Status { return {}; });
  EXPECT_EQ(st.error().message(), "can't get next BTF object: Cannot allocate memory");
}

TEST_F(ForEachObject, open_failure_stops_with_the_id) {
  g_ids = {3, 5, 9};
  g_open_errno[5] = EMFILE;
  std::vector<uint32_t> seen;
  Status st = for_each_object(sys::ObjKind::Map, 0, [&](uint32_t id, sys::Fd&) -> Status {
    seen.push_back(id);
    return {};
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().errnum(), EMFILE);
  EXPECT_EQ(st.error().message(), "can't get map by id (5): Too many open files");
  EXPECT_EQ(seen, (std::vector<uint32_t>{3}));
}

TEST_F(ForEachObject, callback_error_stops_the_walk) {
  g_ids = {3, 5, 9};
  std::vector<uint32_t> seen;
  Status st = for_each_object(sys::ObjKind::Link, 0, [&](uint32_t id, sys::Fd&) -> Status {
    seen.push_back(id);
    if (id == 5) return Error::msg("can't get link info: boom");
    return {};
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message(), "can't get link info: boom");
  EXPECT_EQ(seen, (std::vector<uint32_t>{3, 5}));
}

TEST(KindNoun, matches_upstream_messages) {
  EXPECT_STREQ(kind_noun(sys::ObjKind::Prog), "program");
  EXPECT_STREQ(kind_noun(sys::ObjKind::Map), "map");
  EXPECT_STREQ(kind_noun(sys::ObjKind::Link), "link");
  EXPECT_STREQ(kind_noun(sys::ObjKind::Btf), "BTF object");
}

}  // namespace
}  // namespace bpftool::model
