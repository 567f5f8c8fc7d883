#include "model/btf_source.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "btf/validate.h"
#include "model/resolve.h"
#include "sys/bpf.h"
#include "sys/fd.h"
#include "sys/typed_fd.h"

namespace bpftool::model {

namespace {

constexpr std::string_view kSysfsPrefix = "/sys/kernel/btf/";

Error load_error(const std::string& path, int errnum, std::string_view reason) {
  return Error::msg(errnum, "failed to load BTF from " + path + ": " + std::string(reason)).with_errno_status();
}

// libbpf 1.1 declares btf__new_split() but does not define it. Without a base
// btf__new() parses the buffer; with one, the validated bytes go to a memfd
// that btf__parse_raw_split() reads, so libbpf sees exactly what was checked.
struct btf* new_btf(std::span<const uint8_t> raw, const struct btf* base) {
  if (!base) return btf__new(raw.data(), static_cast<uint32_t>(raw.size()));
  sys::Fd fd(::memfd_create("btf", MFD_CLOEXEC));
  if (!fd) return nullptr;
  for (size_t done = 0; done < raw.size();) {
    const ssize_t n = ::write(fd.get(), raw.data() + done, raw.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return nullptr;
    }
    done += static_cast<size_t>(n);
  }
  const std::string path = "/proc/self/fd/" + std::to_string(fd.get());
  return btf__parse_raw_split(path.c_str(), const_cast<struct btf*>(base));
}

// Validates `bytes` (raw BTF or ELF) and hands a copy to libbpf.
Result<sys::BtfPtr> parse_bytes(const std::string& path, const std::vector<uint8_t>& bytes, const struct btf* base) {
  std::span<const uint8_t> raw(bytes);
  uint32_t pointer_size = 0;
  if (!btf::is_raw_btf(raw)) {
    auto elf = btf::find_elf_btf(raw);
    if (!elf) return load_error(path, elf.error().errnum(), elf.error().message());
    raw = elf->data;
    pointer_size = elf->pointer_size;
  }
  const btf::BtfBaseInfo info = base ? btf::base_info_of(base) : btf::BtfBaseInfo{};
  if (auto st = btf::validate_raw_btf(raw, base ? &info : nullptr); !st)
    return load_error(path, st.error().errnum(), st.error().message());
  struct btf* b = new_btf(raw, base);
  if (!b) return load_error(path, errno, std::strerror(errno));
  if (pointer_size) btf__set_pointer_size(b, pointer_size);
  return sys::BtfPtr(b);
}

Result<sys::BtfPtr> parse_file(const std::string& path, const struct btf* base) {
  auto bytes = btf::read_file_bytes(path);
  if (!bytes) return load_error(path, bytes.error().errnum(), std::strerror(bytes.error().errnum()));
  return parse_bytes(path, *bytes, base);
}

Result<sys::BtfPtr> vmlinux_base() {
  auto b = parse_file(kSysfsVmlinux, nullptr);
  if (!b) {
    const int e = b.error().errnum();
    return Error::msg(e, "failed to parse vmlinux BTF at '" + std::string(kSysfsVmlinux) + "': " + std::to_string(-e))
        .with_errno_status();
  }
  return b;
}

}  // namespace

Result<LoadedBtf> load_btf_file(const std::string& path, const struct btf* base) {
  LoadedBtf out;
  if (!base && path.starts_with(kSysfsPrefix) && path != kSysfsVmlinux) {
    auto vmlinux = vmlinux_base();
    if (!vmlinux) return std::move(vmlinux).error();
    out.base = std::move(*vmlinux);
    base = out.base.get();
  }
  auto b = parse_file(path, base);
  if (!b) return std::move(b).error();
  out.btf = std::move(*b);
  return out;
}

Result<sys::BtfPtr> load_base_btf_file(const std::string& path) {
  auto bytes = btf::read_file_bytes(path);
  auto fail = [&](int e, std::string_view why) {
    return Error::msg(e, "failed to parse base BTF at '" + path + "': " + std::string(why));
  };
  if (!bytes) return fail(bytes.error().errnum(), std::strerror(bytes.error().errnum()));
  auto b = parse_bytes(path, *bytes, nullptr);
  if (!b) {
    // parse_bytes says "failed to load BTF from PATH: why"; keep the why.
    const std::string& m = b.error().message();
    const std::string prefix = "failed to load BTF from " + path + ": ";
    return fail(b.error().errnum(), m.starts_with(prefix) ? std::string_view(m).substr(prefix.size()) : m);
  }
  return b;
}

Result<LoadedBtf> load_btf_by_id(uint32_t id, const struct btf* base) {
  LoadedBtf out;
  if (!base) {
    // Upstream's btf_is_kernel_module: a kernel BTF not named vmlinux.
    if (auto fd = sys::BtfFd::from_id(id)) {
      bpf_btf_info info;
      std::memset(&info, 0, sizeof(info));
      char name[64] = {};
      info.name = reinterpret_cast<uintptr_t>(name);
      info.name_len = sizeof(name);
      uint32_t len = sizeof(info);
      if (sys::obj_get_info(fd->get(), &info, &len) && info.kernel_btf && std::strncmp(name, "vmlinux", sizeof(name)) != 0) {
        auto vmlinux = vmlinux_base();
        if (!vmlinux) return std::move(vmlinux).error();
        out.base = std::move(*vmlinux);
        base = out.base.get();
        out.fell_back_to_vmlinux = true;
      }
    }
  }
  struct btf* b = btf__load_from_kernel_by_id_split(id, const_cast<struct btf*>(base));
  if (!b) {
    const int e = errno;
    return Error::msg(e, "get btf by id (" + std::to_string(id) + "): " + std::strerror(e)).with_errno_status();
  }
  out.btf.reset(b);
  return out;
}

Result<MapBtfIds> map_btf_ids(const Selector& map) {
  auto fd = resolve_map(map, BPF_F_RDONLY);
  if (!fd) return std::move(fd).error();
  auto info = sys::info_of<bpf_map_info>(fd->get(), "map");
  if (!info) return std::move(info).error();
  return MapBtfIds{info->btf_id, info->btf_key_type_id, info->btf_value_type_id};
}

Result<uint32_t> prog_btf_id(const Selector& prog) {
  CollectContext ctx;
  auto fd = resolve_prog(prog, ctx);
  if (!fd) return std::move(fd).error();
  auto info = sys::info_of<bpf_prog_info>(fd->get(), "prog");
  if (!info) return std::move(info).error();
  return info->btf_id;
}

}  // namespace bpftool::model
