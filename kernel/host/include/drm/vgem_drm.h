/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: everything of vgem_drm.h that kernel/vgem/ uses is in drm.h. */
#ifndef _VGEM_DRM_H_
#define _VGEM_DRM_H_

#include <drm/drm.h>

#endif /* _VGEM_DRM_H_ */
