// Loading BPF object files with libbpf for `prog load` and `prog loadall`:
// type overrides, map reuse, device binding, pinning of programs, links and
// maps — and undoing every pin when any step fails, so that nothing is left
// half-loaded.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/prog_types.h"
#include "sys/typed_fd.h"

namespace bpftool::model {

struct MapReuse {
  int idx = -1;      // position among the object's maps, or -1 when by name
  std::string name;  // the object's map name (when idx == -1)
  sys::MapFd fd;     // the existing map to use instead
};

struct LoadRequest {
  std::string object;          // OBJ
  std::string path;            // PATH: a pin file (load) or a directory (loadall)
  bool first_prog_only = true;  // load: only the first program is pinned
  std::optional<ProgTypeSpec> type;
  std::vector<MapReuse> maps;
  uint32_t offload_ifindex = 0;
  uint32_t xdpmeta_ifindex = 0;
  std::string pinmaps;      // directory for the maps, or ""
  bool autoattach = false;  // pin links instead of programs where possible
  std::string kernel_btf;   // custom vmlinux BTF for CO-RE, or ""
  bool relaxed_maps = false;  // -m
  bool verifier_logs = false; // -d: log level 1+2+4 and whole logs
  bool nomount = false;       // -n
};

/// Opens, loads and pins. `note` receives upstream's p_info messages ("Program
/// X does not support autoattach, falling back to pinning"). On failure every
/// pin made so far is removed; libbpf's messages (the verifier log among
/// them) have been printed, cut to their tail unless verifier_logs.
Status load_object(const LoadRequest& req, const std::function<void(const std::string&)>& note);

/// `prog load -L`: runs the object's loader program (libbpf gen_loader).
Status load_with_loader(const std::string& object, bool verifier_logs);

}  // namespace bpftool::model
