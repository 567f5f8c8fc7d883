// Object selectors as the user wrote them (PROG, MAP, LINK, BTF), parsed with
// upstream's keywords and messages. Resolving them to fds is model/'s job.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "cli/arg_cursor.h"
#include "core/result.h"

namespace bpftool::cli {

struct ObjSpec {
  enum class By { Id, Pinned, Tag, Name };
  By by = By::Id;
  uint32_t id = 0;
  std::string path;             // By::Pinned
  std::array<uint8_t, 8> tag{};  // By::Tag
  std::string name;             // By::Name
  std::string text;             // the words as given, for messages ("name foo")
};

/// PROG := id N | pinned FILE | tag TAG | name NAME
Result<ObjSpec> parse_prog_spec(ArgCursor& args);
/// MAP := id N | pinned FILE | name NAME
Result<ObjSpec> parse_map_spec(ArgCursor& args);
/// LINK := id N | pinned FILE
Result<ObjSpec> parse_link_spec(ArgCursor& args);

/// True when the current word starts a PROG/MAP spec (used where a value may be
/// either a spec or raw bytes).
bool looks_like_prog_spec(const ArgCursor& args);

}  // namespace bpftool::cli
