/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: the annotations the kernel force-includes everywhere.
 * Sparse address spaces and lock annotations compile to nothing.
 */
#ifndef __LINUX_COMPILER_TYPES_H
#define __LINUX_COMPILER_TYPES_H

#include <linux/kconfig.h>
#include <linux/compiler_attributes.h>

#define __user
#define __kernel
#define __iomem
#define __percpu
#define __rcu
#define __private
#define __force
#define __nocast
#define __safe
#define __chk_user_ptr(x)	(void)0
#define __chk_io_ptr(x)		(void)0
#ifndef __bitwise
#define __bitwise
#endif
#define __must_hold(x)
#define __acquires(x)
#define __releases(x)
#define __acquire(x)		(void)0
#define __release(x)		(void)0
#define __cond_lock(x, c)	(c)
#define ACCESS_PRIVATE(p, member) ((p)->member)

#define notrace
#define __visible
#define __init_or_module
#define __randomize_layout
#define __no_randomize_layout
#define __latent_entropy
#define __no_sanitize_address
#define __noscs
#define noinstr

#define ___PASTE(a, b)		a##b
#define __PASTE(a, b)		___PASTE(a, b)
#define ___UNIQUE_ID(prefix, n)	__PASTE(__PASTE(__UNIQUE_ID_, prefix), n)
#define __UNIQUE_ID(prefix)	___UNIQUE_ID(prefix, __COUNTER__)

#define __same_type(a, b)	__builtin_types_compatible_p(typeof(a), typeof(b))
#define __native_word(t)	(sizeof(t) == sizeof(char) || \
				 sizeof(t) == sizeof(short) || \
				 sizeof(t) == sizeof(int) || \
				 sizeof(t) == sizeof(long))

/* A scalar copy of @x with qualifiers dropped. */
#define __unqual_scalar_typeof(x) typeof(				\
	_Generic((x),							\
		 char: (char)0,						\
		 unsigned char: (unsigned char)0,			\
		 signed char: (signed char)0,				\
		 unsigned short: (unsigned short)0,			\
		 signed short: (signed short)0,				\
		 unsigned int: (unsigned int)0,				\
		 signed int: (signed int)0,				\
		 unsigned long: (unsigned long)0,			\
		 signed long: (signed long)0,				\
		 unsigned long long: (unsigned long long)0,		\
		 signed long long: (signed long long)0,			\
		 default: (x)))

#define __compiletime_assert(cond, msg)					\
	_Static_assert(cond, msg)
#define compiletime_assert(cond, msg)					\
	do { _Static_assert(cond, msg); } while (0)
#define compiletime_assert_atomic_type(t)				\
	compiletime_assert(__native_word(t),				\
		"Need native word sized stores/loads for atomicity.")

#define __compiletime_error(msg)
#define __compiletime_warning(msg)

#endif /* __LINUX_COMPILER_TYPES_H */
