// SPDX-License-Identifier: GPL-2.0-only
/*
 * vgem_diff: the vgem differential. It asks a vgem-like device the same
 * questions (every ioctl of the subset with its error cases, mmap, PRIME
 * export and import, fences with poll and sync_file) and prints the
 * answers, one line each, so that two devices can be compared with diff:
 *
 *	vgem_diff /dev/dri/card0 >stock.txt
 *	vgem_diff /dev/fencepost_vgem >ours.txt
 *	diff stock.txt ours.txt
 *
 * Other modes:
 *	vgem_diff find			the /dev/dri/cardN whose driver is "vgem"
 *	vgem_diff cross A B		gives each device's dma-buf to the other
 *	vgem_diff stress DEV [N]	races threads on two files of DEV, N
 *		operations each (default 3000)
 *	vgem_diff hold DEV NAME		exports a dma-buf named NAME with a
 *		pending write fence and holds it and a sync_file of that fence
 *		(also named NAME) open until SIGTERM, SIGINT or SIGUSR1; it
 *		prints "holding" once both exist, "released" at the end
 *	vgem_diff -t DEV		adds the 10 s fence timeout check
 *
 * Lines starting "BAD" are invariants that failed whatever the device; the
 * exit status is 1 then. Not an IGT program (no subtests): run by
 * tools/vm/plans/selftests.sh with fencepost.ko and the stock vgem loaded.
 * Like the IGT programs it sees only the uAPI headers (the DRM and vgem
 * ones from lib/igt_drm_uapi.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/sync_file.h>

#include "lib/igt_drm_uapi.h"

static int bad;

#define BAD(...) do { printf("BAD " __VA_ARGS__); printf("\n"); bad = 1; } while (0)

static const char *err(int ret)
{
	static char buf[64];

	if (ret >= 0)
		return "0";
	snprintf(buf, sizeof(buf), "-%s", strerrorname_np(-ret) ?: "?");
	return buf;
}

/* ioctl, answering 0 or -errno */
static int xioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

static int dev_open(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		perror(path);
		exit(2);
	}
	return fd;
}

static int create(int fd, uint32_t w, uint32_t h, uint32_t bpp, uint32_t *handle,
		  uint64_t *size)
{
	struct local_drm_mode_create_dumb c = { .width = w, .height = h, .bpp = bpp };
	int ret = xioctl(fd, LOCAL_DRM_IOCTL_MODE_CREATE_DUMB, &c);

	*handle = c.handle;
	if (size)
		*size = c.size;
	return ret;
}

static int gem_close(int fd, uint32_t handle)
{
	struct local_drm_gem_close c = { .handle = handle };

	return xioctl(fd, LOCAL_DRM_IOCTL_GEM_CLOSE, &c);
}

static int to_fd(int fd, uint32_t handle, uint32_t flags, int *out)
{
	struct local_drm_prime_handle p = { .handle = handle, .flags = flags, .fd = -1 };
	int ret = xioctl(fd, LOCAL_DRM_IOCTL_PRIME_HANDLE_TO_FD, &p);

	*out = p.fd;
	return ret;
}

static int to_handle(int fd, int dmabuf, uint32_t *handle)
{
	struct local_drm_prime_handle p = { .fd = dmabuf };
	int ret = xioctl(fd, LOCAL_DRM_IOCTL_PRIME_FD_TO_HANDLE, &p);

	*handle = p.handle;
	return ret;
}

static int attach(int fd, uint32_t handle, uint32_t flags, uint32_t pad,
		  uint32_t *id)
{
	struct local_drm_vgem_fence_attach a = { .handle = handle, .flags = flags,
					   .pad = pad };
	int ret = xioctl(fd, LOCAL_DRM_IOCTL_VGEM_FENCE_ATTACH, &a);

	*id = a.out_fence;
	return ret;
}

static int signal_fence(int fd, uint32_t id, uint32_t flags)
{
	struct local_drm_vgem_fence_signal s = { .fence = id, .flags = flags };

	return xioctl(fd, LOCAL_DRM_IOCTL_VGEM_FENCE_SIGNAL, &s);
}

static int map_offset(int fd, uint32_t handle, uint64_t *off)
{
	struct local_drm_mode_map_dumb m = { .handle = handle };
	int ret = xioctl(fd, LOCAL_DRM_IOCTL_MODE_MAP_DUMB, &m);

	*off = m.offset;
	return ret;
}

static void *xmmap(int fd, size_t len, int prot, int flags, off_t off, int *ret)
{
	void *p = mmap(NULL, len, prot, flags, fd, off);

	*ret = p == MAP_FAILED ? -errno : 0;
	return p == MAP_FAILED ? NULL : p;
}

