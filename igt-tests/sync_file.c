// SPDX-License-Identifier: GPL-2.0-only
/*
 * sync_file: conformance of the sync_file uAPI (SYNC_IOC_MERGE,
 * SYNC_IOC_FILE_INFO, poll, close-on-exec, sharing across threads,
 * processes and unix sockets), as Linux 6.1 behaves, on sync_files of vgem
 * fences (lib/igt_vgem.h: IGT_VGEM=stock or IGT_VGEM=fencepost; a sync_file
 * comes from DMA_BUF_IOCTL_EXPORT_SYNC_FILE of a buffer with a vgem
 * fence). Every subtest must pass against the stock kernel, the ground
 * truth; where fencepost differs on purpose, the subtest says so.
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/sync_file.h>

#include "lib/igt.h"
#include "lib/igt_vgem.h"

static int vgem = -1;
static long page_size;

struct fence {
	int fd;		/* the sync_file */
	uint32_t handle;	/* vgem's fence handle */
};

static void fence_create(struct fence *f)
{
	f->fd = vgem_fence_sync_file(vgem, &f->handle);
}

static void fence_signal(struct fence *f)
{
	vgem_fence_signal(vgem, f->handle);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = {
		.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000l,
	};

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* poll() for POLLIN: 1 if ready within @timeout_ms, 0 if not. */
static int fence_poll(int fd, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN | POLLOUT };
	int ret = poll(&pfd, 1, timeout_ms);

	igt_assert_lte(0, ret);
	if (ret)
		igt_assert_eq(pfd.revents, POLLIN);
	return ret;
}

static int __merge(int fd1, int fd2, const char *name, uint32_t flags,
		   uint32_t pad, int *out)
{
	struct sync_merge_data data = {
		.fd2 = fd2, .flags = flags, .pad = pad, .fence = -1,
	};

	snprintf(data.name, sizeof(data.name), "%s", name);
	if (ioctl(fd1, SYNC_IOC_MERGE, &data))
		return -errno;
	*out = data.fence;
	return 0;
}

static int merge(int fd1, int fd2)
{
	int fd = -1, ret = __merge(fd1, fd2, "merged", 0, 0, &fd);

	igt_assert_f(ret == 0, "SYNC_IOC_MERGE: %s\n", strerror(-ret));
	igt_assert_lte(0, fd);
	return fd;
}

/* SYNC_IOC_FILE_INFO: 0 or -errno. */
static int __info(int fd, struct sync_file_info *info)
{
	return ioctl(fd, SYNC_IOC_FILE_INFO, info) ? -errno : 0;
}

/* The count query (num_fences = 0); its status too. */
static uint32_t fence_count(int fd, int *status)
{
	struct sync_file_info info = { 0 };

	igt_assert_eq(__info(fd, &info), 0);
	if (status)
		*status = info.status;
	return info.num_fences;
}

/* The sync_file's info and up to @n fences'; returns num_fences. */
static uint32_t fence_info(int fd, struct sync_file_info *info,
			   struct sync_fence_info *fences, uint32_t n)
{
	memset(info, 0, sizeof(*info));
	memset(fences, 0, n * sizeof(*fences));
	info->num_fences = n;
	info->sync_fence_info = (uintptr_t)fences;
	igt_assert_eq(__info(fd, info), 0);
	return info->num_fences;
}

static void test_info_count(void)
{
	struct fence f;
	int status;

	fence_create(&f);
	igt_assert_eq(fence_count(f.fd, &status), 1);
	igt_assert_eq(status, 0);
	fence_signal(&f);
	igt_assert_eq(fence_count(f.fd, &status), 1);
	igt_assert_eq(status, 1);
	close(f.fd);
}

static void test_info_fence(void)
{
	struct sync_fence_info fi[2];
	struct sync_file_info info;
	uint64_t t0, t1;
	struct fence f;

	fence_create(&f);
	igt_assert_eq(fence_info(f.fd, &info, fi, 1), 1);
	igt_assert_eq(info.status, 0);
	igt_assert_eq(info.flags, 0);
	igt_assert_neq(strlen(info.name), 0);
	igt_assert_neq(strlen(fi[0].obj_name), 0);
	igt_assert_neq(strlen(fi[0].driver_name), 0);
	igt_assert_eq(fi[0].status, 0);
	igt_assert_eq(fi[0].flags, 0);
	/* No timestamp before the fence signals. */
	igt_assert_eq_u64(fi[0].timestamp_ns, 0);

	t0 = now_ns();
	fence_signal(&f);
	t1 = now_ns();
	igt_assert_eq(fence_info(f.fd, &info, fi, 2), 1);
	igt_assert_eq(info.status, 1);
	igt_assert_eq(fi[0].status, 1);
	/* CLOCK_MONOTONIC, taken when it signaled. */
	igt_assert_f(fi[0].timestamp_ns >= t0 && fi[0].timestamp_ns <= t1,
		     "timestamp %llu outside [%llu, %llu]\n",
		     (unsigned long long)fi[0].timestamp_ns,
		     (unsigned long long)t0, (unsigned long long)t1);
	/* The second slot was not written. */
	igt_assert_eq(fi[1].driver_name[0], 0);
	igt_assert_eq_u64(fi[1].timestamp_ns, 0);
	close(f.fd);
}

