// SPDX-License-Identifier: GPL-2.0-only
/*
 * TEST: dma-buf on the userspace host
 *
 * A mock exporter (pages from the allocator, counters for every callback)
 * exports buffers; the tests drive them through their file operations the
 * way the VFS does, and through the in-kernel importer API. Fences come
 * from sw_sync timelines, so the tests decide when they signal.
 *
 * SUBTEST: fd: dma_buf_fd()/dma_buf_get(), O_CLOEXEC, release, live count
 * SUBTEST: identity: an inode per buffer (size, unique number), its path
 * SUBTEST: llseek: SEEK_END/SEEK_SET with offset 0 only
 * SUBTEST: mmap: range checks of the file's mmap and of dma_buf_mmap()
 * SUBTEST: vmap: shared kernel mapping, counted
 * SUBTEST: attach-static: map/unmap, cached mappings, -EBUSY, kernel fences
 * SUBTEST: attach-dynamic: pinning and caching for every importer/exporter mix
 * SUBTEST: attach-refused: exporter errors and bad importer ops
 * SUBTEST: poll: EPOLLIN/EPOLLOUT against read and write fences, wake-ups
 * SUBTEST: sync-ioctl: DMA_BUF_IOCTL_SYNC directions and begin/end calls
 * SUBTEST: set-name: names, their length limit, fdinfo
 * SUBTEST: export-sync-file: read/write export, stub fence, CLOEXEC
 * SUBTEST: import-sync-file: merged fences flattened into the reservation
 * SUBTEST: bad-input: a table of bad arguments for every ioctl
 * SUBTEST: fail-nth: every allocation of export and the ioctls fails once
 * SUBTEST: bufinfo: dma_buf_debug_show() output
 * SUBTEST: race: pollers, exporters and importers against signaling threads
 */
#include <string.h>

#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/dma-resv.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <uapi/linux/dma-buf.h>
#include <uapi/linux/magic.h>

#include "sync-tap.h"

/* ---- the mock exporter ------------------------------------------------ */

struct mock_buf {
	void *vaddr;
	size_t size;
	atomic_t attach, detach, map, unmap, pin, unpin, mmap, vmap, vunmap;
	atomic_t begin, end, release;
	enum dma_data_direction last_dir;
	int attach_err;
	struct dma_buf_ops ops;
};

static int mock_attach(struct dma_buf *dmabuf, struct dma_buf_attachment *at)
{
	struct mock_buf *mb = dmabuf->priv;

	(void)at;
	if (mb->attach_err)
		return mb->attach_err;
	atomic_inc(&mb->attach);
	return 0;
}

static void mock_detach(struct dma_buf *dmabuf, struct dma_buf_attachment *at)
{
	struct mock_buf *mb = dmabuf->priv;

	(void)at;
	atomic_inc(&mb->detach);
}

static int mock_pin(struct dma_buf_attachment *at)
{
	struct mock_buf *mb = at->dmabuf->priv;

	dma_resv_assert_held(at->dmabuf->resv);
	atomic_inc(&mb->pin);
	return 0;
}

static void mock_unpin(struct dma_buf_attachment *at)
{
	struct mock_buf *mb = at->dmabuf->priv;

	dma_resv_assert_held(at->dmabuf->resv);
	atomic_inc(&mb->unpin);
}

static struct sg_table *mock_map(struct dma_buf_attachment *at,
				 enum dma_data_direction dir)
{
	struct mock_buf *mb = at->dmabuf->priv;
	struct sg_table *sgt;
	int ret;

	sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);
	if (!sgt)
		return ERR_PTR(-ENOMEM);
	ret = sg_alloc_table(sgt, 1, GFP_KERNEL);
	if (ret) {
		kfree(sgt);
		return ERR_PTR(ret);
	}
	sg_set_buf(sgt->sgl, mb->vaddr, mb->size);
	ret = dma_map_sgtable(at->dev, sgt, dir, 0);
	if (ret) {
		sg_free_table(sgt);
		kfree(sgt);
		return ERR_PTR(ret);
	}
	mb->last_dir = dir;
	atomic_inc(&mb->map);
	return sgt;
}

static void mock_unmap(struct dma_buf_attachment *at, struct sg_table *sgt,
		       enum dma_data_direction dir)
{
	struct mock_buf *mb = at->dmabuf->priv;

	dma_unmap_sgtable(at->dev, sgt, dir, 0);
	sg_free_table(sgt);
	kfree(sgt);
	atomic_inc(&mb->unmap);
}

static void mock_release(struct dma_buf *dmabuf)
{
	struct mock_buf *mb = dmabuf->priv;

	atomic_inc(&mb->release);
	kfree(mb->vaddr);
	mb->vaddr = NULL;
}

static int mock_mmap(struct dma_buf *dmabuf, struct vm_area_struct *vma)
{
	struct mock_buf *mb = dmabuf->priv;

	vma->vm_private_data = mb;
	atomic_inc(&mb->mmap);
	return 0;
}

static int mock_vmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	struct mock_buf *mb = dmabuf->priv;

	iosys_map_set_vaddr(map, mb->vaddr);
	atomic_inc(&mb->vmap);
	return 0;
}

static void mock_vunmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	struct mock_buf *mb = dmabuf->priv;

	(void)map;
	atomic_inc(&mb->vunmap);
}

static int mock_begin(struct dma_buf *dmabuf, enum dma_data_direction dir)
{
	struct mock_buf *mb = dmabuf->priv;

	mb->last_dir = dir;
	atomic_inc(&mb->begin);
	return 0;
}

static int mock_end(struct dma_buf *dmabuf, enum dma_data_direction dir)
{
	struct mock_buf *mb = dmabuf->priv;

	mb->last_dir = dir;
	atomic_inc(&mb->end);
	return 0;
}

enum mock_kind { MOCK_STATIC, MOCK_CACHED, MOCK_DYNAMIC, MOCK_NO_MMAP };

/*
 * Export a @pages page buffer; @mb (caller's storage, zeroed here) keeps
 * the counters and outlives the buffer. NULL on allocation failure.
 */
static struct dma_buf *mock_export(struct mock_buf *mb, unsigned int pages,
				   enum mock_kind kind)
{
	DEFINE_DMA_BUF_EXPORT_INFO(info);
	struct dma_buf *dmabuf;

	memset(mb, 0, sizeof(*mb));
	mb->size = pages * PAGE_SIZE;
	mb->vaddr = kzalloc(mb->size, GFP_KERNEL);
	if (!mb->vaddr)
		return NULL;

	mb->ops = (struct dma_buf_ops) {
		.attach = mock_attach, .detach = mock_detach,
		.map_dma_buf = mock_map, .unmap_dma_buf = mock_unmap,
		.release = mock_release, .mmap = mock_mmap,
		.vmap = mock_vmap, .vunmap = mock_vunmap,
		.begin_cpu_access = mock_begin, .end_cpu_access = mock_end,
	};
	if (kind == MOCK_CACHED)
		mb->ops.cache_sgt_mapping = true;
	if (kind == MOCK_DYNAMIC) {
		mb->ops.pin = mock_pin;
		mb->ops.unpin = mock_unpin;
	}
	if (kind == MOCK_NO_MMAP)
		mb->ops.mmap = NULL;

	info.exp_name = "mock";
	info.ops = &mb->ops;
	info.size = mb->size;
	info.flags = O_RDWR;
	info.priv = mb;
	dmabuf = dma_buf_export(&info);
	if (IS_ERR(dmabuf)) {
		kfree(mb->vaddr);
		return NULL;
	}
	return dmabuf;
}

