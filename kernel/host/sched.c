// SPDX-License-Identifier: GPL-2.0-only
/*
 * fencepost userspace host: tasks, sleeping and waking, kthreads.
 *
 * Each host thread owns a struct task_struct with a private mutex and
 * condition variable.  A sleeper publishes its state with
 * set_current_state() and then waits in schedule() until the state is
 * TASK_RUNNING again; a waker changes the state under the sleeper's mutex
 * and signals the condition, so a wake-up can never slip between the
 * sleeper's condition check and its sleep.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/kthread.h>
#include <linux/rcupdate.h>
#include <host/host.h>

#include "internal.h"

struct host_task {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_t thread;
	bool sigpending;
	bool should_stop;
	bool exited;
	bool joinable;
	bool is_kthread;
	int result;
	void (*fn)(void *arg);
	void *arg;
	int (*threadfn)(void *data);
	void *data;
};

struct host_task_block {
	struct task_struct task;
	struct host_task host;
};

static pthread_key_t task_key;
static struct host_task_block main_task;
static int thread_counter;

static void host_task_setup(struct task_struct *t, const char *name)
{
	struct host_task *h = t->host;
	pthread_condattr_t attr;

	pthread_mutex_init(&h->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&h->cond, &attr);
	pthread_condattr_destroy(&attr);
	refcount_set(&t->usage, 1);
	t->__state = TASK_RUNNING;
	t->prio = 120;
	if (name)
		strscpy(t->comm, name, sizeof(t->comm));
	else
		snprintf(t->comm, sizeof(t->comm), "thread-%d",
			 __atomic_add_fetch(&thread_counter, 1, __ATOMIC_RELAXED));
}

static struct task_struct *host_task_alloc(const char *name)
{
	struct host_task_block *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	b->task.host = &b->host;
	host_task_setup(&b->task, name);
	return &b->task;
}

void __put_task_struct(struct task_struct *t)
{
	struct host_task_block *b = container_of(t, struct host_task_block, task);

	if (b == &main_task)
		return;
	pthread_mutex_destroy(&b->host.lock);
	pthread_cond_destroy(&b->host.cond);
	free(b);
}

static void task_key_dtor(void *p)
{
	struct task_struct *t = p;
	struct host_ctx *c = host_ctx();

	if (c->rcu > 0)
		host_report_bug(NULL, 0, "thread %s exited inside rcu_read_lock()",
				t->comm);
	c->exiting = true;
	host_rcu_thread_offline();
	c->task = NULL;
	put_task_struct(t);
}

struct task_struct *host_task_for_thread(const char *name)
{
	struct host_ctx *c = host_ctx();
	struct task_struct *t = c->task;

	if (t)
		return t;
	t = host_task_alloc(name);
	if (!t) {
		fprintf(stderr, "host: out of memory creating a task\n");
		abort();
	}
	t->pid = gettid();
	t->tgid = getpid();
	c->task = t;
	pthread_setspecific(task_key, t);
	return t;
}

struct task_struct *__host_current(void)
{
	struct task_struct *t = host_ctx()->task;

	return t ? t : host_task_for_thread(NULL);
}

void host_sched_init(void)
{
	struct host_ctx *c = host_ctx();

	pthread_key_create(&task_key, task_key_dtor);
	main_task.task.host = &main_task.host;
	host_task_setup(&main_task.task, program_invocation_short_name);
	main_task.task.pid = gettid();
	main_task.task.tgid = getpid();
	c->task = &main_task.task;
}

void host_thread_enter(void)
{
	(void)host_task_for_thread(NULL);
	host_rcu_thread_online();
}

void host_thread_exit(void)
{
	struct host_ctx *c = host_ctx();
	struct task_struct *t = c->task;

	if (c->rcu > 0)
		host_report_bug(NULL, 0, "host_thread_exit() inside rcu_read_lock()");
	host_rcu_thread_offline();
	if (t && t != &main_task.task && pthread_getspecific(task_key) == t) {
		pthread_setspecific(task_key, NULL);
		c->task = NULL;
		put_task_struct(t);
	}
}

/* ---- state and sleeping ----------------------------------------------- */

void __host_set_current_state(unsigned int state, bool barrier)
{
	struct task_struct *t = current;

	__atomic_store_n(&t->__state, state, __ATOMIC_SEQ_CST);
	if (barrier)
		smp_mb();
}

