// SPDX-License-Identifier: GPL-2.0-only
/*
 * TEST: libsync
 * Description: libsync (libsync/) on real sync_files, in the VM: the
 *	Android API (<android/sync.h>, <sw_sync.h>, the legacy info calls) and
 *	the libdrm/Mesa one (<libsync.h>), covering what Android's own libsync
 *	tests check, in our words, plus the same with more than 50 fences in
 *	one sync_file and sync_wait() under a storm of signals.
 *
 * Two groups of subtests:
 *
 *   sw_sync-*  fences on sw_sync timelines (fencepost.ko's: debugfs
 *              sync/sw_sync, or IGT_SW_SYNC_PATH, e.g. /dev/sw_sync). They
 *              run once, with IGT_VGEM=fencepost (or unset), and skip with
 *              IGT_VGEM=stock: the stock kernel has no sw_sync.
 *   vgem-*     fences of the vgem backend IGT_VGEM picks (lib/igt_vgem.h):
 *              only a sync_file is needed, so they run against the stock
 *              kernel too, the ground truth.
 *
 * SUBTEST: sw_sync-alloc: a timeline and a fence; a bad timeline fd fails
 * SUBTEST: sw_sync-wait: ETIME before the timeline passes the point, 0 after
 * SUBTEST: sw_sync-select: select() and poll() readiness follow the fence
 * SUBTEST: sw_sync-merge-one-timeline: three points merge into the latest
 * SUBTEST: sw_sync-merge-self: a fence merged with itself stays one fence
 * SUBTEST: sw_sync-merge-timelines: three timelines, per-fence status counts
 * SUBTEST: sw_sync-info: active and signaled fences, names and timestamps
 * SUBTEST: sw_sync-legacy-info-N: legacy info equals modern, N fences
 * SUBTEST: sw_sync-poll-destroyed: poll(0) while the timeline is destroyed
 * SUBTEST: sw_sync-alternating: two threads alternate 65,536 times each
 * SUBTEST: sw_sync-consumer-N: N producer threads, one consumer, 4,096 rounds
 * SUBTEST: sw_sync-random-merge-P-T: P points over T timelines, merged
 * SUBTEST: sw_sync-wait-interrupted: sync_wait() keeps its deadline under
 *	a signal storm
 * SUBTEST: sw_sync-accumulate: sync_accumulate()'s dup, merge and failure
 * SUBTEST: sw_sync-valid-fd: sync_valid_fd() on each kind of fd
 * SUBTEST: sw_sync-set-deadline: SYNC_IOC_SET_DEADLINE through libsync
 * SUBTEST: vgem-wait, vgem-merge-info, vgem-many-fences, vgem-accumulate,
 *	vgem-valid-fd, vgem-set-deadline, vgem-wait-interrupted: the same on
 *	vgem fences, stock or ours
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/kcmp.h>
#include <linux/sw_sync.h>

#include <android/sync.h>
#include <libsync.h>
#include <sw_sync.h>
#include <sync/legacy.h>

#include "lib/igt.h"
#include "lib/igt_vgem.h"

static const char *sw_sync_path;	/* NULL: libsync's own search */
static int vgem = -1;

/*
 * IGT_LIBSYNC_QUICK=1 divides the rounds of the stress subtests by 16
 * (alternating, consumer-N, random-merge-32768-32), for emulated machines:
 * at full size they take about ten minutes under QEMU's TCG.
 */
static unsigned int stress_div = 1;

static unsigned int scaled(unsigned int n)
{
	return n / stress_div ? n / stress_div : 1;
}

/* ---- helpers ----------------------------------------------------------- */

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void require_sw_sync(void)
{
	int fd;

	igt_require_f(!igt_vgem_is_stock(),
		      "sw_sync subtests run once, with IGT_VGEM=fencepost\n");
	fd = sw_sync_timeline_open(sw_sync_path);
	igt_require_f(fd >= 0, "no sw_sync (%s): %s\n",
		      sw_sync_path ? sw_sync_path : "debugfs or /dev",
		      strerror(errno));
	close(fd);
}

static int timeline(void)
{
	int fd = sw_sync_timeline_open(sw_sync_path);

	igt_assert_f(fd >= 0, "sw_sync timeline: %s\n", strerror(errno));
	return fd;
}

static int fence(int tl, unsigned int value)
{
	int fd = sw_sync_fence_create(tl, "libsync-test", value);

	igt_assert_f(fd >= 0, "sw_sync_fence_create(%u): %s\n", value,
		     strerror(errno));
	return fd;
}

static void inc(int tl, unsigned int count)
{
	igt_assert_f(sw_sync_timeline_inc(tl, count) == 0,
		     "sw_sync_timeline_inc: %s\n", strerror(errno));
}

static int merge(int a, int b)
{
	int fd = sync_merge("libsync-merge", a, b);

	igt_assert_f(fd >= 0, "sync_merge: %s\n", strerror(errno));
	return fd;
}

/* sync_wait() fails with @err. */
#define assert_wait_err(fd, timeout, err) \
	do { \
		int __r = sync_wait(fd, timeout); \
		igt_assert_f(__r == -1 && errno == (err), \
			     "sync_wait(%d): %d, errno %s, expected %s\n", \
			     (timeout), __r, strerror(errno), strerror(err)); \
	} while (0)
