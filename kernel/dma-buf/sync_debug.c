// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sync debug: the lists of live sw_sync timelines and sync files, a text
 * dump of them for debugfs sync/info, and the creation of the debugfs sync/
 * directory.
 */

#include <linux/debugfs.h>
#include <linux/dma-fence.h>
#include <linux/dma-fence-unwrap.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/sync_file.h>

#include "sync_debug.h"

/**
 * DOC: Sync Debug
 *
 * Every &struct sync_timeline and every &struct sync_file is on a global
 * list from creation to release. sync_info_debugfs_show() writes, for each
 * timeline, its name and value and then one line per pending point:
 *
 *	<timeline name>: <value>
 *	  <seqno> <status>[ @<timestamp>]
 *
 * then, for each sync file, its name and overall status and one line per
 * fence it holds (the fences of a merged file one by one):
 *
 *	<sync file name>: <status>
 *	  <driver> <timeline> <seqno> <status>[ @<timestamp>]
 *
 * where status is "signaled", "active" or "error <errno>". The lists also
 * count the live objects, for the leak check at module unload. The module
 * calls sync_debugfs_init() at load to create debugfs sync/info (this dump)
 * and sync/sw_sync (&sw_sync_debugfs_fops), and sync_debugfs_exit() at
 * unload. The timeline list lock nests outside each timeline's lock. The
 * sync file list is only touched in process context (a sync file is made
 * by an ioctl or a driver's submit path and released by its file's
 * release), so its lock leaves interrupts on: the cheapest lock there is
 * for the two list operations every sync file costs.
 */

static struct dentry *sync_debugfs_dir;
static LIST_HEAD(sync_timeline_list_head);
static DEFINE_SPINLOCK(sync_timeline_list_lock);
static unsigned long sync_timeline_count;
static LIST_HEAD(sync_file_list_head);
static DEFINE_SPINLOCK(sync_file_list_lock);
static unsigned long sync_file_count;

/**
 * sync_timeline_debug_add() - put a timeline on the debug list
 * @obj: the new timeline
 */
void sync_timeline_debug_add(struct sync_timeline *obj)
{
	unsigned long flags;

	spin_lock_irqsave(&sync_timeline_list_lock, flags);
	list_add_tail(&obj->sync_timeline_list, &sync_timeline_list_head);
	sync_timeline_count++;
	spin_unlock_irqrestore(&sync_timeline_list_lock, flags);
}

/**
 * sync_timeline_debug_remove() - take a timeline off the debug list
 * @obj: the timeline, before it is freed
 */
void sync_timeline_debug_remove(struct sync_timeline *obj)
{
	unsigned long flags;

	spin_lock_irqsave(&sync_timeline_list_lock, flags);
	list_del(&obj->sync_timeline_list);
	sync_timeline_count--;
	spin_unlock_irqrestore(&sync_timeline_list_lock, flags);
}

/**
 * sync_file_debug_add() - put a sync file on the debug list
 * @sync_file: the new sync file
 */
void sync_file_debug_add(struct sync_file *sync_file)
{
	spin_lock(&sync_file_list_lock);
	list_add_tail(&sync_file->sync_file_list, &sync_file_list_head);
	sync_file_count++;
	spin_unlock(&sync_file_list_lock);
}

/**
 * sync_file_debug_remove() - take a sync file off the debug list
 * @sync_file: the sync file being released
 */
void sync_file_debug_remove(struct sync_file *sync_file)
{
	spin_lock(&sync_file_list_lock);
	list_del(&sync_file->sync_file_list);
	sync_file_count--;
	spin_unlock(&sync_file_list_lock);
}

/**
 * sync_timeline_live_count() - how many sw_sync timelines exist
 *
 * Return: the number of timelines created and not yet released.
 */
unsigned long sync_timeline_live_count(void)
{
	unsigned long flags, count;

	spin_lock_irqsave(&sync_timeline_list_lock, flags);
	count = sync_timeline_count;
	spin_unlock_irqrestore(&sync_timeline_list_lock, flags);
	return count;
}

/**
 * sync_file_live_count() - how many sync files exist
 *
 * Return: the number of sync files created and not yet released.
 */
unsigned long sync_file_live_count(void)
{
	unsigned long count;

	spin_lock(&sync_file_list_lock);
	count = sync_file_count;
	spin_unlock(&sync_file_list_lock);
	return count;
}

static const char *sync_status_str(int status)
{
	if (status < 0)
		return "error";
	return status ? "signaled" : "active";
}

