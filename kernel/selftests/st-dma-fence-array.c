// SPDX-License-Identifier: GPL-2.0-only
/*
 * Selftests for dma_fence_array: both signaling modes, error propagation,
 * already signaled members, nesting, iteration, waiting, callbacks, sizes
 * from 1 to 4096 and members signaled concurrently from several threads.
 */

#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/dma-fence.h>
#include <linux/dma-fence-array.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "selftest.h"
#include "st-mock-fence.h"

/**
 * DOC: dma-fence-array selftests
 *
 * Members are mock fences, each on its own context unless a case needs a
 * shared one; they record the earliest deadline they were given. Arrays
 * are built with mock_array(), which takes its own references, so every
 * case ends the same way: signal and drop the members, drop the arrays.
 * Arrays signal through an irq_work once signaling is enabled, so cases
 * wait for them (bounded) rather than test them right after the last
 * member signals.
 */

#define ARRAY_WAIT_TIMEOUT	msecs_to_jiffies(2000)

static int wait_signaled(struct dma_fence *f, const char *what)
{
	long ret = dma_fence_wait_timeout(f, false, ARRAY_WAIT_TIMEOUT);

	if (ret <= 0) {
		pr_err("%s: wait returned %ld\n", what, ret);
		return ret < 0 ? ret : -ETIMEDOUT;
	}
	return 0;
}

/* Make sure the signaler of @f has finished running its callbacks. */
static void sync_callbacks(struct dma_fence *f)
{
	spin_lock_irq(f->lock);
	spin_unlock_irq(f->lock);
}

static int test_array_sanity(void *arg __always_unused)
{
	struct dma_fence *f[2], *array;
	int err = 0;

	if (mock_fences(f, 2))
		return -ENOMEM;

	array = mock_array(f, 2, false);
	if (!array) {
		mock_fences_put(f, 2);
		return -ENOMEM;
	}

	dma_fence_enable_sw_signaling(array);
	mock_fences_put(f, 2);
	err = wait_signaled(array, "sanity");
	dma_fence_put(array);

	return err;
}

static int test_array_signal_all(void *arg __always_unused)
{
	struct dma_fence *f[3], *array;
	int err = -EINVAL;
	int i;

	if (mock_fences(f, 3))
		return -ENOMEM;
	array = mock_array(f, 3, false);
	if (!array) {
		err = -ENOMEM;
		goto out_fences;
	}

	dma_fence_enable_sw_signaling(array);
	for (i = 0; i < 3; i++) {
		if (dma_fence_is_signaled(array)) {
			pr_err("array signaled with %d members pending\n",
			       3 - i);
			goto out;
		}
		dma_fence_signal(f[i]);
	}
	if (!dma_fence_is_signaled(array)) {
		pr_err("array not signaled after all members\n");
		goto out;
	}
	err = wait_signaled(array, "signal_all");
	if (!err && dma_fence_get_status(array) != 1) {
		pr_err("array status %d\n", dma_fence_get_status(array));
		err = -EINVAL;
	}

out:
	dma_fence_put(array);
out_fences:
	mock_fences_put(f, 3);
	return err;
}

static int test_array_signal_any(void *arg __always_unused)
{
	struct dma_fence *f[3], *array;
	int err = -EINVAL;

	if (mock_fences(f, 3))
		return -ENOMEM;
	array = mock_array(f, 3, true);
	if (!array) {
		err = -ENOMEM;
		goto out_fences;
	}

	dma_fence_enable_sw_signaling(array);
	if (dma_fence_is_signaled(array)) {
		pr_err("signal-on-any array signaled early\n");
		goto out;
	}
	dma_fence_signal(f[1]);
	if (!dma_fence_is_signaled(array)) {
		pr_err("signal-on-any array not signaled by one member\n");
		goto out;
	}
	err = wait_signaled(array, "signal_any");

out:
	dma_fence_put(array);
out_fences:
	mock_fences_put(f, 3);
	return err;
}

