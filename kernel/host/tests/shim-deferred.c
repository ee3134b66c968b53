// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of deferred execution: timers, workqueues (plain, ordered,
 * delayed, cancel and flush), irq_work, kthreads, and host_quiesce().
 */
#include <linux/kernel.h>
#include <linux/timer.h>
#include <linux/workqueue.h>
#include <linux/irq_work.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/slab.h>
#include <linux/ktime.h>
#include <linux/completion.h>
#include <linux/rcupdate.h>
#include <linux/sched/task.h>

#include "shim-tap.h"

/* ---- timers ----------------------------------------------------------- */

struct tobj {
	struct timer_list timer;
	int fired;
	ktime_t when;
};

static void tobj_fn(struct timer_list *t)
{
	struct tobj *o = from_timer(o, t, timer);

	o->when = ktime_get();
	WRITE_ONCE(o->fired, o->fired + 1);
}

static int test_timer_fires(void)
{
	struct tobj o = { .fired = 0 };
	ktime_t start = ktime_get();
	int i;

	timer_setup(&o.timer, tobj_fn, 0);
	SHIM_CHECK(!mod_timer(&o.timer, jiffies + msecs_to_jiffies(20)), "was pending");
	SHIM_CHECK(timer_pending(&o.timer), "not pending");
	for (i = 0; i < 200 && !READ_ONCE(o.fired); i++)
		msleep(5);
	SHIM_CHECK(READ_ONCE(o.fired) == 1, "timer did not fire");
	SHIM_CHECK(ktime_ms_delta(o.when, start) >= 19, "fired early: %lld ms",
		   ktime_ms_delta(o.when, start));
	SHIM_CHECK(!timer_pending(&o.timer), "still pending");
	del_timer_sync(&o.timer);
	return 0;
}

static int test_timer_cancel(void)
{
	struct tobj o = { .fired = 0 };

	timer_setup(&o.timer, tobj_fn, 0);
	mod_timer(&o.timer, jiffies + HZ);
	SHIM_CHECK(mod_timer(&o.timer, jiffies + 2 * HZ) == 1, "re-arm not pending");
	SHIM_CHECK(del_timer_sync(&o.timer) == 1, "del_timer_sync missed it");
	SHIM_CHECK(del_timer(&o.timer) == 0, "deleted twice");
	msleep(5);
	SHIM_CHECK(!o.fired, "cancelled timer fired");
	return 0;
}

static void slow_timer_fn(struct timer_list *t)
{
	struct tobj *o = from_timer(o, t, timer);

	mdelay(30);	/* busy-wait: allowed in softirq context */
	WRITE_ONCE(o->fired, 1);
}

static int test_del_timer_sync_waits(void)
{
	struct tobj o = { .fired = 0 };

	timer_setup(&o.timer, slow_timer_fn, 0);
	mod_timer(&o.timer, jiffies);
	while (timer_pending(&o.timer))
		cpu_relax();
	del_timer_sync(&o.timer);
	SHIM_CHECK(READ_ONCE(o.fired), "del_timer_sync returned while running");
	return 0;
}

/* ---- workqueues ------------------------------------------------------- */

struct wobj {
	struct work_struct work;
	struct delayed_work dwork;
	int ran;
	int order[16];
	int n;
};

static void wobj_fn(struct work_struct *w)
{
	struct wobj *o = container_of(w, struct wobj, work);

	WRITE_ONCE(o->ran, o->ran + 1);
}

static void wobj_dfn(struct work_struct *w)
{
	struct wobj *o = container_of(to_delayed_work(w), struct wobj, dwork);

	WRITE_ONCE(o->ran, o->ran + 1);
}

