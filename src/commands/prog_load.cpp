// `prog load` and `prog loadall`: upstream's grammar over model::load_object.
#include <net/if.h>

#include <cerrno>
#include <cstring>

#include "commands/prog_ops.h"
#include "core/parse.h"
#include "model/loader.h"
#include "model/resolve.h"

namespace bpftool::commands {

namespace {

Result<uint32_t> netdev(const std::string& name) {
  uint32_t ifindex = if_nametoindex(name.c_str());
  if (!ifindex) return Error::msg(errno, "unrecognized netdevice '" + name + "': " + std::strerror(errno));
  return ifindex;
}

// `offload_dev IFNAME` or `xdpmeta_dev IFNAME` (`keyword`) into `ifindex`:
// each at most once, and never both (`other` is the other one's ifindex).
Status take_netdev(cli::ArgCursor& args, const char* keyword, uint32_t& ifindex, uint32_t other) {
  if (ifindex) return Error::msg(std::string(keyword) + " already specified");
  if (other) return Error::msg("xdpmeta_dev and offload_dev are mutually exclusive");
  BT_TRY(args.require(1));
  auto found = netdev(args.next());
  if (!found) return std::move(found).error();
  ifindex = *found;
  return {};
}

// `type TYPE`: a section name prefix such as "kprobe" or "xdp".
Result<model::ProgTypeSpec> parse_prog_type(const std::string& name) {
  // Upstream retries with a '/' appended ("kprobe" → "kprobe/").
  auto t = model::prog_type_by_section(name);
  if (!t) t = model::prog_type_by_section(name + "/");
  if (!t) return Error::msg("unknown program type '" + name + "' (see 'bpftool prog help' for TYPE)");
  return *t;
}

// `map {idx IDX | name NAME} MAP`, after the word "map".
Result<model::MapReuse> parse_map_reuse(cli::ArgCursor& args) {
  BT_TRY(args.require(4));
  model::MapReuse reuse;
  if (args.accept("idx")) {
    const std::string& w = args.next();
    auto idx = core::parse_u32(w);
    if (!idx || *idx > INT32_MAX) return Error::msg("can't parse " + w + " as IDX");
    reuse.idx = static_cast<int>(*idx);
  } else if (args.accept("name")) {
    reuse.name = args.next();
  } else {
    return Error::msg("expected 'idx' or 'name', got: '" + std::string(args.peek()) + "'?");
  }
  auto spec = model::parse_map_selector(args);
  if (!spec) return std::move(spec).error();
  auto fd = model::resolve_map(*spec, 0);
  if (!fd) return std::move(fd).error();
  reuse.fd = std::move(*fd);
  return reuse;
}

// The optional words after OBJ PATH, into `req`.
Status parse_load_options(Ctx& ctx, cli::ArgCursor& args, model::LoadRequest& req) {
  while (!args.empty()) {
    if (args.accept("type")) {
      if (req.type) return Error::msg("program type already specified");
      BT_TRY(args.require(1));
      auto t = parse_prog_type(args.next());
      if (!t) return std::move(t).error();
      req.type = *t;
    } else if (args.accept("map")) {
      auto reuse = parse_map_reuse(args);
      if (!reuse) return std::move(reuse).error();
      req.maps.push_back(std::move(*reuse));
    } else if (args.is("dev") || args.is("offload_dev")) {
      if (args.accept("dev"))
        ctx.out.info(
            "Warning: 'bpftool prog load [...] dev <ifname>' syntax is deprecated.\n"
            "Going further, please use 'offload_dev <ifname>' to offload program to device.\n"
            "For applications using XDP hints only, use 'xdpmeta_dev <ifname>'.");
      else
        (void)args.accept("offload_dev");
      BT_TRY(take_netdev(args, "offload_dev", req.offload_ifindex, req.xdpmeta_ifindex));
    } else if (args.accept("xdpmeta_dev")) {
      BT_TRY(take_netdev(args, "xdpmeta_dev", req.xdpmeta_ifindex, req.offload_ifindex));
    } else if (args.accept("pinmaps")) {
      BT_TRY(args.require(1));
      req.pinmaps = args.next();
    } else if (args.accept("autoattach")) {
      req.autoattach = true;
    } else if (args.accept("kernel_btf")) {
      BT_TRY(args.require(1));
      req.kernel_btf = args.next();
    } else {
      return Error::msg(
          "expected no more arguments, 'type', 'map', 'offload_dev', 'xdpmeta_dev', 'pinmaps', "
          "'autoattach', or 'kernel_btf', got: '" +
          std::string(args.peek()) + "'?");
    }
  }
  return {};
}

Status load_common(Ctx& ctx, cli::ArgCursor& args, bool first_prog_only) {
  if (first_prog_only && ctx.opt.use_loader) {
    // -L: the object's programs are loaded by a generated loader program; no PATH.
    BT_TRY(args.require(1));
    std::string object = args.next();
    BT_TRY(model::load_with_loader(object, ctx.opt.debug));
    ctx.out.null_if_json();
    return {};
  }
  BT_TRY(args.require(2));
  model::LoadRequest req;
  req.object = args.next();
  req.path = args.next();
  req.first_prog_only = first_prog_only;
  req.relaxed_maps = ctx.opt.mapcompat;
  req.verifier_logs = ctx.opt.debug;
  req.nomount = ctx.opt.nomount;
  BT_TRY(parse_load_options(ctx, args, req));

  ctx.out.flush();
  BT_TRY(model::load_object(req, [&](const std::string& note) { ctx.out.info(note); }));
  ctx.out.null_if_json();
  return {};
}

}  // namespace

Status cmd_prog_load(Ctx& ctx, cli::ArgCursor& args) { return load_common(ctx, args, true); }
Status cmd_prog_loadall(Ctx& ctx, cli::ArgCursor& args) { return load_common(ctx, args, false); }

}  // namespace bpftool::commands
