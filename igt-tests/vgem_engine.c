// SPDX-License-Identifier: GPL-2.0-only
/*
 * TEST: vgem_engine
 * Description: the virtual engine of fencepost's vgem device
 *	(<drm/fencepost_vgem.h>): contexts, job submission, in- and
 *	out-fences, implicit sync through the buffers' reservation objects,
 *	dependency ordering, error propagation, hang timeout, many contexts
 *	and many jobs in flight. The stock vgem has no engine: against it
 *	(IGT_VGEM=stock) every subtest skips.
 *
 * SUBTEST: ctx-create-destroy	contexts: ids, bad flags and pad, ENOENT
 * SUBTEST: submit-invalid	every argument check of SUBMIT
 * SUBTEST: out-fence		NOP jobs: sync_file out-fences, seqnos 1, 2, ...
 * SUBTEST: fill			FILL writes the pattern, seen through mmap
 * SUBTEST: in-fence		a sw_sync in-fence holds a job until signaled
 * SUBTEST: dependency-ordering	a COPY reading what a held FILL writes
 *				waits for it, on another context
 * SUBTEST: write-after-read	a FILL of a buffer that a held COPY reads
 *				waits for it: the copy sees the old data
 * SUBTEST: vgem-fence-dependency	a job waits for a vgem fence on its buffer
 * SUBTEST: error-propagation	FAIL: -EIO in the out-fence and in a merge
 * SUBTEST: hang-timeout		HANG: -ETIMEDOUT after the engine's timeout,
 *				later jobs of the context run after it
 * SUBTEST: hang-timeout-param	the timeout follows vgem_engine_timeout_ms
 * SUBTEST: many-contexts	64 contexts, one job each
 * SUBTEST: many-jobs-in-order	1000 jobs in flight over 4 contexts, each
 *				context's fences signal in seqno order
 * SUBTEST: poll-export-queued	poll and EXPORT_SYNC_FILE on a buffer with
 *				a queued writer, then a queued reader
 * SUBTEST: concurrent-submit	processes submitting jobs on the same four
 *				buffers in random orders: ww back-off, and
 *				implicit sync keeps the buffers consistent
 * SUBTEST: close-with-queued	destroying the context and closing the file
 *				leave queued jobs to complete
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
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <drm/fencepost_vgem.h>
#include <linux/dma-buf.h>
#include <linux/sw_sync.h>
#include <linux/sync_file.h>

#include "lib/igt.h"
#include "lib/igt_vgem.h"

#define WAIT_MS 5000

static int vgem = -1;
static long page_size;
static const char *sw_sync_path;

/* Engine helpers: __fn() returns 0 or -errno, fn() asserts. */

static int __ctx_create(int fd, uint32_t flags, uint32_t *id)
{
	struct drm_fencepost_vgem_ctx_create arg = { .flags = flags };

	if (igt_ioctl(fd, DRM_IOCTL_FENCEPOST_VGEM_CTX_CREATE, &arg))
		return -errno;
	*id = arg.ctx_id;
	return 0;
}

static uint32_t ctx_create(int fd)
{
	uint32_t id = 0;

	igt_assert_eq(__ctx_create(fd, 0, &id), 0);
	igt_assert_neq(id, 0);
	return id;
}

static int __ctx_destroy(int fd, uint32_t id, uint32_t pad)
{
	struct drm_fencepost_vgem_ctx_destroy arg = { .ctx_id = id, .pad = pad };

	return igt_ioctl(fd, DRM_IOCTL_FENCEPOST_VGEM_CTX_DESTROY, &arg) ?
		-errno : 0;
}

static void ctx_destroy(int fd, uint32_t id)
{
	igt_assert_eq(__ctx_destroy(fd, id, 0), 0);
}

struct job {
	uint32_t ctx;
	uint32_t op;
	uint32_t flags;
	uint32_t value;
	int in_fence;
	unsigned int count;
	struct drm_fencepost_vgem_bo bos[4];
	/* out: */
	int out_fence;
	uint64_t seqno;
};

static int __submit(int fd, struct job *j)
{
	struct drm_fencepost_vgem_submit arg = {
		.ctx_id = j->ctx,
		.op = j->op,
		.bos_ptr = (uintptr_t)j->bos,
		.bo_count = j->count,
		.flags = j->flags,
		.in_fence = j->in_fence,
		.value = j->value,
		.out_fence = -1,
	};

	if (igt_ioctl(fd, DRM_IOCTL_FENCEPOST_VGEM_SUBMIT, &arg))
		return -errno;
	j->out_fence = arg.out_fence;
	j->seqno = arg.seqno;
	return 0;
}

/* Submit @j; returns its out-fence. */
static int submit(int fd, struct job *j)
{
	int ret = __submit(fd, j);

	igt_assert_f(ret == 0, "SUBMIT: %s\n", strerror(-ret));
	igt_assert_lte(0, j->out_fence);
	return j->out_fence;
}

static void job_bo(struct job *j, uint32_t handle, uint32_t flags)
{
	j->bos[j->count].handle = handle;
	j->bos[j->count].flags = flags;
	j->count++;
}

