#include "btf/validate.h"

#include <bpf/btf.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <linux/btf.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <string_view>

#include "core/scope_exit.h"

namespace bpftool::btf {

namespace {

constexpr uint16_t kMagic = 0xeB9F;
constexpr uint16_t kMagicSwapped = 0x9FeB;

Error bad(std::string what) { return Error::msg(EINVAL, "invalid BTF: " + std::move(what)); }

Error bad_type(uint32_t id, std::string_view what) {
  return bad("type [" + std::to_string(id) + "] " + std::string(what));
}

template <class T>
T load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

// Bytes after the 12-byte btf_type for this kind and vlen; -1 for an unknown kind.
int64_t extra_size(uint32_t kind, uint32_t vlen) {
  switch (kind) {
    case BTF_KIND_INT: return 4;
    case BTF_KIND_PTR:
    case BTF_KIND_FWD:
    case BTF_KIND_TYPEDEF:
    case BTF_KIND_VOLATILE:
    case BTF_KIND_CONST:
    case BTF_KIND_RESTRICT:
    case BTF_KIND_FUNC:
    case BTF_KIND_FLOAT:
    case BTF_KIND_TYPE_TAG: return 0;
    case BTF_KIND_ARRAY: return sizeof(struct btf_array);
    case BTF_KIND_STRUCT:
    case BTF_KIND_UNION: return int64_t{vlen} * sizeof(struct btf_member);
    case BTF_KIND_ENUM: return int64_t{vlen} * sizeof(struct btf_enum);
    case BTF_KIND_FUNC_PROTO: return int64_t{vlen} * sizeof(struct btf_param);
    case BTF_KIND_VAR: return sizeof(struct btf_var);
    case BTF_KIND_DATASEC: return int64_t{vlen} * sizeof(struct btf_var_secinfo);
    case BTF_KIND_DECL_TAG: return sizeof(struct btf_decl_tag);
    case BTF_KIND_ENUM64: return int64_t{vlen} * sizeof(struct btf_enum64);
    default: return -1;
  }
}

// The parsed layout of the bytes being checked.
class Checker {
 public:
  Checker(std::span<const uint8_t> data, const BtfBaseInfo* base) : data_(data), base_(base) {}

  Status run() {
    BT_TRY(header());
    BT_TRY(index_types());
    BT_TRY(check_types());
    return check_cycles();
  }

 private:
  Status header() {
    if (data_.size() < sizeof(btf_header)) return bad("file too small for a header");
    const auto hdr = load<btf_header>(data_.data());
    if (hdr.magic == kMagicSwapped) return bad("non-native byte order is not supported");
    if (hdr.magic != kMagic) return bad("bad magic");
    if (hdr.version != BTF_VERSION) return bad("unsupported version " + std::to_string(hdr.version));
    if (hdr.hdr_len < sizeof(btf_header) || hdr.hdr_len > data_.size()) return bad("bad header length");
    const uint64_t body = data_.size() - hdr.hdr_len;
    if (hdr.type_off % 4) return bad("type section is not 4-byte aligned");
    if (uint64_t{hdr.type_off} + hdr.type_len > body) return bad("type section past the end of the data");
    if (uint64_t{hdr.str_off} + hdr.str_len > body) return bad("string section past the end of the data");
    // Empty sections overlap nothing (an empty BTF has both at offset 0).
    const bool overlap = hdr.type_len && hdr.str_len &&
                         (hdr.type_off < hdr.str_off ? uint64_t{hdr.type_off} + hdr.type_len > hdr.str_off
                                                     : uint64_t{hdr.str_off} + hdr.str_len > hdr.type_off);
    if (overlap)
      return bad("type and string sections overlap");
    if (hdr.str_len > 0x7fffffffu) return bad("string section too large");
    types_ = data_.subspan(hdr.hdr_len + hdr.type_off, hdr.type_len);
    strs_ = data_.subspan(hdr.hdr_len + hdr.str_off, hdr.str_len);
    if (!base_ && (strs_.empty() || strs_[0] != 0)) return bad("string section must start with an empty string");
    if (!strs_.empty() && strs_.back() != 0) return bad("string section is not NUL-terminated");
    first_id_ = base_ ? base_->type_cnt : 1;
    first_str_ = base_ ? base_->str_len : 0;
    return {};
  }

  Status index_types() {
    size_t off = 0;
    while (off < types_.size()) {
      const uint32_t id = first_id_ + static_cast<uint32_t>(offs_.size());
      if (types_.size() - off < sizeof(btf_type)) return bad_type(id, "is truncated");
      const auto t = load<btf_type>(types_.data() + off);
      const int64_t extra = extra_size(btf_kind(&t), btf_vlen(&t));
      if (extra < 0) return bad_type(id, "has unknown kind " + std::to_string(btf_kind(&t)));
      if (types_.size() - off - sizeof(btf_type) < static_cast<uint64_t>(extra))
        return bad_type(id, "is truncated");
      offs_.push_back(static_cast<uint32_t>(off));
      off += sizeof(btf_type) + static_cast<size_t>(extra);
      if (uint64_t{first_id_} + offs_.size() > 0x7fffffffu) return bad("too many types");
    }
    end_id_ = first_id_ + static_cast<uint32_t>(offs_.size());
    return {};
  }

