// SPDX-License-Identifier: GPL-2.0-only
/*
 * sw_sync: conformance of the sw_sync and sync_file uAPI, as Linux 6.1
 * behaves, through the sw_sync node (debugfs sync/sw_sync or /dev/sw_sync).
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/sw_sync.h>
#include <linux/sync_file.h>

#include "lib/igt.h"

static const char *const sw_sync_paths[] = {
	"/sys/kernel/debug/sync/sw_sync",
	"/dev/sw_sync",
};
#define N_PATHS (sizeof(sw_sync_paths) / sizeof(sw_sync_paths[0]))
static const char *sw_sync_path;

static int timeline_create(void)
{
	int fd = open(sw_sync_path, O_RDWR);

	igt_assert_f(fd >= 0, "open %s: %s\n", sw_sync_path, strerror(errno));
	return fd;
}

/* The sync file of a new fence at @value, or -errno. */
static int __fence_create(int timeline, uint32_t value, const char *name)
{
	struct sw_sync_create_fence_data data = { .value = value };

	snprintf(data.name, sizeof(data.name), "%s", name);
	if (ioctl(timeline, SW_SYNC_IOC_CREATE_FENCE, &data))
		return -errno;
	return data.fence;
}

static int fence_create(int timeline, uint32_t value)
{
	int fence = __fence_create(timeline, value, "fence");

	igt_assert_f(fence >= 0, "create fence: %s\n", strerror(-fence));
	return fence;
}

static void timeline_inc(int timeline, uint32_t count)
{
	igt_assert_eq(ioctl(timeline, SW_SYNC_IOC_INC, &count), 0);
}

static int __merge(int fd1, int fd2, uint32_t flags, uint32_t pad)
{
	struct sync_merge_data data = {
		.fd2 = fd2, .flags = flags, .pad = pad,
	};

	strcpy(data.name, "merged");
	if (ioctl(fd1, SYNC_IOC_MERGE, &data))
		return -errno;
	return data.fence;
}

static int merge(int fd1, int fd2)
{
	int fence = __merge(fd1, fd2, 0, 0);

	igt_assert_f(fence >= 0, "merge: %s\n", strerror(-fence));
	return fence;
}

/* 0 or -errno; @info's fields in, then out. */
static int __file_info(int fd, struct sync_file_info *info)
{
	return ioctl(fd, SYNC_IOC_FILE_INFO, info) ? -errno : 0;
}

static int fence_count(int fd)
{
	struct sync_file_info info = { 0 };

	igt_assert_eq(__file_info(fd, &info), 0);
	return info.num_fences;
}

static int fence_status(int fd)
{
	struct sync_file_info info = { 0 };

	igt_assert_eq(__file_info(fd, &info), 0);
	return info.status;
}

/* poll() for POLLIN with @timeout_ms: 1 if ready, 0 if not. */
static int fence_poll(int fd, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int ret = poll(&pfd, 1, timeout_ms);

	igt_assert_lte(0, ret);
	if (ret)
		igt_assert_eq(pfd.revents, POLLIN);
	return ret;
}

/*
 * Helpers for the subtests that run threads. Threads must not use the
 * igt_assert family (a failure longjmp()s on the main thread's stack): they
 * record the first failure with thread_fail() and stop, and the main
 * thread asserts on it with check_thread_errors() once it has joined them.
 * Their shared state is static, so that nothing they touch goes out of
 * scope even when a subtest ends early.
 */
#define WAIT_MS 5000

static pthread_mutex_t thread_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t thread_cond = PTHREAD_COND_INITIALIZER;
static char thread_error[256];
static atomic_bool thread_failed;

static void __attribute__((format(printf, 1, 2)))
thread_fail(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&thread_lock);
	if (!atomic_load(&thread_failed)) {
		va_start(ap, fmt);
		vsnprintf(thread_error, sizeof(thread_error), fmt, ap);
		va_end(ap);
		atomic_store(&thread_failed, true);
	}
	pthread_cond_broadcast(&thread_cond);
	pthread_mutex_unlock(&thread_lock);
}

static void thread_errors_reset(void)
{
	atomic_store(&thread_failed, false);
	thread_error[0] = '\0';
}

static void check_thread_errors(void)
{
	igt_assert_f(!atomic_load(&thread_failed), "%s\n", thread_error);
}

/*
 * Wait for @fd to signal, for at most @timeout_ms: 1 if it signaled, 0 on
 * timeout, -errno if poll() failed or reported anything but POLLIN.
 */
static int fence_wait(int fd, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int ret;

	do {
		ret = poll(&pfd, 1, timeout_ms);
	} while (ret < 0 && errno == EINTR);
	if (ret < 0)
		return -errno;
	if (ret && pfd.revents != POLLIN)
		return -EPROTO;
	return ret;
}

/* The status of the fence of @fd (1, 0 or -error), or INT_MIN on failure. */
static int __fence_status(int fd)
{
	struct sync_file_info info = { 0 };

	return __file_info(fd, &info) ? INT_MIN : info.status;
}

static int __timeline_inc(int timeline, uint32_t count)
{
	return ioctl(timeline, SW_SYNC_IOC_INC, &count) ? -errno : 0;
}

/* An absolute time @ms from now, for pthread_cond_timedwait(). */
static struct timespec deadline_in(int ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (long)(ms % 1000) * 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	return ts;
}

