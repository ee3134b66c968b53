// SPDX-License-Identifier: GPL-2.0-only
/*
 * TEST: libsync-libdrm
 * Description: code written for libdrm's header-only <libsync.h>, run on
 *	real sync_files (vgem fences: IGT_VGEM=stock or fencepost, see
 *	lib/igt_vgem.h). One source, two programs:
 *
 *	libsync-libdrm   compiled against Debian's own /usr/include/libsync.h
 *	                 (libdrm-dev): its static inline functions on our
 *	                 kernel side, and on the stock kernel;
 *	libsync-drop-in  the same source compiled against libsync's
 *	                 <libsync.h> (LIBSYNC_DROP_IN) and linked with
 *	                 libsync.so: the drop-in replacement, which also has
 *	                 Mesa's sync_valid_fd() and sync_set_deadline().
 *
 *	Only what libdrm's header promises is checked in both; what ours
 *	adds (close-on-exec dup, NULL checks) only in the drop-in build.
 *
 * SUBTEST: wait: ETIME while pending, 0 once signaled, -1 waits for ever
 * SUBTEST: merge: a merge holds both fences and signals after both
 * SUBTEST: accumulate: the first call dups, later ones merge and replace
 * SUBTEST: accumulate-failure: a failed merge leaves *fd1 as it was
 * SUBTEST: mesa-extras: sync_valid_fd() and sync_set_deadline() (drop-in)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/kcmp.h>

#include <linux/sync_file.h>

#include <libsync.h>

#include "lib/igt.h"
#include "lib/igt_vgem.h"

static int vgem = -1;

struct vfence {
	int fd;
	uint32_t handle;
};

static void vfence_create(struct vfence *f)
{
	f->fd = vgem_fence_sync_file(vgem, &f->handle);
}

/* The number of fences in @fd, read with the raw uAPI. */
static unsigned int fence_count(int fd)
{
	struct sync_file_info info;

	memset(&info, 0, sizeof(info));
	igt_assert_eq(ioctl(fd, SYNC_IOC_FILE_INFO, &info), 0);
	return info.num_fences;
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

static void *signal_later(void *arg)
{
	struct vfence *f = arg;

	usleep(50000);
	vgem_fence_signal(vgem, f->handle);
	return NULL;
}

static void test_wait(void)
{
	struct vfence f;
	pthread_t t;

	vfence_create(&f);
	igt_assert(sync_wait(f.fd, 0) == -1 && errno == ETIME);
	igt_assert(sync_wait(f.fd, 20) == -1 && errno == ETIME);
	igt_assert_eq(pthread_create(&t, NULL, signal_later, &f), 0);
	igt_assert_eq(sync_wait(f.fd, -1), 0);
	pthread_join(t, NULL);
	igt_assert_eq(sync_wait(f.fd, 0), 0);
	close(f.fd);
}

static void test_merge(void)
{
	struct vfence a, b;
	int m;

	vfence_create(&a);
	vfence_create(&b);
	m = sync_merge("libdrm-merge", a.fd, b.fd);
	igt_assert_lte(0, m);
	igt_assert_eq(fence_count(m), 2);
	vgem_fence_signal(vgem, a.handle);
	igt_assert(sync_wait(m, 0) == -1 && errno == ETIME);
	vgem_fence_signal(vgem, b.handle);
	igt_assert_eq(sync_wait(m, 0), 0);
	igt_assert(sync_merge("bad", -1, b.fd) == -1 && errno == EBADF);
	close(m);
	close(a.fd);
	close(b.fd);
}

static void test_accumulate(void)
{
	struct vfence a, b, c;
	int acc = -1, old;

	vfence_create(&a);
	vfence_create(&b);
	vfence_create(&c);
	igt_assert_eq(sync_accumulate("acc", &acc, a.fd), 0);
	igt_assert(acc >= 0 && acc != a.fd && same_file(acc, a.fd));
#ifdef LIBSYNC_DROP_IN
	igt_assert(fcntl(acc, F_GETFD) & FD_CLOEXEC);
#endif
	old = acc;
	igt_assert_eq(sync_accumulate("acc", &acc, b.fd), 0);
	igt_assert_eq(fence_count(acc), 2);
	/* The merge replaced *fd1 and closed the old one. */
	igt_assert(acc != old && !same_file(acc, a.fd));
	igt_assert(fcntl(old, F_GETFD) == -1 && errno == EBADF);
	igt_assert_eq(sync_accumulate("acc", &acc, c.fd), 0);
	igt_assert_eq(fence_count(acc), 3);
	/* The caller keeps its fds. */
	igt_assert(fcntl(b.fd, F_GETFD) >= 0 && fcntl(c.fd, F_GETFD) >= 0);
	vgem_fence_signal(vgem, a.handle);
	vgem_fence_signal(vgem, b.handle);
	igt_assert(sync_wait(acc, 0) == -1 && errno == ETIME);
	vgem_fence_signal(vgem, c.handle);
	igt_assert_eq(sync_wait(acc, 0), 0);
	close(acc);
	close(a.fd);
	close(b.fd);
	close(c.fd);
}

static void test_accumulate_failure(void)
{
	struct vfence a;
	int acc = -1, old, p[2];

	vfence_create(&a);
	igt_assert_eq(pipe(p), 0);
	igt_assert_eq(sync_accumulate("acc", &acc, a.fd), 0);
	old = acc;
	igt_assert(sync_accumulate("acc", &acc, p[0]) < 0 && errno == ENOENT);
	igt_assert_eq(acc, old);
	igt_assert_eq(fence_count(acc), 1);
#ifdef LIBSYNC_DROP_IN
	igt_assert(sync_accumulate(NULL, &acc, a.fd) == -1 && errno == EINVAL);
	igt_assert(sync_accumulate("acc", NULL, a.fd) == -1 && errno == EINVAL);
	igt_assert_eq(acc, old);
#endif
	vgem_fence_signal(vgem, a.handle);
	close(acc);
	close(a.fd);
	close(p[0]);
	close(p[1]);
}

static void test_mesa_extras(void)
{
#ifdef LIBSYNC_DROP_IN
	struct timespec ts;
	struct vfence f;

	vfence_create(&f);
	igt_assert(sync_valid_fd(f.fd));
	igt_assert(!sync_valid_fd(-1));
	igt_assert(!sync_valid_fd(vgem));
	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (igt_vgem_is_stock())
		igt_assert(sync_set_deadline(f.fd, &ts) == -1 && errno == ENOTTY);
	else
		igt_assert_eq(sync_set_deadline(f.fd, &ts), 0);
	vgem_fence_signal(vgem, f.handle);
	close(f.fd);
#else
	igt_skip("libdrm's libsync.h has neither sync_valid_fd nor sync_set_deadline\n");
#endif
}

igt_main
{
	igt_fixture {
		vgem = igt_vgem_open();
#ifdef LIBSYNC_DROP_IN
		igt_info("<libsync.h>: libsync's (the drop-in library)\n");
#else
		igt_info("<libsync.h>: libdrm-dev's header-only one\n");
#endif
	}

	igt_subtest("wait")
		test_wait();
	igt_subtest("merge")
		test_merge();
	igt_subtest("accumulate")
		test_accumulate();
	igt_subtest("accumulate-failure")
		test_accumulate_failure();
	igt_subtest("mesa-extras")
		test_mesa_extras();

	igt_fixture
		close(vgem);
}
