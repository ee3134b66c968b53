// SPDX-License-Identifier: GPL-2.0-only
/*
 * Selftests for the dma-fence core: signaling, callbacks, status and error,
 * timestamps, waiting, stubs, seqno ordering, deadlines, invalid ops,
 * RCU lookups, describe() and a signal/callback/wait race.
 */

#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/dma-fence.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timer.h>

#include "selftest.h"
#include "st-mock-fence.h"

/**
 * DOC: dma-fence selftests
 *
 * Each case builds its own mock fences: a &struct dma_fence with a private
 * spinlock, freed through the default release (dma_fence_free()). The mock
 * counts enable_signaling calls and keeps the earliest deadline it was
 * given. Cases that need other threads use kthreads and bound every wait,
 * so a bug shows up as a failure rather than a hang.
 */

#define MOCK_WAIT_TIMEOUT	msecs_to_jiffies(2000)

/* A custom wait in the style of older drivers: -ETIME on timeout. */
static signed long mock_wait(struct dma_fence *f, bool intr,
			     signed long timeout)
{
	signed long ret = dma_fence_default_wait(f, intr, timeout);

	return ret ? ret : -ETIME;
}

static const struct dma_fence_ops mock_wait_ops = {
	.get_driver_name = mock_fence_driver_name,
	.get_timeline_name = mock_fence_timeline_name,
	.wait = mock_wait,
};

/* A mock fence on context 0 with seqno 0. */
static struct dma_fence *mock_fence0(void)
{
	return mock_fence_create(&mock_fence_ops, 0, 0);
}

static int test_sanity(void *arg __always_unused)
{
	struct dma_fence *f;

	f = mock_fence0();
	if (!f)
		return -ENOMEM;

	dma_fence_enable_sw_signaling(f);
	dma_fence_signal(f);
	dma_fence_put(f);

	return 0;
}

static int test_signaling(void *arg __always_unused)
{
	struct dma_fence *f;
	int err = -EINVAL;

	f = mock_fence0();
	if (!f)
		return -ENOMEM;

	dma_fence_enable_sw_signaling(f);
	if (dma_fence_is_signaled(f)) {
		pr_err("fence signaled at creation\n");
		goto out;
	}
	if (dma_fence_signal(f)) {
		pr_err("first signal reported the fence as already signaled\n");
		goto out;
	}
	if (!dma_fence_is_signaled(f)) {
		pr_err("fence not signaled after dma_fence_signal()\n");
		goto out;
	}
	if (dma_fence_signal(f) != -EINVAL) {
		pr_err("second signal did not return -EINVAL\n");
		goto out;
	}
	if (dma_fence_signal(NULL) != -EINVAL) {
		pr_err("signaling NULL did not return -EINVAL\n");
		goto out;
	}

	err = 0;
out:
	dma_fence_put(f);
	return err;
}

static int test_add_callback(void *arg __always_unused)
{
	struct count_cb cb;
	struct dma_fence *f;
	int err = -EINVAL;

	count_cb_init(&cb);
	f = mock_fence0();
	if (!f)
		return -ENOMEM;

	if (dma_fence_add_callback(f, &cb.cb, count_cb_func)) {
		pr_err("add_callback failed on a pending fence\n");
		goto out;
	}
	if (count_cb_seen(&cb)) {
		pr_err("callback ran before the fence signaled\n");
		goto out;
	}
	dma_fence_signal(f);
	dma_fence_signal(f);
	if (count_cb_seen(&cb) != 1) {
		pr_err("callback ran %d times, expected once\n",
		       count_cb_seen(&cb));
		goto out;
	}

	err = 0;
out:
	dma_fence_signal(f);
	dma_fence_put(f);
	return err;
}

static int test_late_add_callback(void *arg __always_unused)
{
	struct count_cb cb;
	struct dma_fence *f;
	int err = -EINVAL;

	count_cb_init(&cb);
	f = mock_fence0();
	if (!f)
		return -ENOMEM;

	dma_fence_signal(f);
	if (dma_fence_add_callback(f, &cb.cb, count_cb_func) != -ENOENT) {
		pr_err("add_callback on a signaled fence did not fail\n");
		goto out;
	}
	if (dma_fence_remove_callback(f, &cb.cb)) {
		pr_err("removed a callback that was never queued\n");
		goto out;
	}
	dma_fence_signal(f);
	if (count_cb_seen(&cb)) {
		pr_err("callback ran after a failed add\n");
		goto out;
	}

	err = 0;
out:
	dma_fence_put(f);
	return err;
}

