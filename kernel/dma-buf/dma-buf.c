// SPDX-License-Identifier: GPL-2.0-only
/*
 * The dma-buf core: exporting a buffer as a reference-counted file with a
 * reservation object, and CPU access to it from the kernel.
 */

#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/dma-buf.h>
#include <linux/dma-fence-unwrap.h>
#include <linux/dma-resv.h>
#include <linux/export.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/pseudo_fs.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sync_file.h>
#include <linux/uaccess.h>

#include <uapi/linux/dma-buf.h>
#include <uapi/linux/magic.h>

/**
 * DOC: dma buf device access
 *
 * An exporter wraps its buffer in a &struct dma_buf with dma_buf_export(),
 * giving a &struct dma_buf_export_info (usually declared with
 * DEFINE_DMA_BUF_EXPORT_INFO()) that names its &struct dma_buf_ops, the size
 * and its private data. The buffer is a file underneath: its reference count
 * is the file's, taken with get_dma_buf() and dropped with dma_buf_put().
 * When the last reference goes, the exporter's &dma_buf_ops.release runs and
 * the core frees the rest.
 *
 * Every buffer has a reservation object, &dma_buf.resv: the exporter's own
 * when it passes one in &dma_buf_export_info.resv (so that a buffer object
 * and its dma-buf share fences), else one embedded in the dma-buf. The
 * fences in it tell every user of the buffer when earlier access is over.
 */

/**
 * DOC: cpu access
 *
 * The kernel reaches a buffer's contents in two steps. dma_buf_vmap() maps
 * the whole buffer, through the exporter's optional &dma_buf_ops.vmap, and
 * describes the mapping with a &struct iosys_map, which may point at I/O
 * memory. The core keeps one mapping per buffer and counts its users under
 * &dma_buf.lock, so only the first dma_buf_vmap() and the last
 * dma_buf_vunmap() reach the exporter.
 *
 * Accesses through the mapping are bracketed by dma_buf_begin_cpu_access()
 * and dma_buf_end_cpu_access(), which let the exporter flush or invalidate
 * caches for the direction of access. dma_buf_begin_cpu_access() also waits,
 * interruptibly, for the implicit fences in &dma_buf.resv: the write fences
 * before a read, every read and write fence before a write.
 *
 * Both steps may sleep.
 */

/**
 * DOC: dma buf locking
 *
 * &dma_buf.lock serialises the kernel mapping; the list of all buffers has a
 * mutex of its own; the attachment list and the buffer's placement are
 * protected by the reservation lock. Exporter callbacks documented as called
 * with a lock held must not take that lock again.
 */

/**
 * DOC: dma buf file descriptors
 *
 * A dma-buf reaches userspace as a file descriptor, made with dma_buf_fd()
 * (exporters pass O_CLOEXEC unless userspace asked otherwise) and turned
 * back into a buffer with dma_buf_get(). What userspace can do with it:
 *
 * - llseek(): only to learn the size, with offset 0 and %SEEK_END (the
 *   size) or %SEEK_SET (0); anything else is -EINVAL.
 * - mmap(): through the exporter's &dma_buf_ops.mmap; a range beyond the
 *   buffer is -EINVAL, and an exporter without mmap makes every mmap()
 *   fail with -EINVAL. CPU accesses are bracketed with %DMA_BUF_IOCTL_SYNC.
 * - poll(): %EPOLLIN once the buffer may be read (its write fences have
 *   signaled), %EPOLLOUT once it may be written (every fence has
 *   signaled). See "implicit fence polling" below.
 * - ioctl(): %DMA_BUF_IOCTL_SYNC, %DMA_BUF_SET_NAME (both sizes of the
 *   historical argument type), %DMA_BUF_IOCTL_EXPORT_SYNC_FILE and
 *   %DMA_BUF_IOCTL_IMPORT_SYNC_FILE; anything else is -ENOTTY.
 * - /proc/<pid>/fdinfo/<fd>: the size, the number of file references, the
 *   exporter's name and the name userspace set, in the lines Linux prints.
 *
 * Each buffer's file has an inode of its own on a small internal
 * filesystem, mounted by dma_buf_init(): fstat() reports the buffer's size
 * and an inode number unique among dma-bufs, and /proc/<pid>/fd shows the
 * link "/dmabuf:<name>" with the name userspace gave the buffer.
 */

/**
 * DOC: implicit fence polling
 *
 * poll() on a dma-buf answers the question "may I touch this buffer now?"
 * for the implicitly synchronised users of the buffer. %EPOLLIN asks about
 * reading, which must wait for the writers (%DMA_RESV_USAGE_WRITE);
 * %EPOLLOUT asks about writing, which must wait for everybody
 * (%DMA_RESV_USAGE_READ and below).
 *
 * For each of the two events the buffer owns one fence callback,
 * &dma_buf.cb_in and &dma_buf.cb_out. A poll() that finds the callback idle
 * arms it on the first unsignaled fence of the usage class and reports the
 * event not ready; when that fence signals, the callback wakes every poller
 * with the event and goes idle, and the next poll() looks again (and arms
 * on the next unsignaled fence if there is one). While a callback is armed,
 * pollers simply wait for its wake-up. An armed callback holds a reference
 * to the buffer's file, so the buffer outlives it.
 *
 * A poll() that finds no unsignaled fence of the class reports the event
 * ready without touching the callback: nothing needs arming, and nobody can
 * be waiting for a wake-up from it (a poller only waits while a callback
 * is armed, and that callback wakes it). So the common case, an idle
 * buffer, costs a walk of the fences and no lock besides the reservation
 * lock. An armed callback whose fence has just signaled does not hold the
 * answer back either: the event is reported ready and the callback's
 * wake-up follows.
 *
 * The fences are looked at under the reservation lock, so a poll() sees a
 * consistent set, but nothing stops a driver from adding a fence right
 * after: the answer is a snapshot, as it is for every poll().
 */

/* The internal filesystem of dma-buf inodes. */
static struct vfsmount *dma_buf_mnt;

/*
 * The path of a dma-buf's file, as /proc/<pid>/fd shows it: "/dmabuf:"
 * followed by the buffer's name. Called only while the file is open.
 */
