// SPDX-License-Identifier: GPL-2.0-only
/*
 * fencepost_vgem: a dma-buf exporter that answers the part of Linux 6.1
 * vgem's uAPI (drm core, dumb buffers, prime, vgem fences) that the tests
 * use, with the same results and errors, plus the ioctls of a virtual
 * engine (vgem_engine.c). This file is the driver proper: objects, handles,
 * prime, mmap and the ioctls, behind &fencepost_vgem_fops. Registering the
 * nodes that reach those file operations is the job of vgem_dev.c in the
 * kernel (and of a stand-in in the userspace host).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": vgem: " fmt

#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/dma-resv.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/gfp.h>
#include <linux/idr.h>
#include <linux/iosys-map.h>
#include <linux/kernel.h>
#include <linux/kref.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/xarray.h>

#include <drm/drm.h>
#include <drm/drm_mode.h>
#include <drm/vgem_drm.h>

#include <uapi/drm/fencepost_vgem.h>

#include "vgem.h"
#include "vgem_import.h"

/**
 * DOC: fencepost vgem
 *
 * Tests of implicit synchronisation want a dma-buf whose reservation object
 * they can fill from userspace. Linux has vgem for that; this is the same
 * uAPI on /dev/fencepost_vgem, exporting dma-bufs of our core, so that one
 * test program runs against either by opening another node. A program sees
 * the answers of Linux 6.1's vgem, drm core included, for these ioctls:
 * DRM_IOCTL_VERSION, DRM_IOCTL_GET_CAP, DRM_IOCTL_GEM_CLOSE,
 * DRM_IOCTL_PRIME_HANDLE_TO_FD, DRM_IOCTL_PRIME_FD_TO_HANDLE,
 * DRM_IOCTL_MODE_CREATE_DUMB, DRM_IOCTL_MODE_MAP_DUMB,
 * DRM_IOCTL_MODE_DESTROY_DUMB, DRM_IOCTL_VGEM_FENCE_ATTACH and
 * DRM_IOCTL_VGEM_FENCE_SIGNAL; and mmap() of the device at the offset
 * MAP_DUMB returned. It adds the engine's ioctls,
 * DRM_IOCTL_FENCEPOST_VGEM_CTX_CREATE, CTX_DESTROY and SUBMIT, at driver
 * ioctl numbers vgem does not use (see vgem_engine.c). Other commands of
 * the DRM ioctl type get -EINVAL, like drm_ioctl() answers for a command
 * it has no function for, and anything else -ENOTTY. The ioctl arguments
 * are copied in and out the way drm_ioctl() does it: the command's
 * direction and size decide, missing input is zeroed, and the output is
 * copied back even when the handler fails. PRIME_FD_TO_HANDLE takes back
 * our own dma-bufs and imports those of the kernel's own dma-buf subsystem
 * (the stock vgem's, say) through the kernel's importer API, without
 * sharing fences with them: see "DOC: foreign dma-bufs" in vgem_import.c.
 *
 * Objects. A &struct fencepost_vgem_object is a run of pages, allocated
 * all at once on first use, with a reservation object and a kref (or, if
 * imported from the kernel's subsystem, the foreign buffer's memory instead
 * of pages). A file
 * names objects by handles: the first handle in any file takes an object
 * reference for all of them (&fencepost_vgem_object.handle_count), the
 * last one drops it. Each dma-buf and each user mapping holds a reference
 * too. The dma-buf of an object is exported once: while the object has
 * handles it keeps that dma-buf (and a reference to it) in
 * &fencepost_vgem_object.dma_buf, and exporting again returns it; with the
 * last handle it lets go, which breaks the reference cycle.
 *
 * A dma-buf of ours given to PRIME_FD_TO_HANDLE yields the handle that the
 * file already has for its object, or a new one; a file never holds two
 * handles to one object (it can get a handle to an object it did not create
 * only by importing), which is what drm's per-file prime cache amounts to
 * for a driver that imports only its own buffers.
 *
 * Nodes. In the kernel the same device answers on three nodes (vgem_dev.c,
 * "DOC: DRM nodes"): the misc device /dev/fencepost_vgem and
 * /dev/dri/cardN are primary nodes, /dev/dri/renderDN is a render node.
 * The file operations only ask fencepost_vgem_node_is_render() which kind
 * a file was opened through: the render node refuses, with -EACCES after
 * copying the argument in, the ioctls that Linux does not mark
 * DRM_RENDER_ALLOW: of ours, the three dumb-buffer ioctls.
 *
 * Hosts. Everything in this file, vgem_fence.c and vgem_engine.c is
 * written against the kernel's APIs only, and also runs in the userspace
 * host, where their unit tests run under the sanitizers. What a host must
 * supply is declared in vgem.h: the nodes (fencepost_vgem_node_is_render(),
 * fencepost_vgem_dma_device()) and the foreign-import glue of
 * vgem_import.h.
 *
 * Fake offsets. mmap() of the device finds the object by vm_pgoff: object
 * number n (from an allocating xarray) owns the slot of 4 GiB starting at
 * byte (n + 1) * 4 GiB, and a dumb buffer is smaller than 4 GiB. Like drm,
 * the mapping must start at the object's offset, fit in the object, be
 * shared, and the file must hold a handle to the object. Pages are
 * inserted at fault time as PFNs, and the mapping holds an object
 * reference, so it outlives the handle.
 *
 * Locking, outermost first:
 *
 * - &fencepost_vgem_file.lock protects the handle idr of a file; it is held
 *   across the look-up and the creation of a handle on import, including
 *   the attach and mapping of a foreign dma-buf, so the kernel's dma-buf
 *   locks (its reservation objects) nest inside it; the kernel never calls
 *   back into us with them held.
 * - fencepost_vgem_name_lock (global) protects the handle counts and the
 *   exported dma-buf of every object, like drm's object_name_lock.
 * - &fencepost_vgem_object.pages_lock serialises the page allocation.
 * - The xarray lock of fencepost_vgem_mmap_ids orders mmap() look-ups
 *   against object release: a look-up takes a reference only if the count
 *   is not zero yet, and the release erases the entry before freeing.
 *
 * References to dma-bufs and objects are dropped after the locks, as the
 * release they may trigger takes them. Fence locking is in vgem_fence.c.
 */

