/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: memory barriers.  Barriers are invisible to
 * ThreadSanitizer, which is why the shim's ONCE accessors, atomic_read()
 * and test_bit() are acquire/release themselves.
 */
#ifndef _ASM_X86_BARRIER_H
#define _ASM_X86_BARRIER_H

#include <linux/compiler.h>
#include <asm/processor.h>

#if defined(__x86_64__)
/*
 * As on x86 Linux: a locked add for the full barrier, compiler barriers
 * for the rest (x86 does not reorder loads with loads or stores with
 * stores).  Inline asm also keeps gcc's -Wtsan quiet.
 */
#define mb()		__asm__ __volatile__("lock; addl $0,-4(%%rsp)" ::: "memory", "cc")
#define rmb()		__asm__ __volatile__("lfence" ::: "memory")
#define wmb()		__asm__ __volatile__("sfence" ::: "memory")
#define smp_rmb()	barrier()
#define smp_wmb()	barrier()
#else
#define mb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define rmb()		__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define wmb()		__atomic_thread_fence(__ATOMIC_RELEASE)
#define smp_rmb()	rmb()
#define smp_wmb()	wmb()
#endif
#define dma_rmb()		rmb()
#define dma_wmb()		wmb()
#define smp_mb()		mb()
#define __smp_mb()		mb()
#define smp_mb__before_atomic()	mb()
#define smp_mb__after_atomic()	mb()
#define smp_mb__after_spinlock() mb()
#define smp_mb__after_unlock_lock() mb()
#define smp_read_barrier_depends() do { } while (0)

#define smp_store_mb(var, value)					\
	do { __atomic_store_n(&(var), (value), __ATOMIC_SEQ_CST); mb(); } while (0)
#define smp_store_release(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define smp_load_acquire(p)	__atomic_load_n((p), __ATOMIC_ACQUIRE)

#define smp_cond_load_relaxed(ptr, cond_expr) ({			\
	typeof(ptr) __PTR = (ptr);					\
	typeof(*(ptr)) VAL;						\
	for (;;) {							\
		VAL = __atomic_load_n(__PTR, __ATOMIC_RELAXED);		\
		if (cond_expr)						\
			break;						\
		cpu_relax();					\
	}								\
	VAL;								\
})
#define smp_cond_load_acquire(ptr, cond_expr) ({			\
	typeof(ptr) __PTR = (ptr);					\
	typeof(*(ptr)) VAL;						\
	for (;;) {							\
		VAL = __atomic_load_n(__PTR, __ATOMIC_ACQUIRE);		\
		if (cond_expr)						\
			break;						\
		cpu_relax();					\
	}								\
	VAL;								\
})

#endif /* _ASM_X86_BARRIER_H */
