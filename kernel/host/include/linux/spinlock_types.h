/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: spinlock_t layout (a futex word plus lock identity). */
#ifndef __LINUX_SPINLOCK_TYPES_H
#define __LINUX_SPINLOCK_TYPES_H

#include <linux/lockdep_types.h>

typedef struct spinlock {
	int host_word;			/* 0 free, 1 held, 2 held with waiters */
	struct lockdep_map dep_map;
} spinlock_t;

typedef struct spinlock raw_spinlock_t;

#define __SPIN_LOCK_UNLOCKED(lockname)					\
	(spinlock_t) { .host_word = 0, .dep_map = { .name = #lockname } }
#define __RAW_SPIN_LOCK_UNLOCKED(lockname) __SPIN_LOCK_UNLOCKED(lockname)
#define DEFINE_SPINLOCK(x)	spinlock_t x = __SPIN_LOCK_UNLOCKED(x)
#define DEFINE_RAW_SPINLOCK(x)	raw_spinlock_t x = __SPIN_LOCK_UNLOCKED(x)

typedef struct {
	spinlock_t lock;
} rwlock_t;

#define __RW_LOCK_UNLOCKED(lockname)	(rwlock_t) { .lock = __SPIN_LOCK_UNLOCKED(lockname) }
#define DEFINE_RWLOCK(x)	rwlock_t x = __RW_LOCK_UNLOCKED(x)

#endif /* __LINUX_SPINLOCK_TYPES_H */
