// SPDX-License-Identifier: GPL-2.0-only
/*
 * TEST: sw_sync timelines on the userspace host
 *
 * Timelines opened on host files through sw_sync_debugfs_fops, fences made
 * and signaled through SW_SYNC_IOC_CREATE_FENCE and SW_SYNC_IOC_INC.
 *
 * SUBTEST: order: points signal in order as the timeline passes them
 * SUBTEST: duplicate: a second point at the same value is the same fence
 * SUBTEST: past: a point at or before the current value is born signaled
 * SUBTEST: close: closing the timeline fails pending points with -ENOENT
 * SUBTEST: outlive: fences keep their timeline alive after the close
 * SUBTEST: inc-huge: increments above INT_MAX, and wrap-around
 * SUBTEST: last-ref-in-callback: a signal callback drops the last reference
 * SUBTEST: threads: one thread creates and waits, another increments
 * SUBTEST: get-deadline: SW_SYNC_GET_DEADLINE reads back the earliest hint
 */
#include <pthread.h>
#include <string.h>

#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "sync-tap.h"

static struct sync_timeline *timeline_of(int tl)
{
	struct file *file = fget(tl);
	struct sync_timeline *obj;

	if (!file)
		return NULL;
	obj = file->private_data;
	fput(file);
	return obj;
}

static int test_order(void)
{
	static const unsigned int values[] = { 1, 2, 3, 10 };
	int tl, f[ARRAY_SIZE(values)];
	size_t i;

	tl = sw_sync_open();
	SHIM_CHECK(tl >= 0, "open: %d", tl);
	for (i = 0; i < ARRAY_SIZE(values); i++) {
		f[i] = sw_sync_fence(tl, values[i], "pt");
		SHIM_CHECK(f[i] >= 0, "create %u: %d", values[i], f[i]);
		SHIM_CHECK(sync_status(f[i], NULL) == 0, "born signaled");
	}

	SHIM_CHECK(sw_sync_inc(tl, 2) == 0, "inc");
	SHIM_CHECK(sync_status(f[0], NULL) == 1 && sync_status(f[1], NULL) == 1,
		   "1 and 2 not signaled");
	SHIM_CHECK(sync_status(f[2], NULL) == 0 && sync_status(f[3], NULL) == 0,
		   "3 and 10 signaled early");
	SHIM_CHECK(timeline_of(tl)->value == 2, "value %d",
		   timeline_of(tl)->value);
	SHIM_CHECK(sw_sync_inc(tl, 0) == 0, "inc 0");
	SHIM_CHECK(sync_status(f[2], NULL) == 0, "inc 0 signaled");
	SHIM_CHECK(sw_sync_inc(tl, 8) == 0, "inc");
	for (i = 0; i < ARRAY_SIZE(values); i++)
		SHIM_CHECK(sync_status(f[i], NULL) == 1, "%zu not signaled", i);
	SHIM_CHECK(RB_EMPTY_ROOT(&timeline_of(tl)->pt_tree) &&
		   list_empty(&timeline_of(tl)->pt_list),
		   "signaled points still linked");

	for (i = 0; i < ARRAY_SIZE(values); i++)
		close_fd(f[i]);
	close_fd(tl);
	return 0;
}

static int test_duplicate(void)
{
	struct dma_fence *a, *b;
	int tl, fa, fb, fc;

	tl = sw_sync_open();
	fa = sw_sync_fence(tl, 4, "a");
	fb = sw_sync_fence(tl, 4, "b");
	SHIM_CHECK(tl >= 0 && fa >= 0 && fb >= 0, "setup");
	a = sync_file_get_fence(fa);
	b = sync_file_get_fence(fb);
	SHIM_CHECK(a && a == b, "two fences for one value");
	dma_fence_put(b);
	dma_fence_put(a);

	/* Once the old point is gone, a new one is made. */
	close_fd(fa);
	close_fd(fb);
	fc = sw_sync_fence(tl, 4, "c");
	SHIM_CHECK(fc >= 0, "create");
	SHIM_CHECK(sw_sync_inc(tl, 4) == 0, "inc");
	SHIM_CHECK(sync_status(fc, NULL) == 1, "not signaled");

	close_fd(fc);
	close_fd(tl);
	return 0;
}

static int test_past(void)
{
	int tl, f0, f3, f5;

	tl = sw_sync_open();
	SHIM_CHECK(tl >= 0, "open");
	f0 = sw_sync_fence(tl, 0, "zero");
	SHIM_CHECK(f0 >= 0 && sync_status(f0, NULL) == 1, "value 0 pending");
	SHIM_CHECK(sw_sync_inc(tl, 5) == 0, "inc");
	f3 = sw_sync_fence(tl, 3, "three");
	f5 = sw_sync_fence(tl, 5, "five");
	SHIM_CHECK(f3 >= 0 && f5 >= 0, "create");
	SHIM_CHECK(sync_status(f3, NULL) == 1 && sync_status(f5, NULL) == 1,
		   "past points pending");
	SHIM_CHECK(sync_poll(f5) == EPOLLIN, "not readable");

	close_fd(f5);
	close_fd(f3);
	close_fd(f0);
	close_fd(tl);
	return 0;
}

