// SPDX-License-Identifier: GPL-2.0-only
/*
 * TEST: vgem_libdrm
 * Description: a program written only for Linux vgem's uAPI, the way
 *	libdrm users write one: it finds the device by driver name with
 *	drmOpen("vgem", NULL), talks to it with drmIoctl() and the numbers of
 *	<drm.h> and vgem_drm.h (copied here, as libdrm does not ship vgem's
 *	header), and shares buffers with drmPrimeHandleToFD(). It knows
 *	nothing of fencepost and takes no IGT_VGEM: it uses whichever vgem a
 *	scan by name finds first, the stock one when it is loaded. The VM
 *	plan (tools/vm/plans/selftests.sh) runs it with the stock vgem loaded
 *	and again with it unloaded, when it can only find fencepost's nodes.
 *	Built against Debian's libdrm-dev (configure's LIBDRM check).
 *
 * SUBTEST: open-by-name	drmOpen("vgem", NULL), drmGetVersion(),
 *			drmGetNodeTypeFromFd(), drmGetCap(DRM_CAP_PRIME);
 *			drmGetDevices2() lists the node
 * SUBTEST: dumb-prime	a dumb buffer made, mapped (MAP_DUMB + mmap) and
 *			exported with drmPrimeHandleToFD(); the dma-buf mmap
 *			sees the data; drmPrimeFDToHandle() gives the handle
 * SUBTEST: fences	vgem fences through drmIoctl(): attach, busy poll
 *			on the dma-buf, -EBUSY on conflict, signal, idle
 * SUBTEST: render-node	drmGetRenderDeviceNameFromFd(): the render node
 *			imports the dma-buf and attaches fences to it
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <xf86drm.h>

#include "lib/igt.h"

/* From Linux's include/uapi/drm/vgem_drm.h (not in libdrm-dev). */
#define DRM_VGEM_FENCE_ATTACH	0x1
#define DRM_VGEM_FENCE_SIGNAL	0x2

struct drm_vgem_fence_attach {
	uint32_t handle;
	uint32_t flags;
#define VGEM_FENCE_WRITE	0x1
	uint32_t out_fence;
	uint32_t pad;
};

struct drm_vgem_fence_signal {
	uint32_t fence;
	uint32_t flags;
};

#define DRM_IOCTL_VGEM_FENCE_ATTACH \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_VGEM_FENCE_ATTACH, \
		 struct drm_vgem_fence_attach)
#define DRM_IOCTL_VGEM_FENCE_SIGNAL \
	DRM_IOW(DRM_COMMAND_BASE + DRM_VGEM_FENCE_SIGNAL, \
		struct drm_vgem_fence_signal)

static int fd = -1;

struct bo {
	uint32_t handle;
	uint64_t size;
};

static void bo_create(struct bo *bo)
{
	struct drm_mode_create_dumb arg = {
		.width = 128, .height = 32, .bpp = 32,
	};

	do_ioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &arg);
	igt_assert_neq(arg.handle, 0);
	igt_assert_eq(arg.pitch, 128 * 4);
	igt_assert_lte(128 * 32 * 4, (long long)arg.size);
	bo->handle = arg.handle;
	bo->size = arg.size;
}

static void bo_close(int dev, uint32_t handle)
{
	struct drm_gem_close arg = { .handle = handle };

	igt_assert_eq(drmIoctl(dev, DRM_IOCTL_GEM_CLOSE, &arg), 0);
}

static uint32_t *bo_mmap(const struct bo *bo)
{
	struct drm_mode_map_dumb arg = { .handle = bo->handle };
	void *ptr;

	igt_assert_eq(drmIoctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &arg), 0);
	ptr = mmap(NULL, bo->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		   arg.offset);
	igt_assert_f(ptr != MAP_FAILED, "mmap: %s\n", strerror(errno));
	return ptr;
}

static int bo_export(int dev, uint32_t handle)
{
	int prime = -1;

	igt_assert_eq(drmPrimeHandleToFD(dev, handle, DRM_CLOEXEC | DRM_RDWR,
					 &prime), 0);
	igt_assert_lte(0, prime);
	return prime;
}

/* drmIoctl()'s way: 0, or -1 with errno; returned as 0 or -errno. */
static int fence_attach(int dev, uint32_t handle, uint32_t flags,
			uint32_t *fence)
{
	struct drm_vgem_fence_attach arg = { .handle = handle, .flags = flags };

	if (drmIoctl(dev, DRM_IOCTL_VGEM_FENCE_ATTACH, &arg))
		return -errno;
	*fence = arg.out_fence;
	return 0;
}

static int fence_signal(int dev, uint32_t fence)
{
	struct drm_vgem_fence_signal arg = { .fence = fence };

	return drmIoctl(dev, DRM_IOCTL_VGEM_FENCE_SIGNAL, &arg) ? -errno : 0;
}

/* The poll() events ready on @dmabuf right now. */
static short ready(int dmabuf)
{
	struct pollfd pfd = { .fd = dmabuf, .events = POLLIN | POLLOUT };

	igt_assert_lte(0, poll(&pfd, 1, 0));
	return pfd.revents;
}

