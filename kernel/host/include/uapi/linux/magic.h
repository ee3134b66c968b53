/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* Userspace host: the filesystem magic numbers the core uses. */
#ifndef __LINUX_MAGIC_H__
#define __LINUX_MAGIC_H__

#define DMA_BUF_MAGIC		0x444d4142	/* "DMAB" */

#endif /* __LINUX_MAGIC_H__ */
