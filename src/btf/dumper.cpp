#include "btf/dumper.h"

#include <fmt/format.h>

#include <cctype>
#include <cstring>

namespace bpftool::btf {

namespace {

constexpr int kMaxDepth = 64;  // malformed BTF can loop (typedef cycles)

uint64_t load_le(const uint8_t* p, size_t n) {
  uint64_t v = 0;
  std::memcpy(&v, p, n);  // x86-64/arm64 little endian, as the kernel's data
  return v;
}

// A value of at most 128 bits starting `bit_offset` bits into `data`, `nr_bits`
// wide, in upstream's rendering: hex text (quoted unless plain).
template <class Sink>
void print_bits(Sink& w, uint32_t nr_bits, uint32_t bit_offset, const uint8_t* data, size_t size,
                bool plain) {
  uint32_t bits_to_copy = bit_offset + nr_bits;
  size_t bytes = (bits_to_copy + 7) / 8;
  unsigned __int128 v = 0;
  if (bytes > 16) bytes = 16;
  if (bytes > size) bytes = size;
  std::memcpy(&v, data, bytes);
  unsigned left = 128 - bits_to_copy;
  unsigned right = 128 - nr_bits;
  if (left < 128) v <<= left; else v = 0;
  if (right < 128) v >>= right; else v = 0;
  auto hi = static_cast<uint64_t>(v >> 64), lo = static_cast<uint64_t>(v);
  std::string text = hi ? fmt::format("0x{:x}{:016x}", hi, lo) : fmt::format("0x{:x}", lo);
  if (plain) w.raw(text);
  else w.string(text);
}

bool is_str_array(const struct btf* btf, const struct btf_array* arr, const uint8_t* data, size_t size) {
  if (!arr->nelems || arr->nelems > size) return false;
  const struct btf_type* elem = btf__type_by_id(btf, arr->type);
  // Typedefs to char do not count (upstream); modifiers do.
  int guard = 0;
  while (elem && btf_is_mod(elem) && guard++ < kMaxDepth) elem = btf__type_by_id(btf, elem->type);
  if (!elem || !btf_is_int(elem) || elem->size != 1) return false;
  const char* n = btf__name_by_offset(btf, elem->name_off);
  if (btf_int_encoding(elem) != BTF_INT_CHAR && (!n || std::strcmp(n, "char") != 0)) return false;
  for (uint32_t i = 0; i < arr->nelems; i++) {
    auto c = static_cast<signed char>(data[i]);
    if (c == 0) return true;
    if (c <= 0x1f || c >= 0x7f) return false;
  }
  return false;
}

}  // namespace

template <class Sink>
Status Dumper::dump_type(Sink& w, uint32_t type_id, uint8_t bit_offset, const uint8_t* data, size_t size,
                         int depth) const {
  if (depth > kMaxDepth) return Error::msg("BTF type nesting too deep");
  const struct btf_type* t = btf__type_by_id(btf_, type_id);
  if (!t) return Error::msg("invalid BTF type id " + std::to_string(type_id));

  switch (btf_kind(t)) {
    case BTF_KIND_INT: {
      uint32_t enc = btf_int_encoding(t), nr_bits = btf_int_bits(t), off = btf_int_offset(t);
      if (bit_offset || off || (nr_bits % 8)) {
        uint32_t total = bit_offset + off;
        size_t skip = total / 8;
        if (skip >= size || (total % 8 + nr_bits + 7) / 8 > size - skip) return Error::msg("BTF data too short");
        print_bits(w, nr_bits, total % 8, data + skip, size - skip, plain_);
        return {};
      }
      size_t nbytes = nr_bits / 8;
      if (nbytes > size) return Error::msg("BTF data too short");
      if (nr_bits == 128) {
        print_bits(w, 128, 0, data, size, plain_);
        return {};
      }
      if (enc & BTF_INT_CHAR) {
        auto c = static_cast<unsigned char>(data[0]);
        if (std::isprint(c)) {
          w.string(std::string_view(reinterpret_cast<const char*>(data), 1));
        } else if (plain_) {
          w.raw(fmt::format("0x{:x}", c));
        } else {
          w.raw(fmt::format("\"\\u00{:02x}\"", c));
        }
        return {};
      }
      if (enc & BTF_INT_BOOL) {
        w.boolean(load_le(data, nbytes) != 0);
        return {};
      }
      if (nbytes != 1 && nbytes != 2 && nbytes != 4 && nbytes != 8) {
        print_bits(w, nr_bits, 0, data, size, plain_);
        return {};
      }
      uint64_t raw = load_le(data, nbytes);
      if (enc & BTF_INT_SIGNED) {
        unsigned shift = 64 - nr_bits;
        w.int_(static_cast<int64_t>(raw << shift) >> shift);
      } else {
        w.uint(raw);
      }
      return {};
    }
    case BTF_KIND_STRUCT:
    case BTF_KIND_UNION: {
      w.start_object();
      const struct btf_member* m = btf_members(t);
      Status st;
      for (unsigned i = 0; i < btf_vlen(t); i++) {
        uint32_t boff = btf_member_bit_offset(t, i);
        uint32_t bsize = btf_member_bitfield_size(t, i);
        const char* n = btf__name_by_offset(btf_, m[i].name_off);
        w.name(n ? n : "");
        size_t skip = boff / 8;
        if (skip > size || (bsize && (boff % 8 + bsize + 7) / 8 > size - skip)) {
          w.null();
          st = Error::msg("BTF data too short");
          break;
        }
        if (bsize) {
          print_bits(w, bsize, boff % 8, data + skip, size - skip, plain_);
        } else {
          st = dump_type(w, m[i].type, static_cast<uint8_t>(boff % 8), data + skip, size - skip, depth + 1);
          if (!st) break;
        }
      }
      w.end_object();
      return st;
    }
    case BTF_KIND_ARRAY: {
      const struct btf_array* arr = btf_array(t);
      if (is_str_array(btf_, arr, data, size)) {
        w.string(reinterpret_cast<const char*>(data));
        return {};
      }
      long long esz = btf__resolve_size(btf_, arr->type);
      if (esz < 0) return Error::msg("can't resolve BTF array element size");
      w.start_array();
      Status st;
      for (uint32_t i = 0; i < arr->nelems; i++) {
        size_t off = static_cast<size_t>(esz) * i;
        if (off > size || (esz > 0 && off + static_cast<size_t>(esz) > size)) {
          st = Error::msg("BTF data too short");
          break;
        }
        st = dump_type(w, arr->type, 0, data + off, size - off, depth + 1);
        if (!st) break;
      }
      w.end_array();
      return st;
    }
    case BTF_KIND_ENUM: {
      int64_t v;
      if (t->size > size) return Error::msg("BTF data too short");
      switch (t->size) {
        case 8: v = static_cast<int64_t>(load_le(data, 8)); break;
        case 4: v = static_cast<int32_t>(load_le(data, 4)); break;
        case 2: v = static_cast<int16_t>(load_le(data, 2)); break;
        case 1: v = static_cast<int8_t>(data[0]); break;
        default: return Error::msg("invalid BTF enum size");
      }
      const struct btf_enum* e = btf_enum(t);
      for (unsigned i = 0; i < btf_vlen(t); i++) {
        if (v == e[i].val) {
          w.string(btf__name_by_offset(btf_, e[i].name_off));
          return {};
        }
      }
      w.int_(v);
      return {};
    }
    case BTF_KIND_ENUM64: {
      if (size < 8) return Error::msg("BTF data too short");
      uint64_t v = load_le(data, 8);
      const struct btf_enum64* e = btf_enum64(t);
      for (unsigned i = 0; i < btf_vlen(t); i++) {
        if (static_cast<uint32_t>(v) == e[i].val_lo32 && static_cast<uint32_t>(v >> 32) == e[i].val_hi32) {
          w.string(btf__name_by_offset(btf_, e[i].name_off));
          return {};
        }
      }
      w.int_(static_cast<int64_t>(v));  // upstream prints it signed
      return {};
    }
    case BTF_KIND_PTR: {
      if (size < sizeof(void*)) return Error::msg("BTF data too short");
      uint64_t v = load_le(data, sizeof(void*));
      // Upstream prints "\"%p\"" in plain mode: a quoted 0x... or "(nil)".
      if (plain_) w.string(v ? fmt::format("{:#x}", v) : std::string("(nil)"));
      else w.uint(v);
      return {};
    }
    case BTF_KIND_FLOAT: {
      // Upstream prints "(unsupported-kind" here, which is not JSON; we print the number.
      if (t->size > size) return Error::msg("BTF data too short");
      if (t->size == 4) {
        float f;
        std::memcpy(&f, data, 4);
        w.raw(fmt::format("{}", f));
      } else if (t->size == 8) {
        double d;
        std::memcpy(&d, data, 8);
        w.raw(fmt::format("{}", d));
      } else {
        print_bits(w, t->size * 8, 0, data, size, plain_);
      }
      return {};
    }
    case BTF_KIND_TYPEDEF:
    case BTF_KIND_VOLATILE:
    case BTF_KIND_CONST:
    case BTF_KIND_RESTRICT:
    case BTF_KIND_TYPE_TAG: {
      int resolved = btf__resolve_type(btf_, type_id);
      if (resolved < 0) return Error::msg("can't resolve BTF type " + std::to_string(type_id));
      return dump_type(w, static_cast<uint32_t>(resolved), bit_offset, data, size, depth + 1);
    }
    case BTF_KIND_VAR: {
      w.start_object();
      const char* n = btf__name_by_offset(btf_, t->name_off);
      w.name(n ? n : "");
      Status st = dump_type(w, t->type, bit_offset, data, size, depth + 1);
      w.end_object();
      return st;
    }
    case BTF_KIND_DATASEC: {
      w.start_object();
      const char* n = btf__name_by_offset(btf_, t->name_off);
      w.name(n ? n : "");
      w.start_array();
      Status st;
      const struct btf_var_secinfo* vsi = btf_var_secinfos(t);
      for (unsigned i = 0; i < btf_vlen(t); i++) {
        if (vsi[i].offset > size) {
          st = Error::msg("BTF data too short");
          break;
        }
        st = dump_type(w, vsi[i].type, 0, data + vsi[i].offset, size - vsi[i].offset, depth + 1);
        if (!st) break;
      }
      w.end_array();
      w.end_object();
      return st;
    }
    case BTF_KIND_FWD:
      w.string("(fwd-kind-invalid)");
      return Error::msg("BTF forward declaration has no data layout");
    default:
      w.string("(unsupported-kind)");
      return Error::msg("unsupported BTF kind " + std::to_string(btf_kind(t)));
  }
}

Status Dumper::dump(output::JsonWriter& w, uint32_t type_id, const uint8_t* data, size_t size) const {
  return dump_type(w, type_id, 0, data, size, 0);
}

Status Dumper::dump(output::ValueBuilder& w, uint32_t type_id, const uint8_t* data, size_t size) const {
  return dump_type(w, type_id, 0, data, size, 0);
}

output::Value Dumper::to_value(uint32_t type_id, const uint8_t* data, size_t size) const {
  output::ValueBuilder b;
  (void)dump(b, type_id, data, size);  // partial output stays, as upstream's
  return b.take();
}

template Status Dumper::dump_type(output::JsonWriter&, uint32_t, uint8_t, const uint8_t*, size_t, int) const;
template Status Dumper::dump_type(output::ValueBuilder&, uint32_t, uint8_t, const uint8_t*, size_t, int) const;

}  // namespace bpftool::btf
