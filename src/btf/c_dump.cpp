#include "btf/c_dump.h"

#include <bpf/btf.h>
#include <bpf/libbpf_common.h>
#include <linux/btf.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace bpftool::btf {

namespace {

constexpr std::string_view kKfuncTag = "bpf_kfunc";
constexpr std::string_view kFastcallTag = "bpf_fastcall";

constexpr std::string_view kHeader =
    "#ifndef __VMLINUX_H__\n"
    "#define __VMLINUX_H__\n"
    "\n"
    "#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n"
    "#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)\n"
    "#endif\n"
    "\n"
    "#ifndef __ksym\n"
    "#define __ksym __attribute__((section(\".ksyms\")))\n"
    "#endif\n"
    "\n"
    "#ifndef __weak\n"
    "#define __weak __attribute__((weak))\n"
    "#endif\n"
    "\n"
    "#ifndef __bpf_fastcall\n"
    "#if __has_attribute(bpf_fastcall)\n"
    "#define __bpf_fastcall __attribute__((bpf_fastcall))\n"
    "#else\n"
    "#define __bpf_fastcall\n"
    "#endif\n"
    "#endif\n"
    "\n";

constexpr std::string_view kFooter =
    "#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n"
    "#pragma clang attribute pop\n"
    "#endif\n"
    "\n"
    "#endif /* __VMLINUX_H__ */\n";

constexpr int kMaxRank = 10;

const char* str_at(const struct btf* btf, uint32_t off) {
  const char* s = btf__name_by_offset(btf, off);
  return s ? s : "";
}

// libbpf's str_hash (hashmap.h), which upstream's sort hashes names with.
uint64_t str_hash(const char* s) {
  size_t h = 0;
  for (; *s; s++) h = h * 31 + static_cast<size_t>(*s);  // char is signed here, as in C
  return h;
}

uint64_t name_hash(uint64_t hash, const struct btf* btf, uint32_t name_off) {
  return name_off ? hash * 31 + str_hash(str_at(btf, name_off)) : hash;
}

bool is_modifier_like(uint32_t kind) {
  switch (kind) {
    case BTF_KIND_TYPE_TAG:
    case BTF_KIND_CONST:
    case BTF_KIND_PTR:
    case BTF_KIND_VOLATILE:
    case BTF_KIND_RESTRICT:
    case BTF_KIND_TYPEDEF:
    case BTF_KIND_DECL_TAG: return true;
    default: return false;
  }
}

// Each walk below follows at most one reference per step; the step limit
// keeps unvalidated BTF with a cycle from hanging us.
class Sorter {
 public:
  explicit Sorter(const struct btf* btf) : btf_(btf), cnt_(btf__type_cnt(btf)) {}

  // Upstream's btf_type_rank: enums first, then ints/floats, named structs,
  // named function prototypes, the rest last; names come through references.
  int rank(uint32_t id) const {
    bool has_name = false;
    for (uint32_t step = 0; step <= cnt_; step++) {
      const btf_type* t = btf__type_by_id(btf_, id);
      if (!t) return kMaxRank;
      if (t->name_off) has_name = true;
      const uint32_t kind = btf_kind(t);
      switch (kind) {
        case BTF_KIND_ENUM:
        case BTF_KIND_ENUM64: return has_name ? 1 : 0;
        case BTF_KIND_INT:
        case BTF_KIND_FLOAT: return 2;
        case BTF_KIND_STRUCT:
        case BTF_KIND_UNION: return has_name ? 3 : kMaxRank;
        case BTF_KIND_FUNC_PROTO: return has_name ? 4 : kMaxRank;
        case BTF_KIND_ARRAY:
          if (!has_name) return kMaxRank;
          id = btf_array(t)->type;
          break;
        default:
          if (!is_modifier_like(kind) || !has_name) return kMaxRank;
          id = t->type;
          break;
      }
    }
    return kMaxRank;
  }

  // Upstream's btf_type_sort_name: the name at the end of the references; an
  // anonymous enum sorts by its first enumerator.
  const char* sort_name(uint32_t id) const {
    bool from_ref = false;
    for (uint32_t step = 0; step <= cnt_; step++) {
      const btf_type* t = btf__type_by_id(btf_, id);
      if (!t) return "";
      const uint32_t kind = btf_kind(t);
      if (kind == BTF_KIND_ENUM || kind == BTF_KIND_ENUM64) {
        uint32_t off = t->name_off;
        if (!from_ref && !off && btf_vlen(t)) off = kind == BTF_KIND_ENUM64 ? btf_enum64(t)->name_off : btf_enum(t)->name_off;
        return str_at(btf_, off);
      }
      if (kind == BTF_KIND_ARRAY) {
        id = btf_array(t)->type;
      } else if (is_modifier_like(kind)) {
        id = t->type;
      } else {
        return str_at(btf_, t->name_off);
      }
      from_ref = true;
    }
    return "";
  }