static int same_file(int a, int b)
{
	struct stat sa, sb;

	if (fstat(a, &sa) || fstat(b, &sb))
		return -1;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static short poll_now(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };

	if (poll(&p, 1, 0) < 0)
		return -1;
	return p.revents;
}

static void version_tests(int fd)
{
	struct local_drm_version v;
	char name[64], date[64], desc[64];
	int ret;

	memset(&v, 0, sizeof(v));
	ret = xioctl(fd, LOCAL_DRM_IOCTL_VERSION, &v);
	printf("version null: ret=%s major=%d minor=%d patch=%d name_len=%zu date_len=%zu desc_len=%zu\n",
	       err(ret), v.version_major, v.version_minor, v.version_patchlevel,
	       v.name_len, v.date_len, v.desc_len);

	memset(&v, 0, sizeof(v));
	memset(name, 'x', sizeof(name));
	memset(date, 'x', sizeof(date));
	memset(desc, 'x', sizeof(desc));
	v.name = name;
	v.name_len = 2;
	v.date = date;
	v.date_len = 3;
	v.desc = desc;
	v.desc_len = 0;
	ret = xioctl(fd, LOCAL_DRM_IOCTL_VERSION, &v);
	printf("version short: ret=%s name=%.6s date=%.6s desc=%.6s lens=%zu,%zu,%zu\n",
	       err(ret), name, date, desc, v.name_len, v.date_len, v.desc_len);

	memset(&v, 0, sizeof(v));
	memset(name, 0, sizeof(name));
	memset(date, 0, sizeof(date));
	memset(desc, 0, sizeof(desc));
	v.name = name;
	v.name_len = sizeof(name) - 1;
	v.date = date;
	v.date_len = sizeof(date) - 1;
	v.desc = desc;
	v.desc_len = sizeof(desc) - 1;
	ret = xioctl(fd, LOCAL_DRM_IOCTL_VERSION, &v);
	printf("version full: ret=%s name=%s date=%s desc=%s lens=%zu,%zu,%zu\n",
	       err(ret), name, date, desc, v.name_len, v.date_len, v.desc_len);

	memset(&v, 0, sizeof(v));
	v.name = (char *)8;
	v.name_len = 4;
	v.desc_len = 7;
	ret = xioctl(fd, LOCAL_DRM_IOCTL_VERSION, &v);
	printf("version efault: ret=%s lens=%zu,%zu,%zu\n", err(ret),
	       v.name_len, v.date_len, v.desc_len);

	/* A caller with a shorter struct: only the first 8 bytes. */
	memset(&v, 0x55, sizeof(v));
	ret = xioctl(fd, _IOC(_IOC_READ | _IOC_WRITE, LOCAL_DRM_IOCTL_BASE, 0, 8), &v);
	printf("version short-struct: ret=%s major=%d minor=%d patch=%d name_len=%zx\n",
	       err(ret), v.version_major, v.version_minor, v.version_patchlevel,
	       v.name_len);
	/* Read-only direction: nothing copied back. */
	memset(&v, 0x55, sizeof(v));
	v.name_len = v.date_len = v.desc_len = 0;
	v.name = v.date = v.desc = NULL;
	ret = xioctl(fd, _IOC(_IOC_WRITE, LOCAL_DRM_IOCTL_BASE, 0, sizeof(v)), &v);
	printf("version write-only: ret=%s major=%x\n", err(ret), v.version_major);
	ret = xioctl(fd, LOCAL_DRM_IOCTL_VERSION, NULL);
	printf("version null-arg: ret=%s\n", err(ret));
}

static void cap_tests(int fd)
{
	/* Every 6.1 capability, a few past the last, and nonsense. */
	static const uint64_t caps[] = {
		0, LOCAL_DRM_CAP_DUMB_BUFFER, LOCAL_DRM_CAP_VBLANK_HIGH_CRTC,
		LOCAL_DRM_CAP_DUMB_PREFERRED_DEPTH,
		LOCAL_DRM_CAP_DUMB_PREFER_SHADOW, LOCAL_DRM_CAP_PRIME,
		LOCAL_DRM_CAP_TIMESTAMP_MONOTONIC, LOCAL_DRM_CAP_ASYNC_PAGE_FLIP,
		LOCAL_DRM_CAP_CURSOR_WIDTH, LOCAL_DRM_CAP_CURSOR_HEIGHT,
		LOCAL_DRM_CAP_ADDFB2_MODIFIERS, LOCAL_DRM_CAP_PAGE_FLIP_TARGET,
		LOCAL_DRM_CAP_CRTC_IN_VBLANK_EVENT, LOCAL_DRM_CAP_SYNCOBJ,
		LOCAL_DRM_CAP_SYNCOBJ_TIMELINE, 0x15, 0x16, 0x17, 0x20, 0x1000,
		0xffffffffffffffffull,
	};
	size_t i;

	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		struct local_drm_get_cap c = { .capability = caps[i], .value = 77 };
		int ret = xioctl(fd, LOCAL_DRM_IOCTL_GET_CAP, &c);

		printf("cap %#llx: ret=%s value=%llu\n",
		       (unsigned long long)caps[i], err(ret),
		       (unsigned long long)c.value);
	}
}

