/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: sequence counters and seqlocks.  The associated-lock
 * variants (seqcount_spinlock_t, seqcount_ww_mutex_t, ...) are plain
 * seqcounts here.
 */
#ifndef __LINUX_SEQLOCK_H
#define __LINUX_SEQLOCK_H

#include <linux/compiler.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/ww_mutex.h>
#include <linux/preempt.h>
#include <asm/barrier.h>
#include <asm/processor.h>

typedef struct seqcount {
	unsigned int sequence;
} seqcount_t;

typedef seqcount_t seqcount_spinlock_t;
typedef seqcount_t seqcount_raw_spinlock_t;
typedef seqcount_t seqcount_mutex_t;
typedef seqcount_t seqcount_ww_mutex_t;
typedef seqcount_t seqcount_latch_t;

#define SEQCNT_ZERO(name)	{ .sequence = 0 }
#define seqcount_init(s)	do { (s)->sequence = 0; } while (0)
#define seqcount_spinlock_init(s, lock)	seqcount_init(s)
#define seqcount_raw_spinlock_init(s, lock) seqcount_init(s)
#define seqcount_mutex_init(s, lock)	seqcount_init(s)
#define seqcount_ww_mutex_init(s, lock)	seqcount_init(s)
#define seqcount_latch_init(s)		seqcount_init(s)

static inline unsigned int __read_seqcount_begin(const seqcount_t *s)
{
	unsigned int seq;

	while ((seq = __atomic_load_n(&s->sequence, __ATOMIC_ACQUIRE)) & 1)
		cpu_relax();
	return seq;
}

static inline unsigned int raw_read_seqcount(const seqcount_t *s)
{
	return __atomic_load_n(&s->sequence, __ATOMIC_ACQUIRE);
}

#define read_seqcount_begin(s)		__read_seqcount_begin(s)
#define raw_read_seqcount_begin(s)	__read_seqcount_begin(s)
#define raw_seqcount_begin(s)		(raw_read_seqcount(s) & ~1u)

static inline int __read_seqcount_retry(const seqcount_t *s, unsigned int start)
{
	smp_rmb();
	return unlikely(__atomic_load_n(&s->sequence, __ATOMIC_ACQUIRE) != start);
}

#define read_seqcount_retry(s, start)	__read_seqcount_retry(s, start)

static inline void raw_write_seqcount_begin(seqcount_t *s)
{
	__atomic_store_n(&s->sequence, s->sequence + 1, __ATOMIC_RELAXED);
	smp_wmb();
}

static inline void raw_write_seqcount_end(seqcount_t *s)
{
	__atomic_store_n(&s->sequence, s->sequence + 1, __ATOMIC_RELEASE);
}

#define write_seqcount_begin(s)		raw_write_seqcount_begin(s)
#define write_seqcount_end(s)		raw_write_seqcount_end(s)
#define write_seqcount_begin_nested(s, sub) raw_write_seqcount_begin(s)
#define write_seqcount_invalidate(s)					\
	do { raw_write_seqcount_begin(s); raw_write_seqcount_begin(s); } while (0)

typedef struct {
	seqcount_t seqcount;
	spinlock_t lock;
} seqlock_t;

#define __SEQLOCK_UNLOCKED(name)					\
	{ .seqcount = SEQCNT_ZERO(name), .lock = __SPIN_LOCK_UNLOCKED(name) }
#define DEFINE_SEQLOCK(sl)	seqlock_t sl = __SEQLOCK_UNLOCKED(sl)
#define seqlock_init(sl)						\
	do { seqcount_init(&(sl)->seqcount); spin_lock_init(&(sl)->lock); } while (0)

static inline unsigned int read_seqbegin(const seqlock_t *sl)
{
	return __read_seqcount_begin(&sl->seqcount);
}

static inline unsigned int read_seqretry(const seqlock_t *sl, unsigned int start)
{
	return __read_seqcount_retry(&sl->seqcount, start);
}

static inline void write_seqlock(seqlock_t *sl)
{
	spin_lock(&sl->lock);
	raw_write_seqcount_begin(&sl->seqcount);
}

static inline void write_sequnlock(seqlock_t *sl)
{
	raw_write_seqcount_end(&sl->seqcount);
	spin_unlock(&sl->lock);
}

static inline void write_seqlock_irq(seqlock_t *sl)
{
	spin_lock_irq(&sl->lock);
	raw_write_seqcount_begin(&sl->seqcount);
}

static inline void write_sequnlock_irq(seqlock_t *sl)
{
	raw_write_seqcount_end(&sl->seqcount);
	spin_unlock_irq(&sl->lock);
}

#define write_seqlock_irqsave(sl, flags)				\
	do { spin_lock_irqsave(&(sl)->lock, flags);			\
	     raw_write_seqcount_begin(&(sl)->seqcount); } while (0)

static inline void write_sequnlock_irqrestore(seqlock_t *sl, unsigned long flags)
{
	raw_write_seqcount_end(&sl->seqcount);
	spin_unlock_irqrestore(&sl->lock, flags);
}

#endif /* __LINUX_SEQLOCK_H */
