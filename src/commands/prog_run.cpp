// `prog run PROG data_in FILE ...`: BPF_PROG_TEST_RUN with upstream's
// grammar and output (xxd-like dumps of outputs sent to "-").
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <vector>

#include "commands/prog_ops.h"
#include "core/parse.h"
#include "model/names.h"
#include "model/resolve.h"
#include "sys/bpf.h"
#include "sys/fd.h"

namespace bpftool::commands {

namespace {

constexpr uint32_t kDefaultOutSize = 32 * 1024;  // upstream's SZ_32K
constexpr int kEnotsupp = 524;                  // the kernel's internal ENOTSUPP

// Upstream's detect_common_prefix: a word that is a prefix of two or more keywords.
Status check_ambiguous(std::string_view word, std::initializer_list<std::string_view> keywords) {
  std::vector<std::string_view> hits;
  for (auto k : keywords)
    if (core::is_prefix(word, k)) hits.push_back(k);
  if (hits.size() < 2) return {};
  std::string msg = "ambiguous prefix: '" + std::string(word) + "' could be '";
  for (size_t i = 0; i < hits.size(); i++) {
    if (i) msg += "' or '";
    msg += hits[i];
  }
  return Error::msg(msg + "'");
}

Result<std::vector<uint8_t>> read_input(const std::string& name) {
  sys::Fd owned;
  int fd = STDIN_FILENO;
  if (name != "-") {
    owned = sys::Fd(::open(name.c_str(), O_RDONLY | O_CLOEXEC));
    if (!owned) return Error::sys(errno, "failed to open " + name);
    fd = owned.get();
  }
  std::vector<uint8_t> data;
  uint8_t buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error::sys(errno, "failed to read data_in/ctx_in from " + name);
    }
    if (n == 0) break;
    if (data.size() + static_cast<size_t>(n) > UINT32_MAX)
      return Error::msg(E2BIG, "data_in/ctx_in is too long (max: " + std::to_string(UINT32_MAX) + ")");
    data.insert(data.end(), buf, buf + n);
  }
  return data;
}

// Upstream's hex_print: "%07zx\t", 16 bytes in pairs, then "| " and ASCII.
void hex_print(output::OutStream& o, const uint8_t* data, size_t size) {
  for (size_t i = 0; i < size; i += 16) {
    o.print("{:07x}\t", i);
    size_t j = i;
    for (; j < i + 16 && j < size; j++) o.print("{:02x}{}", data[j], j % 2 ? " " : "");
    for (; j < i + 16; j++) o.write(j % 2 ? "   " : "  ");
    o.write("| ");
    for (j = i; j < i + 16 && j < size; j++) {
      char c = static_cast<char>(data[j]);
      o.put(c < ' ' || c > '~' ? '.' : c);
      if (j == i + 7) o.put(' ');
    }
    o.put('\n');
  }
}

