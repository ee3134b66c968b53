/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Seqno hardware fences: a dma_fence that completes when a 32-bit value in a
 * dma-buf reaches a sequence number, so that hardware able to wait on memory
 * can wait for it without the CPU.
 */
#ifndef __LINUX_SEQNO_FENCE_H
#define __LINUX_SEQNO_FENCE_H

#include <linux/dma-buf.h>
#include <linux/dma-fence.h>
#include <linux/iosys-map.h>
#include <linux/types.h>
#include <linux/workqueue.h>

/**
 * enum seqno_fence_condition - when the value in the buffer completes a fence
 * @SEQNO_FENCE_WAIT_GEQUAL: the value has reached the sequence number:
 *	(s32)(value - seqno) >= 0, so the comparison survives wraparound as
 *	long as value and seqno are less than 2^31 apart
 * @SEQNO_FENCE_WAIT_NONZERO: the value is not zero; the sequence number is
 *	not used
 */
enum seqno_fence_condition {
	SEQNO_FENCE_WAIT_GEQUAL,
	SEQNO_FENCE_WAIT_NONZERO
};

/**
 * struct seqno_fence - a fence backed by a value in a dma-buf
 * @base: the fence everybody else sees; uses &seqno_fence_ops
 * @ops: the creator's fence operations, which &seqno_fence_ops forward to
 * @sync_buf: the buffer holding the value; referenced by the fence
 * @seqno_ofs: byte offset of the 32-bit value in @sync_buf
 * @condition: when the value completes the fence
 * @map: CPU mapping of @sync_buf, held while the fence exists when the
 *	creator has no &dma_fence_ops.signaled (see seqno_fence_init());
 *	cleared otherwise
 * @release_work: releases @map in process context once the fence is freed
 */
struct seqno_fence {
	struct dma_fence base;

	const struct dma_fence_ops *ops;
	struct dma_buf *sync_buf;
	u32 seqno_ofs;
	enum seqno_fence_condition condition;

	struct iosys_map map;
	struct work_struct release_work;
};

extern const struct dma_fence_ops seqno_fence_ops;

/**
 * to_seqno_fence() - downcast a fence to a seqno fence
 * @fence: any fence
 *
 * Return: the seqno fence, or NULL if @fence is of another kind.
 */
static inline struct seqno_fence *to_seqno_fence(struct dma_fence *fence)
{
	if (fence->ops != &seqno_fence_ops)
		return NULL;
	return container_of(fence, struct seqno_fence, base);
}

/**
 * seqno_fence_value_passed() - does a buffer value complete a fence?
 * @value: the 32-bit value read from the buffer
 * @seqno: the fence's sequence number
 * @cond: the fence's condition
 *
 * Return: true if @value satisfies @cond for @seqno.
 */
static inline bool seqno_fence_value_passed(u32 value, u32 seqno,
					    enum seqno_fence_condition cond)
{
	if (cond == SEQNO_FENCE_WAIT_NONZERO)
		return value != 0;
	return (s32)(value - seqno) >= 0;
}

int seqno_fence_init(struct seqno_fence *fence, spinlock_t *lock,
		     struct dma_buf *sync_buf, u64 context,
		     u32 seqno_ofs, u32 seqno,
		     enum seqno_fence_condition cond,
		     const struct dma_fence_ops *ops);
bool seqno_fence_check(struct seqno_fence *fence);
int seqno_fence_wq_init(void);
void seqno_fence_wq_exit(void);

#endif /* __LINUX_SEQNO_FENCE_H */
