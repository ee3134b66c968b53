/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: vmalloc is the counted allocator too. */
#ifndef _LINUX_VMALLOC_H
#define _LINUX_VMALLOC_H

#include <linux/slab.h>

#define vmalloc(size)		kvmalloc((size), GFP_KERNEL)
#define vzalloc(size)		kvzalloc((size), GFP_KERNEL)
#define vfree(addr)		kvfree(addr)
#define is_vmalloc_addr(x)	false

#endif /* _LINUX_VMALLOC_H */
