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

}  // namespace

Status cmd_prog_run(Ctx& ctx, cli::ArgCursor& args) {
  BT_TRY(args.require(4));
  model::CollectContext cc;
  auto spec = model::parse_prog_selector(args);
  if (!spec) return std::move(spec).error();
  auto prog = model::resolve_prog(*spec, cc);
  if (!prog) return std::move(prog).error();

  std::optional<std::string> data_in, data_out, ctx_in, ctx_out;
  uint32_t data_size_out = 0, ctx_size_out = 0, repeat = 1;
  auto take_u32 = [&](const char* what) -> Result<uint32_t> {
    BT_TRY(args.require(1));
    const std::string& w = args.next();
    auto v = core::parse_u32(w);
    if (!v) return Error::msg("can't parse " + w + " as " + what);
    return *v;
  };
  while (!args.empty()) {
    std::string_view w = args.peek();
    BT_TRY(check_ambiguous(w, {"data_in", "data_out", "data_size_out"}));
    BT_TRY(check_ambiguous(w, {"ctx_in", "ctx_out", "ctx_size_out"}));
    if (args.accept("data_in")) {
      BT_TRY(args.require(1));
      data_in = args.next();
    } else if (args.accept("data_out")) {
      BT_TRY(args.require(1));
      data_out = args.next();
    } else if (args.accept("data_size_out")) {
      auto v = take_u32("output data size");
      if (!v) return std::move(v).error();
      data_size_out = *v;
    } else if (args.accept("ctx_in")) {
      BT_TRY(args.require(1));
      ctx_in = args.next();
    } else if (args.accept("ctx_out")) {
      BT_TRY(args.require(1));
      ctx_out = args.next();
    } else if (args.accept("ctx_size_out")) {
      auto v = take_u32("output context size");
      if (!v) return std::move(v).error();
      ctx_size_out = *v;
    } else if (args.accept("repeat")) {
      auto v = take_u32("repeat number");
      if (!v) return std::move(v).error();
      repeat = *v;
    } else {
      return Error::msg(
          "expected no more arguments, 'data_in', 'data_out', 'data_size_out', 'ctx_in', 'ctx_out', "
          "'ctx_size_out' or 'repeat', got: '" +
          std::string(w) + "'?");
    }
    if (data_in && ctx_in && *data_in == "-" && *ctx_in == "-")
      return Error::msg("cannot use standard input for both data_in and ctx_in");
  }

  std::vector<uint8_t> din, dout, cin, cout;
  sys::TestRun run;
  if (data_in) {
    auto d = read_input(*data_in);
    if (!d) return std::move(d).error();
    din = std::move(*d);
    dout.assign(data_size_out ? data_size_out : kDefaultOutSize, 0);
    run.data_in = din.data();
    run.data_size_in = static_cast<uint32_t>(din.size());
    run.data_out = dout.data();
    run.data_size_out = static_cast<uint32_t>(dout.size());
  }
  if (ctx_in) {
    auto c = read_input(*ctx_in);
    if (!c) return std::move(c).error();
    cin = std::move(*c);
    cout.assign(ctx_size_out ? ctx_size_out : kDefaultOutSize, 0);
    run.ctx_in = cin.data();
    run.ctx_size_in = static_cast<uint32_t>(cin.size());
    run.ctx_out = cout.data();
    run.ctx_size_out = static_cast<uint32_t>(cout.size());
  }
  run.repeat = repeat;

  if (auto st = sys::prog_test_run(prog->get(), run); !st) {
    int e = st.error().errnum();
    if (e == kEnotsupp || e == EOPNOTSUPP) {
      bpf_prog_info info{};
      uint32_t len = sizeof(info);
      std::string type = "this type";
      if (sys::obj_get_info(prog->get(), &info, &len)) {
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
  if (run.data_size_out && data_out)
    report(write_output(ctx, dout, std::min<uint32_t>(run.data_size_out, dout.size()), *data_out, "data_out"));
  if (run.ctx_size_out && ctx_out)
    report(write_output(ctx, cout, std::min<uint32_t>(run.ctx_size_out, cout.size()), *ctx_out, "ctx_out"));
  if (ctx.out.json()) {
    ctx.out.jw().uint_field("retval", run.retval);
    ctx.out.jw().uint_field("duration", run.duration);
  } else {
    ctx.out.out().print("Return value: {}, duration{}: {}ns\n", run.retval, repeat > 1 ? " (average)" : "",
                        run.duration);
  }
  return out_status;
}

}  // namespace bpftool::commands
