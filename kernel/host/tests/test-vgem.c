// SPDX-License-Identifier: GPL-2.0-only
/*
 * TEST: the vgem exporter and its engine on the userspace host
 *
 * kernel/vgem/ (the driver, its fence ioctls and the virtual engine) runs
 * here unchanged, behind the host's stand-in for its device code
 * (host/vgem.h). The tests drive it through its file operations the way the
 * VFS does: ioctls with argument structs in "user" memory, mmap() through
 * the host's page tables (host_mmap(): real aliasing of the pages, faults
 * through the driver's vm_ops), and the dma-bufs it exports through the
 * core's file operations and importer API. Fences to wait for come from
 * sw_sync timelines.
 *
 * SUBTEST: version: DRM_IOCTL_VERSION lengths and strings, GET_CAP
 * SUBTEST: dispatch: unknown commands, short and long arguments, EFAULT, render node
 * SUBTEST: dumb: CREATE_DUMB sizes and its bad-input table, MAP_DUMB, DESTROY_DUMB, GEM_CLOSE
 * SUBTEST: mmap: device and dma-buf mappings alias the pages; range and access checks
 * SUBTEST: prime: one dma-buf per object, handles across files, errors
 * SUBTEST: fence: attach/signal, -EBUSY conflicts, implicit sync seen by poll and EXPORT_SYNC_FILE
 * SUBTEST: fence-timeout: an unsignalled vgem fence signals itself after 10 s
 * SUBTEST: engine: contexts, fill/copy, seqnos, in-fences, implicit dependencies
 * SUBTEST: engine-errors: failing and hanging jobs, errors through merges
 * SUBTEST: submit-bad-input: a table of bad SUBMIT and context arguments, none leaking
 * SUBTEST: close-busy: files, contexts and buffers closed with jobs queued
 * SUBTEST: fail-nth: every allocation of open/create/export/import/attach/submit/mmap fails once; every driver site reached is covered
 * SUBTEST: race: submitters, fence attach/signal, exporters and closers in threads
 */
#include <string.h>
#include <sys/mman.h>

#include <linux/delay.h>
#include <linux/dma-buf.h>
#include <linux/dma-resv.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <uapi/linux/dma-buf.h>

#include <drm/drm.h>
#include <drm/drm_mode.h>
#include <drm/vgem_drm.h>
#include <uapi/drm/fencepost_vgem.h>

#include <host/vgem.h>

#include "sync-tap.h"

#define BUF_SIZE	(4 * PAGE_SIZE)

/* ---- helpers ------------------------------------------------------------ */

/* A dumb buffer of @size bytes (width @size / 4 at 32 bpp, one line). */
static int create_bo(int dev, size_t size, u32 *handle)
{
	struct drm_mode_create_dumb arg = {
		.width = size / 4, .height = 1, .bpp = 32,
	};
	long ret = host_ioctl(dev, DRM_IOCTL_MODE_CREATE_DUMB, &arg);

	if (!ret)
		*handle = arg.handle;
	return ret;
}

static int gem_close(int dev, u32 handle)
{
	struct drm_gem_close arg = { .handle = handle };

	return host_ioctl(dev, DRM_IOCTL_GEM_CLOSE, &arg);
}

/* PRIME_HANDLE_TO_FD: the dma-buf fd, or -errno. */
static int prime_export(int dev, u32 handle)
{
	struct drm_prime_handle arg = {
		.handle = handle, .flags = DRM_CLOEXEC | DRM_RDWR,
	};
	long ret = host_ioctl(dev, DRM_IOCTL_PRIME_HANDLE_TO_FD, &arg);

	return ret ? (int)ret : arg.fd;
}

static int prime_import(int dev, int fd, u32 *handle)
{
	struct drm_prime_handle arg = { .fd = fd };
	long ret = host_ioctl(dev, DRM_IOCTL_PRIME_FD_TO_HANDLE, &arg);

	if (!ret)
		*handle = arg.handle;
	return ret;
}

/* VGEM_FENCE_ATTACH: the fence id, or -errno. */
static long fence_attach(int dev, u32 handle, bool write)
{
	struct drm_vgem_fence_attach arg = {
		.handle = handle, .flags = write ? VGEM_FENCE_WRITE : 0,
	};
	long ret = host_ioctl(dev, DRM_IOCTL_VGEM_FENCE_ATTACH, &arg);

	return ret ? ret : arg.out_fence;
}

static long fence_signal(int dev, u32 fence)
{
	struct drm_vgem_fence_signal arg = { .fence = fence };

	return host_ioctl(dev, DRM_IOCTL_VGEM_FENCE_SIGNAL, &arg);
}

static int ctx_create(int dev, u32 *id)
{
	struct drm_fencepost_vgem_ctx_create arg = { };
	long ret = host_ioctl(dev, DRM_IOCTL_FENCEPOST_VGEM_CTX_CREATE, &arg);

	if (!ret)
		*id = arg.ctx_id;
	return ret;
}

static int ctx_destroy(int dev, u32 id)
{
	struct drm_fencepost_vgem_ctx_destroy arg = { .ctx_id = id };

	return host_ioctl(dev, DRM_IOCTL_FENCEPOST_VGEM_CTX_DESTROY, &arg);
}

/*
 * SUBMIT of @op on @ctx over @n buffers; @in_fence >= 0 adds an in-fence.
 * Returns the out-fence fd or -errno; the seqno goes to @seqno if given.
 */
static int submit(int dev, u32 ctx, u32 op, u32 value, u32 flags,
		  const struct drm_fencepost_vgem_bo *bos, u32 n, int in_fence,
		  u64 *seqno)
{
	struct drm_fencepost_vgem_submit arg = {
		.ctx_id = ctx, .op = op, .value = value, .flags = flags,
		.bos_ptr = (uintptr_t)bos, .bo_count = n,
	};
	long ret;

	if (in_fence >= 0) {
		arg.flags |= FENCEPOST_VGEM_SUBMIT_IN_FENCE;
		arg.in_fence = in_fence;
	}
	ret = host_ioctl(dev, DRM_IOCTL_FENCEPOST_VGEM_SUBMIT, &arg);
	if (ret)
		return ret;
	if (seqno)
		*seqno = arg.seqno;
	return arg.out_fence;
}

/* Fill one buffer with @value: the out-fence fd or -errno. */
static int submit_fill(int dev, u32 ctx, u32 handle, u32 value, u32 flags,
		       int in_fence)
{
	struct drm_fencepost_vgem_bo bo = {
		.handle = handle, .flags = FENCEPOST_VGEM_BO_WRITE,
	};

	return submit(dev, ctx, FENCEPOST_VGEM_OP_FILL, value, flags, &bo, 1,
		      in_fence, NULL);
}

/* Wait up to @ms for the sync file @fd: its status (1 or -errno), 0 if it
 * is still pending after that, or -errno of the wait. */
static int sync_wait_ms(int fd, unsigned int ms)
{
	struct dma_fence *fence = sync_file_get_fence(fd);
	long ret;

	if (!fence)
		return -EINVAL;
	ret = dma_fence_wait_timeout(fence, true, msecs_to_jiffies(ms));
	dma_fence_put(fence);
	if (ret < 0)
		return ret;
	return sync_status(fd, NULL);
}