static char *dma_buf_dname(struct dentry *dentry, char *buffer, int buflen)
{
	struct dma_buf *dmabuf = dentry->d_fsdata;
	char name[DMA_BUF_NAME_LEN] = "";
	char path[DMA_BUF_NAME_LEN + 16];
	int len;

	if (dmabuf) {
		spin_lock(&dmabuf->name_lock);
		if (dmabuf->name)
			strscpy(name, dmabuf->name, sizeof(name));
		spin_unlock(&dmabuf->name_lock);
	}

	/* Like every d_dname, the result ends at the end of @buffer. */
	len = snprintf(path, sizeof(path), "/%s:%s", dentry->d_name.name,
		       name) + 1;
	if (len > buflen)
		return ERR_PTR(-ENAMETOOLONG);
	return memcpy(buffer + buflen - len, path, len);
}

static const struct dentry_operations dma_buf_dentry_ops = {
	.d_dname = dma_buf_dname,
};

static int dma_buf_fs_init_context(struct fs_context *fc)
{
	struct pseudo_fs_context *ctx = init_pseudo(fc, DMA_BUF_MAGIC);

	if (!ctx)
		return -ENOMEM;
	ctx->dops = &dma_buf_dentry_ops;
	return 0;
}

/* No owner: the mount must not pin the module that unmounts it. */
static struct file_system_type dma_buf_fs_type = {
	.name = "dmabuf",
	.init_fs_context = dma_buf_fs_init_context,
	.kill_sb = kill_anon_super,
};

/**
 * dma_buf_init() - set up the dma-buf core
 *
 * Mounts the internal filesystem that dma-buf files live on. Called once
 * before the first dma_buf_export(): at module load, or at the start of a
 * program on the userspace host.
 *
 * Return: 0, or the negative errno of the mount.
 */
int dma_buf_init(void)
{
	dma_buf_mnt = kern_mount(&dma_buf_fs_type);
	if (IS_ERR(dma_buf_mnt)) {
		int err = PTR_ERR(dma_buf_mnt);

		dma_buf_mnt = NULL;
		return err;
	}
	return 0;
}

/**
 * dma_buf_exit() - undo dma_buf_init()
 *
 * Every dma-buf must be gone.
 */
void dma_buf_exit(void)
{
	WARN_ON(dma_buf_live_count());
	kern_unmount(dma_buf_mnt);
	dma_buf_mnt = NULL;
}

/* Every live dma-buf, for debugging dumps. */
static LIST_HEAD(dma_buf_list);
static DEFINE_MUTEX(dma_buf_list_lock);
static unsigned long dma_buf_count;

/* A dma-buf together with the reservation object it uses by default. */
struct dma_buf_resv_embed {
	struct dma_buf dmabuf;
	struct dma_resv resv;
};

static struct dma_buf_resv_embed *to_embed(struct dma_buf *dmabuf)
{
	return container_of(dmabuf, struct dma_buf_resv_embed, dmabuf);
}

static bool dma_buf_resv_is_embedded(struct dma_buf *dmabuf)
{
	return dmabuf->resv == &to_embed(dmabuf)->resv;
}

/* Free what dma_buf_export() built, once the file no longer points at it. */
static void dma_buf_destroy(struct dma_buf *dmabuf)
{
	if (dma_buf_resv_is_embedded(dmabuf))
		dma_resv_fini(dmabuf->resv);
	mutex_destroy(&dmabuf->lock);
	kfree(dmabuf->name);
	kfree(to_embed(dmabuf));
}

static int dma_buf_file_release(struct inode *inode __always_unused,
				struct file *file)
{
	struct dma_buf *dmabuf = file->private_data;
	struct module *owner = dmabuf->owner;

	mutex_lock(&dma_buf_list_lock);
	list_del(&dmabuf->list_node);
	dma_buf_count--;
	mutex_unlock(&dma_buf_list_lock);
	file->f_path.dentry->d_fsdata = NULL;

	/* Leftovers here are reference counting bugs of users. */
	WARN_ON(dmabuf->vmapping_counter);
	WARN_ON(dmabuf->cb_in.active || dmabuf->cb_out.active);
	WARN_ON(!list_empty(&dmabuf->attachments));

	dmabuf->ops->release(dmabuf);
	dma_buf_destroy(dmabuf);
	module_put(owner);
	return 0;
}

/*
 * Only finding the size is supported: SEEK_END or SEEK_SET, offset 0, so that
 * the usual size = lseek(fd, 0, SEEK_END); lseek(fd, 0, SEEK_SET); works.
 */
static loff_t dma_buf_llseek(struct file *file, loff_t offset, int whence)
{
	struct dma_buf *dmabuf = file->private_data;

	if (offset != 0)
		return -EINVAL;

	switch (whence) {
	case SEEK_SET:
		return 0;
	case SEEK_END:
		return dmabuf->size;
	default:
		return -EINVAL;
	}
}

static const struct file_operations dma_buf_fops;

static bool is_dma_buf_file(struct file *file)
{
	return file->f_op == &dma_buf_fops;
}

static int dma_buf_file_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct dma_buf *dmabuf = file->private_data;

	if (!dmabuf->ops->mmap)
		return -EINVAL;
	/* vm_pgoff is in pages, and the range must lie inside the buffer. */
	if (vma->vm_pgoff + vma_pages(vma) < vma->vm_pgoff ||
	    vma->vm_pgoff + vma_pages(vma) > dmabuf->size >> PAGE_SHIFT)
		return -EINVAL;

	return dmabuf->ops->mmap(dmabuf, vma);
}

/*
 * Fence callback of an armed poll callback: wake the pollers of its event,
 * go idle, and drop what dma_buf_poll_event() took. Also called with a
 * NULL @fence when arming found nothing to wait for.
 */
static void dma_buf_poll_cb(struct dma_fence *fence, struct dma_fence_cb *cb)
{
	struct dma_buf_poll_cb_t *dcb =
		container_of(cb, struct dma_buf_poll_cb_t, cb);
	struct dma_buf *dmabuf = container_of(dcb->poll, struct dma_buf, poll);
	unsigned long flags;

	spin_lock_irqsave(&dcb->poll->lock, flags);
	wake_up_locked_poll(dcb->poll, dcb->active);
	dcb->active = 0;
	spin_unlock_irqrestore(&dcb->poll->lock, flags);

	dma_fence_put(fence);
	fput(dmabuf->file);
}

/*
 * Arm @dcb on @fence, the first unsignaled fence of @cursor's walk, or on a
 * later one if @fence signals meanwhile; false if every one has signaled.
 */
static bool dma_buf_poll_arm(struct dma_resv_iter *cursor,
			     struct dma_fence *fence,
			     struct dma_buf_poll_cb_t *dcb)
{
	for (; fence; fence = dma_resv_iter_next(cursor)) {
		dma_fence_get(fence);
		if (!dma_fence_add_callback(fence, &dcb->cb, dma_buf_poll_cb))
			return true;
		dma_fence_put(fence);
	}
	return false;
}

