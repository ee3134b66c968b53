/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The few pieces of the DRM and vgem uAPI that the igt-tests use, written
 * out here so that the tests need no libdrm-dev. Struct layouts and ioctl
 * numbers are the kernel's ABI (include/uapi/drm/drm.h, drm_mode.h and
 * vgem_drm.h in Linux 6.1); every name has a local_ prefix so that this
 * header never clashes with libdrm's drm.h if both end up included.
 */
#ifndef FENCEPOST_IGT_DRM_UAPI_H
#define FENCEPOST_IGT_DRM_UAPI_H

#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/ioctl.h>

#define LOCAL_DRM_IOCTL_BASE		'd'
#define LOCAL_DRM_COMMAND_BASE		0x40

/* DRM_IOCTL_VERSION: the lengths are in/out, the buffers are filled. */
struct local_drm_version {
	int version_major;
	int version_minor;
	int version_patchlevel;
	size_t name_len;
	char *name;
	size_t date_len;
	char *date;
	size_t desc_len;
	char *desc;
};

struct local_drm_get_cap {
	uint64_t capability;
	uint64_t value;
};

#define LOCAL_DRM_CAP_DUMB_BUFFER	0x1
#define LOCAL_DRM_CAP_PRIME		0x5
#define LOCAL_DRM_PRIME_CAP_IMPORT	0x1
#define LOCAL_DRM_PRIME_CAP_EXPORT	0x2

struct local_drm_gem_close {
	uint32_t handle;
	uint32_t pad;
};

/* PRIME_HANDLE_TO_FD takes flags (the two below only) and returns fd. */
struct local_drm_prime_handle {
	uint32_t handle;
	uint32_t flags;
	int32_t fd;
};

#define LOCAL_DRM_CLOEXEC		O_CLOEXEC
#define LOCAL_DRM_RDWR			O_RDWR

struct local_drm_mode_create_dumb {
	uint32_t height;
	uint32_t width;
	uint32_t bpp;
	uint32_t flags;
	/* out: */
	uint32_t handle;
	uint32_t pitch;
	uint64_t size;
};

struct local_drm_mode_map_dumb {
	uint32_t handle;
	uint32_t pad;
	uint64_t offset;	/* out: the fake offset to mmap the device at */
};

/* vgem_drm.h */
struct local_drm_vgem_fence_attach {
	uint32_t handle;
	uint32_t flags;
#define LOCAL_VGEM_FENCE_WRITE		0x1
	uint32_t out_fence;
	uint32_t pad;
};

struct local_drm_vgem_fence_signal {
	uint32_t fence;
	uint32_t flags;
};

#define LOCAL_DRM_IOWR(nr, type)	_IOWR(LOCAL_DRM_IOCTL_BASE, nr, type)
#define LOCAL_DRM_IOW(nr, type)		_IOW(LOCAL_DRM_IOCTL_BASE, nr, type)

#define LOCAL_DRM_IOCTL_VERSION \
	LOCAL_DRM_IOWR(0x00, struct local_drm_version)
#define LOCAL_DRM_IOCTL_GEM_CLOSE \
	LOCAL_DRM_IOW(0x09, struct local_drm_gem_close)
#define LOCAL_DRM_IOCTL_GET_CAP \
	LOCAL_DRM_IOWR(0x0c, struct local_drm_get_cap)
#define LOCAL_DRM_IOCTL_PRIME_HANDLE_TO_FD \
	LOCAL_DRM_IOWR(0x2d, struct local_drm_prime_handle)
#define LOCAL_DRM_IOCTL_PRIME_FD_TO_HANDLE \
	LOCAL_DRM_IOWR(0x2e, struct local_drm_prime_handle)
#define LOCAL_DRM_IOCTL_MODE_CREATE_DUMB \
	LOCAL_DRM_IOWR(0xb2, struct local_drm_mode_create_dumb)
#define LOCAL_DRM_IOCTL_MODE_MAP_DUMB \
	LOCAL_DRM_IOWR(0xb3, struct local_drm_mode_map_dumb)

#define LOCAL_DRM_VGEM_FENCE_ATTACH	0x1
#define LOCAL_DRM_VGEM_FENCE_SIGNAL	0x2
#define LOCAL_DRM_IOCTL_VGEM_FENCE_ATTACH \
	LOCAL_DRM_IOWR(LOCAL_DRM_COMMAND_BASE + LOCAL_DRM_VGEM_FENCE_ATTACH, \
		       struct local_drm_vgem_fence_attach)
#define LOCAL_DRM_IOCTL_VGEM_FENCE_SIGNAL \
	LOCAL_DRM_IOW(LOCAL_DRM_COMMAND_BASE + LOCAL_DRM_VGEM_FENCE_SIGNAL, \
		      struct local_drm_vgem_fence_signal)

/*
 * For igt-tests/vgem_diff (stock vgem against fencepost's, answer by
 * answer): the ioctls without an argument, destroying a dumb buffer, and
 * the capabilities it asks about by name.
 */
#define LOCAL_DRM_IO(nr)		_IO(LOCAL_DRM_IOCTL_BASE, nr)

struct local_drm_mode_destroy_dumb {
	uint32_t handle;
};

#define LOCAL_DRM_IOCTL_MODE_DESTROY_DUMB \
	LOCAL_DRM_IOWR(0xb4, struct local_drm_mode_destroy_dumb)

#define LOCAL_DRM_CAP_VBLANK_HIGH_CRTC	0x2
#define LOCAL_DRM_CAP_DUMB_PREFERRED_DEPTH	0x3
#define LOCAL_DRM_CAP_DUMB_PREFER_SHADOW	0x4
#define LOCAL_DRM_CAP_TIMESTAMP_MONOTONIC	0x6
#define LOCAL_DRM_CAP_ASYNC_PAGE_FLIP	0x7
#define LOCAL_DRM_CAP_CURSOR_WIDTH	0x8
#define LOCAL_DRM_CAP_CURSOR_HEIGHT	0x9
#define LOCAL_DRM_CAP_ADDFB2_MODIFIERS	0x10
#define LOCAL_DRM_CAP_PAGE_FLIP_TARGET	0x11
#define LOCAL_DRM_CAP_CRTC_IN_VBLANK_EVENT	0x12
#define LOCAL_DRM_CAP_SYNCOBJ		0x13
#define LOCAL_DRM_CAP_SYNCOBJ_TIMELINE	0x14

#endif /* FENCEPOST_IGT_DRM_UAPI_H */
