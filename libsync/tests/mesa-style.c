// SPDX-License-Identifier: GPL-2.0-only
/*
 * mesa-style: C code written the way Mesa and other libdrm users call
 * <libsync.h> (sync_accumulate() into a batch fence, sync_wait(),
 * sync_valid_fd(), sync_set_deadline()), on sw_sync fences from
 * <sw_sync.h>. Built with nothing but libsync's include directory and
 * -lsync (what pkg-config --cflags --libs libsync gives; make installcheck
 * builds it that way from the installed package). Runs in the VM
 * (tools/vm/plans/libsync.sh); prints TAP, exits 0, 1 on a failure, 77
 * without sw_sync.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libsync.h>
#include <sw_sync.h>

#define N_JOBS 8

static int tests, failures;

static void check(int ok, const char *what)
{
	tests++;
	if (!ok)
		failures++;
	printf("%sok %d - %s\n", ok ? "" : "not ", tests, what);
}

int main(void)
{
	int tl[N_JOBS], job[N_JOBS], batch = -1, i, ok;
	struct timespec deadline;

	tl[0] = sw_sync_timeline_create();
	if (tl[0] < 0) {
		printf("1..0 # SKIP no sw_sync: %s\n", strerror(errno));
		return 77;
	}
	for (i = 1; i < N_JOBS; i++)
		tl[i] = sw_sync_timeline_create();

	/* One fence per job, accumulated into the batch's fence. */
	ok = 1;
	for (i = 0; i < N_JOBS; i++) {
		job[i] = sw_sync_fence_create(tl[i], "job", 1);
		ok &= job[i] >= 0 && sync_accumulate("batch", &batch, job[i]) == 0;
	}
	check(ok && batch >= 0, "sync_accumulate of 8 job fences");
	check(sync_valid_fd(batch) && !sync_valid_fd(tl[0]) && !sync_valid_fd(-1),
	      "sync_valid_fd: the batch yes, a timeline and -1 no");

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_nsec = 0;
	deadline.tv_sec += 1;
	check(sync_set_deadline(batch, &deadline) == 0 || errno == ENOTTY,
	      "sync_set_deadline: 0, or ENOTTY from a kernel without it");

	check(sync_wait(batch, 0) == -1 && errno == ETIME, "pending: ETIME");
	for (i = 0; i < N_JOBS - 1; i++)
		sw_sync_timeline_inc(tl[i], 1);
	check(sync_wait(batch, 10) == -1 && errno == ETIME,
	      "one job left: still ETIME");
	sw_sync_timeline_inc(tl[N_JOBS - 1], 1);
	check(sync_wait(batch, -1) == 0, "all jobs done: 0");

	i = sync_merge("m", batch, job[0]);
	check(i >= 0, "sync_merge with a job fence");
	if (i >= 0)
		close(i);
	check(sync_merge("m", -1, job[0]) == -1 && errno == EBADF,
	      "sync_merge on -1: EBADF");

	close(batch);
	for (i = 0; i < N_JOBS; i++) {
		close(job[i]);
		close(tl[i]);
	}
	printf("1..%d\n", tests);
	return failures ? 1 : 0;
}
