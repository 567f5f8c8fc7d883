#include "commands/map_data.h"

#include <string>

#include "core/parse.h"

namespace bpftool::commands {

Result<uint8_t> parse_byte(std::string_view word, bool hex16) {
  std::optional<uint64_t> v = hex16 ? core::parse_hex_u64(word) : core::parse_u64(word);
  if (!v) return Error::msg("error parsing byte: " + std::string(word));
  // Upstream stores strtoul's result in an unsigned char: 256 became 0.
  if (*v > 0xff) return Error::msg("error parsing byte: " + std::string(word) + " is larger than 255");
  return static_cast<uint8_t>(*v);
}

Result<std::vector<uint8_t>> parse_bytes(cli::ArgCursor& args, std::string_view name, size_t n) {
  const bool hex16 = args.accept("hex");
  std::vector<uint8_t> bytes;
  bytes.reserve(n);
  while (bytes.size() < n && !args.empty()) {
    auto b = parse_byte(args.next(), hex16);
    if (!b) return std::move(b).error();
    bytes.push_back(*b);
  }
  if (bytes.size() != n)
    return Error::msg(std::string(name) + " expected " + std::to_string(n) + " bytes got " +
                      std::to_string(bytes.size()));
  return bytes;
}

namespace {

// UPDATE_FLAGS in help order. No word but the empty one is a prefix of two of
// them, and that one means `any` here as in upstream's order of tests.
constexpr std::string_view kUpdateFlagWords[] = {"any", "exist", "noexist"};
constexpr UpdateFlags kUpdateFlagValues[] = {UpdateFlags::Any, UpdateFlags::Exist, UpdateFlags::NoExist};

std::optional<UpdateFlags> update_flag_at(const cli::ArgCursor& args) {
  if (args.empty()) return std::nullopt;
  for (size_t i = 0; i < std::size(kUpdateFlagWords); i++) {
    if (args.is(kUpdateFlagWords[i])) return kUpdateFlagValues[i];
  }
  return std::nullopt;
}

Status parse_value(cli::ArgCursor& args, const ElemGrammar& g, ElemArgs& out) {
  switch (g.value) {
    case ValueKind::Map:
    case ValueKind::Prog: {
      const bool map = g.value == ValueKind::Map;
      if (g.value_size != 4)
        return Error::msg(map ? "value smaller than 4B for map in map?" : "value smaller than 4B for map of progs?");
      if (args.remaining() < 2)
        return Error::msg(map ? "not enough value arguments for map in map"
                              : "not enough value arguments for map of progs");
      if (!map && args.is("id")) out.prog_by_id = true;
      auto spec = map ? model::parse_map_selector(args) : model::parse_prog_selector(args);
      if (!spec) return std::move(spec).error();
      out.value_spec = std::move(*spec);
      return {};
    }
    case ValueKind::Bytes: {
      auto bytes = parse_bytes(args, "value", g.value_size);
      if (!bytes) return std::move(bytes).error();
      out.value = std::move(*bytes);
      return {};
    }
    case ValueKind::None:
      break;
  }
  BT_BUG("parse_value without a value kind");
}

}  // namespace

Result<ElemArgs> parse_elem(cli::ArgCursor& args, const ElemGrammar& g) {
  ElemArgs out;
  bool key_wanted = g.key;
  bool value_wanted = g.value != ValueKind::None;
  bool flags_wanted = g.flags;
  while (!args.empty()) {
    if (args.accept("key")) {
      // Upstream: a key already given, or none for this map (size 0).
      if (!key_wanted) return Error::msg(g.key_size ? "duplicate key" : "unnecessary key");
      auto bytes = parse_bytes(args, "key", g.key_size);
      if (!bytes) return std::move(bytes).error();
      out.key = std::move(*bytes);
      key_wanted = false;
    } else if (args.accept("value")) {
      if (!value_wanted) return Error::msg(g.value_size ? "duplicate value" : "unnecessary value");
      BT_TRY(parse_value(args, g, out));
      value_wanted = false;
    } else if (auto flag = update_flag_at(args)) {
      if (!flags_wanted) return Error::msg("flags specified multiple times: " + std::string(args.peek()));
      (void)args.next();
      out.flags = *flag;
      flags_wanted = false;
    } else {
      return Error::msg("expected key or value, got: " + std::string(args.peek()));
    }
  }
  if (key_wanted) return Error::msg("did not find key");
  if (value_wanted) return Error::msg("did not find value");
  return out;
}

std::span<const std::string_view> update_flag_words() { return kUpdateFlagWords; }

}  // namespace bpftool::commands