/* Caller holds the fence lock, which is the timeline's lock. */
static void sync_print_pt(struct seq_file *s, struct sync_pt *pt)
{
	struct dma_fence *fence = &pt->base;
	int status = dma_fence_get_status_locked(fence);

	seq_printf(s, "  %llu %s", fence->seqno, sync_status_str(status));
	if (status < 0)
		seq_printf(s, " %d", status);
	if (test_bit(DMA_FENCE_FLAG_TIMESTAMP_BIT, &fence->flags))
		seq_printf(s, " @%lld", ktime_to_ns(fence->timestamp));
	seq_putc(s, '\n');
}

/* One fence of a sync file; takes the fence's lock. */
static void sync_print_fence(struct seq_file *s, struct dma_fence *fence)
{
	unsigned long flags;
	int status;

	spin_lock_irqsave(fence->lock, flags);
	status = dma_fence_get_status_locked(fence);
	seq_printf(s, "  %s %s %llu %s",
		   fence->ops->get_driver_name(fence),
		   fence->ops->get_timeline_name(fence), fence->seqno,
		   sync_status_str(status));
	if (status < 0)
		seq_printf(s, " %d", status);
	if (test_bit(DMA_FENCE_FLAG_TIMESTAMP_BIT, &fence->flags))
		seq_printf(s, " @%lld", ktime_to_ns(fence->timestamp));
	spin_unlock_irqrestore(fence->lock, flags);
	seq_putc(s, '\n');
}

static void sync_print_sync_file(struct seq_file *s,
				 struct sync_file *sync_file)
{
	struct dma_fence_unwrap iter;
	struct dma_fence *fence;
	char name[64];

	seq_printf(s, "%s: %s\n",
		   sync_file_get_name(sync_file, name, sizeof(name)),
		   sync_status_str(dma_fence_get_status(sync_file->fence)));
	dma_fence_unwrap_for_each(fence, &iter, sync_file->fence)
		sync_print_fence(s, fence);
}

static void sync_print_timeline(struct seq_file *s, struct sync_timeline *obj)
{
	struct sync_pt *pt;

	spin_lock(&obj->lock);
	seq_printf(s, "%s: %d\n", obj->name, obj->value);
	list_for_each_entry(pt, &obj->pt_list, link)
		sync_print_pt(s, pt);
	spin_unlock(&obj->lock);
}

/**
 * sync_info_debugfs_show() - write the state of every timeline
 * @s: the seq_file to write to
 * @unused: the seq_file's private data, not used
 *
 * Context: process context; takes the list locks (the timelines' with
 * interrupts off).
 *
 * Return: 0.
 */
int sync_info_debugfs_show(struct seq_file *s, void __always_unused *unused)
{
	struct sync_file *sync_file;
	struct sync_timeline *obj;

	seq_puts(s, "objs:\n--------------\n");

	spin_lock_irq(&sync_timeline_list_lock);
	list_for_each_entry(obj, &sync_timeline_list_head, sync_timeline_list)
		sync_print_timeline(s, obj);
	spin_unlock_irq(&sync_timeline_list_lock);

	seq_puts(s, "--------------\nfences:\n--------------\n");

	spin_lock(&sync_file_list_lock);
	list_for_each_entry(sync_file, &sync_file_list_head, sync_file_list)
		sync_print_sync_file(s, sync_file);
	spin_unlock(&sync_file_list_lock);

	seq_puts(s, "--------------\n");
	return 0;
}

DEFINE_SHOW_ATTRIBUTE(sync_info_debugfs);

/**
 * sync_debugfs_init() - create debugfs sync/info and sync/sw_sync
 *
 * Context: process context, at module load.
 *
 * Return: 0, or a negative errno if debugfs could not create the files
 * (-ENODEV without debugfs).
 */
int sync_debugfs_init(void)
{
	struct dentry *d;
	int err;

	sync_debugfs_dir = debugfs_create_dir("sync", NULL);
	if (IS_ERR(sync_debugfs_dir)) {
		err = PTR_ERR(sync_debugfs_dir);
		goto err_clear;
	}

	d = debugfs_create_file("info", 0444, sync_debugfs_dir, NULL,
				&sync_info_debugfs_fops);
	if (IS_ERR(d)) {
		err = PTR_ERR(d);
		goto err_remove_dir;
	}

	/* Like upstream: anyone who can reach debugfs may make timelines. */
	d = debugfs_create_file("sw_sync", 0644, sync_debugfs_dir, NULL,
				&sw_sync_debugfs_fops);
	if (IS_ERR(d)) {
		err = PTR_ERR(d);
		goto err_remove_dir;
	}
	return 0;

err_remove_dir:
	debugfs_remove_recursive(sync_debugfs_dir);
err_clear:
	sync_debugfs_dir = NULL;
	return err;
}

/**
 * sync_debugfs_exit() - remove what sync_debugfs_init() created
 *
 * Safe to call when sync_debugfs_init() failed or was never called.
 */
void sync_debugfs_exit(void)
{
	debugfs_remove_recursive(sync_debugfs_dir);
	sync_debugfs_dir = NULL;
}