/* The object behind @handle, mapped in the kernel through its dma-buf:
 * @dmabuf and @map to give back with unmap_bo(). */
static void *vmap_bo(int dev, u32 handle, struct dma_buf **dmabuf,
		     struct iosys_map *map)
{
	int fd = prime_export(dev, handle);

	if (fd < 0)
		return NULL;
	*dmabuf = dma_buf_get(fd);
	close_fd(fd);
	if (IS_ERR(*dmabuf))
		return NULL;
	if (dma_buf_vmap(*dmabuf, map)) {
		dma_buf_put(*dmabuf);
		return NULL;
	}
	return map->vaddr;
}

static void unmap_bo(struct dma_buf *dmabuf, struct iosys_map *map)
{
	dma_buf_vunmap(dmabuf, map);
	dma_buf_put(dmabuf);
}

/* Whether all @n bytes at @p hold the 32-bit pattern @value. */
static bool filled_with(const void *p, size_t n, u32 value)
{
	const u32 *w = p;
	size_t i;

	for (i = 0; i < n / 4; i++)
		if (w[i] != value)
			return false;
	return true;
}

/* mmap(2) of @len bytes of the file behind @fd at byte @offset. */
static void *fd_mmap(int fd, size_t len, int prot, int flags, u64 offset,
		     int *err)
{
	struct file *file = fget(fd);
	void *addr;

	if (!file) {
		*err = -EBADF;
		return NULL;
	}
	addr = host_mmap(file, len, prot, flags, offset >> PAGE_SHIFT, err);
	fput(file);
	return addr;
}

/* MAP_DUMB: the fake offset of @handle, or 0 with the error in @err. */
static u64 map_offset(int dev, u32 handle, int *err)
{
	struct drm_mode_map_dumb arg = { .handle = handle };

	*err = host_ioctl(dev, DRM_IOCTL_MODE_MAP_DUMB, &arg);
	return *err ? 0 : arg.offset;
}

/* ---- version, dispatch --------------------------------------------------- */

static int test_version(void)
{
	char name[8] = "xxxxxxx", date[32] = { }, desc[64] = { };
	struct drm_version v = { };
	struct drm_get_cap cap;
	static const struct { u64 cap; long ret; u64 value; } caps[] = {
		{ DRM_CAP_PRIME, 0,
		  DRM_PRIME_CAP_IMPORT | DRM_PRIME_CAP_EXPORT },
		{ DRM_CAP_TIMESTAMP_MONOTONIC, 0, 1 },
		{ DRM_CAP_SYNCOBJ, 0, 0 },
		{ DRM_CAP_DUMB_BUFFER, -EOPNOTSUPP, 0 },
		{ 0xdead, -EOPNOTSUPP, 0 },
	};
	unsigned int i;
	int dev = host_vgem_open(false);

	SHIM_CHECK(dev >= 0, "open: %d", dev);

	/* Lengths only first, as libdrm's drmGetVersion() asks. */
	SHIM_CHECK(host_ioctl(dev, DRM_IOCTL_VERSION, &v) == 0, "lengths");
	SHIM_CHECK(v.name_len == 4 && v.date_len == 8 &&
		   v.desc_len == strlen("Virtual GEM provider"),
		   "lengths %zu %zu %zu", v.name_len, v.date_len, v.desc_len);

	/* A short buffer gets what fits and the whole length. */
	v.name = name;
	v.name_len = 2;
	v.date = date;
	v.date_len = sizeof(date);
	v.desc = desc;
	v.desc_len = sizeof(desc);
	SHIM_CHECK(host_ioctl(dev, DRM_IOCTL_VERSION, &v) == 0, "strings");
	SHIM_CHECK(!memcmp(name, "vgxxxxx", 8) && v.name_len == 4,
		   "short name '%s' %zu", name, v.name_len);
	SHIM_CHECK(!strcmp(date, "20120112") && v.version_major == 1 &&
		   !strcmp(desc, "Virtual GEM provider"), "strings");

	/* A bad string pointer faults after the lengths are known. */
	v.name = (char *)16;
	v.name_len = 4;
	SHIM_CHECK(host_ioctl(dev, DRM_IOCTL_VERSION, &v) == -EFAULT,
		   "bad name pointer");

	for (i = 0; i < ARRAY_SIZE(caps); i++) {
		cap = (struct drm_get_cap){ .capability = caps[i].cap,
					    .value = 77 };
		SHIM_CHECK(host_ioctl(dev, DRM_IOCTL_GET_CAP, &cap) ==
			   caps[i].ret && cap.value == caps[i].value,
			   "cap %#llx", (unsigned long long)caps[i].cap);
	}
	close_fd(dev);
	return 0;
}

static int test_dispatch(void)
{
	struct drm_mode_create_dumb create = {
		.width = 1024, .height = 1, .bpp = 32,
	};
	struct drm_get_cap *faulting;
	struct { struct drm_get_cap cap; u64 extra; } big = {
		.cap.capability = DRM_CAP_PRIME, .extra = 0x1234,
	};
	u32 small[2] = { DRM_CAP_PRIME, 0xffff };
	int dev = host_vgem_open(false), render = host_vgem_open(true);
	u32 handle, ctx = 0;

	SHIM_CHECK(dev >= 0 && render >= 0, "open");

	/* Unknown DRM commands: -EINVAL; other ioctl types: -ENOTTY. */
	SHIM_CHECK(host_ioctl(dev, _IOWR('d', 0x3f, u64), small) == -EINVAL,
		   "unknown core nr");
	SHIM_CHECK(host_ioctl(dev, _IOWR('d', 0x40 + 0x10, u64), small) ==
		   -EINVAL, "unknown driver nr");
	SHIM_CHECK(host_ioctl(dev, _IOWR('d', 0xff, u64), small) == -EINVAL,
		   "nr past the tables");
	SHIM_CHECK(host_ioctl(dev, _IOWR('x', 0x0c, u64), small) == -ENOTTY,
		   "other type");

	/*
	 * A caller's shorter struct: the rest reads as zero (the capability
	 * is the low word) and nothing past the caller's size is written.
	 */
	SHIM_CHECK(host_ioctl(dev, _IOWR('d', 0x0c, u32), small) == 0 &&
		   small[0] == DRM_CAP_PRIME && small[1] == 0xffff,
		   "short GET_CAP");
	/* A longer one: only our size is used, the rest is copied back. */
	SHIM_CHECK(host_ioctl(dev, _IOWR('d', 0x0c, typeof(big)), &big) == 0 &&
		   big.cap.value == 3 && big.extra == 0x1234, "long GET_CAP");

	/* Faulting arguments. */
	faulting = kmalloc(sizeof(*faulting), GFP_KERNEL);
	SHIM_CHECK(faulting, "alloc");
	host_uaccess_add_fault(faulting, sizeof(*faulting));
	SHIM_CHECK(host_ioctl(dev, DRM_IOCTL_GET_CAP, faulting) == -EFAULT,
		   "faulting argument");
	host_uaccess_clear_faults();
	kfree(faulting);

	/* The render node: no dumb buffers, everything else. */
	SHIM_CHECK(host_ioctl(render, DRM_IOCTL_MODE_CREATE_DUMB, &create) ==
		   -EACCES, "render CREATE_DUMB");
	SHIM_CHECK(create_bo(dev, BUF_SIZE, &handle) == 0, "create");
	{
		int fd = prime_export(dev, handle), err;
		u32 rh = 0;

		SHIM_CHECK(fd >= 0, "export");
		SHIM_CHECK(prime_import(render, fd, &rh) == 0, "render import");
		SHIM_CHECK(map_offset(render, rh, &err) == 0 &&
			   err == -EACCES, "render MAP_DUMB: %d", err);
		SHIM_CHECK(fence_attach(render, rh, true) > 0,
			   "render fence attach");
		SHIM_CHECK(ctx_create(render, &ctx) == 0, "render ctx");
		close_fd(fd);
	}
	close_fd(render);
	close_fd(dev);
	return 0;
}

