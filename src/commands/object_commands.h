// The `show`/`list` and `pin` commands, written once for every kernel object
// kind. An object plugs in with a traits struct; ObjectTraits gives the
// defaults (no per-command state, a selector that names one object, listings
// open objects with no flags):
//
//   struct LinkObject : ObjectTraits<sys::LinkFd, model::LinkRecord> {
//     static constexpr auto parse = &model::parse_link_selector;      // (ArgCursor&) -> Selector
//     static Result<Fd> resolve_one(const model::Selector&, model::CollectContext&);
//     static constexpr auto collect = &model::collect_link;            // (const Fd&, CollectContext&)
//     static constexpr auto render_plain = &render_link_plain;  // (OutStream&, const Record&)
//     static constexpr auto render_json = &render_link_json;    // (JsonWriter&, const Record&)
//   };
//
// and, where the defaults do not fit:
//     using Shared = ...;                 // per-command state (BTF: its users); then
//     static Result<Shared> prepare();    // run after the words were checked, and
//                                         // collect takes (const Fd&, const Shared&, CollectContext&)
//     static constexpr uint32_t kOpenFlags = BPF_F_RDONLY;
//     static Result<std::vector<Fd>> resolve_all(const model::Selector&, model::CollectContext&);
//
// Then {"show", cmd_show<LinkObject>} and {"pin", cmd_pin<LinkObject>} go in
// the object's command table, and {"help", cmd_help<link_help_spec>}.
#pragma once

#include <type_traits>
#include <utility>
#include <vector>

#include "commands/ctx.h"
#include "model/context.h"
#include "model/iterate.h"
#include "model/selector.h"
#include "sys/bpffs.h"

namespace bpftool::commands {

/// For objects without per-command state.
struct NoShared {};

/// The defaults of a traits struct (see the top of this file).
template <class FdT, class RecordT>
struct ObjectTraits {
  using Fd = FdT;
  using Record = RecordT;
  using Shared = NoShared;
  static constexpr uint32_t kOpenFlags = 0;
  static Result<Shared> prepare() { return NoShared{}; }
};

/// A selector's objects: the traits' resolve_all, or the one resolve_one names.
template <class O>
Result<std::vector<typename O::Fd>> resolve_all_of(const model::Selector& s, model::CollectContext& cc) {
  if constexpr (requires { O::resolve_all(s, cc); }) {
    return O::resolve_all(s, cc);
  } else {
    auto fd = O::resolve_one(s, cc);
    if (!fd) return std::move(fd).error();
    std::vector<typename O::Fd> v;
    v.push_back(std::move(*fd));
    return v;
  }
}

/// `X help`, from the object's help spec.
template <const cli::HelpSpec& (*Spec)()>
Status cmd_help(Ctx& ctx, cli::ArgCursor&) {
  return print_help(ctx, Spec());
}

/// A usage error: the message (or {"error":…} under -j), then the object's
/// help in plain mode, as upstream's usage(); the error counts as reported.
template <const cli::HelpSpec& (*Spec)()>
Status usage_error(Ctx& ctx, Error e) {
  ctx.out.error(e);
  if (!ctx.out.json()) (void)print_help(ctx, Spec());
  return e.mark_reported();
}

/// Collects and renders one object.
template <class O>
Status show_one(Ctx& ctx, const typename O::Fd& fd, const typename O::Shared& shared, model::CollectContext& cc) {
  auto rec = [&] {
    if constexpr (std::is_same_v<typename O::Shared, NoShared>) return O::collect(fd, cc);
    else return O::collect(fd, shared, cc);
  }();
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
    auto fds = resolve_all_of<O>(*spec, cc);
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

}  // namespace bpftool::commands
