// SPDX-License-Identifier: GPL-2.0-only
/*
 * fencepost userspace host: clocks, jiffies, delays and timer_list.
 *
 * Timers live on one sorted list served by a single host thread, started
 * on first use, which runs each expired callback in "softirq" context.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <time.h>

#include <linux/kernel.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/delay.h>
#include <linux/timer.h>
#include <linux/sched.h>
#include <linux/rcupdate.h>

#include "internal.h"

static long long boot_ns;

static long long clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (long long)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

long long host_now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

void host_time_init(void)
{
	boot_ns = host_now_ns();
}

unsigned long __host_jiffies(void)
{
	return INITIAL_JIFFIES + (unsigned long)((host_now_ns() - boot_ns) / TICK_NSEC);
}

long long host_jiffies_to_deadline_ns(unsigned long j)
{
	return boot_ns + (long long)(long)(j - INITIAL_JIFFIES) * TICK_NSEC;
}

ktime_t ktime_get(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

ktime_t ktime_get_raw(void)
{
	return clock_ns(CLOCK_MONOTONIC_RAW);
}

ktime_t ktime_get_real(void)
{
	return clock_ns(CLOCK_REALTIME);
}

ktime_t ktime_get_boottime(void)
{
	return clock_ns(CLOCK_BOOTTIME);
}

ktime_t ktime_get_coarse(void)
{
	return clock_ns(CLOCK_MONOTONIC_COARSE);
}

time64_t ktime_get_seconds(void)
{
	return ktime_get() / NSEC_PER_SEC;
}

time64_t ktime_get_real_seconds(void)
{
	return ktime_get_real() / NSEC_PER_SEC;
}

void ktime_get_ts64(struct timespec64 *ts)
{
	*ts = ns_to_timespec64(ktime_get());
}

void ktime_get_real_ts64(struct timespec64 *ts)
{
	*ts = ns_to_timespec64(ktime_get_real());
}

/* ---- delays ----------------------------------------------------------- */

void __host_ndelay(unsigned long nsecs)
{
	long long end = host_now_ns() + (long long)nsecs;

	while (host_now_ns() < end)
		cpu_relax();
}

static void sleep_ns(long long ns)
{
	struct timespec ts = { ns / NSEC_PER_SEC, ns % NSEC_PER_SEC };

	while (clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &ts) == EINTR)
		;
}

void __host_msleep(unsigned int msecs, bool interruptible, const char *file, int line)
{
	(void)interruptible;
	host_might_sleep_check(file, line, true);
	if (host_ctx()->rcu || host_ctx()->spin)
		return;		/* reported; do not stall an atomic section */
	sleep_ns((long long)msecs * NSEC_PER_MSEC);
}

unsigned long __host_msleep_interruptible(unsigned int msecs, const char *file,
					  int line)
{
	long timeout = msecs_to_jiffies(msecs) + 1;

	host_might_sleep_check(file, line, true);
	while (timeout && !signal_pending(current))
		timeout = __host_schedule_timeout_state(timeout, TASK_INTERRUPTIBLE,
							file, line);
	return jiffies_to_msecs(timeout);
}

void __host_usleep(unsigned long min, unsigned long max, const char *file, int line)
{
	(void)max;
	host_might_sleep_check(file, line, true);
	if (host_ctx()->rcu || host_ctx()->spin)
		return;
	sleep_ns((long long)min * NSEC_PER_USEC);
}

/* ---- timers ----------------------------------------------------------- */

static pthread_mutex_t timer_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t timer_cond;	/* new or earlier timer, monotonic */
static pthread_cond_t timer_done;	/* a callback finished */
static LIST_HEAD(timer_list_head);
static struct timer_list *running_timer;
static struct task_struct *timer_task;
static bool timer_started;

static void timer_thread(void *arg)
{
	struct host_ctx *c = host_ctx();

	(void)arg;
	pthread_mutex_lock(&timer_lock);
	for (;;) {
		struct timer_list *t;
		struct timespec ts;
		long long when;

		if (list_empty(&timer_list_head)) {
			pthread_cond_wait(&timer_cond, &timer_lock);
			continue;
		}
		t = list_first_entry(&timer_list_head, struct timer_list, host_node);
		if (time_before(jiffies, t->expires)) {
			when = host_jiffies_to_deadline_ns(t->expires);
			ts.tv_sec = when / NSEC_PER_SEC;
			ts.tv_nsec = when % NSEC_PER_SEC;
			pthread_cond_timedwait(&timer_cond, &timer_lock, &ts);
			continue;
		}
		list_del_init(&t->host_node);
		__atomic_store_n(&t->host_pending, 0, __ATOMIC_RELEASE);
		running_timer = t;
		pthread_mutex_unlock(&timer_lock);

		rcu_read_lock();	/* timer callbacks run in an RCU-safe context */
		c->softirq++;
		t->function(t);
		c->softirq--;
		rcu_read_unlock();
		host_note_activity();

		pthread_mutex_lock(&timer_lock);
		running_timer = NULL;
		pthread_cond_broadcast(&timer_done);
	}
}