/* ---- dumb buffers ---------------------------------------------------------- */

static int test_dumb(void)
{
	static const struct {
		const char *name;
		u32 width, height, bpp;
		long ret;
		u32 pitch;
		u64 size;
	} rows[] = {
		{ "one page", 1024, 1, 32, 0, 4096, 4096 },
		{ "rounded up", 3, 3, 24, 0, 9, 4096 },
		{ "bpp rounds to bytes", 10, 1, 1, 0, 2, 4096 },
		{ "zero width", 0, 1, 32, -EINVAL, 0, 0 },
		{ "zero height", 1, 0, 32, -EINVAL, 0, 0 },
		{ "zero bpp", 1, 1, 0, -EINVAL, 0, 0 },
		{ "huge bpp", 1, 1, 0xfffffff8, -EINVAL, 0, 0 },
		{ "stride overflow", 0x40000000, 1, 32, -EINVAL, 0, 0 },
		{ "size overflow", 0x10000, 0x10000, 32, -EINVAL, 0, 0 },
		/* drm's checks pass, the shmem helper's pitch wraps to 0. */
		{ "pitch wraps", 0x8000000, 1, 32, -ENOSPC, 0, 0 },
	};
	unsigned int i;
	int dev = host_vgem_open(false), err;
	u64 off1, off2;
	u32 h1 = 0, h2 = 0;

	SHIM_CHECK(dev >= 0, "open");
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		struct drm_mode_create_dumb arg = {
			.width = rows[i].width, .height = rows[i].height,
			.bpp = rows[i].bpp, .handle = 99,
		};
		long ret = host_ioctl(dev, DRM_IOCTL_MODE_CREATE_DUMB, &arg);

		SHIM_CHECK(ret == rows[i].ret, "%s: %ld", rows[i].name, ret);
		if (ret == -EINVAL)
			continue;
		SHIM_CHECK(arg.pitch == rows[i].pitch &&
			   arg.size == rows[i].size,
			   "%s: pitch %u size %llu", rows[i].name, arg.pitch,
			   (unsigned long long)arg.size);
		if (!ret)
			SHIM_CHECK(gem_close(dev, arg.handle) == 0, "%s: close",
				   rows[i].name);
	}

	SHIM_CHECK(create_bo(dev, BUF_SIZE, &h1) == 0 && h1 == 1, "first");
	SHIM_CHECK(create_bo(dev, BUF_SIZE, &h2) == 0 && h2 == 2, "second");
	off1 = map_offset(dev, h1, &err);
	off2 = map_offset(dev, h2, &err);
	SHIM_CHECK(off1 && off2 && off1 != off2 &&
		   !(off1 & 0xffffffffull) && !(off2 & 0xffffffffull),
		   "offsets %#llx %#llx", (unsigned long long)off1,
		   (unsigned long long)off2);
	SHIM_CHECK(map_offset(dev, 77, &err) == 0 && err == -ENOENT,
		   "MAP_DUMB of no handle: %d", err);

	SHIM_CHECK(gem_close(dev, h1) == 0, "close");
	SHIM_CHECK(gem_close(dev, h1) == -EINVAL, "close twice");
	SHIM_CHECK(gem_close(dev, 0) == -EINVAL, "close handle 0");
	{
		struct drm_mode_destroy_dumb d = { .handle = h2 };

		SHIM_CHECK(host_ioctl(dev, DRM_IOCTL_MODE_DESTROY_DUMB, &d) ==
			   0, "destroy");
		SHIM_CHECK(host_ioctl(dev, DRM_IOCTL_MODE_DESTROY_DUMB, &d) ==
			   -EINVAL, "destroy twice");
	}
	close_fd(dev);
	return 0;
}

/* ---- mmap ------------------------------------------------------------------ */

static int test_mmap(void)
{
	int dev = host_vgem_open(false), other = host_vgem_open(false);
	struct iosys_map map;
	struct dma_buf *dmabuf;
	u32 *dev_map, *buf_map, *vaddr;
	int err, fd;
	u32 handle;
	u64 off;

	SHIM_CHECK(dev >= 0 && other >= 0, "open");
	SHIM_CHECK(create_bo(dev, BUF_SIZE, &handle) == 0, "create");
	off = map_offset(dev, handle, &err);
	SHIM_CHECK(off, "MAP_DUMB: %d", err);

	/* Range and access checks of the device mapping. */
	SHIM_CHECK(!fd_mmap(dev, BUF_SIZE + PAGE_SIZE, PROT_READ, MAP_SHARED,
			    off, &err) && err == -EINVAL, "too long: %d", err);
	SHIM_CHECK(!fd_mmap(dev, PAGE_SIZE, PROT_READ, MAP_SHARED,
			    off + PAGE_SIZE, &err) && err == -EINVAL,
		   "not at the start: %d", err);
	SHIM_CHECK(!fd_mmap(dev, PAGE_SIZE, PROT_READ, MAP_SHARED, 0, &err) &&
		   err == -EINVAL, "offset 0: %d", err);
	SHIM_CHECK(!fd_mmap(dev, PAGE_SIZE, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE, off, &err) && err == -EINVAL,
		   "private writable: %d", err);
	SHIM_CHECK(!fd_mmap(other, PAGE_SIZE, PROT_READ, MAP_SHARED, off,
			    &err) && err == -EACCES, "file without handle: %d",
		   err);

	dev_map = fd_mmap(dev, BUF_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
			  off, &err);
	SHIM_CHECK(dev_map, "device mmap: %d", err);
	SHIM_CHECK(filled_with(dev_map, BUF_SIZE, 0), "new pages are zero");
	memset32(dev_map, 0xabcd0123, BUF_SIZE / 4);

	/* The dma-buf's mapping and the kernel's vmap see the same pages. */
	fd = prime_export(dev, handle);
	SHIM_CHECK(fd >= 0, "export: %d", fd);
	buf_map = fd_mmap(fd, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
			  MAP_SHARED, 0, &err);
	SHIM_CHECK(buf_map, "dma-buf mmap: %d", err);
	SHIM_CHECK(filled_with(buf_map, 2 * PAGE_SIZE, 0xabcd0123),
		   "dma-buf mapping sees the device mapping's writes");
	buf_map[PAGE_SIZE / 4] = 0x5a5a5a5a;
	vaddr = vmap_bo(dev, handle, &dmabuf, &map);
	SHIM_CHECK(vaddr, "vmap");
	SHIM_CHECK(vaddr[PAGE_SIZE / 4] == 0x5a5a5a5a &&
		   dev_map[PAGE_SIZE / 4] == 0x5a5a5a5a &&
		   vaddr[BUF_SIZE / 4 - 1] == 0xabcd0123, "one set of pages");
	unmap_bo(dmabuf, &map);

	/*
	 * The mappings hold the object: close every handle and fd first. The
	 * dma-buf's mapping holds the dma-buf, the device's the object (and
	 * the harness's leak check sees that the last unmap frees it).
	 */
	close_fd(fd);
	SHIM_CHECK(gem_close(dev, handle) == 0, "close handle");
	host_quiesce();
	SHIM_CHECK(dma_buf_live_count() == 1, "the mapping holds the dma-buf");
	SHIM_CHECK(host_munmap(buf_map) == 0, "munmap dma-buf");
	host_quiesce();
	SHIM_CHECK(dma_buf_live_count() == 0, "dma-buf outlived its mapping");
	SHIM_CHECK(dev_map[0] == 0xabcd0123 &&
		   dev_map[BUF_SIZE / 4 - 1] == 0xabcd0123,
		   "the device mapping keeps the pages");
	SHIM_CHECK(host_munmap(dev_map) == 0, "munmap device");

	close_fd(other);
	close_fd(dev);
	return 0;
}