/* Object n maps at page (n + 1) << FENCEPOST_VGEM_SLOT_SHIFT: slots of 4 GiB. */
#define FENCEPOST_VGEM_SLOT_SHIFT	(32 - PAGE_SHIFT)


static DEFINE_MUTEX(fencepost_vgem_name_lock);
static DEFINE_XARRAY_ALLOC(fencepost_vgem_mmap_ids);

static unsigned long fencepost_vgem_mmap_pgoff(struct fencepost_vgem_object *obj)
{
	return ((unsigned long)obj->mmap_id + 1) << FENCEPOST_VGEM_SLOT_SHIFT;
}

static unsigned long fencepost_vgem_npages(struct fencepost_vgem_object *obj)
{
	return obj->size >> PAGE_SHIFT;
}

static void fencepost_vgem_object_release(struct kref *ref)
{
	struct fencepost_vgem_object *obj =
		container_of(ref, struct fencepost_vgem_object, ref);
	unsigned long i;

	xa_erase(&fencepost_vgem_mmap_ids, obj->mmap_id);

	if (obj->import)
		fencepost_vgem_import_put(obj->import);
	if (obj->pages) {
		for (i = 0; i < fencepost_vgem_npages(obj); i++)
			__free_page(obj->pages[i]);
		kvfree(obj->pages);
	}
	mutex_destroy(&obj->pages_lock);
	dma_resv_fini(&obj->resv);
	kfree(obj);
}

/**
 * fencepost_vgem_object_put() - drop a reference to an object
 * @obj: the object
 *
 * The last reference frees the object, its pages and its reservation object
 * (and with it the fences in it). May sleep.
 */
void fencepost_vgem_object_put(struct fencepost_vgem_object *obj)
{
	kref_put(&obj->ref, fencepost_vgem_object_release);
}

/* A new object of @size bytes (page aligned, non-zero) with one reference. */
static struct fencepost_vgem_object *fencepost_vgem_object_create(size_t size)
{
	struct fencepost_vgem_object *obj;
	int ret;

	obj = kzalloc(sizeof(*obj), GFP_KERNEL);
	if (!obj)
		return ERR_PTR(-ENOMEM);

	kref_init(&obj->ref);
	obj->size = size;
	dma_resv_init(&obj->resv);
	mutex_init(&obj->pages_lock);

	/* The entry is published last: mmap() may find it from now on. */
	ret = xa_alloc(&fencepost_vgem_mmap_ids, &obj->mmap_id, obj,
		       xa_limit_31b, GFP_KERNEL);
	if (ret) {
		/* Out of ids looks like drm's offset manager being full. */
		if (ret == -EBUSY)
			ret = -ENOSPC;
		goto err_free;
	}
	return obj;

err_free:
	mutex_destroy(&obj->pages_lock);
	dma_resv_fini(&obj->resv);
	kfree(obj);
	return ERR_PTR(ret);
}

/**
 * fencepost_vgem_object_get_pages() - allocate the pages of an object
 * @obj: the object
 *
 * Allocates the backing pages if that has not happened yet; they stay until
 * the object is freed. An imported object has no pages: its memory is the
 * exporter's, which the engine reaches through &fencepost_vgem_object.vaddr.
 * May sleep.
 *
 * Return: 0, -ENOMEM, or -EINVAL for an imported object the kernel could
 * not map.
 */
int fencepost_vgem_object_get_pages(struct fencepost_vgem_object *obj)
{
	unsigned long n = fencepost_vgem_npages(obj), i;
	struct page **pages;
	int ret = 0;

	if (obj->import)
		return obj->vaddr ? 0 : -EINVAL;

	mutex_lock(&obj->pages_lock);
	if (obj->pages)
		goto out_unlock;

	pages = kvmalloc_array(n, sizeof(*pages), GFP_KERNEL);
	if (!pages) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	for (i = 0; i < n; i++) {
		pages[i] = alloc_page(GFP_HIGHUSER | __GFP_ZERO |
				      __GFP_RETRY_MAYFAIL | __GFP_NOWARN);
		if (!pages[i]) {
			ret = -ENOMEM;
			goto err_pages;
		}
	}
	/* Faults read the array without the lock: publish it filled. */
	smp_store_release(&obj->pages, pages);
	goto out_unlock;

err_pages:
	while (i--)
		__free_page(pages[i]);
	kvfree(pages);
out_unlock:
	mutex_unlock(&obj->pages_lock);
	return ret;
}