#define assert_wait_ok(fd, timeout) \
	igt_assert_f(sync_wait(fd, timeout) == 0, "sync_wait(%d): %s\n", \
		     (timeout), strerror(errno))

static unsigned int fence_count(int fd)
{
	struct sync_file_info *info = sync_file_info(fd);
	unsigned int n;

	igt_assert_f(info, "sync_file_info: %s\n", strerror(errno));
	n = info->num_fences;
	sync_file_info_free(info);
	return n;
}

/* How many fences of @fd have status 1 (signaled). */
static unsigned int signaled_count(int fd)
{
	struct sync_file_info *info = sync_file_info(fd);
	struct sync_fence_info *f;
	unsigned int i, n = 0;

	igt_assert(info);
	f = sync_get_fence_info(info);
	for (i = 0; i < info->num_fences; i++)
		n += f[i].status == 1;
	sync_file_info_free(info);
	return n;
}

/* The legacy view of @fd equals sync_file_info()'s, field by field. */
static void assert_legacy_matches(int fd, unsigned int n)
{
	struct sync_file_info *info = sync_file_info(fd);
	struct sync_fence_info_data *data = sync_fence_info(fd);
	struct sync_pt_info *pt = NULL;
	struct sync_fence_info *f;
	unsigned int i = 0;

	igt_assert_f(info && data, "info: %s\n", strerror(errno));
	igt_assert_eq(info->num_fences, n);
	igt_assert_eq(data->len, 40 + 80 * n);
	igt_assert(strcmp(data->name, info->name) == 0);
	igt_assert_eq(data->status, info->status);
	f = sync_get_fence_info(info);
	while ((pt = sync_pt_info(data, pt))) {
		igt_assert_lt(i, n);
		igt_assert_eq(pt->len, 80);
		igt_assert(strcmp(pt->obj_name, f[i].obj_name) == 0);
		igt_assert(strcmp(pt->driver_name, f[i].driver_name) == 0);
		igt_assert_eq(pt->status, f[i].status);
		igt_assert_eq_u64(pt->timestamp_ns, f[i].timestamp_ns);
		i++;
	}
	igt_assert_eq(i, n);
	sync_fence_info_free(data);
	sync_file_info_free(info);
}

static bool is_cloexec(int fd)
{
	int flags = fcntl(fd, F_GETFD);

	return flags >= 0 && (flags & FD_CLOEXEC);
}

/*
 * Whether @a and @b are the same open file (one a dup of the other). Every
 * sync_file shares one anonymous inode, so fstat() cannot tell: kcmp() can.
 */
static bool same_file(int a, int b)
{
	pid_t pid = getpid();
	long ret = syscall(SYS_kcmp, pid, pid, KCMP_FILE, a, b);

	igt_require_f(ret >= 0, "kcmp: %s\n", strerror(errno));
	return ret == 0;
}

/* Room for @n more fds: raises RLIMIT_NOFILE (root may), or skips. */
static void require_fds(unsigned int n)
{
	struct rlimit rl;

	igt_assert_eq(getrlimit(RLIMIT_NOFILE, &rl), 0);
	if (rl.rlim_cur >= n + 64)
		return;
	rl.rlim_cur = n + 64;
	if (rl.rlim_max < rl.rlim_cur)
		rl.rlim_max = rl.rlim_cur;
	igt_require_f(setrlimit(RLIMIT_NOFILE, &rl) == 0,
		      "RLIMIT_NOFILE %u: %s\n", n + 64, strerror(errno));
}

/* ---- sync_wait() under a signal storm ------------------------------ */

static pthread_t storm_target;
static atomic_bool storm_on;
static atomic_long storm_hits;

static void storm_handler(int sig)
{
	(void)sig;
	atomic_fetch_add(&storm_hits, 1);
}

static void *storm_thread(void *arg)
{
	(void)arg;
	while (atomic_load(&storm_on)) {
		pthread_kill(storm_target, SIGUSR1);
		usleep(500);
	}
	return NULL;
}

/*
 * sync_wait(@fd, @timeout) while another thread sends this one SIGUSR1
 * every 0.5 ms, the handler installed without SA_RESTART so that every
 * signal interrupts poll(). Returns the elapsed ms; the result in *ret,
 * errno in *err, the signals delivered in *hits.
 */
static int64_t stormy_wait(int fd, int timeout, int *ret, int *err,
			   long *hits)
{
	struct sigaction sa = { .sa_handler = storm_handler };
	pthread_t t;
	int64_t t0;

	sigemptyset(&sa.sa_mask);
	igt_assert_eq(sigaction(SIGUSR1, &sa, NULL), 0);
	storm_target = pthread_self();
	atomic_store(&storm_hits, 0);
	atomic_store(&storm_on, true);
	igt_assert_eq(pthread_create(&t, NULL, storm_thread, NULL), 0);
	t0 = now_ms();
	*ret = sync_wait(fd, timeout);
	*err = errno;
	t0 = now_ms() - t0;
	atomic_store(&storm_on, false);
	pthread_join(t, NULL);
	signal(SIGUSR1, SIG_IGN);
	*hits = atomic_load(&storm_hits);
	return t0;
}