/* A FILL of @handle with @value on @ctx; returns the out-fence. */
static int submit_fill(uint32_t ctx, uint32_t handle, uint32_t value,
		       uint32_t flags, int in_fence)
{
	struct job j = {
		.ctx = ctx, .op = FENCEPOST_VGEM_OP_FILL, .value = value,
		.flags = flags,
		.in_fence = flags & FENCEPOST_VGEM_SUBMIT_IN_FENCE ? in_fence : 0,
	};

	job_bo(&j, handle, FENCEPOST_VGEM_BO_WRITE);
	return submit(vgem, &j);
}

static int submit_nop(uint32_t ctx, uint32_t flags, int in_fence)
{
	struct job j = {
		.ctx = ctx, .flags = flags,
		.in_fence = flags & FENCEPOST_VGEM_SUBMIT_IN_FENCE ? in_fence : 0,
	};

	return submit(vgem, &j);
}

/* Fences. */

static int fence_poll(int fd, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int ret = poll(&pfd, 1, timeout_ms);

	igt_assert_lte(0, ret);
	return ret;
}

static int fence_status(int fd)
{
	struct sync_file_info info = { 0 };

	do_ioctl(fd, SYNC_IOC_FILE_INFO, &info);
	return info.status;
}

/* Wait for the sync_file @fd and return its status (1 or -errno). */
static int fence_wait(int fd)
{
	igt_assert_f(fence_poll(fd, WAIT_MS) == 1,
		     "fence not signaled within %d ms\n", WAIT_MS);
	return fence_status(fd);
}

/* The one fence of sync_file @fd. */
static void fence_info(int fd, struct sync_fence_info *fi)
{
	struct sync_file_info info = {
		.num_fences = 1, .sync_fence_info = (uintptr_t)fi,
	};

	do_ioctl(fd, SYNC_IOC_FILE_INFO, &info);
	igt_assert_eq(info.num_fences, 1);
}

static int merge(int fd1, int fd2)
{
	struct sync_merge_data data = { .fd2 = fd2 };

	strcpy(data.name, "merge");
	do_ioctl(fd1, SYNC_IOC_MERGE, &data);
	return data.fence;
}

static int timeline_create(void)
{
	int fd;

	igt_require_f(sw_sync_path, "no sw_sync node\n");
	fd = open(sw_sync_path, O_RDWR | O_CLOEXEC);
	igt_assert_f(fd >= 0, "open %s: %s\n", sw_sync_path, strerror(errno));
	return fd;
}

static int sw_fence(int timeline, uint32_t value)
{
	struct sw_sync_create_fence_data data = { .value = value };

	strcpy(data.name, "hold");
	do_ioctl(timeline, SW_SYNC_IOC_CREATE_FENCE, &data);
	return data.fence;
}

static void timeline_inc(int timeline, uint32_t count)
{
	do_ioctl(timeline, SW_SYNC_IOC_INC, &count);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
}

/* Buffers. */

struct buf {
	struct vgem_bo bo;
	uint32_t *map;
	int dmabuf;
};

static void buf_create(struct buf *b, unsigned int pages)
{
	vgem_create_size(vgem, &b->bo, pages * page_size);
	b->map = vgem_mmap(vgem, &b->bo, PROT_READ | PROT_WRITE);
	b->dmabuf = prime_handle_to_fd(vgem, b->bo.handle);
}

static void buf_destroy(struct buf *b)
{
	munmap(b->map, b->bo.size);
	close(b->dmabuf);
	gem_close(vgem, b->bo.handle);
}

/* Every 32-bit word of @b is @value. */
static void buf_check(const struct buf *b, uint32_t value)
{
	size_t i;

	for (i = 0; i < b->bo.size / 4; i++)
		igt_assert_f(b->map[i] == value,
			     "word %zu: %#x, expected %#x\n", i, b->map[i],
			     value);
}

static void buf_fill_cpu(struct buf *b, uint32_t value)
{
	size_t i;

	for (i = 0; i < b->bo.size / 4; i++)
		b->map[i] = value;
}

static int dmabuf_poll(int dmabuf, short events)
{
	struct pollfd pfd = { .fd = dmabuf, .events = events };

	igt_assert_lte(0, poll(&pfd, 1, 0));
	return pfd.revents;
}

/* Subtests. */

static void test_ctx_create_destroy(void)
{
	uint32_t a, b, id;

	a = ctx_create(vgem);
	b = ctx_create(vgem);
	igt_assert_neq(a, b);
	igt_assert_eq(__ctx_create(vgem, 1, &id), -EINVAL);
	igt_assert_eq(__ctx_destroy(vgem, a, 1), -EINVAL);
	ctx_destroy(vgem, a);
	igt_assert_eq(__ctx_destroy(vgem, a, 0), -ENOENT);
	igt_assert_eq(__ctx_destroy(vgem, 0, 0), -ENOENT);
	ctx_destroy(vgem, b);
}

