// SPDX-License-Identifier: GPL-2.0-only
/*
 * fencepost userspace host: files, the host fd table, seq_file, user
 * memory access and scatterlists.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/anon_inodes.h>
#include <linux/mount.h>
#include <linux/pseudo_fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/scatterlist.h>
#include <linux/workqueue.h>
#include <host/host.h>

#include "internal.h"

/* ---- files ------------------------------------------------------------ */

static struct inode anon_inode = {
	.i_mode = 0600,
	.i_ino = 1,
	.i_count = ATOMIC_INIT(1),
};

/* A new file on @inode, with no dentry yet. */
static struct file *file_alloc(struct inode *inode,
			       const struct file_operations *fops, void *priv,
			       int flags)
{
	struct file *file;
	unsigned int acc = flags & O_ACCMODE;

	file = kzalloc(sizeof(*file), GFP_KERNEL);
	if (!file)
		return ERR_PTR(-ENOMEM);
	atomic_long_set(&file->f_count, 1);
	file->f_op = fops;
	file->private_data = priv;
	file->f_flags = flags & (O_ACCMODE | O_NONBLOCK);
	file->f_mode = FMODE_OPENED;
	if (acc == O_RDONLY || acc == O_RDWR)
		file->f_mode |= FMODE_READ | FMODE_CAN_READ;
	if (acc == O_WRONLY || acc == O_RDWR)
		file->f_mode |= FMODE_WRITE | FMODE_CAN_WRITE;
	if (fops && fops->llseek)
		file->f_mode |= FMODE_LSEEK;
	spin_lock_init(&file->f_lock);
	mutex_init(&file->f_pos_lock);
	file->f_inode = inode;
	INIT_LIST_HEAD(&file->host_fput_node);
	return file;
}

struct file *anon_inode_getfile(const char *name,
				const struct file_operations *fops,
				void *priv, int flags)
{
	(void)name;
	return file_alloc(&anon_inode, fops, priv, flags);
}

int anon_inode_getfd(const char *name, const struct file_operations *fops,
		     void *priv, int flags)
{
	struct file *file;
	int fd = get_unused_fd_flags(flags);

	if (fd < 0)
		return fd;
	file = anon_inode_getfile(name, fops, priv, flags);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		return PTR_ERR(file);
	}
	fd_install(fd, file);
	return fd;
}

/* The dentry of a pseudo file goes with its file: d_release, then iput. */
static void dentry_free(struct dentry *dentry)
{
	if (dentry->d_op && dentry->d_op->d_release)
		dentry->d_op->d_release(dentry);
	iput(dentry->d_inode);
	kfree(dentry);
}

static void file_free(struct file *file)
{
	if (file->f_op && file->f_op->release)
		file->f_op->release(file->f_inode, file);
	if (file->f_path.dentry)
		dentry_free(file->f_path.dentry);
	kfree(file);
}

/* ---- pseudo filesystems ------------------------------------------------ */

struct pseudo_fs_context *init_pseudo(struct fs_context *fc,
				      unsigned long magic)
{
	struct pseudo_fs_context *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	if (ctx) {
		ctx->magic = magic;
		fc->fs_private = ctx;
	}
	return ctx;
}

struct vfsmount *kern_mount(struct file_system_type *type)
{
	struct fs_context fc = { .fs_type = type };
	struct pseudo_fs_context *ctx;
	struct vfsmount *mnt;
	struct super_block *sb;
	int err;

	err = type->init_fs_context(&fc);
	ctx = fc.fs_private;
	if (err)
		goto err_ctx;

	err = -ENOMEM;
	mnt = kzalloc(sizeof(*mnt), GFP_KERNEL);
	sb = kzalloc(sizeof(*sb), GFP_KERNEL);
	if (!mnt || !sb) {
		kfree(mnt);
		kfree(sb);
		goto err_ctx;
	}
	sb->s_type = type;
	if (ctx) {
		sb->s_magic = ctx->magic;
		sb->s_d_op = ctx->dops;
	}
	mnt->mnt_sb = sb;
	kfree(ctx);
	return mnt;

err_ctx:
	kfree(ctx);
	return ERR_PTR(err);
}