static void dumb_tests(int fd)
{
	static const uint32_t cases[][3] = {
		{ 0, 1, 32 }, { 1, 0, 32 }, { 1, 1, 0 }, { 1, 1, 1 }, { 1, 1, 7 },
		{ 3, 5, 12 }, { 1024, 768, 32 }, { 1920, 1080, 24 }, { 13, 17, 15 },
		{ 4096, 1, 8 }, { 4097, 1, 8 }, { 1, 1, 0xfffffff7u }, { 1, 1, 0xfffffff8u },
		{ 1, 1, 0xffffffffu }, { 0x20000000, 1, 8 }, { 0x20000000, 2, 8 },
		{ 0x40000000, 1, 8 }, { 0xffffffffu, 1, 8 }, { 0xffffffffu, 1, 1 },
		{ 0x10000, 0x10000, 8 }, { 0x10000, 0xffff, 8 }, { 0x7fffffff, 2, 8 },
		{ 0x1fffffff, 1, 9 }, { 5, 0x33333333, 8 }, { 0xfff, 0x100001, 8 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct local_drm_mode_create_dumb c = {
			.width = cases[i][0], .height = cases[i][1],
			.bpp = cases[i][2], .flags = 0x1234,
			.pitch = 99, .size = 12345, .handle = 77,
		};
		int ret = xioctl(fd, LOCAL_DRM_IOCTL_MODE_CREATE_DUMB, &c);

		printf("dumb %ux%u@%u: ret=%s handle=%s pitch=%u size=%llu\n",
		       cases[i][0], cases[i][1], cases[i][2], err(ret),
		       c.handle ? "set" : "0", c.pitch,
		       (unsigned long long)c.size);
		if (!ret && gem_close(fd, c.handle))
			BAD("close of a new dumb buffer failed");
	}
}

static void handle_tests(int fd)
{
	uint32_t h[4], h2;
	struct local_drm_gem_close c;
	int i, ret;

	for (i = 0; i < 4; i++)
		create(fd, 64, 64, 32, &h[i], NULL);
	printf("handles: %u %u %u %u\n", h[0] - h[0] + 1, h[1] - h[0] + 1,
	       h[2] - h[0] + 1, h[3] - h[0] + 1);
	printf("close middle: ret=%s\n", err(gem_close(fd, h[1])));
	create(fd, 64, 64, 32, &h2, NULL);
	printf("reuse: %s\n", h2 == h[1] ? "lowest free" : "new");
	printf("close twice: ret=%s\n", err(gem_close(fd, h[1]) ?: gem_close(fd, h[1])));
	printf("close 0: ret=%s\n", err(gem_close(fd, 0)));
	printf("close bad: ret=%s\n", err(gem_close(fd, 0x7fffffff)));
	printf("close ~0: ret=%s\n", err(gem_close(fd, ~0u)));
	c.handle = h[2];
	c.pad = 1;
	ret = xioctl(fd, LOCAL_DRM_IOCTL_GEM_CLOSE, &c);
	printf("close pad=1: ret=%s\n", err(ret));
	if (ret)
		gem_close(fd, h[2]);
	{
		struct local_drm_mode_destroy_dumb d = { .handle = h[3] };

		printf("destroy dumb: ret=%s\n",
		       err(xioctl(fd, LOCAL_DRM_IOCTL_MODE_DESTROY_DUMB, &d)));
		printf("destroy dumb again: ret=%s\n",
		       err(xioctl(fd, LOCAL_DRM_IOCTL_MODE_DESTROY_DUMB, &d)));
	}
	gem_close(fd, h[0]);
}

static void mmap_tests(const char *path, int fd)
{
	uint32_t h, h2;
	uint64_t size, off, off2;
	int ret, other, dmabuf;
	uint32_t *p, *q;

	create(fd, 1024, 4, 32, &h, &size);	/* 4 pages */
	ret = map_offset(fd, h, &off);
	printf("map_dumb: ret=%s aligned=%d nonzero=%d\n", err(ret),
	       !(off & 4095), off != 0);
	ret = map_offset(fd, h, &off2);
	printf("map_dumb again: ret=%s same=%d\n", err(ret), off == off2);
	{
		struct local_drm_mode_map_dumb m = { .handle = h, .pad = 5, .offset = 9 };

		ret = xioctl(fd, LOCAL_DRM_IOCTL_MODE_MAP_DUMB, &m);
		printf("map_dumb pad: ret=%s same=%d\n", err(ret), m.offset == off);
	}
	printf("map_dumb bad: ret=%s\n", err(map_offset(fd, 0x7fffffff, &off2)));
	printf("map_dumb 0: ret=%s\n", err(map_offset(fd, 0, &off2)));

	p = xmmap(fd, size, PROT_READ | PROT_WRITE, MAP_SHARED, off, &ret);
	printf("mmap: ret=%s zero=%d\n", err(ret), p && !p[0] && !p[size / 4 - 1]);
	if (p) {
		p[0] = 0xdeadbeef;
		p[size / 4 - 1] = 0xcafe;
	}
	q = xmmap(fd, 4096, PROT_READ, MAP_SHARED, off, &ret);
	printf("mmap partial: ret=%s sees=%d\n", err(ret), q && q[0] == 0xdeadbeef);
	if (q)
		munmap(q, 4096);
	q = xmmap(fd, size + 4096, PROT_READ, MAP_SHARED, off, &ret);
	printf("mmap too long: ret=%s\n", err(ret));
	q = xmmap(fd, 4096, PROT_READ, MAP_SHARED, off + 4096, &ret);
	printf("mmap inner offset: ret=%s\n", err(ret));
	q = xmmap(fd, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, off, &ret);
	printf("mmap private: ret=%s\n", err(ret));
	if (q)
		munmap(q, 4096);
	q = xmmap(fd, 4096, PROT_READ, MAP_PRIVATE, off, &ret);
	printf("mmap private ro: ret=%s\n", err(ret));
	if (q)
		munmap(q, 4096);
	q = xmmap(fd, 4096, PROT_READ, MAP_SHARED, 0, &ret);
	printf("mmap offset 0: ret=%s\n", err(ret));
	q = xmmap(fd, 4096, PROT_READ, MAP_SHARED, 1ull << 40, &ret);
	printf("mmap offset 1T: ret=%s\n", err(ret));

	/* Another file without a handle. */
	other = dev_open(path);
	q = xmmap(other, 4096, PROT_READ, MAP_SHARED, off, &ret);
	printf("mmap other file: ret=%s\n", err(ret));
	ret = to_fd(fd, h, LOCAL_DRM_CLOEXEC | LOCAL_DRM_RDWR, &dmabuf);
	ret = ret ?: to_handle(other, dmabuf, &h2);
	q = xmmap(other, 4096, PROT_READ, MAP_SHARED, off, &ret);
	printf("mmap other file after import: ret=%s sees=%d\n", err(ret),
	       q && q[0] == 0xdeadbeef);
	if (q)
		munmap(q, 4096);
	ret = map_offset(other, h2, &off2);
	printf("map_dumb imported: ret=%s same=%d\n", err(ret), off == off2);

	/* After close, in the file and with the object alive (dma-buf). */
	gem_close(fd, h);
	q = xmmap(fd, 4096, PROT_READ, MAP_SHARED, off, &ret);
	printf("mmap after close: ret=%s\n", err(ret));
	printf("old map still: %d\n", p && p[0] == 0xdeadbeef);
	q = xmmap(dmabuf, size, PROT_READ, MAP_SHARED, 0, &ret);
	printf("dmabuf mmap: ret=%s sees=%d,%d\n", err(ret), q && q[0] == 0xdeadbeef,
	       q && q[size / 4 - 1] == 0xcafe);
	if (q)
		munmap(q, size);
	close(other);
	close(dmabuf);
	q = xmmap(fd, 4096, PROT_READ, MAP_SHARED, off, &ret);
	printf("mmap after all closed: ret=%s\n", err(ret));
	printf("old map after all closed: %d\n", p && p[0] == 0xdeadbeef);
	if (p)
		munmap(p, size);
}

static void prime_tests(const char *path, int fd)
{
	uint32_t h, h2, h3, h4;
	uint64_t size;
	int ret, d1, d2, d3, other, flags;
	uint32_t *p;

	create(fd, 1024, 2, 32, &h, &size);
	printf("to_fd bad flags: ret=%s\n", err(to_fd(fd, h, 1, &d1)));
	printf("to_fd bad flags2: ret=%s\n", err(to_fd(fd, h, LOCAL_DRM_CLOEXEC | O_NONBLOCK, &d1)));
	printf("to_fd bad handle: ret=%s\n", err(to_fd(fd, 0x7fffffff, 0, &d1)));
	printf("to_fd handle 0: ret=%s\n", err(to_fd(fd, 0, 0, &d1)));

	ret = to_fd(fd, h, 0, &d1);
	flags = fcntl(d1, F_GETFL);
	printf("to_fd ro: ret=%s cloexec=%d acc=%d size=%lld\n", err(ret),
	       !!(fcntl(d1, F_GETFD) & FD_CLOEXEC), flags & O_ACCMODE,
	       (long long)lseek(d1, 0, SEEK_END));
	ret = to_fd(fd, h, LOCAL_DRM_CLOEXEC | LOCAL_DRM_RDWR, &d2);
	printf("to_fd again: ret=%s cloexec=%d same=%d acc=%d newfd=%d\n", err(ret),
	       !!(fcntl(d2, F_GETFD) & FD_CLOEXEC), same_file(d1, d2),
	       fcntl(d2, F_GETFL) & O_ACCMODE, d1 != d2);
	p = xmmap(d2, size, PROT_READ | PROT_WRITE, MAP_SHARED, 0, &ret);
	printf("dmabuf ro mmap rw: ret=%s\n", err(ret));
	if (p)
		munmap(p, size);
	p = xmmap(d2, size, PROT_READ, MAP_SHARED, 0, &ret);
	printf("dmabuf ro mmap ro: ret=%s\n", err(ret));
	if (p)
		munmap(p, size);

	ret = to_handle(fd, d1, &h2);
	printf("to_handle same file: ret=%s same=%d\n", err(ret), h2 == h);
	other = dev_open(path);
	ret = to_handle(other, d2, &h3);
	printf("to_handle other file: ret=%s nonzero=%d\n", err(ret), h3 != 0);
	ret = to_handle(other, d1, &h4);
	printf("to_handle other again: ret=%s same=%d\n", err(ret), h4 == h3);
	ret = to_fd(other, h3, 0, &d3);
	printf("to_fd from importer: ret=%s same=%d\n", err(ret), same_file(d1, d3));
	close(d3);

	printf("to_handle -1: ret=%s\n", err(to_handle(fd, -1, &h4)));
	printf("to_handle closed fd: ret=%s\n", err(to_handle(fd, 1000, &h4)));
	printf("to_handle devfd: ret=%s\n", err(to_handle(fd, fd, &h4)));
	{
		int nul = open("/dev/null", O_RDONLY);

		printf("to_handle /dev/null: ret=%s\n", err(to_handle(fd, nul, &h4)));
		close(nul);
	}

	/* Close every handle: the dma-buf lives on, the cache is gone. */
	gem_close(fd, h);
	gem_close(other, h3);
	ret = to_handle(fd, d2, &h4);
	printf("to_handle after close: ret=%s\n", err(ret));
	ret = to_fd(fd, h4, LOCAL_DRM_RDWR, &d3);
	printf("to_fd after reimport: ret=%s same=%d acc=%d\n", err(ret),
	       same_file(d1, d3), fcntl(d3, F_GETFL) & O_ACCMODE);
	close(d3);
	gem_close(fd, h4);

	/* A read-write export. */
	create(fd, 1024, 2, 32, &h, &size);
	ret = to_fd(fd, h, LOCAL_DRM_RDWR, &d3);
	p = xmmap(d3, size, PROT_READ | PROT_WRITE, MAP_SHARED, 0, &ret);
	printf("dmabuf rw mmap rw: ret=%s acc=%d\n", err(ret), fcntl(d3, F_GETFL) & O_ACCMODE);
	if (p) {
		p[1024] = 42;
		munmap(p, size);
	}
	p = xmmap(d3, 4096, PROT_READ, MAP_SHARED, 4096, &ret);
	printf("dmabuf mmap offset 1 page: ret=%s first-page=%d\n", err(ret),
	       p ? p[0] != 42 : -1);
	if (p)
		munmap(p, 4096);
	p = xmmap(d3, size + 4096, PROT_READ, MAP_SHARED, 0, &ret);
	printf("dmabuf mmap too long: ret=%s\n", err(ret));
	p = xmmap(d3, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, 0, &ret);
	printf("dmabuf mmap private: ret=%s\n", err(ret));
	if (p)
		munmap(p, 4096);
	printf("dmabuf lseek set: %lld\n", (long long)lseek(d3, 0, SEEK_SET));
	close(d3);
	gem_close(fd, h);

	close(d1);
	close(d2);
	close(other);
}

static void fence_tests(const char *path, int fd, int timeout)
{
	uint32_t h, hb, id, id2, id3, imp;
	int ret, d, other, sf;
	struct dma_buf_export_sync_file es;

	create(fd, 64, 64, 32, &h, NULL);
	printf("attach bad flags: ret=%s\n", err(attach(fd, h, 2, 0, &id)));
	printf("attach pad: ret=%s\n", err(attach(fd, h, 0, 1, &id)));
	printf("attach bad handle: ret=%s\n", err(attach(fd, 0x7fffffff, 0, 0, &id)));
	printf("attach handle 0: ret=%s\n", err(attach(fd, 0, LOCAL_VGEM_FENCE_WRITE, 0, &id)));

	ret = attach(fd, h, 0, 0, &id);
	printf("attach read: ret=%s id=%u\n", err(ret), id);
	ret = attach(fd, h, 0, 0, &id2);
	printf("attach read 2: ret=%s id=%u\n", err(ret), id2);
	ret = to_fd(fd, h, LOCAL_DRM_CLOEXEC | LOCAL_DRM_RDWR, &d);
	printf("poll with reads: in=%d out=%d\n", !!(poll_now(d, POLLIN) & POLLIN),
	       !!(poll_now(d, POLLOUT) & POLLOUT));
	printf("attach write vs reads: ret=%s\n", err(attach(fd, h, LOCAL_VGEM_FENCE_WRITE, 0, &id3)));
	printf("signal 1: ret=%s\n", err(signal_fence(fd, id, 0)));
	printf("signal 1 again: ret=%s\n", err(signal_fence(fd, id, 0)));
	printf("signal flags: ret=%s\n", err(signal_fence(fd, id2, 1)));
	printf("signal 2: ret=%s\n", err(signal_fence(fd, id2, 0)));
	printf("signal 0: ret=%s\n", err(signal_fence(fd, 0, 0)));
	printf("signal 999: ret=%s\n", err(signal_fence(fd, 999, 0)));
	printf("poll idle: in=%d out=%d\n", !!(poll_now(d, POLLIN) & POLLIN),
	       !!(poll_now(d, POLLOUT) & POLLOUT));

	ret = attach(fd, h, LOCAL_VGEM_FENCE_WRITE, 0, &id3);
	printf("attach write: ret=%s id=%u\n", err(ret), id3);
	printf("poll with write: in=%d out=%d\n", !!(poll_now(d, POLLIN) & POLLIN),
	       !!(poll_now(d, POLLOUT) & POLLOUT));
	printf("attach read vs write: ret=%s\n", err(attach(fd, h, 0, 0, &id)));
	printf("attach write vs write: ret=%s\n", err(attach(fd, h, LOCAL_VGEM_FENCE_WRITE, 0, &id)));

	es.flags = DMA_BUF_SYNC_READ;
	es.fd = -1;
	ret = xioctl(d, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &es);
	sf = es.fd;
	printf("export sync_file: ret=%s pending=%d\n", err(ret),
	       sf >= 0 ? !(poll_now(sf, POLLIN) & POLLIN) : -1);

	/* The same object through another file sees the fence. */
	other = dev_open(path);
	ret = to_handle(other, d, &imp);
	printf("import: ret=%s\n", err(ret));
	printf("attach other read vs write: ret=%s\n", err(attach(other, imp, 0, 0, &id)));
	printf("signal other file's id: ret=%s\n", err(signal_fence(other, id3, 0)));
	printf("signal write: ret=%s\n", err(signal_fence(fd, id3, 0)));
	printf("sync_file after: signalled=%d\n",
	       sf >= 0 ? !!(poll_now(sf, POLLIN) & POLLIN) : -1);
	if (sf >= 0) {
		struct sync_file_info info = { 0 };

		ret = xioctl(sf, SYNC_IOC_FILE_INFO, &info);
		printf("sync_file info: ret=%s status=%d num=%u\n", err(ret),
		       info.status, info.num_fences);
		close(sf);
	}
	printf("poll after write: in=%d out=%d\n", !!(poll_now(d, POLLIN) & POLLIN),
	       !!(poll_now(d, POLLOUT) & POLLOUT));

	/* Ids keep counting; a second object. */
	create(fd, 64, 64, 32, &hb, NULL);
	ret = attach(fd, hb, LOCAL_VGEM_FENCE_WRITE, 0, &id);
	printf("attach b: ret=%s id=%u\n", err(ret), id);
	ret = attach(other, imp, LOCAL_VGEM_FENCE_WRITE, 0, &id2);
	printf("attach other write: ret=%s id=%u\n", err(ret), id2);

	/* Closing a file signals its pending fences. */
	close(other);
	printf("poll after other closed: in=%d\n", !!(poll_now(d, POLLIN) & POLLIN));

	if (timeout) {
		ret = attach(fd, h, LOCAL_VGEM_FENCE_WRITE, 0, &id);
		printf("attach for timeout: ret=%s\n", err(ret));
		es.flags = DMA_BUF_SYNC_WRITE;
		es.fd = -1;
		xioctl(d, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &es);
		{
			struct pollfd pfd = { .fd = d, .events = POLLOUT };

			ret = poll(&pfd, 1, 15000);
			printf("timeout poll: ret=%d\n", ret);
		}
		if (es.fd >= 0) {
			struct sync_file_info info = { 0 };

			xioctl(es.fd, SYNC_IOC_FILE_INFO, &info);
			printf("timeout sync_file: status=%d\n", info.status);
			close(es.fd);
		}
		printf("signal timed out: ret=%s\n", err(signal_fence(fd, id, 0)));
		printf("signal timed out again: ret=%s\n", err(signal_fence(fd, id, 0)));
	}
	close(d);
	gem_close(fd, h);
	gem_close(fd, hb);
}

static void misc_ioctl_tests(int fd)
{
	static const struct { const char *name; unsigned long cmd; } cmds[] = {
		{ "drv 0x40", LOCAL_DRM_IO(0x40) },
		{ "drv 0x43", LOCAL_DRM_IOWR(0x43, struct local_drm_vgem_fence_attach) },
		{ "drv 0x9f", LOCAL_DRM_IO(0x9f) },
		{ "core 0xff", LOCAL_DRM_IO(0xff) },
		{ "core 0xef", LOCAL_DRM_IO(0xef) },
		{ "type x", _IO('x', 0) },
		{ "type d64", _IO(0x64 + 1, 0) },
		{ "fencesignal iowr", LOCAL_DRM_IOWR(0x42, struct local_drm_vgem_fence_signal) },
	};
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		struct local_drm_vgem_fence_signal s = { .fence = 12345 };

		printf("ioctl %s: ret=%s\n", cmds[i].name,
		       err(xioctl(fd, cmds[i].cmd, &s)));
	}
}