/*
 * One of the two poll events: @event if the fences of @usage have all
 * signaled, else 0 with @dcb armed (or already armed by another poller).
 * Called with the reservation lock held, which also serialises the pollers
 * that arm @dcb; its fence callback only ever disarms it.
 */
static __always_inline __poll_t
dma_buf_poll_event(struct dma_buf *dmabuf, struct dma_buf_poll_cb_t *dcb,
		   __poll_t event, enum dma_resv_usage usage)
{
	struct dma_resv_iter cursor;
	struct dma_fence *fence;
	bool armed;

	/* Nothing pending: ready, with nothing to arm and nobody to wake. */
	dma_resv_for_each_fence(&cursor, dmabuf->resv, usage, fence) {
		if (!dma_fence_is_signaled(fence))
			break;
	}
	if (!fence)
		return event;

	spin_lock_irq(&dmabuf->poll.lock);
	armed = dcb->active;
	if (!armed)
		dcb->active = event;
	spin_unlock_irq(&dmabuf->poll.lock);
	if (armed)
		return 0;

	/* The callback owns a file reference until it has run. */
	get_file(dmabuf->file);
	if (dma_buf_poll_arm(&cursor, fence, dcb))
		return 0;

	/* All signaled meanwhile: disarm again, as the callback would. */
	dma_buf_poll_cb(NULL, &dcb->cb);
	return event;
}

static __poll_t dma_buf_poll(struct file *file, poll_table *wait)
{
	struct dma_buf *dmabuf = file->private_data;
	__poll_t events, ready = 0;

	poll_wait(file, &dmabuf->poll, wait);

	events = poll_requested_events(wait) & (EPOLLIN | EPOLLOUT);
	if (!events)
		return 0;

	dma_resv_lock(dmabuf->resv, NULL);
	if (events & EPOLLOUT)
		ready |= dma_buf_poll_event(dmabuf, &dmabuf->cb_out, EPOLLOUT,
					    dma_resv_usage_rw(true));
	if (events & EPOLLIN)
		ready |= dma_buf_poll_event(dmabuf, &dmabuf->cb_in, EPOLLIN,
					    dma_resv_usage_rw(false));
	dma_resv_unlock(dmabuf->resv);

	return ready;
}

static long dma_buf_ioctl_sync(struct dma_buf *dmabuf, void __user *argp)
{
	enum dma_data_direction direction;
	struct dma_buf_sync sync;

	if (copy_from_user(&sync, argp, sizeof(sync)))
		return -EFAULT;
	if (sync.flags & ~DMA_BUF_SYNC_VALID_FLAGS_MASK)
		return -EINVAL;

	switch (sync.flags & DMA_BUF_SYNC_RW) {
	case DMA_BUF_SYNC_READ:
		direction = DMA_FROM_DEVICE;
		break;
	case DMA_BUF_SYNC_WRITE:
		direction = DMA_TO_DEVICE;
		break;
	case DMA_BUF_SYNC_RW:
		direction = DMA_BIDIRECTIONAL;
		break;
	default:
		return -EINVAL;
	}

	if (sync.flags & DMA_BUF_SYNC_END)
		return dma_buf_end_cpu_access(dmabuf, direction);
	return dma_buf_begin_cpu_access(dmabuf, direction);
}

/* Userspace may rename a buffer at any time, attached or not. */
static long dma_buf_set_name(struct dma_buf *dmabuf, const char __user *uname)
{
	char *name = strndup_user(uname, DMA_BUF_NAME_LEN);
	const char *old;

	if (IS_ERR(name))
		return PTR_ERR(name);

	spin_lock(&dmabuf->name_lock);
	old = dmabuf->name;
	dmabuf->name = name;
	spin_unlock(&dmabuf->name_lock);

	kfree(old);
	return 0;
}

/* Flags of EXPORT/IMPORT_SYNC_FILE: a direction, and nothing else. */
static int dma_buf_sync_file_flags(__u32 flags)
{
	if (flags & ~DMA_BUF_SYNC_RW || !(flags & DMA_BUF_SYNC_RW))
		return -EINVAL;
	return 0;
}

static long dma_buf_export_sync_file(struct dma_buf *dmabuf,
				     void __user *argp)
{
	struct dma_buf_export_sync_file arg;
	struct dma_fence *fence = NULL;
	struct sync_file *sync_file;
	int fd, ret;

	if (copy_from_user(&arg, argp, sizeof(arg)))
		return -EFAULT;
	ret = dma_buf_sync_file_flags(arg.flags);
	if (ret)
		return ret;

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;

	/* A write waits for every fence, a read for the writers only. */
	ret = dma_resv_get_singleton(dmabuf->resv,
				     dma_resv_usage_rw(arg.flags &
						       DMA_BUF_SYNC_WRITE),
				     &fence);
	if (ret)
		goto err_fd;
	if (!fence)
		fence = dma_fence_get_stub();

	sync_file = sync_file_create(fence);
	dma_fence_put(fence);
	if (!sync_file) {
		ret = -ENOMEM;
		goto err_fd;
	}

	arg.fd = fd;
	if (copy_to_user(argp, &arg, sizeof(arg))) {
		ret = -EFAULT;
		goto err_file;
	}

	fd_install(fd, sync_file->file);
	return 0;

err_file:
	fput(sync_file->file);
err_fd:
	put_unused_fd(fd);
	return ret;
}

static long dma_buf_import_sync_file(struct dma_buf *dmabuf,
				     const void __user *argp)
{
	struct dma_buf_import_sync_file arg;
	struct dma_fence_unwrap iter;
	enum dma_resv_usage usage;
	struct dma_fence *fence, *f;
	unsigned int count = 0;
	int ret;

	if (copy_from_user(&arg, argp, sizeof(arg)))
		return -EFAULT;
	ret = dma_buf_sync_file_flags(arg.flags);
	if (ret)
		return ret;

	fence = sync_file_get_fence(arg.fd);
	if (!fence)
		return -EINVAL;

	usage = arg.flags & DMA_BUF_SYNC_WRITE ? DMA_RESV_USAGE_WRITE :
						 DMA_RESV_USAGE_READ;

	/* Containers are flattened: the reservation holds plain fences. */
	dma_fence_unwrap_for_each(f, &iter, fence)
		count++;
	if (!count)
		goto out_put;

	dma_resv_lock(dmabuf->resv, NULL);
	ret = dma_resv_reserve_fences(dmabuf->resv, count);
	if (!ret)
		dma_fence_unwrap_for_each(f, &iter, fence)
			dma_resv_add_fence(dmabuf->resv, f, usage);
	dma_resv_unlock(dmabuf->resv);

out_put:
	dma_fence_put(fence);
	return ret;
}

