/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * sw_sync: a software timeline for testing the sync-file interface. Opening
 * the sw_sync node (debugfs sync/sw_sync) creates a timeline at value 0;
 * the ioctls below create fences on it and advance it. Closing the file
 * signals every remaining fence with -ENOENT. The kernel keeps this ABI in
 * its driver source; the layouts and numbers here are the same.
 */
#ifndef _UAPI_LINUX_SW_SYNC_H
#define _UAPI_LINUX_SW_SYNC_H

#include <linux/ioctl.h>
#include <linux/types.h>

/**
 * struct sw_sync_create_fence_data - argument of SW_SYNC_IOC_CREATE_FENCE
 * @value: the timeline value at which the new fence signals
 * @name: name of the sync file (need not be terminated)
 * @fence: out: file descriptor of a sync file holding the new fence
 */
struct sw_sync_create_fence_data {
	__u32	value;
	char	name[32];
	__s32	fence;
};

#define SW_SYNC_IOC_MAGIC	'W'

/* Create a fence at a value and return it as a sync file. */
#define SW_SYNC_IOC_CREATE_FENCE	_IOWR(SW_SYNC_IOC_MAGIC, 0, \
					      struct sw_sync_create_fence_data)

/* Advance the timeline by a __u32 count, signaling the fences passed. */
#define SW_SYNC_IOC_INC			_IOW(SW_SYNC_IOC_MAGIC, 1, __u32)

/**
 * struct sw_sync_get_deadline - argument of SW_SYNC_GET_DEADLINE
 * @deadline_ns: out: the earliest deadline given to the fence
 *	(SYNC_IOC_SET_DEADLINE), in CLOCK_MONOTONIC nanoseconds; zero on input
 * @pad: zero
 * @fence_fd: a sync file holding a single sw_sync fence
 *
 * For tests of deadline propagation (Linux 6.6's ABI): -ENOENT if the
 * fence has no deadline, -EINVAL for nonzero inputs or an fd that is not a
 * sync file of one sw_sync fence.
 */
struct sw_sync_get_deadline {
	__u64	deadline_ns;
	__u32	pad;
	__s32	fence_fd;
};

/* Read back the deadline hint of a sw_sync fence. */
#define SW_SYNC_GET_DEADLINE		_IOWR(SW_SYNC_IOC_MAGIC, 2, \
					      struct sw_sync_get_deadline)

#endif /* _UAPI_LINUX_SW_SYNC_H */
