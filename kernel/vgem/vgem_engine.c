// SPDX-License-Identifier: GPL-2.0-only
/*
 * fencepost_vgem engine: a virtual engine on the vgem-compatible device.
 * Userspace submits jobs on buffer objects; each job waits for its explicit
 * and implicit dependencies, runs on a workqueue and signals a dma-fence
 * from its context's timeline. It is the smallest complete example of how
 * a GPU driver produces fences, and the uAPI is in
 * <uapi/drm/fencepost_vgem.h>.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": vgem engine: " fmt

#include <linux/atomic.h>
#include <linux/dma-fence.h>
#include <linux/dma-resv.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/highmem.h>
#include <linux/idr.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/kref.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/sync_file.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/ww_mutex.h>

#include <uapi/drm/fencepost_vgem.h>

#include "vgem.h"

/**
 * DOC: virtual engine
 *
 * The engine is what a GPU driver's command submission looks like with the
 * hardware taken out: DRM_IOCTL_FENCEPOST_VGEM_SUBMIT takes a list of
 * buffers with read/write flags, an optional in-fence and an operation
 * (fill a buffer with a value, copy one buffer into others, or nothing),
 * and returns the job's fence as a sync_file. The "hardware" is a
 * workqueue: a job runs there once its dependencies have signalled, does
 * its operation with the CPU and signals its fence. Read this file as the
 * pattern a vendor driver follows; where a real driver differs, the
 * comments say so.
 *
 * Contexts and timelines. A context (DRM_IOCTL_FENCEPOST_VGEM_CTX_CREATE,
 * any number per open file, destroyed with CTX_DESTROY or when the file
 * closes) owns one fence context from dma_fence_context_alloc(). Its jobs
 * get seqnos 1, 2, 3, ... in submission order, and each job depends on the
 * previous job of its context, so the fences of a context signal in seqno
 * order. That is the dma_fence contract for a timeline: sync_file merges,
 * dma_resv and fence containers keep only the latest fence of a context and
 * assume the earlier ones signal first. The seqno is taken only at the
 * point of no return of a submission, so a failed submission leaves no
 * hole and no fence that never signals.
 *
 * Dependencies. A job waits for
 *
 * - the in-fence, if userspace passed one (explicit sync);
 * - the previous job of its context (ordering only, see below);
 * - the implicit fences of its buffers, taken from each buffer's
 *   &dma_resv under its lock: a written buffer waits for all fences
 *   (readers and writers), a buffer only read waits for the writers
 *   (dma_resv_usage_rw()).
 *
 * A buffer imported from the kernel's own dma-buf subsystem (the stock
 * vgem's, say) is read and written through the kernel mapping taken at
 * import, and its implicit dependencies are only the fences of its own
 * reservation object: the exporter's fences live in the kernel's
 * &dma_resv, which our fences cannot enter nor wait on, so a job on an
 * imported buffer neither waits for the exporter's work nor is seen by it
 * (see "DOC: foreign dma-bufs" in vgem_import.c).
 *
 * Fences of one context are deduplicated to the latest. The job waits for
 * them one at a time, like drm_sched: dma_fence_add_callback() on the next
 * unsignalled dependency; the callback only queues the job's work, which
 * looks at the next one. A dependency's error does not fail the job:
 * dependencies order work, they do not poison it, or one failed job would
 * fail everything that ever touches its buffers. Userspace that cares asks
 * the in-fence for its status.
 *
 * Publication. At submission, before the ioctl returns, the job's fence is
 * added to every buffer's reservation object, as %DMA_RESV_USAGE_WRITE for
 * a buffer the job writes and %DMA_RESV_USAGE_READ otherwise. From then on
 * poll() and DMA_BUF_IOCTL_EXPORT_SYNC_FILE on the exported dma-buf, vgem
 * fence attaches, other importers and later jobs all see the job, even
 * before it runs.
 *
 * Completion, errors and hangs. When the job runs, it first arms a
 * watchdog (a delayed work, vgem_engine_timeout_ms, 2000 ms by default),
 * as a driver arms its timeout when it hands a job to the hardware. Then
 * the "hardware" runs the job and reports completion, which cancels the
 * watchdog; whichever of the two gets there first retires the job
 * (cancel_delayed_work() decides: it succeeds only while the watchdog has
 * not started). A job submitted with %FENCEPOST_VGEM_SUBMIT_FAIL completes
 * with -EIO and does not touch its buffers; one submitted with
 * %FENCEPOST_VGEM_SUBMIT_HANG never completes, so the watchdog retires it
 * with -ETIMEDOUT. Retiring sets the fence's error, if any, and signals it;
 * the error then shows in the sync_file's status and in every fence
 * container (merged sync_file, fence array) holding the fence.
 *
 * Lifetime. The job is its fence: &struct fencepost_vgem_job starts with
 * the &struct dma_fence, and the fence's last reference frees it (after an
 * RCU grace period, dma_fence_free()). The engine holds a reference from
 * submission to retirement; the buffers, the dependencies and the arrays
 * are released at retirement. Jobs do not hold their context or their file:
 * closing the file or destroying the context lets queued jobs run to
 * completion, as on real hardware. Module exit waits for the last job.
 */

