/* C glue around libbpf's bpf_load_and_run (skel_internal.h). */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

/* Returns 0 or a negative errno; *errstr names the failing step. */
int bt_run_gen_loader(const void *data, unsigned data_sz, const void *insns, unsigned insns_sz,
                      unsigned log_level, char *log_buf, unsigned log_size, const char **errstr);

#ifdef __cplusplus
}
#endif
