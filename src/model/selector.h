// Object selectors as the user wrote them (PROG, MAP, LINK, BTF), parsed with
// upstream's keywords and messages. Resolving them to fds is model/'s job.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "cli/arg_cursor.h"
#include "core/result.h"

namespace bpftool::model {

struct Selector {
  enum class By { Id, Pinned, Tag, Name };
  By by = By::Id;
  uint32_t id = 0;
  std::string path;             // By::Pinned
  std::array<uint8_t, 8> tag{};  // By::Tag
  std::string name;             // By::Name
  std::string text;             // the words as given, for messages ("name foo")
};

/// PROG := id N | pinned FILE | tag TAG | name NAME
Result<Selector> parse_prog_selector(cli::ArgCursor& args);
/// MAP := id N | pinned FILE | name NAME
Result<Selector> parse_map_selector(cli::ArgCursor& args);
/// LINK := id N | pinned FILE
Result<Selector> parse_link_selector(cli::ArgCursor& args);
/// BTF := id N
Result<Selector> parse_btf_selector(cli::ArgCursor& args);

/// True when the current word starts a PROG/MAP spec (used where a value may be
/// either a spec or raw bytes).
bool looks_like_prog_selector(const cli::ArgCursor& args);

}  // namespace bpftool::model
