#include "model/gen.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <unordered_map>

#include "btf/btf_ext.h"
#include "btf/core_reloc.h"
#include "sys/atomic_file.h"

namespace bpftool::model {

namespace {

std::string link_error(const std::string& file, int err) {
  return "failed to link '" + file + "': " + std::strerror(err) + " (" + std::to_string(err) + ")";
}

using LinkerPtr = std::unique_ptr<struct bpf_linker, sys::LibbpfDeleter<bpf_linker__free>>;

}  // namespace

Result<GenInput> open_gen_input(const std::string& path) {
  auto elf = btf::ElfImage::read_file(path);
  if (!elf) return elf.error();
  GenInput in{path, std::move(*elf), {}, {}, false};
  auto btf = in.elf.section(".BTF");
  if (!btf || btf->empty()) return Error::msg(ENODATA, "no BTF (section .BTF not found)");
  in.btf = *btf;
  if (auto ext = in.elf.section(".BTF.ext")) {
    in.btf_ext = *ext;
    in.has_btf_ext = true;
  }
  return in;
}

Result<sys::BtfPtr> open_gen_btf(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st)) return Error::sys(errno, "failed parsing '" + path + "' BTF file");
  if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode))
    return Error::sys(S_ISDIR(st.st_mode) ? EISDIR : EINVAL, "failed parsing '" + path + "' BTF file");
  sys::BtfPtr b(btf__parse(path.c_str(), nullptr));
  if (!b) return Error::sys(errno ? errno : EINVAL, "failed parsing '" + path + "' BTF file");
  return b;
}

Status link_objects(const std::string& output, const std::vector<std::string>& inputs) {
  // Checked first, so that a bad input fails before anything is written and
  // libbpf 1.1 only parses files that look sane.
  for (const auto& file : inputs) {
    auto in = open_gen_input(file);
    if (!in) {
      int err = in.error().errnum();
      if (err == ENOENT || err == EACCES || err == EISDIR) return Error::msg(err, link_error(file, err));
      return Error::msg(err, "failed to link '" + file + "': " + in.error().message());
    }
  }
  auto out = sys::AtomicFile::create(output);
  if (!out) return Error::msg(out.error().errnum(), "failed to create BPF linker instance: " + out.error().message());
  {
    LinkerPtr linker(bpf_linker__new(out->temp_path().c_str(), nullptr));
    if (!linker) return Error::msg(errno ? errno : EINVAL, "failed to create BPF linker instance");
    for (const auto& file : inputs) {
      int err = bpf_linker__add_file(linker.get(), file.c_str(), nullptr);
      if (err) return Error::msg(-err, link_error(file, -err));
    }
    int err = bpf_linker__finalize(linker.get());
    if (err)
      return Error::msg(-err, std::string("failed to finalize ELF file: ") + std::strerror(-err) + " (" +
                                  std::to_string(-err) + ")");
  }
  return out->commit();
}

Result<std::vector<std::byte>> minimize_btf(const struct btf* src, const std::vector<GenInput>& objects) {
  btf::BtfMinimizer minimizer(src);
  for (const auto& obj : objects) {
    auto fail = [&](const std::string& why) {
      return Error::msg(EINVAL, "error recording relocations for " + obj.path + ": " + why);
    };
    if (!obj.has_btf_ext) return fail("failed to parse BPF object '" + obj.path + "': section .BTF.ext not found");
    auto relos = btf::parse_core_relos(obj.btf_ext);
    if (!relos) return fail(relos.error().message());
    if (relos->empty()) continue;
    sys::BtfPtr local(btf__new(obj.btf.data(), static_cast<uint32_t>(obj.btf.size())));
    if (!local) return fail(std::string("failed to parse BPF object '") + obj.path + "': " + std::strerror(errno));
    // Candidates depend only on the local type, as upstream's cand_cache.
    std::unordered_map<uint32_t, std::vector<uint32_t>> cands;
    for (const auto& relo : *relos) {
      std::vector<uint32_t>* list = nullptr;
      if (relo.kind != BPF_CORE_TYPE_ID_LOCAL) {
        auto it = cands.find(relo.type_id);
        if (it == cands.end()) {
          auto found = btf::find_core_candidates(local.get(), relo.type_id, src);
          if (!found) return fail(found.error().message());
          it = cands.emplace(relo.type_id, std::move(*found)).first;
        }
        list = &it->second;
      }
      auto targ = btf::resolve_core_relo(local.get(), relo, src, list ? std::span<const uint32_t>(*list)
                                                                     : std::span<const uint32_t>());
      if (!targ) return fail(targ.error().message());
      if (*targ) {
        if (auto st = minimizer.record(**targ); !st) return fail(st.error().message());
      }
    }
  }
  auto raw = minimizer.build();
  if (!raw) return Error::msg(raw.error().errnum(), "error generating BTF: " + raw.error().message());
  return raw;
}

Status min_core_btf(const std::string& input, const std::string& output, const std::vector<std::string>& objects) {
  auto src = open_gen_btf(input);
  if (!src) return src.error();
  std::vector<GenInput> opened;
  for (const auto& path : objects) {
    auto in = open_gen_input(path);
    if (!in)
      return Error::msg(in.error().errnum(), "error recording relocations for " + path +
                                                 ": failed to parse BPF object '" + path + "': " +
                                                 in.error().message());
    opened.push_back(std::move(*in));
  }
  auto raw = minimize_btf(src->get(), opened);
  if (!raw) return raw.error();
  if (auto st = sys::write_file_atomic(output, *raw); !st)
    return Error::msg(st.error().errnum(), "error saving btf file: " + st.error().message());
  return {};
}

}  // namespace bpftool::model
