#include "commands/prog_dump.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "commands/prog_dump_render.h"
#include "commands/prog_render.h"
#include "disasm/cfg.h"
#include "disasm/helpers.h"
#include "disasm/insn.h"
#include "disasm/jit.h"
#include "model/prog_dump.h"
#include "model/resolve.h"

namespace bpftool::commands {

namespace {

struct DumpOptions {
  model::DumpKind kind = model::DumpKind::Xlated;
  std::optional<std::string> file;
  bool opcodes = false;
  bool visual = false;
  bool linum = false;
};

// --- xlated ---------------------------------------------------------------

// Whether the kernel disassembler asks the callbacks to name this call (the
// helper table names only helper ids the kernel left untouched).
bool call_needs_resolver(const bpf_insn& insn) {
  const uint8_t cls = BPF_CLASS(insn.code);
  if ((cls != BPF_JMP && cls != BPF_JMP32) || BPF_OP(insn.code) != BPF_CALL) return false;
  return !(insn.src_reg == 0 && !disasm::helper_name(insn.imm).empty());
}

// upstream's print_call and print_imm callbacks.
class XlatedResolver : public disasm::Resolver {
 public:
  explicit XlatedResolver(const model::ProgDump& d) : d_(d) {}

  bool call(fmt::memory_buffer& out, const bpf_insn& insn) override {
    const uint64_t address = d_.jited_callee(insn).value_or(
        d_.ksyms.call_base + static_cast<uint64_t>(static_cast<int64_t>(insn.imm)));
    const std::string* sym = d_.ksyms.find(address);
    auto o = fmt::appender(out);
    if (insn.src_reg == BPF_PSEUDO_CALL) {
      // No address for interpreted programs.
      if (!d_.nr_jited_ksyms)
        fmt::format_to(o, "{:+d}", insn.off);
      else if (sym)
        fmt::format_to(o, "{:+d}#{}", insn.off, *sym);
      else
        fmt::format_to(o, "{:+d}#{:#x}", insn.off, address);
    } else if (sym) {
      out.append(sym->data(), sym->data() + sym->size());
    } else {
      fmt::format_to(o, "{:#x}", address);
    }
    return true;
  }

  bool imm64(fmt::memory_buffer& out, const bpf_insn& insn, const bpf_insn& next,
             uint64_t full_imm) override {
    auto o = fmt::appender(out);
    switch (insn.src_reg) {
      case BPF_PSEUDO_MAP_FD:
        fmt::format_to(o, "map[id:{}]", static_cast<uint32_t>(insn.imm));
        break;
      case BPF_PSEUDO_MAP_VALUE:
        fmt::format_to(o, "map[id:{}][0]+{}", static_cast<uint32_t>(insn.imm),
                       static_cast<uint32_t>(next.imm));
        break;
      case BPF_PSEUDO_MAP_IDX_VALUE:
        fmt::format_to(o, "map[idx:{}]+{}", static_cast<uint32_t>(insn.imm),
                       static_cast<uint32_t>(next.imm));
        break;
      case BPF_PSEUDO_FUNC:
        fmt::format_to(o, "subprog[{:+d}]", insn.imm);
        break;
      default:
        fmt::format_to(o, "{:#x}", full_imm);
    }
    return true;
  }

