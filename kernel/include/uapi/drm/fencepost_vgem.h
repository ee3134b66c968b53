/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * fencepost_vgem engine: the driver-private ioctls that fencepost.ko's
 * vgem-compatible device (/dev/fencepost_vgem, /dev/dri/cardN and
 * /dev/dri/renderDN) adds to Linux vgem's uAPI. They drive a virtual engine
 * that runs jobs on buffer objects and signals a dma-fence per job.
 *
 * ABI. The numbers are DRM driver ioctls ('d', DRM_COMMAND_BASE + nr) with
 * nr 0x20..0x22, in the driver range but far from vgem's own (0x01 and
 * 0x02), so that Linux's vgem answers them with -EINVAL, which is how a
 * program finds out there is no engine. Every struct has fixed-width
 * members, 64-bit alignment and explicit padding; user pointers are __u64.
 * Flags and pad members must be zero where this header does not define a
 * meaning, or the ioctl fails with -EINVAL, so that they can be given one
 * later. New members may only be appended: the kernel zero-fills what an
 * older, shorter struct leaves out, as drm_ioctl() does.
 *
 * The engine is available on primary and render nodes alike.
 *
 * Contexts. A context is one timeline: the fences of its jobs share a fence
 * context and take seqnos 1, 2, 3, ... in submission order, and signal in
 * that order. A context belongs to the file that created it and dies with
 * it; jobs already submitted complete even after their context is
 * destroyed.
 *
 * Jobs. DRM_IOCTL_FENCEPOST_VGEM_SUBMIT queues a job on a context and
 * returns its fence as a sync_file. The job waits for the optional
 * in-fence, for the previous job of its context, and for the implicit
 * fences of its buffers: a buffer marked WRITE waits for every fence in the
 * buffer's reservation object, a READ-only buffer for the writers only.
 * The job's fence is added to each buffer's reservation object at submit,
 * as a write or a read, so that poll() and DMA_BUF_IOCTL_EXPORT_SYNC_FILE
 * on the exported dma-buf, other devices and later jobs see it.
 */
#ifndef _UAPI_DRM_FENCEPOST_VGEM_H
#define _UAPI_DRM_FENCEPOST_VGEM_H

#include <linux/ioctl.h>
#include <linux/types.h>

