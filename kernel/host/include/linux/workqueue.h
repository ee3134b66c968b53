/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: workqueues on real threads.
 *
 * Each workqueue has its own workers (one for ordered queues, up to
 * max_active otherwise), started on first use.  Work runs in process
 * context (it may sleep).  flush_work() waits until the item is neither
 * queued nor running; flush_workqueue() waits for everything queued
 * before the call; cancel_*_sync() also wait for a running instance.
 */
#ifndef _LINUX_WORKQUEUE_H
#define _LINUX_WORKQUEUE_H

#include <linux/timer.h>
#include <linux/bitops.h>
#include <linux/lockdep.h>
#include <linux/atomic.h>

struct workqueue_struct;
struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

enum {
	WORK_STRUCT_PENDING_BIT = 0,
	WORK_STRUCT_INACTIVE_BIT = 1,
	WORK_STRUCT_PENDING = 1 << WORK_STRUCT_PENDING_BIT,
	WORK_CPU_UNBOUND = 64,
	WORK_STRUCT_NO_POOL = 0,
};

struct work_struct {
	atomic_long_t data;
	struct list_head entry;
	work_func_t func;
	/* host bookkeeping, protected by the owning workqueue's lock */
	struct workqueue_struct *host_wq;
	unsigned long host_seq;
	struct lockdep_map lockdep_map;
};

struct delayed_work {
	struct work_struct work;
	struct timer_list timer;
	struct workqueue_struct *wq;
	int cpu;
};

struct rcu_work {
	struct work_struct work;
	struct rcu_head rcu;
	struct workqueue_struct *wq;
};

enum {
	WQ_UNBOUND		= 1 << 1,
	WQ_FREEZABLE		= 1 << 2,
	WQ_MEM_RECLAIM		= 1 << 3,
	WQ_HIGHPRI		= 1 << 4,
	WQ_CPU_INTENSIVE	= 1 << 5,
	WQ_SYSFS		= 1 << 6,
	WQ_POWER_EFFICIENT	= 1 << 7,
	__WQ_DRAINING		= 1 << 16,
	__WQ_ORDERED		= 1 << 17,
	__WQ_LEGACY		= 1 << 18,
	__WQ_ORDERED_EXPLICIT	= 1 << 19,
	WQ_MAX_ACTIVE		= 512,
	WQ_DFL_ACTIVE		= WQ_MAX_ACTIVE / 2,
};

#define WORK_DATA_INIT()	ATOMIC_LONG_INIT(0)

#define __WORK_INITIALIZER(n, f) {					\
	.data = WORK_DATA_INIT(),					\
	.entry = { &(n).entry, &(n).entry },				\
	.func = (f),							\
	}
#define __DELAYED_WORK_INITIALIZER(n, f, tflags) {			\
	.work = __WORK_INITIALIZER((n).work, (f)),			\
	.timer = __TIMER_INITIALIZER(__host_delayed_work_timer_fn, (tflags)), \
	}
#define DECLARE_WORK(n, f)	struct work_struct n = __WORK_INITIALIZER(n, f)
#define DECLARE_DELAYED_WORK(n, f)					\
	struct delayed_work n = __DELAYED_WORK_INITIALIZER(n, f, 0)

void __host_delayed_work_timer_fn(struct timer_list *t);

static inline void __host_init_work(struct work_struct *work, work_func_t func)
{
	atomic_long_set(&work->data, 0);
	INIT_LIST_HEAD(&work->entry);
	work->func = func;
	work->host_wq = NULL;
	work->host_seq = 0;
}

#define INIT_WORK(_work, _func)		__host_init_work((_work), (_func))
#define INIT_WORK_ONSTACK(_work, _func)	__host_init_work((_work), (_func))
#define __INIT_WORK(_work, _func, _onstack) __host_init_work((_work), (_func))
#define destroy_work_on_stack(work)	do { (void)(work); } while (0)
#define destroy_delayed_work_on_stack(work) do { (void)(work); } while (0)

#define INIT_DELAYED_WORK(_work, _func)					\
	do {								\
		__host_init_work(&(_work)->work, (_func));		\
		timer_setup(&(_work)->timer,				\
			    __host_delayed_work_timer_fn, 0);		\
		(_work)->wq = NULL;					\
		(_work)->cpu = WORK_CPU_UNBOUND;			\
	} while (0)
#define INIT_DELAYED_WORK_ONSTACK(_work, _func) INIT_DELAYED_WORK(_work, _func)
#define INIT_DEFERRABLE_WORK(_work, _func) INIT_DELAYED_WORK(_work, _func)
#define INIT_RCU_WORK(_work, _func)	INIT_WORK(&(_work)->work, (_func))

