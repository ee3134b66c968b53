/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared by the sources of libsync: the export marker and the uAPI bits
 * that older kernel headers lack.
 */
#ifndef LIBSYNC_INTERNAL_H
#define LIBSYNC_INTERNAL_H

#include <errno.h>
#include <stdint.h>
#include <sys/ioctl.h>

#include <linux/sync_file.h>

/*
 * The library builds with -fvisibility=hidden: only functions marked so are
 * exported, and libsync.sym gives each its version node.
 */
#define LIBSYNC_EXPORT __attribute__((visibility("default")))

/* ioctl(), retried while it fails with EINTR or EAGAIN. */
static inline int libsync_ioctl(int fd, unsigned long request, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, request, arg);
	} while (ret == -1 && (errno == EINTR || errno == EAGAIN));
	return ret;
}

/* Copies @name into a 32-byte uAPI name field, truncating, terminated. */
void libsync_copy_name(char dst[32], const char *name);

#endif /* LIBSYNC_INTERNAL_H */
