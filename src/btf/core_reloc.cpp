#include "btf/core_reloc.h"

#include <linux/bpf.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

namespace bpftool::btf {

namespace {

// libbpf's recursion limit for type compatibility checks.
constexpr int kMaxCompatDepth = 32;

bool is_field_based(uint32_t kind) { return kind <= BPF_CORE_FIELD_RSHIFT_U64; }
bool is_type_based(uint32_t kind) {
  return kind == BPF_CORE_TYPE_ID_LOCAL || kind == BPF_CORE_TYPE_ID_TARGET || kind == BPF_CORE_TYPE_EXISTS ||
         kind == BPF_CORE_TYPE_MATCHES || kind == BPF_CORE_TYPE_SIZE;
}
bool is_enumval_based(uint32_t kind) { return kind == BPF_CORE_ENUMVAL_EXISTS || kind == BPF_CORE_ENUMVAL_VALUE; }

bool is_any_enum(const btf_type* t) { return btf_is_enum(t) || btf_is_enum64(t); }

// Same kind, or enum vs enum64 (libbpf's btf_kind_core_compat).
bool kinds_compat(const btf_type* a, const btf_type* b) {
  return btf_kind(a) == btf_kind(b) || (is_any_enum(a) && is_any_enum(b));
}

const char* name_of(const struct btf* b, uint32_t off) {
  const char* n = btf__name_by_offset(b, off);
  return n ? n : "";
}

// skip_mods_and_typedefs with a bound, so a typedef cycle in a broken BTF ends.
const btf_type* skip_mods(const struct btf* b, uint32_t id, uint32_t* res_id) {
  const btf_type* t = btf__type_by_id(b, id);
  for (uint32_t n = btf__type_cnt(b); t && n > 0 && (btf_is_mod(t) || btf_is_typedef(t)); n--) {
    id = t->type;
    t = btf__type_by_id(b, id);
  }
  if (t && (btf_is_mod(t) || btf_is_typedef(t))) return nullptr;
  if (res_id) *res_id = id;
  return t;
}

uint32_t enum_name_off(const btf_type* t, uint32_t i) {
  return btf_is_enum(t) ? btf_enum(t)[i].name_off : btf_enum64(t)[i].name_off;
}

bool names_equal_essential(const char* a, const char* b) {
  size_t la = essential_name_len(a), lb = essential_name_len(b);
  return la == lb && std::strncmp(a, b, la) == 0;
}

Error invalid(const std::string& why) { return Error::msg(EINVAL, why); }

// __bpf_core_types_are_compat: for TYPE_ID_TARGET, TYPE_EXISTS and TYPE_SIZE.
Result<bool> types_are_compat(const struct btf* lb, uint32_t lid, const struct btf* tb, uint32_t tid, int level) {
  const btf_type* lt = btf__type_by_id(lb, lid);
  const btf_type* tt = btf__type_by_id(tb, tid);
  if (!lt || !tt) return invalid("bad type id");
  if (!kinds_compat(lt, tt)) return false;
  for (int depth = kMaxCompatDepth; depth > 0; depth--) {
    lt = skip_mods(lb, lid, &lid);
    tt = skip_mods(tb, tid, &tid);
    if (!lt || !tt) return invalid("bad type id");
    if (!kinds_compat(lt, tt)) return false;
    switch (btf_kind(lt)) {
      case BTF_KIND_UNKN:
      case BTF_KIND_STRUCT:
      case BTF_KIND_UNION:
      case BTF_KIND_ENUM:
      case BTF_KIND_FWD:
      case BTF_KIND_ENUM64:
        return true;
      case BTF_KIND_INT:
        return btf_int_offset(lt) == 0 && btf_int_offset(tt) == 0;
      case BTF_KIND_PTR:
        lid = lt->type;
        tid = tt->type;
        continue;
      case BTF_KIND_ARRAY:
        lid = btf_array(lt)->type;
        tid = btf_array(tt)->type;
        continue;
      case BTF_KIND_FUNC_PROTO: {
        if (btf_vlen(lt) != btf_vlen(tt)) return false;
        const struct btf_param* lp = btf_params(lt);
        const struct btf_param* tp = btf_params(tt);
        for (uint16_t i = 0; i < btf_vlen(lt); i++) {
          if (level <= 0) return invalid("types nest too deep");
          uint32_t l = 0, t = 0;
          if (!skip_mods(lb, lp[i].type, &l) || !skip_mods(tb, tp[i].type, &t)) return invalid("bad type id");
          auto c = types_are_compat(lb, l, tb, t, level - 1);
          if (!c || !*c) return c;
        }
        if (!skip_mods(lb, lt->type, &lid) || !skip_mods(tb, tt->type, &tid)) return invalid("bad type id");
        continue;
      }
      default:
        return false;
    }
  }
  return invalid("types nest too deep");
}

bool core_names_match(const struct btf* lb, uint32_t loff, const struct btf* tb, uint32_t toff) {
  const char* l = name_of(lb, loff);
  const char* t = name_of(tb, toff);
  if (!*t) return !*l;
  return names_equal_essential(l, t);
}

Result<bool> types_match(const struct btf* lb, uint32_t lid, const struct btf* tb, uint32_t tid, bool behind_ptr,
                         int level);

Result<bool> composites_match(const struct btf* lb, const btf_type* lt, const struct btf* tb, const btf_type* tt,
                              bool behind_ptr, int level) {
  if (btf_vlen(lt) > btf_vlen(tt)) return false;
  const struct btf_member* lm = btf_members(lt);
  for (uint16_t i = 0; i < btf_vlen(lt); i++) {
    const struct btf_member* tm = btf_members(tt);
    bool matched = false;
    for (uint16_t j = 0; j < btf_vlen(tt) && !matched; j++) {
      if (!core_names_match(lb, lm[i].name_off, tb, tm[j].name_off)) continue;
      auto m = types_match(lb, lm[i].type, tb, tm[j].type, behind_ptr, level - 1);
      if (!m) return m;
      matched = *m;
    }
    if (!matched) return false;
  }
  return true;
}

bool enums_match(const struct btf* lb, const btf_type* lt, const struct btf* tb, const btf_type* tt) {
  if (lt->size != tt->size || btf_vlen(lt) > btf_vlen(tt)) return false;
  for (uint16_t i = 0; i < btf_vlen(lt); i++) {
    bool matched = false;
    for (uint16_t j = 0; j < btf_vlen(tt) && !matched; j++)
      matched = core_names_match(lb, enum_name_off(lt, i), tb, enum_name_off(tt, j));
    if (!matched) return false;
  }
  return true;
}

// __bpf_core_types_match: for TYPE_MATCHES.
Result<bool> types_match(const struct btf* lb, uint32_t lid, const struct btf* tb, uint32_t tid, bool behind_ptr,
                         int level) {
  if (level <= 0) return invalid("types nest too deep");
  for (int depth = kMaxCompatDepth; depth > 0; depth--) {
    const btf_type* lt = skip_mods(lb, lid, &lid);
    const btf_type* tt = skip_mods(tb, tid, &tid);
    if (!lt || !tt) return invalid("bad type id");
    if (!core_names_match(lb, lt->name_off, tb, tt->name_off)) return false;
    uint16_t lk = btf_kind(lt), tk = btf_kind(tt);
    switch (lk) {
      case BTF_KIND_UNKN:
        return lk == tk;
      case BTF_KIND_FWD: {
        bool lf = btf_kflag(lt);
        if (lk == tk) return lf == btf_kflag(tt);
        if (!behind_ptr) return false;
        return (tk == BTF_KIND_STRUCT && !lf) || (tk == BTF_KIND_UNION && lf);
      }
      case BTF_KIND_ENUM:
      case BTF_KIND_ENUM64:
        return is_any_enum(tt) && enums_match(lb, lt, tb, tt);
      case BTF_KIND_STRUCT:
      case BTF_KIND_UNION:
        if (behind_ptr) {
          if (lk == tk) return true;
          return tk == BTF_KIND_FWD && (lk == BTF_KIND_UNION) == btf_kflag(tt);
        }
        if (lk != tk) return false;
        return composites_match(lb, lt, tb, tt, behind_ptr, level);
      case BTF_KIND_INT:
        return lk == tk && lt->size == tt->size &&
               (btf_int_encoding(lt) & BTF_INT_SIGNED) == (btf_int_encoding(tt) & BTF_INT_SIGNED);
      case BTF_KIND_PTR:
        if (lk != tk) return false;
        behind_ptr = true;
        lid = lt->type;
        tid = tt->type;
        continue;
      case BTF_KIND_ARRAY:
        if (lk != tk || btf_array(lt)->nelems != btf_array(tt)->nelems) return false;
        lid = btf_array(lt)->type;
        tid = btf_array(tt)->type;
        continue;
      case BTF_KIND_FUNC_PROTO: {
        if (lk != tk || btf_vlen(lt) != btf_vlen(tt)) return false;
        for (uint16_t i = 0; i < btf_vlen(lt); i++) {
          auto m = types_match(lb, btf_params(lt)[i].type, tb, btf_params(tt)[i].type, behind_ptr, level - 1);
          if (!m || !*m) return m;
        }
        lid = lt->type;
        tid = tt->type;
        continue;
      }
      default:
        return false;
    }
  }
  return invalid("types nest too deep");
}

// bpf_core_fields_are_compat.
Result<bool> fields_are_compat(const struct btf* lb, uint32_t lid, const struct btf* tb, uint32_t tid) {
  for (int depth = kMaxCompatDepth; depth > 0; depth--) {
    const btf_type* lt = skip_mods(lb, lid, &lid);
    const btf_type* tt = skip_mods(tb, tid, &tid);
    if (!lt || !tt) return invalid("bad type id");
    if (btf_is_composite(lt) && btf_is_composite(tt)) return true;
    if (!kinds_compat(lt, tt)) return false;
    switch (btf_kind(lt)) {
      case BTF_KIND_PTR:
      case BTF_KIND_FLOAT:
        return true;
      case BTF_KIND_FWD:
      case BTF_KIND_ENUM:
      case BTF_KIND_ENUM64: {
        const char* ln = name_of(lb, lt->name_off);
        const char* tn = name_of(tb, tt->name_off);
        return essential_name_len(ln) == 0 || essential_name_len(tn) == 0 || names_equal_essential(ln, tn);
      }
      case BTF_KIND_INT:
        return btf_int_offset(lt) == 0 && btf_int_offset(tt) == 0;
      case BTF_KIND_ARRAY:
        lid = btf_array(lt)->type;
        tid = btf_array(tt)->type;
        continue;
      default:
        return false;
    }
  }
  return invalid("types nest too deep");
}

bool is_flex_arr(const struct btf* b, const CoreAccessor* acc, const struct btf_array* arr) {
  if (!acc || !acc->name || arr->nelems > 0) return false;
  const btf_type* t = btf__type_by_id(b, acc->type_id);
  return t && acc->idx + 1 == btf_vlen(t);
}

Result<uint64_t> resolve_size(const struct btf* b, uint32_t id) {
  long long sz = btf__resolve_size(b, id);
  if (sz < 0) return Error::msg(static_cast<int>(-sz), "can't resolve the size of type [" + std::to_string(id) + "]");
  return static_cast<uint64_t>(sz);
}

// bpf_core_match_member: finds the local named member in target composite
// `targ_id`, descending into anonymous members. `depth` bounds the descent.
Result<bool> match_member(const struct btf* lb, const CoreAccessor& lacc, const struct btf* tb, uint32_t targ_id,
                          CoreSpec& spec, uint32_t& next_targ_id) {
  const btf_type* tt = skip_mods(tb, targ_id, &targ_id);
  if (!tt) return invalid("bad type id");
  if (!btf_is_composite(tt)) return false;
  const btf_type* lt = btf__type_by_id(lb, lacc.type_id);
  if (!lt || lacc.idx >= btf_vlen(lt)) return invalid("bad local accessor");
  const struct btf_member* lm = btf_members(lt) + lacc.idx;
  const char* lname = name_of(lb, lm->name_off);
  const struct btf_member* m = btf_members(tt);
  for (uint16_t i = 0; i < btf_vlen(tt); i++, m++) {
    if (spec.raw_spec.size() == kCoreSpecMaxLen) return Error::msg(E2BIG, "struct/union/array nesting too deep");
    uint32_t bit_off = btf_member_bit_offset(tt, i);
    spec.bit_offset += bit_off;
    spec.raw_spec.push_back(i);
    const char* tname = name_of(tb, m->name_off);
    if (!*tname) {
      auto found = match_member(lb, lacc, tb, m->type, spec, next_targ_id);
      if (!found || *found) return found;
    } else if (std::strcmp(lname, tname) == 0) {
      spec.spec.push_back({targ_id, i, tname});
      next_targ_id = m->type;
      auto found = fields_are_compat(lb, lm->type, tb, m->type);
      if (found && !*found) spec.spec.pop_back();
      return found;
    }
    spec.bit_offset -= bit_off;
    spec.raw_spec.pop_back();
  }
  return false;
}

}  // namespace

size_t essential_name_len(std::string_view name) {
  size_t n = name.size();
  for (size_t i = n >= 5 ? n - 5 + 1 : 0; i-- > 0;) {
    if (name[i] != '_' && name[i + 1] == '_' && name[i + 2] == '_' && name[i + 3] == '_' && name[i + 4] != '_')
      return i + 1;
  }
  return n;
}

Result<CoreSpec> parse_core_spec(const struct btf* local, const CoreRelo& relo) {
  const char* str = btf__name_by_offset(local, relo.access_str_off);
  if (!str || !*str || *str == ':') return invalid("empty or malformed access string");
  CoreSpec spec;
  spec.btf = local;
  spec.root_type_id = relo.type_id;
  spec.kind = relo.kind;
  if (is_type_based(relo.kind)) {
    if (std::strcmp(str, "0") != 0) return invalid(std::string("type relocation with access string '") + str + "'");
    return spec;
  }
  for (const char* p = str; *p;) {
    if (*p == ':') p++;
    if (*p < '0' || *p > '9') return invalid(std::string("malformed access string '") + str + "'");
    uint64_t v = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
      v = v * 10 + static_cast<uint64_t>(*p - '0');
      if (v > INT32_MAX) return invalid(std::string("access index too large in '") + str + "'");
    }
    if (spec.raw_spec.size() == kCoreSpecMaxLen) return Error::msg(E2BIG, std::string("access string too long: ") + str);
    spec.raw_spec.push_back(static_cast<uint32_t>(v));
  }
  if (spec.raw_spec.empty()) return invalid("empty access string");

