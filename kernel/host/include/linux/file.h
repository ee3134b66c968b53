/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: file descriptors.  The host keeps its own small fd table
 * (these are not real process fds): get_unused_fd_flags() reserves the
 * lowest free slot, fd_install() fills it (taking over the caller's
 * reference), fget() takes a new reference, close_fd() drops the table's.
 */
#ifndef __LINUX_FILE_H
#define __LINUX_FILE_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/fs.h>

int get_unused_fd_flags(unsigned int flags);
void put_unused_fd(unsigned int fd);
void fd_install(unsigned int fd, struct file *file);
struct file *fget(unsigned int fd);
struct file *fget_raw(unsigned int fd);
int close_fd(unsigned int fd);

struct vfsmount;
struct file *alloc_file_pseudo(struct inode *inode, struct vfsmount *mnt,
			       const char *name, int flags,
			       const struct file_operations *fops);

struct fd {
	struct file *file;
	unsigned int flags;
};

static inline struct fd fdget(unsigned int fd)
{
	return (struct fd){ .file = fget(fd), .flags = 0 };
}

static inline void fdput(struct fd fd)
{
	if (fd.file)
		fput(fd.file);
}

#endif /* __LINUX_FILE_H */
