/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: the filesystem context given to init_fs_context(). */
#ifndef _LINUX_FS_CONTEXT_H
#define _LINUX_FS_CONTEXT_H

#include <linux/fs.h>

struct fs_context {
	struct file_system_type *fs_type;
	void *fs_private;
};

#endif /* _LINUX_FS_CONTEXT_H */
