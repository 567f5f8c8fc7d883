// Ctx: what every command handler receives: the parsed global options and the
// Output. Command tables and help printing helpers live here too.
#pragma once

#include <bpf/btf.h>

#include <string>
#include <string_view>

#include "cli/arg_cursor.h"
#include "cli/command.h"
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

/// Prints a help text (every "%B" replaced by the binary name) to stderr, or
/// null in JSON mode, as upstream's do_help functions.
Status print_help(Ctx& ctx, std::string_view text);

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

/// The OPTIONS := ... lines shared by every help text.
extern const char kHelpSpecOptions[];
extern const char kHelpSpecProgram[];
extern const char kHelpSpecMap[];
extern const char kHelpSpecLink[];

}  // namespace bpftool::commands
