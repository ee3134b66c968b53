// SPDX-License-Identifier: GPL-2.0-only
/*
 * libsync's unit tests, without a kernel: the calls, their conventions and
 * their behaviour on bad input, against pipes, regular files, closed fds
 * and the fake sync_files of fake-kernel.c. TAP.
 *
 * The sync_wait() tests interrupt the waiting thread with a signal every
 * 200 us (a handler installed without SA_RESTART, so every poll() fails
 * with EINTR) and check that the wait still ends at its deadline: neither
 * early (a timeout shortened by a wrong remainder) nor late (the full
 * timeout restarted after each interruption).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <android/sync.h>
#include <libsync.h>
#include <sw_sync.h>
#include <sync/legacy.h>

#include "fake-kernel.h"

static int n_tests, n_failed;

static void __attribute__((format(printf, 2, 3)))
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	n_tests++;
	if (!cond)
		n_failed++;
	printf("%sok %d - ", cond ? "" : "not ", n_tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* The call failed with -1 (or NULL) and errno @err. */
#define FAILS(expr, err) ((expr) == -1 && errno == (err))

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* A closed fd number: opened, then closed. */
static int closed_fd(void)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	close(fd);
	return fd;
}

static int regular_file(void)
{
	char path[] = "/tmp/libsync-test.XXXXXX";
	int fd = mkostemp(path, O_CLOEXEC);

	if (fd < 0)
		abort();
	unlink(path);
	return fd;
}

static bool same_file(int a, int b)
{
	struct stat sa, sb;

	return !fstat(a, &sa) && !fstat(b, &sb) && sa.st_ino == sb.st_ino &&
	       sa.st_dev == sb.st_dev;
}

static bool is_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

/* ---- sync_wait -------------------------------------------------------- */

static void test_wait_basic(void)
{
	int p[2], fd, err;
	int64_t t0;

	ok(FAILS(sync_wait(-1, 0), EINVAL), "sync_wait(-1): EINVAL");
	ok(FAILS(sync_wait(-5, -1), EINVAL), "sync_wait(-5, -1): EINVAL");
	ok(FAILS(sync_wait(closed_fd(), 0), EINVAL), "sync_wait(closed fd): EINVAL");

	fd = fake_sync_file("wait", 1);
	ok(FAILS(sync_wait(fd, 0), ETIME), "timeout 0 on a pending fence: ETIME");
	t0 = now_ms();
	err = sync_wait(fd, 50);
	ok(err == -1 && errno == ETIME && now_ms() - t0 >= 50,
	   "timeout 50 ms: ETIME after %lld ms", (long long)(now_ms() - t0));
	fake_signal(fd, 1);
	ok(sync_wait(fd, 0) == 0, "timeout 0 on a signaled fence: 0");
	ok(sync_wait(fd, 1000) == 0, "timeout 1000 on a signaled fence: 0");
	ok(sync_wait(fd, -1) == 0, "timeout -1 on a signaled fence: 0");
	fd = fake_sync_file("error", 1);
	fake_signal(fd, -EIO);
	ok(sync_wait(fd, 0) == 0, "a fence that signaled with an error: 0");

	/* The write end of a pipe without a reader polls POLLERR. */
	if (pipe2(p, O_CLOEXEC))
		abort();
	close(p[0]);
	ok(FAILS(sync_wait(p[1], 0), EINVAL), "POLLERR: EINVAL");
	close(p[1]);
	fake_reset();
}

static pthread_t waiter;
static atomic_bool storm_on;
static atomic_long interruptions;

static void on_signal(int sig)
{
	(void)sig;
	atomic_fetch_add(&interruptions, 1);
}

/*
 * Interrupts @waiter every 200 us until storm_on is cleared, for 3 s at
 * most: a sync_wait() that restarted its full timeout after each signal
 * would otherwise never return, and the test would hang instead of fail.
 */