  // Upstream's btf_type_disambig_hash, unrolled: along a reference chain
  // hash(t) = 31 * prefix(t) + hash(next), so the chain is a sum plus the hash
  // of its last type; struct members walk one chain each without members.
  uint64_t disambig_hash(uint32_t id, bool include_members) const {
    uint64_t sum = 0;
    for (uint32_t step = 0; step <= cnt_; step++) {
      const btf_type* t = btf__type_by_id(btf_, id);
      if (!t) return sum;
      const uint32_t kind = btf_kind(t);
      const uint64_t own = name_hash(0, btf_, t->name_off);
      if (is_modifier_like(kind)) {
        sum += 31 * own;
        id = t->type;
        continue;
      }
      if (kind == BTF_KIND_ARRAY) {
        sum += 31 * (own * 31 + btf_array(t)->nelems);
        id = btf_array(t)->type;
        continue;
      }
      return sum + leaf_hash(t, own, include_members);
    }
    return sum;
  }

 private:
  uint64_t leaf_hash(const btf_type* t, uint64_t hash, bool include_members) const {
    const uint16_t vlen = btf_vlen(t);
    switch (btf_kind(t)) {
      case BTF_KIND_ENUM:
        for (uint16_t i = 0; i < vlen; i++) hash = name_hash(hash, btf_, btf_enum(t)[i].name_off);
        break;
      case BTF_KIND_ENUM64:
        for (uint16_t i = 0; i < vlen; i++) hash = name_hash(hash, btf_, btf_enum64(t)[i].name_off);
        break;
      case BTF_KIND_STRUCT:
      case BTF_KIND_UNION:
        if (!include_members) break;
        for (uint16_t i = 0; i < vlen; i++) {
          const struct btf_member* m = btf_members(t) + i;
          hash = name_hash(hash, btf_, m->name_off);
          hash = hash * 31 + disambig_hash(m->type, false);
        }
        break;
      default: break;
    }
    return hash;
  }

