/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: mounts of internal filesystems (kern_mount()) are a
 * super block and nothing else.
 */
#ifndef _LINUX_MOUNT_H
#define _LINUX_MOUNT_H

#include <linux/fs.h>

struct vfsmount {
	struct super_block *mnt_sb;
};

struct vfsmount *kern_mount(struct file_system_type *type);
void kern_unmount(struct vfsmount *mnt);

#endif /* _LINUX_MOUNT_H */
