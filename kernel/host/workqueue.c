// SPDX-License-Identifier: GPL-2.0-only
/*
 * fencepost userspace host: workqueues and irq_work on host threads.
 *
 * A workqueue is a FIFO of work items, a lock, and up to max_active worker
 * threads started on demand.  As in the kernel, the PENDING bit in
 * work->data says the item is queued (or its delayed-work timer is armed);
 * a worker clears it just before running the item, and an item is never
 * run by two workers at once.  Flushes wait on the queue's "done"
 * condition; nothing touches a work item after its function returned.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/kernel.h>
#include <linux/workqueue.h>
#include <linux/irq_work.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "internal.h"

#define HOST_MAX_WORKERS 4

struct host_worker {
	struct workqueue_struct *wq;
	struct task_struct *task;
	struct work_struct *current_work;
	unsigned long current_seq;
};

struct workqueue_struct {
	char name[32];
	unsigned int flags;
	int max_active;
	pthread_mutex_t lock;
	pthread_cond_t more;		/* work queued or stopping */
	pthread_cond_t done;		/* an item finished */
	struct list_head queue;
	unsigned long seq;
	int nworkers;
	int idle;
	bool stopping;
	struct host_worker workers[HOST_MAX_WORKERS];
	struct list_head all_node;
};

static pthread_mutex_t all_wq_lock = PTHREAD_MUTEX_INITIALIZER;
static LIST_HEAD(all_wqs);
static __thread struct host_worker *this_worker;

struct workqueue_struct *system_wq;
struct workqueue_struct *system_highpri_wq;
struct workqueue_struct *system_long_wq;
struct workqueue_struct *system_unbound_wq;
struct workqueue_struct *system_freezable_wq;
struct workqueue_struct *system_power_efficient_wq;
struct workqueue_struct *system_freezable_power_efficient_wq;

static void wq_cond_init(pthread_cond_t *cond)
{
	pthread_condattr_t attr;

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(cond, &attr);
	pthread_condattr_destroy(&attr);
}

static void wq_timedwait(pthread_cond_t *cond, pthread_mutex_t *lock, int ms)
{
	long long when = host_now_ns() + (long long)ms * 1000000LL;
	struct timespec ts = { when / 1000000000LL, when % 1000000000LL };

	pthread_cond_timedwait(cond, lock, &ts);
}

static struct workqueue_struct *wq_create(const char *name, unsigned int flags,
					  int max_active)
{
	struct workqueue_struct *wq = calloc(1, sizeof(*wq));

	if (!wq)
		return NULL;
	strscpy(wq->name, name, sizeof(wq->name));
	wq->flags = flags;
	if (flags & __WQ_ORDERED)
		max_active = 1;
	if (max_active <= 0 || max_active > HOST_MAX_WORKERS)
		max_active = HOST_MAX_WORKERS;
	wq->max_active = max_active;
	pthread_mutex_init(&wq->lock, NULL);
	wq_cond_init(&wq->more);
	wq_cond_init(&wq->done);
	INIT_LIST_HEAD(&wq->queue);
	pthread_mutex_lock(&all_wq_lock);
	list_add_tail(&wq->all_node, &all_wqs);
	pthread_mutex_unlock(&all_wq_lock);
	return wq;
}

struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags,
					 int max_active, ...)
{
	char name[32];
	va_list ap;

	va_start(ap, max_active);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	return wq_create(name, flags, max_active);
}

static pthread_cond_t irq_more;
static pthread_cond_t irq_done;

