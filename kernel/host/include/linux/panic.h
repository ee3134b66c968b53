/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: panic() reports and aborts the process. */
#ifndef _LINUX_PANIC_H
#define _LINUX_PANIC_H

#include <linux/compiler.h>

__printf(1, 2) __cold __noreturn void panic(const char *fmt, ...);

#define TAINT_WARN	9
#define LOCKDEP_STILL_OK	1
#define LOCKDEP_NOW_UNRELIABLE	0
static inline void add_taint(unsigned int flag, int lockdep_ok)
{
	(void)flag;
	(void)lockdep_ok;
}

#endif /* _LINUX_PANIC_H */