void kern_unmount(struct vfsmount *mnt)
{
	if (IS_ERR_OR_NULL(mnt))
		return;
	if (mnt->mnt_sb->s_type->kill_sb)
		mnt->mnt_sb->s_type->kill_sb(mnt->mnt_sb);
	kfree(mnt->mnt_sb);
	kfree(mnt);
}

void kill_anon_super(struct super_block *sb)
{
	(void)sb;
}

struct inode *alloc_anon_inode(struct super_block *sb)
{
	static atomic_long_t next_ino = ATOMIC_LONG_INIT(1000);
	struct inode *inode = kzalloc(sizeof(*inode), GFP_KERNEL);

	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode->i_mode = 0600;
	inode->i_ino = atomic_long_inc_return(&next_ino);
	inode->i_sb = sb;
	atomic_set(&inode->i_count, 1);
	spin_lock_init(&inode->i_lock);
	return inode;
}

void iput(struct inode *inode)
{
	if (inode && inode != &anon_inode &&
	    atomic_dec_and_test(&inode->i_count))
		kfree(inode);
}

struct file *alloc_file_pseudo(struct inode *inode, struct vfsmount *mnt,
			       const char *name, int flags,
			       const struct file_operations *fops)
{
	struct dentry *dentry;
	struct file *file;

	dentry = kzalloc(sizeof(*dentry), GFP_KERNEL);
	if (!dentry)
		return ERR_PTR(-ENOMEM);
	dentry->d_name.name = name;
	dentry->d_name.len = strlen(name);
	dentry->d_sb = mnt->mnt_sb;
	dentry->d_op = mnt->mnt_sb->s_d_op;

	file = file_alloc(inode, fops, NULL, flags);
	if (IS_ERR(file)) {
		kfree(dentry);
		return file;
	}
	/* From here on the dentry owns the caller's inode reference. */
	dentry->d_inode = inode;
	file->f_path.mnt = mnt;
	file->f_path.dentry = dentry;
	return file;
}

static DEFINE_SPINLOCK(delayed_fput_lock);
static LIST_HEAD(delayed_fput_list);

static void delayed_fput(struct work_struct *work)
{
	LIST_HEAD(list);
	struct file *file, *next;

	(void)work;
	spin_lock_irq(&delayed_fput_lock);
	list_splice_init(&delayed_fput_list, &list);
	spin_unlock_irq(&delayed_fput_lock);
	list_for_each_entry_safe(file, next, &list, host_fput_node)
		file_free(file);
}

static DECLARE_WORK(delayed_fput_work, delayed_fput);

void fput(struct file *file)
{
	unsigned long flags;

	if (!atomic_long_dec_and_test(&file->f_count))
		return;
	if (!in_atomic() && !irqs_disabled() && !host_ctx()->rcu) {
		file_free(file);
		return;
	}
	spin_lock_irqsave(&delayed_fput_lock, flags);
	list_add_tail(&file->host_fput_node, &delayed_fput_list);
	spin_unlock_irqrestore(&delayed_fput_lock, flags);
	schedule_work(&delayed_fput_work);
}

void __fput_sync(struct file *file)
{
	if (atomic_long_dec_and_test(&file->f_count))
		file_free(file);
}

long compat_ptr_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	if (!file->f_op->unlocked_ioctl)
		return -ENOIOCTLCMD;
	return file->f_op->unlocked_ioctl(file, cmd, arg);
}

loff_t no_llseek(struct file *file, loff_t offset, int whence)
{
	(void)file;
	(void)offset;
	(void)whence;
	return -ESPIPE;
}

loff_t noop_llseek(struct file *file, loff_t offset, int whence)
{
	(void)offset;
	(void)whence;
	return file->f_pos;
}