/**
 * DOC: engine locking and signalling rules
 *
 * These are the rules every driver that publishes fences must follow; the
 * engine shows each of them.
 *
 * 1. Signalling critical sections. Once a fence is published (in a
 *    reservation object, a sync_file, a syncobj), everything between its
 *    publication and its signalling is a signalling critical section:
 *    other code may be waiting for the fence while holding locks of its
 *    own, including memory reclaim (a shrinker waiting for a buffer to go
 *    idle). So that path must not allocate memory with GFP_KERNEL, must not
 *    take a lock that is also held while waiting for a fence (the
 *    reservation locks, mmap_lock, the file's locks), and must not wait
 *    for a fence that might depend on this one. The job's work runs inside
 *    dma_fence_begin_signalling() / dma_fence_end_signalling(), the lockdep
 *    annotation that checks this on a kernel with CONFIG_LOCKDEP.
 *
 * 2. Everything is allocated before publishing. The submit ioctl looks up
 *    the buffers and allocates their pages, the job, its dependency array
 *    (with room for the context's previous job), the sync_file and the fd,
 *    and reserves a fence slot in each reservation object with
 *    dma_resv_reserve_fences(), all before the first dma_resv_add_fence().
 *    After the point of no return (taking the seqno) nothing can fail, and
 *    the fd is installed last, since userspace can use it at once and it
 *    cannot be taken back.
 *
 * 3. Reservation lock order. Several buffers are locked together with a
 *    &ww_acquire_ctx on reservation_ww_class: lock each with
 *    dma_resv_lock_interruptible(); on -EDEADLK drop every lock held, take
 *    the contended one with dma_resv_lock_slow_interruptible() and start
 *    over; ww_acquire_done() once all are held. No other lock is held
 *    while taking them, and a buffer appears at most once in a job.
 *
 * 4. The order of the other locks, outermost first: the reservation locks
 *    of the job's buffers; &fencepost_vgem_context.lock (seqno and last
 *    fence of the context); the fence spinlocks, taken inside the
 *    dma-fence core. &fencepost_vgem_file.ctx_lock only guards the
 *    context idr and is never held with the others.
 *
 * 5. Fence callbacks run in any context, with the signalled fence's lock
 *    held, so the engine's callback only queues work. Adding a callback to
 *    the next dependency from there could take a lock that the signalling
 *    side holds (sw_sync's fences of one timeline share a lock).
 *
 * 6. Timeouts. A fence that never signals blocks everything behind it, so
 *    every job a driver hands to its hardware is timed out and signalled
 *    with an error (-ETIMEDOUT here). A dependency is not timed out by the
 *    engine: the driver that published it owes its signal.
 */

static unsigned int fencepost_vgem_engine_timeout_ms = 2000;
module_param_named(vgem_engine_timeout_ms, fencepost_vgem_engine_timeout_ms,
		   uint, 0644);
MODULE_PARM_DESC(vgem_engine_timeout_ms,
		 "ms before the vgem engine times out a job that does not complete (default 2000)");

static struct workqueue_struct *fencepost_vgem_engine_wq;
/* Jobs between submission and retirement; module exit waits for 0. */
static atomic_t fencepost_vgem_engine_jobs = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(fencepost_vgem_engine_idle);

/**
 * struct fencepost_vgem_context - an engine context: one timeline
 * @ref: the file's idr entry holds one, and each submission in progress
 * @id: the id in the file's context idr, for the timeline name
 * @fence_context: the fence context of all the jobs
 * @lock: protects @seqno and @last
 * @seqno: the seqno of the latest job
 * @last: the fence of the latest job, with a reference; NULL before the
 *	first one
 */
struct fencepost_vgem_context {
	struct kref ref;
	u32 id;
	u64 fence_context;
	struct mutex lock; /* protects @seqno and @last */
	u64 seqno;
	struct dma_fence *last;
};