static int test_rm_callback(void *arg __always_unused)
{
	struct count_cb cb;
	struct dma_fence *f;
	int err = -EINVAL;

	count_cb_init(&cb);
	f = mock_fence0();
	if (!f)
		return -ENOMEM;

	if (dma_fence_add_callback(f, &cb.cb, count_cb_func)) {
		pr_err("add_callback failed on a pending fence\n");
		goto out;
	}
	if (!dma_fence_remove_callback(f, &cb.cb)) {
		pr_err("could not remove a queued callback\n");
		goto out;
	}
	if (dma_fence_remove_callback(f, &cb.cb)) {
		pr_err("removed the same callback twice\n");
		goto out;
	}
	dma_fence_signal(f);
	if (count_cb_seen(&cb)) {
		pr_err("removed callback ran\n");
		goto out;
	}

	err = 0;
out:
	dma_fence_signal(f);
	dma_fence_put(f);
	return err;
}

static int test_late_rm_callback(void *arg __always_unused)
{
	struct count_cb cb;
	struct dma_fence *f;
	int err = -EINVAL;

	count_cb_init(&cb);
	f = mock_fence0();
	if (!f)
		return -ENOMEM;

	if (dma_fence_add_callback(f, &cb.cb, count_cb_func)) {
		pr_err("add_callback failed on a pending fence\n");
		goto out;
	}
	dma_fence_signal(f);
	if (count_cb_seen(&cb) != 1) {
		pr_err("callback did not run\n");
		goto out;
	}
	if (dma_fence_remove_callback(f, &cb.cb)) {
		pr_err("removed a callback that had already run\n");
		goto out;
	}

	err = 0;
out:
	dma_fence_signal(f);
	dma_fence_put(f);
	return err;
}

/* Nothing may call enable_signaling until somebody asks for it. */
static int test_silent(void *arg __always_unused)
{
	struct dma_fence *f, *g;
	struct count_cb cb;
	int err = -EINVAL;

	count_cb_init(&cb);
	f = mock_fence0();
	if (!f)
		return -ENOMEM;
	g = mock_fence0();
	if (!g) {
		dma_fence_put(f);
		return -ENOMEM;
	}

	if (dma_fence_is_signaled(f) || dma_fence_get_status(f) ||
	    atomic_read(&to_mock_fence(f)->enabled)) {
		pr_err("polling the fence enabled signaling\n");
		goto out;
	}
	if (dma_fence_add_callback(f, &cb.cb, count_cb_func) ||
	    atomic_read(&to_mock_fence(f)->enabled) != 1) {
		pr_err("add_callback did not enable signaling once\n");
		goto out;
	}
	dma_fence_enable_sw_signaling(f);
	if (dma_fence_wait_timeout(f, false, 0) != 0 ||
	    atomic_read(&to_mock_fence(f)->enabled) != 1) {
		pr_err("enable_signaling called more than once\n");
		goto out;
	}

	/* A fence signaled without being enabled never sees the call. */
	dma_fence_signal(g);
	dma_fence_enable_sw_signaling(g);
	if (atomic_read(&to_mock_fence(g)->enabled)) {
		pr_err("enable_signaling called on a signaled fence\n");
		goto out;
	}

	err = 0;
out:
	dma_fence_signal(f);
	dma_fence_put(g);
	dma_fence_put(f);
	return err;
}

static int test_status(void *arg __always_unused)
{
	struct dma_fence *f;
	int err = -EINVAL;

	f = mock_fence0();
	if (!f)
		return -ENOMEM;

	if (dma_fence_get_status(f)) {
		pr_err("pending fence has status %d\n", dma_fence_get_status(f));
		goto out;
	}
	dma_fence_signal(f);
	if (dma_fence_get_status(f) != 1) {
		pr_err("signaled fence has status %d\n", dma_fence_get_status(f));
		goto out;
	}

	err = 0;
out:
	dma_fence_put(f);
	return err;
}

static int test_error(void *arg __always_unused)
{
	struct dma_fence *f;
	int err = -EINVAL;

	f = mock_fence0();
	if (!f)
		return -ENOMEM;

	dma_fence_set_error(f, -EIO);
	if (dma_fence_get_status(f)) {
		pr_err("error visible as status before signaling\n");
		goto out;
	}
	dma_fence_signal(f);
	if (dma_fence_get_status(f) != -EIO || f->error != -EIO) {
		pr_err("status %d after signaling with -EIO\n",
		       dma_fence_get_status(f));
		goto out;
	}

	err = 0;
out:
	dma_fence_put(f);
	return err;
}

/*
 * Errors may change until the signal, never after; bad values are refused.
 * Four warnings are expected.
 */
static int test_set_error_rules(void *arg __always_unused)
{
	struct dma_fence *f;
	int err = -EINVAL;

	f = mock_fence0();
	if (!f)
		return -ENOMEM;

	dma_fence_set_error(f, -EIO);
	dma_fence_set_error(f, -ENODEV);
	if (f->error != -ENODEV) {
		pr_err("later error before signaling not kept\n");
		goto out;
	}

	/* Each of these three warns. */
	dma_fence_set_error(f, 0);
	dma_fence_set_error(f, 1);
	dma_fence_set_error(f, -MAX_ERRNO - 1);
	if (f->error != -ENODEV) {
		pr_err("invalid error code %d accepted\n", f->error);
		goto out;
	}

	dma_fence_signal(f);
	/* Warns too. */
	dma_fence_set_error(f, -EINTR);
	if (dma_fence_get_status(f) != -ENODEV) {
		pr_err("error changed after signaling: %d\n",
		       dma_fence_get_status(f));
		goto out;
	}

	err = 0;
out:
	dma_fence_put(f);
	return err;
}

