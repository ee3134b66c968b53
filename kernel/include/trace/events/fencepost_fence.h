/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Trace events of the fence core, under fencepost's own trace system
 * "fencepost_fence" (tracing/events/fencepost_fence/ in the module), so that
 * they never clash with the kernel's own dma_fence events, which the stock
 * subsystem emits beside ours.
 *
 * The core calls them where Linux calls its dma_fence events:
 * fencepost_fence_init at the end of dma_fence_init(),
 * fencepost_fence_destroy when the last reference goes,
 * fencepost_fence_enable_signal at the first request to signal an
 * unsignaled fence (Linux only traces it for fences that have
 * &dma_fence_ops.enable_signaling; here every fence has it, so that the
 * timeline shows when somebody started to care),
 * fencepost_fence_signaled when a fence signals (after
 * fencepost_fence_error if it signals with an error), and
 * fencepost_fence_wait_start / fencepost_fence_wait_end around a wait.
 *
 * Every event names the fence by driver, timeline, context and seqno, and
 * by its address (fence=%p: hashed by the kernel's trace output, the same
 * for the same fence), which tells apart fences that share a context and
 * seqno; an address is reused only after a fencepost_fence_destroy.
 *
 * In the module, kernel/module/trace.c creates them (CREATE_TRACE_POINTS);
 * on the userspace host the shim's <linux/tracepoint.h> turns each into a
 * function that writes the same text line as the kernel's trace file when
 * recording is on, see <trace/host_trace.h>. tools/fence-trace reads both.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM fencepost_fence

#if !defined(_TRACE_FENCEPOST_FENCE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_FENCEPOST_FENCE_H

#include <linux/dma-fence.h>
#include <linux/tracepoint.h>

DECLARE_EVENT_CLASS(fencepost_fence,

	TP_PROTO(struct dma_fence *fence),

	TP_ARGS(fence),

	TP_STRUCT__entry(
		__string(driver, fence->ops->get_driver_name(fence))
		__string(timeline, fence->ops->get_timeline_name(fence))
		__field(u64, context)
		__field(u64, seqno)
		__field(const void *, fence)
	),

	TP_fast_assign(
		__assign_str(driver, fence->ops->get_driver_name(fence));
		__assign_str(timeline, fence->ops->get_timeline_name(fence));
		__entry->context = fence->context;
		__entry->seqno = fence->seqno;
		__entry->fence = fence;
	),

	TP_printk("driver=%s timeline=%s context=%llu seqno=%llu fence=%p",
		  __get_str(driver), __get_str(timeline),
		  (unsigned long long)__entry->context,
		  (unsigned long long)__entry->seqno, __entry->fence)
);

DEFINE_EVENT(fencepost_fence, fencepost_fence_init,
	TP_PROTO(struct dma_fence *fence),
	TP_ARGS(fence)
);

DEFINE_EVENT(fencepost_fence, fencepost_fence_destroy,
	TP_PROTO(struct dma_fence *fence),
	TP_ARGS(fence)
);

DEFINE_EVENT(fencepost_fence, fencepost_fence_enable_signal,
	TP_PROTO(struct dma_fence *fence),
	TP_ARGS(fence)
);

DEFINE_EVENT(fencepost_fence, fencepost_fence_signaled,
	TP_PROTO(struct dma_fence *fence),
	TP_ARGS(fence)
);

DEFINE_EVENT(fencepost_fence, fencepost_fence_wait_start,
	TP_PROTO(struct dma_fence *fence),
	TP_ARGS(fence)
);

DEFINE_EVENT(fencepost_fence, fencepost_fence_wait_end,
	TP_PROTO(struct dma_fence *fence),
	TP_ARGS(fence)
);

/* A fence signals with an error: emitted just before its signaled event. */
TRACE_EVENT_CONDITION(fencepost_fence_error,

	TP_PROTO(struct dma_fence *fence),

	TP_ARGS(fence),

	TP_CONDITION(fence->error),

	TP_STRUCT__entry(
		__string(driver, fence->ops->get_driver_name(fence))
		__string(timeline, fence->ops->get_timeline_name(fence))
		__field(u64, context)
		__field(u64, seqno)
		__field(int, error)
		__field(const void *, fence)
	),

	TP_fast_assign(
		__assign_str(driver, fence->ops->get_driver_name(fence));
		__assign_str(timeline, fence->ops->get_timeline_name(fence));
		__entry->context = fence->context;
		__entry->seqno = fence->seqno;
		__entry->error = fence->error;
		__entry->fence = fence;
	),

	TP_printk("driver=%s timeline=%s context=%llu seqno=%llu error=%d fence=%p",
		  __get_str(driver), __get_str(timeline),
		  (unsigned long long)__entry->context,
		  (unsigned long long)__entry->seqno, __entry->error,
		  __entry->fence)
);

#endif /* _TRACE_FENCEPOST_FENCE_H */

/* Outside the guard: the kernel's second pass, which creates the events. */
#include <trace/define_trace.h>
