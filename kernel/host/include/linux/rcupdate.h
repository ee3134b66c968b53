/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: RCU on liburcu (the urcu-memb flavour).
 *
 * Pointer publication and reads are C11 atomics (release store, acquire
 * load, acq_rel exchange) so ThreadSanitizer sees them.  Readers nest;
 * every host thread is registered with liburcu (threads the host creates
 * automatically, the main thread at startup, and any other thread lazily on
 * first use or through host_thread_enter()).  RCU callbacks run on
 * liburcu's callback thread in "softirq" context, so they must not sleep.
 */
#ifndef __LINUX_RCUPDATE_H
#define __LINUX_RCUPDATE_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/lockdep.h>
#include <linux/bug.h>
#include <linux/preempt.h>
#include <linux/bottom_half.h>
#include <linux/irqflags.h>

void __host_rcu_read_lock(void);
void __host_rcu_read_unlock(void);
int __host_rcu_read_lock_held(void);
void __host_synchronize_rcu(const char *file, int line);
void __host_rcu_barrier(const char *file, int line);
void call_rcu(struct rcu_head *head, rcu_callback_t func);
void __host_kfree_rcu(struct rcu_head *head, unsigned long offset);

static inline void rcu_read_lock(void)
{
	__host_rcu_read_lock();
}

static inline void rcu_read_unlock(void)
{
	__host_rcu_read_unlock();
}

static inline void rcu_read_lock_bh(void)
{
	local_bh_disable();
	__host_rcu_read_lock();
}

static inline void rcu_read_unlock_bh(void)
{
	__host_rcu_read_unlock();
	local_bh_enable();
}

static inline void rcu_read_lock_sched(void)
{
	preempt_disable();
	__host_rcu_read_lock();
}

static inline void rcu_read_unlock_sched(void)
{
	__host_rcu_read_unlock();
	preempt_enable();
}

#define rcu_read_lock_held()		__host_rcu_read_lock_held()
#define rcu_read_lock_bh_held()		__host_rcu_read_lock_held()
#define rcu_read_lock_sched_held()	__host_rcu_read_lock_held()
#define rcu_read_lock_any_held()	__host_rcu_read_lock_held()
#define rcu_is_watching()		true
#define rcu_lockdep_current_cpu_online() true
#define RCU_LOCKDEP_WARN(c, s)		do { } while (0)

#define synchronize_rcu()	__host_synchronize_rcu(__FILE__, __LINE__)
#define synchronize_rcu_expedited() synchronize_rcu()
#define synchronize_rcu_tasks()	synchronize_rcu()
#define synchronize_sched()	synchronize_rcu()
#define rcu_barrier()		__host_rcu_barrier(__FILE__, __LINE__)
#define call_rcu_hurry(h, f)	call_rcu(h, f)
#define cond_synchronize_rcu(s)	synchronize_rcu()

#define RCU_INITIALIZER(v)	((typeof(*(v)) __force __rcu *)(v))

#define rcu_access_pointer(p)	__atomic_load_n(&(p), __ATOMIC_RELAXED)
#define rcu_dereference_raw(p)	__atomic_load_n(&(p), __ATOMIC_ACQUIRE)
#define rcu_dereference_raw_check(p) rcu_dereference_raw(p)
#define rcu_dereference_check(p, c)	((void)sizeof(c), rcu_dereference_raw(p))
#define rcu_dereference_bh_check(p, c)	rcu_dereference_raw(p)
#define rcu_dereference_sched_check(p, c) rcu_dereference_raw(p)
#define rcu_dereference_protected(p, c)	((void)sizeof(c), (p))
#define rcu_dereference(p)		rcu_dereference_raw(p)
#define rcu_dereference_bh(p)		rcu_dereference_raw(p)
#define rcu_dereference_sched(p)	rcu_dereference_raw(p)
#define rcu_dereference_all(p)		rcu_dereference_raw(p)
#define rcu_pointer_handoff(p)		(p)
#define unrcu_pointer(p)		(p)
#define rcu_dereference_rcu(p)		rcu_dereference_raw(p)

#define rcu_assign_pointer(p, v)					\
	do {								\
		__atomic_store_n(&(p), (typeof(p))(v), __ATOMIC_RELEASE); \
	} while (0)
#define RCU_INIT_POINTER(p, v)						\
	do {								\
		__atomic_store_n(&(p), (typeof(p))(v), __ATOMIC_RELAXED); \
	} while (0)
#define RCU_POINTER_INITIALIZER(p, v)	.p = RCU_INITIALIZER(v)
#define rcu_replace_pointer(rcu_ptr, ptr, c)				\
({									\
	(void)sizeof(c);						\
	__atomic_exchange_n(&(rcu_ptr), (typeof(rcu_ptr))(ptr), __ATOMIC_ACQ_REL); \
})

#define kfree_rcu(ptr, rhf)						\
do {									\
	typeof(ptr) ___p = (ptr);					\
	BUILD_BUG_ON(offsetof(typeof(*(ptr)), rhf) >= 4096);		\
	if (___p)							\
		__host_kfree_rcu(&___p->rhf, offsetof(typeof(*(ptr)), rhf)); \
} while (0)
#define kvfree_rcu(ptr, rhf)	kfree_rcu(ptr, rhf)

static inline void rcu_head_init(struct rcu_head *rhp)
{
	rhp->func = (rcu_callback_t)~0UL;
}

static inline bool rcu_head_after_call_rcu(struct rcu_head *rhp, rcu_callback_t f)
{
	return rhp->func == f;
}

#define init_rcu_head(head)		do { } while (0)
#define destroy_rcu_head(head)		do { } while (0)
#define init_rcu_head_on_stack(head)	do { } while (0)
#define destroy_rcu_head_on_stack(head)	do { } while (0)
#define rcu_sleep_check()		do { } while (0)
#define cond_resched_rcu()		do { } while (0)

#endif /* __LINUX_RCUPDATE_H */
