// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of sleeping and waking: the set_current_state()/schedule()/
 * wake_up_process() protocol and wait queues must never lose a wake-up
 * (two threads hand a token back and forth many times), timeouts return
 * the remaining jiffies, and posted signals end interruptible sleeps.
 */
#include <linux/kernel.h>
#include <linux/wait.h>
#include <linux/wait_bit.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/kthread.h>
#include <linux/completion.h>
#include <linux/ktime.h>
#include <linux/delay.h>

#include "shim-tap.h"

#define ROUNDS 20000

/* ---- raw task protocol: each side sleeps until the token is its own. */

static int token;			/* 0: main's turn, 1: partner's turn */
static struct task_struct *main_task, *partner;

static void wait_for_token(int mine)
{
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (READ_ONCE(token) == mine)
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
}

static int partner_fn(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < ROUNDS; i++) {
		wait_for_token(1);
		WRITE_ONCE(token, 0);
		wake_up_process(main_task);
	}
	return 0;
}

static int test_wake_up_process(void)
{
	int i;

	main_task = current;
	token = 0;
	partner = kthread_run(partner_fn, NULL, "partner");
	SHIM_CHECK(!IS_ERR(partner), "kthread_run");
	get_task_struct(partner);
	for (i = 0; i < ROUNDS; i++) {
		wait_for_token(0);
		WRITE_ONCE(token, 1);
		wake_up_process(partner);
	}
	wait_for_token(0);
	kthread_stop(partner);
	put_task_struct(partner);
	return 0;
}

/* ---- wait queues: the same ping-pong through wait_event()/wake_up(). */

static DECLARE_WAIT_QUEUE_HEAD(wq_main);
static DECLARE_WAIT_QUEUE_HEAD(wq_partner);

static int wq_partner_fn(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < ROUNDS; i++) {
		wait_event(wq_partner, READ_ONCE(token) == 1);
		WRITE_ONCE(token, 0);
		wake_up(&wq_main);
	}
	return 0;
}

static int test_wait_event(void)
{
	struct task_struct *t;
	int i;

	token = 0;
	t = kthread_run(wq_partner_fn, NULL, "wq-partner");
	SHIM_CHECK(!IS_ERR(t), "kthread_run");
	get_task_struct(t);
	for (i = 0; i < ROUNDS; i++) {
		long left = wait_event_timeout(wq_main, READ_ONCE(token) == 0,
					       10 * HZ);

		SHIM_CHECK(left > 0, "lost wake-up in round %d", i);
		WRITE_ONCE(token, 1);
		wake_up_all(&wq_partner);
	}
	wait_event(wq_main, READ_ONCE(token) == 0);
	kthread_stop(t);
	put_task_struct(t);
	return 0;
}

static int test_wait_event_timeout(void)
{
	DECLARE_WAIT_QUEUE_HEAD_ONSTACK(wq);
	ktime_t start = ktime_get();
	long ret;

	ret = wait_event_timeout(wq, false, msecs_to_jiffies(30));
	SHIM_CHECK(ret == 0, "timed-out wait returned %ld", ret);
	SHIM_CHECK(ktime_ms_delta(ktime_get(), start) >= 29, "returned early");
	ret = wait_event_timeout(wq, true, 5);
	SHIM_CHECK(ret == 5, "true condition must return the full timeout: %ld", ret);
	ret = wait_event_timeout(wq, true, 0);
	SHIM_CHECK(ret == 1, "true condition with 0 timeout must return 1: %ld", ret);
	return 0;
}

static struct task_struct *waker_target;

static int delayed_waker(void *arg)
{
	(void)arg;
	msleep(20);
	wake_up_process(waker_target);
	return 0;
}