static void test_submit_invalid(void)
{
	uint32_t ctx = ctx_create(vgem);
	struct job j;
	struct buf a, b;
	int ret;

	buf_create(&a, 1);
	buf_create(&b, 1);

#define EXPECT(err, ...) do { \
		memset(&j, 0, sizeof(j)); \
		j.ctx = ctx; \
		__VA_ARGS__; \
		ret = __submit(vgem, &j); \
		igt_assert_f(ret == (err), "%s: got %d (%s), expected %d\n", \
			     #__VA_ARGS__, ret, strerror(-ret), err); \
	} while (0)

	EXPECT(0, (void)0);
	close(j.out_fence);
	EXPECT(-ENOENT, j.ctx = ctx + 1000);
	EXPECT(-EINVAL, j.flags = 1u << 31);
	EXPECT(-EINVAL, j.op = 3);
	EXPECT(-EINVAL, j.value = 1);
	EXPECT(-EINVAL, j.in_fence = 1);
	EXPECT(-EINVAL, j.flags = FENCEPOST_VGEM_SUBMIT_IN_FENCE;
	       j.in_fence = a.dmabuf);
	EXPECT(-EINVAL, j.flags = FENCEPOST_VGEM_SUBMIT_IN_FENCE;
	       j.in_fence = -1);
	EXPECT(-ENOENT, job_bo(&j, a.bo.handle + 100, FENCEPOST_VGEM_BO_READ));
	EXPECT(-EINVAL, job_bo(&j, a.bo.handle, 0));
	EXPECT(-EINVAL, job_bo(&j, a.bo.handle, 4));
	EXPECT(-EINVAL, job_bo(&j, a.bo.handle, FENCEPOST_VGEM_BO_READ);
	       job_bo(&j, a.bo.handle, FENCEPOST_VGEM_BO_WRITE));
	EXPECT(-EINVAL, j.op = FENCEPOST_VGEM_OP_COPY;
	       job_bo(&j, a.bo.handle, FENCEPOST_VGEM_BO_WRITE));
	EXPECT(-EINVAL, j.op = FENCEPOST_VGEM_OP_COPY;
	       job_bo(&j, a.bo.handle, FENCEPOST_VGEM_BO_READ);
	       job_bo(&j, b.bo.handle, FENCEPOST_VGEM_BO_READ));
#undef EXPECT

	{
		struct drm_fencepost_vgem_submit arg = {
			.ctx_id = ctx, .bo_count = 1, .bos_ptr = 8,
		};

		do_ioctl_err(vgem, DRM_IOCTL_FENCEPOST_VGEM_SUBMIT, &arg,
			     EFAULT);
		arg.bo_count = FENCEPOST_VGEM_MAX_BOS + 1;
		do_ioctl_err(vgem, DRM_IOCTL_FENCEPOST_VGEM_SUBMIT, &arg,
			     EINVAL);
		arg.bo_count = 0;
		arg.bos_ptr = 0;
		arg.pad = 1;
		do_ioctl_err(vgem, DRM_IOCTL_FENCEPOST_VGEM_SUBMIT, &arg,
			     EINVAL);
	}

	/* Nothing was published: the buffers are idle. */
	igt_assert_eq(dmabuf_poll(a.dmabuf, POLLIN | POLLOUT), POLLIN | POLLOUT);
	buf_destroy(&a);
	buf_destroy(&b);
	ctx_destroy(vgem, ctx);
}

static void test_out_fence(void)
{
	uint32_t ctx = ctx_create(vgem), other = ctx_create(vgem);
	struct sync_fence_info fi[3];
	struct job j;
	int i, fd[3];

	for (i = 0; i < 3; i++) {
		memset(&j, 0, sizeof(j));
		j.ctx = ctx;
		fd[i] = submit(vgem, &j);
		igt_assert_eq_u64(j.seqno, i + 1);
		/* close-on-exec, like every sync_file fd the kernel makes */
		igt_assert(fcntl(fd[i], F_GETFD) & FD_CLOEXEC);
	}
	for (i = 0; i < 3; i++) {
		igt_assert_eq(fence_wait(fd[i]), 1);
		fence_info(fd[i], &fi[i]);
		igt_assert_eq(fi[i].status, 1);
		igt_assert(strcmp(fi[i].driver_name, "fencepost_vgem") == 0);
		if (i)
			igt_assert(fi[i].timestamp_ns >= fi[i - 1].timestamp_ns);
		close(fd[i]);
	}

	/* Another context is another timeline: its seqnos start at 1. */
	memset(&j, 0, sizeof(j));
	j.ctx = other;
	close(submit(vgem, &j));
	igt_assert_eq_u64(j.seqno, 1);
	ctx_destroy(vgem, ctx);
	ctx_destroy(vgem, other);
}

static void test_fill(void)
{
	uint32_t ctx = ctx_create(vgem);
	struct buf b;
	int fd;

	buf_create(&b, 4);
	buf_fill_cpu(&b, 0);
	fd = submit_fill(ctx, b.bo.handle, 0xc0ffee01, 0, -1);
	igt_assert_eq(fence_wait(fd), 1);
	buf_check(&b, 0xc0ffee01);
	close(fd);
	buf_destroy(&b);
	ctx_destroy(vgem, ctx);
}