static int test_timestamp(void *arg __always_unused)
{
	struct dma_fence *f, *g;
	ktime_t before, after, t;
	int err = -EINVAL;

	f = mock_fence0();
	if (!f)
		return -ENOMEM;
	g = mock_fence0();
	if (!g) {
		dma_fence_put(f);
		return -ENOMEM;
	}

	if (test_bit(DMA_FENCE_FLAG_TIMESTAMP_BIT, &f->flags)) {
		pr_err("timestamp set before signaling\n");
		goto out;
	}

	before = ktime_get();
	dma_fence_signal(f);
	after = ktime_get();
	t = dma_fence_timestamp(f);
	if (ktime_before(t, before) || ktime_after(t, after)) {
		pr_err("timestamp outside of the signaling window\n");
		goto out;
	}

	t = ktime_sub_ns(before, 12345);
	dma_fence_signal_timestamp(g, t);
	if (dma_fence_timestamp(g) != t) {
		pr_err("explicit timestamp not recorded\n");
		goto out;
	}
	dma_fence_signal_timestamp(g, after);
	if (dma_fence_timestamp(g) != t) {
		pr_err("second signal changed the timestamp\n");
		goto out;
	}

	err = 0;
out:
	dma_fence_put(g);
	dma_fence_put(f);
	return err;
}

/* Return conventions of the default wait and of a custom wait op. */
static int test_wait(void *arg __always_unused)
{
	struct dma_fence *f, *c;
	int err = -EINVAL;
	long ret;

	f = mock_fence0();
	if (!f)
		return -ENOMEM;
	c = mock_fence_create(&mock_wait_ops, 0, 0);
	if (!c) {
		dma_fence_put(f);
		return -ENOMEM;
	}

	ret = dma_fence_wait_timeout(f, false, 0);
	if (ret != 0) {
		pr_err("zero-timeout wait on a pending fence returned %ld\n",
		       ret);
		goto out;
	}
	ret = dma_fence_wait_timeout(f, true, 1);
	if (ret != 0) {
		pr_err("one-jiffy wait on a pending fence returned %ld\n", ret);
		goto out;
	}
	ret = dma_fence_wait_timeout(c, false, 0);
	if (ret != -ETIME) {
		pr_err("custom wait result %ld not passed through\n", ret);
		goto out;
	}

	dma_fence_signal(f);
	dma_fence_signal(c);
	ret = dma_fence_wait_timeout(f, false, 0);
	if (ret != 1) {
		pr_err("zero-timeout wait on a signaled fence returned %ld\n",
		       ret);
		goto out;
	}
	ret = dma_fence_wait_timeout(f, true, 10);
	if (ret != 10) {
		pr_err("wait on a signaled fence consumed time: %ld\n", ret);
		goto out;
	}
	if (dma_fence_wait(f, true) || dma_fence_wait(c, false)) {
		pr_err("dma_fence_wait on a signaled fence failed\n");
		goto out;
	}

	err = 0;
out:
	dma_fence_signal(f);
	dma_fence_signal(c);
	dma_fence_put(c);
	dma_fence_put(f);
	return err;
}

struct signal_later {
	struct dma_fence *fence;
	unsigned int delay_ms;
};

static int signal_later_thread(void *arg)
{
	struct signal_later *sl = arg;

	msleep(sl->delay_ms);
	dma_fence_signal(sl->fence);

	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);

	return 0;
}

/* Starts a kthread that signals @fence after @delay_ms. */
static struct task_struct *signal_later_start(struct signal_later *sl,
					      struct dma_fence *fence,
					      unsigned int delay_ms)
{
	sl->fence = fence;
	sl->delay_ms = delay_ms;

	return kthread_run(signal_later_thread, sl, "st-fence-signal");
}

static int test_wait_timeout(void *arg __always_unused)
{
	struct task_struct *tsk;
	struct signal_later sl;
	struct dma_fence *f;
	int err = -EINVAL;
	long ret;

	f = mock_fence0();
	if (!f)
		return -ENOMEM;

	tsk = signal_later_start(&sl, f, 20);
	if (IS_ERR(tsk)) {
		err = PTR_ERR(tsk);
		goto out;
	}

	ret = dma_fence_wait_timeout(f, false, MOCK_WAIT_TIMEOUT);
	kthread_stop(tsk);
	if (ret <= 0) {
		pr_err("wait for a fence signaled by a thread returned %ld\n",
		       ret);
		goto out;
	}
	if (!dma_fence_is_signaled(f)) {
		pr_err("wait returned but the fence is pending\n");
		goto out;
	}

	err = 0;
out:
	dma_fence_signal(f);
	dma_fence_put(f);
	return err;
}

