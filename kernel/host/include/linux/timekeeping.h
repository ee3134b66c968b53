/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: clocks.  ktime_get() is CLOCK_MONOTONIC, ktime_get_raw()
 * CLOCK_MONOTONIC_RAW, ktime_get_real() CLOCK_REALTIME and
 * ktime_get_boottime() CLOCK_BOOTTIME.
 */
#ifndef _LINUX_TIMEKEEPING_H
#define _LINUX_TIMEKEEPING_H

#include <linux/ktime.h>

ktime_t ktime_get(void);
ktime_t ktime_get_raw(void);
ktime_t ktime_get_real(void);
ktime_t ktime_get_boottime(void);
ktime_t ktime_get_coarse(void);
time64_t ktime_get_seconds(void);
time64_t ktime_get_real_seconds(void);
void ktime_get_ts64(struct timespec64 *ts);
void ktime_get_real_ts64(struct timespec64 *ts);

static inline u64 ktime_get_ns(void)
{
	return ktime_to_ns(ktime_get());
}

static inline u64 ktime_get_raw_ns(void)
{
	return ktime_to_ns(ktime_get_raw());
}

static inline u64 ktime_get_real_ns(void)
{
	return ktime_to_ns(ktime_get_real());
}

static inline u64 ktime_get_boottime_ns(void)
{
	return ktime_to_ns(ktime_get_boottime());
}

static inline u64 ktime_get_mono_fast_ns(void)
{
	return ktime_get_ns();
}

static inline u64 local_clock(void)
{
	return ktime_get_ns();
}

#endif /* _LINUX_TIMEKEEPING_H */
