// Global options (getopt_long: options anywhere, long options by unique
// abbreviation), the libbpf print hook, and Status → exit code.
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <getopt.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>

#include "app/app.h"
#include "model/btf_source.h"
#include "model/context.h"
#include "model/libbpf_log.h"
#include "sys/libbpf_ptr.h"

namespace bpftool::app {

namespace {

struct ParsedArgs {
  commands::Options opt;
  bool help = false;
  bool version = false;
  std::optional<std::string> bad_option;
  std::optional<Error> error;
  std::vector<std::string> words;
};

ParsedArgs parse_args(int argc, char** argv) {
  static const struct option kLong[] = {
      {"json", no_argument, nullptr, 'j'},       {"help", no_argument, nullptr, 'h'},
      {"pretty", no_argument, nullptr, 'p'},     {"version", no_argument, nullptr, 'V'},
      {"bpffs", no_argument, nullptr, 'f'},      {"mapcompat", no_argument, nullptr, 'm'},
      {"nomount", no_argument, nullptr, 'n'},    {"debug", no_argument, nullptr, 'd'},
      {"use-loader", no_argument, nullptr, 'L'}, {"base-btf", required_argument, nullptr, 'B'},
      {"sign", no_argument, nullptr, 'S'},       {"legacy", no_argument, nullptr, 'l'},
      {nullptr, 0, nullptr, 0},
  };
  ParsedArgs p;
  opterr = 0;
  optind = 0;  // 0, not 1: glibc then also resets its internal state (main may run more than once in tests)
  int c;
  while ((c = getopt_long(argc, argv, "VhpjfLmndSi:k:B:l", kLong, nullptr)) >= 0) {
    switch (c) {
      case 'V': p.version = true; break;
      case 'h': p.help = true; break;
      case 'p': p.opt.pretty = true; [[fallthrough]];
      case 'j': p.opt.json = true; break;
      case 'f': p.opt.show_pinned = true; break;
      case 'm': p.opt.mapcompat = true; break;
      case 'n': p.opt.nomount = true; break;
      case 'd': p.opt.debug = true; break;
      case 'L': p.opt.use_loader = true; break;
      case 'B': p.opt.base_btf_path = optarg; break;
      case 'l': break;  // --legacy: removed upstream in 2022; accepted as a no-op for old scripts
      case 'S':
      case 'i':
      case 'k':
        if (!p.error) p.error = Error::msg("program signing (-S, -k, -i) is not supported by this build");
        break;
      default:
        if (!p.bad_option) p.bad_option = argv[optind - 1];
        break;
    }
    if (p.help) break;  // upstream runs help as soon as it sees -h
  }
  for (int i = optind; i < argc; i++) p.words.emplace_back(argv[i]);
  return p;
}

// A standard stream the caller closed (`bpftool ... >&-`) is reopened on
// /dev/null, so that no BPF object's fd takes its number and receives our
// output. Returns true when stdout was closed.
bool occupy_closed_std_fds() {
  bool stdout_closed = false;
  for (int fd = 0; fd <= 2; fd++) {
    if (::fcntl(fd, F_GETFD) >= 0 || errno != EBADF) continue;
    int n = ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
    if (n >= 0 && n != fd) {
      ::dup2(n, fd);
      ::close(n);
    }
    if (fd == STDOUT_FILENO) stdout_closed = true;
  }
  return stdout_closed;
}

}  // namespace

int main_impl(int argc, char** argv) {
  const bool stdout_closed = occupy_closed_std_fds();
  ParsedArgs p = parse_args(argc, argv);

  output::OutStream stdout_stream(STDOUT_FILENO);
  if (stdout_closed) stdout_stream.set_unwritable(EBADF);
  output::Output out(stdout_stream, p.opt.json, p.opt.pretty);
  commands::Ctx ctx{out, p.opt};

  auto finish = [&](const Status& st) -> int {
    if (!st) {
      const Error& e = st.error();
      if (!e.reported()) {
        if (out.json() && (out.jw().top_level_values() > 0 || out.jw().depth() > 0)) {
          // One JSON document only: a late error goes to stderr.
          out.flush();
          std::fprintf(stderr, "Error: %s\n", e.message().c_str());
        } else {
          out.error(e);
        }
      }
    }
    out.finish();
    if (int e = stdout_stream.write_error()) {
      // A full disk or a closed stdout must not pass for success: the file
      // the user redirected to is truncated.
      std::fprintf(stderr, "Error: can't write to standard output: %s\n", std::strerror(e));
      return st ? (-e & 0xff) : (st.error().exit_status() & 0xff);
    }
    return st ? 0 : (st.error().exit_status() & 0xff);
  };

  if (p.bad_option) {
    Error e = Error::msg("unrecognized option '" + *p.bad_option + "'");
    if (out.json()) return finish(e);
    out.error(e);
    cli::ArgCursor none({});
    (void)cmd_help(ctx, none);
    return finish(e.mark_reported());
  }
  if (p.error) return finish(*p.error);
  if (p.help) {
    cli::ArgCursor none({});
    return finish(cmd_help(ctx, none));
  }

  model::install_libbpf_printer(p.opt.debug);

  sys::BtfPtr base_btf;
  if (!p.opt.base_btf_path.empty()) {
    // Validated before libbpf parses it (libbpf 1.1 trusts a file's BTF).
    auto b = model::load_base_btf_file(p.opt.base_btf_path);
    if (!b) return finish(std::move(b).error());
    base_btf = std::move(*b);
    p.opt.base_btf = base_btf.get();
  }

  if (p.version) {
    cli::ArgCursor none({});
    return finish(cmd_version(ctx, none));
  }
  return finish(run_command(ctx, p.words));
}

}  // namespace bpftool::app
