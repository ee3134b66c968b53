/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Minimal TAP helpers shared by the shim's own tests (shim-*.c).  Each
 * test is a function returning 0 for success; failures print a reason
 * with SHIM_CHECK().  The harness checks host_bug_count(),
 * host_warn_count() and host_alloc_live() after every test unless the
 * test says it expects reports.
 */
#ifndef __SHIM_TAP_H
#define __SHIM_TAP_H

#include <stdio.h>
#include <stdlib.h>
#include <host/host.h>

struct shim_test {
	const char *name;
	int (*fn)(void);
	bool expects_reports;	/* the test itself checks the counters */
};

/* SHIM_TEST(foo) names the function test_foo. */
#define SHIM_TEST(n)		{ #n, test_##n, false }
#define SHIM_TEST_REPORTS(n)	{ #n, test_##n, true }

#define SHIM_CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "# %s:%d: check failed: %s: ",	\
				__FILE__, __LINE__, #cond);		\
			fprintf(stderr, __VA_ARGS__);			\
			fputc('\n', stderr);				\
			return -1;					\
		}							\
	} while (0)

static inline int shim_run(const struct shim_test *tests, int n)
{
	int i, failed = 0;

	printf("1..%d\n", n);
	for (i = 0; i < n; i++) {
		unsigned long bugs = host_bug_count(), warns = host_warn_count();
		long live = host_alloc_live();
		int ret = tests[i].fn();

		host_quiesce();
		if (!ret && !tests[i].expects_reports &&
		    (host_bug_count() != bugs || host_warn_count() != warns)) {
			fprintf(stderr, "# unexpected BUG/WARN reports\n");
			ret = -1;
		}
		if (!ret && host_alloc_live() != live) {
			fprintf(stderr, "# leak: %ld live allocations, was %ld\n",
				host_alloc_live(), live);
			host_alloc_dump_live();
			ret = -1;
		}
		printf("%sok %d - %s\n", ret ? "not " : "", i + 1, tests[i].name);
		failed += !!ret;
	}
	return failed ? 1 : 0;
}

#endif /* __SHIM_TAP_H */