static int test_schedule_timeout(void)
{
	struct task_struct *t;
	ktime_t start = ktime_get();
	long left;

	set_current_state(TASK_UNINTERRUPTIBLE);
	left = schedule_timeout(msecs_to_jiffies(40));
	SHIM_CHECK(left == 0, "full sleep returned %ld", left);
	SHIM_CHECK(ktime_ms_delta(ktime_get(), start) >= 39, "slept %lld ms",
		   ktime_ms_delta(ktime_get(), start));
	SHIM_CHECK(task_is_running(current), "state not restored");

	waker_target = current;
	t = kthread_run(delayed_waker, NULL, "waker");
	SHIM_CHECK(!IS_ERR(t), "kthread_run");
	get_task_struct(t);
	start = ktime_get();
	set_current_state(TASK_UNINTERRUPTIBLE);
	left = schedule_timeout(msecs_to_jiffies(1000));
	SHIM_CHECK(left > 0 && left < (long)msecs_to_jiffies(1000) - 10,
		   "woken sleep returned %ld", left);
	SHIM_CHECK(ktime_ms_delta(ktime_get(), start) < 900, "not woken early");
	kthread_stop(t);
	put_task_struct(t);

	left = schedule_timeout_uninterruptible(0);
	SHIM_CHECK(left == 0, "zero timeout returned %ld", left);
	return 0;
}

static int test_signal(void)
{
	DECLARE_WAIT_QUEUE_HEAD_ONSTACK(wq);
	long ret;

	host_task_post_signal(current);
	SHIM_CHECK(signal_pending(current), "signal not pending");
	ret = wait_event_interruptible(wq, false);
	SHIM_CHECK(ret == -ERESTARTSYS, "interruptible wait returned %ld", ret);
	ret = wait_event_interruptible_timeout(wq, false, HZ);
	SHIM_CHECK(ret == -ERESTARTSYS, "interruptible timed wait returned %ld", ret);
	set_current_state(TASK_INTERRUPTIBLE);
	ret = schedule_timeout(HZ);
	SHIM_CHECK(ret > HZ / 2, "interruptible sleep not cut short: %ld", ret);
	ret = wait_event_timeout(wq, false, 2);
	SHIM_CHECK(ret == 0, "uninterruptible wait must ignore the signal: %ld", ret);
	host_task_clear_signal(current);
	SHIM_CHECK(!signal_pending(current), "signal still pending");
	return 0;
}

static int var;

static int var_setter(void *arg)
{
	(void)arg;
	msleep(10);
	WRITE_ONCE(var, 1);
	wake_up_var(&var);
	return 0;
}

static int test_wait_var(void)
{
	struct task_struct *t;
	long ret;

	var = 0;
	t = kthread_run(var_setter, NULL, "var");
	SHIM_CHECK(!IS_ERR(t), "kthread_run");
	get_task_struct(t);
	ret = wait_var_event_timeout(&var, READ_ONCE(var), 5 * HZ);
	SHIM_CHECK(ret > 0, "wait_var_event_timeout returned %ld", ret);
	kthread_stop(t);
	put_task_struct(t);
	return 0;
}

static struct completion done;

static int completer(void *arg)
{
	(void)arg;
	complete(&done);
	return 0;
}

static int test_completion(void)
{
	struct task_struct *t;
	unsigned long left;

	init_completion(&done);
	left = wait_for_completion_timeout(&done, 1);
	SHIM_CHECK(!left, "uncompleted wait returned %lu", left);
	t = kthread_run(completer, NULL, "completer");
	SHIM_CHECK(!IS_ERR(t), "kthread_run");
	get_task_struct(t);
	left = wait_for_completion_timeout(&done, 5 * HZ);
	SHIM_CHECK(left, "completion lost");
	kthread_stop(t);
	put_task_struct(t);
	return 0;
}

static const struct shim_test tests[] = {
	SHIM_TEST(wake_up_process),
	SHIM_TEST(wait_event),
	SHIM_TEST(wait_event_timeout),
	SHIM_TEST(schedule_timeout),
	SHIM_TEST(signal),
	SHIM_TEST(wait_var),
	SHIM_TEST(completion),
};

int main(void)
{
	return shim_run(tests, ARRAY_SIZE(tests));
}