/* The first member error wins, whether armed or polled. */
static int test_array_error_all(void *arg __always_unused)
{
	struct dma_fence *f[3], *armed, *polled;
	int err = -ENOMEM;

	if (mock_fences(f, 3))
		return -ENOMEM;
	armed = mock_array(f, 3, false);
	if (!armed)
		goto out_fences;
	polled = mock_array(f, 3, false);
	if (!polled)
		goto out_armed;

	err = -EINVAL;
	dma_fence_enable_sw_signaling(armed);
	dma_fence_signal(f[2]);
	dma_fence_set_error(f[0], -EIO);
	dma_fence_signal(f[0]);
	dma_fence_set_error(f[1], -ENODEV);
	dma_fence_signal(f[1]);

	if (wait_signaled(armed, "error_all"))
		goto out;
	if (dma_fence_get_status(armed) != -EIO) {
		pr_err("armed array status %d, expected -EIO\n",
		       dma_fence_get_status(armed));
		goto out;
	}
	if (!dma_fence_is_signaled(polled) ||
	    dma_fence_get_status(polled) != -EIO) {
		pr_err("polled array status %d, expected -EIO\n",
		       dma_fence_get_status(polled));
		goto out;
	}

	err = 0;
out:
	dma_fence_put(polled);
out_armed:
	dma_fence_put(armed);
out_fences:
	mock_fences_put(f, 3);
	return err;
}

/* A signal-on-any array keeps the status it signaled with. */
static int test_array_error_any(void *arg __always_unused)
{
	struct dma_fence *f[3], *ok, *bad;
	int err = -ENOMEM;

	if (mock_fences(f, 3))
		return -ENOMEM;
	ok = mock_array(f, 2, true);
	if (!ok)
		goto out_fences;
	bad = mock_array(&f[2], 1, true);
	if (!bad)
		goto out_ok;

	err = -EINVAL;
	dma_fence_enable_sw_signaling(ok);
	dma_fence_enable_sw_signaling(bad);

	dma_fence_signal(f[1]);
	if (wait_signaled(ok, "error_any"))
		goto out;
	dma_fence_set_error(f[0], -EIO);
	dma_fence_signal(f[0]);
	if (dma_fence_get_status(ok) != 1) {
		pr_err("late member error changed the array status to %d\n",
		       dma_fence_get_status(ok));
		goto out;
	}

	dma_fence_set_error(f[2], -EPIPE);
	dma_fence_signal(f[2]);
	if (wait_signaled(bad, "error_any"))
		goto out;
	if (dma_fence_get_status(bad) != -EPIPE) {
		pr_err("member error not propagated: %d\n",
		       dma_fence_get_status(bad));
		goto out;
	}

	err = 0;
out:
	dma_fence_put(bad);
out_ok:
	dma_fence_put(ok);
out_fences:
	mock_fences_put(f, 3);
	return err;
}

/* Arrays of already signaled members signal synchronously. */
static int test_array_signaled_inputs(void *arg __always_unused)
{
	struct dma_fence *f[3], *polled, *armed, *any;
	struct count_cb cb;
	int err = -ENOMEM;

	count_cb_init(&cb);
	if (mock_fences(f, 3))
		return -ENOMEM;
	dma_fence_set_error(f[1], -EPIPE);
	dma_fence_signal(f[0]);
	dma_fence_signal(f[1]);

	polled = mock_array(f, 2, false);
	if (!polled)
		goto out_fences;
	armed = mock_array(f, 2, false);
	if (!armed)
		goto out_polled;
	any = mock_array(f, 3, true);
	if (!any)
		goto out_armed;

	err = -EINVAL;
	if (!dma_fence_is_signaled(polled) ||
	    dma_fence_get_status(polled) != -EPIPE) {
		pr_err("polled array of signaled members: status %d\n",
		       dma_fence_get_status(polled));
		goto out;
	}
	if (dma_fence_add_callback(armed, &cb.cb, count_cb_func) != -ENOENT) {
		pr_err("array of signaled members accepted a callback\n");
		goto out;
	}
	if (dma_fence_get_status(armed) != -EPIPE) {
		pr_err("armed array of signaled members: status %d\n",
		       dma_fence_get_status(armed));
		goto out;
	}
	if (dma_fence_add_callback(any, &cb.cb, count_cb_func) != -ENOENT) {
		pr_err("any-array with a signaled member accepted a callback\n");
		goto out;
	}

	err = 0;
out:
	dma_fence_remove_callback(armed, &cb.cb);
	dma_fence_remove_callback(any, &cb.cb);
	dma_fence_put(any);
out_armed:
	dma_fence_put(armed);
out_polled:
	dma_fence_put(polled);
out_fences:
	mock_fences_put(f, 3);
	return err;
}