/* Export and install as an fd (O_CLOEXEC); -errno on failure. */
static int mock_export_fd(struct mock_buf *mb, unsigned int pages)
{
	struct dma_buf *dmabuf = mock_export(mb, pages, MOCK_STATIC);
	int fd;

	if (!dmabuf)
		return -ENOMEM;
	fd = dma_buf_fd(dmabuf, O_CLOEXEC);
	if (fd < 0)
		dma_buf_put(dmabuf);
	return fd;
}

static struct device mock_dev = { .init_name = "mock-importer" };

/* ---- helpers ----------------------------------------------------------- */

/* Add the fence of sync_file @sf to @dmabuf's reservation as @usage. */
static int add_fence(struct dma_buf *dmabuf, int sf, enum dma_resv_usage usage)
{
	struct dma_fence *fence = sync_file_get_fence(sf);
	int ret;

	if (!fence)
		return -EINVAL;
	dma_resv_lock(dmabuf->resv, NULL);
	ret = dma_resv_reserve_fences(dmabuf->resv, 1);
	if (!ret)
		dma_resv_add_fence(dmabuf->resv, fence, usage);
	dma_resv_unlock(dmabuf->resv);
	dma_fence_put(fence);
	return ret;
}

static loff_t fd_llseek(int fd, loff_t off, int whence)
{
	struct file *file = fget(fd);
	loff_t ret;

	if (!file)
		return -EBADF;
	ret = file->f_op->llseek(file, off, whence);
	fput(file);
	return ret;
}

/* mmap(2) of [@pgoff, @pgoff + @pages) pages of @fd; the vma's file ref is
 * dropped again at once. */
static int fd_mmap(int fd, unsigned long pgoff, unsigned long pages,
		   struct vm_area_struct *vma)
{
	struct file *file = fget(fd);
	int ret;

	if (!file)
		return -EBADF;
	memset(vma, 0, sizeof(*vma));
	vma->vm_start = 0x100000;
	vma->vm_end = vma->vm_start + pages * PAGE_SIZE;
	vma->vm_pgoff = pgoff;
	vma->vm_file = get_file(file);
	ret = file->f_op->mmap(file, vma);
	fput(vma->vm_file);
	fput(file);
	return ret;
}

/* The file's fdinfo text, into @buf. */
static int fd_fdinfo(int fd, char *buf, size_t len)
{
	struct file *file = fget(fd);
	struct seq_file *m;

	if (!file)
		return -EBADF;
	m = host_seq_file_new(len);
	if (!m) {
		fput(file);
		return -ENOMEM;
	}
	file->f_op->show_fdinfo(m, file);
	strncpy(buf, m->buf, len - 1);
	buf[len - 1] = '\0';
	host_seq_file_free(m);
	fput(file);
	return 0;
}

static int export_sync_file(int fd, __u32 flags)
{
	struct dma_buf_export_sync_file arg = { .flags = flags, .fd = -1 };
	long ret = host_ioctl(fd, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &arg);

	return ret ? (int)ret : arg.fd;
}

static int import_sync_file(int fd, int sf, __u32 flags)
{
	struct dma_buf_import_sync_file arg = { .flags = flags, .fd = sf };

	return (int)host_ioctl(fd, DMA_BUF_IOCTL_IMPORT_SYNC_FILE, &arg);
}

static long buf_sync(int fd, __u64 flags)
{
	struct dma_buf_sync arg = { .flags = flags };

	return host_ioctl(fd, DMA_BUF_IOCTL_SYNC, &arg);
}

/* The fences of @usage in @dmabuf's reservation. */
static unsigned int count_fences(struct dma_buf *dmabuf,
				 enum dma_resv_usage usage)
{
	struct dma_resv_iter cursor;
	struct dma_fence *fence;
	unsigned int n = 0;

	dma_resv_lock(dmabuf->resv, NULL);
	dma_resv_for_each_fence(&cursor, dmabuf->resv, usage, fence)
		n++;
	dma_resv_unlock(dmabuf->resv);
	return n;
}

/* ---- tests ------------------------------------------------------------- */

static int test_fd(void)
{
	struct dma_buf *dmabuf, *got;
	struct mock_buf mb;
	int fd, tl;

	SHIM_CHECK(dma_buf_live_count() == 0, "buffers before the test");
	dmabuf = mock_export(&mb, 2, MOCK_STATIC);
	SHIM_CHECK(dmabuf, "export");
	SHIM_CHECK(dma_buf_live_count() == 1, "live %lu",
		   dma_buf_live_count());
	fd = dma_buf_fd(dmabuf, O_CLOEXEC);
	SHIM_CHECK(fd >= 0, "dma_buf_fd: %d", fd);
	SHIM_CHECK(host_fd_cloexec(fd), "no O_CLOEXEC");

	got = dma_buf_get(fd);
	SHIM_CHECK(got == dmabuf, "dma_buf_get: %p", (void *)got);
	SHIM_CHECK(file_count(dmabuf->file) == 2, "count %ld",
		   file_count(dmabuf->file));
	dma_buf_put(got);

	SHIM_CHECK(PTR_ERR(dma_buf_get(-1)) == -EBADF, "fd -1");
	SHIM_CHECK(PTR_ERR(dma_buf_get(next_free_fd())) == -EBADF,
		   "closed fd");
	tl = sw_sync_open();
	SHIM_CHECK(tl >= 0, "sw_sync");
	SHIM_CHECK(PTR_ERR(dma_buf_get(tl)) == -EINVAL, "not a dma-buf");
	close_fd(tl);
	SHIM_CHECK(dma_buf_fd(NULL, 0) == -EINVAL, "NULL buffer");

	SHIM_CHECK(atomic_read(&mb.release) == 0, "released early");
	close_fd(fd);
	host_quiesce();
	SHIM_CHECK(atomic_read(&mb.release) == 1, "released %d times",
		   atomic_read(&mb.release));
	SHIM_CHECK(dma_buf_live_count() == 0, "live %lu",
		   dma_buf_live_count());
	return 0;
}

/* The path /proc/<pid>/fd would show for @fd, into @buf. */
static int fd_path(int fd, char *buf, int len)
{
	struct file *file = fget(fd);
	struct dentry *dentry;
	char *p;

	if (!file)
		return -EBADF;
	dentry = file->f_path.dentry;
	p = dentry->d_op->d_dname(dentry, buf, len);
	fput(file);
	if (IS_ERR(p))
		return PTR_ERR(p);
	memmove(buf, p, strlen(p) + 1);
	return 0;
}

static int test_identity(void)
{
	struct mock_buf ma, mb;
	struct file *fa, *fb;
	char path[64];
	int a, b;

	a = mock_export_fd(&ma, 3);
	b = mock_export_fd(&mb, 1);
	SHIM_CHECK(a >= 0 && b >= 0, "export");
	fa = fget(a);
	fb = fget(b);
	SHIM_CHECK(file_inode(fa)->i_size == 3 * PAGE_SIZE &&
		   file_inode(fb)->i_size == PAGE_SIZE, "inode sizes");
	SHIM_CHECK(file_inode(fa) != file_inode(fb) &&
		   file_inode(fa)->i_ino != file_inode(fb)->i_ino,
		   "buffers share an inode");
	SHIM_CHECK(file_inode(fa)->i_sb->s_magic == DMA_BUF_MAGIC, "magic");
	fput(fb);
	fput(fa);

	SHIM_CHECK(fd_path(a, path, sizeof(path)) == 0, "path");
	SHIM_CHECK(strcmp(path, "/dmabuf:") == 0, "unnamed: %s", path);
	SHIM_CHECK(host_ioctl(a, DMA_BUF_SET_NAME_B, "frame0") == 0, "name");
	SHIM_CHECK(fd_path(a, path, sizeof(path)) == 0, "path");
	SHIM_CHECK(strcmp(path, "/dmabuf:frame0") == 0, "named: %s", path);
	SHIM_CHECK(fd_path(a, path, 10) == -ENAMETOOLONG, "short buffer");

	close_fd(b);
	close_fd(a);
	return 0;
}