/**
 * struct fencepost_vgem_job_bo - a buffer of a job
 * @obj: the object, with a reference, its pages allocated
 * @flags: %FENCEPOST_VGEM_BO_READ and/or %FENCEPOST_VGEM_BO_WRITE
 */
struct fencepost_vgem_job_bo {
	struct fencepost_vgem_object *obj;
	u32 flags;
};

/**
 * struct fencepost_vgem_job - a job and its fence
 * @base: the job's fence; first, so that dma_fence_free() frees the job
 * @lock: the fence's spinlock
 * @timeline: the timeline name the fence reports
 * @op: %FENCEPOST_VGEM_OP_*
 * @value: the fill pattern
 * @flags: %FENCEPOST_VGEM_SUBMIT_*
 * @bos: the buffers, @bo_count of them
 * @bo_count: number of @bos
 * @deps: the dependencies, each with a reference; released at retirement
 * @num_deps: entries used in @deps
 * @max_deps: entries allocated in @deps
 * @next_dep: the first dependency not yet known to be signalled
 * @dep_cb: the callback on @deps[@next_dep - 1] while waiting for it
 * @work: waits for the dependencies, then runs the job
 * @watchdog: times the job out once it runs
 */
struct fencepost_vgem_job {
	struct dma_fence base;
	spinlock_t lock; /* the fence's lock */
	char timeline[24];

	u32 op;
	u32 value;
	u32 flags;
	struct fencepost_vgem_job_bo *bos;
	unsigned int bo_count;

	struct dma_fence **deps;
	unsigned int num_deps;
	unsigned int max_deps;
	unsigned int next_dep;
	struct dma_fence_cb dep_cb;

	struct work_struct work;
	struct delayed_work watchdog;
};

static struct fencepost_vgem_job *to_fencepost_vgem_job(struct dma_fence *f)
{
	return container_of(f, struct fencepost_vgem_job, base);
}

/* Contexts. */

static void fencepost_vgem_context_release(struct kref *ref)
{
	struct fencepost_vgem_context *ctx =
		container_of(ref, struct fencepost_vgem_context, ref);

	dma_fence_put(ctx->last);
	mutex_destroy(&ctx->lock);
	kfree(ctx);
}

static void fencepost_vgem_context_put(struct fencepost_vgem_context *ctx)
{
	kref_put(&ctx->ref, fencepost_vgem_context_release);
}

static struct fencepost_vgem_context *
fencepost_vgem_context_lookup(struct fencepost_vgem_file *vfile, u32 id)
{
	struct fencepost_vgem_context *ctx;

	mutex_lock(&vfile->ctx_lock);
	ctx = idr_find(&vfile->contexts, id);
	if (ctx)
		kref_get(&ctx->ref);
	mutex_unlock(&vfile->ctx_lock);
	return ctx;
}

/**
 * fencepost_vgem_ctx_create_ioctl() - DRM_IOCTL_FENCEPOST_VGEM_CTX_CREATE
 * @vfile: the calling file
 * @data: the &struct drm_fencepost_vgem_ctx_create, in kernel memory
 *
 * Return: 0 with the new context's id in &drm_fencepost_vgem_ctx_create.ctx_id;
 * -EINVAL for non-zero flags, -ENOMEM, or -ENOSPC when out of ids.
 */
int fencepost_vgem_ctx_create_ioctl(struct fencepost_vgem_file *vfile,
				    void *data)
{
	struct drm_fencepost_vgem_ctx_create *args = data;
	struct fencepost_vgem_context *ctx;
	int ret;

	if (args->flags)
		return -EINVAL;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	kref_init(&ctx->ref);
	mutex_init(&ctx->lock);
	ctx->fence_context = dma_fence_context_alloc(1);

	mutex_lock(&vfile->ctx_lock);
	ret = idr_alloc(&vfile->contexts, ctx, 1, 0, GFP_KERNEL);
	if (ret > 0)
		ctx->id = ret;
	mutex_unlock(&vfile->ctx_lock);
	if (ret < 0)
		goto err_free;

	args->ctx_id = ret;
	return 0;

err_free:
	fencepost_vgem_context_put(ctx);
	return ret;
}

/**
 * fencepost_vgem_ctx_destroy_ioctl() - DRM_IOCTL_FENCEPOST_VGEM_CTX_DESTROY
 * @vfile: the calling file
 * @data: the &struct drm_fencepost_vgem_ctx_destroy, in kernel memory
 *
 * Removes the context; its queued jobs still run and signal.
 *
 * Return: 0; -EINVAL for a non-zero pad, -ENOENT for an unknown id.
 */
