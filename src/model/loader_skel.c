/* Runs a libbpf gen_loader program (`prog load -L`). skel_internal.h is C,
 * so this small glue stays in C. */
#include <errno.h>
#include <string.h>

#include <bpf/skel_internal.h>

#include "model/loader_skel.h"

int bt_run_gen_loader(const void *data, unsigned data_sz, const void *insns, unsigned insns_sz,
                      unsigned log_level, char *log_buf, unsigned log_size, const char **errstr)
{
	struct {
		struct bpf_loader_ctx ctx;
		/* room for the map and prog descriptors the loader fills */
		char descs[64 * 64];
	} c;
	struct bpf_load_and_run_opts opts = {0};
	int err;

	memset(&c, 0, sizeof(c));
	c.ctx.sz = sizeof(c);
	c.ctx.log_level = log_level;
	c.ctx.log_size = log_size;
	c.ctx.log_buf = (long)log_buf;
	opts.ctx = &c.ctx;
	opts.data = data;
	opts.data_sz = data_sz;
	opts.insns = insns;
	opts.insns_sz = insns_sz;
	err = bpf_load_and_run(&opts);
	*errstr = opts.errstr;
	return err;
}
