// cli::dispatch over a fake context: upstream's cmd_select (first prefix match
// in table order, no word runs the first entry, unknown word → unknown_command).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/command.h"

namespace bpftool::cli {
namespace {

struct FakeCtx {
  std::vector<std::string> calls;     // "<handler>:<prev>:<rest words joined by ,>"
  std::string unknown_what;
  Handler<FakeCtx> unknown_help = nullptr;
  int unknown_calls = 0;

  Status unknown_command(const std::string& what, Handler<FakeCtx> help) {
    unknown_what = what;
    unknown_help = help;
    unknown_calls++;
    return Error::silent();
  }
};

std::string describe(const char* handler, ArgCursor& a) {
  std::string s = std::string(handler) + ":" + std::string(a.prev()) + ":";
  for (size_t i = 0; i < a.rest().size(); i++) s += (i ? "," : "") + a.rest()[i];
  return s;
}

#define FAKE_HANDLER(fn)                              \
  Status fn(FakeCtx& ctx, ArgCursor& a) {             \
    ctx.calls.push_back(describe(#fn, a));            \
    return {};                                        \
  }
FAKE_HANDLER(show)
FAKE_HANDLER(help)
FAKE_HANDLER(dump)
FAKE_HANDLER(pin)
FAKE_HANDLER(load)
FAKE_HANDLER(loadall)
FAKE_HANDLER(detach)
FAKE_HANDLER(peek)
FAKE_HANDLER(pop)
#undef FAKE_HANDLER

Status failing(FakeCtx&, ArgCursor&) { return Error::msg(E2BIG, "handler failed"); }

// Shaped like upstream's prog table: show, list, help, dump, pin, load, loadall, ..., detach.
constexpr Command<FakeCtx> kProg[] = {
    {"show", show}, {"list", show},       {"help", help},       {"dump", dump},
    {"pin", pin},   {"load", load},       {"loadall", loadall}, {"detach", detach},
    {"fail", failing},
};

// Shaped like upstream's map table (subset): ..., pin, ..., peek, ..., pop.
constexpr Command<FakeCtx> kMap[] = {
    {"show", show}, {"list", show}, {"help", help}, {"pin", pin}, {"peek", peek}, {"pop", pop},
};

Status run(FakeCtx& ctx, const std::vector<std::string>& words, std::span<const Command<FakeCtx>> table,
           std::string_view object = "prog") {
  ArgCursor a(words, object);
  return dispatch(ctx, a, Dispatch<FakeCtx>{object, table, help});
}

std::string last_call(const FakeCtx& c) { return c.calls.empty() ? "<none>" : c.calls.back(); }

TEST(Dispatch, no_words_runs_the_first_entry) {
  FakeCtx c;
  EXPECT_TRUE(run(c, {}, kProg));
  EXPECT_EQ(last_call(c), "show:prog:");
}

TEST(Dispatch, empty_word_matches_the_first_entry) {
  FakeCtx c;
  EXPECT_TRUE(run(c, {"", "id", "1"}, kProg));
  EXPECT_EQ(last_call(c), "show::id,1");
}

TEST(Dispatch, exact_word_runs_that_entry_with_the_words_after_it) {
  FakeCtx c;
  EXPECT_TRUE(run(c, {"pin", "id", "7", "/sys/fs/bpf/x"}, kProg));
  EXPECT_EQ(last_call(c), "pin:pin:id,7,/sys/fs/bpf/x");
}

TEST(Dispatch, first_prefix_match_in_table_order_wins) {
  FakeCtx c;
  ASSERT_TRUE(run(c, {"d"}, kProg));
  EXPECT_EQ(last_call(c), "dump:d:");  // not detach
  ASSERT_TRUE(run(c, {"l"}, kProg));
  EXPECT_EQ(last_call(c), "show:l:");  // list comes before load
  ASSERT_TRUE(run(c, {"lo"}, kProg));
  EXPECT_EQ(last_call(c), "load:lo:");  // load comes before loadall
  ASSERT_TRUE(run(c, {"loada"}, kProg));
  EXPECT_EQ(last_call(c), "loadall:loada:");
  ASSERT_TRUE(run(c, {"p"}, kProg));
  EXPECT_EQ(last_call(c), "pin:p:");
  ASSERT_TRUE(run(c, {"de", "x"}, kProg));
  EXPECT_EQ(last_call(c), "detach:de:x");
}

TEST(Dispatch, map_table_prefixes) {
  FakeCtx c;
  ASSERT_TRUE(run(c, {"p"}, kMap, "map"));
  EXPECT_EQ(last_call(c), "pin:p:");
  ASSERT_TRUE(run(c, {"pe"}, kMap, "map"));
  EXPECT_EQ(last_call(c), "peek:pe:");
  ASSERT_TRUE(run(c, {"po"}, kMap, "map"));
  EXPECT_EQ(last_call(c), "pop:po:");
  ASSERT_TRUE(run(c, {"s"}, kMap, "map"));
  EXPECT_EQ(last_call(c), "show:s:");
}

TEST(Dispatch, unknown_word_calls_unknown_command_with_object_and_help) {
  FakeCtx c;
  Status st = run(c, {"foo", "bar"}, kProg);
  ASSERT_FALSE(st);
  EXPECT_TRUE(st.error().reported());
  EXPECT_EQ(c.unknown_calls, 1);
  EXPECT_EQ(c.unknown_what, "prog foo");
  EXPECT_EQ(c.unknown_help, &help);
  EXPECT_TRUE(c.calls.empty());
}

TEST(Dispatch, matching_is_case_sensitive_and_needs_a_prefix) {
  FakeCtx c;
  EXPECT_FALSE(run(c, {"SHOW"}, kProg));
  EXPECT_EQ(c.unknown_what, "prog SHOW");
  EXPECT_FALSE(run(c, {"shows"}, kProg));
  EXPECT_EQ(c.unknown_what, "prog shows");
  EXPECT_EQ(c.unknown_calls, 2);
  EXPECT_TRUE(c.calls.empty());
}

TEST(Dispatch, top_level_unknown_word_has_no_object_prefix) {
  FakeCtx c;
  EXPECT_FALSE(run(c, {"frob"}, kProg, ""));
  EXPECT_EQ(c.unknown_what, "frob");
}

TEST(Dispatch, handler_status_is_returned) {
  FakeCtx c;
  Status st = run(c, {"fail"}, kProg);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().errnum(), E2BIG);
  EXPECT_EQ(st.error().message(), "handler failed");
  EXPECT_EQ(c.unknown_calls, 0);
}

TEST(Dispatch, handler_cursor_names_the_command_word_as_typed) {
  // Upstream's REQ_ARGS prints argv[-1]: the word the user typed.
  static std::string message;
  constexpr Command<FakeCtx> table[] = {
      {"pin", [](FakeCtx&, ArgCursor& a) -> Status {
         Status s = a.require(3);
         message = s ? "" : s.error().message();
         return s;
       }},
  };
  FakeCtx c;
  EXPECT_FALSE(run(c, {"pin", "id", "7"}, table));
  EXPECT_EQ(message, "'pin' needs at least 3 arguments, 2 found");
  EXPECT_FALSE(run(c, {"pi", "id"}, table));
  EXPECT_EQ(message, "'pi' needs at least 3 arguments, 1 found");
}

}  // namespace
}  // namespace bpftool::cli
