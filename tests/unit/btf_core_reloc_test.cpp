// The CO-RE walk of btf/core_reloc.h on BTF built in memory: access strings
// parsed against a local BTF, matched (flavors, anonymous members, arrays)
// against a target BTF, and the minimal BTF built from what they reach. Plus
// .BTF.ext and ELF parsing on truncated and corrupted bytes.
#include "btf/core_reloc.h"

#include <bpf/btf.h>
#include <gtest/gtest.h>
#include <linux/bpf.h>

#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "btf/btf_ext.h"
#include "btf/elf_image.h"

namespace bpftool::btf {
namespace {

struct BtfFree {
  void operator()(struct btf* b) const { btf__free(b); }
};
using Btf = std::unique_ptr<struct btf, BtfFree>;

// Local (program) side:
//   struct s     { int x; int y; };
//   struct outer { int pad; struct s inner; int arr[3]; };
struct Local {
  Btf btf{btf__new_empty()};
  int i32 = 0, s = 0, outer = 0, arr = 0;
  Local() {
    i32 = btf__add_int(btf.get(), "int", 4, BTF_INT_SIGNED);
    s = btf__add_struct(btf.get(), "s", 8);
    btf__add_field(btf.get(), "x", i32, 0, 0);
    btf__add_field(btf.get(), "y", i32, 32, 0);
    arr = btf__add_array(btf.get(), i32, i32, 3);
    outer = btf__add_struct(btf.get(), "outer___mine", 24);
    btf__add_field(btf.get(), "pad", i32, 0, 0);
    btf__add_field(btf.get(), "inner", s, 32, 0);
    btf__add_field(btf.get(), "arr", arr, 96, 0);
  }
  CoreRelo relo(const char* access, uint32_t kind = BPF_CORE_FIELD_BYTE_OFFSET, int type = 0) {
    CoreRelo r;
    r.type_id = static_cast<uint32_t>(type ? type : outer);
    r.access_str_off = static_cast<uint32_t>(btf__add_str(btf.get(), access));
    r.kind = kind;
    return r;
  }
};

// Target (kernel) side, laid out differently:
//   [1] int  [2] long
//   [3] struct s { long z; int y; int x; }
//   [4] int[5]
//   [5] struct outer { long q; struct { int pad; struct s inner; }; int arr[5]; int unused; }
//   [6] anon struct
//   [7] struct outer___2 { int pad; }      (a flavor candidate too)
//   [8] enum e { A = 1, B = 2 }
struct Target {
  Btf btf{btf__new_empty()};
  int i32 = 0, i64 = 0, s = 0, arr = 0, outer = 0, anon = 0, outer2 = 0, e = 0;
  Target() {
    i32 = btf__add_int(btf.get(), "int", 4, BTF_INT_SIGNED);
    i64 = btf__add_int(btf.get(), "long", 8, BTF_INT_SIGNED);
    s = btf__add_struct(btf.get(), "s", 16);
    btf__add_field(btf.get(), "z", i64, 0, 0);
    btf__add_field(btf.get(), "y", i32, 64, 0);
    btf__add_field(btf.get(), "x", i32, 96, 0);
    arr = btf__add_array(btf.get(), i32, i32, 5);
    outer = btf__add_struct(btf.get(), "outer", 56);
    anon = outer + 1;  // added below, after outer's members
    btf__add_field(btf.get(), "q", i64, 0, 0);
    btf__add_field(btf.get(), nullptr, anon, 64, 0);
    btf__add_field(btf.get(), "arr", arr, 256, 0);
    btf__add_field(btf.get(), "unused", i32, 416, 0);
    EXPECT_EQ(btf__add_struct(btf.get(), nullptr, 24), anon);
    btf__add_field(btf.get(), "pad", i32, 0, 0);
    btf__add_field(btf.get(), "inner", s, 64, 0);
    outer2 = btf__add_struct(btf.get(), "outer___2", 4);
    btf__add_field(btf.get(), "pad", i32, 0, 0);
    e = btf__add_enum(btf.get(), "e", 4);
    btf__add_enum_value(btf.get(), "A", 1);
    btf__add_enum_value(btf.get(), "B", 2);
  }
};

TEST(CoreReloc, essential_name_drops_the_last_flavor) {
  EXPECT_EQ(essential_name_len("task_struct___old"), 11u);
  EXPECT_EQ(essential_name_len("foo___bar___baz"), 9u);
  EXPECT_EQ(essential_name_len("task_struct"), 11u);
  EXPECT_EQ(essential_name_len("a___"), 4u);     // no Y after the separator
  EXPECT_EQ(essential_name_len("a____b"), 6u);   // four underscores: not a separator
  EXPECT_EQ(essential_name_len(""), 0u);
}

TEST(CoreReloc, parses_an_access_string_into_accessors_and_offset) {
  Local l;
  auto spec = parse_core_spec(l.btf.get(), l.relo("0:1:1"));
  ASSERT_TRUE(spec) << spec.error().message();
  EXPECT_EQ(spec->raw_spec, (std::vector<uint32_t>{0, 1, 1}));
  ASSERT_EQ(spec->spec.size(), 3u);
  EXPECT_STREQ(spec->spec[1].name, "inner");
  EXPECT_STREQ(spec->spec[2].name, "y");
  EXPECT_EQ(spec->bit_offset, 64u);

  auto elem = parse_core_spec(l.btf.get(), l.relo("0:2:2"));
  ASSERT_TRUE(elem) << elem.error().message();
  EXPECT_EQ(elem->spec.back().name, nullptr);  // an array index
  EXPECT_EQ(elem->bit_offset, 96u + 64u);
}

TEST(CoreReloc, rejects_malformed_access_strings) {
  Local l;
  for (const char* bad : {"", ":0", "0:x", "0:1:", "0:9", "0:2:3", "0::1", "0:99999999999", "0:1:1:0"})
    EXPECT_FALSE(parse_core_spec(l.btf.get(), l.relo(bad))) << bad;
  // Type relocations take exactly "0".
  EXPECT_FALSE(parse_core_spec(l.btf.get(), l.relo("1", BPF_CORE_TYPE_EXISTS)));
  EXPECT_TRUE(parse_core_spec(l.btf.get(), l.relo("0", BPF_CORE_TYPE_EXISTS)));
  // A bad root type id.
  CoreRelo r = l.relo("0");
  r.type_id = 999;
  EXPECT_FALSE(parse_core_spec(l.btf.get(), r));
  // Longer than libbpf's limit.
  std::string deep = "0";
  for (int i = 0; i < 64; i++) deep += ":0";
  auto e = parse_core_spec(l.btf.get(), l.relo(deep.c_str()));
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().errnum(), E2BIG);
}

TEST(CoreReloc, finds_candidates_by_essential_name) {
  Local l;
  Target t;
  auto c = find_core_candidates(l.btf.get(), static_cast<uint32_t>(l.outer), t.btf.get());
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, (std::vector<uint32_t>{static_cast<uint32_t>(t.outer), static_cast<uint32_t>(t.outer2)}));
}

