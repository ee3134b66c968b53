// SPDX-License-Identifier: GPL-2.0-only
/*
 * sw_sync: conformance of the sw_sync and sync_file uAPI, as Linux 6.1
 * behaves, through the sw_sync node (debugfs sync/sw_sync or /dev/sw_sync).
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/sw_sync.h>
#include <linux/sync_file.h>

#include "lib/igt.h"

static const char *const sw_sync_paths[] = {
	"/sys/kernel/debug/sync/sw_sync",
	"/dev/sw_sync",
};
#define N_PATHS (sizeof(sw_sync_paths) / sizeof(sw_sync_paths[0]))
static const char *sw_sync_path;

static int timeline_create(void)
{
	int fd = open(sw_sync_path, O_RDWR);

	igt_assert_f(fd >= 0, "open %s: %s\n", sw_sync_path, strerror(errno));
	return fd;
}

/* The sync file of a new fence at @value, or -errno. */
static int __fence_create(int timeline, uint32_t value, const char *name)
{
	struct sw_sync_create_fence_data data = { .value = value };

	snprintf(data.name, sizeof(data.name), "%s", name);
	if (ioctl(timeline, SW_SYNC_IOC_CREATE_FENCE, &data))
		return -errno;
	return data.fence;
}

static int fence_create(int timeline, uint32_t value)
{
	int fence = __fence_create(timeline, value, "fence");

	igt_assert_f(fence >= 0, "create fence: %s\n", strerror(-fence));
	return fence;
}

static void timeline_inc(int timeline, uint32_t count)
{
	igt_assert_eq(ioctl(timeline, SW_SYNC_IOC_INC, &count), 0);
}

static int __merge(int fd1, int fd2, uint32_t flags, uint32_t pad)
{
	struct sync_merge_data data = {
		.fd2 = fd2, .flags = flags, .pad = pad,
	};

	strcpy(data.name, "merged");
	if (ioctl(fd1, SYNC_IOC_MERGE, &data))
		return -errno;
	return data.fence;
}

static int merge(int fd1, int fd2)
{
	int fence = __merge(fd1, fd2, 0, 0);

	igt_assert_f(fence >= 0, "merge: %s\n", strerror(-fence));
	return fence;
}

/* 0 or -errno; @info's fields in, then out. */
static int __file_info(int fd, struct sync_file_info *info)
{
	return ioctl(fd, SYNC_IOC_FILE_INFO, info) ? -errno : 0;
}

static int fence_count(int fd)
{
	struct sync_file_info info = { 0 };

	igt_assert_eq(__file_info(fd, &info), 0);
	return info.num_fences;
}

static int fence_status(int fd)
{
	struct sync_file_info info = { 0 };

	igt_assert_eq(__file_info(fd, &info), 0);
	return info.status;
}

/* poll() for POLLIN with @timeout_ms: 1 if ready, 0 if not. */
static int fence_poll(int fd, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int ret = poll(&pfd, 1, timeout_ms);

	igt_assert_lte(0, ret);
	if (ret)
		igt_assert_eq(pfd.revents, POLLIN);
	return ret;
}