/* ---- prime ------------------------------------------------------------------ */

static int test_prime(void)
{
	int a = host_vgem_open(false), b = host_vgem_open(true);
	struct drm_prime_handle bad = { .handle = 1, .flags = 0x4 };
	struct file *f1, *f2;
	int fd1, fd2, tl, sf, closed;
	u32 handle = 0, again = 0, hb = 0, hb2 = 0;

	SHIM_CHECK(a >= 0 && b >= 0, "open");
	SHIM_CHECK(create_bo(a, BUF_SIZE, &handle) == 0, "create");

	/* Every export of an object is the same dma-buf. */
	fd1 = prime_export(a, handle);
	fd2 = prime_export(a, handle);
	SHIM_CHECK(fd1 >= 0 && fd2 >= 0 && fd1 != fd2, "export twice");
	SHIM_CHECK(host_fd_cloexec(fd1), "DRM_CLOEXEC gives O_CLOEXEC");
	f1 = fget(fd1);
	f2 = fget(fd2);
	SHIM_CHECK(f1 && f1 == f2, "same file");
	SHIM_CHECK(f1->f_inode->i_size == BUF_SIZE, "size %lld",
		   (long long)f1->f_inode->i_size);
	fput(f1);
	fput(f2);

	/* Back to the same file: the same handle; another file: its own. */
	SHIM_CHECK(prime_import(a, fd1, &again) == 0 && again == handle,
		   "import into the exporter: %u", again);
	SHIM_CHECK(prime_import(b, fd2, &hb) == 0, "import elsewhere");
	SHIM_CHECK(prime_import(b, fd1, &hb2) == 0 && hb2 == hb,
		   "one handle per object and file");

	/* The exporter's last handle goes; the importer's keeps it alive and
	 * its export is the same dma-buf still. */
	close_fd(fd2);
	SHIM_CHECK(gem_close(a, handle) == 0, "close exporter handle");
	fd2 = prime_export(b, hb);
	SHIM_CHECK(fd2 >= 0, "re-export from the importer");
	f1 = fget(fd1);
	f2 = fget(fd2);
	SHIM_CHECK(f1 == f2, "still the same dma-buf");
	fput(f1);
	fput(f2);

	/* Errors. */
	SHIM_CHECK(host_ioctl(a, DRM_IOCTL_PRIME_HANDLE_TO_FD, &bad) ==
		   -EINVAL, "unknown flags");
	SHIM_CHECK(prime_export(a, handle) == -ENOENT, "closed handle");
	SHIM_CHECK(prime_export(a, 0) == -ENOENT, "handle 0");
	SHIM_CHECK(prime_import(a, -1, &again) == -EBADF, "fd -1");
	closed = next_free_fd();
	SHIM_CHECK(prime_import(a, closed, &again) == -EBADF, "closed fd");
	tl = sw_sync_open();
	sf = sw_sync_fence(tl, 1, "f");
	SHIM_CHECK(tl >= 0 && sf >= 0, "sw_sync");
	SHIM_CHECK(prime_import(a, tl, &again) == -EINVAL, "not a dma-buf");
	SHIM_CHECK(prime_import(a, sf, &again) == -EINVAL, "a sync file");
	close_fd(sf);
	close_fd(tl);

	close_fd(fd1);
	close_fd(fd2);
	close_fd(b);
	close_fd(a);
	host_quiesce();
	SHIM_CHECK(dma_buf_live_count() == 0, "dma-bufs left: %lu",
		   dma_buf_live_count());
	return 0;
}

/* ---- vgem fences -------------------------------------------------------------- */

/* DMA_BUF_IOCTL_EXPORT_SYNC_FILE of @buf for @flags: a sync file or -errno. */
static int export_sync_file(int buf, u32 flags)
{
	struct dma_buf_export_sync_file arg = { .flags = flags };
	long ret = host_ioctl(buf, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &arg);

	return ret ? (int)ret : arg.fd;
}

