/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: sleeping mutexes on a futex word, with owner tracking.
 *
 * mutex_lock() and friends call might_sleep().  Unlocking a mutex that the
 * caller does not own is reported as a BUG.  mutex_lock_interruptible()
 * and mutex_lock_killable() return -EINTR when the task has a (host
 * posted) signal pending while the lock is contended.
 */
#ifndef __LINUX_MUTEX_H
#define __LINUX_MUTEX_H

#include <linux/compiler.h>
#include <linux/lockdep.h>
#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/kernel.h>

struct mutex {
	int host_word;			/* 0 free, 1 held, 2 held with waiters */
	struct lockdep_map dep_map;
};

#define __MUTEX_INITIALIZER(lockname)					\
	{ .host_word = 0, .dep_map = { .name = #lockname } }
#define DEFINE_MUTEX(mutexname)						\
	struct mutex mutexname = __MUTEX_INITIALIZER(mutexname)

void __host_mutex_init(struct mutex *lock, const char *name,
		       struct lock_class_key *key);
int __host_mutex_lock(struct mutex *lock, unsigned int state,
		      const char *file, int line);
int __host_mutex_trylock(struct mutex *lock);
void __host_mutex_unlock(struct mutex *lock);
void __host_mutex_destroy(struct mutex *lock);

#define mutex_init(mutex)						\
	do {								\
		static struct lock_class_key __key;			\
		__host_mutex_init((mutex), #mutex, &__key);		\
	} while (0)

/* Task states as in <linux/sched.h>; repeated to keep this header small. */
#define __HOST_MUTEX_UNINTERRUPTIBLE	0x0002
#define __HOST_MUTEX_INTERRUPTIBLE	0x0001
#define __HOST_MUTEX_KILLABLE		0x0102

#define mutex_lock(lock)						\
	((void)__host_mutex_lock((lock), __HOST_MUTEX_UNINTERRUPTIBLE,	\
				 __FILE__, __LINE__))
#define mutex_lock_interruptible(lock)					\
	__host_mutex_lock((lock), __HOST_MUTEX_INTERRUPTIBLE, __FILE__, __LINE__)
#define mutex_lock_killable(lock)					\
	__host_mutex_lock((lock), __HOST_MUTEX_KILLABLE, __FILE__, __LINE__)
#define mutex_lock_io(lock)			mutex_lock(lock)
#define mutex_lock_nested(lock, sub)		mutex_lock(lock)
#define mutex_lock_nest_lock(lock, nest)	mutex_lock(lock)
#define mutex_lock_interruptible_nested(lock, sub) mutex_lock_interruptible(lock)
#define mutex_lock_killable_nested(lock, sub)	mutex_lock_killable(lock)
#define mutex_trylock(lock)			__host_mutex_trylock(lock)
#define mutex_unlock(lock)			__host_mutex_unlock(lock)
#define mutex_destroy(lock)			__host_mutex_destroy(lock)

static inline bool mutex_is_locked(struct mutex *lock)
{
	return __atomic_load_n(&lock->host_word, __ATOMIC_RELAXED) != 0;
}

int atomic_dec_and_mutex_lock(atomic_t *cnt, struct mutex *lock);

#endif /* __LINUX_MUTEX_H */
