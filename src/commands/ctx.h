// Ctx: what every command handler receives: the parsed global options and the
// Output. Command tables and help printing helpers live here too.
#pragma once

#include <bpf/btf.h>

#include <span>
#include <string>
#include <string_view>

#include "cli/arg_cursor.h"
#include "cli/command.h"
#include "cli/grammar.h"
#include "core/result.h"
#include "output/output.h"

namespace bpftool::commands {

struct Options {
  bool json = false;
  bool pretty = false;
  bool debug = false;       // -d: libbpf and verifier logs to stderr
  bool show_pinned = false; // -f
  bool mapcompat = false;   // -m
  bool nomount = false;     // -n
  bool use_loader = false;  // -L
  std::string base_btf_path;           // -B
  const struct btf* base_btf = nullptr;  // parsed -B file (owned by app)
};

struct Ctx {
  output::Output& out;
  const Options& opt;
  /// Name used in help texts (upstream prints "bpftool" whatever argv[0] is).
  std::string_view bin_name = "bpftool";

  /// No keyword matched: one error line, then the usage (plain mode).
  Status unknown_command(const std::string& what, cli::Handler<Ctx> help);
};

using Command = cli::Command<Ctx>;
using Dispatch = cli::Dispatch<Ctx>;
using Handler = cli::Handler<Ctx>;


/// Reports a failure at the current output position (inside an open JSON
/// array, as upstream) and returns it marked as reported.
inline Status report_here(Ctx& ctx, Status st) {
  if (st) return st;
  return ctx.out.fail(std::move(st).error());
}

/// Handlers of each object (one file each).
Status cmd_prog(Ctx& ctx, cli::ArgCursor& args);
Status cmd_map(Ctx& ctx, cli::ArgCursor& args);
Status cmd_link(Ctx& ctx, cli::ArgCursor& args);
Status cmd_btf(Ctx& ctx, cli::ArgCursor& args);
Status cmd_gen(Ctx& ctx, cli::ArgCursor& args);

/// Prints an object's generated help (cli::render_help) as print_help does.
Status print_help(Ctx& ctx, const cli::HelpSpec& spec);

/// The grammar of each object: usage lines, selectors, value lists, options
/// (help text, and later man SYNOPSIS and completion, come from these).
const cli::HelpSpec& prog_help_spec();
const cli::HelpSpec& map_help_spec();
const cli::HelpSpec& link_help_spec();
const cli::HelpSpec& btf_help_spec();
const cli::HelpSpec& gen_help_spec();

/// Definitions shared by several objects' grammars.
inline constexpr cli::Definition kProgSelectorDef{
    "PROG", "{ id PROG_ID | pinned FILE | tag PROG_TAG | name PROG_NAME }", {}, {}};
inline constexpr cli::Definition kMapSelectorDef{"MAP", "{ id MAP_ID | pinned FILE | name MAP_NAME }", {}, {}};
inline constexpr cli::Definition kLinkSelectorDef{"LINK", "{ id LINK_ID | pinned FILE }", {}, {}};

/// The words of OPTIONS := { ... }, one per global option, in upstream's order.
namespace option_words {
inline constexpr std::string_view kJson = "{-j|--json} [{-p|--pretty}]";
inline constexpr std::string_view kDebug = "{-d|--debug}";
inline constexpr std::string_view kBpffs = "{-f|--bpffs}";
inline constexpr std::string_view kMapcompat = "{-m|--mapcompat}";
inline constexpr std::string_view kNomount = "{-n|--nomount}";
inline constexpr std::string_view kUseLoader = "{-L|--use-loader}";
inline constexpr std::string_view kBaseBtf = "{-B|--base-btf}";
inline constexpr std::string_view kVersion = "{-V|--version}";
}  // namespace option_words

}  // namespace bpftool::commands