static long dma_buf_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	struct dma_buf *dmabuf = file->private_data;
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case DMA_BUF_IOCTL_SYNC:
		return dma_buf_ioctl_sync(dmabuf, argp);
	case DMA_BUF_SET_NAME_A:
	case DMA_BUF_SET_NAME_B:
		return dma_buf_set_name(dmabuf, argp);
	case DMA_BUF_IOCTL_EXPORT_SYNC_FILE:
		return dma_buf_export_sync_file(dmabuf, argp);
	case DMA_BUF_IOCTL_IMPORT_SYNC_FILE:
		return dma_buf_import_sync_file(dmabuf, argp);
	default:
		return -ENOTTY;
	}
}

static void dma_buf_show_fdinfo(struct seq_file *m, struct file *file)
{
	struct dma_buf *dmabuf = file->private_data;

	seq_printf(m, "size:\t%zu\n", dmabuf->size);
	/* Less the reference the reader of fdinfo holds. */
	seq_printf(m, "count:\t%ld\n", file_count(dmabuf->file) - 1);
	seq_printf(m, "exp_name:\t%s\n", dmabuf->exp_name);
	spin_lock(&dmabuf->name_lock);
	if (dmabuf->name)
		seq_printf(m, "name:\t%s\n", dmabuf->name);
	spin_unlock(&dmabuf->name_lock);
}

static const struct file_operations dma_buf_fops = {
	.owner		= THIS_MODULE,
	.release	= dma_buf_file_release,
	.mmap		= dma_buf_file_mmap,
	.llseek		= dma_buf_llseek,
	.poll		= dma_buf_poll,
	.unlocked_ioctl	= dma_buf_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.show_fdinfo	= dma_buf_show_fdinfo,
};

/* Check what dma_buf_export() is given; WARN on exporter bugs. */
static int dma_buf_check_export_info(const struct dma_buf_export_info *info)
{
	const struct dma_buf_ops *ops = info->ops;

	if (WARN_ON(!info->priv || !ops || !ops->map_dma_buf ||
		    !ops->unmap_dma_buf || !ops->release))
		return -EINVAL;
	if (WARN_ON(ops->cache_sgt_mapping && (ops->pin || ops->unpin)))
		return -EINVAL;
	if (WARN_ON(!ops->pin != !ops->unpin))
		return -EINVAL;
	return 0;
}

/* A file with an inode of its own for a buffer of @size bytes. */
static struct file *dma_buf_getfile(size_t size, int flags)
{
	static atomic64_t last_ino = ATOMIC64_INIT(0);
	struct inode *inode;
	struct file *file;

	if (WARN_ON(!dma_buf_mnt))
		return ERR_PTR(-ENODEV);

	/* The file's last fput() drops this reference to the fops' owner. */
	if (!try_module_get(dma_buf_fops.owner))
		return ERR_PTR(-ENOENT);

	inode = alloc_anon_inode(dma_buf_mnt->mnt_sb);
	if (IS_ERR(inode)) {
		module_put(dma_buf_fops.owner);
		return ERR_CAST(inode);
	}

	inode->i_size = size;
	inode_set_bytes(inode, size);
	/* Unique among dma-bufs, unlike the numbers of anonymous inodes. */
	inode->i_ino = atomic64_inc_return(&last_ino);

	file = alloc_file_pseudo(inode, dma_buf_mnt, "dmabuf",
				 flags & (O_ACCMODE | O_NONBLOCK),
				 &dma_buf_fops);
	if (IS_ERR(file)) {
		iput(inode);
		module_put(dma_buf_fops.owner);
	}
	return file;
}

/* Allocate and initialise a dma-buf without its file. */
static struct dma_buf *
dma_buf_alloc(const struct dma_buf_export_info *exp_info)
{
	struct dma_buf_resv_embed *embed;
	struct dma_buf *dmabuf;

	embed = kzalloc(sizeof(*embed), GFP_KERNEL);
	if (!embed)
		return NULL;

	dmabuf = &embed->dmabuf;
	dmabuf->priv = exp_info->priv;
	dmabuf->ops = exp_info->ops;
	dmabuf->size = exp_info->size;
	dmabuf->exp_name = exp_info->exp_name;
	dmabuf->owner = exp_info->owner;
	mutex_init(&dmabuf->lock);
	spin_lock_init(&dmabuf->name_lock);
	INIT_LIST_HEAD(&dmabuf->attachments);
	INIT_LIST_HEAD(&dmabuf->list_node);
	init_waitqueue_head(&dmabuf->poll);
	dmabuf->cb_in.poll = &dmabuf->poll;
	dmabuf->cb_out.poll = &dmabuf->poll;

	if (exp_info->resv) {
		dmabuf->resv = exp_info->resv;
	} else {
		dma_resv_init(&embed->resv);
		dmabuf->resv = &embed->resv;
	}
	return dmabuf;
}

/**
 * dma_buf_export() - wrap an exporter's buffer in a new dma_buf
 * @exp_info: what to export; see &struct dma_buf_export_info
 *
 * Creates the dma-buf and its file and takes a reference to the exporting
 * module for as long as the buffer exists. The caller owns the one
 * reference; dma_buf_put() drops it.
 *
 * Return: the new buffer, or an ERR_PTR(): -EINVAL for invalid @exp_info
 * (missing private data, missing mandatory ops, @pin without @unpin or
 * @cache_sgt_mapping with @pin), -ENOENT if the owner module is going away,
 * -ENOMEM, or the error creating the file.
 */
struct dma_buf *dma_buf_export(const struct dma_buf_export_info *exp_info)
{
	struct dma_buf *dmabuf;
	struct file *file;
	int ret;

	ret = dma_buf_check_export_info(exp_info);
	if (ret)
		return ERR_PTR(ret);

	if (!try_module_get(exp_info->owner))
		return ERR_PTR(-ENOENT);

	dmabuf = dma_buf_alloc(exp_info);
	if (!dmabuf) {
		ret = -ENOMEM;
		goto err_module;
	}

	file = dma_buf_getfile(exp_info->size, exp_info->flags);
	if (IS_ERR(file)) {
		ret = PTR_ERR(file);
		goto err_dmabuf;
	}
	file->private_data = dmabuf;
	file->f_path.dentry->d_fsdata = dmabuf;
	dmabuf->file = file;

