/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dma-buf: buffers shared between drivers and with userspace through a file,
 * with a reservation object for the fences that guard their contents.
 */
#ifndef __DMA_BUF_H__
#define __DMA_BUF_H__

#include <linux/dma-direction.h>
#include <linux/dma-fence.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/iosys-map.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

struct device;
struct dma_buf;
struct dma_buf_attachment;
struct dma_resv;
struct seq_file;
struct sg_table;
struct vm_area_struct;

/**
 * struct dma_buf_ops - what an exporter implements for its buffers
 *
 * @map_dma_buf, @unmap_dma_buf and @release are mandatory; dma_buf_export()
 * refuses ops without them. @pin and @unpin come as a pair. Everything else
 * is optional.
 */
struct dma_buf_ops {
	/**
	 * @cache_sgt_mapping: if true the core caches the first mapping of
	 * each attachment. Not allowed together with @pin.
	 */
	bool cache_sgt_mapping;

	/**
	 * @attach: optional; called by dma_buf_attach() to check that the
	 * attaching device can reach the buffer, possibly moving it.
	 * Exporter-private data goes in &dma_buf_attachment.priv.
	 *
	 * Return: 0, or a negative errno (-EBUSY if the existing backing
	 * storage does not suit the device).
	 */
	int (*attach)(struct dma_buf *dmabuf, struct dma_buf_attachment *attach);

	/**
	 * @detach: optional; undoes @attach, called by dma_buf_detach().
	 */
	void (*detach)(struct dma_buf *dmabuf,
		       struct dma_buf_attachment *attach);

	/**
	 * @pin: optional (with @unpin); the buffer must stay where it is and
	 * be usable by every attached device. Called with &dma_buf.resv held.
	 *
	 * Return: 0, or a negative errno.
	 */
	int (*pin)(struct dma_buf_attachment *attach);

	/**
	 * @unpin: optional (with @pin); the buffer may move again. Called with
	 * &dma_buf.resv held.
	 */
	void (*unpin)(struct dma_buf_attachment *attach);

	/**
	 * @map_dma_buf: mandatory; map the buffer for the attached device and
	 * hand the caller a new scatter list, page aligned. May sleep. Called
	 * with &dma_buf.resv held for dynamic importers.
	 *
	 * Return: the scatter list, or an ERR_PTR() (-EINTR if interrupted).
	 */
	struct sg_table *(*map_dma_buf)(struct dma_buf_attachment *attach,
					enum dma_data_direction dir);

	/**
	 * @unmap_dma_buf: mandatory; undo @map_dma_buf and free its scatter
	 * list.
	 */
	void (*unmap_dma_buf)(struct dma_buf_attachment *attach,
			      struct sg_table *sgt,
			      enum dma_data_direction dir);

	/**
	 * @release: mandatory; called once the last reference to the
	 * &dma_buf is gone, to free the exporter's side of it. May sleep.
	 */
	void (*release)(struct dma_buf *dmabuf);

	/**
	 * @begin_cpu_access: optional; make the buffer coherent for CPU
	 * access in the given direction, called by
	 * dma_buf_begin_cpu_access().
	 *
	 * Return: 0, or a negative errno (-ERESTARTSYS or -EINTR to restart).
	 */
	int (*begin_cpu_access)(struct dma_buf *dmabuf,
				enum dma_data_direction dir);

	/**
	 * @end_cpu_access: optional; CPU access is over, flush what needs
	 * flushing; called by dma_buf_end_cpu_access().
	 *
	 * Return: 0, or a negative errno.
	 */
	int (*end_cpu_access)(struct dma_buf *dmabuf,
			      enum dma_data_direction dir);

	/**
	 * @mmap: optional; map the buffer into a userspace vma. The core has
	 * checked the vma against the buffer size.
	 *
	 * Return: 0, or a negative errno.
	 */
	int (*mmap)(struct dma_buf *dmabuf, struct vm_area_struct *vma);