static int find_vgem(void)
{
	char path[64], name[16];
	int i;

	for (i = 0; i < 16; i++) {
		struct local_drm_version v = { .name = name, .name_len = sizeof(name) - 1 };
		int fd;

		snprintf(path, sizeof(path), "/dev/dri/card%d", i);
		fd = open(path, O_RDWR);
		if (fd < 0)
			continue;
		memset(name, 0, sizeof(name));
		if (!ioctl(fd, LOCAL_DRM_IOCTL_VERSION, &v) && !strcmp(name, "vgem")) {
			puts(path);
			close(fd);
			return 0;
		}
		close(fd);
	}
	return 1;
}

/*
 * Each device's dma-buf given to the other: fencepost imports the stock
 * kernel's (kernel/vgem/vgem_import.c), the stock vgem refuses ours.
 */
static int cross(const char *a, const char *b)
{
	int fa = dev_open(a), fb = dev_open(b), da, db, ret;
	uint32_t ha, hb, h;

	create(fa, 64, 64, 32, &ha, NULL);
	create(fb, 64, 64, 32, &hb, NULL);
	to_fd(fa, ha, LOCAL_DRM_CLOEXEC, &da);
	to_fd(fb, hb, LOCAL_DRM_CLOEXEC, &db);
	ret = to_handle(fb, da, &h);
	printf("cross %s -> %s: ret=%s\n", a, b, err(ret));
	ret = to_handle(fa, db, &h);
	printf("cross %s -> %s: ret=%s\n", b, a, err(ret));
	close(da);
	close(db);
	close(fa);
	close(fb);
	return 0;
}

