// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of the host's RCU: readers on several threads (kthreads and a
 * plain pthread) dereference a published object while a writer replaces
 * it and frees the old one through synchronize_rcu(), call_rcu() and
 * kfree_rcu().  Freed objects are poisoned, so a reader that sees a bad
 * magic caught a premature free (ASan would too).
 */
#include <pthread.h>

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/rcupdate.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/sched/task.h>

#include "shim-tap.h"

#define MAGIC 0x5eed5eedUL

struct obj {
	unsigned long magic;
	unsigned long gen;
	struct rcu_head rcu;
};

static struct obj __rcu *global;
static unsigned long bad_reads, reads;
static bool stop_readers;

static void reader_pass(void)
{
	struct obj *o;

	rcu_read_lock();
	o = rcu_dereference(global);
	if (o && READ_ONCE(o->magic) != MAGIC)
		__atomic_fetch_add(&bad_reads, 1, __ATOMIC_RELAXED);
	rcu_read_unlock();
	__atomic_fetch_add(&reads, 1, __ATOMIC_RELAXED);
}

static int reader_kthread(void *arg)
{
	(void)arg;
	while (!kthread_should_stop())
		reader_pass();
	return 0;
}

static void *reader_pthread(void *arg)
{
	(void)arg;
	host_thread_enter();
	while (!__atomic_load_n(&stop_readers, __ATOMIC_ACQUIRE))
		reader_pass();
	host_thread_exit();
	return NULL;
}

static void obj_free_cb(struct rcu_head *head)
{
	struct obj *o = container_of(head, struct obj, rcu);

	WRITE_ONCE(o->magic, 0);
	kfree(o);
}

enum how { BY_SYNC, BY_CALL_RCU, BY_KFREE_RCU };

static int replace_many(enum how how, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		struct obj *o = kmalloc(sizeof(*o), GFP_KERNEL), *old;

		if (!o)
			return -ENOMEM;
		o->magic = MAGIC;
		o->gen = i;
		old = rcu_replace_pointer(global, o, true);
		if (!old)
			continue;
		switch (how) {
		case BY_SYNC:
			synchronize_rcu();
			WRITE_ONCE(old->magic, 0);
			kfree(old);
			break;
		case BY_CALL_RCU:
			call_rcu(&old->rcu, obj_free_cb);
			break;
		case BY_KFREE_RCU:
			kfree_rcu(old, rcu);
			break;
		}
	}
	return 0;
}

static int run(enum how how, int n)
{
	struct task_struct *t[2];
	pthread_t pt;
	struct obj *last;
	int i, ret;

	bad_reads = 0;
	reads = 0;
	stop_readers = false;
	for (i = 0; i < 2; i++) {
		t[i] = kthread_run(reader_kthread, NULL, "reader/%d", i);
		if (IS_ERR(t[i]))
			return PTR_ERR(t[i]);
		get_task_struct(t[i]);
	}
	if (pthread_create(&pt, NULL, reader_pthread, NULL))
		return -EAGAIN;
	ret = replace_many(how, n);
	__atomic_store_n(&stop_readers, true, __ATOMIC_RELEASE);
	pthread_join(pt, NULL);
	for (i = 0; i < 2; i++) {
		kthread_stop(t[i]);
		put_task_struct(t[i]);
	}
	last = rcu_replace_pointer(global, NULL, true);
	synchronize_rcu();
	kfree(last);
	rcu_barrier();
	return ret;
}

static int test_synchronize_rcu(void)
{
	SHIM_CHECK(!run(BY_SYNC, 2000), "run");
	SHIM_CHECK(!bad_reads, "%lu reads of freed objects", bad_reads);
	return 0;
}

static int test_call_rcu(void)
{
	SHIM_CHECK(!run(BY_CALL_RCU, 2000), "run");
	SHIM_CHECK(!bad_reads, "%lu reads of freed objects", bad_reads);
	return 0;
}

static int test_kfree_rcu(void)
{
	SHIM_CHECK(!run(BY_KFREE_RCU, 2000), "run");
	SHIM_CHECK(!bad_reads, "%lu reads of freed objects", bad_reads);
	return 0;
}

static int cb_count;
static bool cb_in_softirq;

static void count_cb(struct rcu_head *head)
{
	cb_in_softirq = in_softirq();
	__atomic_fetch_add(&cb_count, 1, __ATOMIC_RELAXED);
	kfree(head);
}

static int test_barrier_waits_for_callbacks(void)
{
	int i;

	cb_count = 0;
	for (i = 0; i < 100; i++) {
		struct rcu_head *h = kmalloc(sizeof(*h), GFP_KERNEL);

		SHIM_CHECK(h, "alloc");
		call_rcu(h, count_cb);
	}
	rcu_barrier();
	SHIM_CHECK(__atomic_load_n(&cb_count, __ATOMIC_RELAXED) == 100,
		   "only %d callbacks ran", cb_count);
	SHIM_CHECK(cb_in_softirq, "callbacks must run in softirq context");
	return 0;
}

static int test_nesting(void)
{
	rcu_read_lock();
	rcu_read_lock();
	SHIM_CHECK(rcu_read_lock_held(), "not held");
	rcu_read_unlock();
	SHIM_CHECK(rcu_read_lock_held(), "nesting lost");
	rcu_read_unlock();
	SHIM_CHECK(!rcu_read_lock_held(), "still held");
	return 0;
}

static const struct shim_test tests[] = {
	SHIM_TEST(synchronize_rcu),
	SHIM_TEST(call_rcu),
	SHIM_TEST(kfree_rcu),
	SHIM_TEST(barrier_waits_for_callbacks),
	SHIM_TEST(nesting),
};

int main(void)
{
	return shim_run(tests, ARRAY_SIZE(tests));
}