static int test_llseek(void)
{
	static const struct { loff_t off; int whence; loff_t want; } rows[] = {
		{ 0, SEEK_END, 3 * PAGE_SIZE },
		{ 0, SEEK_SET, 0 },
		{ 0, SEEK_CUR, -EINVAL },
		{ 1, SEEK_END, -EINVAL },
		{ -1, SEEK_END, -EINVAL },
		{ 1, SEEK_SET, -EINVAL },
		{ 0, SEEK_DATA, -EINVAL },
		{ 0, SEEK_HOLE, -EINVAL },
		{ 0, 42, -EINVAL },
	};
	struct mock_buf mb;
	size_t i;
	int fd;

	fd = mock_export_fd(&mb, 3);
	SHIM_CHECK(fd >= 0, "export: %d", fd);
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		loff_t got = fd_llseek(fd, rows[i].off, rows[i].whence);

		SHIM_CHECK(got == rows[i].want,
			   "lseek(%lld, %d): %lld, want %lld",
			   (long long)rows[i].off, rows[i].whence,
			   (long long)got, (long long)rows[i].want);
	}
	close_fd(fd);
	return 0;
}

static int test_mmap(void)
{
	struct vm_area_struct vma;
	struct dma_buf *dmabuf;
	struct mock_buf mb, nm;
	int fd;

	fd = mock_export_fd(&mb, 4);
	SHIM_CHECK(fd >= 0, "export: %d", fd);

	SHIM_CHECK(fd_mmap(fd, 0, 4, &vma) == 0, "whole buffer");
	SHIM_CHECK(vma.vm_private_data == &mb, "exporter not called");
	SHIM_CHECK(fd_mmap(fd, 3, 1, &vma) == 0, "last page");
	SHIM_CHECK(fd_mmap(fd, 0, 5, &vma) == -EINVAL, "too long");
	SHIM_CHECK(fd_mmap(fd, 1, 4, &vma) == -EINVAL, "past the end");
	SHIM_CHECK(fd_mmap(fd, 4, 1, &vma) == -EINVAL, "offset at the end");
	SHIM_CHECK(fd_mmap(fd, ~0UL, 2, &vma) == -EINVAL, "wrapping offset");
	SHIM_CHECK(atomic_read(&mb.mmap) == 2, "%d exporter mmaps",
		   atomic_read(&mb.mmap));

	/* An importer's mmap redirected to the buffer: dma_buf_mmap(). */
	dmabuf = dma_buf_get(fd);
	SHIM_CHECK(!IS_ERR(dmabuf), "get");
	memset(&vma, 0, sizeof(vma));
	vma.vm_end = 2 * PAGE_SIZE;
	SHIM_CHECK(dma_buf_mmap(dmabuf, &vma, 2) == 0, "dma_buf_mmap");
	SHIM_CHECK(vma.vm_file == dmabuf->file && vma.vm_pgoff == 2,
		   "vma not redirected");
	fput(vma.vm_file);
	SHIM_CHECK(dma_buf_mmap(dmabuf, &vma, 3) == -EINVAL, "past the end");
	SHIM_CHECK(dma_buf_mmap(dmabuf, &vma, ~0UL) == -EOVERFLOW, "overflow");
	dma_buf_put(dmabuf);
	close_fd(fd);

	/* An exporter without mmap: every mmap fails. */
	dmabuf = mock_export(&nm, 1, MOCK_NO_MMAP);
	SHIM_CHECK(dmabuf, "export");
	fd = dma_buf_fd(dmabuf, 0);
	SHIM_CHECK(fd >= 0, "fd");
	SHIM_CHECK(fd_mmap(fd, 0, 1, &vma) == -EINVAL, "no mmap op");
	close_fd(fd);
	return 0;
}

static int test_vmap(void)
{
	struct iosys_map a, b;
	struct dma_buf *dmabuf;
	struct mock_buf mb;

	dmabuf = mock_export(&mb, 1, MOCK_STATIC);
	SHIM_CHECK(dmabuf, "export");
	SHIM_CHECK(dma_buf_vmap(dmabuf, &a) == 0, "vmap");
	SHIM_CHECK(dma_buf_vmap(dmabuf, &b) == 0, "vmap");
	SHIM_CHECK(a.vaddr == mb.vaddr && iosys_map_is_equal(&a, &b),
		   "mapping");
	SHIM_CHECK(atomic_read(&mb.vmap) == 1, "exporter vmapped %d times",
		   atomic_read(&mb.vmap));
	dma_buf_vunmap(dmabuf, &a);
	SHIM_CHECK(atomic_read(&mb.vunmap) == 0, "unmapped with a user left");
	dma_buf_vunmap(dmabuf, &b);
	SHIM_CHECK(atomic_read(&mb.vunmap) == 1, "not unmapped");
	dma_buf_put(dmabuf);
	return 0;
}

/* A kernel fence that a thread signals after a short sleep. */
struct late_signal {
	int tl;
	struct completion started;
};

static int late_signal_fn(void *data)
{
	struct late_signal *ls = data;

	complete(&ls->started);
	msleep(30);
	sw_sync_inc(ls->tl, 1);
	while (!kthread_should_stop())
		msleep(1);
	return 0;
}

static int test_attach_static(void)
{
	struct dma_buf_attachment *at;
	struct sg_table *s1, *s2;
	struct late_signal ls;
	struct task_struct *t;
	struct dma_buf *dmabuf;
	struct mock_buf mb;
	int sf;

	/* Static exporter, static importer, no cache: one map per call. */
	dmabuf = mock_export(&mb, 2, MOCK_STATIC);
	SHIM_CHECK(dmabuf, "export");
	at = dma_buf_attach(dmabuf, &mock_dev);
	SHIM_CHECK(!IS_ERR(at), "attach: %ld", PTR_ERR(at));
	SHIM_CHECK(atomic_read(&mb.attach) == 1 && !at->sgt, "attach state");
	s1 = dma_buf_map_attachment(at, DMA_TO_DEVICE);
	s2 = dma_buf_map_attachment(at, DMA_FROM_DEVICE);
	SHIM_CHECK(!IS_ERR(s1) && !IS_ERR(s2) && s1 != s2, "maps");
	SHIM_CHECK(sg_virt(s1->sgl) == mb.vaddr, "sg points elsewhere");
	SHIM_CHECK(atomic_read(&mb.map) == 2, "%d maps", atomic_read(&mb.map));
	dma_buf_unmap_attachment(at, s1, DMA_TO_DEVICE);
	dma_buf_unmap_attachment(at, s2, DMA_FROM_DEVICE);
	SHIM_CHECK(atomic_read(&mb.unmap) == 2, "unmaps");

	/* A static importer waits for the kernel's fences (a move). */
	ls.tl = sw_sync_open();
	SHIM_CHECK(ls.tl >= 0, "sw_sync");
	sf = sw_sync_fence(ls.tl, 1, "move");
	SHIM_CHECK(add_fence(dmabuf, sf, DMA_RESV_USAGE_KERNEL) == 0, "add");
	init_completion(&ls.started);
	t = kthread_run(late_signal_fn, &ls, "late-signal");
	SHIM_CHECK(!IS_ERR(t), "thread");
	wait_for_completion(&ls.started);
	s1 = dma_buf_map_attachment_unlocked(at, DMA_BIDIRECTIONAL);
	SHIM_CHECK(!IS_ERR(s1), "map: %ld", PTR_ERR(s1));
	SHIM_CHECK(sync_status(sf, NULL) == 1, "mapped before the move ended");
	dma_buf_unmap_attachment_unlocked(at, s1, DMA_BIDIRECTIONAL);
	kthread_stop(t);

	dma_buf_detach(dmabuf, at);
	SHIM_CHECK(atomic_read(&mb.detach) == 1, "detach");
	dma_buf_put(dmabuf);
	close_fd(sf);
	close_fd(ls.tl);

	/* The exporter asks for a cache: one map, reused, -EBUSY. */
	dmabuf = mock_export(&mb, 1, MOCK_CACHED);
	SHIM_CHECK(dmabuf, "export");
	at = dma_buf_attach(dmabuf, &mock_dev);
	SHIM_CHECK(!IS_ERR(at), "attach");
	s1 = dma_buf_map_attachment(at, DMA_TO_DEVICE);
	s2 = dma_buf_map_attachment(at, DMA_TO_DEVICE);
	SHIM_CHECK(!IS_ERR(s1) && s1 == s2, "cached map not reused");
	SHIM_CHECK(PTR_ERR(dma_buf_map_attachment(at, DMA_FROM_DEVICE)) ==
		   -EBUSY, "other direction of a cached map");
	dma_buf_unmap_attachment(at, s1, DMA_TO_DEVICE);
	dma_buf_unmap_attachment(at, s2, DMA_TO_DEVICE);
	SHIM_CHECK(atomic_read(&mb.map) == 1 && atomic_read(&mb.unmap) == 0,
		   "cache: %d maps %d unmaps", atomic_read(&mb.map),
		   atomic_read(&mb.unmap));
	dma_buf_detach(dmabuf, at);
	SHIM_CHECK(atomic_read(&mb.unmap) == 1, "detach left the cache");
	dma_buf_put(dmabuf);
	return 0;
}