static int test_close(void)
{
	int tl, f1, f2, f3;

	tl = sw_sync_open();
	f1 = sw_sync_fence(tl, 1, "1");
	f2 = sw_sync_fence(tl, 2, "2");
	f3 = sw_sync_fence(tl, 3, "3");
	SHIM_CHECK(tl >= 0 && f1 >= 0 && f2 >= 0 && f3 >= 0, "setup");
	SHIM_CHECK(sw_sync_inc(tl, 1) == 0, "inc");

	close_fd(tl);
	SHIM_CHECK(sync_status(f1, NULL) == 1, "signaled point changed");
	SHIM_CHECK(sync_status(f2, NULL) == -ENOENT, "f2 %d",
		   sync_status(f2, NULL));
	SHIM_CHECK(sync_status(f3, NULL) == -ENOENT, "f3");
	SHIM_CHECK(sync_poll(f3) == EPOLLIN, "not readable");

	close_fd(f3);
	close_fd(f2);
	close_fd(f1);
	return 0;
}

static int test_outlive(void)
{
	struct sync_fence_info fi;
	struct sync_file_info info = { .num_fences = 1 };
	struct sw_sync_create_fence_data d = { .value = 1 };
	int tl, f, g;

	tl = sw_sync_open();
	f = sw_sync_fence(tl, 1, "f");
	SHIM_CHECK(tl >= 0 && f >= 0, "setup");
	close_fd(tl);
	host_quiesce();

	info.sync_fence_info = (unsigned long)&fi;
	SHIM_CHECK(host_ioctl(f, SYNC_IOC_FILE_INFO, &info) == 0, "info");
	SHIM_CHECK(strcmp(fi.obj_name, current->comm) == 0, "obj_name %s",
		   fi.obj_name);
	SHIM_CHECK(fi.status == -ENOENT, "status %d", fi.status);

	/* The fd number of the timeline is free again. */
	SHIM_CHECK(host_ioctl(tl, SW_SYNC_IOC_CREATE_FENCE, &d) == -EBADF,
		   "closed timeline answered");
	g = sync_merge("g", f, f);
	SHIM_CHECK(g >= 0, "merge after close");
	/*
	 * As in Linux 6.1, merging only signaled fences yields a signaled
	 * stub: the error of the input is not carried over.
	 */
	SHIM_CHECK(sync_status(g, NULL) == 1, "merged status %d",
		   sync_status(g, NULL));

	close_fd(g);
	close_fd(f);
	return 0;
}

static int test_inc_huge(void)
{
	int tl, fa, fb;

	tl = sw_sync_open();
	fa = sw_sync_fence(tl, 0x40000000, "a");
	SHIM_CHECK(tl >= 0 && fa >= 0, "setup");

	/* Applied as INT_MAX, then the rest. */
	SHIM_CHECK(sw_sync_inc(tl, 0xffffffff) == 0, "inc");
	SHIM_CHECK(sync_status(fa, NULL) == 1, "a not signaled");
	SHIM_CHECK(timeline_of(tl)->value == -1, "value %d",
		   timeline_of(tl)->value);

	/* 0 comes after 0xffffffff in 32-bit sequence arithmetic. */
	fb = sw_sync_fence(tl, 0, "b");
	SHIM_CHECK(fb >= 0, "create");
	SHIM_CHECK(sync_status(fb, NULL) == 0, "0 signaled at 0xffffffff");
	SHIM_CHECK(sw_sync_inc(tl, 1) == 0, "inc");
	SHIM_CHECK(sync_status(fb, NULL) == 1, "0 not signaled after wrap");

	close_fd(fb);
	close_fd(fa);
	close_fd(tl);
	return 0;
}

static void put_in_callback(struct dma_fence *fence,
			    struct dma_fence_cb *cb __always_unused)
{
	dma_fence_put(fence);
}

static int test_last_ref_in_callback(void)
{
	struct dma_fence *fence;
	struct dma_fence_cb cb;
	int tl, f;

	tl = sw_sync_open();
	f = sw_sync_fence(tl, 1, "f");
	SHIM_CHECK(tl >= 0 && f >= 0, "setup");
	fence = sync_file_get_fence(f);
	SHIM_CHECK(fence, "get_fence");
	close_fd(f);
	host_quiesce();

	/* The callback holds the only reference; signaling must not
	 * release the point under the timeline lock. */
	SHIM_CHECK(dma_fence_add_callback(fence, &cb, put_in_callback) == 0,
		   "add_callback");
	SHIM_CHECK(sw_sync_inc(tl, 1) == 0, "inc");

	/* The same through the close path. */
	f = sw_sync_fence(tl, 2, "g");
	SHIM_CHECK(f >= 0, "create");
	fence = sync_file_get_fence(f);
	close_fd(f);
	SHIM_CHECK(dma_fence_add_callback(fence, &cb, put_in_callback) == 0,
		   "add_callback");
	close_fd(tl);
	return 0;
}

#define THREAD_ROUNDS	2000

struct stress {
	int tl;
	int err;
};

