// app::split_batch_line: upstream's batch tokenizer (errors.md §9.5).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/app.h"

namespace bpftool::app {
namespace {

using Words = std::vector<std::string>;

Words split(const std::string& line) {
  auto r = split_batch_line(line, 0);
  EXPECT_TRUE(r) << (r ? "" : r.error().message());
  return r ? *r : Words{"<error>"};
}

std::string split_error(const std::string& line, unsigned cmd_nb) {
  auto r = split_batch_line(line, cmd_nb);
  return r ? "<ok>" : r.error().message();
}

TEST(SplitBatchLine, splits_on_blanks) {
  EXPECT_EQ(split("prog show id 123\n"), (Words{"prog", "show", "id", "123"}));
  EXPECT_EQ(split("map\tshow  id\t \t35"), (Words{"map", "show", "id", "35"}));
}

TEST(SplitBatchLine, ignores_leading_and_trailing_whitespace_including_cr) {
  EXPECT_EQ(split("   prog show  \n"), (Words{"prog", "show"}));
  EXPECT_EQ(split("prog show id 123\r\n"), (Words{"prog", "show", "id", "123"}));
  EXPECT_EQ(split("\r\tversion\r"), (Words{"version"}));
}

TEST(SplitBatchLine, blank_lines_have_no_words) {
  EXPECT_TRUE(split("").empty());
  EXPECT_TRUE(split("\n").empty());
  EXPECT_TRUE(split(" \t\r\n").empty());
}

TEST(SplitBatchLine, double_and_single_quotes_group_words) {
  EXPECT_EQ(split("prog show name \"short prog\""), (Words{"prog", "show", "name", "short prog"}));
  EXPECT_EQ(split("'prog' show id 136"), (Words{"prog", "show", "id", "136"}));
  EXPECT_EQ(split("x \"it's\" 'say \"hi\"'"), (Words{"x", "it's", "say \"hi\""}));
  EXPECT_EQ(split("\"12 3\""), (Words{"12 3"}));
}

TEST(SplitBatchLine, empty_quotes_give_an_empty_word) {
  EXPECT_EQ(split("name ''"), (Words{"name", ""}));
  EXPECT_EQ(split("a \"\" b"), (Words{"a", "", "b"}));
}

TEST(SplitBatchLine, a_closing_quote_ends_the_word) {
  // `'short_prog'""` is two words, short_prog and the empty string.
  EXPECT_EQ(split("name 'short_prog'\"\""), (Words{"name", "short_prog", ""}));
  EXPECT_EQ(split("'ab'cd"), (Words{"ab", "cd"}));
}

TEST(SplitBatchLine, quotes_inside_a_word_are_literal) {
  EXPECT_EQ(split("id 1\"2\"3"), (Words{"id", "1\"2\"3"}));
  EXPECT_EQ(split("id \\\"123\\\""), (Words{"id", "\\\"123\\\""}));
  EXPECT_EQ(split("it's"), (Words{"it's"}));
}

TEST(SplitBatchLine, backslashes_are_not_escapes) {
  EXPECT_EQ(split("12\\ 3"), (Words{"12\\", "3"}));
  EXPECT_EQ(split("'a\\'"), (Words{"a\\"}));
}

TEST(SplitBatchLine, quoted_words_keep_blanks_and_tabs) {
  EXPECT_EQ(split("'\ta b\t'"), (Words{"\ta b\t"}));
}

TEST(SplitBatchLine, unterminated_quote_names_the_command) {
  EXPECT_EQ(split_error("prog show name \"short_prog", 0), "unterminated quoted string in command 0");
  EXPECT_EQ(split_error("'abc", 3), "unterminated quoted string in command 3");
  EXPECT_EQ(split_error("a 'b\" c", 1), "unterminated quoted string in command 1");
}

TEST(SplitBatchLine, accepts_4095_words) {
  std::string line = "version";
  for (int i = 0; i < 4094; i++) line += " w";
  auto r = split_batch_line(line, 0);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->size(), 4095u);
}

TEST(SplitBatchLine, rejects_4096_words) {
  std::string line = "version";
  for (int i = 0; i < 4095; i++) line += " w";
  EXPECT_EQ(split_error(line, 0), "too many arguments to command 0");
  EXPECT_EQ(split_error(line, 7), "too many arguments to command 7");
}

TEST(SplitBatchLine, trailing_blanks_do_not_count_as_words) {
  std::string line = "version";
  for (int i = 0; i < 4094; i++) line += " w";
  line += "      \r\n";
  auto r = split_batch_line(line, 0);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->size(), 4095u);
}

}  // namespace
}  // namespace bpftool::app
