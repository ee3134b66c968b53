// SPDX-License-Identifier: GPL-2.0-only
/*
 * The vgem backends of the igt-tests: the stock kernel's vgem DRM node or
 * fencepost.ko's /dev/fencepost_vgem, both driven through vgem's uAPI.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <linux/dma-buf.h>

#include "igt.h"
#include "igt_vgem.h"

const char *igt_vgem_backend_name(enum igt_vgem_backend backend)
{
	return backend == IGT_VGEM_STOCK ? "stock" : "fencepost";
}

enum igt_vgem_backend igt_vgem_backend(void)
{
	const char *env = getenv("IGT_VGEM");

	if (!env || !*env)
		return access(IGT_VGEM_FENCEPOST_PATH, F_OK) == 0 ?
			IGT_VGEM_FENCEPOST : IGT_VGEM_STOCK;
	if (strcmp(env, "stock") == 0)
		return IGT_VGEM_STOCK;
	if (strcmp(env, "fencepost") == 0)
		return IGT_VGEM_FENCEPOST;
	fprintf(stderr, "IGT_VGEM=%s: expected stock or fencepost\n", env);
	exit(IGT_EXIT_INVALID);
}

bool igt_vgem_is_stock(void)
{
	return igt_vgem_backend() == IGT_VGEM_STOCK;
}

/* The driver name DRM_IOCTL_VERSION reports on @fd, into @name. */
static int drm_driver_name(int fd, char *name, size_t len)
{
	struct local_drm_version v = { .name = name, .name_len = len - 1 };

	memset(name, 0, len);
	if (ioctl(fd, LOCAL_DRM_IOCTL_VERSION, &v))
		return -errno;
	return 0;
}