/* A pending fence waited on for 400 ms: ETIME at the deadline. */
static void check_wait_interrupted(int fd)
{
	int ret, err;
	long hits;
	int64_t ms = stormy_wait(fd, 400, &ret, &err, &hits);

	igt_info("400 ms wait, %ld signals: %d (%s) after %lld ms\n", hits,
		 ret, ret ? strerror(err) : "0", (long long)ms);
	igt_assert_eq(ret, -1);
	igt_assert_eq(err, ETIME);
	igt_assert_f(hits >= 50, "only %ld signals\n", hits);
	igt_assert_lte(400, ms);
	/* Restarting the full timeout after each signal would never end. */
	igt_assert_lt(ms, 1000);
}

/* ---- sw_sync subtests ------------------------------------------------- */

static void test_alloc(void)
{
	int tl, fd, p[2];

	igt_assert_eq(pipe(p), 0);
	tl = timeline();
	fd = fence(tl, 1);
	igt_assert(sync_valid_fd(fd));
	igt_assert(is_cloexec(fd) && is_cloexec(tl));
	close(fd);
	close(tl);

	/* Bad timeline fds: negative, closed, not a timeline. */
	igt_assert(sw_sync_fence_create(-1, "x", 1) == -1 && errno == EBADF);
	igt_assert(sw_sync_fence_create(tl, "x", 1) == -1 && errno == EBADF);
	igt_assert(sw_sync_fence_create(p[0], "x", 1) == -1 && errno == ENOTTY);
	igt_assert(sw_sync_fence_create(tl = timeline(), NULL, 1) == -1 &&
		   errno == EINVAL);
	fd = fence(tl, 1);
	/* A sync_file is not a timeline. */
	igt_assert(sw_sync_fence_create(fd, "x", 1) == -1 && errno == ENOTTY);
	igt_assert(sw_sync_timeline_inc(fd, 1) == -1 && errno == ENOTTY);
	igt_assert(sw_sync_timeline_inc(-1, 1) == -1 && errno == EBADF);
	close(fd);
	close(tl);
	close(p[0]);
	close(p[1]);
}

static void test_wait(void)
{
	int tl = timeline(), fd = fence(tl, 2);

	assert_wait_err(fd, 0, ETIME);
	inc(tl, 1);
	assert_wait_err(fd, 0, ETIME);
	assert_wait_err(fd, 20, ETIME);
	inc(tl, 1);
	assert_wait_ok(fd, 0);
	assert_wait_ok(fd, -1);
	close(fd);
	assert_wait_err(-1, 0, EINVAL);
	assert_wait_err(fd, 0, EINVAL);	/* closed */
	close(tl);
}

static void test_select(void)
{
	int tl = timeline(), fd = fence(tl, 1);
	struct timeval tv = { 0, 0 };
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	fd_set set;

	FD_ZERO(&set);
	FD_SET(fd, &set);
	igt_assert_eq(select(fd + 1, &set, NULL, NULL, &tv), 0);
	igt_assert_eq(poll(&pfd, 1, 0), 0);
	inc(tl, 1);
	FD_ZERO(&set);
	FD_SET(fd, &set);
	tv.tv_usec = 0;
	igt_assert_eq(select(fd + 1, &set, NULL, NULL, &tv), 1);
	igt_assert(FD_ISSET(fd, &set));
	igt_assert_eq(poll(&pfd, 1, 0), 1);
	igt_assert_eq(pfd.revents, POLLIN);
	close(fd);
	close(tl);
}

static void test_merge_one_timeline(void)
{
	int tl = timeline(), a = fence(tl, 1), b = fence(tl, 2), c = fence(tl, 3);
	int ab = merge(a, b), abc = merge(ab, c), cba = merge(c, merge(b, a));

	/* One timeline: only the latest point remains. */
	igt_assert_eq(fence_count(abc), 1);
	igt_assert_eq(fence_count(cba), 1);
	inc(tl, 1);
	assert_wait_ok(a, 0);
	assert_wait_err(abc, 0, ETIME);
	inc(tl, 1);
	assert_wait_ok(b, 0);
	assert_wait_err(abc, 0, ETIME);
	assert_wait_err(cba, 0, ETIME);
	inc(tl, 1);
	assert_wait_ok(abc, 0);
	assert_wait_ok(cba, 0);
	close(a);
	close(b);
	close(c);
	close(ab);
	close(abc);
	close(cba);
	close(tl);
}

static void test_merge_self(void)
{
	int tl = timeline(), a = fence(tl, 5), aa = merge(a, a);

	igt_assert_eq(fence_count(aa), 1);
	assert_wait_err(aa, 0, ETIME);
	inc(tl, 5);
	assert_wait_ok(aa, 0);
	close(aa);
	close(a);
	close(tl);
}

static void test_merge_timelines(void)
{
	int tl[3], f[3], m, i;

	for (i = 0; i < 3; i++) {
		tl[i] = timeline();
		f[i] = fence(tl[i], 5);
	}
	m = merge(f[0], f[1]);
	i = m;
	m = merge(m, f[2]);
	close(i);
	igt_assert_eq(fence_count(m), 3);
	for (i = 0; i < 3; i++) {
		igt_assert_eq(signaled_count(m), i);
		assert_wait_err(m, 0, ETIME);
		inc(tl[i], 5);
	}
	igt_assert_eq(signaled_count(m), 3);
	assert_wait_ok(m, 0);
	close(m);
	for (i = 0; i < 3; i++) {
		close(f[i]);
		close(tl[i]);
	}
}