static void importer_move(struct dma_buf_attachment *at)
{
	atomic_inc((atomic_t *)at->importer_priv);
}

static const struct dma_buf_attach_ops importer_ops = {
	.move_notify = importer_move,
};

static int test_attach_dynamic(void)
{
	struct dma_buf_attachment *st, *dy;
	struct dma_buf *dmabuf;
	struct sg_table *sgt;
	struct mock_buf mb;
	atomic_t moves;

	/* Dynamic exporter: a static importer gets a pinned cached map. */
	dmabuf = mock_export(&mb, 1, MOCK_DYNAMIC);
	SHIM_CHECK(dmabuf, "export");
	st = dma_buf_attach(dmabuf, &mock_dev);
	SHIM_CHECK(!IS_ERR(st), "attach");
	SHIM_CHECK(st->sgt && atomic_read(&mb.pin) == 1 &&
		   atomic_read(&mb.map) == 1, "static importer not pinned");
	sgt = dma_buf_map_attachment_unlocked(st, DMA_TO_DEVICE);
	SHIM_CHECK(sgt == st->sgt, "cache not used");
	dma_buf_unmap_attachment_unlocked(st, sgt, DMA_TO_DEVICE);

	/* ... and a dynamic importer maps under the lock, pinned per map. */
	atomic_set(&moves, 0);
	dy = dma_buf_dynamic_attach(dmabuf, &mock_dev, &importer_ops, &moves);
	SHIM_CHECK(!IS_ERR(dy) && !dy->sgt, "dynamic attach");
	dma_resv_lock(dmabuf->resv, NULL);
	sgt = dma_buf_map_attachment(dy, DMA_FROM_DEVICE);
	SHIM_CHECK(!IS_ERR(sgt) && atomic_read(&mb.pin) == 2, "pinned map");
	dma_buf_move_notify(dmabuf);
	dma_buf_unmap_attachment(dy, sgt, DMA_FROM_DEVICE);
	SHIM_CHECK(atomic_read(&mb.unpin) == 1, "unpinned on unmap");
	SHIM_CHECK(dma_buf_pin(dy) == 0 && atomic_read(&mb.pin) == 3, "pin");
	dma_buf_unpin(dy);
	dma_resv_unlock(dmabuf->resv);
	SHIM_CHECK(atomic_read(&moves) == 1, "move_notify %d times",
		   atomic_read(&moves));

	dma_buf_detach(dmabuf, dy);
	dma_buf_detach(dmabuf, st);
	SHIM_CHECK(atomic_read(&mb.pin) == atomic_read(&mb.unpin) &&
		   atomic_read(&mb.map) == atomic_read(&mb.unmap),
		   "unbalanced: pin %d unpin %d map %d unmap %d",
		   atomic_read(&mb.pin), atomic_read(&mb.unpin),
		   atomic_read(&mb.map), atomic_read(&mb.unmap));
	dma_buf_put(dmabuf);

	/* Static exporter, dynamic importer: cached at attach, no pinning. */
	dmabuf = mock_export(&mb, 1, MOCK_STATIC);
	SHIM_CHECK(dmabuf, "export");
	dy = dma_buf_dynamic_attach(dmabuf, &mock_dev, &importer_ops, &moves);
	SHIM_CHECK(!IS_ERR(dy) && dy->sgt && dy->dir == DMA_BIDIRECTIONAL,
		   "no cached map for a dynamic importer");
	dma_resv_lock(dmabuf->resv, NULL);
	sgt = dma_buf_map_attachment(dy, DMA_TO_DEVICE);
	SHIM_CHECK(sgt == dy->sgt, "cache not used");
	dma_buf_unmap_attachment(dy, sgt, DMA_TO_DEVICE);
	dma_resv_unlock(dmabuf->resv);
	dma_buf_detach(dmabuf, dy);
	SHIM_CHECK(atomic_read(&mb.map) == 1 && atomic_read(&mb.unmap) == 1,
		   "maps %d unmaps %d", atomic_read(&mb.map),
		   atomic_read(&mb.unmap));
	dma_buf_put(dmabuf);
	return 0;
}

static const struct dma_buf_attach_ops bad_importer_ops = { };

static int test_attach_refused(void)
{
	struct dma_buf_attachment *at;
	struct dma_buf *dmabuf;
	struct mock_buf mb;
	unsigned long warns = host_warn_count();

	dmabuf = mock_export(&mb, 1, MOCK_STATIC);
	SHIM_CHECK(dmabuf, "export");
	mb.attach_err = -ENODEV;
	at = dma_buf_attach(dmabuf, &mock_dev);
	SHIM_CHECK(PTR_ERR(at) == -ENODEV, "refused attach: %ld", PTR_ERR(at));
	SHIM_CHECK(list_empty(&dmabuf->attachments), "attachment linked");
	mb.attach_err = 0;

	/* API misuse WARNs, as in Linux, and fails cleanly. */
	at = dma_buf_dynamic_attach(dmabuf, &mock_dev, &bad_importer_ops, NULL);
	SHIM_CHECK(PTR_ERR(at) == -EINVAL, "importer without move_notify");
	at = dma_buf_attach(dmabuf, NULL);
	SHIM_CHECK(PTR_ERR(at) == -EINVAL, "no device");
	SHIM_CHECK(PTR_ERR(dma_buf_map_attachment(NULL, DMA_TO_DEVICE)) ==
		   -EINVAL, "map NULL");
	SHIM_CHECK(host_warn_count() == warns + 3, "%lu WARNs",
		   host_warn_count() - warns);
	SHIM_CHECK(atomic_read(&mb.attach) == 0 && atomic_read(&mb.detach) == 0,
		   "exporter saw a refused attachment");
	dma_buf_put(dmabuf);
	return 0;
}

