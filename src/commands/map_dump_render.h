// Views of map entries for `map dump`, `lookup`, `peek`, `pop` and `getnext`:
// upstream's plain hex lines, its "plain BTF" layout (pretty JSON-like objects
// in plain mode), and -j entries (hex arrays plus "formatted" BTF values).
// Renders bytes described by a model::MapLayout; never calls the kernel. The
// BTF values come from model::KvBtf, which reads only the bytes it is given.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "model/map_dump.h"
#include "output/json_writer.h"
#include "output/out_stream.h"

namespace bpftool::commands {

/// Upstream's fprint_hex: "01 02 03", two spaces after every 8th byte and a
/// newline after every 16th. Table-driven, no printf per byte.
void append_hex_block(fmt::memory_buffer& buf, const uint8_t* data, size_t n);
/// Upstream's print_hex_data_json: ["0x01","0x02"].
void json_hex_array(output::JsonWriter& w, const uint8_t* data, size_t n, std::string& scratch);

/// "ID: TYPE  name NAME  flags 0xF[  offloaded_to ...]\n" before each map of a
/// multi-map plain dump.
void render_map_dump_header_plain(output::OutStream& o, const model::MapLayout& l);
/// "id", "type", "name" (when set) and "flags" inside an open object.
void render_map_dump_header_json(output::JsonWriter& w, const model::MapLayout& l);

/// Plain text of a failed lookup: "key:\n<hex>\n\nNot found\n".
void render_lookup_miss_plain(output::OutStream& o, const uint8_t* key, size_t key_size);
/// `map getnext`: plain "key: None" or "key:\n<hex>", then "next key:\n<hex>";
/// JSON {"key":null|[...],"next_key":[...]}. `key` nullptr: the first key.
void render_getnext_plain(output::OutStream& o, const uint8_t* key, const uint8_t* next, size_t key_size);
void render_getnext_json(output::JsonWriter& w, const uint8_t* key, const uint8_t* next, size_t key_size);

/// How entries look.
enum class EntryStyle {
  Hex,   // plain text without BTF: "key: 01 00 00 00  value: 02 00 00 00"
  Btf,   // plain text with BTF: upstream's pretty objects of formatted values
  Json,  // -j/-p: hex arrays, plus "formatted" when the map has BTF
};

class EntryRenderer {
 public:
  /// `w` is the writer of Btf and Json styles (nullptr for Hex). Btf requires
  /// kv.btf. `out` is the stream under `w` (or the plain stream).
  EntryRenderer(EntryStyle style, output::OutStream& out, output::JsonWriter* w, const model::MapLayout& l,
                model::KvBtf kv);

  /// One entry whose value was read.
  void entry(const uint8_t* key, const uint8_t* value);
  /// An entry whose lookup failed with `err`, as upstream's print_entry_error:
  /// nothing for an empty prog array or map-of-maps slot (ENOENT), "<no entry>"
  /// for other ENOENTs, strerror otherwise ({"error":...} as the JSON value).
  void error_entry(const uint8_t* key, int err);
  /// Every entry of a batch; returns how many had their value read.
  uint32_t batch(const model::EntryBatch& b);

 private:
  void hex_entry(const uint8_t* key, const uint8_t* value);
  void json_entry(const uint8_t* key, const uint8_t* value);
  void btf_kv(output::JsonWriter& w, bool plain, const uint8_t* key, const uint8_t* value) const;
  void plain_error(const uint8_t* key, const char* msg);

  EntryStyle style_;
  output::OutStream& out_;
  output::JsonWriter* w_;
  const model::MapLayout& l_;
  model::KvBtf kv_;
  std::string scratch_;
};

}  // namespace bpftool::commands