static void test_info(void)
{
	int tl = timeline(), fd = fence(tl, 1);
	struct sync_file_info *info = sync_file_info(fd);
	struct sync_fence_info *f;

	igt_assert(info);
	igt_assert_eq(info->status, 0);
	igt_assert_eq(info->num_fences, 1);
	/* sw_sync ignores the name it is given, as Linux's does. */
	igt_assert(info->name[0]);
	f = sync_get_fence_info(info);
	igt_assert_eq(f->status, 0);
	igt_assert_eq_u64(f->timestamp_ns, 0);
	igt_assert(f->obj_name[0] && strcmp(f->driver_name, "sw_sync") == 0);
	sync_file_info_free(info);
	assert_legacy_matches(fd, 1);

	inc(tl, 1);
	info = sync_file_info(fd);
	igt_assert(info);
	igt_assert_eq(info->status, 1);
	f = sync_get_fence_info(info);
	igt_assert_eq(f->status, 1);
	igt_assert_neq_u64(f->timestamp_ns, 0);
	sync_file_info_free(info);
	assert_legacy_matches(fd, 1);

	igt_assert(!sync_file_info(-1) && errno == EBADF);
	igt_assert(!sync_file_info(tl) && errno == ENOTTY);
	igt_assert(!sync_fence_info(tl) && errno == ENOTTY);
	close(fd);
	close(tl);
}

/*
 * One sync_file of @n fences, each on its own timeline (fences of one
 * timeline would merge into one). Merged pairwise, level by level, so that
 * building it costs n log n fence copies in the kernel, not n^2 / 2.
 */
static int many_fences(unsigned int n, int *tls)
{
	int *fds = calloc(n, sizeof(*fds)), fd;
	unsigned int i, len;

	igt_assert(fds);
	for (i = 0; i < n; i++) {
		tls[i] = timeline();
		fds[i] = fence(tls[i], 1);
	}
	for (len = n; len > 1; len = (len + 1) / 2) {
		for (i = 0; i < len / 2; i++) {
			fd = sync_merge("many", fds[2 * i], fds[2 * i + 1]);
			igt_assert_f(fd >= 0, "sync_merge: %s\n", strerror(errno));
			close(fds[2 * i]);
			close(fds[2 * i + 1]);
			fds[i] = fd;
		}
		if (len % 2)
			fds[len / 2] = fds[len - 1];
	}
	fd = fds[0];
	free(fds);
	return fd;
}

static void test_legacy_info(unsigned int n)
{
	int *tls = calloc(n, sizeof(*tls)), fd;
	unsigned int i;

	igt_assert(tls);
	require_fds(2 * n);
	fd = many_fences(n, tls);
	igt_assert_eq(fence_count(fd), n);
	assert_legacy_matches(fd, n);
	assert_wait_err(fd, 0, ETIME);
	for (i = 0; i < n; i++) {
		if (i == n / 2)
			assert_legacy_matches(fd, n);	/* half signaled */
		inc(tls[i], 1);
	}
	igt_assert_eq(signaled_count(fd), n);
	assert_wait_ok(fd, 0);
	assert_legacy_matches(fd, n);
	close(fd);
	for (i = 0; i < n; i++)
		close(tls[i]);
	free(tls);
}

static void *close_later(void *arg)
{
	usleep(20000);
	close((int)(intptr_t)arg);
	return NULL;
}

static void test_poll_destroyed(void)
{
	int tl = timeline(), fd = fence(tl, 1), polls = 0;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct sync_file_info *info;
	pthread_t t;

	igt_assert_eq(pthread_create(&t, NULL, close_later,
				     (void *)(intptr_t)tl), 0);
	while (poll(&pfd, 1, 0) == 0) {
		polls++;
		igt_assert_lt(polls, 100000000);
	}
	pthread_join(t, NULL);
	igt_info("%d polls before the timeline went away\n", polls);
	igt_assert_eq(pfd.revents, POLLIN);
	assert_wait_ok(fd, 0);
	/* Destroying the timeline signals its fences with an error. */
	info = sync_file_info(fd);
	igt_assert(info);
	igt_assert_lt(info->status, 0);
	sync_file_info_free(info);
	close(fd);
}

/* Two threads take turns on one timeline, ALT_ROUNDS turns each. */
#define ALT_ROUNDS 65536

static struct {
	int tl;
	atomic_uint counter;
	atomic_bool failed;
} alt;

static void *alt_thread(void *arg)
{
	unsigned int me = (unsigned int)(uintptr_t)arg, i;

	for (i = 0; i < scaled(ALT_ROUNDS) && !atomic_load(&alt.failed); i++) {
		unsigned int turn = 2 * i + me;
		int fd = sw_sync_fence_create(alt.tl, "turn", turn);

		/* The fence of my turn signals when the other one is done. */
		if (fd < 0 || sync_wait(fd, 10000) ||
		    atomic_load(&alt.counter) != turn) {
			atomic_store(&alt.failed, true);
			if (fd >= 0)
				close(fd);
			break;
		}
		close(fd);
		atomic_fetch_add(&alt.counter, 1);
		if (sw_sync_timeline_inc(alt.tl, 1))
			atomic_store(&alt.failed, true);
	}
	return NULL;
}

