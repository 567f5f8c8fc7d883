// AtomicFile: the destination appears only on commit, keeps its old content on
// failure, and no temporary file is left behind either way.
#include "sys/atomic_file.h"

#include <dirent.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace bpftool::sys {
namespace {

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/bt_atomic_XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    for (const auto& e : entries()) ::unlink((dir_ + "/" + e).c_str());
    ::rmdir(dir_.c_str());
  }
  std::vector<std::string> entries() const {
    std::vector<std::string> out;
    DIR* d = ::opendir(dir_.c_str());
    if (!d) return out;
    while (auto* e = ::readdir(d))
      if (std::string(e->d_name) != "." && std::string(e->d_name) != "..") out.push_back(e->d_name);
    ::closedir(d);
    return out;
  }
  static std::string read(const std::string& p) {
    std::ifstream f(p);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
  }
  static std::span<const std::byte> bytes(const std::string& s) {
    return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
  }
  std::string dir_;
};

TEST_F(AtomicFileTest, commit_renames_into_place) {
  std::string dest = dir_ + "/out.bin";
  std::string text = "hello";
  ASSERT_TRUE(write_file_atomic(dest, bytes(text)));
  EXPECT_EQ(read(dest), "hello");
  EXPECT_EQ(entries(), std::vector<std::string>{"out.bin"});
  struct stat st {};
  ASSERT_EQ(::stat(dest.c_str(), &st), 0);
  mode_t mask = ::umask(0);
  ::umask(mask);
  EXPECT_EQ(st.st_mode & 0777, 0644 & ~mask);
}

TEST_F(AtomicFileTest, without_commit_nothing_changes) {
  std::string dest = dir_ + "/keep";
  { std::ofstream(dest) << "old"; }
  {
    auto f = AtomicFile::create(dest);
    ASSERT_TRUE(f);
    std::string text = "new";
    ASSERT_TRUE(f->write_all(bytes(text)));
    EXPECT_EQ(entries().size(), 2u);
  }
  EXPECT_EQ(read(dest), "old");
  EXPECT_EQ(entries(), std::vector<std::string>{"keep"});
}

TEST_F(AtomicFileTest, missing_directory_fails_cleanly) {
  auto f = AtomicFile::create(dir_ + "/no/such/dir/file");
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().errnum(), ENOENT);
  EXPECT_FALSE(AtomicFile::create(dir_ + "/"));
}

}  // namespace
}  // namespace bpftool::sys
