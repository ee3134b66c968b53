/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: everything of drm_mode.h that kernel/vgem/ uses is in drm.h. */
#ifndef _DRM_MODE_H_
#define _DRM_MODE_H_

#include <drm/drm.h>

#endif /* _DRM_MODE_H_ */