/* Arrays inside arrays: signaling and errors go through every level. */
static int test_array_nested(void *arg __always_unused)
{
	struct dma_fence *f[6], *inner[2] = {}, *outer[2] = {};
	struct dma_fence *pair[2], *member;
	int err = -ENOMEM;
	unsigned int i;

	if (mock_fences(f, 6))
		return -ENOMEM;
	inner[0] = mock_array(&f[0], 2, false);
	inner[1] = mock_array(&f[3], 2, false);
	if (!inner[0] || !inner[1])
		goto out;
	pair[0] = inner[0];
	pair[1] = f[2];
	outer[0] = mock_array(pair, 2, false);
	pair[0] = inner[1];
	pair[1] = f[5];
	outer[1] = mock_array(pair, 2, true);
	if (!outer[0] || !outer[1])
		goto out;

	err = -EINVAL;
	dma_fence_array_for_each(member, i, outer[0]) {
		if (member != (i ? f[2] : inner[0])) {
			pr_err("for_each looked inside a member array\n");
			goto out;
		}
	}

	dma_fence_enable_sw_signaling(outer[0]);
	dma_fence_enable_sw_signaling(outer[1]);
	dma_fence_signal(f[2]);
	dma_fence_signal(f[0]);
	dma_fence_signal(f[3]);
	if (dma_fence_is_signaled(outer[0]) || dma_fence_is_signaled(outer[1])) {
		pr_err("outer array signaled before its member array\n");
		goto out;
	}

	dma_fence_set_error(f[1], -EIO);
	dma_fence_signal(f[1]);
	dma_fence_signal(f[4]);
	if (wait_signaled(outer[0], "nested all") ||
	    wait_signaled(outer[1], "nested any"))
		goto out;
	if (dma_fence_get_status(inner[0]) != -EIO ||
	    dma_fence_get_status(outer[0]) != -EIO) {
		pr_err("error lost across levels: inner %d outer %d\n",
		       dma_fence_get_status(inner[0]),
		       dma_fence_get_status(outer[0]));
		goto out;
	}

	err = 0;
out:
	for (i = 0; i < 2; i++) {
		dma_fence_put(outer[i]);
		dma_fence_put(inner[i]);
	}
	mock_fences_put(f, 6);
	return err;
}

static int test_array_match_context(void *arg __always_unused)
{
	u64 ctx = dma_fence_context_alloc(1);
	struct dma_fence *f[4] = {}, *same = NULL, *mixed = NULL;
	int err = -ENOMEM;
	int i;

	for (i = 0; i < 3; i++) {
		f[i] = mock_fence_create(&mock_fence_ops, ctx, i + 1);
		if (!f[i])
			goto out;
	}
	f[3] = mock_fence();
	if (!f[3])
		goto out;
	same = mock_array(f, 3, false);
	mixed = mock_array(&f[1], 3, false);
	if (!same || !mixed)
		goto out;

	err = -EINVAL;
	if (!dma_fence_match_context(same, ctx) ||
	    dma_fence_match_context(same, ctx + 1)) {
		pr_err("match_context wrong for a single-context array\n");
		goto out;
	}
	if (dma_fence_match_context(mixed, ctx)) {
		pr_err("match_context true for a mixed array\n");
		goto out;
	}
	if (!dma_fence_match_context(f[0], ctx) ||
	    dma_fence_match_context(f[3], ctx)) {
		pr_err("match_context wrong for a plain fence\n");
		goto out;
	}

	err = 0;
out:
	dma_fence_put(mixed);
	dma_fence_put(same);
	mock_fences_put(f, 4);
	return err;
}

static int test_array_for_each(void *arg __always_unused)
{
	struct dma_fence *f[5], *array, *member;
	unsigned int i, seen = 0;
	int err = -EINVAL;

	if (mock_fences(f, 5))
		return -ENOMEM;
	array = mock_array(f, 5, false);
	if (!array) {
		err = -ENOMEM;
		goto out_fences;
	}

	dma_fence_array_for_each(member, i, array) {
		if (member != f[i]) {
			pr_err("member %u out of order\n", i);
			goto out;
		}
		seen++;
	}
	if (seen != 5) {
		pr_err("for_each visited %u members, expected 5\n", seen);
		goto out;
	}

	seen = 0;
	dma_fence_array_for_each(member, i, f[0]) {
		if (member != f[0] || i) {
			pr_err("for_each on a plain fence went wrong\n");
			goto out;
		}
		seen++;
	}
	if (seen != 1 || dma_fence_array_first(NULL) ||
	    dma_fence_array_next(f[0], 1) || dma_fence_array_next(array, 5)) {
		pr_err("iteration bounds wrong\n");
		goto out;
	}

	err = 0;
out:
	dma_fence_put(array);
out_fences:
	mock_fences_put(f, 5);
	return err;
}

