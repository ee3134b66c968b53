// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sync files: file descriptors that carry a dma_fence between drivers and
 * userspace, with poll(), merging and introspection through ioctls.
 */

#include <linux/anon_inodes.h>
#include <linux/dma-fence-array.h>
#include <linux/dma-fence-chain.h>
#include <linux/dma-fence-unwrap.h>
#include <linux/dma-fence.h>
#include <linux/export.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sync_file.h>
#include <linux/uaccess.h>

#include "sync_debug.h"

static const struct file_operations sync_file_fops;

/**
 * DOC: Sync File Overview
 *
 * A sync file is an anonymous-inode file that holds a reference to exactly
 * one &struct dma_fence for its whole life. Drivers export a fence with
 * sync_file_create() and install the file in a descriptor themselves
 * (get_unused_fd_flags() first, fd_install() last, once nothing can fail);
 * they import one with sync_file_get_fence(). The fence may be a container
 * (array or chain); userspace sees the fences inside it one by one.
 *
 * Userspace waits with poll(): the file becomes readable (EPOLLIN) when the
 * fence has signaled, whether it succeeded or failed. SYNC_IOC_MERGE makes a
 * new sync file that signals when both inputs have; SYNC_IOC_FILE_INFO
 * reports the name, the overall status and the state of every fence inside;
 * SYNC_IOC_SET_DEADLINE passes a deadline hint down to the fences' owners.
 */

/**
 * DOC: Sync File Rules
 *
 * Every ioctl copies its whole argument in first, then rejects nonzero
 * flags and pad with -EINVAL before looking at anything else, so that the
 * fields can be given a meaning later. A new descriptor is reserved before
 * any work and installed only after the result has been copied back, so a
 * failure never leaves a descriptor behind.
 *
 * Locking: a sync file has no lock of its own. Its fence never changes; the
 * poll callback is armed at most once (an atomic bit in &sync_file.flags)
 * and removed when the file is released, under the fence's own lock.
 */

static struct sync_file *sync_file_alloc(void)
{
	struct sync_file *sync_file;

	sync_file = kzalloc(sizeof(*sync_file), GFP_KERNEL);
	if (!sync_file)
		return NULL;

	sync_file->file = anon_inode_getfile("sync_file", &sync_file_fops,
					     sync_file, O_RDWR);
	if (IS_ERR(sync_file->file))
		goto err_free;

	init_waitqueue_head(&sync_file->wq);
	INIT_LIST_HEAD(&sync_file->cb.node);
	return sync_file;

err_free:
	kfree(sync_file);
	return NULL;
}

static void sync_file_fence_signaled(struct dma_fence *fence __always_unused,
				     struct dma_fence_cb *cb)
{
	struct sync_file *sync_file = container_of(cb, struct sync_file, cb);

	wake_up_all(&sync_file->wq);
}

/* A new file reference to the sync file behind @fd, or NULL. */
static struct sync_file *sync_file_fdget(int fd)
{
	struct file *file = fget(fd);

	if (!file)
		return NULL;

	if (file->f_op != &sync_file_fops)
		goto err_put;

	return file->private_data;

err_put:
	fput(file);
	return NULL;
}

/*
 * A new sync file named @name for the union of the fences of @a and @b: one
 * fence per context, the later one where both have the same context.
 */
static struct sync_file *sync_file_merge(const char *name, struct sync_file *a,
					 struct sync_file *b)
{
	struct sync_file *sync_file;
	struct dma_fence *fence;

	sync_file = sync_file_alloc();
	if (!sync_file)
		return NULL;

	fence = dma_fence_unwrap_merge(a->fence, b->fence);
	if (!fence)
		goto err_put_file;

	sync_file->fence = fence;
	strscpy(sync_file->user_name, name, sizeof(sync_file->user_name));
	sync_file_debug_add(sync_file);
	return sync_file;

err_put_file:
	fput(sync_file->file);
	return NULL;
}

static int sync_file_release(struct inode *inode __always_unused,
			     struct file *file)
{
	struct sync_file *sync_file = file->private_data;

	/*
	 * A file that failed half-way through creation has no fence and is
	 * not listed yet.
	 */
	if (sync_file->fence) {
		if (test_bit(SYNC_FILE_POLL_ENABLED, &sync_file->flags))
			dma_fence_remove_callback(sync_file->fence,
						  &sync_file->cb);
		sync_file_debug_remove(sync_file);
		dma_fence_put(sync_file->fence);
	}
	kfree(sync_file);
	return 0;
}

static __poll_t sync_file_poll(struct file *file, poll_table *wait)
{
	struct sync_file *sync_file = file->private_data;

	poll_wait(file, &sync_file->wq, wait);

	if (list_empty(&sync_file->cb.node) &&
	    !test_and_set_bit(SYNC_FILE_POLL_ENABLED, &sync_file->flags)) {
		if (dma_fence_add_callback(sync_file->fence, &sync_file->cb,
					   sync_file_fence_signaled) < 0)
			wake_up_all(&sync_file->wq);
	}

	return dma_fence_is_signaled(sync_file->fence) ? EPOLLIN : 0;
}

