/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: jiffies, derived from CLOCK_MONOTONIC at HZ=1000.  Like
 * the kernel, the count starts five minutes before its 32-bit wrap so that
 * comparisons that ignore wrap-around are caught early.
 */
#ifndef _LINUX_JIFFIES_H
#define _LINUX_JIFFIES_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/math64.h>

#define HZ		1000
#define USER_HZ		100
#define TICK_NSEC	(1000000000L / HZ)
#define INITIAL_JIFFIES	((unsigned long)(unsigned int)(-300 * HZ))
#define MAX_JIFFY_OFFSET ((LONG_MAX >> 1) - 1)

unsigned long __host_jiffies(void);
#define jiffies		__host_jiffies()
#define jiffies_64	((u64)__host_jiffies())
static inline u64 get_jiffies_64(void)
{
	return __host_jiffies();
}

#define time_after(a, b)	((long)((b) - (a)) < 0)
#define time_before(a, b)	time_after(b, a)
#define time_after_eq(a, b)	((long)((a) - (b)) >= 0)
#define time_before_eq(a, b)	time_after_eq(b, a)
#define time_in_range(a, b, c)	(time_after_eq(a, b) && time_before_eq(a, c))
#define time_in_range_open(a, b, c) (time_after_eq(a, b) && time_before(a, c))
#define time_after64(a, b)	((s64)((b) - (a)) < 0)
#define time_before64(a, b)	time_after64(b, a)
#define time_after_eq64(a, b)	((s64)((a) - (b)) >= 0)
#define time_before_eq64(a, b)	time_after_eq64(b, a)
#define time_is_before_jiffies(a)	time_after(jiffies, a)
#define time_is_after_jiffies(a)	time_before(jiffies, a)
#define time_is_before_eq_jiffies(a)	time_after_eq(jiffies, a)
#define time_is_after_eq_jiffies(a)	time_before_eq(jiffies, a)

static inline unsigned int jiffies_to_msecs(const unsigned long j)
{
	return (unsigned int)(j * (1000 / HZ));
}

static inline unsigned int jiffies_to_usecs(const unsigned long j)
{
	return (unsigned int)(j * (1000000 / HZ));
}

static inline u64 jiffies_to_nsecs(const unsigned long j)
{
	return (u64)j * TICK_NSEC;
}

static inline u64 jiffies64_to_nsecs(u64 j)
{
	return j * TICK_NSEC;
}

static inline u64 jiffies64_to_msecs(u64 j)
{
	return j * (1000 / HZ);
}

static inline unsigned long msecs_to_jiffies(const unsigned int m)
{
	if ((int)m < 0)
		return MAX_JIFFY_OFFSET;
	return m / (1000 / HZ);
}

static inline unsigned long usecs_to_jiffies(const unsigned int u)
{
	if (u > jiffies_to_usecs(MAX_JIFFY_OFFSET))
		return MAX_JIFFY_OFFSET;
	return (u + (1000000 / HZ) - 1) / (1000000 / HZ);
}

static inline unsigned long nsecs_to_jiffies(u64 n)
{
	return (unsigned long)div_u64(n, TICK_NSEC);
}

static inline u64 nsecs_to_jiffies64(u64 n)
{
	return div_u64(n, TICK_NSEC);
}

#define jiffies_to_clock_t(x)	((x) / (HZ / USER_HZ))
#define round_jiffies(j)		(j)
#define round_jiffies_relative(j)	(j)
#define round_jiffies_up(j)		(j)
#define round_jiffies_up_relative(j)	(j)

#endif /* _LINUX_JIFFIES_H */
