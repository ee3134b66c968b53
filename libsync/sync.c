// SPDX-License-Identifier: GPL-2.0-only
/*
 * libsync: waiting on, merging and inspecting sync_file fds. One
 * implementation serves the Android API (<android/sync.h>) and the
 * libdrm/Mesa one (<libsync.h>); they share sync_wait() and sync_merge().
 *
 * Conventions: every call returns -1 (or NULL) and sets errno on failure,
 * passing the kernel's errno through, except where a page in section 3
 * says otherwise (sync_wait() reports EINVAL for a negative or invalid fd,
 * as Android's does). EINTR and EAGAIN never reach the caller.
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <android/sync.h>
#include <libsync.h>

#include "internal.h"

#define NSEC_PER_SEC	1000000000LL
#define NSEC_PER_MSEC	1000000LL

void libsync_copy_name(char dst[32], const char *name)
{
	size_t len = strnlen(name, 31);

	memcpy(dst, name, len);
	memset(dst + len, 0, 32 - len);
}

static int64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

/*
 * The poll() timeout left until @deadline (ns), rounded up to whole
 * milliseconds so that the wait never ends early; 0 once it has passed.
 */
static int remaining_ms(int64_t deadline)
{
	int64_t left = deadline - monotonic_ns();

	if (left <= 0)
		return 0;
	left = (left + NSEC_PER_MSEC - 1) / NSEC_PER_MSEC;
	return left > INT_MAX ? INT_MAX : (int)left;
}

LIBSYNC_EXPORT int sync_wait(int fd, int timeout)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int64_t deadline = 0;
	int ms = timeout, ret;

	if (fd < 0) {
		errno = EINVAL;
		return -1;
	}
	if (timeout > 0)
		deadline = monotonic_ns() + timeout * NSEC_PER_MSEC;

	for (;;) {
		ret = poll(&pfd, 1, ms);
		if (ret > 0)
			break;
		if (ret == 0) {
			errno = ETIME;
			return -1;
		}
		if (errno != EINTR && errno != EAGAIN)
			return -1;
		/* Interrupted: wait only for what is left of the timeout. */
		if (timeout > 0)
			ms = remaining_ms(deadline);
	}
	if (pfd.revents & (POLLERR | POLLNVAL)) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

LIBSYNC_EXPORT int32_t sync_merge(const char *name, int32_t fd1, int32_t fd2)
{
	struct sync_merge_data data = { .fd2 = fd2, .fence = -1 };

	if (!name) {
		errno = EINVAL;
		return -1;
	}
	libsync_copy_name(data.name, name);
	if (libsync_ioctl(fd1, SYNC_IOC_MERGE, &data))
		return -1;
	return data.fence;
}

LIBSYNC_EXPORT int sync_accumulate(const char *name, int *fd1, int fd2)
{
	int fd;

	if (!fd1) {
		errno = EINVAL;
		return -1;
	}
	if (*fd1 < 0) {
		fd = fcntl(fd2, F_DUPFD_CLOEXEC, 0);
		if (fd < 0)
			return -1;
	} else {
		fd = sync_merge(name, *fd1, fd2);
		if (fd < 0)
			return -1;
		close(*fd1);
	}
	*fd1 = fd;
	return 0;
}

LIBSYNC_EXPORT bool sync_valid_fd(int fd)
{
	struct sync_file_info info;
	int saved = errno;
	bool valid;

	/* A count query: num_fences = 0 asks for no fence records. */
	memset(&info, 0, sizeof(info));
	valid = fd >= 0 && libsync_ioctl(fd, SYNC_IOC_FILE_INFO, &info) == 0;
	errno = saved;
	return valid;
}

LIBSYNC_EXPORT int sync_set_deadline(int fd, const struct timespec *deadline)
{
	struct sync_set_deadline args = { 0 };
	uint64_t sec;

	if (!deadline || deadline->tv_sec < 0 || deadline->tv_nsec < 0 ||
	    deadline->tv_nsec >= NSEC_PER_SEC) {
		errno = EINVAL;
		return -1;
	}
	/* A deadline beyond 2^64 ns (year 2554) is as good as none. */
	sec = (uint64_t)deadline->tv_sec;
	if (sec > (UINT64_MAX - (uint64_t)deadline->tv_nsec) / NSEC_PER_SEC)
		args.deadline_ns = UINT64_MAX;
	else
		args.deadline_ns = sec * NSEC_PER_SEC + (uint64_t)deadline->tv_nsec;
	return libsync_ioctl(fd, SYNC_IOC_SET_DEADLINE, &args) ? -1 : 0;
}

LIBSYNC_EXPORT struct sync_file_info *sync_file_info(int32_t fd)
{
	struct sync_file_info count, *info;
	size_t size;
	uint32_t n;

	memset(&count, 0, sizeof(count));
	if (libsync_ioctl(fd, SYNC_IOC_FILE_INFO, &count))
		return NULL;
	n = count.num_fences;
	/* The info, then its fences, in one block for sync_file_info_free(). */
	if (__builtin_mul_overflow((size_t)n, sizeof(struct sync_fence_info),
				   &size) ||
	    __builtin_add_overflow(size, sizeof(*info), &size)) {
		errno = ENOMEM;
		return NULL;
	}
	info = calloc(1, size);
	if (!info)
		return NULL;
	info->num_fences = n;
	info->sync_fence_info = (uintptr_t)(info + 1);
	if (libsync_ioctl(fd, SYNC_IOC_FILE_INFO, info)) {
		free(info);
		return NULL;
	}
	/* A sync_file's fences never change: the count cannot have grown. */
	return info;
}

LIBSYNC_EXPORT void sync_file_info_free(struct sync_file_info *info)
{
	free(info);
}