static void timer_start_locked(void)
{
	pthread_condattr_t attr;

	if (timer_started)
		return;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&timer_cond, &attr);
	pthread_cond_init(&timer_done, &attr);
	pthread_condattr_destroy(&attr);
	timer_task = host_spawn("ktimers", timer_thread, NULL, false);
	if (!timer_task)
		panic("host: cannot start the timer thread");
	timer_started = true;
}

void __host_timer_init(struct timer_list *timer,
		       void (*func)(struct timer_list *), unsigned int flags)
{
	timer->entry.next = NULL;
	timer->entry.pprev = NULL;
	timer->expires = 0;
	timer->function = func;
	timer->flags = flags;
	INIT_LIST_HEAD(&timer->host_node);
	timer->host_pending = 0;
	timer->host_seq = 0;
}

int timer_pending(const struct timer_list *timer)
{
	return __atomic_load_n(&timer->host_pending, __ATOMIC_ACQUIRE);
}

static int detach_locked(struct timer_list *timer)
{
	if (!timer->host_pending)
		return 0;
	list_del_init(&timer->host_node);
	__atomic_store_n(&timer->host_pending, 0, __ATOMIC_RELEASE);
	return 1;
}

static void enqueue_locked(struct timer_list *timer, unsigned long expires)
{
	struct timer_list *pos;

	timer->expires = expires;
	list_for_each_entry(pos, &timer_list_head, host_node)
		if (time_before(expires, pos->expires))
			break;
	list_add_tail(&timer->host_node, &pos->host_node);
	__atomic_store_n(&timer->host_pending, 1, __ATOMIC_RELEASE);
	pthread_cond_broadcast(&timer_cond);
}

static int __mod_timer(struct timer_list *timer, unsigned long expires,
		       bool pending_only)
{
	int was;

	if (WARN_ON(!timer->function))
		return 0;
	pthread_mutex_lock(&timer_lock);
	timer_start_locked();
	if (!timer->host_node.next)
		INIT_LIST_HEAD(&timer->host_node);
	was = detach_locked(timer);
	if (was || !pending_only)
		enqueue_locked(timer, expires);
	pthread_mutex_unlock(&timer_lock);
	return was;
}

int mod_timer(struct timer_list *timer, unsigned long expires)
{
	return __mod_timer(timer, expires, false);
}

int mod_timer_pending(struct timer_list *timer, unsigned long expires)
{
	return __mod_timer(timer, expires, true);
}

int timer_reduce(struct timer_list *timer, unsigned long expires)
{
	if (timer_pending(timer) && !time_before(expires, timer->expires))
		return 1;
	return mod_timer(timer, expires);
}

void add_timer(struct timer_list *timer)
{
	WARN_ON(timer_pending(timer));
	mod_timer(timer, timer->expires);
}

int del_timer(struct timer_list *timer)
{
	int was;

	if (!timer_pending(timer))
		return 0;
	pthread_mutex_lock(&timer_lock);
	was = detach_locked(timer);
	pthread_mutex_unlock(&timer_lock);
	return was;
}

int try_to_del_timer_sync(struct timer_list *timer)
{
	int ret;

	pthread_mutex_lock(&timer_lock);
	if (running_timer == timer) {
		ret = -1;
	} else {
		ret = timer->host_node.next ? detach_locked(timer) : 0;
	}
	pthread_mutex_unlock(&timer_lock);
	return ret;
}

int __host_del_timer_sync(struct timer_list *timer, const char *file, int line)
{
	int was;

	if (!(host_ctx()->softirq && timer_task == current))
		host_might_sleep_check(file, line, true);
	pthread_mutex_lock(&timer_lock);
	was = timer->host_node.next ? detach_locked(timer) : 0;
	if (running_timer == timer && timer_task == current) {
		pthread_mutex_unlock(&timer_lock);
		__host_warn(file, line, "del_timer_sync", NULL,
			    "del_timer_sync() from the timer's own callback");
		return was;
	}
	while (running_timer == timer)
		pthread_cond_wait(&timer_done, &timer_lock);
	pthread_mutex_unlock(&timer_lock);
	return was;
}

static void timedwait_ms(pthread_cond_t *cond, int ms)
{
	long long when = host_now_ns() + (long long)ms * NSEC_PER_MSEC;
	struct timespec ts = { when / NSEC_PER_SEC, when % NSEC_PER_SEC };

	pthread_cond_timedwait(cond, &timer_lock, &ts);
}

/*
 * Wait until no timer is running and none is due within the next two
 * seconds (long timers are left alone: a test that arms one must cancel
 * it).
 */
void host_timers_quiesce(void)
{
	pthread_mutex_lock(&timer_lock);
	while (timer_started) {
		struct timer_list *t = list_empty(&timer_list_head) ? NULL :
			list_first_entry(&timer_list_head, struct timer_list, host_node);

		if (!running_timer &&
		    (!t || time_after(t->expires, jiffies + 2 * HZ)))
			break;
		timedwait_ms(&timer_done, 10);
	}
	pthread_mutex_unlock(&timer_lock);
}
