// SPDX-License-Identifier: GPL-2.0-only
/*
 * fencepost-selftests: runs the selftest registry on the userspace host.
 *
 * Every case listed in kernel/selftests/selftests.h runs in turn, and after
 * each one the program waits for the deferred work the case left behind
 * (RCU callbacks, irq_work, workqueues, timers) and then checks what the
 * real kernel cannot check cheaply: that the case freed every allocation it
 * made, and that it caused no bug report (sleeping in atomic context, lock
 * misuse, double free...). Either fails the case even when it returned 0.
 * So does a number of WARNs other than the case's own count (&st_case.warns:
 * the few cases that pass bad arguments on purpose WARN exactly that many
 * times, every other case never).
 *
 * The output is TAP, one line per case, as from the in-kernel runner;
 * --kernel-runner runs st_run() itself instead, to test that runner.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <host/host.h>

#include "st-host.h"

struct st_main {
	const char *filter;
	unsigned int repeat;
	unsigned int selected;
	unsigned int index;
	unsigned int failed;
	bool list;
};

static bool selected(const struct st_main *m, const char *name)
{
	return st_filter_match(m->filter, name);
}

static int count_case(const struct st_suite *suite, const struct st_case *c,
		      void *data)
{
	struct st_main *m = data;
	char name[NAME_MAX_LEN];

	st_host_case_name(name, sizeof(name), suite, c);
	if (!selected(m, name))
		return 0;
	if (m->list)
		printf("%s\n", name);
	m->selected++;
	return 0;
}

/* Runs one case once and prints its TAP line. */
static void run_once(struct st_main *m, const char *name,
		     const struct st_case *c, unsigned int round)
{
	struct st_host_run r;
	char reason[160] = "";

	/* The previous case (or main()) ended with host_quiesce(). */
	st_host_run_case(c, 0, &r);

	if (r.err)
		snprintf(reason, sizeof(reason), "%d", r.err);
	if (r.leaked)
		snprintf(reason + strlen(reason), sizeof(reason) - strlen(reason),
			 "%sleaked %ld allocation(s)", *reason ? ", " : "",
			 r.leaked);
	if (r.bugs)
		snprintf(reason + strlen(reason), sizeof(reason) - strlen(reason),
			 "%s%lu bug report(s)", *reason ? ", " : "", r.bugs);
	if (r.warns != c->warns)
		snprintf(reason + strlen(reason), sizeof(reason) - strlen(reason),
			 "%sexpected %u WARN(s), saw %lu", *reason ? ", " : "",
			 c->warns, r.warns);

	m->index++;
	if (*reason) {
		m->failed++;
		printf("not ok %u - %s", m->index, name);
	} else {
		printf("ok %u - %s", m->index, name);
	}
	if (m->repeat > 1)
		printf(" [%u/%u]", round + 1, m->repeat);
	if (*reason)
		printf(" # %s", reason);
	printf("\n");
	if (r.warns)
		printf("# %s: %lu WARN(s), %u expected\n", name, r.warns,
		       c->warns);
	if (r.secs > 1.0)
		printf("# %s: slow, %.2f s (cases should take well under 1 s)\n",
		       name, r.secs);
	fflush(stdout);
}

static int run_case(const struct st_suite *suite, const struct st_case *c,
		    void *data)
{
	struct st_main *m = data;
	char name[NAME_MAX_LEN];
	unsigned int round;

	st_host_case_name(name, sizeof(name), suite, c);
	if (!selected(m, name))
		return 0;
	for (round = 0; round < m->repeat; round++)
		run_once(m, name, c, round);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: fencepost-selftests [options]\n"
		"  --list           print the \"suite/case\" names and exit\n"
		"  --run GLOBS      run only the cases whose \"suite/case\" matches one of\n"
		"                   GLOBS (comma-separated)\n"
		"  --repeat N       run each selected case N times (default 1)\n"
		"  --kernel-runner  run through st_run(), the in-kernel runner, with\n"
		"                   no leak, bug or WARN checks between cases\n"
		"  --allow-warns    with --kernel-runner: run the cases that WARN on\n"
		"                   purpose instead of reporting them as TAP SKIPs\n"
		"Output is TAP. Exit status: 0 if every case passed, 1 otherwise.\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "list", no_argument, NULL, 'l' },
		{ "run", required_argument, NULL, 'r' },
		{ "repeat", required_argument, NULL, 'n' },
		{ "kernel-runner", no_argument, NULL, 'k' },
		{ "allow-warns", no_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	struct st_main m = { .repeat = 1 };
	bool kernel_runner = false;
	bool allow_warns = false;
	char *end;
	long v;
	int c;

	if (st_host_init())
		return 99;

	while ((c = getopt_long(argc, argv, "lr:n:kwh", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			m.list = true;
			break;
		case 'r':
			m.filter = optarg;
			break;
		case 'n':
			v = strtol(optarg, &end, 10);
			if (*end || end == optarg || v < 1 || v > 100000) {
				fprintf(stderr, "fencepost-selftests: bad --repeat '%s'\n",
					optarg);
				return 2;
			}
			m.repeat = v;
			break;
		case 'k':
			kernel_runner = true;
			break;
		case 'w':
			allow_warns = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}

	if (kernel_runner) {
		int failed = st_run(m.filter, allow_warns);

		host_quiesce();
		return failed ? 1 : 0;
	}

	st_for_each_case(count_case, &m);
	if (m.list)
		return 0;

	if (!m.selected) {
		printf("1..0 # SKIP no case matches '%s'\n",
		       m.filter ? m.filter : "*");
		return 0;
	}
	printf("1..%u\n", m.selected * m.repeat);
	fflush(stdout);
	host_quiesce();
	st_for_each_case(run_case, &m);

	printf("# %u of %u passed\n", m.index - m.failed, m.index);
	return m.failed ? 1 : 0;
}
