// SPDX-License-Identifier: GPL-2.0-only
/*
 * fencepost_vgem fences: DRM_IOCTL_VGEM_FENCE_ATTACH and
 * DRM_IOCTL_VGEM_FENCE_SIGNAL, with the answers of Linux 6.1's vgem.
 */

#include <linux/dma-fence.h>
#include <linux/dma-resv.h>
#include <linux/idr.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timer.h>

#include <drm/vgem_drm.h>

#include "vgem.h"

/**
 * DOC: vgem fences
 *
 * A vgem fence stands for work that userspace pretends to do on a buffer
 * object: FENCE_ATTACH creates one, adds it to the object's reservation
 * object (as a write with %VGEM_FENCE_WRITE, else as a read) and returns
 * its id, FENCE_SIGNAL signals it. Importers of the object's dma-buf see
 * the fence through &dma_buf.resv, so the pair drives implicit sync from
 * userspace. An attach conflicting with an unsignalled fence fails with
 * -EBUSY: a write with any fence, a read with a write fence.
 *
 * Every fence has a fence context of its own, seqno 1, and must be
 * signalled within ten seconds: a timer signals it then (without an error,
 * like vgem), and a later FENCE_SIGNAL reports -ETIMEDOUT. Closing the file
 * signals whatever is still pending.
 *
 * Fence ids live in an idr per open file, under
 * &fencepost_vgem_file.fence_lock. Signalling through the ioctl replaces
 * the entry with NULL but keeps the id allocated until the file closes,
 * so a second FENCE_SIGNAL of the same id gives -ENOENT and ids are not
 * reused, as with vgem.
 *
 * Lifetime: the idr entry and the reservation object each hold a fence
 * reference, and so does the timer while it is pending. Whoever stops a
 * pending timer drops that reference; a timer that fires drops its own.
 * So the last reference never goes while the timer can still run, and the
 * release callback does not wait for it (it could be running in the timer
 * itself, from a fence callback).
 */

#define FENCEPOST_VGEM_FENCE_TIMEOUT	(10 * HZ)

struct fencepost_vgem_fence {
	struct dma_fence base;
	spinlock_t lock; /* the fence's lock, for it alone */
	struct timer_list timer;
};

static const char *
fencepost_vgem_fence_driver_name(struct dma_fence *fence __always_unused)
{
	return "vgem";
}

static const char *
fencepost_vgem_fence_timeline_name(struct dma_fence *fence __always_unused)
{
	return "unbound";
}

static void fencepost_vgem_fence_value_str(struct dma_fence *fence,
					   char *str, int size)
{
	snprintf(str, size, "%llu", fence->seqno);
}

static void fencepost_vgem_fence_timeline_str(struct dma_fence *fence,
					      char *str, int size)
{
	snprintf(str, size, "%llu",
		 dma_fence_is_signaled(fence) ? fence->seqno : 0ULL);
}

static const struct dma_fence_ops fencepost_vgem_fence_ops = {
	.get_driver_name = fencepost_vgem_fence_driver_name,
	.get_timeline_name = fencepost_vgem_fence_timeline_name,
	.fence_value_str = fencepost_vgem_fence_value_str,
	.timeline_value_str = fencepost_vgem_fence_timeline_str,
};

static void fencepost_vgem_fence_timeout(struct timer_list *t)
{
	struct fencepost_vgem_fence *fence = from_timer(fence, t, timer);

	dma_fence_signal(&fence->base);
	dma_fence_put(&fence->base);
}

static struct dma_fence *fencepost_vgem_fence_create(void)
{
	struct fencepost_vgem_fence *fence;

	fence = kzalloc(sizeof(*fence), GFP_KERNEL);
	if (!fence)
		return NULL;

	spin_lock_init(&fence->lock);
	dma_fence_init(&fence->base, &fencepost_vgem_fence_ops, &fence->lock,
		       dma_fence_context_alloc(1), 1);

	/* The pending timer holds a reference of its own. */
	timer_setup(&fence->timer, fencepost_vgem_fence_timeout, 0);
	dma_fence_get(&fence->base);
	mod_timer(&fence->timer, jiffies + FENCEPOST_VGEM_FENCE_TIMEOUT);

	return &fence->base;
}

/*
 * Signal @f if it is not yet, stop its timer and drop the caller's
 * reference. Process context only.
 */
static void fencepost_vgem_fence_finish(struct dma_fence *f)
{
	struct fencepost_vgem_fence *fence =
		container_of(f, struct fencepost_vgem_fence, base);

	dma_fence_signal(f);
	if (del_timer_sync(&fence->timer))
		dma_fence_put(f);
	dma_fence_put(f);
}

