// SPDX-License-Identifier: GPL-2.0-only
/*
 * dma_buf: conformance of the dma-buf file uAPI (llseek, mmap, poll,
 * DMA_BUF_IOCTL_SYNC, DMA_BUF_SET_NAME, fdinfo, close-on-exec,
 * DMA_BUF_IOCTL_EXPORT_SYNC_FILE and IMPORT_SYNC_FILE, bad input), as
 * Linux 6.1 behaves, on dma-bufs and fences made through vgem's uAPI
 * (lib/igt_vgem.h: IGT_VGEM=stock or IGT_VGEM=fencepost). Every subtest
 * must pass against the stock kernel's vgem, the ground truth.
 */

#define _GNU_SOURCE	/* SEEK_DATA, SEEK_HOLE */

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
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/sync_file.h>

#include "lib/igt.h"
#include "lib/igt_vgem.h"

/* The hidden argument that makes the binary the exec helper (see below). */
#define EXEC_HELPER_ARG "--igt-dma-buf-exec-helper"

/*
 * The close-on-exec subtest re-executes this binary with
 * EXEC_HELPER_ARG FD: it exits 0 if FD is closed in the new image, 1 if it
 * is open, before main() (and the harness's option parsing) runs. glibc
 * passes argc and argv to constructors.
 */
__attribute__((constructor))
static void exec_helper(int argc, char **argv)
{
	int fd;

	if (argc != 3 || strcmp(argv[1], EXEC_HELPER_ARG) != 0)
		return;
	fd = atoi(argv[2]);
	_exit(fcntl(fd, F_GETFD) == -1 && errno == EBADF ? 0 : 1);
}

static int vgem = -1;
static long page_size;

struct buf {
	struct vgem_bo bo;
	int dmabuf;
};

#define BUF_PAGES 4

static void buf_create_flags(struct buf *b, uint32_t flags)
{
	int ret;

	vgem_create_size(vgem, &b->bo, BUF_PAGES * page_size);
	ret = __prime_handle_to_fd(vgem, b->bo.handle, flags, &b->dmabuf);
	igt_assert_f(ret == 0, "PRIME_HANDLE_TO_FD %#x: %s\n", flags,
		     strerror(-ret));
}

static void buf_create(struct buf *b)
{
	buf_create_flags(b, LOCAL_DRM_CLOEXEC | LOCAL_DRM_RDWR);
}

static void buf_destroy(struct buf *b)
{
	close(b->dmabuf);
	gem_close(vgem, b->bo.handle);
}

/* The events of @events that poll() reports ready now. */
static short poll_now(int fd, short events)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int ret = poll(&pfd, 1, 0);

	igt_assert_lte(0, ret);
	return ret ? pfd.revents : 0;
}

static bool sync_file_signaled(int fd)
{
	return poll_now(fd, POLLIN) == POLLIN;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = {
		.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000l,
	};

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static void set_name(int fd, unsigned long cmd, const char *name)
{
	igt_assert_f(igt_ioctl(fd, cmd, (void *)name) == 0,
		     "SET_NAME \"%s\": %s\n", name, strerror(errno));
}

/* The value of "@key:" in /proc/self/fdinfo/@fd, or false if none. */
static bool fdinfo_get(int fd, const char *key, char *val, size_t len)
{
	char path[64], line[256];
	size_t klen = strlen(key);
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "re");
	igt_assert_f(f, "open %s: %s\n", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *v;

		if (strncmp(line, key, klen) != 0 || line[klen] != ':')
			continue;
		v = line + klen + 1;
		if (*v == '\t')
			v++;
		v[strcspn(v, "\n")] = '\0';
		snprintf(val, len, "%s", v);
		found = true;
		break;
	}
	fclose(f);
	return found;
}

static unsigned long long fdinfo_num(int fd, const char *key, int base)
{
	char val[64];

	igt_assert_f(fdinfo_get(fd, key, val, sizeof(val)),
		     "no \"%s:\" line in fdinfo\n", key);
	return strtoull(val, NULL, base);
}

/* A closed descriptor number, a pipe end and a regular file. */
struct bad_fds {
	int closed, pipe[2], file;
};

static void bad_fds_open(struct bad_fds *b)
{
	char path[] = "/tmp/igt-dma-buf-XXXXXX";

	/* A number far above anything the tests open, closed at once. */
	b->closed = fcntl(vgem, F_DUPFD, 700);
	if (b->closed < 0)
		b->closed = 700;
	else
		close(b->closed);
	igt_assert_eq(pipe(b->pipe), 0);
	b->file = mkstemp(path);
	igt_assert_f(b->file >= 0, "mkstemp: %s\n", strerror(errno));
	unlink(path);
	igt_assert_lte(0, b->closed);
	igt_assert_eq(fcntl(b->closed, F_GETFD), -1);
}

static void bad_fds_close(struct bad_fds *b)
{
	close(b->pipe[0]);
	close(b->pipe[1]);
	close(b->file);
}

/* A dma_buf_sync, a name, an export or an import argument per ioctl. */
struct any_arg {
	union {
		struct dma_buf_sync sync;
		struct dma_buf_export_sync_file export;
		struct dma_buf_import_sync_file import;
		char name[DMA_BUF_NAME_LEN];
	};
};

/* SET_NAME takes the string itself as its argument, the others a struct. */
struct ioctl_case {
	const char *name;
	unsigned long cmd;
};

static const struct ioctl_case dma_buf_ioctls[] = {
	{ "DMA_BUF_IOCTL_SYNC", DMA_BUF_IOCTL_SYNC },
	{ "DMA_BUF_SET_NAME_A", DMA_BUF_SET_NAME_A },
	{ "DMA_BUF_SET_NAME_B", DMA_BUF_SET_NAME_B },
	{ "DMA_BUF_IOCTL_EXPORT_SYNC_FILE", DMA_BUF_IOCTL_EXPORT_SYNC_FILE },
	{ "DMA_BUF_IOCTL_IMPORT_SYNC_FILE", DMA_BUF_IOCTL_IMPORT_SYNC_FILE },
};
#define N_IOCTLS (sizeof(dma_buf_ioctls) / sizeof(dma_buf_ioctls[0]))

/* A valid argument for @c (on a buffer with no fences). */
static void valid_arg(const struct ioctl_case *c, struct any_arg *a,
		      int sync_file)
{
	memset(a, 0, sizeof(*a));
	if (c->cmd == DMA_BUF_IOCTL_SYNC)
		a->sync.flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW;
	else if (c->cmd == DMA_BUF_IOCTL_EXPORT_SYNC_FILE)
		a->export.flags = DMA_BUF_SYNC_RW;
	else if (c->cmd == DMA_BUF_IOCTL_IMPORT_SYNC_FILE)
		a->import = (struct dma_buf_import_sync_file) {
			.flags = DMA_BUF_SYNC_READ, .fd = sync_file,
		};
	else
		strcpy(a->name, "valid");
}

static void expect_ioctl_err(int fd, const struct ioctl_case *c, void *arg,
			     int err, const char *what)
{
	int ret = igt_ioctl(fd, c->cmd, arg);
	int e = ret ? errno : 0;

	igt_assert_f(ret == -1 && e == err,
		     "%s on %s: expected %s, got %s\n", c->name, what,
		     strerror(err), ret ? strerror(e) : "success");
}

/* A child of poll-wakeup-process: exits 0 once @fd polls ready for @events. */
static void __attribute__((noreturn)) poll_child(int fd, short events)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int ret = poll(&pfd, 1, 10000);

	_exit(ret == 1 && (pfd.revents & events) == events ? 0 :
	      ret == 0 ? 1 : 2);
}

struct poller {
	pthread_t thread;
	int fd;
	short events;
	int ret;
	short revents;
	atomic_bool done;
};

static void *poller_thread(void *data)
{
	struct poller *p = data;
	struct pollfd pfd = { .fd = p->fd, .events = p->events };

	p->ret = poll(&pfd, 1, 10000);
	p->revents = pfd.revents;
	atomic_store(&p->done, true);
	return NULL;
}

struct syncer {
	pthread_t thread;
	int fd;
	uint32_t flags;
	int ret, err;
	atomic_bool done;
};

static void *syncer_thread(void *data)
{
	struct syncer *s = data;
	struct dma_buf_sync arg = { .flags = s->flags };

	s->ret = ioctl(s->fd, DMA_BUF_IOCTL_SYNC, &arg);
	s->err = s->ret ? errno : 0;
	atomic_store(&s->done, true);
	return NULL;
}

/* Run the exec helper on @fd: true if @fd is closed in the new image. */
static bool fd_closed_across_exec(int fd)
{
	char arg[16];
	int status;
	pid_t pid;

	snprintf(arg, sizeof(arg), "%d", fd);
	pid = fork();
	igt_assert_lte(0, pid);
	if (pid == 0) {
		execl("/proc/self/exe", "dma_buf", EXEC_HELPER_ARG, arg,
		      (char *)NULL);
		_exit(2);
	}
	igt_assert_eq(waitpid(pid, &status, 0), pid);
	igt_assert_f(WIFEXITED(status) && WEXITSTATUS(status) <= 1,
		     "exec helper: status %#x\n", status);
	return WEXITSTATUS(status) == 0;
}

