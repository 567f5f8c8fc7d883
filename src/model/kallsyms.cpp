#include "model/kallsyms.h"

#include <fcntl.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include "sys/fdinfo.h"

namespace bpftool::model {

namespace {

// The address at the start of a kallsyms line: at most 16 hex digits.
bool parse_addr(std::string_view s, uint64_t& out) {
  if (s.empty() || s.size() > 16) return false;
  uint64_t v = 0;
  for (char c : s) {
    unsigned d;
    if (c >= '0' && c <= '9')
      d = static_cast<unsigned>(c - '0');
    else if (c >= 'a' && c <= 'f')
      d = static_cast<unsigned>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      d = static_cast<unsigned>(c - 'A' + 10);
    else
      return false;
    v = (v << 4) | d;
  }
  out = v;
  return true;
}

// One line: "ffffffff81000000 T _text" or
// "ffffffffc0a01230 t nft_do_chain\t[nf_tables]" (a module in brackets
// after blanks). Lines without an address or a name are skipped.
struct SymLine {
  uint64_t addr = 0;
  std::string_view name;    // never empty
  std::string_view module;  // "" for vmlinux
  bool in_module = false;   // a "[...]" follows the name
};

std::optional<SymLine> parse_line(std::string_view l) {
  const size_t sp1 = l.find(' ');
  if (sp1 == std::string_view::npos || sp1 + 3 > l.size()) return std::nullopt;
  SymLine s;
  if (!parse_addr(l.substr(0, sp1), s.addr)) return std::nullopt;
  const size_t name_pos = sp1 + 3;  // past "<type> "
  const size_t name_end = l.find_first_of(" \t", name_pos);
  s.name = l.substr(name_pos, name_end == std::string_view::npos ? l.npos : name_end - name_pos);
  if (s.name.empty()) return std::nullopt;
  if (name_end == std::string_view::npos) return s;
  const size_t open = l.find_first_not_of(" \t", name_end);
  if (open == std::string_view::npos || l[open] != '[') return s;
  s.in_module = true;
  std::string_view module = l.substr(open + 1);
  s.module = module.substr(0, module.find(']'));
  return s;
}

}  // namespace

Kallsyms Kallsyms::parse(const std::string& text) {
  Kallsyms k;
  bool hidden = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    auto sym = parse_line(std::string_view(text.data() + pos, eol - pos));
    pos = eol + 1;
    if (!sym) continue;
    if (sym->name == "__bpf_call_base" && sym->addr == 0) hidden = true;
    if (sym->addr == 0) continue;
    k.syms_.push_back(KernelSym{sym->addr, std::string(sym->name), std::string(sym->module)});
  }
  if (hidden) k.syms_.clear();
  std::stable_sort(k.syms_.begin(), k.syms_.end(),
                   [](const KernelSym& a, const KernelSym& b) { return a.addr < b.addr; });
  return k;
}

Kallsyms Kallsyms::load() {
  auto text = sys::read_small_file("/proc/kallsyms");
  if (!text) return Kallsyms();
  return parse(*text);
}

const KernelSym* Kallsyms::at(uint64_t addr) const {
  auto it = std::lower_bound(syms_.begin(), syms_.end(), addr,
                             [](const KernelSym& s, uint64_t a) { return s.addr < a; });
  if (it == syms_.end() || it->addr != addr) return nullptr;
  return &*it;
}

bool kernel_has_ibt() {
#if defined(__x86_64__)
  struct utsname u;
  gzFile f = nullptr;
  if (uname(&u) == 0) {
    std::string path = std::string("/boot/config-") + u.release;
    f = gzopen(path.c_str(), "r");
  }
  if (!f) f = gzopen("/proc/config.gz", "r");
  if (!f) return false;
  char buf[4096];
  bool ibt = false;
  while (gzgets(f, buf, sizeof(buf))) {
    if (std::strncmp(buf, "CONFIG_X86_KERNEL_IBT=", 22) == 0 && buf[22] != '\n' && buf[22] != '\0') {
      ibt = true;
      break;
    }
  }
  gzclose(f);
  return ibt;
#else
  return false;
#endif
}

// ---------------------------------------------------------------------------
// Scanning for wanted addresses

const std::string* KsymNames::find(uint64_t addr) const {
  auto it = names.find(addr);
  return it == names.end() ? nullptr : &it->second;
}

KsymScanner::KsymScanner(std::span<const int32_t> relative, std::span<const uint64_t> absolute)
    : relative_(relative.begin(), relative.end()), absolute_(absolute.begin(), absolute.end()) {
  std::sort(absolute_.begin(), absolute_.end());
  absolute_.erase(std::unique(absolute_.begin(), absolute_.end()), absolute_.end());
  targets_ = absolute_;
  // Without relative immediates the call base is not needed.
  if (relative_.empty()) {
    base_known_ = true;
    return;
  }
  // kallsyms lists vmlinux by address and __bpf_call_base inside it: a
  // symbol read before the base can only be a target at a negative (or zero)
  // immediate, within that distance of the base.
  const int32_t lowest = *std::min_element(relative_.begin(), relative_.end());
  if (lowest <= 0) {
    keep_early_ = true;
    early_reach_ = static_cast<uint64_t>(-static_cast<int64_t>(lowest));
  }
}