static void test_fence_names(void)
{
	struct sync_fence_info fi;
	struct sync_file_info info;
	struct fence f;

	fence_create(&f);
	fence_info(f.fd, &info, &fi, 1);
	igt_info("sync_file name \"%s\", driver \"%s\", timeline \"%s\"\n",
		 info.name, fi.driver_name, fi.obj_name);
	/* vgem's fences: driver "vgem", timeline "unbound". */
	igt_assert_f(strcmp(fi.driver_name, "vgem") == 0,
		     "driver_name \"%s\"\n", fi.driver_name);
	igt_assert_f(strcmp(fi.obj_name, "unbound") == 0,
		     "obj_name \"%s\"\n", fi.obj_name);
	/* No user name: "<driver>-<timeline><context>-<seqno>". */
	igt_assert_f(strncmp(info.name, "vgem-unbound", 12) == 0 &&
		     strlen(info.name) > 14 &&
		     strcmp(info.name + strlen(info.name) - 2, "-1") == 0,
		     "name \"%s\"\n", info.name);
	fence_signal(&f);
	close(f.fd);
}

static void test_info_invalid(void)
{
	struct sync_fence_info fi[4];
	struct sync_file_info info;
	struct fence a, b;
	void *page;
	int m;

	fence_create(&a);
	fence_create(&b);
	m = merge(a.fd, b.fd);
	igt_assert_eq(fence_count(m, NULL), 2);

	/* flags and pad must be 0. */
	info = (struct sync_file_info){ .flags = 1 };
	igt_assert_eq(__info(m, &info), -EINVAL);
	info = (struct sync_file_info){ .pad = 1 };
	igt_assert_eq(__info(m, &info), -EINVAL);
	info = (struct sync_file_info){ .flags = 1u << 31, .num_fences = 2,
					.sync_fence_info = (uintptr_t)fi };
	igt_assert_eq(__info(m, &info), -EINVAL);

	/* Room for fewer fences than there are. */
	info = (struct sync_file_info){ .num_fences = 1,
					.sync_fence_info = (uintptr_t)fi };
	igt_assert_eq(__info(m, &info), -EINVAL);

	/* Bad pointers: to the argument, to the fence array. */
	igt_assert_eq(ioctl(m, SYNC_IOC_FILE_INFO, NULL), -1);
	igt_assert_eq(errno, EFAULT);
	page = igt_fault_page();
	igt_assert_eq(ioctl(m, SYNC_IOC_FILE_INFO, page), -1);
	igt_assert_eq(errno, EFAULT);
	info = (struct sync_file_info){ .num_fences = 2,
					.sync_fence_info = (uintptr_t)page };
	igt_assert_eq(__info(m, &info), -EFAULT);
	info = (struct sync_file_info){ .num_fences = 2 };
	igt_assert_eq(__info(m, &info), -EFAULT);
	/* A count query never touches the array. */
	info = (struct sync_file_info){ .sync_fence_info = (uintptr_t)page };
	igt_assert_eq(__info(m, &info), 0);
	igt_assert_eq(info.num_fences, 2);
	munmap(page, page_size);

	/* Room for more than there are: only as many are written. */
	memset(fi, 0x5a, sizeof(fi));
	info = (struct sync_file_info){ .num_fences = UINT32_MAX,
					.sync_fence_info = (uintptr_t)fi };
	igt_assert_eq(__info(m, &info), 0);
	igt_assert_eq(info.num_fences, 2);
	igt_assert_eq(fi[0].flags, 0);
	igt_assert_eq(fi[1].flags, 0);
	igt_assert_eq(fi[2].flags, 0x5a5a5a5a);

	fence_signal(&a);
	fence_signal(&b);
	close(m);
	close(a.fd);
	close(b.fd);
}