/*
 * Whether two fds are on one dma-buf: a name set through one shows through
 * the other (inode numbers would not tell on fencepost, whose dma-bufs
 * share one anonymous inode). Leaves a name on @a.
 */
static bool same_dma_buf(int a, int b)
{
	static unsigned int seq;
	char name[DMA_BUF_NAME_LEN], val[64];

	snprintf(name, sizeof(name), "same-%d-%u", getpid(), ++seq);
	set_name(a, DMA_BUF_SET_NAME_B, name);
	return fdinfo_get(b, "name", val, sizeof(val)) &&
	       strcmp(val, name) == 0;
}

static void test_vgem_basic(void)
{
	struct local_drm_get_cap cap = { .capability = LOCAL_DRM_CAP_PRIME };
	struct local_drm_vgem_fence_attach attach = { 0 };
	struct local_drm_vgem_fence_signal sig = { 0 };
	uint32_t handle, rfence, rfence2, wfence, f;
	struct buf b;
	int fd2;

	do_ioctl(vgem, LOCAL_DRM_IOCTL_GET_CAP, &cap);
	igt_assert_eq(cap.value,
		      LOCAL_DRM_PRIME_CAP_IMPORT | LOCAL_DRM_PRIME_CAP_EXPORT);
	/*
	 * vgem has dumb buffers but no KMS: DRM answers the caps that need
	 * KMS, DUMB_BUFFER among them, with EOPNOTSUPP.
	 */
	cap = (struct local_drm_get_cap){ .capability = LOCAL_DRM_CAP_DUMB_BUFFER };
	do_ioctl_err(vgem, LOCAL_DRM_IOCTL_GET_CAP, &cap, EOPNOTSUPP);

	buf_create(&b);
	igt_assert_eq_u64(b.bo.size, BUF_PAGES * page_size);

	/* The same object exports to the same dma-buf and back. */
	fd2 = prime_handle_to_fd(vgem, b.bo.handle);
	igt_assert(same_dma_buf(fd2, b.dmabuf));
	handle = prime_fd_to_handle(vgem, fd2);
	igt_assert_eq(handle, b.bo.handle);
	close(fd2);

	/* Attach: flags, pad, handle checked; conflicts are -EBUSY. */
	attach.handle = b.bo.handle;
	attach.flags = 2;
	do_ioctl_err(vgem, LOCAL_DRM_IOCTL_VGEM_FENCE_ATTACH, &attach, EINVAL);
	attach.flags = 0;
	attach.pad = 1;
	do_ioctl_err(vgem, LOCAL_DRM_IOCTL_VGEM_FENCE_ATTACH, &attach, EINVAL);
	igt_assert_eq(__vgem_fence_attach(vgem, b.bo.handle + 1000, 0, &f),
		      -ENOENT);

	rfence = vgem_fence_attach(vgem, b.bo.handle, 0);
	rfence2 = vgem_fence_attach(vgem, b.bo.handle, 0);
	igt_assert_neq(rfence, rfence2);
	igt_assert_eq(__vgem_fence_attach(vgem, b.bo.handle,
					  LOCAL_VGEM_FENCE_WRITE, &f), -EBUSY);
	vgem_fence_signal(vgem, rfence);
	vgem_fence_signal(vgem, rfence2);
	wfence = vgem_fence_attach(vgem, b.bo.handle, LOCAL_VGEM_FENCE_WRITE);
	igt_assert_eq(__vgem_fence_attach(vgem, b.bo.handle, 0, &f), -EBUSY);
	igt_assert_eq(__vgem_fence_attach(vgem, b.bo.handle,
					  LOCAL_VGEM_FENCE_WRITE, &f), -EBUSY);

	/* Signal: flags checked; an unknown or consumed fence is -ENOENT. */
	sig.fence = wfence;
	sig.flags = 1;
	do_ioctl_err(vgem, LOCAL_DRM_IOCTL_VGEM_FENCE_SIGNAL, &sig, EINVAL);
	vgem_fence_signal(vgem, wfence);
	igt_assert_eq(__vgem_fence_signal(vgem, wfence), -ENOENT);
	igt_assert_eq(__vgem_fence_signal(vgem, wfence + 1000), -ENOENT);
	igt_assert_eq(__vgem_fence_signal(vgem, 0), -ENOENT);

	buf_destroy(&b);
}

static void test_prime_import(void)
{
	struct bad_fds bad;
	uint32_t handle, h2, fence;
	struct buf b;
	int vgem2, fd;

	buf_create(&b);
	bad_fds_open(&bad);

	/* PRIME_FD_TO_HANDLE asks the dma-buf core for the dma-buf. */
	igt_assert_eq(__prime_fd_to_handle(vgem, -1, &handle), -EBADF);
	igt_assert_eq(__prime_fd_to_handle(vgem, bad.closed, &handle), -EBADF);
	igt_assert_eq(__prime_fd_to_handle(vgem, bad.pipe[0], &handle), -EINVAL);
	igt_assert_eq(__prime_fd_to_handle(vgem, bad.file, &handle), -EINVAL);
	fd = vgem_fence_sync_file(vgem, &fence);
	igt_assert_eq(__prime_fd_to_handle(vgem, fd, &handle), -EINVAL);
	vgem_fence_signal(vgem, fence);
	close(fd);

	/* Another file on the device gets its own handle, same buffer. */
	vgem2 = __igt_vgem_open(igt_vgem_backend());
	igt_assert_lte(0, vgem2);
	h2 = prime_fd_to_handle(vgem2, b.dmabuf);
	igt_assert_eq(prime_fd_to_handle(vgem2, b.dmabuf), h2);
	fence = vgem_fence_attach(vgem2, h2, LOCAL_VGEM_FENCE_WRITE);
	igt_assert_eq(poll_now(b.dmabuf, POLLIN | POLLOUT), 0);
	/* The importer's fence blocks the exporter's file too. */
	igt_assert_eq(__vgem_fence_attach(vgem, b.bo.handle, 0, &handle),
		      -EBUSY);
	vgem_fence_signal(vgem2, fence);
	igt_assert_eq(poll_now(b.dmabuf, POLLIN | POLLOUT), POLLIN | POLLOUT);
	{
		int fd2 = prime_handle_to_fd(vgem2, h2);

		/* Re-exporting the import gives the same dma-buf back. */
		igt_assert(same_dma_buf(fd2, b.dmabuf));
		close(fd2);
	}
	gem_close(vgem2, h2);
	close(vgem2);

	bad_fds_close(&bad);
	buf_destroy(&b);
}

static void test_device_close(void)
{
	struct vgem_bo bo;
	uint32_t fence, *map;
	int vgem2, dmabuf, sf;

	vgem2 = __igt_vgem_open(igt_vgem_backend());
	igt_assert_lte(0, vgem2);
	vgem_create_size(vgem2, &bo, page_size);
	dmabuf = prime_handle_to_fd(vgem2, bo.handle);
	map = mmap(NULL, bo.size, PROT_READ | PROT_WRITE, MAP_SHARED, dmabuf, 0);
	igt_assert(map != MAP_FAILED);
	map[0] = 0xdeadbeef;
	fence = vgem_fence_attach(vgem2, bo.handle, LOCAL_VGEM_FENCE_WRITE);
	sf = dmabuf_export_sync_file(dmabuf, DMA_BUF_SYNC_READ);
	igt_assert(!sync_file_signaled(sf));
	(void)fence;

	/* vgem signals a file's fences when the file closes ... */
	close(vgem2);
	igt_assert(sync_file_signaled(sf));
	igt_assert_eq(poll_now(dmabuf, POLLIN | POLLOUT), POLLIN | POLLOUT);
	/* ... and the dma-buf outlives it, with its pages. */
	igt_assert_eq_u64(map[0], 0xdeadbeef);
	igt_assert_eq(lseek(dmabuf, 0, SEEK_END), (off_t)bo.size);
	munmap(map, bo.size);
	map = mmap(NULL, bo.size, PROT_READ, MAP_SHARED, dmabuf, 0);
	igt_assert(map != MAP_FAILED);
	igt_assert_eq_u64(map[0], 0xdeadbeef);
	munmap(map, bo.size);
	/* It can be imported back into another file. */
	{
		uint32_t h = prime_fd_to_handle(vgem, dmabuf);

		gem_close(vgem, h);
	}
	close(sf);
	close(dmabuf);
}