int fencepost_vgem_ctx_destroy_ioctl(struct fencepost_vgem_file *vfile,
				     void *data)
{
	struct drm_fencepost_vgem_ctx_destroy *args = data;
	struct fencepost_vgem_context *ctx;

	if (args->pad)
		return -EINVAL;

	mutex_lock(&vfile->ctx_lock);
	ctx = idr_remove(&vfile->contexts, args->ctx_id);
	mutex_unlock(&vfile->ctx_lock);
	if (!ctx)
		return -ENOENT;

	fencepost_vgem_context_put(ctx);
	return 0;
}

/* The job's fence. */

static const char *
fencepost_vgem_job_driver_name(struct dma_fence *fence __always_unused)
{
	return "fencepost_vgem";
}

static const char *fencepost_vgem_job_timeline_name(struct dma_fence *fence)
{
	return to_fencepost_vgem_job(fence)->timeline;
}

static const struct dma_fence_ops fencepost_vgem_job_fence_ops = {
	.use_64bit_seqno = true,
	.get_driver_name = fencepost_vgem_job_driver_name,
	.get_timeline_name = fencepost_vgem_job_timeline_name,
};

/* Jobs: building one. */

/*
 * Make room for @n more dependencies. Called before the point of no return
 * only: it allocates.
 */
static int fencepost_vgem_job_reserve_deps(struct fencepost_vgem_job *job,
					   unsigned int n)
{
	struct dma_fence **deps;
	unsigned int max;

	if (job->num_deps + n <= job->max_deps)
		return 0;

	max = max(job->num_deps + n, 2 * job->max_deps);
	deps = krealloc_array(job->deps, max, sizeof(*deps), GFP_KERNEL);
	if (!deps)
		return -ENOMEM;
	job->deps = deps;
	job->max_deps = max;
	return 0;
}

/*
 * Add @fence (the caller's reference goes to the job) to the dependencies,
 * keeping only the latest fence of each context. Allocates only if no room
 * was reserved.
 */
static int fencepost_vgem_job_add_dep(struct fencepost_vgem_job *job,
				      struct dma_fence *fence)
{
	unsigned int i;
	int ret;

	if (dma_fence_is_signaled(fence)) {
		dma_fence_put(fence);
		return 0;
	}

	for (i = 0; i < job->num_deps; i++) {
		struct dma_fence *old = job->deps[i];

		if (old->context != fence->context)
			continue;
		if (dma_fence_is_later(fence, old)) {
			job->deps[i] = fence;
			fence = old;
		}
		dma_fence_put(fence);
		return 0;
	}

	ret = fencepost_vgem_job_reserve_deps(job, 1);
	if (ret) {
		dma_fence_put(fence);
		return ret;
	}
	job->deps[job->num_deps++] = fence;
	return 0;
}

/* Release what the job holds besides its fence. Process context. */
static void fencepost_vgem_job_cleanup(struct fencepost_vgem_job *job)
{
	unsigned int i;

	for (i = 0; i < job->num_deps; i++)
		dma_fence_put(job->deps[i]);
	kfree(job->deps);
	job->deps = NULL;
	job->num_deps = 0;

	for (i = 0; i < job->bo_count; i++)
		if (job->bos[i].obj)
			fencepost_vgem_object_put(job->bos[i].obj);
	kfree(job->bos);
	job->bos = NULL;
	job->bo_count = 0;
}

/* Check the op against the buffers: COPY needs exactly one source. */
static int fencepost_vgem_job_check_op(struct fencepost_vgem_job *job)
{
	unsigned int i, sources = 0;

	if (job->op != FENCEPOST_VGEM_OP_COPY)
		return 0;
	for (i = 0; i < job->bo_count; i++)
		if (job->bos[i].flags == FENCEPOST_VGEM_BO_READ)
			sources++;
	return sources == 1 ? 0 : -EINVAL;
}

/*
 * Copy the buffer list in, look the handles up and allocate their pages:
 * the job touches them from the signalling path, where it cannot allocate.
 */