static void test_in_fence(void)
{
	uint32_t ctx = ctx_create(vgem);
	int timeline = timeline_create();
	int hold = sw_fence(timeline, 1);
	struct buf b;
	int fd;

	buf_create(&b, 1);
	buf_fill_cpu(&b, 0x11111111);
	fd = submit_fill(ctx, b.bo.handle, 0x22222222,
			 FENCEPOST_VGEM_SUBMIT_IN_FENCE, hold);
	/* Held: not signaled, the buffer untouched. */
	igt_assert_eq(fence_poll(fd, 200), 0);
	igt_assert_eq(fence_status(fd), 0);
	buf_check(&b, 0x11111111);

	timeline_inc(timeline, 1);
	igt_assert_eq(fence_wait(fd), 1);
	buf_check(&b, 0x22222222);

	close(fd);
	close(hold);
	close(timeline);
	buf_destroy(&b);
	ctx_destroy(vgem, ctx);
}

static void test_dependency_ordering(void)
{
	uint32_t ctx_a = ctx_create(vgem), ctx_b = ctx_create(vgem);
	int timeline = timeline_create();
	int hold = sw_fence(timeline, 1);
	struct buf src, dst;
	struct job j = { .ctx = ctx_b, .op = FENCEPOST_VGEM_OP_COPY };
	int fa, fb;

	buf_create(&src, 2);
	buf_create(&dst, 2);
	buf_fill_cpu(&src, 0xaaaaaaaa);
	buf_fill_cpu(&dst, 0);

	/* A writes src, held by the in-fence; B copies src, only implicitly
	 * ordered after A (another context, no in-fence). */
	fa = submit_fill(ctx_a, src.bo.handle, 0x5a5a5a5a,
			 FENCEPOST_VGEM_SUBMIT_IN_FENCE, hold);
	job_bo(&j, src.bo.handle, FENCEPOST_VGEM_BO_READ);
	job_bo(&j, dst.bo.handle, FENCEPOST_VGEM_BO_WRITE);
	fb = submit(vgem, &j);

	igt_assert_eq(fence_poll(fb, 200), 0);
	buf_check(&dst, 0);

	timeline_inc(timeline, 1);
	igt_assert_eq(fence_wait(fb), 1);
	igt_assert_eq(fence_status(fa), 1);
	buf_check(&src, 0x5a5a5a5a);
	buf_check(&dst, 0x5a5a5a5a);

	close(fa);
	close(fb);
	close(hold);
	close(timeline);
	buf_destroy(&src);
	buf_destroy(&dst);
	ctx_destroy(vgem, ctx_a);
	ctx_destroy(vgem, ctx_b);
}

static void test_write_after_read(void)
{
	uint32_t ctx_r = ctx_create(vgem), ctx_w = ctx_create(vgem);
	int timeline = timeline_create();
	int hold = sw_fence(timeline, 1);
	struct job r = {
		.ctx = ctx_r, .op = FENCEPOST_VGEM_OP_COPY,
		.flags = FENCEPOST_VGEM_SUBMIT_IN_FENCE, .in_fence = hold,
	};
	struct buf src, dst;
	int fr, fw;

	buf_create(&src, 1);
	buf_create(&dst, 1);
	buf_fill_cpu(&src, 0x01d01d00);
	buf_fill_cpu(&dst, 0);

	/* R copies src (held); W overwrites src and must wait for R. */
	job_bo(&r, src.bo.handle, FENCEPOST_VGEM_BO_READ);
	job_bo(&r, dst.bo.handle, FENCEPOST_VGEM_BO_WRITE);
	fr = submit(vgem, &r);
	fw = submit_fill(ctx_w, src.bo.handle, 0x0e0e0e0e, 0, -1);

	igt_assert_eq(fence_poll(fw, 200), 0);
	buf_check(&src, 0x01d01d00);

	timeline_inc(timeline, 1);
	igt_assert_eq(fence_wait(fw), 1);
	igt_assert_eq(fence_status(fr), 1);
	buf_check(&dst, 0x01d01d00);
	buf_check(&src, 0x0e0e0e0e);

	close(fr);
	close(fw);
	close(hold);
	close(timeline);
	buf_destroy(&src);
	buf_destroy(&dst);
	ctx_destroy(vgem, ctx_r);
	ctx_destroy(vgem, ctx_w);
}

/* Write @ms to the engine's timeout parameter; returns 0 or -errno. */
static int set_engine_timeout_ms(unsigned int ms)
{
	FILE *f = fopen("/sys/module/fencepost/parameters/vgem_engine_timeout_ms",
			"w");
	int ret = 0;

	if (!f)
		return -errno;
	if (fprintf(f, "%u\n", ms) < 0)
		ret = -EIO;
	if (fclose(f))
		ret = -errno;
	return ret;
}