  uint32_t id = 0;
  const btf_type* t = skip_mods(local, relo.type_id, &id);
  if (!t) return invalid("bad type id [" + std::to_string(relo.type_id) + "]");
  uint32_t idx = spec.raw_spec[0];
  spec.spec.push_back({id, idx, nullptr});

  if (is_enumval_based(relo.kind)) {
    if (!is_any_enum(t) || spec.raw_spec.size() > 1 || idx >= btf_vlen(t))
      return invalid("bad enum value relocation");
    spec.spec[0].name = name_of(local, enum_name_off(t, idx));
    return spec;
  }
  if (!is_field_based(relo.kind)) return invalid("unknown relocation kind " + std::to_string(relo.kind));

  auto sz = resolve_size(local, id);
  if (!sz) return sz.error();
  spec.bit_offset = idx * *sz * 8;
  for (size_t i = 1; i < spec.raw_spec.size(); i++) {
    t = skip_mods(local, id, &id);
    if (!t) return invalid("bad type id [" + std::to_string(id) + "]");
    idx = spec.raw_spec[i];
    if (btf_is_composite(t)) {
      if (idx >= btf_vlen(t)) return invalid("member index " + std::to_string(idx) + " out of range");
      spec.bit_offset += btf_member_bit_offset(t, idx);
      const struct btf_member* m = btf_members(t) + idx;
      if (m->name_off) {
        const char* name = name_of(local, m->name_off);
        if (!*name) return invalid("member with an empty name");
        spec.spec.push_back({id, idx, name});
      }
      id = m->type;
    } else if (btf_is_array(t)) {
      const struct btf_array* a = btf_array(t);
      if (!skip_mods(local, a->type, &id)) return invalid("bad array element type");
      bool flex = is_flex_arr(local, &spec.spec.back(), a);
      if (!flex && idx >= a->nelems) return invalid("array index " + std::to_string(idx) + " out of range");
      spec.spec.push_back({id, idx, nullptr});
      auto esz = resolve_size(local, id);
      if (!esz) return esz.error();
      spec.bit_offset += idx * *esz * 8;
    } else {
      return invalid("access string step " + std::to_string(i) + " reaches type [" + std::to_string(id) +
                     "] of unexpected kind");
    }
  }
  return spec;
}