static int fencepost_vgem_job_get_bos(struct fencepost_vgem_job *job,
				      struct fencepost_vgem_file *vfile,
				      const struct drm_fencepost_vgem_submit *args)
{
	const u32 rw = FENCEPOST_VGEM_BO_READ | FENCEPOST_VGEM_BO_WRITE;
	struct drm_fencepost_vgem_bo __user *ubos = u64_to_user_ptr(args->bos_ptr);
	struct drm_fencepost_vgem_bo ubo;
	unsigned int i, j;
	int ret;

	if (!args->bo_count)
		return 0;

	job->bos = kcalloc(args->bo_count, sizeof(*job->bos), GFP_KERNEL);
	if (!job->bos)
		return -ENOMEM;

	for (i = 0; i < args->bo_count; i++) {
		struct fencepost_vgem_object *obj;

		if (copy_from_user(&ubo, &ubos[i], sizeof(ubo)))
			return -EFAULT;
		if (!(ubo.flags & rw) || ubo.flags & ~rw)
			return -EINVAL;

		obj = fencepost_vgem_object_lookup(vfile, ubo.handle);
		if (!obj)
			return -ENOENT;
		job->bos[job->bo_count].obj = obj;
		job->bos[job->bo_count].flags = ubo.flags;
		job->bo_count++;

		for (j = 0; j < i; j++)
			if (job->bos[j].obj == obj)
				return -EINVAL;
	}
	ret = fencepost_vgem_job_check_op(job);
	if (ret)
		return ret;

	/* Pages only for a valid job: a refused one changes nothing. */
	for (i = 0; i < job->bo_count; i++) {
		ret = fencepost_vgem_object_get_pages(job->bos[i].obj);
		if (ret)
			return ret;
	}
	return 0;
}

/* Unlock the reservation objects of the first @n buffers. */
static void fencepost_vgem_job_unlock_n(struct fencepost_vgem_job *job,
					unsigned int n)
{
	while (n--)
		dma_resv_unlock(&job->bos[n].obj->resv);
}

/*
 * Lock the reservation objects of all the buffers in @ticket, the
 * wound/wait way, and reserve a fence slot in each. On success the caller
 * unlocks with fencepost_vgem_job_unlock() after publishing.
 */
static int fencepost_vgem_job_lock(struct fencepost_vgem_job *job,
				   struct ww_acquire_ctx *ticket)
{
	int contended = -1;
	int i, ret;

	ww_acquire_init(ticket, &reservation_ww_class);
retry:
	if (contended >= 0) {
		ret = dma_resv_lock_slow_interruptible(&job->bos[contended].obj->resv,
						       ticket);
		if (ret)
			goto err_fini;
	}
	for (i = 0; i < (int)job->bo_count; i++) {
		if (i == contended)
			continue;
		ret = dma_resv_lock_interruptible(&job->bos[i].obj->resv,
						  ticket);
		if (!ret)
			continue;

		/* Back off: drop all we hold, the slow-path one included. */
		fencepost_vgem_job_unlock_n(job, i);
		if (contended >= i)
			dma_resv_unlock(&job->bos[contended].obj->resv);
		if (ret != -EDEADLK)
			goto err_fini;
		contended = i;
		goto retry;
	}
	ww_acquire_done(ticket);

	for (i = 0; i < (int)job->bo_count; i++) {
		ret = dma_resv_reserve_fences(&job->bos[i].obj->resv, 1);
		if (ret)
			goto err_unlock;
	}
	return 0;

err_unlock:
	fencepost_vgem_job_unlock_n(job, job->bo_count);
err_fini:
	ww_acquire_fini(ticket);
	return ret;
}

static void fencepost_vgem_job_unlock(struct fencepost_vgem_job *job,
				      struct ww_acquire_ctx *ticket)
{
	fencepost_vgem_job_unlock_n(job, job->bo_count);
	ww_acquire_fini(ticket);
}

/*
 * The implicit dependencies: with the buffers locked, every fence a writer
 * must wait for, or only the writers for a reader.
 */
static int fencepost_vgem_job_add_implicit_deps(struct fencepost_vgem_job *job)
{
	struct dma_resv_iter cursor;
	struct dma_fence *fence;
	unsigned int i;
	int ret;

	for (i = 0; i < job->bo_count; i++) {
		bool write = job->bos[i].flags & FENCEPOST_VGEM_BO_WRITE;

		dma_resv_for_each_fence(&cursor, &job->bos[i].obj->resv,
					dma_resv_usage_rw(write), fence) {
			ret = fencepost_vgem_job_add_dep(job,
							 dma_fence_get(fence));
			if (ret)
				return ret;
		}
	}
	return 0;
}

/* Jobs: running one. */

/*
 * The kernel address of page @p of @obj: in the kernel mapping of an
 * imported object, else a local mapping of our page, to undo with
 * fencepost_vgem_job_unmap_page() in reverse order.
 */
static void *fencepost_vgem_job_map_page(struct fencepost_vgem_object *obj,
					 unsigned long p)
{
	if (obj->vaddr)
		return obj->vaddr + (p << PAGE_SHIFT);
	return kmap_local_page(obj->pages[p]);
}

