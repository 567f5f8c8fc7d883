#include "btf/raw_dump.h"

#include <bpf/btf.h>
#include <linux/btf.h>

#include <cstring>
#include <string_view>

namespace bpftool::btf {

namespace {

constexpr const char* kKindNames[] = {
    "UNKNOWN", "INT", "PTR", "ARRAY", "STRUCT", "UNION", "ENUM", "FWD", "TYPEDEF", "VOLATILE",
    "CONST", "RESTRICT", "FUNC", "FUNC_PROTO", "VAR", "DATASEC", "FLOAT", "DECL_TAG", "TYPE_TAG", "ENUM64",
};

const char* int_encoding(uint32_t enc) {
  switch (enc) {
    case 0: return "(none)";
    case BTF_INT_SIGNED: return "SIGNED";
    case BTF_INT_CHAR: return "CHAR";
    case BTF_INT_BOOL: return "BOOL";
    default: return "UNKN";
  }
}

const char* var_linkage(uint32_t linkage) {
  switch (linkage) {
    case BTF_VAR_STATIC: return "static";
    case BTF_VAR_GLOBAL_ALLOCATED: return "global";
    case BTF_VAR_GLOBAL_EXTERN: return "extern";
    default: return "(unknown)";
  }
}

const char* func_linkage(uint32_t linkage) {
  switch (linkage) {
    case BTF_FUNC_STATIC: return "static";
    case BTF_FUNC_GLOBAL: return "global";
    case BTF_FUNC_EXTERN: return "extern";
    default: return "(unknown)";
  }
}

// Upstream's btf_str: "(anon)" for offset 0, "(invalid)" past the strings.
std::string_view name_of(const struct btf* btf, uint32_t off) {
  if (!off) return "(anon)";
  const char* s = btf__name_by_offset(btf, off);
  return s ? std::string_view(s) : std::string_view("(invalid)");
}

// Text appended to the stream's buffer in place.
class Text {
 public:
  explicit Text(fmt::memory_buffer& b) : b_(b) {}
  Text& s(std::string_view v) {
    const size_t old = b_.size();
    b_.resize(old + v.size());
    std::memcpy(b_.data() + old, v.data(), v.size());
    return *this;
  }
  Text& u(uint64_t v) { return s(std::string_view(fmt::format_int(v).c_str())); }
  Text& i(int64_t v) { return s(std::string_view(fmt::format_int(v).c_str())); }
  Text& quoted(std::string_view v) { return s("'").s(v).s("'"); }