static int test_fence(void)
{
	struct drm_vgem_fence_attach attach;
	struct drm_vgem_fence_signal sig;
	int dev = host_vgem_open(false), buf, sf_w, sf_r;
	long wf, rf1, rf2;
	u32 handle;

	SHIM_CHECK(dev >= 0, "open");
	SHIM_CHECK(create_bo(dev, BUF_SIZE, &handle) == 0, "create");
	buf = prime_export(dev, handle);
	SHIM_CHECK(buf >= 0, "export");

	/* Readers coexist; a writer conflicts with them. */
	rf1 = fence_attach(dev, handle, false);
	rf2 = fence_attach(dev, handle, false);
	SHIM_CHECK(rf1 > 0 && rf2 > 0 && rf1 != rf2, "two readers");
	SHIM_CHECK(fence_attach(dev, handle, true) == -EBUSY, "writer: busy");
	SHIM_CHECK(sync_poll(buf) == EPOLLIN, "readers block only writers");
	sf_w = export_sync_file(buf, DMA_BUF_SYNC_WRITE);
	SHIM_CHECK(sf_w >= 0 && sync_status(sf_w, NULL) == 0,
		   "a writer waits for the readers");
	SHIM_CHECK(fence_signal(dev, rf1) == 0, "signal one");
	SHIM_CHECK(fence_signal(dev, rf1) == -ENOENT, "signal twice");
	SHIM_CHECK(fence_attach(dev, handle, true) == -EBUSY, "still busy");
	SHIM_CHECK(fence_signal(dev, rf2) == 0, "signal the other");
	SHIM_CHECK(sync_status(sf_w, NULL) == 1, "writer may go");
	close_fd(sf_w);

	/* A writer blocks readers and writers. */
	wf = fence_attach(dev, handle, true);
	SHIM_CHECK(wf > 0 && wf > rf2, "writer, new id");
	SHIM_CHECK(fence_attach(dev, handle, false) == -EBUSY, "reader: busy");
	SHIM_CHECK(sync_poll(buf) == 0, "poll blocks");
	sf_r = export_sync_file(buf, DMA_BUF_SYNC_READ);
	SHIM_CHECK(sf_r >= 0 && sync_status(sf_r, NULL) == 0,
		   "a reader waits for the writer");
	SHIM_CHECK(fence_signal(dev, wf) == 0, "signal writer");
	SHIM_CHECK(sync_status(sf_r, NULL) == 1 &&
		   sync_poll(buf) == (EPOLLIN | EPOLLOUT), "all done");
	close_fd(sf_r);

	/* Bad input. */
	attach = (struct drm_vgem_fence_attach){ .handle = handle,
						 .flags = 0x2 };
	SHIM_CHECK(host_ioctl(dev, DRM_IOCTL_VGEM_FENCE_ATTACH, &attach) ==
		   -EINVAL, "attach flags");
	attach = (struct drm_vgem_fence_attach){ .handle = handle, .pad = 1 };
	SHIM_CHECK(host_ioctl(dev, DRM_IOCTL_VGEM_FENCE_ATTACH, &attach) ==
		   -EINVAL, "attach pad");
	SHIM_CHECK(fence_attach(dev, 99, false) == -ENOENT, "attach handle");
	sig = (struct drm_vgem_fence_signal){ .fence = wf, .flags = 1 };
	SHIM_CHECK(host_ioctl(dev, DRM_IOCTL_VGEM_FENCE_SIGNAL, &sig) ==
		   -EINVAL, "signal flags");
	SHIM_CHECK(fence_signal(dev, 1000) == -ENOENT, "unknown fence");

	/* Closing the file signals what it left pending. */
	rf1 = fence_attach(dev, handle, true);
	sf_r = export_sync_file(buf, DMA_BUF_SYNC_READ);
	SHIM_CHECK(rf1 > 0 && sync_status(sf_r, NULL) == 0, "pending");
	close_fd(dev);
	SHIM_CHECK(sync_status(sf_r, NULL) == 1, "signalled at close");
	close_fd(sf_r);
	close_fd(buf);
	return 0;
}

static int test_fence_timeout(void)
{
	int dev = host_vgem_open(false), buf, sf;
	unsigned long start = jiffies;
	long fence;
	u32 handle;

	SHIM_CHECK(dev >= 0, "open");
	SHIM_CHECK(create_bo(dev, PAGE_SIZE, &handle) == 0, "create");
	buf = prime_export(dev, handle);
	fence = fence_attach(dev, handle, true);
	SHIM_CHECK(buf >= 0 && fence > 0, "attach");
	sf = export_sync_file(buf, DMA_BUF_SYNC_READ);
	SHIM_CHECK(sf >= 0, "export sync file");
	SHIM_CHECK(sync_wait_ms(sf, 9000) == 0, "signalled before 10 s");
	SHIM_CHECK(sync_wait_ms(sf, 5000) == 1, "not signalled by 14 s");
	SHIM_CHECK(time_after_eq(jiffies, start + msecs_to_jiffies(10000)),
		   "signalled after %u ms", jiffies_to_msecs(jiffies - start));
	SHIM_CHECK(fence_signal(dev, fence) == -ETIMEDOUT, "late signal");
	SHIM_CHECK(fence_signal(dev, fence) == -ENOENT, "then forgotten");
	close_fd(sf);
	close_fd(buf);
	close_fd(dev);
	return 0;
}

/* ---- the engine ------------------------------------------------------------- */

static int test_engine(void)
{
	int dev = host_vgem_open(false), tl, in, out, out2, buf;
	struct drm_fencepost_vgem_bo bos[2];
	struct iosys_map map;
	struct dma_buf *dmabuf;
	u32 ctx = 0, ctx2 = 0, src = 0, dst = 0;
	u32 *s, *d;
	u64 seqno = 0;
	long vf;

	SHIM_CHECK(dev >= 0, "open");
	SHIM_CHECK(ctx_create(dev, &ctx) == 0 && ctx, "ctx");
	SHIM_CHECK(ctx_create(dev, &ctx2) == 0 && ctx2 != ctx, "ctx2");
	SHIM_CHECK(create_bo(dev, BUF_SIZE, &src) == 0 &&
		   create_bo(dev, 2 * BUF_SIZE, &dst) == 0, "buffers");

	/* Fill, with a seqno per job of the context. */
	out = submit_fill(dev, ctx, src, 0x11111111, 0, -1);
	SHIM_CHECK(out >= 0, "fill: %d", out);
	SHIM_CHECK(sync_wait_ms(out, 5000) == 1, "fill done");
	close_fd(out);
	s = vmap_bo(dev, src, &dmabuf, &map);
	SHIM_CHECK(s && filled_with(s, BUF_SIZE, 0x11111111), "filled");
	unmap_bo(dmabuf, &map);

	/* Copy waits for the fill that writes its source. */
	tl = sw_sync_open();
	in = sw_sync_fence(tl, 1, "gate");
	SHIM_CHECK(tl >= 0 && in >= 0, "sw_sync");
	out = submit_fill(dev, ctx, src, 0x22222222, 0, in);
	SHIM_CHECK(out >= 0, "gated fill");
	bos[0] = (struct drm_fencepost_vgem_bo){ src, FENCEPOST_VGEM_BO_READ };
	bos[1] = (struct drm_fencepost_vgem_bo){ dst, FENCEPOST_VGEM_BO_WRITE };
	out2 = submit(dev, ctx2, FENCEPOST_VGEM_OP_COPY, 0, 0, bos, 2, -1,
		      &seqno);
	SHIM_CHECK(out2 >= 0 && seqno == 1, "copy on ctx2: seqno %llu",
		   (unsigned long long)seqno);
	SHIM_CHECK(sync_wait_ms(out2, 50) == 0 && sync_status(out, NULL) == 0,
		   "both wait for the gate");
	SHIM_CHECK(sw_sync_inc(tl, 1) == 0, "open the gate");
	SHIM_CHECK(sync_wait_ms(out2, 5000) == 1 && sync_status(out, NULL) == 1,
		   "both done");
	d = vmap_bo(dev, dst, &dmabuf, &map);
	SHIM_CHECK(d && filled_with(d, BUF_SIZE, 0x22222222) &&
		   filled_with(d + BUF_SIZE / 4, BUF_SIZE, 0),
		   "copy saw the fill it depended on, as far as the source goes");
	unmap_bo(dmabuf, &map);
	close_fd(out);
	close_fd(out2);
	close_fd(in);

	/* An implicit dependency on a vgem fence; poll sees the job's. */
	buf = prime_export(dev, dst);
	vf = fence_attach(dev, dst, false);
	SHIM_CHECK(buf >= 0 && vf > 0, "vgem read fence");
	out = submit(dev, ctx, FENCEPOST_VGEM_OP_FILL, 7, 0, &bos[1], 1, -1,
		     &seqno);
	SHIM_CHECK(out >= 0 && seqno == 3, "fill after reader: seqno %llu",
		   (unsigned long long)seqno);
	SHIM_CHECK(sync_poll(buf) == 0, "the job is a writer");
	SHIM_CHECK(sync_wait_ms(out, 50) == 0, "waits for the reader");
	SHIM_CHECK(fence_signal(dev, vf) == 0, "reader done");
	SHIM_CHECK(sync_wait_ms(out, 5000) == 1, "job done");
	SHIM_CHECK(sync_poll(buf) == (EPOLLIN | EPOLLOUT), "buffer idle");
	close_fd(out);
	close_fd(buf);

	/* Jobs of one context signal in order, NOPs included. */
	in = sw_sync_fence(tl, 2, "gate2");
	out = submit(dev, ctx, FENCEPOST_VGEM_OP_NOP, 0, 0, NULL, 0, in, NULL);
	out2 = submit(dev, ctx, FENCEPOST_VGEM_OP_NOP, 0, 0, NULL, 0, -1,
		      &seqno);
	SHIM_CHECK(out >= 0 && out2 >= 0 && seqno == 5, "two nops");
	SHIM_CHECK(sync_wait_ms(out2, 50) == 0, "second waits for the first");
	SHIM_CHECK(sw_sync_inc(tl, 1) == 0, "open the gate");
	SHIM_CHECK(sync_wait_ms(out2, 5000) == 1 && sync_status(out, NULL) == 1,
		   "both done");
	close_fd(out);
	close_fd(out2);
	close_fd(in);

	SHIM_CHECK(ctx_destroy(dev, ctx) == 0, "destroy");
	SHIM_CHECK(ctx_destroy(dev, ctx) == -ENOENT, "destroy twice");
	close_fd(tl);
	close_fd(dev);
	return 0;
}