#define work_data_bits(work)	((unsigned long *)(&(work)->data.counter))
#define work_pending(work)	test_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(work))
#define delayed_work_pending(w)	work_pending(&(w)->work)

static inline struct delayed_work *to_delayed_work(struct work_struct *work)
{
	return container_of(work, struct delayed_work, work);
}

static inline struct rcu_work *to_rcu_work(struct work_struct *work)
{
	return container_of(work, struct rcu_work, work);
}

__printf(1, 4) struct workqueue_struct *
alloc_workqueue(const char *fmt, unsigned int flags, int max_active, ...);
#define alloc_ordered_workqueue(fmt, flags, args...)			\
	alloc_workqueue(fmt, WQ_UNBOUND | __WQ_ORDERED |		\
			__WQ_ORDERED_EXPLICIT | (flags), 1, ##args)
#define create_workqueue(name)						\
	alloc_workqueue("%s", __WQ_LEGACY | WQ_MEM_RECLAIM, 1, (name))
#define create_singlethread_workqueue(name)				\
	alloc_ordered_workqueue("%s", __WQ_LEGACY | WQ_MEM_RECLAIM, name)
void destroy_workqueue(struct workqueue_struct *wq);

extern struct workqueue_struct *system_wq;
extern struct workqueue_struct *system_highpri_wq;
extern struct workqueue_struct *system_long_wq;
extern struct workqueue_struct *system_unbound_wq;
extern struct workqueue_struct *system_freezable_wq;
extern struct workqueue_struct *system_power_efficient_wq;
extern struct workqueue_struct *system_freezable_power_efficient_wq;

bool queue_work_on(int cpu, struct workqueue_struct *wq, struct work_struct *work);
bool queue_delayed_work_on(int cpu, struct workqueue_struct *wq,
			   struct delayed_work *work, unsigned long delay);
bool mod_delayed_work_on(int cpu, struct workqueue_struct *wq,
			 struct delayed_work *dwork, unsigned long delay);
bool queue_rcu_work(struct workqueue_struct *wq, struct rcu_work *rwork);

void __host_flush_workqueue(struct workqueue_struct *wq, const char *file, int line);
void drain_workqueue(struct workqueue_struct *wq);
bool __host_flush_work(struct work_struct *work, const char *file, int line);
bool cancel_work(struct work_struct *work);
bool __host_cancel_work_sync(struct work_struct *work, const char *file, int line);
bool cancel_delayed_work(struct delayed_work *dwork);
bool __host_cancel_delayed_work_sync(struct delayed_work *dwork, const char *file, int line);
bool __host_flush_delayed_work(struct delayed_work *dwork, const char *file, int line);
bool flush_rcu_work(struct rcu_work *rwork);
bool current_is_workqueue_rescuer(void);
bool workqueue_congested(int cpu, struct workqueue_struct *wq);
struct work_struct *current_work(void);

#define flush_workqueue(wq)	__host_flush_workqueue((wq), __FILE__, __LINE__)
#define flush_scheduled_work()	flush_workqueue(system_wq)
#define flush_work(w)		__host_flush_work((w), __FILE__, __LINE__)
#define cancel_work_sync(w)	__host_cancel_work_sync((w), __FILE__, __LINE__)
#define cancel_delayed_work_sync(w) __host_cancel_delayed_work_sync((w), __FILE__, __LINE__)
#define flush_delayed_work(w)	__host_flush_delayed_work((w), __FILE__, __LINE__)

static inline bool queue_work(struct workqueue_struct *wq, struct work_struct *work)
{
	return queue_work_on(WORK_CPU_UNBOUND, wq, work);
}

static inline bool queue_delayed_work(struct workqueue_struct *wq,
				      struct delayed_work *dwork,
				      unsigned long delay)
{
	return queue_delayed_work_on(WORK_CPU_UNBOUND, wq, dwork, delay);
}

static inline bool mod_delayed_work(struct workqueue_struct *wq,
				    struct delayed_work *dwork,
				    unsigned long delay)
{
	return mod_delayed_work_on(WORK_CPU_UNBOUND, wq, dwork, delay);
}

static inline bool schedule_work(struct work_struct *work)
{
	return queue_work(system_wq, work);
}

static inline bool schedule_work_on(int cpu, struct work_struct *work)
{
	return queue_work_on(cpu, system_wq, work);
}

static inline bool schedule_delayed_work(struct delayed_work *dwork,
					 unsigned long delay)
{
	return queue_delayed_work(system_wq, dwork, delay);
}

static inline bool schedule_delayed_work_on(int cpu, struct delayed_work *dwork,
					    unsigned long delay)
{
	return queue_delayed_work_on(cpu, system_wq, dwork, delay);
}

#endif /* _LINUX_WORKQUEUE_H */
