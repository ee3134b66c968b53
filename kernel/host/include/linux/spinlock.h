/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: spinlocks.
 *
 * A spinlock is a futex-backed lock that also marks the thread atomic (so
 * might_sleep() under it is reported).  The _irq/_irqsave variants also
 * flip the per-thread "interrupts disabled" flag, the _bh ones the softirq
 * count.  Unlocking a lock the caller does not hold, or taking a lock the
 * caller already holds, is reported as a BUG (host_bug_count()); the
 * latter then aborts since it would deadlock.
 *
 * rwlock_t is an exclusive lock in the host (readers do not share).
 */
#ifndef __LINUX_SPINLOCK_H
#define __LINUX_SPINLOCK_H

#include <linux/compiler.h>
#include <linux/typecheck.h>
#include <linux/preempt.h>
#include <linux/irqflags.h>
#include <linux/bottom_half.h>
#include <linux/lockdep.h>
#include <linux/spinlock_types.h>
#include <linux/kernel.h>
#include <asm/barrier.h>
#include <asm/processor.h>

void __host_spin_lock_init(spinlock_t *lock, const char *name,
			   struct lock_class_key *key);
void __host_spin_lock(spinlock_t *lock);
int __host_spin_trylock(spinlock_t *lock);
void __host_spin_unlock(spinlock_t *lock);
bool __host_spin_is_locked(spinlock_t *lock);

#define spin_lock_init(lock)						\
	do {								\
		static struct lock_class_key __key;			\
		__host_spin_lock_init((lock), #lock, &__key);		\
	} while (0)
#define raw_spin_lock_init(lock)	spin_lock_init(lock)

static inline void spin_lock(spinlock_t *lock)
{
	__host_spin_lock(lock);
}

static inline int spin_trylock(spinlock_t *lock)
{
	return __host_spin_trylock(lock);
}

static inline void spin_unlock(spinlock_t *lock)
{
	__host_spin_unlock(lock);
}

static inline void spin_lock_bh(spinlock_t *lock)
{
	local_bh_disable();
	__host_spin_lock(lock);
}

static inline void spin_unlock_bh(spinlock_t *lock)
{
	__host_spin_unlock(lock);
	local_bh_enable();
}

static inline int spin_trylock_bh(spinlock_t *lock)
{
	local_bh_disable();
	if (__host_spin_trylock(lock))
		return 1;
	local_bh_enable();
	return 0;
}

static inline void spin_lock_irq(spinlock_t *lock)
{
	local_irq_disable();
	__host_spin_lock(lock);
}

static inline void spin_unlock_irq(spinlock_t *lock)
{
	__host_spin_unlock(lock);
	local_irq_enable();
}

static inline int spin_trylock_irq(spinlock_t *lock)
{
	local_irq_disable();
	if (__host_spin_trylock(lock))
		return 1;
	local_irq_enable();
	return 0;
}

static inline unsigned long __host_spin_lock_irqsave(spinlock_t *lock)
{
	unsigned long flags;

	local_irq_save(flags);
	__host_spin_lock(lock);
	return flags;
}

#define spin_lock_irqsave(lock, flags)					\
	do {								\
		typecheck(unsigned long, flags);			\
		flags = __host_spin_lock_irqsave(lock);			\
	} while (0)
#define spin_lock_irqsave_nested(lock, flags, sub)			\
	spin_lock_irqsave(lock, flags)

static inline void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	__host_spin_unlock(lock);
	local_irq_restore(flags);
}

#define spin_trylock_irqsave(lock, flags)				\
({									\
	local_irq_save(flags);						\
	__host_spin_trylock(lock) ? 1 :					\
		({ local_irq_restore(flags); 0; });			\
})

#define spin_lock_nested(lock, sub)		spin_lock(lock)
#define spin_lock_nest_lock(lock, nest)		spin_lock(lock)
#define spin_is_locked(lock)			__host_spin_is_locked(lock)
#define spin_is_contended(lock)			0
#define assert_spin_locked(lock)		WARN_ON(!spin_is_locked(lock))
#define assert_raw_spin_locked(lock)		assert_spin_locked(lock)

#define raw_spin_lock(l)			spin_lock(l)
#define raw_spin_unlock(l)			spin_unlock(l)
#define raw_spin_trylock(l)			spin_trylock(l)
#define raw_spin_lock_irq(l)			spin_lock_irq(l)
#define raw_spin_unlock_irq(l)			spin_unlock_irq(l)
#define raw_spin_lock_irqsave(l, f)		spin_lock_irqsave(l, f)
#define raw_spin_unlock_irqrestore(l, f)	spin_unlock_irqrestore(l, f)
#define raw_spin_lock_bh(l)			spin_lock_bh(l)
#define raw_spin_unlock_bh(l)			spin_unlock_bh(l)
#define raw_spin_is_locked(l)			spin_is_locked(l)

#define rwlock_init(rw)		spin_lock_init(&(rw)->lock)
#define read_lock(rw)		spin_lock(&(rw)->lock)
#define read_unlock(rw)		spin_unlock(&(rw)->lock)
#define write_lock(rw)		spin_lock(&(rw)->lock)
#define write_unlock(rw)	spin_unlock(&(rw)->lock)
#define read_lock_irq(rw)	spin_lock_irq(&(rw)->lock)
#define read_unlock_irq(rw)	spin_unlock_irq(&(rw)->lock)
#define write_lock_irq(rw)	spin_lock_irq(&(rw)->lock)
#define write_unlock_irq(rw)	spin_unlock_irq(&(rw)->lock)
#define read_lock_irqsave(rw, f)	spin_lock_irqsave(&(rw)->lock, f)
#define read_unlock_irqrestore(rw, f)	spin_unlock_irqrestore(&(rw)->lock, f)
#define write_lock_irqsave(rw, f)	spin_lock_irqsave(&(rw)->lock, f)
#define write_unlock_irqrestore(rw, f)	spin_unlock_irqrestore(&(rw)->lock, f)
#define read_lock_bh(rw)	spin_lock_bh(&(rw)->lock)
#define read_unlock_bh(rw)	spin_unlock_bh(&(rw)->lock)
#define write_lock_bh(rw)	spin_lock_bh(&(rw)->lock)
#define write_unlock_bh(rw)	spin_unlock_bh(&(rw)->lock)

int _atomic_dec_and_lock(atomic_t *atomic, spinlock_t *lock);
#define atomic_dec_and_lock(atomic, lock) _atomic_dec_and_lock(atomic, lock)
int _atomic_dec_and_lock_irqsave(atomic_t *atomic, spinlock_t *lock,
				 unsigned long *flags);
#define atomic_dec_and_lock_irqsave(atomic, lock, flags)		\
	_atomic_dec_and_lock_irqsave(atomic, lock, &(flags))

#endif /* __LINUX_SPINLOCK_H */