loff_t fixed_size_llseek(struct file *file, loff_t offset, int whence, loff_t size)
{
	loff_t pos;

	switch (whence) {
	case SEEK_SET:
		pos = offset;
		break;
	case SEEK_CUR:
		pos = file->f_pos + offset;
		break;
	case SEEK_END:
		pos = size + offset;
		break;
	default:
		return -EINVAL;
	}
	if (pos < 0 || pos > size)
		return -EINVAL;
	file->f_pos = pos;
	return pos;
}

loff_t default_llseek(struct file *file, loff_t offset, int whence)
{
	return fixed_size_llseek(file, offset, whence, LONG_MAX);
}

/* ---- the host fd table ------------------------------------------------ */

#define HOST_NR_FDS	1024
#define HOST_FIRST_FD	3
#define FD_RESERVED	((struct file *)1)

static DEFINE_SPINLOCK(fd_lock);
static struct file *fd_table[HOST_NR_FDS];
static bool fd_cloexec[HOST_NR_FDS];

int get_unused_fd_flags(unsigned int flags)
{
	int fd;

	spin_lock(&fd_lock);
	for (fd = HOST_FIRST_FD; fd < HOST_NR_FDS; fd++) {
		if (!fd_table[fd]) {
			fd_table[fd] = FD_RESERVED;
			fd_cloexec[fd] = flags & O_CLOEXEC;
			spin_unlock(&fd_lock);
			return fd;
		}
	}
	spin_unlock(&fd_lock);
	return -EMFILE;
}

void put_unused_fd(unsigned int fd)
{
	spin_lock(&fd_lock);
	if (fd < HOST_NR_FDS && fd_table[fd] == FD_RESERVED)
		fd_table[fd] = NULL;
	else
		WARN(1, "put_unused_fd(%u) of a slot that is not reserved\n", fd);
	spin_unlock(&fd_lock);
}

void fd_install(unsigned int fd, struct file *file)
{
	spin_lock(&fd_lock);
	if (fd < HOST_NR_FDS && fd_table[fd] == FD_RESERVED)
		fd_table[fd] = file;
	else
		WARN(1, "fd_install(%u) of a slot that is not reserved\n", fd);
	spin_unlock(&fd_lock);
}

struct file *fget(unsigned int fd)
{
	struct file *file = NULL;

	spin_lock(&fd_lock);
	if (fd < HOST_NR_FDS && fd_table[fd] && fd_table[fd] != FD_RESERVED) {
		file = fd_table[fd];
		if (!get_file_rcu(file))
			file = NULL;
	}
	spin_unlock(&fd_lock);
	return file;
}

struct file *fget_raw(unsigned int fd)
{
	return fget(fd);
}

int close_fd(unsigned int fd)
{
	struct file *file = NULL;

	spin_lock(&fd_lock);
	if (fd < HOST_NR_FDS && fd_table[fd] != FD_RESERVED) {
		file = fd_table[fd];
		fd_table[fd] = NULL;
	}
	spin_unlock(&fd_lock);
	if (!file)
		return -EBADF;
	fput(file);
	return 0;
}

bool host_fd_cloexec(unsigned int fd)
{
	bool cloexec;

	spin_lock(&fd_lock);
	cloexec = fd < HOST_NR_FDS && fd_table[fd] && fd_cloexec[fd];
	spin_unlock(&fd_lock);
	return cloexec;
}

/* ---- seq_file --------------------------------------------------------- */

struct seq_file *host_seq_file_new(size_t size)
{
	struct seq_file *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->buf = calloc(1, size + 1);
	if (!m->buf) {
		free(m);
		return NULL;
	}
	m->size = size;
	mutex_init(&m->lock);
	return m;
}

void host_seq_file_free(struct seq_file *m)
{
	if (!m)
		return;
	free(m->buf);
	free(m);
}

void seq_vprintf(struct seq_file *m, const char *fmt, va_list args)
{
	int len;

	if (m->count < m->size) {
		len = vsnprintf(m->buf + m->count, m->size - m->count + 1, fmt, args);
		if (len >= 0 && m->count + len <= m->size) {
			m->count += len;
			return;
		}
	}
	m->count = m->size;
}

void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	seq_vprintf(m, fmt, ap);
	va_end(ap);
}