struct signal_thread {
	struct dma_fence **fences;
	unsigned int count;
	unsigned int delay_ms;
	struct completion done;
};

static void signal_fences(struct signal_thread *st)
{
	unsigned int i;

	for (i = 0; i < st->count; i++) {
		if (st->delay_ms)
			msleep(st->delay_ms);
		dma_fence_signal(st->fences[i]);
		cond_resched();
	}
}

/*
 * A kthread stopped before it first runs never runs its function, so
 * callers wait for @done before kthread_stop().
 */
static int signal_thread_fn(void *arg)
{
	struct signal_thread *st = arg;

	signal_fences(st);
	complete(&st->done);

	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);

	return 0;
}

static int test_array_wait(void *arg __always_unused)
{
	struct dma_fence *f[4], *array;
	struct task_struct *tsk;
	struct signal_thread st;
	int err = -EINVAL;
	int i;

	if (mock_fences(f, 4))
		return -ENOMEM;
	array = mock_array(f, 4, false);
	if (!array) {
		err = -ENOMEM;
		goto out_fences;
	}

	st.fences = f;
	st.count = 4;
	st.delay_ms = 2;
	init_completion(&st.done);
	tsk = kthread_run(signal_thread_fn, &st, "st-array-wait");
	if (IS_ERR(tsk)) {
		err = PTR_ERR(tsk);
		goto out;
	}
	err = wait_signaled(array, "array wait");
	wait_for_completion(&st.done);
	kthread_stop(tsk);

	for (i = 0; !err && i < 4; i++) {
		if (!dma_fence_is_signaled(f[i])) {
			pr_err("array wait returned with member %d pending\n",
			       i);
			err = -EINVAL;
		}
	}

out:
	dma_fence_put(array);
out_fences:
	mock_fences_put(f, 4);
	return err;
}

static int test_array_callbacks(void *arg __always_unused)
{
	struct dma_fence *f[3], *array;
	struct count_cb kept, removed;
	int err = -EINVAL;

	count_cb_init(&kept);
	count_cb_init(&removed);
	if (mock_fences(f, 3))
		return -ENOMEM;
	array = mock_array(f, 3, false);
	if (!array) {
		mock_fences_put(f, 3);
		return -ENOMEM;
	}

	if (dma_fence_add_callback(array, &kept.cb, count_cb_func) ||
	    dma_fence_add_callback(array, &removed.cb, count_cb_func)) {
		pr_err("add_callback failed on a pending array\n");
		goto out;
	}
	dma_fence_signal(f[0]);
	if (!dma_fence_remove_callback(array, &removed.cb)) {
		pr_err("could not remove a callback from a pending array\n");
		goto out;
	}
	dma_fence_signal(f[2]);
	dma_fence_signal(f[1]);
	if (wait_signaled(array, "callbacks"))
		goto out;
	sync_callbacks(array);
	if (atomic_read(&kept.count) != 1 || atomic_read(&removed.count)) {
		pr_err("callbacks ran %d and %d times, expected 1 and 0\n",
		       atomic_read(&kept.count), atomic_read(&removed.count));
		goto out;
	}

	err = 0;
out:
	/* Nothing may stay queued on our stack. */
	dma_fence_remove_callback(array, &kept.cb);
	dma_fence_remove_callback(array, &removed.cb);
	mock_fences_put(f, 3);
	dma_fence_put(array);
	return err;
}

static int test_array_create_one(void *arg __always_unused)
{
	struct dma_fence *f, *all, *any;
	int err = -ENOMEM;

	f = mock_fence();
	if (!f)
		return -ENOMEM;
	all = mock_array(&f, 1, false);
	if (!all)
		goto out_f;
	any = mock_array(&f, 1, true);
	if (!any)
		goto out_all;

	err = -EINVAL;
	dma_fence_enable_sw_signaling(all);
	dma_fence_enable_sw_signaling(any);
	if (dma_fence_is_signaled(all) || dma_fence_is_signaled(any)) {
		pr_err("single-member array signaled early\n");
		goto out;
	}
	dma_fence_signal(f);
	if (!wait_signaled(all, "one all") && !wait_signaled(any, "one any"))
		err = 0;

out:
	dma_fence_put(any);
out_all:
	dma_fence_put(all);
out_f:
	dma_fence_signal(f);
	dma_fence_put(f);
	return err;
}

