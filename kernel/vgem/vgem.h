/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fencepost_vgem: a small dma-buf exporter on /dev/fencepost_vgem (and
 * /dev/dri/cardN, /dev/dri/renderDN) that answers a subset of the uAPI of
 * Linux's vgem driver, plus a virtual engine. Shared between vgem_drv.c
 * (objects, prime, ioctls, file operations), vgem_fence.c (the vgem fence
 * ioctls), vgem_engine.c (the engine ioctls), which run on both hosts, and
 * the code that registers the device: vgem_dev.c in the kernel.
 */
#ifndef __FENCEPOST_VGEM_H
#define __FENCEPOST_VGEM_H

#include <linux/dma-resv.h>
#include <linux/idr.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/types.h>

struct dma_buf;
struct fencepost_vgem_import;
struct page;

/**
 * struct fencepost_vgem_object - a buffer object, the analogue of a GEM object
 * @ref: references: one for all the handles together (taken by the first
 *	handle, dropped with the last), one per dma-buf, one per mapping,
 *	plus short-lived lookups
 * @size: size in bytes, a non-zero multiple of PAGE_SIZE
 * @resv: the reservation object; also &dma_buf.resv of the exported buffer
 * @mmap_id: index in the fake-offset table; the mmap offset derives from it
 * @pages_lock: serialises the allocation of @pages
 * @pages: the backing pages, allocated all at once on first use (mmap,
 *	dma-buf mapping, vmap) and freed with the object; never changes once
 *	set
 * @handle_count: number of handles in all files; under the device's name
 *	lock
 * @dma_buf: the exported dma-buf while @handle_count is non-zero (holding a
 *	reference to it), so that exporting again gives the same buffer; under
 *	the device's name lock
 * @import: for an object imported from the kernel's own dma-buf subsystem,
 *	the import (vgem_import.c), held until the object is freed; NULL for
 *	our own objects. An imported object has no @pages and is never
 *	exported as a dma-buf of ours: see "DOC: foreign dma-bufs"
 * @vaddr: the kernel mapping of an imported object, NULL if the exporter
 *	gave none (and for our own objects)
 */
struct fencepost_vgem_object {
	struct kref ref;
	size_t size;
	struct dma_resv resv;
	u32 mmap_id;

	struct mutex pages_lock; /* serialises allocating @pages */
	struct page **pages;

	unsigned int handle_count;
	struct dma_buf *dma_buf;

	struct fencepost_vgem_import *import;
	void *vaddr;
};

/**
 * struct fencepost_vgem_file - the state of one open file of the device
 * @render: opened through the render node: only the ioctls that Linux
 *	marks DRM_RENDER_ALLOW are allowed
 * @lock: protects @handles
 * @handles: handle -> &struct fencepost_vgem_object, each entry holding a
 *	handle reference (&fencepost_vgem_object.handle_count)
 * @fence_lock: protects @fences
 * @fences: fence id -> &struct dma_fence, each entry holding a fence
 *	reference; an entry becomes NULL once the fence is signalled through
 *	the ioctl, and the id stays used until the file closes, like vgem
 * @ctx_lock: protects @contexts
 * @contexts: engine context id -> &struct fencepost_vgem_context, each
 *	entry holding a context reference
 */
struct fencepost_vgem_file {
	bool render;

	struct mutex lock; /* protects @handles */
	struct idr handles;

	struct mutex fence_lock; /* protects @fences */
	struct idr fences;

	struct mutex ctx_lock; /* protects @contexts */
	struct idr contexts;
};

struct fencepost_vgem_object *
fencepost_vgem_object_lookup(struct fencepost_vgem_file *vfile, u32 handle);
void fencepost_vgem_object_put(struct fencepost_vgem_object *obj);
int fencepost_vgem_object_get_pages(struct fencepost_vgem_object *obj);

void fencepost_vgem_fence_open(struct fencepost_vgem_file *vfile);
void fencepost_vgem_fence_close(struct fencepost_vgem_file *vfile);
int fencepost_vgem_fence_attach_ioctl(struct fencepost_vgem_file *vfile,
				      void *data);
int fencepost_vgem_fence_signal_ioctl(struct fencepost_vgem_file *vfile,
				      void *data);

void fencepost_vgem_engine_open(struct fencepost_vgem_file *vfile);
void fencepost_vgem_engine_close(struct fencepost_vgem_file *vfile);
int fencepost_vgem_ctx_create_ioctl(struct fencepost_vgem_file *vfile,
				    void *data);
int fencepost_vgem_ctx_destroy_ioctl(struct fencepost_vgem_file *vfile,
				     void *data);
int fencepost_vgem_submit_ioctl(struct fencepost_vgem_file *vfile, void *data);
int fencepost_vgem_engine_init(void);
void fencepost_vgem_engine_exit(void);

/* vgem_drv.c: the driver, for the device code of either host. */
extern const struct file_operations fencepost_vgem_fops;
int fencepost_vgem_core_init(void);
void fencepost_vgem_core_exit(void);

/*
 * Supplied by the device code (vgem_dev.c in the kernel): which node an
 * inode is, and the device that maps our buffers and attaches to others.
 */
struct device;
struct inode;
bool fencepost_vgem_node_is_render(struct inode *inode);
struct device *fencepost_vgem_dma_device(void);

/* vgem_dev.c: module start and stop. */
int fencepost_vgem_init(void);
void fencepost_vgem_exit(void);

#endif /* __FENCEPOST_VGEM_H */
