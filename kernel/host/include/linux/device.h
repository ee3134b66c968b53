/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: a device is a name and driver data, enough for importers
 * to attach to dma-bufs and for dumps to name them.
 */
#ifndef _DEVICE_H_
#define _DEVICE_H_

#include <linux/types.h>

struct device {
	const char *init_name;
	void *driver_data;
	u64 *dma_mask;
};

static inline const char *dev_name(const struct device *dev)
{
	return dev->init_name ?: "(unnamed)";
}

static inline void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}

static inline void dev_set_drvdata(struct device *dev, void *data)
{
	dev->driver_data = data;
}

#endif /* _DEVICE_H_ */
