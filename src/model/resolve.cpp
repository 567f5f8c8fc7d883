#include "model/resolve.h"

#include <linux/bpf.h>

#include <cerrno>
#include <cstring>

#include "core/hex.h"
#include "model/iterate.h"
#include "model/prog.h"
#include "sys/caps.h"

namespace bpftool::model {

namespace {

std::string with_hint(int e) {
  return (e == EPERM || e == EACCES) ? sys::admin_hint() : std::string();
}

template <class TypedFd>
Result<TypedFd> open_by_id(uint32_t id, uint32_t flags, const char* what_prefix) {
  auto fd = TypedFd::from_id(id, flags);
  if (fd) return fd;
  int e = fd.error().errnum();
  return Error::msg(e, std::string(what_prefix) + " (" + std::to_string(id) + "): " + std::strerror(e) + with_hint(e));
}

}  // namespace

std::string prog_full_name(int fd, CollectContext& ctx) {
  auto h = prog_head(fd);
  if (!h) return {};
  return prog_full_name(h->info, h->first_func, ctx);
}

Result<std::vector<sys::ProgFd>> resolve_progs(const model::Selector& spec, CollectContext& ctx) {
  std::vector<sys::ProgFd> fds;
  switch (spec.by) {
    case model::Selector::By::Id: {
      auto fd = open_by_id<sys::ProgFd>(spec.id, 0, "get by id");
      if (!fd) return std::move(fd).error();
      fds.push_back(std::move(*fd));
      return fds;
    }
    case model::Selector::By::Pinned: {
      auto fd = sys::ProgFd::from_pin(spec.path);
      if (!fd) return std::move(fd).error();
      fds.push_back(std::move(*fd));
      return fds;
    }
    case model::Selector::By::Tag:
    case model::Selector::By::Name:
      break;
  }
  const bool by_tag = spec.by == model::Selector::By::Tag;
  auto st = for_each_object(sys::ObjKind::Prog, 0, [&](uint32_t id, sys::Fd& fd) -> Status {
    auto got = sys::info_of<bpf_prog_info>(fd.get(), "prog");
    if (!got) return Error::sys(got.error().errnum(), "can't get prog info (" + std::to_string(id) + ")");
    const bpf_prog_info& info = *got;
    if (by_tag) {
      if (std::memcmp(info.tag, spec.tag.data(), spec.tag.size()) != 0) return {};
    } else {
      std::string kname(info.name, strnlen(info.name, sizeof(info.name)));
      if (kname.size() < BPF_OBJ_NAME_LEN - 1) {
        if (kname != spec.name) return {};
      } else {
        // A cut name can only match a full name that starts with it.
        if (spec.name.compare(0, kname.size(), kname) != 0) return {};
        if (prog_full_name(fd.get(), ctx) != spec.name) return {};
      }
    }
    fds.emplace_back(std::move(fd));
    return {};
  });
  if (!st) return std::move(st).error();
  if (fds.empty()) {
    if (by_tag) return Error::msg(ENOENT, "no program with tag " + core::hex_string(spec.tag.data(), spec.tag.size()));
    return Error::msg(ENOENT, "no program with name '" + spec.name + "'");
  }
  return fds;
}

Result<sys::ProgFd> resolve_prog(const model::Selector& spec, CollectContext& ctx) {
  auto fds = resolve_progs(spec, ctx);
  if (!fds) return std::move(fds).error();
  if (fds->size() > 1) return Error::msg("several programs match this handle");
  return std::move(fds->front());
}

Result<std::vector<sys::MapFd>> resolve_maps(const model::Selector& spec, uint32_t open_flags) {
  std::vector<sys::MapFd> fds;
  switch (spec.by) {
    case model::Selector::By::Id: {
      auto fd = open_by_id<sys::MapFd>(spec.id, open_flags, "get map by id");
      if (!fd) return std::move(fd).error();
      fds.push_back(std::move(*fd));
      return fds;
    }
    case model::Selector::By::Pinned: {
      auto fd = sys::MapFd::from_pin(spec.path, open_flags);
      if (!fd) return std::move(fd).error();
      fds.push_back(std::move(*fd));
      return fds;
    }
    case model::Selector::By::Name:
      break;
    case model::Selector::By::Tag:
      return Error::msg("maps have no tag");
  }
  auto st = for_each_object(sys::ObjKind::Map, BPF_F_RDONLY, [&](uint32_t id, sys::Fd& fd) -> Status {
    auto got = sys::info_of<bpf_map_info>(fd.get(), "map");
    if (!got) return Error::sys(got.error().errnum(), "can't get map info (" + std::to_string(id) + ")");
    const bpf_map_info& info = *got;
    if (std::string_view(info.name, strnlen(info.name, sizeof(info.name))) != spec.name) return {};
    if (open_flags == BPF_F_RDONLY) {
      fds.emplace_back(std::move(fd));
      return {};
    }
    // The caller wants more than read access: reopen with its flags.
    auto rw = open_by_id<sys::MapFd>(id, open_flags, "can't get map by id");
    if (!rw) return std::move(rw).error();
    fds.push_back(std::move(*rw));
    return {};
  });
  if (!st) return std::move(st).error();
  if (fds.empty()) return Error::msg(ENOENT, "no map with name '" + spec.name + "'");
  return fds;
}

Result<sys::MapFd> resolve_map(const model::Selector& spec, uint32_t open_flags) {
  auto fds = resolve_maps(spec, open_flags);
  if (!fds) return std::move(fds).error();
  if (fds->size() > 1) return Error::msg("several maps match this handle");
  return std::move(fds->front());
}

Result<sys::BtfFd> resolve_btf(const model::Selector& spec) {
  if (spec.by != model::Selector::By::Id) return Error::msg("BTF objects are selected by id");
  return open_by_id<sys::BtfFd>(spec.id, 0, "can't get BTF object by id");
}

Result<sys::LinkFd> resolve_link(const model::Selector& spec) {
  switch (spec.by) {
    case model::Selector::By::Id: {
      auto fd = sys::LinkFd::from_id(spec.id);
      if (fd) return fd;
      int e = fd.error().errnum();
      // Upstream's link commands return this -errno (exit 254 for ENOENT).
      return Error::msg(e, "failed to get link with ID " + std::to_string(spec.id) + ": " + std::strerror(e) +
                               with_hint(e))
          .with_errno_status();
    }
    case model::Selector::By::Pinned:
      return sys::LinkFd::from_pin(spec.path);
    default:
      return Error::msg("links are selected by id or pinned path");
  }
}

}  // namespace bpftool::model