static int test_poll(void)
{
	struct poll_waiter w = { };
	struct dma_buf *dmabuf;
	struct mock_buf mb;
	struct file *file;
	int fd, tl, rd, wr;

	fd = mock_export_fd(&mb, 1);
	SHIM_CHECK(fd >= 0, "export");
	dmabuf = dma_buf_get(fd);
	SHIM_CHECK(!IS_ERR(dmabuf), "get");
	file = dmabuf->file;
	SHIM_CHECK(vfs_poll(file, NULL) == (EPOLLIN | EPOLLOUT), "idle buffer");

	tl = sw_sync_open();
	rd = sw_sync_fence(tl, 1, "read");
	wr = sw_sync_fence(tl, 2, "write");
	SHIM_CHECK(tl >= 0 && rd >= 0 && wr >= 0, "fences");

	/* A reader in flight: reading is fine, writing must wait. */
	SHIM_CHECK(add_fence(dmabuf, rd, DMA_RESV_USAGE_READ) == 0, "add");
	init_poll_funcptr(&w.pt, poll_waiter_queue);
	SHIM_CHECK(vfs_poll(file, &w.pt) == EPOLLIN, "with a reader");
	SHIM_CHECK(w.head == &dmabuf->poll, "not queued on the buffer");
	SHIM_CHECK(dmabuf->cb_out.active == EPOLLOUT, "EPOLLOUT not armed");
	SHIM_CHECK(vfs_poll(file, NULL) == EPOLLIN, "second poll");
	/*
	 * EPOLLIN was ready at once, both times: nothing was armed for it
	 * and nobody woken (Linux 6.1 arms and disarms the callback there,
	 * waking the queue for nothing).
	 */
	SHIM_CHECK(!dmabuf->cb_in.active && atomic_read(&w.woken) == 0,
		   "idle event armed %#x, woken %d",
		   (unsigned int)dmabuf->cb_in.active, atomic_read(&w.woken));

	/* The reader's end wakes the waiter and the buffer is idle again. */
	SHIM_CHECK(sw_sync_inc(tl, 1) == 0, "inc");
	SHIM_CHECK(atomic_read(&w.woken) == 1, "woken %d times",
		   atomic_read(&w.woken));
	SHIM_CHECK(!dmabuf->cb_out.active, "callback still armed");
	SHIM_CHECK(vfs_poll(file, NULL) == (EPOLLIN | EPOLLOUT), "idle again");
	remove_wait_queue(w.head, &w.entry);
	atomic_set(&w.woken, 0);

	/* A writer: neither. Only EPOLLIN asked: only that one is armed. */
	SHIM_CHECK(add_fence(dmabuf, wr, DMA_RESV_USAGE_WRITE) == 0, "add");
	w.pt._key = EPOLLIN;
	SHIM_CHECK(vfs_poll(file, &w.pt) == 0, "with a writer");
	SHIM_CHECK(dmabuf->cb_in.active == EPOLLIN && !dmabuf->cb_out.active,
		   "armed in %#x out %#x", (unsigned int)dmabuf->cb_in.active,
		   (unsigned int)dmabuf->cb_out.active);
	{
		poll_table none = { ._qproc = NULL, ._key = 0 };

		SHIM_CHECK(vfs_poll(file, &none) == 0, "no events asked");
		SHIM_CHECK(!dmabuf->cb_out.active, "armed unasked");
	}
	SHIM_CHECK(sw_sync_inc(tl, 1) == 0, "inc");
	SHIM_CHECK(atomic_read(&w.woken) == 1, "woken %d times",
		   atomic_read(&w.woken));
	SHIM_CHECK(vfs_poll(file, NULL) == (EPOLLIN | EPOLLOUT), "done");
	remove_wait_queue(w.head, &w.entry);

	/* An armed callback keeps the buffer alive past the last close. */
	close_fd(wr);
	wr = sw_sync_fence(tl, 3, "write2");
	SHIM_CHECK(add_fence(dmabuf, wr, DMA_RESV_USAGE_WRITE) == 0, "add");
	SHIM_CHECK(vfs_poll(file, NULL) == 0, "busy");
	dma_buf_put(dmabuf);
	close_fd(fd);
	host_quiesce();
	SHIM_CHECK(atomic_read(&mb.release) == 0, "released while armed");
	SHIM_CHECK(sw_sync_inc(tl, 1) == 0, "inc");
	host_quiesce();
	SHIM_CHECK(atomic_read(&mb.release) == 1, "not released");

	close_fd(wr);
	close_fd(rd);
	close_fd(tl);
	return 0;
}

static int test_sync_ioctl(void)
{
	static const struct { __u64 flags; enum dma_data_direction dir; } rows[] = {
		{ DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ, DMA_FROM_DEVICE },
		{ DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE, DMA_TO_DEVICE },
		{ DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW, DMA_BIDIRECTIONAL },
		{ DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ, DMA_FROM_DEVICE },
		{ DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE, DMA_TO_DEVICE },
		{ DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW, DMA_BIDIRECTIONAL },
	};
	struct dma_buf *dmabuf;
	struct mock_buf mb;
	int fd, tl, wr;
	size_t i;

	fd = mock_export_fd(&mb, 1);
	SHIM_CHECK(fd >= 0, "export");
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		int begin = atomic_read(&mb.begin), end = atomic_read(&mb.end);
		bool is_end = rows[i].flags & DMA_BUF_SYNC_END;

		SHIM_CHECK(buf_sync(fd, rows[i].flags) == 0, "flags %#llx",
			   (unsigned long long)rows[i].flags);
		SHIM_CHECK(atomic_read(&mb.begin) == begin + !is_end &&
			   atomic_read(&mb.end) == end + is_end &&
			   mb.last_dir == rows[i].dir, "flags %#llx: wrong call",
			   (unsigned long long)rows[i].flags);
	}

	/* START waits for the implicit fences: here, already failed ones. */
	dmabuf = dma_buf_get(fd);
	tl = sw_sync_open();
	wr = sw_sync_fence(tl, 1, "write");
	SHIM_CHECK(add_fence(dmabuf, wr, DMA_RESV_USAGE_WRITE) == 0, "add");
	close_fd(tl);
	SHIM_CHECK(buf_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW) == 0,
		   "start after the writer failed");
	dma_buf_put(dmabuf);
	close_fd(wr);
	close_fd(fd);
	return 0;
}

static int test_set_name(void)
{
	char name[DMA_BUF_NAME_LEN + 1], info[512];
	struct dma_buf *dmabuf;
	struct mock_buf mb;
	int fd;

	fd = mock_export_fd(&mb, 1);
	SHIM_CHECK(fd >= 0, "export");
	SHIM_CHECK(fd_fdinfo(fd, info, sizeof(info)) == 0, "fdinfo");
	SHIM_CHECK(strcmp(info, "size:\t4096\ncount:\t1\nexp_name:\tmock\n") == 0,
		   "fdinfo without a name: %s", info);

	SHIM_CHECK(host_ioctl(fd, DMA_BUF_SET_NAME_B, "scanout") == 0, "B");
	SHIM_CHECK(fd_fdinfo(fd, info, sizeof(info)) == 0, "fdinfo");
	SHIM_CHECK(strstr(info, "\nname:\tscanout\n"), "fdinfo: %s", info);
	SHIM_CHECK(host_ioctl(fd, DMA_BUF_SET_NAME_A, "a") == 0, "A");

	/* 31 characters fit, 32 do not; the old name stays. */
	memset(name, 'n', sizeof(name));
	name[DMA_BUF_NAME_LEN - 1] = '\0';
	SHIM_CHECK(host_ioctl(fd, DMA_BUF_SET_NAME, name) == 0, "31 chars");
	name[DMA_BUF_NAME_LEN - 1] = 'n';
	name[DMA_BUF_NAME_LEN] = '\0';
	SHIM_CHECK(host_ioctl(fd, DMA_BUF_SET_NAME, name) == -EINVAL,
		   "32 chars");
	dmabuf = dma_buf_get(fd);
	SHIM_CHECK(strlen(dmabuf->name) == DMA_BUF_NAME_LEN - 1, "name %s",
		   dmabuf->name);
	dma_buf_put(dmabuf);

	/* Renaming while attached is fine (Linux dropped -EBUSY in 5.x). */
	dmabuf = dma_buf_get(fd);
	{
		struct dma_buf_attachment *at = dma_buf_attach(dmabuf, &mock_dev);

		SHIM_CHECK(!IS_ERR(at), "attach");
		SHIM_CHECK(host_ioctl(fd, DMA_BUF_SET_NAME, "busy") == 0,
			   "rename while attached");
		dma_buf_detach(dmabuf, at);
	}
	dma_buf_put(dmabuf);
	close_fd(fd);
	return 0;
}

