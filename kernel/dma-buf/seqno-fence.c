// SPDX-License-Identifier: GPL-2.0-only
/*
 * Seqno hardware fences: fences that complete when a 32-bit value in a
 * dma-buf reaches a sequence number.
 */

#include <linux/align.h>
#include <linux/dma-buf.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/seqno-fence.h>
#include <linux/workqueue.h>

/**
 * DOC: Seqno Hardware Fences
 *
 * Some hardware can stall a command stream until a memory location holds a
 * value: a GPU semaphore. A &struct seqno_fence describes such a point in
 * time: the 32-bit value at &seqno_fence.seqno_ofs in the dma-buf
 * &seqno_fence.sync_buf, compared with the fence's sequence number according
 * to &seqno_fence.condition. Another device that understands seqno fences
 * (see to_seqno_fence()) can wait on the memory directly; everybody else sees
 * an ordinary &struct dma_fence.
 *
 * The creator embeds the seqno fence in its own structure, initialises it
 * with seqno_fence_init() and gives its own &dma_fence_ops, which the shared
 * &seqno_fence_ops forward to. The creator must still signal the fence with
 * dma_fence_signal() once the value has been written, and before the value
 * can wrap around past the sequence number (2^31 increments later).
 */

/**
 * DOC: Seqno Fence CPU Check
 *
 * A creator whose ops have no &dma_fence_ops.signaled gets a default one:
 * seqno_fence_check() reads the value from the buffer and evaluates the
 * condition, so dma_fence_is_signaled() completes the fence as soon as the
 * value is there. Because &dma_fence_ops.signaled may be called from atomic
 * context (under the fence lock, under RCU), it cannot map the buffer itself:
 * seqno_fence_init() maps it with dma_buf_vmap() and the mapping is held
 * until the fence is freed. The mapping is released from a work item, since
 * fences may be freed in atomic context and dma_buf_vunmap() may sleep; the
 * creator's &dma_fence_ops.release then runs from that work item too.
 *
 * Without a &dma_buf_ops.vmap in the buffer's exporter there is no mapping,
 * the check always says "not yet", and the fence completes only through
 * dma_fence_signal(), as a creator with its own signaled callback decides.
 *
 * The buffer must be CPU-coherent for the value (exporters of semaphore
 * buffers normally make it so): the check reads it without
 * dma_buf_begin_cpu_access(), which could sleep and would wait for the
 * buffer's own fences.
 */

/*
 * The queue of the unmapping work items, if seqno_fence_wq_init() made one;
 * system_wq otherwise.
 */
static struct workqueue_struct *seqno_fence_wq;

static inline struct seqno_fence *seqno_fence_of(struct dma_fence *fence)
{
	return container_of(fence, struct seqno_fence, base);
}

static const char *seqno_fence_get_driver_name(struct dma_fence *fence)
{
	return seqno_fence_of(fence)->ops->get_driver_name(fence);
}

static const char *seqno_fence_get_timeline_name(struct dma_fence *fence)
{
	return seqno_fence_of(fence)->ops->get_timeline_name(fence);
}

static bool seqno_enable_signaling(struct dma_fence *fence)
{
	return seqno_fence_of(fence)->ops->enable_signaling(fence);
}

static bool seqno_signaled(struct dma_fence *fence)
{
	struct seqno_fence *seqno_fence = seqno_fence_of(fence);

	if (seqno_fence->ops->signaled)
		return seqno_fence->ops->signaled(fence);
	return seqno_fence_check(seqno_fence);
}

static signed long seqno_wait(struct dma_fence *fence, bool intr,
			      signed long timeout)
{
	return seqno_fence_of(fence)->ops->wait(fence, intr, timeout);
}

/* Drop the buffer, then hand the memory back to the creator. */
static void seqno_fence_destroy(struct seqno_fence *seqno_fence)
{
	const struct dma_fence_ops *ops = seqno_fence->ops;

	dma_buf_put(seqno_fence->sync_buf);
	if (ops->release)
		ops->release(&seqno_fence->base);
	else
		dma_fence_free(&seqno_fence->base);
}

static void seqno_fence_release_work(struct work_struct *work)
{
	struct seqno_fence *seqno_fence =
		container_of(work, struct seqno_fence, release_work);

	dma_buf_vunmap(seqno_fence->sync_buf, &seqno_fence->map);
	seqno_fence_destroy(seqno_fence);
}

/* May run in atomic context: unmapping is left to a work item. */
static void seqno_release(struct dma_fence *fence)
{
	struct seqno_fence *seqno_fence = seqno_fence_of(fence);

	if (iosys_map_is_set(&seqno_fence->map))
		queue_work(seqno_fence_wq ?: system_wq,
			   &seqno_fence->release_work);
	else
		seqno_fence_destroy(seqno_fence);
}

/**
 * seqno_fence_wq_init() - give the release work items a queue of their own
 *
 * A module that carries this code calls it at load, so that
 * seqno_fence_wq_exit() can wait for the work items at unload (flushing
 * the system workqueue is deprecated). Without it they go to system_wq.
 *
 * Context: process context.
 *
 * Return: 0, or -ENOMEM.
 */
int seqno_fence_wq_init(void)
{
	seqno_fence_wq = alloc_workqueue("seqno_fence", 0, 0);
	return seqno_fence_wq ? 0 : -ENOMEM;
}
EXPORT_SYMBOL(seqno_fence_wq_init);