TEST(CoreReloc, matches_through_anonymous_members) {
  Local l;
  Target t;
  auto local = parse_core_spec(l.btf.get(), l.relo("0:1:1"));
  ASSERT_TRUE(local);
  CoreSpec out;
  auto m = match_core_spec(*local, t.btf.get(), static_cast<uint32_t>(t.outer), out);
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_TRUE(*m);
  // outer.(anon #1).inner(#1).y(#1)
  EXPECT_EQ(out.raw_spec, (std::vector<uint32_t>{0, 1, 1, 1}));
  EXPECT_EQ(out.bit_offset, 64u + 64u + 64u);
  // outer___2 has no `inner`.
  auto m2 = match_core_spec(*local, t.btf.get(), static_cast<uint32_t>(t.outer2), out);
  ASSERT_TRUE(m2);
  EXPECT_FALSE(*m2);
}

TEST(CoreReloc, array_index_must_fit_the_target_array) {
  Local l;
  Target t;
  CoreSpec out;
  auto in_range = parse_core_spec(l.btf.get(), l.relo("0:2:2"));
  ASSERT_TRUE(in_range);
  auto m = match_core_spec(*in_range, t.btf.get(), static_cast<uint32_t>(t.outer), out);
  ASSERT_TRUE(m);
  EXPECT_TRUE(*m);
  EXPECT_EQ(out.bit_offset, 256u + 64u);
}

TEST(CoreReloc, resolves_to_the_first_matching_candidate) {
  Local l;
  Target t;
  auto relo = l.relo("0:0");  // pad: present in outer (anonymous) and outer___2
  auto cands = find_core_candidates(l.btf.get(), relo.type_id, t.btf.get());
  ASSERT_TRUE(cands);
  auto r = resolve_core_relo(l.btf.get(), relo, t.btf.get(), *cands);
  // pad is at bit 64 in outer and at 0 in outer___2: libbpf calls that ambiguous.
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("ambiguity"), std::string::npos);

  auto relo2 = l.relo("0:1:0");
  auto r2 = resolve_core_relo(l.btf.get(), relo2, t.btf.get(), *cands);
  ASSERT_TRUE(r2) << r2.error().message();
  ASSERT_TRUE(r2->has_value());
  EXPECT_EQ((*r2)->root_type_id, static_cast<uint32_t>(t.outer));
}

