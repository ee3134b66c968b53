// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of the host's context checking: might_sleep() and everything that
 * sleeps must report when called from atomic or RCU context (and only
 * then), and lock misuse is reported.
 */
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/delay.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include <linux/irq_work.h>
#include <linux/kthread.h>
#include <linux/completion.h>
#include <linux/sched/task.h>

#include "shim-tap.h"

static DEFINE_SPINLOCK(lock);
static DEFINE_MUTEX(mtx);

/* Run @fn and return how many BUG reports it caused. */
static unsigned long bugs_of(void (*fn)(void))
{
	unsigned long before = host_bug_count();

	fn();
	return host_bug_count() - before;
}

static void sleep_under_spinlock(void)
{
	spin_lock(&lock);
	might_sleep();
	spin_unlock(&lock);
}

static void msleep_under_rcu(void)
{
	rcu_read_lock();
	msleep(0);
	rcu_read_unlock();
}

static void gfp_kernel_irqs_off(void)
{
	unsigned long flags;
	void *p;

	local_irq_save(flags);
	p = kmalloc(8, GFP_KERNEL);
	local_irq_restore(flags);
	kfree(p);
}

static void mutex_under_preempt_off(void)
{
	preempt_disable();
	mutex_lock(&mtx);
	mutex_unlock(&mtx);
	preempt_enable();
}

static void synchronize_under_rcu(void)
{
	rcu_read_lock();
	synchronize_rcu();	/* reported, and skipped rather than deadlocking */
	rcu_read_unlock();
}

static void legal_contexts(void)
{
	unsigned long flags;
	void *p;

	spin_lock_irqsave(&lock, flags);
	p = kmalloc(8, GFP_ATOMIC);
	udelay(1);
	spin_unlock_irqrestore(&lock, flags);
	kfree(p);
	rcu_read_lock();
	p = kmalloc(8, GFP_NOWAIT);
	rcu_read_unlock();
	kfree(p);
	might_sleep();
	msleep(0);
	mutex_lock(&mtx);
	p = kmalloc(8, GFP_KERNEL);
	mutex_unlock(&mtx);
	kfree(p);
	synchronize_rcu();
}

static int test_spinlock(void)
{
	SHIM_CHECK(bugs_of(sleep_under_spinlock) == 1, "not reported once");
	return 0;
}

static int test_rcu_msleep(void)
{
	SHIM_CHECK(bugs_of(msleep_under_rcu) == 1, "not reported once");
	return 0;
}

static int test_gfp_kernel_irqs_off(void)
{
	SHIM_CHECK(bugs_of(gfp_kernel_irqs_off) == 1, "not reported once");
	return 0;
}

static int test_mutex_preempt_off(void)
{
	SHIM_CHECK(bugs_of(mutex_under_preempt_off) == 1, "not reported once");
	return 0;
}

static int test_synchronize_in_rcu(void)
{
	SHIM_CHECK(bugs_of(synchronize_under_rcu) == 1, "not reported once");
	return 0;
}

static int test_no_false_reports(void)
{
	SHIM_CHECK(bugs_of(legal_contexts) == 0, "legal code reported");
	SHIM_CHECK(!in_atomic() && !irqs_disabled(), "context leaked");
	return 0;
}

static void unlock_unheld(void)
{
	spin_unlock(&lock);
}

static int test_spin_unlock_unheld(void)
{
	SHIM_CHECK(bugs_of(unlock_unheld) == 1, "not reported once");
	return 0;
}

static struct completion locked, unlocked;

static int mutex_holder(void *arg)
{
	(void)arg;
	mutex_lock(&mtx);
	complete(&locked);
	wait_for_completion(&unlocked);
	mutex_unlock(&mtx);
	return 0;
}

static void unlock_foreign_mutex(void)
{
	struct task_struct *t;

	init_completion(&locked);
	init_completion(&unlocked);
	t = kthread_run(mutex_holder, NULL, "holder");
	if (IS_ERR(t))
		return;
	get_task_struct(t);
	wait_for_completion(&locked);
	mutex_unlock(&mtx);	/* not ours: must be refused */
	complete(&unlocked);
	kthread_stop(t);
	put_task_struct(t);
}

static int test_mutex_unlock_foreign(void)
{
	SHIM_CHECK(bugs_of(unlock_foreign_mutex) == 1, "not reported once");
	SHIM_CHECK(!mutex_is_locked(&mtx), "mutex left locked");
	return 0;
}

static struct timer_list sleepy_timer;
static struct completion timer_ran;

static void sleepy_timer_fn(struct timer_list *t)
{
	(void)t;
	might_sleep();
	complete(&timer_ran);
}

static void sleep_in_timer(void)
{
	init_completion(&timer_ran);
	timer_setup(&sleepy_timer, sleepy_timer_fn, 0);
	mod_timer(&sleepy_timer, jiffies + 1);
	wait_for_completion(&timer_ran);
	del_timer_sync(&sleepy_timer);
}

static int test_timer_callback(void)
{
	SHIM_CHECK(bugs_of(sleep_in_timer) == 1, "not reported once");
	return 0;
}

static struct completion irq_ran;
static bool irq_saw_hardirq;

static void sleepy_irq_work(struct irq_work *w)
{
	(void)w;
	irq_saw_hardirq = in_hardirq() && irqs_disabled();
	might_sleep();
	complete(&irq_ran);
}

static void sleep_in_irq_work(void)
{
	struct irq_work w = IRQ_WORK_INIT(sleepy_irq_work);

	init_completion(&irq_ran);
	irq_work_queue(&w);
	wait_for_completion(&irq_ran);
	irq_work_sync(&w);
}

static int test_irq_work_callback(void)
{
	SHIM_CHECK(bugs_of(sleep_in_irq_work) == 1, "not reported once");
	SHIM_CHECK(irq_saw_hardirq, "irq_work did not run in hardirq context");
	return 0;
}

static int test_counters(void)
{
	unsigned long flags;

	SHIM_CHECK(!in_atomic(), "in_atomic at rest");
	spin_lock_irqsave(&lock, flags);
	SHIM_CHECK(in_atomic() && irqs_disabled(), "spin_lock_irqsave not atomic");
	SHIM_CHECK(lockdep_is_held(&lock), "lock not held per lockdep");
	spin_unlock_irqrestore(&lock, flags);
	SHIM_CHECK(!in_atomic() && !irqs_disabled(), "state not restored");
	SHIM_CHECK(!lockdep_is_held(&lock), "lock held after unlock");
	rcu_read_lock();
	SHIM_CHECK(rcu_read_lock_held(), "rcu_read_lock_held() false");
	rcu_read_unlock();
	local_bh_disable();
	SHIM_CHECK(in_softirq(), "bh disable not visible");
	local_bh_enable();
	return 0;
}

static const struct shim_test tests[] = {
	SHIM_TEST_REPORTS(spinlock),
	SHIM_TEST_REPORTS(rcu_msleep),
	SHIM_TEST_REPORTS(gfp_kernel_irqs_off),
	SHIM_TEST_REPORTS(mutex_preempt_off),
	SHIM_TEST_REPORTS(synchronize_in_rcu),
	SHIM_TEST(no_false_reports),
	SHIM_TEST_REPORTS(spin_unlock_unheld),
	SHIM_TEST_REPORTS(mutex_unlock_foreign),
	SHIM_TEST_REPORTS(timer_callback),
	SHIM_TEST_REPORTS(irq_work_callback),
	SHIM_TEST(counters),
};

int main(void)
{
	return shim_run(tests, ARRAY_SIZE(tests));
}
