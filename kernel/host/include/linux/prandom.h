/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: pseudo-random helpers (6.1 names). */
#ifndef _LINUX_PRANDOM_H
#define _LINUX_PRANDOM_H

#include <linux/types.h>

u32 get_random_u32_below(u32 ceil);
u32 get_random_u32(void);

static inline u32 prandom_u32_max(u32 ep_ro)
{
	return get_random_u32_below(ep_ro);
}

static inline u32 prandom_u32(void)
{
	return get_random_u32();
}

struct rnd_state {
	u64 s;
};

void prandom_seed_state(struct rnd_state *state, u64 seed);
u32 prandom_u32_state(struct rnd_state *state);
void prandom_bytes_state(struct rnd_state *state, void *buf, size_t nbytes);

#endif /* _LINUX_PRANDOM_H */