static void fencepost_vgem_job_unmap_page(struct fencepost_vgem_object *obj,
					  void *vaddr)
{
	if (!obj->vaddr)
		kunmap_local(vaddr);
}

/*
 * The operation, on pages allocated (or imported memory mapped) at
 * submission. No allocation here.
 */
static void fencepost_vgem_job_execute(struct fencepost_vgem_job *job)
{
	struct fencepost_vgem_object *src = NULL;
	unsigned long n, p;
	unsigned int i;
	void *vaddr, *saddr;

	if (job->op == FENCEPOST_VGEM_OP_COPY)
		for (i = 0; i < job->bo_count; i++)
			if (job->bos[i].flags == FENCEPOST_VGEM_BO_READ)
				src = job->bos[i].obj;

	for (i = 0; i < job->bo_count; i++) {
		struct fencepost_vgem_object *dst = job->bos[i].obj;

		if (!(job->bos[i].flags & FENCEPOST_VGEM_BO_WRITE))
			continue;

		switch (job->op) {
		case FENCEPOST_VGEM_OP_FILL:
			for (p = 0; p < dst->size >> PAGE_SHIFT; p++) {
				vaddr = fencepost_vgem_job_map_page(dst, p);
				memset32(vaddr, job->value, PAGE_SIZE / 4);
				fencepost_vgem_job_unmap_page(dst, vaddr);
			}
			break;
		case FENCEPOST_VGEM_OP_COPY:
			n = min(dst->size, src->size) >> PAGE_SHIFT;
			for (p = 0; p < n; p++) {
				vaddr = fencepost_vgem_job_map_page(dst, p);
				saddr = fencepost_vgem_job_map_page(src, p);
				memcpy(vaddr, saddr, PAGE_SIZE);
				fencepost_vgem_job_unmap_page(src, saddr);
				fencepost_vgem_job_unmap_page(dst, vaddr);
			}
			break;
		}
	}
}

/*
 * Signal the job's fence with @error: the end of the signalling critical
 * section that started when the fence was published.
 */
static void fencepost_vgem_job_signal(struct fencepost_vgem_job *job,
				      int error)
{
	if (error)
		dma_fence_set_error(&job->base, error);
	dma_fence_signal(&job->base);
}

/* After the signal: release the job's resources and the engine's reference. */
static void fencepost_vgem_job_retire(struct fencepost_vgem_job *job)
{
	fencepost_vgem_job_cleanup(job);
	dma_fence_put(&job->base);
	if (atomic_dec_and_test(&fencepost_vgem_engine_jobs))
		wake_up_all(&fencepost_vgem_engine_idle);
}

static void fencepost_vgem_job_watchdog(struct work_struct *work)
{
	struct fencepost_vgem_job *job =
		container_of(to_delayed_work(work), struct fencepost_vgem_job,
			     watchdog);
	bool cookie;

	pr_info_ratelimited("job %s:%llu timed out\n", job->timeline,
			    (unsigned long long)job->base.seqno);
	cookie = dma_fence_begin_signalling();
	fencepost_vgem_job_signal(job, -ETIMEDOUT);
	dma_fence_end_signalling(cookie);
	fencepost_vgem_job_retire(job);
}

/*
 * All dependencies signalled: hand the job to the "hardware". Returns
 * whether the job completed (its fence signalled), false if the watchdog
 * owns it: a hang, or a completion that lost the race with the watchdog.
 */
static bool fencepost_vgem_job_run(struct fencepost_vgem_job *job)
{
	unsigned int ms = READ_ONCE(fencepost_vgem_engine_timeout_ms);
	int error = 0;

	queue_delayed_work(fencepost_vgem_engine_wq, &job->watchdog,
			   msecs_to_jiffies(ms));

	if (job->flags & FENCEPOST_VGEM_SUBMIT_HANG)
		return false;
	if (job->flags & FENCEPOST_VGEM_SUBMIT_FAIL)
		error = -EIO;
	else
		fencepost_vgem_job_execute(job);

	/*
	 * The completion "interrupt". Exactly one of it and the watchdog
	 * signals: cancel_delayed_work() succeeds only if the watchdog has
	 * not started yet.
	 */
	if (!cancel_delayed_work(&job->watchdog))
		return false;
	fencepost_vgem_job_signal(job, error);
	return true;
}

static void fencepost_vgem_job_dep_signaled(struct dma_fence *fence __always_unused,
					    struct dma_fence_cb *cb)
{
	struct fencepost_vgem_job *job =
		container_of(cb, struct fencepost_vgem_job, dep_cb);

	/* Any context, @fence's lock held: only queue the work. */
	queue_work(fencepost_vgem_engine_wq, &job->work);
}

