// `prog profile PROG [duration SECONDS] METRIC...`: runs the embedded profiler
// for a duration (or until Ctrl-C) and prints the counts as upstream does.
#include <time.h>

#include <cerrno>
#include <csignal>

#include "commands/prog_ops.h"
#include "core/parse.h"
#include "model/profiler.h"
#include "model/resolve.h"
#include "sys/signal_guard.h"

namespace bpftool::commands {

namespace {

// Sleeps for `seconds` (UINT32_MAX: until a signal), returning early on SIGINT.
void wait_for(uint64_t seconds) {
  sys::SignalGuard guard({SIGINT});
  struct timespec left;
  left.tv_sec = static_cast<time_t>(seconds);
  left.tv_nsec = 0;
  while (!guard.stop_requested() && ::nanosleep(&left, &left) != 0 && errno == EINTR) {
  }
}

void print_plain(output::OutStream& o, const model::ProfileResult& r) {
  const auto& metrics = model::profile_metrics();
  o.print("\n{:>18} {:<20}\n", r.run_cnt, "run_cnt");
  for (const auto& rd : r.readings) {
    const auto& m = metrics[rd.metric];
    o.print("{:>18} {:<20}", rd.counter, m.name);
    const model::ProfileReading* base = nullptr;
    if (m.ratio_of > 0)
      for (const auto& other : r.readings)
        if (other.metric == static_cast<size_t>(m.ratio_of - 1)) base = &other;
    if (base && base->counter > 0)
      o.print("# {:8.2f} {:<30}", static_cast<double>(rd.counter) * m.ratio_mul / static_cast<double>(base->counter),
              m.ratio_desc);
    else
      o.print("{:<41}", "");
    if (rd.enabled > rd.running)
      o.print("({:4.2f}%)", static_cast<double>(rd.running) * 100.0 / static_cast<double>(rd.enabled));
    o.put('\n');
  }
}

void print_json(output::JsonWriter& w, const model::ProfileResult& r) {
  w.object_array(r.readings, [&](const auto& rd) {
    w.string_field("metric", model::profile_metrics()[rd.metric].name);
    w.uint_field("run_cnt", r.run_cnt);
    w.uint_field("value", rd.counter);
    w.uint_field("enabled", rd.enabled);
    w.uint_field("running", rd.running);
  });
}

}  // namespace

Status cmd_prog_profile(Ctx& ctx, cli::ArgCursor& args) {
  BT_TRY(args.require(3));  // PROG (two words) and a metric
  model::CollectContext cc;
  auto spec = model::parse_prog_selector(args);
  if (!spec) return std::move(spec).error();
  auto prog = model::resolve_prog(*spec, cc);
  if (!prog) return std::move(prog).error();

  uint64_t duration = UINT32_MAX;  // upstream: until Ctrl-C
  if (args.remaining() > 2 && args.accept("duration")) {
    const std::string& w = args.next();
    auto d = core::parse_u64(w);
    if (!d) return Error::msg("can't parse " + w + " as duration");
    duration = *d;
  }
  const auto& metrics = model::profile_metrics();
  std::vector<bool> selected(metrics.size(), false);
  while (!args.empty()) {
    const std::string& w = args.next();
    size_t i = 0;
    while (i < metrics.size() && !core::is_prefix(w, metrics[i].name)) i++;
    if (i == metrics.size()) return Error::msg("unknown metric " + w);
    selected[i] = true;
  }
  std::vector<size_t> chosen;  // in the table's order, as upstream reads them
  for (size_t i = 0; i < metrics.size(); i++)
    if (selected[i]) chosen.push_back(i);

  auto session = model::ProfileSession::start(prog->get(), chosen, ctx.opt.debug, [&](const std::string& n) { ctx.out.info(n); });
  if (!session) return std::move(session).error();
  wait_for(duration);
  auto result = (*session)->finish();
  if (!result) return std::move(result).error();
  if (ctx.out.json()) print_json(ctx.out.jw(), *result);
  else print_plain(ctx.out.out(), *result);
  return {};
}

}  // namespace bpftool::commands
