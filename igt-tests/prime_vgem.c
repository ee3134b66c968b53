// SPDX-License-Identifier: GPL-2.0-only
/*
 * TEST: prime_vgem
 * Description: sharing vgem buffers as dma-bufs, in the manner of IGT's
 *	prime_vgem: between processes (fork, and unix sockets with
 *	SCM_RIGHTS), coherency between the device mmap and the dma-buf mmap
 *	through DMA_BUF_IOCTL_SYNC, implicit sync seen through poll() and
 *	DMA_BUF_IOCTL_EXPORT_SYNC_FILE in another process, and busy buffers
 *	while a vgem fence is pending. IGT_VGEM picks the device
 *	(lib/igt_vgem.h): the stock vgem is the ground truth, every subtest
 *	but the last applies to it. The last, foreign-import, is fencepost's
 *	import of the stock kernel's dma-bufs (and the stock vgem's refusal of
 *	ours), so it needs both devices and skips on the stock backend.
 *
 * SUBTEST: basic-read	written through the device mmap, read through the
 *			dma-buf mmap
 * SUBTEST: basic-write	written through the dma-buf mmap between
 *			SYNC_START and SYNC_END, read through the device mmap
 * SUBTEST: basic-gtt	a second file imports the dma-buf and maps it
 *			through its own device mmap: the same pages both ways
 * SUBTEST: coherency-sync	a writer process fills the dma-buf mmap between
 *			SYNC_START/END(WRITE), the reader checks it between
 *			SYNC_START/END(READ), many rounds, handed over by pipe
 * SUBTEST: share-fork	a forked child inherits the dma-buf fd, imports it
 *			into its own device file and writes; the parent sees it
 * SUBTEST: share-socket	the dma-buf travels to an unrelated process
 *			over a unix socket (SCM_RIGHTS) and back again as the
 *			same buffer
 * SUBTEST: fence-wait	another process polls the dma-buf: blocked by a
 *			write fence until the vgem fence is signalled, then
 *			sees the data written before the signal
 * SUBTEST: busy	EXPORT_SYNC_FILE and poll() report busy/idle for
 *			read and write fences, in another process too
 * SUBTEST: fence-timeout-busy	an unsignalled fence keeps the buffer busy;
 *			with IGT_SLOW=1 vgem's 10 s timeout then idles it
 * SUBTEST: foreign-import	fencepost imports a stock vgem dma-buf (same
 *			handle again, same dma-buf exported back, no
 *			MAP_DUMB, the engine writes it, fences do not cross);
 *			the stock vgem refuses fencepost's dma-buf
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <drm/fencepost_vgem.h>
#include <linux/dma-buf.h>

#include "lib/igt.h"
#include "lib/igt_vgem.h"

/* Big enough for several pages, small enough for TCG. */
#define BO_WIDTH	256
#define BO_HEIGHT	64
#define BO_BPP		32

static int vgem = -1;

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void bo_create(int fd, struct vgem_bo *bo)
{
	memset(bo, 0, sizeof(*bo));
	bo->width = BO_WIDTH;
	bo->height = BO_HEIGHT;
	bo->bpp = BO_BPP;
	vgem_create(fd, bo);
}

/* The dma-buf's own mapping, MAP_SHARED. */
static uint32_t *dmabuf_mmap(int dmabuf, uint64_t size, int prot)
{
	void *ptr = mmap(NULL, size, prot, MAP_SHARED, dmabuf, 0);

	igt_assert_f(ptr != MAP_FAILED, "mmap of the dma-buf: %s\n",
		     strerror(errno));
	return ptr;
}

static void fill(uint32_t *ptr, uint64_t size, uint32_t seed)
{
	uint64_t i;

	for (i = 0; i < size / 4; i++)
		ptr[i] = seed ^ (uint32_t)i;
}

/* Asserts that @ptr holds what fill(@seed) wrote. */
static void check(const uint32_t *ptr, uint64_t size, uint32_t seed)
{
	uint64_t i;

	for (i = 0; i < size / 4; i++)
		igt_assert_f(ptr[i] == (seed ^ (uint32_t)i),
			     "word %llu: %#x, expected %#x\n",
			     (unsigned long long)i, ptr[i],
			     seed ^ (uint32_t)i);
}

