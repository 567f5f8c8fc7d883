// `btf dump format raw` and `format c` over hand-built BTF: every kind in
// upstream's plain and JSON layouts (golden files), names JSON must escape,
// split BTF numbering, root ids, and the sort order of format c.
#include <gtest/gtest.h>

#include <string>

#include "btf/c_dump.h"
#include "btf/raw_dump.h"
#include "output/json_writer.h"
#include "output/out_stream.h"
#include "unit/btf_test_blobs.h"
#include "unit/golden.h"

namespace bpftool::btf {
namespace {

using testing::every_kind;

std::string plain(const struct btf* b, std::span<const uint32_t> roots = {}) {
  std::string s;
  {
    output::OutStream out(&s);
    dump_raw_plain(out, b, roots);
  }
  return s;
}

std::string json(const struct btf* b, bool pretty, std::span<const uint32_t> roots = {}) {
  std::string s;
  {
    output::OutStream out(&s);
    output::JsonWriter jw(out, pretty);
    dump_raw_json(jw, b, roots);
    jw.finish();
  }
  return s;
}

TEST(BtfRawDump, every_kind_plain_matches_upstream_layout) {
  auto b = every_kind();
  EXPECT_GOLDEN("btf/dump_every_kind.txt", plain(b.get()));
}

TEST(BtfRawDump, every_kind_json) {
  auto b = every_kind();
  EXPECT_GOLDEN("btf/dump_every_kind.json", json(b.get(), false));
  EXPECT_GOLDEN("btf/dump_every_kind.pretty.json", json(b.get(), true));
}

TEST(BtfRawDump, exact_lines_for_the_tricky_kinds) {
  auto b = every_kind();
  const std::string s = plain(b.get());
  EXPECT_NE(s.find("[14] VAR 'v' type_id=1, linkage=global\n"), std::string::npos);
  EXPECT_NE(s.find("[6] ENUM 'e' encoding=SIGNED size=4 vlen=2\n\t'A' val=0\n\t'B' val=-1\n"), std::string::npos);
  EXPECT_NE(s.find("\t'BIG' val=1099511627775ULL\n"), std::string::npos);
  EXPECT_NE(s.find("\t'NEG' val=-5LL\n"), std::string::npos);
  EXPECT_NE(s.find("\ttype_id=14 offset=0 size=4 (VAR 'v')\n"), std::string::npos);
  EXPECT_NE(s.find("[17] DECL_TAG 'bpf_kfunc' type_id=13 component_idx=-1\n"), std::string::npos);
  EXPECT_NE(s.find("\t'bf' type_id=1 bits_offset=32 bitfield_size=3\n"), std::string::npos);
  EXPECT_NE(s.find("[24] FUNC 'sf' type_id=12 linkage=static\n"), std::string::npos);
}

TEST(BtfRawDump, json_escapes_names_and_stays_valid_utf8) {
  auto b = every_kind();
  const std::string s = json(b.get(), false);
  EXPECT_NE(s.find(R"("name":"q\"b\\s\u0001\u00ff")"), std::string::npos) << s;
}

TEST(BtfRawDump, roots_dump_only_those_ids_in_order) {
  auto b = every_kind();
  const uint32_t roots[] = {16, 1};
  EXPECT_EQ(plain(b.get(), roots),
            "[16] FLOAT 'float' size=4\n[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=SIGNED\n");
  EXPECT_EQ(json(b.get(), false, roots).substr(0, 33), R"({"types":[{"id":16,"kind":"FLOAT")");
}

TEST(BtfRawDump, split_btf_starts_at_its_first_own_id) {
  auto base = every_kind();
  testing::Owned split(btf__new_empty_split(base.get()));
  btf__add_ptr(split.get(), 4);
  EXPECT_EQ(plain(split.get()), "[25] PTR '(anon)' type_id=4\n");
}

TEST(BtfRawDump, empty_btf_gives_an_empty_types_array) {
  testing::Owned b(btf__new_empty());
  EXPECT_EQ(plain(b.get()), "");
  EXPECT_EQ(json(b.get(), false), "{\"types\":[]}\n");
}

TEST(BtfCDump, header_wraps_types_and_kfunc_prototypes) {
  auto b = every_kind();
  std::string s;
  {
    output::OutStream out(&s);
    ASSERT_TRUE(dump_c(out, b.get(), {}, true));
  }
  EXPECT_GOLDEN("btf/dump_every_kind.h", s);
  EXPECT_EQ(s.rfind("#ifndef __VMLINUX_H__\n", 0), 0u);
  EXPECT_NE(s.find("extern int fn(int p) __weak __ksym;\n"), std::string::npos);
  EXPECT_NE(s.find("#endif /* __VMLINUX_H__ */\n"), std::string::npos);
}

TEST(BtfCDump, roots_dump_no_kfuncs) {
  auto b = every_kind();
  std::string s;
  {
    output::OutStream out(&s);
    const uint32_t roots[] = {4};
    ASSERT_TRUE(dump_c(out, b.get(), roots, true));
  }
  EXPECT_NE(s.find("struct s {"), std::string::npos);
  EXPECT_EQ(s.find("BPF kfuncs"), std::string::npos);
  EXPECT_EQ(s.find("union u"), std::string::npos);
}

TEST(BtfCDump, empty_parameter_lists_are_void_as_newer_libbpf_writes_them) {
  testing::Owned b(btf__new_empty());
  btf__add_int(b.get(), "int", 4, BTF_INT_SIGNED);  // 1
  btf__add_func_proto(b.get(), 1);                  // 2: int (void)
  btf__add_ptr(b.get(), 2);                         // 3
  btf__add_struct(b.get(), "ops", 8);               // 4
  btf__add_field(b.get(), "probe", 3, 0, 0);
  btf__add_func_proto(b.get(), 1);                  // 5: int (int, ...)
  btf__add_func_param(b.get(), "", 1);
  btf__add_func_param(b.get(), "", 0);
  btf__add_ptr(b.get(), 5);                         // 6
  btf__add_typedef(b.get(), "vfn", 6);              // 7
  std::string s;
  {
    output::OutStream out(&s);
    const uint32_t roots[] = {4, 7};
    ASSERT_TRUE(dump_c(out, b.get(), roots, true));
  }
  EXPECT_NE(s.find("\tint (*probe)(void);\n"), std::string::npos) << s;
  EXPECT_NE(s.find("typedef int (*vfn)(int, ...);\n"), std::string::npos) << s;
  EXPECT_EQ(s.find("()"), std::string::npos) << s;
}

TEST(BtfCDump, sorted_order_ranks_enums_first_then_ints_then_named_structs) {
  testing::Owned b(btf__new_empty());
  btf__add_struct(b.get(), "zeta", 0);        // 1: named struct, rank 3
  btf__add_int(b.get(), "int", 4, 0);         // 2: rank 2
  btf__add_enum(b.get(), "", 4);              // 3: anonymous enum, rank 0, sorts by "B"
  btf__add_enum_value(b.get(), "B", 1);
  btf__add_enum(b.get(), "", 4);              // 4: anonymous enum, sorts by "A"
  btf__add_enum_value(b.get(), "A", 1);
  btf__add_struct(b.get(), "alpha", 0);       // 5: rank 3
  btf__add_enum(b.get(), "named", 4);         // 6: rank 1
  btf__add_typedef(b.get(), "t_alpha", 5);    // 7: typedef → struct: rank 3, sort name "alpha"
  // Upstream drops the first sorted entry (it expects void there): id 4.
  EXPECT_EQ(sorted_c_order(b.get()), (std::vector<uint32_t>{3, 6, 2, 5, 7, 1, 0}));
}

}  // namespace
}  // namespace bpftool::btf
