/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * <sync/sync.h>: Android's older path for <android/sync.h>; the same
 * declarations.
 */
#ifndef FENCEPOST_SYNC_SYNC_H
#define FENCEPOST_SYNC_SYNC_H

#include <android/sync.h>

#endif /* FENCEPOST_SYNC_SYNC_H */