 private:
  const model::ProgDump& d_;
};

void dump_xlated(Ctx& ctx, const model::ProgDump& d, const DumpOptions& opt) {
  XlatedResolver resolver(d);
  const auto insns = d.insns();
  XlatedView view{d, insns, [&](fmt::memory_buffer& out, size_t i) {
                    disasm::format_insn(out, insns, i, &resolver);
                  }};
  if (ctx.out.json())
    render_xlated_json(ctx.out.jw(), view, opt.opcodes, opt.linum);
  else if (opt.visual)
    render_xlated_dot(ctx.out.out(), view, disasm::build_cfg(insns), opt.opcodes, opt.linum);
  else
    render_xlated_plain(ctx.out.out(), view, opt.opcodes, opt.linum);
}

// --- jited ----------------------------------------------------------------

// Decodes [bytes] located at `ksym`. Bytes LLVM cannot decode print as
// ".byte 0xNN" and the listing goes on (upstream prints an uninitialized
// buffer there and stops).
std::vector<JitInsn> decode_all(const disasm::JitDisassembler& dis, std::span<const uint8_t> bytes,
                                uint64_t ksym) {
  std::vector<JitInsn> out;
  std::string text;
  for (size_t pc = 0; pc < bytes.size();) {
    size_t n = dis.decode(bytes.data() + pc, bytes.size() - pc, ksym + pc, text);
    if (n == 0) {
      text = fmt::format("\t.byte\t{:#04x}", bytes[pc]);
      n = 1;
    }
    out.push_back(JitInsn{static_cast<uint32_t>(pc), static_cast<uint32_t>(n), text});
    pc += n;
  }
  return out;
}

Result<std::vector<JitFunc>> jit_funcs(const model::ProgDump& d,
                                       const disasm::JitDisassembler& dis) {
  std::vector<JitFunc> funcs;
  const std::span<const uint8_t> image(d.image);
  if (d.jited_func_lens.empty()) {
    JitFunc f;
    f.bytes = image;
    f.insns = decode_all(dis, image, 0);
    funcs.push_back(std::move(f));
    return funcs;
  }
  size_t off = 0;
  for (size_t i = 0; i < d.jited_func_lens.size(); i++) {
    JitFunc f;
    f.with_header = true;
    if (i < d.funcs.size()) f.proto = d.funcs[i].proto;
    if (!d.jited_ksyms.empty() && i < d.jited_ksyms.size()) {
      f.ksym = d.jited_ksyms[i];
      const std::string* sym = d.ksyms.find(f.ksym);
      f.name = sym ? *sym : fmt::format("0x{:016x}", f.ksym);
      f.with_lines = true;
      f.func_idx = static_cast<uint32_t>(i);
    } else {
      f.name = "unknown";
    }
    const size_t len =
        std::min<size_t>(d.jited_func_lens[i], image.size() - std::min(off, image.size()));
    f.bytes = image.subspan(std::min(off, image.size()), len);
    f.insns = decode_all(dis, f.bytes, f.ksym);
    off += d.jited_func_lens[i];
    funcs.push_back(std::move(f));
  }
  return funcs;
}

Status dump_jited(Ctx& ctx, const model::ProgDump& d, const DumpOptions& opt,
                  const disasm::JitDisassembler& dis) {
  // An offloaded program's image is for its device (upstream asks the driver
  // for a libbfd arch; LLVM has no disassembler for those).
  if (d.ifindex())
    return Error::msg("Failed to create disassembler: offloaded program (ifindex " +
                      std::to_string(d.ifindex()) + ") has no LLVM target");
  auto funcs = jit_funcs(d, dis);
  if (!funcs) return std::move(funcs).error();
  if (ctx.out.json())
    render_jited_json(ctx.out.jw(), d, *funcs, opt.opcodes, opt.linum);
  else
    render_jited_plain(ctx.out.out(), d, *funcs, opt.opcodes, opt.linum);
  return {};
}

// --- file -----------------------------------------------------------------

Status write_file(Ctx& ctx, const model::ProgDump& d, const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Error::msg(errno, "can't open file " + path + ": " + std::strerror(errno));
  size_t done = 0;
  int err = 0;
  while (done < d.image.size()) {
    ssize_t n = ::write(fd, d.image.data() + done, d.image.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      err = n < 0 ? errno : 0;
      break;
    }
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  if (done != d.image.size())
    return Error::msg(err ? err : EIO, std::string("error writing output file: ") +
                                           (err ? std::strerror(err) : "short write"));
  ctx.out.null_if_json();
  return {};
}

// --- one program ----------------------------------------------------------

Status dump_one(Ctx& ctx, const model::ProgDump& d, const DumpOptions& opt,
                const disasm::JitDisassembler* dis) {
  if (d.unavailable) return *d.unavailable;
  if (d.lines_dropped) ctx.out.info("error in processing bpf_line_info.  continue without it.");
  if (opt.file) return write_file(ctx, d, *opt.file);
  if (opt.kind == model::DumpKind::Jited) return dump_jited(ctx, d, opt, *dis);
  dump_xlated(ctx, d, opt);
  return {};
}

// upstream calls usage() on a grammar error: the help text, exit status 255.
Status bad_usage(Ctx& ctx, Handler usage, std::string message) {
  Error e = Error::msg(std::move(message));
  ctx.out.error(e);
  if (!ctx.out.json()) {
    cli::ArgCursor none({});
    (void)usage(ctx, none);
  }
  return e.mark_reported();
}

}  // namespace

Status cmd_prog_dump(Ctx& ctx, cli::ArgCursor& args, Handler usage) {
  DumpOptions opt;
  // upstream tests "jited" first: an empty word selects it.
  if (args.empty()) return Error::msg("expected 'xlated' or 'jited', got: (null)");
  if (args.accept("jited"))
    opt.kind = model::DumpKind::Jited;
  else if (args.accept("xlated"))
    opt.kind = model::DumpKind::Xlated;
  else
    return Error::msg("expected 'xlated' or 'jited', got: " + std::string(args.peek()));

  // Like upstream's disasm_init(), before the program is looked up: LLVM is
  // loaded here and only here.
  std::optional<disasm::JitDisassembler> dis;
  if (opt.kind == model::DumpKind::Jited) {
    auto d = disasm::JitDisassembler::create();
    if (!d) return std::move(d).error();
    dis.emplace(std::move(*d));
  }

  if (args.remaining() < 2)
    return bad_usage(ctx, usage,
                     "'" + std::string(args.prev()) + "' needs at least 2 arguments, " +
                         std::to_string(args.remaining()) + " found");
  auto spec = model::parse_prog_selector(args);
  if (!spec) return std::move(spec).error();
  model::CollectContext cc;
  auto fds = model::resolve_progs(*spec, cc);
  if (!fds) return std::move(fds).error();
  const size_t n = fds->size();

  while (!args.empty()) {
    if (args.accept("file")) {
      if (args.empty()) return Error::msg("expected file path");
      if (n > 1) return Error::msg("several programs matched");
      opt.file = args.next();
    } else if (args.accept("opcodes")) {
      opt.opcodes = true;
    } else if (args.accept("visual")) {
      if (n > 1) return Error::msg("several programs matched");
      opt.visual = true;
    } else if (args.accept("linum")) {
      opt.linum = true;
    } else {
      return bad_usage(ctx, usage, "what is '" + std::string(args.peek()) + "'?");
    }
  }
  if (opt.file && (opt.opcodes || opt.visual || opt.linum))
    return Error::msg("'file' is not compatible with 'opcodes', 'visual', or 'linum'");
  if (ctx.out.json() && opt.visual)
    return Error::msg("'visual' is not compatible with JSON output");

  const model::DumpRequest request{opt.kind, opt.file.has_value(), call_needs_resolver};
  const bool several = n > 1;
  const bool json = ctx.out.json();
  output::JsonScope root(json && several ? ctx.out.jw_ptr() : nullptr, output::JsonScope::Array);
  for (size_t i = 0; i < n; i++) {
    auto d = model::collect_prog_dump((*fds)[i], request, cc);
    if (!d) {
      if (several && json) return ctx.out.fail(std::move(d).error());
      return std::move(d).error();
    }
    Status st;
    if (several && json) {
      output::JsonScope obj(ctx.out.jw_ptr(), output::JsonScope::Object);
      render_prog_headline_json(ctx.out.jw(), d->prog);
      ctx.out.jw().name("insns");
      st = report_here(ctx, dump_one(ctx, *d, opt, dis ? &*dis : nullptr));
    } else {
      if (several) render_prog_headline_plain(ctx.out.out(), d->prog);
      st = dump_one(ctx, *d, opt, dis ? &*dis : nullptr);
      if (st && several && i + 1 != n) ctx.out.out().put('\n');
    }
    if (!st) return st;
  }
  return {};
}

}  // namespace bpftool::commands