	mutex_lock(&dma_buf_list_lock);
	list_add(&dmabuf->list_node, &dma_buf_list);
	dma_buf_count++;
	mutex_unlock(&dma_buf_list_lock);

	return dmabuf;

err_dmabuf:
	dma_buf_destroy(dmabuf);
err_module:
	module_put(exp_info->owner);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL(dma_buf_export);

/**
 * dma_buf_put() - drop a reference to a dma_buf
 * @dmabuf: the buffer
 *
 * Dropping the last reference releases the buffer: the exporter's
 * &dma_buf_ops.release runs, then the core frees the dma-buf.
 */
void dma_buf_put(struct dma_buf *dmabuf)
{
	if (WARN_ON(!dmabuf || !dmabuf->file))
		return;

	fput(dmabuf->file);
}
EXPORT_SYMBOL(dma_buf_put);

/**
 * dma_buf_begin_cpu_access() - prepare a dma_buf for CPU access
 * @dmabuf: the buffer
 * @direction: the direction of the coming access; %DMA_TO_DEVICE or
 *	%DMA_BIDIRECTIONAL for writes
 *
 * Lets the exporter make the buffer coherent for the CPU, then waits,
 * interruptibly, for the implicit fences the access must follow (see
 * dma_resv_usage_rw()). Fences of explicitly synchronised work are the
 * caller's business. Close with dma_buf_end_cpu_access(). May sleep.
 *
 * Return: 0 on success, or a negative errno from the exporter, or
 * -ERESTARTSYS if the wait was interrupted.
 */
int dma_buf_begin_cpu_access(struct dma_buf *dmabuf,
			     enum dma_data_direction direction)
{
	bool write = direction == DMA_BIDIRECTIONAL ||
		     direction == DMA_TO_DEVICE;
	long ret = 0;

	if (WARN_ON(!dmabuf))
		return -EINVAL;

	might_lock(&dmabuf->resv->lock.base);
	if (dmabuf->ops->begin_cpu_access)
		ret = dmabuf->ops->begin_cpu_access(dmabuf, direction);
	if (ret)
		return ret;

	ret = dma_resv_wait_timeout(dmabuf->resv, dma_resv_usage_rw(write),
				    true, MAX_SCHEDULE_TIMEOUT);
	return ret < 0 ? ret : 0;
}
EXPORT_SYMBOL(dma_buf_begin_cpu_access);

/**
 * dma_buf_end_cpu_access() - finish CPU access to a dma_buf
 * @dmabuf: the buffer
 * @direction: the direction given to dma_buf_begin_cpu_access()
 *
 * Return: 0 on success, or the exporter's negative errno.
 */
int dma_buf_end_cpu_access(struct dma_buf *dmabuf,
			   enum dma_data_direction direction)
{
	if (WARN_ON(!dmabuf))
		return -EINVAL;

	might_lock(&dmabuf->resv->lock.base);
	if (!dmabuf->ops->end_cpu_access)
		return 0;
	return dmabuf->ops->end_cpu_access(dmabuf, direction);
}
EXPORT_SYMBOL(dma_buf_end_cpu_access);

/**
 * dma_buf_vmap() - map a dma_buf into the kernel's address space
 * @dmabuf: the buffer
 * @map: returns the mapping; cleared on failure
 *
 * Each successful call must be paired with dma_buf_vunmap(). Bracket the
 * accesses with dma_buf_begin_cpu_access() and dma_buf_end_cpu_access().
 * May sleep.
 *
 * Return: 0 on success, -EINVAL if the exporter cannot vmap, or the
 * exporter's negative errno.
 */
int dma_buf_vmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	struct iosys_map ptr;
	int ret = 0;

	iosys_map_clear(map);
	if (WARN_ON(!dmabuf))
		return -EINVAL;
	if (!dmabuf->ops->vmap)
		return -EINVAL;

	mutex_lock(&dmabuf->lock);
	if (!dmabuf->vmapping_counter) {
		iosys_map_clear(&ptr);
		ret = dmabuf->ops->vmap(dmabuf, &ptr);
		if (!ret && WARN_ON(iosys_map_is_null(&ptr)))
			ret = -EINVAL;
		if (ret)
			goto out_unlock;
		dmabuf->vmap_ptr = ptr;
	}
	dmabuf->vmapping_counter++;
	*map = dmabuf->vmap_ptr;

out_unlock:
	mutex_unlock(&dmabuf->lock);
	return ret;
}
EXPORT_SYMBOL(dma_buf_vmap);

/**
 * dma_buf_vunmap() - release a mapping made by dma_buf_vmap()
 * @dmabuf: the buffer
 * @map: the mapping dma_buf_vmap() returned
 *
 * The exporter's &dma_buf_ops.vunmap runs when the last user is gone. An
 * unbalanced call or a foreign @map WARNs and does nothing. May sleep.
 */
void dma_buf_vunmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	if (WARN_ON(!dmabuf))
		return;

	mutex_lock(&dmabuf->lock);
	if (WARN_ON(!dmabuf->vmapping_counter) ||
	    WARN_ON(!iosys_map_is_equal(&dmabuf->vmap_ptr, map)))
		goto out_unlock;

	if (--dmabuf->vmapping_counter == 0) {
		if (dmabuf->ops->vunmap)
			dmabuf->ops->vunmap(dmabuf, &dmabuf->vmap_ptr);
		iosys_map_clear(&dmabuf->vmap_ptr);
	}

out_unlock:
	mutex_unlock(&dmabuf->lock);
}
EXPORT_SYMBOL(dma_buf_vunmap);

/**
 * dma_buf_fd() - give a dma_buf a file descriptor
 * @dmabuf: the buffer
 * @flags: flags for the descriptor, e.g. O_CLOEXEC
 *
 * The descriptor takes over the caller's reference: on success the caller
 * must not dma_buf_put() it. On failure the caller still owns it.
 *
 * Return: the new descriptor, -EINVAL for a buffer without a file, or the
 * error of getting a descriptor (-EMFILE, ...).
 */
int dma_buf_fd(struct dma_buf *dmabuf, int flags)
{
	int fd;

	if (!dmabuf || !dmabuf->file)
		return -EINVAL;

	fd = get_unused_fd_flags(flags);
	if (fd < 0)
		return fd;

	fd_install(fd, dmabuf->file);
	return fd;
}
EXPORT_SYMBOL(dma_buf_fd);

