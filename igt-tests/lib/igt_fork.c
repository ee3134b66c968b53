// SPDX-License-Identifier: GPL-2.0-only
/*
 * igt_fork() and igt_waitchildren(): run part of a subtest in child
 * processes, as IGT does. See igt.h.
 *
 * A child runs the body of igt_fork() and exits 0 at its end. The child
 * points igt_subtest_jmpbuf at its own setjmp(), so a failed assertion (or
 * a skip) in the child, once the harness has reported it, comes back to
 * igt_fork() instead of going on with the parent's subtests, and the child
 * exits IGT_EXIT_FAILURE. igt_waitchildren() in the parent reaps every
 * child and fails the subtest if any did not exit 0.
 */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "igt.h"

#define IGT_MAX_CHILDREN 64

static pid_t children[IGT_MAX_CHILDREN];
static int n_children;
static bool in_child;

/* Children an earlier subtest left behind (it failed before waiting). */
static void reap_stale(void)
{
	int i;

	for (i = 0; i < n_children; i++) {
		kill(children[i], SIGKILL);
		while (waitpid(children[i], NULL, 0) < 0 && errno == EINTR)
			;
	}
	n_children = 0;
}

bool __igt_fork(int index)
{
	pid_t pid;

	igt_assert_f(!in_child, "igt_fork() inside a child\n");
	if (index == 0 && n_children)
		reap_stale();
	igt_assert_f(n_children < IGT_MAX_CHILDREN,
		     "more than %d children\n", IGT_MAX_CHILDREN);

	/* Nothing buffered may be printed twice. */
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	igt_assert_f(pid >= 0, "fork: %s\n", strerror(errno));
	if (pid == 0) {
		in_child = true;
		n_children = 0;
		return true;
	}
	children[n_children++] = pid;
	return false;
}

void __igt_child_exit(int status)
{
	fflush(stdout);
	fflush(stderr);
	_exit(status);
}

int igt_waitchildren_status(void)
{
	int i, failed = 0;

	igt_assert_f(!in_child, "igt_waitchildren() inside a child\n");
	for (i = 0; i < n_children; i++) {
		int status;
		pid_t ret;

		do {
			ret = waitpid(children[i], &status, 0);
		} while (ret < 0 && errno == EINTR);
		if (ret < 0) {
			fprintf(stderr, "child %d (pid %d): waitpid: %s\n",
				i, (int)children[i], strerror(errno));
			failed++;
		} else if (WIFSIGNALED(status)) {
			fprintf(stderr, "child %d (pid %d) killed by signal %d\n",
				i, (int)children[i], WTERMSIG(status));
			failed++;
		} else if (WEXITSTATUS(status) != 0) {
			fprintf(stderr, "child %d (pid %d) exited %d\n",
				i, (int)children[i], WEXITSTATUS(status));
			failed++;
		}
	}
	n_children = 0;
	return failed;
}

void igt_waitchildren(void)
{
	int failed = igt_waitchildren_status();

	if (failed) {
		fprintf(stderr, "%d child process(es) failed\n", failed);
		igt_fail(IGT_EXIT_FAILURE);
	}
}
