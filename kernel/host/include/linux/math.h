/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: rounding and division helpers. */
#ifndef _LINUX_MATH_H
#define _LINUX_MATH_H

#define __round_mask(x, y)	((__typeof__(x))((y) - 1))
#define round_up(x, y)		((((x) - 1) | __round_mask(x, y)) + 1)
#define round_down(x, y)	((x) & ~__round_mask(x, y))
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define DIV_ROUND_UP_ULL(ll, d)	DIV_ROUND_UP((unsigned long long)(ll), (d))
#define DIV_ROUND_CLOSEST(x, d)	(((x) + ((d) / 2)) / (d))
#define roundup(x, y)		({ typeof(y) __ry = (y); (((x) + (__ry - 1)) / __ry) * __ry; })
#define rounddown(x, y)		({ typeof(x) __rx = (x); __rx - (__rx % (y)); })
#define mult_frac(x, n, d)	(((x) / (d)) * (n) + (((x) % (d)) * (n)) / (d))

#endif /* _LINUX_MATH_H */