int __igt_vgem_open(enum igt_vgem_backend backend)
{
	char path[32], name[32];
	struct stat st;
	int i, fd;

	if (backend == IGT_VGEM_FENCEPOST) {
		fd = open(IGT_VGEM_FENCEPOST_PATH, O_RDWR | O_CLOEXEC);
		return fd < 0 ? -errno : fd;
	}
	for (i = 0; i < 16; i++) {
		snprintf(path, sizeof(path), "/dev/dri/card%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		/* drm.ko's major only: fencepost's nodes answer "vgem" too. */
		if (drm_driver_name(fd, name, sizeof(name)) == 0 &&
		    strcmp(name, "vgem") == 0 && fstat(fd, &st) == 0 &&
		    major(st.st_rdev) == IGT_DRM_MAJOR)
			return fd;
		close(fd);
	}
	return -ENODEV;
}

int igt_vgem_open(void)
{
	enum igt_vgem_backend backend = igt_vgem_backend();
	char name[32] = "";
	int fd = __igt_vgem_open(backend);

	igt_require_f(fd >= 0, "no %s vgem device (%s): %s\n",
		      igt_vgem_backend_name(backend),
		      backend == IGT_VGEM_STOCK ? "modprobe vgem" :
		      IGT_VGEM_FENCEPOST_PATH, strerror(-fd));
	drm_driver_name(fd, name, sizeof(name));
	igt_info("vgem backend: %s (IGT_VGEM=%s), driver name \"%s\"\n",
		 igt_vgem_backend_name(backend),
		 getenv("IGT_VGEM") ? getenv("IGT_VGEM") : "<unset>", name);
	return fd;
}

int __vgem_create(int fd, struct vgem_bo *bo)
{
	struct local_drm_mode_create_dumb arg = {
		.width = bo->width, .height = bo->height, .bpp = bo->bpp,
	};

	if (ioctl(fd, LOCAL_DRM_IOCTL_MODE_CREATE_DUMB, &arg))
		return -errno;
	bo->handle = arg.handle;
	bo->pitch = arg.pitch;
	bo->size = arg.size;
	return 0;
}

void vgem_create(int fd, struct vgem_bo *bo)
{
	int ret = __vgem_create(fd, bo);

	igt_assert_f(ret == 0, "MODE_CREATE_DUMB %ux%ux%u: %s\n",
		     bo->width, bo->height, bo->bpp, strerror(-ret));
	igt_assert_lte(bo->width * (bo->bpp / 8) * bo->height, bo->size);
}

void vgem_create_size(int fd, struct vgem_bo *bo, uint64_t size)
{
	long page = sysconf(_SC_PAGESIZE);

	memset(bo, 0, sizeof(*bo));
	bo->width = page / 4;
	bo->height = (size + page - 1) / page;
	bo->bpp = 32;
	vgem_create(fd, bo);
}

void gem_close(int fd, uint32_t handle)
{
	struct local_drm_gem_close arg = { .handle = handle };

	do_ioctl(fd, LOCAL_DRM_IOCTL_GEM_CLOSE, &arg);
}

void *vgem_mmap(int fd, const struct vgem_bo *bo, int prot)
{
	struct local_drm_mode_map_dumb arg = { .handle = bo->handle };
	void *ptr;

	do_ioctl(fd, LOCAL_DRM_IOCTL_MODE_MAP_DUMB, &arg);
	ptr = mmap(NULL, bo->size, prot, MAP_SHARED, fd, arg.offset);
	igt_assert_f(ptr != MAP_FAILED, "mmap of the device at %#llx: %s\n",
		     (unsigned long long)arg.offset, strerror(errno));
	return ptr;
}

int __prime_handle_to_fd(int fd, uint32_t handle, uint32_t flags, int *out)
{
	struct local_drm_prime_handle arg = {
		.handle = handle, .flags = flags, .fd = -1,
	};

	if (ioctl(fd, LOCAL_DRM_IOCTL_PRIME_HANDLE_TO_FD, &arg))
		return -errno;
	*out = arg.fd;
	return 0;
}

int prime_handle_to_fd(int fd, uint32_t handle)
{
	int dmabuf = -1;
	int ret = __prime_handle_to_fd(fd, handle,
				       LOCAL_DRM_CLOEXEC | LOCAL_DRM_RDWR,
				       &dmabuf);

	igt_assert_f(ret == 0, "PRIME_HANDLE_TO_FD: %s\n", strerror(-ret));
	igt_assert_lte(0, dmabuf);
	return dmabuf;
}

int __prime_fd_to_handle(int fd, int dmabuf, uint32_t *handle)
{
	struct local_drm_prime_handle arg = { .fd = dmabuf };

	if (ioctl(fd, LOCAL_DRM_IOCTL_PRIME_FD_TO_HANDLE, &arg))
		return -errno;
	*handle = arg.handle;
	return 0;
}

uint32_t prime_fd_to_handle(int fd, int dmabuf)
{
	uint32_t handle = 0;
	int ret = __prime_fd_to_handle(fd, dmabuf, &handle);

	igt_assert_f(ret == 0, "PRIME_FD_TO_HANDLE: %s\n", strerror(-ret));
	return handle;
}

int __vgem_fence_attach(int fd, uint32_t handle, uint32_t flags,
			uint32_t *fence)
{
	struct local_drm_vgem_fence_attach arg = {
		.handle = handle, .flags = flags,
	};

	if (ioctl(fd, LOCAL_DRM_IOCTL_VGEM_FENCE_ATTACH, &arg))
		return -errno;
	*fence = arg.out_fence;
	return 0;
}

uint32_t vgem_fence_attach(int fd, uint32_t handle, uint32_t flags)
{
	uint32_t fence = 0;
	int ret = __vgem_fence_attach(fd, handle, flags, &fence);

	igt_assert_f(ret == 0, "VGEM_FENCE_ATTACH (%s): %s\n",
		     flags & LOCAL_VGEM_FENCE_WRITE ? "write" : "read",
		     strerror(-ret));
	igt_assert_neq(fence, 0);
	return fence;
}

int __vgem_fence_signal(int fd, uint32_t fence)
{
	struct local_drm_vgem_fence_signal arg = { .fence = fence };

	if (ioctl(fd, LOCAL_DRM_IOCTL_VGEM_FENCE_SIGNAL, &arg))
		return -errno;
	return 0;
}

void vgem_fence_signal(int fd, uint32_t fence)
{
	int ret = __vgem_fence_signal(fd, fence);

	igt_assert_f(ret == 0, "VGEM_FENCE_SIGNAL %u: %s\n", fence,
		     strerror(-ret));
}

int __dmabuf_export_sync_file(int dmabuf, uint32_t flags, int *out)
{
	struct dma_buf_export_sync_file arg = { .flags = flags, .fd = -1 };

	if (ioctl(dmabuf, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &arg))
		return -errno;
	*out = arg.fd;
	return 0;
}

int dmabuf_export_sync_file(int dmabuf, uint32_t flags)
{
	int fd = -1;
	int ret = __dmabuf_export_sync_file(dmabuf, flags, &fd);

	igt_assert_f(ret == 0, "DMA_BUF_IOCTL_EXPORT_SYNC_FILE %#x: %s\n",
		     flags, strerror(-ret));
	igt_assert_lte(0, fd);
	return fd;
}

int __dmabuf_import_sync_file(int dmabuf, uint32_t flags, int sync_file)
{
	struct dma_buf_import_sync_file arg = {
		.flags = flags, .fd = sync_file,
	};

	if (ioctl(dmabuf, DMA_BUF_IOCTL_IMPORT_SYNC_FILE, &arg))
		return -errno;
	return 0;
}

void dmabuf_import_sync_file(int dmabuf, uint32_t flags, int sync_file)
{
	int ret = __dmabuf_import_sync_file(dmabuf, flags, sync_file);

	igt_assert_f(ret == 0, "DMA_BUF_IOCTL_IMPORT_SYNC_FILE %#x: %s\n",
		     flags, strerror(-ret));
}

int vgem_fence_sync_file(int fd, uint32_t *fence)
{
	struct vgem_bo bo;
	int dmabuf, sync_file;

	vgem_create_size(fd, &bo, 4096);
	dmabuf = prime_handle_to_fd(fd, bo.handle);
	*fence = vgem_fence_attach(fd, bo.handle, LOCAL_VGEM_FENCE_WRITE);
	sync_file = dmabuf_export_sync_file(dmabuf, DMA_BUF_SYNC_WRITE);
	close(dmabuf);
	gem_close(fd, bo.handle);
	return sync_file;
}
