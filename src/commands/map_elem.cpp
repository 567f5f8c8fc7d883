// `map dump`, `lookup`/`peek`, `getnext`, `update`/`push`/`enqueue`, `delete`,
// `pop`/`dequeue` and `freeze`: upstream's grammar, output and exit codes.
#include <linux/bpf.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

#include "commands/map_data.h"
#include "commands/map_dump_render.h"
#include "commands/map_ops.h"
#include "model/context.h"
#include "model/map_dump.h"
#include "model/names.h"
#include "model/resolve.h"
#include "sys/bpf.h"

namespace bpftool::commands {

namespace {

constexpr int kLookupMissStatus = 254;  // upstream returns -ENOENT

struct OpenMap {
  sys::MapFd fd;
  model::MapLayout layout;
};

// MAP → one open map and its layout (upstream's map_parse_fd_and_info).
Result<OpenMap> open_map(cli::ArgCursor& args, uint32_t open_flags) {
  auto spec = model::parse_map_selector(args);
  if (!spec) return std::move(spec).error();
  auto fd = model::resolve_map(*spec, open_flags);
  if (!fd) return std::move(fd).error();
  auto layout = model::map_layout(fd->get());
  if (!layout) return std::move(layout).error();
  return OpenMap{std::move(*fd), std::move(*layout)};
}

// Buffers for one entry: the key, and a value with room for every CPU's copy.
struct EntryBuffers {
  explicit EntryBuffers(const model::MapLayout& l) : key(l.key_size), value(l.value_stride) {}
  uint8_t* key_ptr() { return key.empty() ? nullptr : key.data(); }
  uint8_t* value_ptr() { return value.empty() ? nullptr : value.data(); }
  std::vector<uint8_t> key, value;
};

// `[key DATA]` (required when the map has keys, refused otherwise) and the
// buffers of one entry with that key in place: lookup's and pop's words.
Result<EntryBuffers> parse_key_into_buffers(cli::ArgCursor& args, const model::MapLayout& l) {
  ElemGrammar g;
  g.key = l.key_size > 0;
  g.key_size = l.key_size;
  auto elem = parse_elem(args, g);
  if (!elem) return std::move(elem).error();
  EntryBuffers buf(l);
  if (elem->key) std::memcpy(buf.key.data(), elem->key->data(), elem->key->size());
  return buf;
}

// Upstream's print_key_value: one entry as -j, plain BTF or plain hex.
Status print_key_value(Ctx& ctx, const model::MapLayout& l, const uint8_t* key, const uint8_t* value) {
  model::CollectContext cc;
  auto kv = model::map_kv_btf(l, cc);
  if (!kv) return std::move(kv).error();
  if (ctx.out.json()) {
    EntryRenderer(EntryStyle::Json, ctx.out.out(), &ctx.out.jw(), l, *kv).entry(key, value);
  } else if (kv->btf) {
    output::JsonWriter bw(ctx.out.out(), true);
    EntryRenderer(EntryStyle::Btf, ctx.out.out(), &bw, l, *kv).entry(key, value);
    bw.finish();
  } else {
    EntryRenderer(EntryStyle::Hex, ctx.out.out(), nullptr, l, *kv).entry(key, value);
  }
  return {};
}

const char* queue_word(uint32_t type) { return type == BPF_MAP_TYPE_STACK ? "stack" : "queue"; }

// ---- dump ------------------------------------------------------------------

struct DumpTarget {
  sys::MapFd fd;
  model::MapLayout layout;
  model::KvBtf kv;
};

// A queue or stack: its head through peek, which consumes nothing. The rest
// can only be read by popping, so a dump never shows it (upstream failed here).
Status dump_queue(Ctx& ctx, const DumpTarget& t, EntryRenderer& r) {
  EntryBuffers buf(t.layout);
  auto st = sys::map_lookup_elem(t.fd.get(), nullptr, buf.value_ptr());
  if (!st && st.error().errnum() != ENOENT)
    return Error::sys(st.error().errnum(), std::string("can't peek at the head of the ") + queue_word(t.layout.type))
        .with_errno_status();
  if (st) r.entry(buf.key_ptr(), buf.value_ptr());
  if (!st) {
    ctx.out.infof("Note: the {} is empty.", queue_word(t.layout.type));
  } else {
    ctx.out.infof(
        "Note: only the head of a {0} can be read without removing it; the element shown is that head. The other "
        "elements can only be read by popping them ('bpftool map pop'), which removes them from the {0}.",
        queue_word(t.layout.type));
  }
  return {};
}

// One map's entries, streamed batch by batch. `w`: the JSON or plain-BTF
// writer (nullptr in hex mode); `header`: several maps are dumped.
Status dump_one(Ctx& ctx, const DumpTarget& t, output::JsonWriter* w, bool header) {
  const model::MapLayout& l = t.layout;
  if (auto why = model::map_dump_unsupported_reason(l.type)) {
    auto tn = model::map_type_name(l.type);
    return Error::msg(model::map_dump_unsupported_errno(l.type), "can't dump " + std::string(tn ? *tn : "this") +
                                                                     " map (id " + std::to_string(l.id) + "): " + *why)
        .with_errno_status();
  }
  EntryStyle style = ctx.out.json() ? EntryStyle::Json : (w ? EntryStyle::Btf : EntryStyle::Hex);
  EntryRenderer r(style, ctx.out.out(), w, l, t.kv);

  std::optional<output::JsonScope> object, elements;
  if (w) {
    if (header) {
      object.emplace(w, output::JsonScope::Object);
      render_map_dump_header_json(*w, l);
      w->name("elements");
    }
    elements.emplace(w, output::JsonScope::Array);
  } else if (header) {
    render_map_dump_header_plain(ctx.out.out(), l);
  }
  // Errors land inside the open array in JSON mode, as upstream's p_err.
  auto fail = [&](Error e) -> Status { return ctx.out.json() ? ctx.out.fail(std::move(e)) : Status(std::move(e)); };

  if (model::map_is_queue_or_stack(l.type)) {
    if (auto st = dump_queue(ctx, t, r); !st) return fail(std::move(st).error());
    return {};
  }
  if (l.type == BPF_MAP_TYPE_REUSEPORT_SOCKARRAY && l.value_size != 8)
    ctx.out.info("Warning: cannot read values from reuseport_sockarray map with value_size != 8");

  model::MapReader reader(t.fd, l);
  uint64_t found = 0;
  Status st;
  for (;;) {
    auto b = reader.next();
    if (!b) {
      st = fail(std::move(b).error());
      break;
    }
    if (b->count == 0) break;
    found += r.batch(*b);
  }
  elements.reset();
  object.reset();
  if (!w) ctx.out.out().print("Found {} element{}\n", found, found != 1 ? "s" : "");
  if (reader.truncated())
    ctx.out.infof(
        "Warning: map {} kept changing during the dump: the walk restarted and was stopped after {} keys; entries "
        "may be missing or repeated.",
        l.id, l.max_entries);
  return st;
}

}  // namespace

Status cmd_map_dump(Ctx& ctx, cli::ArgCursor& args) {
  if (args.remaining() != 2) {
    if (args.remaining() > 2) return map_usage_error(ctx, Error::msg("what is '" + std::string(args.peek(2)) + "'?"));
    return map_usage_error(ctx, Error::msg("'" + std::string(args.prev()) + "' needs a MAP"));
  }
  auto spec = model::parse_map_selector(args);
  if (!spec) return std::move(spec).error();
  auto fds = model::resolve_maps(*spec, BPF_F_RDONLY);
  if (!fds) return std::move(fds).error();

  model::CollectContext cc;
  std::vector<DumpTarget> targets;
  targets.reserve(fds->size());
  bool all_btf = true;
  for (auto& fd : *fds) {
    auto layout = model::map_layout(fd.get());
    if (!layout) return std::move(layout).error();
    auto kv = model::map_kv_btf(*layout, cc);
    if (!kv) return std::move(kv).error();
    // Upstream picks plain BTF output when every map has a btf_id, and then
    // prints hex lines inside the JSON-like layout for maps without a value
    // type; we pick it only when every map has a value type to format.
    all_btf &= kv->btf != nullptr;
    targets.push_back(DumpTarget{std::move(fd), std::move(*layout), *kv});
  }

  std::optional<output::JsonWriter> btf_writer;
  output::JsonWriter* w = nullptr;
  if (ctx.out.json()) {
    w = &ctx.out.jw();
  } else if (all_btf) {
    btf_writer.emplace(ctx.out.out(), true);
    w = &*btf_writer;
  }
  const bool several = targets.size() > 1;
  Status st;
  {
    std::optional<output::JsonScope> root;
    if (w && several) root.emplace(w, output::JsonScope::Array);
    for (size_t i = 0; i < targets.size(); i++) {
      st = dump_one(ctx, targets[i], w, several);
      if (!w && i + 1 != targets.size()) ctx.out.out().put('\n');
      if (!st) {
        // In JSON mode the error goes where the dump stopped (inside the
        // array of maps), as upstream's p_err; plain errors go to stderr.
        if (ctx.out.json()) st = report_here(ctx, std::move(st));
        break;
      }
    }
  }
  if (btf_writer) btf_writer->finish();
  return st;
}

// ---- lookup / peek ---------------------------------------------------------

Status cmd_map_lookup(Ctx& ctx, cli::ArgCursor& args) {
  if (args.remaining() < 2) return map_usage_error(ctx, Error::msg("'" + std::string(args.prev()) + "' needs a MAP"));
  auto m = open_map(args, BPF_F_RDONLY);
  if (!m) return std::move(m).error();
  const model::MapLayout& l = m->layout;
  auto keyed = parse_key_into_buffers(args, l);
  if (!keyed) return std::move(keyed).error();
  EntryBuffers& buf = *keyed;
  auto st = sys::map_lookup_elem(m->fd.get(), buf.key_ptr(), buf.value_ptr());
  if (!st) {
    int e = st.error().errnum();
    if (e != ENOENT) return Error::sys(e, "lookup failed").with_errno_status();
    if (ctx.out.json()) ctx.out.jw().null();
    else render_lookup_miss_plain(ctx.out.out(), buf.key.data(), l.key_size);
    return Error::silent(kLookupMissStatus);
  }
  return print_key_value(ctx, l, buf.key.data(), buf.value.data());
}

// ---- getnext ---------------------------------------------------------------

Status cmd_map_getnext(Ctx& ctx, cli::ArgCursor& args) {
  if (args.remaining() < 2) return map_usage_error(ctx, Error::msg("'" + std::string(args.prev()) + "' needs a MAP"));
  auto m = open_map(args, BPF_F_RDONLY);
  if (!m) return std::move(m).error();
  const model::MapLayout& l = m->layout;
  std::optional<std::vector<uint8_t>> key;
  if (!args.empty()) {
    ElemGrammar g;
    g.key = true;
    g.key_size = l.key_size;
    auto elem = parse_elem(args, g);
    if (!elem) return std::move(elem).error();
    key = std::move(elem->key);
  }
  std::vector<uint8_t> next(l.key_size);
  if (auto st = sys::map_get_next_key(m->fd.get(), key ? key->data() : nullptr, next.data()); !st)
    return Error::sys(st.error().errnum(), "can't get next key").with_errno_status();
  if (ctx.out.json()) render_getnext_json(ctx.out.jw(), key ? key->data() : nullptr, next.data(), l.key_size);
  else render_getnext_plain(ctx.out.out(), key ? key->data() : nullptr, next.data(), l.key_size);
  return {};
}

// ---- update / push / enqueue -----------------------------------------------

Status cmd_map_update(Ctx& ctx, cli::ArgCursor& args) {
  if (args.remaining() < 2) return map_usage_error(ctx, Error::msg("'" + std::string(args.prev()) + "' needs a MAP"));
  auto m = open_map(args, 0);
  if (!m) return std::move(m).error();
  const model::MapLayout& l = m->layout;
  ElemGrammar g;
  g.key = l.key_size > 0;
  g.key_size = l.key_size;
  g.value = l.value_size == 0                    ? ValueKind::None
            : model::map_is_map_of_maps(l.type)  ? ValueKind::Map
            : model::map_is_prog_array(l.type)   ? ValueKind::Prog
                                                 : ValueKind::Bytes;
  g.value_size = l.value_size;
  g.flags = true;
  auto elem = parse_elem(args, g);
  if (!elem) return std::move(elem).error();

  EntryBuffers buf(l);
  if (elem->key) std::memcpy(buf.key.data(), elem->key->data(), elem->key->size());
  // A MAP or PROG value is the fd of the object; it stays open for the update.
  sys::Fd value_fd;
  if (elem->value_spec) {
    if (g.value == ValueKind::Map) {
      auto fd = model::resolve_map(*elem->value_spec, 0);
      if (!fd) return std::move(fd).error();
      value_fd = std::move(fd->fd());
    } else {
      if (elem->prog_by_id)
        ctx.out.info(
            "Warning: updating program array via MAP_ID, make sure this map is kept open\n"
            "         by some process or pinned otherwise update will be lost");
      model::CollectContext cc;
      auto fd = model::resolve_prog(*elem->value_spec, cc);
      if (!fd) return std::move(fd).error();
      value_fd = std::move(fd->fd());
    }
    auto raw = static_cast<uint32_t>(value_fd.get());
    std::memcpy(buf.value.data(), &raw, sizeof(raw));
  } else if (elem->value) {
    // Per-CPU maps take a copy of the value for every possible CPU.
    for (uint32_t cpu = 0; cpu < l.ncpus; cpu++)
      std::memcpy(buf.value.data() + static_cast<size_t>(cpu) * l.cpu_stride, elem->value->data(), l.value_size);
  }
  if (auto st = sys::map_update_elem(m->fd.get(), buf.key_ptr(), buf.value_ptr(), static_cast<uint64_t>(elem->flags));
      !st)
    return std::move(st).error().with_errno_status();
  ctx.out.null_if_json();
  return {};
}

// ---- delete ----------------------------------------------------------------

Status cmd_map_delete(Ctx& ctx, cli::ArgCursor& args) {
  if (args.remaining() < 2) return map_usage_error(ctx, Error::msg("'" + std::string(args.prev()) + "' needs a MAP"));
  auto m = open_map(args, 0);
  if (!m) return std::move(m).error();
  ElemGrammar g;
  g.key = true;
  g.key_size = m->layout.key_size;
  auto elem = parse_elem(args, g);
  if (!elem) return std::move(elem).error();
  if (auto st = sys::map_delete_elem(m->fd.get(), elem->key->empty() ? nullptr : elem->key->data()); !st)
    return std::move(st).error().with_errno_status();
  ctx.out.null_if_json();
  return {};
}

// ---- pop / dequeue ---------------------------------------------------------

namespace {

// BPF_MAP_LOOKUP_AND_DELETE_ELEM: queues and stacks, and the hash maps (by key).
bool map_type_pops(uint32_t type) {
  switch (type) {
    case BPF_MAP_TYPE_QUEUE:
    case BPF_MAP_TYPE_STACK:
    case BPF_MAP_TYPE_HASH:
    case BPF_MAP_TYPE_PERCPU_HASH:
    case BPF_MAP_TYPE_LRU_HASH:
    case BPF_MAP_TYPE_LRU_PERCPU_HASH:
      return true;
    default:
      return false;
  }
}

}  // namespace

Status cmd_map_pop(Ctx& ctx, cli::ArgCursor& args) {
  if (args.remaining() < 2) return map_usage_error(ctx, Error::msg("'" + std::string(args.prev()) + "' needs a MAP"));
  auto m = open_map(args, 0);
  if (!m) return std::move(m).error();
  const model::MapLayout& l = m->layout;
  if (!map_type_pops(l.type)) {
    // The kernel answers ENOTSUPP (524) for these; say what it means.
    constexpr int kEnotsupp = 524;
    auto name = model::map_type_name(l.type);
    return Error::msg(kEnotsupp, "pop is not supported for map type " +
                                     (name ? std::string(*name) : std::to_string(l.type)) +
                                     ": only queue, stack and hash maps can pop")
        .with_errno_status();
  }
  // Upstream ignores the words after MAP and pops with an uninitialized key
  // from maps that have keys; we take `key DATA` there and reject extra words.
  auto keyed = parse_key_into_buffers(args, l);
  if (!keyed) return std::move(keyed).error();
  EntryBuffers& buf = *keyed;
  auto st = sys::map_lookup_and_delete_elem(m->fd.get(), buf.key_ptr(), buf.value_ptr());
  if (!st) {
    int e = st.error().errnum();
    if (e != ENOENT) return Error::sys(e, "pop failed").with_errno_status();
    if (ctx.out.json()) {
      ctx.out.jw().null();
      return Error::silent(kLookupMissStatus);
    }
    // Upstream writes "Error: empty map" to stdout; an error belongs on stderr.
    return Error::msg(ENOENT, "empty map").with_exit_status(kLookupMissStatus);
  }
  return print_key_value(ctx, l, buf.key.data(), buf.value.data());
}

// ---- freeze ----------------------------------------------------------------

Status cmd_map_freeze(Ctx& ctx, cli::ArgCursor& args) {
  BT_TRY(args.require(2));
  auto spec = model::parse_map_selector(args);
  if (!spec) return std::move(spec).error();
  BT_TRY(args.finish());
  auto fd = model::resolve_map(*spec, 0);
  if (!fd) return std::move(fd).error();
  if (auto st = sys::map_freeze(fd->get()); !st) return std::move(st).error().with_errno_status();
  ctx.out.null_if_json();
  return {};
}

}  // namespace bpftool::commands
