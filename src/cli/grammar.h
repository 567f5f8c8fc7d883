// The declarative grammar of one bpftool object: its usage lines (in help
// order) and the definitions below them (selectors, value lists, options).
// The help text is generated from it; value lists are the same word tables
// the parsers read, so the help cannot drift from what is accepted. Man page
// SYNOPSIS sections and shell completion are meant to be generated from the
// same tables. Pure data and text: no kernel, no output stream.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace bpftool::cli {

/// One usage entry: the keywords it documents (for completion: "show list")
/// and its text after "bpftool OBJECT " (continuation lines verbatim).
struct Usage {
  std::string_view verbs;
  std::string_view text;
};

/// "NAME := { a | b | c }": either fixed text (the part after ":= "), or a
/// list of words wrapped as upstream wraps it: `per_line[i]` words on line i
/// (the last line takes the rest), continuation lines aligned after "{ ".
struct Definition {
  std::string_view name;
  std::string_view text;                     // used when `words` is empty
  std::span<const std::string_view> words;
  std::span<const uint8_t> per_line;
};

struct HelpSpec {
  std::string_view object;  // "prog"; "" for the top level
  std::span<const Usage> usage;
  std::span<const Definition> definitions;
};

/// Upstream's help text: "Usage: %B OBJECT <first>\n       %B OBJECT <next>\n
/// ...\n\n       NAME := ...\n" with `bin` in place of %B.
std::string render_help(const HelpSpec& spec, std::string_view bin);

/// One definition's lines ("       NAME := { ... }\n"), as render_help prints them.
std::string render_definition(const Definition& d);

}  // namespace bpftool::cli
