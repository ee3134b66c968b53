/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: wait queues, the kernel's design on host primitives.
 *
 * A wait_queue_head_t is a spinlock and a list of wait_queue_entry; a
 * waker walks the list under the lock and calls each entry's func (the
 * default wakes the task in ->private).  The wait_event*() macros follow
 * the kernel's prepare_to_wait_event()/schedule()/finish_wait() loop, so
 * custom wake functions (as poll uses) work, and wake-ups are not lost.
 */
#ifndef _LINUX_WAIT_H
#define _LINUX_WAIT_H

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/sched.h>

typedef struct wait_queue_entry wait_queue_entry_t;
typedef int (*wait_queue_func_t)(struct wait_queue_entry *wq_entry,
				 unsigned int mode, int flags, void *key);

int default_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode,
			  int flags, void *key);

#define WQ_FLAG_EXCLUSIVE	0x01
#define WQ_FLAG_WOKEN		0x02
#define WQ_FLAG_BOOKMARK	0x04
#define WQ_FLAG_CUSTOM		0x08
#define WQ_FLAG_DONE		0x10
#define WQ_FLAG_PRIORITY	0x20

struct wait_queue_entry {
	unsigned int flags;
	void *private;
	wait_queue_func_t func;
	struct list_head entry;
};

struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;
};
typedef struct wait_queue_head wait_queue_head_t;

#define __WAITQUEUE_INITIALIZER(name, tsk) {				\
	.private = tsk,							\
	.func = default_wake_function,					\
	.entry = { NULL, NULL } }
#define DECLARE_WAITQUEUE(name, tsk)					\
	struct wait_queue_entry name = __WAITQUEUE_INITIALIZER(name, tsk)

#define __WAIT_QUEUE_HEAD_INITIALIZER(name) {				\
	.lock = __SPIN_LOCK_UNLOCKED(name.lock),			\
	.head = LIST_HEAD_INIT(name.head) }
#define DECLARE_WAIT_QUEUE_HEAD(name)					\
	struct wait_queue_head name = __WAIT_QUEUE_HEAD_INITIALIZER(name)
#define DECLARE_WAIT_QUEUE_HEAD_ONSTACK(name) DECLARE_WAIT_QUEUE_HEAD(name)

void __init_waitqueue_head(struct wait_queue_head *wq_head, const char *name,
			   struct lock_class_key *key);
