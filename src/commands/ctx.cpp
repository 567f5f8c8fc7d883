#include "commands/ctx.h"

#include <cstdio>

namespace bpftool::commands {

const char kHelpSpecOptions[] = "OPTIONS := { {-j|--json} [{-p|--pretty}] | {-d|--debug}";
const char kHelpSpecProgram[] = "PROG := { id PROG_ID | pinned FILE | tag PROG_TAG | name PROG_NAME }";
const char kHelpSpecMap[] = "MAP := { id MAP_ID | pinned FILE | name MAP_NAME }";
const char kHelpSpecLink[] = "LINK := { id LINK_ID | pinned FILE }";

Status print_help(Ctx& ctx, std::string_view text) {
  if (ctx.out.json()) {
    ctx.out.jw().null();
    return {};
  }
  std::string s;
  s.reserve(text.size() + 64);
  for (size_t i = 0; i < text.size(); i++) {
    if (text[i] == '%' && i + 1 < text.size() && text[i + 1] == 'B') {
      s += ctx.bin_name;
      i++;
    } else {
      s += text[i];
    }
  }
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