static void *storm(void *arg)
{
	int64_t end = now_ms() + 3000;

	(void)arg;
	while (atomic_load(&storm_on) && now_ms() < end) {
		pthread_kill(waiter, SIGUSR1);
		usleep(200);
	}
	return NULL;
}

struct delayed_signal {
	int fd, ms;
};

static void *signal_later(void *arg)
{
	struct delayed_signal *d = arg;

	sleep_ms(d->ms);
	fake_signal(d->fd, 1);
	return NULL;
}

/*
 * sync_wait(@timeout) under a signal storm, the fence signaled after
 * @signal_ms (or never if negative). Returns the elapsed ms; the result
 * and errno in *ret and *err.
 */
static int64_t stormy_wait(int timeout, int signal_ms, int *ret, int *err,
			   long *signals)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct delayed_signal d = { .ms = signal_ms };
	pthread_t storm_thread, signal_thread;
	int64_t t0;

	/* No SA_RESTART: every signal makes poll() fail with EINTR. */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	d.fd = fake_sync_file("storm", 1);
	waiter = pthread_self();
	atomic_store(&interruptions, 0);
	atomic_store(&storm_on, true);
	pthread_create(&storm_thread, NULL, storm, NULL);
	if (signal_ms >= 0)
		pthread_create(&signal_thread, NULL, signal_later, &d);
	t0 = now_ms();
	*ret = sync_wait(d.fd, timeout);
	*err = errno;
	t0 = now_ms() - t0;
	atomic_store(&storm_on, false);
	pthread_join(storm_thread, NULL);
	if (signal_ms >= 0)
		pthread_join(signal_thread, NULL);
	*signals = atomic_load(&interruptions);
	signal(SIGUSR1, SIG_IGN);
	fake_reset();
	return t0;
}

static void test_wait_interrupted(void)
{
	int64_t ms;
	long n;
	int ret, err;

	ms = stormy_wait(300, -1, &ret, &err, &n);
	ok(ret == -1 && err == ETIME && ms >= 300 && ms < 1000 && n >= 100,
	   "300 ms timeout, %ld interruptions: ETIME after %lld ms", n,
	   (long long)ms);
	ms = stormy_wait(1000, 150, &ret, &err, &n);
	ok(ret == 0 && ms >= 140 && ms < 900 && n >= 50,
	   "signaled at 150 ms of a 1 s timeout, %ld interruptions: 0 after %lld ms",
	   n, (long long)ms);
	ms = stormy_wait(-1, 150, &ret, &err, &n);
	ok(ret == 0 && ms >= 140 && ms < 900 && n >= 50,
	   "no timeout, signaled at 150 ms, %ld interruptions: 0 after %lld ms",
	   n, (long long)ms);
	ms = stormy_wait(0, -1, &ret, &err, &n);
	ok(ret == -1 && err == ETIME && ms < 500,
	   "timeout 0 under interruptions: ETIME after %lld ms", (long long)ms);
}

/* ---- sync_merge ------------------------------------------------------- */

