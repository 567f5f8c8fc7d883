// The words of the map commands that name an element: DATA := [hex] BYTES,
// VALUE := DATA | MAP | PROG and UPDATE_FLAGS, parsed with upstream's grammar
// and messages, except that a byte above 255 is an error (upstream truncates).
// Pure parsing: specs in a value are resolved to fds by the command.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "cli/arg_cursor.h"
#include "model/selector.h"
#include "core/result.h"

namespace bpftool::commands {

/// One byte as upstream's parse_bytes reads it: strtoul base 0 (decimal, 0x
/// hex, leading-0 octal) or, with `hex16`, base 16 ("ff", "0xff"). Empty
/// words, signs, trailing characters and values above 255 are errors.
Result<uint8_t> parse_byte(std::string_view word, bool hex16);

/// DATA := [hex] BYTES: exactly `n` words of bytes after an optional `hex`
/// keyword (any prefix of it, as upstream). Fewer words: "<name> expected N
/// bytes got M". Consumes the words it read; later words stay.
Result<std::vector<uint8_t>> parse_bytes(cli::ArgCursor& args, std::string_view name, size_t n);

/// The kernel's update flags (BPF_ANY, BPF_NOEXIST, BPF_EXIST).
enum class UpdateFlags : uint64_t { Any = 0, NoExist = 1, Exist = 2 };
/// Their words (UPDATE_FLAGS := { any | exist | noexist }), in help order.
std::span<const std::string_view> update_flag_words();

/// What a VALUE is for this map: bytes, or a MAP/PROG spec whose fd becomes the value.
enum class ValueKind { None, Bytes, Map, Prog };

/// Which words a command takes after its MAP, and the sizes the map wants.
struct ElemGrammar {
  bool key = false;  // a `key` is wanted (and required)
  uint32_t key_size = 0;
  ValueKind value = ValueKind::None;  // None: a `value` is not accepted
  uint32_t value_size = 0;
  bool flags = false;  // UPDATE_FLAGS accepted
};

/// The words as parsed. A Map/Prog value is a spec still to resolve.
struct ElemArgs {
  std::optional<std::vector<uint8_t>> key;
  std::optional<std::vector<uint8_t>> value;  // ValueKind::Bytes
  std::optional<model::Selector> value_spec;         // ValueKind::Map / ValueKind::Prog
  UpdateFlags flags = UpdateFlags::Any;
  /// The value names a program by id: upstream warns that a prog array entry
  /// set this way is lost when the map is not held open or pinned.
  bool prog_by_id = false;
};

/// `key DATA`, `value VALUE` and UPDATE_FLAGS in any order, each at most once,
/// up to the end of the words (upstream's parse_elem, with its messages:
/// "did not find key", "duplicate key", "unnecessary value", "expected key or
/// value, got: X", "flags specified multiple times: X", ...).
Result<ElemArgs> parse_elem(cli::ArgCursor& args, const ElemGrammar& g);

}  // namespace bpftool::commands
