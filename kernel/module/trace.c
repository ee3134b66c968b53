// SPDX-License-Identifier: GPL-2.0-only
/*
 * DOC: fence trace events
 *
 * Creates the "fencepost_fence" trace events that the core emits (see
 * <trace/events/fencepost_fence.h>): enable them with
 * "echo 1 > /sys/kernel/tracing/events/fencepost_fence/enable" and read
 * /sys/kernel/tracing/trace. Module only: on the userspace host the shim
 * provides the events. The header resolves through our include directory
 * (kernel/include, first on the module's include path), so no
 * TRACE_INCLUDE_PATH is needed.
 */
#define CREATE_TRACE_POINTS
#include <trace/events/fencepost_fence.h>