#define BIG_ARRAY	4096

static int test_array_create_4096(void *arg __always_unused)
{
	struct dma_fence **f, *all = NULL, *any = NULL;
	int err = -ENOMEM;
	int i;

	f = kcalloc(BIG_ARRAY, sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	if (mock_fences(f, BIG_ARRAY))
		goto out_free;
	all = mock_array(f, BIG_ARRAY, false);
	any = mock_array(f, BIG_ARRAY, true);
	if (!all || !any)
		goto out;

	err = -EINVAL;
	dma_fence_enable_sw_signaling(all);
	dma_fence_enable_sw_signaling(any);
	dma_fence_signal(f[BIG_ARRAY - 1]);
	if (wait_signaled(any, "4096 any"))
		goto out;
	for (i = 0; i < BIG_ARRAY - 1; i++) {
		if (i == BIG_ARRAY / 2 && dma_fence_is_signaled(all)) {
			pr_err("4096-member array signaled at half\n");
			goto out;
		}
		dma_fence_signal(f[i]);
	}
	if (wait_signaled(all, "4096 all"))
		goto out;

	err = 0;
out:
	dma_fence_put(any);
	dma_fence_put(all);
	mock_fences_put(f, BIG_ARRAY);
out_free:
	kfree(f);
	return err;
}

static int test_array_deadline(void *arg __always_unused)
{
	ktime_t deadline = ktime_add_ms(ktime_get(), 5);
	struct dma_fence *f[3], *array;
	int err = -EINVAL;
	int i;

	if (mock_fences(f, 3))
		return -ENOMEM;
	array = mock_array(f, 3, false);
	if (!array) {
		err = -ENOMEM;
		goto out_fences;
	}

	dma_fence_set_deadline(array, ktime_add_ms(deadline, 10));
	dma_fence_set_deadline(array, deadline);
	for (i = 0; i < 3; i++) {
		struct mock_fence *mock = to_mock_fence(f[i]);

		if (mock->deadlines != 2 ||
		    mock->deadline != deadline) {
			pr_err("member %d saw %u deadlines, wrong earliest\n",
			       i, mock->deadlines);
			goto out;
		}
	}

	err = 0;
out:
	dma_fence_put(array);
out_fences:
	mock_fences_put(f, 3);
	return err;
}

/* Arrays dropped by their users live on until their members signal. */
static int test_array_late_release(void *arg __always_unused)
{
	struct dma_fence *f[3], *any, *all;
	int err = -ENOMEM;

	if (mock_fences(f, 3))
		return -ENOMEM;
	any = mock_array(f, 3, true);
	if (!any)
		goto out_fences;
	all = mock_array(f, 3, false);
	if (!all) {
		dma_fence_put(any);
		goto out_fences;
	}

	dma_fence_enable_sw_signaling(all);
	dma_fence_put(all);

	dma_fence_enable_sw_signaling(any);
	dma_fence_signal(f[1]);
	err = wait_signaled(any, "late release");
	dma_fence_put(any);

	/* The remaining callbacks now hold the last array references. */
out_fences:
	mock_fences_put(f, 3);
	return err;
}

/*
 * Race: in each round, several threads signal the members of an all-array
 * and an any-array (some with errors) while the main thread arms
 * callbacks on the arrays. Each array callback must run exactly once, the
 * all-array must report one of the member errors and the any-array must
 * keep the status it signaled with.
 */
#define RACE_MEMBERS	64
#define RACE_SIGNALERS	3

static const int race_errors[] = { -EIO, -ENODEV, -EPIPE, -EBADMSG };

static bool race_error_known(int error)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(race_errors); i++)
		if (race_errors[i] == error)
			return true;
	return false;
}

static int race_check(struct dma_fence *all, struct dma_fence *any,
		      struct count_cb *all_cb, struct count_cb *any_cb,
		      bool all_queued, bool any_queued)
{
	if (wait_signaled(all, "race all") || wait_signaled(any, "race any"))
		return -ETIMEDOUT;
	sync_callbacks(all);
	sync_callbacks(any);

	if (atomic_read(&all_cb->count) != all_queued ||
	    atomic_read(&any_cb->count) != any_queued) {
		pr_err("race: callbacks ran %d/%d times, queued %d/%d\n",
		       atomic_read(&all_cb->count), atomic_read(&any_cb->count),
		       all_queued, any_queued);
		return -EINVAL;
	}
	if (!race_error_known(dma_fence_get_status(all))) {
		pr_err("race: all-array status %d\n", dma_fence_get_status(all));
		return -EINVAL;
	}
	if (any_queued && (any_cb->error ? any_cb->error : 1) !=
	    dma_fence_get_status(any)) {
		pr_err("race: any-array status changed from %d to %d\n",
		       any_cb->error, dma_fence_get_status(any));
		return -EINVAL;
	}
	return 0;
}