Status write_output(Ctx& ctx, const std::vector<uint8_t>& data, uint32_t size, const std::string& name,
                    const char* json_key) {
  if (name == "-") {
    if (ctx.out.json()) {
      auto& w = ctx.out.jw();
      w.name(json_key);
      w.start_array();
      for (uint32_t i = 0; i < size; i++) w.uint(data[i]);
      w.end_array();
    } else {
      hex_print(ctx.out.out(), data.data(), size);
    }
    return {};
  }
  sys::Fd fd(::open(name.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd) return Error::sys(errno, "failed to open " + name);
  size_t off = 0;
  while (off < size) {
    ssize_t n = ::write(fd.get(), data.data() + off, size - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error::sys(errno, "failed to write output data/ctx");
    }
    off += static_cast<size_t>(n);
  }
  return {};
}

// The data or the ctx side of a test run: upstream's <side>_in FILE,
// <side>_out FILE and <side>_size_out N, then the buffers given to the kernel.
struct RunSide {
  std::optional<std::string> in, out;  // a file or "-"
  uint32_t size_out = 0;               // 0: kDefaultOutSize
  std::vector<uint8_t> in_bytes, out_bytes;
};

struct RunArgs {
  RunSide data, ctx;
  uint32_t repeat = 1;
};

// Takes one of the `side` keywords and its argument; false when the current
// word is none of them.
Result<bool> take_side_arg(cli::ArgCursor& args, const std::string& side, const char* size_what,
                           RunSide& s) {
  if (args.accept(side + "_in")) {
    auto file = args.take();
    if (!file) return std::move(file).error();
    s.in = std::move(*file);
  } else if (args.accept(side + "_out")) {
    auto file = args.take();
    if (!file) return std::move(file).error();
    s.out = std::move(*file);
  } else if (args.accept(side + "_size_out")) {
    auto v = args.take_u32(size_what);
    if (!v) return std::move(v).error();
    s.size_out = *v;
  } else {
    return false;
  }
  return true;
}

// Everything after PROG.
Result<RunArgs> parse_run_args(cli::ArgCursor& args) {
  RunArgs a;
  while (!args.empty()) {
    std::string_view w = args.peek();
    BT_TRY(check_ambiguous(w, {"data_in", "data_out", "data_size_out"}));
    BT_TRY(check_ambiguous(w, {"ctx_in", "ctx_out", "ctx_size_out"}));
    Result<bool> took = take_side_arg(args, "data", "output data size", a.data);
    if (took && !*took) took = take_side_arg(args, "ctx", "output context size", a.ctx);
    if (!took) return std::move(took).error();
    if (!*took) {
      if (!args.accept("repeat"))
        return Error::msg(
            "expected no more arguments, 'data_in', 'data_out', 'data_size_out', 'ctx_in', 'ctx_out', "
            "'ctx_size_out' or 'repeat', got: '" +
            std::string(w) + "'?");
      auto v = args.take_u32("repeat number");
      if (!v) return std::move(v).error();
      a.repeat = *v;
    }
    if (a.data.in && a.ctx.in && *a.data.in == "-" && *a.ctx.in == "-")
      return Error::msg("cannot use standard input for both data_in and ctx_in");
  }
  return a;
}

// Reads the side's input, sizes its output buffer and points the test run's
// fields for that side at them. Nothing without <side>_in.
Status prepare_side(RunSide& s, const void*& in, uint32_t& size_in, void*& out, uint32_t& size_out) {
  if (!s.in) return {};
  auto bytes = read_input(*s.in);
  if (!bytes) return std::move(bytes).error();
  s.in_bytes = std::move(*bytes);
  s.out_bytes.assign(s.size_out ? s.size_out : kDefaultOutSize, 0);
  in = s.in_bytes.data();
  size_in = static_cast<uint32_t>(s.in_bytes.size());
  out = s.out_bytes.data();
  size_out = static_cast<uint32_t>(s.out_bytes.size());
  return {};
}

// Why BPF_PROG_TEST_RUN failed with `e`, in upstream's words.
Error run_error(const sys::ProgFd& prog, int e) {
  if (e == kEnotsupp || e == EOPNOTSUPP) {
    bpf_prog_info info{};
    uint32_t len = sizeof(info);
    std::string type = "this type";
    if (sys::obj_get_info(prog.get(), &info, &len)) {
      auto n = model::prog_type_name(info.type);
      type = n ? std::string(*n) : std::to_string(info.type);
    }
    return Error::msg(e, "failed to run program: " + type + " programs do not support test runs").with_errno_status();
  }
  if (e == ENOSPC)
    return Error::msg(e, "failed to run program: the output is larger than the buffer "
                         "(raise data_size_out/ctx_size_out)")
        .with_errno_status();
  // Upstream returns the test run's -errno: exit 256 - errno.
  return Error::msg(e, std::string("failed to run program: ") + std::strerror(e)).with_errno_status();
}

// The outputs asked for, then the return value and duration.
Status print_run(Ctx& ctx, const RunArgs& a, const sys::TestRun& run) {
  // Output problems don't hide the return value and duration (upstream).
  Status out_status;
  output::JsonScope root(ctx.out.jw_ptr(), output::JsonScope::Object);
  auto report = [&](Status st) {
    if (st || !out_status) return;
    Error e = std::move(st).error();
    if (ctx.out.json()) ctx.out.jw().string_field("error", e.message());  // a member: the object stays valid
    else ctx.out.error(e);
    out_status = e.mark_reported();
  };
  const std::vector<uint8_t>& dout = a.data.out_bytes;
  const std::vector<uint8_t>& cout = a.ctx.out_bytes;
  if (run.data_size_out && a.data.out)
    report(write_output(ctx, dout, std::min<uint32_t>(run.data_size_out, dout.size()), *a.data.out, "data_out"));
  if (run.ctx_size_out && a.ctx.out)
    report(write_output(ctx, cout, std::min<uint32_t>(run.ctx_size_out, cout.size()), *a.ctx.out, "ctx_out"));
  if (ctx.out.json()) {
    ctx.out.jw().uint_field("retval", run.retval);
    ctx.out.jw().uint_field("duration", run.duration);
  } else {
    ctx.out.out().print("Return value: {}, duration{}: {}ns\n", run.retval, a.repeat > 1 ? " (average)" : "",
                        run.duration);
  }
  return out_status;
}

}  // namespace

Status cmd_prog_run(Ctx& ctx, cli::ArgCursor& args) {
  BT_TRY(args.require(4));
  model::CollectContext cc;
  auto spec = model::parse_prog_selector(args);
  if (!spec) return std::move(spec).error();
  auto prog = model::resolve_prog(*spec, cc);
  if (!prog) return std::move(prog).error();
  auto a = parse_run_args(args);
  if (!a) return std::move(a).error();

  sys::TestRun run;
  BT_TRY(prepare_side(a->data, run.data_in, run.data_size_in, run.data_out, run.data_size_out));
  BT_TRY(prepare_side(a->ctx, run.ctx_in, run.ctx_size_in, run.ctx_out, run.ctx_size_out));
  run.repeat = a->repeat;
  if (auto st = sys::prog_test_run(prog->get(), run); !st) return run_error(*prog, st.error().errnum());
  return print_run(ctx, *a, run);
}

}  // namespace bpftool::commands
