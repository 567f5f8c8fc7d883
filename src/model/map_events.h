// EventPipe: records that BPF programs send through a perf event array (one
// perf ring per CPU, libbpf's perf_buffer) or a BPF ring buffer (libbpf's
// ring_buffer over the mmap()ed consumer/producer pages), delivered to a
// callback. Never prints. Reading a ring buffer consumes its records.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "core/result.h"

namespace bpftool::model {

struct PipeEvent {
  enum class Kind {
    Sample,  // perf PERF_RECORD_SAMPLE: timestamp, data
    Lost,    // perf PERF_RECORD_LOST: lost_id, lost_count
    Other,   // another perf record type: type, header_size
    Record,  // a ring buffer record: seq, data
  };
  Kind kind = Kind::Sample;
  uint32_t type = 0;         // perf record type
  uint32_t header_size = 0;  // perf record size
  int cpu = 0;
  int index = 0;             // perf event array slot
  uint64_t timestamp = 0;    // ns, CLOCK_MONOTONIC (perf_event default)
  uint64_t lost_id = 0;
  uint64_t lost_count = 0;
  uint64_t seq = 0;          // ring buffer records: 0, 1, 2... in reading order
  const uint8_t* data = nullptr;
  size_t size = 0;
};

using PipeEventFn = std::function<void(const PipeEvent&)>;

class EventPipe {
 public:
  /// A perf ring on every CPU, installed at the CPU's slot of the array, or on
  /// one CPU at one slot. Replaces whatever the slots held (as upstream).
  struct CpuSlot {
    int cpu;
    int index;
  };
  static Result<EventPipe> perf(int map_fd, std::optional<CpuSlot> only, PipeEventFn fn);
  /// A consumer of a BPF_MAP_TYPE_RINGBUF map (`map_fd` opened read-write).
  static Result<EventPipe> ring(int map_fd, PipeEventFn fn);

  EventPipe(EventPipe&&) noexcept;
  EventPipe& operator=(EventPipe&&) noexcept;
  ~EventPipe();

  /// Waits up to `timeout_ms` and delivers what arrived. A signal interrupting
  /// the wait is not an error.
  Status poll(int timeout_ms);

 private:
  struct Impl;
  explicit EventPipe(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace bpftool::model