static void test_merge(void)
{
	static const char long_name[] =
		"a name much longer than the thirty-one bytes of the uAPI";
	int a = fake_sync_file("a", 2), b = fake_sync_file("b", 3);
	int pfd[2], reg = regular_file(), m;

	if (pipe2(pfd, O_CLOEXEC))
		abort();
	m = sync_merge("ab", a, b);
	ok(m >= 0 && fake_fence_count(m) == 5 && !strcmp(fake_name(m), "ab"),
	   "merge: a new sync_file with both files' fences, named");
	m = sync_merge(long_name, a, b);
	ok(m >= 0 && strlen(fake_name(m)) == 31 &&
	   !strncmp(fake_name(m), long_name, 31),
	   "merge: a long name is truncated to 31 bytes");
	m = sync_merge("", a, a);
	ok(m >= 0 && !strcmp(fake_name(m), ""), "merge with itself, empty name");
	errno = 0;
	ok(FAILS(sync_merge(NULL, a, b), EINVAL), "NULL name: EINVAL");
	ok(FAILS(sync_merge("x", -1, b), EBADF), "fd1 -1: EBADF");
	ok(FAILS(sync_merge("x", closed_fd(), b), EBADF), "fd1 closed: EBADF");
	ok(FAILS(sync_merge("x", pfd[0], b), ENOTTY), "fd1 a pipe: ENOTTY");
	ok(FAILS(sync_merge("x", reg, b), ENOTTY), "fd1 a regular file: ENOTTY");
	ok(FAILS(sync_merge("x", a, -1), ENOENT), "fd2 -1: ENOENT");
	ok(FAILS(sync_merge("x", a, pfd[0]), ENOENT), "fd2 a pipe: ENOENT");
	fake_eintr = 3;
	m = sync_merge("retried", a, b);
	ok(m >= 0 && fake_eintr == 0, "EINTR from the ioctl is retried");
	close(pfd[0]);
	close(pfd[1]);
	close(reg);
	fake_reset();
}

/* ---- sync_accumulate -------------------------------------------------- */

static void test_accumulate(void)
{
	int a = fake_sync_file("a", 1), b = fake_sync_file("b", 2);
	int pfd[2], acc = -1, old;

	if (pipe2(pfd, O_CLOEXEC))
		abort();
	ok(FAILS(sync_accumulate("x", NULL, a), EINVAL), "NULL fd1: EINVAL");
	ok(sync_accumulate("acc", &acc, a) == 0 && acc >= 0 && acc != a &&
	   same_file(acc, a) && (fcntl(acc, F_GETFD) & FD_CLOEXEC) &&
	   is_open(a),
	   "*fd1 < 0: a close-on-exec dup of fd2, fd2 still open");
	old = acc;
	ok(sync_accumulate("acc", &acc, b) == 0 && acc != old &&
	   fake_fence_count(acc) == 3 && !strcmp(fake_name(acc), "acc") &&
	   is_open(b),
	   "*fd1 >= 0: replaced by the merge, fd2 still open");
	ok(!is_open(old) || !same_file(old, a), "the old *fd1 is closed");
	old = acc;
	ok(FAILS(sync_accumulate("acc", &acc, pfd[0]), ENOENT) && acc == old &&
	   is_open(acc), "failed merge: *fd1 unchanged and open");
	ok(FAILS(sync_accumulate(NULL, &acc, b), EINVAL) && acc == old,
	   "NULL name: EINVAL, *fd1 unchanged");
	acc = -1;
	ok(FAILS(sync_accumulate("x", &acc, -1), EBADF) && acc == -1,
	   "*fd1 < 0, fd2 -1: EBADF, *fd1 stays -1");
	close(pfd[0]);
	close(pfd[1]);
	fake_reset();
}

/* ---- sync_valid_fd, sync_set_deadline ---------------------------------- */

static void test_valid_fd(void)
{
	int fd = fake_sync_file("v", 1), pfd[2], reg = regular_file();

	if (pipe2(pfd, O_CLOEXEC))
		abort();
	ok(sync_valid_fd(fd), "sync_file: valid");
	errno = 1234;
	ok(!sync_valid_fd(pfd[0]) && errno == 1234, "pipe: not valid, errno kept");
	ok(!sync_valid_fd(reg), "regular file: not valid");
	ok(!sync_valid_fd(closed_fd()), "closed fd: not valid");
	ok(!sync_valid_fd(-1), "-1: not valid");
	close(pfd[0]);
	close(pfd[1]);
	close(reg);
	fake_reset();
}