void seq_write(struct seq_file *m, const void *data, size_t len)
{
	if (m->count + len <= m->size) {
		memcpy(m->buf + m->count, data, len);
		m->count += len;
		m->buf[m->count] = '\0';
		return;
	}
	m->count = m->size;
}

void seq_puts(struct seq_file *m, const char *s)
{
	seq_write(m, s, strlen(s));
}

void seq_putc(struct seq_file *m, char c)
{
	seq_write(m, &c, 1);
}

void seq_put_decimal_ull(struct seq_file *m, const char *delimiter,
			 unsigned long long num)
{
	seq_printf(m, "%s%llu", delimiter ? delimiter : "", num);
}

void seq_put_decimal_ll(struct seq_file *m, const char *delimiter, long long num)
{
	seq_printf(m, "%s%lld", delimiter ? delimiter : "", num);
}

void seq_pad(struct seq_file *m, char c)
{
	size_t size = m->pad_until - m->count;

	if (m->pad_until > m->count && m->count + size <= m->size) {
		memset(m->buf + m->count, ' ', size);
		m->count += size;
		m->buf[m->count] = '\0';
	}
	if (c)
		seq_putc(m, c);
}

struct single_data {
	int (*show)(struct seq_file *, void *);
};

int single_open(struct file *file, int (*show)(struct seq_file *, void *), void *data)
{
	struct seq_file *m = kzalloc(sizeof(*m) + sizeof(struct single_data),
				     GFP_KERNEL_ACCOUNT);

	if (!m)
		return -ENOMEM;
	((struct single_data *)(m + 1))->show = show;
	m->private = data;
	m->file = file;
	mutex_init(&m->lock);
	file->private_data = m;
	return 0;
}

int single_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;

	(void)inode;
	kvfree(m->buf);
	kfree(m);
	return 0;
}

/* Generate the whole text once, growing the buffer until it fits. */
static int seq_fill(struct seq_file *m)
{
	struct single_data *sd = (struct single_data *)(m + 1);
	size_t size = 4096;
	int ret;

	for (;;) {
		m->buf = kvmalloc(size + 1, GFP_KERNEL);
		if (!m->buf)
			return -ENOMEM;
		m->size = size;
		m->count = 0;
		m->buf[0] = '\0';
		ret = sd->show(m, m->private);
		if (ret < 0)
			return ret;
		if (!seq_has_overflowed(m))
			return 0;
		kvfree(m->buf);
		m->buf = NULL;
		size *= 2;
	}
}

ssize_t seq_read(struct file *file, char __user *buf, size_t size, loff_t *ppos)
{
	struct seq_file *m = file->private_data;
	size_t n;
	int ret = 0;

	mutex_lock(&m->lock);
	if (!m->buf)
		ret = seq_fill(m);
	if (ret) {
		mutex_unlock(&m->lock);
		return ret;
	}
	if (*ppos >= (loff_t)m->count) {
		mutex_unlock(&m->lock);
		return 0;
	}
	n = min_t(size_t, size, m->count - *ppos);
	if (copy_to_user(buf, m->buf + *ppos, n)) {
		mutex_unlock(&m->lock);
		return -EFAULT;
	}
	*ppos += n;
	mutex_unlock(&m->lock);
	return n;
}

loff_t seq_lseek(struct file *file, loff_t offset, int whence)
{
	return fixed_size_llseek(file, offset, whence, LONG_MAX);
}

/* ---- user memory ------------------------------------------------------ */

#define MAX_FAULTS 16

static DEFINE_SPINLOCK(fault_lock);
static struct { unsigned long start, end; } faults[MAX_FAULTS];
static int nfaults;

void host_uaccess_add_fault(const void *addr, size_t len)
{
	spin_lock(&fault_lock);
	if (nfaults < MAX_FAULTS) {
		faults[nfaults].start = (unsigned long)addr;
		faults[nfaults].end = (unsigned long)addr + len;
		nfaults++;
	} else {
		WARN(1, "host: too many user fault ranges\n");
	}
	spin_unlock(&fault_lock);
}

