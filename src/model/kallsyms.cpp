#include "model/kallsyms.h"

#include <sys/utsname.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "core/parse.h"
#include "sys/fdinfo.h"

namespace bpftool::model {

Kallsyms Kallsyms::parse(const std::string& text) {
  Kallsyms k;
  bool hidden = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    std::string_view line(text.data() + pos, eol - pos);
    pos = eol + 1;
    // "ffffffff81000000 T _stext" or "ffffffffc0a01230 t nft_do_chain\t[nf_tables]"
    size_t sp1 = line.find(' ');
    if (sp1 == std::string_view::npos) continue;
    size_t sp2 = line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos) continue;
    auto addr = core::parse_hex_u64(line.substr(0, sp1));
    if (!addr) continue;
    std::string_view rest = line.substr(sp2 + 1);
    size_t tab = rest.find_first_of("\t ");
    std::string_view name = rest.substr(0, tab);
    std::string_view module;
    if (tab != std::string_view::npos) {
      module = rest.substr(tab + 1);
      while (!module.empty() && (module.front() == ' ' || module.front() == '\t')) module.remove_prefix(1);
      if (module.size() >= 2 && module.front() == '[') {
        module.remove_prefix(1);
        size_t close = module.find(']');
        module = module.substr(0, close);
      } else {
        module = {};
      }
    }
    if (name == "__bpf_call_base" && *addr == 0) hidden = true;
    if (*addr == 0) continue;
    k.syms_.push_back(KernelSym{*addr, std::string(name), std::string(module)});
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

}  // namespace bpftool::model
