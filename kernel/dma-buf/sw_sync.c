// SPDX-License-Identifier: GPL-2.0-only
/*
 * sw_sync: software timelines whose fences userspace creates and signals,
 * for testing everything that consumes sync files.
 */

#include <linux/dma-fence.h>
#include <linux/export.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sync_file.h>
#include <linux/uaccess.h>
#include <uapi/linux/sw_sync.h>

#include "sync_debug.h"

static const struct dma_fence_ops timeline_fence_ops;

/**
 * DOC: SW Sync Overview
 *
 * Each open of the sw_sync file (debugfs sync/sw_sync, created by the
 * module through sync_debugfs_init()) makes a new &struct sync_timeline
 * with its own fence context, at value 0. SW_SYNC_IOC_CREATE_FENCE adds a
 * point (&struct sync_pt) that signals when the timeline reaches a value
 * and returns it as a sync file; SW_SYNC_IOC_INC advances the timeline and
 * signals, in order, every point it passes. Closing the file signals every
 * point still pending with -ENOENT, so nobody waits forever on a timeline
 * that can no longer advance.
 *
 * This is a test interface: any process that can open the file can create
 * fences that never signal until it closes the file.
 */

/**
 * DOC: SW Sync Locking
 *
 * &sync_timeline.lock is the fence lock of every point on the timeline and
 * protects the value, the tree and the list. Unsignaled points are on both
 * the tree (to find an existing point with the same value) and the list (to
 * signal in order); a point leaves both when it signals or is freed.
 *
 * Signaling runs fence callbacks under the lock, and a callback may drop
 * the last reference to the point, whose release takes the same lock. So
 * the signaling loops take a reference on each point before signaling it
 * and drop those references only after unlocking.
 */

static inline struct sync_pt *dma_fence_to_sync_pt(struct dma_fence *fence)
{
	if (fence->ops != &timeline_fence_ops)
		return NULL;
	return container_of(fence, struct sync_pt, base);
}

static struct sync_timeline *sync_timeline_create(const char *name)
{
	struct sync_timeline *obj;

	obj = kzalloc(sizeof(*obj), GFP_KERNEL);
	if (!obj)
		return NULL;

	kref_init(&obj->kref);
	obj->context = dma_fence_context_alloc(1);
	strscpy(obj->name, name, sizeof(obj->name));
	obj->pt_tree = RB_ROOT;
	INIT_LIST_HEAD(&obj->pt_list);
	spin_lock_init(&obj->lock);

	sync_timeline_debug_add(obj);
	return obj;
}

static void sync_timeline_free(struct kref *kref)
{
	struct sync_timeline *obj =
		container_of(kref, struct sync_timeline, kref);

	sync_timeline_debug_remove(obj);
	kfree(obj);
}

static void sync_timeline_get(struct sync_timeline *obj)
{
	kref_get(&obj->kref);
}

static void sync_timeline_put(struct sync_timeline *obj)
{
	kref_put(&obj->kref, sync_timeline_free);
}

static const char *
timeline_fence_get_driver_name(struct dma_fence *fence __always_unused)
{
	return "sw_sync";
}

static const char *timeline_fence_get_timeline_name(struct dma_fence *fence)
{
	return dma_fence_parent(fence)->name;
}

static bool timeline_fence_signaled(struct dma_fence *fence)
{
	struct sync_timeline *parent = dma_fence_parent(fence);

	return !__dma_fence_is_later(fence->seqno, (u32)READ_ONCE(parent->value),
				     fence->ops);
}

static void timeline_fence_release(struct dma_fence *fence)
{
	struct sync_pt *pt = dma_fence_to_sync_pt(fence);
	struct sync_timeline *parent = dma_fence_parent(fence);
	unsigned long flags;

	spin_lock_irqsave(fence->lock, flags);
	if (!list_empty(&pt->link)) {
		list_del(&pt->link);
		rb_erase(&pt->node, &parent->pt_tree);
	}
	spin_unlock_irqrestore(fence->lock, flags);

	sync_timeline_put(parent);
	dma_fence_free(fence);
}

static void timeline_fence_value_str(struct dma_fence *fence, char *str,
				     int size)
{
	snprintf(str, size, "%llu", fence->seqno);
}

static void timeline_fence_timeline_value_str(struct dma_fence *fence,
					      char *str, int size)
{
	snprintf(str, size, "%d", READ_ONCE(dma_fence_parent(fence)->value));
}