  btf_type type_at(uint32_t id) const { return load<btf_type>(types_.data() + offs_[id - first_id_]); }
  const uint8_t* extra_at(uint32_t id) const { return types_.data() + offs_[id - first_id_] + sizeof(btf_type); }

  bool name_ok(uint32_t off) const {
    if (off < first_str_) return true;  // in the base's strings
    return off - first_str_ < strs_.size();
  }
  bool id_ok(uint32_t ref) const { return ref < end_id_; }

  Status check_name(uint32_t id, uint32_t off) const {
    if (!name_ok(off)) return bad_type(id, "has an invalid name offset " + std::to_string(off));
    return {};
  }
  Status check_ref(uint32_t id, uint32_t ref) const {
    if (!id_ok(ref)) return bad_type(id, "refers to type id " + std::to_string(ref) + ", out of range");
    return {};
  }

  Status check_types() const {
    for (uint32_t id = first_id_; id < end_id_; id++) {
      const btf_type t = type_at(id);
      const uint8_t* x = extra_at(id);
      const uint32_t vlen = btf_vlen(&t);
      BT_TRY(check_name(id, t.name_off));
      switch (btf_kind(&t)) {
        case BTF_KIND_PTR:
        case BTF_KIND_TYPEDEF:
        case BTF_KIND_VOLATILE:
        case BTF_KIND_CONST:
        case BTF_KIND_RESTRICT:
        case BTF_KIND_TYPE_TAG:
        case BTF_KIND_VAR:
        case BTF_KIND_DECL_TAG: BT_TRY(check_ref(id, t.type)); break;
        case BTF_KIND_FUNC:
          BT_TRY(check_ref(id, t.type));
          if (t.type >= first_id_ && btf_kind_of(t.type) != BTF_KIND_FUNC_PROTO)
            return bad_type(id, "is a FUNC whose type is not a FUNC_PROTO");
          break;
        case BTF_KIND_ARRAY: {
          const auto a = load<struct btf_array>(x);
          BT_TRY(check_ref(id, a.type));
          BT_TRY(check_ref(id, a.index_type));
          break;
        }
        case BTF_KIND_STRUCT:
        case BTF_KIND_UNION:
          for (uint32_t i = 0; i < vlen; i++) {
            const auto m = load<struct btf_member>(x + i * sizeof(struct btf_member));
            BT_TRY(check_name(id, m.name_off));
            BT_TRY(check_ref(id, m.type));
          }
          break;
        case BTF_KIND_ENUM:
          for (uint32_t i = 0; i < vlen; i++) BT_TRY(check_name(id, load<struct btf_enum>(x + i * sizeof(struct btf_enum)).name_off));
          break;
        case BTF_KIND_ENUM64:
          for (uint32_t i = 0; i < vlen; i++)
            BT_TRY(check_name(id, load<struct btf_enum64>(x + i * sizeof(struct btf_enum64)).name_off));
          break;
        case BTF_KIND_FUNC_PROTO:
          BT_TRY(check_ref(id, t.type));
          for (uint32_t i = 0; i < vlen; i++) {
            const auto p = load<struct btf_param>(x + i * sizeof(struct btf_param));
            BT_TRY(check_name(id, p.name_off));
            BT_TRY(check_ref(id, p.type));
          }
          break;
        case BTF_KIND_DATASEC:
          for (uint32_t i = 0; i < vlen; i++)
            BT_TRY(check_ref(id, load<struct btf_var_secinfo>(x + i * sizeof(struct btf_var_secinfo)).type));
          break;
        default: break;
      }
    }
    return {};
  }

  uint32_t btf_kind_of(uint32_t id) const {
    const btf_type t = type_at(id);
    return btf_kind(&t);
  }

  // The k-th type `id` refers to in the cycle graph, or UINT32_MAX after the
  // last. Structs and unions have no edges: a cycle through one is legal C.
  uint32_t edge(uint32_t id, uint32_t k) const {
    constexpr uint32_t kNone = UINT32_MAX;
    const btf_type t = type_at(id);
    const uint8_t* x = extra_at(id);
    switch (btf_kind(&t)) {
      case BTF_KIND_PTR:
      case BTF_KIND_TYPEDEF:
      case BTF_KIND_VOLATILE:
      case BTF_KIND_CONST:
      case BTF_KIND_RESTRICT:
      case BTF_KIND_TYPE_TAG:
      case BTF_KIND_VAR:
      case BTF_KIND_DECL_TAG:
      case BTF_KIND_FUNC: return k == 0 ? t.type : kNone;
      case BTF_KIND_ARRAY: {
        const auto a = load<struct btf_array>(x);
        return k == 0 ? a.type : k == 1 ? a.index_type : kNone;
      }
      case BTF_KIND_FUNC_PROTO:
        if (k == 0) return t.type;
        return k <= btf_vlen(&t) ? load<struct btf_param>(x + (k - 1) * sizeof(struct btf_param)).type : kNone;
      case BTF_KIND_DATASEC:
        return k < btf_vlen(&t) ? load<struct btf_var_secinfo>(x + k * sizeof(struct btf_var_secinfo)).type : kNone;
      default: return kNone;
    }
  }