Result<std::vector<uint32_t>> find_core_candidates(const struct btf* local, uint32_t local_id,
                                                   const struct btf* targ) {
  const btf_type* lt = btf__type_by_id(local, local_id);
  if (!lt) return invalid("bad type id [" + std::to_string(local_id) + "]");
  const char* lname = name_of(local, lt->name_off);
  size_t llen = essential_name_len(lname);
  std::vector<uint32_t> cands;
  uint32_t n = btf__type_cnt(targ);
  for (uint32_t i = 1; i < n; i++) {
    const btf_type* t = btf__type_by_id(targ, i);
    if (!t || !kinds_compat(t, lt)) continue;
    const char* tname = name_of(targ, t->name_off);
    if (!*tname) continue;
    if (essential_name_len(tname) != llen || std::strncmp(lname, tname, llen) != 0) continue;
    cands.push_back(i);
  }
  return cands;
}

Result<bool> match_core_spec(const CoreSpec& local, const struct btf* targ, uint32_t targ_id, CoreSpec& out) {
  out = CoreSpec{};
  out.btf = targ;
  out.root_type_id = targ_id;
  out.kind = local.kind;
  if (is_type_based(local.kind)) {
    if (local.kind == BPF_CORE_TYPE_MATCHES) return types_match(local.btf, local.root_type_id, targ, targ_id, false, 32);
    return types_are_compat(local.btf, local.root_type_id, targ, targ_id, 32);
  }
  if (local.spec.empty()) return invalid("empty local spec");
  if (is_enumval_based(local.kind)) {
    const btf_type* tt = skip_mods(targ, targ_id, &targ_id);
    if (!tt || !is_any_enum(tt)) return false;
    const char* lname = local.spec[0].name ? local.spec[0].name : "";
    for (uint16_t i = 0; i < btf_vlen(tt); i++) {
      const char* tname = name_of(targ, enum_name_off(tt, i));
      if (!names_equal_essential(lname, tname)) continue;
      out.spec.push_back({targ_id, i, tname});
      out.raw_spec.push_back(i);
      return true;
    }
    return false;
  }
  if (!is_field_based(local.kind)) return invalid("unknown relocation kind " + std::to_string(local.kind));

  for (size_t i = 0; i < local.spec.size(); i++) {
    const CoreAccessor& lacc = local.spec[i];
    const btf_type* tt = skip_mods(targ, targ_id, &targ_id);
    if (!tt) return invalid("bad type id");
    if (lacc.name) {
      auto matched = match_member(local.btf, lacc, targ, targ_id, out, targ_id);
      if (!matched || !*matched) return matched;
      continue;
    }
    // The first step indexes the root type itself; later ones need an array.
    if (i > 0) {
      if (!btf_is_array(tt)) return false;
      const struct btf_array* a = btf_array(tt);
      bool flex = is_flex_arr(targ, out.spec.empty() ? nullptr : &out.spec.back(), a);
      if (!flex && lacc.idx >= a->nelems) return false;
      if (!skip_mods(targ, a->type, &targ_id)) return invalid("bad array element type");
    }
    if (out.raw_spec.size() == kCoreSpecMaxLen) return Error::msg(E2BIG, "struct/union/array nesting too deep");
    out.spec.push_back({targ_id, lacc.idx, nullptr});
    out.raw_spec.push_back(lacc.idx);
    auto sz = resolve_size(targ, targ_id);
    if (!sz) return sz.error();
    out.bit_offset += lacc.idx * *sz * 8;
  }
  return true;
}