/*
 * Wait, with thread_lock held, until *@value reaches @target, a thread
 * fails, or WAIT_MS pass: true if it reached @target.
 */
static bool wait_for_value_locked(const unsigned int *value,
				  unsigned int target)
{
	struct timespec until = deadline_in(WAIT_MS);

	while (*value < target && !atomic_load(&thread_failed))
		if (pthread_cond_timedwait(&thread_cond, &thread_lock,
					   &until) == ETIMEDOUT)
			break;
	return *value >= target;
}

static void start_threads(pthread_t *threads, int n, void *(*fn)(void *))
{
	int i, ret;

	for (i = 0; i < n; i++) {
		ret = pthread_create(&threads[i], NULL, fn,
				     (void *)(uintptr_t)i);
		igt_assert_f(ret == 0, "pthread_create: %s\n", strerror(ret));
	}
}

static void join_threads(pthread_t *threads, int n)
{
	int i;

	for (i = 0; i < n; i++)
		igt_assert_eq(pthread_join(threads[i], NULL), 0);
}

/*
 * sync_multi_consumer: MC_THREADS consumers share one timeline; consumer
 * c waits, in order, for the fences at the points p with p % MC_THREADS ==
 * c. The main thread advances the timeline one point at a time, only
 * after the consumer of the previous point has counted it.
 */
#define MC_THREADS	4
#define MC_POINTS	64

static struct {
	int fences[MC_POINTS + 1];	/* by point, from 1 */
	atomic_uint released;		/* the point being signaled */
	unsigned int counter;		/* points consumed; thread_lock */
} mc;

static void *mc_consumer(void *arg)
{
	unsigned int c = (uintptr_t)arg, p, seen;
	int ret;

	for (p = c ? c : MC_THREADS; p <= MC_POINTS; p += MC_THREADS) {
		ret = fence_wait(mc.fences[p], WAIT_MS);
		if (ret != 1) {
			thread_fail("consumer %u: point %u: wait returned %d\n",
				    c, p, ret);
			return NULL;
		}
		if (atomic_load(&mc.released) < p) {
			thread_fail("consumer %u: point %u ready while the timeline was released up to %u\n",
				    c, p, atomic_load(&mc.released));
			return NULL;
		}
		ret = __fence_status(mc.fences[p]);
		if (ret != 1) {
			thread_fail("consumer %u: point %u: status %d\n",
				    c, p, ret);
			return NULL;
		}
		pthread_mutex_lock(&thread_lock);
		seen = mc.counter;
		if (seen == p - 1)
			mc.counter = p;
		pthread_cond_broadcast(&thread_cond);
		pthread_mutex_unlock(&thread_lock);
		if (seen != p - 1) {
			thread_fail("consumer %u: point %u after %u points\n",
				    c, p, seen);
			return NULL;
		}
	}
	return NULL;
}

/*
 * sync_multi_producer_single_consumer: each of MP_THREADS producers owns a
 * timeline and advances it by one per round, once the consumer (the main
 * thread) has opened that round with a merge of every timeline's fence at
 * that point, which must be pending until all of them advanced.
 */
#define MP_THREADS	4
#define MP_ROUNDS	24

static struct {
	int timelines[MP_THREADS];
	unsigned int round;		/* opened by the consumer; thread_lock */
	atomic_uint about_to[MP_THREADS]; /* last round each signals */
	atomic_uint total;		/* increments done */
} mp;

static void *mp_producer(void *arg)
{
	unsigned int i = (uintptr_t)arg, r;
	int ret;

	for (r = 1; r <= MP_ROUNDS; r++) {
		bool open;

		pthread_mutex_lock(&thread_lock);
		open = wait_for_value_locked(&mp.round, r);
		pthread_mutex_unlock(&thread_lock);
		if (!open) {
			thread_fail("producer %u: round %u never opened\n",
				    i, r);
			return NULL;
		}
		atomic_store(&mp.about_to[i], r);
		ret = __timeline_inc(mp.timelines[i], 1);
		if (ret) {
			thread_fail("producer %u: inc: %s\n", i,
				    strerror(-ret));
			return NULL;
		}
		atomic_fetch_add(&mp.total, 1);
	}
	return NULL;
}

/*
 * sync_multi_consumer_producer: CP_THREADS threads on one timeline; the
 * thread that owns point p (p % CP_THREADS) waits for it, counts it, then
 * advances the timeline to p + 1, which releases the next thread.
 */
#define CP_THREADS	4
#define CP_ROUNDS	16

static struct {
	int timeline;
	atomic_uint counter;
} cp;

static void *cp_worker(void *arg)
{
	unsigned int t = (uintptr_t)arg, p, seen;
	int fence, ret;

	for (p = t; p < CP_THREADS * CP_ROUNDS; p += CP_THREADS) {
		if (atomic_load(&thread_failed))
			return NULL;
		fence = __fence_create(cp.timeline, p, "cp");
		if (fence < 0) {
			thread_fail("thread %u: fence at %u: %s\n", t, p,
				    strerror(-fence));
			return NULL;
		}
		ret = fence_wait(fence, WAIT_MS);
		if (ret == 1)
			ret = __fence_status(fence);
		close(fence);
		if (ret != 1) {
			thread_fail("thread %u: point %u: wait/status %d\n",
				    t, p, ret);
			return NULL;
		}
		seen = atomic_load(&cp.counter);
		if (seen != p) {
			thread_fail("thread %u: point %u after %u points\n",
				    t, p, seen);
			return NULL;
		}
		atomic_store(&cp.counter, p + 1);
		ret = __timeline_inc(cp.timeline, 1);
		if (ret) {
			thread_fail("thread %u: inc: %s\n", t, strerror(-ret));
			return NULL;
		}
	}
	return NULL;
}

