/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: waiting on a variable or a bit.  As in the kernel, the
 * address selects one of a fixed set of shared wait queues; wake-ups may be
 * spurious and every waiter re-checks its condition.
 */
#ifndef _LINUX_WAIT_BIT_H
#define _LINUX_WAIT_BIT_H

#include <linux/wait.h>

wait_queue_head_t *__var_waitqueue(void *p);
wait_queue_head_t *bit_waitqueue(void *word, int bit);

static inline void wake_up_var(void *var)
{
	smp_mb();
	__wake_up(__var_waitqueue(var), TASK_NORMAL, 0, NULL);
}

static inline void wake_up_bit(void *word, int bit)
{
	smp_mb();
	__wake_up(bit_waitqueue(word, bit), TASK_NORMAL, 0, NULL);
}

#define wait_var_event(var, condition)					\
do {									\
	might_sleep();							\
	if (condition)							\
		break;							\
	(void)___wait_event((*__var_waitqueue(var)), condition,		\
			    TASK_UNINTERRUPTIBLE, 0, 0, schedule());	\
} while (0)

#define wait_var_event_killable(var, condition)				\
({									\
	int __ret_vk = 0;						\
	might_sleep();							\
	if (!(condition))						\
		__ret_vk = ___wait_event((*__var_waitqueue(var)), condition, \
					 TASK_KILLABLE, 0, 0, schedule()); \
	__ret_vk;							\
})

#define wait_var_event_interruptible(var, condition)			\
({									\
	int __ret_vi = 0;						\
	might_sleep();							\
	if (!(condition))						\
		__ret_vi = ___wait_event((*__var_waitqueue(var)), condition, \
					 TASK_INTERRUPTIBLE, 0, 0, schedule()); \
	__ret_vi;							\
})

#define wait_var_event_timeout(var, condition, timeout)			\
({									\
	long __ret_vt = timeout;					\
	might_sleep();							\
	if (!___wait_cond_timeout_once(condition, __ret_vt))		\
		__ret_vt = ___wait_event((*__var_waitqueue(var)),	\
				___wait_cond_timeout(condition),	\
				TASK_UNINTERRUPTIBLE, 0, timeout,	\
				__ret = schedule_timeout(__ret));	\
	__ret_vt;							\
})

static inline int wait_on_bit(unsigned long *word, int bit, unsigned int mode)
{
	might_sleep();
	if (!test_bit(bit, word))
		return 0;
	if (mode & TASK_INTERRUPTIBLE)
		return ___wait_event((*bit_waitqueue(word, bit)), !test_bit(bit, word),
				     TASK_INTERRUPTIBLE, 0, 0, schedule()) ? -EINTR : 0;
	(void)___wait_event((*bit_waitqueue(word, bit)), !test_bit(bit, word),
			    TASK_UNINTERRUPTIBLE, 0, 0, schedule());
	return 0;
}

static inline void clear_and_wake_up_bit(int bit, void *word)
{
	clear_bit_unlock(bit, word);
	smp_mb__after_atomic();
	wake_up_bit(word, bit);
}

#endif /* _LINUX_WAIT_BIT_H */
