// The top level: global options, the object table, batch mode, version, help
// and the mapping of a command's Status to an exit code.
#pragma once

#include <string>
#include <vector>

#include "commands/ctx.h"

namespace bpftool::app {

/// Runs one command line (the words after the global options).
Status run_command(commands::Ctx& ctx, const std::vector<std::string>& words);

/// `bpftool batch file FILE|-`.
Status cmd_batch(commands::Ctx& ctx, cli::ArgCursor& args);
/// `bpftool version`.
Status cmd_version(commands::Ctx& ctx, cli::ArgCursor& args);
/// `bpftool help`.
Status cmd_help(commands::Ctx& ctx, cli::ArgCursor& args);

/// Splits one batch line into words with upstream's rules: blanks separate,
/// a word starting with ' or " runs to the next same quote (no escapes).
/// `cmd_nb` numbers messages ("unterminated quoted string in command N").
Result<std::vector<std::string>> split_batch_line(const std::string& line, unsigned cmd_nb);

/// The whole program: returns the exit status.
int main_impl(int argc, char** argv);

}  // namespace bpftool::app
