#include "model/loader.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "model/libbpf_log.h"
#include "model/loader_skel.h"
#include "sys/bpffs.h"
#include "sys/caps.h"
#include "sys/libbpf_ptr.h"

namespace bpftool::model {

namespace {

constexpr size_t kVerifierTail = 40;  // lines of a rejected program's log shown without -d
constexpr uint32_t kXdpDevBoundOnly = 1u << 6;  // BPF_F_XDP_DEV_BOUND_ONLY (Linux 6.3)

// Pins made by this load; removed again unless commit() is called.
class PinSet {
 public:
  ~PinSet() {
    if (committed_) return;
    for (auto it = paths_.rbegin(); it != paths_.rend(); ++it) ::unlink(it->c_str());
    for (auto it = dirs_.rbegin(); it != dirs_.rend(); ++it) ::rmdir(it->c_str());
  }
  void add(std::string p) { paths_.push_back(std::move(p)); }
  /// Creates `dir` (on a bpffs) unless it exists; removed again on failure.
  Status make_dir(const std::string& dir) {
    if (::mkdir(dir.c_str(), 0700) == 0) {
      dirs_.push_back(dir);
      return {};
    }
    if (errno == EEXIST) return {};
    return Error::sys(errno, "failed to create dir '" + dir + "'");
  }
  void commit() { committed_ = true; }