#define init_waitqueue_head(wq_head)					\
	do {								\
		static struct lock_class_key __key;			\
		__init_waitqueue_head((wq_head), #wq_head, &__key);	\
	} while (0)

static inline void init_waitqueue_entry(struct wait_queue_entry *wq_entry,
					struct task_struct *p)
{
	wq_entry->flags = 0;
	wq_entry->private = p;
	wq_entry->func = default_wake_function;
}

static inline void init_waitqueue_func_entry(struct wait_queue_entry *wq_entry,
					     wait_queue_func_t func)
{
	wq_entry->flags = 0;
	wq_entry->private = NULL;
	wq_entry->func = func;
}

static inline int waitqueue_active(struct wait_queue_head *wq_head)
{
	return !list_empty(&wq_head->head);
}

static inline bool wq_has_single_sleeper(struct wait_queue_head *wq_head)
{
	return list_is_singular(&wq_head->head);
}

static inline bool wq_has_sleeper(struct wait_queue_head *wq_head)
{
	smp_mb();
	return waitqueue_active(wq_head);
}

void add_wait_queue(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry);
void add_wait_queue_exclusive(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry);
void add_wait_queue_priority(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry);
void remove_wait_queue(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry);

static inline void __add_wait_queue(struct wait_queue_head *wq_head,
				    struct wait_queue_entry *wq_entry)
{
	list_add(&wq_entry->entry, &wq_head->head);
}

static inline void __add_wait_queue_entry_tail(struct wait_queue_head *wq_head,
					       struct wait_queue_entry *wq_entry)
{
	list_add_tail(&wq_entry->entry, &wq_head->head);
}

static inline void __remove_wait_queue(struct wait_queue_head *wq_head,
				       struct wait_queue_entry *wq_entry)
{
	(void)wq_head;
	list_del(&wq_entry->entry);
}

int __wake_up(struct wait_queue_head *wq_head, unsigned int mode, int nr, void *key);
void __wake_up_locked(struct wait_queue_head *wq_head, unsigned int mode, int nr);
void __wake_up_locked_key(struct wait_queue_head *wq_head, unsigned int mode, void *key);
void __wake_up_sync_key(struct wait_queue_head *wq_head, unsigned int mode, void *key);

#define wake_up(x)			__wake_up(x, TASK_NORMAL, 1, NULL)
#define wake_up_nr(x, nr)		__wake_up(x, TASK_NORMAL, nr, NULL)
#define wake_up_all(x)			__wake_up(x, TASK_NORMAL, 0, NULL)
#define wake_up_locked(x)		__wake_up_locked((x), TASK_NORMAL, 1)
#define wake_up_all_locked(x)		__wake_up_locked((x), TASK_NORMAL, 0)
#define wake_up_interruptible(x)	__wake_up(x, TASK_INTERRUPTIBLE, 1, NULL)
#define wake_up_interruptible_nr(x, nr)	__wake_up(x, TASK_INTERRUPTIBLE, nr, NULL)
#define wake_up_interruptible_all(x)	__wake_up(x, TASK_INTERRUPTIBLE, 0, NULL)
#define wake_up_interruptible_sync(x)	__wake_up(x, TASK_INTERRUPTIBLE, 1, NULL)
#define wake_up_poll(x, m)		__wake_up(x, TASK_NORMAL, 1, (void *)(unsigned long)(m))
#define wake_up_locked_poll(x, m)	__wake_up_locked_key((x), TASK_NORMAL, (void *)(unsigned long)(m))
#define wake_up_interruptible_poll(x, m) __wake_up(x, TASK_INTERRUPTIBLE, 1, (void *)(unsigned long)(m))
#define wake_up_interruptible_sync_poll(x, m) __wake_up_sync_key((x), TASK_INTERRUPTIBLE, (void *)(unsigned long)(m))
#define wake_up_interruptible_all_poll(x, m) __wake_up(x, TASK_INTERRUPTIBLE, 0, (void *)(unsigned long)(m))

void init_wait_entry(struct wait_queue_entry *wq_entry, int flags);
long prepare_to_wait_event(struct wait_queue_head *wq_head,
			   struct wait_queue_entry *wq_entry, int state);
void prepare_to_wait(struct wait_queue_head *wq_head,
		     struct wait_queue_entry *wq_entry, int state);
bool prepare_to_wait_exclusive(struct wait_queue_head *wq_head,
			       struct wait_queue_entry *wq_entry, int state);
void finish_wait(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry);
long wait_woken(struct wait_queue_entry *wq_entry, unsigned int mode, long timeout);
int woken_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode,
			int sync, void *key);
int autoremove_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode,
			     int sync, void *key);

#define DEFINE_WAIT_FUNC(name, function)				\
	struct wait_queue_entry name = {				\
		.private = current,					\
		.func = function,					\
		.entry = LIST_HEAD_INIT((name).entry),			\
	}
#define DEFINE_WAIT(name)	DEFINE_WAIT_FUNC(name, autoremove_wake_function)

#define ___wait_is_interruptible(state)					\
	(!__builtin_constant_p(state) ||				\
	 (state & (TASK_INTERRUPTIBLE | TASK_WAKEKILL)))

#define ___wait_cond_timeout(condition)					\
({									\
	bool __cond = (condition);					\
	if (__cond && !__ret)						\
		__ret = 1;						\
	__cond || !__ret;						\
})

/*
 * The generic wait loop.  @ret starts as the timeout (or 0), @cmd sleeps
 * and may update __ret; the statement expression yields __ret.
 */
#define ___wait_event(wq_head, condition, state, exclusive, ret, cmd)	\
({									\
	__label__ __out;						\
	struct wait_queue_entry __wq_entry;				\
	long __ret = ret;						\
									\
	might_sleep();							\
	init_wait_entry(&__wq_entry, exclusive ? WQ_FLAG_EXCLUSIVE : 0); \
	for (;;) {							\
		long __int = prepare_to_wait_event(&wq_head, &__wq_entry, state); \
									\
		if (condition)						\
			break;						\
		if (___wait_is_interruptible(state) && __int) {		\
			__ret = __int;					\
			goto __out;					\
		}							\
		cmd;							\
	}								\
	finish_wait(&wq_head, &__wq_entry);				\
__out:	__ret;								\
})

#define wait_event(wq_head, condition)					\
do {									\
	might_sleep();							\
	if (condition)							\
		break;							\
	(void)___wait_event(wq_head, condition, TASK_UNINTERRUPTIBLE, 0, 0, \
			    schedule());				\
} while (0)