static int test_export_sync_file(void)
{
	struct sync_fence_info fi[4];
	struct sync_file_info info = { .num_fences = 4 };
	struct dma_buf *dmabuf;
	int fd, tl, tl2, rd, wr, s;
	struct mock_buf mb;

	fd = mock_export_fd(&mb, 1);
	SHIM_CHECK(fd >= 0, "export");

	/* No fences: a signaled sync_file, close-on-exec. */
	s = export_sync_file(fd, DMA_BUF_SYNC_RW);
	SHIM_CHECK(s >= 0, "export: %d", s);
	SHIM_CHECK(host_fd_cloexec(s), "sync_file fd without O_CLOEXEC");
	SHIM_CHECK(sync_status(s, NULL) == 1, "idle buffer not signaled");
	close_fd(s);

	dmabuf = dma_buf_get(fd);
	tl = sw_sync_open();
	tl2 = sw_sync_open();
	rd = sw_sync_fence(tl, 1, "read");
	wr = sw_sync_fence(tl2, 1, "write");
	SHIM_CHECK(rd >= 0 && wr >= 0, "fences");
	SHIM_CHECK(add_fence(dmabuf, rd, DMA_RESV_USAGE_READ) == 0, "add");
	SHIM_CHECK(add_fence(dmabuf, wr, DMA_RESV_USAGE_WRITE) == 0, "add");
	dma_buf_put(dmabuf);

	/* A reader waits for the writer only; a writer for both. */
	s = export_sync_file(fd, DMA_BUF_SYNC_READ);
	SHIM_CHECK(s >= 0, "export read");
	info.sync_fence_info = (unsigned long)fi;
	SHIM_CHECK(host_ioctl(s, SYNC_IOC_FILE_INFO, &info) == 0, "info");
	SHIM_CHECK(info.num_fences == 1, "read export: %u fences",
		   info.num_fences);
	close_fd(s);

	s = export_sync_file(fd, DMA_BUF_SYNC_WRITE);
	SHIM_CHECK(s >= 0, "export write");
	info.num_fences = 4;
	SHIM_CHECK(host_ioctl(s, SYNC_IOC_FILE_INFO, &info) == 0, "info");
	SHIM_CHECK(info.num_fences == 2, "write export: %u fences",
		   info.num_fences);
	SHIM_CHECK(sw_sync_inc(tl2, 1) == 0, "inc");
	SHIM_CHECK(sync_status(s, NULL) == 0, "signaled with the reader busy");
	SHIM_CHECK(sw_sync_inc(tl, 1) == 0, "inc");
	SHIM_CHECK(sync_status(s, NULL) == 1, "not signaled");
	close_fd(s);

	close_fd(wr);
	close_fd(rd);
	close_fd(tl2);
	close_fd(tl);
	close_fd(fd);
	return 0;
}

static int test_import_sync_file(void)
{
	struct dma_buf *dmabuf;
	struct mock_buf mb;
	int fd, tl1, tl2, a, b, ab, s;

	fd = mock_export_fd(&mb, 1);
	SHIM_CHECK(fd >= 0, "export");
	dmabuf = dma_buf_get(fd);
	tl1 = sw_sync_open();
	tl2 = sw_sync_open();
	a = sw_sync_fence(tl1, 1, "a");
	b = sw_sync_fence(tl2, 1, "b");
	ab = sync_merge("ab", a, b);
	SHIM_CHECK(ab >= 0, "merge");

	/* A merged sync_file lands as its two fences, as readers here. */
	SHIM_CHECK(import_sync_file(fd, ab, DMA_BUF_SYNC_READ) == 0, "import");
	SHIM_CHECK(count_fences(dmabuf, DMA_RESV_USAGE_READ) == 2 &&
		   count_fences(dmabuf, DMA_RESV_USAGE_WRITE) == 0,
		   "read %u write %u",
		   count_fences(dmabuf, DMA_RESV_USAGE_READ),
		   count_fences(dmabuf, DMA_RESV_USAGE_WRITE));
	SHIM_CHECK(vfs_poll(dmabuf->file, NULL) == EPOLLIN, "poll");

	/* As a writer (RW counts as write): the same fences get promoted. */
	SHIM_CHECK(import_sync_file(fd, a, DMA_BUF_SYNC_RW) == 0, "import");
	SHIM_CHECK(count_fences(dmabuf, DMA_RESV_USAGE_WRITE) == 1,
		   "write %u", count_fences(dmabuf, DMA_RESV_USAGE_WRITE));
	SHIM_CHECK(vfs_poll(dmabuf->file, NULL) == 0, "poll");

	/* The exported fence of the buffer ends when both have. */
	s = export_sync_file(fd, DMA_BUF_SYNC_WRITE);
	SHIM_CHECK(s >= 0, "export");
	SHIM_CHECK(sw_sync_inc(tl1, 1) == 0, "inc");
	SHIM_CHECK(sync_status(s, NULL) == 0, "early");
	SHIM_CHECK(vfs_poll(dmabuf->file, NULL) == EPOLLIN, "poll");
	SHIM_CHECK(sw_sync_inc(tl2, 1) == 0, "inc");
	SHIM_CHECK(sync_status(s, NULL) == 1, "late");

	/* A signaled sync_file imports as nothing to wait for. */
	SHIM_CHECK(import_sync_file(fd, ab, DMA_BUF_SYNC_WRITE) == 0, "import");
	SHIM_CHECK(vfs_poll(dmabuf->file, NULL) == (EPOLLIN | EPOLLOUT), "idle");

	dma_buf_put(dmabuf);
	close_fd(s);
	close_fd(ab);
	close_fd(b);
	close_fd(a);
	close_fd(tl2);
	close_fd(tl1);
	close_fd(fd);
	return 0;
}

/* ---- bad input ---------------------------------------------------------- */

struct bad_ctx {
	struct mock_buf mb;
	int buf;	/* a dma-buf */
	int tl;		/* a sw_sync timeline: not a dma-buf, not a sync_file */
	int sf;		/* an unsignaled sync_file */
	char *fault;	/* user memory that faults */
};

struct bad_row {
	const char *name;
	long (*call)(struct bad_ctx *c);
	long expect;
};

#define BAD_SYNC(n, f, e)						\
	static long bad_##n(struct bad_ctx *c)				\
	{								\
		return buf_sync(c->buf, (f));				\
	}
BAD_SYNC(sync_no_dir, DMA_BUF_SYNC_START, -EINVAL)
BAD_SYNC(sync_end_no_dir, DMA_BUF_SYNC_END, -EINVAL)
BAD_SYNC(sync_bit3, DMA_BUF_SYNC_READ | 8, -EINVAL)
BAD_SYNC(sync_high, DMA_BUF_SYNC_READ | (1ULL << 63), -EINVAL)

