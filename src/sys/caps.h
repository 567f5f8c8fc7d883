// Capabilities of this process, to turn a bare EPERM into a message that says
// which privilege is missing.
#pragma once

#include <string>

namespace bpftool::sys {

/// True when `cap` (CAP_*) is in our effective set.
bool has_cap(int cap);

/// For EPERM/EACCES from a bpf() command that needs CAP_SYS_ADMIN (listing and
/// opening objects by id): a hint naming what is missing, or "" when nothing is.
std::string admin_hint();
/// For EPERM from loading/creating: names CAP_BPF/CAP_SYS_ADMIN (and the
/// kernel lockdown when the capabilities are there).
std::string bpf_hint();

}  // namespace bpftool::sys