Result<std::optional<CoreSpec>> resolve_core_relo(const struct btf* local, const CoreRelo& relo,
                                                  const struct btf* targ, std::span<const uint32_t> cands) {
  const btf_type* lt = btf__type_by_id(local, relo.type_id);
  if (!lt) return invalid("relocation of bad type id [" + std::to_string(relo.type_id) + "]");
  auto local_spec = parse_core_spec(local, relo);
  if (!local_spec)
    return Error::msg(EINVAL, "parsing relocation of type [" + std::to_string(relo.type_id) + "] failed: " +
                                  local_spec.error().message());
  if (relo.kind == BPF_CORE_TYPE_ID_LOCAL) return std::optional<CoreSpec>();
  if (!*name_of(local, lt->name_off))
    return Error::msg(EOPNOTSUPP, "relocation of type [" + std::to_string(relo.type_id) +
                                      "]: CO-RE relocations of anonymous types are not supported");
  std::optional<CoreSpec> chosen;
  CoreSpec cand;
  for (uint32_t id : cands) {
    auto m = match_core_spec(*local_spec, targ, id, cand);
    if (!m) return m.error();
    if (!*m) continue;
    if (!chosen) {
      chosen = cand;
    } else if (is_field_based(relo.kind) && cand.bit_offset != chosen->bit_offset) {
      // libbpf refuses candidates that disagree on where the field is.
      return invalid("field offset ambiguity: " + std::to_string(cand.bit_offset) +
                     " != " + std::to_string(chosen->bit_offset));
    }
  }
  return chosen;
}

