// SPDX-License-Identifier: GPL-2.0-only
/*
 * fencepost_vgem in the kernel: the nodes that reach the driver's file
 * operations (vgem_drv.c), the misc device /dev/fencepost_vgem and the
 * DRM-looking /dev/dri/cardN and /dev/dri/renderDN, and the module's start
 * and stop of the driver. The userspace host has a stand-in of its own.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": vgem: " fmt

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/namei.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "vgem.h"

/**
 * DOC: DRM nodes
 *
 * Programs written for vgem find it by name: they open /dev/dri/card0 to
 * card15 (libdrm's drmOpen(), IGT's drm_open_driver(), ...) and keep the
 * first whose DRM_IOCTL_VERSION says "vgem". For them the device also
 * appears as a DRM device, without drm.ko:
 *
 * - a character device region of our own, FENCEPOST_VGEM_MINORS minors of
 *   a dynamic major, numbered as drm numbers its minors (primary nodes
 *   0-63, render nodes 128-191), since libdrm derives the node type from
 *   the minor;
 * - a class "fencepost_dri" (the stock drm owns "drm") whose devnode
 *   callback names the nodes dri/cardN and dri/renderD(128+N);
 * - a platform device "fencepost_vgem" as their parent, with a kobject
 *   named "drm" under it holding links to both nodes: libdrm treats a node
 *   as DRM only if /sys/dev/char/MAJ:MIN/device/drm exists, and finds a
 *   device's other nodes by listing that directory.
 *
 * N is chosen at load time: the highest index from 15 down whose cardN and
 * renderD(128+N) exist neither in /dev/dri nor in /sys/class/drm, so that
 * the stock drm, which takes the lowest free minor, keeps card0 and
 * renderD128 even if vgem is loaded after us (devtmpfs would silently make
 * no node for a taken name). With the stock vgem loaded, programs that
 * scan by name find it first; without it, they find ours. If no index is
 * free the module loads without the DRM nodes and says so.
 */

/* drm's minor numbering: primary nodes from 0, render nodes from 128. */
#define FENCEPOST_VGEM_RENDER_MINOR	128
#define FENCEPOST_VGEM_MINORS		192
/* Tools scan card0..card15 and renderD128..renderD143. */
#define FENCEPOST_VGEM_MAX_INDEX	15

/**
 * struct fencepost_vgem_nodes - the DRM-looking nodes of the device
 * @base: the first dev_t of our character device region
 * @cdev: the character device, all of the region
 * @class: the class of the nodes, NULL if they are not registered
 * @pdev: the parent device of the nodes
 * @drm_kobj: the "drm" directory under @pdev, with a link to each node
 * @card: /dev/dri/card@index
 * @render: /dev/dri/renderD(128 + @index)
 * @index: the node index
 */
struct fencepost_vgem_nodes {
	dev_t base;
	struct cdev cdev;
	struct class *class;
	struct platform_device *pdev;
	struct kobject *drm_kobj;
	struct device *card;
	struct device *render;
	int index;
};

static struct fencepost_vgem_nodes fencepost_vgem_nodes;

/**
 * fencepost_vgem_node_is_render() - whether a file is opened on a render node
 * @inode: the inode the file was opened through
 *
 * Return: true for /dev/dri/renderDN, false for the primary nodes.
 */
bool fencepost_vgem_node_is_render(struct inode *inode)
{
	return fencepost_vgem_nodes.class &&
	       imajor(inode) == MAJOR(fencepost_vgem_nodes.base) &&
	       iminor(inode) >= FENCEPOST_VGEM_RENDER_MINOR;
}


static struct miscdevice fencepost_vgem_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "fencepost_vgem",
	.fops = &fencepost_vgem_fops,
	.mode = 0666,
};

/**
 * fencepost_vgem_dma_device() - the device that imports and maps for us
 *
 * Return: the misc device, which importers of our dma-bufs see as ours and
 * which attaches to foreign dma-bufs, with a 64-bit DMA mask.
 */
struct device *fencepost_vgem_dma_device(void)
{
	return fencepost_vgem_misc.this_device;
}

/* The DRM nodes: registration. */

static char *fencepost_vgem_devnode(struct device *dev, umode_t *mode)
{
	if (mode)
		*mode = 0666;
	return kasprintf(GFP_KERNEL, "dri/%s", dev_name(dev));
}

/* Whether a DRM node called @name exists already, ours or anyone's. */
static bool fencepost_vgem_node_taken(const char *name)
{
	static const char * const dirs[] = { "/dev/dri", "/sys/class/drm" };
	struct path path;
	char buf[64];
	int i;

	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		snprintf(buf, sizeof(buf), "%s/%s", dirs[i], name);
		if (!kern_path(buf, LOOKUP_FOLLOW, &path)) {
			path_put(&path);
			return true;
		}
	}
	return false;
}

/* The highest index whose card and render names are both free. */
static int fencepost_vgem_nodes_pick_index(void)
{
	char card[16], render[16];
	int n;

	for (n = FENCEPOST_VGEM_MAX_INDEX; n >= 0; n--) {
		snprintf(card, sizeof(card), "card%d", n);
		snprintf(render, sizeof(render), "renderD%d",
			 FENCEPOST_VGEM_RENDER_MINOR + n);
		if (!fencepost_vgem_node_taken(card) &&
		    !fencepost_vgem_node_taken(render))
			return n;
	}
	return -EBUSY;
}

