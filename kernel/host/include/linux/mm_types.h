/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: just enough of the memory-management types for mmap(). */
#ifndef _LINUX_MM_TYPES_H
#define _LINUX_MM_TYPES_H

#include <linux/types.h>

struct file;
struct page;
struct mm_struct;
struct vm_operations_struct;

typedef unsigned long vm_flags_t;

struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	struct mm_struct *vm_mm;
	unsigned long vm_page_prot;
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