	/**
	 * @vmap: optional; map the whole buffer into the kernel's address
	 * space and describe the mapping in @map. Called with &dma_buf.lock
	 * held, only when no mapping exists yet.
	 *
	 * Return: 0, or a negative errno.
	 */
	int (*vmap)(struct dma_buf *dmabuf, struct iosys_map *map);

	/**
	 * @vunmap: optional; undo @vmap, called with &dma_buf.lock held when
	 * the last user of the mapping is gone.
	 */
	void (*vunmap)(struct dma_buf *dmabuf, struct iosys_map *map);
};

/**
 * struct dma_buf - a shared buffer
 *
 * Created by dma_buf_export(); reference counted through its @file with
 * get_dma_buf() and dma_buf_put().
 */
struct dma_buf {
	/** @size: size in bytes; never changes. */
	size_t size;

	/** @file: the file behind the buffer; holds its reference count. */
	struct file *file;

	/** @attachments: attached devices, protected by @resv's lock. */
	struct list_head attachments;

	/** @ops: the exporter's operations. */
	const struct dma_buf_ops *ops;

	/** @lock: serialises @vmapping_counter and @vmap_ptr. */
	struct mutex lock;

	/** @vmapping_counter: users of the kernel mapping; under @lock. */
	unsigned int vmapping_counter;

	/** @vmap_ptr: the kernel mapping while @vmapping_counter > 0. */
	struct iosys_map vmap_ptr;

	/** @exp_name: the exporter's name, for debugging. */
	const char *exp_name;

	/**
	 * @name: userspace-provided name (%DMA_BUF_SET_NAME), for accounting
	 * and debugging; under @name_lock.
	 */
	const char *name;

	/** @name_lock: protects @name for readers. */
	spinlock_t name_lock;

	/** @owner: the exporting module, held while the buffer exists. */
	struct module *owner;

	/** @list_node: entry in the list of all buffers, for debugging. */
	struct list_head list_node;

	/** @priv: the exporter's private data. */
	void *priv;

	/**
	 * @resv: the fences guarding the buffer. Drivers add a
	 * %DMA_RESV_USAGE_WRITE fence for each write and a
	 * %DMA_RESV_USAGE_READ fence for each read their userspace API
	 * implies (always adding write fences is allowed, only slower), and
	 * use dma_resv_usage_rw() to pick what to wait for.
	 */
	struct dma_resv *resv;

	/** @poll: wait queue for userspace poll(). */
	wait_queue_head_t poll;

	/** @cb_in: poll state for EPOLLIN. */
	/** @cb_out: poll state for EPOLLOUT. */
	struct dma_buf_poll_cb_t {
		struct dma_fence_cb cb;
		wait_queue_head_t *poll;

		__poll_t active;
	} cb_in, cb_out;
};

/**
 * struct dma_buf_attach_ops - importer callbacks for an attachment
 */
struct dma_buf_attach_ops {
	/**
	 * @allow_peer2peer: the importer can handle peer memory without
	 * struct pages.
	 */
	bool allow_peer2peer;

	/**
	 * @move_notify: optional; the buffer is moving. Called with the
	 * buffer's reservation lock held; existing mappings stay valid but
	 * should be re-created soon.
	 */
	void (*move_notify)(struct dma_buf_attachment *attach);
};

/**
 * struct dma_buf_attachment - a device's attachment to a dma_buf
 * @dmabuf: the buffer
 * @dev: the attached device
 * @node: entry in &dma_buf.attachments
 * @sgt: cached mapping, if any
 * @dir: direction of the cached mapping
 * @peer2peer: the importer can handle peer memory without struct pages
 * @importer_ops: importer callbacks; non-NULL for dynamic importers, which
 *	map and unmap with the reservation lock held
 * @importer_priv: the importer's private data
 * @priv: the exporter's private data
 */
struct dma_buf_attachment {
	struct dma_buf *dmabuf;
	struct device *dev;
	struct list_head node;
	struct sg_table *sgt;
	enum dma_data_direction dir;
	bool peer2peer;
	const struct dma_buf_attach_ops *importer_ops;
	void *importer_priv;
	void *priv;
};

