/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: delays.  udelay()/ndelay()/mdelay() busy-wait and are
 * allowed in atomic context; msleep() and usleep_range() sleep and call
 * might_sleep().
 */
#ifndef _LINUX_DELAY_H
#define _LINUX_DELAY_H

#include <linux/kernel.h>

void __host_ndelay(unsigned long nsecs);
void __host_msleep(unsigned int msecs, bool interruptible, const char *file, int line);
unsigned long __host_msleep_interruptible(unsigned int msecs, const char *file, int line);
void __host_usleep(unsigned long min, unsigned long max, const char *file, int line);

#define ndelay(n)	__host_ndelay(n)
#define udelay(n)	__host_ndelay((unsigned long)(n) * 1000UL)
#define mdelay(n)	__host_ndelay((unsigned long)(n) * 1000000UL)
#define msleep(m)	__host_msleep((m), false, __FILE__, __LINE__)
#define msleep_interruptible(m) __host_msleep_interruptible((m), __FILE__, __LINE__)
#define ssleep(s)	msleep((s) * 1000)
#define usleep_range(min, max) __host_usleep((min), (max), __FILE__, __LINE__)
#define usleep_range_state(min, max, s) usleep_range(min, max)
#define usleep_idle_range(min, max) usleep_range(min, max)
#define fsleep(us)	usleep_range((us), (us))

#endif /* _LINUX_DELAY_H */