static void dmabuf_sync(int dmabuf, uint64_t flags)
{
	struct dma_buf_sync s = { .flags = flags };

	do_ioctl(dmabuf, DMA_BUF_IOCTL_SYNC, &s);
}

/* poll() for @events: the events that became ready within @timeout_ms. */
static short poll_events(int fd, short events, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int ret;

	do {
		ret = poll(&pfd, 1, timeout_ms);
	} while (ret < 0 && errno == EINTR);
	igt_assert_lte(0, ret);
	return ret ? pfd.revents : 0;
}

/* Whether a sync_file is signalled now. */
static bool sync_file_signalled(int fd)
{
	return poll_events(fd, POLLIN, 0) & POLLIN;
}

/* Whether EXPORT_SYNC_FILE(@flags) gives a signalled sync_file now. */
static bool dmabuf_idle(int dmabuf, uint32_t flags)
{
	int sf = dmabuf_export_sync_file(dmabuf, flags);
	bool idle = sync_file_signalled(sf);

	close(sf);
	return idle;
}

/* One byte over a pipe or socket, to hand over between processes. */
static void send_byte(int fd, char c)
{
	igt_assert_eq(write(fd, &c, 1), 1);
}

static char recv_byte(int fd)
{
	char c = 0;

	igt_assert_eq(read(fd, &c, 1), 1);
	return c;
}

