// libbpf's messages: printed as upstream does (debug level only under -d), or
// captured while an object loads so that a verifier rejection can be shown as
// its tail (the whole log under -d) instead of thousands of lines.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace bpftool::model {

/// Installs our libbpf print callback. `debug` is -d: every level is printed.
void install_libbpf_printer(bool debug);

/// While an instance lives, libbpf messages are kept, not printed. Built with
/// `replay_on_exit`, it writes them out (see replay()) when it ends or when
/// finish() is called, whichever comes first; later messages print directly,
/// so they keep their order with bpftool's own lines.
class LibbpfCapture {
 public:
  struct ReplayOnExit {
    bool whole;
    size_t tail_lines;
  };
  /// `replay`: how to write the messages out at the end; nullopt keeps them.
  explicit LibbpfCapture(std::optional<ReplayOnExit> replay = std::nullopt);
  ~LibbpfCapture();
  /// Stops capturing and replays what was kept (once).
  void finish();
  LibbpfCapture(const LibbpfCapture&) = delete;
  LibbpfCapture& operator=(const LibbpfCapture&) = delete;

  const std::string& text() const { return text_; }
  void append(const std::string& s) { text_ += s; }
  /// Writes what was captured to stderr. Verifier logs (between libbpf's
  /// "-- BEGIN PROG LOAD LOG --" and "-- END PROG LOAD LOG --") are cut to
  /// their last `tail_lines` lines unless `whole` is set.
  void replay(bool whole, size_t tail_lines) const;
  /// The replay text itself (tests).
  std::string render(bool whole, size_t tail_lines) const;

 private:
  void detach();
  std::string text_;
  LibbpfCapture* prev_;
  std::optional<ReplayOnExit> replay_on_exit_;
  bool active_ = true;
};

}  // namespace bpftool::model