static void test_llseek(void)
{
	static const struct { off_t off; int whence; } bad[] = {
		{ 0, SEEK_CUR }, { 1, SEEK_CUR }, { -1, SEEK_CUR },
		{ 1, SEEK_SET }, { -1, SEEK_SET }, { 4096, SEEK_SET },
		{ 1, SEEK_END }, { -1, SEEK_END }, { -4096, SEEK_END },
		{ 0, SEEK_DATA }, { 0, SEEK_HOLE }, { 4096, SEEK_DATA },
		{ 0, 5 }, { 0, -1 },
	};
	struct buf b;
	unsigned int i;

	buf_create(&b);
	igt_assert_eq(lseek(b.dmabuf, 0, SEEK_END), (off_t)b.bo.size);
	igt_assert_eq(lseek(b.dmabuf, 0, SEEK_SET), 0);
	/* Twice: the size does not depend on a position. */
	igt_assert_eq(lseek(b.dmabuf, 0, SEEK_END), (off_t)b.bo.size);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		off_t ret = lseek(b.dmabuf, bad[i].off, bad[i].whence);

		igt_assert_f(ret == -1 && errno == EINVAL,
			     "lseek(%lld, %d): expected EINVAL, got %lld (%s)\n",
			     (long long)bad[i].off, bad[i].whence,
			     (long long)ret, strerror(errno));
	}
	igt_assert_eq(lseek(b.dmabuf, 0, SEEK_END), (off_t)b.bo.size);
	buf_destroy(&b);
}

static void test_mmap(void)
{
	uint32_t *dev, *dma;
	struct buf b;
	size_t i, n;

	buf_create(&b);
	n = b.bo.size / sizeof(uint32_t);
	dev = vgem_mmap(vgem, &b.bo, PROT_READ | PROT_WRITE);
	dma = mmap(NULL, b.bo.size, PROT_READ | PROT_WRITE, MAP_SHARED,
		   b.dmabuf, 0);
	igt_assert_f(dma != MAP_FAILED, "mmap dma-buf: %s\n", strerror(errno));

	/* A new buffer reads as zeroes. */
	for (i = 0; i < n; i++)
		igt_assert_eq(dma[i], 0);
	/* Device writes show through the dma-buf mapping ... */
	for (i = 0; i < n; i++)
		dev[i] = 0xc0de0000u ^ i;
	for (i = 0; i < n; i++)
		igt_assert_eq_u64(dma[i], 0xc0de0000u ^ i);
	/* ... and the other way round. */
	for (i = 0; i < n; i++)
		dma[i] = ~i;
	for (i = 0; i < n; i++)
		igt_assert_eq_u64(dev[i], (uint32_t)~i);
	munmap(dma, b.bo.size);

	/*
	 * A mapping at an offset inside the buffer is allowed. Which page it
	 * shows is the exporter's business, not the dma-buf core's: stock
	 * vgem's (drm_gem_shmem's) fault handler in 6.1 ignores vm_pgoff
	 * and shows page 0 at any offset, so it is only reported here.
	 */
	dma = mmap(NULL, page_size, PROT_READ, MAP_SHARED, b.dmabuf,
		   (BUF_PAGES - 1) * page_size);
	igt_assert_f(dma != MAP_FAILED, "mmap last page: %s\n",
		     strerror(errno));
	igt_info("mmap at page %d shows page %lu\n", BUF_PAGES - 1,
		 (unsigned long)((uint32_t)~dma[0] / (page_size / 4)));
	munmap(dma, page_size);
	munmap(dev, b.bo.size);

	/* The mapping outlives the fd and the handle. */
	dma = mmap(NULL, b.bo.size, PROT_READ, MAP_SHARED, b.dmabuf, 0);
	igt_assert(dma != MAP_FAILED);
	buf_destroy(&b);
	igt_assert_eq_u64(dma[1], (uint32_t)~1u);
	munmap(dma, b.bo.size);
}

static void test_mmap_bounds(void)
{
	static const struct { long pages, pgoff; } bad[] = {
		{ BUF_PAGES + 1, 0 },		/* longer than the buffer */
		{ 1, BUF_PAGES },		/* offset at the end */
		{ 1, BUF_PAGES + 10 },		/* past the end */
		{ 2, BUF_PAGES - 1 },		/* straddles the end */
		{ BUF_PAGES, 1 },
	};
	struct buf b;
	unsigned int i;
	void *p;

	buf_create(&b);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		p = mmap(NULL, bad[i].pages * page_size, PROT_READ, MAP_SHARED,
			 b.dmabuf, bad[i].pgoff * page_size);
		igt_assert_f(p == MAP_FAILED && errno == EINVAL,
			     "mmap %ld pages at page %ld of %d: expected EINVAL, got %s\n",
			     bad[i].pages, bad[i].pgoff, BUF_PAGES,
			     p == MAP_FAILED ? strerror(errno) : "a mapping");
	}
	/* Not page aligned: the VFS refuses it before the dma-buf sees it. */
	p = mmap(NULL, page_size, PROT_READ, MAP_SHARED, b.dmabuf, 1);
	igt_assert(p == MAP_FAILED && errno == EINVAL);
	/* The whole buffer is fine. */
	p = mmap(NULL, b.bo.size, PROT_READ, MAP_SHARED, b.dmabuf, 0);
	igt_assert(p != MAP_FAILED);
	munmap(p, b.bo.size);
	buf_destroy(&b);
}

static void test_mmap_readonly(void)
{
	char val[32];
	struct buf b;
	void *p;

	/* A fresh object: PRIME reuses the first export's file and mode. */
	buf_create_flags(&b, LOCAL_DRM_CLOEXEC);
	igt_assert(fdinfo_get(b.dmabuf, "flags", val, sizeof(val)));
	igt_assert_eq(strtoul(val, NULL, 8) & O_ACCMODE, O_RDONLY);

	p = mmap(NULL, b.bo.size, PROT_READ, MAP_SHARED, b.dmabuf, 0);
	igt_assert_f(p != MAP_FAILED, "PROT_READ: %s\n", strerror(errno));
	munmap(p, b.bo.size);
	p = mmap(NULL, b.bo.size, PROT_READ | PROT_WRITE, MAP_SHARED,
		 b.dmabuf, 0);
	igt_assert_f(p == MAP_FAILED && errno == EACCES,
		     "PROT_WRITE, MAP_SHARED on a read-only fd: expected EACCES, got %s\n",
		     p == MAP_FAILED ? strerror(errno) : "a mapping");
	/* Nor can a read-only shared mapping become writable. */
	p = mmap(NULL, b.bo.size, PROT_READ, MAP_SHARED, b.dmabuf, 0);
	igt_assert(p != MAP_FAILED);
	igt_assert_eq(mprotect(p, b.bo.size, PROT_READ | PROT_WRITE), -1);
	igt_assert_eq(errno, EACCES);
	munmap(p, b.bo.size);

	/* The ioctls do not look at the file's mode. */
	{
		struct dma_buf_sync arg = {
			.flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE,
		};
		int sf;

		do_ioctl(b.dmabuf, DMA_BUF_IOCTL_SYNC, &arg);
		arg.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE;
		do_ioctl(b.dmabuf, DMA_BUF_IOCTL_SYNC, &arg);
		set_name(b.dmabuf, DMA_BUF_SET_NAME_B, "read-only");
		sf = dmabuf_export_sync_file(b.dmabuf, DMA_BUF_SYNC_RW);
		dmabuf_import_sync_file(b.dmabuf, DMA_BUF_SYNC_WRITE, sf);
		close(sf);
	}
	buf_destroy(&b);
}

static void test_poll_idle(void)
{
	struct buf b;

	buf_create(&b);
	igt_assert_eq(poll_now(b.dmabuf, POLLIN | POLLOUT), POLLIN | POLLOUT);
	igt_assert_eq(poll_now(b.dmabuf, POLLIN), POLLIN);
	igt_assert_eq(poll_now(b.dmabuf, POLLOUT), POLLOUT);
	/* Nothing else is ever reported. */
	igt_assert_eq(poll_now(b.dmabuf, POLLPRI), 0);
	buf_destroy(&b);
}

static void test_poll_read_fence(void)
{
	uint32_t fence, fence2;
	struct buf b;

	buf_create(&b);
	fence = vgem_fence_attach(vgem, b.bo.handle, 0);
	/* Readers wait only for writers; writers wait for everyone. */
	igt_assert_eq(poll_now(b.dmabuf, POLLIN | POLLOUT), POLLIN);
	igt_assert_eq(poll_now(b.dmabuf, POLLOUT), 0);
	igt_assert_eq(poll_now(b.dmabuf, POLLIN), POLLIN);

	fence2 = vgem_fence_attach(vgem, b.bo.handle, 0);
	vgem_fence_signal(vgem, fence);
	igt_assert_eq(poll_now(b.dmabuf, POLLIN | POLLOUT), POLLIN);
	vgem_fence_signal(vgem, fence2);
	igt_assert_eq(poll_now(b.dmabuf, POLLIN | POLLOUT), POLLIN | POLLOUT);
	buf_destroy(&b);
}