void host_uaccess_clear_faults(void)
{
	spin_lock(&fault_lock);
	nfaults = 0;
	spin_unlock(&fault_lock);
}

/* How many bytes from @addr can be accessed before the first fault. */
static unsigned long accessible(unsigned long addr, unsigned long n)
{
	unsigned long ok = n;
	int i;

	if (addr + n < addr)
		return 0;
	if (addr < 4096)
		return 0;
	spin_lock(&fault_lock);
	for (i = 0; i < nfaults; i++) {
		if (faults[i].end <= addr || faults[i].start >= addr + n)
			continue;
		if (faults[i].start <= addr) {
			ok = 0;
			break;
		}
		if (faults[i].start - addr < ok)
			ok = faults[i].start - addr;
	}
	spin_unlock(&fault_lock);
	return ok;
}

unsigned long __host_copy_to_user(void __user *to, const void *from,
				  unsigned long n, const char *file, int line)
{
	unsigned long ok;

	host_might_sleep_check(file, line, true);
	ok = accessible((unsigned long)to, n);
	if (ok)
		memcpy((void *)to, from, ok);
	return n - ok;
}

unsigned long __host_copy_from_user(void *to, const void __user *from,
				    unsigned long n, const char *file, int line)
{
	unsigned long ok;

	host_might_sleep_check(file, line, true);
	ok = accessible((unsigned long)from, n);
	if (ok)
		memcpy(to, (const void *)from, ok);
	if (ok < n)
		memset((char *)to + ok, 0, n - ok);
	return n - ok;
}

unsigned long __host_clear_user(void __user *to, unsigned long n)
{
	unsigned long ok = accessible((unsigned long)to, n);

	if (ok)
		memset((void *)to, 0, ok);
	return n - ok;
}

bool __host_access_ok(const void __user *addr, unsigned long size)
{
	return (unsigned long)addr + size >= (unsigned long)addr;
}

long strncpy_from_user(char *dst, const char __user *src, long count)
{
	long i;

	for (i = 0; i < count; i++) {
		if (!accessible((unsigned long)src + i, 1))
			return -EFAULT;
		dst[i] = ((const char *)src)[i];
		if (!dst[i])
			return i;
	}
	return count;
}

long strnlen_user(const char __user *str, long n)
{
	long i;

	for (i = 0; i < n; i++) {
		if (!accessible((unsigned long)str + i, 1))
			return 0;
		if (!((const char *)str)[i])
			return i + 1;
	}
	return n + 1;
}

void *__host_memdup_user(const void __user *src, size_t len, const char *file,
			 int line)
{
	void *p = __host_kmalloc(len, GFP_KERNEL, file, line);

	if (!p)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(p, src, len)) {
		kfree(p);
		return ERR_PTR(-EFAULT);
	}
	return p;
}

char *__host_strndup_user(const char __user *s, long n, const char *file,
			  int line)
{
	long length = strnlen_user(s, n);
	char *p;

	if (!length)
		return ERR_PTR(-EFAULT);
	if (length > n)
		return ERR_PTR(-EINVAL);

	p = __host_memdup_user(s, length, file, line);
	if (!IS_ERR(p))
		p[length - 1] = '\0';
	return p;
}

/* ---- scatterlists ----------------------------------------------------- */

void sg_init_table(struct scatterlist *sgl, unsigned int nents)
{
	memset(sgl, 0, sizeof(*sgl) * nents);
	if (nents)
		sg_mark_end(&sgl[nents - 1]);
}

int sg_alloc_table(struct sg_table *table, unsigned int nents, gfp_t gfp_mask)
{
	memset(table, 0, sizeof(*table));
	if (!nents)
		return -EINVAL;
	table->sgl = kcalloc(nents, sizeof(*table->sgl), gfp_mask);
	if (!table->sgl)
		return -ENOMEM;
	sg_init_table(table->sgl, nents);
	table->nents = nents;
	table->orig_nents = nents;
	return 0;
}

void sg_free_table(struct sg_table *table)
{
	kfree(table->sgl);
	table->sgl = NULL;
	table->nents = 0;
	table->orig_nents = 0;
}