 private:
  std::vector<std::string> paths_;
  std::vector<std::string> dirs_;
  bool committed_ = false;
};

std::string libbpf_error(int err) {
  char buf[128];
  libbpf_strerror(err, buf, sizeof(buf));
  return buf;
}

Status pin_program(struct bpf_program* prog, const std::string& path, bool autoattach, PinSet& pins,
                   const std::function<void(const std::string&)>& note) {
  if (autoattach) {
    struct bpf_link* link = bpf_program__attach(prog);
    if (!libbpf_get_error(link)) {
      sys::LinkPtr guard(link);
      if (int err = bpf_link__pin(link, path.c_str()); err)
        return Error::msg(-err, "failed to pin link of program " + std::string(bpf_program__name(prog)) +
                                    " at " + path + ": " + libbpf_error(err));
      pins.add(path);
      return {};
    }
    note("Program " + std::string(bpf_program__name(prog)) +
         " does not support autoattach, falling back to pinning");
  }
  if (bpf_obj_pin(bpf_program__fd(prog), path.c_str()) != 0)
    return Error::sys(errno, "failed to pin program " + std::string(bpf_program__section_name(prog)) + " at " + path);
  pins.add(path);
  return {};
}

// The map's pin name: its name with '.' turned into '_' (libbpf does this to
// the whole path; we keep the directory as given).
std::string map_pin_name(const char* name) {
  std::string s(name);
  std::replace(s.begin(), s.end(), '.', '_');
  return s;
}

// Why bpf_object__load failed, in words: EACCES is the verifier's verdict
// (its log was printed above), EPERM a missing privilege or the lockdown.
Error load_error(const std::string& object, int err) {
  std::string msg = "failed to load object file '" + object + "': ";
  if (err == -EACCES) msg += "the verifier rejected a program (see its log above)";
  else if (err == -EPERM) msg += libbpf_error(err) + sys::bpf_hint();
  else msg += libbpf_error(err);
  return Error::msg(-err, msg);
}

// Opens (does not load) `object`; the error carries libbpf's reason.
Result<sys::ObjectPtr> open_object(const std::string& object, const struct bpf_object_open_opts& opts) {
  sys::ObjectPtr obj(bpf_object__open_file(object.c_str(), &opts));
  if (!obj) {
    int e = errno;
    return Error::msg(e, "failed to open object file '" + object + "': " + libbpf_error(-e));
  }
  return obj;
}

// Each program's type (`type TYPE`, else guessed from its section) and the
// device it is bound to (offload_dev, or xdpmeta_dev for XDP programs).
Status set_program_types(struct bpf_object* obj, const LoadRequest& req) {
  struct bpf_program* pos;
  bpf_object__for_each_program(pos, obj) {
    ProgTypeSpec spec;
    if (req.type) {
      spec = *req.type;
    } else {
      auto t = prog_type_by_section(bpf_program__section_name(pos));
      if (!t)
        return Error::msg("failed to guess program type from ELF section '" +
                          std::string(bpf_program__section_name(pos)) + "' of program " + bpf_program__name(pos) +
                          " (use 'type TYPE')");
      spec = *t;
    }
    if (spec.prog_type == BPF_PROG_TYPE_XDP && req.xdpmeta_ifindex) {
      bpf_program__set_flags(pos, bpf_program__flags(pos) | kXdpDevBoundOnly);
      bpf_program__set_ifindex(pos, req.xdpmeta_ifindex);
    } else {
      bpf_program__set_ifindex(pos, req.offload_ifindex);
    }
    if (static_cast<uint32_t>(bpf_program__type(pos)) != spec.prog_type)
      bpf_program__set_type(pos, static_cast<enum bpf_prog_type>(spec.prog_type));
    bpf_program__set_expected_attach_type(pos, static_cast<enum bpf_attach_type>(spec.expected_attach_type));
  }
  return {};
}

// `map idx|name ...` as (index among `maps`, fd) pairs: names are resolved to
// indexes first, then each index may be replaced once.
Result<std::vector<std::pair<int, int>>> map_reuse_by_index(const std::vector<struct bpf_map*>& maps,
                                                            const std::vector<MapReuse>& requested) {
  std::vector<std::pair<int, int>> reuse;  // (idx, fd)
  for (const auto& r : requested) {
    int idx = r.idx;
    if (idx < 0) {
      for (size_t i = 0; i < maps.size(); i++)
        if (r.name == bpf_map__name(maps[i])) idx = static_cast<int>(i);
      if (idx < 0) return Error::msg("unable to find map '" + r.name + "'");
    }
    if (static_cast<size_t>(idx) >= maps.size())
      return Error::msg("map idx '" + std::to_string(idx) + "' not used (the object has " +
                        std::to_string(maps.size()) + " maps)");
    for (const auto& [i, fd] : reuse)
      if (i == idx) return Error::msg("replacement for map idx " + std::to_string(idx) + " specified more than once");
    reuse.emplace_back(idx, r.fd.get());
  }
  return reuse;
}

// Binds the maps to the offload device (not perf event arrays) and sets up
// the requested map reuse.
Status prepare_maps(const std::vector<struct bpf_map*>& maps, const LoadRequest& req) {
  auto reuse = map_reuse_by_index(maps, req.maps);
  if (!reuse) return std::move(reuse).error();
  for (size_t i = 0; i < maps.size(); i++) {
    if (bpf_map__type(maps[i]) != BPF_MAP_TYPE_PERF_EVENT_ARRAY) bpf_map__set_ifindex(maps[i], req.offload_ifindex);
    for (const auto& [idx, fd] : *reuse) {
      if (static_cast<size_t>(idx) != i) continue;
      if (int err = bpf_map__reuse_fd(maps[i], fd); err)
        return Error::msg(-err, "unable to set up map reuse for map '" + std::string(bpf_map__name(maps[i])) +
                                    "': " + libbpf_error(err));
    }
  }
  return {};
}

// `load` pins the first program at PATH; `loadall` pins every program in the
// directory PATH. The checks and bpffs mounting are upstream's.
Status pin_programs(struct bpf_object* obj, const LoadRequest& req, PinSet& pins,
                    const std::function<void(const std::string&)>& note) {
  if (req.first_prog_only) {
    BT_TRY(sys::prepare_pin_path(req.path, req.nomount));
    struct bpf_program* prog = bpf_object__next_program(obj, nullptr);
    if (!prog) return Error::msg("object file doesn't contain any bpf program");
    return pin_program(prog, req.path, req.autoattach, pins, note);
  }
  BT_TRY(sys::prepare_pin_dir(req.path, req.nomount));
  BT_TRY(pins.make_dir(req.path));
  struct bpf_program* pos;
  bpf_object__for_each_program(pos, obj) {
    std::string p = req.path + "/" + bpf_program__name(pos);
    if (p.size() >= PATH_MAX) return Error::msg(ENAMETOOLONG, "pin path too long: " + p);
    if (::access(p.c_str(), F_OK) == 0)
      return Error::msg(EEXIST, "can't pin BPF object: path '" + p + "' already exists");
    BT_TRY(pin_program(pos, p, req.autoattach, pins, note));
  }
  return {};
}

// `pinmaps DIR`: every map the load created, pinned in DIR.
Status pin_maps(const std::vector<struct bpf_map*>& maps, const std::string& dir, bool nomount, PinSet& pins) {
  BT_TRY(sys::prepare_pin_dir(dir, nomount));
  BT_TRY(pins.make_dir(dir));
  for (struct bpf_map* m : maps) {
    if (bpf_map__fd(m) < 0) continue;  // not created (autocreate off)
    std::string p = dir + "/" + map_pin_name(bpf_map__name(m));
    if (::access(p.c_str(), F_OK) == 0)
      return Error::msg(EEXIST, "can't pin BPF object: path '" + p + "' already exists");
    if (bpf_obj_pin(bpf_map__fd(m), p.c_str()) != 0)
      return Error::sys(errno, "failed to pin map '" + std::string(bpf_map__name(m)) + "' at " + p);
    pins.add(p);
  }
  return {};
}

}  // namespace

Status load_object(const LoadRequest& req, const std::function<void(const std::string&)>& note) {
  // Whatever happens, show libbpf's messages of the open and load (verifier
  // logs cut to their tail); those of the attach and pin steps print directly.
  LibbpfCapture capture(LibbpfCapture::ReplayOnExit{req.verifier_logs, kVerifierTail});

  LIBBPF_OPTS(bpf_object_open_opts, open_opts);
  open_opts.relaxed_maps = req.relaxed_maps;
  if (!req.kernel_btf.empty()) open_opts.btf_custom_path = req.kernel_btf.c_str();
  if (req.verifier_logs) open_opts.kernel_log_level = 1 + 2 + 4;
  auto obj = open_object(req.object, open_opts);
  if (!obj) return std::move(obj).error();

  BT_TRY(set_program_types(obj->get(), req));
  std::vector<struct bpf_map*> maps;
  struct bpf_map* map;
  bpf_object__for_each_map(map, obj->get()) maps.push_back(map);
  BT_TRY(prepare_maps(maps, req));

  if (int err = bpf_object__load(obj->get()); err) return load_error(req.object, err);
  capture.finish();

  // Pin, undoing every pin on failure.
  PinSet pins;
  BT_TRY(pin_programs(obj->get(), req, pins, note));
  if (!req.pinmaps.empty()) BT_TRY(pin_maps(maps, req.pinmaps, req.nomount, pins));
  pins.commit();
  return {};
}

}  // namespace bpftool::model

