/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <sync/legacy.h>: the layouts of the legacy info records that
 * sync_fence_info() returns, as the pre-4.7 staging uAPI defined them.
 * <android/sync.h> only declares these structures, so that code which
 * defines them itself (Android's own tests do) still compiles; include this
 * header to use their fields.
 */
#ifndef FENCEPOST_SYNC_LEGACY_H
#define FENCEPOST_SYNC_LEGACY_H

#include <stdint.h>

#include <android/sync.h>

/*
 * struct sync_fence_info_data - a sync_file, then its fences
 * @len: bytes of the whole block: this header and every sync_pt_info
 * @name: name of the sync_file
 * @status: 1 signaled, 0 active, negative errno if a fence failed
 * @pt_info: the first struct sync_pt_info (walk them with sync_pt_info())
 */
struct sync_fence_info_data {
	uint32_t len;
	char name[32];
	int32_t status;
	__extension__ uint8_t pt_info[0];
};

/*
 * struct sync_pt_info - one fence
 * @len: bytes of this record (the step to the next one)
 * @obj_name: name of the fence's timeline
 * @driver_name: name of the driver that made the fence
 * @status: 1 signaled, 0 active, negative errno if it failed
 * @timestamp_ns: CLOCK_MONOTONIC time it signaled, 0 while active
 * @driver_data: nothing (libsync never adds driver data)
 */
struct sync_pt_info {
	uint32_t len;
	char obj_name[32];
	char driver_name[32];
	int32_t status;
	uint64_t timestamp_ns;
	__extension__ uint8_t driver_data[0];
};

#endif /* FENCEPOST_SYNC_LEGACY_H */