void host_workqueues_init(void)
{
	wq_cond_init(&irq_more);
	wq_cond_init(&irq_done);
	system_wq = wq_create("events", 0, 0);
	system_highpri_wq = wq_create("events_highpri", WQ_HIGHPRI, 0);
	system_long_wq = wq_create("events_long", 0, 0);
	system_unbound_wq = wq_create("events_unbound", WQ_UNBOUND, 0);
	system_freezable_wq = wq_create("events_freezable", WQ_FREEZABLE, 0);
	system_power_efficient_wq = wq_create("events_power_efficient", 0, 0);
	system_freezable_power_efficient_wq =
		wq_create("events_freezable_pwr_efficient", WQ_FREEZABLE, 0);
	if (!system_wq || !system_highpri_wq || !system_long_wq ||
	    !system_unbound_wq || !system_freezable_wq ||
	    !system_power_efficient_wq || !system_freezable_power_efficient_wq)
		panic("host: cannot create the system workqueues");
}

/* Is @work being run by a worker of @wq?  Called with wq->lock held. */
static bool wq_running(struct workqueue_struct *wq, struct work_struct *work)
{
	int i;

	for (i = 0; i < wq->nworkers; i++)
		if (wq->workers[i].current_work == work)
			return true;
	return false;
}

/* The first queued item nobody is running; called with wq->lock held. */
static struct work_struct *wq_pick(struct workqueue_struct *wq)
{
	struct work_struct *work;

	list_for_each_entry(work, &wq->queue, entry)
		if (!wq_running(wq, work))
			return work;
	return NULL;
}

static void worker_thread(void *arg)
{
	struct host_worker *w = arg;
	struct workqueue_struct *wq = w->wq;

	this_worker = w;
	pthread_mutex_lock(&wq->lock);
	for (;;) {
		struct work_struct *work = wq_pick(wq);
		work_func_t func;

		if (!work) {
			if (wq->stopping)
				break;
			wq->idle++;
			pthread_cond_wait(&wq->more, &wq->lock);
			wq->idle--;
			continue;
		}
		list_del_init(&work->entry);
		w->current_work = work;
		w->current_seq = work->host_seq;
		func = work->func;
		clear_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(work));
		pthread_mutex_unlock(&wq->lock);

		func(work);
		host_note_activity();
		if (host_ctx()->rcu || host_ctx()->spin || host_ctx()->irqs_off ||
		    host_ctx()->preempt || host_ctx()->bh)
			host_report_bug(NULL, 0, "work function %p returned in atomic context",
					(void *)func);

		pthread_mutex_lock(&wq->lock);
		w->current_work = NULL;
		pthread_cond_broadcast(&wq->done);
		pthread_cond_broadcast(&wq->more);
	}
	pthread_mutex_unlock(&wq->lock);
	this_worker = NULL;
}

/* Start another worker if all are busy; called with wq->lock held. */
static void wq_maybe_spawn(struct workqueue_struct *wq)
{
	struct host_worker *w;
	char name[TASK_COMM_LEN];

	if (wq->idle || wq->nworkers >= wq->max_active)
		return;
	w = &wq->workers[wq->nworkers];
	w->wq = wq;
	snprintf(name, sizeof(name), "kw/%.12s", wq->name);
	w->task = host_spawn(name, worker_thread, w, true);
	if (!w->task) {
		if (!wq->nworkers)
			panic("host: cannot start a worker for %s", wq->name);
		return;
	}
	get_task_struct(w->task);
	wq->nworkers++;
}

/* Queue @work whose PENDING bit the caller owns. */
static void __queue_work(struct workqueue_struct *wq, struct work_struct *work)
{
	if (WARN_ON(!wq))
		wq = system_wq;
	pthread_mutex_lock(&wq->lock);
	if (wq->stopping)
		__host_warn(__FILE__, __LINE__, "queue_work", NULL,
			    "queueing work on destroyed workqueue %s", wq->name);
	work->host_wq = wq;
	work->host_seq = ++wq->seq;
	list_add_tail(&work->entry, &wq->queue);
	wq_maybe_spawn(wq);
	pthread_cond_signal(&wq->more);
	pthread_mutex_unlock(&wq->lock);
}

bool queue_work_on(int cpu, struct workqueue_struct *wq, struct work_struct *work)
{
	(void)cpu;
	if (test_and_set_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(work)))
		return false;
	__queue_work(wq, work);
	return true;
}