/**
 * seqno_fence_wq_exit() - run the pending release work items and free the
 * queue seqno_fence_wq_init() made
 *
 * Call it once no seqno fence can be released any more (after
 * rcu_barrier() if fences are dropped from RCU callbacks). Safe to call
 * when seqno_fence_wq_init() failed or was never called.
 *
 * Context: process context; may sleep.
 */
void seqno_fence_wq_exit(void)
{
	if (!seqno_fence_wq)
		return;
	destroy_workqueue(seqno_fence_wq);
	seqno_fence_wq = NULL;
}
EXPORT_SYMBOL(seqno_fence_wq_exit);

/*
 * The operations of every seqno fence. Driver and timeline names,
 * enable_signaling, signaled and wait are forwarded to the creator's ops;
 * signaled falls back to seqno_fence_check(). The table's address identifies
 * seqno fences, see to_seqno_fence().
 */
const struct dma_fence_ops seqno_fence_ops = {
	.get_driver_name = seqno_fence_get_driver_name,
	.get_timeline_name = seqno_fence_get_timeline_name,
	.enable_signaling = seqno_enable_signaling,
	.signaled = seqno_signaled,
	.wait = seqno_wait,
	.release = seqno_release,
};
EXPORT_SYMBOL(seqno_fence_ops);

/**
 * seqno_fence_check() - read the buffer value and evaluate the condition
 * @fence: the seqno fence
 *
 * Reads the 32-bit value through the mapping seqno_fence_init() made (see
 * DOC: Seqno Fence CPU Check) and compares it with the fence's sequence
 * number. Does not sleep; callable from any context.
 *
 * Return: true if the condition holds; false if it does not or if the fence
 * holds no mapping of its buffer.
 */
bool seqno_fence_check(struct seqno_fence *fence)
{
	u32 value;

	if (iosys_map_is_null(&fence->map))
		return false;

	value = iosys_map_rd(&fence->map, fence->seqno_ofs, u32);
	/* What the device wrote before the value is visible after it. */
	dma_rmb();
	return seqno_fence_value_passed(value, lower_32_bits(fence->base.seqno),
					fence->condition);
}
EXPORT_SYMBOL(seqno_fence_check);

/* Reject what Linux's seqno fences hit a BUG_ON for, and more. */
static int seqno_fence_check_args(struct dma_buf *sync_buf, u32 seqno_ofs,
				  enum seqno_fence_condition cond,
				  const struct dma_fence_ops *ops)
{
	if (WARN_ON(!ops || !ops->wait || !ops->enable_signaling ||
		    !ops->get_driver_name || !ops->get_timeline_name))
		return -EINVAL;
	if (WARN_ON(cond != SEQNO_FENCE_WAIT_GEQUAL &&
		    cond != SEQNO_FENCE_WAIT_NONZERO))
		return -EINVAL;
	if (WARN_ON(!IS_ALIGNED(seqno_ofs, sizeof(u32)) ||
		    sync_buf->size < sizeof(u32) ||
		    seqno_ofs > sync_buf->size - sizeof(u32)))
		return -EINVAL;
	return 0;
}

/**
 * seqno_fence_init() - initialise a seqno fence
 * @fence: the fence, embedded first in the creator's structure
 * @lock: the spinlock of the fence
 * @sync_buf: the buffer holding the value; the fence takes a reference,
 *	dropped when the fence is freed
 * @context: the fence context, from dma_fence_context_alloc()
 * @seqno_ofs: byte offset of the 32-bit value in @sync_buf; 4-byte aligned
 *	and inside the buffer
 * @seqno: the sequence number the value is compared with
 * @cond: the completion condition
 * @ops: the creator's fence operations; @wait, @enable_signaling,
 *	@get_driver_name and @get_timeline_name are mandatory, @signaled and
 *	@release optional. Without @release the fence is freed with
 *	dma_fence_free(), so @fence must then be at the start of a kmalloc'ed
 *	object.
 *
 * Without @ops->signaled the buffer is mapped for the CPU check (see DOC:
 * Seqno Fence CPU Check); this may sleep. The fence starts with one reference
 * and uses &seqno_fence_ops; release it with dma_fence_put().
 *
 * Return: 0 on success. -EINVAL (with a WARN) for a missing @fence, @lock,
 * @sync_buf or @ops, mandatory ops missing, an unknown @cond, or a
 * misaligned or out-of-range @seqno_ofs; or the error from mapping the
 * buffer. On failure nothing is held and @fence is left uninitialised for
 * the caller to free.
 */
int seqno_fence_init(struct seqno_fence *fence, spinlock_t *lock,
		     struct dma_buf *sync_buf, u64 context,
		     u32 seqno_ofs, u32 seqno,
		     enum seqno_fence_condition cond,
		     const struct dma_fence_ops *ops)
{
	int ret;

	if (WARN_ON(!fence || !lock || !sync_buf))
		return -EINVAL;
	ret = seqno_fence_check_args(sync_buf, seqno_ofs, cond, ops);
	if (ret)
		return ret;

	iosys_map_clear(&fence->map);
	if (!ops->signaled && sync_buf->ops->vmap) {
		ret = dma_buf_vmap(sync_buf, &fence->map);
		if (ret)
			return ret;
	}

	get_dma_buf(sync_buf);
	fence->sync_buf = sync_buf;
	fence->seqno_ofs = seqno_ofs;
	fence->condition = cond;
	fence->ops = ops;
	INIT_WORK(&fence->release_work, seqno_fence_release_work);
	dma_fence_init(&fence->base, &seqno_fence_ops, lock, context, seqno);
	return 0;
}
EXPORT_SYMBOL(seqno_fence_init);
