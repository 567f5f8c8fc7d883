// `prog tracelog`: streams the kernel's trace pipe until SIGINT/SIGTERM/SIGHUP.
// `prog tracelog {stdout|stderr} PROG`: the program's BPF stream (Linux 6.17).
#include <fcntl.h>
#include <linux/magic.h>
#include <mntent.h>
#include <sys/mount.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

#include "commands/prog_ops.h"
#include "model/resolve.h"
#include "sys/bpf.h"
#include "sys/bpffs.h"
#include "sys/fd.h"
#include "sys/signal_guard.h"

namespace bpftool::commands {

namespace {

constexpr unsigned long kTracefsMagic = 0x74726163;

bool is_tracefs(const std::string& dir) {
  struct statfs st;
  return ::statfs(dir.c_str(), &st) == 0 && static_cast<unsigned long>(st.f_type) == kTracefsMagic;
}

// The trace pipe: the usual tracefs mount points, any tracefs in
// /proc/mounts, or a tracefs we mount at /sys/kernel/tracing (unless -n).
Result<std::string> find_trace_pipe(Ctx& ctx) {
  for (const char* dir : {"/sys/kernel/tracing", "/sys/kernel/debug/tracing"})
    if (is_tracefs(dir)) return std::string(dir) + "/trace_pipe";
  if (FILE* f = ::setmntent("/proc/mounts", "re")) {
    std::string found;
    while (struct mntent* m = ::getmntent(f)) {
      if (std::strcmp(m->mnt_type, "tracefs") == 0 && is_tracefs(m->mnt_dir)) {
        found = m->mnt_dir;
        break;
      }
    }
    ::endmntent(f);
    if (!found.empty()) return found + "/trace_pipe";
  }
  if (ctx.opt.nomount)
    return Error::msg(ENOENT, "could not find tracefs, and --nomount forbids mounting it");
  ctx.out.info("could not find tracefs, attempting to mount it now");
  const std::string dir = "/sys/kernel/tracing";
  if (::mount("tracefs", dir.c_str(), "tracefs", 0, nullptr) != 0)
    return Error::sys(errno, "can't mount tracefs on " + dir);
  return dir + "/trace_pipe";
}

Status trace_pipe(Ctx& ctx) {
  auto path = find_trace_pipe(ctx);
  if (!path) return std::move(path).error();
  sys::Fd fd(::open(path->c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return Error::sys(errno, "could not open trace pipe");

  // No SA_RESTART: a blocked read returns EINTR.
  sys::SignalGuard guard({SIGINT, SIGTERM, SIGHUP});
  output::JsonScope array(ctx.out.jw_ptr(), output::JsonScope::Array);
  std::string pending;
  char buf[16384];
  while (!guard.stop_requested()) {
    ssize_t n = ::read(fd.get(), buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      return ctx.out.fail(Error::sys(errno, "failed to read content from trace pipe"));
    }
    if (n == 0) break;
    pending.append(buf, static_cast<size_t>(n));
    size_t start = 0, nl;
    while ((nl = pending.find('\n', start)) != std::string::npos) {
      std::string_view line(pending.data() + start, nl + 1 - start);
      if (ctx.out.json()) ctx.out.jw().string(line);
      else ctx.out.out().write(line);
      start = nl + 1;
    }
    pending.erase(0, start);
    ctx.out.flush();  // a human is watching
  }
  return {};
}

Status prog_stream(Ctx& ctx, cli::ArgCursor& args, uint32_t stream_id) {
  BT_TRY(args.require(2));
  model::CollectContext cc;
  auto spec = model::parse_prog_selector(args);
  if (!spec) return std::move(spec).error();
  BT_TRY(args.finish());
  auto prog = model::resolve_prog(*spec, cc);
  if (!prog) return std::move(prog).error();
  ctx.out.flush();
  // Under -j the program's stdout stream becomes one JSON string (upstream
  // writes the raw bytes, which is not a JSON document); stderr stays raw.
  const bool as_json = ctx.out.json() && stream_id == 1;
  std::string collected;
  FILE* f = stream_id == 1 ? stdout : stderr;
  char buf[4096];
  for (;;) {
    auto n = sys::prog_stream_read(prog->get(), stream_id, buf, sizeof(buf));
    if (!n) {
      int e = n.error().errnum();
      if (e == EINVAL || e == ENOSYS)
        return Error::msg(e, "failed to read the program's stream: this kernel has no BPF streams (Linux 6.17+)");
      return Error::msg(e, std::string("failed to read the program's stream: ") + std::strerror(e));
    }
    if (*n == 0) break;
    if (as_json) collected.append(buf, *n);
    else std::fwrite(buf, 1, *n, f);
  }
  std::fflush(f);
  if (as_json) ctx.out.jw().string(collected);
  else ctx.out.null_if_json();
  return {};
}

}  // namespace

Status cmd_prog_tracelog(Ctx& ctx, cli::ArgCursor& args) {
  if (args.empty()) return trace_pipe(ctx);
  if (args.accept("stdout")) return prog_stream(ctx, args, 1);
  if (args.accept("stderr")) return prog_stream(ctx, args, 2);
  return Error::msg("expected 'stdout' or 'stderr', got: '" + std::string(args.peek()) + "'?");
}

}  // namespace bpftool::commands
