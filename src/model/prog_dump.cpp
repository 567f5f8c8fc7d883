#include "model/prog_dump.h"

#include <bpf/btf.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "btf/func_proto.h"
#include "model/resolve.h"
#include "sys/bpf.h"

namespace bpftool::model {

// ---------------------------------------------------------------------------
// Collection

namespace {

uint64_t ptr(const void* p) {
  return reinterpret_cast<uintptr_t>(p);
}

// A count the second call reports above what we sized for means the kernel
// object changed under us; upstream would silently read what fit.
Status check_count(const char* what, uint64_t got, uint64_t sized) {
  if (got <= sized) return {};
  return Error::msg("can't get prog info: " + std::string(what) + " grew from " +
                    std::to_string(sized) + " to " + std::to_string(got) + " between two reads");
}

}  // namespace

Result<ProgDump> collect_prog_dump(const sys::ProgFd& fd, DumpKind kind, CollectContext& ctx) {
  bpf_prog_info first;
  std::memset(&first, 0, sizeof(first));
  uint32_t len = sizeof(first);
  if (auto st = sys::obj_get_info(fd.get(), &first, &len); !st)
    return Error::sys(st.error().errnum(), "can't get prog info");

  ProgDump d;
  d.kind = kind;
  d.header.id = first.id;
  d.header.type = first.type;
  std::memcpy(d.header.tag.data(), first.tag, d.header.tag.size());
  d.header.gpl = first.gpl_compatible;
  d.header.run_time_ns = first.run_time_ns;
  d.header.run_cnt = first.run_cnt;
  d.header.recursion_misses = first.recursion_misses;
  if (first.name[0]) d.header.name = prog_full_name(fd.get(), ctx);
  if (first.ifindex) {
    DevInfo dev;
    dev.ifindex = first.ifindex;
    dev.ns_dev = first.netns_dev;
    dev.ns_inode = first.netns_ino;
    dev.ifname = ifname_in_netns(dev.ifindex, dev.ns_dev, dev.ns_inode);
    d.header.dev = std::move(dev);
  }
  d.ifindex = first.ifindex;
  d.netns_dev = first.netns_dev;
  d.netns_ino = first.netns_ino;

  // Second pass: the arrays, sized from the counts (upstream prep_prog_info).
  const uint32_t image_len = kind == DumpKind::Jited ? first.jited_prog_len : first.xlated_prog_len;
  const uint32_t nr_ksyms = first.nr_jited_ksyms;
  const uint32_t nr_lens = first.nr_jited_func_lens;
  const uint32_t nr_finfo = first.nr_func_info, finfo_rec = first.func_info_rec_size;
  const uint32_t nr_linfo = first.nr_line_info, linfo_rec = first.line_info_rec_size;
  const uint32_t nr_jlinfo = first.nr_jited_line_info, jlinfo_rec = first.jited_line_info_rec_size;
  std::vector<uint8_t> image(image_len);
  std::vector<uint64_t> ksyms(nr_ksyms);
  std::vector<uint32_t> lens(nr_lens);
  std::vector<uint8_t> finfo(static_cast<size_t>(nr_finfo) * finfo_rec);
  std::vector<uint8_t> linfo(static_cast<size_t>(nr_linfo) * linfo_rec);
  std::vector<uint8_t> jlinfo(static_cast<size_t>(nr_jlinfo) * jlinfo_rec);

  bpf_prog_info info;
  std::memset(&info, 0, sizeof(info));
  if (kind == DumpKind::Jited) {
    info.jited_prog_len = image_len;
    info.jited_prog_insns = ptr(image.data());
  } else {
    info.xlated_prog_len = image_len;
    info.xlated_prog_insns = ptr(image.data());
  }
  info.nr_jited_ksyms = nr_ksyms;
  info.jited_ksyms = ptr(ksyms.data());
  info.nr_jited_func_lens = nr_lens;
  info.jited_func_lens = ptr(lens.data());
  info.nr_func_info = nr_finfo;
  info.func_info_rec_size = finfo_rec;
  info.func_info = ptr(finfo.data());
  info.nr_line_info = nr_linfo;
  info.line_info_rec_size = linfo_rec;
  info.line_info = ptr(linfo.data());
  info.nr_jited_line_info = nr_jlinfo;
  info.jited_line_info_rec_size = jlinfo_rec;
  info.jited_line_info = ptr(jlinfo.data());
  len = sizeof(info);
  if (auto st = sys::obj_get_info(fd.get(), &info, &len); !st)
    return Error::sys(st.error().errnum(), "can't get prog info");

  const uint32_t got_len = kind == DumpKind::Jited ? info.jited_prog_len : info.xlated_prog_len;
  const uint64_t got_insns =
      kind == DumpKind::Jited ? info.jited_prog_insns : info.xlated_prog_insns;
  BT_TRY(check_count("the instruction length", got_len, image_len));
  BT_TRY(check_count("nr_jited_ksyms", info.nr_jited_ksyms, nr_ksyms));
  BT_TRY(check_count("nr_jited_func_lens", info.nr_jited_func_lens, nr_lens));
  BT_TRY(check_count("nr_func_info", info.nr_func_info, nr_finfo));
  BT_TRY(check_count("nr_line_info", info.nr_line_info, nr_linfo));
  BT_TRY(check_count("nr_jited_line_info", info.nr_jited_line_info, nr_jlinfo));

  if (got_len == 0 || !got_insns) {
    d.unavailable = Error::msg(
        kind == DumpKind::Jited
            ? "error retrieving jit dump: no instructions returned or kernel.kptr_restrict set?"
            : "error retrieving insn dump: kernel.kptr_restrict set?");
    return d;
  }
  image.resize(got_len);
  d.image = std::move(image);
  if (kind == DumpKind::Xlated) {
    d.xlated.resize(d.image.size() / sizeof(bpf_insn));
    std::memcpy(d.xlated.data(), d.image.data(), d.xlated.size() * sizeof(bpf_insn));
  }

  // The kernel zeroes an array's pointer when it withholds the array
  // (addresses for unprivileged readers).
  d.nr_jited_ksyms = info.nr_jited_ksyms;
  if (info.jited_ksyms) d.jited_ksyms.assign(ksyms.begin(), ksyms.begin() + info.nr_jited_ksyms);
  if (info.jited_func_lens)
    d.jited_func_lens.assign(lens.begin(), lens.begin() + info.nr_jited_func_lens);

  const struct btf* btf = nullptr;
  if (info.btf_id) {
    btf = ctx.btf(info.btf_id);
    if (!btf) {
      d.unavailable = Error::msg("failed to get btf");
      return d;
    }
    d.has_btf = true;
  }
  if (btf && info.func_info && finfo_rec >= sizeof(bpf_func_info)) {
    for (uint32_t i = 0; i < info.nr_func_info; i++) {
      bpf_func_info rec;
      std::memcpy(&rec, finfo.data() + static_cast<size_t>(i) * finfo_rec, sizeof(rec));
      d.funcs.push_back(DumpFunc{rec.insn_off, btf::type_signature(btf, rec.type_id)});
    }
  }
  if (info.nr_line_info) {
    // libbpf needs at least insn_off; upstream reads every field.
    if (!btf || !info.line_info || linfo_rec < sizeof(bpf_line_info)) {
      d.lines_dropped = true;
    } else {
      std::vector<DumpLine> lines = decode_line_info(
          btf, std::span(linfo).first(static_cast<size_t>(info.nr_line_info) * linfo_rec),
          linfo_rec);
      std::vector<uint64_t> jaddrs;
      const bool jited_complete = info.jited_line_info && jlinfo_rec >= sizeof(uint64_t) &&
                                  info.jited_ksyms && info.jited_func_lens &&
                                  info.nr_jited_func_lens == info.nr_jited_ksyms;
      if (jited_complete) {
        jaddrs.resize(info.nr_jited_line_info);
        for (uint32_t i = 0; i < info.nr_jited_line_info; i++)
          std::memcpy(&jaddrs[i], jlinfo.data() + static_cast<size_t>(i) * jlinfo_rec,
                      sizeof(uint64_t));
      }
      d.lines = LineTable::build(std::move(lines), jaddrs, d.jited_ksyms, d.jited_func_lens,
                                 jited_complete);
      d.lines_dropped = !d.lines;
    }
  }
  return d;
}

// ---------------------------------------------------------------------------
// Kernel symbols

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

namespace {

// The address at the start of a kallsyms line: lowercase hex up to a space.
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

}  // namespace

void KsymScanner::line(std::string_view l) {
  lines_++;
  // "ffffffff81000000 T _text" or "ffffffffc0a01230 t nft_do_chain\t[nf_tables]"
  size_t sp1 = l.find(' ');
  if (sp1 == std::string_view::npos || sp1 + 3 > l.size()) return;
  uint64_t addr;
  if (!parse_addr(l.substr(0, sp1), addr)) return;
  size_t name_pos = sp1 + 3;  // past "<type> "
  size_t name_end = l.find_first_of(" \t", name_pos);
  std::string_view name =
      l.substr(name_pos, name_end == std::string_view::npos ? l.npos : name_end - name_pos);
  if (name.empty()) return;
  if (name_end != std::string_view::npos && l.find('[', name_end) != std::string_view::npos)
    in_vmlinux_ = false;
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