static int test_work_runs(void)
{
	struct wobj *o = kzalloc(sizeof(*o), GFP_KERNEL);

	SHIM_CHECK(o, "alloc");
	INIT_WORK(&o->work, wobj_fn);
	SHIM_CHECK(schedule_work(&o->work), "queue failed");
	flush_work(&o->work);
	SHIM_CHECK(o->ran == 1, "ran %d times", o->ran);
	SHIM_CHECK(!work_pending(&o->work), "still pending");
	SHIM_CHECK(queue_work(system_unbound_wq, &o->work), "requeue failed");
	flush_workqueue(system_unbound_wq);
	SHIM_CHECK(o->ran == 2, "ran %d times", o->ran);
	kfree(o);
	return 0;
}

struct ordered_item {
	struct work_struct work;
	int id;
	struct wobj *log;
};

static void ordered_fn(struct work_struct *w)
{
	struct ordered_item *it = container_of(w, struct ordered_item, work);

	usleep_range(100, 200);
	it->log->order[it->log->n++] = it->id;
}

static int test_ordered(void)
{
	struct workqueue_struct *wq = alloc_ordered_workqueue("shim-ordered", 0);
	struct ordered_item items[16];
	struct wobj log = { .n = 0 };
	int i;

	SHIM_CHECK(wq, "alloc_ordered_workqueue");
	for (i = 0; i < 16; i++) {
		items[i].id = i;
		items[i].log = &log;
		INIT_WORK(&items[i].work, ordered_fn);
		queue_work(wq, &items[i].work);
	}
	flush_workqueue(wq);
	destroy_workqueue(wq);
	SHIM_CHECK(log.n == 16, "ran %d items", log.n);
	for (i = 0; i < 16; i++)
		SHIM_CHECK(log.order[i] == i, "out of order at %d", i);
	return 0;
}

static int test_delayed_work(void)
{
	struct wobj *o = kzalloc(sizeof(*o), GFP_KERNEL);
	int i;

	SHIM_CHECK(o, "alloc");
	INIT_DELAYED_WORK(&o->dwork, wobj_dfn);
	SHIM_CHECK(schedule_delayed_work(&o->dwork, msecs_to_jiffies(10)), "queue");
	SHIM_CHECK(!schedule_delayed_work(&o->dwork, 1), "double queue accepted");
	for (i = 0; i < 200 && !READ_ONCE(o->ran); i++)
		msleep(5);
	SHIM_CHECK(READ_ONCE(o->ran) == 1, "delayed work did not run");
	flush_delayed_work(&o->dwork);

	SHIM_CHECK(schedule_delayed_work(&o->dwork, HZ), "queue");
	SHIM_CHECK(mod_delayed_work(system_wq, &o->dwork, 0), "mod: was not pending");
	flush_delayed_work(&o->dwork);
	SHIM_CHECK(o->ran == 2, "mod_delayed_work(0) did not run it: %d", o->ran);

	SHIM_CHECK(schedule_delayed_work(&o->dwork, HZ), "queue");
	SHIM_CHECK(cancel_delayed_work_sync(&o->dwork), "cancel: not pending");
	SHIM_CHECK(!delayed_work_pending(&o->dwork), "pending after cancel");
	SHIM_CHECK(!cancel_delayed_work_sync(&o->dwork), "cancelled twice");
	SHIM_CHECK(o->ran == 2, "cancelled work ran");
	kfree(o);
	return 0;
}

static struct completion slow_started;

static void slow_work_fn(struct work_struct *w)
{
	struct wobj *o = container_of(w, struct wobj, work);

	complete(&slow_started);
	msleep(30);
	WRITE_ONCE(o->ran, 1);
}

static int test_cancel_sync_waits(void)
{
	struct wobj *o = kzalloc(sizeof(*o), GFP_KERNEL);

	SHIM_CHECK(o, "alloc");
	init_completion(&slow_started);
	INIT_WORK(&o->work, slow_work_fn);
	schedule_work(&o->work);
	wait_for_completion(&slow_started);
	SHIM_CHECK(!cancel_work_sync(&o->work), "running work reported pending");
	SHIM_CHECK(READ_ONCE(o->ran) == 1, "cancel_work_sync did not wait");
	kfree(o);
	return 0;
}

/* ---- irq_work --------------------------------------------------------- */

