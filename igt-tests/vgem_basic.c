// SPDX-License-Identifier: GPL-2.0-only
/*
 * TEST: vgem_basic
 * Description: the DRM nodes of a vgem device, /dev/dri/cardN and
 *	/dev/dri/renderDN, as programs written for Linux's vgem use them:
 *	found by driver name, DRM_IOCTL_VERSION, GET_CAP, the render node's
 *	rules (Linux's DRM_RENDER_ALLOW), dumb buffers created, mapped and
 *	closed through the node. IGT_VGEM picks the device (lib/igt_vgem.h):
 *	the stock vgem (the ground truth; every subtest applies to it) or
 *	fencepost's, whose nodes hang off the platform device
 *	"fencepost_vgem".
 *
 * SUBTEST: find-by-name	scanning card0..15 (and renderD128..143) for
 *			"vgem" finds the device; for fencepost's only when
 *			the stock vgem is not loaded (else it is found first)
 * SUBTEST: nodes		card and render nodes: character devices that
 *			libdrm takes for DRM nodes, drm's minor numbering,
 *			both listed under the device's drm/ directory
 * SUBTEST: version	DRM_IOCTL_VERSION on both nodes, with short buffers
 * SUBTEST: get-cap	PRIME import and export; no dumb-buffer cap
 * SUBTEST: create-mmap-close	dumb buffers on the card node: create, map,
 *			export, close; the mappings outlive the handle
 * SUBTEST: render-rules	the render node refuses the dumb-buffer ioctls
 *			with EACCES (after EFAULT) and allows PRIME, GEM_CLOSE,
 *			VERSION, GET_CAP and the vgem fences
 * SUBTEST: render-engine	fencepost's engine answers on the render node
 *			(skips on the stock vgem, which has no engine)
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <drm/fencepost_vgem.h>
#include <linux/dma-buf.h>

#include "lib/igt.h"
#include "lib/igt_vgem.h"

static long page_size;

/* The platform device name behind each backend's nodes. */
static const char *backend_device(void)
{
	return igt_vgem_is_stock() ? "vgem" : "fencepost_vgem";
}

static int __version(int fd, struct local_drm_version *v)
{
	return ioctl(fd, LOCAL_DRM_IOCTL_VERSION, v) ? -errno : 0;
}

/* The driver name of the DRM node @fd, "" if it does not answer VERSION. */
static void driver_name(int fd, char *name, size_t len)
{
	struct local_drm_version v = { .name = name, .name_len = len - 1 };

	memset(name, 0, len);
	if (__version(fd, &v))
		name[0] = '\0';
}

/*
 * The name of the device behind the character device @path, from sysfs
 * (/sys/dev/char/MAJ:MIN/device), into @out; false if there is none.
 */
static bool node_device(const char *path, char *out, size_t len)
{
	char link[64], target[PATH_MAX];
	struct stat st;
	const char *base;
	ssize_t n;

	if (stat(path, &st) || !S_ISCHR(st.st_mode))
		return false;
	snprintf(link, sizeof(link), "/sys/dev/char/%u:%u/device",
		 major(st.st_rdev), minor(st.st_rdev));
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return false;
	target[n] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (strlen(base) >= len)
		return false;
	memcpy(out, base, strlen(base) + 1);
	return true;
}

/* libdrm's drmNodeIsDRM(): /sys/dev/char/MAJ:MIN/device/drm exists. */
static bool node_is_drm(const char *path)
{
	char sys[64];
	struct stat st;

	if (stat(path, &st) || !S_ISCHR(st.st_mode))
		return false;
	snprintf(sys, sizeof(sys), "/sys/dev/char/%u:%u/device/drm",
		 major(st.st_rdev), minor(st.st_rdev));
	return access(sys, F_OK) == 0;
}

static void node_path(char *path, size_t len, bool render, int i)
{
	if (render)
		snprintf(path, len, "/dev/dri/renderD%d", 128 + i);
	else
		snprintf(path, len, "/dev/dri/card%d", i);
}

/*
 * Scan the nodes the way vgem users do and open the first whose driver is
 * "vgem"; with @device, the first that also hangs off that device. The
 * path goes to @path. -ENODEV if none.
 */