struct wait_timer {
	struct timer_list timer;
	struct dma_fence *fence;
};

static void wait_timer_func(struct timer_list *timer)
{
	struct wait_timer *wt = from_timer(wt, timer, timer);

	dma_fence_signal(wt->fence);
}

static int test_wait_timer(void *arg __always_unused)
{
	struct wait_timer wt;
	int err = -EINVAL;
	long ret;

	wt.fence = mock_fence0();
	if (!wt.fence)
		return -ENOMEM;
	timer_setup_on_stack(&wt.timer, wait_timer_func, 0);

	mod_timer(&wt.timer, jiffies + msecs_to_jiffies(10));
	ret = dma_fence_wait_timeout(wt.fence, true, MOCK_WAIT_TIMEOUT);
	if (ret <= 0) {
		pr_err("wait for a fence signaled by a timer returned %ld\n",
		       ret);
		goto out;
	}

	err = 0;
out:
	del_timer_sync(&wt.timer);
	destroy_timer_on_stack(&wt.timer);
	dma_fence_signal(wt.fence);
	dma_fence_put(wt.fence);
	return err;
}

#define WAIT_ANY_FENCES 4

static int test_wait_any(void *arg __always_unused)
{
	struct dma_fence *f[WAIT_ANY_FENCES] = {};
	struct task_struct *tsk;
	struct signal_later sl;
	int err = -ENOMEM;
	u32 idx = ~0u;
	long ret;
	int i;

	for (i = 0; i < WAIT_ANY_FENCES; i++) {
		f[i] = mock_fence0();
		if (!f[i])
			goto out;
	}

	err = -EINVAL;
	ret = dma_fence_wait_any_timeout(f, WAIT_ANY_FENCES, false, 0, &idx);
	if (ret != 0) {
		pr_err("zero-timeout wait_any on pending fences returned %ld\n",
		       ret);
		goto out;
	}
	ret = dma_fence_wait_any_timeout(f, WAIT_ANY_FENCES, false, 1, &idx);
	if (ret != 0) {
		pr_err("one-jiffy wait_any on pending fences returned %ld\n",
		       ret);
		goto out;
	}

	tsk = signal_later_start(&sl, f[2], 10);
	if (IS_ERR(tsk)) {
		err = PTR_ERR(tsk);
		goto out;
	}
	ret = dma_fence_wait_any_timeout(f, WAIT_ANY_FENCES, true,
					 MOCK_WAIT_TIMEOUT, &idx);
	kthread_stop(tsk);
	if (ret <= 0 || idx != 2) {
		pr_err("wait_any returned %ld with index %u, expected 2\n",
		       ret, idx);
		err = ret < 0 ? ret : -EINVAL;
		goto out;
	}

	dma_fence_signal(f[1]);
	idx = ~0u;
	ret = dma_fence_wait_any_timeout(f, WAIT_ANY_FENCES, false, 0, &idx);
	if (ret != 1 || idx != 1) {
		pr_err("zero-timeout wait_any returned %ld index %u\n",
		       ret, idx);
		goto out;
	}

	err = 0;
out:
	mock_fences_put(f, WAIT_ANY_FENCES);
	return err;
}

struct intr_waiter {
	struct dma_fence *fence;
	struct completion ready;
	long uninterruptible;
	long interruptible;
};

static int intr_waiter_thread(void *arg)
{
	struct intr_waiter *w = arg;

	allow_signal(SIGUSR1);
	complete(&w->ready);

	/* Wait for the signal to arrive, at most a second. */
	while (!signal_pending(current) && !kthread_should_stop())
		schedule_timeout_interruptible(1);

	w->uninterruptible = dma_fence_wait_timeout(w->fence, false, 2);
	w->interruptible = dma_fence_wait_timeout(w->fence, true,
						  MOCK_WAIT_TIMEOUT);
	flush_signals(current);

	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);

	return 0;
}

/* A pending signal interrupts only interruptible waits. */
static int test_wait_interruptible(void *arg __always_unused)
{
	struct task_struct *tsk;
	struct intr_waiter w;
	int err = -EINVAL;

	w.fence = mock_fence0();
	if (!w.fence)
		return -ENOMEM;
	init_completion(&w.ready);
	w.uninterruptible = -1;
	w.interruptible = -1;

	tsk = kthread_run(intr_waiter_thread, &w, "st-fence-intr");
	if (IS_ERR(tsk)) {
		err = PTR_ERR(tsk);
		goto out;
	}
	wait_for_completion(&w.ready);
	send_sig(SIGUSR1, tsk, 1);
	kthread_stop(tsk);

	if (w.uninterruptible != 0) {
		pr_err("uninterruptible wait with a signal pending returned %ld\n",
		       w.uninterruptible);
		goto out;
	}
	if (w.interruptible != -ERESTARTSYS) {
		pr_err("interruptible wait with a signal pending returned %ld\n",
		       w.interruptible);
		goto out;
	}

	err = 0;
out:
	dma_fence_signal(w.fence);
	dma_fence_put(w.fence);
	return err;
}

