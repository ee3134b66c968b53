/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: branch hints, barriers and the ONCE accessors.
 *
 * READ_ONCE() is an acquire load and WRITE_ONCE() a release store (the
 * kernel only promises relaxed ones): on x86 this costs nothing and it lets
 * ThreadSanitizer see the message passing that kernel code builds from
 * READ_ONCE/WRITE_ONCE plus smp_rmb()/smp_wmb(), which it cannot model.
 */
#ifndef __LINUX_COMPILER_H
#define __LINUX_COMPILER_H

#include <linux/compiler_types.h>

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define likely_notrace(x)	likely(x)
#define unlikely_notrace(x)	unlikely(x)

#define barrier()		__asm__ __volatile__("" : : : "memory")
#define barrier_data(ptr)	__asm__ __volatile__("" : : "r"(ptr) : "memory")
#define OPTIMIZER_HIDE_VAR(var)	__asm__ ("" : "=r" (var) : "0" (var))
#define unreachable()		__builtin_unreachable()

#define __READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_ACQUIRE)
#define READ_ONCE(x)							\
({									\
	compiletime_assert_atomic_type(x);				\
	(typeof(x))__READ_ONCE(x);					\
})
#define __WRITE_ONCE(x, val)						\
	__atomic_store_n(&(x), (typeof(x))(val), __ATOMIC_RELEASE)
#define WRITE_ONCE(x, val)						\
do {									\
	compiletime_assert_atomic_type(x);				\
	__WRITE_ONCE(x, val);						\
} while (0)

#define data_race(expr)		({ __unqual_scalar_typeof(({ expr; })) __v = ({ expr; }); __v; })

#define is_signed_type(type)	(((type)(-1)) < (type)1)
#define is_unsigned_type(type)	(!is_signed_type(type))

/* Zero-sized struct whose size is 0 if @e is true, and fails otherwise. */
#define __BUILD_BUG_ON_ZERO_MSG(e, msg)					\
	((int)sizeof(struct { _Static_assert(!(e), msg); int:8; }) - 1)
#define __must_be_array(a)						\
	__BUILD_BUG_ON_ZERO_MSG(__same_type((a), &(a)[0]), "must be array")

#define __is_constexpr(x)						\
	(sizeof(int) == sizeof(*(8 ? ((void *)((long)(x) * 0l)) : (int *)8)))

#endif /* __LINUX_COMPILER_H */
