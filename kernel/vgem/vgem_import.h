/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The import glue of fencepost_vgem: the only file of the module that talks
 * to the kernel's own dma-buf subsystem (vgem_import.c, compiled without our
 * headers and without the symbol renaming). This header is shared by both
 * sides, so it names no type of either dma-buf subsystem: an import is an
 * opaque handle.
 */
#ifndef __FENCEPOST_VGEM_IMPORT_H
#define __FENCEPOST_VGEM_IMPORT_H

#include <linux/types.h>

struct device;
struct file;
struct fencepost_vgem_import;

struct fencepost_vgem_import *fencepost_vgem_import_get(int fd);
int fencepost_vgem_import_attach(struct fencepost_vgem_import *imp,
				 struct device *dev);
void fencepost_vgem_import_put(struct fencepost_vgem_import *imp);
struct file *fencepost_vgem_import_file(const struct fencepost_vgem_import *imp);
size_t fencepost_vgem_import_size(const struct fencepost_vgem_import *imp);
void *fencepost_vgem_import_vaddr(const struct fencepost_vgem_import *imp);
int fencepost_vgem_import_fd(struct fencepost_vgem_import *imp,
			     unsigned int flags);

#endif /* __FENCEPOST_VGEM_IMPORT_H */
