// The `show`/`list` and `pin` commands, written once for every kernel object
// kind. An object plugs in with a traits struct:
//
//   struct ProgObject {
//     using Fd = sys::ProgFd;                    // typed fd, from resolve down to pin
//     using Record = model::ProgRecord;
//     struct Shared {};                          // per-command state (BTF: its users)
//     static constexpr uint32_t kOpenFlags = 0;  // how listings open each object
//     static Result<model::Selector> parse(cli::ArgCursor&);
//     static Result<std::vector<Fd>> resolve_all(const model::Selector&, model::CollectContext&);
//     static Result<Fd> resolve_one(const model::Selector&, model::CollectContext&);   // pin
//     static Result<Shared> prepare();           // after the words were checked
//     static Result<Record> collect(const Fd&, const Shared&, model::CollectContext&);
//     static void render_plain(output::OutStream&, const Record&);
//     static void render_json(output::JsonWriter&, const Record&);
//   };
//
// Then {"show", cmd_show<ProgObject>} and {"pin", cmd_pin<ProgObject>} go in
// the object's command table.
#pragma once

#include <utility>
#include <vector>

#include "commands/ctx.h"
#include "model/context.h"
#include "model/iterate.h"
#include "model/selector.h"
#include "sys/bpffs.h"

namespace bpftool::commands {

/// Collects and renders one object.
template <class O>
Status show_one(Ctx& ctx, const typename O::Fd& fd, const typename O::Shared& shared, model::CollectContext& cc) {
  auto rec = O::collect(fd, shared, cc);
  if (!rec) return std::move(rec).error();
  if (ctx.out.json()) O::render_json(ctx.out.jw(), *rec);
  else O::render_plain(ctx.out.out(), *rec);
  return {};
}

/// `X { show | list } [SPEC]`: every object of the kind, in id order, as a
/// JSON array; or the objects SPEC names: a bare JSON object for one, an array
/// for several (upstream's shapes). An error partway through a listing lands
/// inside the array, where upstream puts it.
template <class O>
Status cmd_show(Ctx& ctx, cli::ArgCursor& args) {
  model::CollectContext cc(ctx.opt.show_pinned);
  if (args.remaining() == 2) {
    auto spec = O::parse(args);
    if (!spec) return std::move(spec).error();
    auto fds = O::resolve_all(*spec, cc);
    if (!fds) return std::move(fds).error();
    auto shared = O::prepare();
    if (!shared) return std::move(shared).error();
    const bool array = ctx.out.json() && fds->size() > 1;
    if (array) ctx.out.jw().start_array();
    Status st;
    for (size_t i = 0; i < fds->size() && st; i++) st = report_here(ctx, show_one<O>(ctx, (*fds)[i], *shared, cc));
    if (array) ctx.out.jw().end_array();
    return st;
  }
  BT_TRY(args.finish());
  auto shared = O::prepare();
  if (!shared) return std::move(shared).error();
  output::JsonScope array(ctx.out.jw_ptr(), output::JsonScope::Array);
  return report_here(ctx, model::for_each<typename O::Fd>(O::kOpenFlags, [&](uint32_t, typename O::Fd& fd) {
                       return show_one<O>(ctx, fd, *shared, cc);
                     }));
}

/// `X pin SPEC FILE`: pins the one object SPEC names at FILE, mounting a bpffs
/// on FILE's directory when needed (unless -n); null in JSON mode. The pin
/// outlives the process.
template <class O>
Status cmd_pin(Ctx& ctx, cli::ArgCursor& args) {
  // Upstream's do_pin_any returns -EINVAL (exit 234) for too few words.
  if (auto st = args.require(3); !st) return std::move(st).error().with_errno_status();
  auto spec = O::parse(args);
  if (!spec) return std::move(spec).error();
  auto file = args.take();
  if (!file) return std::move(file).error();
  BT_TRY(args.finish());
  model::CollectContext cc;
  auto fd = O::resolve_one(*spec, cc);
  if (!fd) return std::move(fd).error();
  BT_TRY(sys::pin(*fd, *file, ctx.opt.nomount));
  ctx.out.null_if_json();
  return {};
}

/// A selector that names one object, as the list resolve_all returns.
template <class Fd>
Result<std::vector<Fd>> one_of(Result<Fd> fd) {
  if (!fd) return std::move(fd).error();
  std::vector<Fd> v;
  v.push_back(std::move(*fd));
  return v;
}

/// For objects without per-command state.
struct NoShared {};
inline Result<NoShared> no_shared() { return NoShared{}; }

}  // namespace bpftool::commands