static int open_by_name(bool render, const char *device, char *path,
			size_t len)
{
	char name[32], dev[64];
	int i, fd;

	for (i = 0; i < 16; i++) {
		node_path(path, len, render, i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		driver_name(fd, name, sizeof(name));
		if (strcmp(name, "vgem") == 0 &&
		    (!device || (node_device(path, dev, sizeof(dev)) &&
				 strcmp(dev, device) == 0)))
			return fd;
		close(fd);
	}
	return -ENODEV;
}

/* The backend's card or render node, igt_require()d. */
static int open_node(bool render, char *path, size_t len)
{
	int fd = open_by_name(render, backend_device(), path, len);

	igt_require_f(fd >= 0, "no %s node of %s\n", render ? "render" : "card",
		      backend_device());
	return fd;
}

static bool stock_vgem_loaded(void)
{
	return access("/sys/module/vgem", F_OK) == 0;
}

static void test_find_by_name(void)
{
	char path[32], dev[64];
	int render, fd;

	if (!igt_vgem_is_stock())
		igt_require_f(!stock_vgem_loaded(),
			      "the stock vgem is loaded: a scan finds it first\n");

	for (render = 0; render < 2; render++) {
		fd = open_by_name(render, NULL, path, sizeof(path));
		igt_assert_f(fd >= 0, "no %s node answers \"vgem\"\n",
			     render ? "render" : "card");
		igt_assert(node_device(path, dev, sizeof(dev)));
		igt_info("first \"vgem\" %s node: %s (device %s)\n",
			 render ? "render" : "card", path, dev);
		igt_assert_f(strcmp(dev, backend_device()) == 0,
			     "%s belongs to %s, expected %s\n", path, dev,
			     backend_device());
		igt_assert(node_is_drm(path));
		close(fd);
	}
}

static void test_nodes(void)
{
	char card[32], render[32], sys[96], dev[64];
	struct stat sc, sr;
	unsigned int n;
	int fc, fr;

	fc = open_node(false, card, sizeof(card));
	fr = open_node(true, render, sizeof(render));
	igt_assert(node_is_drm(card));
	igt_assert(node_is_drm(render));

	/* drm's numbering: primary minors 0-63, render minors 128-191. */
	igt_assert_eq(stat(card, &sc), 0);
	igt_assert_eq(stat(render, &sr), 0);
	igt_assert(S_ISCHR(sc.st_mode) && S_ISCHR(sr.st_mode));
	igt_assert_eq(major(sc.st_rdev), major(sr.st_rdev));
	igt_assert_eq(sscanf(card, "/dev/dri/card%u", &n), 1);
	igt_assert_eq(minor(sc.st_rdev), n);
	igt_assert_lt(n, 64);
	igt_assert_eq(sscanf(render, "/dev/dri/renderD%u", &n), 1);
	igt_assert_eq(minor(sr.st_rdev), n);
	igt_assert(n >= 128 && n < 192);

	/* One device; its drm/ directory lists both (libdrm finds the
	 * render node of a card this way). */
	igt_assert(node_device(card, dev, sizeof(dev)));
	igt_assert(strcmp(dev, backend_device()) == 0);
	igt_assert(node_device(render, dev, sizeof(dev)));
	igt_assert(strcmp(dev, backend_device()) == 0);
	snprintf(sys, sizeof(sys), "/sys/dev/char/%u:%u/device/drm/%s",
		 major(sc.st_rdev), minor(sc.st_rdev), card + 9);
	igt_assert_f(access(sys, F_OK) == 0, "no %s\n", sys);
	snprintf(sys, sizeof(sys), "/sys/dev/char/%u:%u/device/drm/%s",
		 major(sc.st_rdev), minor(sc.st_rdev), render + 9);
	igt_assert_f(access(sys, F_OK) == 0, "no %s\n", sys);

	close(fc);
	close(fr);
}

static void check_version(int fd)
{
	char name[16], date[16], desc[32], small[2];
	struct local_drm_version v = {
		.name = name, .name_len = sizeof(name),
		.date = date, .date_len = sizeof(date),
		.desc = desc, .desc_len = sizeof(desc),
	};

	memset(name, 0, sizeof(name));
	memset(date, 0, sizeof(date));
	memset(desc, 0, sizeof(desc));
	igt_assert_eq(__version(fd, &v), 0);
	igt_assert_eq(v.version_major, 1);
	igt_assert_eq(v.version_minor, 0);
	igt_assert_eq(v.name_len, 4);
	igt_assert(strcmp(name, "vgem") == 0);
	igt_assert_eq(v.date_len, 8);
	igt_assert(strcmp(date, "20120112") == 0);
	igt_assert_eq(v.desc_len, strlen("Virtual GEM provider"));
	igt_assert(strcmp(desc, "Virtual GEM provider") == 0);

	/* Short buffers get what fits and learn the full lengths. */
	memset(&v, 0, sizeof(v));
	memset(small, 'x', sizeof(small));
	v.name = small;
	v.name_len = 2;
	igt_assert_eq(__version(fd, &v), 0);
	igt_assert_eq(v.name_len, 4);
	igt_assert(small[0] == 'v' && small[1] == 'g');
	igt_assert_eq(v.date_len, 8);
	igt_assert_eq(v.desc_len, strlen("Virtual GEM provider"));

	igt_assert_eq(ioctl(fd, LOCAL_DRM_IOCTL_VERSION, NULL), -1);
	igt_assert_eq(errno, EFAULT);
}

static void test_version(void)
{
	char path[32];
	int render;

	for (render = 0; render < 2; render++) {
		int fd = open_node(render, path, sizeof(path));

		check_version(fd);
		close(fd);
	}
}

static void test_get_cap(void)
{
	char path[32];
	int render;

	for (render = 0; render < 2; render++) {
		int fd = open_node(render, path, sizeof(path));
		struct local_drm_get_cap cap = {
			.capability = LOCAL_DRM_CAP_PRIME,
		};

		do_ioctl(fd, LOCAL_DRM_IOCTL_GET_CAP, &cap);
		igt_assert_eq_u64(cap.value, LOCAL_DRM_PRIME_CAP_IMPORT |
					     LOCAL_DRM_PRIME_CAP_EXPORT);
		cap.capability = LOCAL_DRM_CAP_DUMB_BUFFER;
		do_ioctl_err(fd, LOCAL_DRM_IOCTL_GET_CAP, &cap, EOPNOTSUPP);
		close(fd);
	}
}

static void test_create_mmap_close(void)
{
	char path[32];
	struct local_drm_mode_map_dumb map;
	struct local_drm_gem_close cl;
	struct vgem_bo bo;
	uint32_t *ptr, *dptr;
	int fd, dmabuf;
	size_t i;

	fd = open_node(false, path, sizeof(path));
	vgem_create_size(fd, &bo, 4 * page_size);
	igt_assert_eq_u64(bo.size, 4 * page_size);
	ptr = vgem_mmap(fd, &bo, PROT_READ | PROT_WRITE);
	for (i = 0; i < bo.size / 4; i++)
		igt_assert_eq(ptr[i], 0);
	for (i = 0; i < bo.size / 4; i++)
		ptr[i] = i ^ 0x5a5a5a5a;

	dmabuf = prime_handle_to_fd(fd, bo.handle);
	dptr = mmap(NULL, bo.size, PROT_READ, MAP_SHARED, dmabuf, 0);
	igt_assert(dptr != MAP_FAILED);

	gem_close(fd, bo.handle);
	cl.handle = bo.handle;
	cl.pad = 0;
	do_ioctl_err(fd, LOCAL_DRM_IOCTL_GEM_CLOSE, &cl, EINVAL);
	memset(&map, 0, sizeof(map));
	map.handle = bo.handle;
	do_ioctl_err(fd, LOCAL_DRM_IOCTL_MODE_MAP_DUMB, &map, ENOENT);

	/* Both mappings outlive the handle and share the pages. */
	for (i = 0; i < bo.size / 4; i++) {
		igt_assert_eq(ptr[i], (uint32_t)(i ^ 0x5a5a5a5a));
		igt_assert_eq(dptr[i], (uint32_t)(i ^ 0x5a5a5a5a));
	}
	munmap(dptr, bo.size);
	munmap(ptr, bo.size);
	close(dmabuf);
	close(fd);
}

static void test_render_rules(void)
{
	char card_path[32], render_path[32];
	struct local_drm_mode_create_dumb create = {
		.width = 64, .height = 64, .bpp = 32,
	};
	struct local_drm_mode_map_dumb map = { 0 };
	struct { uint32_t handle; } destroy = { 0 };
	struct vgem_bo bo;
	uint32_t handle, fence;
	uint32_t *ptr;
	int card, render, dmabuf, again;

	card = open_node(false, card_path, sizeof(card_path));
	render = open_node(true, render_path, sizeof(render_path));

	/* Not DRM_RENDER_ALLOW: EACCES, after the argument is copied in. */
	do_ioctl_err(render, LOCAL_DRM_IOCTL_MODE_CREATE_DUMB, &create, EACCES);
	igt_assert_eq(create.handle, 0);
	do_ioctl_err(render, LOCAL_DRM_IOCTL_MODE_CREATE_DUMB, NULL, EFAULT);
	do_ioctl_err(render, LOCAL_DRM_IOCTL_MODE_MAP_DUMB, &map, EACCES);
	do_ioctl_err(render, _IOWR('d', 0xb4, destroy), &destroy, EACCES);

	/* The card node makes the buffer; the render node imports it. */
	vgem_create_size(card, &bo, page_size);
	ptr = vgem_mmap(card, &bo, PROT_READ | PROT_WRITE);
	ptr[0] = 0xfeedface;
	dmabuf = prime_handle_to_fd(card, bo.handle);
	handle = prime_fd_to_handle(render, dmabuf);
	igt_assert_neq(handle, 0);
	igt_assert_eq(prime_fd_to_handle(render, dmabuf), handle);
	again = prime_handle_to_fd(render, handle);
	igt_assert_lte(0, again);

	/* vgem's fences are DRM_RENDER_ALLOW. */
	fence = vgem_fence_attach(render, handle, LOCAL_VGEM_FENCE_WRITE);
	igt_assert_eq(__dmabuf_export_sync_file(dmabuf, DMA_BUF_SYNC_READ,
						&(int){ -1 }), 0);
	vgem_fence_signal(render, fence);

	gem_close(render, handle);
	igt_assert_eq(ptr[0], 0xfeedface);

	munmap(ptr, bo.size);
	close(again);
	close(dmabuf);
	gem_close(card, bo.handle);
	close(render);
	close(card);
}

static void test_render_engine(void)
{
	char path[32];
	struct drm_fencepost_vgem_ctx_create cc = { 0 };
	struct drm_fencepost_vgem_ctx_destroy cd = { 0 };
	struct drm_fencepost_vgem_submit s = { 0 };
	int fd;

	fd = open_node(true, path, sizeof(path));
	if (ioctl(fd, DRM_IOCTL_FENCEPOST_VGEM_CTX_CREATE, &cc)) {
		igt_assert_eq(errno, EINVAL);
		close(fd);
		igt_skip("no engine on this vgem\n");
	}
	s.ctx_id = cc.ctx_id;
	do_ioctl(fd, DRM_IOCTL_FENCEPOST_VGEM_SUBMIT, &s);
	igt_assert_lte(0, s.out_fence);
	close(s.out_fence);
	cd.ctx_id = cc.ctx_id;
	do_ioctl(fd, DRM_IOCTL_FENCEPOST_VGEM_CTX_DESTROY, &cd);
	close(fd);
}

igt_main
{
	igt_fixture {
		page_size = sysconf(_SC_PAGESIZE);
		igt_info("vgem backend: %s, nodes of device \"%s\"\n",
			 igt_vgem_backend_name(igt_vgem_backend()),
			 backend_device());
	}

	igt_describe("A scan by driver name finds the device.");
	igt_subtest("find-by-name")
		test_find_by_name();

	igt_describe("Card and render nodes, numbered and listed like drm's.");
	igt_subtest("nodes")
		test_nodes();

	igt_describe("DRM_IOCTL_VERSION on both nodes.");
	igt_subtest("version")
		test_version();

	igt_describe("DRM_IOCTL_GET_CAP: PRIME, no dumb-buffer cap.");
	igt_subtest("get-cap")
		test_get_cap();

	igt_describe("Dumb buffers: create, mmap, export, close.");
	igt_subtest("create-mmap-close")
		test_create_mmap_close();

	igt_describe("The render node's DRM_RENDER_ALLOW rules.");
	igt_subtest("render-rules")
		test_render_rules();

	igt_describe("The engine's ioctls on the render node.");
	igt_subtest("render-engine")
		test_render_engine();
}
