/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: page constants and the mmap-related types only. */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/mm_types.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/err.h>
#include <linux/fs.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(addr)	ALIGN(addr, PAGE_SIZE)
#define PAGE_ALIGNED(addr)	IS_ALIGNED((unsigned long)(addr), PAGE_SIZE)
#define offset_in_page(p)	((unsigned long)(p) & ~PAGE_MASK)

#define VM_NONE		0x00000000
#define VM_READ		0x00000001
#define VM_WRITE	0x00000002
#define VM_EXEC		0x00000004
#define VM_SHARED	0x00000008
#define VM_MAYREAD	0x00000010
#define VM_MAYWRITE	0x00000020
#define VM_MAYEXEC	0x00000040
#define VM_MAYSHARE	0x00000080
#define VM_IO		0x00004000
#define VM_DONTCOPY	0x00020000
#define VM_DONTEXPAND	0x00040000
#define VM_PFNMAP	0x00000400
#define VM_DONTDUMP	0x04000000
#define VM_MIXEDMAP	0x10000000

#define VM_FAULT_OOM		0x000001
#define VM_FAULT_SIGBUS		0x000002
#define VM_FAULT_NOPAGE		0x000100

static inline unsigned long vma_pages(struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

/* Point @vma at @file, moving the area's file reference over. */
static inline void vma_set_file(struct vm_area_struct *vma, struct file *file)
{
	struct file *old = vma->vm_file;

	vma->vm_file = get_file(file);
	if (old)
		fput(old);
}

#endif /* _LINUX_MM_H */