void KsymScanner::keep_early(uint64_t addr, std::string_view name) {
  if (!keep_early_) return;
  // Drop what fell out of reach: the base lies at or after max_vmlinux_.
  if (early_.size() >= 4096 && max_vmlinux_ > early_reach_) {
    const uint64_t floor = max_vmlinux_ - early_reach_;
    if (early_.front().addr < floor) {
      std::vector<Early> kept;
      std::string names;
      for (const Early& e : early_) {
        if (e.addr < floor) continue;
        kept.push_back(Early{e.addr, static_cast<uint32_t>(names.size()), e.len});
        names.append(early_names_, e.pos, e.len);
      }
      early_ = std::move(kept);
      early_names_ = std::move(names);
    }
  }
  early_.push_back(
      Early{addr, static_cast<uint32_t>(early_names_.size()), static_cast<uint32_t>(name.size())});
  early_names_.append(name);
}

void KsymScanner::set_base(uint64_t base) {
  out_.call_base = base;
  for (int32_t imm : relative_)
    targets_.push_back(base + static_cast<uint64_t>(static_cast<int64_t>(imm)));
  std::sort(targets_.begin(), targets_.end());
  targets_.erase(std::unique(targets_.begin(), targets_.end()), targets_.end());
  // Symbols read before the base was known, in file order (first name wins).
  for (const Early& e : early_) record(e.addr, std::string_view(early_names_).substr(e.pos, e.len));
  early_ = {};
  early_names_ = {};
  base_known_ = true;
}

void KsymScanner::record(uint64_t addr, std::string_view name) {
  if (!std::binary_search(targets_.begin(), targets_.end(), addr)) return;
  out_.names.emplace(addr, std::string(name));
}

bool KsymScanner::settled() const {
  if (!base_known_) return false;
  if (targets_.empty()) return true;
  // Every target lies inside vmlinux's address range and behind the last
  // vmlinux symbol read: no later line can carry that address.
  return kernel_start_ && targets_.front() >= kernel_start_ && targets_.back() < max_vmlinux_;
}

void KsymScanner::line(std::string_view l) {
  lines_++;
  auto sym = parse_line(l);
  if (!sym) return;
  const uint64_t addr = sym->addr;
  const std::string_view name = sym->name;
  if (sym->in_module) in_vmlinux_ = false;
  if (!base_known_ && name == "__bpf_call_base") {
    // Upstream drops the whole table when kptr_restrict hides this address.
    if (addr == 0) {
      early_ = {};
      early_names_ = {};
      out_.names.clear();
      out_.call_base = 0;
      base_known_ = true;
      done_ = true;
      return;
    }
    set_base(addr);
  }
  if (addr == 0) return;
  if (in_vmlinux_) {
    if (!kernel_start_ && (name == "_text" || name == "_stext")) kernel_start_ = addr;
    if (addr > max_vmlinux_) max_vmlinux_ = addr;
  }
  if (base_known_) {
    record(addr, name);
  } else {
    record(addr, name);  // absolute targets are known from the start
    keep_early(addr, name);
  }
}

bool KsymScanner::feed(std::string_view chunk) {
  if (done_) return false;
  size_t pos = 0;
  if (!partial_.empty()) {
    size_t eol = chunk.find('\n');
    if (eol == std::string_view::npos) {
      partial_.append(chunk);
      return true;
    }
    partial_.append(chunk.substr(0, eol));
    line(partial_);
    partial_.clear();
    pos = eol + 1;
    if (settled()) done_ = true;
  }
  while (!done_ && pos < chunk.size()) {
    size_t eol = chunk.find('\n', pos);
    if (eol == std::string_view::npos) {
      partial_.assign(chunk.substr(pos));
      break;
    }
    line(chunk.substr(pos, eol - pos));
    pos = eol + 1;
    if (settled()) done_ = true;
  }
  return !done_;
}

KsymNames KsymScanner::finish() {
  if (!done_ && !partial_.empty()) line(partial_);
  partial_.clear();
  // No __bpf_call_base at all: upstream's base stays 0.
  if (!base_known_) set_base(0);
  done_ = true;
  return std::move(out_);
}

KsymNames lookup_ksyms(std::span<const int32_t> relative, std::span<const uint64_t> absolute) {
  KsymScanner scanner(relative, absolute);
  int fd = ::open("/proc/kallsyms", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return scanner.finish();
  // The kernel formats kallsyms per read() call: moderate reads let us stop
  // close to the last symbol we need.
  std::vector<char> buf(64 << 10);
  for (;;) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (!scanner.feed(std::string_view(buf.data(), static_cast<size_t>(n)))) break;
  }
  ::close(fd);
  return scanner.finish();
}

}  // namespace bpftool::model