/* The same open file: the same dma-buf, whatever the fd. */
static bool same_file(int a, int b)
{
	struct stat sa, sb;

	igt_assert_eq(fstat(a, &sa), 0);
	igt_assert_eq(fstat(b, &sb), 0);
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* A new file on the selected device, for a child process. */
static int reopen(void)
{
	int fd = __igt_vgem_open(igt_vgem_backend());

	igt_assert_lte(0, fd);
	return fd;
}

static void test_basic_read(void)
{
	struct vgem_bo bo;
	uint32_t *dev, *ptr;
	int dmabuf;

	bo_create(vgem, &bo);
	dev = vgem_mmap(vgem, &bo, PROT_READ | PROT_WRITE);
	fill(dev, bo.size, 0x1234);

	dmabuf = prime_handle_to_fd(vgem, bo.handle);
	ptr = dmabuf_mmap(dmabuf, bo.size, PROT_READ);
	dmabuf_sync(dmabuf, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
	check(ptr, bo.size, 0x1234);
	dmabuf_sync(dmabuf, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);

	/* Later writes through the device show too. */
	fill(dev, bo.size, 0xabcd);
	check(ptr, bo.size, 0xabcd);

	munmap(ptr, bo.size);
	munmap(dev, bo.size);
	close(dmabuf);
	gem_close(vgem, bo.handle);
}

static void test_basic_write(void)
{
	struct vgem_bo bo;
	uint32_t *dev, *ptr;
	int dmabuf;

	bo_create(vgem, &bo);
	dmabuf = prime_handle_to_fd(vgem, bo.handle);
	ptr = dmabuf_mmap(dmabuf, bo.size, PROT_READ | PROT_WRITE);
	dmabuf_sync(dmabuf, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
	fill(ptr, bo.size, 0x5a5a);
	dmabuf_sync(dmabuf, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);

	/* The handle can go: the dma-buf keeps the object. */
	dev = vgem_mmap(vgem, &bo, PROT_READ);
	gem_close(vgem, bo.handle);
	check(dev, bo.size, 0x5a5a);

	munmap(ptr, bo.size);
	munmap(dev, bo.size);
	close(dmabuf);
}

static void test_basic_gtt(void)
{
	struct vgem_bo bo, imp;
	uint32_t *ptr1, *ptr2;
	int other, dmabuf;

	bo_create(vgem, &bo);
	dmabuf = prime_handle_to_fd(vgem, bo.handle);

	other = reopen();
	imp = bo;
	imp.handle = prime_fd_to_handle(other, dmabuf);
	/* A self-import: the same object, so the device maps it. */
	ptr1 = vgem_mmap(vgem, &bo, PROT_READ | PROT_WRITE);
	ptr2 = vgem_mmap(other, &imp, PROT_READ | PROT_WRITE);
	igt_assert(ptr1 != ptr2);

	fill(ptr1, bo.size, 0x600d);
	check(ptr2, bo.size, 0x600d);
	fill(ptr2, bo.size, 0xf00d);
	check(ptr1, bo.size, 0xf00d);

	munmap(ptr1, bo.size);
	munmap(ptr2, bo.size);
	close(dmabuf);
	close(other);
	gem_close(vgem, bo.handle);
}

#define SYNC_ROUNDS 32

static void test_coherency_sync(void)
{
	int to_writer[2], to_reader[2];
	struct vgem_bo bo;
	uint32_t *ptr;
	int dmabuf, r;

	bo_create(vgem, &bo);
	dmabuf = prime_handle_to_fd(vgem, bo.handle);
	igt_assert_eq(pipe(to_writer), 0);
	igt_assert_eq(pipe(to_reader), 0);

	igt_fork(child, 1) {
		uint32_t *w = dmabuf_mmap(dmabuf, bo.size,
					  PROT_READ | PROT_WRITE);
		int i;

		for (i = 0; i < SYNC_ROUNDS; i++) {
			igt_assert_eq(recv_byte(to_writer[0]), 'w');
			dmabuf_sync(dmabuf, DMA_BUF_SYNC_START |
				    DMA_BUF_SYNC_WRITE);
			fill(w, bo.size, 0x1000 + i);
			dmabuf_sync(dmabuf, DMA_BUF_SYNC_END |
				    DMA_BUF_SYNC_WRITE);
			send_byte(to_reader[1], 'r');
		}
		munmap(w, bo.size);
	}

	/* The reader: its own mapping, of the device this time. */
	ptr = vgem_mmap(vgem, &bo, PROT_READ);
	for (r = 0; r < SYNC_ROUNDS; r++) {
		send_byte(to_writer[1], 'w');
		igt_assert_eq(recv_byte(to_reader[0]), 'r');
		dmabuf_sync(dmabuf, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
		check(ptr, bo.size, 0x1000 + r);
		dmabuf_sync(dmabuf, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
	}
	igt_waitchildren();

	munmap(ptr, bo.size);
	close(to_writer[0]);
	close(to_writer[1]);
	close(to_reader[0]);
	close(to_reader[1]);
	close(dmabuf);
	gem_close(vgem, bo.handle);
}

static void test_share_fork(void)
{
	struct vgem_bo bo;
	uint32_t *ptr;
	int dmabuf;

	bo_create(vgem, &bo);
	dmabuf = prime_handle_to_fd(vgem, bo.handle);

	igt_fork(child, 1) {
		/* The inherited fd, imported into a file of the child's. */
		int fd = reopen();
		struct vgem_bo imp = bo;
		uint32_t *w;
		int again;

		imp.handle = prime_fd_to_handle(fd, dmabuf);
		w = vgem_mmap(fd, &imp, PROT_READ | PROT_WRITE);
		fill(w, imp.size, 0xc0de);
		/* Exporting the import gives the same dma-buf back. */
		again = prime_handle_to_fd(fd, imp.handle);
		igt_assert(same_file(again, dmabuf));
		close(again);
		munmap(w, imp.size);
		close(fd);
	}
	igt_waitchildren();

	ptr = vgem_mmap(vgem, &bo, PROT_READ);
	check(ptr, bo.size, 0xc0de);
	munmap(ptr, bo.size);
	close(dmabuf);
	gem_close(vgem, bo.handle);
}

static void test_share_socket(void)
{
	struct vgem_bo bo;
	int sv[2], dmabuf, back;
	uint32_t *ptr;
	char tag;

	igt_assert_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);

	/* The child starts before the buffer exists: it can only receive it. */
	igt_fork(child, 1) {
		int fd = reopen(), got;
		struct vgem_bo imp;
		uint32_t *w;
		char t;

		close(sv[0]);
		got = igt_recv_fd(sv[1], &t);
		igt_assert_eq(t, 'b');
		memset(&imp, 0, sizeof(imp));
		imp.size = lseek(got, 0, SEEK_END);
		igt_assert_lte(1, (long long)imp.size);
		imp.handle = prime_fd_to_handle(fd, got);

		w = vgem_mmap(fd, &imp, PROT_READ | PROT_WRITE);
		check(w, imp.size, 0x50c7);
		fill(w, imp.size, 0x7c05);
		munmap(w, imp.size);

		/* Back to the parent, exported from the child's handle. */
		igt_send_fd(sv[1], prime_handle_to_fd(fd, imp.handle), 'r');
		close(got);
		close(fd);
	}
	close(sv[1]);

	bo_create(vgem, &bo);
	ptr = vgem_mmap(vgem, &bo, PROT_READ | PROT_WRITE);
	fill(ptr, bo.size, 0x50c7);
	dmabuf = prime_handle_to_fd(vgem, bo.handle);
	igt_send_fd(sv[0], dmabuf, 'b');

	back = igt_recv_fd(sv[0], &tag);
	igt_assert_eq(tag, 'r');
	igt_waitchildren();

	/* It came back as the same dma-buf, to the same handle. */
	igt_assert(same_file(back, dmabuf));
	igt_assert_eq(prime_fd_to_handle(vgem, back), bo.handle);
	check(ptr, bo.size, 0x7c05);

	munmap(ptr, bo.size);
	close(back);
	close(dmabuf);
	close(sv[0]);
	gem_close(vgem, bo.handle);
}

static void test_fence_wait(void)
{
	struct vgem_bo bo;
	int sv[2], dmabuf;
	uint32_t *ptr, fence;

	igt_assert_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);

	igt_fork(child, 1) {
		uint32_t *r;
		uint64_t t0;
		int got;
		char t;

		close(sv[0]);
		got = igt_recv_fd(sv[1], &t);
		r = dmabuf_mmap(got, BO_WIDTH * BO_HEIGHT * 4, PROT_READ);

		/* A write fence: readers and writers wait. */
		igt_assert_eq(poll_events(got, POLLIN | POLLOUT, 0), 0);
		t0 = now_ms();
		send_byte(sv[1], 'p');
		igt_assert(poll_events(got, POLLIN, 10000) & POLLIN);
		/* The parent sleeps at least 100 ms before it signals. */
		igt_assert_lte(50, (long long)(now_ms() - t0));
		check(r, BO_WIDTH * BO_HEIGHT * 4, 0xfe11ce);
		igt_assert(poll_events(got, POLLOUT, 0) & POLLOUT);
		munmap(r, BO_WIDTH * BO_HEIGHT * 4);
		close(got);
	}
	close(sv[1]);

	bo_create(vgem, &bo);
	igt_assert_eq_u64(bo.size, BO_WIDTH * BO_HEIGHT * 4);
	dmabuf = prime_handle_to_fd(vgem, bo.handle);
	fence = vgem_fence_attach(vgem, bo.handle, LOCAL_VGEM_FENCE_WRITE);
	igt_send_fd(sv[0], dmabuf, 'f');

	/* The "device" writes while its fence is pending, then signals. */
	igt_assert_eq(recv_byte(sv[0]), 'p');
	ptr = vgem_mmap(vgem, &bo, PROT_READ | PROT_WRITE);
	fill(ptr, bo.size, 0xfe11ce);
	usleep(100 * 1000);
	vgem_fence_signal(vgem, fence);
	igt_waitchildren();

	munmap(ptr, bo.size);
	close(dmabuf);
	close(sv[0]);
	gem_close(vgem, bo.handle);
}

static void test_busy(void)
{
	struct vgem_bo bo;
	uint32_t rfence, wfence;
	int dmabuf, sf;

	bo_create(vgem, &bo);
	dmabuf = prime_handle_to_fd(vgem, bo.handle);
	igt_assert(dmabuf_idle(dmabuf, DMA_BUF_SYNC_READ));
	igt_assert(dmabuf_idle(dmabuf, DMA_BUF_SYNC_WRITE));

	/* A read fence: busy for writers only. */
	rfence = vgem_fence_attach(vgem, bo.handle, 0);
	igt_assert(dmabuf_idle(dmabuf, DMA_BUF_SYNC_READ));
	igt_assert(!dmabuf_idle(dmabuf, DMA_BUF_SYNC_WRITE));
	igt_assert_eq(poll_events(dmabuf, POLLIN | POLLOUT, 0), POLLIN);

	/* The same answers in another process. */
	igt_fork(child, 1) {
		igt_assert(dmabuf_idle(dmabuf, DMA_BUF_SYNC_READ));
		igt_assert(!dmabuf_idle(dmabuf, DMA_BUF_SYNC_WRITE));
		igt_assert_eq(poll_events(dmabuf, POLLIN | POLLOUT, 0), POLLIN);
	}
	igt_waitchildren();

	/* A sync_file taken while busy stays busy until the signal. */
	sf = dmabuf_export_sync_file(dmabuf, DMA_BUF_SYNC_WRITE);
	igt_assert(!sync_file_signalled(sf));
	vgem_fence_signal(vgem, rfence);
	igt_assert(sync_file_signalled(sf));
	close(sf);
	igt_assert(dmabuf_idle(dmabuf, DMA_BUF_SYNC_WRITE));

	/* A write fence: busy for both. */
	wfence = vgem_fence_attach(vgem, bo.handle, LOCAL_VGEM_FENCE_WRITE);
	igt_assert(!dmabuf_idle(dmabuf, DMA_BUF_SYNC_READ));
	igt_assert(!dmabuf_idle(dmabuf, DMA_BUF_SYNC_WRITE));
	igt_assert_eq(poll_events(dmabuf, POLLIN | POLLOUT, 0), 0);
	/* vgem refuses a second fence on a busy buffer. */
	igt_assert_eq(__vgem_fence_attach(vgem, bo.handle, 0, &rfence),
		      -EBUSY);
	igt_fork(child, 1) {
		igt_assert(!dmabuf_idle(dmabuf, DMA_BUF_SYNC_READ));
		igt_assert_eq(poll_events(dmabuf, POLLIN | POLLOUT, 0), 0);
	}
	igt_waitchildren();
	vgem_fence_signal(vgem, wfence);
	igt_assert(dmabuf_idle(dmabuf, DMA_BUF_SYNC_READ));
	igt_assert(dmabuf_idle(dmabuf, DMA_BUF_SYNC_WRITE));
	igt_assert_eq(poll_events(dmabuf, POLLIN | POLLOUT, 0),
		      POLLIN | POLLOUT);

	close(dmabuf);
	gem_close(vgem, bo.handle);
}

static void test_fence_timeout_busy(void)
{
	struct vgem_bo bo;
	uint32_t fence;
	uint64_t t0;
	int dmabuf;

	bo_create(vgem, &bo);
	dmabuf = prime_handle_to_fd(vgem, bo.handle);
	t0 = now_ms();
	fence = vgem_fence_attach(vgem, bo.handle, LOCAL_VGEM_FENCE_WRITE);

	/* Nobody signals: a second later the buffer is still busy. */
	igt_assert_eq(poll_events(dmabuf, POLLIN, 1000), 0);
	igt_assert(!dmabuf_idle(dmabuf, DMA_BUF_SYNC_READ));

	if (!getenv("IGT_SLOW")) {
		igt_info("vgem's 10 s timeout not waited for (IGT_SLOW=1)\n");
		vgem_fence_signal(vgem, fence);
	} else {
		/* vgem signals the fence itself after 10 s. */
		igt_assert(poll_events(dmabuf, POLLIN, 15000) & POLLIN);
		igt_assert_lte(8000, (long long)(now_ms() - t0));
		igt_assert(dmabuf_idle(dmabuf, DMA_BUF_SYNC_WRITE));
		igt_assert_eq(__vgem_fence_signal(vgem, fence), -ETIMEDOUT);
	}
	igt_assert(dmabuf_idle(dmabuf, DMA_BUF_SYNC_WRITE));

	close(dmabuf);
	gem_close(vgem, bo.handle);
}

/* foreign-import: fencepost's engine, to write an imported buffer. */
static int engine_fill(int fd, uint32_t handle, uint32_t value)
{
	struct drm_fencepost_vgem_ctx_create cc = { 0 };
	struct drm_fencepost_vgem_ctx_destroy cd = { 0 };
	struct drm_fencepost_vgem_bo b = {
		.handle = handle, .flags = FENCEPOST_VGEM_BO_WRITE,
	};
	struct drm_fencepost_vgem_submit s = {
		.op = FENCEPOST_VGEM_OP_FILL, .bos_ptr = (uintptr_t)&b,
		.bo_count = 1, .value = value, .out_fence = -1,
	};

	do_ioctl(fd, DRM_IOCTL_FENCEPOST_VGEM_CTX_CREATE, &cc);
	s.ctx_id = cc.ctx_id;
	do_ioctl(fd, DRM_IOCTL_FENCEPOST_VGEM_SUBMIT, &s);
	cd.ctx_id = cc.ctx_id;
	do_ioctl(fd, DRM_IOCTL_FENCEPOST_VGEM_CTX_DESTROY, &cd);
	igt_assert_lte(0, s.out_fence);
	return s.out_fence;
}

static void test_foreign_import(void)
{
	struct local_drm_mode_map_dumb md = { 0 };
	struct vgem_bo sbo, obo;
	uint32_t h, h2, sfence, ofence, *ptr;
	int stock, sbuf, obuf, back, out;
	uint64_t i;

	igt_require_f(!igt_vgem_is_stock(),
		      "fencepost's import of the stock kernel's dma-bufs\n");
	stock = __igt_vgem_open(IGT_VGEM_STOCK);
	igt_require_f(stock >= 0, "the stock vgem: modprobe vgem\n");

	/* The stock vgem refuses our dma-buf: not one of the kernel's. */
	bo_create(vgem, &obo);
	obuf = prime_handle_to_fd(vgem, obo.handle);
	igt_assert_eq(__prime_fd_to_handle(stock, obuf, &h), -EINVAL);

	/* Ours imports the stock vgem's, once per file. */
	bo_create(stock, &sbo);
	sbuf = prime_handle_to_fd(stock, sbo.handle);
	h = prime_fd_to_handle(vgem, sbuf);
	igt_assert_neq(h, 0);
	igt_assert_neq(h, obo.handle);
	igt_assert_eq(prime_fd_to_handle(vgem, sbuf), h);

	/* Exported back, it is the stock dma-buf itself. */
	back = prime_handle_to_fd(vgem, h);
	igt_assert(same_file(back, sbuf));
	igt_assert_eq(prime_fd_to_handle(vgem, back), h);
	close(back);

	/* No device mmap of imported memory, as drm says. */
	md.handle = h;
	do_ioctl_err(vgem, LOCAL_DRM_IOCTL_MODE_MAP_DUMB, &md, EINVAL);

	/* The engine writes the stock buffer; the stock mmap sees it. */
	out = engine_fill(vgem, h, 0x600dcafe);
	igt_assert(poll_events(out, POLLIN, 10000) & POLLIN);
	close(out);
	ptr = dmabuf_mmap(sbuf, sbo.size, PROT_READ);
	for (i = 0; i < sbo.size / 4; i++)
		igt_assert_eq_u64(ptr[i], 0x600dcafe);
	munmap(ptr, sbo.size);

	/* Copied into a buffer of ours by the engine, through its pages. */
	{
		struct drm_fencepost_vgem_ctx_create cc = { 0 };
		struct drm_fencepost_vgem_bo b[2] = {
			{ .handle = h, .flags = FENCEPOST_VGEM_BO_READ },
			{ .handle = obo.handle, .flags = FENCEPOST_VGEM_BO_WRITE },
		};
		struct drm_fencepost_vgem_submit s = {
			.op = FENCEPOST_VGEM_OP_COPY, .bos_ptr = (uintptr_t)b,
			.bo_count = 2, .out_fence = -1,
		};

		do_ioctl(vgem, DRM_IOCTL_FENCEPOST_VGEM_CTX_CREATE, &cc);
		s.ctx_id = cc.ctx_id;
		do_ioctl(vgem, DRM_IOCTL_FENCEPOST_VGEM_SUBMIT, &s);
		igt_assert(poll_events(s.out_fence, POLLIN, 10000) & POLLIN);
		close(s.out_fence);
		ptr = vgem_mmap(vgem, &obo, PROT_READ);
		for (i = 0; i < obo.size / 4 && i < sbo.size / 4; i++)
			igt_assert_eq_u64(ptr[i], 0x600dcafe);
		munmap(ptr, obo.size);
	}

	/*
	 * Fences do not cross. Ours on the import: the stock dma-buf stays
	 * idle for its own users.
	 */
	ofence = vgem_fence_attach(vgem, h, LOCAL_VGEM_FENCE_WRITE);
	igt_assert_eq(poll_events(sbuf, POLLIN | POLLOUT, 0), POLLIN | POLLOUT);
	igt_assert(dmabuf_idle(sbuf, DMA_BUF_SYNC_WRITE));
	/* ... but a second vgem fence of ours sees ours. */
	igt_assert_eq(__vgem_fence_attach(vgem, h, 0, &h2), -EBUSY);
	vgem_fence_signal(vgem, ofence);

	/* The stock vgem's fence: our engine does not wait for it. */
	sfence = vgem_fence_attach(stock, sbo.handle, LOCAL_VGEM_FENCE_WRITE);
	igt_assert(!dmabuf_idle(sbuf, DMA_BUF_SYNC_READ));
	out = engine_fill(vgem, h, 0x0badf00d);
	igt_assert(poll_events(out, POLLIN, 10000) & POLLIN);
	igt_assert(!dmabuf_idle(sbuf, DMA_BUF_SYNC_READ));
	close(out);
	vgem_fence_signal(stock, sfence);

	/* The import outlives everything but our handle. */
	close(sbuf);
	gem_close(stock, sbo.handle);
	out = engine_fill(vgem, h, 0x12345678);
	igt_assert(poll_events(out, POLLIN, 10000) & POLLIN);
	close(out);
	gem_close(vgem, h);

	close(obuf);
	gem_close(vgem, obo.handle);
	close(stock);
}

igt_main
{
	igt_fixture {
		vgem = igt_vgem_open();
	}

	igt_describe("The dma-buf mmap reads what the device mmap wrote.");
	igt_subtest("basic-read")
		test_basic_read();

	igt_describe("The device mmap reads what the dma-buf mmap wrote.");
	igt_subtest("basic-write")
		test_basic_write();

	igt_describe("Two files map one buffer through the device.");
	igt_subtest("basic-gtt")
		test_basic_gtt();

	igt_describe("Writer and reader processes, handed over by SYNC.");
	igt_subtest("coherency-sync")
		test_coherency_sync();

	igt_describe("A forked child shares the buffer through the fd.");
	igt_subtest("share-fork")
		test_share_fork();

	igt_describe("The buffer travels over a unix socket and back.");
	igt_subtest("share-socket")
		test_share_socket();

	igt_describe("poll() in another process waits for the vgem fence.");
	igt_subtest("fence-wait")
		test_fence_wait();

	igt_describe("Busy and idle through EXPORT_SYNC_FILE and poll().");
	igt_subtest("busy")
		test_busy();

	igt_describe("An unsignalled fence keeps the buffer busy.");
	igt_subtest("fence-timeout-busy")
		test_fence_timeout_busy();

	igt_describe("fencepost imports the stock kernel's dma-bufs.");
	igt_subtest("foreign-import")
		test_foreign_import();

	igt_fixture {
		close(vgem);
	}
}
