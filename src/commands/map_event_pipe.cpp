// `map event_pipe MAP [cpu N index M]`: prints the records BPF programs send
// through a perf event array (upstream's layout) or a ring buffer (ours), until
// SIGINT, SIGTERM or SIGHUP. Output is flushed after every wakeup: a human or a
// pipe is waiting for it.
#include <linux/bpf.h>

#include <csignal>
#include <optional>
#include <string>

#include "commands/map_dump_render.h"
#include "commands/map_ops.h"
#include "core/parse.h"
#include "model/map_dump.h"
#include "model/map_events.h"
#include "model/resolve.h"
#include "sys/signal_guard.h"

namespace bpftool::commands {

namespace {

// Plain and JSON views of one record.
void render_event(Ctx& ctx, const model::PipeEvent& ev) {
  using Kind = model::PipeEvent::Kind;
  if (ctx.out.json()) {
    output::JsonWriter& w = ctx.out.jw();
    w.start_object();
    if (ev.kind == Kind::Record) {
      w.uint_field("seq", ev.seq);
      w.uint_field("size", ev.size);
    } else {
      w.uint_field("type", ev.type);
      w.uint_field("cpu", static_cast<uint32_t>(ev.cpu));
      w.uint_field("index", static_cast<uint32_t>(ev.index));
    }
    if (ev.kind == Kind::Sample) w.uint_field("timestamp", ev.timestamp);
    if (ev.kind == Kind::Sample || ev.kind == Kind::Record) {
      // Upstream's print_data_json: the bytes as decimal numbers.
      w.name("data");
      w.start_array();
      for (size_t i = 0; i < ev.size; i++) w.uint(ev.data[i]);
      w.end_array();
    } else if (ev.kind == Kind::Lost) {
      w.name("lost");
      w.start_object();
      w.uint_field("id", ev.lost_id);
      w.uint_field("count", ev.lost_count);
      w.end_object();
    }
    w.end_object();
    return;
  }
  output::OutStream& o = ctx.out.out();
  switch (ev.kind) {
    case Kind::Sample:
      o.print("== @{}.{:09} CPU: {} index: {} =====\n", ev.timestamp / 1000000000ULL, ev.timestamp % 1000000000ULL,
              ev.cpu, ev.index);
      append_hex_block(o.buffer(), ev.data, ev.size);
      o.put('\n');
      break;
    case Kind::Lost:
      o.print("lost {} events\n", ev.lost_count);
      break;
    case Kind::Other:
      o.print("unknown event type={} size={}\n", ev.type, ev.header_size);
      break;
    case Kind::Record:
      o.print("== record {} size {} =====\n", ev.seq, ev.size);
      append_hex_block(o.buffer(), ev.data, ev.size);
      o.put('\n');
      break;
  }
}

Result<int> take_int(cli::ArgCursor& args, const char* what) {
  const std::string& w = args.next();
  auto v = core::parse_u32(w);
  if (!v || *v > INT32_MAX) return Error::msg("can't parse " + w + " as " + what);
  return static_cast<int>(*v);
}

}  // namespace

Status cmd_map_event_pipe(Ctx& ctx, cli::ArgCursor& args) {
  BT_TRY(args.require(2));
  auto spec = model::parse_map_selector(args);
  if (!spec) return std::move(spec).error();
  auto fd = model::resolve_map(*spec, 0);
  if (!fd) return std::move(fd).error();
  auto layout = model::map_layout(fd->get());
  if (!layout) return std::move(layout).error();
  const bool perf = layout->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY;
  const bool ring = layout->type == BPF_MAP_TYPE_RINGBUF;
  if (!perf && !ring) return Error::msg("map is not a perf event array or a ring buffer");

  std::optional<int> cpu, index;
  while (!args.empty()) {
    if (args.remaining() < 2) return Error::msg("what is '" + std::string(args.peek()) + "'?");
    if (args.accept("cpu")) {
      auto v = take_int(args, "CPU ID");
      if (!v) return std::move(v).error();
      cpu = *v;
    } else if (args.accept("index")) {
      auto v = take_int(args, "index");
      if (!v) return std::move(v).error();
      index = *v;
    } else {
      return Error::msg("what is '" + std::string(args.peek()) + "'?");
    }
  }
  if (cpu.has_value() != index.has_value()) return Error::msg("cpu and index must be specified together");
  if (ring && cpu) return Error::msg("cpu and index apply to perf event arrays only: a ring buffer is shared by all CPUs");

  auto on_event = [&ctx](const model::PipeEvent& ev) { render_event(ctx, ev); };
  std::optional<model::EventPipe::CpuSlot> only;
  if (cpu) only = model::EventPipe::CpuSlot{*cpu, *index};
  auto pipe = perf ? model::EventPipe::perf(fd->get(), only, on_event) : model::EventPipe::ring(fd->get(), on_event);
  if (!pipe) return std::move(pipe).error();

  // Upstream's handler prints "Stopping..." too. No SA_RESTART: a blocked
  // epoll_wait returns EINTR.
  sys::SignalGuard guard({SIGINT, SIGHUP, SIGTERM}, "Stopping...\n");
  output::JsonScope array(ctx.out.jw_ptr(), output::JsonScope::Array);
  ctx.out.flush();
  while (!guard.stop_requested()) {
    if (auto st = pipe->poll(200); !st) return ctx.out.fail(std::move(st).error());
    ctx.out.flush();  // a human or a pipe is waiting
  }
  return {};
}

}  // namespace bpftool::commands