// ---- BtfMinimizer ----

BtfMinimizer::BtfMinimizer(const struct btf* src)
    : src_(src), state_(btf__type_cnt(src), 0), match_state_(btf__type_cnt(src), 0) {}

bool BtfMinimizer::member_marked(uint32_t id, uint32_t idx) const {
  auto it = members_.find(id);
  return it != members_.end() && idx < it->second.size() && it->second[idx];
}

void BtfMinimizer::mark_member(uint32_t id, uint32_t idx) {
  auto& v = members_[id];
  const btf_type* t = btf__type_by_id(src_, id);
  if (v.empty()) v.assign(btf_vlen(t), false);
  if (idx < v.size()) v[idx] = true;
}

// btfgen_mark_type, with a work list instead of recursion and each type
// expanded once per mode, so long or cyclic chains neither overflow nor loop.
Status BtfMinimizer::mark_type(uint32_t root, bool follow_pointers) {
  const uint8_t want = follow_pointers ? 2 : 1;
  std::vector<uint32_t> work{root};
  while (!work.empty()) {
    uint32_t id = work.back();
    work.pop_back();
    if (id == 0) continue;
    const btf_type* t = btf__type_by_id(src_, id);
    if (!t) return invalid("bad type id [" + std::to_string(id) + "]");
    if (state_[id] >= want) continue;
    state_[id] = want;
    switch (btf_kind(t)) {
      case BTF_KIND_UNKN:
      case BTF_KIND_INT:
      case BTF_KIND_FLOAT:
      case BTF_KIND_ENUM:
      case BTF_KIND_ENUM64:
      case BTF_KIND_STRUCT:
      case BTF_KIND_UNION:
        break;
      case BTF_KIND_PTR:
        if (follow_pointers) work.push_back(t->type);
        break;
      case BTF_KIND_CONST:
      case BTF_KIND_RESTRICT:
      case BTF_KIND_VOLATILE:
      case BTF_KIND_TYPEDEF:
        work.push_back(t->type);
        break;
      case BTF_KIND_ARRAY:
        work.push_back(btf_array(t)->index_type);
        work.push_back(btf_array(t)->type);
        break;
      case BTF_KIND_FUNC_PROTO:
        for (uint16_t i = btf_vlen(t); i-- > 0;) work.push_back(btf_params(t)[i].type);
        work.push_back(t->type);
        break;
      default:
        return invalid("unsupported kind: " + std::to_string(btf_kind(t)) + " (" + std::to_string(id) + ")");
    }
  }
  return {};
}