static int test_stub(void *arg __always_unused)
{
	struct dma_fence *f[16];
	int err = -EINVAL;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(f); i++) {
		f[i] = dma_fence_get_stub();
		if (!dma_fence_is_signaled(f[i]) ||
		    dma_fence_get_status(f[i]) != 1) {
			pr_err("stub fence is not signaled successfully\n");
			i++;
			goto out;
		}
		if (f[i] != f[0]) {
			pr_err("stub fence is not a single object\n");
			i++;
			goto out;
		}
	}

	err = 0;
out:
	while (i--)
		dma_fence_put(f[i]);
	return err;
}

static int test_private_stub(void *arg __always_unused)
{
	ktime_t t = ktime_sub_ns(ktime_get(), 1000);
	struct dma_fence *a, *b, *stub;
	int err = -EINVAL;

	a = dma_fence_allocate_private_stub(t);
	if (!a)
		return -ENOMEM;
	b = dma_fence_allocate_private_stub(ktime_get());
	if (!b) {
		dma_fence_put(a);
		return -ENOMEM;
	}
	stub = dma_fence_get_stub();

	if (a == b || a == stub || b == stub) {
		pr_err("private stubs are not distinct objects\n");
		goto out_stub;
	}
	if (!dma_fence_is_signaled(a) || dma_fence_get_status(a) != 1) {
		pr_err("private stub is not signaled successfully\n");
		goto out_stub;
	}
	if (dma_fence_timestamp(a) != t) {
		pr_err("private stub lost its timestamp\n");
		goto out_stub;
	}

	err = 0;
out_stub:
	dma_fence_put(stub);
	dma_fence_put(b);
	dma_fence_put(a);
	return err;
}

static int check_later(const struct dma_fence_ops *ops, u64 early, u64 late)
{
	struct dma_fence *a, *b;
	int err = -EINVAL;

	a = mock_fence_create(ops, 1, early);
	if (!a)
		return -ENOMEM;
	b = mock_fence_create(ops, 1, late);
	if (!b) {
		dma_fence_put(a);
		return -ENOMEM;
	}

	if (!dma_fence_is_later(b, a) || dma_fence_is_later(a, b)) {
		pr_err("%s seqnos: %llx is not later than %llx\n",
		       ops->use_64bit_seqno ? "64-bit" : "32-bit",
		       (unsigned long long)late, (unsigned long long)early);
		goto out;
	}
	if (!dma_fence_is_later_or_same(a, a) ||
	    dma_fence_is_later_or_same(a, b)) {
		pr_err("is_later_or_same is wrong\n");
		goto out;
	}
	if (dma_fence_later(a, b) != b) {
		pr_err("dma_fence_later did not pick the later fence\n");
		goto out;
	}
	dma_fence_signal(b);
	if (dma_fence_later(a, b)) {
		pr_err("dma_fence_later returned a signaled fence\n");
		goto out;
	}

	err = 0;
out:
	dma_fence_signal(a);
	dma_fence_signal(b);
	dma_fence_put(b);
	dma_fence_put(a);
	return err;
}

static int test_is_later(void *arg __always_unused)
{
	int err;

	err = check_later(&mock_fence_ops, 1, 2);
	if (!err)
		err = check_later(&mock_fence_ops, 0xffffffffull, 0x100000000ull);
	if (!err)
		err = check_later(&mock_fence_ops, 0x7fffffffffffffffull,
				  0xfffffffffffffffeull);
	if (!err)
		err = check_later(&mock_fence_ops32, 1, 2);
	if (!err)
		err = check_later(&mock_fence_ops32, 0xfffffff0ull, 0x5ull);
	if (!err)
		err = check_later(&mock_fence_ops32, 0x7ffffff0ull, 0x80000005ull);
	if (err)
		return err;

	/* 32-bit ops only look at the low half. */
	if (__dma_fence_is_later(0x100000001ull, 0x2ull, &mock_fence_ops32) ||
	    !__dma_fence_is_later(0x100000001ull, 0x2ull, &mock_fence_ops)) {
		pr_err("32-bit comparison used the high half\n");
		return -EINVAL;
	}

	return 0;
}