static bool host_sleep_done(struct task_struct *t)
{
	unsigned int state = __atomic_load_n(&t->__state, __ATOMIC_ACQUIRE);

	if (state == TASK_RUNNING)
		return true;
	if (signal_pending_state(state, t)) {
		__atomic_store_n(&t->__state, TASK_RUNNING, __ATOMIC_RELEASE);
		return true;
	}
	return false;
}

void __host_schedule(const char *file, int line)
{
	struct task_struct *t = current;
	struct host_task *h = t->host;

	host_might_sleep_check(file, line, false);
	pthread_mutex_lock(&h->lock);
	while (!host_sleep_done(t))
		pthread_cond_wait(&h->cond, &h->lock);
	pthread_mutex_unlock(&h->lock);
}

static void ns_to_timespec(long long ns, struct timespec *ts)
{
	ts->tv_sec = ns / 1000000000LL;
	ts->tv_nsec = ns % 1000000000LL;
}

long __host_schedule_timeout(long timeout, const char *file, int line)
{
	struct task_struct *t = current;
	struct host_task *h = t->host;
	unsigned long expire;
	struct timespec ts;
	long left;

	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		__host_schedule(file, line);
		return MAX_SCHEDULE_TIMEOUT;
	}
	if (timeout < 0) {
		pr_err("schedule_timeout: wrong timeout value %lx at %s:%d\n",
		       (unsigned long)timeout, file, line);
		__set_current_state(TASK_RUNNING);
		return 0;
	}
	host_might_sleep_check(file, line, false);
	expire = jiffies + timeout;
	ns_to_timespec(host_jiffies_to_deadline_ns(expire), &ts);
	pthread_mutex_lock(&h->lock);
	while (!host_sleep_done(t)) {
		if (!time_before(jiffies, expire)) {
			__atomic_store_n(&t->__state, TASK_RUNNING, __ATOMIC_RELEASE);
			break;
		}
		pthread_cond_timedwait(&h->cond, &h->lock, &ts);
	}
	pthread_mutex_unlock(&h->lock);
	left = (long)(expire - jiffies);
	return left < 0 ? 0 : left;
}

int host_wake_up_state(struct task_struct *p, unsigned int state)
{
	struct host_task *h = p->host;
	int woken = 0;

	smp_mb();
	pthread_mutex_lock(&h->lock);
	if (__atomic_load_n(&p->__state, __ATOMIC_ACQUIRE) & state) {
		__atomic_store_n(&p->__state, TASK_RUNNING, __ATOMIC_RELEASE);
		woken = 1;
	}
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
	return woken;
}

int wake_up_process(struct task_struct *p)
{
	return host_wake_up_state(p, TASK_NORMAL);
}

void yield(void)
{
	sched_yield();
}

int yield_to(struct task_struct *p, bool preempt)
{
	(void)p;
	(void)preempt;
	sched_yield();
	return 0;
}

/* ---- signals ---------------------------------------------------------- */

bool __host_signal_pending(struct task_struct *p)
{
	return __atomic_load_n(&p->host->sigpending, __ATOMIC_ACQUIRE);
}

void host_task_post_signal(struct task_struct *task)
{
	__atomic_store_n(&task->host->sigpending, true, __ATOMIC_RELEASE);
	host_wake_up_state(task, TASK_INTERRUPTIBLE | TASK_WAKEKILL);
}

void host_task_clear_signal(struct task_struct *task)
{
	__atomic_store_n(&task->host->sigpending, false, __ATOMIC_RELEASE);
}

/* ---- host threads ----------------------------------------------------- */

static void *spawn_main(void *arg)
{
	struct task_struct *t = arg;
	struct host_task *h = t->host;
	struct host_ctx *c = host_ctx();

	c->task = t;
	t->pid = gettid();
	t->tgid = getpid();
	pthread_setname_np(pthread_self(), t->comm);
	host_rcu_thread_online();

	h->fn(h->arg);

	if (c->rcu > 0)
		host_report_bug(NULL, 0, "thread %s exited inside rcu_read_lock()",
				t->comm);
	if (c->spin > 0)
		host_report_bug(NULL, 0, "thread %s exited holding %d spinlock(s)",
				t->comm, c->spin);
	c->exiting = true;
	host_rcu_thread_offline();
	pthread_mutex_lock(&h->lock);
	h->exited = true;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
	c->task = NULL;
	put_task_struct(t);
	return NULL;
}

