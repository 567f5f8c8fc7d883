// sys/: fdinfo parsing and the bpf() wrappers through the swappable syscall
// (attrs built, errno → message), without a kernel.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "sys/bpf.h"
#include "sys/fd.h"
#include "sys/fdinfo.h"

namespace bpftool::sys {
namespace {

TEST(FdInfo, reads_values_by_exact_key) {
  FdInfo fi = FdInfo::parse(
      "pos:\t0\n"
      "flags:\t02000002\n"
      "map_type:\t1\n"
      "key_size:\t4\n"
      "memlock:\t1680\n"
      "map_id:\t35\n"
      "frozen:\t0\n"
      "owner_prog_type:\t6\n");
  EXPECT_EQ(fi.get("memlock"), "1680");
  EXPECT_EQ(fi.get_u64("memlock"), 1680u);
  EXPECT_EQ(fi.get_u64("map_id"), 35u);
  EXPECT_EQ(fi.get_u64("frozen"), 0u);
  EXPECT_EQ(fi.get_u64("owner_prog_type"), 6u);
  EXPECT_EQ(fi.get("type"), std::nullopt);       // not a substring match (upstream's strstr was)
  EXPECT_EQ(fi.get("map"), std::nullopt);
  EXPECT_EQ(fi.get("owner_jited"), std::nullopt);
  EXPECT_EQ(fi.get_u64("flags"), 02000002u);     // leading 0: octal, as strtoul base 0
}

TEST(FdInfo, trims_blanks_and_handles_odd_lines) {
  FdInfo fi = FdInfo::parse("prog_tag:\t  a04f5eef06a7f555 \t\nempty:\nnocolon\nlast:\t7");
  EXPECT_EQ(fi.get("prog_tag"), "a04f5eef06a7f555");
  EXPECT_EQ(fi.get("empty"), "");
  EXPECT_EQ(fi.get_u64("empty"), std::nullopt);
  EXPECT_EQ(fi.get("nocolon"), std::nullopt);
  EXPECT_EQ(fi.get_u64("last"), 7u);  // no newline at the end
  EXPECT_EQ(fi.get_u64("prog_tag"), std::nullopt);
}

TEST(FdInfo, first_matching_line_wins) {
  FdInfo fi = FdInfo::parse("prog_id:\t1\nprog_id:\t2\n");
  EXPECT_EQ(fi.get_u64("prog_id"), 1u);
}

// A scripted fake bpf(): records every call and answers from a queue.
struct Call {
  int cmd;
  union bpf_attr attr;
};
struct Answer {
  long ret;
  int err;
  uint32_t next_id = 0;     // for *_GET_NEXT_ID
  uint32_t info_len = 0;    // for OBJ_GET_INFO_BY_FD (0: leave as is)
};
std::vector<Call> g_calls;
std::vector<Answer> g_answers;

long fake_bpf(int cmd, union bpf_attr* attr, unsigned int size) {
  EXPECT_EQ(size, sizeof(union bpf_attr));
  g_calls.push_back(Call{cmd, *attr});
  if (g_answers.empty()) {
    errno = ENOSYS;
    return -1;
  }
  Answer a = g_answers.front();
  g_answers.erase(g_answers.begin());
  if (a.ret < 0) {
    errno = a.err;
    return -1;
  }
  if (a.next_id) attr->next_id = a.next_id;
  if (a.info_len) attr->info.info_len = a.info_len;
  return a.ret;
}

class FakeBpf : public ::testing::Test {
 protected:
  void SetUp() override {
    g_calls.clear();
    g_answers.clear();
    prev_ = set_bpf_syscall(fake_bpf);
  }
  void TearDown() override { set_bpf_syscall(prev_); }
  BpfSyscallFn prev_ = nullptr;
};

TEST_F(FakeBpf, get_next_id_passes_the_start_id_and_returns_the_next) {
  g_answers.push_back({0, 0, 42});
  auto r = get_next_id(ObjKind::Map, 7);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 42u);
  ASSERT_EQ(g_calls.size(), 1u);
  EXPECT_EQ(g_calls[0].cmd, BPF_MAP_GET_NEXT_ID);
  EXPECT_EQ(g_calls[0].attr.start_id, 7u);
}

TEST_F(FakeBpf, get_next_id_uses_the_command_of_each_kind) {
  for (int i = 0; i < 4; i++) g_answers.push_back({0, 0, 1});
  (void)get_next_id(ObjKind::Prog, 0);
  (void)get_next_id(ObjKind::Map, 0);
  (void)get_next_id(ObjKind::Link, 0);
  (void)get_next_id(ObjKind::Btf, 0);
  ASSERT_EQ(g_calls.size(), 4u);
  EXPECT_EQ(g_calls[0].cmd, BPF_PROG_GET_NEXT_ID);
  EXPECT_EQ(g_calls[1].cmd, BPF_MAP_GET_NEXT_ID);
  EXPECT_EQ(g_calls[2].cmd, BPF_LINK_GET_NEXT_ID);
  EXPECT_EQ(g_calls[3].cmd, BPF_BTF_GET_NEXT_ID);
}

TEST_F(FakeBpf, get_next_id_error_keeps_errno_and_names_the_kind) {
  g_answers.push_back({-1, EPERM});
  auto r = get_next_id(ObjKind::Prog, 0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().errnum(), EPERM);
  EXPECT_EQ(r.error().message(), "can't get next prog: Operation not permitted");
}

TEST_F(FakeBpf, eintr_is_retried) {
  g_answers.push_back({-1, EINTR});
  g_answers.push_back({0, 0, 9});
  auto r = get_next_id(ObjKind::Link, 3);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 9u);
  EXPECT_EQ(g_calls.size(), 2u);
}

