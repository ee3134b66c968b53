// SPDX-License-Identifier: GPL-2.0-only
/*
 * fencepost_vgem import glue: imports dma-bufs of the kernel's own dma-buf
 * subsystem (the stock vgem's, any stock exporter's) through the kernel's
 * importer API. Unlike every other file of the module, this one is compiled
 * against the kernel's <linux/dma-buf.h> and without the fencepost_ renaming
 * (see kernel/Kbuild), so dma_buf_get() here is the kernel's. It must not
 * include a header of ours that pulls in our dma-buf family.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": vgem import: " fmt

#include <linux/device.h>
#include <linux/dma-buf.h>
#include <linux/dma-direction.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/iosys-map.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "vgem_import.h"

/* The kernel exports its dma-buf API in this namespace. */
MODULE_IMPORT_NS(DMA_BUF);

/**
 * DOC: foreign dma-bufs
 *
 * Two dma-buf subsystems live in one kernel when fencepost.ko is loaded:
 * the kernel's and ours, with the same names but different types (our
 * &struct dma_buf, &struct dma_fence and &struct dma_resv are laid out
 * differently and are renamed fencepost_*). Our dma_buf_get() knows only
 * our files, so PRIME_FD_TO_HANDLE first tries ours and then hands the fd
 * to this file, which is the driver half of a dma-buf importer written
 * against the kernel's API, the way a stock DRM driver imports:
 *
 * 1. dma_buf_get() takes a reference to the kernel's dma-buf behind the fd
 *    (-EINVAL if the file is no dma-buf of either subsystem);
 * 2. dma_buf_attach() attaches our device (the misc device, whose DMA mask
 *    the exporter may look at) and dma_buf_map_attachment_unlocked() maps
 *    the buffer for it, as drm's prime import does, keeping the sg_table
 *    for the life of the import;
 * 3. dma_buf_vmap() gives the kernel address the virtual engine reads and
 *    writes; an exporter without vmap (or with I/O memory) still imports,
 *    and only the engine refuses the object;
 * 4. the reference, the attachment, the mapping and the vmap are held until
 *    the last reference to the object goes, then undone in reverse order.
 *
 * What does not cross: fences. The foreign buffer's reservation object is
 * the kernel's &struct dma_resv and holds the kernel's fences; ours holds
 * ours. Neither kind can be put into the other's container, and neither
 * subsystem can wait on the other's fences through its own API. So an
 * imported object gets a reservation object of its own: vgem fences
 * attached to it and the engine's jobs on it synchronise with each other,
 * but the exporter and the foreign buffer's other importers never see
 * them, and they do not see the exporter's fences (poll() on the foreign
 * dma-buf ignores ours, our jobs ignore the kernel's). The stock vgem
 * instead uses the exporter's reservation object for an imported object.
 * A bridge would need a fence type of the kernel's that signals from one
 * of ours (and the reverse), which this reference leaves out.
 *
 * Other answers, as drm gives them for an imported GEM object:
 * MODE_MAP_DUMB refuses it (-EINVAL), PRIME_HANDLE_TO_FD returns the
 * original dma-buf (a new fd of the same file) rather than exporting a new
 * one, and importing the same dma-buf again in the same file gives the same
 * handle. The kernel's dma_buf_get() refuses our dma-bufs in turn, so the
 * stock vgem cannot import ours (-EINVAL).
 */

/**
 * struct fencepost_vgem_import - a kernel dma-buf imported by our device
 * @dmabuf: the kernel's dma-buf, with a reference
 * @attach: our device's attachment, or NULL before the attach step
 * @sgt: the attachment's mapping
 * @map: the kernel mapping, if @vmapped
 * @vmapped: whether dma_buf_vmap() succeeded with system memory
 */
struct fencepost_vgem_import {
	struct dma_buf *dmabuf;
	struct dma_buf_attachment *attach;
	struct sg_table *sgt;
	struct iosys_map map;
	bool vmapped;
};

/**
 * fencepost_vgem_import_get() - take the kernel's dma-buf behind a fd
 * @fd: the file descriptor
 *
 * Return: a new import holding a reference to the dma-buf, not attached
 * yet, or ERR_PTR(): -EBADF for a bad fd, -EINVAL if the file is not a
 * dma-buf of the kernel or its size is not a multiple of the page size,
 * -ENOMEM.
 */
struct fencepost_vgem_import *fencepost_vgem_import_get(int fd)
{
	struct fencepost_vgem_import *imp;
	struct dma_buf *dmabuf;