static int test_deadline(void *arg __always_unused)
{
	ktime_t now = ktime_get();
	struct mock_fence *mock;
	struct dma_fence *f, *g;
	int err = -EINVAL;

	f = mock_fence0();
	if (!f)
		return -ENOMEM;
	g = mock_fence_create(&mock_fence_ops32, 0, 0);
	if (!g) {
		dma_fence_put(f);
		return -ENOMEM;
	}
	mock = to_mock_fence(f);

	dma_fence_set_deadline(f, ktime_add_ms(now, 30));
	dma_fence_set_deadline(f, ktime_add_ms(now, 10));
	dma_fence_set_deadline(f, ktime_add_ms(now, 20));
	if (mock->deadlines != 3) {
		pr_err("deadline op called %u times, expected 3\n",
		       mock->deadlines);
		goto out;
	}
	if (mock->deadline != ktime_add_ms(now, 10)) {
		pr_err("earliest deadline not kept\n");
		goto out;
	}

	dma_fence_signal(f);
	dma_fence_set_deadline(f, now);
	if (mock->deadlines != 3) {
		pr_err("deadline op called on a signaled fence\n");
		goto out;
	}

	/* Without the op the hint is silently dropped. */
	dma_fence_set_deadline(g, now);

	err = 0;
out:
	dma_fence_signal(f);
	dma_fence_put(g);
	dma_fence_put(f);
	return err;
}

static atomic_t bad_releases;

static void bad_release(struct dma_fence *f)
{
	atomic_inc(&bad_releases);
	dma_fence_free(f);
}

static const struct dma_fence_ops bad_noname_ops = {
	.release = bad_release,
};

static const struct dma_fence_ops bad_nodriver_ops = {
	.get_timeline_name = mock_fence_timeline_name,
	.release = bad_release,
};

/*
 * A fence with invalid ops must come out signaled with -EINVAL. Every
 * dma_fence_init() here warns, four in all.
 */
static int check_invalid(const struct dma_fence_ops *ops, bool lock,
			 const char *driver, const char *timeline)
{
	struct count_cb cb;
	struct mock_fence *f;
	int err = -EINVAL;

	count_cb_init(&cb);
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	spin_lock_init(&f->lock);

	dma_fence_init(&f->base, ops, lock ? &f->lock : NULL, 7, 9);

	if (!dma_fence_is_signaled(&f->base) ||
	    dma_fence_get_status(&f->base) != -EINVAL) {
		pr_err("invalid fence not signaled with -EINVAL\n");
		goto out;
	}
	if (strcmp(f->base.ops->get_driver_name(&f->base), driver) ||
	    strcmp(f->base.ops->get_timeline_name(&f->base), timeline)) {
		pr_err("invalid fence names %s/%s, expected %s/%s\n",
		       f->base.ops->get_driver_name(&f->base),
		       f->base.ops->get_timeline_name(&f->base),
		       driver, timeline);
		goto out;
	}
	if (dma_fence_add_callback(&f->base, &cb.cb, count_cb_func) != -ENOENT ||
	    dma_fence_wait_timeout(&f->base, false, MOCK_WAIT_TIMEOUT) <= 0) {
		pr_err("invalid fence can be waited for\n");
		goto out;
	}
	if (f->base.context != 7 || f->base.seqno != 9) {
		pr_err("invalid fence lost its context or seqno\n");
		goto out;
	}

	err = 0;
out:
	dma_fence_put(&f->base);
	return err;
}

static int test_invalid_ops(void *arg __always_unused)
{
	int releases;
	int err;

	atomic_set(&bad_releases, 0);

	err = check_invalid(&bad_noname_ops, true, "invalid", "invalid");
	if (!err)
		err = check_invalid(&bad_nodriver_ops, true, "invalid",
				    "mock-timeline");
	if (!err)
		err = check_invalid(NULL, true, "invalid", "invalid");
	if (!err)
		err = check_invalid(&mock_fence_ops, false, "mock", "mock-timeline");
	if (err)
		return err;

	releases = atomic_read(&bad_releases);
	if (releases != 2) {
		pr_err("driver release called %d times, expected 2\n",
		       releases);
		return -EINVAL;
	}

	return 0;
}

/* get_rcu fails, without touching freed memory, once the count is zero. */
static int test_get_rcu(void *arg __always_unused)
{
	struct dma_fence *f, *got;
	int err = 0;

	f = mock_fence0();
	if (!f)
		return -ENOMEM;

	rcu_read_lock();
	got = dma_fence_get_rcu(f);
	if (got != f) {
		pr_err("get_rcu failed on a live fence\n");
		err = -EINVAL;
	}
	dma_fence_put(got);
	dma_fence_put(f);
	/* Released, but the memory is RCU-freed and still readable here. */
	got = dma_fence_get_rcu(f);
	if (got) {
		pr_err("get_rcu succeeded on a released fence\n");
		err = -EINVAL;
	}
	rcu_read_unlock();

	return err;
}

struct rcu_race {
	struct dma_fence __rcu *slot;
	struct completion started;
	atomic_t replaced;
	atomic_t failed;
};

