#include "model/prog_dump.h"

#include <bpf/btf.h>
#include <linux/bpf.h>

#include <cstring>

#include "btf/func_proto.h"
#include "model/resolve.h"
#include "sys/bpf.h"

namespace bpftool::model {

std::optional<uint64_t> ProgDump::jited_callee(const bpf_insn& insn) const {
  if (insn.src_reg != BPF_PSEUDO_CALL || static_cast<uint32_t>(insn.imm) >= nr_jited_ksyms ||
      jited_ksyms.empty())
    return std::nullopt;
  return jited_ksyms[static_cast<uint32_t>(insn.imm)];
}

namespace {

uint64_t ptr(const void* p) {
  return reinterpret_cast<uintptr_t>(p);
}

Result<bpf_prog_info> get_info(const sys::ProgFd& fd, bpf_prog_info info) {
  uint32_t len = sizeof(info);
  if (auto st = sys::obj_get_info(fd.get(), &info, &len); !st)
    return Error::sys(st.error().errnum(), "can't get prog info");
  return info;
}

// show's first line, from the first info call.
ProgRecord prog_line(const sys::ProgFd& fd, const bpf_prog_info& info, CollectContext& ctx) {
  ProgRecord r;
  fill_prog_headline(info, r);
  if (info.name[0]) r.name = prog_full_name(fd.get(), ctx);
  return r;
}

// A count the second call reports above what we sized for means the kernel
// object changed under us; upstream would silently read what fit.
Status check_count(const char* what, uint64_t got, uint64_t sized) {
  if (got <= sized) return {};
  return Error::msg("can't get prog info: " + std::string(what) + " grew from " +
                    std::to_string(sized) + " to " + std::to_string(got) + " between two reads");
}

// The arrays of the second info call, sized from the first call's counts
// (upstream prep_prog_info). Record sizes stay those of the first call.
struct InfoArrays {
  InfoArrays(const bpf_prog_info& counts, DumpKind k)
      : kind(k),
        sized(counts),
        image(k == DumpKind::Jited ? counts.jited_prog_len : counts.xlated_prog_len),
        ksyms(counts.nr_jited_ksyms),
        lens(counts.nr_jited_func_lens),
        finfo(static_cast<size_t>(counts.nr_func_info) * counts.func_info_rec_size),
        linfo(static_cast<size_t>(counts.nr_line_info) * counts.line_info_rec_size),
        jlinfo(static_cast<size_t>(counts.nr_jited_line_info) * counts.jited_line_info_rec_size) {}

  /// The second call, pointed at the arrays; fails when a count grew.
  Result<bpf_prog_info> read(const sys::ProgFd& fd);

