// SPDX-License-Identifier: GPL-2.0-only
/*
 * fencepost userspace host: RCU on liburcu (urcu-memb).
 *
 * liburcu's struct rcu_head is renamed while its headers are read, so the
 * kernel's struct rcu_head (struct callback_head in the shim) can be used
 * below.  The ThreadSanitizer annotations follow the project's host facts:
 * readers release a grace-period token at unlock, and whoever depends on a
 * grace period having passed (synchronize_rcu() returning, an RCU callback
 * starting) acquires it; the end of a callback batch releases a barrier
 * token that rcu_barrier() acquires.  Callbacks are queued to a thread of
 * the host's own (see rcu_callback_thread()), so the call_rcu() hand-off is
 * an ordinary mutex TSan sees.  liburcu's own internals are suppressed in
 * tsan.supp.
 */
#define _GNU_SOURCE
#define rcu_head urcu_rcu_head
#include <urcu/urcu-memb.h>
#undef rcu_head
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <linux/types.h>

#include "internal.h"

static char gp_token;
static char barrier_token;	/* callbacks done -> rcu_barrier() returns */

void kfree(const void *objp);

_Static_assert(sizeof(struct urcu_rcu_head) <= sizeof(((struct callback_head *)0)->host_urcu),
	       "struct callback_head too small for liburcu's rcu_head");

void host_rcu_thread_online(void)
{
	struct host_ctx *c = host_ctx();

	if (c->rcu_online)
		return;
	urcu_memb_register_thread();
	c->rcu_online = true;
	c->rcu_ours = true;
}

void host_rcu_thread_offline(void)
{
	struct host_ctx *c = host_ctx();

	if (!c->rcu_online || !c->rcu_ours)
		return;
	urcu_memb_unregister_thread();
	c->rcu_online = false;
	c->rcu_ours = false;
}

void host_rcu_init(void)
{
	host_rcu_thread_online();
}

static void rcu_lazy_online(void)
{
	struct host_ctx *c = host_ctx();

	if (c->rcu_online)
		return;
	/* Give the thread a task first: its exit hook unregisters it. */
	(void)host_task_for_thread(NULL);
	host_rcu_thread_online();
}

void __host_rcu_read_lock(void)
{
	struct host_ctx *c = host_ctx();

	rcu_lazy_online();
	c->rcu++;
	urcu_memb_read_lock();
}

void __host_rcu_read_unlock(void)
{
	struct host_ctx *c = host_ctx();

	if (c->rcu <= 0) {
		host_report_bug(NULL, 0, "rcu_read_unlock() without rcu_read_lock()");
		return;
	}
	host_tsan_release(&gp_token);
	urcu_memb_read_unlock();
	c->rcu--;
}

int __host_rcu_read_lock_held(void)
{
	struct host_ctx *c = host_ctx();

	return c->rcu > 0 || c->softirq > 0 || c->hardirq > 0 || c->irqs_off ||
	       c->preempt > 0 || c->spin > 0 || c->bh > 0;
}

void __host_synchronize_rcu(const char *file, int line)
{
	struct host_ctx *c = host_ctx();

	host_might_sleep_check(file, line, true);
	if (c->rcu > 0 || c->softirq > 0) {
		/* Already reported; waiting here would deadlock. */
		return;
	}
	urcu_memb_synchronize_rcu();
	host_tsan_acquire(&gp_token);
}

/*
 * RCU callbacks run on one host thread of our own rather than on liburcu's
 * call_rcu worker: liburcu's worker sleeps 10 ms between batches, which made
 * every rcu_barrier() (and so every host_quiesce()) cost tens of
 * milliseconds. Ours waits for work on a condition variable, takes the whole
 * queue, waits for one grace period and runs the batch; rcu_barrier() waits
 * until every callback queued before it has run. The queue's mutex also
 * makes the call_rcu() hand-off visible to ThreadSanitizer.
 */
static pthread_mutex_t cb_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cb_work = PTHREAD_COND_INITIALIZER;
static pthread_cond_t cb_idle = PTHREAD_COND_INITIALIZER;
static struct callback_head *cb_first, **cb_last = &cb_first;
static unsigned long cb_queued, cb_done;
static pthread_once_t cb_once = PTHREAD_ONCE_INIT;

/* The callback's link lives in the storage liburcu's rcu_head used to. */
#define cb_next(head) (*(struct callback_head **)&(head)->host_urcu[0])

static void rcu_run_one(struct callback_head *head)
{
	struct host_ctx *c = host_ctx();
	void (*func)(struct callback_head *) = head->func;

	c->softirq++;
	if ((unsigned long)func < 4096)
		kfree((char *)head - (unsigned long)func);
	else
		func(head);
	c->softirq--;
}

static void *rcu_callback_thread(void *arg)
{
	(void)arg;
	(void)host_task_for_thread("rcu_cb");
	host_rcu_thread_online();
	for (;;) {
		struct callback_head *batch, *next;
		unsigned long n = 0;

		pthread_mutex_lock(&cb_lock);
		while (!cb_first)
			pthread_cond_wait(&cb_work, &cb_lock);
		batch = cb_first;
		cb_first = NULL;
		cb_last = &cb_first;
		pthread_mutex_unlock(&cb_lock);

		urcu_memb_synchronize_rcu();
		host_tsan_acquire(&gp_token);
		for (; batch; batch = next, n++) {
			next = cb_next(batch);
			rcu_run_one(batch);
		}
		host_tsan_release(&barrier_token);
		host_note_activity();

		pthread_mutex_lock(&cb_lock);
		cb_done += n;
		pthread_cond_broadcast(&cb_idle);
		pthread_mutex_unlock(&cb_lock);
	}
	return NULL;
}

static void rcu_start_callback_thread(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, rcu_callback_thread, NULL)) {
		fprintf(stderr, "host: cannot start the RCU callback thread\n");
		abort();
	}
	pthread_detach(t);
}

static void rcu_wait_callbacks(void)
{
	unsigned long target;

	pthread_mutex_lock(&cb_lock);
	target = cb_queued;
	while ((long)(cb_done - target) < 0)
		pthread_cond_wait(&cb_idle, &cb_lock);
	pthread_mutex_unlock(&cb_lock);
	host_tsan_acquire(&gp_token);
	host_tsan_acquire(&barrier_token);
}

void __host_rcu_barrier(const char *file, int line)
{
	struct host_ctx *c = host_ctx();

	host_might_sleep_check(file, line, true);
	if (c->rcu > 0 || c->softirq > 0)
		return;
	rcu_wait_callbacks();
}

void host_rcu_quiesce(void)
{
	rcu_wait_callbacks();
}

void call_rcu(struct callback_head *head, void (*func)(struct callback_head *))
{
	rcu_lazy_online();
	pthread_once(&cb_once, rcu_start_callback_thread);
	head->func = func;
	cb_next(head) = NULL;
	pthread_mutex_lock(&cb_lock);
	*cb_last = head;
	cb_last = &cb_next(head);
	cb_queued++;
	pthread_cond_signal(&cb_work);
	pthread_mutex_unlock(&cb_lock);
}

void __host_kfree_rcu(struct callback_head *head, unsigned long offset)
{
	call_rcu(head, (void (*)(struct callback_head *))offset);
}
