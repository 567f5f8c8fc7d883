#include "btf/func_proto.h"

#include <cstddef>
#include <string_view>

namespace bpftool::btf {

namespace {

constexpr size_t kSignatureMax = 1024;  // upstream's func_sig buffer

class SignaturePrinter {
 public:
  explicit SignaturePrinter(const struct btf* btf) : btf_(btf) {}

  bool type(uint32_t type_id, int depth = 0) {
    if (depth > 64) return false;  // a BTF loop; upstream would recurse forever
    if (!type_id) return arg("void ");
    const struct btf_type* t = btf__type_by_id(btf_, type_id);
    if (!t) return false;
    switch (btf_kind(t)) {
      case BTF_KIND_INT:
      case BTF_KIND_TYPEDEF:
      case BTF_KIND_FLOAT:
        return arg(name(t->name_off)) && arg(" ");
      case BTF_KIND_STRUCT:
        return arg("struct ") && arg(name(t->name_off)) && arg(" ");
      case BTF_KIND_UNION:
        return arg("union ") && arg(name(t->name_off)) && arg(" ");
      case BTF_KIND_ENUM:
      case BTF_KIND_ENUM64:
        return arg("enum ") && arg(name(t->name_off)) && arg(" ");
      case BTF_KIND_ARRAY: {
        const struct btf_array* a = btf_array(t);
        return type(a->type, depth + 1) &&
               arg("[" + std::to_string(static_cast<int32_t>(a->nelems)) + "]");
      }
      case BTF_KIND_PTR:
        return type(t->type, depth + 1) && arg("* ");
      case BTF_KIND_FWD:
        return arg(btf_kflag(t) ? "union " : "struct ") && arg(name(t->name_off)) && arg(" ");
      case BTF_KIND_VOLATILE:
        return arg("volatile ") && type(t->type, depth + 1);
      case BTF_KIND_CONST:
        return arg("const ") && type(t->type, depth + 1);
      case BTF_KIND_RESTRICT:
        return arg("restrict ") && type(t->type, depth + 1);
      case BTF_KIND_FUNC_PROTO:
        return func(t, nullptr, depth);
      case BTF_KIND_FUNC: {
        const struct btf_type* proto = btf__type_by_id(btf_, t->type);
        return proto && btf_is_func_proto(proto) && func(proto, t, depth);
      }
      case BTF_KIND_VAR:
        if (btf_var(t)->linkage == BTF_VAR_STATIC && !arg("static ")) return false;
        return type(t->type, depth + 1) && arg(" ") && arg(name(t->name_off));
      case BTF_KIND_DATASEC:
        return arg("section (\"") && arg(name(t->name_off)) && arg("\") ");
      default:
        return false;
    }
  }

  std::string take() { return std::move(s_); }

 private:
  // printf("%s", NULL) prints "(null)" with glibc: a bad name offset reads so.
  std::string_view name(uint32_t off) const {
    const char* n = btf__name_by_offset(btf_, off);
    return n ? std::string_view(n) : std::string_view("(null)");
  }
  // Upstream's BTF_PRINT_ARG fails once the text no longer fits its buffer.
  bool arg(std::string_view piece) {
    s_.append(piece);
    return s_.size() < kSignatureMax;
  }
  bool func(const struct btf_type* proto, const struct btf_type* fn, int depth) {
    if (!type(proto->type, depth + 1)) return false;
    if (fn ? !(arg(name(fn->name_off)) && arg("(")) : !arg("(")) return false;
    const struct btf_param* p = btf_params(proto);
    for (unsigned i = 0; i < btf_vlen(proto); i++, p++) {
      if (i && !arg(", ")) return false;
      if (!p->type) {
        if (!arg("...")) return false;
        continue;
      }
      if (!type(p->type, depth + 1)) return false;
      if (p->name_off) {
        if (!arg(name(p->name_off))) return false;
      } else if (!s_.empty() && s_.back() == ' ') {
        s_.pop_back();  // an unnamed parameter: "int" rather than "int "
      }
    }
    return arg(")");
  }

  const struct btf* btf_;
  std::string s_;
};

}  // namespace

std::string type_signature(const struct btf* btf, uint32_t type_id) {
  if (!btf) return {};
  SignaturePrinter p(btf);
  if (!p.type(type_id)) return {};
  return p.take();
}

}  // namespace bpftool::btf