static void test_alternating(void)
{
	pthread_t t[2];
	int i;

	alt.tl = timeline();
	atomic_store(&alt.counter, 0);
	atomic_store(&alt.failed, false);
	for (i = 0; i < 2; i++)
		igt_assert_eq(pthread_create(&t[i], NULL, alt_thread,
					     (void *)(uintptr_t)i), 0);
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	igt_assert_f(!atomic_load(&alt.failed), "a turn went wrong at %u\n",
		     atomic_load(&alt.counter));
	igt_assert_eq(atomic_load(&alt.counter), 2 * scaled(ALT_ROUNDS));
	close(alt.tl);
}

/*
 * Producers and one consumer, CONSUMER_ROUNDS rounds: in round r every
 * producer waits for the consumer's timeline to reach r, adds to the
 * shared sum and advances its own timeline; the consumer merges the
 * producers' fences for round r + 1, waits on the merge, checks the sum
 * and advances its timeline.
 */
#define CONSUMER_ROUNDS 4096
#define MAX_PRODUCERS 16

static struct {
	int producer_tl[MAX_PRODUCERS], consumer_tl, n;
	atomic_uint sum;
	atomic_bool failed;
} pc;

static void *producer(void *arg)
{
	int me = (int)(uintptr_t)arg, fd;
	unsigned int r;

	for (r = 0; r < scaled(CONSUMER_ROUNDS) && !atomic_load(&pc.failed);
	     r++) {
		fd = sw_sync_fence_create(pc.consumer_tl, "consumed", r);
		if (fd < 0 || sync_wait(fd, 10000)) {
			atomic_store(&pc.failed, true);
			break;
		}
		close(fd);
		atomic_fetch_add(&pc.sum, 1);
		if (sw_sync_timeline_inc(pc.producer_tl[me], 1))
			atomic_store(&pc.failed, true);
	}
	return NULL;
}

static void test_consumer(int n)
{
	pthread_t t[MAX_PRODUCERS];
	unsigned int r;
	int i, acc, f;

	pc.n = n;
	pc.consumer_tl = timeline();
	atomic_store(&pc.sum, 0);
	atomic_store(&pc.failed, false);
	for (i = 0; i < n; i++)
		pc.producer_tl[i] = timeline();
	for (i = 0; i < n; i++)
		igt_assert_eq(pthread_create(&t[i], NULL, producer,
					     (void *)(uintptr_t)i), 0);
	for (r = 0; r < scaled(CONSUMER_ROUNDS) && !atomic_load(&pc.failed);
	     r++) {
		acc = -1;
		for (i = 0; i < n; i++) {
			f = sw_sync_fence_create(pc.producer_tl[i], "produced",
						 r + 1);
			if (f < 0 || sync_accumulate("round", &acc, f))
				atomic_store(&pc.failed, true);
			if (f >= 0)
				close(f);
		}
		if (acc < 0 || sync_wait(acc, 10000) ||
		    atomic_load(&pc.sum) != (r + 1) * (unsigned int)n)
			atomic_store(&pc.failed, true);
		if (acc >= 0)
			close(acc);
		if (sw_sync_timeline_inc(pc.consumer_tl, 1))
			atomic_store(&pc.failed, true);
	}
	/* Let blocked producers go before joining them. */
	sw_sync_timeline_inc(pc.consumer_tl, CONSUMER_ROUNDS);
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	igt_assert_f(!atomic_load(&pc.failed), "round %u went wrong (sum %u)\n",
		     r, atomic_load(&pc.sum));
	igt_assert_eq(atomic_load(&pc.sum), scaled(CONSUMER_ROUNDS) * n);
	for (i = 0; i < n; i++)
		close(pc.producer_tl[i]);
	close(pc.consumer_tl);
}

/*
 * @points fences at random values on @n timelines, merged into one; the
 * merge keeps the latest point of each timeline. Signaling the timelines
 * one by one, it stays pending (ETIME) until the last one reaches its
 * latest point.
 */
static void test_random_merge(unsigned int points, unsigned int n)
{
	unsigned int max[32] = { 0 }, i, t, v, counted = 0;
	int tls[32], acc = -1, f;

	igt_assert(n <= 32);
	srand(points * 31 + n);
	if (points > 1024)
		points = scaled(points);
	for (t = 0; t < n; t++)
		tls[t] = timeline();
	for (i = 0; i < points; i++) {
		t = (unsigned int)rand() % n;
		v = 1 + (unsigned int)rand() % 1000;
		if (v > max[t])
			max[t] = v;
		f = fence(tls[t], v);
		igt_assert_f(sync_accumulate("random", &acc, f) == 0,
			     "sync_accumulate: %s\n", strerror(errno));
		close(f);
	}
	for (t = 0; t < n; t++)
		counted += max[t] > 0;
	igt_assert_eq(fence_count(acc), counted);
	for (t = 0; t < n; t++) {
		if (!max[t])
			continue;
		assert_wait_err(acc, 0, ETIME);
		inc(tls[t], max[t] - 1);
		assert_wait_err(acc, 0, ETIME);
		inc(tls[t], 1);
	}
	assert_wait_ok(acc, 0);
	igt_assert_eq(signaled_count(acc), counted);
	close(acc);
	for (t = 0; t < n; t++)
		close(tls[t]);
}

