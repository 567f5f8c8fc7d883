#include "output/json_writer.h"

#include <cstring>

#include "core/hex.h"
#include "core/result.h"

namespace bpftool::output {

// The separator/indent algorithm is upstream's json_writer (from iproute2): a
// pending separator is written before each element, pretty mode breaks the line
// before every object member and before a closing bracket of a non-empty container.

void JsonWriter::eor() {
  if (sep_ != '\0') out_.put(sep_);
  sep_ = ',';
}

void JsonWriter::eol() {
  if (!pretty_) return;
  out_.put('\n');
  for (unsigned i = 0; i < depth_; i++) out_.write("    ");
}

void JsonWriter::begin(char c) {
  eor();
  out_.put(c);
  closers_.push_back(c == '{' ? '}' : ']');
  depth_++;
  sep_ = '\0';
  pending_value_ = false;
}

void JsonWriter::end(char c) {
  if (depth_ == 0 || closers_.back() != c) BT_BUG("unbalanced JSON container");
  closers_.pop_back();
  if (pending_value_) {
    // A name without a value would make the document invalid.
    out_.write("null");
    pending_value_ = false;
    sep_ = ',';
  }
  depth_--;
  if (sep_ != '\0') eol();
  out_.put(c);
  sep_ = ',';
  value_done();
}

void JsonWriter::name(std::string_view key) {
  if (pending_value_) null();
  eor();
  eol();
  sep_ = '\0';
  out_.put('"');
  escape_into(out_.buffer(), key);
  out_.write(pretty_ ? "\": " : "\":");
  pending_value_ = true;
}

void JsonWriter::raw(std::string_view v) {
  eor();
  out_.write(v);
  value_done();
}

void JsonWriter::string(std::string_view v) {
  eor();
  out_.put('"');
  escape_into(out_.buffer(), v);
  out_.put('"');
  out_.maybe_flush();
  value_done();
}

void JsonWriter::uint(uint64_t v) {
  eor();
  out_.put_uint(v);
  value_done();
}

void JsonWriter::int_(int64_t v) {
  eor();
  out_.put_int(v);
  value_done();
}

void JsonWriter::finish() {
  // Containers still open here mean a command returned early without its
  // scopes; close them so the document stays valid.
  while (depth_ > 0) end(closers_.back());
  if (top_values_ > 0) out_.put('\n');
}

namespace {

// Length of a valid UTF-8 sequence starting at s[i], or 0 if invalid.
size_t utf8_len(std::string_view s, size_t i) {
  auto b = static_cast<unsigned char>(s[i]);
  size_t n;
  uint32_t cp;
  if (b >= 0xc2 && b <= 0xdf) n = 2, cp = b & 0x1f;
  else if (b >= 0xe0 && b <= 0xef) n = 3, cp = b & 0x0f;
  else if (b >= 0xf0 && b <= 0xf4) n = 4, cp = b & 0x07;
  else return 0;
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; k++) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3f);
  }
  if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
    return 0;
  return n;
}

}  // namespace

void JsonWriter::escape_into(fmt::memory_buffer& buf, std::string_view s) {
  size_t start = 0;
  auto flush_plain = [&](size_t upto) {
    // One memcpy: fmt's append copies byte by byte.
    const size_t n = upto - start, old = buf.size();
    buf.resize(old + n);
    if (n) std::memcpy(buf.data() + old, s.data() + start, n);
  };
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      i++;
      continue;
    }
    if (c >= 0x80) {
      size_t n = utf8_len(s, i);
      if (n) {
        i += n;
        continue;
      }
    }
    flush_plain(i);
    const char* esc = nullptr;
    switch (c) {
      case '"': esc = "\\\""; break;
      case '\\': esc = "\\\\"; break;
      case '\t': esc = "\\t"; break;
      case '\n': esc = "\\n"; break;
      case '\r': esc = "\\r"; break;
      case '\f': esc = "\\f"; break;
      case '\b': esc = "\\b"; break;
      default: break;
    }
    if (esc) {
      buf.append(std::string_view(esc));
    } else {
      // Control bytes, DEL and bytes that are not UTF-8: \u00XX keeps the
      // document valid (upstream wrote them raw).
      const auto& h = core::kHexByte[c];
      char u[6] = {'\\', 'u', '0', '0', h[0], h[1]};
      buf.append(u, u + 6);
    }
    i++;
    start = i;
  }
  flush_plain(s.size());
}

}  // namespace bpftool::output