static int rcu_race_writer(void *arg)
{
	struct rcu_race *race = arg;
	struct dma_fence *f, *old;

	complete(&race->started);
	while (!kthread_should_stop()) {
		f = mock_fence0();
		if (!f) {
			atomic_set(&race->failed, 1);
			break;
		}
		dma_fence_signal(f);
		old = rcu_replace_pointer(race->slot, f, true);
		dma_fence_put(old);
		atomic_inc(&race->replaced);
		cond_resched();
	}

	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);

	return 0;
}

/* get_rcu_safe vs. a writer replacing and releasing the fence. */
static int test_get_rcu_safe(void *arg __always_unused)
{
	unsigned long end;
	struct rcu_race race = {};
	struct task_struct *tsk;
	unsigned long lookups = 0;
	struct dma_fence *f;
	int err = 0;

	atomic_set(&race.replaced, 0);
	atomic_set(&race.failed, 0);
	init_completion(&race.started);
	tsk = kthread_run(rcu_race_writer, &race, "st-fence-rcu");
	if (IS_ERR(tsk))
		return PTR_ERR(tsk);
	wait_for_completion(&race.started);
	end = jiffies + msecs_to_jiffies(50);

	while (!err && !atomic_read(&race.failed) &&
	       time_before(jiffies, end)) {
		rcu_read_lock();
		f = dma_fence_get_rcu_safe(&race.slot);
		rcu_read_unlock();
		if (!f) {
			cond_resched();
			continue;
		}

		if (kref_read(&f->refcount) < 1 || f->ops != &mock_fence_ops ||
		    !dma_fence_is_signaled(f)) {
			pr_err("get_rcu_safe returned a dead fence\n");
			err = -EINVAL;
		}
		dma_fence_put(f);
		lookups++;
		cond_resched();
	}

	kthread_stop(tsk);
	dma_fence_put(rcu_replace_pointer(race.slot, NULL, true));

	if (!err && atomic_read(&race.failed))
		err = -ENOMEM;
	if (!err && (!atomic_read(&race.replaced) || !lookups)) {
		pr_err("no progress: %d replacements, %lu lookups\n",
		       atomic_read(&race.replaced), lookups);
		err = -EINVAL;
	}
	return err;
}

static int check_describe(struct dma_fence *f, const char *expect)
{
	struct seq_file seq;
	char buf[128];

	memset(&seq, 0, sizeof(seq));
	memset(buf, 0, sizeof(buf));
	seq.buf = buf;
	seq.size = sizeof(buf) - 1;

	dma_fence_describe(f, &seq);
	if (seq.count != strlen(expect) || strcmp(buf, expect)) {
		pr_err("describe printed \"%s\", expected \"%s\"\n",
		       buf, expect);
		return -EINVAL;
	}

	return 0;
}

static int test_describe(void *arg __always_unused)
{
	struct dma_fence *f;
	int err;

	f = mock_fence_create(&mock_fence_ops, 3, 42);
	if (!f)
		return -ENOMEM;

	err = check_describe(f, "mock mock-timeline seq 42 unsignalled\n");
	dma_fence_signal(f);
	if (!err)
		err = check_describe(f, "mock mock-timeline seq 42 signalled\n");

	dma_fence_put(f);
	return err;
}

/*
 * The race: each thread owns one slot and in every round publishes a new
 * fence there, picks another thread's fence, queues a callback on it
 * (and sometimes takes it back), signals its own fence (before or after
 * queuing) and then waits for the other fence. Every queued and not
 * removed callback must have run exactly once when the wait returns, no
 * removed one may run, and no wait may time out.
 */
#define RACE_THREADS	4

struct race_ctx {
	struct dma_fence __rcu *slots[RACE_THREADS];
	unsigned long rounds[RACE_THREADS];
	atomic_t failed;
};

struct race_thread {
	struct race_ctx *ctx;
	struct task_struct *task;
	struct completion started;
	unsigned int id;
	u32 rnd;
};

static u32 race_rand(struct race_thread *t)
{
	/* xorshift32 */
	t->rnd ^= t->rnd << 13;
	t->rnd ^= t->rnd >> 17;
	t->rnd ^= t->rnd << 5;
	return t->rnd;
}

