/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The dma-buf file descriptor uAPI: CPU access brackets, buffer names and
 * sync_file export/import of a buffer's implicit fences. The layouts,
 * flag values and ioctl numbers are Linux's ABI; see dma-buf(4).
 */
#ifndef _DMA_BUF_UAPI_H_
#define _DMA_BUF_UAPI_H_

#include <linux/ioctl.h>
#include <linux/types.h>

/**
 * struct dma_buf_sync - argument of DMA_BUF_IOCTL_SYNC
 * @flags: %DMA_BUF_SYNC_START or %DMA_BUF_SYNC_END, or'd with a direction:
 *	%DMA_BUF_SYNC_READ, %DMA_BUF_SYNC_WRITE or %DMA_BUF_SYNC_RW
 *
 * CPU access through an mmap() of the buffer is bracketed by a START and
 * an END with the same direction; START waits for the implicit fences the
 * access must follow.
 */
struct dma_buf_sync {
	__u64 flags;
};

#define DMA_BUF_SYNC_READ	(1 << 0)
#define DMA_BUF_SYNC_WRITE	(2 << 0)
#define DMA_BUF_SYNC_RW		(DMA_BUF_SYNC_READ | DMA_BUF_SYNC_WRITE)
#define DMA_BUF_SYNC_START	(0 << 2)
#define DMA_BUF_SYNC_END	(1 << 2)
#define DMA_BUF_SYNC_VALID_FLAGS_MASK \
	(DMA_BUF_SYNC_RW | DMA_BUF_SYNC_END)

/* Longest buffer name, with its terminating NUL. */
#define DMA_BUF_NAME_LEN	32

/**
 * struct dma_buf_export_sync_file - argument of
 *	DMA_BUF_IOCTL_EXPORT_SYNC_FILE
 * @flags: %DMA_BUF_SYNC_READ to get the fences a reader waits for (the
 *	writers), %DMA_BUF_SYNC_WRITE or %DMA_BUF_SYNC_RW for those a writer
 *	waits for (all of them); nothing else
 * @fd: out: a sync_file descriptor (close-on-exec)
 */
struct dma_buf_export_sync_file {
	__u32 flags;
	__s32 fd;
};

/**
 * struct dma_buf_import_sync_file - argument of
 *	DMA_BUF_IOCTL_IMPORT_SYNC_FILE
 * @flags: %DMA_BUF_SYNC_READ to add the fences as a reader's,
 *	%DMA_BUF_SYNC_WRITE or %DMA_BUF_SYNC_RW as a writer's; nothing else
 * @fd: the sync_file whose fences are added to the buffer
 */
struct dma_buf_import_sync_file {
	__u32 flags;
	__s32 fd;
};

#define DMA_BUF_BASE		'b'
#define DMA_BUF_IOCTL_SYNC	_IOW(DMA_BUF_BASE, 0, struct dma_buf_sync)

/*
 * The argument is a pointer to the name. The first definition encoded the
 * size of a pointer, so 32-bit and 64-bit userspace use different numbers;
 * both are accepted.
 */
#define DMA_BUF_SET_NAME	_IOW(DMA_BUF_BASE, 1, const char *)
#define DMA_BUF_SET_NAME_A	_IOW(DMA_BUF_BASE, 1, __u32)
#define DMA_BUF_SET_NAME_B	_IOW(DMA_BUF_BASE, 1, __u64)
#define DMA_BUF_IOCTL_EXPORT_SYNC_FILE \
	_IOWR(DMA_BUF_BASE, 2, struct dma_buf_export_sync_file)
#define DMA_BUF_IOCTL_IMPORT_SYNC_FILE \
	_IOW(DMA_BUF_BASE, 3, struct dma_buf_import_sync_file)

#endif /* _DMA_BUF_UAPI_H_ */