// btfgen_mark_type_match: composites in front of a pointer keep every member.
Status BtfMinimizer::mark_type_match(uint32_t root) {
  std::vector<std::pair<uint32_t, bool>> work{{root, false}};
  while (!work.empty()) {
    auto [id, behind_ptr] = work.back();
    work.pop_back();
    if (id == 0) continue;
    const btf_type* t = btf__type_by_id(src_, id);
    if (!t) return invalid("bad type id [" + std::to_string(id) + "]");
    uint8_t bit = behind_ptr ? 2 : 1;
    if (match_state_[id] & bit) continue;
    match_state_[id] |= bit;
    if (state_[id] == 0) state_[id] = 1;
    switch (btf_kind(t)) {
      case BTF_KIND_UNKN:
      case BTF_KIND_INT:
      case BTF_KIND_FLOAT:
      case BTF_KIND_ENUM:
      case BTF_KIND_ENUM64:
        break;
      case BTF_KIND_STRUCT:
      case BTF_KIND_UNION:
        if (behind_ptr) break;
        for (uint16_t i = btf_vlen(t); i-- > 0;) {
          mark_member(id, i);
          work.push_back({btf_members(t)[i].type, false});
        }
        break;
      case BTF_KIND_CONST:
      case BTF_KIND_FWD:
      case BTF_KIND_RESTRICT:
      case BTF_KIND_TYPEDEF:
      case BTF_KIND_VOLATILE:
        work.push_back({t->type, behind_ptr});
        break;
      case BTF_KIND_PTR:
        work.push_back({t->type, true});
        break;
      case BTF_KIND_ARRAY:
        work.push_back({btf_array(t)->index_type, false});
        work.push_back({btf_array(t)->type, false});
        break;
      case BTF_KIND_FUNC_PROTO:
        for (uint16_t i = btf_vlen(t); i-- > 0;) work.push_back({btf_params(t)[i].type, false});
        work.push_back({t->type, false});
        break;
      default:
        return invalid("unsupported kind: " + std::to_string(btf_kind(t)) + " (" + std::to_string(id) + ")");
    }
  }
  return {};
}