static int race_signal_round(struct signal_thread *st,
			     struct dma_fence *all, struct dma_fence *any)
{
	struct task_struct *tsk[RACE_SIGNALERS];
	struct count_cb all_cb, any_cb;
	bool all_queued, any_queued;
	int i, started, err = 0;

	count_cb_init(&all_cb);
	count_cb_init(&any_cb);

	for (started = 0; started < RACE_SIGNALERS; started++) {
		tsk[started] = kthread_run(signal_thread_fn, &st[started],
					   "st-array-race/%d", started);
		if (IS_ERR(tsk[started])) {
			err = PTR_ERR(tsk[started]);
			break;
		}
	}

	any_queued = !dma_fence_add_callback(any, &any_cb.cb, count_cb_func);
	all_queued = !dma_fence_add_callback(all, &all_cb.cb, count_cb_func);

	/* Threads that failed to start leave their members to us. */
	for (i = started; i < RACE_SIGNALERS; i++)
		signal_fences(&st[i]);
	for (i = 0; i < started; i++) {
		wait_for_completion(&st[i].done);
		kthread_stop(tsk[i]);
	}

	if (!err)
		err = race_check(all, any, &all_cb, &any_cb,
				 all_queued, any_queued);

	/* After a timeout the callbacks may still be queued. */
	dma_fence_remove_callback(all, &all_cb.cb);
	dma_fence_remove_callback(any, &any_cb.cb);
	return err;
}

static int race_round(struct dma_fence **f)
{
	struct signal_thread st[RACE_SIGNALERS];
	struct dma_fence *all, *any;
	unsigned int per = RACE_MEMBERS / RACE_SIGNALERS;
	int i, err;

	if (mock_fences(f, RACE_MEMBERS))
		return -ENOMEM;
	for (i = 3; i < RACE_MEMBERS; i += 7)
		dma_fence_set_error(f[i], race_errors[i % 4]);

	err = -ENOMEM;
	all = mock_array(f, RACE_MEMBERS, false);
	if (!all)
		goto out_fences;
	any = mock_array(f, RACE_MEMBERS, true);
	if (!any)
		goto out_all;

	for (i = 0; i < RACE_SIGNALERS; i++) {
		st[i].fences = &f[i * per];
		st[i].count = i == RACE_SIGNALERS - 1 ?
			      RACE_MEMBERS - i * per : per;
		st[i].delay_ms = 0;
		init_completion(&st[i].done);
	}
	err = race_signal_round(st, all, any);

	dma_fence_put(any);
out_all:
	dma_fence_put(all);
out_fences:
	mock_fences_put(f, RACE_MEMBERS);
	return err;
}

static int test_array_race(void *arg __always_unused)
{
	unsigned long end = jiffies + msecs_to_jiffies(100);
	struct dma_fence **f;
	unsigned int rounds = 0;
	int err = 0;

	f = kcalloc(RACE_MEMBERS, sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;

	while (!err && (rounds < 4 || time_before(jiffies, end)) &&
	       rounds < 200) {
		err = race_round(f);
		rounds++;
	}

	kfree(f);
	return err;
}

static const struct st_case cases[] = {
	ST_CASE(test_array_sanity),
	ST_CASE(test_array_signal_all),
	ST_CASE(test_array_signal_any),
	ST_CASE(test_array_error_all),
	ST_CASE(test_array_error_any),
	ST_CASE(test_array_signaled_inputs),
	ST_CASE(test_array_nested),
	ST_CASE(test_array_match_context),
	ST_CASE(test_array_for_each),
	ST_CASE(test_array_wait),
	ST_CASE(test_array_callbacks),
	ST_CASE(test_array_create_one),
	ST_CASE(test_array_create_4096),
	ST_CASE(test_array_deadline),
	ST_CASE(test_array_late_release),
	ST_CASE(test_array_race),
};
DEFINE_ST_SUITE(dma_fence_array, cases);