static void test_vgem_fence_dependency(void)
{
	uint32_t ctx = ctx_create(vgem);
	uint32_t vfence;
	struct buf b;
	int fd;

	buf_create(&b, 1);
	buf_fill_cpu(&b, 1);
	/* A reader waits for a vgem write fence on the buffer. */
	vfence = vgem_fence_attach(vgem, b.bo.handle, LOCAL_VGEM_FENCE_WRITE);
	{
		struct job j = { .ctx = ctx };

		job_bo(&j, b.bo.handle, FENCEPOST_VGEM_BO_READ);
		fd = submit(vgem, &j);
	}
	igt_assert_eq(fence_poll(fd, 200), 0);
	vgem_fence_signal(vgem, vfence);
	igt_assert_eq(fence_wait(fd), 1);
	close(fd);

	/* The vgem fence is signaled: a writer runs at once. */
	fd = submit_fill(ctx, b.bo.handle, 2, 0, -1);
	igt_assert_eq(fence_wait(fd), 1);
	buf_check(&b, 2);
	close(fd);
	buf_destroy(&b);
	ctx_destroy(vgem, ctx);
}

static void test_error_propagation(void)
{
	uint32_t ctx = ctx_create(vgem), ctx2 = ctx_create(vgem);
	int timeline = timeline_create();
	int hold = sw_fence(timeline, 1);
	struct sync_fence_info fi;
	int bad, good, merged[2], after;
	struct buf b;

	buf_create(&b, 1);
	buf_fill_cpu(&b, 7);
	/* Both held, so that the merges hold both pending fences. */
	bad = submit_fill(ctx, b.bo.handle, 8,
			  FENCEPOST_VGEM_SUBMIT_FAIL |
			  FENCEPOST_VGEM_SUBMIT_IN_FENCE, hold);
	good = submit_nop(ctx2, FENCEPOST_VGEM_SUBMIT_IN_FENCE, hold);
	merged[0] = merge(good, bad);
	merged[1] = merge(bad, good);
	igt_assert_eq(fence_status(merged[0]), 0);
	igt_assert_eq(fence_status(merged[1]), 0);

	timeline_inc(timeline, 1);
	igt_assert_eq(fence_wait(bad), -EIO);
	fence_info(bad, &fi);
	igt_assert_eq(fi.status, -EIO);
	igt_assert_eq(fence_wait(good), 1);
	igt_assert_eq(fence_wait(merged[0]), -EIO);
	igt_assert_eq(fence_wait(merged[1]), -EIO);
	/* A failed job does not touch its buffers. */
	buf_check(&b, 7);

	/* The error is the job's own: the next job of the context succeeds. */
	after = submit_fill(ctx, b.bo.handle, 9, 0, -1);
	igt_assert_eq(fence_wait(after), 1);
	buf_check(&b, 9);

	close(after);
	close(merged[0]);
	close(merged[1]);
	close(good);
	close(bad);
	close(hold);
	close(timeline);
	buf_destroy(&b);
	ctx_destroy(vgem, ctx);
	ctx_destroy(vgem, ctx2);
}

/* The engine's timeout, from the module parameter. */
static unsigned int engine_timeout_ms(void)
{
	FILE *f = fopen("/sys/module/fencepost/parameters/vgem_engine_timeout_ms",
			"r");
	unsigned int ms;

	igt_assert_f(f, "no module parameter vgem_engine_timeout_ms: %s\n",
		     strerror(errno));
	igt_assert_eq(fscanf(f, "%u", &ms), 1);
	fclose(f);
	return ms;
}

static void test_hang_timeout(void)
{
	unsigned int timeout = engine_timeout_ms();
	uint32_t ctx = ctx_create(vgem);
	struct pollfd pfd;
	uint64_t t0, elapsed;
	int hang, next;

	igt_require_f(timeout <= WAIT_MS, "engine timeout %u ms\n", timeout);
	t0 = now_ms();
	hang = submit_nop(ctx, FENCEPOST_VGEM_SUBMIT_HANG, -1);
	next = submit_nop(ctx, 0, -1);

	/* The next job of the context waits behind the hung one. */
	igt_assert_eq(fence_poll(next, timeout / 2), 0);
	igt_assert_eq(fence_status(hang), 0);

	pfd.fd = hang;
	pfd.events = POLLIN;
	igt_assert_eq(poll(&pfd, 1, timeout + WAIT_MS), 1);
	elapsed = now_ms() - t0;
	igt_info("hung job signaled after %llu ms (timeout %u ms)\n",
		 (unsigned long long)elapsed, timeout);
	igt_assert_lte(timeout * 9 / 10, elapsed);
	igt_assert_eq(fence_status(hang), -ETIMEDOUT);
	igt_assert_eq(fence_wait(next), 1);

	close(next);
	close(hang);
	ctx_destroy(vgem, ctx);
}

/* A HANG job on @ctx: its out-fence, or -errno; never asserts. */
static int __submit_hang(uint32_t ctx)
{
	struct job j = { .ctx = ctx, .flags = FENCEPOST_VGEM_SUBMIT_HANG };
	int ret = __submit(vgem, &j);

	return ret ? ret : j.out_fence;
}

