// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the host's selftest drivers share: the start-up of the core, the
 * "suite/case" name of a case, and one run of a case with its leak, bug and
 * WARN counts.
 */
#include <stdio.h>
#include <time.h>

#include <linux/dma-buf.h>
#include <host/host.h>

#include "st-host.h"

/**
 * st_host_init() - what the module's init does before the selftests run
 *
 * Return: 0, or 1 after printing why the core could not start.
 */
int st_host_init(void)
{
	int err = dma_buf_init();

	if (err) {
		fprintf(stderr, "dma_buf_init: %d\n", err);
		return 1;
	}
	return 0;
}

/**
 * st_host_case_name() - format the "suite/case" name of a case
 * @buf: where to write the name
 * @size: the size of @buf
 * @suite: the suite @c belongs to
 * @c: the case
 */
void st_host_case_name(char *buf, size_t size, const struct st_suite *suite,
		       const struct st_case *c)
{
	snprintf(buf, size, "%s/%s", suite->name, c->name);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) + (t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/**
 * st_host_run_case() - run a case once and count what it left behind
 * @c: the case
 * @nth: if not 0, fail the @nth allocation from now on; the failure stays
 *	armed while the deferred work drains, so allocations made from
 *	callbacks and workers count too
 * @r: where to store the result
 *
 * Called with the host quiesced, and leaves it quiesced: the deferred work
 * the case left behind has run before the counts are taken.
 */
void st_host_run_case(const struct st_case *c, unsigned long nth,
		      struct st_host_run *r)
{
	unsigned long bugs, warns;
	struct timespec t0;
	long live;

	live = host_alloc_live();
	bugs = host_bug_count();
	warns = host_warn_count();

	if (nth)
		host_alloc_fail_nth(nth);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r->err = c->func(NULL);
	r->secs = seconds_since(&t0);
	host_quiesce();
	r->hit = false;
	if (nth) {
		r->hit = host_alloc_fail_hit();
		host_alloc_fail_nth(0);
	}

	r->leaked = host_alloc_live() - live;
	r->bugs = host_bug_count() - bugs;
	r->warns = host_warn_count() - warns;
}