/**
 * fencepost_vgem_object_lookup() - find the object behind a handle
 * @vfile: the file the handle belongs to
 * @handle: the handle
 *
 * Return: the object with a new reference, to drop with
 * fencepost_vgem_object_put(), or NULL if @vfile has no such handle.
 */
struct fencepost_vgem_object *
fencepost_vgem_object_lookup(struct fencepost_vgem_file *vfile, u32 handle)
{
	struct fencepost_vgem_object *obj;

	mutex_lock(&vfile->lock);
	obj = idr_find(&vfile->handles, handle);
	if (obj)
		kref_get(&obj->ref);
	mutex_unlock(&vfile->lock);
	return obj;
}

/* Count a new handle to @obj; the first one holds an object reference. */
static void fencepost_vgem_handle_get_locked(struct fencepost_vgem_object *obj)
{
	lockdep_assert_held(&fencepost_vgem_name_lock);
	if (obj->handle_count++ == 0)
		kref_get(&obj->ref);
}

/*
 * Uncount a handle to @obj. The last one lets go of the exported dma-buf
 * and of the handles' object reference.
 */
static void fencepost_vgem_handle_put(struct fencepost_vgem_object *obj)
{
	struct dma_buf *dmabuf = NULL;
	bool last;

	mutex_lock(&fencepost_vgem_name_lock);
	last = --obj->handle_count == 0;
	if (last) {
		dmabuf = obj->dma_buf;
		obj->dma_buf = NULL;
	}
	mutex_unlock(&fencepost_vgem_name_lock);

	if (dmabuf)
		dma_buf_put(dmabuf);
	if (last)
		fencepost_vgem_object_put(obj);
}

/* Give @obj a new handle in @vfile; takes and drops &vfile->lock. */
static int fencepost_vgem_handle_create(struct fencepost_vgem_file *vfile,
					struct fencepost_vgem_object *obj,
					u32 *handle)
{
	int ret;

	mutex_lock(&fencepost_vgem_name_lock);
	fencepost_vgem_handle_get_locked(obj);
	mutex_unlock(&fencepost_vgem_name_lock);

	mutex_lock(&vfile->lock);
	ret = idr_alloc(&vfile->handles, obj, 1, 0, GFP_KERNEL);
	mutex_unlock(&vfile->lock);
	if (ret < 0) {
		fencepost_vgem_handle_put(obj);
		return ret;
	}
	*handle = ret;
	return 0;
}

/* Remove a handle of @vfile, like drm_gem_handle_delete(). */
static int fencepost_vgem_handle_delete(struct fencepost_vgem_file *vfile,
					u32 handle)
{
	struct fencepost_vgem_object *obj;

	mutex_lock(&vfile->lock);
	obj = idr_remove(&vfile->handles, handle);
	mutex_unlock(&vfile->lock);
	if (!obj)
		return -EINVAL;

	fencepost_vgem_handle_put(obj);
	return 0;
}

/* The handle @vfile has for @obj, 0 if none; &vfile->lock held. */
static u32 fencepost_vgem_handle_find_locked(struct fencepost_vgem_file *vfile,
					     struct fencepost_vgem_object *obj)
{
	struct fencepost_vgem_object *entry;
	int id;

	lockdep_assert_held(&vfile->lock);
	idr_for_each_entry(&vfile->handles, entry, id)
		if (entry == obj)
			return id;
	return 0;
}

/* The dma-buf side. */

static struct sg_table *
fencepost_vgem_map_dma_buf(struct dma_buf_attachment *attach,
			   enum dma_data_direction dir)
{
	struct fencepost_vgem_object *obj = attach->dmabuf->priv;
	struct sg_table *sgt;
	int ret;

	ret = fencepost_vgem_object_get_pages(obj);
	if (ret)
		return ERR_PTR(ret);

	sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);
	if (!sgt)
		return ERR_PTR(-ENOMEM);

	ret = sg_alloc_table_from_pages(sgt, obj->pages,
					fencepost_vgem_npages(obj), 0,
					obj->size, GFP_KERNEL);
	if (ret)
		goto err_free;

	ret = dma_map_sgtable(attach->dev, sgt, dir, DMA_ATTR_SKIP_CPU_SYNC);
	if (ret)
		goto err_table;
	return sgt;

err_table:
	sg_free_table(sgt);
err_free:
	kfree(sgt);
	return ERR_PTR(ret);
}

static void fencepost_vgem_unmap_dma_buf(struct dma_buf_attachment *attach,
					 struct sg_table *sgt,
					 enum dma_data_direction dir)
{
	dma_unmap_sgtable(attach->dev, sgt, dir, DMA_ATTR_SKIP_CPU_SYNC);
	sg_free_table(sgt);
	kfree(sgt);
}

