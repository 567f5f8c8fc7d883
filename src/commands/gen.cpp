// `bpftool gen ...`: the grammar and dispatch of the code generation commands.
#include "commands/ctx.h"
#include "commands/gen_ops.h"
#include "commands/object_commands.h"

namespace bpftool::commands {

namespace {

constexpr cli::Usage kGenUsage[] = {
    {"object", "object OUTPUT_FILE INPUT_FILE [INPUT_FILE...]"},
    {"skeleton", "skeleton FILE [name OBJECT_NAME] [lang {c|c++}]"},
    {"subskeleton", "subskeleton FILE [name OBJECT_NAME]"},
    {"min_core_btf", "min_core_btf INPUT OUTPUT OBJECT [OBJECT...]"},
    {"help", "help"},
};
constexpr std::string_view kOptions[] = {option_words::kJson, option_words::kDebug, option_words::kUseLoader};
constexpr uint8_t kOptionsPerLine[] = {2};
constexpr cli::Definition kGenDefs[] = {
    {"OPTIONS", {}, kOptions, kOptionsPerLine},
};

}  // namespace

const cli::HelpSpec& gen_help_spec() {
  static const cli::HelpSpec spec{"gen", kGenUsage, kGenDefs};
  return spec;
}

namespace {

constexpr Command kGenCommands[] = {
    {"object", cmd_gen_object},
    {"skeleton", cmd_gen_skeleton},
    {"subskeleton", cmd_gen_subskeleton},
    {"min_core_btf", cmd_gen_min_core_btf},
    {"help", cmd_help<gen_help_spec>},
};

}  // namespace

Status cmd_gen(Ctx& ctx, cli::ArgCursor& args) {
  return cli::dispatch(ctx, args, Dispatch{"gen", kGenCommands, cmd_help<gen_help_spec>});
}

}  // namespace bpftool::commands
