/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: vmalloc is the counted allocator too; vmap() maps host
 * pages (see mm.h) contiguously, aliasing their other mappings.
 */
#ifndef _LINUX_VMALLOC_H
#define _LINUX_VMALLOC_H

#include <linux/slab.h>
#include <linux/mm_types.h>

#define VM_IOREMAP		0x00000001
#define VM_ALLOC		0x00000002
#define VM_MAP			0x00000004
#define VM_USERMAP		0x00000008

#define vmalloc(size)		kvmalloc((size), GFP_KERNEL)
#define vzalloc(size)		kvzalloc((size), GFP_KERNEL)
#define vfree(addr)		kvfree(addr)
#define is_vmalloc_addr(x)	false

/*
 * vmap() - map @count pages contiguously into kernel space
 *
 * Each page is mapped MAP_SHARED from the host's memfd at its pfn, so
 * writes through the result show through page_address() and every other
 * mapping of the page, and vice versa.  May sleep; counted (a vmap() never
 * vunmap()ed is a leak) and fails under host_alloc_fail_nth().  @flags and
 * the caching part of @prot are ignored.
 *
 * Return: the address, or NULL.
 */
void *vmap(struct page **pages, unsigned int count, unsigned long flags,
	   pgprot_t prot);

/* vunmap() - undo vmap(); @addr must be what vmap() returned (or NULL). */
void vunmap(const void *addr);

#endif /* _LINUX_VMALLOC_H */