static void test_poll_write_fence(void)
{
	uint32_t fence;
	struct buf b;

	buf_create(&b);
	fence = vgem_fence_attach(vgem, b.bo.handle, LOCAL_VGEM_FENCE_WRITE);
	igt_assert_eq(poll_now(b.dmabuf, POLLIN | POLLOUT), 0);
	igt_assert_eq(poll_now(b.dmabuf, POLLIN), 0);
	igt_assert_eq(poll_now(b.dmabuf, POLLOUT), 0);
	vgem_fence_signal(vgem, fence);
	igt_assert_eq(poll_now(b.dmabuf, POLLIN | POLLOUT), POLLIN | POLLOUT);

	/* The buffer can be fenced again, and is busy again. */
	fence = vgem_fence_attach(vgem, b.bo.handle, LOCAL_VGEM_FENCE_WRITE);
	igt_assert_eq(poll_now(b.dmabuf, POLLIN | POLLOUT), 0);
	vgem_fence_signal(vgem, fence);
	igt_assert_eq(poll_now(b.dmabuf, POLLIN | POLLOUT), POLLIN | POLLOUT);
	buf_destroy(&b);
}

#define N_POLLERS 3

/*
 * Several threads wait for @events at once: the first one's poll arms the
 * buffer's one callback for that event, the others find it busy and just
 * wait; the signal must wake them all.
 */
static void test_poll_wakeup_thread(short events, uint32_t flags)
{
	struct poller p[N_POLLERS];
	uint32_t fence;
	struct buf b;
	int i;

	buf_create(&b);
	fence = vgem_fence_attach(vgem, b.bo.handle, flags);
	for (i = 0; i < N_POLLERS; i++) {
		p[i] = (struct poller){ .fd = b.dmabuf, .events = events };
		igt_assert_eq(pthread_create(&p[i].thread, NULL,
					     poller_thread, &p[i]), 0);
	}
	sleep_ms(200);
	for (i = 0; i < N_POLLERS; i++)
		igt_assert_f(!atomic_load(&p[i].done),
			     "poller %d returned %d (revents %#x) before the fence signaled\n",
			     i, p[i].ret, p[i].revents);
	vgem_fence_signal(vgem, fence);
	for (i = 0; i < N_POLLERS; i++) {
		igt_assert_eq(pthread_join(p[i].thread, NULL), 0);
		igt_assert_eq(p[i].ret, 1);
		igt_assert_eq(p[i].revents, events);
	}
	buf_destroy(&b);
}

static void test_poll_wakeup_process(void)
{
	uint32_t fence;
	struct buf b;
	int status;
	pid_t pid;

	buf_create(&b);
	fence = vgem_fence_attach(vgem, b.bo.handle, LOCAL_VGEM_FENCE_WRITE);
	pid = fork();
	igt_assert_lte(0, pid);
	if (pid == 0)
		poll_child(b.dmabuf, POLLIN);
	sleep_ms(200);
	igt_assert_f(waitpid(pid, &status, WNOHANG) == 0,
		     "the child's poll returned before the fence signaled (status %#x)\n",
		     status);
	vgem_fence_signal(vgem, fence);
	igt_assert_eq(waitpid(pid, &status, 0), pid);
	igt_assert_f(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		     "child: status %#x (1: poll timed out, 2: poll failed)\n",
		     status);
	buf_destroy(&b);
}

static void test_poll_epoll(void)
{
	struct epoll_event ev, out[2];
	uint32_t rfence, wfence;
	struct buf b, c;
	int ep;

	buf_create(&b);
	buf_create(&c);
	ep = epoll_create1(EPOLL_CLOEXEC);
	igt_assert_lte(0, ep);
	wfence = vgem_fence_attach(vgem, b.bo.handle, LOCAL_VGEM_FENCE_WRITE);
	rfence = vgem_fence_attach(vgem, c.bo.handle, 0);
	ev = (struct epoll_event){ .events = EPOLLIN, .data.fd = b.dmabuf };
	igt_assert_eq(epoll_ctl(ep, EPOLL_CTL_ADD, b.dmabuf, &ev), 0);
	ev = (struct epoll_event){ .events = EPOLLOUT, .data.fd = c.dmabuf };
	igt_assert_eq(epoll_ctl(ep, EPOLL_CTL_ADD, c.dmabuf, &ev), 0);
	igt_assert_eq(epoll_wait(ep, out, 2, 50), 0);

	vgem_fence_signal(vgem, wfence);
	igt_assert_eq(epoll_wait(ep, out, 2, 1000), 1);
	igt_assert_eq(out[0].data.fd, b.dmabuf);
	igt_assert_eq(out[0].events, EPOLLIN);

	vgem_fence_signal(vgem, rfence);
	igt_assert_eq(epoll_wait(ep, out, 2, 1000), 2);
	igt_assert_eq(out[0].events | out[1].events, EPOLLIN | EPOLLOUT);
	close(ep);
	buf_destroy(&c);
	buf_destroy(&b);
}

static void test_sync_valid(void)
{
	static const uint32_t dirs[] = {
		DMA_BUF_SYNC_READ, DMA_BUF_SYNC_WRITE, DMA_BUF_SYNC_RW,
	};
	struct dma_buf_sync arg;
	unsigned int i;
	struct buf b;
	uint32_t *p;

	buf_create(&b);
	p = mmap(NULL, b.bo.size, PROT_READ | PROT_WRITE, MAP_SHARED,
		 b.dmabuf, 0);
	igt_assert(p != MAP_FAILED);
	for (i = 0; i < 3; i++) {
		arg.flags = DMA_BUF_SYNC_START | dirs[i];
		do_ioctl(b.dmabuf, DMA_BUF_IOCTL_SYNC, &arg);
		p[i] = i + 1;
		arg.flags = DMA_BUF_SYNC_END | dirs[i];
		do_ioctl(b.dmabuf, DMA_BUF_IOCTL_SYNC, &arg);
		igt_assert_eq(p[i], i + 1);
	}
	/* END without START, twice START: no state is tracked. */
	arg.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW;
	do_ioctl(b.dmabuf, DMA_BUF_IOCTL_SYNC, &arg);
	arg.flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ;
	do_ioctl(b.dmabuf, DMA_BUF_IOCTL_SYNC, &arg);
	do_ioctl(b.dmabuf, DMA_BUF_IOCTL_SYNC, &arg);
	munmap(p, b.bo.size);
	/* It needs no mapping either. */
	arg.flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW;
	do_ioctl(b.dmabuf, DMA_BUF_IOCTL_SYNC, &arg);
	buf_destroy(&b);
}

static void test_sync_invalid(void)
{
	static const uint64_t bad[] = {
		0,				/* START, no direction */
		DMA_BUF_SYNC_END,		/* END, no direction */
		DMA_BUF_SYNC_RW | 8,
		DMA_BUF_SYNC_READ | 0x10,
		DMA_BUF_SYNC_WRITE | (1ull << 31),
		DMA_BUF_SYNC_RW | (1ull << 32),
		DMA_BUF_SYNC_RW | DMA_BUF_SYNC_END | (1ull << 63),
		~0ull,
	};
	struct dma_buf_sync arg;
	unsigned int i;
	struct buf b;

	buf_create(&b);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		arg.flags = bad[i];
		do_ioctl_err(b.dmabuf, DMA_BUF_IOCTL_SYNC, &arg, EINVAL);
	}
	buf_destroy(&b);
}

/* DMA_BUF_IOCTL_SYNC with @flags on @fd, from a thread; returns its result. */
static int sync_now(int fd, uint64_t flags)
{
	struct syncer s = { .fd = fd, .flags = flags };

	igt_assert_eq(pthread_create(&s.thread, NULL, syncer_thread, &s), 0);
	igt_assert_eq(pthread_join(s.thread, NULL), 0);
	return s.ret;
}

/*
 * DMA_BUF_IOCTL_SYNC with @flags on @fd must block until vgem @fence
 * signals: still blocked after 200 ms, done once the fence is signaled.
 */
static void sync_blocks_on(int fd, uint64_t flags, uint32_t fence,
			   const char *what)
{
	struct syncer s = { .fd = fd, .flags = flags };

	igt_assert_eq(pthread_create(&s.thread, NULL, syncer_thread, &s), 0);
	sleep_ms(200);
	igt_assert_f(!atomic_load(&s.done),
		     "%s returned %d before the fence signaled\n", what, s.ret);
	vgem_fence_signal(vgem, fence);
	igt_assert_eq(pthread_join(s.thread, NULL), 0);
	igt_assert_eq(s.ret, 0);
}

static void test_sync_waits(void)
{
	uint32_t fence;
	struct buf b;

	buf_create(&b);

	/* A read access waits for no reader. */
	fence = vgem_fence_attach(vgem, b.bo.handle, 0);
	igt_assert_eq(sync_now(b.dmabuf, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ),
		      0);
	igt_assert_eq(poll_now(b.dmabuf, POLLOUT), 0);

	/* A write access waits for the reader. */
	sync_blocks_on(b.dmabuf, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE, fence,
		       "SYNC_START|WRITE with a read fence");

	/* A read access waits for a writer. */
	fence = vgem_fence_attach(vgem, b.bo.handle, LOCAL_VGEM_FENCE_WRITE);
	sync_blocks_on(b.dmabuf, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ, fence,
		       "SYNC_START|READ with a write fence");

	/* END never waits. */
	fence = vgem_fence_attach(vgem, b.bo.handle, LOCAL_VGEM_FENCE_WRITE);
	igt_assert_eq(sync_now(b.dmabuf, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW), 0);
	igt_assert_eq(poll_now(b.dmabuf, POLLIN), 0);
	vgem_fence_signal(vgem, fence);
	buf_destroy(&b);
}