  const struct btf* btf_;
  uint32_t cnt_;
};

struct Datum {
  uint32_t index;
  int rank;
  const char* sort_name;
  const char* own_name;
  uint64_t hash;
};

// btf_dump's printf callback: formats straight into the stream's buffer.
//
// libbpf 1.1's btf_dump writes an empty parameter list as `()`; newer libbpf
// (the one upstream bpftool is built with) writes `(void)`, the C meaning of
// a BTF FUNC_PROTO with no parameters. btf_dump prints `(` and `)` with
// nothing between them only for such a list (attributes are `((...))`, varargs
// `(...)`), so a `)` that directly follows a `(`, in the same fragment or
// across fragments, gets `void` in between.
struct CPrinter {
  output::OutStream* out;
  bool after_open = false;  // the last byte btf_dump printed was '('
};

// The fragment btf_dump just printed is buf[from, size).
void fix_empty_params(CPrinter& p, size_t from) {
  fmt::memory_buffer& buf = p.out->buffer();
  const std::string_view frag(buf.data() + from, buf.size() - from);
  if (frag.empty()) return;
  const bool was_open = p.after_open;
  p.after_open = frag.back() == '(';
  if (!(was_open && frag.front() == ')') && frag.find("()") == std::string_view::npos) return;
  std::string fixed;
  fixed.reserve(frag.size() + 8);
  char prev = was_open ? '(' : 0;
  for (char c : frag) {
    if (c == ')' && prev == '(') fixed += "void";
    fixed += c;
    prev = c;
  }
  buf.resize(from);
  p.out->write(fixed);
}

void print_to_stream(void* ctx, const char* fmt, va_list args) {
  auto& p = *static_cast<CPrinter*>(ctx);
  fmt::memory_buffer& buf = p.out->buffer();
  const size_t used = buf.size();
  if (buf.capacity() - used < 512) buf.reserve(used + 4096);
  va_list copy;
  va_copy(copy, args);
  int n = std::vsnprintf(buf.data() + used, buf.capacity() - used, fmt, copy);
  va_end(copy);
  if (n < 0) return;
  if (static_cast<size_t>(n) >= buf.capacity() - used) {
    buf.reserve(used + static_cast<size_t>(n) + 1);
    n = std::vsnprintf(buf.data() + used, static_cast<size_t>(n) + 1, fmt, args);
    if (n < 0) return;
  }
  buf.resize(used + static_cast<size_t>(n));
  fix_empty_params(p, used);
  p.out->maybe_flush();
}

struct DumpFree {
  void operator()(struct btf_dump* d) const { btf_dump__free(d); }
};

bool tag_is(const char* name, std::string_view tag) { return std::string_view(name) == tag; }

// Upstream's dump_btf_kfuncs: an `extern` prototype for each FUNC carrying a
// whole-function `bpf_kfunc` decl tag, sorted by name.
Status dump_kfuncs(output::OutStream& out, struct btf_dump* d, const struct btf* btf) {
  out.write("\n/* BPF kfuncs */\n#ifndef BPF_NO_KFUNC_PROTOTYPES\n");
  std::vector<const btf_type*> kfuncs, fastcalls;
  const uint32_t cnt = btf__type_cnt(btf);
  for (uint32_t i = 1; i < cnt; i++) {
    const btf_type* t = btf__type_by_id(btf, i);
    if (!btf_is_decl_tag(t) || btf_decl_tag(t)->component_idx != -1) continue;
    const btf_type* ft = btf__type_by_id(btf, t->type);
    if (!ft || !btf_is_func(ft)) continue;
    const char* name = str_at(btf, t->name_off);
    if (tag_is(name, kKfuncTag)) kfuncs.push_back(ft);
    if (tag_is(name, kFastcallTag)) fastcalls.push_back(ft);
  }
  std::stable_sort(kfuncs.begin(), kfuncs.end(), [&](const btf_type* a, const btf_type* b) {
    return std::strcmp(str_at(btf, a->name_off), str_at(btf, b->name_off)) < 0;
  });
  for (const btf_type* t : kfuncs) {
    out.write("extern ");
    if (std::find(fastcalls.begin(), fastcalls.end(), t) != fastcalls.end()) out.write("__bpf_fastcall ");
    LIBBPF_OPTS(btf_dump_emit_type_decl_opts, opts);
    opts.field_name = str_at(btf, t->name_off);
    if (int err = btf_dump__emit_type_decl(d, t->type, &opts); err)
      return Error::sys(-err, "failed to dump the prototype of kfunc " + std::string(opts.field_name));
    out.write(" __weak __ksym;\n");
  }
  out.write("#endif\n\n");
  return {};
}

Status dump_one(struct btf_dump* d, uint32_t id) {
  if (int err = btf_dump__dump_type(d, id); err) return Error::sys(-err, "failed to dump type [" + std::to_string(id) + "]");
  return {};
}

}  // namespace

std::vector<uint32_t> sorted_c_order(const struct btf* btf) {
  const uint32_t n = btf__type_cnt(btf);
  const Sorter s(btf);
  std::vector<Datum> datums(n);
  for (uint32_t i = 0; i < n; i++) {
    const btf_type* t = btf__type_by_id(btf, i);
    datums[i] = {i, s.rank(i), s.sort_name(i), str_at(btf, t ? t->name_off : 0), s.disambig_hash(i, true)};
  }
  std::sort(datums.begin(), datums.end(), [](const Datum& a, const Datum& b) {
    if (a.rank != b.rank) return a.rank < b.rank;
    if (int r = std::strcmp(a.sort_name, b.sort_name)) return r < 0;
    if (int r = std::strcmp(a.own_name, b.own_name)) return r < 0;
    if (a.hash != b.hash) return a.hash < b.hash;
    return a.index < b.index;
  });
  std::vector<uint32_t> order;
  order.reserve(n);
  for (uint32_t i = 1; i < n; i++) order.push_back(datums[i].index);
  return order;
}

Status dump_c(output::OutStream& out, const struct btf* btf, std::span<const uint32_t> roots, bool sorted) {
  CPrinter printer{&out};
  std::unique_ptr<struct btf_dump, DumpFree> d(btf_dump__new(btf, print_to_stream, &printer, nullptr));
  if (!d) return Error::sys(errno, "failed to create a BTF dumper");
  out.write(kHeader);
  if (!roots.empty()) {
    for (uint32_t id : roots) BT_TRY(dump_one(d.get(), id));
  } else {
    if (sorted) {
      for (uint32_t id : sorted_c_order(btf)) BT_TRY(dump_one(d.get(), id));
    } else {
      const uint32_t cnt = btf__type_cnt(btf);
      for (uint32_t id = 1; id < cnt; id++) BT_TRY(dump_one(d.get(), id));
    }
    BT_TRY(dump_kfuncs(out, d.get(), btf));
  }
  out.write(kFooter);
  return {};
}

}  // namespace bpftool::btf
