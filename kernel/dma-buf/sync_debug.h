/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sw_sync timelines and their points, and the sync debug interface that
 * lists them (private to kernel/dma-buf/).
 */
#ifndef _LINUX_SYNC_DEBUG_H
#define _LINUX_SYNC_DEBUG_H

#include <linux/dma-fence.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/rbtree.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct file_operations;
struct seq_file;
struct sync_file;

/**
 * struct sync_timeline - a software timeline
 * @kref: reference count; the sw_sync file holds one, every point another
 * @name: name of the timeline (the opening task's name)
 * @context: the fence context of all points on this timeline
 * @value: the current value; points at or before it are signaled
 * @pt_tree: unsignaled points, ordered by seqno, for looking up duplicates
 * @pt_list: the same points in seqno order, for signaling in order
 * @lock: protects @value, @pt_tree and @pt_list; also the fence lock of
 *	every point
 * @sync_timeline_list: entry in the list of all timelines (sync_debug.c)
 */
struct sync_timeline {
	struct kref		kref;
	char			name[32];

	u64			context;
	int			value;

	struct rb_root		pt_tree;
	struct list_head	pt_list;
	spinlock_t		lock;

	struct list_head	sync_timeline_list;
};

static inline struct sync_timeline *dma_fence_parent(struct dma_fence *fence)
{
	return container_of(fence->lock, struct sync_timeline, lock);
}

/**
 * struct sync_pt - a point on a &struct sync_timeline
 * @base: the fence; seqno is the timeline value that signals it
 * @link: entry in &sync_timeline.pt_list while unsignaled
 * @node: node in &sync_timeline.pt_tree while unsignaled
 * @deadline: earliest deadline set on the point, valid if
 *	SW_SYNC_HAS_DEADLINE_BIT is set in the fence's flags
 */
struct sync_pt {
	struct dma_fence	base;
	struct list_head	link;
	struct rb_node		node;
	ktime_t			deadline;
};

/* Fence flag: &sync_pt.deadline holds a deadline. */
#define SW_SYNC_HAS_DEADLINE_BIT	DMA_FENCE_FLAG_USER_BITS

extern const struct file_operations sw_sync_debugfs_fops;

void sync_timeline_debug_add(struct sync_timeline *obj);
void sync_timeline_debug_remove(struct sync_timeline *obj);
void sync_file_debug_add(struct sync_file *sync_file);
void sync_file_debug_remove(struct sync_file *sync_file);
unsigned long sync_timeline_live_count(void);
int sync_info_debugfs_show(struct seq_file *s, void *unused);
int sync_debugfs_init(void);
void sync_debugfs_exit(void);

#endif /* _LINUX_SYNC_DEBUG_H */