static void expect_name(int fd, const char *name)
{
	char val[128];

	igt_assert_f(fdinfo_get(fd, "name", val, sizeof(val)),
		     "no name: line, expected \"%s\"\n", name);
	igt_assert_f(strcmp(val, name) == 0,
		     "fdinfo name \"%s\", expected \"%s\"\n", val, name);
}

static void test_set_name(void)
{
	char name[DMA_BUF_NAME_LEN + 8], val[128];
	struct buf b;
	void *bad;

	buf_create(&b);
	/* No name until one is set. */
	igt_assert(!fdinfo_get(b.dmabuf, "name", val, sizeof(val)));

	set_name(b.dmabuf, DMA_BUF_SET_NAME_A, "first");
	expect_name(b.dmabuf, "first");
	set_name(b.dmabuf, DMA_BUF_SET_NAME_B, "second");
	expect_name(b.dmabuf, "second");
	set_name(b.dmabuf, DMA_BUF_SET_NAME, "third");
	expect_name(b.dmabuf, "third");

	/* The name is the dma-buf's: every fd on it shows it. */
	{
		int fd2 = prime_handle_to_fd(vgem, b.bo.handle);

		expect_name(fd2, "third");
		close(fd2);
	}

	/* DMA_BUF_NAME_LEN counts the NUL: 31 characters fit ... */
	memset(name, 'n', DMA_BUF_NAME_LEN - 1);
	name[DMA_BUF_NAME_LEN - 1] = '\0';
	set_name(b.dmabuf, DMA_BUF_SET_NAME_B, name);
	expect_name(b.dmabuf, name);

	/* ... 32 do not, and a refused name leaves the old one. */
	memset(name, 'x', DMA_BUF_NAME_LEN);
	name[DMA_BUF_NAME_LEN] = '\0';
	do_ioctl_err(b.dmabuf, DMA_BUF_SET_NAME_B, name, EINVAL);
	memset(name, 'y', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	do_ioctl_err(b.dmabuf, DMA_BUF_SET_NAME_A, name, EINVAL);
	memset(name, 'n', DMA_BUF_NAME_LEN - 1);
	name[DMA_BUF_NAME_LEN - 1] = '\0';
	expect_name(b.dmabuf, name);

	/* Bad pointers. */
	do_ioctl_err(b.dmabuf, DMA_BUF_SET_NAME_B, NULL, EFAULT);
	bad = igt_fault_page();
	do_ioctl_err(b.dmabuf, DMA_BUF_SET_NAME_A, bad, EFAULT);
	munmap(bad, page_size);
	expect_name(b.dmabuf, name);

	/* An empty name is a name: an empty name: line. */
	set_name(b.dmabuf, DMA_BUF_SET_NAME_B, "");
	expect_name(b.dmabuf, "");

	/* Renaming works while there are fences. */
	{
		uint32_t fence = vgem_fence_attach(vgem, b.bo.handle,
						   LOCAL_VGEM_FENCE_WRITE);

		set_name(b.dmabuf, DMA_BUF_SET_NAME_B, "busy");
		expect_name(b.dmabuf, "busy");
		vgem_fence_signal(vgem, fence);
	}
	buf_destroy(&b);
}

/* Where /proc/self/fd/@fd points. */
static void fd_link(int fd, char *link, size_t len)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, link, len - 1);
	igt_assert_f(n >= 0, "readlink %s: %s\n", path, strerror(errno));
	link[n] = '\0';
}

static void test_file_identity(void)
{
	struct stat st, st2, st_other;
	char link[128];
	struct buf b, other;
	int fd2;

	buf_create(&b);
	buf_create(&other);
	fd2 = prime_handle_to_fd(vgem, b.bo.handle);
	igt_assert_eq(fstat(b.dmabuf, &st), 0);
	igt_assert_eq(fstat(fd2, &st2), 0);
	igt_assert_eq(fstat(other.dmabuf, &st_other), 0);
	fd_link(b.dmabuf, link, sizeof(link));
	igt_info("unnamed: %s, st_ino %llu (other buffer %llu), st_size %lld\n",
		 link, (unsigned long long)st.st_ino,
		 (unsigned long long)st_other.st_ino, (long long)st.st_size);

	/* Either way, every fd of a dma-buf is the same file. */
	igt_assert_eq_u64(st.st_ino, st2.st_ino);
	igt_assert_eq_u64(st.st_dev, st2.st_dev);

	/*
	 * Each dma-buf has an inode of its own on the dmabuf pseudo
	 * filesystem, sized like the buffer; its dentries are named
	 * "/dmabuf:<name>", which /proc/<pid>/fd (and lsof) show, with the
	 * name DMA_BUF_SET_NAME gave.
	 */
	igt_assert_neq_u64(st.st_ino, st_other.st_ino);
	igt_assert_eq(st.st_size, (off_t)b.bo.size);
	igt_assert_f(strcmp(link, "/dmabuf:") == 0, "unnamed: \"%s\"\n", link);
	set_name(b.dmabuf, DMA_BUF_SET_NAME_B, "linked");
	fd_link(b.dmabuf, link, sizeof(link));
	igt_assert_f(strcmp(link, "/dmabuf:linked") == 0, "named: \"%s\"\n",
		     link);
	close(fd2);
	buf_destroy(&other);
	buf_destroy(&b);
}

static void test_fdinfo(void)
{
	char val[64];
	unsigned long long count;
	struct buf b;
	int fd2;

	buf_create(&b);
	igt_assert_eq_u64(fdinfo_num(b.dmabuf, "size", 10), b.bo.size);
	igt_assert_eq(fdinfo_num(b.dmabuf, "pos", 10), 0);
	igt_assert_eq(fdinfo_num(b.dmabuf, "flags", 8) &
		      (O_ACCMODE | O_CLOEXEC), O_RDWR | O_CLOEXEC);

	igt_assert(fdinfo_get(b.dmabuf, "exp_name", val, sizeof(val)));
	igt_info("exp_name: \"%s\"\n", val);
	igt_assert_neq(strlen(val), 0);
	/*
	 * The exporter's module: drm_prime exports stock vgem's buffers.
	 * Ours names its own module, which differs on purpose.
	 */
	if (igt_vgem_is_stock())
		igt_assert_f(strcmp(val, "drm") == 0,
			     "stock exp_name \"%s\", expected \"drm\"\n", val);

	/*
	 * count: the file's references, less the one fdinfo holds while it
	 * prints. Every fd and every dup adds one. The exporter may hold
	 * references of its own: stock vgem (DRM PRIME) holds two while the
	 * handle lives (the object's dma_buf pointer and the handle's PRIME
	 * cache entry), so one fd reads 3 there. Those are the exporter's,
	 * not the dma-buf core's: only stock's number is pinned.
	 */
	count = fdinfo_num(b.dmabuf, "count", 10);
	igt_info("count with one fd and the handle: %llu\n", count);
	igt_assert_lte(1, count);
	fd2 = dup(b.dmabuf);
	igt_assert_eq(fdinfo_num(b.dmabuf, "count", 10), count + 1);
	igt_assert_eq(fdinfo_num(fd2, "count", 10), count + 1);
	close(fd2);
	fd2 = prime_handle_to_fd(vgem, b.bo.handle);
	igt_assert_eq(fdinfo_num(b.dmabuf, "count", 10), count + 1);
	close(fd2);
	igt_assert_eq(fdinfo_num(b.dmabuf, "count", 10), count);
	/* A mapping holds the file too. */
	{
		void *p = mmap(NULL, b.bo.size, PROT_READ, MAP_SHARED,
			       b.dmabuf, 0);

		igt_assert(p != MAP_FAILED);
		igt_assert_eq(fdinfo_num(b.dmabuf, "count", 10), count + 1);
		munmap(p, b.bo.size);
		igt_assert_eq(fdinfo_num(b.dmabuf, "count", 10), count);
	}
	if (igt_vgem_is_stock())
		igt_assert_eq(count, 3);

	/* The lines, in Linux 6.1's order and format. */
	{
		char path[64], text[1024];
		const char *pos;
		ssize_t len;
		int fd;

		set_name(b.dmabuf, DMA_BUF_SET_NAME_B, "fdinfo-name");
		snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", b.dmabuf);
		fd = open(path, O_RDONLY);
		igt_assert_lte(0, fd);
		len = read(fd, text, sizeof(text) - 1);
		close(fd);
		igt_assert_lte(0, len);
		text[len] = '\0';
		pos = strstr(text, "size:\t");
		igt_assert_f(pos, "fdinfo:\n%s", text);
		snprintf(val, sizeof(val), "size:\t%llu\ncount:\t",
			 (unsigned long long)b.bo.size);
		igt_assert_f(strncmp(pos, val, strlen(val)) == 0,
			     "fdinfo:\n%s", text);
		pos = strstr(pos, "\nexp_name:\t");
		igt_assert_f(pos, "fdinfo:\n%s", text);
		pos = strchr(pos + 1, '\n');
		igt_assert_f(pos && strncmp(pos, "\nname:\tfdinfo-name\n", 19) == 0,
			     "fdinfo:\n%s", text);
	}
	buf_destroy(&b);
}