/* The timeout is the module parameter's value when the job starts. */
static void test_hang_timeout_param(void)
{
	unsigned int old = engine_timeout_ms();
	uint32_t ctx = ctx_create(vgem);
	uint64_t t0, elapsed;
	int hang, ret;

	ret = set_engine_timeout_ms(300);
	igt_require_f(ret == 0, "cannot set vgem_engine_timeout_ms: %s\n",
		      strerror(-ret));
	t0 = now_ms();
	hang = __submit_hang(ctx);
	ret = hang >= 0 ? fence_poll(hang, WAIT_MS) : hang;
	elapsed = now_ms() - t0;
	/* Restored before any assertion can end the subtest. */
	igt_assert_eq(set_engine_timeout_ms(old), 0);
	igt_assert_lte(0, hang);
	igt_assert_eq(ret, 1);
	igt_info("hung job signaled after %llu ms (timeout 300 ms)\n",
		 (unsigned long long)elapsed);
	igt_assert_lte(270, elapsed);
	igt_assert_lt(elapsed, old);
	igt_assert_eq(fence_status(hang), -ETIMEDOUT);
	close(hang);
	ctx_destroy(vgem, ctx);
}

#define N_CTX 64

static void test_many_contexts(void)
{
	static uint32_t ctx[N_CTX];
	static struct buf b[N_CTX];
	static int fd[N_CTX];
	int i;

	for (i = 0; i < N_CTX; i++) {
		ctx[i] = ctx_create(vgem);
		buf_create(&b[i], 1);
	}
	for (i = 0; i < N_CTX; i++)
		fd[i] = submit_fill(ctx[i], b[i].bo.handle, 0x1000 + i, 0, -1);
	for (i = 0; i < N_CTX; i++) {
		struct sync_fence_info fi;

		igt_assert_eq(fence_wait(fd[i]), 1);
		fence_info(fd[i], &fi);
		igt_assert_eq(fi.status, 1);
		buf_check(&b[i], 0x1000 + i);
		close(fd[i]);
	}
	for (i = 0; i < N_CTX; i++) {
		buf_destroy(&b[i]);
		ctx_destroy(vgem, ctx[i]);
	}
}

#define N_JOBS 1000
#define N_JOB_CTX 4

static void test_many_jobs_in_order(void)
{
	static int fd[N_JOBS];
	static uint64_t seqno[N_JOBS];
	uint32_t ctx[N_JOB_CTX];
	int timeline = timeline_create();
	int hold = sw_fence(timeline, 1);
	struct rlimit rl;
	struct buf b;
	int i, c;

	/* 1000 sync_files at once. */
	igt_assert_eq(getrlimit(RLIMIT_NOFILE, &rl), 0);
	if (rl.rlim_cur < N_JOBS + 64) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		igt_assert_eq(getrlimit(RLIMIT_NOFILE, &rl), 0);
		igt_require_f(rl.rlim_cur >= N_JOBS + 64,
			      "RLIMIT_NOFILE %llu\n",
			      (unsigned long long)rl.rlim_cur);
	}

	buf_create(&b, 1);
	for (c = 0; c < N_JOB_CTX; c++)
		ctx[c] = ctx_create(vgem);

	/*
	 * Round robin over the contexts; the first job of each waits for the
	 * sw_sync fence, so all 1000 are in flight until it signals. Every
	 * job reads the buffer, so none waits for another implicitly.
	 */
	for (i = 0; i < N_JOBS; i++) {
		struct job j = { .ctx = ctx[i % N_JOB_CTX] };

		if (i < N_JOB_CTX) {
			j.flags = FENCEPOST_VGEM_SUBMIT_IN_FENCE;
			j.in_fence = hold;
		}
		job_bo(&j, b.bo.handle, FENCEPOST_VGEM_BO_READ);
		fd[i] = submit(vgem, &j);
		seqno[i] = j.seqno;
		igt_assert_eq_u64(seqno[i], i / N_JOB_CTX + 1);
	}
	igt_assert_eq(fence_poll(fd[N_JOBS - 1], 100), 0);
	for (i = 0; i < N_JOBS; i++)
		igt_assert_eq(fence_status(fd[i]), 0);
	/* Readers only: the buffer is readable, not writable. */
	igt_assert_eq(dmabuf_poll(b.dmabuf, POLLIN | POLLOUT), POLLIN);

	timeline_inc(timeline, 1);
	for (i = N_JOBS - 1; i >= 0; i--)
		igt_assert_eq(fence_wait(fd[i]), 1);

	/* Per context, the signal timestamps follow the seqnos. */
	for (c = 0; c < N_JOB_CTX; c++) {
		struct sync_fence_info prev = { 0 }, fi;

		for (i = c; i < N_JOBS; i += N_JOB_CTX) {
			fence_info(fd[i], &fi);
			igt_assert_eq(fi.status, 1);
			igt_assert_f(fi.timestamp_ns >= prev.timestamp_ns,
				     "ctx %d: seqno %llu signaled before %llu\n",
				     c, (unsigned long long)seqno[i],
				     (unsigned long long)seqno[i - N_JOB_CTX]);
			prev = fi;
		}
	}
	igt_assert_eq(dmabuf_poll(b.dmabuf, POLLIN | POLLOUT), POLLIN | POLLOUT);

	for (i = 0; i < N_JOBS; i++)
		close(fd[i]);
	for (c = 0; c < N_JOB_CTX; c++)
		ctx_destroy(vgem, ctx[c]);
	close(hold);
	close(timeline);
	buf_destroy(&b);
}