static int test_engine_errors(void)
{
	int dev = host_vgem_open(false), bad, hang, next, merged, in, tl;
	struct iosys_map map;
	struct dma_buf *dmabuf;
	u32 ctx = 0, handle = 0;
	u32 *p;

	SHIM_CHECK(dev >= 0, "open");
	SHIM_CHECK(ctx_create(dev, &ctx) == 0, "ctx");
	SHIM_CHECK(create_bo(dev, PAGE_SIZE, &handle) == 0, "create");

	/*
	 * A failing job touches nothing and signals -EIO, which reaches a
	 * merge made while it was pending (merging a signalled fence drops
	 * it, error and all, as in Linux).
	 */
	tl = sw_sync_open();
	in = sw_sync_fence(tl, 1, "gate");
	SHIM_CHECK(tl >= 0 && in >= 0, "sw_sync");
	bad = submit_fill(dev, ctx, handle, 0xbad, FENCEPOST_VGEM_SUBMIT_FAIL,
			  in);
	SHIM_CHECK(bad >= 0, "failing job");
	merged = sync_merge("m", bad, in);
	SHIM_CHECK(merged >= 0 && sync_status(merged, NULL) == 0, "merge");
	SHIM_CHECK(sw_sync_inc(tl, 1) == 0, "open the gate");
	SHIM_CHECK(sync_wait_ms(bad, 5000) == -EIO, "-EIO");
	SHIM_CHECK(sync_wait_ms(merged, 5000) == -EIO, "merged error");
	p = vmap_bo(dev, handle, &dmabuf, &map);
	SHIM_CHECK(p && filled_with(p, PAGE_SIZE, 0), "no data access");
	unmap_bo(dmabuf, &map);
	close_fd(merged);
	close_fd(in);
	close_fd(tl);

	/* A later job of the context is ordered, not poisoned. */
	next = submit_fill(dev, ctx, handle, 0x600d, 0, bad);
	SHIM_CHECK(next >= 0 && sync_wait_ms(next, 5000) == 1,
		   "job after a failed one");
	close_fd(next);
	close_fd(bad);

	/* A hung job is timed out with -ETIMEDOUT; the next one waits. */
	hang = submit_fill(dev, ctx, handle, 1, FENCEPOST_VGEM_SUBMIT_HANG,
			   -1);
	next = submit_fill(dev, ctx, handle, 2, 0, -1);
	SHIM_CHECK(hang >= 0 && next >= 0, "hang");
	SHIM_CHECK(sync_wait_ms(next, 1000) == 0, "behind the hang");
	SHIM_CHECK(sync_wait_ms(hang, 10000) == -ETIMEDOUT, "timed out");
	SHIM_CHECK(sync_wait_ms(next, 5000) == 1, "then the next");
	p = vmap_bo(dev, handle, &dmabuf, &map);
	SHIM_CHECK(p && filled_with(p, PAGE_SIZE, 2), "next one ran");
	unmap_bo(dmabuf, &map);
	close_fd(hang);
	close_fd(next);
	close_fd(dev);
	return 0;
}

