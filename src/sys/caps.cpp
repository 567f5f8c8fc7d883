#include "sys/caps.h"

#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>

#include "sys/fdinfo.h"

namespace bpftool::sys {

bool has_cap(int cap) {
  struct __user_cap_header_struct hdr;
  struct __user_cap_data_struct data[2];
  std::memset(&hdr, 0, sizeof(hdr));
  std::memset(data, 0, sizeof(data));
  hdr.version = _LINUX_CAPABILITY_VERSION_3;
  hdr.pid = 0;
  if (::syscall(SYS_capget, &hdr, data) != 0) return false;
  unsigned idx = static_cast<unsigned>(cap) / 32, bit = static_cast<unsigned>(cap) % 32;
  if (idx >= 2) return false;
  return (data[idx].effective >> bit) & 1u;
}

namespace {
constexpr int kCapBpf = 39;       // CAP_BPF (Linux 5.8)
constexpr int kCapPerfmon = 38;   // CAP_PERFMON (Linux 5.8)

std::string lockdown_state() {
  auto text = read_small_file("/sys/kernel/security/lockdown");
  if (!text) return {};
  // "none [integrity] confidentiality": the bracketed word is the active mode.
  auto open = text->find('['), close = text->find(']');
  if (open == std::string::npos || close == std::string::npos || close < open) return {};
  return text->substr(open + 1, close - open - 1);
}
}  // namespace

std::string admin_hint() {
  if (!has_cap(CAP_SYS_ADMIN)) return " (this needs CAP_SYS_ADMIN, which bpftool does not have: run it as root)";
  return {};
}

std::string bpf_hint() {
  if (!has_cap(CAP_SYS_ADMIN) && !has_cap(kCapBpf))
    return " (this needs CAP_BPF or CAP_SYS_ADMIN, which bpftool does not have: run it as root)";
  if (!has_cap(CAP_SYS_ADMIN) && !has_cap(kCapPerfmon))
    return " (tracing programs need CAP_PERFMON or CAP_SYS_ADMIN as well as CAP_BPF)";
  std::string mode = lockdown_state();
  if (!mode.empty() && mode != "none")
    return " (the kernel is in lockdown mode '" + mode +
           "', which refuses programs that read kernel memory, such as fentry/fexit, fmod_ret and LSM programs)";
  if (mode.empty())
    return " (bpftool has CAP_BPF and CAP_SYS_ADMIN, so the kernel's lockdown or a security module refused "
           "this; a locked-down kernel refuses programs such as fentry/fexit, fmod_ret and LSM)";
  return {};
}

}  // namespace bpftool::sys
