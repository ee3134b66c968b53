// SPDX-License-Identifier: GPL-2.0-only
/*
 * fencepost userspace host: recording trace events (<trace/host_trace.h>).
 *
 * One process-wide file, written a whole line at a time under a mutex, so
 * lines from concurrent threads never interleave. Event order in the file
 * follows the order in which threads took the mutex; their timestamps are
 * taken inside it, so they never go backwards.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include <trace/host_trace.h>

int host_trace_on;

static pthread_mutex_t trace_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *trace_file;

int host_trace_start(const char *path)
{
	FILE *f;

	if (!path || !*path)
		return -EINVAL;
	if (strcmp(path, "-") == 0) {
		f = stderr;
	} else {
		f = fopen(path, "ae");
		if (!f)
			return -errno;
		setvbuf(f, NULL, _IOLBF, 0);
	}

	pthread_mutex_lock(&trace_lock);
	if (trace_file && trace_file != stderr)
		fclose(trace_file);
	trace_file = f;
	__atomic_store_n(&host_trace_on, 1, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&trace_lock);
	return 0;
}

void host_trace_stop(void)
{
	pthread_mutex_lock(&trace_lock);
	__atomic_store_n(&host_trace_on, 0, __ATOMIC_RELAXED);
	if (trace_file && trace_file != stderr)
		fclose(trace_file);
	trace_file = NULL;
	pthread_mutex_unlock(&trace_lock);
}

__attribute__((constructor))
static void host_trace_from_env(void)
{
	const char *path = getenv("FENCEPOST_TRACE");

	if (path && *path && host_trace_start(path))
		fprintf(stderr, "fencepost: FENCEPOST_TRACE=%s: %s\n", path,
			strerror(errno));
}

/* Flushes and closes the file at exit, for programs that never stop it. */
__attribute__((destructor))
static void host_trace_at_exit(void)
{
	host_trace_stop();
}

void host_trace_emit(const char *system, const char *event,
		     const char *fmt, ...)
{
	char comm[17] = "";
	struct timespec ts;
	va_list ap;
	int cpu;

	(void)system;
	if (prctl(PR_GET_NAME, comm) || !comm[0])
		strcpy(comm, "<...>");
	/* ftrace shows names with spaces as they are; keep one field. */
	for (char *c = comm; *c; c++)
		if (*c == ' ')
			*c = '_';
	cpu = sched_getcpu();

	pthread_mutex_lock(&trace_lock);
	if (!trace_file) {
		pthread_mutex_unlock(&trace_lock);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &ts);
	fprintf(trace_file, "%16s-%-7d [%03d] ..... %5lld.%09ld: %s: ", comm,
		(int)gettid(), cpu < 0 ? 0 : cpu, (long long)ts.tv_sec,
		ts.tv_nsec, event);
	va_start(ap, fmt);
	vfprintf(trace_file, fmt, ap);
	va_end(ap);
	fputc('\n', trace_file);
	pthread_mutex_unlock(&trace_lock);
}
