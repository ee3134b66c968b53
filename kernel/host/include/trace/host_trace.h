/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: recording trace events.
 *
 * Off by default: each trace_<event>() call then costs one relaxed load.
 * Recording starts at process start if the environment variable
 * FENCEPOST_TRACE names a file (appended to; "-" is stderr), or with
 * host_trace_start(); host_trace_stop() ends it and closes the file.
 *
 * Each event is one line in the format of the kernel's tracing/trace file,
 *
 *   <comm>-<tid> [<cpu>] ..... <seconds>.<nanoseconds>: <event>: <fields>
 *
 * with CLOCK_MONOTONIC time (the clock of ktime_get() on the host), so that
 * the same tools read recordings from the host and from the module.
 */
#ifndef __TRACE_HOST_TRACE_H
#define __TRACE_HOST_TRACE_H

#include <linux/types.h>

extern int host_trace_on;

static inline bool host_trace_enabled(void)
{
	return __atomic_load_n(&host_trace_on, __ATOMIC_RELAXED);
}

/* Start recording to @path ("-": stderr). 0 or a negative errno. */
int host_trace_start(const char *path);
/* Stop recording and close the file. */
void host_trace_stop(void);

/* One event line; @system is the trace system, unused in the line. */
void host_trace_emit(const char *system, const char *event,
		     const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* __TRACE_HOST_TRACE_H */