static void test_cloexec(void)
{
	struct buf b;
	int fd;

	buf_create(&b);
	igt_assert_eq(fcntl(b.dmabuf, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	igt_assert_f(fd_closed_across_exec(b.dmabuf),
		     "a DRM_CLOEXEC dma-buf fd survived exec\n");

	/* Without DRM_CLOEXEC the fd survives: the helper can tell. */
	igt_assert_eq(__prime_handle_to_fd(vgem, b.bo.handle, LOCAL_DRM_RDWR,
					   &fd), 0);
	igt_assert_eq(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
	igt_assert_f(!fd_closed_across_exec(fd),
		     "a dma-buf fd without DRM_CLOEXEC was closed by exec\n");
	close(fd);

	/* PRIME_HANDLE_TO_FD takes DRM_CLOEXEC and DRM_RDWR only. */
	igt_assert_eq(__prime_handle_to_fd(vgem, b.bo.handle,
					   LOCAL_DRM_CLOEXEC | O_NONBLOCK, &fd),
		      -EINVAL);
	buf_destroy(&b);
}

static void test_export_flags(void)
{
	static const uint32_t bad[] = {
		0, DMA_BUF_SYNC_END, DMA_BUF_SYNC_RW | DMA_BUF_SYNC_END,
		DMA_BUF_SYNC_READ | 8, 1u << 31, ~0u,
	};
	struct dma_buf_export_sync_file arg;
	unsigned int i;
	struct buf b;
	int before;

	buf_create(&b);
	before = igt_lowest_free_fd();
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		arg = (struct dma_buf_export_sync_file){ .flags = bad[i], .fd = -7 };
		do_ioctl_err(b.dmabuf, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &arg,
			     EINVAL);
		igt_assert_eq(arg.fd, -7);
	}
	igt_assert_eq(igt_lowest_free_fd(), before);
	buf_destroy(&b);
}

static void test_export_idle(void)
{
	static const uint32_t flags[] = {
		DMA_BUF_SYNC_READ, DMA_BUF_SYNC_WRITE, DMA_BUF_SYNC_RW,
	};
	struct sync_file_info info = { 0 };
	unsigned int i;
	struct buf b;
	int fd;

	buf_create(&b);
	for (i = 0; i < 3; i++) {
		fd = dmabuf_export_sync_file(b.dmabuf, flags[i]);
		igt_assert_eq(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
		igt_assert(sync_file_signaled(fd));
		/* A sync_file, with one signaled fence. */
		memset(&info, 0, sizeof(info));
		do_ioctl(fd, SYNC_IOC_FILE_INFO, &info);
		igt_assert_eq(info.num_fences, 1);
		igt_assert_eq(info.status, 1);
		/* The dma-fence core's signaled stub fence. */
		{
			struct sync_fence_info fi = { 0 };

			info = (struct sync_file_info){
				.num_fences = 1,
				.sync_fence_info = (uintptr_t)&fi,
			};
			do_ioctl(fd, SYNC_IOC_FILE_INFO, &info);
			igt_assert_f(strcmp(fi.driver_name, "stub") == 0 &&
				     strcmp(fi.obj_name, "stub") == 0,
				     "driver \"%s\", timeline \"%s\"\n",
				     fi.driver_name, fi.obj_name);
			igt_assert_eq(fi.status, 1);
		}
		close(fd);
	}
	buf_destroy(&b);
}

static void test_export_read_fence(void)
{
	int rd, wr, rw;
	uint32_t fence;
	struct buf b;

	buf_create(&b);
	fence = vgem_fence_attach(vgem, b.bo.handle, 0);
	rd = dmabuf_export_sync_file(b.dmabuf, DMA_BUF_SYNC_READ);
	wr = dmabuf_export_sync_file(b.dmabuf, DMA_BUF_SYNC_WRITE);
	rw = dmabuf_export_sync_file(b.dmabuf, DMA_BUF_SYNC_RW);
	/* A reader waits for writers only; a writer waits for readers. */
	igt_assert(sync_file_signaled(rd));
	igt_assert(!sync_file_signaled(wr));
	igt_assert(!sync_file_signaled(rw));
	vgem_fence_signal(vgem, fence);
	igt_assert(sync_file_signaled(wr));
	igt_assert(sync_file_signaled(rw));
	close(rd);
	close(wr);
	close(rw);
	buf_destroy(&b);
}

static void test_export_write_fence(void)
{
	int rd, wr, after;
	uint32_t fence;
	struct buf b;

	buf_create(&b);
	fence = vgem_fence_attach(vgem, b.bo.handle, LOCAL_VGEM_FENCE_WRITE);
	rd = dmabuf_export_sync_file(b.dmabuf, DMA_BUF_SYNC_READ);
	wr = dmabuf_export_sync_file(b.dmabuf, DMA_BUF_SYNC_WRITE);
	igt_assert(!sync_file_signaled(rd));
	igt_assert(!sync_file_signaled(wr));
	vgem_fence_signal(vgem, fence);
	igt_assert(sync_file_signaled(rd));
	igt_assert(sync_file_signaled(wr));

	/* A snapshot: fences attached later are not in it. */
	fence = vgem_fence_attach(vgem, b.bo.handle, LOCAL_VGEM_FENCE_WRITE);
	after = dmabuf_export_sync_file(b.dmabuf, DMA_BUF_SYNC_READ);
	igt_assert(sync_file_signaled(rd));
	igt_assert(!sync_file_signaled(after));
	vgem_fence_signal(vgem, fence);
	igt_assert(sync_file_signaled(after));
	close(rd);
	close(wr);
	close(after);
	buf_destroy(&b);
}

static uint32_t sync_file_count(int fd)
{
	struct sync_file_info info = { 0 };

	do_ioctl(fd, SYNC_IOC_FILE_INFO, &info);
	return info.num_fences;
}

static void test_export_fences(void)
{
	struct buf b, src;
	uint32_t r1, r2, w;
	int sf, rd, wr;

	buf_create(&b);
	buf_create(&src);
	/* Two readers: a write export holds both, a read export none. */
	r1 = vgem_fence_attach(vgem, b.bo.handle, 0);
	r2 = vgem_fence_attach(vgem, b.bo.handle, 0);
	wr = dmabuf_export_sync_file(b.dmabuf, DMA_BUF_SYNC_WRITE);
	rd = dmabuf_export_sync_file(b.dmabuf, DMA_BUF_SYNC_READ);
	igt_assert_eq(sync_file_count(wr), 2);
	igt_assert(sync_file_signaled(rd));
	close(rd);

	/* A writer beside them (imported: vgem would refuse it). */
	w = vgem_fence_attach(vgem, src.bo.handle, LOCAL_VGEM_FENCE_WRITE);
	sf = dmabuf_export_sync_file(src.dmabuf, DMA_BUF_SYNC_WRITE);
	dmabuf_import_sync_file(b.dmabuf, DMA_BUF_SYNC_WRITE, sf);
	close(sf);
	rd = dmabuf_export_sync_file(b.dmabuf, DMA_BUF_SYNC_READ);
	igt_assert_eq(sync_file_count(rd), 1);
	close(wr);
	wr = dmabuf_export_sync_file(b.dmabuf, DMA_BUF_SYNC_WRITE);
	igt_assert_eq(sync_file_count(wr), 3);
	igt_assert_eq(poll_now(b.dmabuf, POLLIN | POLLOUT), 0);

	vgem_fence_signal(vgem, w);
	igt_assert(sync_file_signaled(rd));
	igt_assert(!sync_file_signaled(wr));
	igt_assert_eq(poll_now(b.dmabuf, POLLIN | POLLOUT), POLLIN);
	vgem_fence_signal(vgem, r1);
	igt_assert(!sync_file_signaled(wr));
	vgem_fence_signal(vgem, r2);
	igt_assert(sync_file_signaled(wr));
	/* Signaled fences drop out of later exports. */
	close(wr);
	wr = dmabuf_export_sync_file(b.dmabuf, DMA_BUF_SYNC_WRITE);
	igt_assert(sync_file_signaled(wr));
	close(wr);
	close(rd);
	buf_destroy(&src);
	buf_destroy(&b);
}

static void test_export_efault(void)
{
	struct dma_buf_export_sync_file *arg;
	int before;
	struct buf b;
	void *bad;

	buf_create(&b);
	bad = igt_fault_page();
	do_ioctl_err(b.dmabuf, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, NULL, EFAULT);
	do_ioctl_err(b.dmabuf, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, bad, EFAULT);

	/* Readable but not writable: the fd cannot be returned, none leaks. */
	arg = mmap(NULL, page_size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	igt_assert(arg != MAP_FAILED);
	arg->flags = DMA_BUF_SYNC_RW;
	arg->fd = -1;
	igt_assert_eq(mprotect(arg, page_size, PROT_READ), 0);
	before = igt_lowest_free_fd();
	do_ioctl_err(b.dmabuf, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, arg, EFAULT);
	igt_assert_eq(igt_lowest_free_fd(), before);
	munmap(arg, page_size);
	munmap(bad, page_size);
	buf_destroy(&b);
}

static void test_import(uint32_t flags)
{
	struct buf src, dst;
	uint32_t fence;
	int sf, rd, wr;
	short busy = flags & DMA_BUF_SYNC_WRITE ? 0 : POLLIN;

	buf_create(&src);
	buf_create(&dst);
	fence = vgem_fence_attach(vgem, src.bo.handle, LOCAL_VGEM_FENCE_WRITE);
	sf = dmabuf_export_sync_file(src.dmabuf, DMA_BUF_SYNC_WRITE);
	dmabuf_import_sync_file(dst.dmabuf, flags, sf);

	/* As a read fence: readers go on, writers wait; as a write: none. */
	igt_assert_eq(poll_now(dst.dmabuf, POLLIN | POLLOUT), busy);
	rd = dmabuf_export_sync_file(dst.dmabuf, DMA_BUF_SYNC_READ);
	wr = dmabuf_export_sync_file(dst.dmabuf, DMA_BUF_SYNC_WRITE);
	igt_assert_eq(sync_file_signaled(rd), !!busy);
	igt_assert(!sync_file_signaled(wr));
	/* vgem sees the imported fence as a conflict too. */
	{
		uint32_t f;

		igt_assert_eq(__vgem_fence_attach(vgem, dst.bo.handle,
						  LOCAL_VGEM_FENCE_WRITE, &f),
			      -EBUSY);
	}

	vgem_fence_signal(vgem, fence);
	igt_assert_eq(poll_now(dst.dmabuf, POLLIN | POLLOUT), POLLIN | POLLOUT);
	igt_assert(sync_file_signaled(rd));
	igt_assert(sync_file_signaled(wr));
	close(rd);
	close(wr);
	close(sf);
	buf_destroy(&dst);
	buf_destroy(&src);
}

static void test_import_signaled(void)
{
	struct buf src, dst;
	uint32_t fence;
	int sf;

	buf_create(&src);
	buf_create(&dst);
	/* The stub fence of an idle buffer ... */
	sf = dmabuf_export_sync_file(src.dmabuf, DMA_BUF_SYNC_RW);
	dmabuf_import_sync_file(dst.dmabuf, DMA_BUF_SYNC_WRITE, sf);
	igt_assert_eq(poll_now(dst.dmabuf, POLLIN | POLLOUT), POLLIN | POLLOUT);
	close(sf);
	/* ... and a fence that has signaled change nothing. */
	fence = vgem_fence_attach(vgem, src.bo.handle, LOCAL_VGEM_FENCE_WRITE);
	sf = dmabuf_export_sync_file(src.dmabuf, DMA_BUF_SYNC_READ);
	vgem_fence_signal(vgem, fence);
	dmabuf_import_sync_file(dst.dmabuf, DMA_BUF_SYNC_RW, sf);
	igt_assert_eq(poll_now(dst.dmabuf, POLLIN | POLLOUT), POLLIN | POLLOUT);
	close(sf);
	buf_destroy(&dst);
	buf_destroy(&src);
}

static void test_import_merged(void)
{
	struct sync_merge_data merge = { .name = "two" };
	struct buf a, c, dst;
	uint32_t fa, fc;
	int sa, sc;

	buf_create(&a);
	buf_create(&c);
	buf_create(&dst);
	fa = vgem_fence_attach(vgem, a.bo.handle, LOCAL_VGEM_FENCE_WRITE);
	fc = vgem_fence_attach(vgem, c.bo.handle, LOCAL_VGEM_FENCE_WRITE);
	sa = dmabuf_export_sync_file(a.dmabuf, DMA_BUF_SYNC_READ);
	sc = dmabuf_export_sync_file(c.dmabuf, DMA_BUF_SYNC_READ);
	merge.fd2 = sc;
	do_ioctl(sa, SYNC_IOC_MERGE, &merge);
	/* Every fence of the sync_file goes into the buffer. */
	dmabuf_import_sync_file(dst.dmabuf, DMA_BUF_SYNC_WRITE, merge.fence);
	close(merge.fence);
	igt_assert_eq(poll_now(dst.dmabuf, POLLIN | POLLOUT), 0);
	vgem_fence_signal(vgem, fc);
	igt_assert_eq(poll_now(dst.dmabuf, POLLIN | POLLOUT), 0);
	vgem_fence_signal(vgem, fa);
	igt_assert_eq(poll_now(dst.dmabuf, POLLIN | POLLOUT), POLLIN | POLLOUT);
	close(sa);
	close(sc);
	buf_destroy(&dst);
	buf_destroy(&c);
	buf_destroy(&a);
}

static void test_import_invalid(void)
{
	static const uint32_t bad_flags[] = {
		0, DMA_BUF_SYNC_END, DMA_BUF_SYNC_RW | DMA_BUF_SYNC_END,
		DMA_BUF_SYNC_READ | 8, ~0u,
	};
	struct dma_buf_import_sync_file arg;
	struct bad_fds bad;
	struct buf b, other;
	unsigned int i;
	uint32_t fence;
	int sf;
	void *page;

	buf_create(&b);
	buf_create(&other);
	bad_fds_open(&bad);
	fence = vgem_fence_attach(vgem, other.bo.handle, LOCAL_VGEM_FENCE_WRITE);
	sf = dmabuf_export_sync_file(other.dmabuf, DMA_BUF_SYNC_WRITE);

	/* Flags first: even a good sync_file is refused. */
	for (i = 0; i < sizeof(bad_flags) / sizeof(bad_flags[0]); i++) {
		arg = (struct dma_buf_import_sync_file){
			.flags = bad_flags[i], .fd = sf,
		};
		do_ioctl_err(b.dmabuf, DMA_BUF_IOCTL_IMPORT_SYNC_FILE, &arg,
			     EINVAL);
	}
	/*
	 * Anything but a sync_file fd is -EINVAL, a bad descriptor too (no
	 * -EBADF: Linux 6.1 only asks sync_file_get_fence(), which does not
	 * say why it failed).
	 */
	{
		const struct { int fd; const char *what; } fds[] = {
			{ -1, "fd -1" },
			{ bad.closed, "a closed fd" },
			{ bad.pipe[0], "a pipe" },
			{ bad.file, "a regular file" },
			{ other.dmabuf, "a dma-buf" },
			{ b.dmabuf, "the dma-buf itself" },
			{ vgem, "the vgem device" },
		};

		for (i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
			arg = (struct dma_buf_import_sync_file){
				.flags = DMA_BUF_SYNC_RW, .fd = fds[i].fd,
			};
			if (igt_ioctl(b.dmabuf, DMA_BUF_IOCTL_IMPORT_SYNC_FILE,
				      &arg) == 0 || errno != EINVAL)
				igt_assert_f(false,
					     "import of %s: expected EINVAL, got %s\n",
					     fds[i].what, strerror(errno));
		}
	}
	do_ioctl_err(b.dmabuf, DMA_BUF_IOCTL_IMPORT_SYNC_FILE, NULL, EFAULT);
	page = igt_fault_page();
	do_ioctl_err(b.dmabuf, DMA_BUF_IOCTL_IMPORT_SYNC_FILE, page, EFAULT);
	munmap(page, page_size);

	/* None of it added a fence. */
	igt_assert_eq(poll_now(b.dmabuf, POLLIN | POLLOUT), POLLIN | POLLOUT);
	vgem_fence_signal(vgem, fence);
	close(sf);
	bad_fds_close(&bad);
	buf_destroy(&other);
	buf_destroy(&b);
}

static void test_bad_fd(void)
{
	struct bad_fds bad;
	struct any_arg a;
	unsigned int i;
	uint32_t fence;
	int sf;

	bad_fds_open(&bad);
	sf = vgem_fence_sync_file(vgem, &fence);
	for (i = 0; i < N_IOCTLS; i++) {
		const struct ioctl_case *c = &dma_buf_ioctls[i];
		void *arg = &a;
		struct buf b;

		/* The argument is good: a dma-buf takes it. */
		buf_create(&b);
		valid_arg(c, &a, sf);
		igt_assert_f(igt_ioctl(b.dmabuf, c->cmd, arg) == 0,
			     "%s on a dma-buf: %s\n", c->name, strerror(errno));
		if (c->cmd == DMA_BUF_IOCTL_EXPORT_SYNC_FILE)
			close(a.export.fd);
		buf_destroy(&b);

		valid_arg(c, &a, sf);
		expect_ioctl_err(-1, c, arg, EBADF, "fd -1");
		expect_ioctl_err(bad.closed, c, arg, EBADF, "a closed fd");
		expect_ioctl_err(bad.pipe[0], c, arg, ENOTTY, "a pipe");
		expect_ioctl_err(bad.file, c, arg, ENOTTY, "a regular file");
		expect_ioctl_err(sf, c, arg, ENOTTY, "a sync_file");
	}
	/* llseek and mmap on other files are not ours to test; poll is. */
	vgem_fence_signal(vgem, fence);
	close(sf);
	bad_fds_close(&bad);
}

static void test_unknown_ioctl(void)
{
	static const struct { unsigned long cmd; const char *what; } cmds[] = {
		{ _IO(DMA_BUF_BASE, 0), "_IO('b', 0)" },
		{ _IOR(DMA_BUF_BASE, 0, struct dma_buf_sync), "SYNC as _IOR" },
		{ _IOWR(DMA_BUF_BASE, 0, struct dma_buf_sync), "SYNC as _IOWR" },
		{ _IOW(DMA_BUF_BASE, 0, uint32_t), "SYNC with a u32" },
		{ _IOW(DMA_BUF_BASE, 1, uint16_t), "SET_NAME with a u16" },
		{ _IOR(DMA_BUF_BASE, 1, uint64_t), "SET_NAME as _IOR" },
		{ _IOW(DMA_BUF_BASE, 2, struct dma_buf_export_sync_file), "EXPORT as _IOW" },
		{ _IOWR(DMA_BUF_BASE, 3, struct dma_buf_import_sync_file), "IMPORT as _IOWR" },
		{ _IOWR(DMA_BUF_BASE, 4, uint64_t), "nr 4" },
		{ _IOWR(DMA_BUF_BASE, 0xff, uint64_t), "nr 255" },
		{ SYNC_IOC_MERGE, "SYNC_IOC_MERGE" },
		{ SYNC_IOC_FILE_INFO, "SYNC_IOC_FILE_INFO" },
		{ LOCAL_DRM_IOCTL_VERSION, "DRM_IOCTL_VERSION" },
		{ 0, "0" },
	};
	uint64_t arg[16] = { 0 };
	unsigned int i;
	struct buf b;

	buf_create(&b);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		int ret = igt_ioctl(b.dmabuf, cmds[i].cmd, arg);

		igt_assert_f(ret == -1 && errno == ENOTTY,
			     "%s (%#lx): expected ENOTTY, got %s\n",
			     cmds[i].what, cmds[i].cmd,
			     ret ? strerror(errno) : "success");
	}
	buf_destroy(&b);
}

static void test_efault(void)
{
	struct buf b;
	unsigned int i;
	void *page;

	buf_create(&b);
	page = igt_fault_page();
	for (i = 0; i < N_IOCTLS; i++) {
		const struct ioctl_case *c = &dma_buf_ioctls[i];

		expect_ioctl_err(b.dmabuf, c, NULL, EFAULT, "NULL");
		expect_ioctl_err(b.dmabuf, c, page, EFAULT, "a PROT_NONE page");
		expect_ioctl_err(b.dmabuf, c, (void *)-4096l, EFAULT,
				 "a kernel address");
	}
	munmap(page, page_size);
	/* The buffer is unharmed. */
	igt_assert_eq(poll_now(b.dmabuf, POLLIN | POLLOUT), POLLIN | POLLOUT);
	igt_assert(!fdinfo_get(b.dmabuf, "name", (char[8]){ 0 }, 8));
	buf_destroy(&b);
}

igt_main
{
	igt_fixture {
		page_size = sysconf(_SC_PAGESIZE);
		signal(SIGPIPE, SIG_IGN);
		vgem = igt_vgem_open();
	}

	igt_describe("vgem's uAPI as these tests use it: PRIME, fence attach and signal.");
	igt_subtest("vgem-basic")
		test_vgem_basic();

	igt_describe("PRIME import: bad fds, a second file, the same dma-buf.");
	igt_subtest("prime-import")
		test_prime_import();

	igt_describe("Closing the device signals its fences; the dma-buf lives on.");
	igt_subtest("device-close")
		test_device_close();

	igt_describe("llseek: SEEK_END and SEEK_SET with offset 0 only.");
	igt_subtest("llseek")
		test_llseek();

	igt_describe("mmap of the dma-buf shares the pages of the device mmap.");
	igt_subtest("mmap")
		test_mmap();

	igt_describe("mmap beyond the buffer's end fails with EINVAL.");
	igt_subtest("mmap-bounds")
		test_mmap_bounds();

	igt_describe("A read-only dma-buf fd maps read-only.");
	igt_subtest("mmap-readonly")
		test_mmap_readonly();

	igt_describe("poll without fences: EPOLLIN and EPOLLOUT ready.");
	igt_subtest("poll-idle")
		test_poll_idle();

	igt_describe("poll with a read fence: EPOLLIN ready, EPOLLOUT not.");
	igt_subtest("poll-read-fence")
		test_poll_read_fence();

	igt_describe("poll with a write fence: nothing ready until it signals.");
	igt_subtest("poll-write-fence")
		test_poll_write_fence();

	igt_describe("A thread blocked in poll wakes when the fence signals.");
	igt_subtest("poll-wakeup-thread-in")
		test_poll_wakeup_thread(POLLIN, LOCAL_VGEM_FENCE_WRITE);

	igt_subtest("poll-wakeup-thread-out")
		test_poll_wakeup_thread(POLLOUT, 0);

	igt_describe("A process blocked in poll wakes when the fence signals.");
	igt_subtest("poll-wakeup-process")
		test_poll_wakeup_process();

	igt_describe("epoll on dma-bufs wakes as their fences signal.");
	igt_subtest("poll-epoll")
		test_poll_epoll();

	igt_describe("DMA_BUF_IOCTL_SYNC with every valid flag combination.");
	igt_subtest("sync-valid")
		test_sync_valid();

	igt_describe("DMA_BUF_IOCTL_SYNC: unknown flags, no direction: EINVAL.");
	igt_subtest("sync-invalid")
		test_sync_invalid();

	igt_describe("DMA_BUF_SYNC_START waits for the conflicting fences.");
	igt_subtest("sync-waits")
		test_sync_waits();

	igt_describe("DMA_BUF_SET_NAME: fdinfo name:, length limit, EFAULT.");
	igt_subtest("set-name")
		test_set_name();

	igt_describe("fstat and /proc/self/fd of a dma-buf (/dmabuf:<name> on 6.1).");
	igt_subtest("file-identity")
		test_file_identity();

	igt_describe("fdinfo: size, count, exp_name and name lines.");
	igt_subtest("fdinfo")
		test_fdinfo();

	igt_describe("A DRM_CLOEXEC dma-buf fd is closed across exec.");
	igt_subtest("cloexec")
		test_cloexec();

	igt_describe("EXPORT_SYNC_FILE: flags must name READ and/or WRITE only.");
	igt_subtest("export-sync-file-flags")
		test_export_flags();

	igt_describe("EXPORT_SYNC_FILE of an idle buffer: a signaled sync_file.");
	igt_subtest("export-sync-file-idle")
		test_export_idle();

	igt_describe("EXPORT_SYNC_FILE with a read fence: READ ready, WRITE waits.");
	igt_subtest("export-sync-file-read-fence")
		test_export_read_fence();

	igt_describe("EXPORT_SYNC_FILE with a write fence: everything waits.");
	igt_subtest("export-sync-file-write-fence")
		test_export_write_fence();

	igt_describe("EXPORT_SYNC_FILE holds every fence of the usage asked for.");
	igt_subtest("export-sync-file-fences")
		test_export_fences();

	igt_describe("EXPORT_SYNC_FILE: EFAULT, and no fd leaks on it.");
	igt_subtest("export-sync-file-efault")
		test_export_efault();

	igt_describe("IMPORT_SYNC_FILE as a read fence.");
	igt_subtest("import-sync-file-read")
		test_import(DMA_BUF_SYNC_READ);

	igt_describe("IMPORT_SYNC_FILE as a write fence.");
	igt_subtest("import-sync-file-write")
		test_import(DMA_BUF_SYNC_WRITE);

	igt_subtest("import-sync-file-rw")
		test_import(DMA_BUF_SYNC_RW);

	igt_describe("IMPORT_SYNC_FILE of signaled fences leaves the buffer idle.");
	igt_subtest("import-sync-file-signaled")
		test_import_signaled();

	igt_describe("IMPORT_SYNC_FILE of a merged sync_file adds every fence.");
	igt_subtest("import-sync-file-merged")
		test_import_merged();

	igt_describe("IMPORT_SYNC_FILE: bad flags, non-sync_file fds, EFAULT.");
	igt_subtest("import-sync-file-invalid")
		test_import_invalid();

	igt_describe("dma-buf ioctls on bad fds and on files of other types.");
	igt_subtest("bad-fd")
		test_bad_fd();

	igt_describe("Unknown ioctls on a dma-buf: ENOTTY.");
	igt_subtest("unknown-ioctl")
		test_unknown_ioctl();

	igt_describe("Every dma-buf ioctl with a bad argument pointer: EFAULT.");
	igt_subtest("efault")
		test_efault();

	igt_fixture {
		close(vgem);
	}
}
