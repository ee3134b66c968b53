/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: the dma_fence trace events as empty inline functions.
 * CREATE_TRACE_POINTS makes no difference here.
 */
#ifndef _TRACE_DMA_FENCE_H
#define _TRACE_DMA_FENCE_H

#include <linux/tracepoint.h>

struct dma_fence;

#define __HOST_DMA_FENCE_EVENT(name)					\
static inline void trace_##name(struct dma_fence *fence)		\
{									\
	(void)fence;							\
}									\
static inline bool trace_##name##_enabled(void)				\
{									\
	return false;							\
}

__HOST_DMA_FENCE_EVENT(dma_fence_emit)
__HOST_DMA_FENCE_EVENT(dma_fence_init)
__HOST_DMA_FENCE_EVENT(dma_fence_destroy)
__HOST_DMA_FENCE_EVENT(dma_fence_enable_signal)
__HOST_DMA_FENCE_EVENT(dma_fence_signaled)
__HOST_DMA_FENCE_EVENT(dma_fence_wait_start)
__HOST_DMA_FENCE_EVENT(dma_fence_wait_end)

#undef __HOST_DMA_FENCE_EVENT

#endif /* _TRACE_DMA_FENCE_H */