static void timeline_fence_set_deadline(struct dma_fence *fence,
					ktime_t deadline)
{
	struct sync_pt *pt = dma_fence_to_sync_pt(fence);
	unsigned long flags;

	spin_lock_irqsave(fence->lock, flags);
	if (!test_bit(SW_SYNC_HAS_DEADLINE_BIT, &fence->flags) ||
	    ktime_before(deadline, pt->deadline))
		pt->deadline = deadline;
	__set_bit(SW_SYNC_HAS_DEADLINE_BIT, &fence->flags);
	spin_unlock_irqrestore(fence->lock, flags);
}

static const struct dma_fence_ops timeline_fence_ops = {
	.get_driver_name = timeline_fence_get_driver_name,
	.get_timeline_name = timeline_fence_get_timeline_name,
	.signaled = timeline_fence_signaled,
	.release = timeline_fence_release,
	.fence_value_str = timeline_fence_value_str,
	.timeline_value_str = timeline_fence_timeline_value_str,
	.set_deadline = timeline_fence_set_deadline,
};

/*
 * Signal the points of @obj that the value has reached, with @error first
 * if nonzero, or all of them if @all. Caller holds @obj->lock; the points
 * are moved to @done with a reference each, for the caller to drop with
 * sync_pt_put_list() after unlocking.
 */
static void sync_timeline_signal_locked(struct sync_timeline *obj, bool all,
					int error, struct list_head *done)
{
	struct sync_pt *pt, *next;

	lockdep_assert_held(&obj->lock);

	list_for_each_entry_safe(pt, next, &obj->pt_list, link) {
		if (!all && !timeline_fence_signaled(&pt->base))
			break;

		dma_fence_get(&pt->base);
		list_move_tail(&pt->link, done);
		rb_erase(&pt->node, &obj->pt_tree);
		if (error)
			dma_fence_set_error(&pt->base, error);
		dma_fence_signal_locked(&pt->base);
	}
}

static void sync_pt_put_list(struct list_head *done)
{
	struct sync_pt *pt, *next;

	list_for_each_entry_safe(pt, next, done, link) {
		list_del_init(&pt->link);
		dma_fence_put(&pt->base);
	}
}

/* Advance @obj by @inc and signal the points it reaches. */
static void sync_timeline_signal(struct sync_timeline *obj, unsigned int inc)
{
	LIST_HEAD(done);

	spin_lock_irq(&obj->lock);
	/* Lockless readers: timeline_fence_signaled() and the dumps. */
	WRITE_ONCE(obj->value, obj->value + inc);
	sync_timeline_signal_locked(obj, false, 0, &done);
	spin_unlock_irq(&obj->lock);

	sync_pt_put_list(&done);
}

/*
 * Link @pt into the tree and list of @obj, or return an existing point with
 * the same value (with a new reference) and leave @pt alone. Caller holds
 * @obj->lock.
 */
static struct sync_pt *sync_pt_insert_locked(struct sync_timeline *obj,
					     struct sync_pt *pt)
{
	struct rb_node **link = &obj->pt_tree.rb_node;
	struct rb_node *parent = NULL, *next;

	while (*link) {
		struct sync_pt *other;
		s32 cmp;

		parent = *link;
		other = rb_entry(parent, struct sync_pt, node);
		cmp = (s32)(lower_32_bits(pt->base.seqno) -
			    lower_32_bits(other->base.seqno));
		if (cmp > 0) {
			link = &parent->rb_right;
		} else if (cmp < 0) {
			link = &parent->rb_left;
		} else {
			/* A point on its way to being freed does not count. */
			if (dma_fence_get_rcu(&other->base))
				return other;
			link = &parent->rb_left;
		}
	}
	rb_link_node(&pt->node, parent, link);
	rb_insert_color(&pt->node, &obj->pt_tree);

	next = rb_next(&pt->node);
	list_add_tail(&pt->link, next ?
		      &rb_entry(next, struct sync_pt, node)->link :
		      &obj->pt_list);
	return pt;
}

/* A point on @obj at @value, with a reference, or NULL if out of memory. */
static struct sync_pt *sync_pt_create(struct sync_timeline *obj,
				      unsigned int value)
{
	struct sync_pt *pt, *found = NULL;

	pt = kzalloc(sizeof(*pt), GFP_KERNEL);
	if (!pt)
		return NULL;

	sync_timeline_get(obj);
	dma_fence_init(&pt->base, &timeline_fence_ops, &obj->lock,
		       obj->context, value);
	INIT_LIST_HEAD(&pt->link);

	spin_lock_irq(&obj->lock);
	if (!dma_fence_is_signaled_locked(&pt->base))
		found = sync_pt_insert_locked(obj, pt);
	spin_unlock_irq(&obj->lock);

	if (found && found != pt) {
		/* Never published: drop it without running release. */
		sync_timeline_put(obj);
		kfree(pt);
		return found;
	}
	return pt;
}

