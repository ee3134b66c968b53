/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: BUG and WARN.
 *
 * WARN*() print "WARNING: at FILE:LINE" (plus the message) to stderr and
 * bump host_warn_count(); execution continues as in the kernel.  BUG()
 * and BUG_ON() print "kernel BUG at FILE:LINE" and abort the process.
 */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

#include <linux/compiler.h>
#include <linux/build_bug.h>
#include <linux/instruction_pointer.h>
#include <linux/printk.h>

__cold void __host_warn(const char *file, int line, const char *func,
			const char *cond, const char *fmt, ...)
	__printf(5, 6);
__cold __noreturn void __host_bug(const char *file, int line, const char *func,
				  const char *cond);

#define BUG()	__host_bug(__FILE__, __LINE__, __func__, NULL)
#define BUG_ON(cond)							\
	do {								\
		if (unlikely(cond))					\
			__host_bug(__FILE__, __LINE__, __func__, #cond); \
	} while (0)

#define __WARN()	__host_warn(__FILE__, __LINE__, __func__, NULL, NULL)
#define __WARN_printf(taint, fmt, ...)					\
	__host_warn(__FILE__, __LINE__, __func__, NULL, fmt, ##__VA_ARGS__)

#define WARN_ON(condition) ({						\
	int __ret_warn_on = !!(condition);				\
	if (unlikely(__ret_warn_on))					\
		__host_warn(__FILE__, __LINE__, __func__, #condition, NULL); \
	unlikely(__ret_warn_on);					\
})

#define WARN(condition, format, ...) ({					\
	int __ret_warn_on = !!(condition);				\
	if (unlikely(__ret_warn_on))					\
		__host_warn(__FILE__, __LINE__, __func__, #condition,	\
			    format, ##__VA_ARGS__);			\
	unlikely(__ret_warn_on);					\
})

#define WARN_TAINT(condition, taint, format, ...)			\
	WARN(condition, format, ##__VA_ARGS__)

#define __host_warn_once(condition, fire) ({				\
	static bool __warned;						\
	int __ret_warn_once = !!(condition);				\
	if (unlikely(__ret_warn_once) &&				\
	    !__atomic_exchange_n(&__warned, true, __ATOMIC_RELAXED))	\
		fire;							\
	unlikely(__ret_warn_once);					\
})

#define WARN_ON_ONCE(condition)						\
	__host_warn_once(condition,					\
		__host_warn(__FILE__, __LINE__, __func__, #condition, NULL))
#define WARN_ONCE(condition, format, ...)				\
	__host_warn_once(condition,					\
		__host_warn(__FILE__, __LINE__, __func__, #condition,	\
			    format, ##__VA_ARGS__))
#define WARN_TAINT_ONCE(condition, taint, format, ...)			\
	WARN_ONCE(condition, format, ##__VA_ARGS__)

#define BUG_ON_INVALID(e)	((void)(sizeof((long)(e))))

#endif /* _LINUX_BUG_H */
