// Skeleton text generation. The generated text follows upstream bpftool 7.5's
// gen.c line for line (projects commit these headers), except where libbpf 1.1,
// which we build against, has no field for what 7.5 writes (see codegen_maps).
#include "model/skeleton.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <fmt/format.h>

#include <cctype>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <iterator>
#include <optional>

#include "sys/libbpf_ptr.h"

namespace bpftool::model {

namespace {

constexpr size_t kMaxObjNameLen = 63;  // upstream's MAX_OBJ_NAME_LEN - 1

std::string sanitize(std::string_view name) {
  std::string s(name);
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
  return s;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

constexpr std::string_view kSectionKinds[] = {".data", ".rodata", ".bss", ".kconfig"};

// upstream get_map_ident: user maps keep their name; internal maps are named
// after the section part of "<obj>.<sec>" (".data.extra" → "data_extra").
std::optional<std::string> map_ident(const struct bpf_map* map) {
  std::string_view name = bpf_map__name(map);
  if (!bpf_map__is_internal(map)) return std::string(name);
  for (std::string_view sfx : kSectionKinds)
    if (auto p = name.find(sfx); p != std::string_view::npos) return sanitize(name.substr(p + 1));
  return std::nullopt;
}

// upstream get_datasec_ident
std::optional<std::string> datasec_ident(std::string_view sec_name) {
  for (std::string_view pfx : kSectionKinds)
    if (starts_with(sec_name, pfx)) return sanitize(sec_name.substr(1));
  return std::nullopt;
}

// libbpf's internal skip_mods_and_typedefs (not installed).
const struct btf_type* skip_mods_and_typedefs(const struct btf* btf, uint32_t id, uint32_t* res_id) {
  const struct btf_type* t = btf__type_by_id(btf, id);
  while (t && (btf_is_mod(t) || btf_is_typedef(t))) {
    id = t->type;
    t = btf__type_by_id(btf, id);
  }
  if (res_id) *res_id = id;
  return t;
}

bool resolves_to_func_ptr(const struct btf* btf, uint32_t id) {
  const struct btf_type* t = skip_mods_and_typedefs(btf, id, nullptr);
  if (!t || !btf_is_ptr(t)) return false;
  t = skip_mods_and_typedefs(btf, t->type, nullptr);
  return t && btf_is_func_proto(t);
}

bool is_static_var(const struct btf_type* var) { return btf_var(var)->linkage == BTF_VAR_STATIC; }

struct MapEntry {
  struct bpf_map* map;
  std::string ident;
  bool mmapable;  // an internal map with BPF_F_MMAPABLE: it gets a typed section pointer
  bool struct_ops;
};

// The header being written, and what upstream's codegen() printed. Templates
// are plain strings with "@O@" standing for the object name.
class Writer {
 public:
  Writer(const struct btf* btf, std::string obj_name) : btf_(btf), obj_(std::move(obj_name)) {}

  void raw(std::string_view s) { text_ += s; }
  void fill(std::string_view tmpl) {
    for (size_t at = 0;;) {
      size_t p = tmpl.find("@O@", at);
      text_.append(tmpl.substr(at, p - at));
      if (p == std::string_view::npos) break;
      text_ += obj_;
      at = p + 3;
    }
  }
  template <class... Args>
  void print(fmt::format_string<Args...> f, Args&&... args) {
    fmt::format_to(std::back_inserter(text_), f, std::forward<Args>(args)...);
  }
  /// One type declaration through libbpf's btf_dump (as upstream's printf callback).
  Status type_decl(uint32_t type_id, const char* field_name, int indent, bool strip_mods) {
    if (!dump_) {
      dump_.reset(btf_dump__new(btf_, &Writer::dump_printf, this, nullptr));
      if (!dump_) return Error::sys(errno, "btf_dump__new");
    }
    LIBBPF_OPTS(btf_dump_emit_type_decl_opts, opts);
    opts.field_name = field_name;
    opts.indent_level = indent;
    opts.strip_mods = strip_mods;
    if (int err = btf_dump__emit_type_decl(dump_.get(), type_id, &opts); err)
      return Error::msg(-err, fmt::format("failed to emit the declaration of type [{}]", type_id));
    return {};
  }
  /// upstream print_hex: "\xNN" or "\0" per byte, lines cut before 78 columns.
  void hex(std::string_view data) {
    static constexpr char kDigits[] = "0123456789abcdef";
    text_.reserve(text_.size() + data.size() * 4 + data.size() / 19 * 2);
    int len = 0;
    for (char ch : data) {
      const auto c = static_cast<unsigned char>(ch);
      const int w = c ? 4 : 2;
      len += w;
      if (len > 78) {
        text_ += "\\\n";
        len = w;
      }
      if (!c) {
        text_ += "\\0";
      } else {
        const char esc[4] = {'\\', 'x', kDigits[c >> 4], kDigits[c & 15]};
        text_.append(esc, 4);
      }
    }
  }
  const std::string& obj() const { return obj_; }
  std::string take() { return std::move(text_); }

 private:
  static void dump_printf(void* ctx, const char* fmt, va_list args) {
    auto* self = static_cast<Writer*>(ctx);
    va_list copy;
    va_copy(copy, args);
    const int n = std::vsnprintf(nullptr, 0, fmt, copy);
    va_end(copy);
    if (n <= 0) return;
    const size_t old = self->text_.size();
    self->text_.resize(old + static_cast<size_t>(n) + 1);
    std::vsnprintf(self->text_.data() + old, static_cast<size_t>(n) + 1, fmt, args);
    self->text_.resize(old + static_cast<size_t>(n));
  }

  const struct btf* btf_;
  std::string obj_;
  std::string text_;
  sys::BtfDumpPtr dump_;
};

class Generator {
 public:
  Generator(struct bpf_object* obj, std::string obj_name, std::string_view elf)
      : obj_(obj), btf_(bpf_object__btf(obj)), w_(btf_, std::move(obj_name)), elf_(elf) {
    struct bpf_map* map;
    bpf_object__for_each_map(map, obj) {
      auto ident = map_ident(map);
      if (!ident) {
        errors_.push_back(fmt::format("ignoring unrecognized internal map '{}'...", bpf_map__name(map)));
        continue;
      }
      const bool mmapable = bpf_map__is_internal(map) && (bpf_map__map_flags(map) & BPF_F_MMAPABLE);
      maps_.push_back({map, std::move(*ident), mmapable, bpf_map__type(map) == BPF_MAP_TYPE_STRUCT_OPS});
    }
    struct bpf_program* prog;
    bpf_object__for_each_program(prog, obj) progs_.push_back(bpf_program__name(prog));
  }

  Result<GeneratedHeader> skeleton(bool cpp_class);
  Result<GeneratedHeader> subskeleton();

 private:
  std::string guard(std::string_view suffix) const {
    std::string g = "__" + w_.obj() + "_" + std::string(suffix) + "__";
    for (char& c : g) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return g;
  }
  // upstream find_type_for_map: the DATASEC whose identifier is the map's.
  const struct btf_type* datasec_for(const std::string& ident) const {
    const uint32_t n = btf__type_cnt(btf_);
    for (uint32_t i = 1; i < n; i++) {
      const struct btf_type* t = btf__type_by_id(btf_, i);
      if (!btf_is_datasec(t)) continue;
      auto id = datasec_ident(btf__name_by_offset(btf_, t->name_off));
      if (id && *id == ident) return t;
    }
    return nullptr;
  }
  // The struct type of a struct_ops map. libbpf 1.1 reports no value type
  // for them before load, so the variable of the same name in the
  // .struct_ops(.link) DATASEC gives it.
  uint32_t struct_ops_type_id(const struct bpf_map* map) const {
    if (uint32_t id = bpf_map__btf_value_type_id(map)) return id;
    const std::string_view name = bpf_map__name(map);
    const uint32_t n = btf__type_cnt(btf_);
    for (uint32_t i = 1; i < n; i++) {
      const struct btf_type* t = btf__type_by_id(btf_, i);
      if (!btf_is_datasec(t) || !starts_with(btf__name_by_offset(btf_, t->name_off), ".struct_ops")) continue;
      const struct btf_var_secinfo* sv = btf_var_secinfos(t);
      for (int j = 0; j < btf_vlen(t); j++, sv++) {
        const struct btf_type* var = btf__type_by_id(btf_, sv->type);
        if (name != btf__name_by_offset(btf_, var->name_off)) continue;
        uint32_t id = 0;
        skip_mods_and_typedefs(btf_, var->type, &id);
        return id;
      }
    }
    return 0;
  }
  size_t struct_ops_count() const {
    size_t n = 0;
    for (const auto& m : maps_) n += m.struct_ops;
    return n;
  }

  void opening(std::string_view banner, const std::string& header_guard);
  void struct_head();
  Status datasecs();
  Status datasec_def(const struct btf_type* sec);
  Status struct_ops_shadow();
  Status struct_ops_members(const struct btf_type* type, uint32_t type_id);
  void struct_ops_init();
  void maps_skeleton(bool mmaped);
  void progs_skeleton(bool links);
  void asserts();
  Status subskel_datasecs();
  void cpp_class_text();

  struct bpf_object* obj_;
  const struct btf* btf_;
  Writer w_;
  std::string_view elf_;
  std::vector<MapEntry> maps_;
  std::vector<std::string> progs_;
  std::vector<std::string> errors_;
};

void Generator::struct_head() {
  if (!maps_.empty()) {
    w_.raw("\tstruct {\n");
    for (const auto& m : maps_) w_.print("\t\tstruct bpf_map *{};\n", m.ident);
    w_.raw("\t} maps;\n");
  }
}

Status Generator::datasec_def(const struct btf_type* sec) {
  const std::string sec_name = btf__name_by_offset(btf_, sec->name_off);
  auto sec_ident = datasec_ident(sec_name);
  if (!sec_ident) return {};
  const bool strip_mods = sec_name != ".kconfig";
  w_.print("\tstruct {}__{} {{\n", w_.obj(), *sec_ident);
  const struct btf_var_secinfo* sv = btf_var_secinfos(sec);
  int off = 0, pad_cnt = 0;
  for (int i = 0; i < btf_vlen(sec); i++, sv++) {
    const struct btf_type* var = btf__type_by_id(btf_, sv->type);
    const char* var_name = btf__name_by_offset(btf_, var->name_off);
    // static variables are not exposed through the skeleton (upstream)
    if (is_static_var(var)) continue;
    const int need_off = static_cast<int>(sv->offset);
    if (off > need_off)
      return Error::msg(fmt::format("Something is wrong for {}'s variable #{}: need offset {}, already at {}.",
                                    sec_name, i, need_off, off));
    int align = btf__align_of(btf_, var->type);
    if (align <= 0)
      return Error::msg(fmt::format("Failed to determine alignment of variable '{}': {}", var_name, align));
    // upstream lays sections out for a 32-bit host (alignment at most 4), so
    // that the padding it writes is right on every target.
    if (align > 4) align = 4;
    const int align_off = (off + align - 1) / align * align;
    if (align_off != need_off) w_.print("\t\tchar __pad{}[{}];\n", pad_cnt++, need_off - off);
    const std::string var_ident = sanitize(var_name);
    w_.raw("\t\t");
    BT_TRY(w_.type_decl(var->type, var_ident.c_str(), 2, strip_mods));
    w_.raw(";\n");
    off = static_cast<int>(sv->offset + sv->size);
  }
  w_.print("\t}} *{};\n", *sec_ident);
  return {};
}

Status Generator::datasecs() {
  for (const auto& m : maps_) {
    if (!m.mmapable) continue;
    if (const struct btf_type* sec = datasec_for(m.ident)) {
      BT_TRY(datasec_def(sec));
    } else {
      // e.g. .rodata.cst16 holds only compiler constants: an empty struct (upstream)
      w_.print("\tstruct {}__{} {{\n", w_.obj(), m.ident);
      w_.print("\t}} *{};\n", m.ident);
    }
  }
  return {};
}

Status Generator::struct_ops_members(const struct btf_type* type, uint32_t type_id) {
  uint32_t next_offset = 0;
  const struct btf_member* m = btf_members(type);
  for (int i = 0; i < btf_vlen(type); i++, m++) {
    uint32_t member_type_id = 0;
    const struct btf_type* mt = skip_mods_and_typedefs(btf_, m->type, &member_type_id);
    const char* member_name = btf__name_by_offset(btf_, m->name_off);
    const uint32_t offset = m->offset / 8;
    if (next_offset < offset) w_.print("\t\t\tchar __padding_{}[{}];\n", i, offset - next_offset);
    const int kind = btf_kind(mt);
    if (kind == BTF_KIND_INT || kind == BTF_KIND_FLOAT || kind == BTF_KIND_ENUM || kind == BTF_KIND_ENUM64) {
      w_.raw("\t\t\t");
      BT_TRY(w_.type_decl(member_type_id, member_name, 3, false));
      w_.raw(";\n");
    } else if (kind == BTF_KIND_PTR && resolves_to_func_ptr(btf_, m->type)) {
      w_.print("\t\t\tstruct bpf_program *{};\n", member_name);
      next_offset = offset + sizeof(void*);
      continue;
    }
    const int size = btf__resolve_size(btf_, member_type_id);
    if (size < 0) return Error::msg(-size, fmt::format("Failed to resolve size of {}: {}", member_name, size));
    // Other types become opaque bytes, so that no skeleton defines a type
    // another one defines too (upstream).
    if (kind != BTF_KIND_INT && kind != BTF_KIND_FLOAT && kind != BTF_KIND_ENUM && kind != BTF_KIND_ENUM64)
      w_.print("\t\t\tchar __unsupported_{}[{}];\n", i, size);
    next_offset = offset + static_cast<uint32_t>(size);
  }
  const int size = btf__resolve_size(btf_, type_id);
  if (size > 0 && next_offset < static_cast<uint32_t>(size))
    w_.print("\t\t\tchar __padding_end[{}];\n", static_cast<uint32_t>(size) - next_offset);
  return {};
}

Status Generator::struct_ops_shadow() {
  if (!btf_ || struct_ops_count() == 0) return {};
  w_.raw("\tstruct {\n");
  for (const auto& m : maps_) {
    if (!m.struct_ops) continue;
    const uint32_t type_id = struct_ops_type_id(m.map);
    const struct btf_type* type = type_id ? btf__type_by_id(btf_, type_id) : nullptr;
    if (!type) return Error::msg(fmt::format("no BTF type for struct_ops map '{}'", m.ident));
    w_.print("\t\tstruct {}__{}__{} {{\n", w_.obj(), m.ident, btf__name_by_offset(btf_, type->name_off));
    BT_TRY(struct_ops_members(type, type_id));
    w_.print("\t\t}} *{};\n", m.ident);
  }
  w_.raw("\t} struct_ops;\n");
  return {};
}

void Generator::struct_ops_init() {
  if (!btf_) return;
  for (const auto& m : maps_) {
    if (!m.struct_ops) continue;
    w_.print("\tobj->struct_ops.{0} = (__typeof__(obj->struct_ops.{0}))\n"
             "\t\tbpf_map__initial_value(obj->maps.{0}, NULL);\n\n",
             m.ident);
  }
}

// libbpf 1.1's struct bpf_map_skeleton has no `link` (added in 1.5), and its
// bpf_object__open_skeleton walks the array with its own element size. So we
// always write that size (24 on 64-bit hosts), where 7.5 writes 32 and
// `map->link = ...` for objects with struct_ops maps; their links.<map> slot is
// still declared, for code guarded by BPF_SKEL_SUPPORTS_MAP_AUTO_ATTACH.
void Generator::maps_skeleton(bool mmaped) {
  if (maps_.empty()) return;
  const size_t map_sz = sizeof(struct bpf_map_skeleton);
  w_.print("\n"
           "\t/* maps */\n"
           "\ts->map_cnt = {0};\n"
           "\ts->map_skel_sz = {1};\n"
           "\ts->maps = (struct bpf_map_skeleton *)calloc(s->map_cnt,\n"
           "\t\t\tsizeof(*s->maps) > {1} ? sizeof(*s->maps) : {1});\n"
           "\tif (!s->maps) {{\n"
           "\t\terr = -ENOMEM;\n"
           "\t\tgoto err;\n"
           "\t}}\n",
           maps_.size(), map_sz);
  size_t i = 0;
  for (const auto& m : maps_) {
    w_.print("\n"
             "\tmap = (struct bpf_map_skeleton *)((char *)s->maps + {} * s->map_skel_sz);\n"
             "\tmap->name = \"{}\";\n"
             "\tmap->map = &obj->maps.{};\n",
             i++, bpf_map__name(m.map), m.ident);
    if (mmaped && m.mmapable) w_.print("\tmap->mmaped = (void **)&obj->{};\n", m.ident);
  }
}

void Generator::progs_skeleton(bool links) {
  if (progs_.empty()) return;
  w_.print("\n"
           "\t/* programs */\n"
           "\ts->prog_cnt = {};\n"
           "\ts->prog_skel_sz = sizeof(*s->progs);\n"
           "\ts->progs = (struct bpf_prog_skeleton *)calloc(s->prog_cnt, s->prog_skel_sz);\n"
           "\tif (!s->progs) {{\n"
           "\t\terr = -ENOMEM;\n"
           "\t\tgoto err;\n"
           "\t}}\n",
           progs_.size());
  for (size_t i = 0; i < progs_.size(); i++) {
    w_.print("\n"
             "\ts->progs[{0}].name = \"{1}\";\n"
             "\ts->progs[{0}].prog = &obj->progs.{1};\n",
             i, progs_[i]);
    if (links) w_.print("\ts->progs[{0}].link = &obj->links.{1};\n", i, progs_[i]);
  }
}

void Generator::asserts() {
  if (!btf_) return;
  w_.fill("__attribute__((unused)) static void\n"
          "@O@__assert(struct @O@ *s __attribute__((unused)))\n"
          "{\n"
          "#ifdef __cplusplus\n"
          "#define _Static_assert static_assert\n"
          "#endif\n");
  for (const auto& m : maps_) {
    if (!m.mmapable) continue;
    const struct btf_type* sec = datasec_for(m.ident);
    if (!sec) continue;  // best effort, as upstream
    const struct btf_var_secinfo* sv = btf_var_secinfos(sec);
    for (int i = 0; i < btf_vlen(sec); i++, sv++) {
      const struct btf_type* var = btf__type_by_id(btf_, sv->type);
      if (is_static_var(var)) continue;
      const long size = btf__resolve_size(btf_, var->type);
      if (size < 0) continue;
      const std::string ident = sanitize(btf__name_by_offset(btf_, var->name_off));
      w_.print("\t_Static_assert(sizeof(s->{}->{}) == {}, \"unexpected size of '{}'\");\n", m.ident, ident, size,
               ident);
    }
  }
  w_.raw("#ifdef __cplusplus\n"
         "#undef _Static_assert\n"
         "#endif\n"
         "}\n");
}

// The licence, the banner, the include guard and the includes.
void Generator::opening(std::string_view banner, const std::string& header_guard) {
  w_.raw("/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */\n\n");
  w_.raw(banner);
  w_.print("#ifndef {0}\n#define {0}\n", header_guard);
  w_.raw("\n"
         "#include <errno.h>\n"
         "#include <stdlib.h>\n"
         "#include <bpf/libbpf.h>\n");
}

Result<GeneratedHeader> Generator::skeleton(bool cpp_class) {
  const std::string header_guard = guard("SKEL_H");
  opening("/* THIS FILE IS AUTOGENERATED BY BPFTOOL! */\n", header_guard);
  w_.fill("\n"
          "#define BPF_SKEL_SUPPORTS_MAP_AUTO_ATTACH 1\n"
          "\n"
          "struct @O@ {\n"
          "\tstruct bpf_object_skeleton *skeleton;\n"
          "\tstruct bpf_object *obj;\n");
  struct_head();
  BT_TRY(struct_ops_shadow());
  if (!progs_.empty()) {
    w_.raw("\tstruct {\n");
    for (const auto& p : progs_) w_.print("\t\tstruct bpf_program *{};\n", p);
    w_.raw("\t} progs;\n");
  }
  if (!progs_.empty() || struct_ops_count()) {
    w_.raw("\tstruct {\n");
    for (const auto& p : progs_) w_.print("\t\tstruct bpf_link *{};\n", p);
    for (const auto& m : maps_)
      if (m.struct_ops) w_.print("\t\tstruct bpf_link *{};\n", m.ident);
    w_.raw("\t} links;\n");
  }
  if (btf_) BT_TRY(datasecs());

  w_.fill("\n"
          "#ifdef __cplusplus\n"
          "\tstatic inline struct @O@ *open(const struct bpf_object_open_opts *opts = nullptr);\n"
          "\tstatic inline struct @O@ *open_and_load();\n"
          "\tstatic inline int load(struct @O@ *skel);\n"
          "\tstatic inline int attach(struct @O@ *skel);\n"
          "\tstatic inline void detach(struct @O@ *skel);\n"
          "\tstatic inline void destroy(struct @O@ *skel);\n"
          "\tstatic inline const void *elf_bytes(size_t *sz);\n"
          "#endif /* __cplusplus */\n"
          "};\n"
          "\n"
          "static void\n"
          "@O@__destroy(struct @O@ *obj)\n"
          "{\n"
          "\tif (!obj)\n"
          "\t\treturn;\n"
          "\tif (obj->skeleton)\n"
          "\t\tbpf_object__destroy_skeleton(obj->skeleton);\n"
          "\tfree(obj);\n"
          "}\n"
          "\n"
          "static inline int\n"
          "@O@__create_skeleton(struct @O@ *obj);\n"
          "\n"
          "static inline struct @O@ *\n"
          "@O@__open_opts(const struct bpf_object_open_opts *opts)\n"
          "{\n"
          "\tstruct @O@ *obj;\n"
          "\tint err;\n"
          "\n"
          "\tobj = (struct @O@ *)calloc(1, sizeof(*obj));\n"
          "\tif (!obj) {\n"
          "\t\terrno = ENOMEM;\n"
          "\t\treturn NULL;\n"
          "\t}\n"
          "\n"
          "\terr = @O@__create_skeleton(obj);\n"
          "\tif (err)\n"
          "\t\tgoto err_out;\n"
          "\n"
          "\terr = bpf_object__open_skeleton(obj->skeleton, opts);\n"
          "\tif (err)\n"
          "\t\tgoto err_out;\n"
          "\n");
  struct_ops_init();
  w_.fill("\treturn obj;\n"
          "err_out:\n"
          "\t@O@__destroy(obj);\n"
          "\terrno = -err;\n"
          "\treturn NULL;\n"
          "}\n"
          "\n"
          "static inline struct @O@ *\n"
          "@O@__open(void)\n"
          "{\n"
          "\treturn @O@__open_opts(NULL);\n"
          "}\n"
          "\n"
          "static inline int\n"
          "@O@__load(struct @O@ *obj)\n"
          "{\n"
          "\treturn bpf_object__load_skeleton(obj->skeleton);\n"
          "}\n"
          "\n"
          "static inline struct @O@ *\n"
          "@O@__open_and_load(void)\n"
          "{\n"
          "\tstruct @O@ *obj;\n"
          "\tint err;\n"
          "\n"
          "\tobj = @O@__open();\n"
          "\tif (!obj)\n"
          "\t\treturn NULL;\n"
          "\terr = @O@__load(obj);\n"
          "\tif (err) {\n"
          "\t\t@O@__destroy(obj);\n"
          "\t\terrno = -err;\n"
          "\t\treturn NULL;\n"
          "\t}\n"
          "\treturn obj;\n"
          "}\n"
          "\n"
          "static inline int\n"
          "@O@__attach(struct @O@ *obj)\n"
          "{\n"
          "\treturn bpf_object__attach_skeleton(obj->skeleton);\n"
          "}\n"
          "\n"
          "static inline void\n"
          "@O@__detach(struct @O@ *obj)\n"
          "{\n"
          "\tbpf_object__detach_skeleton(obj->skeleton);\n"
          "}\n"
          "\n"
          "static inline const void *@O@__elf_bytes(size_t *sz);\n"
          "\n"
          "static inline int\n"
          "@O@__create_skeleton(struct @O@ *obj)\n"
          "{\n"
          "\tstruct bpf_object_skeleton *s;\n"
          "\tstruct bpf_map_skeleton *map __attribute__((unused));\n"
          "\tint err;\n"
          "\n"
          "\ts = (struct bpf_object_skeleton *)calloc(1, sizeof(*s));\n"
          "\tif (!s)\t{\n"
          "\t\terr = -ENOMEM;\n"
          "\t\tgoto err;\n"
          "\t}\n"
          "\n"
          "\ts->sz = sizeof(*s);\n"
          "\ts->name = \"@O@\";\n"
          "\ts->obj = &obj->obj;\n");
  maps_skeleton(true);
  progs_skeleton(true);
  w_.fill("\n"
          "\ts->data = @O@__elf_bytes(&s->data_sz);\n"
          "\n"
          "\tobj->skeleton = s;\n"
          "\treturn 0;\n"
          "err:\n"
          "\tbpf_object__destroy_skeleton(s);\n"
          "\treturn err;\n"
          "}\n"
          "\n"
          "static inline const void *@O@__elf_bytes(size_t *sz)\n"
          "{\n"
          "\tstatic const char data[] __attribute__((__aligned__(8))) = \"\\\n");
  w_.hex(elf_);
  w_.fill("\";\n"
          "\n"
          "\t*sz = sizeof(data) - 1;\n"
          "\treturn (const void *)data;\n"
          "}\n"
          "\n"
          "#ifdef __cplusplus\n"
          "struct @O@ *@O@::open(const struct bpf_object_open_opts *opts) { return @O@__open_opts(opts); }\n"
          "struct @O@ *@O@::open_and_load() { return @O@__open_and_load(); }\n"
          "int @O@::load(struct @O@ *skel) { return @O@__load(skel); }\n"
          "int @O@::attach(struct @O@ *skel) { return @O@__attach(skel); }\n"
          "void @O@::detach(struct @O@ *skel) { @O@__detach(skel); }\n"
          "void @O@::destroy(struct @O@ *skel) { @O@__destroy(skel); }\n"
          "const void *@O@::elf_bytes(size_t *sz) { return @O@__elf_bytes(sz); }\n"
          "#endif /* __cplusplus */\n"
          "\n");
  asserts();
  if (cpp_class) cpp_class_text();
  w_.print("\n#endif /* {} */\n", header_guard);
  return GeneratedHeader{w_.take(), std::move(errors_)};
}

Status Generator::subskel_datasecs() {
  for (const auto& m : maps_) {
    if (!m.mmapable) continue;
    const struct btf_type* sec = datasec_for(m.ident);
    if (!sec) continue;
    const std::string sec_name = btf__name_by_offset(btf_, sec->name_off);
    auto sec_ident = datasec_ident(sec_name);
    if (!sec_ident) continue;
    const bool strip_mods = sec_name != ".kconfig";
    w_.print("\tstruct {}__{} {{\n", w_.obj(), *sec_ident);
    const struct btf_var_secinfo* sv = btf_var_secinfos(sec);
    for (int i = 0; i < btf_vlen(sec); i++, sv++) {
      const struct btf_type* var = btf__type_by_id(btf_, sv->type);
      if (is_static_var(var)) continue;
      const char* var_name = btf__name_by_offset(btf_, var->name_off);
      const struct btf_type* t = skip_mods_and_typedefs(btf_, var->type, nullptr);
      // Arrays and function pointers are written `__typeof__(T) *name`, so
      // that every member is "a pointer to the variable" (upstream).
      const bool needs_typeof =
          btf_is_array(t) || (btf_is_ptr(t) && btf_is_func_proto(btf__type_by_id(btf_, t->type)));
      w_.raw(needs_typeof ? "\t\t__typeof__(" : "\t\t");
      BT_TRY(w_.type_decl(var->type, "", 2, strip_mods));
      if (needs_typeof) w_.raw(")");
      w_.print(" *{};\n", var_name);
    }
    w_.print("\t}} {};\n", *sec_ident);
  }
  return {};
}

// The variables a subskeleton finds at run time: those of each mmapable map's
// DATASEC (bpf_map__btf_value_type_id), static ones excepted.
struct SubskelVar {
  std::string name;
  const std::string* map_ident;
};

Result<GeneratedHeader> Generator::subskeleton() {
  if (!btf_) return Error::msg(fmt::format("need btf type information for {}", w_.obj()));
  std::vector<SubskelVar> vars;
  for (const auto& m : maps_) {
    if (!m.mmapable) continue;
    const int type_id = bpf_map__btf_value_type_id(m.map);
    if (type_id <= 0) continue;  // an internal map without a DATASEC
    const struct btf_type* sec = btf__type_by_id(btf_, type_id);
    const struct btf_var_secinfo* sv = btf_var_secinfos(sec);
    for (int i = 0; i < btf_vlen(sec); i++, sv++) {
      const struct btf_type* var = btf__type_by_id(btf_, sv->type);
      if (!is_static_var(var)) vars.push_back({btf__name_by_offset(btf_, var->name_off), &m.ident});
    }
  }
  const std::string header_guard = guard("SUBSKEL_H");
  opening("/* THIS FILE IS AUTOGENERATED! */\n", header_guard);
  w_.fill("\n"
          "struct @O@ {\n"
          "\tstruct bpf_object *obj;\n"
          "\tstruct bpf_object_subskeleton *subskel;\n");
  struct_head();
  if (!progs_.empty()) {
    w_.raw("\tstruct {\n");
    for (const auto& p : progs_) w_.print("\t\tstruct bpf_program *{};\n", p);
    w_.raw("\t} progs;\n");
  }
  BT_TRY(subskel_datasecs());
  w_.fill("\n"
          "#ifdef __cplusplus\n"
          "\tstatic inline struct @O@ *open(const struct bpf_object *src);\n"
          "\tstatic inline void destroy(struct @O@ *skel);\n"
          "#endif /* __cplusplus */\n"
          "};\n"
          "\n"
          "static inline void\n"
          "@O@__destroy(struct @O@ *skel)\n"
          "{\n"
          "\tif (!skel)\n"
          "\t\treturn;\n"
          "\tif (skel->subskel)\n"
          "\t\tbpf_object__destroy_subskeleton(skel->subskel);\n"
          "\tfree(skel);\n"
          "}\n"
          "\n"
          "static inline struct @O@ *\n"
          "@O@__open(const struct bpf_object *src)\n"
          "{\n"
          "\tstruct @O@ *obj;\n"
          "\tstruct bpf_object_subskeleton *s;\n"
          "\tstruct bpf_map_skeleton *map __attribute__((unused));\n"
          "\tint err;\n"
          "\n"
          "\tobj = (struct @O@ *)calloc(1, sizeof(*obj));\n"
          "\tif (!obj) {\n"
          "\t\terr = -ENOMEM;\n"
          "\t\tgoto err;\n"
          "\t}\n"
          "\ts = (struct bpf_object_subskeleton *)calloc(1, sizeof(*s));\n"
          "\tif (!s) {\n"
          "\t\terr = -ENOMEM;\n"
          "\t\tgoto err;\n"
          "\t}\n"
          "\ts->sz = sizeof(*s);\n"
          "\ts->obj = src;\n"
          "\ts->var_skel_sz = sizeof(*s->vars);\n"
          "\tobj->subskel = s;\n"
          "\n"
          "\t/* vars */\n");
  w_.print("\ts->var_cnt = {0};\n"
           "\ts->vars = (struct bpf_var_skeleton *)calloc({0}, sizeof(*s->vars));\n"
           "\tif (!s->vars) {{\n"
           "\t\terr = -ENOMEM;\n"
           "\t\tgoto err;\n"
           "\t}}\n",
           vars.size());
  for (size_t i = 0; i < vars.size(); i++) {
    w_.print("\n"
             "\ts->vars[{0}].name = \"{1}\";\n"
             "\ts->vars[{0}].map = &obj->maps.{2};\n"
             "\ts->vars[{0}].addr = (void **) &obj->{2}.{1};\n",
             i, vars[i].name, *vars[i].map_ident);
  }
  maps_skeleton(false);
  progs_skeleton(false);
  w_.fill("\n"
          "\terr = bpf_object__open_subskeleton(s);\n"
          "\tif (err)\n"
          "\t\tgoto err;\n"
          "\n"
          "\treturn obj;\n"
          "err:\n"
          "\t@O@__destroy(obj);\n"
          "\terrno = -err;\n"
          "\treturn NULL;\n"
          "}\n"
          "\n"
          "#ifdef __cplusplus\n"
          "struct @O@ *@O@::open(const struct bpf_object *src) { return @O@__open(src); }\n"
          "void @O@::destroy(struct @O@ *skel) { @O@__destroy(skel); }\n"
          "#endif /* __cplusplus */\n");
  w_.print("\n#endif /* {} */\n", header_guard);
  return GeneratedHeader{w_.take(), std::move(errors_)};
}

// Beyond upstream: a move-only RAII class over the C skeleton, header-only,
// no exceptions (a failed factory returns an empty object carrying -errno).
void Generator::cpp_class_text() {
  w_.fill("\n"
          "#ifdef __cplusplus\n"
          "#include <utility>\n"
          "\n"
          "/* Owns one struct @O@ (bpftool-cpp's `gen skeleton ... lang c++`). */\n"
          "class @O@_skeleton {\n"
          "public:\n"
          "\t/* Opens the object (nothing is created in the kernel yet). On failure\n"
          "\t * the result is empty and error() is the negative errno. */\n"
          "\tstatic @O@_skeleton open(const struct bpf_object_open_opts *opts = nullptr) noexcept\n"
          "\t{\n"
          "\t\t@O@_skeleton s;\n"
          "\t\ts.skel_ = @O@__open_opts(opts);\n"
          "\t\tif (!s.skel_)\n"
          "\t\t\ts.err_ = errno ? -errno : -EINVAL;\n"
          "\t\treturn s;\n"
          "\t}\n"
          "\t/* open() then load(); empty with error() set if either fails. */\n"
          "\tstatic @O@_skeleton open_and_load(const struct bpf_object_open_opts *opts = nullptr) noexcept\n"
          "\t{\n"
          "\t\t@O@_skeleton s = open(opts);\n"
          "\t\tif (s.skel_) {\n"
          "\t\t\tint err = s.load();\n"
          "\t\t\tif (err) {\n"
          "\t\t\t\ts.reset();\n"
          "\t\t\t\ts.err_ = err;\n"
          "\t\t\t}\n"
          "\t\t}\n"
          "\t\treturn s;\n"
          "\t}\n"
          "\n"
          "\t@O@_skeleton() noexcept = default;\n"
          "\t@O@_skeleton(@O@_skeleton &&other) noexcept\n"
          "\t\t: skel_(other.release()), err_(other.err_) {}\n"
          "\t@O@_skeleton &operator=(@O@_skeleton &&other) noexcept\n"
          "\t{\n"
          "\t\tif (this != &other) {\n"
          "\t\t\treset(other.release());\n"
          "\t\t\terr_ = other.err_;\n"
          "\t\t}\n"
          "\t\treturn *this;\n"
          "\t}\n"
          "\t@O@_skeleton(const @O@_skeleton &) = delete;\n"
          "\t@O@_skeleton &operator=(const @O@_skeleton &) = delete;\n"
          "\t~@O@_skeleton() { reset(); }\n"
          "\n"
          "\texplicit operator bool() const noexcept { return skel_ != nullptr; }\n"
          "\t/* The negative errno of the failed open; 0 otherwise. */\n"
          "\tint error() const noexcept { return err_; }\n"
          "\n"
          "\t/* Each returns 0 or a negative errno. */\n"
          "\tint load() noexcept { return @O@__load(skel_); }\n"
          "\tint attach() noexcept { return @O@__attach(skel_); }\n"
          "\tvoid detach() noexcept { @O@__detach(skel_); }\n"
          "\n"
          "\tstruct @O@ *get() const noexcept { return skel_; }\n"
          "\tstruct @O@ *release() noexcept { return std::exchange(skel_, nullptr); }\n"
          "\tvoid reset(struct @O@ *skel = nullptr) noexcept { @O@__destroy(std::exchange(skel_, skel)); }\n"
          "\tstruct bpf_object *obj() const noexcept { return skel_->obj; }\n");
  if (!maps_.empty()) w_.raw("\tauto &maps() const noexcept { return skel_->maps; }\n");
  if (!progs_.empty()) w_.raw("\tauto &progs() const noexcept { return skel_->progs; }\n");
  if (!progs_.empty() || struct_ops_count()) w_.raw("\tauto &links() const noexcept { return skel_->links; }\n");
  if (btf_ && struct_ops_count()) w_.raw("\tauto &struct_ops() const noexcept { return skel_->struct_ops; }\n");
  if (btf_)
    for (const auto& m : maps_)
      if (m.mmapable) w_.print("\tauto *{0}() const noexcept {{ return skel_->{0}; }}\n", m.ident);
  w_.fill("\n"
          "private:\n"
          "\tstruct @O@ *skel_ = nullptr;\n"
          "\tint err_ = 0;\n"
          "};\n"
          "#endif /* __cplusplus */\n");
}

}  // namespace

std::string default_object_name(std::string_view path) {
  if (auto slash = path.rfind('/'); slash != std::string_view::npos) path.remove_prefix(slash + 1);
  std::string name(path.substr(0, kMaxObjNameLen));
  if (name.size() >= 2 && name.compare(name.size() - 2, 2, ".o") == 0) name.resize(name.size() - 2);
  return sanitize(name);
}

bool is_c_identifier(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

Result<GeneratedHeader> generate_skeleton(std::string_view elf, const std::string& obj_name, SkeletonKind kind) {
  LIBBPF_OPTS(bpf_object_open_opts, opts);
  // A subskeleton opens with an empty object name, so that internal maps are
  // named after their ELF sections (".data", not "obj.data"), as upstream.
  opts.object_name = kind == SkeletonKind::Subskeleton ? "" : obj_name.c_str();
  sys::ObjectPtr obj(bpf_object__open_mem(elf.data(), elf.size(), &opts));
  if (!obj) {
    const int err = errno;
    char buf[256];
    libbpf_strerror(-err, buf, sizeof(buf));
    return Error::msg(err, std::string("failed to open BPF object file: ") + buf);
  }
  Generator gen(obj.get(), obj_name, elf);
  if (kind == SkeletonKind::Subskeleton) return gen.subskeleton();
  return gen.skeleton(kind == SkeletonKind::Cpp);
}

}  // namespace bpftool::model