	dmabuf = dma_buf_get(fd);
	if (IS_ERR(dmabuf))
		return ERR_CAST(dmabuf);

	if (!dmabuf->size || !PAGE_ALIGNED(dmabuf->size)) {
		dma_buf_put(dmabuf);
		return ERR_PTR(-EINVAL);
	}

	imp = kzalloc(sizeof(*imp), GFP_KERNEL);
	if (!imp) {
		dma_buf_put(dmabuf);
		return ERR_PTR(-ENOMEM);
	}
	imp->dmabuf = dmabuf;
	return imp;
}

/**
 * fencepost_vgem_import_attach() - attach and map an import for a device
 * @imp: an import from fencepost_vgem_import_get(), not attached yet
 * @dev: the importing device
 *
 * Attaches @dev, maps the attachment and, if the exporter supports it,
 * maps the buffer into the kernel. May sleep.
 *
 * Return: 0, or the error of dma_buf_attach() or of the mapping. On error
 * @imp stays valid for fencepost_vgem_import_put().
 */
int fencepost_vgem_import_attach(struct fencepost_vgem_import *imp,
				 struct device *dev)
{
	struct dma_buf_attachment *attach;
	struct sg_table *sgt;

	attach = dma_buf_attach(imp->dmabuf, dev);
	if (IS_ERR(attach))
		return PTR_ERR(attach);

	sgt = dma_buf_map_attachment_unlocked(attach, DMA_BIDIRECTIONAL);
	if (IS_ERR(sgt)) {
		dma_buf_detach(imp->dmabuf, attach);
		return PTR_ERR(sgt);
	}
	imp->attach = attach;
	imp->sgt = sgt;

	/* Optional: without it only the engine refuses the object. */
	if (!dma_buf_vmap(imp->dmabuf, &imp->map)) {
		if (imp->map.is_iomem)
			dma_buf_vunmap(imp->dmabuf, &imp->map);
		else
			imp->vmapped = true;
	}
	return 0;
}

/**
 * fencepost_vgem_import_put() - undo an import
 * @imp: the import
 *
 * Unmaps, detaches and drops the dma-buf reference, in reverse order of the
 * import. May sleep.
 */
void fencepost_vgem_import_put(struct fencepost_vgem_import *imp)
{
	if (imp->vmapped)
		dma_buf_vunmap(imp->dmabuf, &imp->map);
	if (imp->attach) {
		dma_buf_unmap_attachment_unlocked(imp->attach, imp->sgt,
						  DMA_BIDIRECTIONAL);
		dma_buf_detach(imp->dmabuf, imp->attach);
	}
	dma_buf_put(imp->dmabuf);
	kfree(imp);
}

/**
 * fencepost_vgem_import_file() - the file of an imported dma-buf
 * @imp: the import
 *
 * A dma-buf is one file whatever the fd: importers compare files to find an
 * earlier import of the same buffer.
 *
 * Return: the file; the import holds it.
 */
struct file *fencepost_vgem_import_file(const struct fencepost_vgem_import *imp)
{
	return imp->dmabuf->file;
}

/**
 * fencepost_vgem_import_size() - the size of an imported dma-buf
 * @imp: the import
 *
 * Return: the size in bytes, a non-zero multiple of PAGE_SIZE.
 */
size_t fencepost_vgem_import_size(const struct fencepost_vgem_import *imp)
{
	return imp->dmabuf->size;
}

/**
 * fencepost_vgem_import_vaddr() - the kernel mapping of an import
 * @imp: an attached import
 *
 * Return: the kernel address of the whole buffer, or NULL if the exporter
 * could not map it into the kernel as system memory.
 */
void *fencepost_vgem_import_vaddr(const struct fencepost_vgem_import *imp)
{
	return imp->vmapped ? imp->map.vaddr : NULL;
}

/**
 * fencepost_vgem_import_fd() - a new fd for the imported dma-buf
 * @imp: the import
 * @flags: O_CLOEXEC and/or O_RDWR
 *
 * What PRIME_HANDLE_TO_FD gives for an imported object: the original
 * dma-buf, not a new export.
 *
 * Return: the fd, or the error of dma_buf_fd().
 */
int fencepost_vgem_import_fd(struct fencepost_vgem_import *imp,
			     unsigned int flags)
{
	int fd;

	get_dma_buf(imp->dmabuf);
	fd = dma_buf_fd(imp->dmabuf, flags);
	if (fd < 0)
		dma_buf_put(imp->dmabuf);
	return fd;
}