static void test_wait_interrupted_sw_sync(void)
{
	int tl = timeline(), fd = fence(tl, 1);

	check_wait_interrupted(fd);
	inc(tl, 1);
	assert_wait_ok(fd, 0);
	close(fd);
	close(tl);
}

/* sync_accumulate() on @a and @b, two pending sync_files. */
static void check_accumulate(int a, int b, unsigned int merged)
{
	int acc = -1, old, p[2];

	igt_assert_eq(sync_accumulate("acc", &acc, a), 0);
	igt_assert(acc >= 0 && acc != a && same_file(acc, a));
	igt_assert(is_cloexec(acc));
	old = acc;
	igt_assert_eq(sync_accumulate("acc", &acc, b), 0);
	/* The merge replaced *fd1 and closed the old one. */
	igt_assert(acc != old && !same_file(acc, a));
	igt_assert(fcntl(old, F_GETFD) == -1 && errno == EBADF);
	igt_assert_eq(fence_count(acc), merged);
	igt_assert(is_cloexec(acc));
	igt_assert(fcntl(a, F_GETFD) >= 0 && fcntl(b, F_GETFD) >= 0);

	/* A failed merge leaves *fd1 alone. */
	igt_assert_eq(pipe(p), 0);
	old = acc;
	igt_assert(sync_accumulate("acc", &acc, p[0]) == -1 && errno == ENOENT);
	igt_assert_eq(acc, old);
	igt_assert_eq(fence_count(acc), merged);
	igt_assert(sync_accumulate("acc", &acc, -1) == -1 && acc == old);
	igt_assert(sync_accumulate(NULL, &acc, b) == -1 && errno == EINVAL);
	igt_assert(sync_accumulate("x", NULL, b) == -1 && errno == EINVAL);
	close(acc);
	close(p[0]);
	close(p[1]);
}

static void test_accumulate_sw_sync(void)
{
	int t1 = timeline(), t2 = timeline();
	int a = fence(t1, 1), b = fence(t2, 1);

	check_accumulate(a, b, 2);
	close(a);
	close(b);
	close(t1);
	close(t2);
}

static void check_valid_fd(int sync_file)
{
	char path[] = "/tmp/libsync-valid.XXXXXX";
	int reg = mkstemp(path), fd, p[2];

	igt_assert(reg >= 0);
	unlink(path);
	igt_assert_eq(pipe(p), 0);
	igt_assert(sync_valid_fd(sync_file));
	igt_assert(!sync_valid_fd(reg));
	igt_assert(!sync_valid_fd(p[0]));
	igt_assert(!sync_valid_fd(-1));
	fd = dup(sync_file);
	igt_assert(sync_valid_fd(fd));
	close(fd);
	igt_assert(!sync_valid_fd(fd));	/* closed */
	close(reg);
	close(p[0]);
	close(p[1]);
}

static void test_valid_fd_sw_sync(void)
{
	int tl = timeline(), fd = fence(tl, 1);

	check_valid_fd(fd);
	igt_assert(!sync_valid_fd(tl));	/* a timeline is no sync_file */
	close(fd);
	close(tl);
}

/*
 * sync_set_deadline(): fencepost's sync_file has SYNC_IOC_SET_DEADLINE as
 * Linux 6.5 added it (0); the stock 6.1 kernel answers ENOTTY.
 */
static void check_set_deadline(int fd, bool stock)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += 1;
	if (stock)
		igt_assert(sync_set_deadline(fd, &ts) == -1 && errno == ENOTTY);
	else
		igt_assert_f(sync_set_deadline(fd, &ts) == 0,
			     "sync_set_deadline: %s\n", strerror(errno));
	ts.tv_nsec = 1000000000;
	igt_assert(sync_set_deadline(fd, &ts) == -1 && errno == EINVAL);
	igt_assert(sync_set_deadline(fd, NULL) == -1 && errno == EINVAL);
	igt_assert(sync_set_deadline(-1, &ts) == -1 && errno == EINVAL);
	ts.tv_nsec = 0;
	igt_assert(sync_set_deadline(-1, &ts) == -1 && errno == EBADF);
	/* Still a hint: nothing signals. */
	assert_wait_err(fd, 0, ETIME);
}

/*
 * The deadline @fd's fence got, through sw_sync's query on the timeline fd
 * (SW_SYNC_GET_DEADLINE, Linux 6.6's ABI, which fencepost's sw_sync has):
 * what makes SYNC_IOC_SET_DEADLINE visible from userspace. 0 or -errno
 * (-ENOENT: no deadline).
 */
static int get_deadline(int tl, int fd, uint64_t *ns)
{
	struct sw_sync_get_deadline q = { .fence_fd = fd };

	if (ioctl(tl, SW_SYNC_GET_DEADLINE, &q))
		return -errno;
	*ns = q.deadline_ns;
	return 0;
}