/*
 * host_spawn() - start a host thread running @fn(@arg) as a new task
 *
 * The returned task holds one reference that the thread drops when it
 * exits; a joinable thread must be host_join()ed with a reference held.
 */
static int host_start(struct task_struct *t, bool joinable)
{
	pthread_attr_t attr;
	int err;

	t->host->joinable = joinable;
	t->flags |= PF_KTHREAD;
	pthread_attr_init(&attr);
	if (!joinable)
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	err = pthread_create(&t->host->thread, &attr, spawn_main, t);
	pthread_attr_destroy(&attr);
	return err;
}

struct task_struct *host_spawn(const char *name, void (*fn)(void *arg),
			       void *arg, bool joinable)
{
	struct task_struct *t = host_task_alloc(name);

	if (!t)
		return NULL;
	t->host->fn = fn;
	t->host->arg = arg;
	if (host_start(t, joinable)) {
		__put_task_struct(t);
		return NULL;
	}
	return t;
}

void host_join(struct task_struct *task)
{
	pthread_join(task->host->thread, NULL);
}

/* ---- kthreads --------------------------------------------------------- */

static void kthread_main(void *arg)
{
	struct task_struct *t = arg;
	struct host_task *h = t->host;
	int ret;

	/* A new kthread sleeps until its first wake_up_process(). */
	pthread_mutex_lock(&h->lock);
	while (__atomic_load_n(&t->__state, __ATOMIC_ACQUIRE) != TASK_RUNNING)
		pthread_cond_wait(&h->cond, &h->lock);
	pthread_mutex_unlock(&h->lock);

	if (__atomic_load_n(&h->should_stop, __ATOMIC_ACQUIRE))
		ret = -EINTR;
	else
		ret = h->threadfn(h->data);
	h->result = ret;
}

struct task_struct *kthread_create_on_node(int (*threadfn)(void *data),
					   void *data, int node,
					   const char namefmt[], ...)
{
	struct task_struct *t;
	char name[TASK_COMM_LEN];
	va_list ap;

	(void)node;
	if (host_fault_point(GFP_KERNEL, __FILE__, __LINE__))
		return ERR_PTR(-ENOMEM);
	va_start(ap, namefmt);
	vsnprintf(name, sizeof(name), namefmt, ap);
	va_end(ap);
	t = host_task_alloc(name);
	if (!t)
		return ERR_PTR(-ENOMEM);
	t->__state = TASK_UNINTERRUPTIBLE;
	/*
	 * A second reference, dropped by kthread_stop(): a thread function
	 * may return before its creator gets round to get_task_struct() or
	 * kthread_stop(), and that must not free the task under it.
	 */
	refcount_set(&t->usage, 2);
	t->host->is_kthread = true;
	t->host->threadfn = threadfn;
	t->host->data = data;
	t->host->fn = kthread_main;
	t->host->arg = t;
	if (host_start(t, false)) {
		__put_task_struct(t);
		return ERR_PTR(-EAGAIN);
	}
	return t;
}

bool kthread_should_stop(void)
{
	struct task_struct *t = current;

	return __atomic_load_n(&t->host->should_stop, __ATOMIC_ACQUIRE);
}

bool kthread_should_park(void)
{
	return false;
}

void kthread_bind(struct task_struct *k, unsigned int cpu)
{
	(void)k;
	(void)cpu;
}

void *kthread_data(struct task_struct *k)
{
	return k->host->data;
}

int __host_kthread_stop(struct task_struct *k, const char *file, int line)
{
	struct host_task *h = k->host;
	int ret;

	host_might_sleep_check(file, line, true);
	if (!h->is_kthread) {
		__host_warn(file, line, "kthread_stop", NULL,
			    "kthread_stop() on a task that is not a kthread");
		return -EINVAL;
	}
	get_task_struct(k);
	__atomic_store_n(&h->should_stop, true, __ATOMIC_RELEASE);
	wake_up_process(k);
	pthread_mutex_lock(&h->lock);
	while (!h->exited)
		pthread_cond_wait(&h->cond, &h->lock);
	ret = h->result;
	pthread_mutex_unlock(&h->lock);
	put_task_struct(k);	/* ours */
	put_task_struct(k);	/* the creation reference */
	return ret;
}

void kthread_exit(long result)
{
	(void)result;
	panic("kthread_exit() is not supported by the host; return from the thread function");
}

void kthread_complete_and_exit(void *comp, long code)
{
	(void)comp;
	kthread_exit(code);
}