namespace bpftool::model {

Status load_with_loader(const std::string& object, bool verifier_logs) {
  LibbpfCapture capture(LibbpfCapture::ReplayOnExit{verifier_logs, kVerifierTail});

  LIBBPF_OPTS(bpf_object_open_opts, open_opts);
  if (verifier_logs) open_opts.kernel_log_level = 1 + 2 + 4;
  auto obj = open_object(object, open_opts);
  if (!obj) return std::move(obj).error();
  LIBBPF_OPTS(gen_loader_opts, gen);
  if (int err = bpf_object__gen_loader(obj->get(), &gen); err)
    return Error::msg(-err, "failed to generate the loader program: " + libbpf_error(err));
  if (int err = bpf_object__load(obj->get()); err) return load_error(object, err);

  std::vector<char> log;
  if (verifier_logs) log.assign((1u << 24) - 1, '\0');
  const char* errstr = nullptr;
  int err = bt_run_gen_loader(gen.data, gen.data_sz, gen.insns, gen.insns_sz, verifier_logs ? 1 + 2 + 4 : 0,
                              log.empty() ? nullptr : log.data(), static_cast<unsigned>(log.size()), &errstr);
  if (verifier_logs && !log.empty()) capture.append(std::string(log.data()));
  if (err < 0)
    return Error::msg(-err, std::string("loader program failed") + (errstr ? std::string(" (") + errstr + ")" : "") +
                                ": " + std::strerror(-err));
  return {};
}

}  // namespace bpftool::model
