/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: attribute shorthands used by kernel code. */
#ifndef __LINUX_COMPILER_ATTRIBUTES_H
#define __LINUX_COMPILER_ATTRIBUTES_H

#define __aligned(x)		__attribute__((__aligned__(x)))
#define __packed		__attribute__((__packed__))
#define __always_unused		__attribute__((__unused__))
#define __maybe_unused		__attribute__((__unused__))
#define __used			__attribute__((__used__))
#define __cold			__attribute__((__cold__))
#define __pure			__attribute__((__pure__))
#define __const_fn		__attribute__((__const__))
#define __malloc		__attribute__((__malloc__))
#define __weak			__attribute__((__weak__))
#define __noreturn		__attribute__((__noreturn__))
#define __printf(a, b)		__attribute__((__format__(printf, a, b)))
#define __scanf(a, b)		__attribute__((__format__(scanf, a, b)))
#define __section(s)		__attribute__((__section__(s)))
#define __must_check		__attribute__((__warn_unused_result__))
#define __deprecated
#define __alias(sym)		__attribute__((__alias__(#sym)))
#define __mode(x)		__attribute__((__mode__(x)))
#define __copy(sym)
#define __nonstring
#define __assume_aligned(a, ...)
#define __counted_by(m)
#ifndef __always_inline
#define __always_inline		inline __attribute__((__always_inline__))
#endif
#define noinline		__attribute__((__noinline__))
#define __noinline		noinline
#ifndef fallthrough
#define fallthrough		__attribute__((__fallthrough__))
#endif

#endif /* __LINUX_COMPILER_ATTRIBUTES_H */