/* Create the node of @minor, called after it, and its link under drm/. */
static struct device *fencepost_vgem_node_create(struct fencepost_vgem_nodes *nodes,
						 unsigned int minor)
{
	struct device *dev;
	int ret;

	if (minor >= FENCEPOST_VGEM_RENDER_MINOR)
		dev = device_create(nodes->class, &nodes->pdev->dev,
				    nodes->base + minor, NULL, "renderD%u",
				    minor);
	else
		dev = device_create(nodes->class, &nodes->pdev->dev,
				    nodes->base + minor, NULL, "card%u", minor);
	if (IS_ERR(dev))
		return dev;

	ret = sysfs_create_link(nodes->drm_kobj, &dev->kobj, dev_name(dev));
	if (ret) {
		device_destroy(nodes->class, dev->devt);
		return ERR_PTR(ret);
	}
	return dev;
}

static void fencepost_vgem_node_destroy(struct fencepost_vgem_nodes *nodes,
					struct device *dev)
{
	sysfs_remove_link(nodes->drm_kobj, dev_name(dev));
	device_destroy(nodes->class, dev->devt);
}

/* Register /dev/dri/cardN and /dev/dri/renderD(128 + N): "DOC: DRM nodes". */
static int fencepost_vgem_nodes_init(struct fencepost_vgem_nodes *nodes)
{
	struct class *class;
	int ret;

	ret = fencepost_vgem_nodes_pick_index();
	if (ret < 0)
		return ret;
	nodes->index = ret;

	nodes->pdev = platform_device_register_simple("fencepost_vgem", -1,
						      NULL, 0);
	if (IS_ERR(nodes->pdev))
		return PTR_ERR(nodes->pdev);

	nodes->drm_kobj = kobject_create_and_add("drm", &nodes->pdev->dev.kobj);
	if (!nodes->drm_kobj) {
		ret = -ENOMEM;
		goto err_pdev;
	}

	ret = alloc_chrdev_region(&nodes->base, 0, FENCEPOST_VGEM_MINORS,
				  "fencepost_dri");
	if (ret)
		goto err_kobj;
	cdev_init(&nodes->cdev, &fencepost_vgem_fops);
	nodes->cdev.owner = THIS_MODULE;
	ret = cdev_add(&nodes->cdev, nodes->base, FENCEPOST_VGEM_MINORS);
	if (ret)
		goto err_region;

	class = class_create(THIS_MODULE, "fencepost_dri");
	if (IS_ERR(class)) {
		ret = PTR_ERR(class);
		goto err_cdev;
	}
	class->devnode = fencepost_vgem_devnode;
	nodes->class = class;

	nodes->card = fencepost_vgem_node_create(nodes, nodes->index);
	if (IS_ERR(nodes->card)) {
		ret = PTR_ERR(nodes->card);
		goto err_class;
	}
	nodes->render = fencepost_vgem_node_create(nodes,
						   FENCEPOST_VGEM_RENDER_MINOR +
						   nodes->index);
	if (IS_ERR(nodes->render)) {
		ret = PTR_ERR(nodes->render);
		goto err_card;
	}
	return 0;

err_card:
	fencepost_vgem_node_destroy(nodes, nodes->card);
err_class:
	nodes->class = NULL;
	class_destroy(class);
err_cdev:
	cdev_del(&nodes->cdev);
err_region:
	unregister_chrdev_region(nodes->base, FENCEPOST_VGEM_MINORS);
err_kobj:
	kobject_put(nodes->drm_kobj);
err_pdev:
	platform_device_unregister(nodes->pdev);
	return ret;
}

static void fencepost_vgem_nodes_exit(struct fencepost_vgem_nodes *nodes)
{
	struct class *class = nodes->class;

	if (!class)
		return;
	fencepost_vgem_node_destroy(nodes, nodes->render);
	fencepost_vgem_node_destroy(nodes, nodes->card);
	nodes->class = NULL;
	class_destroy(class);
	cdev_del(&nodes->cdev);
	unregister_chrdev_region(nodes->base, FENCEPOST_VGEM_MINORS);
	kobject_put(nodes->drm_kobj);
	platform_device_unregister(nodes->pdev);
}

/**
 * fencepost_vgem_init() - start the engine, register the device's nodes
 *
 * Description: The misc device is also the device importers attach with, so it gets a
 * 64-bit DMA mask. The DRM nodes are optional: without them (no free
 * index) the module only warns.
 *
 * Return: 0, or the error of the engine's start, of misc_register() or of
 * setting the DMA mask.
 */
int fencepost_vgem_init(void)
{
	int ret;

	ret = fencepost_vgem_core_init();
	if (ret)
		return ret;

	ret = misc_register(&fencepost_vgem_misc);
	if (ret)
		goto err_engine;

	ret = dma_coerce_mask_and_coherent(fencepost_vgem_misc.this_device,
					   DMA_BIT_MASK(64));
	if (ret)
		goto err_misc;

	ret = fencepost_vgem_nodes_init(&fencepost_vgem_nodes);
	if (ret)
		pr_warn("no /dev/dri nodes (%d): only /dev/fencepost_vgem\n",
			ret);
	else
		pr_info("/dev/dri/card%d and /dev/dri/renderD%d\n",
			fencepost_vgem_nodes.index,
			FENCEPOST_VGEM_RENDER_MINOR + fencepost_vgem_nodes.index);
	return 0;

err_misc:
	misc_deregister(&fencepost_vgem_misc);
err_engine:
	fencepost_vgem_core_exit();
	return ret;
}

/**
 * fencepost_vgem_exit() - unregister the nodes, wait for the engine
 *
 * Runs at module exit, so no file, dma-buf or mapping of ours is left (each
 * holds the module).
 */
void fencepost_vgem_exit(void)
{
	fencepost_vgem_nodes_exit(&fencepost_vgem_nodes);
	misc_deregister(&fencepost_vgem_misc);
	fencepost_vgem_core_exit();
}
