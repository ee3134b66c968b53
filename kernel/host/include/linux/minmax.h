/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: type-checked min/max/clamp/swap. */
#ifndef _LINUX_MINMAX_H
#define _LINUX_MINMAX_H

#include <linux/compiler.h>

#define __host_cmp_once(x, y, op, ux, uy) ({				\
	typeof(x) ux = (x);						\
	typeof(y) uy = (y);						\
	(void)(&ux == &uy);	/* warns when the types differ */	\
	ux op uy ? ux : uy; })

#define min(x, y)	__host_cmp_once(x, y, <, __UNIQUE_ID(mx_), __UNIQUE_ID(my_))
#define max(x, y)	__host_cmp_once(x, y, >, __UNIQUE_ID(mx_), __UNIQUE_ID(my_))
#define min3(x, y, z)	min((typeof(x))min(x, y), z)
#define max3(x, y, z)	max((typeof(x))max(x, y), z)
#define min_t(type, x, y) ({ type __mtx = (x); type __mty = (y); __mtx < __mty ? __mtx : __mty; })
#define max_t(type, x, y) ({ type __mtx = (x); type __mty = (y); __mtx > __mty ? __mtx : __mty; })
#define min_not_zero(x, y) ({						\
	typeof(x) __mnx = (x);						\
	typeof(y) __mny = (y);						\
	__mnx == 0 ? __mny : ((__mny == 0) ? __mnx : min(__mnx, __mny)); })
#define clamp(val, lo, hi)	min((typeof(val))max(val, lo), hi)
#define clamp_t(type, val, lo, hi) min_t(type, max_t(type, val, lo), hi)
#define clamp_val(val, lo, hi)	clamp_t(typeof(val), val, lo, hi)

#define swap(a, b)							\
	do { typeof(a) __swp = (a); (a) = (b); (b) = __swp; } while (0)

#endif /* _LINUX_MINMAX_H */