void __host_delayed_work_timer_fn(struct timer_list *t)
{
	struct delayed_work *dwork = from_timer(dwork, t, timer);

	__queue_work(dwork->wq, &dwork->work);
}

static void __queue_delayed_work(struct workqueue_struct *wq,
				 struct delayed_work *dwork, unsigned long delay)
{
	dwork->wq = wq;
	if (!delay) {
		__queue_work(wq, &dwork->work);
		return;
	}
	if (dwork->timer.function != __host_delayed_work_timer_fn)
		timer_setup(&dwork->timer, __host_delayed_work_timer_fn, 0);
	mod_timer(&dwork->timer, jiffies + delay);
}

bool queue_delayed_work_on(int cpu, struct workqueue_struct *wq,
			   struct delayed_work *dwork, unsigned long delay)
{
	(void)cpu;
	if (test_and_set_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(&dwork->work)))
		return false;
	__queue_delayed_work(wq, dwork, delay);
	return true;
}

/*
 * Take ownership of @work's PENDING bit, removing it from its queue or
 * stopping its timer.  Return: true if it was pending.
 */
static bool grab_pending(struct work_struct *work, struct delayed_work *dwork)
{
	for (;;) {
		struct workqueue_struct *wq;

		if (dwork && del_timer(&dwork->timer))
			return true;
		if (!test_and_set_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(work)))
			return false;
		wq = READ_ONCE(work->host_wq);
		if (wq) {
			bool queued;

			pthread_mutex_lock(&wq->lock);
			queued = work->host_wq == wq && !list_empty(&work->entry);
			if (queued)
				list_del_init(&work->entry);
			pthread_mutex_unlock(&wq->lock);
			if (queued)
				return true;
		}
		/* On its way to a queue (timer firing, queue_work racing). */
		sched_yield();
	}
}

bool mod_delayed_work_on(int cpu, struct workqueue_struct *wq,
			 struct delayed_work *dwork, unsigned long delay)
{
	bool was = grab_pending(&dwork->work, dwork);

	(void)cpu;
	__queue_delayed_work(wq, dwork, delay);
	return was;
}

static void wait_not_running(struct work_struct *work)
{
	struct workqueue_struct *wq = READ_ONCE(work->host_wq);

	if (!wq)
		return;
	pthread_mutex_lock(&wq->lock);
	while (wq_running(wq, work))
		pthread_cond_wait(&wq->done, &wq->lock);
	pthread_mutex_unlock(&wq->lock);
}

static bool self_wait(struct work_struct *work, const char *file, int line,
		      const char *what)
{
	if (this_worker && this_worker->current_work == work) {
		__host_warn(file, line, what, NULL, "%s() of the running work item from itself",
			    what);
		return true;
	}
	return false;
}

bool cancel_work(struct work_struct *work)
{
	bool was = grab_pending(work, NULL);

	clear_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(work));
	return was;
}

bool __host_cancel_work_sync(struct work_struct *work, const char *file, int line)
{
	bool was;

	host_might_sleep_check(file, line, true);
	was = grab_pending(work, NULL);
	if (!self_wait(work, file, line, "cancel_work_sync"))
		wait_not_running(work);
	clear_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(work));
	return was;
}

bool cancel_delayed_work(struct delayed_work *dwork)
{
	bool was = grab_pending(&dwork->work, dwork);

	clear_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(&dwork->work));
	return was;
}

bool __host_cancel_delayed_work_sync(struct delayed_work *dwork, const char *file,
				     int line)
{
	bool was;

	host_might_sleep_check(file, line, true);
	was = grab_pending(&dwork->work, dwork);
	if (!self_wait(&dwork->work, file, line, "cancel_delayed_work_sync"))
		wait_not_running(&dwork->work);
	clear_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(&dwork->work));
	return was;
}