// btfgen_record_field_relo: the root, then each member on the path and its type.
Status BtfMinimizer::record_field(const CoreSpec& targ) {
  uint32_t id = targ.root_type_id;
  BT_TRY(mark_type(id, false));
  const btf_type* t = btf__type_by_id(src_, id);
  for (size_t i = 1; i < targ.raw_spec.size(); i++) {
    t = skip_mods(src_, id, &id);
    if (!t) return invalid("bad type id [" + std::to_string(id) + "]");
    if (btf_is_composite(t)) {
      uint32_t idx = targ.raw_spec[i];
      if (idx >= btf_vlen(t)) return invalid("member index out of range");
      mark_member(id, idx);
      id = btf_members(t)[idx].type;
      BT_TRY(mark_type(id, false));
    } else if (btf_is_array(t)) {
      id = btf_array(t)->type;
    } else {
      return invalid("unsupported kind: " + std::to_string(btf_kind(t)) + " (" + std::to_string(t->type) + ")");
    }
  }
  return {};
}

Status BtfMinimizer::record(const CoreSpec& targ) {
  if (targ.btf != src_) return invalid("target spec of another BTF");
  switch (targ.kind) {
    case BPF_CORE_FIELD_BYTE_OFFSET:
    case BPF_CORE_FIELD_BYTE_SIZE:
    case BPF_CORE_FIELD_EXISTS:
    case BPF_CORE_FIELD_SIGNED:
    case BPF_CORE_FIELD_LSHIFT_U64:
    case BPF_CORE_FIELD_RSHIFT_U64:
      return record_field(targ);
    case BPF_CORE_TYPE_ID_LOCAL:  // needs no kernel BTF
      return {};
    case BPF_CORE_TYPE_ID_TARGET:
    case BPF_CORE_TYPE_EXISTS:
    case BPF_CORE_TYPE_SIZE:
      return mark_type(targ.root_type_id, true);
    case BPF_CORE_TYPE_MATCHES:
      return mark_type_match(targ.root_type_id);
    case BPF_CORE_ENUMVAL_EXISTS:
    case BPF_CORE_ENUMVAL_VALUE:
      return mark_type(targ.root_type_id, false);
    default:
      return invalid("unknown relocation kind " + std::to_string(targ.kind));
  }
}