/*
 * The job's work: wait for the next unsignalled dependency (its callback
 * queues the work again), or run the job once there is none.
 */
static void fencepost_vgem_job_work(struct work_struct *work)
{
	struct fencepost_vgem_job *job =
		container_of(work, struct fencepost_vgem_job, work);
	bool cookie = dma_fence_begin_signalling();
	bool done = false;

	while (job->next_dep < job->num_deps) {
		struct dma_fence *dep = job->deps[job->next_dep++];

		if (!dma_fence_add_callback(dep, &job->dep_cb,
					    fencepost_vgem_job_dep_signaled))
			goto out;
	}
	done = fencepost_vgem_job_run(job);
out:
	dma_fence_end_signalling(cookie);
	if (done)
		fencepost_vgem_job_retire(job);
}

/* Jobs: the submit ioctl. */

static int fencepost_vgem_submit_check(const struct drm_fencepost_vgem_submit *args)
{
	if (args->flags & ~FENCEPOST_VGEM_SUBMIT_FLAGS || args->pad)
		return -EINVAL;
	if (args->op > FENCEPOST_VGEM_OP_COPY)
		return -EINVAL;
	if (args->op != FENCEPOST_VGEM_OP_FILL && args->value)
		return -EINVAL;
	if (!(args->flags & FENCEPOST_VGEM_SUBMIT_IN_FENCE) && args->in_fence)
		return -EINVAL;
	if (args->bo_count > FENCEPOST_VGEM_MAX_BOS)
		return -EINVAL;
	return 0;
}

static struct fencepost_vgem_job *
fencepost_vgem_job_alloc(const struct drm_fencepost_vgem_submit *args)
{
	struct fencepost_vgem_job *job;

	job = kzalloc(sizeof(*job), GFP_KERNEL);
	if (!job)
		return NULL;

	spin_lock_init(&job->lock);
	snprintf(job->timeline, sizeof(job->timeline), "engine-ctx%u",
		 args->ctx_id);
	job->op = args->op;
	job->value = args->value;
	job->flags = args->flags;
	INIT_WORK(&job->work, fencepost_vgem_job_work);
	INIT_DELAYED_WORK(&job->watchdog, fencepost_vgem_job_watchdog);
	return job;
}

/*
 * Past the point of no return: take the next seqno of @ctx, make the
 * previous job a dependency (room for it is reserved) and become the
 * context's latest job.
 */
static void fencepost_vgem_job_arm(struct fencepost_vgem_job *job,
				   struct fencepost_vgem_context *ctx)
{
	struct dma_fence *prev;

	lockdep_assert_held(&ctx->lock);
	prev = ctx->last;
	ctx->last = dma_fence_get(&job->base);
	ctx->seqno = job->base.seqno;
	if (prev)
		WARN_ON(fencepost_vgem_job_add_dep(job, prev));
}

/**
 * fencepost_vgem_submit_ioctl() - DRM_IOCTL_FENCEPOST_VGEM_SUBMIT
 * @vfile: the calling file
 * @data: the &struct drm_fencepost_vgem_submit, in kernel memory
 *
 * Builds a job, publishes its fence in the buffers' reservation objects,
 * queues it and returns the fence as a new sync_file fd. The order of the
 * steps is the point of this function: see "DOC: engine locking and
 * signalling rules".
 *
 * Return: 0; -EINVAL, -ENOENT, -EFAULT, -ENOMEM, -EMFILE, -EINTR (see the
 * uAPI header).
 */
