// SPDX-License-Identifier: GPL-2.0-only
/*
 * fencepost selftest runner: walks the suites listed in selftests.h, runs the
 * cases whose "suite/case" name matches a glob, and reports each one as a
 * line of TAP through the kernel log.
 */

/* TAP lines must start at column 0: no module prefix. */
#define pr_fmt(fmt) fmt

#include <linux/glob.h>
#include <linux/kernel.h>
#include <linux/printk.h>

#include "selftest.h"

/**
 * DOC: selftest runner
 *
 * Every suite file defines one &struct st_suite with DEFINE_ST_SUITE(), and
 * selftests.h lists the suites in the order they run. The list is expanded
 * here into a table of suite pointers, which st_for_each_case() walks in
 * order, case by case.
 *
 * st_run() is the runner used inside the kernel: it prints a TAP plan
 * ("1..N", N being the number of cases the filter selects), then runs the
 * selected cases one after the other and prints "ok N - suite/case" or
 * "not ok N - suite/case # errno" for each. Cases are named by
 * "suite/case" and selected with glob_match(): a suite name followed by a
 * slash and a star runs one suite, "*signal*" picks cases across suites.
 *
 * The userspace host does not use st_run() for its test program: it walks
 * the same table with st_for_each_case() so that it can check for leaks and
 * bug reports between cases. Both produce the same TAP lines.
 */

#define ST_NAME_MAX	128

static const struct st_suite *const st_suites[] = {
#define selftest(sname) (&st_suite_##sname),
#include "selftests.h"
#undef selftest
};

/**
 * struct st_run_state - progress of one st_run() call
 * @filter: glob matched against "suite/case", or NULL for every case
 * @selected: number of cases the filter selects
 * @index: TAP number of the last case run
 * @failed: number of cases that returned an error
 */
struct st_run_state {
	const char *filter;
	unsigned int selected;
	unsigned int index;
	unsigned int failed;
};

static bool st_selected(const struct st_run_state *state,
			const struct st_suite *suite, const struct st_case *c)
{
	char name[ST_NAME_MAX];

	if (!state->filter)
		return true;

	snprintf(name, sizeof(name), "%s/%s", suite->name, c->name);
	return glob_match(state->filter, name);
}

static int st_count_one(const struct st_suite *suite,
			const struct st_case *c, void *data)
{
	struct st_run_state *state = data;

	if (st_selected(state, suite, c))
		state->selected++;
	return 0;
}

static int st_run_one(const struct st_suite *suite,
		      const struct st_case *c, void *data)
{
	struct st_run_state *state = data;
	int err;

	if (!st_selected(state, suite, c))
		return 0;

	state->index++;
	err = c->func(NULL);
	if (err) {
		state->failed++;
		pr_info("not ok %u - %s/%s # %d\n",
			state->index, suite->name, c->name, err);
	} else {
		pr_info("ok %u - %s/%s\n", state->index, suite->name, c->name);
	}
	return 0;
}

/**
 * st_for_each_case() - call @fn for every registered case
 * @fn: callback, given the suite, the case and @data; a non-zero return
 *	stops the walk
 * @data: passed through to @fn
 *
 * Suites are visited in the order of selftests.h, cases in the order of
 * their suite's table.
 *
 * Return: 0 once every case has been visited, or the first non-zero value
 * returned by @fn.
 */
int st_for_each_case(int (*fn)(const struct st_suite *suite,
			       const struct st_case *c, void *data),
		     void *data)
{
	unsigned int i, j;
	int ret;

	for (i = 0; i < ARRAY_SIZE(st_suites); i++) {
		const struct st_suite *suite = st_suites[i];

		for (j = 0; j < suite->count; j++) {
			ret = fn(suite, &suite->cases[j], data);
			if (ret)
				return ret;
		}
	}
	return 0;
}

/**
 * st_run() - run every registered case whose "suite/case" name matches
 * @filter: NULL for every case, else a glob (``*``, ``?`` and ``[...]``)
 *	matched against "suite/case"
 *
 * Prints a TAP plan, then one TAP result line per selected case, through
 * pr_info(). Cases run in registry order, each to completion before the
 * next one starts; a failing case does not stop the run.
 *
 * Return: the number of selected cases that failed.
 */
int st_run(const char *filter)
{
	struct st_run_state state = { .filter = filter };

	st_for_each_case(st_count_one, &state);
	pr_info("1..%u\n", state.selected);
	st_for_each_case(st_run_one, &state);
	return state.failed;
}
