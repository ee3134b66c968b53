/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: DMA mapping is the identity; sg tables map to
 * themselves.  Only what the dma-buf core mentions is provided.
 */
#ifndef _LINUX_DMA_MAPPING_H
#define _LINUX_DMA_MAPPING_H

#include <linux/types.h>
#include <linux/dma-direction.h>
#include <linux/scatterlist.h>
#include <linux/err.h>

struct device;

#define DMA_MAPPING_ERROR	(~(dma_addr_t)0)
#define DMA_ATTR_SKIP_CPU_SYNC	(1UL << 5)
#define DMA_BIT_MASK(n)		(((n) == 64) ? ~0ULL : ((1ULL << (n)) - 1))

static inline int dma_map_sgtable(struct device *dev, struct sg_table *sgt,
				  enum dma_data_direction dir, unsigned long attrs)
{
	(void)dev; (void)dir; (void)attrs;
	sgt->nents = sgt->orig_nents;
	return 0;
}

static inline void dma_unmap_sgtable(struct device *dev, struct sg_table *sgt,
				     enum dma_data_direction dir,
				     unsigned long attrs)
{
	(void)dev; (void)sgt; (void)dir; (void)attrs;
}

static inline int dma_mapping_error(struct device *dev, dma_addr_t addr)
{
	(void)dev;
	return addr == DMA_MAPPING_ERROR ? -ENOMEM : 0;
}

#endif /* _LINUX_DMA_MAPPING_H */