#define wait_event_freezable(wq_head, condition)			\
	wait_event_interruptible(wq_head, condition)

#define wait_event_timeout(wq_head, condition, timeout)			\
({									\
	long __ret_t = timeout;						\
	might_sleep();							\
	if (!___wait_cond_timeout_once(condition, __ret_t))		\
		__ret_t = ___wait_event(wq_head,			\
				___wait_cond_timeout(condition),	\
				TASK_UNINTERRUPTIBLE, 0, timeout,	\
				__ret = schedule_timeout(__ret));	\
	__ret_t;							\
})

#define ___wait_cond_timeout_once(condition, ret)			\
({									\
	bool __c1 = (condition);					\
	if (__c1 && !(ret))						\
		(ret) = 1;						\
	__c1 || !(ret);							\
})

#define wait_event_interruptible(wq_head, condition)			\
({									\
	int __ret_i = 0;						\
	might_sleep();							\
	if (!(condition))						\
		__ret_i = ___wait_event(wq_head, condition,		\
					TASK_INTERRUPTIBLE, 0, 0,	\
					schedule());			\
	__ret_i;							\
})

#define wait_event_killable(wq_head, condition)				\
({									\
	int __ret_k = 0;						\
	might_sleep();							\
	if (!(condition))						\
		__ret_k = ___wait_event(wq_head, condition,		\
					TASK_KILLABLE, 0, 0,		\
					schedule());			\
	__ret_k;							\
})

#define wait_event_interruptible_timeout(wq_head, condition, timeout)	\
({									\
	long __ret_it = timeout;					\
	might_sleep();							\
	if (!___wait_cond_timeout_once(condition, __ret_it))		\
		__ret_it = ___wait_event(wq_head,			\
				___wait_cond_timeout(condition),	\
				TASK_INTERRUPTIBLE, 0, timeout,		\
				__ret = schedule_timeout(__ret));	\
	__ret_it;							\
})

#define wait_event_killable_timeout(wq_head, condition, timeout)	\
({									\
	long __ret_kt = timeout;					\
	might_sleep();							\
	if (!___wait_cond_timeout_once(condition, __ret_kt))		\
		__ret_kt = ___wait_event(wq_head,			\
				___wait_cond_timeout(condition),	\
				TASK_KILLABLE, 0, timeout,		\
				__ret = schedule_timeout(__ret));	\
	__ret_kt;							\
})

#define wait_event_interruptible_exclusive(wq_head, condition)		\
({									\
	int __ret_ie = 0;						\
	might_sleep();							\
	if (!(condition))						\
		__ret_ie = ___wait_event(wq_head, condition,		\
					 TASK_INTERRUPTIBLE, 1, 0,	\
					 schedule());			\
	__ret_ie;							\
})

/* Waits with @lock (a spinlock_t, held by the caller) dropped while asleep. */
#define wait_event_lock_irq(wq_head, condition, lock)			\
do {									\
	if (condition)							\
		break;							\
	(void)___wait_event(wq_head, condition, TASK_UNINTERRUPTIBLE, 0, 0, \
			    spin_unlock_irq(&lock);			\
			    schedule();					\
			    spin_lock_irq(&lock));			\
} while (0)

#define wait_event_interruptible_lock_irq(wq_head, condition, lock)	\
({									\
	int __ret_il = 0;						\
	might_sleep();							\
	if (!(condition))						\
		__ret_il = ___wait_event(wq_head, condition,		\
				TASK_INTERRUPTIBLE, 0, 0,		\
				spin_unlock_irq(&lock);			\
				schedule();				\
				spin_lock_irq(&lock));			\
	__ret_il;							\
})

#define wait_event_interruptible_lock_irq_timeout(wq_head, condition, lock, timeout) \
({									\
	long __ret_ilt = timeout;					\
	might_sleep();							\
	if (!___wait_cond_timeout_once(condition, __ret_ilt))		\
		__ret_ilt = ___wait_event(wq_head,			\
				___wait_cond_timeout(condition),	\
				TASK_INTERRUPTIBLE, 0, timeout,		\
				spin_unlock_irq(&lock);			\
				__ret = schedule_timeout(__ret);	\
				spin_lock_irq(&lock));			\
	__ret_ilt;							\
})

#endif /* _LINUX_WAIT_H */