static uint64_t ts_ns(const struct timespec *ts)
{
	return ts->tv_sec * 1000000000ull + ts->tv_nsec;
}

static void test_set_deadline_sw_sync(void)
{
	int tl = timeline(), fd = fence(tl, 1), m, ret;
	struct timespec early, late;
	uint64_t ns = 0;

	check_set_deadline(fd, false);
	m = merge(fd, fence(tl, 2));
	check_set_deadline(m, false);
	close(m);
	close(fd);

	/* The deadline reaches the fence's set_deadline op: earliest wins. */
	fd = fence(tl, 3);
	ret = get_deadline(tl, fd, &ns);
	igt_assert_eq(ret, -ENOENT);
	clock_gettime(CLOCK_MONOTONIC, &early);
	early.tv_sec += 2;
	late = early;
	late.tv_sec += 5;
	igt_assert_eq(sync_set_deadline(fd, &late), 0);
	igt_assert_eq(get_deadline(tl, fd, &ns), 0);
	igt_assert_eq_u64(ns, ts_ns(&late));
	igt_assert_eq(sync_set_deadline(fd, &early), 0);
	igt_assert_eq(get_deadline(tl, fd, &ns), 0);
	igt_assert_eq_u64(ns, ts_ns(&early));
	igt_assert_eq(sync_set_deadline(fd, &late), 0);
	igt_assert_eq(get_deadline(tl, fd, &ns), 0);
	igt_assert_eq_u64(ns, ts_ns(&early));
	close(fd);
	close(tl);
}

/* ---- vgem subtests (stock or ours) ----------------------------------- */

static void require_vgem(void)
{
	igt_require_f(vgem >= 0, "no %s vgem device\n",
		      igt_vgem_backend_name(igt_vgem_backend()));
}

struct vfence {
	int fd;
	uint32_t handle;
};

static void vfence_create(struct vfence *f)
{
	f->fd = vgem_fence_sync_file(vgem, &f->handle);
}

static void vfence_signal(struct vfence *f)
{
	vgem_fence_signal(vgem, f->handle);
}

static void test_vgem_wait(void)
{
	struct vfence f;

	vfence_create(&f);
	assert_wait_err(f.fd, 0, ETIME);
	assert_wait_err(f.fd, 30, ETIME);
	vfence_signal(&f);
	assert_wait_ok(f.fd, 0);
	assert_wait_ok(f.fd, -1);
	close(f.fd);
}

static void test_vgem_merge_info(void)
{
	struct vfence a, b;
	struct sync_file_info *info;
	int m, p[2];

	vfence_create(&a);
	vfence_create(&b);
	m = merge(a.fd, b.fd);
	info = sync_file_info(m);
	igt_assert(info);
	igt_assert_eq(info->num_fences, 2);
	igt_assert_eq(info->status, 0);
	igt_assert(strcmp(info->name, "libsync-merge") == 0);
	igt_assert(strcmp(sync_get_fence_info(info)[0].driver_name, "vgem") == 0);
	sync_file_info_free(info);
	assert_legacy_matches(m, 2);
	vfence_signal(&a);
	igt_assert_eq(signaled_count(m), 1);
	assert_wait_err(m, 0, ETIME);
	vfence_signal(&b);
	assert_wait_ok(m, 0);
	assert_legacy_matches(m, 2);
	igt_assert(sync_merge(NULL, a.fd, b.fd) == -1 && errno == EINVAL);
	igt_assert_eq(pipe(p), 0);
	igt_assert(sync_merge("x", p[0], b.fd) == -1 && errno == ENOTTY);
	igt_assert(sync_merge("x", a.fd, p[0]) == -1 && errno == ENOENT);
	igt_assert(sync_merge("x", -1, b.fd) == -1 && errno == EBADF);
	close(p[0]);
	close(p[1]);
	close(m);
	close(a.fd);
	close(b.fd);
}

#define VGEM_MANY 51

static void test_vgem_many_fences(void)
{
	struct vfence f[VGEM_MANY];
	int acc = -1, i;

	for (i = 0; i < VGEM_MANY; i++) {
		vfence_create(&f[i]);
		igt_assert_eq(sync_accumulate("many", &acc, f[i].fd), 0);
	}
	igt_assert_eq(fence_count(acc), VGEM_MANY);
	assert_legacy_matches(acc, VGEM_MANY);
	for (i = 0; i < VGEM_MANY; i++) {
		assert_wait_err(acc, 0, ETIME);
		vfence_signal(&f[i]);
	}
	assert_wait_ok(acc, 0);
	igt_assert_eq(signaled_count(acc), VGEM_MANY);
	assert_legacy_matches(acc, VGEM_MANY);
	close(acc);
	for (i = 0; i < VGEM_MANY; i++)
		close(f[i].fd);
}

static void test_vgem_accumulate(void)
{
	struct vfence a, b;

	vfence_create(&a);
	vfence_create(&b);
	check_accumulate(a.fd, b.fd, 2);
	vfence_signal(&a);
	vfence_signal(&b);
	close(a.fd);
	close(b.fd);
}