static void fencepost_vgem_dmabuf_release(struct dma_buf *dmabuf)
{
	fencepost_vgem_object_put(dmabuf->priv);
}

/* User mappings, of the device and of the dma-buf alike. */

static void fencepost_vgem_vm_open(struct vm_area_struct *vma)
{
	struct fencepost_vgem_object *obj = vma->vm_private_data;

	kref_get(&obj->ref);
}

static void fencepost_vgem_vm_close(struct vm_area_struct *vma)
{
	fencepost_vgem_object_put(vma->vm_private_data);
}

/*
 * Like drm's shmem helper, the page is found from the address alone: the
 * mapping starts at the first page of the object whatever vm_pgoff says
 * (for the device it is the fake offset; a dma-buf mapped at a non-zero
 * offset sees the object from its start too, as with vgem).
 */
static vm_fault_t fencepost_vgem_vm_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct fencepost_vgem_object *obj = vma->vm_private_data;
	unsigned long idx = (vmf->address - vma->vm_start) >> PAGE_SHIFT;
	/* Pairs with the release in get_pages: the array is filled. */
	struct page **pages = smp_load_acquire(&obj->pages);

	if (idx >= fencepost_vgem_npages(obj) || WARN_ON_ONCE(!pages))
		return VM_FAULT_SIGBUS;

	return vmf_insert_pfn(vma, vmf->address, page_to_pfn(pages[idx]));
}

static const struct vm_operations_struct fencepost_vgem_vm_ops = {
	.open = fencepost_vgem_vm_open,
	.close = fencepost_vgem_vm_close,
	.fault = fencepost_vgem_vm_fault,
};

/* Set up @vma for @obj, whose size the caller has checked. */
static int fencepost_vgem_object_mmap(struct fencepost_vgem_object *obj,
				      struct vm_area_struct *vma)
{
	int ret;

	/* Private writable mappings would need copies of our pages. */
	if (is_cow_mapping(vma->vm_flags))
		return -EINVAL;
	/* Imported memory is the exporter's: MAP_DUMB gave no offset for it. */
	if (obj->import)
		return -EINVAL;

	ret = fencepost_vgem_object_get_pages(obj);
	if (ret)
		return ret;

	kref_get(&obj->ref);
	vma->vm_private_data = obj;
	vma->vm_ops = &fencepost_vgem_vm_ops;
	vma->vm_flags |= VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP;
	vma->vm_page_prot = vm_get_page_prot(vma->vm_flags);
	return 0;
}

static int fencepost_vgem_dmabuf_mmap(struct dma_buf *dmabuf,
				      struct vm_area_struct *vma)
{
	return fencepost_vgem_object_mmap(dmabuf->priv, vma);
}

static int fencepost_vgem_dmabuf_vmap(struct dma_buf *dmabuf,
				      struct iosys_map *map)
{
	struct fencepost_vgem_object *obj = dmabuf->priv;
	void *vaddr;
	int ret;

	ret = fencepost_vgem_object_get_pages(obj);
	if (ret)
		return ret;

	vaddr = vmap(obj->pages, fencepost_vgem_npages(obj), VM_MAP,
		     PAGE_KERNEL);
	if (!vaddr)
		return -ENOMEM;
	iosys_map_set_vaddr(map, vaddr);
	return 0;
}

static void fencepost_vgem_dmabuf_vunmap(struct dma_buf *dmabuf __always_unused,
					 struct iosys_map *map)
{
	vunmap(map->vaddr);
}

static const struct dma_buf_ops fencepost_vgem_dmabuf_ops = {
	.map_dma_buf = fencepost_vgem_map_dma_buf,
	.unmap_dma_buf = fencepost_vgem_unmap_dma_buf,
	.release = fencepost_vgem_dmabuf_release,
	.mmap = fencepost_vgem_dmabuf_mmap,
	.vmap = fencepost_vgem_dmabuf_vmap,
	.vunmap = fencepost_vgem_dmabuf_vunmap,
};

/* A new dma-buf for @obj, holding an object reference. */
static struct dma_buf *fencepost_vgem_export(struct fencepost_vgem_object *obj,
					     int flags)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct dma_buf *dmabuf;

	/* drm names itself as the exporter of every GEM dma-buf. */
	exp_info.exp_name = "drm";
	exp_info.ops = &fencepost_vgem_dmabuf_ops;
	exp_info.size = obj->size;
	exp_info.flags = flags;
	exp_info.resv = &obj->resv;
	exp_info.priv = obj;

	kref_get(&obj->ref);
	dmabuf = dma_buf_export(&exp_info);
	if (IS_ERR(dmabuf))
		fencepost_vgem_object_put(obj);
	return dmabuf;
}

/* The ioctls. Each takes the argument copied into kernel memory. */

static int fencepost_vgem_copy_field(char __user *buf, __kernel_size_t *len,
				     const char *value)
{
	size_t n = strlen(value);
	size_t copy = min_t(size_t, n, *len);

	/* The caller learns the whole length, and gets what fits. */
	*len = n;
	if (copy && buf && copy_to_user(buf, value, copy))
		return -EFAULT;
	return 0;
}