  // Depth-first search with an explicit stack (chains of any length).
  Status check_cycles() const {
    enum : uint8_t { White, Grey, Black };
    std::vector<uint8_t> color(offs_.size(), White);
    struct Frame {
      uint32_t id, next;
    };
    std::vector<Frame> stack;
    for (uint32_t root = first_id_; root < end_id_; root++) {
      if (color[root - first_id_] != White) continue;
      stack.push_back({root, 0});
      color[root - first_id_] = Grey;
      while (!stack.empty()) {
        Frame& f = stack.back();
        const uint32_t to = edge(f.id, f.next);
        if (to == UINT32_MAX) {
          color[f.id - first_id_] = Black;
          stack.pop_back();
          continue;
        }
        f.next++;
        if (to < first_id_) continue;  // void or the base: acyclic
        uint8_t& c = color[to - first_id_];
        if (c == Grey) return bad_type(to, "is part of a reference loop that does not pass through a struct or union");
        if (c == White) {
          c = Grey;
          stack.push_back({to, 0});
        }
      }
    }
    return {};
  }

  std::span<const uint8_t> data_;
  const BtfBaseInfo* base_;
  std::span<const uint8_t> types_, strs_;
  uint32_t first_id_ = 1, end_id_ = 1, first_str_ = 0;
  std::vector<uint32_t> offs_;
};

}  // namespace

BtfBaseInfo base_info_of(const struct btf* base) {
  BtfBaseInfo info;
  info.type_cnt = btf__type_cnt(base);
  for (const struct btf* b = base; b; b = btf__base_btf(b)) {
    uint32_t size = 0;
    const void* raw = btf__raw_data(b, &size);
    if (raw && size >= sizeof(btf_header)) info.str_len += load<btf_header>(static_cast<const uint8_t*>(raw)).str_len;
  }
  return info;
}

Status validate_raw_btf(std::span<const uint8_t> data, const BtfBaseInfo* base) {
  return Checker(data, base).run();
}

Result<std::vector<uint8_t>> read_file_bytes(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error::sys(errno, "can't open " + path);
  auto close_fd = core::ScopeExit([fd] { ::close(fd); });
  std::vector<uint8_t> bytes;
  struct stat st{};
  // sysfs reports the BTF size; read until EOF in any case.
  if (::fstat(fd, &st) == 0 && st.st_size > 0) bytes.reserve(static_cast<size_t>(st.st_size) + 1);
  // One byte more than fstat says, so a read of the whole file still leaves
  // room to see EOF without growing (a grown vector would copy the file).
  size_t used = 0;
  for (;;) {
    if (used == bytes.size()) bytes.resize(std::max<size_t>(bytes.capacity(), used + 65536));
    const ssize_t n = ::read(fd, bytes.data() + used, bytes.size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error::sys(errno, "can't read " + path);
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  bytes.resize(used);
  return bytes;
}

bool is_raw_btf(std::span<const uint8_t> data) {
  if (data.size() < 2) return false;
  const auto magic = load<uint16_t>(data.data());
  return magic == kMagic || magic == kMagicSwapped;
}

Result<ElfBtf> find_elf_btf(std::span<const uint8_t> image) {
  if (elf_version(EV_CURRENT) == EV_NONE) return Error::msg("libelf initialization failed");
  // ELF_C_READ_MMAP-style access to memory we own; libelf does not write to it.
  Elf* elf = elf_memory(reinterpret_cast<char*>(const_cast<uint8_t*>(image.data())), image.size());
  if (!elf) return Error::msg("not an ELF file or raw BTF");
  auto end = core::ScopeExit([elf] { elf_end(elf); });
  GElf_Ehdr ehdr;
  if (elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &ehdr)) return Error::msg("not an ELF file or raw BTF");
  size_t shstrndx = 0;
  if (elf_getshdrstrndx(elf, &shstrndx) != 0) return Error::msg("invalid ELF: no section name table");
  for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh)) return Error::msg("invalid ELF: bad section header");
    const char* name = elf_strptr(elf, shstrndx, sh.sh_name);
    if (!name || std::strcmp(name, BTF_ELF_SEC) != 0) continue;
    if (sh.sh_type == SHT_NOBITS) break;
    Elf_Data* d = elf_rawdata(scn, nullptr);
    if (!d || !d->d_buf) return Error::msg("invalid ELF: can't read the .BTF section");
    const auto* p = static_cast<const uint8_t*>(d->d_buf);
    if (p < image.data() || p + d->d_size > image.data() + image.size())
      return Error::msg("invalid ELF: .BTF section outside the file");
    ElfBtf out;
    out.data = std::span<const uint8_t>(p, d->d_size);
    out.pointer_size = gelf_getclass(elf) == ELFCLASS32 ? 4 : 8;
    return out;
  }
  return Error::msg(ENODATA, "no .BTF section in the ELF file");
}

}  // namespace bpftool::btf
