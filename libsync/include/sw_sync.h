/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <sw_sync.h>: software timelines for tests, on the kernel's sw_sync
 * interface (see sw_sync(4)). A timeline is a file descriptor on debugfs
 * sync/sw_sync or /dev/sw_sync; closing it signals its remaining fences
 * with an error. The first three functions have Android's names and
 * signatures.
 */
#ifndef FENCEPOST_SW_SYNC_H
#define FENCEPOST_SW_SYNC_H

#ifdef __cplusplus
extern "C" {
#endif

/*
 * sw_sync_timeline_create - a new timeline at value 0, opened at debugfs
 * sync/sw_sync, or /dev/sw_sync if that fails
 *
 * Return: its fd (close-on-exec), or -1 with errno set.
 */
int sw_sync_timeline_create(void);

/*
 * sw_sync_timeline_open - a new timeline on the sw_sync node at @path
 * (NULL: the search of sw_sync_timeline_create())
 */
int sw_sync_timeline_open(const char *path);

/* Advance timeline @fd by @count, signaling the fences passed; 0 or -1. */
int sw_sync_timeline_inc(int fd, unsigned count);

/*
 * sw_sync_fence_create - a sync_file holding a fence that signals when
 * timeline @fd reaches @value. @name (not NULL; truncated to 31 bytes) is
 * passed to the kernel, which ignores it (Linux's sw_sync does too).
 *
 * Return: its fd (close-on-exec), or -1 with errno set.
 */
int sw_sync_fence_create(int fd, const char *name, unsigned value);

#ifdef __cplusplus
}
#endif

#endif /* FENCEPOST_SW_SYNC_H */
