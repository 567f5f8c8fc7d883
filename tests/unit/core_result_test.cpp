// core/result and core/hex: Error, Result<T>, Status, BT_TRY, hex_string.
#include <gtest/gtest.h>

#include <cerrno>
#include <memory>
#include <string>

#include "core/hex.h"
#include "core/result.h"
#include "core/scope_exit.h"

namespace bpftool {
namespace {

TEST(Error, sys_appends_strerror) {
  Error e = Error::sys(ENOENT, "get by id (999999)");
  EXPECT_EQ(e.errnum(), ENOENT);
  EXPECT_EQ(e.message(), "get by id (999999): No such file or directory");
  EXPECT_FALSE(e.reported());
  EXPECT_EQ(e.exit_status(), 255);
}

TEST(Error, msg_defaults_to_einval) {
  Error e = Error::msg("can't parse tag");
  EXPECT_EQ(e.errnum(), EINVAL);
  EXPECT_EQ(e.message(), "can't parse tag");
  EXPECT_EQ(e.exit_status(), 255);
  EXPECT_EQ(Error::msg(EPERM, "x").errnum(), EPERM);
}

TEST(Error, silent_is_reported_with_its_status) {
  Error e = Error::silent();
  EXPECT_TRUE(e.reported());
  EXPECT_EQ(e.exit_status(), 255);
  EXPECT_TRUE(e.message().empty());
  EXPECT_EQ(Error::silent(1).exit_status(), 1);
}

TEST(Error, prefix_and_modifiers) {
  Error e = Error::msg("No such file or directory");
  e.prefix("bpf obj get (/x)").with_exit_status(254).mark_reported();
  EXPECT_EQ(e.message(), "bpf obj get (/x): No such file or directory");
  EXPECT_EQ(e.exit_status(), 254);
  EXPECT_TRUE(e.reported());
}

TEST(Result, holds_a_value) {
  Result<int> r = 42;
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(static_cast<bool>(r));
  EXPECT_EQ(*r, 42);
  EXPECT_EQ(r.value(), 42);
}

TEST(Result, holds_an_error) {
  Result<std::string> r = Error::msg("bad");
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(static_cast<bool>(r));
  EXPECT_EQ(r.error().message(), "bad");
}

TEST(Result, moves_move_only_values_out) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(7);
  ASSERT_TRUE(r);
  std::unique_ptr<int> p = std::move(r).value();
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, 7);
}

TEST(Result, arrow_reaches_members) {
  Result<std::string> r = std::string("abc");
  EXPECT_EQ(r->size(), 3u);
}

TEST(Status, default_is_ok) {
  Status s;
  EXPECT_TRUE(s.ok());
  Status bad = Error::sys(EPERM, "can't get next program");
  EXPECT_FALSE(bad);
  EXPECT_EQ(bad.error().message(), "can't get next program: Operation not permitted");
  EXPECT_EQ(bad.error().errnum(), EPERM);
}

Status fails_with(int e) { return Error::msg(e, "inner"); }
Status ok_status() { return {}; }

Status chain(bool fail, int* reached) {
  BT_TRY(ok_status());
  *reached = 1;
  BT_TRY(fail ? fails_with(E2BIG) : ok_status());
  *reached = 2;
  return {};
}

TEST(BtTry, propagates_the_first_error_and_stops) {
  int reached = 0;
  Status s = chain(true, &reached);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().errnum(), E2BIG);
  EXPECT_EQ(s.error().message(), "inner");
  EXPECT_EQ(reached, 1);
}

TEST(BtTry, passes_through_on_success) {
  int reached = 0;
  EXPECT_TRUE(chain(false, &reached));
  EXPECT_EQ(reached, 2);
}

TEST(BtTry, works_on_results_with_values) {
  auto f = [](bool fail) -> Result<int> {
    BT_TRY(fail ? Result<int>(Error::msg("x")) : Result<int>(1));
    return 5;
  };
  EXPECT_EQ(*f(false), 5);
  EXPECT_EQ(f(true).error().message(), "x");
}

TEST(HexString, formats_lowercase_without_separators) {
  const uint8_t tag[8] = {0x57, 0x91, 0xf0, 0x1f, 0x5b, 0xed, 0x38, 0xbe};
  EXPECT_EQ(core::hex_string(tag, 8), "5791f01f5bed38be");
  const uint8_t edge[4] = {0x00, 0x0f, 0xf0, 0xff};
  EXPECT_EQ(core::hex_string(edge, 4), "000ff0ff");
  EXPECT_EQ(core::hex_string(edge, 0), "");
}

TEST(HexString, table_covers_every_byte) {
  for (int i = 0; i < 256; i++) {
    char buf[3];
    std::snprintf(buf, sizeof(buf), "%02x", i);
    EXPECT_EQ(std::string(core::kHexByte[i].data(), 2), buf) << i;
  }
}

TEST(ScopeExit, runs_unless_released) {
  int n = 0;
  {
    core::ScopeExit a([&] { n += 1; });
    core::ScopeExit b([&] { n += 10; });
    b.release();
  }
  EXPECT_EQ(n, 1);
}

}  // namespace
}  // namespace bpftool