static void test_open_by_name(void)
{
	drmDevicePtr devices[16];
	drmVersionPtr v;
	uint64_t cap = 0;
	bool found = false;
	struct stat st;
	int i, n;

	v = drmGetVersion(fd);
	igt_assert(v);
	igt_assert_eq(strcmp(v->name, "vgem"), 0);
	igt_info("drmGetVersion: %s %d.%d.%d \"%s\"\n", v->name,
		 v->version_major, v->version_minor, v->version_patchlevel,
		 v->desc);
	drmFreeVersion(v);

	igt_assert_eq(drmGetNodeTypeFromFd(fd), DRM_NODE_PRIMARY);
	igt_assert_eq(drmGetCap(fd, DRM_CAP_PRIME, &cap), 0);
	igt_assert_eq(cap & (DRM_PRIME_CAP_IMPORT | DRM_PRIME_CAP_EXPORT),
		      DRM_PRIME_CAP_IMPORT | DRM_PRIME_CAP_EXPORT);

	igt_assert_eq(fstat(fd, &st), 0);
	igt_info("node: char %u:%u\n", major(st.st_rdev), minor(st.st_rdev));

	/* drmGetDevices2() lists the device, with the node we opened. */
	n = drmGetDevices2(0, devices, 16);
	igt_assert_lte(1, n);
	if (n > 16)
		n = 16;
	for (i = 0; i < n; i++) {
		struct stat node;

		if (!(devices[i]->available_nodes & (1 << DRM_NODE_PRIMARY)))
			continue;
		if (stat(devices[i]->nodes[DRM_NODE_PRIMARY], &node) == 0 &&
		    node.st_rdev == st.st_rdev) {
			igt_info("drmGetDevices2: %s, bus type %d\n",
				 devices[i]->nodes[DRM_NODE_PRIMARY],
				 devices[i]->bustype);
			found = true;
		}
	}
	drmFreeDevices(devices, n);
	igt_assert_f(found, "drmGetDevices2: the node is not listed\n");
}

static void test_dumb_prime(void)
{
	uint32_t *ptr, *view, handle = 0;
	struct bo bo;
	uint64_t i;
	int prime;

	bo_create(&bo);
	ptr = bo_mmap(&bo);
	for (i = 0; i < bo.size / 4; i++)
		ptr[i] = 0xd0d0 + i;

	prime = bo_export(fd, bo.handle);
	view = mmap(NULL, bo.size, PROT_READ, MAP_SHARED, prime, 0);
	igt_assert(view != MAP_FAILED);
	for (i = 0; i < bo.size / 4; i++)
		igt_assert_eq(view[i], 0xd0d0 + i);

	igt_assert_eq(drmPrimeFDToHandle(fd, prime, &handle), 0);
	igt_assert_eq(handle, bo.handle);

	munmap(view, bo.size);
	munmap(ptr, bo.size);
	close(prime);
	bo_close(fd, bo.handle);
}

static void test_fences(void)
{
	uint32_t wfence, rfence;
	struct bo bo;
	int prime;

	bo_create(&bo);
	prime = bo_export(fd, bo.handle);
	igt_assert_eq(ready(prime), POLLIN | POLLOUT);

	igt_assert_eq(fence_attach(fd, bo.handle, VGEM_FENCE_WRITE, &wfence), 0);
	igt_assert_eq(ready(prime), 0);
	igt_assert_eq(fence_attach(fd, bo.handle, 0, &rfence), -EBUSY);
	igt_assert_eq(fence_signal(fd, wfence), 0);
	igt_assert_eq(ready(prime), POLLIN | POLLOUT);
	/* Signalled through the ioctl: the id is spent. */
	igt_assert_eq(fence_signal(fd, wfence), -ENOENT);

	igt_assert_eq(fence_attach(fd, bo.handle, 0, &rfence), 0);
	igt_assert_eq(ready(prime), POLLIN);
	igt_assert_eq(fence_signal(fd, rfence), 0);
	igt_assert_eq(fence_signal(fd, 0xdead), -ENOENT);

	close(prime);
	bo_close(fd, bo.handle);
}

static void test_render_node(void)
{
	uint32_t handle = 0, fence;
	char *name;
	struct bo bo;
	int render, prime;

	name = drmGetRenderDeviceNameFromFd(fd);
	igt_require_f(name, "no render node found for the device\n");
	igt_info("render node: %s\n", name);
	render = open(name, O_RDWR | O_CLOEXEC);
	igt_assert_f(render >= 0, "%s: %s\n", name, strerror(errno));
	free(name);
	igt_assert_eq(drmGetNodeTypeFromFd(render), DRM_NODE_RENDER);

	bo_create(&bo);
	prime = bo_export(fd, bo.handle);
	igt_assert_eq(drmPrimeFDToHandle(render, prime, &handle), 0);
	igt_assert_neq(handle, 0);
	igt_assert_eq(fence_attach(render, handle, VGEM_FENCE_WRITE, &fence), 0);
	igt_assert_eq(ready(prime), 0);
	igt_assert_eq(fence_signal(render, fence), 0);
	igt_assert_eq(ready(prime), POLLIN | POLLOUT);

	bo_close(render, handle);
	close(render);
	close(prime);
	bo_close(fd, bo.handle);
}

igt_main
{
	igt_fixture {
		fd = drmOpen("vgem", NULL);
		igt_require_f(fd >= 0, "drmOpen(\"vgem\"): no vgem device\n");
	}

	igt_subtest("open-by-name")
		test_open_by_name();
	igt_subtest("dumb-prime")
		test_dumb_prime();
	igt_subtest("fences")
		test_fences();
	igt_subtest("render-node")
		test_render_node();

	igt_fixture {
		drmClose(fd);
	}
}