static long sync_file_ioctl_merge(struct sync_file *sync_file,
				  unsigned long arg)
{
	struct sync_merge_data __user *udata = (void __user *)arg;
	struct sync_file *other, *merged;
	struct sync_merge_data data;
	int fd, err;

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;

	if (copy_from_user(&data, udata, sizeof(data))) {
		err = -EFAULT;
		goto err_put_fd;
	}

	if (data.flags || data.pad) {
		err = -EINVAL;
		goto err_put_fd;
	}

	other = sync_file_fdget(data.fd2);
	if (!other) {
		err = -ENOENT;
		goto err_put_fd;
	}

	data.name[sizeof(data.name) - 1] = '\0';
	merged = sync_file_merge(data.name, sync_file, other);
	if (!merged) {
		err = -ENOMEM;
		goto err_put_other;
	}

	data.fence = fd;
	if (copy_to_user(udata, &data, sizeof(data))) {
		err = -EFAULT;
		goto err_put_merged;
	}

	fd_install(fd, merged->file);
	fput(other->file);
	return 0;

err_put_merged:
	fput(merged->file);
err_put_other:
	fput(other->file);
err_put_fd:
	put_unused_fd(fd);
	return err;
}

/*
 * The status dma_fence_get_status() would return, without the fence's
 * lock: the error is set before the signaled bit and never changes after.
 */
static int sync_file_fence_status(struct dma_fence *fence)
{
	int error;

	if (!dma_fence_is_signaled(fence))
		return 0;

	smp_rmb(); /* the error, after the signaled bit */
	error = READ_ONCE(fence->error);
	return error ? error : 1;
}

/*
 * Fill @info for @fence and return its status. @info is on the stack:
 * zeroed first, so that nothing of the stack reaches userspace past the
 * names' terminators.
 */
static int sync_file_fill_fence_info(struct dma_fence *fence,
				     struct sync_fence_info *info)
{
	memset(info, 0, sizeof(*info));
	strscpy(info->obj_name, fence->ops->get_timeline_name(fence),
		sizeof(info->obj_name));
	strscpy(info->driver_name, fence->ops->get_driver_name(fence),
		sizeof(info->driver_name));

	info->status = sync_file_fence_status(fence);
	if (info->status)
		info->timestamp_ns = ktime_to_ns(dma_fence_timestamp(fence));

	return info->status;
}

/*
 * The fences of a sync file are those dma_fence_unwrap_for_each() visits.
 * Only chains need the walk: an array lists its members, and the file's
 * reference keeps them alive; any other fence is alone.
 */
static unsigned int sync_file_count_fences(struct sync_file *sync_file)
{
	struct dma_fence_array *array = to_dma_fence_array(sync_file->fence);
	struct dma_fence_unwrap iter;
	struct dma_fence *fence;
	unsigned int count = 0;

	if (array)
		return array->num_fences;
	if (!to_dma_fence_chain(sync_file->fence))
		return 1;

	dma_fence_unwrap_for_each(fence, &iter, sync_file->fence)
		count++;
	return count;
}

/* sync_fence_info records filled on the stack, then copied out at once. */
#define SYNC_FILE_INFO_BATCH	4

struct sync_file_info_out {
	struct sync_fence_info batch[SYNC_FILE_INFO_BATCH];
	struct sync_fence_info __user *user;
	unsigned int n;		/* records in @batch */
	unsigned int count;	/* records filled in all */
	int status;		/* the file's, so far */
};

static int sync_file_info_flush(struct sync_file_info_out *out)
{
	if (copy_to_user(out->user, out->batch, out->n * sizeof(out->batch[0])))
		return -EFAULT;
	out->user += out->n;
	out->n = 0;
	return 0;
}

/*
 * Record @fence. The file is signaled once every fence is; an error in
 * any fence is the file's status.
 */
static int sync_file_info_add(struct sync_file_info_out *out,
			      struct dma_fence *fence)
{
	int status = sync_file_fill_fence_info(fence, &out->batch[out->n++]);

	out->count++;
	if (out->status > 0)
		out->status = status;
	return out->n == SYNC_FILE_INFO_BATCH ? sync_file_info_flush(out) : 0;
}

/* Fill @out with at most @max records, one pass over the fences. */
static int sync_file_info_fill(struct sync_file *sync_file,
			       struct sync_file_info_out *out, unsigned int max)
{
	struct dma_fence_array *array = to_dma_fence_array(sync_file->fence);
	struct dma_fence_unwrap iter;
	struct dma_fence *fence;
	unsigned int i;
	int err = 0;

	out->status = 1;
	if (array) {
		for (i = 0; i < array->num_fences && !err; i++)
			err = sync_file_info_add(out, array->fences[i]);
	} else if (!to_dma_fence_chain(sync_file->fence)) {
		err = sync_file_info_add(out, sync_file->fence);
	} else {
		dma_fence_unwrap_for_each(fence, &iter, sync_file->fence) {
			/* The walk skips signaled chain links: it only shrinks. */
			if (out->count == max)
				err = -ENOSPC;
			else
				err = sync_file_info_add(out, fence);
			if (err) {
				dma_fence_put(iter.chain);
				break;
			}
		}
		if (err == -ENOSPC)
			err = 0;
	}