int fencepost_vgem_submit_ioctl(struct fencepost_vgem_file *vfile, void *data)
{
	struct drm_fencepost_vgem_submit *args = data;
	struct fencepost_vgem_context *ctx;
	struct fencepost_vgem_job *job;
	struct ww_acquire_ctx ticket;
	struct sync_file *sync_file;
	struct dma_fence *in_fence;
	unsigned int i;
	int fd, ret;

	ret = fencepost_vgem_submit_check(args);
	if (ret)
		return ret;

	ctx = fencepost_vgem_context_lookup(vfile, args->ctx_id);
	if (!ctx)
		return -ENOENT;

	job = fencepost_vgem_job_alloc(args);
	if (!job) {
		ret = -ENOMEM;
		goto err_ctx;
	}

	ret = fencepost_vgem_job_get_bos(job, vfile, args);
	if (ret)
		goto err_job;

	if (args->flags & FENCEPOST_VGEM_SUBMIT_IN_FENCE) {
		in_fence = sync_file_get_fence(args->in_fence);
		if (!in_fence) {
			ret = -EINVAL;
			goto err_job;
		}
		ret = fencepost_vgem_job_add_dep(job, in_fence);
		if (ret)
			goto err_job;
	}

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		ret = fd;
		goto err_job;
	}

	ret = fencepost_vgem_job_lock(job, &ticket);
	if (ret)
		goto err_fd;
	ret = fencepost_vgem_job_add_implicit_deps(job);
	if (ret)
		goto err_unlock;
	/* Room for the context's previous job. */
	ret = fencepost_vgem_job_reserve_deps(job, 1);
	if (ret)
		goto err_unlock;

	mutex_lock(&ctx->lock);
	dma_fence_init(&job->base, &fencepost_vgem_job_fence_ops, &job->lock,
		       ctx->fence_context, ctx->seqno + 1);
	sync_file = sync_file_create(&job->base);
	if (!sync_file) {
		mutex_unlock(&ctx->lock);
		ret = -ENOMEM;
		goto err_fence;
	}
	/* The point of no return. */
	fencepost_vgem_job_arm(job, ctx);
	mutex_unlock(&ctx->lock);

	for (i = 0; i < job->bo_count; i++)
		dma_resv_add_fence(&job->bos[i].obj->resv, &job->base,
				   job->bos[i].flags & FENCEPOST_VGEM_BO_WRITE ?
				   DMA_RESV_USAGE_WRITE : DMA_RESV_USAGE_READ);
	fencepost_vgem_job_unlock(job, &ticket);

	args->out_fence = fd;
	args->seqno = job->base.seqno;

	/* The engine's reference, dropped at retirement. */
	atomic_inc(&fencepost_vgem_engine_jobs);
	dma_fence_get(&job->base);
	queue_work(fencepost_vgem_engine_wq, &job->work);

	fd_install(fd, sync_file->file);
	dma_fence_put(&job->base);
	fencepost_vgem_context_put(ctx);
	return 0;

err_fence:
	/* Initialised, never published: the last reference frees the job. */
	fencepost_vgem_job_unlock(job, &ticket);
	put_unused_fd(fd);
	fencepost_vgem_job_cleanup(job);
	dma_fence_put(&job->base);
	fencepost_vgem_context_put(ctx);
	return ret;

err_unlock:
	fencepost_vgem_job_unlock(job, &ticket);
err_fd:
	put_unused_fd(fd);
err_job:
	fencepost_vgem_job_cleanup(job);
	kfree(job);
err_ctx:
	fencepost_vgem_context_put(ctx);
	return ret;
}

/**
 * fencepost_vgem_engine_open() - set up the engine state of a new file
 * @vfile: the file
 */
void fencepost_vgem_engine_open(struct fencepost_vgem_file *vfile)
{
	mutex_init(&vfile->ctx_lock);
	idr_init_base(&vfile->contexts, 1);
}

/**
 * fencepost_vgem_engine_close() - destroy the contexts of a closing file
 * @vfile: the file, which nobody else can reach any more
 *
 * Queued jobs are not cancelled: they run and signal, as the dma_fence
 * contract requires of published fences.
 */
void fencepost_vgem_engine_close(struct fencepost_vgem_file *vfile)
{
	struct fencepost_vgem_context *ctx;
	int id;

	idr_for_each_entry(&vfile->contexts, ctx, id)
		fencepost_vgem_context_put(ctx);
	idr_destroy(&vfile->contexts);
	mutex_destroy(&vfile->ctx_lock);
}

/**
 * fencepost_vgem_engine_init() - create the engine's workqueue
 *
 * Description: Unbound, so that jobs of different contexts run in parallel, and
 * WQ_MEM_RECLAIM with a rescuer thread: a job's work is in the path of
 * fence signalling, which memory reclaim may be waiting for.
 *
 * Return: 0 or -ENOMEM.
 */
int fencepost_vgem_engine_init(void)
{
	fencepost_vgem_engine_wq =
		alloc_workqueue("fencepost_vgem_engine",
				WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	return fencepost_vgem_engine_wq ? 0 : -ENOMEM;
}

/**
 * fencepost_vgem_engine_exit() - wait for the last job, free the workqueue
 *
 * Runs at module exit, when no file of the device is open; every job left
 * waits for fences that will signal (a dependency is this module's own
 * fence, whose owner is gone or going), so the wait ends.
 */
void fencepost_vgem_engine_exit(void)
{
	wait_event(fencepost_vgem_engine_idle,
		   !atomic_read(&fencepost_vgem_engine_jobs));
	destroy_workqueue(fencepost_vgem_engine_wq);
}
