/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <libsync.h>: the sync_file helpers that libdrm's and Mesa's header-only
 * libsync.h provide, as real functions of this library: sync_wait(),
 * sync_merge(), sync_accumulate(), sync_valid_fd() and sync_set_deadline().
 * Code written for either header builds against this one unchanged and
 * links with -lsync (pkg-config --cflags --libs libsync).
 *
 * The include guard is libdrm's, so that a translation unit never sees
 * both libdrm's static inline definitions and these declarations.
 */
#ifndef _LIBSYNC_H
#define _LIBSYNC_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <linux/sync_file.h>

#ifdef __cplusplus
extern "C" {
#endif

/* <time.h> defines it only for POSIX; a strict ISO C mode still compiles. */
struct timespec;

/*
 * sync_wait - wait until every fence of a sync_file has signaled
 *
 * Return: 0, or -1 with errno ETIME (timeout), EINVAL (bad fd) or poll()'s
 * errno. A negative @timeout waits for ever; EINTR and EAGAIN are retried
 * against an absolute deadline.
 */
int sync_wait(int fd, int timeout);

/* A new sync_file merging @fd1 and @fd2, or -1 with errno set. */
int sync_merge(const char *name, int fd1, int fd2);

/*
 * sync_accumulate - merge @fd2 into *@fd1
 *
 * If *@fd1 is negative it becomes a close-on-exec duplicate of @fd2;
 * otherwise the merge replaces it (the old *@fd1 is closed). @fd2 stays
 * the caller's. On failure *@fd1 is unchanged.
 *
 * Return: 0, or -1 with errno set.
 */
int sync_accumulate(const char *name, int *fd1, int fd2);

/* Whether @fd is a sync_file (SYNC_IOC_FILE_INFO accepts it). */
bool sync_valid_fd(int fd);

/*
 * sync_set_deadline - tell the fences' owners that they are wanted by
 * @deadline (absolute, CLOCK_MONOTONIC); a hint only
 *
 * Return: 0, or -1 with errno set: ENOTTY from a kernel without
 * SYNC_IOC_SET_DEADLINE (before Linux 6.5), EINVAL for a bad @deadline.
 */
int sync_set_deadline(int fd, const struct timespec *deadline);

#ifdef __cplusplus
}
#endif

#endif /* _LIBSYNC_H */
