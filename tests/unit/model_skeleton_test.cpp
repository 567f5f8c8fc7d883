// Skeleton text for tests/bpf/skel.bpf.c (opened, never loaded), compared with
// golden files checked by hand against upstream bpftool 7.5's output on the
// same object. The embedded ELF bytes are replaced by a marker, so that a
// different clang does not change the golden files beyond the BTF they show.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <sstream>

#include "model/skeleton.h"
#include "unit/golden.h"

namespace bpftool::model {
namespace {

std::string read_object(const std::string& name) {
  std::ifstream in(std::string(BT_TEST_BPF_DIR) + "/" + name, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The lines of the data[] string after `= "\` up to the `";` that closes it
// (at the end of the last line of bytes; the bytes themselves never hold a raw
// quote, upstream writes it as \x22). The whole body goes, line count too: the
// object's debug info holds the absolute path of its source.
std::string without_elf_bytes(const std::string& text) {
  const std::string open = "__attribute__((__aligned__(8))) = \"\\\n";
  auto from = text.find(open);
  if (from == std::string::npos) return text;
  from += open.size();
  auto to = text.find("\";\n", from);
  if (to == std::string::npos) return text;
  return text.substr(0, from) + "<ELF BYTES>" + text.substr(to);
}

std::string generate(SkeletonKind kind, const std::string& name = "skel_bpf") {
  const std::string elf = read_object("skel.bpf.o");
  EXPECT_FALSE(elf.empty());
  auto h = generate_skeleton(elf, name, kind);
  EXPECT_TRUE(h) << (h ? "" : h.error().message());
  if (!h) return {};
  EXPECT_TRUE(h->errors.empty());
  return h->text;
}

TEST(Skeleton, c_skeleton_matches_golden) {
  EXPECT_TRUE(golden::matches("gen/skel.skel.h", without_elf_bytes(generate(SkeletonKind::C))));
}

TEST(Skeleton, subskeleton_matches_golden) {
  EXPECT_TRUE(golden::matches("gen/sub.subskel.h", generate(SkeletonKind::Subskeleton, "sub")));
}

TEST(Skeleton, cpp_skeleton_is_the_c_skeleton_plus_a_class) {
  const std::string c = without_elf_bytes(generate(SkeletonKind::C));
  const std::string cpp = without_elf_bytes(generate(SkeletonKind::Cpp));
  const std::string tail = "\n#endif /* __SKEL_BPF_SKEL_H__ */\n";
  ASSERT_GT(c.size(), tail.size());
  EXPECT_EQ(cpp.substr(0, c.size() - tail.size()), c.substr(0, c.size() - tail.size()));
  EXPECT_TRUE(golden::matches("gen/skel_class.hpp", cpp.substr(c.size() - tail.size())));
}

TEST(Skeleton, elf_bytes_are_embedded_in_upstream_format) {
  const std::string text = generate(SkeletonKind::C);
  // "\x7f\x45\x4c\x46" opens every ELF file; zero bytes are written "\0".
  EXPECT_NE(text.find("= \"\\\n\\x7f\\x45\\x4c\\x46\\x02\\x01\\x01\\0\\0"), std::string::npos);
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("\\x", 0) == 0 || line.rfind("\\0", 0) == 0) {
      EXPECT_LE(line.size(), 79u) << line;
    }
}

TEST(Skeleton, default_object_name_as_upstream) {
  EXPECT_EQ(default_object_name("dir/x.bpf.o"), "x_bpf");
  EXPECT_EQ(default_object_name("my-prog.o"), "my_prog");
  EXPECT_EQ(default_object_name("plain"), "plain");
  EXPECT_EQ(default_object_name(std::string(80, 'a') + ".o"), std::string(63, 'a'));
}

TEST(Skeleton, c_identifiers) {
  EXPECT_TRUE(is_c_identifier("skel_bpf"));
  EXPECT_TRUE(is_c_identifier("_x1"));
  EXPECT_FALSE(is_c_identifier(""));
  EXPECT_FALSE(is_c_identifier("1x"));
  EXPECT_FALSE(is_c_identifier("a-b"));
}

TEST(Skeleton, garbage_is_refused_with_upstreams_message) {
  auto h = generate_skeleton("junk", "x", SkeletonKind::C);
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().message().rfind("failed to open BPF object file: ", 0), 0u) << h.error().message();
}

}  // namespace
}  // namespace bpftool::model
