/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sync files: a file that carries one dma_fence to userspace and back, so
 * that fences can cross driver and process boundaries as file descriptors.
 */
#ifndef _LINUX_SYNC_FILE_H
#define _LINUX_SYNC_FILE_H

#include <linux/dma-fence.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <uapi/linux/sync_file.h>

struct file;

/**
 * struct sync_file - a file holding a fence
 * @file: the anonymous-inode file that represents this sync file; its
 *	release frees the structure
 * @user_name: name given by userspace when merging; all zero when the name
 *	is derived from the fence (see sync_file_get_name())
 * @wq: poll() waiters, woken when @fence signals
 * @flags: SYNC_FILE_POLL_ENABLED once poll() armed @cb
 * @fence: the fence, with a reference; never changes after creation
 * @cb: callback on @fence that wakes @wq
 * @sync_file_list: entry in the list of all sync files, for debugfs
 *	sync/info
 */
struct sync_file {
	struct file		*file;
	char			user_name[32];

	wait_queue_head_t	wq;
	unsigned long		flags;

	struct dma_fence	*fence;
	struct dma_fence_cb	cb;

	struct list_head	sync_file_list;
};

/* Bit in &sync_file.flags: the poll callback has been added. */
#define SYNC_FILE_POLL_ENABLED	0

struct sync_file *sync_file_create(struct dma_fence *fence);
struct dma_fence *sync_file_get_fence(int fd);
char *sync_file_get_name(struct sync_file *sync_file, char *buf, int len);
unsigned long sync_file_live_count(void);

#endif /* _LINUX_SYNC_FILE_H */