static int sw_sync_debugfs_open(struct inode *inode __always_unused,
				struct file *file)
{
	char task_comm[TASK_COMM_LEN];
	struct sync_timeline *obj;

	get_task_comm(task_comm, current);

	obj = sync_timeline_create(task_comm);
	if (!obj)
		return -ENOMEM;

	file->private_data = obj;
	return 0;
}

static int sw_sync_debugfs_release(struct inode *inode __always_unused,
				   struct file *file)
{
	struct sync_timeline *obj = file->private_data;
	LIST_HEAD(done);

	spin_lock_irq(&obj->lock);
	sync_timeline_signal_locked(obj, true, -ENOENT, &done);
	spin_unlock_irq(&obj->lock);

	sync_pt_put_list(&done);
	sync_timeline_put(obj);
	return 0;
}

static long sw_sync_ioctl_create_fence(struct sync_timeline *obj,
				       unsigned long arg)
{
	struct sw_sync_create_fence_data __user *udata = (void __user *)arg;
	struct sw_sync_create_fence_data data;
	struct sync_file *sync_file;
	struct sync_pt *pt;
	int fd, err;

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;

	if (copy_from_user(&data, udata, sizeof(data))) {
		err = -EFAULT;
		goto err_put_fd;
	}

	pt = sync_pt_create(obj, data.value);
	if (!pt) {
		err = -ENOMEM;
		goto err_put_fd;
	}

	sync_file = sync_file_create(&pt->base);
	dma_fence_put(&pt->base);
	if (!sync_file) {
		err = -ENOMEM;
		goto err_put_fd;
	}

	data.fence = fd;
	if (copy_to_user(udata, &data, sizeof(data))) {
		err = -EFAULT;
		goto err_put_file;
	}

	fd_install(fd, sync_file->file);
	return 0;

err_put_file:
	fput(sync_file->file);
err_put_fd:
	put_unused_fd(fd);
	return err;
}

static long sw_sync_ioctl_inc(struct sync_timeline *obj, unsigned long arg)
{
	u32 value;

	if (copy_from_user(&value, (void __user *)arg, sizeof(value)))
		return -EFAULT;

	/* The timeline value is an int: advance in steps it can hold. */
	while (value > INT_MAX) {
		sync_timeline_signal(obj, INT_MAX);
		value -= INT_MAX;
	}
	sync_timeline_signal(obj, value);
	return 0;
}

/*
 * The deadline a sw_sync fence was given, so that tests can see a deadline
 * hint travel through sync files and containers to the fence's
 * &dma_fence_ops.set_deadline. Any sw_sync fence will do, whichever
 * timeline it is on.
 */
static long sw_sync_ioctl_get_deadline(unsigned long arg)
{
	struct sw_sync_get_deadline __user *udata = (void __user *)arg;
	struct sw_sync_get_deadline data;
	struct dma_fence *fence;
	unsigned long flags;
	struct sync_pt *pt;
	long ret = 0;

	if (copy_from_user(&data, udata, sizeof(data)))
		return -EFAULT;
	if (data.deadline_ns || data.pad)
		return -EINVAL;

	fence = sync_file_get_fence(data.fence_fd);
	if (!fence)
		return -EINVAL;
	pt = dma_fence_to_sync_pt(fence);
	if (!pt) {
		ret = -EINVAL;
		goto out_put;
	}

	spin_lock_irqsave(fence->lock, flags);
	if (test_bit(SW_SYNC_HAS_DEADLINE_BIT, &fence->flags))
		data.deadline_ns = ktime_to_ns(pt->deadline);
	else
		ret = -ENOENT;
	spin_unlock_irqrestore(fence->lock, flags);

	if (!ret && copy_to_user(udata, &data, sizeof(data)))
		ret = -EFAULT;
out_put:
	dma_fence_put(fence);
	return ret;
}

static long sw_sync_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	struct sync_timeline *obj = file->private_data;

	switch (cmd) {
	case SW_SYNC_IOC_CREATE_FENCE:
		return sw_sync_ioctl_create_fence(obj, arg);
	case SW_SYNC_IOC_INC:
		return sw_sync_ioctl_inc(obj, arg);
	case SW_SYNC_GET_DEADLINE:
		return sw_sync_ioctl_get_deadline(arg);
	default:
		return -ENOTTY;
	}
}

const struct file_operations sw_sync_debugfs_fops = {
	.owner = THIS_MODULE,
	.open = sw_sync_debugfs_open,
	.release = sw_sync_debugfs_release,
	.unlocked_ioctl = sw_sync_ioctl,
	.compat_ioctl = sw_sync_ioctl,
};
