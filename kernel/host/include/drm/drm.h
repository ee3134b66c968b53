/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: the part of the DRM uAPI (drm.h, drm_mode.h, vgem_drm.h)
 * that kernel/vgem/ uses, under the kernel's names. The layouts and ioctl
 * numbers are written out once, in igt-tests/lib/igt_drm_uapi.h, for the
 * uAPI tests (which run with neither libdrm-dev nor the kernel's headers);
 * here they only get their kernel names. In the kernel these come from
 * include/uapi/drm/.
 */
#ifndef _DRM_H_
#define _DRM_H_

#include <linux/ioctl.h>
#include <linux/types.h>

#include "../../../../igt-tests/lib/igt_drm_uapi.h"

#define DRM_IOCTL_BASE			LOCAL_DRM_IOCTL_BASE
#define DRM_COMMAND_BASE		LOCAL_DRM_COMMAND_BASE
#define DRM_COMMAND_END			0xA0

#define drm_version			local_drm_version
#define drm_get_cap			local_drm_get_cap
#define drm_gem_close			local_drm_gem_close
#define drm_prime_handle		local_drm_prime_handle

#define DRM_CAP_DUMB_BUFFER		LOCAL_DRM_CAP_DUMB_BUFFER
#define DRM_CAP_PRIME			LOCAL_DRM_CAP_PRIME
#define DRM_CAP_TIMESTAMP_MONOTONIC	LOCAL_DRM_CAP_TIMESTAMP_MONOTONIC
#define DRM_CAP_SYNCOBJ			LOCAL_DRM_CAP_SYNCOBJ
#define DRM_CAP_SYNCOBJ_TIMELINE	LOCAL_DRM_CAP_SYNCOBJ_TIMELINE
#define DRM_PRIME_CAP_IMPORT		LOCAL_DRM_PRIME_CAP_IMPORT
#define DRM_PRIME_CAP_EXPORT		LOCAL_DRM_PRIME_CAP_EXPORT
#define DRM_CLOEXEC			LOCAL_DRM_CLOEXEC
#define DRM_RDWR			LOCAL_DRM_RDWR

#define DRM_IOCTL_VERSION		LOCAL_DRM_IOCTL_VERSION
#define DRM_IOCTL_GEM_CLOSE		LOCAL_DRM_IOCTL_GEM_CLOSE
#define DRM_IOCTL_GET_CAP		LOCAL_DRM_IOCTL_GET_CAP
#define DRM_IOCTL_PRIME_HANDLE_TO_FD	LOCAL_DRM_IOCTL_PRIME_HANDLE_TO_FD
#define DRM_IOCTL_PRIME_FD_TO_HANDLE	LOCAL_DRM_IOCTL_PRIME_FD_TO_HANDLE

/* drm_mode.h */
#define drm_mode_create_dumb		local_drm_mode_create_dumb
#define drm_mode_map_dumb		local_drm_mode_map_dumb
#define drm_mode_destroy_dumb		local_drm_mode_destroy_dumb
#define DRM_IOCTL_MODE_CREATE_DUMB	LOCAL_DRM_IOCTL_MODE_CREATE_DUMB
#define DRM_IOCTL_MODE_MAP_DUMB		LOCAL_DRM_IOCTL_MODE_MAP_DUMB
#define DRM_IOCTL_MODE_DESTROY_DUMB	LOCAL_DRM_IOCTL_MODE_DESTROY_DUMB

/* vgem_drm.h */
#define drm_vgem_fence_attach		local_drm_vgem_fence_attach
#define drm_vgem_fence_signal		local_drm_vgem_fence_signal
#define VGEM_FENCE_WRITE		LOCAL_VGEM_FENCE_WRITE
#define DRM_VGEM_FENCE_ATTACH		LOCAL_DRM_VGEM_FENCE_ATTACH
#define DRM_VGEM_FENCE_SIGNAL		LOCAL_DRM_VGEM_FENCE_SIGNAL
#define DRM_IOCTL_VGEM_FENCE_ATTACH	LOCAL_DRM_IOCTL_VGEM_FENCE_ATTACH
#define DRM_IOCTL_VGEM_FENCE_SIGNAL	LOCAL_DRM_IOCTL_VGEM_FENCE_SIGNAL

#endif /* _DRM_H_ */