/* sync_timeline_release_pending: a thread blocked in poll() on a fence. */
static struct {
	int fence;
	atomic_int result;
} rp;

static void *rp_waiter(void *arg)
{
	(void)arg;
	atomic_store(&rp.result, fence_wait(rp.fence, WAIT_MS));
	return NULL;
}

/* A fixed-seed generator, so that a failing sequence can be replayed. */
static uint32_t rng_state;

static uint32_t rng_next(void)
{
	uint32_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return rng_state = x;
}

static uint32_t rng_below(uint32_t n)
{
	return rng_next() % n;
}

/* Every fence of @fd: @out must hold @n entries; returns how many. */
static int fence_infos(int fd, struct sync_fence_info *out, int n)
{
	struct sync_file_info info = { 0 };

	info.num_fences = n;
	info.sync_fence_info = (uintptr_t)out;
	igt_assert_eq(__file_info(fd, &info), 0);
	return info.num_fences;
}

/* Read one byte from the pipe or socket @fd within WAIT_MS. */
static char read_byte(int fd)
{
	char c;

	igt_assert_eq(fence_wait(fd, WAIT_MS), 1);
	igt_assert_eq(read(fd, &c, 1), 1);
	return c;
}

igt_main
{
	igt_fixture {
		unsigned int i;

		/* IGT_SW_SYNC_PATH picks the node, e.g. /dev/sw_sync. */
		sw_sync_path = getenv("IGT_SW_SYNC_PATH");
		for (i = 0; !sw_sync_path && i < N_PATHS; i++)
			if (access(sw_sync_paths[i], R_OK | W_OK) == 0)
				sw_sync_path = sw_sync_paths[i];
		igt_require_f(sw_sync_path &&
			      access(sw_sync_path, R_OK | W_OK) == 0,
			      "no sw_sync node (debugfs sync/sw_sync, /dev/sw_sync)\n");
		igt_info("sw_sync node: %s\n", sw_sync_path);
	}

	igt_describe("Open and close a timeline.");
	igt_subtest("alloc_timeline") {
		int timeline = timeline_create();

		igt_assert_eq(close(timeline), 0);
	}

	igt_describe("Create a fence on a timeline.");
	igt_subtest("alloc_fence") {
		int timeline = timeline_create();
		int fence = fence_create(timeline, 1);

		igt_assert_eq(fence_count(fence), 1);
		igt_assert_eq(fence_status(fence), 0);
		close(fence);
		close(timeline);
	}

	igt_describe("Create fences through descriptors that are no timeline.");
	igt_subtest("alloc_fence_invalid_timeline") {
		int timeline = timeline_create();
		int fence = fence_create(timeline, 1);

		igt_assert_eq(__fence_create(-1, 1, "bad"), -EBADF);
		igt_assert_eq(__fence_create(fence, 1, "bad"), -ENOTTY);
		close(fence);
		close(timeline);
	}

	igt_describe("Closing a timeline signals its pending fences with -ENOENT.");
	igt_subtest("timeline_closed") {
		int timeline = timeline_create();
		int fence = fence_create(timeline, 1);

		igt_assert_eq(fence_poll(fence, 0), 0);
		close(timeline);
		igt_assert_eq(fence_poll(fence, 0), 1);
		igt_assert_eq(fence_status(fence), -ENOENT);
		close(fence);
	}

	igt_describe("Closing a timeline keeps the status of signaled fences.");
	igt_subtest("timeline_closed_signaled") {
		int timeline = timeline_create();
		int fence = fence_create(timeline, 1);

		timeline_inc(timeline, 1);
		close(timeline);
		igt_assert_eq(fence_poll(fence, 0), 1);
		igt_assert_eq(fence_status(fence), 1);
		close(fence);
	}

	igt_describe("Merge fences of two timelines.");
	igt_subtest("alloc_merge_fence") {
		int tl1 = timeline_create(), tl2 = timeline_create();
		int f1 = fence_create(tl1, 1), f2 = fence_create(tl2, 1);
		int merged = merge(f1, f2);

		igt_assert_eq(fence_count(merged), 2);
		close(merged);
		close(f1);
		close(f2);
		close(tl1);
		close(tl2);
	}

	igt_describe("poll() on a fence before and after it signals.");
	igt_subtest("sync_busy") {
		int timeline = timeline_create();
		int fence = fence_create(timeline, 5);

		igt_assert_eq(fence_poll(fence, 0), 0);
		timeline_inc(timeline, 4);
		igt_assert_eq(fence_poll(fence, 0), 0);
		igt_assert_eq(fence_status(fence), 0);
		timeline_inc(timeline, 1);
		igt_assert_eq(fence_poll(fence, 0), 1);
		igt_assert_eq(fence_status(fence), 1);
		close(fence);
		close(timeline);
	}

	igt_describe("SYNC_IOC_MERGE with bad arguments.");
	igt_subtest("sync_merge_invalid") {
		int timeline = timeline_create();
		int fence = fence_create(timeline, 1);
		int null = open("/dev/null", O_RDWR);

		igt_assert_lte(0, null);
		igt_assert_eq(__merge(fence, -1, 0, 0), -ENOENT);
		igt_assert_eq(__merge(fence, 1000, 0, 0), -ENOENT);
		igt_assert_eq(__merge(fence, null, 0, 0), -ENOENT);
		igt_assert_eq(__merge(fence, timeline, 0, 0), -ENOENT);
		igt_assert_eq(__merge(fence, fence, 1, 0), -EINVAL);
		igt_assert_eq(__merge(fence, fence, 0, 1), -EINVAL);
		igt_assert_eq(ioctl(fence, SYNC_IOC_MERGE, NULL), -1);
		igt_assert_eq(errno, EFAULT);
		close(null);
		close(fence);
		close(timeline);
	}

	igt_describe("Merge a fence with itself.");
	igt_subtest("sync_merge_same") {
		int timeline = timeline_create();
		int fence = fence_create(timeline, 1);
		int merged = merge(fence, fence);

		igt_assert_eq(fence_count(merged), 1);
		igt_assert_eq(fence_status(merged), 0);
		timeline_inc(timeline, 1);
		igt_assert_eq(fence_status(merged), 1);
		close(merged);
		close(fence);
		close(timeline);
	}

	igt_describe("SYNC_IOC_FILE_INFO: count, details and bad arguments.");
	igt_subtest("sync_file_info") {
		int tl1 = timeline_create(), tl2 = timeline_create();
		int f1 = __fence_create(tl1, 1, "first");
		int f2 = fence_create(tl2, 2);
		int merged;
		struct sync_fence_info fi[2];
		struct sync_file_info info;

		igt_assert_lte(0, f1);
		merged = merge(f1, f2);

		memset(&info, 0, sizeof(info));
		igt_assert_eq(__file_info(f1, &info), 0);
		igt_assert_eq(info.num_fences, 1);
		/*
		 * Linux 6.1 ignores the name given at creation: a sync file
		 * of one fence is named "<driver>-<timeline><context>-<seqno>".
		 */
		igt_assert_f(strncmp(info.name, "sw_sync-sw_sync", 15) == 0 &&
			     strcmp(strrchr(info.name, '-'), "-1") == 0,
			     "name \"%s\"\n", info.name);
		igt_assert_eq(info.status, 0);

		/* Only the count: the pointer is not used. */
		memset(&info, 0, sizeof(info));
		info.sync_fence_info = 8;
		igt_assert_eq(__file_info(merged, &info), 0);
		igt_assert_eq(info.num_fences, 2);
		igt_assert(strcmp(info.name, "merged") == 0);

		memset(&info, 0, sizeof(info));
		info.num_fences = 1;
		info.sync_fence_info = (uintptr_t)fi;
		igt_assert_eq(__file_info(merged, &info), -EINVAL);

		memset(&info, 0, sizeof(info));
		info.num_fences = 2;
		info.sync_fence_info = 8;
		igt_assert_eq(__file_info(merged, &info), -EFAULT);

		memset(&info, 0, sizeof(info));
		info.flags = 1;
		igt_assert_eq(__file_info(merged, &info), -EINVAL);
		memset(&info, 0, sizeof(info));
		info.pad = 1;
		igt_assert_eq(__file_info(merged, &info), -EINVAL);
		igt_assert_eq(ioctl(merged, SYNC_IOC_FILE_INFO, NULL), -1);
		igt_assert_eq(errno, EFAULT);

		timeline_inc(tl1, 1);
		memset(&info, 0, sizeof(info));
		memset(fi, 0xff, sizeof(fi));
		info.num_fences = 2;
		info.sync_fence_info = (uintptr_t)fi;
		igt_assert_eq(__file_info(merged, &info), 0);
		igt_assert_eq(info.num_fences, 2);
		igt_assert_eq(info.status, 0);
		igt_assert_eq(fi[0].status + fi[1].status, 1);
		igt_assert(fi[0].timestamp_ns || fi[1].timestamp_ns);
		igt_assert(strcmp(fi[0].driver_name, "sw_sync") == 0);
		igt_assert(strcmp(fi[1].driver_name, "sw_sync") == 0);
		/* The timeline is named after the task that opened it. */
		igt_assert(strcmp(fi[0].obj_name, "sw_sync") == 0);
		igt_assert_eq(fi[0].flags, 0);

		timeline_inc(tl2, 2);
		igt_assert_eq(fence_status(merged), 1);
		close(merged);
		close(f1);
		close(f2);
		close(tl1);
		close(tl2);
	}

	igt_describe("A merge of three timelines signals when the last does.");
	igt_subtest("sync_multi_timeline_wait") {
		int tl[3], f[3], m01, merged, i;

		for (i = 0; i < 3; i++) {
			tl[i] = timeline_create();
			f[i] = fence_create(tl[i], 5);
		}
		m01 = merge(f[0], f[1]);
		merged = merge(m01, f[2]);
		igt_assert_eq(fence_count(merged), 3);

		igt_assert_eq(fence_poll(merged, 0), 0);
		timeline_inc(tl[0], 5);
		igt_assert_eq(fence_poll(merged, 0), 0);
		timeline_inc(tl[1], 5);
		igt_assert_eq(fence_poll(merged, 0), 0);
		igt_assert_eq(fence_status(merged), 0);
		timeline_inc(tl[2], 5);
		igt_assert_eq(fence_poll(merged, 100), 1);
		igt_assert_eq(fence_status(merged), 1);
		for (i = 0; i < 3; i++) {
			close(f[i]);
			close(tl[i]);
		}
		close(m01);
		close(merged);
	}

	igt_describe("Fences at values the timeline has passed, merged.");
	igt_subtest("sync_expired_merge") {
		int timeline = timeline_create();
		int f1, f2, merged;

		timeline_inc(timeline, 3);
		f1 = fence_create(timeline, 2);
		f2 = fence_create(timeline, 3);
		igt_assert_eq(fence_status(f1), 1);
		merged = merge(f1, f2);
		igt_assert_eq(fence_status(merged), 1);
		igt_assert_eq(fence_poll(merged, 0), 1);
		close(merged);
		close(f1);
		close(f2);
		close(timeline);
	}

	igt_describe("SW_SYNC_IOC_INC with a bad pointer, and unknown ioctls.");
	igt_subtest("sync_inc_bad") {
		int timeline = timeline_create();

		igt_assert_eq(ioctl(timeline, SW_SYNC_IOC_INC, NULL), -1);
		igt_assert_eq(errno, EFAULT);
		igt_assert_eq(ioctl(timeline, SW_SYNC_IOC_CREATE_FENCE, NULL), -1);
		igt_assert_eq(errno, EFAULT);
		igt_assert_eq(ioctl(timeline, _IO(SW_SYNC_IOC_MAGIC, 7)), -1);
		igt_assert_eq(errno, ENOTTY);
		close(timeline);
	}

	igt_describe("sync_file and sw_sync ioctls on other kinds of files.");
	igt_subtest("wrong_fd_types") {
		struct sync_merge_data data = { .fd2 = -1 };
		struct sync_file_info info = { 0 };
		uint32_t one = 1;
		int p[2], null = open("/dev/null", O_RDWR);

		igt_assert_lte(0, null);
		igt_assert_eq(pipe(p), 0);
		igt_assert_eq(ioctl(null, SYNC_IOC_MERGE, &data), -1);
		igt_assert_eq(errno, ENOTTY);
		igt_assert_eq(ioctl(p[0], SYNC_IOC_MERGE, &data), -1);
		igt_assert_eq(errno, ENOTTY);
		igt_assert_eq(ioctl(null, SYNC_IOC_FILE_INFO, &info), -1);
		igt_assert_eq(errno, ENOTTY);
		igt_assert_eq(ioctl(p[1], SW_SYNC_IOC_INC, &one), -1);
		igt_assert_eq(errno, ENOTTY);
		close(p[0]);
		close(p[1]);
		close(null);
	}

	igt_describe("New sync files are opened close-on-exec.");
	igt_subtest("cloexec") {
		int timeline = timeline_create();
		int fence = fence_create(timeline, 1);
		int merged = merge(fence, fence);

		igt_assert(fcntl(fence, F_GETFD) & FD_CLOEXEC);
		igt_assert(fcntl(merged, F_GETFD) & FD_CLOEXEC);
		close(merged);
		close(fence);
		close(timeline);
	}

	igt_describe("Several threads wait, in turn, for the fences of one timeline that the main thread advances; a shared counter proves they see them in order.");
	igt_subtest("sync_multi_consumer") {
		pthread_t threads[MC_THREADS];
		int timeline = timeline_create();
		unsigned int p;
		bool ok = true;

		thread_errors_reset();
		memset(&mc, 0, sizeof(mc));
		for (p = 1; p <= MC_POINTS; p++)
			mc.fences[p] = fence_create(timeline, p);
		start_threads(threads, MC_THREADS, mc_consumer);
		for (p = 1; ok && p <= MC_POINTS; p++) {
			atomic_store(&mc.released, p);
			if (__timeline_inc(timeline, 1)) {
				thread_fail("inc to %u: %s\n", p,
					    strerror(errno));
				break;
			}
			pthread_mutex_lock(&thread_lock);
			ok = wait_for_value_locked(&mc.counter, p);
			pthread_mutex_unlock(&thread_lock);
			if (!ok)
				thread_fail("point %u never consumed\n", p);
		}
		/* On failure this signals what is left (-ENOENT). */
		close(timeline);
		join_threads(threads, MC_THREADS);
		check_thread_errors();
		igt_assert_eq(mc.counter, MC_POINTS);
		for (p = 1; p <= MC_POINTS; p++)
			close(mc.fences[p]);
	}

	igt_describe("Producer threads each advance their own timeline while one consumer waits for merges of their fences.");
	igt_subtest("sync_multi_producer_single_consumer") {
		pthread_t threads[MP_THREADS];
		int f[MP_THREADS], merged = -1, i, ret;
		unsigned int r;

		thread_errors_reset();
		memset(&mp, 0, sizeof(mp));
		for (i = 0; i < MP_THREADS; i++)
			mp.timelines[i] = timeline_create();
		start_threads(threads, MP_THREADS, mp_producer);
		for (r = 1; r <= MP_ROUNDS && !atomic_load(&thread_failed); r++) {
			for (i = 0; i < MP_THREADS; i++)
				f[i] = __fence_create(mp.timelines[i], r, "mp");
			merged = __merge(f[0], f[1], 0, 0);
			for (i = 2; i < MP_THREADS && merged >= 0; i++) {
				int next = __merge(merged, f[i], 0, 0);

				close(merged);
				merged = next;
			}
			for (i = 0; i < MP_THREADS; i++)
				close(f[i]);
			if (merged < 0) {
				thread_fail("round %u: create or merge: %s\n",
					    r, strerror(-merged));
				break;
			}
			ret = fence_wait(merged, 0);
			if (ret != 0) {
				thread_fail("round %u: merge ready (%d) before any producer advanced\n",
					    r, ret);
				break;
			}
			pthread_mutex_lock(&thread_lock);
			mp.round = r;
			pthread_cond_broadcast(&thread_cond);
			pthread_mutex_unlock(&thread_lock);

			ret = fence_wait(merged, WAIT_MS);
			if (ret != 1) {
				thread_fail("round %u: wait returned %d\n",
					    r, ret);
				break;
			}
			for (i = 0; i < MP_THREADS; i++)
				if (atomic_load(&mp.about_to[i]) != r)
					thread_fail("round %u: ready while producer %d was at round %u\n",
						    r, i,
						    atomic_load(&mp.about_to[i]));
			ret = __fence_status(merged);
			if (ret != 1)
				thread_fail("round %u: status %d\n", r, ret);
			close(merged);
			merged = -1;
		}
		if (merged >= 0)
			close(merged);
		/* Let producers that still wait for a round give up. */
		if (atomic_load(&thread_failed))
			thread_fail("stop\n");
		join_threads(threads, MP_THREADS);
		for (i = 0; i < MP_THREADS; i++)
			close(mp.timelines[i]);
		check_thread_errors();
		igt_assert_eq(atomic_load(&mp.total), MP_THREADS * MP_ROUNDS);
	}

	igt_describe("Threads that each wait for their point of one timeline, then advance it for the next thread.");
	igt_subtest("sync_multi_consumer_producer") {
		pthread_t threads[CP_THREADS];
		int fence;

		thread_errors_reset();
		memset(&cp, 0, sizeof(cp));
		cp.timeline = timeline_create();
		start_threads(threads, CP_THREADS, cp_worker);
		join_threads(threads, CP_THREADS);
		check_thread_errors();
		igt_assert_eq(atomic_load(&cp.counter), CP_THREADS * CP_ROUNDS);

		/* The timeline is exactly at CP_THREADS * CP_ROUNDS. */
		fence = fence_create(cp.timeline, CP_THREADS * CP_ROUNDS);
		igt_assert_eq(fence_status(fence), 1);
		close(fence);
		fence = fence_create(cp.timeline, CP_THREADS * CP_ROUNDS + 1);
		igt_assert_eq(fence_status(fence), 0);
		close(fence);
		close(cp.timeline);
	}

	igt_describe("Random merges across timelines keep the latest point of each timeline, and signal only when all of them did.");
	igt_subtest("sync_random_merge") {
#define RM_TIMELINES	8
#define RM_POOL		32
#define RM_MERGES	512
#define RM_MAX_POINT	1000
		static uint32_t model[RM_POOL][RM_TIMELINES];
		struct sync_fence_info fi[RM_TIMELINES];
		int tl[RM_TIMELINES], pool[RM_POOL], order[RM_TIMELINES];
		uint32_t value[RM_TIMELINES] = { 0 };
		const char *env = getenv("IGT_SW_SYNC_SEED");
		uint32_t seed = env ? strtoul(env, NULL, 0) : 0x5eed1234;
		int i, j, k, n, merged;

		igt_info("seed 0x%08x (IGT_SW_SYNC_SEED)\n", seed);
		rng_state = seed ? seed : 1;
		memset(model, 0, sizeof(model));
		for (i = 0; i < RM_TIMELINES; i++)
			tl[i] = timeline_create();
		for (i = 0; i < RM_POOL; i++) {
			k = rng_below(RM_TIMELINES);
			model[i][k] = 1 + rng_below(RM_MAX_POINT);
			pool[i] = fence_create(tl[k], model[i][k]);
		}
		for (n = 0; n < RM_MERGES; n++) {
			int a = rng_below(RM_POOL), b = rng_below(RM_POOL);
			int dst = rng_below(RM_POOL);
			uint32_t m[RM_TIMELINES];

			for (k = 0; k < RM_TIMELINES; k++)
				m[k] = model[a][k] > model[b][k] ?
				       model[a][k] : model[b][k];
			merged = merge(pool[a], pool[b]);
			close(pool[dst]);
			pool[dst] = merged;
			memcpy(model[dst], m, sizeof(m));
		}

		/* Fold the pool into one fence. */
		merged = dup(pool[0]);
		igt_assert_lte(0, merged);
		for (i = 1; i < RM_POOL; i++) {
			int next = merge(merged, pool[i]);

			close(merged);
			merged = next;
			for (k = 0; k < RM_TIMELINES; k++)
				if (model[i][k] > model[0][k])
					model[0][k] = model[i][k];
		}

		/* Every file: one fence per timeline it has a point on. */
		for (i = 0; i < RM_POOL; i++) {
			for (n = 0, k = 0; k < RM_TIMELINES; k++)
				n += model[i][k] != 0;
			igt_assert_eq(fence_count(pool[i]), n);
		}
		for (n = 0, k = 0; k < RM_TIMELINES; k++)
			n += model[0][k] != 0;
		igt_assert_eq(fence_count(merged), n);
		igt_assert_eq(fence_infos(merged, fi, RM_TIMELINES), n);
		for (i = 0; i < n; i++) {
			igt_assert(strcmp(fi[i].driver_name, "sw_sync") == 0);
			igt_assert_eq(fi[i].status, 0);
			igt_assert_eq(fi[i].timestamp_ns, 0);
		}
		igt_info("%d merges: the result holds %d fences\n",
			 RM_MERGES, n);

		/*
		 * Signal the timelines in a random order, each first to just
		 * before its point in the merge, then to it. The entries are
		 * in the order of the timelines' contexts, which is the order
		 * they were created in.
		 */
		for (i = 0; i < RM_TIMELINES; i++)
			order[i] = i;
		for (i = RM_TIMELINES - 1; i > 0; i--) {
			j = rng_below(i + 1);
			k = order[i];
			order[i] = order[j];
			order[j] = k;
		}
		for (j = 0; j < RM_TIMELINES; j++) {
			int t = order[j], entry = 0, left = 0;

			if (!model[0][t])
				continue;
			for (k = 0; k < t; k++)
				entry += model[0][k] != 0;
			timeline_inc(tl[t], model[0][t] - 1 - value[t]);
			value[t] = model[0][t] - 1;
			fence_infos(merged, fi, RM_TIMELINES);
			igt_assert_f(fi[entry].status == 0,
				     "timeline %d at %u: its point %u signaled\n",
				     t, value[t], model[0][t]);
			igt_assert_eq(fence_poll(merged, 0), 0);
			timeline_inc(tl[t], 1);
			value[t]++;
			fence_infos(merged, fi, RM_TIMELINES);
			igt_assert_eq(fi[entry].status, 1);
			for (k = 0; k < n; k++)
				left += fi[k].status == 0;
			igt_assert_eq(fence_poll(merged, 0), left == 0);
			igt_assert_eq(fence_status(merged), left == 0);
		}
		igt_assert_eq(fence_status(merged), 1);
		close(merged);
		for (i = 0; i < RM_POOL; i++) {
			igt_assert_eq(fence_status(pool[i]), 1);
			close(pool[i]);
		}
		for (i = 0; i < RM_TIMELINES; i++)
			close(tl[i]);
	}

	igt_describe("A child process waits on a sync file it inherited while the parent advances the timeline.");
	igt_subtest("sync_fork") {
#define FORK_CHILDREN 3
		int timeline = timeline_create();
		int fence = fence_create(timeline, 1);
		int ready[2], mark[2], i;

		igt_assert_eq(pipe(ready), 0);
		igt_assert_eq(pipe(mark), 0);
		igt_fork(child, FORK_CHILDREN) {
			char c;

			close(ready[0]);
			close(mark[1]);
			igt_assert_eq(fence_wait(fence, 0), 0);
			igt_assert_eq(fence_status(fence), 0);
			igt_assert_eq(write(ready[1], "r", 1), 1);
			igt_assert_eq(fence_wait(fence, WAIT_MS), 1);
			/* The parent marks the pipe before it signals. */
			igt_assert_eq(fcntl(mark[0], F_SETFL, O_NONBLOCK), 0);
			igt_assert_f(read(mark[0], &c, 1) == 1,
				     "child %d: signaled before the parent advanced the timeline\n",
				     child);
			igt_assert_eq(fence_status(fence), 1);
		}
		close(ready[1]);
		close(mark[0]);
		for (i = 0; i < FORK_CHILDREN; i++)
			igt_assert_eq(read_byte(ready[0]), 'r');
		/* Give the children time to block in poll(). */
		usleep(20000);
		igt_assert_eq(fence_status(fence), 0);
		for (i = 0; i < FORK_CHILDREN; i++)
			igt_assert_eq(write(mark[1], "i", 1), 1);
		timeline_inc(timeline, 1);
		igt_waitchildren();
		igt_assert_eq(fence_status(fence), 1);
		close(ready[0]);
		close(mark[1]);
		close(fence);
		close(timeline);
	}

	igt_describe("A sync file passed over an AF_UNIX socket (SCM_RIGHTS) to another process signals there.");
	igt_subtest("sync_unix_socket") {
		int sv[2], timeline, fence;

		igt_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
		igt_fork(child, 1) {
			char c;
			int fd;

			close(sv[0]);
			fd = igt_recv_fd(sv[1], &c);
			igt_assert_eq(c, 'f');
			igt_assert_eq(fence_count(fd), 1);
			igt_assert_eq(fence_wait(fd, 0), 0);
			igt_assert_eq(fence_status(fd), 0);
			igt_assert_eq(write(sv[1], "r", 1), 1);
			igt_assert_eq(fence_wait(fd, WAIT_MS), 1);
			igt_assert_f(recv(sv[1], &c, 1, MSG_DONTWAIT) == 1 &&
				     c == 'i',
				     "signaled before the parent advanced the timeline\n");
			igt_assert_eq(fence_status(fd), 1);
			close(fd);
		}
		close(sv[1]);
		/* Created after the fork: the child has only what it got. */
		timeline = timeline_create();
		fence = fence_create(timeline, 1);
		igt_send_fd(sv[0], fence, 'f');
		/* The message in flight holds the file. */
		close(fence);
		igt_assert_eq(read_byte(sv[0]), 'r');
		usleep(20000);
		igt_assert_eq(write(sv[0], "i", 1), 1);
		timeline_inc(timeline, 1);
		igt_waitchildren();
		close(sv[0]);
		close(timeline);
	}

	igt_describe("Releasing a timeline (its last descriptor) signals every pending fence with -ENOENT, wakes waiters and leaves signaled fences alone.");
	igt_subtest("sync_timeline_release_pending") {
		struct sync_fence_info fi[2];
		int timeline = timeline_create(), other = timeline_create();
		int f1 = fence_create(timeline, 1), f2 = fence_create(timeline, 2);
		int f3 = fence_create(timeline, 3), f5 = fence_create(timeline, 5);
		int g1 = fence_create(other, 1);
		int copy, m35, merged;
		pthread_t waiter;

		thread_errors_reset();
		m35 = merge(f3, f5);
		merged = merge(m35, g1);
		/* One context: only the later point remains. */
		igt_assert_eq(fence_count(m35), 1);
		igt_assert_eq(fence_count(merged), 2);
		timeline_inc(timeline, 2);
		igt_assert_eq(fence_status(f2), 1);

		/* Another descriptor of the same file keeps the timeline. */
		copy = dup(timeline);
		igt_assert_lte(0, copy);
		close(timeline);
		igt_assert_eq(fence_poll(f3, 0), 0);
		igt_assert_eq(fence_status(f5), 0);
		timeline_inc(copy, 1);
		igt_assert_eq(fence_status(f3), 1);

		memset(&rp, 0, sizeof(rp));
		rp.fence = f5;
		atomic_store(&rp.result, INT_MIN);
		igt_assert_eq(pthread_create(&waiter, NULL, rp_waiter, NULL), 0);
		usleep(20000);
		igt_assert_eq(atomic_load(&rp.result), INT_MIN);
		close(copy);
		igt_assert_eq(pthread_join(waiter, NULL), 0);
		igt_assert_eq(atomic_load(&rp.result), 1);

		igt_assert_eq(fence_status(f5), -ENOENT);
		igt_assert_eq(fence_status(m35), -ENOENT);
		/* What had signaled keeps its status. */
		igt_assert_eq(fence_status(f1), 1);
		igt_assert_eq(fence_status(f2), 1);
		igt_assert_eq(fence_status(f3), 1);
		igt_assert_eq(fence_infos(f5, fi, 1), 1);
		igt_assert_eq(fi[0].status, -ENOENT);
		igt_assert(fi[0].timestamp_ns != 0);

		/*
		 * The merge is pending on the other timeline: its own status
		 * is 0, but with the array the file's status is that of the
		 * first fence that did not succeed.
		 */
		igt_assert_eq(fence_poll(merged, 0), 0);
		igt_assert_eq(fence_status(merged), 0);
		igt_assert_eq(fence_infos(merged, fi, 2), 2);
		igt_assert_eq(fi[0].status, -ENOENT);
		igt_assert_eq(fi[1].status, 0);
		{
			struct sync_file_info info = { 0 };

			info.num_fences = 2;
			info.sync_fence_info = (uintptr_t)fi;
			igt_assert_eq(__file_info(merged, &info), 0);
			igt_assert_eq(info.status, -ENOENT);
		}
		/* Once complete, the merge carries the error. */
		timeline_inc(other, 1);
		igt_assert_eq(fence_poll(merged, 0), 1);
		igt_assert_eq(fence_status(merged), -ENOENT);

		close(merged);
		close(m35);
		close(f1);
		close(f2);
		close(f3);
		close(f5);
		close(g1);
		close(other);
	}

	igt_describe("4096 fences of one timeline merged pairwise in a tree make one fence, at the last point.");
	igt_subtest("sync_many_fences") {
#define MANY_FENCES 4096
		int stack[32], level[32], top = 0, timeline = timeline_create();
		unsigned int p;

		for (p = 1; p <= MANY_FENCES; p++) {
			stack[top] = fence_create(timeline, p);
			level[top++] = 0;
			while (top >= 2 && level[top - 1] == level[top - 2]) {
				int m = merge(stack[top - 2], stack[top - 1]);

				close(stack[top - 2]);
				close(stack[top - 1]);
				top--;
				stack[top - 1] = m;
				/* The upper levels: the lower ones are many. */
				if (++level[top - 1] >= 6)
					igt_assert_eq(fence_count(m), 1);
			}
		}
		igt_assert_eq(top, 1);
		igt_assert_eq(level[0], 12);
		igt_assert_eq(fence_count(stack[0]), 1);
		timeline_inc(timeline, MANY_FENCES - 1);
		igt_assert_eq(fence_poll(stack[0], 0), 0);
		igt_assert_eq(fence_status(stack[0]), 0);
		timeline_inc(timeline, 1);
		igt_assert_eq(fence_poll(stack[0], 0), 1);
		igt_assert_eq(fence_status(stack[0]), 1);
		close(stack[0]);
		close(timeline);
	}
}