#if defined(__cplusplus)
extern "C" {
#endif

/* As DRM_IOCTL_BASE and DRM_COMMAND_BASE in drm.h. */
#define FENCEPOST_VGEM_IOCTL_BASE		'd'
#define FENCEPOST_VGEM_COMMAND_BASE		0x40

#define DRM_FENCEPOST_VGEM_CTX_CREATE		0x20
#define DRM_FENCEPOST_VGEM_CTX_DESTROY		0x21
#define DRM_FENCEPOST_VGEM_SUBMIT		0x22

/**
 * struct drm_fencepost_vgem_ctx_create - argument of CTX_CREATE
 * @flags: must be 0
 * @ctx_id: out: the new context's id, never 0
 */
struct drm_fencepost_vgem_ctx_create {
	__u32 flags;
	__u32 ctx_id;
};

/**
 * struct drm_fencepost_vgem_ctx_destroy - argument of CTX_DESTROY
 * @ctx_id: the context; -ENOENT if the file has none with this id
 * @pad: must be 0
 */
struct drm_fencepost_vgem_ctx_destroy {
	__u32 ctx_id;
	__u32 pad;
};

/* The job reads the buffer: it waits for the buffer's writers. */
#define FENCEPOST_VGEM_BO_READ			(1u << 0)
/* The job writes the buffer: it waits for every fence of the buffer. */
#define FENCEPOST_VGEM_BO_WRITE			(1u << 1)

/**
 * struct drm_fencepost_vgem_bo - one buffer of a job
 * @handle: a handle of the calling file; a buffer may appear only once
 * @flags: FENCEPOST_VGEM_BO_READ and/or FENCEPOST_VGEM_BO_WRITE, at least
 *	one of them
 */
struct drm_fencepost_vgem_bo {
	__u32 handle;
	__u32 flags;
};

/* No data access: the job only orders and signals. */
#define FENCEPOST_VGEM_OP_NOP			0
/* Every WRITE buffer is filled with @value, a 32-bit pattern. */
#define FENCEPOST_VGEM_OP_FILL			1
/*
 * The one buffer that is READ and not WRITE is copied into every WRITE
 * buffer, as far as both extend.
 */
#define FENCEPOST_VGEM_OP_COPY			2

/* @in_fence is a sync_file fd to wait for. */
#define FENCEPOST_VGEM_SUBMIT_IN_FENCE		(1u << 0)
/* The job fails: no data access; its fence signals with -EIO. */
#define FENCEPOST_VGEM_SUBMIT_FAIL		(1u << 1)
/*
 * The job never completes: the engine times it out (module parameter
 * vgem_engine_timeout_ms, 2000 by default) and signals its fence with
 * -ETIMEDOUT. Later jobs of the context wait for that.
 */
#define FENCEPOST_VGEM_SUBMIT_HANG		(1u << 2)

#define FENCEPOST_VGEM_SUBMIT_FLAGS \
	(FENCEPOST_VGEM_SUBMIT_IN_FENCE | FENCEPOST_VGEM_SUBMIT_FAIL | \
	 FENCEPOST_VGEM_SUBMIT_HANG)

/* The most buffers a job may name. */
#define FENCEPOST_VGEM_MAX_BOS			64

/**
 * struct drm_fencepost_vgem_submit - argument of SUBMIT
 * @ctx_id: the context to run on
 * @op: FENCEPOST_VGEM_OP_*
 * @bos_ptr: user pointer to @bo_count &struct drm_fencepost_vgem_bo
 * @bo_count: at most FENCEPOST_VGEM_MAX_BOS; 0 is allowed
 * @flags: FENCEPOST_VGEM_SUBMIT_*
 * @in_fence: with FENCEPOST_VGEM_SUBMIT_IN_FENCE, a sync_file fd of this
 *	device's dma-buf core; otherwise must be 0
 * @out_fence: out: a new sync_file fd (close-on-exec) of the job's fence
 * @value: the pattern of FENCEPOST_VGEM_OP_FILL; otherwise must be 0
 * @pad: must be 0
 * @seqno: out: the seqno of the job's fence on the context's timeline
 *
 * Errors: -EINVAL for unknown flags or op, non-zero pad, a bad buffer list
 * (no or unknown access flags, a buffer twice, COPY without exactly one
 * READ-only buffer) or an in-fence fd that is not a sync_file; -ENOENT for
 * an unknown context or handle; -EFAULT for a bad @bos_ptr; -ENOMEM,
 * -EMFILE.
 */
struct drm_fencepost_vgem_submit {
	__u32 ctx_id;
	__u32 op;
	__u64 bos_ptr;
	__u32 bo_count;
	__u32 flags;
	__s32 in_fence;
	__s32 out_fence;
	__u32 value;
	__u32 pad;
	__u64 seqno;
};

#define DRM_IOCTL_FENCEPOST_VGEM_CTX_CREATE \
	_IOWR(FENCEPOST_VGEM_IOCTL_BASE, \
	      FENCEPOST_VGEM_COMMAND_BASE + DRM_FENCEPOST_VGEM_CTX_CREATE, \
	      struct drm_fencepost_vgem_ctx_create)
#define DRM_IOCTL_FENCEPOST_VGEM_CTX_DESTROY \
	_IOW(FENCEPOST_VGEM_IOCTL_BASE, \
	     FENCEPOST_VGEM_COMMAND_BASE + DRM_FENCEPOST_VGEM_CTX_DESTROY, \
	     struct drm_fencepost_vgem_ctx_destroy)
#define DRM_IOCTL_FENCEPOST_VGEM_SUBMIT \
	_IOWR(FENCEPOST_VGEM_IOCTL_BASE, \
	      FENCEPOST_VGEM_COMMAND_BASE + DRM_FENCEPOST_VGEM_SUBMIT, \
	      struct drm_fencepost_vgem_submit)

#if defined(__cplusplus)
}
#endif

#endif /* _UAPI_DRM_FENCEPOST_VGEM_H */
