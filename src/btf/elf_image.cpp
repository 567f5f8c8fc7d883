#include "btf/elf_image.h"

#include <elf.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/scope_exit.h"

namespace bpftool::btf {

namespace {

template <class T>
bool read_at(std::span<const std::byte> bytes, size_t off, T& out) {
  if (off > bytes.size() || bytes.size() - off < sizeof(T)) return false;
  std::memcpy(&out, bytes.data() + off, sizeof(T));
  return true;
}

// An offset + size pair lies inside a buffer of `total` bytes (no overflow).
bool fits(uint64_t off, uint64_t size, size_t total) { return off <= total && size <= total - off; }

}  // namespace

bool has_elf_magic(std::span<const std::byte> bytes) {
  return bytes.size() >= SELFMAG && std::memcmp(bytes.data(), ELFMAG, SELFMAG) == 0;
}

Result<std::vector<std::byte>> read_whole_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error::sys(errno, "can't open '" + path + "'");
  core::ScopeExit close_fd([fd] { ::close(fd); });
  struct stat st {};
  if (::fstat(fd, &st)) return Error::sys(errno, "can't stat '" + path + "'");
  if (!S_ISREG(st.st_mode)) return Error::sys(S_ISDIR(st.st_mode) ? EISDIR : EINVAL, "can't read '" + path + "'");
  std::vector<std::byte> bytes(static_cast<size_t>(st.st_size));
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Error::sys(errno, "can't read '" + path + "'");
    if (n == 0) break;  // the file shrank while we read it
    done += static_cast<size_t>(n);
  }
  bytes.resize(done);
  return bytes;
}

Result<ElfImage> ElfImage::read_file(const std::string& path) {
  auto bytes = read_whole_file(path);
  if (!bytes) return bytes.error();
  return parse(std::move(*bytes));
}

Result<ElfImage> ElfImage::parse(std::vector<std::byte> bytes) {
  auto bad = [](const std::string& why) { return Error::msg(why); };
  std::span<const std::byte> all(bytes);
  if (!has_elf_magic(all)) return bad("not an ELF file");
  Elf64_Ehdr eh;
  if (!read_at(all, 0, eh)) return bad("truncated ELF header");
  if (eh.e_ident[EI_CLASS] != ELFCLASS64) return bad("not a 64-bit ELF file");
  if (eh.e_ident[EI_DATA] != ELFDATA2LSB && eh.e_ident[EI_DATA] != ELFDATA2MSB) return bad("bad ELF byte order");
  bool native = (eh.e_ident[EI_DATA] == ELFDATA2LSB) == (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__);
  if (!native) return bad("ELF file of the other byte order");
  if (eh.e_shentsize != sizeof(Elf64_Shdr)) return bad("bad section header size");
  uint64_t shnum = eh.e_shnum;
  if (eh.e_shoff == 0) return bad("no section header table");
  Elf64_Shdr first;
  if (!read_at(all, eh.e_shoff, first)) return bad("section header table outside the file");
  if (shnum == 0) shnum = first.sh_size;  // the count itself is in section 0 (SHN_LORESERVE and above)
  if (shnum > all.size() / sizeof(Elf64_Shdr) || !fits(eh.e_shoff, shnum * sizeof(Elf64_Shdr), all.size()))
    return bad("section header table outside the file");
  uint64_t shstrndx = eh.e_shstrndx == SHN_XINDEX ? first.sh_link : eh.e_shstrndx;
  if (shstrndx >= shnum) return bad("bad section name table index");

  std::vector<Elf64_Shdr> headers(shnum);
  std::memcpy(headers.data(), all.data() + eh.e_shoff, shnum * sizeof(Elf64_Shdr));
  const Elf64_Shdr& strtab = headers[shstrndx];
  if (strtab.sh_type == SHT_NOBITS || !fits(strtab.sh_offset, strtab.sh_size, all.size()))
    return bad("section name table outside the file");
  std::string_view names(reinterpret_cast<const char*>(all.data() + strtab.sh_offset), strtab.sh_size);

  ElfImage image;
  image.sections_.reserve(shnum);
  for (uint64_t i = 0; i < shnum; i++) {
    const Elf64_Shdr& sh = headers[i];
    Section s;
    if (sh.sh_name >= names.size()) return bad("section " + std::to_string(i) + " has a bad name offset");
    auto rest = names.substr(sh.sh_name);
    auto end = rest.find('\0');
    if (end == std::string_view::npos) return bad("section " + std::to_string(i) + " has an unterminated name");
    s.name = std::string(rest.substr(0, end));
    s.nobits = sh.sh_type == SHT_NOBITS || sh.sh_type == SHT_NULL;
    if (!s.nobits) {
      if (!fits(sh.sh_offset, sh.sh_size, all.size()))
        return bad("section '" + s.name + "' lies outside the file");
      s.offset = sh.sh_offset;
      s.size = sh.sh_size;
    }
    image.sections_.push_back(std::move(s));
  }
  image.bytes_ = std::move(bytes);
  return image;
}

std::optional<std::span<const std::byte>> ElfImage::section(std::string_view name) const {
  for (const auto& s : sections_) {
    if (s.name != name) continue;
    if (s.nobits) return std::span<const std::byte>();
    return std::span<const std::byte>(bytes_.data() + s.offset, s.size);
  }
  return std::nullopt;
}

}  // namespace bpftool::btf
