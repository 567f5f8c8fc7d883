// cli/ArgCursor: walking words with upstream's REQ_ARGS / BAD_ARG / ID wording.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/arg_cursor.h"

namespace bpftool::cli {
namespace {

using Words = std::vector<std::string>;

TEST(ArgCursor, peek_next_and_prev) {
  Words w{"id", "7", "/sys/fs/bpf/x"};
  ArgCursor a(w, "pin");
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a.remaining(), 3u);
  EXPECT_EQ(a.peek(), "id");
  EXPECT_EQ(a.peek(1), "7");
  EXPECT_EQ(a.peek(3), "");
  EXPECT_EQ(a.prev(), "pin");
  EXPECT_EQ(a.next(), "id");
  EXPECT_EQ(a.prev(), "id");
  EXPECT_EQ(a.position(), 1u);
  ASSERT_EQ(a.rest().size(), 2u);
  EXPECT_EQ(a.rest()[0], "7");
  a.next();
  a.next();
  EXPECT_TRUE(a.empty());
  EXPECT_EQ(a.remaining(), 0u);
  EXPECT_EQ(a.peek(), "");
  EXPECT_TRUE(a.rest().empty());
}

TEST(ArgCursor, accept_takes_any_prefix_of_the_keyword) {
  Words w{"p", "pinned", "", "pinnedX"};
  ArgCursor a(w);
  EXPECT_FALSE(a.accept("id"));
  EXPECT_TRUE(a.is("pinned"));
  EXPECT_TRUE(a.accept("pinned"));  // "p"
  EXPECT_TRUE(a.accept("pinned"));  // "pinned"
  EXPECT_TRUE(a.accept("id"));      // "" is a prefix of everything
  EXPECT_FALSE(a.accept("pinned")); // "pinnedX" is longer than the keyword
  EXPECT_EQ(a.peek(), "pinnedX");
}

TEST(ArgCursor, accept_and_is_fail_at_the_end) {
  ArgCursor a(std::span<const std::string>{});
  EXPECT_FALSE(a.is(""));
  EXPECT_FALSE(a.accept("id"));
}

TEST(ArgCursor, require_reports_needed_and_found) {
  Words w{"id", "7"};
  ArgCursor a(w, "pin");
  EXPECT_TRUE(a.require(2));
  Status st = a.require(3);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message(), "'pin' needs at least 3 arguments, 2 found");
  EXPECT_EQ(st.error().errnum(), EINVAL);
}

TEST(ArgCursor, require_names_the_word_before_the_cursor) {
  Words w{"key", "1", "2"};
  ArgCursor a(w, "update");
  a.next();
  Status st = a.require(3);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message(), "'key' needs at least 3 arguments, 2 found");
}

TEST(ArgCursor, require_with_nothing_left) {
  ArgCursor a(std::span<const std::string>{}, "pin");
  Status st = a.require(3);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message(), "'pin' needs at least 3 arguments, 0 found");
}

TEST(ArgCursor, take_returns_the_word) {
  Words w{"/sys/fs/bpf/p"};
  ArgCursor a(w, "id");
  auto r = a.take();
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "/sys/fs/bpf/p");
  EXPECT_TRUE(a.empty());
}

TEST(ArgCursor, take_at_the_end_fails_with_req_args_wording) {
  Words w{"id", "7"};
  ArgCursor a(w, "pin");
  a.next();
  a.next();
  auto r = a.take();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "'7' needs at least 1 arguments, 0 found");
}

TEST(ArgCursor, take_u32_parses_like_strtoul_base_0) {
  Words w{"122", "0x7a", "0172", "4294967295"};
  ArgCursor a(w);
  EXPECT_EQ(*a.take_u32("ID"), 122u);
  EXPECT_EQ(*a.take_u32("ID"), 122u);
  EXPECT_EQ(*a.take_u32("ID"), 122u);
  EXPECT_EQ(*a.take_u32("ID"), 4294967295u);
  EXPECT_TRUE(a.empty());
}

TEST(ArgCursor, take_u32_rejects_trailing_garbage) {
  Words w{"122abc"};
  ArgCursor a(w);
  auto r = a.take_u32("ID");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "can't parse 122abc as ID");
  EXPECT_TRUE(a.empty());  // the word is consumed either way
}

TEST(ArgCursor, take_u32_rejects_bad_octal_and_overflow) {
  Words w{"08", "4294967296", "abc", ""};
  ArgCursor a(w);
  EXPECT_EQ(a.take_u32("ID").error().message(), "can't parse 08 as ID");
  EXPECT_EQ(a.take_u32("ID").error().message(), "can't parse 4294967296 as ID");
  EXPECT_EQ(a.take_u32("entries").error().message(), "can't parse abc as entries");
  EXPECT_EQ(a.take_u32("ID").error().message(), "can't parse  as ID");
}

TEST(ArgCursor, take_u32_at_the_end) {
  Words w{"cpu"};
  ArgCursor a(w);
  a.next();
  auto r = a.take_u32("CPU");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "'cpu' needs at least 1 arguments, 0 found");
}

TEST(ArgCursor, finish_accepts_no_leftovers) {
  Words w{"x"};
  ArgCursor a(w);
  a.next();
  EXPECT_TRUE(a.finish());
  EXPECT_TRUE(ArgCursor(std::span<const std::string>{}).finish());
}

TEST(ArgCursor, finish_names_the_first_leftover_word) {
  Words w{"id", "122", "extra", "more"};
  ArgCursor a(w);
  Status st = a.finish();
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message(), "what is 'id'?");
  a.next();
  a.next();
  EXPECT_EQ(a.finish().error().message(), "what is 'extra'?");
}

TEST(ArgCursorDeathTest, next_past_the_end_is_a_bug) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  ArgCursor a(std::span<const std::string>{});
  EXPECT_DEATH(a.next(), "ArgCursor::next past the end");
}

}  // namespace
}  // namespace bpftool::cli