TEST(CoreReloc, enum_values_match_by_name) {
  Local l;
  Target t;
  int le = btf__add_enum(l.btf.get(), "e", 4);
  btf__add_enum_value(l.btf.get(), "Z", 0);
  btf__add_enum_value(l.btf.get(), "B", 1);
  auto relo = l.relo("1", BPF_CORE_ENUMVAL_VALUE, le);
  auto cands = find_core_candidates(l.btf.get(), relo.type_id, t.btf.get());
  ASSERT_TRUE(cands);
  ASSERT_EQ(cands->size(), 1u);
  auto r = resolve_core_relo(l.btf.get(), relo, t.btf.get(), *cands);
  ASSERT_TRUE(r) << r.error().message();
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ((*r)->raw_spec, (std::vector<uint32_t>{1}));
  // "Z" has no counterpart: no target, not an error.
  auto r0 = resolve_core_relo(l.btf.get(), l.relo("0", BPF_CORE_ENUMVAL_EXISTS, le), t.btf.get(), *cands);
  ASSERT_TRUE(r0);
  EXPECT_FALSE(r0->has_value());
}

TEST(CoreReloc, minimal_btf_keeps_only_the_path) {
  Local l;
  Target t;
  BtfMinimizer min(t.btf.get());
  auto relo = l.relo("0:1:1");
  auto cands = find_core_candidates(l.btf.get(), relo.type_id, t.btf.get());
  ASSERT_TRUE(cands);
  auto r = resolve_core_relo(l.btf.get(), relo, t.btf.get(), *cands);
  ASSERT_TRUE(r && r->has_value());
  ASSERT_TRUE(min.record(**r));
  EXPECT_TRUE(min.type_marked(static_cast<uint32_t>(t.outer)));
  EXPECT_TRUE(min.member_marked(static_cast<uint32_t>(t.outer), 1));
  EXPECT_FALSE(min.member_marked(static_cast<uint32_t>(t.outer), 0));
  EXPECT_FALSE(min.type_marked(static_cast<uint32_t>(t.i64)));
  EXPECT_FALSE(min.type_marked(static_cast<uint32_t>(t.outer2)));

  auto raw = min.build();
  ASSERT_TRUE(raw) << raw.error().message();
  Btf out(btf__new(raw->data(), static_cast<uint32_t>(raw->size())));
  ASSERT_TRUE(out);
  // int, s, outer, anon: in their original order.
  ASSERT_EQ(btf__type_cnt(out.get()), 5u);
  const btf_type* s = btf__type_by_id(out.get(), 2);
  EXPECT_STREQ(btf__name_by_offset(out.get(), s->name_off), "s");
  EXPECT_EQ(s->size, 16u);
  ASSERT_EQ(btf_vlen(s), 1);
  EXPECT_STREQ(btf__name_by_offset(out.get(), btf_members(s)[0].name_off), "y");
  EXPECT_EQ(btf_member_bit_offset(s, 0), 64u);
  EXPECT_EQ(btf_members(s)[0].type, 1u);
  const btf_type* outer = btf__type_by_id(out.get(), 3);
  ASSERT_EQ(btf_vlen(outer), 1);
  EXPECT_EQ(btf_members(outer)[0].type, 4u);
  EXPECT_EQ(btf_member_bit_offset(outer, 0), 64u);
  const btf_type* anon = btf__type_by_id(out.get(), 4);
  ASSERT_EQ(btf_vlen(anon), 1);
  EXPECT_STREQ(btf__name_by_offset(out.get(), btf_members(anon)[0].name_off), "inner");
}

TEST(CoreReloc, type_relocations_follow_pointers_and_cycles_end) {
  Btf b(btf__new_empty());
  int s = btf__add_struct(b.get(), "node", 8);
  int p = btf__add_ptr(b.get(), s);
  btf__add_field(b.get(), "next", p, 0, 0);
  // A typedef chain that loops (only broken BTF does that).
  int td1 = btf__add_typedef(b.get(), "t1", s + 3);
  int td2 = btf__add_typedef(b.get(), "t2", td1);
  ASSERT_EQ(td2, s + 3);
  BtfMinimizer min(b.get());
  CoreSpec spec;
  spec.btf = b.get();
  spec.root_type_id = static_cast<uint32_t>(td1);
  spec.kind = BPF_CORE_TYPE_EXISTS;
  ASSERT_TRUE(min.record(spec));
  EXPECT_TRUE(min.type_marked(static_cast<uint32_t>(td2)));
  spec.root_type_id = static_cast<uint32_t>(p);
  ASSERT_TRUE(min.record(spec));
  EXPECT_TRUE(min.type_marked(static_cast<uint32_t>(s)));
  // A type relocation keeps the struct without its members.
  EXPECT_FALSE(min.member_marked(static_cast<uint32_t>(s), 0));
}

