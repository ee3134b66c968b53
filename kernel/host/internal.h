/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fencepost userspace host: declarations shared by the runtime files.
 *
 * Deliberately free of kernel headers: rcu.c includes liburcu, whose macros
 * (rcu_read_lock, call_rcu, ...) clash with the shim's names, so anything
 * it needs from the rest of the runtime is declared here with plain types.
 */
#ifndef __HOST_INTERNAL_H
#define __HOST_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#if defined(__SANITIZE_THREAD__)
#define HOST_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define HOST_TSAN 1
#endif
#endif

#ifdef HOST_TSAN
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
#define host_tsan_acquire(addr)	__tsan_acquire((void *)(addr))
#define host_tsan_release(addr)	__tsan_release((void *)(addr))
#else
#define host_tsan_acquire(addr)	((void)(addr))
#define host_tsan_release(addr)	((void)(addr))
#endif

struct task_struct;

/*
 * Per-thread execution context: what the thread is "inside" from the
 * kernel's point of view.  Only the owning thread touches it.
 */
struct host_ctx {
	struct task_struct *task;	/* current, NULL until first use */
	int preempt;			/* preempt_disable() nesting */
	int spin;			/* spinlocks held */
	int bh;				/* local_bh_disable() nesting */
	int rcu;			/* rcu_read_lock() nesting */
	bool irqs_off;			/* local_irq_disable() state */
	int softirq;			/* running a timer/RCU callback */
	int hardirq;			/* running an irq_work */
	bool rcu_online;		/* registered with liburcu */
	bool rcu_ours;			/* ... by the host (so we unregister) */
	bool exiting;			/* thread teardown in progress */
};

struct host_ctx *host_ctx(void);

/* Reporting (core.c). */
void host_report_bug(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void host_count_bug(void);
void host_might_sleep_check(const char *file, int line, bool check_state);
void host_note_activity(void);
unsigned long host_activity(void);

/* RCU glue (rcu.c). */
void host_rcu_thread_online(void);
void host_rcu_thread_offline(void);
void host_rcu_init(void);
void host_rcu_quiesce(void);

/* Tasks (sched.c). */
struct task_struct *host_task_for_thread(const char *name);
int host_wake_up_state(struct task_struct *p, unsigned int state);
struct task_struct *host_spawn(const char *name, void (*fn)(void *arg),
			       void *arg, bool joinable);
void host_join(struct task_struct *task);
void host_sched_init(void);

/* Deferred work draining (workqueue.c, time.c). */
void host_workqueues_init(void);
void host_workqueues_quiesce(void);
void host_irq_work_quiesce(void);
void host_timers_quiesce(void);
void host_wait_init(void);

/* Allocator (alloc.c). */
void host_alloc_init(void);
bool host_fault_point(unsigned int gfp, const char *file, int line);

/* Time (time.c). */
void host_time_init(void);
long long host_now_ns(void);		/* CLOCK_MONOTONIC */
long long host_jiffies_to_deadline_ns(unsigned long j);

/* A counter read under the mutex that guards its updates. */
static inline long host_read_locked(pthread_mutex_t *lock, const long *v)
{
	long n;

	pthread_mutex_lock(lock);
	n = *v;
	pthread_mutex_unlock(lock);
	return n;
}

#endif /* __HOST_INTERNAL_H */