/**
 * dma_buf_get() - the dma_buf behind a file descriptor
 * @fd: the descriptor
 *
 * Takes a reference to the buffer, which the caller drops with
 * dma_buf_put().
 *
 * Return: the buffer, ERR_PTR(-EBADF) if @fd is not open, or
 * ERR_PTR(-EINVAL) if it is not a dma-buf.
 */
struct dma_buf *dma_buf_get(int fd)
{
	struct file *file = fget(fd);

	if (!file)
		return ERR_PTR(-EBADF);

	if (!is_dma_buf_file(file)) {
		fput(file);
		return ERR_PTR(-EINVAL);
	}
	return file->private_data;
}
EXPORT_SYMBOL(dma_buf_get);

/**
 * DOC: importer and exporter mappings
 *
 * A device that wants to DMA to or from a buffer attaches to it
 * (dma_buf_attach()), asks for its scatter-gather list
 * (dma_buf_map_attachment()), gives the list back when done
 * (dma_buf_unmap_attachment()) and finally detaches (dma_buf_detach()).
 *
 * Importers and exporters are either static or dynamic. A static exporter
 * pins the memory when it maps; a dynamic one (it implements
 * &dma_buf_ops.pin) may move the buffer while nobody holds a mapping, and
 * is called with the reservation lock held. A dynamic importer (it gives
 * &dma_buf_attach_ops) maps and unmaps with the reservation lock held and
 * gets &dma_buf_attach_ops.move_notify when the buffer moves.
 *
 * When one side is dynamic and the other is not, the core maps the buffer
 * once at attach time, pinned, and hands out that cached mapping, so a
 * static importer never meets the reservation lock and a dynamic exporter
 * never moves memory a static importer uses. An exporter can also ask for
 * the cache (&dma_buf_ops.cache_sgt_mapping) to skip repeated mappings.
 *
 * A static importer gets a mapping only after the %DMA_RESV_USAGE_KERNEL
 * fences (memory management, e.g. a move in progress) have signaled; a
 * dynamic one sees the fences itself and must wait for them.
 */

/* Ask the exporter for a mapping; static importers wait for kernel fences. */
static struct sg_table *dma_buf_map_exporter(struct dma_buf_attachment *attach,
					     enum dma_data_direction direction)
{
	struct dma_buf *dmabuf = attach->dmabuf;
	struct sg_table *sgt;
	long ret;

	sgt = dmabuf->ops->map_dma_buf(attach, direction);
	if (!sgt)
		return ERR_PTR(-ENOMEM);
	if (IS_ERR(sgt) || dma_buf_attachment_is_dynamic(attach))
		return sgt;

	ret = dma_resv_wait_timeout(dmabuf->resv, DMA_RESV_USAGE_KERNEL, true,
				    MAX_SCHEDULE_TIMEOUT);
	if (ret < 0) {
		dmabuf->ops->unmap_dma_buf(attach, sgt, direction);
		return ERR_PTR(ret);
	}
	return sgt;
}

/* Map and cache for an attachment where exactly one side is dynamic. */
static int dma_buf_attach_cache(struct dma_buf_attachment *attach)
{
	struct dma_buf *dmabuf = attach->dmabuf;
	bool pin = dma_buf_is_dynamic(dmabuf);
	struct sg_table *sgt;
	int ret = 0;

	if (pin) {
		dma_resv_lock(dmabuf->resv, NULL);
		ret = dmabuf->ops->pin(attach);
		if (ret)
			goto out_unlock;
	}

	sgt = dma_buf_map_exporter(attach, DMA_BIDIRECTIONAL);
	if (IS_ERR(sgt)) {
		ret = PTR_ERR(sgt);
		if (pin)
			dmabuf->ops->unpin(attach);
		goto out_unlock;
	}
	attach->sgt = sgt;
	attach->dir = DMA_BIDIRECTIONAL;

out_unlock:
	if (pin)
		dma_resv_unlock(dmabuf->resv);
	return ret;
}

/**
 * dma_buf_dynamic_attach() - attach a device to a dma_buf
 * @dmabuf: the buffer
 * @dev: the importing device
 * @importer_ops: the importer's callbacks, making it a dynamic importer;
 *	NULL for a static one
 * @importer_priv: the importer's private data, in the attachment
 *
 * Calls the exporter's &dma_buf_ops.attach, which may refuse a device it
 * cannot reach, and links the attachment to the buffer. When exactly one
 * of importer and exporter is dynamic, also maps the buffer now (see
 * "importer and exporter mappings"). May sleep.
 *
 * Return: the attachment, or an ERR_PTR(): -EINVAL for missing arguments or
 * a dynamic importer without &dma_buf_attach_ops.move_notify, -ENOMEM, or
 * the exporter's error.
 */
