// SPDX-License-Identifier: GPL-2.0-only
/*
 * android-cxx: C++ code written the way Android platform code and
 * Android's own libsync tests are, against libsync's <android/sync.h> and
 * <sw_sync.h>: it defines the legacy info structures itself, as those tests
 * do, and uses the NDK, platform and legacy calls on sw_sync fences. Built
 * with only libsync's include directory and -lsync (what pkg-config
 * gives). Runs in the VM (tools/vm/plans/libsync.sh); prints TAP, exits 0,
 * 1 on a failure, 77 without sw_sync.
 */
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include <poll.h>
#include <unistd.h>

#include <android/sync.h>
#include <sw_sync.h>

// As Android's tests declare them (the pre-4.7 staging layouts).
struct sync_fence_info_data {
	uint32_t len;
	char name[32];
	int32_t status;
	uint8_t pt_info[0];
};

struct sync_pt_info {
	uint32_t len;
	char obj_name[32];
	char driver_name[32];
	int32_t status;
	uint64_t timestamp_ns;
	uint8_t driver_data[0];
};

namespace {

int tests, failures;

void check(bool ok, const char *what)
{
	++tests;
	if (!ok)
		++failures;
	std::printf("%sok %d - %s\n", ok ? "" : "not ", tests, what);
}

class Timeline {
public:
	Timeline() : fd_(sw_sync_timeline_create()) {}
	~Timeline()
	{
		if (fd_ >= 0)
			close(fd_);
	}
	Timeline(const Timeline &) = delete;
	Timeline &operator=(const Timeline &) = delete;
	bool valid() const { return fd_ >= 0; }
	int fence(unsigned value) const
	{
		return sw_sync_fence_create(fd_, "cxx", value);
	}
	bool inc(unsigned n = 1) const { return sw_sync_timeline_inc(fd_, n) == 0; }

private:
	int fd_;
};

// Field for field: the legacy records against sync_file_info().
bool legacy_equal(int fd)
{
	struct sync_file_info *info = sync_file_info(fd);
	struct sync_fence_info_data *data = sync_fence_info(fd);
	bool same = info && data && data->status == info->status &&
		    std::strcmp(data->name, info->name) == 0;
	unsigned i = 0;

	if (same) {
		const struct sync_fence_info *f = sync_get_fence_info(info);

		for (struct sync_pt_info *pt = sync_pt_info(data, nullptr); pt;
		     pt = sync_pt_info(data, pt), ++i)
			same = same && i < info->num_fences &&
			       pt->status == f[i].status &&
			       pt->timestamp_ns == f[i].timestamp_ns &&
			       std::strcmp(pt->obj_name, f[i].obj_name) == 0 &&
			       std::strcmp(pt->driver_name, f[i].driver_name) == 0;
		same = same && i == info->num_fences;
	}
	sync_fence_info_free(data);
	sync_file_info_free(info);
	return same;
}

} // namespace

int main()
{
	std::vector<Timeline *> tls;

	{
		Timeline probe;
		if (!probe.valid()) {
			std::printf("1..0 # SKIP no sw_sync: %s\n", std::strerror(errno));
			return 77;
		}
	}
	for (int i = 0; i < 60; ++i)
		tls.push_back(new Timeline());

	int a = tls[0]->fence(1), b = tls[1]->fence(1);
	check(a >= 0 && b >= 0, "sw_sync_fence_create");
	check(sync_wait(a, 0) == -1 && errno == ETIME, "sync_wait: ETIME while pending");
	int m = sync_merge("cxx-merge", a, b);
	check(m >= 0, "sync_merge");
	struct sync_file_info *info = sync_file_info(m);
	check(info && info->num_fences == 2 && info->status == 0 &&
	      std::strcmp(info->name, "cxx-merge") == 0 &&
	      std::strcmp(sync_get_fence_info(info)[1].driver_name, "sw_sync") == 0,
	      "sync_file_info: two pending sw_sync fences");
	sync_file_info_free(info);
	check(legacy_equal(m), "legacy info equals sync_file_info, pending");
	check(tls[0]->inc() && tls[1]->inc(), "sw_sync_timeline_inc");
	check(sync_wait(m, 100) == 0, "sync_wait: 0 once signaled");
	check(legacy_equal(m), "legacy info equals sync_file_info, signaled");

	// 60 fences in one sync_file: past the 4 KiB buffer of the original.
	int acc = -1;
	for (Timeline *t : tls) {
		int f = t->fence(2);
		if (acc < 0) {
			acc = f;
		} else {
			int n = sync_merge("cxx-many", acc, f);
			close(acc);
			close(f);
			acc = n;
		}
	}
	info = sync_file_info(acc);
	check(info && info->num_fences == 60, "60 fences merged");
	sync_file_info_free(info);
	check(legacy_equal(acc), "legacy info of 60 fences");
	// Timelines 0 and 1 are at 1, the others at 0: all reach 2 or more.
	for (Timeline *t : tls)
		t->inc(2);
	pollfd pfd = { acc, POLLIN, 0 };
	check(poll(&pfd, 1, 1000) == 1 && pfd.revents == POLLIN, "poll: ready");
	check(legacy_equal(acc), "legacy info of 60 signaled fences");
	check(sync_wait(-1, 0) == -1 && errno == EINVAL, "sync_wait(-1): EINVAL");
	check(sync_file_info(-1) == nullptr && errno == EBADF, "sync_file_info(-1): EBADF");

	close(acc);
	close(m);
	close(a);
	close(b);
	for (Timeline *t : tls)
		delete t;
	std::printf("1..%d\n", tests);
	return failures ? 1 : 0;
}
