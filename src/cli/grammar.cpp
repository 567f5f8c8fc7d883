#include "cli/grammar.h"

namespace bpftool::cli {

namespace {

constexpr std::string_view kIndent = "       ";  // under "Usage: "

}  // namespace

std::string render_definition(const Definition& d) {
  std::string s(kIndent);
  s += d.name;
  s += " := ";
  if (d.words.empty()) {
    s += d.text;
    s += '\n';
    return s;
  }
  s += "{ ";
  const std::string cont = "\n" + std::string(s.size(), ' ');
  size_t line = 0, on_line = 0;
  for (size_t i = 0; i < d.words.size(); i++) {
    if (i) {
      const bool wrap = line < d.per_line.size() && on_line == d.per_line[line];
      s += wrap ? " |" + cont : std::string(" | ");
      if (wrap) line++, on_line = 0;
    }
    s += d.words[i];
    on_line++;
  }
  s += " }\n";
  return s;
}

std::string render_help(const HelpSpec& spec, std::string_view bin) {
  std::string prefix(bin);
  prefix += ' ';
  if (!spec.object.empty()) {
    prefix += spec.object;
    prefix += ' ';
  }
  std::string s;
  for (size_t i = 0; i < spec.usage.size(); i++) {
    s += i ? kIndent : std::string_view("Usage: ");
    s += prefix;
    s += spec.usage[i].text;
    s += '\n';
  }
  if (!spec.definitions.empty()) s += '\n';
  for (const auto& d : spec.definitions) s += render_definition(d);
  return s;
}

}  // namespace bpftool::cli
