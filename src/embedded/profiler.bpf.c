// The profiler behind `bpftool prog profile`: fentry/fexit programs attached
// to the profiled program read perf counters before and after each run and
// accumulate the differences. Compiled at build time and embedded in bpftool.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define MAX_NUM_METRICS 4

struct perf_value {
  __u64 counter;
  __u64 enabled;
  __u64 running;
};

/* perf event fds: num_cpu * num_metric entries, metric-major */
struct {
  __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
  __uint(key_size, sizeof(__u32));
  __uint(value_size, sizeof(int));
} events SEC(".maps");

/* the readings taken at fentry, per metric, per cpu */
struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(key_size, sizeof(__u32));
  __uint(value_size, sizeof(struct perf_value));
} fentry_readings SEC(".maps");

/* the accumulated differences, per metric, per cpu */
struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(key_size, sizeof(__u32));
  __uint(value_size, sizeof(struct perf_value));
} accum_readings SEC(".maps");

/* runs counted, per cpu */
struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(key_size, sizeof(__u32));
  __uint(value_size, sizeof(__u64));
} counts SEC(".maps");

const volatile __u32 num_cpu = 1;
const volatile __u32 num_metric = 1;

SEC("fentry/XXX")
int fentry_XXX(void *ctx)
{
  struct perf_value *slots[MAX_NUM_METRICS];
  __u32 key = bpf_get_smp_processor_id();
  __u32 i;

  for (i = 0; i < num_metric && i < MAX_NUM_METRICS; i++) {
    __u32 m = i;

    slots[i] = bpf_map_lookup_elem(&fentry_readings, &m);
    if (!slots[i])
      return 0;
  }
  for (i = 0; i < num_metric && i < MAX_NUM_METRICS; i++) {
    struct perf_value now;

    if (bpf_perf_event_read_value(&events, key, (void *)&now, sizeof(now)))
      return 0;
    *slots[i] = now;
    key += num_cpu;
  }
  return 0;
}

static __always_inline void accumulate(__u32 m, struct perf_value *after)
{
  struct perf_value *before = bpf_map_lookup_elem(&fentry_readings, &m);
  struct perf_value *sum;

  if (!before || !before->counter)
    return;
  sum = bpf_map_lookup_elem(&accum_readings, &m);
  if (!sum)
    return;
  sum->counter += after->counter - before->counter;
  sum->enabled += after->enabled - before->enabled;
  sum->running += after->running - before->running;
}

SEC("fexit/XXX")
int fexit_XXX(void *ctx)
{
  struct perf_value readings[MAX_NUM_METRICS];
  __u32 cpu = bpf_get_smp_processor_id();
  __u32 i, zero = 0;
  __u64 *count;

  for (i = 0; i < num_metric && i < MAX_NUM_METRICS; i++) {
    if (bpf_perf_event_read_value(&events, cpu + i * num_cpu, (void *)(readings + i),
                                  sizeof(*readings)))
      return 0;
  }
  count = bpf_map_lookup_elem(&counts, &zero);
  if (count) {
    *count += 1;
    for (i = 0; i < num_metric && i < MAX_NUM_METRICS; i++)
      accumulate(i, &readings[i]);
  }
  return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
