/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: random numbers from a per-thread xorshift generator,
 * seeded from getrandom() unless HOST_SEED is set in the environment (then
 * runs are reproducible).
 */
#ifndef _LINUX_RANDOM_H
#define _LINUX_RANDOM_H

#include <linux/types.h>
#include <linux/kernel.h>

void get_random_bytes(void *buf, size_t len);
u32 get_random_u32(void);
u64 get_random_u64(void);
u8 get_random_u8(void);
u16 get_random_u16(void);

static inline unsigned int get_random_int(void)
{
	return get_random_u32();
}

static inline unsigned long get_random_long(void)
{
	return get_random_u64();
}

/* Uniform in [0, ceil), without modulo bias; 0 when ceil is 0. */
u32 get_random_u32_below(u32 ceil);

static inline u32 get_random_u32_above(u32 floor)
{
	return floor + 1 + get_random_u32_below(U32_MAX - floor);
}

static inline u32 get_random_u32_inclusive(u32 floor, u32 ceil)
{
	return floor + get_random_u32_below(ceil - floor + 1);
}

#include <linux/prandom.h>

#endif /* _LINUX_RANDOM_H */
