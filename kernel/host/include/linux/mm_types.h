/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: just enough of the memory-management types for mmap()
 * and the host's page allocator.  struct page is opaque: kernel code only
 * handles pointers to it (see mm.h).
 */
#ifndef _LINUX_MM_TYPES_H
#define _LINUX_MM_TYPES_H

#include <linux/types.h>

struct file;
struct page;
struct mm_struct;
struct vm_operations_struct;

typedef unsigned long vm_flags_t;
typedef unsigned long pgoff_t;

/*
 * Page protections.  The host's protection bits are the mmap() PROT_*
 * bits (read 1, write 2, exec 4), so a pgprot_t says how a page is mapped
 * into the process.
 */
typedef struct {
	unsigned long pgprot;
} pgprot_t;

#define pgprot_val(x)		((x).pgprot)
#define __pgprot(x)		((pgprot_t) { (x) })

#define __HOST_PROT_READ	0x1UL
#define __HOST_PROT_WRITE	0x2UL
#define __HOST_PROT_EXEC	0x4UL

#define PAGE_NONE		__pgprot(0)
#define PAGE_READONLY		__pgprot(__HOST_PROT_READ)
#define PAGE_SHARED		__pgprot(__HOST_PROT_READ | __HOST_PROT_WRITE)
#define PAGE_KERNEL		__pgprot(__HOST_PROT_READ | __HOST_PROT_WRITE)
#define PAGE_KERNEL_RO		__pgprot(__HOST_PROT_READ)
#define PAGE_KERNEL_EXEC	__pgprot(__HOST_PROT_READ | __HOST_PROT_WRITE | \
					 __HOST_PROT_EXEC)

/* Caching attributes mean nothing in the host. */
#define pgprot_writecombine(prot)	(prot)
#define pgprot_noncached(prot)		(prot)
#define pgprot_decrypted(prot)		(prot)

struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	struct mm_struct *vm_mm;
	pgprot_t vm_page_prot;
	vm_flags_t vm_flags;
	unsigned long vm_pgoff;
	struct file *vm_file;
	void *vm_private_data;
	const struct vm_operations_struct *vm_ops;
};

struct vm_fault;
typedef unsigned int vm_fault_t;

struct vm_operations_struct {
	void (*open)(struct vm_area_struct *area);
	void (*close)(struct vm_area_struct *area);
	vm_fault_t (*fault)(struct vm_fault *vmf);
};

#endif /* _LINUX_MM_TYPES_H */
