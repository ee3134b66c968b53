// SPDX-License-Identifier: GPL-2.0-only
/*
 * Userspace host: the device code of kernel/vgem/, the stand-in for
 * vgem_dev.c (nodes) and vgem_import.c (foreign dma-bufs) that the kernel
 * build uses. See host/vgem.h.
 */
#include <linux/device.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/anon_inodes.h>

#include <host/vgem.h>

#include "../../vgem/vgem.h"
#include "../../vgem/vgem_import.h"

/*
 * The inodes the host opens the driver through: which one an open gets
 * decides what fencepost_vgem_node_is_render() answers.
 */
static struct inode host_vgem_card_inode = { .i_mode = 0666, .i_ino = 226 };
static struct inode host_vgem_render_inode = { .i_mode = 0666, .i_ino = 354 };

static struct device host_vgem_device = { .init_name = "fencepost_vgem" };

bool fencepost_vgem_node_is_render(struct inode *inode)
{
	return inode == &host_vgem_render_inode;
}

struct device *fencepost_vgem_dma_device(void)
{
	return &host_vgem_device;
}

int host_vgem_init(void)
{
	return fencepost_vgem_core_init();
}

void host_vgem_exit(void)
{
	fencepost_vgem_core_exit();
}

int host_vgem_open(bool render)
{
	struct inode *inode = render ? &host_vgem_render_inode :
				       &host_vgem_card_inode;
	struct file *file;
	int fd, ret;

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;
	/* No release before open succeeded: the fops come after it. */
	file = anon_inode_getfile("fencepost_vgem", NULL, NULL, O_RDWR);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		return PTR_ERR(file);
	}
	ret = fencepost_vgem_fops.open(inode, file);
	if (ret) {
		fput(file);
		put_unused_fd(fd);
		return ret;
	}
	file->f_op = &fencepost_vgem_fops;
	file->f_mode |= FMODE_LSEEK;
	fd_install(fd, file);
	return fd;
}

/*
 * Foreign dma-bufs. The host runs one dma-buf subsystem, ours, so no
 * descriptor is a dma-buf of another: the answers are those the kernel's
 * glue gives for a descriptor that is no dma-buf at all, and nothing past
 * fencepost_vgem_import_get() is ever reached.
 */
struct fencepost_vgem_import *fencepost_vgem_import_get(int fd)
{
	struct file *file = fget(fd);

	if (!file)
		return ERR_PTR(-EBADF);
	fput(file);
	return ERR_PTR(-EINVAL);
}

int fencepost_vgem_import_attach(struct fencepost_vgem_import *imp __always_unused,
				 struct device *dev __always_unused)
{
	WARN_ON_ONCE(1);
	return -EINVAL;
}

void fencepost_vgem_import_put(struct fencepost_vgem_import *imp __always_unused)
{
	WARN_ON_ONCE(1);
}

struct file *fencepost_vgem_import_file(const struct fencepost_vgem_import *imp __always_unused)
{
	WARN_ON_ONCE(1);
	return NULL;
}

size_t fencepost_vgem_import_size(const struct fencepost_vgem_import *imp __always_unused)
{
	WARN_ON_ONCE(1);
	return 0;
}

void *fencepost_vgem_import_vaddr(const struct fencepost_vgem_import *imp __always_unused)
{
	WARN_ON_ONCE(1);
	return NULL;
}

int fencepost_vgem_import_fd(struct fencepost_vgem_import *imp __always_unused,
			     unsigned int flags __always_unused)
{
	WARN_ON_ONCE(1);
	return -EINVAL;
}