/**
 * struct dma_buf_export_info - what dma_buf_export() needs
 * @exp_name: the exporter's name
 * @owner: the exporting module
 * @ops: the exporter's operations
 * @size: buffer size in bytes
 * @flags: file mode flags (O_ACCMODE, O_NONBLOCK)
 * @resv: reservation object to use, or NULL to embed a new one
 * @priv: the exporter's private data
 */
struct dma_buf_export_info {
	const char *exp_name;
	struct module *owner;
	const struct dma_buf_ops *ops;
	size_t size;
	int flags;
	struct dma_resv *resv;
	void *priv;
};

/**
 * DEFINE_DMA_BUF_EXPORT_INFO - declare a zeroed &struct dma_buf_export_info
 * @name: the variable
 *
 * Fills in the exporter name and owner from the compiling module.
 */
#define DEFINE_DMA_BUF_EXPORT_INFO(name)				\
	struct dma_buf_export_info name = { .exp_name = KBUILD_MODNAME,	\
					    .owner = THIS_MODULE }

/**
 * get_dma_buf() - take another reference to a dma_buf
 * @dmabuf: the buffer
 */
static inline void get_dma_buf(struct dma_buf *dmabuf)
{
	get_file(dmabuf->file);
}

/**
 * dma_buf_is_dynamic() - does the exporter map with the reservation held?
 * @dmabuf: the buffer
 *
 * Return: true if the exporter implements &dma_buf_ops.pin.
 */
static inline bool dma_buf_is_dynamic(struct dma_buf *dmabuf)
{
	return !!dmabuf->ops->pin;
}

/**
 * dma_buf_attachment_is_dynamic() - does the importer map with the
 * reservation held?
 * @attach: the attachment
 *
 * Return: true if the importer gave &dma_buf_attach_ops.
 */
static inline bool
dma_buf_attachment_is_dynamic(struct dma_buf_attachment *attach)
{
	return !!attach->importer_ops;
}

struct dma_buf *dma_buf_export(const struct dma_buf_export_info *exp_info);
void dma_buf_put(struct dma_buf *dmabuf);
int dma_buf_begin_cpu_access(struct dma_buf *dmabuf,
			     enum dma_data_direction dir);
int dma_buf_end_cpu_access(struct dma_buf *dmabuf,
			   enum dma_data_direction dir);
int dma_buf_vmap(struct dma_buf *dmabuf, struct iosys_map *map);
void dma_buf_vunmap(struct dma_buf *dmabuf, struct iosys_map *map);
int dma_buf_mmap(struct dma_buf *dmabuf, struct vm_area_struct *vma,
		 unsigned long pgoff);

int dma_buf_fd(struct dma_buf *dmabuf, int flags);
struct dma_buf *dma_buf_get(int fd);

struct dma_buf_attachment *dma_buf_attach(struct dma_buf *dmabuf,
					  struct device *dev);
struct dma_buf_attachment *
dma_buf_dynamic_attach(struct dma_buf *dmabuf, struct device *dev,
		       const struct dma_buf_attach_ops *importer_ops,
		       void *importer_priv);
void dma_buf_detach(struct dma_buf *dmabuf,
		    struct dma_buf_attachment *attach);
int dma_buf_pin(struct dma_buf_attachment *attach);
void dma_buf_unpin(struct dma_buf_attachment *attach);
struct sg_table *dma_buf_map_attachment(struct dma_buf_attachment *attach,
					enum dma_data_direction direction);
void dma_buf_unmap_attachment(struct dma_buf_attachment *attach,
			      struct sg_table *sg_table,
			      enum dma_data_direction direction);
struct sg_table *
dma_buf_map_attachment_unlocked(struct dma_buf_attachment *attach,
				enum dma_data_direction direction);
void dma_buf_unmap_attachment_unlocked(struct dma_buf_attachment *attach,
				       struct sg_table *sg_table,
				       enum dma_data_direction direction);
void dma_buf_move_notify(struct dma_buf *dmabuf);

int dma_buf_init(void);
void dma_buf_exit(void);
void dma_buf_debug_show(struct seq_file *s);
unsigned long dma_buf_live_count(void);

#endif /* __DMA_BUF_H__ */
