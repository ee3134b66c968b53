// SPDX-License-Identifier: GPL-2.0-only
/*
 * The dma-buf core: exporting a buffer as a reference-counted file with a
 * reservation object, and CPU access to it from the kernel.
 */

#include <linux/anon_inodes.h>
#include <linux/dma-buf.h>
#include <linux/dma-resv.h>
#include <linux/export.h>
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>

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

/* Every live dma-buf, for debugging dumps. */
static LIST_HEAD(dma_buf_list);
static DEFINE_MUTEX(dma_buf_list_lock);

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
	mutex_unlock(&dma_buf_list_lock);

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

static const struct file_operations dma_buf_fops = {
	.owner		= THIS_MODULE,
	.release	= dma_buf_file_release,
	.llseek		= dma_buf_llseek,
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

	file = anon_inode_getfile("dmabuf", &dma_buf_fops, dmabuf,
				  exp_info->flags & (O_ACCMODE | O_NONBLOCK));
	if (IS_ERR(file)) {
		ret = PTR_ERR(file);
		goto err_dmabuf;
	}
	dmabuf->file = file;

	mutex_lock(&dma_buf_list_lock);
	list_add(&dmabuf->list_node, &dma_buf_list);
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