// ---- .BTF.ext ----

std::vector<std::byte> btf_ext_bytes(uint32_t rec_size, const std::vector<std::vector<uint32_t>>& secs) {
  std::vector<uint32_t> relo{rec_size};
  for (const auto& sec : secs) relo.insert(relo.end(), sec.begin(), sec.end());
  std::vector<std::byte> out(32 + relo.size() * 4);
  uint16_t magic = 0xeB9F;
  std::memcpy(out.data(), &magic, 2);
  out[2] = std::byte{1};
  uint32_t hdr[7] = {32, 0, 0, 0, 0, 0, static_cast<uint32_t>(relo.size() * 4)};
  std::memcpy(out.data() + 4, hdr, sizeof(hdr));
  std::memcpy(out.data() + 32, relo.data(), relo.size() * 4);
  return out;
}

TEST(BtfExt, parses_core_relo_records) {
  auto bytes = btf_ext_bytes(16, {{5, 2, 0, 3, 7, 0, 8, 4, 9, 2}, {6, 1, 16, 5, 11, 8}});
  auto r = parse_core_relos(bytes);
  ASSERT_TRUE(r) << r.error().message();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].sec_name_off, 5u);
  EXPECT_EQ((*r)[0].type_id, 3u);
  EXPECT_EQ((*r)[1].access_str_off, 9u);
  EXPECT_EQ((*r)[2].sec_name_off, 6u);
  EXPECT_EQ((*r)[2].kind, 8u);
}

TEST(BtfExt, every_truncation_is_an_error_not_a_crash) {
  auto bytes = btf_ext_bytes(16, {{5, 2, 0, 3, 7, 0, 8, 4, 9, 2}});
  for (size_t n = 0; n < bytes.size(); n++) {
    std::vector<std::byte> cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_FALSE(parse_core_relos(cut)) << "length " << n;
  }
}

TEST(BtfExt, rejects_bad_sizes_and_counts) {
  EXPECT_FALSE(parse_core_relos(btf_ext_bytes(12, {{5, 1, 0, 3, 7}})));              // record too small
  EXPECT_FALSE(parse_core_relos(btf_ext_bytes(18, {{5, 1, 0, 3, 7, 0, 0}})));        // not a multiple of 4
  EXPECT_FALSE(parse_core_relos(btf_ext_bytes(16, {{5, 0}})));                       // no records
  EXPECT_FALSE(parse_core_relos(btf_ext_bytes(16, {{5, 0xffffffff, 0, 3, 7, 0}})));  // count past the end
  auto bytes = btf_ext_bytes(16, {{5, 1, 0, 3, 7, 0}});
  uint32_t huge = 0xfffffff0;
  std::memcpy(bytes.data() + 24, &huge, 4);  // core_relo_off far outside
  EXPECT_FALSE(parse_core_relos(bytes));
  // An old header without core_relo fields: nothing to relocate.
  auto old = btf_ext_bytes(16, {{5, 1, 0, 3, 7, 0}});
  uint32_t len24 = 24;
  std::memcpy(old.data() + 4, &len24, 4);
  auto r = parse_core_relos(old);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->empty());
}

TEST(BtfExt, random_corruption_never_crashes) {
  auto good = btf_ext_bytes(16, {{5, 2, 0, 3, 7, 0, 8, 4, 9, 2}, {6, 1, 16, 5, 11, 8}});
  std::mt19937 rng(1234);
  for (int round = 0; round < 2000; round++) {
    auto bytes = good;
    for (int k = 0; k < 3; k++) bytes[rng() % bytes.size()] = static_cast<std::byte>(rng());
    auto r = parse_core_relos(bytes);
    if (r) {
      EXPECT_LE(r->size(), bytes.size() / 16);
    }
  }
}

TEST(ElfImage, rejects_what_is_not_a_sound_elf_file) {
  EXPECT_FALSE(ElfImage::parse({}));
  std::vector<std::byte> text(100, std::byte{'x'});
  EXPECT_FALSE(ElfImage::parse(text));
  // The magic and a 64-bit class, but the rest is missing or zero.
  std::vector<std::byte> head(64, std::byte{0});
  const char magic[] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
  std::memcpy(head.data(), magic, sizeof(magic));
  EXPECT_FALSE(ElfImage::parse(head));
  for (size_t n = 0; n < 64; n++)
    EXPECT_FALSE(ElfImage::parse(std::vector<std::byte>(head.begin(), head.begin() + static_cast<std::ptrdiff_t>(n))));
}

}  // namespace
}  // namespace bpftool::btf