TEST_F(FakeBpf, get_fd_by_id_sets_the_id_field_and_open_flags) {
  int pipefd[2];
  ASSERT_EQ(pipe(pipefd), 0);
  ::close(pipefd[1]);
  g_answers.push_back({pipefd[0], 0});
  auto fd = get_fd_by_id(ObjKind::Map, 35, BPF_F_RDONLY);
  ASSERT_TRUE(fd);
  EXPECT_GT(fd->get(), 2);
  ASSERT_EQ(g_calls.size(), 1u);
  EXPECT_EQ(g_calls[0].cmd, BPF_MAP_GET_FD_BY_ID);
  EXPECT_EQ(g_calls[0].attr.map_id, 35u);
  EXPECT_EQ(g_calls[0].attr.open_flags, static_cast<uint32_t>(BPF_F_RDONLY));
}

TEST_F(FakeBpf, get_fd_by_id_error) {
  g_answers.push_back({-1, ENOENT});
  auto fd = get_fd_by_id(ObjKind::Prog, 999999);
  ASSERT_FALSE(fd);
  EXPECT_EQ(fd.error().errnum(), ENOENT);
  EXPECT_EQ(fd.error().message(), "get by id: No such file or directory");
  EXPECT_EQ(g_calls[0].cmd, BPF_PROG_GET_FD_BY_ID);
  EXPECT_EQ(g_calls[0].attr.prog_id, 999999u);
}

TEST_F(FakeBpf, obj_get_info_passes_buffer_and_updates_len) {
  g_answers.push_back({0, 0, 0, 64});
  bpf_link_info info{};
  uint32_t len = sizeof(info);
  ASSERT_TRUE(obj_get_info(17, &info, &len));
  EXPECT_EQ(len, 64u);
  EXPECT_EQ(g_calls[0].cmd, BPF_OBJ_GET_INFO_BY_FD);
  EXPECT_EQ(g_calls[0].attr.info.bpf_fd, 17u);
  EXPECT_EQ(g_calls[0].attr.info.info_len, sizeof(info));
  EXPECT_EQ(g_calls[0].attr.info.info, reinterpret_cast<uintptr_t>(&info));
}

TEST_F(FakeBpf, obj_get_and_pin_messages_name_the_path) {
  g_answers.push_back({-1, ENOENT});
  auto fd = obj_get("/nonexistent");
  ASSERT_FALSE(fd);
  EXPECT_EQ(fd.error().message(), "bpf obj get (/nonexistent): No such file or directory");
  g_answers.push_back({-1, EEXIST});
  const std::string path = "/sys/fs/bpf/x";
  Status st = obj_pin(5, path);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message(), "can't pin the object (/sys/fs/bpf/x): File exists");
  EXPECT_EQ(g_calls[1].cmd, BPF_OBJ_PIN);
  EXPECT_EQ(g_calls[1].attr.bpf_fd, 5u);
  EXPECT_EQ(g_calls[1].attr.pathname, reinterpret_cast<uintptr_t>(path.c_str()));
}

TEST_F(FakeBpf, link_detach) {
  g_answers.push_back({-1, EOPNOTSUPP});
  Status st = link_detach(12);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().errnum(), EOPNOTSUPP);
  EXPECT_EQ(g_calls[0].cmd, BPF_LINK_DETACH);
  EXPECT_EQ(g_calls[0].attr.link_detach.link_fd, 12u);
}

TEST(Fd, moves_stdio_numbers_above_2_and_closes) {
  int pipefd[2];
  ASSERT_EQ(pipe(pipefd), 0);
  int saved0 = ::dup(0);
  ASSERT_GE(saved0, 0);
  ASSERT_EQ(::dup2(pipefd[0], 0), 0);  // pretend the kernel handed us fd 0
  ::close(pipefd[0]);
  int raw;
  {
    Fd fd(0);
    raw = fd.get();
    EXPECT_GT(raw, 2);
    EXPECT_EQ(::fcntl(0, F_GETFD), -1);  // 0 was closed after the move
    EXPECT_NE(::fcntl(raw, F_GETFD), -1);
    ASSERT_EQ(::dup2(saved0, 0), 0);  // restore stdin while fd is still open
  }
  EXPECT_EQ(::fcntl(raw, F_GETFD), -1);  // closed by the destructor
  ::close(saved0);
  ::close(pipefd[1]);
}

TEST(Fd, move_and_release) {
  int pipefd[2];
  ASSERT_EQ(pipe(pipefd), 0);
  Fd a(pipefd[0]);
  Fd b(std::move(a));
  EXPECT_FALSE(a);  // NOLINT(bugprone-use-after-move): moved-from state is part of the contract
  EXPECT_TRUE(b);
  int raw = b.release();
  EXPECT_FALSE(b);
  EXPECT_NE(::fcntl(raw, F_GETFD), -1);
  ::close(raw);
  ::close(pipefd[1]);
}

}  // namespace
}  // namespace bpftool::sys
