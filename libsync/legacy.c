// SPDX-License-Identifier: GPL-2.0-only
/*
 * The legacy info calls of Android's libsync: the pre-4.7 staging uAPI's
 * records (struct sync_fence_info_data, then one struct sync_pt_info per
 * fence), built from SYNC_IOC_FILE_INFO. The block is sized for the fences
 * the sync_file holds, however many: there is no fixed-size buffer.
 */

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <android/sync.h>
#include <sync/legacy.h>

#include "internal.h"

#define LEGACY_HEADER_SIZE	offsetof(struct sync_fence_info_data, pt_info)
#define LEGACY_PT_SIZE		sizeof(struct sync_pt_info)
/* The most fences whose records fit a block of UINT32_MAX bytes. */
#define LEGACY_MAX_FENCES	((UINT32_MAX - LEGACY_HEADER_SIZE) / LEGACY_PT_SIZE)

_Static_assert(LEGACY_HEADER_SIZE == 40, "legacy header layout");
_Static_assert(LEGACY_PT_SIZE == 80, "legacy fence record layout");

static void legacy_fill_pt(struct sync_pt_info *pt,
			   const struct sync_fence_info *fence)
{
	memset(pt, 0, sizeof(*pt));
	pt->len = LEGACY_PT_SIZE;
	memcpy(pt->obj_name, fence->obj_name, sizeof(pt->obj_name));
	memcpy(pt->driver_name, fence->driver_name, sizeof(pt->driver_name));
	pt->obj_name[sizeof(pt->obj_name) - 1] = '\0';
	pt->driver_name[sizeof(pt->driver_name) - 1] = '\0';
	pt->status = fence->status;
	pt->timestamp_ns = fence->timestamp_ns;
}

LIBSYNC_EXPORT struct sync_fence_info_data *sync_fence_info(int fd)
{
	struct sync_fence_info_data *data;
	struct sync_file_info count, *info;
	struct sync_fence_info *fences;
	uint32_t i, n;
	size_t size;

	/*
	 * The whole block's size must fit the header's 32-bit len: ask for
	 * the count first, so that a file of too many fences fails before
	 * anything is allocated for them.
	 */
	memset(&count, 0, sizeof(count));
	if (libsync_ioctl(fd, SYNC_IOC_FILE_INFO, &count))
		return NULL;
	if (count.num_fences > LEGACY_MAX_FENCES) {
		errno = EOVERFLOW;
		return NULL;
	}
	info = sync_file_info(fd);
	if (!info)
		return NULL;
	n = info->num_fences;
	/* A sync_file's fences never change; a kernel saying otherwise... */
	if (n > LEGACY_MAX_FENCES) {
		sync_file_info_free(info);
		errno = EOVERFLOW;
		return NULL;
	}
	size = LEGACY_HEADER_SIZE + (size_t)n * LEGACY_PT_SIZE;
	data = calloc(1, size);
	if (!data) {
		sync_file_info_free(info);
		return NULL;
	}
	data->len = (uint32_t)size;
	memcpy(data->name, info->name, sizeof(data->name));
	data->name[sizeof(data->name) - 1] = '\0';
	data->status = info->status;
	fences = sync_get_fence_info(info);
	for (i = 0; i < n; i++)
		legacy_fill_pt((struct sync_pt_info *)(data->pt_info +
						       i * LEGACY_PT_SIZE),
			       &fences[i]);
	sync_file_info_free(info);
	return data;
}

LIBSYNC_EXPORT struct sync_pt_info *sync_pt_info(struct sync_fence_info_data *info,
						 struct sync_pt_info *itr)
{
	size_t next;

	if (!info)
		return NULL;
	if (!itr) {
		next = LEGACY_HEADER_SIZE;
	} else {
		/* A zero-length record would loop for ever: stop there. */
		if (itr->len < LEGACY_PT_SIZE)
			return NULL;
		next = (size_t)((uint8_t *)itr - (uint8_t *)info) + itr->len;
	}
	if (next + LEGACY_PT_SIZE > info->len)
		return NULL;
	return (struct sync_pt_info *)((uint8_t *)info + next);
}

LIBSYNC_EXPORT void sync_fence_info_free(struct sync_fence_info_data *info)
{
	free(info);
}
