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

}  // namespace bpftool::model
