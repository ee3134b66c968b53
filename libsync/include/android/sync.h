/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <android/sync.h>: the Android libsync API on sync_file fds.
 *
 * The NDK part (sync_merge(), sync_file_info(), sync_get_fence_info(),
 * sync_file_info_free()), the platform's sync_wait(), and the legacy info
 * calls that predate Linux 4.7's sync_file uAPI (sync_fence_info(),
 * sync_pt_info(), sync_fence_info_free()), with Android's names, types and
 * errno conventions. The structures of the legacy calls are only declared
 * here, as Android's header does (its own tests define them); include
 * <sync/legacy.h> for their definitions.
 *
 * Every function sets errno on failure. See libsync(7) and the section 3
 * pages of each function.
 */
#ifndef FENCEPOST_ANDROID_SYNC_H
#define FENCEPOST_ANDROID_SYNC_H

#include <stdint.h>

#include <linux/sync_file.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sync_fence_info_data;
struct sync_pt_info;

/*
 * sync_wait - wait until every fence of a sync_file has signaled
 * @fd: the sync_file
 * @timeout_ms: milliseconds to wait at most; 0 polls once, negative waits
 *	for ever
 *
 * Return: 0 once signaled (also when a fence signaled with an error), or -1
 * with errno ETIME when the timeout expired, EINVAL when @fd is negative or
 * poll() reports it invalid, or poll()'s errno (ENOMEM). Interruptions are
 * retried against one absolute deadline.
 */
int sync_wait(int fd, int timeout_ms);

/*
 * sync_merge - a new sync_file that signals when both @fd1 and @fd2 have
 * @name: name of the new sync_file (truncated to 31 bytes; not NULL)
 *
 * Return: the new fd (close-on-exec), or -1 with errno set.
 */
int32_t sync_merge(const char *name, int32_t fd1, int32_t fd2);

/*
 * sync_file_info - the name, status and fences of a sync_file
 *
 * Return: a structure to release with sync_file_info_free(), whose fences
 * sync_get_fence_info() returns (num_fences of them), or NULL with errno.
 */
struct sync_file_info *sync_file_info(int32_t fd);

/* Releases what sync_file_info() returned; NULL is ignored. */
void sync_file_info_free(struct sync_file_info *info);

/* The array of info->num_fences fences of a sync_file_info() result. */
static __inline__ struct sync_fence_info *
sync_get_fence_info(const struct sync_file_info *info)
{
#ifdef __cplusplus
	return reinterpret_cast<struct sync_fence_info *>(
		static_cast<uintptr_t>(info->sync_fence_info));
#else
	return (struct sync_fence_info *)(uintptr_t)info->sync_fence_info;
#endif
}

/*
 * sync_fence_info - the legacy (pre-4.7) view of sync_file_info(): one
 * struct sync_fence_info_data followed by one struct sync_pt_info per
 * fence, however many there are.
 *
 * Return: a block to release with sync_fence_info_free(), or NULL with
 * errno set.
 */
struct sync_fence_info_data *sync_fence_info(int fd);

/*
 * sync_pt_info - iterate over the fences of a sync_fence_info() result
 * @itr: NULL for the first fence, else the previous one
 *
 * Return: the next fence, or NULL after the last.
 */
struct sync_pt_info *sync_pt_info(struct sync_fence_info_data *info,
				  struct sync_pt_info *itr);

/* Releases what sync_fence_info() returned; NULL is ignored. */
void sync_fence_info_free(struct sync_fence_info_data *info);

#ifdef __cplusplus
}
#endif

#endif /* FENCEPOST_ANDROID_SYNC_H */
