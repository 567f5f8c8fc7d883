#include "model/selector.h"

#include <optional>
#include <string_view>

#include "core/parse.h"

namespace bpftool::model {

namespace {

constexpr size_t kMaxProgFullName = 128;  // upstream MAX_PROG_FULL_NAME
constexpr size_t kObjNameLen = 16;        // BPF_OBJ_NAME_LEN

// Which keywords an object's selector takes, tried in upstream's order (id,
// tag, name, pinned: the first prefix match wins), and its message otherwise.
struct SelectorGrammar {
  bool tag = false;
  size_t name_max = 0;  // 0: no `name`
  bool pinned = true;
  const char* expected;
};

// The keyword, by upstream's order of trial; nullopt when none matches.
std::optional<Selector::By> take_keyword(cli::ArgCursor& args, const SelectorGrammar& g) {
  if (args.accept("id")) return Selector::By::Id;
  if (g.tag && args.accept("tag")) return Selector::By::Tag;
  if (g.name_max && args.accept("name")) return Selector::By::Name;
  if (g.pinned && args.accept("pinned")) return Selector::By::Pinned;
  return std::nullopt;
}

std::string_view keyword_of(Selector::By by) {
  switch (by) {
    case Selector::By::Id: return "id";
    case Selector::By::Tag: return "tag";
    case Selector::By::Name: return "name";
    case Selector::By::Pinned: return "pinned";
  }
  return "?";
}

// The value after the keyword, checked and stored in its field.
Status set_value(Selector& s, const std::string& w, const SelectorGrammar& g) {
  switch (s.by) {
    case Selector::By::Id: {
      auto id = core::parse_u32(w);
      if (!id) return Error::msg("can't parse " + w + " as ID");
      s.id = *id;
      return {};
    }
    case Selector::By::Tag: {
      auto tag = core::parse_tag(w);
      if (!tag) return Error::msg("can't parse tag");
      s.tag = *tag;
      return {};
    }
    case Selector::By::Name:
      if (w.size() > g.name_max - 1) return Error::msg("can't parse name");
      s.name = w;
      return {};
    case Selector::By::Pinned:
      s.path = w;
      return {};
  }
  return {};
}

Result<Selector> parse_selector(cli::ArgCursor& args, const SelectorGrammar& g) {
  BT_TRY(args.require(1));
  auto by = take_keyword(args, g);
  if (!by) return Error::msg(std::string("expected ") + g.expected + ", got: '" + std::string(args.peek()) + "'?");
  const std::string keyword(keyword_of(*by));
  if (args.empty()) return Error::msg("'" + keyword + "' needs at least 1 arguments, 0 found");
  const std::string w = args.next();
  Selector s;
  s.by = *by;
  BT_TRY(set_value(s, w, g));
  s.text = keyword + " " + w;
  return s;
}

}  // namespace

Result<Selector> parse_prog_selector(cli::ArgCursor& args) {
  return parse_selector(args, {.tag = true, .name_max = kMaxProgFullName, .expected = "'id', 'tag', 'name' or 'pinned'"});
}

Result<Selector> parse_map_selector(cli::ArgCursor& args) {
  return parse_selector(args, {.name_max = kObjNameLen, .expected = "'id', 'name' or 'pinned'"});
}

Result<Selector> parse_link_selector(cli::ArgCursor& args) {
  return parse_selector(args, {.expected = "'id' or 'pinned'"});
}

Result<Selector> parse_btf_selector(cli::ArgCursor& args) {
  return parse_selector(args, {.pinned = false, .expected = "'id'"});
}

bool looks_like_prog_selector(const cli::ArgCursor& args) {
  return args.is("id") || args.is("tag") || args.is("name") || args.is("pinned");
}

}  // namespace bpftool::model