static void test_set_deadline(void)
{
	int fd = fake_sync_file("d", 1), pfd[2];
	struct timespec ts = { 12, 345 };
	uint64_t ns = 0;

	if (pipe2(pfd, O_CLOEXEC))
		abort();
	ok(sync_set_deadline(fd, &ts) == 0 && fake_deadline(fd, &ns) &&
	   ns == 12000000345ull, "deadline reaches the ioctl in ns");
	ts.tv_sec = 0x7fffffffffffffffLL;
	ok(sync_set_deadline(fd, &ts) == 0 && fake_deadline(fd, &ns) &&
	   ns == UINT64_MAX, "a deadline past 2^64 ns saturates");
	ok(FAILS(sync_set_deadline(fd, NULL), EINVAL), "NULL: EINVAL");
	ts.tv_sec = 1;
	ts.tv_nsec = 1000000000;
	ok(FAILS(sync_set_deadline(fd, &ts), EINVAL), "tv_nsec 1e9: EINVAL");
	ts.tv_nsec = -1;
	ok(FAILS(sync_set_deadline(fd, &ts), EINVAL), "tv_nsec -1: EINVAL");
	ts.tv_sec = -1;
	ts.tv_nsec = 0;
	ok(FAILS(sync_set_deadline(fd, &ts), EINVAL), "tv_sec -1: EINVAL");
	ts.tv_sec = 1;
	fake_no_deadline = true;
	ok(FAILS(sync_set_deadline(fd, &ts), ENOTTY),
	   "a kernel without SYNC_IOC_SET_DEADLINE: ENOTTY");
	fake_no_deadline = false;
	ok(FAILS(sync_set_deadline(pfd[0], &ts), ENOTTY), "pipe: ENOTTY");
	ok(FAILS(sync_set_deadline(-1, &ts), EBADF), "fd -1: EBADF");
	close(pfd[0]);
	close(pfd[1]);
	fake_reset();
}

/* ---- sync_file_info and the legacy info ------------------------------- */

/* The legacy records of @fd equal its modern info, field by field. */
static bool legacy_matches(int fd, unsigned int n)
{
	struct sync_file_info *info = sync_file_info(fd);
	struct sync_fence_info_data *data = sync_fence_info(fd);
	struct sync_fence_info *fences;
	struct sync_pt_info *pt = NULL;
	unsigned int i = 0;
	bool same;

	same = info && data && info->num_fences == n &&
	       data->len == 40 + 80 * n && !strcmp(data->name, info->name) &&
	       data->status == info->status;
	if (same) {
		fences = sync_get_fence_info(info);
		while ((pt = sync_pt_info(data, pt)) != NULL && i < n) {
			same &= pt->len == 80 &&
				!strcmp(pt->obj_name, fences[i].obj_name) &&
				!strcmp(pt->driver_name, fences[i].driver_name) &&
				pt->status == fences[i].status &&
				pt->timestamp_ns == fences[i].timestamp_ns;
			i++;
		}
		same &= i == n && pt == NULL;
	}
	sync_file_info_free(info);
	sync_fence_info_free(data);
	return same;
}