struct dma_buf_attachment *
dma_buf_dynamic_attach(struct dma_buf *dmabuf, struct device *dev,
		       const struct dma_buf_attach_ops *importer_ops,
		       void *importer_priv)
{
	struct dma_buf_attachment *attach;
	int ret;

	if (WARN_ON(!dmabuf || !dev))
		return ERR_PTR(-EINVAL);
	if (WARN_ON(importer_ops && !importer_ops->move_notify))
		return ERR_PTR(-EINVAL);

	attach = kzalloc(sizeof(*attach), GFP_KERNEL);
	if (!attach)
		return ERR_PTR(-ENOMEM);

	attach->dmabuf = dmabuf;
	attach->dev = dev;
	attach->importer_ops = importer_ops;
	attach->importer_priv = importer_priv;
	attach->peer2peer = importer_ops && importer_ops->allow_peer2peer;
	INIT_LIST_HEAD(&attach->node);

	if (dmabuf->ops->attach) {
		ret = dmabuf->ops->attach(dmabuf, attach);
		if (ret)
			goto err_free;
	}

	dma_resv_lock(dmabuf->resv, NULL);
	list_add(&attach->node, &dmabuf->attachments);
	dma_resv_unlock(dmabuf->resv);

	if (dma_buf_attachment_is_dynamic(attach) !=
	    dma_buf_is_dynamic(dmabuf)) {
		ret = dma_buf_attach_cache(attach);
		if (ret) {
			dma_buf_detach(dmabuf, attach);
			return ERR_PTR(ret);
		}
	}
	return attach;

err_free:
	kfree(attach);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL(dma_buf_dynamic_attach);

/**
 * dma_buf_attach() - attach a static importer's device to a dma_buf
 * @dmabuf: the buffer
 * @dev: the importing device
 *
 * dma_buf_dynamic_attach() without importer callbacks. May sleep.
 *
 * Return: the attachment or an ERR_PTR(), as dma_buf_dynamic_attach().
 */
struct dma_buf_attachment *dma_buf_attach(struct dma_buf *dmabuf,
					  struct device *dev)
{
	return dma_buf_dynamic_attach(dmabuf, dev, NULL, NULL);
}
EXPORT_SYMBOL(dma_buf_attach);

/**
 * dma_buf_detach() - undo dma_buf_attach()
 * @dmabuf: the buffer
 * @attach: the attachment, which is freed
 *
 * Releases the cached mapping if there is one, unlinks the attachment and
 * calls the exporter's &dma_buf_ops.detach. Mappings the importer made
 * must be gone already. May sleep.
 */
void dma_buf_detach(struct dma_buf *dmabuf, struct dma_buf_attachment *attach)
{
	bool dynamic;

	if (WARN_ON(!dmabuf || !attach || attach->dmabuf != dmabuf))
		return;

	dynamic = dma_buf_is_dynamic(dmabuf);
	if (attach->sgt) {
		if (dynamic)
			dma_resv_lock(dmabuf->resv, NULL);
		dmabuf->ops->unmap_dma_buf(attach, attach->sgt, attach->dir);
		if (dynamic) {
			dmabuf->ops->unpin(attach);
			dma_resv_unlock(dmabuf->resv);
		}
	}

	dma_resv_lock(dmabuf->resv, NULL);
	list_del(&attach->node);
	dma_resv_unlock(dmabuf->resv);

	if (dmabuf->ops->detach)
		dmabuf->ops->detach(dmabuf, attach);
	kfree(attach);
}
EXPORT_SYMBOL(dma_buf_detach);

/**
 * dma_buf_pin() - keep a dynamic exporter's buffer where it is
 * @attach: a dynamic importer's attachment
 *
 * For importers that cannot handle a move for a while (e.g. scanout). The
 * caller holds the reservation lock. Pair with dma_buf_unpin().
 *
 * Return: 0 on success or the exporter's negative errno.
 */
int dma_buf_pin(struct dma_buf_attachment *attach)
{
	struct dma_buf *dmabuf = attach->dmabuf;

	WARN_ON(!dma_buf_attachment_is_dynamic(attach));
	dma_resv_assert_held(dmabuf->resv);

	if (!dmabuf->ops->pin)
		return 0;
	return dmabuf->ops->pin(attach);
}
EXPORT_SYMBOL(dma_buf_pin);

/**
 * dma_buf_unpin() - undo dma_buf_pin()
 * @attach: the attachment given to dma_buf_pin()
 *
 * The caller holds the reservation lock.
 */
void dma_buf_unpin(struct dma_buf_attachment *attach)
{
	struct dma_buf *dmabuf = attach->dmabuf;

	WARN_ON(!dma_buf_attachment_is_dynamic(attach));
	dma_resv_assert_held(dmabuf->resv);

	if (dmabuf->ops->unpin)
		dmabuf->ops->unpin(attach);
}
EXPORT_SYMBOL(dma_buf_unpin);

/**
 * dma_buf_map_attachment() - map a buffer for the attached device
 * @attach: the attachment
 * @direction: the direction of the DMA
 *
 * Dynamic importers and importers of dynamic exporters call this with the
 * reservation lock held. A cached mapping (see "importer and exporter
 * mappings") is returned as is when its direction allows @direction. A
 * dynamic exporter's buffer is pinned for the mapping unless the kernel
 * supports move notification. May sleep.
 *
 * Return: the scatter-gather table, to be given back with
 * dma_buf_unmap_attachment(), or an ERR_PTR(): -EBUSY for a cached mapping
 * in another direction, -ENOMEM, -ERESTARTSYS, or the exporter's error.
 */
struct sg_table *dma_buf_map_attachment(struct dma_buf_attachment *attach,
					enum dma_data_direction direction)
{
	struct dma_buf *dmabuf;
	struct sg_table *sgt;
	bool pin;
	int ret;

	might_sleep();
	if (WARN_ON(!attach || !attach->dmabuf))
		return ERR_PTR(-EINVAL);

	dmabuf = attach->dmabuf;
	if (dma_buf_attachment_is_dynamic(attach))
		dma_resv_assert_held(dmabuf->resv);

	if (attach->sgt) {
		if (attach->dir != direction &&
		    attach->dir != DMA_BIDIRECTIONAL)
			return ERR_PTR(-EBUSY);
		return attach->sgt;
	}

	pin = dma_buf_is_dynamic(dmabuf) &&
	      !IS_ENABLED(CONFIG_DMABUF_MOVE_NOTIFY);
	if (dma_buf_is_dynamic(dmabuf))
		dma_resv_assert_held(dmabuf->resv);
	if (pin) {
		ret = dmabuf->ops->pin(attach);
		if (ret)
			return ERR_PTR(ret);
	}

	sgt = dma_buf_map_exporter(attach, direction);
	if (IS_ERR(sgt)) {
		if (pin)
			dmabuf->ops->unpin(attach);
		return sgt;
	}

	if (dmabuf->ops->cache_sgt_mapping) {
		attach->sgt = sgt;
		attach->dir = direction;
	}
	return sgt;
}
EXPORT_SYMBOL(dma_buf_map_attachment);

/**
 * dma_buf_map_attachment_unlocked() - dma_buf_map_attachment() for callers
 *	that do not hold the reservation lock
 * @attach: the attachment
 * @direction: the direction of the DMA
 *
 * Return: as dma_buf_map_attachment().
 */
struct sg_table *
dma_buf_map_attachment_unlocked(struct dma_buf_attachment *attach,
				enum dma_data_direction direction)
{
	struct sg_table *sgt;

	might_sleep();
	if (WARN_ON(!attach || !attach->dmabuf))
		return ERR_PTR(-EINVAL);

	dma_resv_lock(attach->dmabuf->resv, NULL);
	sgt = dma_buf_map_attachment(attach, direction);
	dma_resv_unlock(attach->dmabuf->resv);
	return sgt;
}
EXPORT_SYMBOL(dma_buf_map_attachment_unlocked);

/**
 * dma_buf_unmap_attachment() - give back a mapping
 * @attach: the attachment
 * @sg_table: what dma_buf_map_attachment() returned
 * @direction: the direction it was mapped for
 *
 * Locking as for dma_buf_map_attachment(). A cached mapping stays until
 * dma_buf_detach(). May sleep.
 */
void dma_buf_unmap_attachment(struct dma_buf_attachment *attach,
			      struct sg_table *sg_table,
			      enum dma_data_direction direction)
{
	struct dma_buf *dmabuf;

	might_sleep();
	if (WARN_ON(!attach || !attach->dmabuf || !sg_table))
		return;

	dmabuf = attach->dmabuf;
	if (dma_buf_attachment_is_dynamic(attach) || dma_buf_is_dynamic(dmabuf))
		dma_resv_assert_held(dmabuf->resv);
	if (attach->sgt == sg_table)
		return;

	dmabuf->ops->unmap_dma_buf(attach, sg_table, direction);
	if (dma_buf_is_dynamic(dmabuf) && !IS_ENABLED(CONFIG_DMABUF_MOVE_NOTIFY))
		dmabuf->ops->unpin(attach);
}
EXPORT_SYMBOL(dma_buf_unmap_attachment);

/**
 * dma_buf_unmap_attachment_unlocked() - dma_buf_unmap_attachment() for
 *	callers that do not hold the reservation lock
 * @attach: the attachment
 * @sg_table: what dma_buf_map_attachment_unlocked() returned
 * @direction: the direction it was mapped for
 */
void dma_buf_unmap_attachment_unlocked(struct dma_buf_attachment *attach,
				       struct sg_table *sg_table,
				       enum dma_data_direction direction)
{
	might_sleep();
	if (WARN_ON(!attach || !attach->dmabuf || !sg_table))
		return;

	dma_resv_lock(attach->dmabuf->resv, NULL);
	dma_buf_unmap_attachment(attach, sg_table, direction);
	dma_resv_unlock(attach->dmabuf->resv);
}
EXPORT_SYMBOL(dma_buf_unmap_attachment_unlocked);

/**
 * dma_buf_move_notify() - tell dynamic importers the buffer moves
 * @dmabuf: the buffer
 *
 * Called by a dynamic exporter, with the reservation lock held, before it
 * moves the buffer; each dynamic importer's &dma_buf_attach_ops.move_notify
 * runs.
 */
void dma_buf_move_notify(struct dma_buf *dmabuf)
{
	struct dma_buf_attachment *attach;

	dma_resv_assert_held(dmabuf->resv);

	list_for_each_entry(attach, &dmabuf->attachments, node)
		if (attach->importer_ops)
			attach->importer_ops->move_notify(attach);
}
EXPORT_SYMBOL(dma_buf_move_notify);

/**
 * dma_buf_mmap() - map a dma_buf into a user address space for a driver
 * @dmabuf: the buffer
 * @vma: the area the driver's own mmap() is setting up
 * @pgoff: offset into the buffer, in pages
 *
 * For importers whose own device file offers an mmap() of an imported
 * buffer: the area is redirected to the buffer's file and handed to the
 * exporter's &dma_buf_ops.mmap.
 *
 * Return: 0 on success, -EINVAL if the exporter cannot mmap or the range
 * lies beyond the buffer, -EOVERFLOW if @pgoff plus the size overflows, or
 * the exporter's error.
 */
int dma_buf_mmap(struct dma_buf *dmabuf, struct vm_area_struct *vma,
		 unsigned long pgoff)
{
	if (WARN_ON(!dmabuf || !vma))
		return -EINVAL;
	if (!dmabuf->ops->mmap)
		return -EINVAL;
	if (pgoff + vma_pages(vma) < pgoff)
		return -EOVERFLOW;
	if (pgoff + vma_pages(vma) > dmabuf->size >> PAGE_SHIFT)
		return -EINVAL;

	vma_set_file(vma, dmabuf->file);
	vma->vm_pgoff = pgoff;
	return dmabuf->ops->mmap(dmabuf, vma);
}
EXPORT_SYMBOL(dma_buf_mmap);

/* One buffer of the bufinfo dump; called with its reservation lock held. */
static void dma_buf_describe(struct dma_buf *dmabuf, struct seq_file *s)
{
	struct dma_buf_attachment *attach;
	unsigned int devices = 0;

	spin_lock(&dmabuf->name_lock);
	seq_printf(s, "%08zu\t%08x\t%08x\t%08ld\t%s\t%08lu\t%s\n",
		   dmabuf->size, dmabuf->file->f_flags, dmabuf->file->f_mode,
		   file_count(dmabuf->file), dmabuf->exp_name,
		   file_inode(dmabuf->file)->i_ino, dmabuf->name ?: "<none>");
	spin_unlock(&dmabuf->name_lock);

	dma_resv_describe(dmabuf->resv, s);

	seq_puts(s, "\tAttached Devices:\n");
	list_for_each_entry(attach, &dmabuf->attachments, node) {
		seq_printf(s, "\t%s\n", dev_name(attach->dev));
		devices++;
	}
	seq_printf(s, "Total %u devices attached\n\n", devices);
}

/**
 * dma_buf_debug_show() - dump every live dma_buf
 * @s: where to print, e.g. a debugfs file
 *
 * In the layout of Linux's debugfs dma_buf/bufinfo: per buffer its size,
 * file flags and mode, reference count, exporter, inode number and name,
 * its fences and the names of the attached devices; then the totals. May
 * sleep: takes each buffer's reservation lock.
 */
void dma_buf_debug_show(struct seq_file *s)
{
	struct dma_buf *dmabuf;
	unsigned int count = 0;
	size_t size = 0;

	mutex_lock(&dma_buf_list_lock);
	seq_puts(s, "\nDma-buf Objects:\n");
	seq_printf(s, "%-8s\t%-8s\t%-8s\t%-8s\texp_name\t%-8s\tname\n",
		   "size", "flags", "mode", "count", "ino");

	list_for_each_entry(dmabuf, &dma_buf_list, list_node) {
		dma_resv_lock(dmabuf->resv, NULL);
		dma_buf_describe(dmabuf, s);
		dma_resv_unlock(dmabuf->resv);
		count++;
		size += dmabuf->size;
	}

	seq_printf(s, "\nTotal %u objects, %zu bytes\n", count, size);
	mutex_unlock(&dma_buf_list_lock);
}
EXPORT_SYMBOL(dma_buf_debug_show);

/**
 * dma_buf_live_count() - how many dma_bufs exist
 *
 * For leak checks: a module that exported buffers expects zero once every
 * user is gone.
 *
 * Return: the number of buffers exported and not yet released.
 */
unsigned long dma_buf_live_count(void)
{
	unsigned long count;

	mutex_lock(&dma_buf_list_lock);
	count = dma_buf_count;
	mutex_unlock(&dma_buf_list_lock);
	return count;
}
EXPORT_SYMBOL(dma_buf_live_count);
