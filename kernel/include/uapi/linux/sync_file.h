/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Sync files: the userspace ABI of a file descriptor that stands for one
 * dma_fence (possibly a merge of several). Layouts and ioctl numbers are
 * the kernel's; SYNC_IOC_SET_DEADLINE is the later addition to the same
 * interface.
 */
#ifndef _UAPI_LINUX_SYNC_H
#define _UAPI_LINUX_SYNC_H

#include <linux/ioctl.h>
#include <linux/types.h>

/**
 * struct sync_merge_data - argument of SYNC_IOC_MERGE
 * @name: name of the new sync file; the kernel always terminates it
 * @fd2: the sync file to merge with the one the ioctl is called on
 * @fence: out: the file descriptor of the new sync file
 * @flags: must be 0
 * @pad: must be 0
 */
struct sync_merge_data {
	char	name[32];
	__s32	fd2;
	__s32	fence;
	__u32	flags;
	__u32	pad;
};

/**
 * struct sync_fence_info - one fence inside a sync file
 * @obj_name: name of the fence's timeline
 * @driver_name: name of the driver that created the fence
 * @status: 1 signaled, 0 still active, negative errno if it failed
 * @flags: no flags are defined yet; always 0
 * @timestamp_ns: when the fence signaled (CLOCK_MONOTONIC), 0 if active
 */
struct sync_fence_info {
	char	obj_name[32];
	char	driver_name[32];
	__s32	status;
	__u32	flags;
	__u64	timestamp_ns;
};

/**
 * struct sync_file_info - argument of SYNC_IOC_FILE_INFO
 * @name: out: name of the sync file
 * @status: out: status of the whole file (as &sync_fence_info.status)
 * @flags: must be 0
 * @num_fences: in: room in @sync_fence_info (0: only ask for the count);
 *	out: number of fences in the file
 * @pad: must be 0
 * @sync_fence_info: user pointer to an array of &struct sync_fence_info
 */
struct sync_file_info {
	char	name[32];
	__s32	status;
	__u32	flags;
	__u32	num_fences;
	__u32	pad;

	__u64	sync_fence_info;
};

/**
 * struct sync_set_deadline - argument of SYNC_IOC_SET_DEADLINE
 * @deadline_ns: absolute CLOCK_MONOTONIC time by which the fence is wanted
 * @pad: must be 0
 */
struct sync_set_deadline {
	__u64	deadline_ns;
	__u64	pad;
};

#define SYNC_IOC_MAGIC		'>'

/* 0, 1 and 2 were used by an older version of this interface. */

/* Merge two sync files into a new one that signals when both have. */
#define SYNC_IOC_MERGE		_IOWR(SYNC_IOC_MAGIC, 3, struct sync_merge_data)

/* Name, status and per-fence details of a sync file. */
#define SYNC_IOC_FILE_INFO	_IOWR(SYNC_IOC_MAGIC, 4, struct sync_file_info)

/* Hint that the fences of a sync file are wanted by a deadline. */
#define SYNC_IOC_SET_DEADLINE	_IOW(SYNC_IOC_MAGIC, 5, struct sync_set_deadline)

#endif /* _UAPI_LINUX_SYNC_H */
