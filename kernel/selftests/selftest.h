/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fencepost selftest registry.
 *
 * One registry serves both hosts: the userspace host links the suites into
 * a test program, the real kernel runs them from the module's init when the
 * module is loaded with its selftest parameter. Every case prints one TAP
 * line through printk, so both hosts produce the same report.
 */
#ifndef __FENCEPOST_SELFTEST_H
#define __FENCEPOST_SELFTEST_H

#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/types.h>

/**
 * struct st_case - one selftest case
 * @name: case name, unique within its suite
 * @func: the case; returns 0 on success or a negative errno on failure.
 *	It may sleep. It must release everything it allocated on every path,
 *	including failure paths, because the userspace host checks for leaks
 *	after each case and fails allocations on request.
 * @warns: the exact number of WARNs the case triggers on purpose (bad
 *	arguments to an API that warns about them, as the kernel's does) when
 *	no allocation fails; 0 for an ordinary case. The userspace host fails
 *	a case whose count differs; the in-kernel runner skips such a case
 *	unless it is told that warnings are expected (each WARN taints the
 *	kernel and prints a backtrace).
 */
struct st_case {
	const char *name;
	int (*func)(void *arg);
	unsigned int warns;
};

/**
 * struct st_suite - a named group of cases
 * @name: suite name, as listed in selftests.h
 * @cases: the cases, run in order
 * @count: number of entries in @cases
 */
struct st_suite {
	const char *name;
	const struct st_case *cases;
	unsigned int count;
};

#define ST_CASE(fn) { .name = #fn, .func = fn }
/* A case that triggers exactly @n WARNs on purpose (see &struct st_case). */
#define ST_CASE_WARNS(fn, n) { .name = #fn, .func = fn, .warns = (n) }

/* Defines the suite object that selftests.h names; use once per suite. */
#define DEFINE_ST_SUITE(sname, table)					\
	const struct st_suite st_suite_##sname = {			\
		.name = #sname,						\
		.cases = table,						\
		.count = ARRAY_SIZE(table),				\
	}

#define selftest(sname) extern const struct st_suite st_suite_##sname;
#include "selftests.h"
#undef selftest

/**
 * st_run() - run every registered case whose "suite/case" name matches
 * @filter: NULL for all, else a comma-separated list of globs (``*``,
 *	``?`` and ``[...]``) matched against "suite/case"
 * @allow_warns: whether cases that WARN on purpose (&st_case.warns) may
 *	run; if false they are reported as TAP SKIPs
 *
 * Prints a TAP plan and one TAP line per case through pr_info().
 *
 * Return: the number of failed cases.
 */
int st_run(const char *filter, bool allow_warns);

/**
 * st_filter_match() - whether a "suite/case" name is selected by a filter
 * @filter: NULL for every case, else a comma-separated list of globs
 * @name: "suite/case"
 *
 * Return: true if @filter is NULL or any of its globs matches @name.
 */
bool st_filter_match(const char *filter, const char *name);

/**
 * st_for_each_case() - call @fn for every registered case
 * @fn: callback; a non-zero return stops the walk and is returned
 * @data: passed through to @fn
 *
 * Return: 0, or the first non-zero value returned by @fn.
 */
int st_for_each_case(int (*fn)(const struct st_suite *suite,
			       const struct st_case *c, void *data),
		     void *data);

#endif /* __FENCEPOST_SELFTEST_H */