namespace {

// Rewrites the type ids a (non-composite) type refers to, as libbpf's
// btf_type_visit_type_ids would.
void remap_ids(btf_type* t, const std::vector<uint32_t>& ids) {
  auto map = [&](uint32_t& id) { id = id < ids.size() ? ids[id] : 0; };
  switch (btf_kind(t)) {
    case BTF_KIND_PTR:
    case BTF_KIND_TYPEDEF:
    case BTF_KIND_VOLATILE:
    case BTF_KIND_CONST:
    case BTF_KIND_RESTRICT:
    case BTF_KIND_FUNC:
    case BTF_KIND_VAR:
    case BTF_KIND_DECL_TAG:
    case BTF_KIND_TYPE_TAG:
      map(t->type);
      break;
    case BTF_KIND_ARRAY:
      map(btf_array(t)->type);
      map(btf_array(t)->index_type);
      break;
    case BTF_KIND_FUNC_PROTO:
      map(t->type);
      for (uint16_t i = 0; i < btf_vlen(t); i++) map(btf_params(t)[i].type);
      break;
    case BTF_KIND_DATASEC:
      for (uint16_t i = 0; i < btf_vlen(t); i++) map(btf_var_secinfos(t)[i].type);
      break;
    default:
      break;
  }
}

struct BtfDeleter {
  void operator()(struct btf* b) const { btf__free(b); }
};

}  // namespace

Result<std::vector<std::byte>> BtfMinimizer::build() const {
  std::unique_ptr<struct btf, BtfDeleter> out(btf__new_empty());
  if (!out) return Error::sys(errno, "can't create BTF");
  // New ids are known up front: marked types keep their relative order.
  std::vector<uint32_t> ids(state_.size(), 0);
  uint32_t next = 1;
  for (uint32_t i = 1; i < state_.size(); i++)
    if (state_[i]) ids[i] = next++;
  auto fail = [](int err, const std::string& what) { return Error::sys(-err, "can't add " + what); };
  for (uint32_t i = 1; i < state_.size(); i++) {
    if (!state_[i]) continue;
    const btf_type* t = btf__type_by_id(src_, i);
    int err;
    if (btf_is_composite(t)) {
      const char* name = name_of(src_, t->name_off);
      err = btf_is_struct(t) ? btf__add_struct(out.get(), name, t->size) : btf__add_union(out.get(), name, t->size);
      if (err < 0) return fail(err, "type [" + std::to_string(i) + "]");
      for (uint16_t m = 0; m < btf_vlen(t); m++) {
        if (!member_marked(i, m)) continue;
        const struct btf_member* mem = btf_members(t) + m;
        uint32_t type = mem->type < ids.size() ? ids[mem->type] : 0;
        err = btf__add_field(out.get(), name_of(src_, mem->name_off), static_cast<int>(type),
                             btf_member_bit_offset(t, m), btf_member_bitfield_size(t, m));
        if (err < 0) return fail(err, "member " + std::to_string(m) + " of type [" + std::to_string(i) + "]");
      }
    } else {
      err = btf__add_type(out.get(), src_, t);
      if (err < 0) return fail(err, "type [" + std::to_string(i) + "]");
      // The type just added lives in `out`'s own, writable, type data.
      remap_ids(const_cast<btf_type*>(btf__type_by_id(out.get(), static_cast<uint32_t>(err))), ids);
    }
  }
  uint32_t size = 0;
  const void* raw = btf__raw_data(out.get(), &size);
  if (!raw) return Error::sys(ENOMEM, "can't write BTF");
  const auto* p = static_cast<const std::byte*>(raw);
  return std::vector<std::byte>(p, p + size);
}

}  // namespace bpftool::btf