static long bad_sync_fault(struct bad_ctx *c)
{
	return host_ioctl(c->buf, DMA_BUF_IOCTL_SYNC, c->fault);
}

static long bad_sync_on_timeline(struct bad_ctx *c)
{
	struct dma_buf_sync arg = { .flags = DMA_BUF_SYNC_READ };

	/* sw_sync does not know the number: whatever it is, not success. */
	return host_ioctl(c->tl, DMA_BUF_IOCTL_SYNC, &arg);
}

static long bad_name_fault(struct bad_ctx *c)
{
	return host_ioctl(c->buf, DMA_BUF_SET_NAME_B, c->fault);
}

static long bad_name_long(struct bad_ctx *c)
{
	static const char name[] = "0123456789abcdef0123456789abcdef0123";

	return host_ioctl(c->buf, DMA_BUF_SET_NAME_B, name);
}

static long bad_name_unterminated(struct bad_ctx *c)
{
	/* 8 bytes of name, then a fault before any NUL. */
	char *p = c->fault - 8;

	memset(p, 'x', 8);
	return host_ioctl(c->buf, DMA_BUF_SET_NAME_B, p);
}

static long bad_export(struct bad_ctx *c, __u32 flags)
{
	int fd = export_sync_file(c->buf, flags);

	if (fd >= 0)
		close_fd(fd);
	return fd >= 0 ? 0 : fd;
}

static long bad_export_flags0(struct bad_ctx *c)
{
	return bad_export(c, 0);
}

static long bad_export_flags4(struct bad_ctx *c)
{
	return bad_export(c, DMA_BUF_SYNC_READ | 4);
}

static long bad_export_end(struct bad_ctx *c)
{
	return bad_export(c, DMA_BUF_SYNC_WRITE | DMA_BUF_SYNC_END);
}

static long bad_export_fault(struct bad_ctx *c)
{
	return host_ioctl(c->buf, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, c->fault);
}

static long bad_import(struct bad_ctx *c, int fd, __u32 flags)
{
	return import_sync_file(c->buf, fd, flags);
}

static long bad_import_flags0(struct bad_ctx *c)
{
	return bad_import(c, c->sf, 0);
}

static long bad_import_flags8(struct bad_ctx *c)
{
	return bad_import(c, c->sf, DMA_BUF_SYNC_READ | 8);
}

static long bad_import_neg_fd(struct bad_ctx *c)
{
	return bad_import(c, -1, DMA_BUF_SYNC_READ);
}

static long bad_import_closed_fd(struct bad_ctx *c)
{
	return bad_import(c, next_free_fd(), DMA_BUF_SYNC_READ);
}

static long bad_import_dmabuf(struct bad_ctx *c)
{
	return bad_import(c, c->buf, DMA_BUF_SYNC_READ);
}

static long bad_import_timeline(struct bad_ctx *c)
{
	return bad_import(c, c->tl, DMA_BUF_SYNC_WRITE);
}

static long bad_import_fault(struct bad_ctx *c)
{
	return host_ioctl(c->buf, DMA_BUF_IOCTL_IMPORT_SYNC_FILE, c->fault);
}

static long bad_unknown_ioctl(struct bad_ctx *c)
{
	return host_ioctl(c->buf, _IOW('b', 9, __u64), c->fault);
}

static long bad_sync_file_ioctl_on_buf(struct bad_ctx *c)
{
	struct sync_file_info info = { };

	return host_ioctl(c->buf, SYNC_IOC_FILE_INFO, &info);
}

static long bad_buf_ioctl_on_sync_file(struct bad_ctx *c)
{
	struct dma_buf_sync arg = { .flags = DMA_BUF_SYNC_READ };

	return host_ioctl(c->sf, DMA_BUF_IOCTL_SYNC, &arg);
}

static const struct bad_row bad_rows[] = {
	{ "SYNC: START without a direction", bad_sync_no_dir, -EINVAL },
	{ "SYNC: END without a direction", bad_sync_end_no_dir, -EINVAL },
	{ "SYNC: unknown flag bit 3", bad_sync_bit3, -EINVAL },
	{ "SYNC: unknown flag bit 63", bad_sync_high, -EINVAL },
	{ "SYNC: faulting argument", bad_sync_fault, -EFAULT },
	{ "SYNC: on a sw_sync timeline", bad_sync_on_timeline, -ENOTTY },
	{ "SET_NAME: faulting name", bad_name_fault, -EFAULT },
	{ "SET_NAME: 36 characters", bad_name_long, -EINVAL },
	{ "SET_NAME: unterminated before a fault", bad_name_unterminated,
	  -EFAULT },
	{ "EXPORT_SYNC_FILE: flags 0", bad_export_flags0, -EINVAL },
	{ "EXPORT_SYNC_FILE: unknown flag", bad_export_flags4, -EINVAL },
	{ "EXPORT_SYNC_FILE: SYNC_END flag", bad_export_end, -EINVAL },
	{ "EXPORT_SYNC_FILE: faulting argument", bad_export_fault, -EFAULT },
	{ "IMPORT_SYNC_FILE: flags 0", bad_import_flags0, -EINVAL },
	{ "IMPORT_SYNC_FILE: unknown flag", bad_import_flags8, -EINVAL },
	{ "IMPORT_SYNC_FILE: fd -1", bad_import_neg_fd, -EINVAL },
	{ "IMPORT_SYNC_FILE: closed fd", bad_import_closed_fd, -EINVAL },
	{ "IMPORT_SYNC_FILE: a dma-buf fd", bad_import_dmabuf, -EINVAL },
	{ "IMPORT_SYNC_FILE: a sw_sync fd", bad_import_timeline, -EINVAL },
	{ "IMPORT_SYNC_FILE: faulting argument", bad_import_fault, -EFAULT },
	{ "unknown ioctl", bad_unknown_ioctl, -ENOTTY },
	{ "SYNC_IOC_FILE_INFO on a dma-buf", bad_sync_file_ioctl_on_buf,
	  -ENOTTY },
	{ "DMA_BUF_IOCTL_SYNC on a sync_file", bad_buf_ioctl_on_sync_file,
	  -ENOTTY },
};

static int test_bad_input(void)
{
	struct dma_buf *dmabuf;
	struct bad_ctx c;
	size_t i;
	int failed = 0;

	c.buf = mock_export_fd(&c.mb, 1);
	c.tl = sw_sync_open();
	c.sf = sw_sync_fence(c.tl, 1, "pending");
	SHIM_CHECK(c.buf >= 0 && c.tl >= 0 && c.sf >= 0, "setup");
	c.fault = kzalloc(2 * PAGE_SIZE, GFP_KERNEL);
	SHIM_CHECK(c.fault, "alloc");
	c.fault += PAGE_SIZE;
	host_uaccess_add_fault(c.fault, PAGE_SIZE);

	for (i = 0; i < ARRAY_SIZE(bad_rows); i++) {
		const struct bad_row *row = &bad_rows[i];
		int fd_before = next_free_fd();
		long live, ret;

		host_quiesce();
		live = host_alloc_live();
		ret = row->call(&c);
		if (ret != row->expect) {
			fprintf(stderr, "# %s: got %ld, want %ld\n", row->name,
				ret, row->expect);
			failed++;
			continue;
		}
		failed += bad_row_clean(row->name, fd_before, live);
	}
	printf("# %zu bad-input rows, %d failed\n", ARRAY_SIZE(bad_rows),
	       failed);

	/* Nothing landed in the buffer, and the names did not stick. */
	dmabuf = dma_buf_get(c.buf);
	if (count_fences(dmabuf, DMA_RESV_USAGE_BOOKKEEP) || dmabuf->name) {
		fprintf(stderr, "# bad input changed the buffer\n");
		failed++;
	}
	dma_buf_put(dmabuf);

	host_uaccess_clear_faults();
	kfree(c.fault - PAGE_SIZE);
	close_fd(c.sf);
	close_fd(c.tl);
	close_fd(c.buf);
	return failed ? -1 : 0;
}