/*
 * Threads racing on two files of one device: create, export, import in
 * the other file, fences, mmap, close, in random order. Only the kernel
 * log (and a clean unload) tells whether it went well.
 */
static const char *stress_path;
static unsigned int stress_iterations = 3000;
static int stress_fd[2];
static volatile uint32_t stress_shared[64];

static void *stress_thread(void *arg)
{
	unsigned int seed = (uintptr_t)arg, i;

	for (i = 0; i < stress_iterations; i++) {
		int f = stress_fd[rand_r(&seed) & 1], g = stress_fd[0] == f ? stress_fd[1] : stress_fd[0];
		unsigned int slot = rand_r(&seed) % 64;
		uint32_t h = stress_shared[slot], h2, id;
		uint64_t off, size;
		int d = -1;
		void *p;

		switch (rand_r(&seed) % 8) {
		case 0:
			if (!create(f, 256, 1 + rand_r(&seed) % 16, 32, &h, &size))
				stress_shared[slot] = h;
			break;
		case 1:
			gem_close(f, h);
			break;
		case 2:
			if (!to_fd(f, h, LOCAL_DRM_CLOEXEC | LOCAL_DRM_RDWR, &d)) {
				to_handle(g, d, &h2);
				to_handle(f, d, &h2);
				if (rand_r(&seed) & 1)
					gem_close(g, h2);
				close(d);
			}
			break;
		case 3:
			if (!attach(f, h, rand_r(&seed) & 1, 0, &id) && (rand_r(&seed) & 1))
				signal_fence(f, id, 0);
			break;
		case 4:
			signal_fence(f, rand_r(&seed) % 64, 0);
			break;
		case 5:
			if (!map_offset(f, h, &off)) {
				int ret;

				p = xmmap(f, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, off, &ret);
				if (p) {
					*(volatile int *)p += 1;
					munmap(p, 4096);
				}
			}
			break;
		case 6:
			if (!to_fd(f, h, LOCAL_DRM_CLOEXEC | LOCAL_DRM_RDWR, &d)) {
				int ret;

				p = xmmap(d, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, 0, &ret);
				poll_now(d, POLLIN | POLLOUT);
				if (p) {
					*(volatile int *)p += 1;
					munmap(p, 4096);
				}
				close(d);
			}
			break;
		case 7:
			if (rand_r(&seed) % 50 == 0) {
				int k = rand_r(&seed) & 1, nfd = dev_open(stress_path);

				/* Replace a file under the others' feet. */
				d = stress_fd[k];
				stress_fd[k] = nfd;
				close(d);
			}
			break;
		}
	}
	return NULL;
}