static int fencepost_vgem_version(struct fencepost_vgem_file *vfile __always_unused,
				  void *data)
{
	struct drm_version *v = data;
	int ret;

	v->version_major = 1;
	v->version_minor = 0;
	v->version_patchlevel = 0;
	ret = fencepost_vgem_copy_field(v->name, &v->name_len, "vgem");
	if (!ret)
		ret = fencepost_vgem_copy_field(v->date, &v->date_len,
						"20120112");
	if (!ret)
		ret = fencepost_vgem_copy_field(v->desc, &v->desc_len,
						"Virtual GEM provider");
	return ret;
}

/*
 * vgem is a render-only driver: beyond the few caps that do not need mode
 * setting, drm answers -EOPNOTSUPP, DRM_CAP_DUMB_BUFFER included.
 */
static int fencepost_vgem_get_cap(struct fencepost_vgem_file *vfile __always_unused,
				  void *data)
{
	struct drm_get_cap *cap = data;

	cap->value = 0;
	switch (cap->capability) {
	case DRM_CAP_TIMESTAMP_MONOTONIC:
		cap->value = 1;
		return 0;
	case DRM_CAP_PRIME:
		cap->value = DRM_PRIME_CAP_IMPORT | DRM_PRIME_CAP_EXPORT;
		return 0;
	case DRM_CAP_SYNCOBJ:
	case DRM_CAP_SYNCOBJ_TIMELINE:
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

static int fencepost_vgem_gem_close(struct fencepost_vgem_file *vfile,
				    void *data)
{
	struct drm_gem_close *args = data;

	/* drm ignores the pad. */
	return fencepost_vgem_handle_delete(vfile, args->handle);
}

static int fencepost_vgem_handle_to_fd(struct fencepost_vgem_file *vfile,
				       void *data)
{
	struct drm_prime_handle *args = data;
	struct fencepost_vgem_object *obj;
	struct dma_buf *dmabuf;
	int ret;

	if (args->flags & ~(DRM_CLOEXEC | DRM_RDWR))
		return -EINVAL;

	obj = fencepost_vgem_object_lookup(vfile, args->handle);
	if (!obj)
		return -ENOENT;

	/* Like drm: an imported object gives back the buffer it came from. */
	if (obj->import) {
		ret = fencepost_vgem_import_fd(obj->import, args->flags);
		if (ret >= 0) {
			args->fd = ret;
			ret = 0;
		}
		fencepost_vgem_object_put(obj);
		return ret;
	}

	mutex_lock(&fencepost_vgem_name_lock);
	if (!obj->handle_count) {
		/* The handle was closed meanwhile. */
		ret = -ENOENT;
		goto err_unlock;
	}
	dmabuf = obj->dma_buf;
	if (!dmabuf) {
		dmabuf = fencepost_vgem_export(obj, args->flags);
		if (IS_ERR(dmabuf)) {
			ret = PTR_ERR(dmabuf);
			goto err_unlock;
		}
		/* The reference we got is the cache's. */
		obj->dma_buf = dmabuf;
	}
	get_dma_buf(dmabuf);
	mutex_unlock(&fencepost_vgem_name_lock);

	ret = dma_buf_fd(dmabuf, args->flags);
	if (ret < 0)
		goto err_dmabuf;
	args->fd = ret;
	fencepost_vgem_object_put(obj);
	return 0;

err_dmabuf:
	dma_buf_put(dmabuf);
	fencepost_vgem_object_put(obj);
	return ret;

err_unlock:
	mutex_unlock(&fencepost_vgem_name_lock);
	fencepost_vgem_object_put(obj);
	return ret;
}

/*
 * PRIME_FD_TO_HANDLE of a dma-buf of the kernel's own subsystem: "DOC:
 * foreign dma-bufs". The file keeps one handle per foreign buffer, found by
 * the buffer's file; a new one is attached for our device and mapped.
 */
static int fencepost_vgem_import_foreign(struct fencepost_vgem_file *vfile,
					 struct drm_prime_handle *args)
{
	struct fencepost_vgem_import *imp;
	struct fencepost_vgem_object *obj, *entry;
	struct file *file;
	int id, ret;

	imp = fencepost_vgem_import_get(args->fd);
	if (IS_ERR(imp))
		return PTR_ERR(imp);
	file = fencepost_vgem_import_file(imp);

	mutex_lock(&vfile->lock);
	idr_for_each_entry(&vfile->handles, entry, id) {
		if (entry->import &&
		    fencepost_vgem_import_file(entry->import) == file) {
			mutex_unlock(&vfile->lock);
			fencepost_vgem_import_put(imp);
			args->handle = id;
			return 0;
		}
	}

	/* The device our dma-bufs are mapped for imports foreign ones too. */
	ret = fencepost_vgem_import_attach(imp, fencepost_vgem_dma_device());
	if (ret)
		goto err_unlock;

	obj = fencepost_vgem_object_create(fencepost_vgem_import_size(imp));
	if (IS_ERR(obj)) {
		ret = PTR_ERR(obj);
		goto err_unlock;
	}
	/* The object owns the import from now on. */
	obj->import = imp;
	obj->vaddr = fencepost_vgem_import_vaddr(imp);

	mutex_lock(&fencepost_vgem_name_lock);
	fencepost_vgem_handle_get_locked(obj);
	mutex_unlock(&fencepost_vgem_name_lock);

	ret = idr_alloc(&vfile->handles, obj, 1, 0, GFP_KERNEL);
	mutex_unlock(&vfile->lock);
	if (ret < 0)
		fencepost_vgem_handle_put(obj);
	else
		args->handle = ret;
	/* The handle holds the object now, or nothing does. */
	fencepost_vgem_object_put(obj);
	return ret < 0 ? ret : 0;

err_unlock:
	mutex_unlock(&vfile->lock);
	fencepost_vgem_import_put(imp);
	return ret;
}

static int fencepost_vgem_fd_to_handle(struct fencepost_vgem_file *vfile,
				       void *data)
{
	struct drm_prime_handle *args = data;
	struct fencepost_vgem_object *obj;
	struct dma_buf *dmabuf;
	u32 handle;
	int ret;

	dmabuf = dma_buf_get(args->fd);
	/* Not a dma-buf of ours: maybe one of the kernel's. */
	if (dmabuf == ERR_PTR(-EINVAL))
		return fencepost_vgem_import_foreign(vfile, args);
	if (IS_ERR(dmabuf))
		return PTR_ERR(dmabuf);

	/* Ours, from another exporter: not implemented. */
	if (dmabuf->ops != &fencepost_vgem_dmabuf_ops) {
		ret = -EINVAL;
		goto out_put;
	}
	obj = dmabuf->priv;

	mutex_lock(&vfile->lock);
	handle = fencepost_vgem_handle_find_locked(vfile, obj);
	if (handle) {
		mutex_unlock(&vfile->lock);
		args->handle = handle;
		ret = 0;
		goto out_put;
	}

	mutex_lock(&fencepost_vgem_name_lock);
	fencepost_vgem_handle_get_locked(obj);
	if (!obj->dma_buf) {
		/* The buffer becomes the object's export again. */
		get_dma_buf(dmabuf);
		obj->dma_buf = dmabuf;
	} else {
		/* An object is only ever exported as one dma-buf. */
		WARN_ON(obj->dma_buf != dmabuf);
	}
	mutex_unlock(&fencepost_vgem_name_lock);

	ret = idr_alloc(&vfile->handles, obj, 1, 0, GFP_KERNEL);
	mutex_unlock(&vfile->lock);
	if (ret < 0) {
		fencepost_vgem_handle_put(obj);
		goto out_put;
	}
	args->handle = ret;
	ret = 0;

out_put:
	dma_buf_put(dmabuf);
	return ret;
}

static int fencepost_vgem_create_dumb(struct fencepost_vgem_file *vfile,
				      void *data)
{
	struct drm_mode_create_dumb *args = data;
	struct fencepost_vgem_object *obj;
	u32 cpp, stride, pitch, size;
	int ret;

	/* drm's checks keep height * bytes per line within 32 bits ... */
	if (!args->width || !args->height || !args->bpp)
		return -EINVAL;
	if (args->bpp > U32_MAX - 8)
		return -EINVAL;
	cpp = DIV_ROUND_UP(args->bpp, 8);
	if (cpp > U32_MAX / args->width)
		return -EINVAL;
	stride = cpp * args->width;
	if (args->height > U32_MAX / stride)
		return -EINVAL;
	if (PAGE_ALIGN(args->height * stride) == 0)
		return -EINVAL;

	args->handle = 0;
	args->pitch = 0;
	args->size = 0;

	/*
	 * ... then the shmem helper sizes the buffer in 32-bit arithmetic of
	 * its own, where width * bpp can wrap: a pitch (and size) of 0 that
	 * drm's offset manager then refuses with -ENOSPC.
	 */
	pitch = DIV_ROUND_UP(args->width * args->bpp, 8);
	size = PAGE_ALIGN(pitch * args->height);
	args->pitch = pitch;
	args->size = size;
	if (!size)
		return -ENOSPC;

	obj = fencepost_vgem_object_create(size);
	if (IS_ERR(obj))
		return PTR_ERR(obj);

	ret = fencepost_vgem_handle_create(vfile, obj, &args->handle);
	/* The handle holds the object now, or nothing does. */
	fencepost_vgem_object_put(obj);
	return ret;
}

static int fencepost_vgem_map_dumb(struct fencepost_vgem_file *vfile,
				   void *data)
{
	struct drm_mode_map_dumb *args = data;
	struct fencepost_vgem_object *obj;
	int ret = 0;

	obj = fencepost_vgem_object_lookup(vfile, args->handle);
	if (!obj)
		return -ENOENT;

	/* drm_gem_dumb_map_offset() does not map imported objects. */
	if (obj->import)
		ret = -EINVAL;
	else
		args->offset = (u64)fencepost_vgem_mmap_pgoff(obj) << PAGE_SHIFT;
	fencepost_vgem_object_put(obj);
	return ret;
}

static int fencepost_vgem_destroy_dumb(struct fencepost_vgem_file *vfile,
				       void *data)
{
	struct drm_mode_destroy_dumb *args = data;

	return fencepost_vgem_handle_delete(vfile, args->handle);
}

/* The dispatcher, after drm_ioctl(). */

typedef int (*fencepost_vgem_ioctl_t)(struct fencepost_vgem_file *vfile,
				      void *data);

/*
 * @render: allowed on the render node, as DRM_RENDER_ALLOW in Linux's
 * tables (drm_ioctl.c, vgem_drv.c).
 */
struct fencepost_vgem_ioctl_desc {
	unsigned int cmd;
	fencepost_vgem_ioctl_t func;
	bool render;
};

#define FENCEPOST_VGEM_IOCTL(ioctl, fn, r) \
	[_IOC_NR(ioctl)] = { .cmd = ioctl, .func = fn, .render = r }
#define FENCEPOST_VGEM_IOCTL_DRV(ioctl, fn, r) \
	[_IOC_NR(ioctl) - DRM_COMMAND_BASE] = \
		{ .cmd = ioctl, .func = fn, .render = r }

static const struct fencepost_vgem_ioctl_desc fencepost_vgem_core_ioctls[] = {
	FENCEPOST_VGEM_IOCTL(DRM_IOCTL_VERSION, fencepost_vgem_version, true),
	FENCEPOST_VGEM_IOCTL(DRM_IOCTL_GET_CAP, fencepost_vgem_get_cap, true),
	FENCEPOST_VGEM_IOCTL(DRM_IOCTL_GEM_CLOSE, fencepost_vgem_gem_close,
			     true),
	FENCEPOST_VGEM_IOCTL(DRM_IOCTL_PRIME_HANDLE_TO_FD,
			     fencepost_vgem_handle_to_fd, true),
	FENCEPOST_VGEM_IOCTL(DRM_IOCTL_PRIME_FD_TO_HANDLE,
			     fencepost_vgem_fd_to_handle, true),
	FENCEPOST_VGEM_IOCTL(DRM_IOCTL_MODE_CREATE_DUMB,
			     fencepost_vgem_create_dumb, false),
	FENCEPOST_VGEM_IOCTL(DRM_IOCTL_MODE_MAP_DUMB, fencepost_vgem_map_dumb,
			     false),
	FENCEPOST_VGEM_IOCTL(DRM_IOCTL_MODE_DESTROY_DUMB,
			     fencepost_vgem_destroy_dumb, false),
};

static const struct fencepost_vgem_ioctl_desc fencepost_vgem_drv_ioctls[] = {
	FENCEPOST_VGEM_IOCTL_DRV(DRM_IOCTL_VGEM_FENCE_ATTACH,
				 fencepost_vgem_fence_attach_ioctl, true),
	FENCEPOST_VGEM_IOCTL_DRV(DRM_IOCTL_VGEM_FENCE_SIGNAL,
				 fencepost_vgem_fence_signal_ioctl, true),
	FENCEPOST_VGEM_IOCTL_DRV(DRM_IOCTL_FENCEPOST_VGEM_CTX_CREATE,
				 fencepost_vgem_ctx_create_ioctl, true),
	FENCEPOST_VGEM_IOCTL_DRV(DRM_IOCTL_FENCEPOST_VGEM_CTX_DESTROY,
				 fencepost_vgem_ctx_destroy_ioctl, true),
	FENCEPOST_VGEM_IOCTL_DRV(DRM_IOCTL_FENCEPOST_VGEM_SUBMIT,
				 fencepost_vgem_submit_ioctl, true),
};

/* The entry for @cmd, or NULL; the caller has checked the ioctl type. */
static const struct fencepost_vgem_ioctl_desc *
fencepost_vgem_ioctl_find(unsigned int cmd)
{
	unsigned int nr = _IOC_NR(cmd);
	const struct fencepost_vgem_ioctl_desc *desc;

	if (nr >= DRM_COMMAND_BASE && nr < DRM_COMMAND_END) {
		nr -= DRM_COMMAND_BASE;
		if (nr >= ARRAY_SIZE(fencepost_vgem_drv_ioctls))
			return NULL;
		desc = &fencepost_vgem_drv_ioctls[nr];
	} else {
		if (nr >= ARRAY_SIZE(fencepost_vgem_core_ioctls))
			return NULL;
		desc = &fencepost_vgem_core_ioctls[nr];
	}
	return desc->func ? desc : NULL;
}

static long fencepost_vgem_ioctl(struct file *file, unsigned int cmd,
				 unsigned long arg)
{
	struct fencepost_vgem_file *vfile = file->private_data;
	const struct fencepost_vgem_ioctl_desc *desc;
	void __user *uarg = (void __user *)arg;
	unsigned int in_size, out_size, ksize;
	char stack_kdata[128];
	char *kdata = stack_kdata;
	long ret;

	if (_IOC_TYPE(cmd) != DRM_IOCTL_BASE)
		return -ENOTTY;

	desc = fencepost_vgem_ioctl_find(cmd);
	if (!desc)
		return -EINVAL;

	/* Our definition decides what is copied, the caller's its size. */
	in_size = _IOC_SIZE(cmd);
	out_size = in_size;
	if (!(cmd & desc->cmd & IOC_IN))
		in_size = 0;
	if (!(cmd & desc->cmd & IOC_OUT))
		out_size = 0;
	ksize = max3(in_size, out_size, _IOC_SIZE(desc->cmd));

	if (ksize > sizeof(stack_kdata)) {
		kdata = kmalloc(ksize, GFP_KERNEL);
		if (!kdata)
			return -ENOMEM;
	}

	if (copy_from_user(kdata, uarg, in_size)) {
		ret = -EFAULT;
		goto out_free;
	}
	memset(kdata + in_size, 0, ksize - in_size);

	/* drm_ioctl_permit(): render clients only where allowed. */
	if (vfile->render && !desc->render)
		ret = -EACCES;
	else
		ret = desc->func(vfile, kdata);
	/* Copied back even on failure, as drm does. */
	if (copy_to_user(uarg, kdata, out_size))
		ret = -EFAULT;

out_free:
	if (kdata != stack_kdata)
		kfree(kdata);
	return ret;
}

/* Whether @vfile holds a handle to @obj, which mmap() requires. */
static bool fencepost_vgem_file_has(struct fencepost_vgem_file *vfile,
				    struct fencepost_vgem_object *obj)
{
	u32 handle;

	mutex_lock(&vfile->lock);
	handle = fencepost_vgem_handle_find_locked(vfile, obj);
	mutex_unlock(&vfile->lock);
	return handle != 0;
}

static int fencepost_vgem_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct fencepost_vgem_file *vfile = file->private_data;
	unsigned long slot = vma->vm_pgoff >> FENCEPOST_VGEM_SLOT_SHIFT;
	struct fencepost_vgem_object *obj = NULL;
	int ret;

	/* Only the start of an object's range finds it. */
	if (!slot || vma->vm_pgoff & (BIT(FENCEPOST_VGEM_SLOT_SHIFT) - 1))
		return -EINVAL;

	xa_lock(&fencepost_vgem_mmap_ids);
	obj = xa_load(&fencepost_vgem_mmap_ids, slot - 1);
	if (obj && !kref_get_unless_zero(&obj->ref))
		obj = NULL;
	xa_unlock(&fencepost_vgem_mmap_ids);
	if (!obj)
		return -EINVAL;

	if (vma_pages(vma) > fencepost_vgem_npages(obj)) {
		ret = -EINVAL;
		goto out_put;
	}
	if (!fencepost_vgem_file_has(vfile, obj)) {
		ret = -EACCES;
		goto out_put;
	}
	ret = fencepost_vgem_object_mmap(obj, vma);

out_put:
	fencepost_vgem_object_put(obj);
	return ret;
}

static int fencepost_vgem_open(struct inode *inode, struct file *file)
{
	struct fencepost_vgem_file *vfile;

	vfile = kzalloc(sizeof(*vfile), GFP_KERNEL);
	if (!vfile)
		return -ENOMEM;

	vfile->render = fencepost_vgem_node_is_render(inode);
	mutex_init(&vfile->lock);
	idr_init_base(&vfile->handles, 1);
	fencepost_vgem_fence_open(vfile);
	fencepost_vgem_engine_open(vfile);
	file->private_data = vfile;
	return 0;
}

static int fencepost_vgem_release(struct inode *inode __always_unused,
				  struct file *file)
{
	struct fencepost_vgem_file *vfile = file->private_data;
	struct fencepost_vgem_object *obj;
	int id;

	/* As drm: the handles go first, then the fences. */
	idr_for_each_entry(&vfile->handles, obj, id)
		fencepost_vgem_handle_put(obj);
	idr_destroy(&vfile->handles);
	mutex_destroy(&vfile->lock);

	fencepost_vgem_fence_close(vfile);
	fencepost_vgem_engine_close(vfile);
	kfree(vfile);
	return 0;
}

/*
 * The device's file operations, for every node: "DOC: fencepost vgem".
 */
const struct file_operations fencepost_vgem_fops = {
	.owner = THIS_MODULE,
	.open = fencepost_vgem_open,
	.release = fencepost_vgem_release,
	.unlocked_ioctl = fencepost_vgem_ioctl,
	.mmap = fencepost_vgem_mmap,
	.llseek = noop_llseek,
};

/**
 * fencepost_vgem_core_init() - start what the driver needs before any open
 *
 * Called by the host's device code before it makes &fencepost_vgem_fops
 * reachable.
 *
 * Return: 0 or the error of starting the engine.
 */
int fencepost_vgem_core_init(void)
{
	return fencepost_vgem_engine_init();
}

/**
 * fencepost_vgem_core_exit() - wait for the engine, check that all is gone
 *
 * Called once no file, dma-buf or mapping of the device is left. Once the
 * engine's last job has retired, every object is gone.
 */
void fencepost_vgem_core_exit(void)
{
	fencepost_vgem_engine_exit();
	WARN_ON(!xa_empty(&fencepost_vgem_mmap_ids));
}