static int race_check_other(struct dma_fence *mine, struct dma_fence *other,
			    u32 how)
{
	bool removed = false;
	struct count_cb cb;
	int queued;
	long ret;

	count_cb_init(&cb);
	if (how & 1)
		dma_fence_signal(mine);

	queued = !dma_fence_add_callback(other, &cb.cb, count_cb_func);
	if (!queued && !test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &other->flags)) {
		pr_err("race: add_callback failed on a pending fence\n");
		return -EINVAL;
	}
	if (queued && (how & 2))
		removed = dma_fence_remove_callback(other, &cb.cb);

	dma_fence_signal(mine);

	if (how & 4)
		ret = dma_fence_wait_timeout(other, false, MOCK_WAIT_TIMEOUT);
	else
		ret = dma_fence_wait_any_timeout(&other, 1, false,
						 MOCK_WAIT_TIMEOUT, NULL);
	if (ret <= 0) {
		pr_err("race: wait returned %ld%s\n", ret,
		       ret ? "" : ", wakeup lost?");
		/* Don't leave @cb queued on the stack. */
		if (queued && !removed)
			dma_fence_remove_callback(other, &cb.cb);
		return ret < 0 ? ret : -ETIMEDOUT;
	}

	/*
	 * The signaled bit is set before the callbacks run, under the lock:
	 * take it once to be sure the signaler is done with @cb.
	 */
	spin_lock_irq(other->lock);
	spin_unlock_irq(other->lock);

	if (count_cb_seen(&cb) != (queued && !removed)) {
		pr_err("race: callback ran %d times (queued %d, removed %d)\n",
		       count_cb_seen(&cb), queued, removed);
		return -EINVAL;
	}

	return 0;
}

static int race_round(struct race_thread *t)
{
	struct race_ctx *ctx = t->ctx;
	struct dma_fence *mine, *other;
	unsigned int peer;
	u32 how = race_rand(t);
	int err = 0;

	mine = mock_fence0();
	if (!mine)
		return -ENOMEM;
	rcu_assign_pointer(ctx->slots[t->id], mine);

	peer = (t->id + 1 + how % (RACE_THREADS - 1)) % RACE_THREADS;
	rcu_read_lock();
	other = dma_fence_get_rcu_safe(&ctx->slots[peer]);
	rcu_read_unlock();

	if (other) {
		err = race_check_other(mine, other, how >> 8);
		dma_fence_put(other);
	}

	/* Others may still be waiting on @mine: it must signal. */
	dma_fence_signal(mine);
	RCU_INIT_POINTER(ctx->slots[t->id], NULL);
	dma_fence_put(mine);

	return err;
}

static int race_thread_fn(void *arg)
{
	struct race_thread *t = arg;
	int err = 0;

	complete(&t->started);
	while (!err && !kthread_should_stop()) {
		err = race_round(t);
		t->ctx->rounds[t->id]++;
		cond_resched();
	}
	if (err)
		atomic_set(&t->ctx->failed, 1);

	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);

	return err;
}

/* Sleep for up to @ms, but stop early once a thread has failed. */
static void sleep_unless_failed(unsigned int ms, atomic_t *failed)
{
	unsigned long end = jiffies + msecs_to_jiffies(ms);

	while (!atomic_read(failed) && time_before(jiffies, end))
		usleep_range(5000, 6000);
}

static int test_race(void *arg __always_unused)
{
	struct race_thread t[RACE_THREADS];
	struct race_ctx *ctx;
	unsigned long total = 0;
	int err = 0, ret;
	int i, started;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;

	for (started = 0; started < RACE_THREADS; started++) {
		t[started].ctx = ctx;
		t[started].id = started;
		t[started].rnd = 0x9e3779b9u * (started + 1);
		init_completion(&t[started].started);
		t[started].task = kthread_run(race_thread_fn, &t[started],
					      "st-fence-race/%d", started);
		if (IS_ERR(t[started].task)) {
			err = PTR_ERR(t[started].task);
			break;
		}
	}

	for (i = 0; i < started; i++)
		wait_for_completion(&t[i].started);
	if (!err)
		sleep_unless_failed(150, &ctx->failed);

	for (i = 0; i < started; i++) {
		ret = kthread_stop(t[i].task);
		if (ret && !err)
			err = ret;
		total += ctx->rounds[i];
	}

	if (!err && total < RACE_THREADS) {
		pr_err("race: only %lu rounds completed\n", total);
		err = -EINVAL;
	}

	kfree(ctx);
	return err;
}

static const struct st_case cases[] = {
	ST_CASE(test_sanity),
	ST_CASE(test_signaling),
	ST_CASE(test_add_callback),
	ST_CASE(test_late_add_callback),
	ST_CASE(test_rm_callback),
	ST_CASE(test_late_rm_callback),
	ST_CASE(test_silent),
	ST_CASE(test_status),
	ST_CASE(test_error),
	ST_CASE_WARNS(test_set_error_rules, 4),
	ST_CASE(test_timestamp),
	ST_CASE(test_wait),
	ST_CASE(test_wait_timeout),
	ST_CASE(test_wait_timer),
	ST_CASE(test_wait_any),
	ST_CASE(test_wait_interruptible),
	ST_CASE(test_stub),
	ST_CASE(test_private_stub),
	ST_CASE(test_is_later),
	ST_CASE(test_deadline),
	ST_CASE_WARNS(test_invalid_ops, 4),
	ST_CASE(test_get_rcu),
	ST_CASE(test_get_rcu_safe),
	ST_CASE(test_describe),
	ST_CASE(test_race),
};
DEFINE_ST_SUITE(dma_fence, cases);
