#include "commands/ctx.h"

#include <cstdio>

namespace bpftool::commands {


Status print_help(Ctx& ctx, const cli::HelpSpec& spec) {
  if (ctx.out.json()) {
    ctx.out.jw().null();
    return {};
  }
  const std::string s = cli::render_help(spec, ctx.bin_name);
  ctx.out.flush();
  std::fwrite(s.data(), 1, s.size(), stderr);
  return {};
}

Status Ctx::unknown_command(const std::string& what, cli::Handler<Ctx> help) {
  Error e = Error::msg("unknown command '" + what + "'");
  out.error(e);
  if (!out.json()) {
    cli::ArgCursor none({});
    (void)help(*this, none);
  }
  return e.mark_reported();
}

}  // namespace bpftool::commands