igt_main
{
	igt_fixture {
		unsigned int i;

		/* IGT_SW_SYNC_PATH picks the node, e.g. /dev/sw_sync. */
		sw_sync_path = getenv("IGT_SW_SYNC_PATH");
		for (i = 0; !sw_sync_path && i < N_PATHS; i++)
			if (access(sw_sync_paths[i], R_OK | W_OK) == 0)
				sw_sync_path = sw_sync_paths[i];
		igt_require_f(sw_sync_path &&
			      access(sw_sync_path, R_OK | W_OK) == 0,
			      "no sw_sync node (debugfs sync/sw_sync, /dev/sw_sync)\n");
		igt_info("sw_sync node: %s\n", sw_sync_path);
	}

	igt_describe("Open and close a timeline.");
	igt_subtest("alloc_timeline") {
		int timeline = timeline_create();

		igt_assert_eq(close(timeline), 0);
	}

	igt_describe("Create a fence on a timeline.");
	igt_subtest("alloc_fence") {
		int timeline = timeline_create();
		int fence = fence_create(timeline, 1);

		igt_assert_eq(fence_count(fence), 1);
		igt_assert_eq(fence_status(fence), 0);
		close(fence);
		close(timeline);
	}

	igt_describe("Create fences through descriptors that are no timeline.");
	igt_subtest("alloc_fence_invalid_timeline") {
		int timeline = timeline_create();
		int fence = fence_create(timeline, 1);

		igt_assert_eq(__fence_create(-1, 1, "bad"), -EBADF);
		igt_assert_eq(__fence_create(fence, 1, "bad"), -ENOTTY);
		close(fence);
		close(timeline);
	}

	igt_describe("Closing a timeline signals its pending fences with -ENOENT.");
	igt_subtest("timeline_closed") {
		int timeline = timeline_create();
		int fence = fence_create(timeline, 1);

		igt_assert_eq(fence_poll(fence, 0), 0);
		close(timeline);
		igt_assert_eq(fence_poll(fence, 0), 1);
		igt_assert_eq(fence_status(fence), -ENOENT);
		close(fence);
	}

	igt_describe("Closing a timeline keeps the status of signaled fences.");
	igt_subtest("timeline_closed_signaled") {
		int timeline = timeline_create();
		int fence = fence_create(timeline, 1);

		timeline_inc(timeline, 1);
		close(timeline);
		igt_assert_eq(fence_poll(fence, 0), 1);
		igt_assert_eq(fence_status(fence), 1);
		close(fence);
	}

	igt_describe("Merge fences of two timelines.");
	igt_subtest("alloc_merge_fence") {
		int tl1 = timeline_create(), tl2 = timeline_create();
		int f1 = fence_create(tl1, 1), f2 = fence_create(tl2, 1);
		int merged = merge(f1, f2);

		igt_assert_eq(fence_count(merged), 2);
		close(merged);
		close(f1);
		close(f2);
		close(tl1);
		close(tl2);
	}

	igt_describe("poll() on a fence before and after it signals.");
	igt_subtest("sync_busy") {
		int timeline = timeline_create();
		int fence = fence_create(timeline, 5);

		igt_assert_eq(fence_poll(fence, 0), 0);
		timeline_inc(timeline, 4);
		igt_assert_eq(fence_poll(fence, 0), 0);
		igt_assert_eq(fence_status(fence), 0);
		timeline_inc(timeline, 1);
		igt_assert_eq(fence_poll(fence, 0), 1);
		igt_assert_eq(fence_status(fence), 1);
		close(fence);
		close(timeline);
	}

	igt_describe("SYNC_IOC_MERGE with bad arguments.");
	igt_subtest("sync_merge_invalid") {
		int timeline = timeline_create();
		int fence = fence_create(timeline, 1);
		int null = open("/dev/null", O_RDWR);

		igt_assert_lte(0, null);
		igt_assert_eq(__merge(fence, -1, 0, 0), -ENOENT);
		igt_assert_eq(__merge(fence, 1000, 0, 0), -ENOENT);
		igt_assert_eq(__merge(fence, null, 0, 0), -ENOENT);
		igt_assert_eq(__merge(fence, timeline, 0, 0), -ENOENT);
		igt_assert_eq(__merge(fence, fence, 1, 0), -EINVAL);
		igt_assert_eq(__merge(fence, fence, 0, 1), -EINVAL);
		igt_assert_eq(ioctl(fence, SYNC_IOC_MERGE, NULL), -1);
		igt_assert_eq(errno, EFAULT);
		close(null);
		close(fence);
		close(timeline);
	}

	igt_describe("Merge a fence with itself.");
	igt_subtest("sync_merge_same") {
		int timeline = timeline_create();
		int fence = fence_create(timeline, 1);
		int merged = merge(fence, fence);

		igt_assert_eq(fence_count(merged), 1);
		igt_assert_eq(fence_status(merged), 0);
		timeline_inc(timeline, 1);
		igt_assert_eq(fence_status(merged), 1);
		close(merged);
		close(fence);
		close(timeline);
	}

	igt_describe("SYNC_IOC_FILE_INFO: count, details and bad arguments.");
	igt_subtest("sync_file_info") {
		int tl1 = timeline_create(), tl2 = timeline_create();
		int f1 = __fence_create(tl1, 1, "first");
		int f2 = fence_create(tl2, 2);
		int merged;
		struct sync_fence_info fi[2];
		struct sync_file_info info;

		igt_assert_lte(0, f1);
		merged = merge(f1, f2);

		memset(&info, 0, sizeof(info));
		igt_assert_eq(__file_info(f1, &info), 0);
		igt_assert_eq(info.num_fences, 1);
		/*
		 * Linux 6.1 ignores the name given at creation: a sync file
		 * of one fence is named "<driver>-<timeline><context>-<seqno>".
		 */
		igt_assert_f(strncmp(info.name, "sw_sync-sw_sync", 15) == 0 &&
			     strcmp(strrchr(info.name, '-'), "-1") == 0,
			     "name \"%s\"\n", info.name);
		igt_assert_eq(info.status, 0);

		/* Only the count: the pointer is not used. */
		memset(&info, 0, sizeof(info));
		info.sync_fence_info = 8;
		igt_assert_eq(__file_info(merged, &info), 0);
		igt_assert_eq(info.num_fences, 2);
		igt_assert(strcmp(info.name, "merged") == 0);

		memset(&info, 0, sizeof(info));
		info.num_fences = 1;
		info.sync_fence_info = (uintptr_t)fi;
		igt_assert_eq(__file_info(merged, &info), -EINVAL);

		memset(&info, 0, sizeof(info));
		info.num_fences = 2;
		info.sync_fence_info = 8;
		igt_assert_eq(__file_info(merged, &info), -EFAULT);

		memset(&info, 0, sizeof(info));
		info.flags = 1;
		igt_assert_eq(__file_info(merged, &info), -EINVAL);
		memset(&info, 0, sizeof(info));
		info.pad = 1;
		igt_assert_eq(__file_info(merged, &info), -EINVAL);
		igt_assert_eq(ioctl(merged, SYNC_IOC_FILE_INFO, NULL), -1);
		igt_assert_eq(errno, EFAULT);

		timeline_inc(tl1, 1);
		memset(&info, 0, sizeof(info));
		memset(fi, 0xff, sizeof(fi));
		info.num_fences = 2;
		info.sync_fence_info = (uintptr_t)fi;
		igt_assert_eq(__file_info(merged, &info), 0);
		igt_assert_eq(info.num_fences, 2);
		igt_assert_eq(info.status, 0);
		igt_assert_eq(fi[0].status + fi[1].status, 1);
		igt_assert(fi[0].timestamp_ns || fi[1].timestamp_ns);
		igt_assert(strcmp(fi[0].driver_name, "sw_sync") == 0);
		igt_assert(strcmp(fi[1].driver_name, "sw_sync") == 0);
		/* The timeline is named after the task that opened it. */
		igt_assert(strcmp(fi[0].obj_name, "sw_sync") == 0);
		igt_assert_eq(fi[0].flags, 0);

		timeline_inc(tl2, 2);
		igt_assert_eq(fence_status(merged), 1);
		close(merged);
		close(f1);
		close(f2);
		close(tl1);
		close(tl2);
	}

	igt_describe("A merge of three timelines signals when the last does.");
	igt_subtest("sync_multi_timeline_wait") {
		int tl[3], f[3], m01, merged, i;

		for (i = 0; i < 3; i++) {
			tl[i] = timeline_create();
			f[i] = fence_create(tl[i], 5);
		}
		m01 = merge(f[0], f[1]);
		merged = merge(m01, f[2]);
		igt_assert_eq(fence_count(merged), 3);

		igt_assert_eq(fence_poll(merged, 0), 0);
		timeline_inc(tl[0], 5);
		igt_assert_eq(fence_poll(merged, 0), 0);
		timeline_inc(tl[1], 5);
		igt_assert_eq(fence_poll(merged, 0), 0);
		igt_assert_eq(fence_status(merged), 0);
		timeline_inc(tl[2], 5);
		igt_assert_eq(fence_poll(merged, 100), 1);
		igt_assert_eq(fence_status(merged), 1);
		for (i = 0; i < 3; i++) {
			close(f[i]);
			close(tl[i]);
		}
		close(m01);
		close(merged);
	}

	igt_describe("Fences at values the timeline has passed, merged.");
	igt_subtest("sync_expired_merge") {
		int timeline = timeline_create();
		int f1, f2, merged;

		timeline_inc(timeline, 3);
		f1 = fence_create(timeline, 2);
		f2 = fence_create(timeline, 3);
		igt_assert_eq(fence_status(f1), 1);
		merged = merge(f1, f2);
		igt_assert_eq(fence_status(merged), 1);
		igt_assert_eq(fence_poll(merged, 0), 1);
		close(merged);
		close(f1);
		close(f2);
		close(timeline);
	}

	igt_describe("SW_SYNC_IOC_INC with a bad pointer, and unknown ioctls.");
	igt_subtest("sync_inc_bad") {
		int timeline = timeline_create();

		igt_assert_eq(ioctl(timeline, SW_SYNC_IOC_INC, NULL), -1);
		igt_assert_eq(errno, EFAULT);
		igt_assert_eq(ioctl(timeline, SW_SYNC_IOC_CREATE_FENCE, NULL), -1);
		igt_assert_eq(errno, EFAULT);
		igt_assert_eq(ioctl(timeline, _IO(SW_SYNC_IOC_MAGIC, 7)), -1);
		igt_assert_eq(errno, ENOTTY);
		close(timeline);
	}

	igt_describe("sync_file and sw_sync ioctls on other kinds of files.");
	igt_subtest("wrong_fd_types") {
		struct sync_merge_data data = { .fd2 = -1 };
		struct sync_file_info info = { 0 };
		uint32_t one = 1;
		int p[2], null = open("/dev/null", O_RDWR);

		igt_assert_lte(0, null);
		igt_assert_eq(pipe(p), 0);
		igt_assert_eq(ioctl(null, SYNC_IOC_MERGE, &data), -1);
		igt_assert_eq(errno, ENOTTY);
		igt_assert_eq(ioctl(p[0], SYNC_IOC_MERGE, &data), -1);
		igt_assert_eq(errno, ENOTTY);
		igt_assert_eq(ioctl(null, SYNC_IOC_FILE_INFO, &info), -1);
		igt_assert_eq(errno, ENOTTY);
		igt_assert_eq(ioctl(p[1], SW_SYNC_IOC_INC, &one), -1);
		igt_assert_eq(errno, ENOTTY);
		close(p[0]);
		close(p[1]);
		close(null);
	}

	igt_describe("New sync files are opened close-on-exec.");
	igt_subtest("cloexec") {
		int timeline = timeline_create();
		int fence = fence_create(timeline, 1);
		int merged = merge(fence, fence);

		igt_assert(fcntl(fence, F_GETFD) & FD_CLOEXEC);
		igt_assert(fcntl(merged, F_GETFD) & FD_CLOEXEC);
		close(merged);
		close(fence);
		close(timeline);
	}
}