bool __host_flush_work(struct work_struct *work, const char *file, int line)
{
	struct workqueue_struct *wq;
	bool waited = false;

	host_might_sleep_check(file, line, true);
	if (self_wait(work, file, line, "flush_work"))
		return false;
	wq = READ_ONCE(work->host_wq);
	if (!wq)
		return false;
	pthread_mutex_lock(&wq->lock);
	while ((work->host_wq == wq && !list_empty(&work->entry)) ||
	       wq_running(wq, work)) {
		waited = true;
		pthread_cond_wait(&wq->done, &wq->lock);
	}
	pthread_mutex_unlock(&wq->lock);
	return waited;
}

bool __host_flush_delayed_work(struct delayed_work *dwork, const char *file,
			       int line)
{
	if (del_timer(&dwork->timer))
		__queue_work(dwork->wq, &dwork->work);
	return __host_flush_work(&dwork->work, file, line);
}

static void queue_rcu_work_cb(struct rcu_head *rcu)
{
	struct rcu_work *rwork = container_of(rcu, struct rcu_work, rcu);

	__queue_work(rwork->wq, &rwork->work);
}

bool queue_rcu_work(struct workqueue_struct *wq, struct rcu_work *rwork)
{
	if (test_and_set_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(&rwork->work)))
		return false;
	rwork->wq = wq;
	call_rcu(&rwork->rcu, queue_rcu_work_cb);
	return true;
}

bool flush_rcu_work(struct rcu_work *rwork)
{
	if (test_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(&rwork->work))) {
		rcu_barrier();
		flush_work(&rwork->work);
		return true;
	}
	return flush_work(&rwork->work);
}

/* Is anything queued at or before @seq still queued or running? */
static bool wq_busy_until(struct workqueue_struct *wq, unsigned long seq)
{
	struct work_struct *work;
	int i;

	list_for_each_entry(work, &wq->queue, entry)
		if ((long)(work->host_seq - seq) <= 0)
			return true;
	for (i = 0; i < wq->nworkers; i++)
		if (wq->workers[i].current_work &&
		    (long)(wq->workers[i].current_seq - seq) <= 0)
			return true;
	return false;
}

void __host_flush_workqueue(struct workqueue_struct *wq, const char *file, int line)
{
	unsigned long target;

	host_might_sleep_check(file, line, true);
	if (this_worker && this_worker->wq == wq) {
		__host_warn(file, line, "flush_workqueue", NULL,
			    "flush_workqueue(%s) from one of its own workers", wq->name);
		return;
	}
	pthread_mutex_lock(&wq->lock);
	target = wq->seq;
	while (wq_busy_until(wq, target))
		pthread_cond_wait(&wq->done, &wq->lock);
	pthread_mutex_unlock(&wq->lock);
}

static bool wq_idle(struct workqueue_struct *wq)
{
	bool idle;

	pthread_mutex_lock(&wq->lock);
	idle = list_empty(&wq->queue) && !wq_busy_until(wq, wq->seq);
	pthread_mutex_unlock(&wq->lock);
	return idle;
}

void drain_workqueue(struct workqueue_struct *wq)
{
	do {
		flush_workqueue(wq);
	} while (!wq_idle(wq));
}

void destroy_workqueue(struct workqueue_struct *wq)
{
	int i;

	if (!wq)
		return;
	drain_workqueue(wq);
	pthread_mutex_lock(&wq->lock);
	wq->stopping = true;
	pthread_cond_broadcast(&wq->more);
	pthread_mutex_unlock(&wq->lock);
	for (i = 0; i < wq->nworkers; i++) {
		host_join(wq->workers[i].task);
		put_task_struct(wq->workers[i].task);
	}
	pthread_mutex_lock(&all_wq_lock);
	list_del(&wq->all_node);
	pthread_mutex_unlock(&all_wq_lock);
	pthread_mutex_destroy(&wq->lock);
	pthread_cond_destroy(&wq->more);
	pthread_cond_destroy(&wq->done);
	free(wq);
}

bool current_is_workqueue_rescuer(void)
{
	return false;
}