static void *stress_inc(void *arg)
{
	struct stress *s = arg;
	int i;

	host_thread_enter();
	for (i = 0; i < THREAD_ROUNDS && !READ_ONCE(s->err); i++)
		if (sw_sync_inc(s->tl, 1))
			WRITE_ONCE(s->err, -EIO);
	host_thread_exit();
	return NULL;
}

static int test_threads(void)
{
	struct stress s = { };
	pthread_t thread;
	int i, pending = 0;

	s.tl = sw_sync_open();
	SHIM_CHECK(s.tl >= 0, "open");
	SHIM_CHECK(pthread_create(&thread, NULL, stress_inc, &s) == 0,
		   "pthread_create");

	for (i = 1; i <= THREAD_ROUNDS; i++) {
		int f = sw_sync_fence(s.tl, i, "t");
		int status;

		if (f < 0) {
			s.err = f;
			break;
		}
		status = sync_status(f, NULL);
		if (status < 0)
			s.err = status;
		pending += !status;
		sync_poll(f);
		close_fd(f);
	}
	pthread_join(thread, NULL);
	SHIM_CHECK(!s.err, "error %d", s.err);
	SHIM_CHECK(timeline_of(s.tl)->value == THREAD_ROUNDS, "value %d",
		   timeline_of(s.tl)->value);
	SHIM_CHECK(list_empty(&timeline_of(s.tl)->pt_list), "points left");
	printf("# %d of %d fences were pending when created\n", pending,
	       THREAD_ROUNDS);
	close_fd(s.tl);
	return 0;
}

static long get_deadline(int tl, int fd, __u64 *ns, __u32 pad)
{
	struct sw_sync_get_deadline q = { .pad = pad, .fence_fd = fd };
	long ret = host_ioctl(tl, SW_SYNC_GET_DEADLINE, &q);

	if (!ret)
		*ns = q.deadline_ns;
	return ret;
}

static long set_deadline(int fd, __u64 ns)
{
	struct sync_set_deadline ts = { .deadline_ns = ns };

	return host_ioctl(fd, SYNC_IOC_SET_DEADLINE, &ts);
}

static int test_get_deadline(void)
{
	struct sw_sync_get_deadline q = { .deadline_ns = 1 };
	int tl, tl2, a, b, ab;
	__u64 ns = 0;
	char *fault;

	tl = sw_sync_open();
	tl2 = sw_sync_open();
	a = sw_sync_fence(tl, 1, "a");
	b = sw_sync_fence(tl2, 1, "b");
	ab = sync_merge("ab", a, b);
	SHIM_CHECK(tl >= 0 && tl2 >= 0 && a >= 0 && b >= 0 && ab >= 0, "setup");

	SHIM_CHECK(get_deadline(tl, a, &ns, 0) == -ENOENT, "no deadline yet");
	SHIM_CHECK(set_deadline(ab, 5000) == 0, "set through the merge");
	SHIM_CHECK(set_deadline(a, 7000) == 0, "a later one");
	SHIM_CHECK(get_deadline(tl, a, &ns, 0) == 0 && ns == 5000,
		   "a: %llu", (unsigned long long)ns);
	/* Any timeline's file answers for any sw_sync fence. */
	SHIM_CHECK(get_deadline(tl, b, &ns, 0) == 0 && ns == 5000,
		   "b: %llu", (unsigned long long)ns);

	/* Bad input. */
	SHIM_CHECK(get_deadline(tl, a, &ns, 1) == -EINVAL, "pad");
	q.fence_fd = a;
	SHIM_CHECK(host_ioctl(tl, SW_SYNC_GET_DEADLINE, &q) == -EINVAL,
		   "nonzero deadline_ns in");
	SHIM_CHECK(get_deadline(tl, ab, &ns, 0) == -EINVAL, "a merged file");
	SHIM_CHECK(get_deadline(tl, tl2, &ns, 0) == -EINVAL, "a timeline fd");
	SHIM_CHECK(get_deadline(tl, -1, &ns, 0) == -EINVAL, "fd -1");
	SHIM_CHECK(get_deadline(tl, next_free_fd(), &ns, 0) == -EINVAL,
		   "closed fd");
	fault = kzalloc(PAGE_SIZE, GFP_KERNEL);
	SHIM_CHECK(fault, "alloc");
	host_uaccess_add_fault(fault, PAGE_SIZE);
	SHIM_CHECK(host_ioctl(tl, SW_SYNC_GET_DEADLINE, fault) == -EFAULT,
		   "faulting argument");
	host_uaccess_clear_faults();
	kfree(fault);

	close_fd(ab);
	close_fd(b);
	close_fd(a);
	close_fd(tl2);
	close_fd(tl);
	return 0;
}

static const struct shim_test tests[] = {
	SHIM_TEST(order),
	SHIM_TEST(duplicate),
	SHIM_TEST(past),
	SHIM_TEST(close),
	SHIM_TEST(outlive),
	SHIM_TEST(inc_huge),
	SHIM_TEST(last_ref_in_callback),
	SHIM_TEST(threads),
	SHIM_TEST(get_deadline),
};

int main(void)
{
	return shim_run(tests, ARRAY_SIZE(tests));
}
