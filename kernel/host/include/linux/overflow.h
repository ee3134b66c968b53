/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: overflow-checked arithmetic and allocation sizes. */
#ifndef __LINUX_OVERFLOW_H
#define __LINUX_OVERFLOW_H

#include <linux/compiler.h>
#include <linux/limits.h>

#define check_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)
#define check_sub_overflow(a, b, d)	__builtin_sub_overflow(a, b, d)
#define check_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)

#define check_shl_overflow(a, s, d) ({					\
	typeof(a) _a = (a);						\
	typeof(s) _s = (s);						\
	typeof(d) _d = (d);						\
	u64 _a_full = _a;						\
	unsigned int _to_shift = (_s >= 0 && _s < 8 * sizeof(*d)) ? _s : 0; \
	*_d = (_a_full << _to_shift);					\
	(_to_shift != _s || *_d < 0 || _a < 0 ||			\
	 (*_d >> _to_shift) != _a);					\
})

/* Saturate at SIZE_MAX so that an overflowing size can never be allocated. */
static inline size_t __must_check size_mul(size_t a, size_t b)
{
	size_t r;

	if (check_mul_overflow(a, b, &r))
		return SIZE_MAX;
	return r;
}

static inline size_t __must_check size_add(size_t a, size_t b)
{
	size_t r;

	if (check_add_overflow(a, b, &r))
		return SIZE_MAX;
	return r;
}

static inline size_t __must_check size_sub(size_t a, size_t b)
{
	size_t r;

	if (a == SIZE_MAX || b == SIZE_MAX || check_sub_overflow(a, b, &r))
		return SIZE_MAX;
	return r;
}

#define array_size(a, b)	size_mul(a, b)
#define array3_size(a, b, c)	size_mul(size_mul(a, b), c)
#define flex_array_size(p, member, count)				\
	size_mul(count, sizeof(*(p)->member) + __must_be_array((p)->member))
#define struct_size(p, member, count)					\
	size_add(sizeof(*(p)),						\
		 size_mul(count, sizeof(*(p)->member) + __must_be_array((p)->member)))

#endif /* __LINUX_OVERFLOW_H */