static int test_submit_bad_input(void)
{
	int dev = host_vgem_open(false), tl, sf, closed;
	struct drm_fencepost_vgem_ctx_create cc = { .flags = 1 };
	struct drm_fencepost_vgem_ctx_destroy cd = { .ctx_id = 1, .pad = 1 };
	struct drm_fencepost_vgem_bo bos[FENCEPOST_VGEM_MAX_BOS + 1];
	struct drm_fencepost_vgem_bo *faulting;
	u32 ctx = 0, h = 0, h2 = 0;
	unsigned int i;

	SHIM_CHECK(dev >= 0, "open");
	SHIM_CHECK(host_ioctl(dev, DRM_IOCTL_FENCEPOST_VGEM_CTX_CREATE, &cc) ==
		   -EINVAL, "ctx flags");
	SHIM_CHECK(ctx_create(dev, &ctx) == 0, "ctx");
	SHIM_CHECK(host_ioctl(dev, DRM_IOCTL_FENCEPOST_VGEM_CTX_DESTROY, &cd) ==
		   -EINVAL, "destroy pad");
	SHIM_CHECK(ctx_destroy(dev, ctx + 1) == -ENOENT, "destroy unknown");
	SHIM_CHECK(create_bo(dev, PAGE_SIZE, &h) == 0 &&
		   create_bo(dev, PAGE_SIZE, &h2) == 0, "create");
	for (i = 0; i < ARRAY_SIZE(bos); i++)
		bos[i] = (struct drm_fencepost_vgem_bo){
			h, FENCEPOST_VGEM_BO_READ };

	tl = sw_sync_open();
	sf = sw_sync_fence(tl, 1, "f");
	closed = next_free_fd();
	faulting = kmalloc(sizeof(*faulting), GFP_KERNEL);
	SHIM_CHECK(tl >= 0 && sf >= 0 && faulting, "setup");
	host_uaccess_add_fault(faulting, sizeof(*faulting));

	{
		const struct {
			const char *name;
			struct drm_fencepost_vgem_submit arg;
			struct drm_fencepost_vgem_bo bo[2];
			unsigned int nbo;
			bool fault;
			long ret;
		} rows[] = {
			{ "unknown ctx", { .ctx_id = ctx + 7 }, .ret = -ENOENT },
			{ "ctx 0", { .ctx_id = 0 }, .ret = -ENOENT },
			{ "unknown op", { .ctx_id = ctx, .op = 3 },
			  .ret = -EINVAL },
			{ "unknown flags", { .ctx_id = ctx, .flags = 8 },
			  .ret = -EINVAL },
			{ "pad", { .ctx_id = ctx, .pad = 1 }, .ret = -EINVAL },
			{ "in_fence without flag", { .ctx_id = ctx,
			  .in_fence = sf }, .ret = -EINVAL },
			{ "value with NOP", { .ctx_id = ctx, .value = 1 },
			  .ret = -EINVAL },
			{ "in-fence not a sync file", { .ctx_id = ctx,
			  .flags = FENCEPOST_VGEM_SUBMIT_IN_FENCE,
			  .in_fence = tl }, .ret = -EINVAL },
			{ "in-fence closed", { .ctx_id = ctx,
			  .flags = FENCEPOST_VGEM_SUBMIT_IN_FENCE,
			  .in_fence = closed }, .ret = -EINVAL },
			{ "in-fence -1", { .ctx_id = ctx,
			  .flags = FENCEPOST_VGEM_SUBMIT_IN_FENCE,
			  .in_fence = -1 }, .ret = -EINVAL },
			{ "too many buffers", { .ctx_id = ctx,
			  .bo_count = FENCEPOST_VGEM_MAX_BOS + 1 },
			  .ret = -EINVAL },
			{ "buffer without access", { .ctx_id = ctx },
			  { { h, 0 } }, 1, .ret = -EINVAL },
			{ "unknown access flag", { .ctx_id = ctx },
			  { { h, 4 | FENCEPOST_VGEM_BO_READ } }, 1,
			  .ret = -EINVAL },
			{ "unknown handle", { .ctx_id = ctx },
			  { { 99, FENCEPOST_VGEM_BO_READ } }, 1,
			  .ret = -ENOENT },
			{ "buffer twice", { .ctx_id = ctx },
			  { { h, FENCEPOST_VGEM_BO_READ },
			    { h, FENCEPOST_VGEM_BO_WRITE } }, 2,
			  .ret = -EINVAL },
			{ "copy without source", { .ctx_id = ctx,
			  .op = FENCEPOST_VGEM_OP_COPY },
			  { { h, FENCEPOST_VGEM_BO_WRITE } }, 1,
			  .ret = -EINVAL },
			{ "copy with two sources", { .ctx_id = ctx,
			  .op = FENCEPOST_VGEM_OP_COPY },
			  { { h, FENCEPOST_VGEM_BO_READ },
			    { h2, FENCEPOST_VGEM_BO_READ } }, 2,
			  .ret = -EINVAL },
			{ "faulting buffer list", { .ctx_id = ctx,
			  .bo_count = 1 }, .fault = true, .ret = -EFAULT },
		};

		for (i = 0; i < ARRAY_SIZE(rows); i++) {
			struct drm_fencepost_vgem_submit arg = rows[i].arg;
			int before = next_free_fd();
			long ret, live;

			if (rows[i].fault)
				arg.bos_ptr = (uintptr_t)faulting;
			else if (rows[i].nbo)
				arg.bos_ptr = (uintptr_t)rows[i].bo;
			else if (arg.bo_count)
				arg.bos_ptr = (uintptr_t)bos;
			if (rows[i].nbo)
				arg.bo_count = rows[i].nbo;
			host_quiesce();
			live = host_alloc_live();
			ret = host_ioctl(dev, DRM_IOCTL_FENCEPOST_VGEM_SUBMIT,
					 &arg);
			SHIM_CHECK(ret == rows[i].ret, "%s: %ld", rows[i].name,
				   ret);
			SHIM_CHECK(!bad_row_clean(rows[i].name, before, live),
				   "%s left something behind", rows[i].name);
		}
	}
	/* The limit itself is fine: 64 different buffers. */
	for (i = 0; i < FENCEPOST_VGEM_MAX_BOS; i++)
		SHIM_CHECK(create_bo(dev, PAGE_SIZE, &bos[i].handle) == 0,
			   "buffer %u", i);
	i = submit(dev, ctx, FENCEPOST_VGEM_OP_NOP, 0, 0, bos,
		   FENCEPOST_VGEM_MAX_BOS, -1, NULL);
	SHIM_CHECK((int)i >= 0, "FENCEPOST_VGEM_MAX_BOS buffers: %d", (int)i);
	close_fd(i);
	host_uaccess_clear_faults();
	kfree(faulting);
	close_fd(sf);
	close_fd(tl);
	close_fd(dev);
	return 0;
}

/* Contexts, files and buffers go away while their jobs wait. */
static int test_close_busy(void)
{
	int dev = host_vgem_open(false), tl, in, out[3], i;
	u32 ctx = 0, handle = 0;

	SHIM_CHECK(dev >= 0, "open");
	tl = sw_sync_open();
	in = sw_sync_fence(tl, 1, "gate");
	SHIM_CHECK(tl >= 0 && in >= 0, "sw_sync");
	SHIM_CHECK(ctx_create(dev, &ctx) == 0, "ctx");
	SHIM_CHECK(create_bo(dev, BUF_SIZE, &handle) == 0, "create");
	for (i = 0; i < 3; i++) {
		out[i] = submit_fill(dev, ctx, handle, i, 0, i ? -1 : in);
		SHIM_CHECK(out[i] >= 0, "job %d", i);
	}
	SHIM_CHECK(ctx_destroy(dev, ctx) == 0, "destroy busy context");
	SHIM_CHECK(gem_close(dev, handle) == 0, "close busy buffer");
	close_fd(dev);
	SHIM_CHECK(sync_status(out[2], NULL) == 0, "jobs still queued");
	SHIM_CHECK(sw_sync_inc(tl, 1) == 0, "open the gate");
	for (i = 0; i < 3; i++) {
		SHIM_CHECK(sync_wait_ms(out[i], 5000) == 1, "job %d done", i);
		close_fd(out[i]);
	}
	close_fd(in);
	close_fd(tl);
	return 0;
}

/* ---- fault injection ----------------------------------------------------------- */

static int failnth_dev = -1;

/*
 * Create, export, open another file, import there and attach a fence, then
 * submit and map, undoing it all.
 */