	if (!err && out->n)
		err = sync_file_info_flush(out);
	return err;
}

static long sync_file_ioctl_fence_info(struct sync_file *sync_file,
				       unsigned long arg)
{
	struct sync_file_info __user *uinfo = (void __user *)arg;
	struct sync_file_info_out out;
	struct sync_file_info info;
	unsigned int count;

	if (copy_from_user(&info, uinfo, sizeof(info)))
		return -EFAULT;

	if (info.flags || info.pad)
		return -EINVAL;

	count = sync_file_count_fences(sync_file);

	/* num_fences == 0 asks for the count (and name and status) only. */
	if (!info.num_fences) {
		info.status = dma_fence_get_status(sync_file->fence);
		goto out_copy;
	}

	if (info.num_fences < count)
		return -EINVAL;

	out.user = u64_to_user_ptr(info.sync_fence_info);
	out.n = 0;
	out.count = 0;
	if (sync_file_info_fill(sync_file, &out, count))
		return -EFAULT;
	info.status = out.status;
	count = out.count;

out_copy:
	sync_file_get_name(sync_file, info.name, sizeof(info.name));
	info.num_fences = count;

	if (copy_to_user(uinfo, &info, sizeof(info)))
		return -EFAULT;
	return 0;
}

static long sync_file_ioctl_set_deadline(struct sync_file *sync_file,
					 unsigned long arg)
{
	struct sync_set_deadline ts;

	if (copy_from_user(&ts, (void __user *)arg, sizeof(ts)))
		return -EFAULT;

	if (ts.pad)
		return -EINVAL;

	dma_fence_set_deadline(sync_file->fence, ns_to_ktime(ts.deadline_ns));
	return 0;
}

static long sync_file_ioctl(struct file *file, unsigned int cmd,
			    unsigned long arg)
{
	struct sync_file *sync_file = file->private_data;

	switch (cmd) {
	case SYNC_IOC_MERGE:
		return sync_file_ioctl_merge(sync_file, arg);
	case SYNC_IOC_FILE_INFO:
		return sync_file_ioctl_fence_info(sync_file, arg);
	case SYNC_IOC_SET_DEADLINE:
		return sync_file_ioctl_set_deadline(sync_file, arg);
	default:
		return -ENOTTY;
	}
}

/**
 * sync_file_create() - wrap a fence in a new sync file
 * @fence: the fence; the sync file takes its own reference
 *
 * The new file is not installed in any descriptor table: the caller
 * reserves a descriptor with get_unused_fd_flags() beforehand and passes
 * &sync_file.file to fd_install() once nothing else can fail, or drops it
 * with fput().
 *
 * Context: process context; may sleep.
 *
 * Return: the new sync file, or NULL if out of memory.
 */
struct sync_file *sync_file_create(struct dma_fence *fence)
{
	struct sync_file *sync_file;

	sync_file = sync_file_alloc();
	if (!sync_file)
		return NULL;

	sync_file->fence = dma_fence_get(fence);
	sync_file_debug_add(sync_file);
	return sync_file;
}
EXPORT_SYMBOL(sync_file_create);

/**
 * sync_file_get_fence() - the fence of the sync file behind a descriptor
 * @fd: a file descriptor of the calling process
 *
 * Context: process context.
 *
 * Return: a new reference to the fence, or NULL if @fd is not an open
 * sync file.
 */
struct dma_fence *sync_file_get_fence(int fd)
{
	struct sync_file *sync_file;
	struct dma_fence *fence;

	sync_file = sync_file_fdget(fd);
	if (!sync_file)
		return NULL;

	fence = dma_fence_get(sync_file->fence);
	fput(sync_file->file);
	return fence;
}
EXPORT_SYMBOL(sync_file_get_fence);

/**
 * sync_file_get_name() - the name of a sync file
 * @sync_file: the sync file
 * @buf: where to write the name
 * @len: size of @buf, at least 1
 *
 * The name given at merge time if there was one, otherwise one made from
 * the fence: "<driver>-<timeline><context>-<seqno>". Always terminated,
 * truncated to fit.
 *
 * Return: @buf.
 */
char *sync_file_get_name(struct sync_file *sync_file, char *buf, int len)
{
	struct dma_fence *fence = sync_file->fence;

	if (sync_file->user_name[0]) {
		strscpy(buf, sync_file->user_name, len);
		return buf;
	}

	snprintf(buf, len, "%s-%s%llu-%llu", fence->ops->get_driver_name(fence),
		 fence->ops->get_timeline_name(fence), fence->context,
		 fence->seqno);
	return buf;
}
EXPORT_SYMBOL(sync_file_get_name);

static const struct file_operations sync_file_fops = {
	.owner = THIS_MODULE,
	.release = sync_file_release,
	.poll = sync_file_poll,
	.unlocked_ioctl = sync_file_ioctl,
	.compat_ioctl = sync_file_ioctl,
};
