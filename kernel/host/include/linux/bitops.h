/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: bit operations on unsigned long arrays.
 *
 * The atomic ones use compiler atomics: set_bit()/clear_bit() are relaxed
 * read-modify-writes as in the kernel, the test_and_* ones are fully
 * ordered, test_bit() is an acquire load (stronger than the kernel, so
 * ThreadSanitizer sees flag-then-data patterns).
 */
#ifndef _LINUX_BITOPS_H
#define _LINUX_BITOPS_H

#include <linux/bits.h>
#include <linux/compiler.h>
#include <linux/types.h>

#define BITS_TO_LONGS(nr)	(((nr) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#define BITS_TO_BYTES(nr)	(((nr) + BITS_PER_BYTE - 1) / BITS_PER_BYTE)

static inline unsigned long *__host_bitword(unsigned long nr, volatile unsigned long *addr)
{
	return (unsigned long *)addr + BIT_WORD(nr);
}

static inline void set_bit(long nr, volatile unsigned long *addr)
{
	__atomic_fetch_or(__host_bitword(nr, addr), BIT_MASK(nr), __ATOMIC_RELEASE);
}

static inline void clear_bit(long nr, volatile unsigned long *addr)
{
	__atomic_fetch_and(__host_bitword(nr, addr), ~BIT_MASK(nr), __ATOMIC_RELEASE);
}

static inline void clear_bit_unlock(long nr, volatile unsigned long *addr)
{
	__atomic_fetch_and(__host_bitword(nr, addr), ~BIT_MASK(nr), __ATOMIC_RELEASE);
}

static inline void change_bit(long nr, volatile unsigned long *addr)
{
	__atomic_fetch_xor(__host_bitword(nr, addr), BIT_MASK(nr), __ATOMIC_RELEASE);
}

static inline bool test_and_set_bit(long nr, volatile unsigned long *addr)
{
	return __atomic_fetch_or(__host_bitword(nr, addr), BIT_MASK(nr),
				 __ATOMIC_SEQ_CST) & BIT_MASK(nr);
}

static inline bool test_and_set_bit_lock(long nr, volatile unsigned long *addr)
{
	return __atomic_fetch_or(__host_bitword(nr, addr), BIT_MASK(nr),
				 __ATOMIC_ACQUIRE) & BIT_MASK(nr);
}

static inline bool test_and_clear_bit(long nr, volatile unsigned long *addr)
{
	return __atomic_fetch_and(__host_bitword(nr, addr), ~BIT_MASK(nr),
				  __ATOMIC_SEQ_CST) & BIT_MASK(nr);
}

static inline bool test_and_change_bit(long nr, volatile unsigned long *addr)
{
	return __atomic_fetch_xor(__host_bitword(nr, addr), BIT_MASK(nr),
				  __ATOMIC_SEQ_CST) & BIT_MASK(nr);
}

static inline bool test_bit(long nr, const volatile unsigned long *addr)
{
	return (__atomic_load_n((const unsigned long *)addr + BIT_WORD(nr),
				__ATOMIC_ACQUIRE) >> (nr % BITS_PER_LONG)) & 1;
}

static inline bool test_bit_acquire(long nr, const volatile unsigned long *addr)
{
	return test_bit(nr, addr);
}

/* Non-atomic variants: the caller serialises. */
static inline void __set_bit(long nr, volatile unsigned long *addr)
{
	*__host_bitword(nr, addr) |= BIT_MASK(nr);
}

static inline void __clear_bit(long nr, volatile unsigned long *addr)
{
	*__host_bitword(nr, addr) &= ~BIT_MASK(nr);
}

static inline void __change_bit(long nr, volatile unsigned long *addr)
{
	*__host_bitword(nr, addr) ^= BIT_MASK(nr);
}

static inline bool __test_and_set_bit(long nr, volatile unsigned long *addr)
{
	unsigned long *w = __host_bitword(nr, addr);
	bool old = *w & BIT_MASK(nr);

	*w |= BIT_MASK(nr);
	return old;
}

static inline bool __test_and_clear_bit(long nr, volatile unsigned long *addr)
{
	unsigned long *w = __host_bitword(nr, addr);
	bool old = *w & BIT_MASK(nr);

	*w &= ~BIT_MASK(nr);
	return old;
}

static inline unsigned long __ffs(unsigned long word)
{
	return __builtin_ctzl(word);
}

static inline unsigned long __fls(unsigned long word)
{
	return BITS_PER_LONG - 1 - __builtin_clzl(word);
}

static inline unsigned long ffz(unsigned long word)
{
	return __ffs(~word);
}

static inline int fls(unsigned int x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

static inline int fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

static inline unsigned int hweight32(unsigned int w)
{
	return __builtin_popcount(w);
}

static inline unsigned long hweight_long(unsigned long w)
{
	return __builtin_popcountl(w);
}

static inline unsigned int hweight64(u64 w)
{
	return __builtin_popcountll(w);
}

unsigned long find_next_bit(const unsigned long *addr, unsigned long size,
			    unsigned long offset);
unsigned long find_next_zero_bit(const unsigned long *addr, unsigned long size,
				 unsigned long offset);
#define find_first_bit(addr, size)	find_next_bit((addr), (size), 0)
#define find_first_zero_bit(addr, size)	find_next_zero_bit((addr), (size), 0)
#define for_each_set_bit(bit, addr, size)				\
	for ((bit) = find_first_bit((addr), (size));			\
	     (bit) < (size);						\
	     (bit) = find_next_bit((addr), (size), (bit) + 1))
#define for_each_clear_bit(bit, addr, size)				\
	for ((bit) = find_first_zero_bit((addr), (size));		\
	     (bit) < (size);						\
	     (bit) = find_next_zero_bit((addr), (size), (bit) + 1))

#endif /* _LINUX_BITOPS_H */