 private:
  fmt::memory_buffer& b_;
};

void plain_type(Text& o, const struct btf* btf, uint32_t id, const btf_type* t) {
  const uint32_t kind = btf_kind(t);
  const uint16_t vlen = btf_vlen(t);
  o.s("[").u(id).s("] ").s(kind_name(kind)).s(" ").quoted(name_of(btf, t->name_off));
  switch (kind) {
    case BTF_KIND_INT: {
      const uint32_t v = *reinterpret_cast<const uint32_t*>(t + 1);
      o.s(" size=").u(t->size).s(" bits_offset=").u(BTF_INT_OFFSET(v)).s(" nr_bits=").u(BTF_INT_BITS(v));
      o.s(" encoding=").s(int_encoding(BTF_INT_ENCODING(v)));
      break;
    }
    case BTF_KIND_PTR:
    case BTF_KIND_CONST:
    case BTF_KIND_VOLATILE:
    case BTF_KIND_RESTRICT:
    case BTF_KIND_TYPEDEF:
    case BTF_KIND_TYPE_TAG: o.s(" type_id=").u(t->type); break;
    case BTF_KIND_ARRAY: {
      const struct btf_array* a = btf_array(t);
      o.s(" type_id=").u(a->type).s(" index_type_id=").u(a->index_type).s(" nr_elems=").u(a->nelems);
      break;
    }
    case BTF_KIND_STRUCT:
    case BTF_KIND_UNION: {
      o.s(" size=").u(t->size).s(" vlen=").u(vlen);
      const struct btf_member* m = btf_members(t);
      for (uint16_t i = 0; i < vlen; i++, m++) {
        const bool kflag = btf_kflag(t);
        const uint32_t bit_off = kflag ? BTF_MEMBER_BIT_OFFSET(m->offset) : m->offset;
        const uint32_t bit_sz = kflag ? BTF_MEMBER_BITFIELD_SIZE(m->offset) : 0;
        o.s("\n\t").quoted(name_of(btf, m->name_off)).s(" type_id=").u(m->type).s(" bits_offset=").u(bit_off);
        if (bit_sz) o.s(" bitfield_size=").u(bit_sz);
      }
      break;
    }
    case BTF_KIND_ENUM: {
      const bool sign = btf_kflag(t);
      o.s(" encoding=").s(sign ? "SIGNED" : "UNSIGNED").s(" size=").u(t->size).s(" vlen=").u(vlen);
      const struct btf_enum* v = btf_enum(t);
      for (uint16_t i = 0; i < vlen; i++, v++) {
        o.s("\n\t").quoted(name_of(btf, v->name_off)).s(" val=");
        if (sign) o.i(v->val);
        else o.u(static_cast<uint32_t>(v->val));
      }
      break;
    }
    case BTF_KIND_ENUM64: {
      const bool sign = btf_kflag(t);
      o.s(" encoding=").s(sign ? "SIGNED" : "UNSIGNED").s(" size=").u(t->size).s(" vlen=").u(vlen);
      const struct btf_enum64* v = btf_enum64(t);
      for (uint16_t i = 0; i < vlen; i++, v++) {
        const uint64_t val = (uint64_t{v->val_hi32} << 32) | v->val_lo32;
        o.s("\n\t").quoted(name_of(btf, v->name_off)).s(" val=");
        if (sign) o.i(static_cast<int64_t>(val)).s("LL");
        else o.u(val).s("ULL");
      }
      break;
    }
    case BTF_KIND_FWD: o.s(" fwd_kind=").s(btf_kflag(t) ? "union" : "struct"); break;
    case BTF_KIND_FUNC: o.s(" type_id=").u(t->type).s(" linkage=").s(func_linkage(vlen)); break;
    case BTF_KIND_FUNC_PROTO: {
      o.s(" ret_type_id=").u(t->type).s(" vlen=").u(vlen);
      const struct btf_param* p = btf_params(t);
      for (uint16_t i = 0; i < vlen; i++, p++)
        o.s("\n\t").quoted(name_of(btf, p->name_off)).s(" type_id=").u(p->type);
      break;
    }
    case BTF_KIND_VAR: o.s(" type_id=").u(t->type).s(", linkage=").s(var_linkage(btf_var(t)->linkage)); break;
    case BTF_KIND_DATASEC: {
      o.s(" size=").u(t->size).s(" vlen=").u(vlen);
      const struct btf_var_secinfo* v = btf_var_secinfos(t);
      const uint32_t cnt = btf__type_cnt(btf);
      for (uint16_t i = 0; i < vlen; i++, v++) {
        o.s("\n\ttype_id=").u(v->type).s(" offset=").u(v->offset).s(" size=").u(v->size);
        if (v->type < cnt) {
          const btf_type* vt = btf__type_by_id(btf, v->type);
          o.s(" (").s(kind_name(btf_kind(vt))).s(" ").quoted(name_of(btf, vt->name_off)).s(")");
        }
      }
      break;
    }
    case BTF_KIND_FLOAT: o.s(" size=").u(t->size); break;
    case BTF_KIND_DECL_TAG:
      o.s(" type_id=").u(t->type).s(" component_idx=").i(btf_decl_tag(t)->component_idx);
      break;
    default: break;
  }
  o.s("\n");
}

void json_type(output::JsonWriter& w, const struct btf* btf, uint32_t id, const btf_type* t) {
  const uint32_t kind = btf_kind(t);
  const uint16_t vlen = btf_vlen(t);
  w.start_object();
  w.uint_field("id", id);
  w.string_field("kind", kind_name(kind));
  w.string_field("name", name_of(btf, t->name_off));
  switch (kind) {
    case BTF_KIND_INT: {
      const uint32_t v = *reinterpret_cast<const uint32_t*>(t + 1);
      w.uint_field("size", t->size);
      w.uint_field("bits_offset", BTF_INT_OFFSET(v));
      w.uint_field("nr_bits", BTF_INT_BITS(v));
      w.string_field("encoding", int_encoding(BTF_INT_ENCODING(v)));
      break;
    }
    case BTF_KIND_PTR:
    case BTF_KIND_CONST:
    case BTF_KIND_VOLATILE:
    case BTF_KIND_RESTRICT:
    case BTF_KIND_TYPEDEF:
    case BTF_KIND_TYPE_TAG: w.uint_field("type_id", t->type); break;
    case BTF_KIND_ARRAY: {
      const struct btf_array* a = btf_array(t);
      w.uint_field("type_id", a->type);
      w.uint_field("index_type_id", a->index_type);
      w.uint_field("nr_elems", a->nelems);
      break;
    }
    case BTF_KIND_STRUCT:
    case BTF_KIND_UNION: {
      w.uint_field("size", t->size);
      w.uint_field("vlen", vlen);
      w.name("members");
      w.start_array();
      const struct btf_member* m = btf_members(t);
      for (uint16_t i = 0; i < vlen; i++, m++) {
        const bool kflag = btf_kflag(t);
        const uint32_t bit_sz = kflag ? BTF_MEMBER_BITFIELD_SIZE(m->offset) : 0;
        w.start_object();
        w.string_field("name", name_of(btf, m->name_off));
        w.uint_field("type_id", m->type);
        w.uint_field("bits_offset", kflag ? BTF_MEMBER_BIT_OFFSET(m->offset) : m->offset);
        if (bit_sz) w.uint_field("bitfield_size", bit_sz);
        w.end_object();
      }
      w.end_array();
      break;
    }
    case BTF_KIND_ENUM:
    case BTF_KIND_ENUM64: {
      const bool sign = btf_kflag(t);
      w.string_field("encoding", sign ? "SIGNED" : "UNSIGNED");
      w.uint_field("size", t->size);
      w.uint_field("vlen", vlen);
      w.name("values");
      w.start_array();
      for (uint16_t i = 0; i < vlen; i++) {
        uint32_t name_off;
        uint64_t val;
        if (kind == BTF_KIND_ENUM) {
          const struct btf_enum* v = btf_enum(t) + i;
          name_off = v->name_off;
          // val is __s32: upstream's jsonw_uint_field sign-extends it even
          // for an unsigned enum (its plain text prints %u).
          val = static_cast<uint64_t>(int64_t{v->val});
        } else {
          const struct btf_enum64* v = btf_enum64(t) + i;
          name_off = v->name_off;
          val = (uint64_t{v->val_hi32} << 32) | v->val_lo32;
        }
        w.start_object();
        w.string_field("name", name_of(btf, name_off));
        if (sign) w.int_field("val", static_cast<int64_t>(val));
        else w.uint_field("val", val);
        w.end_object();
      }
      w.end_array();
      break;
    }
    case BTF_KIND_FWD: w.string_field("fwd_kind", btf_kflag(t) ? "union" : "struct"); break;
    case BTF_KIND_FUNC:
      w.uint_field("type_id", t->type);
      w.string_field("linkage", func_linkage(vlen));
      break;
    case BTF_KIND_FUNC_PROTO: {
      w.uint_field("ret_type_id", t->type);
      w.uint_field("vlen", vlen);
      w.name("params");
      w.start_array();
      const struct btf_param* p = btf_params(t);
      for (uint16_t i = 0; i < vlen; i++, p++) {
        w.start_object();
        w.string_field("name", name_of(btf, p->name_off));
        w.uint_field("type_id", p->type);
        w.end_object();
      }
      w.end_array();
      break;
    }
    case BTF_KIND_VAR:
      w.uint_field("type_id", t->type);
      w.string_field("linkage", var_linkage(btf_var(t)->linkage));
      break;
    case BTF_KIND_DATASEC: {
      w.uint_field("size", t->size);
      w.uint_field("vlen", vlen);
      w.name("vars");
      w.start_array();
      const struct btf_var_secinfo* v = btf_var_secinfos(t);
      for (uint16_t i = 0; i < vlen; i++, v++) {
        w.start_object();
        w.uint_field("type_id", v->type);
        w.uint_field("offset", v->offset);
        w.uint_field("size", v->size);
        w.end_object();
      }
      w.end_array();
      break;
    }
    case BTF_KIND_FLOAT: w.uint_field("size", t->size); break;
    case BTF_KIND_DECL_TAG:
      w.uint_field("type_id", t->type);
      w.int_field("component_idx", btf_decl_tag(t)->component_idx);
      break;
    default: break;
  }
  w.end_object();
}

// Calls fn(id) for the roots, or for every own type of `btf`.
template <class Fn>
void for_each_dumped(const struct btf* btf, std::span<const uint32_t> roots, Fn&& fn) {
  if (!roots.empty()) {
    for (uint32_t id : roots) fn(id);
    return;
  }
  const struct btf* base = btf__base_btf(btf);
  const uint32_t cnt = btf__type_cnt(btf);
  for (uint32_t id = base ? btf__type_cnt(base) : 1; id < cnt; id++) fn(id);
}

}  // namespace

const char* kind_name(uint32_t kind) {
  return kind < std::size(kKindNames) ? kKindNames[kind] : kKindNames[0];
}

void dump_raw_plain(output::OutStream& out, const struct btf* btf, std::span<const uint32_t> roots) {
  Text text(out.buffer());
  for_each_dumped(btf, roots, [&](uint32_t id) {
    plain_type(text, btf, id, btf__type_by_id(btf, id));
    out.maybe_flush();
  });
}

void dump_raw_json(output::JsonWriter& jw, const struct btf* btf, std::span<const uint32_t> roots) {
  jw.start_object();
  jw.name("types");
  jw.start_array();
  for_each_dumped(btf, roots, [&](uint32_t id) { json_type(jw, btf, id, btf__type_by_id(btf, id)); });
  jw.end_array();
  jw.end_object();
}

}  // namespace bpftool::btf