/*
 * Descriptors that are not sync_files, for the bad-input tables: a pipe, a
 * regular file, a vgem dma-buf, and a number that was open and is closed.
 */
struct not_sync_files {
	int pipefd[2];
	int file;
	int dmabuf;
	int closed;
	struct vgem_bo bo;
};

static void not_sync_files_open(struct not_sync_files *n, int any_fd)
{
	char path[] = "/tmp/igt-sync-file-XXXXXX";

	igt_assert_eq(pipe(n->pipefd), 0);
	n->file = mkstemp(path);
	igt_assert_lte(0, n->file);
	unlink(path);
	vgem_create_size(vgem, &n->bo, page_size);
	n->dmabuf = prime_handle_to_fd(vgem, n->bo.handle);
	n->closed = fcntl(any_fd, F_DUPFD, 700);
	igt_assert_lte(700, n->closed);
	close(n->closed);
}

static void not_sync_files_close(struct not_sync_files *n)
{
	close(n->dmabuf);
	gem_close(vgem, n->bo.handle);
	close(n->file);
	close(n->pipefd[0]);
	close(n->pipefd[1]);
}

static void test_merge_invalid(void)
{
	struct sync_merge_data *ro;
	struct not_sync_files n;
	int before, out;
	struct fence f, g;
	void *page;

	fence_create(&f);
	fence_create(&g);
	not_sync_files_open(&n, f.fd);
	before = igt_lowest_free_fd();

	/* fd2 must be a sync_file: anything else is -ENOENT. */
	igt_assert_eq(__merge(f.fd, -1, "x", 0, 0, &out), -ENOENT);
	igt_assert_eq(__merge(f.fd, n.closed, "x", 0, 0, &out), -ENOENT);
	igt_assert_eq(__merge(f.fd, n.pipefd[0], "x", 0, 0, &out), -ENOENT);
	igt_assert_eq(__merge(f.fd, n.file, "x", 0, 0, &out), -ENOENT);
	igt_assert_eq(__merge(f.fd, n.dmabuf, "x", 0, 0, &out), -ENOENT);
	igt_assert_eq(__merge(f.fd, vgem, "x", 0, 0, &out), -ENOENT);

	/* flags and pad must be 0, checked before fd2. */
	igt_assert_eq(__merge(f.fd, g.fd, "x", 1, 0, &out), -EINVAL);
	igt_assert_eq(__merge(f.fd, g.fd, "x", 1u << 31, 0, &out), -EINVAL);
	igt_assert_eq(__merge(f.fd, g.fd, "x", 0, 1, &out), -EINVAL);
	igt_assert_eq(__merge(f.fd, -1, "x", 1, 0, &out), -EINVAL);

	/* The ioctl on anything but a sync_file. */
	igt_assert_eq(__merge(n.pipefd[0], g.fd, "x", 0, 0, &out), -ENOTTY);
	igt_assert_eq(__merge(n.file, g.fd, "x", 0, 0, &out), -ENOTTY);
	igt_assert_eq(__merge(n.dmabuf, g.fd, "x", 0, 0, &out), -ENOTTY);
	igt_assert_eq(__merge(-1, g.fd, "x", 0, 0, &out), -EBADF);
	igt_assert_eq(__merge(n.closed, g.fd, "x", 0, 0, &out), -EBADF);

	/* Bad argument pointers. */
	igt_assert_eq(ioctl(f.fd, SYNC_IOC_MERGE, NULL), -1);
	igt_assert_eq(errno, EFAULT);
	page = igt_fault_page();
	igt_assert_eq(ioctl(f.fd, SYNC_IOC_MERGE, page), -1);
	igt_assert_eq(errno, EFAULT);
	munmap(page, page_size);

	/* The merged fd cannot be returned: EFAULT, and it does not leak. */
	ro = mmap(NULL, page_size, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	igt_assert(ro != MAP_FAILED);
	strcpy(ro->name, "ro");
	ro->fd2 = g.fd;
	igt_assert_eq(mprotect(ro, page_size, PROT_READ), 0);
	igt_assert_eq(ioctl(f.fd, SYNC_IOC_MERGE, ro), -1);
	igt_assert_eq(errno, EFAULT);
	munmap(ro, page_size);

	/* No failure left a descriptor behind. */
	igt_assert_eq(igt_lowest_free_fd(), before);

	fence_signal(&f);
	fence_signal(&g);
	not_sync_files_close(&n);
	close(f.fd);
	close(g.fd);
}

static void test_merge_name(void)
{
	struct sync_merge_data data = { 0 };
	struct sync_file_info info = { 0 };
	struct fence f, g;

	fence_create(&f);
	fence_create(&g);
	data.fd2 = g.fd;
	strcpy(data.name, "a name");
	do_ioctl(f.fd, SYNC_IOC_MERGE, &data);
	igt_assert_eq(__info(data.fence, &info), 0);
	igt_assert_f(strcmp(info.name, "a name") == 0, "name \"%s\"\n",
		     info.name);
	close(data.fence);

	/* 32 bytes without a NUL: the last is dropped, 31 are kept. */
	memset(data.name, 'x', sizeof(data.name));
	do_ioctl(f.fd, SYNC_IOC_MERGE, &data);
	memset(&info, 0, sizeof(info));
	igt_assert_eq(__info(data.fence, &info), 0);
	igt_assert_eq(strnlen(info.name, sizeof(info.name)),
		      sizeof(info.name) - 1);
	igt_assert_eq(strspn(info.name, "x"), sizeof(info.name) - 1);
	close(data.fence);

	/* An empty name: the merged fence is then named after its fences. */
	memset(data.name, 0, sizeof(data.name));
	do_ioctl(f.fd, SYNC_IOC_MERGE, &data);
	memset(&info, 0, sizeof(info));
	igt_assert_eq(__info(data.fence, &info), 0);
	igt_info("merged, unnamed: \"%s\"\n", info.name);
	igt_assert_neq(strlen(info.name), 0);
	close(data.fence);

	fence_signal(&f);
	fence_signal(&g);
	close(f.fd);
	close(g.fd);
}

static void test_merge_self(void)
{
	struct fence f;
	int m, m2;

	fence_create(&f);
	/* One fence twice is one fence. */
	m = merge(f.fd, f.fd);
	igt_assert_eq(fence_count(m, NULL), 1);
	m2 = merge(m, f.fd);
	igt_assert_eq(fence_count(m2, NULL), 1);
	igt_assert_eq(fence_poll(m, 0), 0);
	igt_assert_eq(fence_poll(m2, 0), 0);
	fence_signal(&f);
	igt_assert_eq(fence_poll(m, 0), 1);
	igt_assert_eq(fence_poll(m2, 0), 1);
	close(m);
	close(m2);
	close(f.fd);
}

static void test_merge_signaled(void)
{
	struct sync_fence_info fi[2];
	struct sync_file_info info;
	struct fence f, g;
	int m;

	fence_create(&f);
	fence_create(&g);
	fence_signal(&g);

	/* A signaled fence adds nothing to a pending one. */
	m = merge(f.fd, g.fd);
	igt_assert_eq(fence_count(m, NULL), 1);
	igt_assert_eq(fence_poll(m, 0), 0);
	fence_signal(&f);
	igt_assert_eq(fence_poll(m, 0), 1);
	close(m);

	/* Both signaled: one signaled fence, stamped with the later time. */
	m = merge(f.fd, g.fd);
	igt_assert_eq(fence_poll(m, 0), 1);
	igt_assert_eq(fence_info(m, &info, fi, 2), 1);
	igt_assert_eq(info.status, 1);
	igt_assert_eq(fi[0].status, 1);
	igt_assert_neq_u64(fi[0].timestamp_ns, 0);
	{
		struct sync_fence_info ff;
		struct sync_file_info fin;

		fence_info(f.fd, &fin, &ff, 1);
		igt_assert_eq_u64(fi[0].timestamp_ns, ff.timestamp_ns);
	}
	close(m);

	/* An idle buffer's export (a stub fence) merges like a signaled one. */
	{
		struct vgem_bo bo;
		struct fence h;
		int dmabuf, idle;

		vgem_create_size(vgem, &bo, page_size);
		dmabuf = prime_handle_to_fd(vgem, bo.handle);
		idle = dmabuf_export_sync_file(dmabuf, DMA_BUF_SYNC_RW);
		fence_create(&h);
		m = merge(idle, h.fd);
		igt_assert_eq(fence_count(m, NULL), 1);
		igt_assert_eq(fence_poll(m, 0), 0);
		fence_signal(&h);
		igt_assert_eq(fence_poll(m, 0), 1);
		close(m);
		close(h.fd);
		close(idle);
		close(dmabuf);
		gem_close(vgem, bo.handle);
	}
	close(f.fd);
	close(g.fd);
}

static void test_merge_many(void)
{
	struct sync_fence_info fi[3];
	struct sync_file_info info;
	struct fence f[3];
	int m, m2, i, status;

	for (i = 0; i < 3; i++)
		fence_create(&f[i]);
	m = merge(f[0].fd, f[1].fd);
	m2 = merge(m, f[2].fd);
	/* Merges flatten: three fences, not a fence and an array. */
	igt_assert_eq(fence_count(m2, &status), 3);
	igt_assert_eq(status, 0);
	/* Merging in a fence it already has adds nothing. */
	{
		int m3 = merge(m2, f[1].fd);

		igt_assert_eq(fence_count(m3, NULL), 3);
		close(m3);
	}

	fence_signal(&f[1]);
	igt_assert_eq(fence_info(m2, &info, fi, 3), 3);
	igt_assert_eq(info.status, 0);
	igt_assert_eq(fi[0].status + fi[1].status + fi[2].status, 1);
	igt_assert_eq(fence_poll(m, 0), 0);
	igt_assert_eq(fence_poll(m2, 0), 0);
	fence_signal(&f[0]);
	igt_assert_eq(fence_poll(m, 0), 1);
	igt_assert_eq(fence_poll(m2, 0), 0);
	fence_signal(&f[2]);
	igt_assert_eq(fence_poll(m2, 0), 1);
	igt_assert_eq(fence_info(m2, &info, fi, 3), 3);
	igt_assert_eq(info.status, 1);
	for (i = 0; i < 3; i++) {
		igt_assert_eq(fi[i].status, 1);
		igt_assert_neq_u64(fi[i].timestamp_ns, 0);
		close(f[i].fd);
	}
	close(m);
	close(m2);
}

static void test_merge_cloexec(void)
{
	struct fence f, g;
	int m;

	fence_create(&f);
	fence_create(&g);
	igt_assert_eq(fcntl(f.fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	m = merge(f.fd, g.fd);
	igt_assert_eq(fcntl(m, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	fence_signal(&f);
	fence_signal(&g);
	close(m);
	close(f.fd);
	close(g.fd);
}

static void test_poll(void)
{
	struct pollfd pfd;
	struct fence f;

	fence_create(&f);
	igt_assert_eq(fence_poll(f.fd, 0), 0);
	igt_assert_eq(fence_poll(f.fd, 50), 0);
	/* Only POLLIN is ever reported; asking for POLLOUT alone waits. */
	pfd = (struct pollfd){ .fd = f.fd, .events = POLLOUT | POLLPRI };
	igt_assert_eq(poll(&pfd, 1, 0), 0);
	fence_signal(&f);
	igt_assert_eq(fence_poll(f.fd, 0), 1);
	pfd = (struct pollfd){ .fd = f.fd, .events = POLLOUT };
	igt_assert_eq(poll(&pfd, 1, 0), 0);
	/* And it stays ready. */
	igt_assert_eq(fence_poll(f.fd, 0), 1);
	close(f.fd);
}

static void test_epoll(void)
{
	struct epoll_event ev = { .events = EPOLLIN }, out;
	struct fence f;
	int ep;

	fence_create(&f);
	ep = epoll_create1(EPOLL_CLOEXEC);
	igt_assert_lte(0, ep);
	ev.data.fd = f.fd;
	igt_assert_eq(epoll_ctl(ep, EPOLL_CTL_ADD, f.fd, &ev), 0);
	igt_assert_eq(epoll_wait(ep, &out, 1, 0), 0);
	igt_assert_eq(epoll_wait(ep, &out, 1, 50), 0);
	fence_signal(&f);
	igt_assert_eq(epoll_wait(ep, &out, 1, 1000), 1);
	igt_assert_eq(out.events, EPOLLIN);
	igt_assert_eq(out.data.fd, f.fd);
	/* Level-triggered: still ready. */
	igt_assert_eq(epoll_wait(ep, &out, 1, 0), 1);
	close(ep);
	close(f.fd);
}

static void test_bad_fd(void)
{
	struct sync_merge_data merge_arg = { .name = "bad" };
	struct sync_file_info info_arg = { 0 };
	struct not_sync_files n;
	struct fence f;
	unsigned int i, j;

	fence_create(&f);
	merge_arg.fd2 = f.fd;
	not_sync_files_open(&n, f.fd);

	{
		const struct { int fd; int err; const char *what; } fds[] = {
			{ -1, EBADF, "fd -1" },
			{ n.closed, EBADF, "a closed fd" },
			{ n.pipefd[0], ENOTTY, "a pipe" },
			{ n.file, ENOTTY, "a regular file" },
			{ n.dmabuf, ENOTTY, "a dma-buf" },
		};
		const struct { unsigned long cmd; void *arg; const char *what; } cmds[] = {
			{ SYNC_IOC_MERGE, &merge_arg, "SYNC_IOC_MERGE" },
			{ SYNC_IOC_FILE_INFO, &info_arg, "SYNC_IOC_FILE_INFO" },
		};

		for (i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
			for (j = 0; j < sizeof(cmds) / sizeof(cmds[0]); j++) {
				int ret = igt_ioctl(fds[i].fd, cmds[j].cmd,
						    cmds[j].arg);

				igt_assert_f(ret == -1 && errno == fds[i].err,
					     "%s on %s: expected %s, got %s\n",
					     cmds[j].what, fds[i].what,
					     strerror(fds[i].err),
					     ret ? strerror(errno) : "success");
			}
	}
	fence_signal(&f);
	not_sync_files_close(&n);
	close(f.fd);
}

static void test_unknown_ioctl(void)
{
	static const struct { unsigned long cmd; const char *what; } cmds[] = {
		{ _IO(SYNC_IOC_MAGIC, 0), "_IO('>', 0)" },
		{ _IOWR(SYNC_IOC_MAGIC, 1, uint64_t), "nr 1" },
		{ _IOWR(SYNC_IOC_MAGIC, 2, struct sync_merge_data), "nr 2" },
		{ _IOW(SYNC_IOC_MAGIC, 3, struct sync_merge_data), "MERGE as _IOW" },
		{ _IOWR(SYNC_IOC_MAGIC, 3, uint64_t), "MERGE with a u64" },
		{ _IOR(SYNC_IOC_MAGIC, 4, struct sync_file_info), "FILE_INFO as _IOR" },
		{ _IOWR(SYNC_IOC_MAGIC, 6, uint64_t), "nr 6" },
		{ _IOWR(SYNC_IOC_MAGIC, 0xff, uint64_t), "nr 255" },
		{ DMA_BUF_IOCTL_SYNC, "DMA_BUF_IOCTL_SYNC" },
		{ DMA_BUF_IOCTL_EXPORT_SYNC_FILE, "DMA_BUF_IOCTL_EXPORT_SYNC_FILE" },
		{ 0, "0" },
	};
	uint64_t arg[16] = { 0 };
	struct fence f;
	unsigned int i;

	fence_create(&f);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		int ret = igt_ioctl(f.fd, cmds[i].cmd, arg);

		igt_assert_f(ret == -1 && errno == ENOTTY,
			     "%s (%#lx): expected ENOTTY, got %s\n",
			     cmds[i].what, cmds[i].cmd,
			     ret ? strerror(errno) : "success");
	}
	fence_signal(&f);
	close(f.fd);
}

static void test_set_deadline(void)
{
	struct sync_set_deadline dl = { .deadline_ns = now_ns() + 1000000 };
	struct fence f;

	fence_create(&f);
	if (igt_vgem_is_stock()) {
		/* Linux 6.1 has no such ioctl. */
		do_ioctl_err(f.fd, SYNC_IOC_SET_DEADLINE, &dl, ENOTTY);
	} else {
		/*
		 * fencepost differs from 6.1 on purpose: its sync_file has
		 * SYNC_IOC_SET_DEADLINE as Linux 6.5 added it (a hint; pad
		 * must be 0).
		 */
		do_ioctl(f.fd, SYNC_IOC_SET_DEADLINE, &dl);
		dl.pad = 1;
		do_ioctl_err(f.fd, SYNC_IOC_SET_DEADLINE, &dl, EINVAL);
		do_ioctl_err(f.fd, SYNC_IOC_SET_DEADLINE, NULL, EFAULT);
	}
	igt_assert_eq(fence_poll(f.fd, 0), 0);
	fence_signal(&f);
	close(f.fd);
}

static void test_vgem_timeout(void)
{
	struct sync_fence_info fi;
	struct sync_file_info info;
	struct fence f;
	uint64_t t0;

	igt_require_f(getenv("IGT_SLOW"),
		      "vgem's 10 s fence timeout: set IGT_SLOW=1 to wait for it\n");
	t0 = now_ns();
	fence_create(&f);
	/* vgem signals a fence itself after 10 s, with no error. */
	igt_assert_eq(fence_poll(f.fd, 15000), 1);
	igt_assert_lte(8000000000ll, (long long)(now_ns() - t0));
	igt_assert_eq(fence_info(f.fd, &info, &fi, 1), 1);
	igt_assert_eq(info.status, 1);
	igt_assert_eq(fi.status, 1);
	igt_assert_neq_u64(fi.timestamp_ns, 0);
	/* The late signal is refused with ETIMEDOUT, once. */
	igt_assert_eq(__vgem_fence_signal(vgem, f.handle), -ETIMEDOUT);
	igt_assert_eq(__vgem_fence_signal(vgem, f.handle), -ENOENT);
	close(f.fd);
}

#define N_PRODUCERS 4
#define N_CONSUMERS 4
#define N_ROUNDS 16

struct threads {
	struct fence fences[N_ROUNDS][N_PRODUCERS];
	atomic_int signaled[N_ROUNDS];
	atomic_int go;
	int errors[N_PRODUCERS + N_CONSUMERS];
};

struct worker {
	pthread_t thread;
	struct threads *t;
	int id;
};

/* Producer @id signals its fence of each round, in its own time. */
static void *producer(void *data)
{
	struct worker *w = data;
	struct threads *t = w->t;
	int r;

	while (!atomic_load(&t->go))
		;
	for (r = 0; r < N_ROUNDS; r++) {
		sleep_ms((w->id * 7 + r * 3) % 5);
		atomic_fetch_add(&t->signaled[r], 1);
		if (__vgem_fence_signal(vgem, t->fences[r][w->id].handle))
			t->errors[w->id]++;
	}
	return NULL;
}

/*
 * Consumer: merges the round's fences and waits on the merge; when it is
 * ready, every producer must have signaled its fence of that round.
 */
static void *consumer(void *data)
{
	struct worker *w = data;
	struct threads *t = w->t;
	int *err = &t->errors[N_PRODUCERS + w->id];
	int r, p;

	while (!atomic_load(&t->go))
		;
	for (r = 0; r < N_ROUNDS; r++) {
		struct sync_merge_data m = { .name = "consumer" };
		struct pollfd pfd = { .events = POLLIN };
		int acc = dup(t->fences[r][w->id % N_PRODUCERS].fd);

		/* Each consumer merges in its own order. */
		for (p = 1; p < N_PRODUCERS && acc >= 0; p++) {
			m.fd2 = t->fences[r][(w->id + p) % N_PRODUCERS].fd;
			if (ioctl(acc, SYNC_IOC_MERGE, &m)) {
				(*err)++;
				break;
			}
			close(acc);
			acc = m.fence;
		}
		if (acc < 0) {
			(*err)++;
			continue;
		}
		pfd.fd = acc;
		if (poll(&pfd, 1, 10000) != 1 || pfd.revents != POLLIN)
			(*err)++;
		else if (atomic_load(&t->signaled[r]) != N_PRODUCERS)
			(*err)++;
		close(acc);
	}
	return NULL;
}

static void test_threads(void)
{
	struct worker w[N_PRODUCERS + N_CONSUMERS];
	struct threads *t = calloc(1, sizeof(*t));
	int i, r;

	igt_assert(t);
	for (r = 0; r < N_ROUNDS; r++)
		for (i = 0; i < N_PRODUCERS; i++)
			fence_create(&t->fences[r][i]);
	for (i = 0; i < N_PRODUCERS + N_CONSUMERS; i++) {
		w[i].t = t;
		w[i].id = i < N_PRODUCERS ? i : i - N_PRODUCERS;
		igt_assert_eq(pthread_create(&w[i].thread, NULL,
					     i < N_PRODUCERS ? producer : consumer,
					     &w[i]), 0);
	}
	atomic_store(&t->go, 1);
	for (i = 0; i < N_PRODUCERS + N_CONSUMERS; i++)
		igt_assert_eq(pthread_join(w[i].thread, NULL), 0);
	for (i = 0; i < N_PRODUCERS + N_CONSUMERS; i++)
		igt_assert_f(t->errors[i] == 0, "%s %d: %d error(s)\n",
			     i < N_PRODUCERS ? "producer" : "consumer",
			     w[i].id, t->errors[i]);
	for (r = 0; r < N_ROUNDS; r++)
		for (i = 0; i < N_PRODUCERS; i++) {
			igt_assert_eq(fence_poll(t->fences[r][i].fd, 0), 1);
			close(t->fences[r][i].fd);
		}
	free(t);
}

/* Child: 0 if @fd is pending now and ready within 10 s. */
static int __attribute__((noreturn)) wait_child(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct sync_file_info info = { 0 };

	if (ioctl(fd, SYNC_IOC_FILE_INFO, &info) || info.num_fences != 1)
		_exit(3);
	if (poll(&pfd, 1, 0) != 0)
		_exit(4);
	if (poll(&pfd, 1, 10000) != 1)
		_exit(1);
	_exit(pfd.revents == POLLIN ? 0 : 2);
}

static void expect_child(pid_t pid, struct fence *f)
{
	int status = 0;

	sleep_ms(200);
	igt_assert_f(waitpid(pid, &status, WNOHANG) == 0,
		     "the child finished before the fence signaled (status %#x)\n",
		     status);
	fence_signal(f);
	igt_assert_eq(waitpid(pid, &status, 0), pid);
	igt_assert_f(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		     "child status %#x (exit 1: timed out, 2: bad revents, 3: FILE_INFO, 4: ready too early)\n",
		     status);
}

static void test_fork(void)
{
	struct fence f;
	pid_t pid;

	fence_create(&f);
	pid = fork();
	igt_assert_lte(0, pid);
	if (pid == 0)
		wait_child(f.fd);
	expect_child(pid, &f);
	close(f.fd);
}

static void test_unix_socket(void)
{
	struct fence f;
	int sv[2];
	pid_t pid;

	fence_create(&f);
	igt_assert_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	pid = fork();
	igt_assert_lte(0, pid);
	if (pid == 0) {
		char tag;
		int fd;

		/* Nothing inherited: only what comes over the socket. */
		close(f.fd);
		close(sv[0]);
		fd = __igt_recv_fd(sv[1], &tag);
		if (fd < 0)
			_exit(5);
		wait_child(fd);
	}
	close(sv[1]);
	igt_send_fd(sv[0], f.fd, 'f');
	/* The sender may close its copy: the message holds the file. */
	close(f.fd);
	expect_child(pid, &f);
	close(sv[0]);
}

igt_main
{
	igt_fixture {
		page_size = sysconf(_SC_PAGESIZE);
		signal(SIGPIPE, SIG_IGN);
		vgem = igt_vgem_open();
	}

	igt_describe("FILE_INFO with num_fences 0: the count and the status.");
	igt_subtest("info-count")
		test_info_count();

	igt_describe("FILE_INFO fence details before and after the signal.");
	igt_subtest("info-fence")
		test_info_fence();

	igt_describe("vgem fences' driver, timeline and sync_file names.");
	igt_subtest("fence-names")
		test_fence_names();

	igt_describe("FILE_INFO: flags, pad, too small, EFAULT, huge num_fences.");
	igt_subtest("info-invalid")
		test_info_invalid();

	igt_describe("MERGE: bad fd2, flags, pad, pointers; no fd leaks.");
	igt_subtest("merge-invalid")
		test_merge_invalid();

	igt_describe("MERGE names, with the 32-byte name not NUL-terminated.");
	igt_subtest("merge-name")
		test_merge_name();

	igt_describe("MERGE of a sync_file with itself.");
	igt_subtest("merge-self")
		test_merge_self();

	igt_describe("MERGE with signaled fences.");
	igt_subtest("merge-signaled")
		test_merge_signaled();

	igt_describe("MERGE of three fences, signaled one by one.");
	igt_subtest("merge-many")
		test_merge_many();

	igt_describe("Merged sync_files are close-on-exec.");
	igt_subtest("merge-cloexec")
		test_merge_cloexec();

	igt_describe("poll: not ready, then POLLIN once signaled.");
	igt_subtest("poll")
		test_poll();

	igt_describe("epoll on a sync_file wakes when the fence signals.");
	igt_subtest("epoll")
		test_epoll();

	igt_describe("sync_file ioctls on bad fds and files of other types.");
	igt_subtest("bad-fd")
		test_bad_fd();

	igt_describe("Unknown ioctls on a sync_file: ENOTTY.");
	igt_subtest("unknown-ioctl")
		test_unknown_ioctl();

	igt_describe("SYNC_IOC_SET_DEADLINE: ENOTTY in 6.1; fencepost has it.");
	igt_subtest("set-deadline")
		test_set_deadline();

	igt_describe("vgem's own 10 s timeout signals the fence (IGT_SLOW=1).");
	igt_subtest("vgem-timeout")
		test_vgem_timeout();

	igt_describe("Producer threads signal, consumer threads merge and wait.");
	igt_subtest("threads")
		test_threads();

	igt_describe("A child waits on an inherited sync_file.");
	igt_subtest("fork")
		test_fork();

	igt_describe("A sync_file passed over a unix socket to another process.");
	igt_subtest("unix-socket")
		test_unix_socket();

	igt_fixture {
		close(vgem);
	}
}