static void test_vgem_valid_fd(void)
{
	struct vgem_bo bo;
	struct vfence f;
	int dmabuf;

	vfence_create(&f);
	check_valid_fd(f.fd);
	vgem_create_size(vgem, &bo, 4096);
	dmabuf = prime_handle_to_fd(vgem, bo.handle);
	igt_assert(!sync_valid_fd(dmabuf));
	igt_assert(!sync_valid_fd(vgem));
	close(dmabuf);
	gem_close(vgem, bo.handle);
	vfence_signal(&f);
	close(f.fd);
}

static void test_vgem_set_deadline(void)
{
	struct vfence f;

	vfence_create(&f);
	check_set_deadline(f.fd, igt_vgem_is_stock());
	vfence_signal(&f);
	close(f.fd);
}

static void test_vgem_wait_interrupted(void)
{
	struct vfence f;

	vfence_create(&f);
	check_wait_interrupted(f.fd);
	vfence_signal(&f);
	assert_wait_ok(f.fd, 0);
	close(f.fd);
}

igt_main
{
	static const unsigned int legacy_counts[] = { 1, 50, 51, 4096 };
	static const int producers[] = { 2, 4, 16 };
	static const unsigned int random_merges[][2] = {
		{ 32, 16 }, { 1024, 32 }, { 32768, 32 },
	};
	/* Not on the stack: a subtest's end longjmp()s inside the loops. */
	static unsigned int i;

	igt_fixture {
		/* IGT_SW_SYNC_PATH picks the node, e.g. /dev/sw_sync. */
		sw_sync_path = getenv("IGT_SW_SYNC_PATH");
		if (getenv("IGT_LIBSYNC_QUICK") &&
		    strcmp(getenv("IGT_LIBSYNC_QUICK"), "0") != 0) {
			stress_div = 16;
			igt_info("IGT_LIBSYNC_QUICK: stress rounds / 16\n");
		}
		vgem = __igt_vgem_open(igt_vgem_backend());
		igt_info("vgem backend: %s (%s)\n",
			 igt_vgem_backend_name(igt_vgem_backend()),
			 vgem >= 0 ? "open" : strerror(-vgem));
	}

	igt_subtest("sw_sync-alloc") {
		require_sw_sync();
		test_alloc();
	}
	igt_subtest("sw_sync-wait") {
		require_sw_sync();
		test_wait();
	}
	igt_subtest("sw_sync-select") {
		require_sw_sync();
		test_select();
	}
	igt_subtest("sw_sync-merge-one-timeline") {
		require_sw_sync();
		test_merge_one_timeline();
	}
	igt_subtest("sw_sync-merge-self") {
		require_sw_sync();
		test_merge_self();
	}
	igt_subtest("sw_sync-merge-timelines") {
		require_sw_sync();
		test_merge_timelines();
	}
	igt_subtest("sw_sync-info") {
		require_sw_sync();
		test_info();
	}
	for (i = 0; i < sizeof(legacy_counts) / sizeof(legacy_counts[0]); i++)
		igt_subtest_f("sw_sync-legacy-info-%u", legacy_counts[i]) {
			require_sw_sync();
			test_legacy_info(legacy_counts[i]);
		}
	igt_subtest("sw_sync-poll-destroyed") {
		require_sw_sync();
		test_poll_destroyed();
	}
	igt_subtest("sw_sync-alternating") {
		require_sw_sync();
		test_alternating();
	}
	for (i = 0; i < sizeof(producers) / sizeof(producers[0]); i++)
		igt_subtest_f("sw_sync-consumer-%d", producers[i]) {
			require_sw_sync();
			test_consumer(producers[i]);
		}
	for (i = 0; i < sizeof(random_merges) / sizeof(random_merges[0]); i++)
		igt_subtest_f("sw_sync-random-merge-%u-%u", random_merges[i][0],
			      random_merges[i][1]) {
			require_sw_sync();
			test_random_merge(random_merges[i][0],
					  random_merges[i][1]);
		}
	igt_subtest("sw_sync-wait-interrupted") {
		require_sw_sync();
		test_wait_interrupted_sw_sync();
	}
	igt_subtest("sw_sync-accumulate") {
		require_sw_sync();
		test_accumulate_sw_sync();
	}
	igt_subtest("sw_sync-valid-fd") {
		require_sw_sync();
		test_valid_fd_sw_sync();
	}
	igt_subtest("sw_sync-set-deadline") {
		require_sw_sync();
		test_set_deadline_sw_sync();
	}

	igt_subtest("vgem-wait") {
		require_vgem();
		test_vgem_wait();
	}
	igt_subtest("vgem-merge-info") {
		require_vgem();
		test_vgem_merge_info();
	}
	igt_subtest("vgem-many-fences") {
		require_vgem();
		test_vgem_many_fences();
	}
	igt_subtest("vgem-accumulate") {
		require_vgem();
		test_vgem_accumulate();
	}
	igt_subtest("vgem-valid-fd") {
		require_vgem();
		test_vgem_valid_fd();
	}
	igt_subtest("vgem-set-deadline") {
		require_vgem();
		test_vgem_set_deadline();
	}
	igt_subtest("vgem-wait-interrupted") {
		require_vgem();
		test_vgem_wait_interrupted();
	}

	igt_fixture {
		if (vgem >= 0)
			close(vgem);
	}
}
