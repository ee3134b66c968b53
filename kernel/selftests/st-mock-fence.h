/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Mock fences shared by the selftest suites.
 */

#ifndef FENCEPOST_ST_MOCK_FENCE_H
#define FENCEPOST_ST_MOCK_FENCE_H

#include <linux/atomic.h>
#include <linux/container_of.h>
#include <linux/dma-fence.h>
#include <linux/ktime.h>
#include <linux/spinlock.h>
#include <linux/types.h>

/**
 * struct mock_fence - a software fence for the selftests
 * @base: the fence; first, so the default release frees the whole mock
 * @lock: the fence's own lock; also guards @deadline and @deadlines
 * @enabled: how many times enable_signaling was called
 * @deadline: the earliest deadline given through set_deadline
 * @deadlines: how many times set_deadline was called
 */
struct mock_fence {
	struct dma_fence base;
	spinlock_t lock;
	atomic_t enabled;
	ktime_t deadline;
	unsigned int deadlines;
};

/**
 * to_mock_fence() - the mock around a fence
 * @f: a fence made by mock_fence_create() or mock_fence()
 *
 * Return: the &struct mock_fence that contains @f.
 */
static inline struct mock_fence *to_mock_fence(struct dma_fence *f)
{
	return container_of(f, struct mock_fence, base);
}

const char *mock_fence_driver_name(struct dma_fence *f);
const char *mock_fence_timeline_name(struct dma_fence *f);

extern const struct dma_fence_ops mock_fence_ops;
extern const struct dma_fence_ops mock_fence_ops32;

struct dma_fence *mock_fence_create(const struct dma_fence_ops *ops,
				    u64 context, u64 seqno);
struct dma_fence *mock_fence(void);
int mock_fences(struct dma_fence **f, unsigned int count);
void mock_fences_put(struct dma_fence **f, unsigned int count);
struct dma_fence *mock_array(struct dma_fence **in, unsigned int count,
			     bool any);
struct dma_fence *mock_chain(struct dma_fence *prev, struct dma_fence *fence,
			     u64 seqno);

/**
 * struct count_cb - a fence callback that counts its calls
 * @cb: the callback to add with count_cb_func()
 * @count: how many times it ran
 * @error: the fence's error when it last ran; 1 until it runs
 */
struct count_cb {
	struct dma_fence_cb cb;
	atomic_t count;
	int error;
};

void count_cb_init(struct count_cb *cb);
void count_cb_func(struct dma_fence *f, struct dma_fence_cb *cb);
int count_cb_seen(struct count_cb *cb);

#endif /* FENCEPOST_ST_MOCK_FENCE_H */