static void test_poll_export_queued(void)
{
	uint32_t ctx = ctx_create(vgem);
	int timeline = timeline_create();
	int hold = sw_fence(timeline, 1);
	int hold2 = sw_fence(timeline, 2);
	int job, rd, wr;
	struct buf b;

	buf_create(&b, 1);
	igt_assert_eq(dmabuf_poll(b.dmabuf, POLLIN | POLLOUT), POLLIN | POLLOUT);

	/* A queued writer: nothing is ready, both exports wait for it. */
	job = submit_fill(ctx, b.bo.handle, 3, FENCEPOST_VGEM_SUBMIT_IN_FENCE,
			  hold);
	igt_assert_eq(dmabuf_poll(b.dmabuf, POLLIN | POLLOUT), 0);
	rd = dmabuf_export_sync_file(b.dmabuf, DMA_BUF_SYNC_READ);
	wr = dmabuf_export_sync_file(b.dmabuf, DMA_BUF_SYNC_WRITE);
	igt_assert_eq(fence_status(rd), 0);
	igt_assert_eq(fence_status(wr), 0);

	timeline_inc(timeline, 1);
	igt_assert_eq(fence_wait(job), 1);
	igt_assert_eq(fence_wait(rd), 1);
	igt_assert_eq(fence_wait(wr), 1);
	igt_assert_eq(fence_poll(b.dmabuf, WAIT_MS), 1);
	igt_assert_eq(dmabuf_poll(b.dmabuf, POLLIN | POLLOUT), POLLIN | POLLOUT);
	buf_check(&b, 3);
	close(job);
	close(rd);
	close(wr);

	/* A queued reader: readable at once, writable once it is done. */
	{
		struct job j = {
			.ctx = ctx, .flags = FENCEPOST_VGEM_SUBMIT_IN_FENCE,
			.in_fence = hold2,
		};

		job_bo(&j, b.bo.handle, FENCEPOST_VGEM_BO_READ);
		job = submit(vgem, &j);
	}
	igt_assert_eq(dmabuf_poll(b.dmabuf, POLLIN | POLLOUT), POLLIN);
	rd = dmabuf_export_sync_file(b.dmabuf, DMA_BUF_SYNC_READ);
	wr = dmabuf_export_sync_file(b.dmabuf, DMA_BUF_SYNC_WRITE);
	/* Readers wait for writers only; a writer waits for the reader. */
	igt_assert_eq(fence_status(rd), 1);
	igt_assert_eq(fence_status(wr), 0);

	timeline_inc(timeline, 1);
	igt_assert_eq(fence_wait(job), 1);
	igt_assert_eq(fence_wait(wr), 1);
	igt_assert_eq(dmabuf_poll(b.dmabuf, POLLIN | POLLOUT), POLLIN | POLLOUT);

	close(job);
	close(rd);
	close(wr);
	close(hold);
	close(hold2);
	close(timeline);
	buf_destroy(&b);
	ctx_destroy(vgem, ctx);
}

static void test_close_with_queued(void)
{
	int timeline = timeline_create();
	int hold = sw_fence(timeline, 1);
	int fd2, fence[2];
	struct buf b;
	uint32_t ctx;

	/* A job on a destroyed context still runs. */
	buf_create(&b, 1);
	ctx = ctx_create(vgem);
	fence[0] = submit_fill(ctx, b.bo.handle, 0x77,
			       FENCEPOST_VGEM_SUBMIT_IN_FENCE, hold);
	ctx_destroy(vgem, ctx);

	/* A job of a file closed while it is queued still runs too. */
	fd2 = __igt_vgem_open(igt_vgem_backend());
	igt_assert_lte(0, fd2);
	{
		uint32_t h = prime_fd_to_handle(fd2, b.dmabuf);
		struct drm_fencepost_vgem_ctx_create cc = { 0 };
		struct drm_fencepost_vgem_bo bo = {
			.handle = h, .flags = FENCEPOST_VGEM_BO_READ,
		};
		struct drm_fencepost_vgem_submit s = {
			.bos_ptr = (uintptr_t)&bo, .bo_count = 1,
		};

		do_ioctl(fd2, DRM_IOCTL_FENCEPOST_VGEM_CTX_CREATE, &cc);
		s.ctx_id = cc.ctx_id;
		do_ioctl(fd2, DRM_IOCTL_FENCEPOST_VGEM_SUBMIT, &s);
		fence[1] = s.out_fence;
	}
	close(fd2);
	gem_close(vgem, b.bo.handle);
	b.bo.handle = 0;

	igt_assert_eq(fence_poll(fence[1], 100), 0);
	timeline_inc(timeline, 1);
	igt_assert_eq(fence_wait(fence[0]), 1);
	igt_assert_eq(fence_wait(fence[1]), 1);
	buf_check(&b, 0x77);

	close(fence[0]);
	close(fence[1]);
	close(hold);
	close(timeline);
	munmap(b.map, b.bo.size);
	close(b.dmabuf);
}

#define N_RACERS 4
#define N_RACE_JOBS 150

