/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: lock identity.  There is no lock-order validator; a
 * lockdep_map only remembers which task holds the lock so that
 * lockdep_assert_held() and friends can check ownership.
 */
#ifndef __LINUX_LOCKDEP_TYPES_H
#define __LINUX_LOCKDEP_TYPES_H

#include <linux/types.h>

struct lock_class_key {
	char __host_unused;
};

struct lockdep_map {
	const char *name;
	struct lock_class_key *key;
	void *host_owner;		/* struct task_struct * holding it */
	int host_depth;			/* lock_map_acquire() nesting */
};

#define STATIC_LOCKDEP_MAP_INIT(_name, _key)				\
	{ .name = (_name), .key = (void *)(_key) }

struct pin_cookie {
	unsigned int val;
};

#endif /* __LINUX_LOCKDEP_TYPES_H */