bool workqueue_congested(int cpu, struct workqueue_struct *wq)
{
	(void)cpu;
	(void)wq;
	return false;
}

struct work_struct *current_work(void)
{
	return this_worker ? this_worker->current_work : NULL;
}

void host_workqueues_quiesce(void)
{
	struct workqueue_struct *wq;

	/* Workqueues are only destroyed by their owners, not while quiescing. */
	pthread_mutex_lock(&all_wq_lock);
	list_for_each_entry(wq, &all_wqs, all_node) {
		pthread_mutex_unlock(&all_wq_lock);
		while (!wq_idle(wq)) {
			pthread_mutex_lock(&wq->lock);
			wq_timedwait(&wq->done, &wq->lock, 10);
			pthread_mutex_unlock(&wq->lock);
		}
		pthread_mutex_lock(&all_wq_lock);
	}
	pthread_mutex_unlock(&all_wq_lock);
}

/* ---- irq_work --------------------------------------------------------- */

static pthread_mutex_t irq_lock = PTHREAD_MUTEX_INITIALIZER;
static LIST_HEAD(irq_queue);
static struct irq_work *irq_running;
static bool irq_started;

static void irq_work_thread(void *arg)
{
	struct host_ctx *c = host_ctx();

	(void)arg;
	pthread_mutex_lock(&irq_lock);
	for (;;) {
		struct irq_work *work;
		int flags;

		if (list_empty(&irq_queue)) {
			pthread_cond_wait(&irq_more, &irq_lock);
			continue;
		}
		work = list_first_entry(&irq_queue, struct irq_work, host_node);
		list_del_init(&work->host_node);
		irq_running = work;
		pthread_mutex_unlock(&irq_lock);

		/*
		 * As in the kernel: clear PENDING (keep BUSY) before running so
		 * the item can be queued again from its own callback, then drop
		 * BUSY unless that happened.  The RCU read lock keeps memory the
		 * callback freed with kfree_rcu() valid for that last step.
		 */
		rcu_read_lock();
		flags = atomic_fetch_andnot(IRQ_WORK_PENDING, &work->flags);
		flags &= ~IRQ_WORK_PENDING;
		c->irqs_off = true;
		c->hardirq++;
		work->func(work);
		c->hardirq--;
		c->irqs_off = false;
		atomic_cmpxchg(&work->flags, flags, flags & ~IRQ_WORK_BUSY);
		rcu_read_unlock();
		host_note_activity();

		pthread_mutex_lock(&irq_lock);
		irq_running = NULL;
		pthread_cond_broadcast(&irq_done);
	}
}

bool irq_work_queue(struct irq_work *work)
{
	int old = atomic_fetch_or(IRQ_WORK_CLAIMED, &work->flags);

	if (old & IRQ_WORK_PENDING)
		return false;
	pthread_mutex_lock(&irq_lock);
	if (!irq_started) {
		if (!host_spawn("irq_work", irq_work_thread, NULL, false))
			panic("host: cannot start the irq_work thread");
		irq_started = true;
	}
	list_add_tail(&work->host_node, &irq_queue);
	pthread_cond_signal(&irq_more);
	pthread_mutex_unlock(&irq_lock);
	return true;
}

bool irq_work_queue_on(struct irq_work *work, int cpu)
{
	(void)cpu;
	return irq_work_queue(work);
}

void __host_irq_work_sync(struct irq_work *work, const char *file, int line)
{
	host_might_sleep_check(file, line, true);
	pthread_mutex_lock(&irq_lock);
	while (irq_work_is_busy(work))
		wq_timedwait(&irq_done, &irq_lock, 10);
	pthread_mutex_unlock(&irq_lock);
}

void host_irq_work_quiesce(void)
{
	pthread_mutex_lock(&irq_lock);
	while (!list_empty(&irq_queue) || irq_running)
		wq_timedwait(&irq_done, &irq_lock, 10);
	pthread_mutex_unlock(&irq_lock);
}
