#include "model/selector.h"

#include "core/parse.h"

namespace bpftool::model {

namespace {

constexpr size_t kMaxProgFullName = 128;  // upstream MAX_PROG_FULL_NAME
constexpr size_t kObjNameLen = 16;        // BPF_OBJ_NAME_LEN

Result<std::string> value_after(cli::ArgCursor& args) {
  if (args.empty())
    return Error::msg("'" + std::string(args.prev()) + "' needs at least 1 arguments, 0 found");
  return args.next();
}

Status parse_id(cli::ArgCursor& args, Selector& s) {
  auto w = value_after(args);
  if (!w) return std::move(w).error();
  auto id = core::parse_u32(*w);
  if (!id) return Error::msg("can't parse " + *w + " as ID");
  s.by = Selector::By::Id;
  s.id = *id;
  s.text = "id " + *w;
  return {};
}

Status parse_pinned(cli::ArgCursor& args, Selector& s) {
  auto w = value_after(args);
  if (!w) return std::move(w).error();
  s.by = Selector::By::Pinned;
  s.path = *w;
  s.text = "pinned " + *w;
  return {};
}

Status parse_name(cli::ArgCursor& args, Selector& s, size_t max_len) {
  auto w = value_after(args);
  if (!w) return std::move(w).error();
  if (w->size() > max_len - 1) return Error::msg("can't parse name");
  s.by = Selector::By::Name;
  s.name = *w;
  s.text = "name " + *w;
  return {};
}

Status parse_tag(cli::ArgCursor& args, Selector& s) {
  auto w = value_after(args);
  if (!w) return std::move(w).error();
  auto tag = core::parse_tag(*w);
  if (!tag) return Error::msg("can't parse tag");
  s.by = Selector::By::Tag;
  s.tag = *tag;
  s.text = "tag " + *w;
  return {};
}

}  // namespace

namespace {

// Which keywords an object's selector takes, tried in upstream's order (id,
// tag, name, pinned: the first prefix match wins), and its message otherwise.
struct SelectorGrammar {
  bool tag = false;
  size_t name_max = 0;  // 0: no `name`
  bool pinned = true;
  const char* expected;
};

Result<Selector> parse_selector(cli::ArgCursor& args, const SelectorGrammar& g) {
  BT_TRY(args.require(1));
  Selector s;
  Status st;
  if (args.accept("id")) st = parse_id(args, s);
  else if (g.tag && args.accept("tag")) st = parse_tag(args, s);
  else if (g.name_max && args.accept("name")) st = parse_name(args, s, g.name_max);
  else if (g.pinned && args.accept("pinned")) st = parse_pinned(args, s);
  else return Error::msg(std::string("expected ") + g.expected + ", got: '" + std::string(args.peek()) + "'?");
  if (!st) return std::move(st).error();
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
