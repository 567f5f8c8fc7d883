#include "model/map_events.h"

#include <bpf/libbpf.h>
#include <linux/perf_event.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>

#include "sys/libbpf_ptr.h"

namespace bpftool::model {

namespace {

constexpr size_t kPerfPages = 16;  // per CPU, as upstream (MMAP_PAGE_CNT)

// The layouts of the two perf records we decode (PERF_SAMPLE_TIME | PERF_SAMPLE_RAW).
struct PerfSample {
  struct perf_event_header header;
  uint64_t time;
  uint32_t size;
  uint8_t data[];
};
struct PerfLost {
  struct perf_event_header header;
  uint64_t id;
  uint64_t lost;
};

}  // namespace

struct EventPipe::Impl {
  PipeEventFn fn;
  std::optional<CpuSlot> only;
  uint64_t seq = 0;
  sys::PerfBufferPtr pb;
  sys::RingBufferPtr rb;

  static enum bpf_perf_event_ret on_perf(void* ctx, int cpu, struct perf_event_header* h) {
    auto* self = static_cast<Impl*>(ctx);
    PipeEvent ev;
    ev.type = h->type;
    ev.header_size = h->size;
    ev.cpu = cpu;
    ev.index = self->only ? self->only->index : cpu;
    constexpr size_t kSampleHead = offsetof(PerfSample, data);  // 20: sizeof() would add padding
    if (h->type == PERF_RECORD_SAMPLE && h->size >= kSampleHead) {
      const auto* s = reinterpret_cast<const PerfSample*>(h);
      ev.kind = PipeEvent::Kind::Sample;
      ev.timestamp = s->time;
      ev.data = s->data;
      // Never trust the raw size beyond the record itself.
      ev.size = std::min<size_t>(s->size, h->size - kSampleHead);
    } else if (h->type == PERF_RECORD_LOST && h->size >= sizeof(PerfLost)) {
      const auto* l = reinterpret_cast<const PerfLost*>(h);
      ev.kind = PipeEvent::Kind::Lost;
      ev.lost_id = l->id;
      ev.lost_count = l->lost;
    } else {
      ev.kind = PipeEvent::Kind::Other;
    }
    self->fn(ev);
    return LIBBPF_PERF_EVENT_CONT;
  }

  static int on_ring(void* ctx, void* data, size_t size) {
    auto* self = static_cast<Impl*>(ctx);
    PipeEvent ev;
    ev.kind = PipeEvent::Kind::Record;
    ev.seq = self->seq++;
    ev.data = static_cast<const uint8_t*>(data);
    ev.size = size;
    self->fn(ev);
    return 0;
  }
};

EventPipe::EventPipe(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EventPipe::EventPipe(EventPipe&&) noexcept = default;
EventPipe& EventPipe::operator=(EventPipe&&) noexcept = default;
EventPipe::~EventPipe() = default;

Result<EventPipe> EventPipe::perf(int map_fd, std::optional<CpuSlot> only, PipeEventFn fn) {
  auto impl = std::make_unique<Impl>();
  impl->fn = std::move(fn);
  impl->only = only;
  struct perf_event_attr attr;
  std::memset(&attr, 0, sizeof(attr));
  attr.size = sizeof(attr);
  attr.sample_type = PERF_SAMPLE_RAW | PERF_SAMPLE_TIME;
  attr.type = PERF_TYPE_SOFTWARE;
  attr.config = PERF_COUNT_SW_BPF_OUTPUT;
  attr.sample_period = 1;
  attr.wakeup_events = 1;
  int cpu = only ? only->cpu : 0;
  int key = only ? only->index : 0;
  LIBBPF_OPTS(perf_buffer_raw_opts, opts);
  opts.cpu_cnt = only ? 1 : 0;
  opts.cpus = &cpu;
  opts.map_keys = &key;
  // The Impl is the callback's context: its address stays fixed in the unique_ptr.
  struct perf_buffer* pb = perf_buffer__new_raw(map_fd, kPerfPages, &attr, &Impl::on_perf, impl.get(), &opts);
  if (!pb) {
    int e = errno;
    return Error::msg(e, "failed to create perf buffer: " + std::string(std::strerror(e)) + " (" + std::to_string(e) +
                             ")");
  }
  impl->pb.reset(pb);
  return EventPipe(std::move(impl));
}

Result<EventPipe> EventPipe::ring(int map_fd, PipeEventFn fn) {
  auto impl = std::make_unique<Impl>();
  impl->fn = std::move(fn);
  struct ring_buffer* rb = ring_buffer__new(map_fd, &Impl::on_ring, impl.get(), nullptr);
  if (!rb) {
    int e = errno;
    return Error::sys(e, "failed to create ring buffer consumer");
  }
  impl->rb.reset(rb);
  return EventPipe(std::move(impl));
}

Status EventPipe::poll(int timeout_ms) {
  int r = impl_->pb ? perf_buffer__poll(impl_->pb.get(), timeout_ms) : ring_buffer__poll(impl_->rb.get(), timeout_ms);
  if (r < 0 && r != -EINTR) {
    const char* what = impl_->pb ? "perf buffer polling failed" : "ring buffer polling failed";
    return Error::msg(-r, std::string(what) + ": " + std::strerror(-r) + " (" + std::to_string(-r) + ")");
  }
  return {};
}

}  // namespace bpftool::model
