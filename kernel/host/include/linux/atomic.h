/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: atomic_t, atomic64_t, atomic_long_t, cmpxchg and xchg on
 * compiler atomics.
 *
 * Value-returning read-modify-writes are fully ordered, the _relaxed,
 * _acquire and _release variants are what they say, void operations are
 * relaxed.  atomic_read() is an acquire load and atomic_set() a release
 * store (stronger than the kernel; free on x86; visible to TSan).
 */
#ifndef _LINUX_ATOMIC_H
#define _LINUX_ATOMIC_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <asm/barrier.h>

#define __host_ld(p)		__atomic_load_n(p, __ATOMIC_ACQUIRE)
#define __host_st(p, v)		__atomic_store_n(p, v, __ATOMIC_RELEASE)

/* cmpxchg family on any native word */
#define __host_cmpxchg(ptr, o, n, mo) ({				\
	typeof(*(ptr)) __ret_cx = (o);					\
	__atomic_compare_exchange_n((ptr), &__ret_cx, (n), false,	\
				    mo, __ATOMIC_RELAXED);		\
	__ret_cx; })
#define cmpxchg(ptr, o, n)	__host_cmpxchg(ptr, o, n, __ATOMIC_SEQ_CST)
#define cmpxchg_relaxed(ptr, o, n) __host_cmpxchg(ptr, o, n, __ATOMIC_RELAXED)
#define cmpxchg_acquire(ptr, o, n) __host_cmpxchg(ptr, o, n, __ATOMIC_ACQUIRE)
#define cmpxchg_release(ptr, o, n) __host_cmpxchg(ptr, o, n, __ATOMIC_RELEASE)
#define cmpxchg64(ptr, o, n)	cmpxchg(ptr, o, n)
#define cmpxchg_local(ptr, o, n) cmpxchg(ptr, o, n)
#define try_cmpxchg(ptr, po, n)						\
	__atomic_compare_exchange_n((ptr), (po), (n), false,		\
				    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)
#define try_cmpxchg_relaxed(ptr, po, n)					\
	__atomic_compare_exchange_n((ptr), (po), (n), false,		\
				    __ATOMIC_RELAXED, __ATOMIC_RELAXED)
#define try_cmpxchg_acquire(ptr, po, n)					\
	__atomic_compare_exchange_n((ptr), (po), (n), false,		\
				    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)
#define try_cmpxchg_release(ptr, po, n)					\
	__atomic_compare_exchange_n((ptr), (po), (n), false,		\
				    __ATOMIC_RELEASE, __ATOMIC_RELAXED)
#define xchg(ptr, v)		__atomic_exchange_n((ptr), (v), __ATOMIC_SEQ_CST)
#define xchg_relaxed(ptr, v)	__atomic_exchange_n((ptr), (v), __ATOMIC_RELAXED)
#define xchg_acquire(ptr, v)	__atomic_exchange_n((ptr), (v), __ATOMIC_ACQUIRE)
#define xchg_release(ptr, v)	__atomic_exchange_n((ptr), (v), __ATOMIC_RELEASE)

/*
 * One generator for the three widths: prefix, atomic type, value type.
 */
