/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dma-bufs and fences for the igt-tests, through Linux vgem's uAPI on a
 * device fd. Two backends answer that uAPI:
 *
 *   stock      the stock kernel's vgem (modprobe vgem): the DRM node
 *              /dev/dri/cardN of drm.ko (major 226) whose
 *              DRM_IOCTL_VERSION name is "vgem";
 *   fencepost  fencepost.ko's vgem-compatible exporter, /dev/fencepost_vgem.
 *
 * IGT_VGEM=stock or IGT_VGEM=fencepost picks one; by default fencepost if
 * /dev/fencepost_vgem exists, else stock. Stock is the ground truth: every
 * test that uses this library must pass against it.
 *
 * Functions with a __ prefix return 0 or -errno; the others assert.
 */
#ifndef FENCEPOST_IGT_VGEM_H
#define FENCEPOST_IGT_VGEM_H

#include <stdbool.h>
#include <stdint.h>

#include "igt_drm_uapi.h"

#define IGT_VGEM_FENCEPOST_PATH	"/dev/fencepost_vgem"
/* The major of drm.ko's nodes; fencepost's /dev/dri nodes have another. */
#define IGT_DRM_MAJOR		226

enum igt_vgem_backend {
	IGT_VGEM_STOCK,
	IGT_VGEM_FENCEPOST,
};

/* The backend IGT_VGEM asks for (or the default); exits 79 if unknown. */
enum igt_vgem_backend igt_vgem_backend(void);
const char *igt_vgem_backend_name(enum igt_vgem_backend backend);
bool igt_vgem_is_stock(void);

/* A new fd on the device, or -errno (-ENODEV if there is none). */
int __igt_vgem_open(enum igt_vgem_backend backend);
/* Opens the selected device; igt_require()s it and says which it is. */
int igt_vgem_open(void);

struct vgem_bo {
	uint32_t handle;
	uint32_t width, height, bpp;	/* in */
	uint32_t pitch;
	uint64_t size;
};

int __vgem_create(int fd, struct vgem_bo *bo);
/* A dumb buffer of bo->width x bo->height x bo->bpp. */
void vgem_create(int fd, struct vgem_bo *bo);
/* A dumb buffer of at least @size bytes (whole pages). */
void vgem_create_size(int fd, struct vgem_bo *bo, uint64_t size);
void gem_close(int fd, uint32_t handle);

/* The device mmap of @bo (MODE_MAP_DUMB offset), MAP_SHARED. */
void *vgem_mmap(int fd, const struct vgem_bo *bo, int prot);

/* PRIME export: the dma-buf fd in *out, or -errno. */
int __prime_handle_to_fd(int fd, uint32_t handle, uint32_t flags, int *out);
/* Export with DRM_CLOEXEC | DRM_RDWR. */
int prime_handle_to_fd(int fd, uint32_t handle);
int __prime_fd_to_handle(int fd, int dmabuf, uint32_t *handle);
uint32_t prime_fd_to_handle(int fd, int dmabuf);

/* Attach a fence (LOCAL_VGEM_FENCE_WRITE or 0: read) to @handle. */
int __vgem_fence_attach(int fd, uint32_t handle, uint32_t flags,
			uint32_t *fence);
uint32_t vgem_fence_attach(int fd, uint32_t handle, uint32_t flags);
int __vgem_fence_signal(int fd, uint32_t fence);
void vgem_fence_signal(int fd, uint32_t fence);

/* DMA_BUF_IOCTL_EXPORT_SYNC_FILE / IMPORT_SYNC_FILE. */
int __dmabuf_export_sync_file(int dmabuf, uint32_t flags, int *out);
int dmabuf_export_sync_file(int dmabuf, uint32_t flags);
int __dmabuf_import_sync_file(int dmabuf, uint32_t flags, int sync_file);
void dmabuf_import_sync_file(int dmabuf, uint32_t flags, int sync_file);

/*
 * A sync_file holding one fresh, unsignaled vgem fence: a write fence on a
 * scratch buffer, exported with DMA_BUF_IOCTL_EXPORT_SYNC_FILE. The fence's
 * vgem handle, for vgem_fence_signal() on @fd, goes to *fence. vgem signals
 * it by itself 10 s after it was made, or when @fd is closed.
 */
int vgem_fence_sync_file(int fd, uint32_t *fence);

#endif /* FENCEPOST_IGT_VGEM_H */
