// Command tables and dispatch: upstream's cmd_select (first prefix match in
// table order; no word runs the first entry) over a typed context.
#pragma once

#include <span>
#include <string_view>

#include "cli/arg_cursor.h"
#include "core/result.h"

namespace bpftool::cli {

/// A handler receives the words after its keyword.
template <class Ctx>
using Handler = Status (*)(Ctx&, ArgCursor&);

template <class Ctx>
struct Command {
  std::string_view name;
  Handler<Ctx> fn;
};

/// What dispatch does when no keyword matches: the object's help printer and
/// the object's name (for the error line).
template <class Ctx>
struct Dispatch {
  std::string_view object;  // "prog", "" for the top level
  std::span<const Command<Ctx>> commands;
  Handler<Ctx> help;
};

/// Runs the first command whose name starts with the current word. With no
/// word, runs the first entry. An unknown word reports "unknown command" and
/// prints the usage (upstream prints only the usage).
template <class Ctx>
Status dispatch(Ctx& ctx, ArgCursor& args, const Dispatch<Ctx>& d) {
  if (args.empty()) return d.commands.front().fn(ctx, args);
  std::string_view word = args.peek();
  for (const auto& c : d.commands) {
    if (args.accept(c.name)) {
      ArgCursor sub(args.rest(), word);  // argv[-1] is the word as typed ("pi", not "pin")
      return c.fn(ctx, sub);
    }
  }
  std::string what = d.object.empty() ? std::string(word) : std::string(d.object) + " " + std::string(word);
  return ctx.unknown_command(what, d.help);
}

}  // namespace bpftool::cli