/**
 * fencepost_vgem_fence_attach_ioctl() - DRM_IOCTL_VGEM_FENCE_ATTACH
 * @vfile: the calling file
 * @data: the &struct drm_vgem_fence_attach, in kernel memory
 *
 * Creates a fence, adds it to the reservation object of the object named
 * by the handle (for writing with %VGEM_FENCE_WRITE, else for reading) and
 * stores its id in &drm_vgem_fence_attach.out_fence.
 *
 * Return: 0; -EINVAL for unknown flags or a non-zero pad, -ENOENT for an
 * unknown handle, -EBUSY if an unsignalled fence conflicts, -ENOMEM, or
 * another error from the reservation object or the id allocation.
 */
int fencepost_vgem_fence_attach_ioctl(struct fencepost_vgem_file *vfile,
				      void *data)
{
	struct drm_vgem_fence_attach *arg = data;
	bool write = arg->flags & VGEM_FENCE_WRITE;
	struct fencepost_vgem_object *obj;
	struct dma_fence *fence;
	int ret;

	if (arg->flags & ~VGEM_FENCE_WRITE)
		return -EINVAL;
	if (arg->pad)
		return -EINVAL;

	obj = fencepost_vgem_object_lookup(vfile, arg->handle);
	if (!obj)
		return -ENOENT;

	fence = fencepost_vgem_fence_create();
	if (!fence) {
		ret = -ENOMEM;
		goto err_obj;
	}

	/* A write waits for everything, a read for the writes. */
	if (!dma_resv_test_signaled(&obj->resv, dma_resv_usage_rw(write))) {
		ret = -EBUSY;
		goto err_fence;
	}

	dma_resv_lock(&obj->resv, NULL);
	ret = dma_resv_reserve_fences(&obj->resv, 1);
	if (!ret)
		dma_resv_add_fence(&obj->resv, fence,
				   write ? DMA_RESV_USAGE_WRITE :
					   DMA_RESV_USAGE_READ);
	dma_resv_unlock(&obj->resv);
	if (ret)
		goto err_fence;

	mutex_lock(&vfile->fence_lock);
	ret = idr_alloc(&vfile->fences, fence, 1, 0, GFP_KERNEL);
	mutex_unlock(&vfile->fence_lock);
	if (ret < 0)
		goto err_fence;

	arg->out_fence = ret;
	fencepost_vgem_object_put(obj);
	return 0;

err_fence:
	/* Signalled, so that nothing waits for it in the reservation object. */
	fencepost_vgem_fence_finish(fence);
err_obj:
	fencepost_vgem_object_put(obj);
	return ret;
}

/**
 * fencepost_vgem_fence_signal_ioctl() - DRM_IOCTL_VGEM_FENCE_SIGNAL
 * @vfile: the calling file
 * @data: the &struct drm_vgem_fence_signal, in kernel memory
 *
 * Signals the fence with the given id and forgets it.
 *
 * Return: 0; -EINVAL for non-zero flags, -ENOENT for an id this file never
 * returned or already signalled, -ETIMEDOUT if the fence had been signalled
 * by its timeout (it is forgotten all the same).
 */
int fencepost_vgem_fence_signal_ioctl(struct fencepost_vgem_file *vfile,
				      void *data)
{
	struct drm_vgem_fence_signal *arg = data;
	struct dma_fence *fence;
	int ret = 0;

	if (arg->flags)
		return -EINVAL;

	mutex_lock(&vfile->fence_lock);
	fence = idr_replace(&vfile->fences, NULL, arg->fence);
	mutex_unlock(&vfile->fence_lock);
	if (!fence)
		return -ENOENT;
	if (IS_ERR(fence))
		return PTR_ERR(fence);

	if (dma_fence_is_signaled(fence))
		ret = -ETIMEDOUT;

	fencepost_vgem_fence_finish(fence);
	return ret;
}

/**
 * fencepost_vgem_fence_open() - set up the fence state of a new file
 * @vfile: the file
 */
void fencepost_vgem_fence_open(struct fencepost_vgem_file *vfile)
{
	mutex_init(&vfile->fence_lock);
	idr_init_base(&vfile->fences, 1);
}

/**
 * fencepost_vgem_fence_close() - signal and drop the fences of a file
 * @vfile: the file, which nobody else can reach any more
 */
void fencepost_vgem_fence_close(struct fencepost_vgem_file *vfile)
{
	struct dma_fence *fence;
	int id;

	idr_for_each_entry(&vfile->fences, fence, id)
		fencepost_vgem_fence_finish(fence);
	idr_destroy(&vfile->fences);
	mutex_destroy(&vfile->fence_lock);
}
