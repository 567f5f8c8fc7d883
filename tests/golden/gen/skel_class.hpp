
#ifdef __cplusplus
#include <utility>

/* Owns one struct skel_bpf (bpftool-cpp's `gen skeleton ... lang c++`). */
class skel_bpf_skeleton {
public:
	/* Opens the object (nothing is created in the kernel yet). On failure
	 * the result is empty and error() is the negative errno. */
	static skel_bpf_skeleton open(const struct bpf_object_open_opts *opts = nullptr) noexcept
	{
		skel_bpf_skeleton s;
		s.skel_ = skel_bpf__open_opts(opts);
		if (!s.skel_)
			s.err_ = errno ? -errno : -EINVAL;
		return s;
	}
	/* open() then load(); empty with error() set if either fails. */
	static skel_bpf_skeleton open_and_load(const struct bpf_object_open_opts *opts = nullptr) noexcept
	{
		skel_bpf_skeleton s = open(opts);
		if (s.skel_) {
			int err = s.load();
			if (err) {
				s.reset();
				s.err_ = err;
			}
		}
		return s;
	}

	skel_bpf_skeleton() noexcept = default;
	skel_bpf_skeleton(skel_bpf_skeleton &&other) noexcept
		: skel_(other.release()), err_(other.err_) {}
	skel_bpf_skeleton &operator=(skel_bpf_skeleton &&other) noexcept
	{
		if (this != &other) {
			reset(other.release());
			err_ = other.err_;
		}
		return *this;
	}
	skel_bpf_skeleton(const skel_bpf_skeleton &) = delete;
	skel_bpf_skeleton &operator=(const skel_bpf_skeleton &) = delete;
	~skel_bpf_skeleton() { reset(); }

	explicit operator bool() const noexcept { return skel_ != nullptr; }
	/* The negative errno of the failed open; 0 otherwise. */
	int error() const noexcept { return err_; }

	/* Each returns 0 or a negative errno. */
	int load() noexcept { return skel_bpf__load(skel_); }
	int attach() noexcept { return skel_bpf__attach(skel_); }
	void detach() noexcept { skel_bpf__detach(skel_); }

	struct skel_bpf *get() const noexcept { return skel_; }
	struct skel_bpf *release() noexcept { return std::exchange(skel_, nullptr); }
	void reset(struct skel_bpf *skel = nullptr) noexcept { skel_bpf__destroy(std::exchange(skel_, skel)); }
	struct bpf_object *obj() const noexcept { return skel_->obj; }
	auto &maps() const noexcept { return skel_->maps; }
	auto &progs() const noexcept { return skel_->progs; }
	auto &links() const noexcept { return skel_->links; }
	auto *rodata() const noexcept { return skel_->rodata; }
	auto *data() const noexcept { return skel_->data; }
	auto *data_extra() const noexcept { return skel_->data_extra; }
	auto *bss() const noexcept { return skel_->bss; }
	auto *kconfig() const noexcept { return skel_->kconfig; }

private:
	struct skel_bpf *skel_ = nullptr;
	int err_ = 0;
};
#endif /* __cplusplus */

#endif /* __SKEL_BPF_SKEL_H__ */
