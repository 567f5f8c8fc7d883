#include "commands/map_dump_render.h"

#include <linux/bpf.h>

#include <cerrno>
#include <cstring>

#include "commands/render_common.h"
#include "core/hex.h"
#include "model/names.h"

namespace bpftool::commands {

void append_hex_block(fmt::memory_buffer& buf, const uint8_t* data, size_t n) {
  if (n == 0) return;
  const size_t old = buf.size();
  buf.resize(old + n * 4);  // at most two digits and two separator bytes each
  char* p = buf.data() + old;
  for (size_t i = 0; i < n; i++) {
    if (i) {
      if (i % 16 == 0) {
        *p++ = '\n';
      } else if (i % 8 == 0) {
        *p++ = ' ';
        *p++ = ' ';
      } else {
        *p++ = ' ';
      }
    }
    const auto& h = core::kHexByte[data[i]];
    *p++ = h[0];
    *p++ = h[1];
  }
  buf.resize(static_cast<size_t>(p - buf.data()));
}

void json_hex_array(output::JsonWriter& w, const uint8_t* data, size_t n, std::string& scratch) {
  w.start_array();
  if (n) {
    // The elements go out as one verbatim run: the same bytes the writer would
    // produce element by element ("0x01","0x02"), without a call per byte.
    scratch.resize(n * 7 - 1);
    char* p = scratch.data();
    for (size_t i = 0; i < n; i++) {
      if (i) *p++ = ',';
      const auto& h = core::kHexByte[data[i]];
      p[0] = '"', p[1] = '0', p[2] = 'x', p[3] = h[0], p[4] = h[1], p[5] = '"';
      p += 6;
    }
    w.raw(scratch);
  }
  w.end_array();
}

void render_map_dump_header_plain(output::OutStream& o, const model::MapLayout& l) {
  plain_headline(o, l.id, model::map_type_name(l.type), l.type, l.name);
  o.print("flags 0x{:x}", l.flags);
  plain_dev(o, l.dev);
  o.put('\n');
}

void render_map_dump_header_json(output::JsonWriter& w, const model::MapLayout& l) {
  w.uint_field("id", l.id);
  json_named(w, "type", model::map_type_name(l.type), l.type);
  if (!l.name.empty()) w.string_field("name", l.name);
  w.uint_field("flags", l.flags);
}

void render_lookup_miss_plain(output::OutStream& o, const uint8_t* key, size_t key_size) {
  o.write("key:\n");
  append_hex_block(o.buffer(), key, key_size);
  o.write("\n\nNot found\n");
}

void render_getnext_plain(output::OutStream& o, const uint8_t* key, const uint8_t* next, size_t key_size) {
  if (key) {
    o.write("key:\n");
    append_hex_block(o.buffer(), key, key_size);
    o.put('\n');
  } else {
    o.write("key: None\n");
  }
  o.write("next key:\n");
  append_hex_block(o.buffer(), next, key_size);
  o.put('\n');
}

void render_getnext_json(output::JsonWriter& w, const uint8_t* key, const uint8_t* next, size_t key_size) {
  std::string scratch;
  w.start_object();
  w.name("key");
  if (key) json_hex_array(w, key, key_size, scratch);
  else w.null();
  w.name("next_key");
  json_hex_array(w, next, key_size, scratch);
  w.end_object();
}

EntryRenderer::EntryRenderer(EntryStyle style, output::OutStream& out, output::JsonWriter* w,
                             const model::MapLayout& l, model::KvBtf kv)
    : style_(style), out_(out), w_(w), l_(l), kv_(kv) {
  if (style_ != EntryStyle::Hex && !w_) BT_BUG("EntryRenderer: JSON styles need a writer");
  if (style_ == EntryStyle::Btf && !kv_.btf) BT_BUG("EntryRenderer: Btf style without BTF");
}

void EntryRenderer::entry(const uint8_t* key, const uint8_t* value) {
  switch (style_) {
    case EntryStyle::Hex: hex_entry(key, value); break;
    case EntryStyle::Json: json_entry(key, value); break;
    case EntryStyle::Btf: btf_kv(*w_, true, key, value); break;
  }
  out_.maybe_flush();
}

uint32_t EntryRenderer::batch(const model::EntryBatch& b) {
  uint32_t ok = 0;
  for (uint32_t i = 0; i < b.count; i++) {
    if (int e = b.error(i)) {
      error_entry(b.key(i, l_), e);
      continue;
    }
    entry(b.key(i, l_), b.value(i, l_));
    ok++;
  }
  return ok;
}

void EntryRenderer::hex_entry(const uint8_t* key, const uint8_t* value) {
  fmt::memory_buffer& buf = out_.buffer();
  const uint32_t ks = l_.key_size, vs = l_.value_size;
  if (!l_.per_cpu) {
    const bool break_names = ks > 16 || vs > 16;
    const bool single_line = ks + vs <= 24 && !break_names;
    if (ks) {
      buf.append(std::string_view(break_names ? "key:\n" : "key: "));
      append_hex_block(buf, key, ks);
      buf.append(std::string_view(single_line ? "  " : "\n"));
    }
    if (vs) {
      if (model::map_is_map_of_maps(l_.type)) {
        uint32_t id;
        std::memcpy(&id, value, sizeof(id));
        buf.append(std::string_view(break_names ? "inner_map_id:\n" : "inner_map_id: "));
        fmt::format_to(fmt::appender(buf), "{} ", id);
      } else {
        buf.append(std::string_view(break_names ? "value:\n" : "value: "));
        append_hex_block(buf, value, vs);
      }
    }
    buf.push_back('\n');
    return;
  }
  if (ks) {
    buf.append(std::string_view("key:\n"));
    append_hex_block(buf, key, ks);
    buf.push_back('\n');
  }
  if (vs) {
    for (uint32_t cpu = 0; cpu < l_.ncpus; cpu++) {
      fmt::format_to(fmt::appender(buf), "value (CPU {:02}):{}", cpu, vs > 16 ? '\n' : ' ');
      append_hex_block(buf, value + static_cast<size_t>(cpu) * l_.cpu_stride, vs);
      buf.push_back('\n');
    }
  }
}

namespace {

// "values":[{"cpu":N,"value":…}…] with `each` writing one CPU's value; stops
// after the first CPU for which it returns false.
template <class Each>
void json_per_cpu_values(output::JsonWriter& w, const model::MapLayout& l, const uint8_t* value, Each&& each) {
  w.name("values");
  w.start_array();
  for (uint32_t cpu = 0; cpu < l.ncpus; cpu++) {
    w.start_object();
    w.int_field("cpu", cpu);
    w.name("value");
    const bool go_on = each(value + static_cast<size_t>(cpu) * l.cpu_stride);
    w.end_object();
    if (!go_on) break;
  }
  w.end_array();
}

}  // namespace

void EntryRenderer::json_entry(const uint8_t* key, const uint8_t* value) {
  output::JsonWriter& w = *w_;
  w.start_object();
  w.name("key");
  json_hex_array(w, key, l_.key_size, scratch_);
  if (!l_.per_cpu) {
    w.name("value");
    json_hex_array(w, value, l_.value_size, scratch_);
    if (model::map_is_map_of_maps(l_.type) && l_.value_size >= sizeof(uint32_t)) {
      uint32_t id;
      std::memcpy(&id, value, sizeof(id));
      w.uint_field("inner_map_id", id);
    }
  } else {
    json_per_cpu_values(w, l_, value, [&](const uint8_t* v) {
      json_hex_array(w, v, l_.value_size, scratch_);
      return true;
    });
  }
  if (kv_.btf) {
    w.name("formatted");
    btf_kv(w, false, key, value);
  }
  w.end_object();
}

// Upstream's do_dump_btf: {"key": <key>, "value": <value>} or, per CPU,
// {"key": <key>, "values": [{"cpu": N, "value": <value>}...]}. A key that fails
// to format ends the object, as there.
void EntryRenderer::btf_kv(output::JsonWriter& w, bool plain, const uint8_t* key, const uint8_t* value) const {
  w.start_object();
  if (kv_.key_type_id) {
    w.name("key");
    if (!kv_.format(w, plain, kv_.key_type_id, key, l_.key_size)) {
      w.end_object();
      return;
    }
  }
  if (!l_.per_cpu) {
    w.name("value");
    (void)kv_.format(w, plain, kv_.value_type_id, value, l_.value_size);  // partial output stays, as upstream's
  } else {
    json_per_cpu_values(w, l_, value, [&](const uint8_t* v) {
      return static_cast<bool>(kv_.format(w, plain, kv_.value_type_id, v, l_.value_size));
    });
  }
  w.end_object();
}

void EntryRenderer::plain_error(const uint8_t* key, const char* msg) {
  const size_t msg_size = std::strlen(msg);
  const bool break_names = l_.key_size > 16 || msg_size > 16;
  const bool single_line = l_.key_size + msg_size <= 24 && !break_names;
  fmt::memory_buffer& buf = out_.buffer();
  buf.append(std::string_view(break_names ? "key:\n" : "key: "));
  append_hex_block(buf, key, l_.key_size);
  buf.append(std::string_view(single_line ? "  " : "\n"));
  buf.append(std::string_view(break_names ? "value:\n" : "value: "));
  buf.append(std::string_view(msg));
  buf.push_back('\n');
}

void EntryRenderer::error_entry(const uint8_t* key, int err) {
  // An empty prog array or map-of-maps slot is not an error.
  if ((model::map_is_map_of_maps(l_.type) || model::map_is_prog_array(l_.type)) && err == ENOENT) return;
  const char* msg = std::strerror(err);
  if (err == ENOENT) msg = "<no entry>";
  else if (err == ENOSPC && l_.type == BPF_MAP_TYPE_REUSEPORT_SOCKARRAY) msg = "<cannot read>";
  switch (style_) {
    case EntryStyle::Hex:
      plain_error(key, msg);
      break;
    case EntryStyle::Json:
      w_->start_object();
      w_->name("key");
      json_hex_array(*w_, key, l_.key_size, scratch_);
      w_->name("value");
      w_->start_object();
      w_->string_field("error", std::strerror(err));
      w_->end_object();
      w_->end_object();
      break;
    case EntryStyle::Btf: {
      // Upstream prints the plain error line inside its pretty array; an object
      // keeps the layout valid.
      w_->start_object();
      if (kv_.key_type_id) {
        w_->name("key");
        (void)kv_.format(*w_, true, kv_.key_type_id, key, l_.key_size);
      }
      w_->name("value");
      w_->start_object();
      w_->string_field("error", msg);
      w_->end_object();
      w_->end_object();
      break;
    }
  }
  out_.maybe_flush();
}

}  // namespace bpftool::commands
