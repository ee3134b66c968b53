/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: debugfs is absent; creation returns an error pointer. */
#ifndef _DEBUGFS_H_
#define _DEBUGFS_H_

#include <linux/fs.h>
#include <linux/err.h>
#include <linux/seq_file.h>

struct dentry;

static inline struct dentry *debugfs_create_dir(const char *name, struct dentry *parent)
{
	(void)name; (void)parent;
	return ERR_PTR(-ENODEV);
}

static inline struct dentry *debugfs_create_file(const char *name, umode_t mode,
						 struct dentry *parent, void *data,
						 const struct file_operations *fops)
{
	(void)name; (void)mode; (void)parent; (void)data; (void)fops;
	return ERR_PTR(-ENODEV);
}

#define debugfs_create_file_unsafe debugfs_create_file

static inline void debugfs_create_u32(const char *name, umode_t mode,
				      struct dentry *parent, u32 *value)
{
	(void)name; (void)mode; (void)parent; (void)value;
}

static inline void debugfs_remove(struct dentry *dentry)
{
	(void)dentry;
}

#define debugfs_remove_recursive debugfs_remove

#endif /* _DEBUGFS_H_ */
