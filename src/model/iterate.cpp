#include "model/iterate.h"

#include <cerrno>
#include <cstring>

#include "sys/caps.h"

namespace bpftool::model {

const char* kind_noun(sys::ObjKind kind) {
  switch (kind) {
    case sys::ObjKind::Prog: return "program";
    case sys::ObjKind::Map: return "map";
    case sys::ObjKind::Link: return "link";
    case sys::ObjKind::Btf: return "BTF object";
  }
  return "object";
}

namespace {
const char* by_id_noun(sys::ObjKind kind) {
  switch (kind) {
    case sys::ObjKind::Prog: return "prog";
    case sys::ObjKind::Map: return "map";
    case sys::ObjKind::Link: return "link";
    case sys::ObjKind::Btf: return "BTF object";
  }
  return "object";
}
}  // namespace

Status for_each_object(sys::ObjKind kind, uint32_t open_flags,
                       const std::function<Status(uint32_t id, sys::Fd& fd)>& fn) {
  uint32_t id = 0;
  for (;;) {
    auto next = sys::get_next_id(kind, id);
    if (!next) {
      int e = next.error().errnum();
      if (e == ENOENT) return {};
      std::string msg = std::string("can't get next ") + kind_noun(kind) + ": " + std::strerror(e);
      if (e == EINVAL) msg += " -- kernel too old?";
      if (e == EPERM || e == EACCES) msg += sys::admin_hint();
      return Error::msg(e, msg);
    }
    id = *next;
    auto fd = sys::get_fd_by_id(kind, id, open_flags);
    if (!fd) {
      int e = fd.error().errnum();
      if (e == ENOENT) continue;  // vanished between GET_NEXT_ID and GET_FD_BY_ID
      std::string msg = std::string("can't get ") + by_id_noun(kind) + " by id (" + std::to_string(id) +
                        "): " + std::strerror(e);
      if (e == EPERM || e == EACCES) msg += sys::admin_hint();
      return Error::msg(e, msg);
    }
    BT_TRY(fn(id, *fd));
  }
}

}  // namespace bpftool::model