static int failnth_run(void)
{
	struct drm_fencepost_vgem_bo bo = { 0, FENCEPOST_VGEM_BO_WRITE };
	int buf = -1, out = -1, other = -1, err = 0;
	u32 ctx = 0, handle = 0, imported = 0;
	void *map = NULL;
	long fence = 0;
	u64 off;

	err = create_bo(failnth_dev, BUF_SIZE, &handle);
	if (err)
		goto out;
	buf = prime_export(failnth_dev, handle);
	if (buf < 0) {
		err = buf;
		goto out;
	}
	other = host_vgem_open(true);
	if (other < 0) {
		err = other;
		goto out;
	}
	err = prime_import(other, buf, &imported);
	if (err)
		goto out;
	fence = fence_attach(other, imported, false);
	if (fence < 0) {
		err = fence;
		goto out;
	}
	err = ctx_create(failnth_dev, &ctx);
	if (err)
		goto out;
	bo.handle = handle;
	out = submit(failnth_dev, ctx, FENCEPOST_VGEM_OP_FILL, 3, 0, &bo, 1,
		     -1, NULL);
	if (out < 0) {
		err = out;
		goto out;
	}
	off = map_offset(failnth_dev, handle, &err);
	if (err)
		goto out;
	map = fd_mmap(failnth_dev, BUF_SIZE, PROT_READ, MAP_SHARED, off, &err);
out:
	if (map)
		host_munmap(map);
	if (fence > 0)
		fence_signal(other, fence);
	if (other >= 0)
		close_fd(other);
	if (out >= 0) {
		sync_wait_ms(out, 5000);
		close_fd(out);
	}
	if (ctx)
		ctx_destroy(failnth_dev, ctx);
	if (buf >= 0)
		close_fd(buf);
	if (handle)
		gem_close(failnth_dev, handle);
	return err;
}

/*
 * Every allocation site of the driver that this program reached, in any
 * test so far, must have been failed once by the sweep.
 */
static int failnth_sites_covered(void)
{
	struct host_alloc_site *sites;
	int i, n, missed = 0;

	n = host_alloc_sites(&sites);
	SHIM_CHECK(n >= 0, "host_alloc_sites");
	for (i = 0; i < n; i++) {
		if (!strstr(sites[i].file, "kernel/vgem/") || !sites[i].allocs ||
		    sites[i].injected)
			continue;
		fprintf(stderr, "# never failed: %s:%d (%lu allocations)\n",
			sites[i].file, sites[i].line, sites[i].allocs);
		missed++;
	}
	free(sites);
	SHIM_CHECK(!missed, "%d allocation sites of the driver never failed",
		   missed);
	return 0;
}

static int test_fail_nth(void)
{
	long n;

	failnth_dev = host_vgem_open(false);
	SHIM_CHECK(failnth_dev >= 0, "open");
	/*
	 * One run first: the file's id tables (handles, fences, contexts)
	 * keep the room they grew until the file closes, as idrs do.
	 */
	SHIM_CHECK(failnth_run() == 0, "first run");
	n = fail_each_allocation(failnth_run, NULL);
	close_fd(failnth_dev);
	SHIM_CHECK(n > 5, "only %ld allocations", n);
	return failnth_sites_covered();
}

/* ---- race ------------------------------------------------------------------------ */

#define RACE_BOS	4
#define RACE_JOBS	150

struct race {
	int dev;
	u32 bos[RACE_BOS];
	atomic_t failures;
};

/* A submitter: jobs on its own context; each fence must signal after the
 * previous one of the context. */
static int race_submitter(void *data)
{
	struct race *r = data;
	u32 ctx = 0;
	int prev = -1, i;

	if (ctx_create(r->dev, &ctx))
		goto fail;
	for (i = 0; i < RACE_JOBS; i++) {
		struct drm_fencepost_vgem_bo bos[2] = {
			{ r->bos[i % RACE_BOS], FENCEPOST_VGEM_BO_WRITE },
			{ r->bos[(i + 1) % RACE_BOS], FENCEPOST_VGEM_BO_READ },
		};
		int out = submit(r->dev, ctx, i % 3 ? FENCEPOST_VGEM_OP_COPY :
				 FENCEPOST_VGEM_OP_NOP, 0,
				 i % 7 ? 0 : FENCEPOST_VGEM_SUBMIT_FAIL,
				 bos, i % 3 ? 2 : 0, -1, NULL);

		if (out < 0)
			goto fail;
		if (prev >= 0) {
			/* Done means everything before it is done too. */
			if (sync_wait_ms(out, 10000) == 0 ||
			    sync_status(prev, NULL) == 0)
				goto fail;
			close_fd(prev);
		}
		prev = out;
	}
	if (sync_wait_ms(prev, 10000) == 0)
		goto fail;
	close_fd(prev);
	ctx_destroy(r->dev, ctx);
	return 0;
fail:
	atomic_inc(&r->failures);
	return 0;
}

/* vgem fences attached and signalled on the shared buffers. */
static int race_fencer(void *data)
{
	struct race *r = data;
	unsigned int i = 0;

	while (!kthread_should_stop()) {
		long f = fence_attach(r->dev, r->bos[i++ % RACE_BOS], false);

		if (f > 0 && fence_signal(r->dev, f))
			atomic_inc(&r->failures);
		else if (f < 0 && f != -EBUSY)
			atomic_inc(&r->failures);
	}
	return 0;
}

/* Exports, imports into another file, polls and closes. */
static int race_exporter(void *data)
{
	struct race *r = data;
	unsigned int i = 0;

	while (!kthread_should_stop()) {
		int other = host_vgem_open(true);
		int fd = prime_export(r->dev, r->bos[i++ % RACE_BOS]);
		u32 h = 0;

		if (other < 0 || fd < 0 || prime_import(other, fd, &h)) {
			atomic_inc(&r->failures);
		} else {
			sync_poll(fd);
			gem_close(other, h);
		}
		if (fd >= 0)
			close_fd(fd);
		if (other >= 0)
			close_fd(other);
	}
	return 0;
}

static int test_race(void)
{
	static int (*const fns[4])(void *) = {
		race_submitter, race_submitter, race_fencer, race_exporter,
	};
	struct task_struct *t[4];
	struct race r = { };
	int i;

	r.dev = host_vgem_open(false);
	SHIM_CHECK(r.dev >= 0, "open");
	for (i = 0; i < RACE_BOS; i++)
		SHIM_CHECK(create_bo(r.dev, PAGE_SIZE, &r.bos[i]) == 0, "bo");
	for (i = 0; i < 4; i++) {
		t[i] = kthread_run(fns[i], &r, "race%d", i);
		SHIM_CHECK(!IS_ERR(t[i]), "thread %d", i);
	}
	/* The submitters end by themselves, then the others are stopped. */
	for (i = 0; i < 4; i++)
		kthread_stop(t[i]);
	SHIM_CHECK(atomic_read(&r.failures) == 0, "%d failures",
		   atomic_read(&r.failures));
	close_fd(r.dev);
	host_quiesce();
	SHIM_CHECK(dma_buf_live_count() == 0, "dma-bufs left");
	return 0;
}

static const struct shim_test tests[] = {
	SHIM_TEST(version),
	SHIM_TEST(dispatch),
	SHIM_TEST(dumb),
	SHIM_TEST(mmap),
	SHIM_TEST(prime),
	SHIM_TEST(fence),
	SHIM_TEST(fence_timeout),
	SHIM_TEST(engine),
	SHIM_TEST(engine_errors),
	SHIM_TEST(submit_bad_input),
	SHIM_TEST(close_busy),
	SHIM_TEST(fail_nth),
	SHIM_TEST(race),
};

int main(void)
{
	int ret;

	if (dma_buf_init() || host_vgem_init()) {
		fprintf(stderr, "init failed\n");
		return 1;
	}
	ret = shim_run(tests, ARRAY_SIZE(tests));
	host_vgem_exit();
	dma_buf_exit();
	return ret;
}
