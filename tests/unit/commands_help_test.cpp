// The help texts generated from each object's grammar table are upstream's
// (tests/golden/help/), and every value list in them is a word the parser
// takes.
#include <gtest/gtest.h>

#include <string>

#include "cli/grammar.h"
#include "commands/ctx.h"
#include "commands/map_data.h"
#include "commands/map_ops.h"
#include "commands/prog_ops.h"
#include "model/names.h"
#include "model/prog_types.h"
#include "unit/golden.h"

namespace bpftool::commands {
namespace {

void expect_golden(const cli::HelpSpec& spec, const std::string& file) {
  EXPECT_TRUE(golden::matches("help/" + file, cli::render_help(spec, "bpftool")));
}

TEST(Help, prog_help_is_upstreams_text) { expect_golden(prog_help_spec(), "prog.txt"); }
TEST(Help, map_help_is_upstreams_text) { expect_golden(map_help_spec(), "map.txt"); }
TEST(Help, link_help_is_upstreams_text) { expect_golden(link_help_spec(), "link.txt"); }
TEST(Help, btf_help_is_upstreams_text) { expect_golden(btf_help_spec(), "btf.txt"); }
TEST(Help, gen_help_is_upstreams_text_plus_lang) { expect_golden(gen_help_spec(), "gen.txt"); }

TEST(Help, every_prog_load_type_word_is_a_type_the_parser_takes) {
  for (std::string_view w : model::prog_load_type_words()) {
    const std::string s(w);
    EXPECT_TRUE(model::prog_type_by_section(s) || model::prog_type_by_section(s + "/")) << w;
  }
}

TEST(Help, every_map_type_word_is_a_type_map_create_takes_and_none_is_missing) {
  size_t listed = 0;
  for (std::string_view w : map_create_type_words()) {
    EXPECT_TRUE(model::map_type_by_name(w)) << w;
    listed++;
  }
  // Every named map type but "unspec" and the deprecated cgroup storage is listed.
  size_t named = 0;
  for (std::string_view n : model::map_type_names())
    if (!n.empty() && n != "unspec" && n != "cgroup_storage_deprecated") named++;
  EXPECT_EQ(listed, named);
}

TEST(Help, every_attach_type_word_is_a_libbpf_attach_type_name) {
  for (std::string_view w : prog_attach_type_words()) EXPECT_TRUE(model::attach_type_by_name(w)) << w;
}

TEST(Help, update_flag_words_are_the_three_kernel_flags) {
  ASSERT_EQ(update_flag_words().size(), 3u);
  EXPECT_EQ(update_flag_words()[0], "any");
}

TEST(Grammar, a_word_list_wraps_where_per_line_says_and_aligns_after_the_brace) {
  constexpr std::string_view words[] = {"a", "bb", "c", "d"};
  constexpr uint8_t per_line[] = {2, 1};
  const cli::Definition d{"X", {}, words, per_line};
  EXPECT_EQ(cli::render_definition(d), "       X := { a | bb |\n              c |\n              d }\n");
}

}  // namespace
}  // namespace bpftool::commands