/*
 * Processes on one file submit FILLs of the same four buffers, named in a
 * different order each time, so that the submissions contend for the
 * reservation locks (the ww_mutex back-off path). Implicit sync orders
 * every job after the previous writer of all four buffers, so in the end
 * all four hold the value of the same, last job.
 */
static void test_concurrent_submit(void)
{
	static struct buf b[4];
	uint32_t first;
	int i;

	for (i = 0; i < 4; i++)
		buf_create(&b[i], 1);

	igt_fork(child, N_RACERS) {
		uint32_t ctx = ctx_create(vgem);
		unsigned int seed = child * 7919 + 1;
		int n, last = -1;

		for (n = 0; n < N_RACE_JOBS; n++) {
			struct job j = {
				.ctx = ctx, .op = FENCEPOST_VGEM_OP_FILL,
				.value = (child + 1) << 16 | n,
			};
			int order[4] = { 0, 1, 2, 3 }, k;

			for (k = 3; k > 0; k--) {
				int r, t;

				seed = seed * 1103515245 + 12345;
				r = (seed >> 16) % (k + 1);
				t = order[k];
				order[k] = order[r];
				order[r] = t;
			}
			for (k = 0; k < 4; k++)
				job_bo(&j, b[order[k]].bo.handle,
				       FENCEPOST_VGEM_BO_WRITE);
			if (last >= 0)
				close(last);
			last = submit(vgem, &j);
		}
		igt_assert_eq(fence_wait(last), 1);
		close(last);
		ctx_destroy(vgem, ctx);
	}
	igt_waitchildren();

	for (i = 0; i < 4; i++) {
		int idle = dmabuf_export_sync_file(b[i].dmabuf,
						   DMA_BUF_SYNC_WRITE);

		igt_assert_eq(fence_wait(idle), 1);
		close(idle);
	}
	first = b[0].map[0];
	igt_info("last value %#x\n", first);
	igt_assert_neq(first, 0);
	for (i = 0; i < 4; i++)
		buf_check(&b[i], first);
	for (i = 0; i < 4; i++)
		buf_destroy(&b[i]);
}

igt_main
{
	igt_fixture {
		static const char *const paths[] = {
			"/dev/sw_sync", "/sys/kernel/debug/sync/sw_sync",
		};
		uint32_t id;
		int ret;
		unsigned int i;

		page_size = sysconf(_SC_PAGESIZE);
		vgem = igt_vgem_open();
		ret = __ctx_create(vgem, 0, &id);
		igt_require_f(ret != -EINVAL,
			      "no engine on this vgem (CTX_CREATE: EINVAL)\n");
		igt_assert_eq(ret, 0);
		ctx_destroy(vgem, id);

		sw_sync_path = getenv("IGT_SW_SYNC_PATH");
		for (i = 0; !sw_sync_path && i < 2; i++)
			if (access(paths[i], R_OK | W_OK) == 0)
				sw_sync_path = paths[i];
	}

	igt_describe("Contexts: create, destroy, bad arguments.");
	igt_subtest("ctx-create-destroy")
		test_ctx_create_destroy();

	igt_describe("SUBMIT refuses every bad argument, publishing nothing.");
	igt_subtest("submit-invalid")
		test_submit_invalid();

	igt_describe("Out-fences are sync_files with seqnos 1, 2, ... per context.");
	igt_subtest("out-fence")
		test_out_fence();

	igt_describe("FILL writes its pattern before its fence signals.");
	igt_subtest("fill")
		test_fill();

	igt_describe("A sw_sync in-fence holds a job until it signals.");
	igt_subtest("in-fence")
		test_in_fence();

	igt_describe("A job reading a buffer waits for its queued writer.");
	igt_subtest("dependency-ordering")
		test_dependency_ordering();

	igt_describe("A job writing a buffer waits for its queued reader.");
	igt_subtest("write-after-read")
		test_write_after_read();

	igt_describe("A job waits for a vgem fence attached to its buffer.");
	igt_subtest("vgem-fence-dependency")
		test_vgem_fence_dependency();

	igt_describe("FAIL: -EIO in the out-fence and in merged fences.");
	igt_subtest("error-propagation")
		test_error_propagation();

	igt_describe("HANG: the engine times the job out with -ETIMEDOUT.");
	igt_subtest("hang-timeout")
		test_hang_timeout();

	igt_describe("The timeout follows the module parameter.");
	igt_subtest("hang-timeout-param")
		test_hang_timeout_param();

	igt_describe("64 contexts, one job each.");
	igt_subtest("many-contexts")
		test_many_contexts();

	igt_describe("1000 jobs in flight on 4 contexts signal in order.");
	igt_subtest("many-jobs-in-order")
		test_many_jobs_in_order();

	igt_describe("poll and EXPORT_SYNC_FILE see queued jobs.");
	igt_subtest("poll-export-queued")
		test_poll_export_queued();

	igt_describe("Processes race to submit jobs on the same buffers.");
	igt_subtest("concurrent-submit")
		test_concurrent_submit();

	igt_describe("Queued jobs outlive their context and their file.");
	igt_subtest("close-with-queued")
		test_close_with_queued();

	igt_fixture {
		close(vgem);
	}
}