  DumpKind kind;
  bpf_prog_info sized;  // the counts the arrays were sized for
  std::vector<uint8_t> image;
  std::vector<uint64_t> ksyms;
  std::vector<uint32_t> lens;
  std::vector<uint8_t> finfo, linfo, jlinfo;
};

Result<bpf_prog_info> InfoArrays::read(const sys::ProgFd& fd) {
  const bpf_prog_info& s = sized;
  const auto image_len = static_cast<uint32_t>(image.size());
  bpf_prog_info info;
  std::memset(&info, 0, sizeof(info));
  if (kind == DumpKind::Jited) {
    info.jited_prog_len = image_len;
    info.jited_prog_insns = ptr(image.data());
  } else {
    info.xlated_prog_len = image_len;
    info.xlated_prog_insns = ptr(image.data());
  }
  info.nr_jited_ksyms = s.nr_jited_ksyms;
  info.jited_ksyms = ptr(ksyms.data());
  info.nr_jited_func_lens = s.nr_jited_func_lens;
  info.jited_func_lens = ptr(lens.data());
  info.nr_func_info = s.nr_func_info;
  info.func_info_rec_size = s.func_info_rec_size;
  info.func_info = ptr(finfo.data());
  info.nr_line_info = s.nr_line_info;
  info.line_info_rec_size = s.line_info_rec_size;
  info.line_info = ptr(linfo.data());
  info.nr_jited_line_info = s.nr_jited_line_info;
  info.jited_line_info_rec_size = s.jited_line_info_rec_size;
  info.jited_line_info = ptr(jlinfo.data());
  auto got = get_info(fd, info);
  if (!got) return got;

  const uint32_t got_len = kind == DumpKind::Jited ? got->jited_prog_len : got->xlated_prog_len;
  BT_TRY(check_count("the instruction length", got_len, image_len));
  BT_TRY(check_count("nr_jited_ksyms", got->nr_jited_ksyms, s.nr_jited_ksyms));
  BT_TRY(check_count("nr_jited_func_lens", got->nr_jited_func_lens, s.nr_jited_func_lens));
  BT_TRY(check_count("nr_func_info", got->nr_func_info, s.nr_func_info));
  BT_TRY(check_count("nr_line_info", got->nr_line_info, s.nr_line_info));
  BT_TRY(check_count("nr_jited_line_info", got->nr_jited_line_info, s.nr_jited_line_info));
  return got;
}

// The image and the JIT arrays; false (with the reason recorded) when the
// kernel returned no instructions.
bool take_image(ProgDump& d, const bpf_prog_info& info, InfoArrays& a) {
  const bool jited = d.kind == DumpKind::Jited;
  const uint32_t got_len = jited ? info.jited_prog_len : info.xlated_prog_len;
  const uint64_t got_insns = jited ? info.jited_prog_insns : info.xlated_prog_insns;
  if (got_len == 0 || !got_insns) {
    d.unavailable = Error::msg(
        jited ? "error retrieving jit dump: no instructions returned or kernel.kptr_restrict set?"
              : "error retrieving insn dump: kernel.kptr_restrict set?");
    return false;
  }
  a.image.resize(got_len);
  d.image = std::move(a.image);
  if (!jited) {
    d.xlated.resize(d.image.size() / sizeof(bpf_insn));
    std::memcpy(d.xlated.data(), d.image.data(), d.xlated.size() * sizeof(bpf_insn));
  }
  // The kernel zeroes an array's pointer when it withholds the array
  // (addresses for unprivileged readers).
  d.nr_jited_ksyms = info.nr_jited_ksyms;
  if (info.jited_ksyms)
    d.jited_ksyms.assign(a.ksyms.begin(), a.ksyms.begin() + info.nr_jited_ksyms);
  if (info.jited_func_lens)
    d.jited_func_lens.assign(a.lens.begin(), a.lens.begin() + info.nr_jited_func_lens);
  return true;
}

void take_funcs(ProgDump& d, const bpf_prog_info& info, const InfoArrays& a,
                const struct btf* btf) {
  const uint32_t rec_size = a.sized.func_info_rec_size;
  if (!btf || !info.func_info || rec_size < sizeof(bpf_func_info)) return;
  for (uint32_t i = 0; i < info.nr_func_info; i++) {
    bpf_func_info rec;
    std::memcpy(&rec, a.finfo.data() + static_cast<size_t>(i) * rec_size, sizeof(rec));
    d.funcs.push_back(DumpFunc{rec.insn_off, btf::type_signature(btf, rec.type_id)});
  }
}

void take_lines(ProgDump& d, const bpf_prog_info& info, const InfoArrays& a,
                const struct btf* btf) {
  if (!info.nr_line_info) return;
  const uint32_t rec_size = a.sized.line_info_rec_size;
  // libbpf needs at least insn_off; upstream reads every field.
  if (!btf || !info.line_info || rec_size < sizeof(bpf_line_info)) {
    d.lines_dropped = true;
    return;
  }
  std::vector<DumpLine> lines = decode_line_info(
      btf, std::span(a.linfo).first(static_cast<size_t>(info.nr_line_info) * rec_size), rec_size);
  const uint32_t jrec_size = a.sized.jited_line_info_rec_size;
  std::vector<uint64_t> jaddrs;
  const bool jited_complete = info.jited_line_info && jrec_size >= sizeof(uint64_t) &&
                              info.jited_ksyms && info.jited_func_lens &&
                              info.nr_jited_func_lens == info.nr_jited_ksyms;
  if (jited_complete) {
    jaddrs.resize(info.nr_jited_line_info);
    for (uint32_t i = 0; i < info.nr_jited_line_info; i++)
      std::memcpy(&jaddrs[i], a.jlinfo.data() + static_cast<size_t>(i) * jrec_size,
                  sizeof(uint64_t));
  }
  d.lines =
      LineTable::build(std::move(lines), jaddrs, d.jited_ksyms, d.jited_func_lens, jited_complete);
  d.lines_dropped = !d.lines;
}

// The kernel symbols an xlated listing names: helper and kfunc targets
// (relative to __bpf_call_base) and bpf-to-bpf callees (JIT addresses). Read
// once, and only when some call needs them.
KsymNames xlated_ksyms(const ProgDump& d, CallNeedsName needs_name) {
  if (!needs_name) return {};
  std::vector<int32_t> relative;
  std::vector<uint64_t> absolute;
  bool double_insn = false;
  for (const bpf_insn& insn : d.insns()) {
    if (double_insn) {
      double_insn = false;
      continue;
    }
    // The second half of a 64-bit immediate load is no instruction.
    double_insn = insn.code == (BPF_LD | BPF_IMM | BPF_DW);
    if (!needs_name(insn)) continue;
    // A bpf-to-bpf call of an interpreted program prints its offset only.
    if (insn.src_reg == BPF_PSEUDO_CALL && !d.nr_jited_ksyms) continue;
    if (auto callee = d.jited_callee(insn))
      absolute.push_back(*callee);
    else
      relative.push_back(insn.imm);
  }
  if (relative.empty() && absolute.empty()) return {};
  return lookup_ksyms(relative, absolute);
}

// Only what the dump will print: nothing for `file`, and for jited dumps the
// function symbols of a multi-function image that is not offloaded (an
// offloaded image is refused before it is disassembled).
void take_ksyms(ProgDump& d, const DumpRequest& req) {
  if (req.image_only) return;
  if (d.kind == DumpKind::Xlated) {
    d.ksyms = xlated_ksyms(d, req.call_needs_name);
    return;
  }
  if (d.ifindex() || d.jited_func_lens.empty() || d.jited_ksyms.empty()) return;
  d.ksyms = lookup_ksyms({}, d.jited_ksyms);
}

}  // namespace

Result<ProgDump> collect_prog_dump(const sys::ProgFd& fd, const DumpRequest& req,
                                   CollectContext& ctx) {
  bpf_prog_info zero;
  std::memset(&zero, 0, sizeof(zero));
  auto first = get_info(fd, zero);
  if (!first) return std::move(first).error();

  ProgDump d;
  d.kind = req.kind;
  d.prog = prog_line(fd, *first, ctx);

  InfoArrays arrays(*first, req.kind);
  auto read = arrays.read(fd);
  if (!read) return std::move(read).error();
  const bpf_prog_info& info = *read;
  if (!take_image(d, info, arrays)) return d;

  const struct btf* btf = nullptr;
  if (info.btf_id) {
    btf = ctx.btf(info.btf_id);
    if (!btf) {
      d.unavailable = Error::msg("failed to get btf");
      return d;
    }
    d.has_btf = true;
  }
  take_funcs(d, info, arrays, btf);
  take_lines(d, info, arrays, btf);
  take_ksyms(d, req);
  return d;
}

}  // namespace bpftool::model