static int stress(const char *path)
{
	pthread_t t[6];
	uintptr_t i;

	stress_path = path;
	stress_fd[0] = dev_open(path);
	stress_fd[1] = dev_open(path);
	for (i = 0; i < 6; i++)
		pthread_create(&t[i], NULL, stress_thread, (void *)(i + 1));
	for (i = 0; i < 6; i++)
		pthread_join(t[i], NULL);
	close(stress_fd[0]);
	close(stress_fd[1]);
	printf("stress done\n");
	return 0;
}

/*
 * Hold one named dma-buf with a pending write fence, and a named sync_file
 * of that fence, until a signal: for the debugfs checks (fencepost/bufinfo
 * and sync/info list them while they are open, and nothing once closed).
 */
static int hold(const char *path, const char *name)
{
	struct dma_buf_export_sync_file es = { .flags = DMA_BUF_SYNC_WRITE,
					       .fd = -1 };
	struct sync_merge_data merge = { .fd2 = -1 };
	int fd, ret, dmabuf = -1, sig;
	uint32_t h = 0, id = 0;
	sigset_t set;

	/* Blocked before anything exists, so a signal waits for sigwait(). */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);

	fd = dev_open(path);
	ret = create(fd, 64, 64, 32, &h, NULL);
	printf("create: ret=%s\n", err(ret));
	ret = ret ?: to_fd(fd, h, LOCAL_DRM_CLOEXEC | LOCAL_DRM_RDWR, &dmabuf);
	printf("export: ret=%s\n", err(ret));
	ret = ret ?: xioctl(dmabuf, DMA_BUF_SET_NAME, (void *)name);
	printf("set name %s: ret=%s\n", name, err(ret));
	ret = ret ?: attach(fd, h, LOCAL_VGEM_FENCE_WRITE, 0, &id);
	printf("attach write fence: ret=%s\n", err(ret));
	ret = ret ?: xioctl(dmabuf, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &es);
	printf("export sync_file: ret=%s\n", err(ret));
	/* A merge with itself: the same fence, in a sync_file with a name. */
	snprintf(merge.name, sizeof(merge.name), "%s", name);
	merge.fd2 = es.fd;
	ret = ret ?: xioctl(es.fd, SYNC_IOC_MERGE, &merge);
	printf("merge as %s: ret=%s\n", name, err(ret));
	if (es.fd >= 0)
		close(es.fd);
	if (ret) {
		close(fd);
		return 1;
	}
	printf("holding\n");

	sigwait(&set, &sig);
	printf("signal %d\n", sig);
	ret = signal_fence(fd, id, 0);
	printf("signal fence: ret=%s\n", err(ret));
	close(merge.fence);
	close(dmabuf);
	gem_close(fd, h);
	close(fd);
	printf("released\n");
	return ret ? 1 : 0;
}

