// btf::validate_raw_btf over hand-built blobs: valid BTF of every kind passes;
// each kind of corruption, reference loops and truncation fail with a message;
// very long chains pass without recursion.
#include <gtest/gtest.h>

#include <string>

#include "btf/validate.h"
#include "unit/btf_test_blobs.h"

namespace bpftool::btf {
namespace {

using testing::Bytes;
using testing::every_kind;
using testing::Owned;
using testing::raw_of;

std::string error_of(const Bytes& raw, const BtfBaseInfo* base = nullptr) {
  auto st = validate_raw_btf(raw, base);
  return st ? std::string("ok") : st.error().message();
}

TEST(BtfValidate, every_kind_is_valid) {
  auto b = every_kind();
  EXPECT_EQ(error_of(raw_of(b.get())), "ok");
}

TEST(BtfValidate, empty_btf_is_valid) {
  Owned b(btf__new_empty());
  EXPECT_EQ(error_of(raw_of(b.get())), "ok");
}

TEST(BtfValidate, rejects_short_and_bad_headers) {
  auto raw = raw_of(every_kind().get());
  EXPECT_EQ(error_of(Bytes(raw.begin(), raw.begin() + 10)), "invalid BTF: file too small for a header");
  Bytes bad_magic = raw;
  bad_magic[0] = 0;
  EXPECT_EQ(error_of(bad_magic), "invalid BTF: bad magic");
  Bytes bad_version = raw;
  bad_version[2] = 9;
  EXPECT_EQ(error_of(bad_version), "invalid BTF: unsupported version 9");
  Bytes bad_hdr_len = raw;
  testing::set_u32(bad_hdr_len, 4, 0xffff);
  EXPECT_NE(error_of(bad_hdr_len), "ok");
}

TEST(BtfValidate, rejects_sections_past_the_end) {
  auto raw = raw_of(every_kind().get());
  Bytes t = raw;
  testing::set_u32(t, testing::kTypeLen, testing::get_u32(raw, testing::kTypeLen) + 1000);
  EXPECT_NE(error_of(t), "ok");
  Bytes s = raw;
  testing::set_u32(s, testing::kStrLen, 0xfffffff0u);
  EXPECT_NE(error_of(s), "ok");
  // Every truncation of the data is an error, never a crash.
  for (size_t n = 0; n < raw.size(); n++) EXPECT_NE(error_of(Bytes(raw.begin(), raw.begin() + n)), "ok") << n;
}

TEST(BtfValidate, rejects_unterminated_strings) {
  auto raw = raw_of(every_kind().get());
  raw.back() = 'x';
  EXPECT_EQ(error_of(raw), "invalid BTF: string section is not NUL-terminated");
}

TEST(BtfValidate, rejects_a_truncated_type_section) {
  auto raw = raw_of(every_kind().get());
  // Shorten the type section by 4 bytes: the last type is cut.
  const uint32_t type_len = testing::get_u32(raw, testing::kTypeLen);
  testing::set_u32(raw, testing::kTypeLen, type_len - 4);
  EXPECT_NE(error_of(raw).find("is truncated"), std::string::npos) << error_of(raw);
}

TEST(BtfValidate, rejects_unknown_kinds_bad_names_and_ids) {
  Owned b(btf__new_empty());
  btf__add_int(b.get(), "int", 4, 0);
  btf__add_ptr(b.get(), 1);
  const auto good = raw_of(b.get());
  const size_t t2 = testing::types_start(good) + 16;  // INT is 12 + 4 bytes
  Bytes kind = good;
  testing::set_u32(kind, t2 + 4, 31u << 24);
  EXPECT_EQ(error_of(kind), "invalid BTF: type [2] has unknown kind 31");
  Bytes name = good;
  testing::set_u32(name, t2, 100000);
  EXPECT_EQ(error_of(name), "invalid BTF: type [2] has an invalid name offset 100000");
  Bytes ref = good;
  testing::set_u32(ref, t2 + 8, 77);
  EXPECT_EQ(error_of(ref), "invalid BTF: type [2] refers to type id 77, out of range");
}

TEST(BtfValidate, rejects_a_func_whose_type_is_not_a_proto) {
  Owned b(btf__new_empty());
  btf__add_int(b.get(), "int", 4, 0);
  btf__add_func_proto(b.get(), 1);
  btf__add_func(b.get(), "f", BTF_FUNC_GLOBAL, 2);
  auto raw = raw_of(b.get());
  EXPECT_EQ(error_of(raw), "ok");
  // Point the FUNC (third type: 16 + 12 bytes in) at the INT.
  testing::set_u32(raw, testing::types_start(raw) + 28 + 8, 1);
  EXPECT_EQ(error_of(raw), "invalid BTF: type [3] is a FUNC whose type is not a FUNC_PROTO");
}

TEST(BtfValidate, rejects_loops_that_no_struct_breaks) {
  {
    Owned b(btf__new_empty());
    btf__add_typedef(b.get(), "a", 2);  // 1 → 2 → 1
    btf__add_typedef(b.get(), "b", 1);
    EXPECT_NE(error_of(raw_of(b.get())).find("reference loop"), std::string::npos);
  }
  {
    Owned b(btf__new_empty());
    btf__add_int(b.get(), "int", 4, 0);
    btf__add_array(b.get(), 2, 1, 3);  // an array of itself
    EXPECT_NE(error_of(raw_of(b.get())).find("reference loop"), std::string::npos);
  }
  {
    Owned b(btf__new_empty());
    btf__add_const(b.get(), 1);  // a const of itself
    EXPECT_EQ(error_of(raw_of(b.get())),
              "invalid BTF: type [1] is part of a reference loop that does not pass through a struct or union");
  }
  {
    Owned b(btf__new_empty());
    btf__add_ptr(b.get(), 1);  // a pointer to itself
    EXPECT_NE(error_of(raw_of(b.get())), "ok");
  }
}

TEST(BtfValidate, accepts_loops_through_a_struct) {
  Owned b(btf__new_empty());
  btf__add_struct(b.get(), "node", 8);  // 1: struct node { struct node *next; }
  btf__add_field(b.get(), "next", 2, 0, 0);
  btf__add_ptr(b.get(), 1);  // 2
  EXPECT_EQ(error_of(raw_of(b.get())), "ok");
}

TEST(BtfValidate, long_modifier_chains_use_no_stack) {
  Owned b(btf__new_empty());
  btf__add_int(b.get(), "int", 4, 0);
  for (int i = 0; i < 200000; i++) btf__add_const(b.get(), i + 1);
  EXPECT_EQ(error_of(raw_of(b.get())), "ok");
  // The same chain closed into a loop.
  Owned c(btf__new_empty());
  for (int i = 0; i < 200000; i++) btf__add_const(c.get(), (i + 1) % 200000 + 1);
  EXPECT_NE(error_of(raw_of(c.get())).find("reference loop"), std::string::npos);
}

TEST(BtfValidate, split_btf_refers_to_its_base) {
  auto base = every_kind();
  Owned split(btf__new_empty_split(base.get()));
  btf__add_ptr(split.get(), 4);             // a base struct
  btf__add_typedef(split.get(), "s_t", 25);  // its own first id
  const BtfBaseInfo info = base_info_of(base.get());
  EXPECT_EQ(info.type_cnt, 25u);
  const auto raw = raw_of(split.get());
  EXPECT_EQ(error_of(raw, &info), "ok");
  // Without the base, id 4 and the base's string offsets are out of range.
  EXPECT_NE(error_of(raw), "ok");
}

TEST(BtfValidate, raw_magic_and_elf_detection) {
  auto raw = raw_of(every_kind().get());
  EXPECT_TRUE(is_raw_btf(raw));
  const Bytes text = {'h', 'e', 'l', 'l', 'o', '\n'};
  EXPECT_FALSE(is_raw_btf(text));
  auto elf = find_elf_btf(text);
  ASSERT_FALSE(elf);
  EXPECT_EQ(elf.error().message(), "not an ELF file or raw BTF");
}

}  // namespace
}  // namespace bpftool::btf
