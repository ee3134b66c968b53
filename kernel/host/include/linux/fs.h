/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: files.
 *
 * struct file is reference counted in f_count; fput() of the last
 * reference calls ->release() (synchronously in process context, from the
 * system workqueue when called from atomic context, like the kernel's
 * deferred fput).  Files come from anon_inode_getfile() (which can fail,
 * including by injected allocation failure).  A small host fd table backs
 * get_unused_fd_flags()/fd_install()/fget()/close_fd() (see <linux/file.h>).
 */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H

#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/fcntl.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <linux/list.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/mm_types.h>

struct module;
struct poll_table_struct;
struct seq_file;
struct dir_context;
struct kiocb;
struct iov_iter;
struct file_lock;

typedef unsigned short umode_t;
typedef long (*__host_ioctl_fn)(struct file *, unsigned int, unsigned long);

#define FMODE_READ		((__force fmode_t)0x1)
#define FMODE_WRITE		((__force fmode_t)0x2)
#define FMODE_LSEEK		((__force fmode_t)0x4)
#define FMODE_PREAD		((__force fmode_t)0x8)
#define FMODE_PWRITE		((__force fmode_t)0x10)
#define FMODE_EXEC		((__force fmode_t)0x20)
#define FMODE_ATOMIC_POS	((__force fmode_t)0x8000)
#define FMODE_CAN_READ		((__force fmode_t)0x20000)
#define FMODE_CAN_WRITE		((__force fmode_t)0x40000)
#define FMODE_OPENED		((__force fmode_t)0x80000)
#define FMODE_NOWAIT		((__force fmode_t)0x8000000)

#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2
#define SEEK_DATA	3
#define SEEK_HOLE	4

#define S_IRUGO		00444
#define S_IWUGO		00222

struct super_block;
struct dentry;
struct fs_context;

/*
 * A filesystem type, for kern_mount() of an internal (pseudo) filesystem:
 * the host mounts nothing, it only keeps the dentry operations and magic
 * that the type's init_fs_context() sets with init_pseudo().
 */
struct file_system_type {
	const char *name;
	int (*init_fs_context)(struct fs_context *fc);
	void (*kill_sb)(struct super_block *sb);
	struct module *owner;
};

struct super_block {
	unsigned long s_magic;
	const struct dentry_operations *s_d_op;
	struct file_system_type *s_type;
};

struct dentry_operations {
	char *(*d_dname)(struct dentry *dentry, char *buffer, int buflen);
	void (*d_release)(struct dentry *dentry);
};

void kill_anon_super(struct super_block *sb);

struct inode {
	umode_t i_mode;
	unsigned long i_ino;
	struct super_block *i_sb;
	loff_t i_bytes;
	loff_t i_size;
	void *i_private;
	atomic_t i_count;
	spinlock_t i_lock;
};

struct qstr {
	const char *name;
	u32 len;
};

struct dentry {
	struct inode *d_inode;
	struct qstr d_name;
	void *d_fsdata;
	const struct dentry_operations *d_op;
	struct super_block *d_sb;
};

/* Pseudo-filesystem inodes: one per file, freed by the last iput(). */
struct inode *alloc_anon_inode(struct super_block *sb);
void iput(struct inode *inode);

static inline void inode_set_bytes(struct inode *inode, loff_t bytes)
{
	inode->i_bytes = bytes;
}

struct vfsmount;

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

struct file_operations {
	struct module *owner;
	loff_t (*llseek)(struct file *, loff_t, int);
	ssize_t (*read)(struct file *, char __user *, size_t, loff_t *);
	ssize_t (*write)(struct file *, const char __user *, size_t, loff_t *);
	ssize_t (*read_iter)(struct kiocb *, struct iov_iter *);
	ssize_t (*write_iter)(struct kiocb *, struct iov_iter *);
	__poll_t (*poll)(struct file *, struct poll_table_struct *);
	long (*unlocked_ioctl)(struct file *, unsigned int, unsigned long);
	long (*compat_ioctl)(struct file *, unsigned int, unsigned long);
	int (*mmap)(struct file *, struct vm_area_struct *);
	unsigned long mmap_supported_flags;
	int (*open)(struct inode *, struct file *);
	int (*flush)(struct file *, void *id);
	int (*release)(struct inode *, struct file *);
	int (*fsync)(struct file *, loff_t, loff_t, int datasync);
	int (*fasync)(int, struct file *, int);
	void (*show_fdinfo)(struct seq_file *m, struct file *f);
};

struct file {
	atomic_long_t f_count;
	const struct file_operations *f_op;
	void *private_data;
	unsigned int f_flags;
	fmode_t f_mode;
	loff_t f_pos;
	spinlock_t f_lock;
	struct mutex f_pos_lock;
	struct path f_path;
	struct inode *f_inode;
	void *f_mapping;
	struct list_head host_fput_node;	/* deferred fput() */
};

static inline struct inode *file_inode(const struct file *f)
{
	return f->f_inode;
}

static inline struct file *get_file(struct file *f)
{
	atomic_long_inc(&f->f_count);
	return f;
}

#define get_file_rcu(x)		atomic_long_inc_not_zero(&(x)->f_count)
#define file_count(x)		atomic_long_read(&(x)->f_count)

void fput(struct file *file);
void __fput_sync(struct file *file);

static inline int nonseekable_open(struct inode *inode, struct file *filp)
{
	(void)inode;
	filp->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE);
	return 0;
}

static inline int stream_open(struct inode *inode, struct file *filp)
{
	return nonseekable_open(inode, filp);
}

loff_t no_llseek(struct file *file, loff_t offset, int whence);
loff_t noop_llseek(struct file *file, loff_t offset, int whence);
loff_t default_llseek(struct file *file, loff_t offset, int whence);
loff_t fixed_size_llseek(struct file *file, loff_t offset, int whence, loff_t size);

long compat_ptr_ioctl(struct file *file, unsigned int cmd, unsigned long arg);

static inline void fops_put(const struct file_operations *fops)
{
	(void)fops;
}

#define fops_get(fops)	(fops)

#endif /* _LINUX_FS_H */