static void test_info(void)
{
	static const unsigned int counts[] = { 1, 50, 51, 4096 };
	struct sync_file_info *info;
	struct sync_fence_info *fences;
	unsigned long calls;
	unsigned int i;
	int fd, pfd[2];

	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		fd = fake_sync_file("many", counts[i]);
		info = sync_file_info(fd);
		fences = info ? sync_get_fence_info(info) : NULL;
		ok(info && info->num_fences == counts[i] && info->status == 0 &&
		   !strcmp(info->name, "many") &&
		   !strcmp(fences[counts[i] - 1].driver_name, "fake_sync"),
		   "sync_file_info: %u fences", counts[i]);
		sync_file_info_free(info);
		ok(legacy_matches(fd, counts[i]),
		   "legacy info equals modern info: %u fences, pending", counts[i]);
		fake_signal(fd, counts[i] == 51 ? -EIO : 1);
		ok(legacy_matches(fd, counts[i]),
		   "legacy info equals modern info: %u fences, signaled", counts[i]);
		fake_reset();
	}

	if (pipe2(pfd, O_CLOEXEC))
		abort();
	errno = 0;
	ok(!sync_file_info(-1) && errno == EBADF, "sync_file_info(-1): EBADF");
	ok(!sync_file_info(pfd[0]) && errno == ENOTTY, "sync_file_info(pipe): ENOTTY");
	ok(!sync_fence_info(-1) && errno == EBADF, "sync_fence_info(-1): EBADF");
	ok(!sync_fence_info(pfd[0]) && errno == ENOTTY, "sync_fence_info(pipe): ENOTTY");
	ok(!sync_pt_info(NULL, NULL), "sync_pt_info(NULL): NULL");
	sync_file_info_free(NULL);
	sync_fence_info_free(NULL);
	ok(1, "the free functions accept NULL");
	close(pfd[0]);
	close(pfd[1]);

	/* More fences than a 32-bit len can describe: EOVERFLOW, early. */
	fd = fake_sync_file("huge", 1);
	fake_claim_fences(fd, 53687092);
	calls = fake_calls;
	errno = 0;
	ok(!sync_fence_info(fd) && errno == EOVERFLOW && fake_calls == calls + 1,
	   "sync_fence_info of 53,687,092 fences: EOVERFLOW, nothing allocated");
	fake_reset();

	/* A record claiming length 0 ends the walk instead of looping. */
	fd = fake_sync_file("corrupt", 3);
	{
		struct sync_fence_info_data *data = sync_fence_info(fd);
		struct sync_pt_info *pt = sync_pt_info(data, NULL);

		pt->len = 0;
		ok(sync_pt_info(data, pt) == NULL, "a zero-length record ends the walk");
		sync_fence_info_free(data);
	}
	fake_reset();
}

/* ---- sw_sync helpers -------------------------------------------------- */

static void test_sw_sync(void)
{
	int tl = fake_timeline(), pfd[2], fd;

	if (pipe2(pfd, O_CLOEXEC))
		abort();
	ok(FAILS(sw_sync_timeline_open("/nonexistent/sw_sync"), ENOENT),
	   "sw_sync_timeline_open(missing path): ENOENT");
	fd = sw_sync_fence_create(tl, "pt", 3);
	ok(fd >= 0 && !strcmp(fake_name(fd), "pt"), "sw_sync_fence_create: named fence");
	fd = sw_sync_fence_create(tl, "a fence name longer than thirty-one bytes", 3);
	ok(fd >= 0 && strlen(fake_name(fd)) == 31, "sw_sync_fence_create: long name truncated");
	ok(FAILS(sw_sync_fence_create(tl, NULL, 1), EINVAL), "fence_create NULL name: EINVAL");
	ok(FAILS(sw_sync_fence_create(pfd[0], "x", 1), ENOTTY), "fence_create on a pipe: ENOTTY");
	ok(FAILS(sw_sync_fence_create(-1, "x", 1), EBADF), "fence_create on -1: EBADF");
	ok(sw_sync_timeline_inc(tl, 2) == 0 && sw_sync_timeline_inc(tl, 5) == 0 &&
	   fake_timeline_value(tl) == 7, "sw_sync_timeline_inc adds up");
	ok(FAILS(sw_sync_timeline_inc(pfd[0], 1), ENOTTY), "inc on a pipe: ENOTTY");
	ok(FAILS(sw_sync_timeline_inc(-1, 1), EBADF), "inc on -1: EBADF");
	fd = sw_sync_timeline_create();
	ok(fd >= 0 || errno == ENOENT || errno == EACCES || errno == EPERM,
	   "sw_sync_timeline_create: %s", fd >= 0 ? "a timeline" : strerror(errno));
	if (fd >= 0)
		close(fd);
	close(pfd[0]);
	close(pfd[1]);
	fake_reset();
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_wait_basic();
	test_wait_interrupted();
	test_merge();
	test_accumulate();
	test_valid_fd();
	test_set_deadline();
	test_info();
	test_sw_sync();
	printf("1..%d\n", n_tests);
	return n_failed ? 1 : 0;
}