int main(int argc, char **argv)
{
	int timeout = 0, fd;
	const char *path;

	if (argc > 1 && !strcmp(argv[1], "find"))
		return find_vgem();
	if ((argc == 3 || argc == 4) && !strcmp(argv[1], "stress")) {
		if (argc == 4)
			stress_iterations = strtoul(argv[3], NULL, 0);
		return stress(argv[2]);
	}
	if (argc == 4 && !strcmp(argv[1], "cross"))
		return cross(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "hold"))
		return hold(argv[2], argv[3]);
	if (argc > 1 && !strcmp(argv[1], "-t")) {
		timeout = 1;
		argc--;
		argv++;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: vgem_diff [-t] DEVICE | find | cross DEV1 DEV2 |\n"
			"       stress DEVICE [N] | hold DEVICE NAME\n");
		return 2;
	}
	path = argv[1];
	close(3);
	fd = dev_open(path);
	if (fd != 3) {
		dup2(fd, 3);
		close(fd);
		fd = 3;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	version_tests(fd);
	cap_tests(fd);
	dumb_tests(fd);
	handle_tests(fd);
	mmap_tests(path, fd);
	prime_tests(path, fd);
	fence_tests(path, fd, timeout);
	misc_ioctl_tests(fd);
	close(fd);
	printf("done\n");
	return bad;
}