struct iobj {
	struct irq_work w;
	int ran;
	int requeue;
};

static void iobj_fn(struct irq_work *w)
{
	struct iobj *o = container_of(w, struct iobj, w);

	WRITE_ONCE(o->ran, o->ran + 1);
	if (o->requeue-- > 0)
		irq_work_queue(&o->w);
}

static int test_irq_work(void)
{
	struct iobj *o = kzalloc(sizeof(*o), GFP_KERNEL);

	SHIM_CHECK(o, "alloc");
	init_irq_work(&o->w, iobj_fn);
	o->requeue = 3;
	SHIM_CHECK(irq_work_queue(&o->w), "queue failed");
	irq_work_sync(&o->w);
	SHIM_CHECK(!irq_work_is_busy(&o->w), "busy after sync");
	SHIM_CHECK(READ_ONCE(o->ran) == 4, "ran %d times (expected 4)", o->ran);
	kfree(o);
	return 0;
}

/* ---- kthreads --------------------------------------------------------- */

static int loop_fn(void *arg)
{
	int *count = arg;

	while (!kthread_should_stop()) {
		(*count)++;
		schedule_timeout_interruptible(1);
	}
	return 1234;
}

static int never_fn(void *arg)
{
	(void)arg;
	return 0;
}

static int test_kthread_stop(void)
{
	struct task_struct *t;
	int count = 0, ret;

	t = kthread_run(loop_fn, &count, "loop");
	SHIM_CHECK(!IS_ERR(t), "kthread_run");
	msleep(10);
	ret = kthread_stop(t);
	SHIM_CHECK(ret == 1234, "kthread_stop returned %d", ret);
	SHIM_CHECK(count > 0, "thread never ran");

	t = kthread_create(never_fn, NULL, "never");
	SHIM_CHECK(!IS_ERR(t), "kthread_create");
	ret = kthread_stop(t);
	SHIM_CHECK(ret == -EINTR, "stop before wake returned %d", ret);
	return 0;
}

/* ---- quiesce ---------------------------------------------------------- */

/*
 * A chain of deferred steps: a timer queues a work item, the work item
 * queues an irq_work, which frees everything through kfree_rcu().
 * host_quiesce() must run the whole chain to completion.
 */
struct chain {
	struct timer_list timer;
	struct work_struct work;
	struct irq_work iw;
	struct rcu_head rcu;
};

static void chain_iw(struct irq_work *iw)
{
	struct chain *c = container_of(iw, struct chain, iw);

	kfree_rcu(c, rcu);
}

static void chain_work(struct work_struct *w)
{
	struct chain *c = container_of(w, struct chain, work);

	irq_work_queue(&c->iw);
}

static void chain_timer(struct timer_list *t)
{
	struct chain *c = from_timer(c, t, timer);

	schedule_work(&c->work);
}

static int test_quiesce(void)
{
	long live = host_alloc_live();
	int i;

	for (i = 0; i < 8; i++) {
		struct chain *c = kzalloc(sizeof(*c), GFP_KERNEL);

		SHIM_CHECK(c, "alloc");
		timer_setup(&c->timer, chain_timer, 0);
		INIT_WORK(&c->work, chain_work);
		init_irq_work(&c->iw, chain_iw);
		mod_timer(&c->timer, jiffies + i);
	}
	host_quiesce();
	SHIM_CHECK(host_alloc_live() == live, "live %ld, expected %ld",
		   host_alloc_live(), live);
	return 0;
}

static const struct shim_test tests[] = {
	SHIM_TEST(timer_fires),
	SHIM_TEST(timer_cancel),
	SHIM_TEST(del_timer_sync_waits),
	SHIM_TEST(work_runs),
	SHIM_TEST(ordered),
	SHIM_TEST(delayed_work),
	SHIM_TEST(cancel_sync_waits),
	SHIM_TEST(irq_work),
	SHIM_TEST(kthread_stop),
	SHIM_TEST(quiesce),
};

int main(void)
{
	return shim_run(tests, ARRAY_SIZE(tests));
}