/* ---- allocation failures ------------------------------------------------ */

/* Export, name, export and import a sync_file; 0 or the first error. */
static int export_name_sync(void)
{
	struct mock_buf mb;
	int fd, s, err;

	fd = mock_export_fd(&mb, 1);
	if (fd < 0)
		return fd;
	err = (int)host_ioctl(fd, DMA_BUF_SET_NAME_B, "name");
	if (err)
		goto out;
	s = export_sync_file(fd, DMA_BUF_SYNC_RW);
	if (s < 0) {
		err = s;
		goto out;
	}
	err = import_sync_file(fd, s, DMA_BUF_SYNC_WRITE);
	close_fd(s);
out:
	close_fd(fd);
	return err;
}

static bool buffer_leaked(void)
{
	return dma_buf_live_count() != 0;
}

static int test_fail_nth(void)
{
	long n = fail_each_allocation(export_name_sync, buffer_leaked);

	SHIM_CHECK(n > 4, "%ld allocations", n);
	printf("# failed each of %ld allocations once\n", n);
	return 0;
}

static int test_bufinfo(void)
{
	struct dma_buf_attachment *at;
	struct dma_buf *dmabuf;
	struct mock_buf mb;
	struct seq_file *s;
	int fd, tl, f;

	fd = mock_export_fd(&mb, 2);
	SHIM_CHECK(fd >= 0, "export");
	SHIM_CHECK(host_ioctl(fd, DMA_BUF_SET_NAME_B, "shown") == 0, "name");
	dmabuf = dma_buf_get(fd);
	at = dma_buf_attach(dmabuf, &mock_dev);
	SHIM_CHECK(!IS_ERR(at), "attach");
	tl = sw_sync_open();
	f = sw_sync_fence(tl, 1, "f");
	SHIM_CHECK(add_fence(dmabuf, f, DMA_RESV_USAGE_WRITE) == 0, "add");

	s = host_seq_file_new(1 << 16);
	SHIM_CHECK(s, "seq_file");
	dma_buf_debug_show(s);
	fprintf(stderr, "%s", s->buf);
	if (!strstr(s->buf, "\tmock\t") || !strstr(s->buf, "\tshown\n") ||
	    !strstr(s->buf, "00008192\t") ||
	    !strstr(s->buf, "\tmock-importer\nTotal 1 devices attached\n") ||
	    !strstr(s->buf, "sw_sync") ||
	    !strstr(s->buf, "\nTotal 1 objects, 8192 bytes\n")) {
		host_seq_file_free(s);
		SHIM_CHECK(0, "bufinfo incomplete");
	}
	host_seq_file_free(s);

	dma_buf_detach(dmabuf, at);
	dma_buf_put(dmabuf);
	close_fd(f);
	close_fd(tl);
	close_fd(fd);
	return 0;
}

/* ---- races ------------------------------------------------------------- */

#define RACE_ROUNDS	300

struct race {
	int buf, tl;
	atomic_t polls, exports;
};

/* Poll with a waiter, over and over, while fences come and go. */
static int race_poller(void *data)
{
	struct race *r = data;
	struct dma_buf *dmabuf = dma_buf_get(r->buf);

	while (!kthread_should_stop()) {
		struct poll_waiter w = { };

		init_poll_funcptr(&w.pt, poll_waiter_queue);
		vfs_poll(dmabuf->file, &w.pt);
		if (w.head)
			remove_wait_queue(w.head, &w.entry);
		atomic_inc(&r->polls);
		cond_resched();
	}
	dma_buf_put(dmabuf);
	return 0;
}

/* Export the buffer's fences and import them back, over and over. */
static int race_exporter(void *data)
{
	struct race *r = data;

	while (!kthread_should_stop()) {
		int s = export_sync_file(r->buf, DMA_BUF_SYNC_WRITE);

		if (s >= 0) {
			import_sync_file(r->buf, s, DMA_BUF_SYNC_READ);
			close_fd(s);
			atomic_inc(&r->exports);
		}
		cond_resched();
	}
	return 0;
}

static int test_race(void)
{
	struct task_struct *t[4];
	struct dma_buf *dmabuf;
	struct mock_buf mb;
	struct race r = { };
	unsigned int i;
	int ret = 0;

	r.buf = mock_export_fd(&mb, 1);
	r.tl = sw_sync_open();
	SHIM_CHECK(r.buf >= 0 && r.tl >= 0, "setup");
	dmabuf = dma_buf_get(r.buf);

	t[0] = kthread_run(race_poller, &r, "poller0");
	t[1] = kthread_run(race_poller, &r, "poller1");
	t[2] = kthread_run(race_exporter, &r, "exporter0");
	t[3] = kthread_run(race_exporter, &r, "exporter1");

	/* Add a write fence, then signal it: the pollers' callbacks fire. */
	for (i = 1; !ret && i < 100 * RACE_ROUNDS; i++) {
		int f = sw_sync_fence(r.tl, i, "w");

		if (f < 0 || add_fence(dmabuf, f, i % 2 ? DMA_RESV_USAGE_WRITE :
						       DMA_RESV_USAGE_READ))
			ret = -1;
		if (f >= 0)
			close_fd(f);
		sw_sync_inc(r.tl, 1);
		/* Enough rounds, and every thread had its share of them. */
		if (i >= RACE_ROUNDS && atomic_read(&r.polls) >= RACE_ROUNDS &&
		    atomic_read(&r.exports) >= RACE_ROUNDS / 4)
			break;
	}

	for (i = 0; i < ARRAY_SIZE(t); i++)
		kthread_stop(t[i]);
	SHIM_CHECK(!ret, "adding fences failed");
	printf("# %d polls, %d export/import rounds\n", atomic_read(&r.polls),
	       atomic_read(&r.exports));

	SHIM_CHECK(vfs_poll(dmabuf->file, NULL) == (EPOLLIN | EPOLLOUT),
		   "buffer busy after every fence signaled");
	SHIM_CHECK(!dmabuf->cb_in.active && !dmabuf->cb_out.active,
		   "a poll callback is still armed");
	dma_buf_put(dmabuf);
	close_fd(r.tl);
	close_fd(r.buf);
	host_quiesce();
	SHIM_CHECK(dma_buf_live_count() == 0, "buffer leaked");
	return 0;
}

static const struct shim_test tests[] = {
	SHIM_TEST(fd),
	SHIM_TEST(identity),
	SHIM_TEST(llseek),
	SHIM_TEST(mmap),
	SHIM_TEST(vmap),
	SHIM_TEST(attach_static),
	SHIM_TEST(attach_dynamic),
	SHIM_TEST_REPORTS(attach_refused),
	SHIM_TEST(poll),
	SHIM_TEST(sync_ioctl),
	SHIM_TEST(set_name),
	SHIM_TEST(export_sync_file),
	SHIM_TEST(import_sync_file),
	SHIM_TEST(bad_input),
	SHIM_TEST(fail_nth),
	SHIM_TEST(bufinfo),
	SHIM_TEST(race),
};

int main(void)
{
	int ret;

	if (dma_buf_init()) {
		fprintf(stderr, "dma_buf_init failed\n");
		return 1;
	}
	ret = shim_run(tests, ARRAY_SIZE(tests));
	dma_buf_exit();
	return ret;
}
