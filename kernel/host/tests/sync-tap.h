/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by test-sync-file.c and test-sw-sync.c: sw_sync timelines
 * opened on real host files in the host fd table, and ioctls issued the way
 * the VFS would (fd lookup, ->unlocked_ioctl, fput).
 */
#ifndef __SYNC_TAP_H
#define __SYNC_TAP_H

#include <linux/anon_inodes.h>
#include <linux/dma-fence.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/sync_file.h>
#include <uapi/linux/sw_sync.h>

#include "../../dma-buf/sync_debug.h"
#include "shim-tap.h"

/* A file whose ->open failed must not reach ->release. */
static const struct file_operations sync_tap_dead_fops;

/* Open a new sw_sync timeline, as open("/sys/kernel/debug/sync/sw_sync"). */
static inline int sw_sync_open(void)
{
	struct file *file;
	int fd, err;

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;
	file = anon_inode_getfile("sw_sync", &sw_sync_debugfs_fops, NULL,
				  O_RDWR);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		return PTR_ERR(file);
	}
	err = file->f_op->open(file_inode(file), file);
	if (err) {
		file->f_op = &sync_tap_dead_fops;
		fput(file);
		put_unused_fd(fd);
		return err;
	}
	fd_install(fd, file);
	return fd;
}

/* ioctl(2) on a host fd: -EBADF for a bad fd, -ENOTTY without ioctls. */
static inline long host_ioctl(int fd, unsigned int cmd, const void *arg)
{
	struct file *file;
	long ret;

	if (fd < 0)
		return -EBADF;
	file = fget(fd);
	if (!file)
		return -EBADF;
	if (file->f_op->unlocked_ioctl)
		ret = file->f_op->unlocked_ioctl(file, cmd, (unsigned long)arg);
	else
		ret = -ENOTTY;
	fput(file);
	return ret;
}

/* A fence on timeline @tl at @value as a sync file fd, or -errno. */
static inline int sw_sync_fence(int tl, unsigned int value, const char *name)
{
	struct sw_sync_create_fence_data data = { .value = value };
	long ret;

	if (name)
		strncpy(data.name, name, sizeof(data.name));
	ret = host_ioctl(tl, SW_SYNC_IOC_CREATE_FENCE, &data);
	return ret ? (int)ret : data.fence;
}

static inline long sw_sync_inc(int tl, unsigned int count)
{
	return host_ioctl(tl, SW_SYNC_IOC_INC, &count);
}

/* Merge two sync files: the new fd, or -errno. */
static inline int sync_merge(const char *name, int fd1, int fd2)
{
	struct sync_merge_data data = { .fd2 = fd2 };
	long ret;

	strncpy(data.name, name, sizeof(data.name));
	ret = host_ioctl(fd1, SYNC_IOC_MERGE, &data);
	return ret ? (int)ret : data.fence;
}

/* The overall status of a sync file (1, 0 or -errno), or -errno of the
 * ioctl itself. */
static inline int sync_status(int fd, struct sync_file_info *out)
{
	struct sync_file_info info = { };
	long ret;

	ret = host_ioctl(fd, SYNC_IOC_FILE_INFO, &info);
	if (ret)
		return (int)ret;
	if (out)
		*out = info;
	return info.status;
}

/* poll(2) with no waiting: the event mask. */
static inline __poll_t sync_poll(int fd)
{
	struct file *file = fget(fd);
	__poll_t mask;

	if (!file)
		return EPOLLNVAL;
	mask = vfs_poll(file, NULL);
	fput(file);
	return mask;
}

/* The lowest free fd: a failed ioctl must not have consumed it. */
static inline int next_free_fd(void)
{
	int fd = get_unused_fd_flags(0);

	if (fd >= 0)
		put_unused_fd(fd);
	return fd;
}

/*
 * After one row of a bad-input table: the failed call must have left no fd
 * (@fd_before was the lowest free one) and no allocation (@live before the
 * call) behind. Returns the number of problems, each printed.
 */
static inline int bad_row_clean(const char *name, int fd_before, long live)
{
	int problems = 0;

	if (next_free_fd() != fd_before) {
		fprintf(stderr, "# %s: leaked an fd\n", name);
		problems++;
	}
	host_quiesce();
	if (host_alloc_live() != live) {
		fprintf(stderr, "# %s: %ld allocations leaked\n", name,
			host_alloc_live() - live);
		problems++;
	}
	return problems;
}

/*
 * A poll(2) caller: vfs_poll(file, &w->pt) queues @entry on the file's
 * wait queue, and every wake-up counts in @woken.
 */
struct poll_waiter {
	poll_table pt;
	struct wait_queue_entry entry;
	wait_queue_head_t *head;
	atomic_t woken;
};

static inline int poll_waiter_wake(struct wait_queue_entry *entry,
			    unsigned int mode __always_unused,
			    int sync __always_unused, void *key __always_unused)
{
	struct poll_waiter *w = container_of(entry, struct poll_waiter, entry);

	atomic_inc(&w->woken);
	return 0;
}

static inline void poll_waiter_queue(struct file *file __always_unused,
			      wait_queue_head_t *head,
			      poll_table *pt)
{
	struct poll_waiter *w = container_of(pt, struct poll_waiter, pt);

	w->head = head;
	init_waitqueue_func_entry(&w->entry, poll_waiter_wake);
	add_wait_queue(head, &w->entry);
}

/*
 * Run @fn with its first, second, ... allocation failing until a run makes
 * no allocation fail. Every failing run must return -ENOMEM and leave no
 * allocation and no fd behind, nor anything @leaked() reports (optional);
 * the last run must succeed. Returns the number of allocations @fn makes,
 * or -1 after printing what went wrong.
 */
static inline long fail_each_allocation(int (*fn)(void), bool (*leaked)(void))
{
	int fd_before = next_free_fd();
	unsigned long n;

	for (n = 1; n < 1000; n++) {
		long live;
		int err;

		host_quiesce();
		live = host_alloc_live();
		host_alloc_fail_nth(n);
		err = fn();
		if (!host_alloc_fail_hit()) {
			host_alloc_fail_nth(0);
			SHIM_CHECK(err == 0, "run without failure: %d", err);
			return n - 1;
		}
		SHIM_CHECK(err == -ENOMEM, "failing allocation %lu: %d", n,
			   err);
		host_quiesce();
		SHIM_CHECK(host_alloc_live() == live,
			   "failing allocation %lu leaked %ld", n,
			   host_alloc_live() - live);
		SHIM_CHECK(next_free_fd() == fd_before,
			   "failing allocation %lu leaked an fd", n);
		SHIM_CHECK(!leaked || !leaked(),
			   "failing allocation %lu leaked an object", n);
	}
	SHIM_CHECK(0, "more than %lu allocations", n - 1);
}

#endif /* __SYNC_TAP_H */
