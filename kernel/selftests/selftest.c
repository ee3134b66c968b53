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
#include <linux/string.h>

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
 * slash and a star runs one suite, "*signal*" picks cases across suites, and
 * a comma-separated list of globs selects the cases any of them matches.
 *
 * A few cases WARN on purpose: they pass bad arguments to APIs that warn
 * about them, as the kernel's do, and their table entry says how many WARNs
 * they trigger (ST_CASE_WARNS()). In a real kernel every WARN prints a
 * backtrace and taints the kernel (W), so st_run() runs these cases only
 * when its caller allows it, and then prints "# expect N WARNs" before the
 * case so that a reader of the log can tell the deliberate warnings from
 * the others. Otherwise the case is reported as an explicit TAP SKIP,
 * "ok N - suite/case # SKIP triggers N deliberate WARNs", never as a pass.
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
 * @filter: globs (comma-separated) matched against "suite/case", or NULL
 *	for every case
 * @allow_warns: whether cases that WARN on purpose may run
 * @selected: number of cases the filter selects
 * @index: TAP number of the last case run
 * @failed: number of cases that returned an error
 */
struct st_run_state {
	const char *filter;
	bool allow_warns;
	unsigned int selected;
	unsigned int index;
	unsigned int failed;
};

/**
 * st_filter_match() - whether a "suite/case" name is selected by a filter
 * @filter: NULL for every case, else a comma-separated list of globs
 *	(``*``, ``?`` and ``[...]``)
 * @name: the case's "suite/case" name
 *
 * Return: true if @filter is NULL or any of its globs matches @name.
 */
bool st_filter_match(const char *filter, const char *name)
{
	char pat[ST_NAME_MAX];
	const char *end;
	size_t len;

	if (!filter)
		return true;

	for (;;) {
		end = strchrnul(filter, ',');
		len = end - filter;
		/* A glob of ST_NAME_MAX characters or more matches nothing. */
		if (len < sizeof(pat)) {
			memcpy(pat, filter, len);
			pat[len] = '\0';
			if (len && glob_match(pat, name))
				return true;
		}
		if (!*end)
			return false;
		filter = end + 1;
	}
}

static bool st_selected(const struct st_run_state *state,
			const struct st_suite *suite, const struct st_case *c)
{
	char name[ST_NAME_MAX];

	if (!state->filter)
		return true;

	snprintf(name, sizeof(name), "%s/%s", suite->name, c->name);
	return st_filter_match(state->filter, name);
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
	if (c->warns && !state->allow_warns) {
		pr_info("ok %u - %s/%s # SKIP triggers %u deliberate WARNs\n",
			state->index, suite->name, c->name, c->warns);
		return 0;
	}
	if (c->warns)
		pr_info("# expect %u WARNs\n", c->warns);
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
 * @filter: NULL for every case, else a comma-separated list of globs
 *	(``*``, ``?`` and ``[...]``) matched against "suite/case"
 * @allow_warns: run the cases that WARN on purpose (&st_case.warns), each
 *	after a "# expect N WARNs" comment; if false, report each of them as a
 *	TAP SKIP without running it
 *
 * Prints a TAP plan, then one TAP result line per selected case, through
 * pr_info(). Cases run in registry order, each to completion before the
 * next one starts; a failing case does not stop the run.
 *
 * Return: the number of selected cases that failed; a skipped case does not
 * count.
 */
int st_run(const char *filter, bool allow_warns)
{
	struct st_run_state state = {
		.filter = filter,
		.allow_warns = allow_warns,
	};

	st_for_each_case(st_count_one, &state);
	pr_info("1..%u\n", state.selected);
	st_for_each_case(st_run_one, &state);
	return state.failed;
}
