/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * host/vgem.h: the userspace host's device for kernel/vgem/ (tests only).
 *
 * In the kernel, vgem_dev.c registers the driver's file operations on a
 * misc device and on DRM nodes. The host has no device nodes: a test starts
 * the driver with host_vgem_init() and opens "nodes" with host_vgem_open(),
 * which gives a descriptor of the host's private fd table, used like an
 * open(2) of /dev/dri/cardN (or renderDN) with the file's f_op.
 */
#ifndef _HOST_VGEM_H
#define _HOST_VGEM_H

#include <linux/types.h>

/* host_vgem_init() - start the driver (its engine); 0 or -errno. */
int host_vgem_init(void);

/*
 * host_vgem_exit() - stop it once every file, dma-buf and mapping is gone;
 * WARNs about objects left behind.
 */
void host_vgem_exit(void);

/*
 * host_vgem_open() - open the device through a primary node (@render false)
 * or the render node; returns an O_CLOEXEC descriptor or -errno. Close it
 * with close_fd().
 */
int host_vgem_open(bool render);

#endif /* _HOST_VGEM_H */
