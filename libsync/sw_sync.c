// SPDX-License-Identifier: GPL-2.0-only
/*
 * sw_sync helpers: timelines on the kernel's sw_sync node, fences on them,
 * and advancing them (see sw_sync(4)). The uAPI is private to Linux; the
 * layouts below are its ABI.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <sw_sync.h>

#include "internal.h"

struct libsync_sw_sync_create_fence {
	uint32_t value;
	char name[32];
	int32_t fence;
};

#define LIBSYNC_SW_SYNC_IOC_CREATE_FENCE \
	_IOWR('W', 0, struct libsync_sw_sync_create_fence)
#define LIBSYNC_SW_SYNC_IOC_INC _IOW('W', 1, uint32_t)

/* Where the kernel publishes sw_sync, in the order they are tried. */
static const char *const sw_sync_paths[] = {
	"/sys/kernel/debug/sync/sw_sync",
	"/dev/sw_sync",
};

LIBSYNC_EXPORT int sw_sync_timeline_open(const char *path)
{
	int first_err = 0;
	unsigned int i;
	int fd;

	if (path)
		return open(path, O_RDWR | O_CLOEXEC);
	for (i = 0; i < sizeof(sw_sync_paths) / sizeof(sw_sync_paths[0]); i++) {
		fd = open(sw_sync_paths[i], O_RDWR | O_CLOEXEC);
		if (fd >= 0)
			return fd;
		/* Report the most telling failure: not ENOENT if any. */
		if (!first_err || first_err == ENOENT)
			first_err = errno;
	}
	errno = first_err;
	return -1;
}

LIBSYNC_EXPORT int sw_sync_timeline_create(void)
{
	return sw_sync_timeline_open(NULL);
}

LIBSYNC_EXPORT int sw_sync_timeline_inc(int fd, unsigned count)
{
	uint32_t arg = count;

	return libsync_ioctl(fd, LIBSYNC_SW_SYNC_IOC_INC, &arg) ? -1 : 0;
}

LIBSYNC_EXPORT int sw_sync_fence_create(int fd, const char *name,
					unsigned value)
{
	struct libsync_sw_sync_create_fence data = {
		.value = value, .fence = -1,
	};

	if (!name) {
		errno = EINVAL;
		return -1;
	}
	libsync_copy_name(data.name, name);
	if (libsync_ioctl(fd, LIBSYNC_SW_SYNC_IOC_CREATE_FENCE, &data))
		return -1;
	return data.fence;
}