#define __HOST_ATOMIC_OPS(pfx, atype, vtype)				\
static inline vtype pfx##_read(const atype *v)				\
{ return __host_ld(&v->counter); }					\
static inline vtype pfx##_read_acquire(const atype *v)			\
{ return __host_ld(&v->counter); }					\
static inline void pfx##_set(atype *v, vtype i)				\
{ __host_st(&v->counter, i); }						\
static inline void pfx##_set_release(atype *v, vtype i)			\
{ __host_st(&v->counter, i); }						\
static inline void pfx##_add(vtype i, atype *v)				\
{ __atomic_fetch_add(&v->counter, i, __ATOMIC_RELAXED); }		\
static inline void pfx##_sub(vtype i, atype *v)				\
{ __atomic_fetch_sub(&v->counter, i, __ATOMIC_RELAXED); }		\
static inline void pfx##_inc(atype *v)					\
{ __atomic_fetch_add(&v->counter, 1, __ATOMIC_RELAXED); }		\
static inline void pfx##_dec(atype *v)					\
{ __atomic_fetch_sub(&v->counter, 1, __ATOMIC_RELAXED); }		\
static inline void pfx##_and(vtype i, atype *v)				\
{ __atomic_fetch_and(&v->counter, i, __ATOMIC_RELAXED); }		\
static inline void pfx##_or(vtype i, atype *v)				\
{ __atomic_fetch_or(&v->counter, i, __ATOMIC_RELAXED); }		\
static inline void pfx##_xor(vtype i, atype *v)				\
{ __atomic_fetch_xor(&v->counter, i, __ATOMIC_RELAXED); }		\
static inline void pfx##_andnot(vtype i, atype *v)			\
{ __atomic_fetch_and(&v->counter, ~i, __ATOMIC_RELAXED); }		\
static inline vtype pfx##_add_return(vtype i, atype *v)			\
{ return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST); }	\
static inline vtype pfx##_add_return_relaxed(vtype i, atype *v)		\
{ return __atomic_add_fetch(&v->counter, i, __ATOMIC_RELAXED); }	\
static inline vtype pfx##_sub_return(vtype i, atype *v)			\
{ return __atomic_sub_fetch(&v->counter, i, __ATOMIC_SEQ_CST); }	\
static inline vtype pfx##_inc_return(atype *v)				\
{ return __atomic_add_fetch(&v->counter, 1, __ATOMIC_SEQ_CST); }	\
static inline vtype pfx##_inc_return_relaxed(atype *v)			\
{ return __atomic_add_fetch(&v->counter, 1, __ATOMIC_RELAXED); }	\
static inline vtype pfx##_dec_return(atype *v)				\
{ return __atomic_sub_fetch(&v->counter, 1, __ATOMIC_SEQ_CST); }	\
static inline vtype pfx##_fetch_add(vtype i, atype *v)			\
{ return __atomic_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST); }	\
static inline vtype pfx##_fetch_add_relaxed(vtype i, atype *v)		\
{ return __atomic_fetch_add(&v->counter, i, __ATOMIC_RELAXED); }	\
static inline vtype pfx##_fetch_sub(vtype i, atype *v)			\
{ return __atomic_fetch_sub(&v->counter, i, __ATOMIC_SEQ_CST); }	\
static inline vtype pfx##_fetch_inc(atype *v)				\
{ return __atomic_fetch_add(&v->counter, 1, __ATOMIC_SEQ_CST); }	\
static inline vtype pfx##_fetch_dec(atype *v)				\
{ return __atomic_fetch_sub(&v->counter, 1, __ATOMIC_SEQ_CST); }	\
static inline vtype pfx##_fetch_and(vtype i, atype *v)			\
{ return __atomic_fetch_and(&v->counter, i, __ATOMIC_SEQ_CST); }	\
static inline vtype pfx##_fetch_or(vtype i, atype *v)			\
{ return __atomic_fetch_or(&v->counter, i, __ATOMIC_SEQ_CST); }		\
static inline vtype pfx##_fetch_andnot(vtype i, atype *v)		\
{ return __atomic_fetch_and(&v->counter, ~i, __ATOMIC_SEQ_CST); }	\
static inline vtype pfx##_xchg(atype *v, vtype i)			\
{ return __atomic_exchange_n(&v->counter, i, __ATOMIC_SEQ_CST); }	\
static inline vtype pfx##_cmpxchg(atype *v, vtype o, vtype n)		\
{ return __host_cmpxchg(&v->counter, o, n, __ATOMIC_SEQ_CST); }		\
static inline vtype pfx##_cmpxchg_relaxed(atype *v, vtype o, vtype n)	\
{ return __host_cmpxchg(&v->counter, o, n, __ATOMIC_RELAXED); }		\
static inline bool pfx##_try_cmpxchg(atype *v, vtype *o, vtype n)	\
{ return __atomic_compare_exchange_n(&v->counter, o, n, false,		\
				     __ATOMIC_SEQ_CST, __ATOMIC_RELAXED); } \
static inline bool pfx##_try_cmpxchg_acquire(atype *v, vtype *o, vtype n) \
{ return __atomic_compare_exchange_n(&v->counter, o, n, false,		\
				     __ATOMIC_ACQUIRE, __ATOMIC_RELAXED); } \
static inline bool pfx##_try_cmpxchg_release(atype *v, vtype *o, vtype n) \
{ return __atomic_compare_exchange_n(&v->counter, o, n, false,		\
				     __ATOMIC_RELEASE, __ATOMIC_RELAXED); } \
static inline bool pfx##_sub_and_test(vtype i, atype *v)		\
{ return pfx##_sub_return(i, v) == 0; }					\
static inline bool pfx##_dec_and_test(atype *v)				\
{ return pfx##_dec_return(v) == 0; }					\
static inline bool pfx##_inc_and_test(atype *v)				\
{ return pfx##_inc_return(v) == 0; }					\
static inline bool pfx##_add_negative(vtype i, atype *v)		\
{ return pfx##_add_return(i, v) < 0; }					\
static inline vtype pfx##_fetch_add_unless(atype *v, vtype a, vtype u)	\
{									\
	vtype c = pfx##_read(v);					\
	do {								\
		if (c == u)						\
			break;						\
	} while (!pfx##_try_cmpxchg(v, &c, c + a));			\
	return c;							\
}									\
static inline bool pfx##_add_unless(atype *v, vtype a, vtype u)		\
{ return pfx##_fetch_add_unless(v, a, u) != u; }			\
static inline bool pfx##_inc_not_zero(atype *v)				\
{ return pfx##_add_unless(v, 1, 0); }					\
static inline vtype pfx##_dec_if_positive(atype *v)			\
{									\
	vtype c = pfx##_read(v);					\
	do {								\
		if (c <= 0)						\
			return c - 1;					\
	} while (!pfx##_try_cmpxchg(v, &c, c - 1));			\
	return c - 1;							\
}									\
static inline bool pfx##_inc_unless_negative(atype *v)			\
{									\
	vtype c = pfx##_read(v);					\
	do {								\
		if (c < 0)						\
			return false;					\
	} while (!pfx##_try_cmpxchg(v, &c, c + 1));			\
	return true;							\
}

typedef struct {
	long counter;
} atomic_long_t;

#define ATOMIC_LONG_INIT(i)	{ (i) }

__HOST_ATOMIC_OPS(atomic, atomic_t, int)
__HOST_ATOMIC_OPS(atomic64, atomic64_t, s64)
__HOST_ATOMIC_OPS(atomic_long, atomic_long_t, long)

#define atomic_cond_read_acquire(v, c)	smp_cond_load_acquire(&(v)->counter, (c))
#define atomic_cond_read_relaxed(v, c)	smp_cond_load_relaxed(&(v)->counter, (c))

#endif /* _LINUX_ATOMIC_H */
