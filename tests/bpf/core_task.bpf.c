// Test object for `gen min_core_btf`: a task iterator whose reads of kernel
// structs are CO-RE relocated (field, field-exists on a flavor, type-exists and
// enum-value relocations). The few kernel types it needs are declared here
// with preserve_access_index instead of coming from a vmlinux.h.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct seq_file;

struct bpf_iter_meta {
  struct seq_file *seq;
  __u64 session_id;
  __u64 seq_num;
} __attribute__((preserve_access_index));

struct task_struct {
  int pid;
  int tgid;
  char comm[16];
  struct task_struct *real_parent;
} __attribute__((preserve_access_index));

// An older layout: `state` was renamed `__state` in 5.14.
struct task_struct___old {
  long state;
} __attribute__((preserve_access_index));

struct bpf_iter__task {
  struct bpf_iter_meta *meta;
  struct task_struct *task;
} __attribute__((preserve_access_index));

enum pid_type {
  PIDTYPE_PID,
  PIDTYPE_TGID,
};

__u64 core_seen = 0;
__u64 core_pid_sum = 0;
__u64 core_flags = 0;

SEC("iter/task")
int core_task_iter(struct bpf_iter__task *ctx)
{
  struct task_struct *task = ctx->task;

  if (!task)
    return 0;
  core_seen++;
  core_pid_sum += task->pid + task->tgid;
  if (bpf_core_field_exists(((struct task_struct___old *)task)->state))
    core_flags |= 1;
  if (bpf_core_type_exists(struct task_struct))
    core_flags |= 2;
  if (bpf_core_enum_value(enum pid_type, PIDTYPE_TGID) == 1)
    core_flags |= 4;
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
