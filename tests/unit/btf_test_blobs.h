// Hand-built BTF for the btf/ unit tests: one object with every kind (built
// with btf__add_*), and raw bytes of it to corrupt on purpose.
#pragma once

#include <bpf/btf.h>
#include <linux/btf.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

namespace bpftool::btf::testing {

struct BtfFree {
  void operator()(struct btf* b) const { btf__free(b); }
};
using Owned = std::unique_ptr<struct btf, BtfFree>;
using Bytes = std::vector<uint8_t>;

/// Every kind once (ids in the comments), plus names JSON must escape.
inline Owned every_kind() {
  struct btf* b = btf__new_empty();
  btf__add_int(b, "int", 4, BTF_INT_SIGNED);     // 1
  btf__add_ptr(b, 1);                             // 2
  btf__add_array(b, 1, 1, 4);                     // 3
  btf__add_struct(b, "s", 8);                     // 4, with a bitfield (kflag)
  btf__add_field(b, "a", 1, 0, 0);
  btf__add_field(b, "bf", 1, 32, 3);
  btf__add_union(b, "u", 4);                      // 5
  btf__add_field(b, "x", 1, 0, 0);
  btf__add_enum(b, "e", 4);                       // 6, signed (a negative value)
  btf__add_enum_value(b, "A", 0);
  btf__add_enum_value(b, "B", -1);
  btf__add_fwd(b, "f", BTF_FWD_UNION);            // 7
  btf__add_typedef(b, "td", 1);                   // 8
  btf__add_volatile(b, 1);                        // 9
  btf__add_const(b, 1);                           // 10
  btf__add_restrict(b, 2);                        // 11
  btf__add_func_proto(b, 1);                      // 12
  btf__add_func_param(b, "p", 1);
  btf__add_func(b, "fn", BTF_FUNC_GLOBAL, 12);    // 13
  btf__add_var(b, "v", BTF_VAR_GLOBAL_ALLOCATED, 1);  // 14
  btf__add_datasec(b, ".data", 4);                // 15
  btf__add_datasec_var_info(b, 14, 0, 4);
  btf__add_float(b, "float", 4);                  // 16
  btf__add_decl_tag(b, "bpf_kfunc", 13, -1);      // 17
  btf__add_type_tag(b, "tt", 2);                  // 18
  btf__add_enum64(b, "e64", 8, false);            // 19
  btf__add_enum64_value(b, "BIG", 0xffffffffffULL);
  btf__add_enum64(b, "s64", 8, true);             // 20
  btf__add_enum64_value(b, "NEG", static_cast<uint64_t>(-5LL));
  btf__add_enum(b, "ue", 4);                      // 21, unsigned
  btf__add_enum_value(b, "U", 7);
  btf__add_struct(b, "q\"b\\s\x01\xff", 0);       // 22: quote, backslash, control, bad UTF-8
  btf__add_var(b, "ev", BTF_VAR_GLOBAL_EXTERN, 1);   // 23
  btf__add_func(b, "sf", BTF_FUNC_STATIC, 12);    // 24
  return Owned(b);
}

/// The raw bytes of `b` (header, types, strings).
inline Bytes raw_of(const struct btf* b) {
  uint32_t size = 0;
  const void* p = btf__raw_data(b, &size);
  const auto* u = static_cast<const uint8_t*>(p);
  return Bytes(u, u + size);
}

/// Header fields at their offsets in struct btf_header.
enum HeaderField : size_t { kTypeOff = 8, kTypeLen = 12, kStrOff = 16, kStrLen = 20 };

inline uint32_t get_u32(const Bytes& b, size_t off) {
  uint32_t v;
  std::memcpy(&v, b.data() + off, 4);
  return v;
}
inline void set_u32(Bytes& b, size_t off, uint32_t v) { std::memcpy(b.data() + off, &v, 4); }

/// The offset in `raw` of the first byte of the type section.
inline size_t types_start(const Bytes& raw) { return sizeof(btf_header) + get_u32(raw, kTypeOff); }

}  // namespace bpftool::btf::testing
