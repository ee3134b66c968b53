/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: a minimal scatterlist.  Tables are one flat array (no
 * chaining); entries carry a CPU address in dma_address for tests.
 */
#ifndef _LINUX_SCATTERLIST_H
#define _LINUX_SCATTERLIST_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/gfp.h>

struct page;

struct scatterlist {
	unsigned long page_link;
	unsigned int offset;
	unsigned int length;
	dma_addr_t dma_address;
	unsigned int dma_length;
	bool end;
};

struct sg_table {
	struct scatterlist *sgl;
	unsigned int nents;
	unsigned int orig_nents;
};

#define sg_dma_address(sg)	((sg)->dma_address)
#define sg_dma_len(sg)		((sg)->dma_length)

static inline struct scatterlist *sg_next(struct scatterlist *sg)
{
	return sg->end ? NULL : sg + 1;
}

#define for_each_sg(sglist, sg, nr, __i)				\
	for (__i = 0, sg = (sglist); __i < (nr); __i++, sg = sg_next(sg))
#define for_each_sgtable_sg(sgt, sg, i)					\
	for_each_sg((sgt)->sgl, sg, (sgt)->orig_nents, i)
#define for_each_sgtable_dma_sg(sgt, sg, i)				\
	for_each_sg((sgt)->sgl, sg, (sgt)->nents, i)

void sg_init_table(struct scatterlist *sgl, unsigned int nents);
int sg_alloc_table(struct sg_table *table, unsigned int nents, gfp_t gfp_mask);
void sg_free_table(struct sg_table *table);

static inline void sg_mark_end(struct scatterlist *sg)
{
	sg->end = true;
}

static inline void sg_set_buf(struct scatterlist *sg, const void *buf,
			      unsigned int buflen)
{
	sg->page_link = (unsigned long)buf;
	sg->offset = 0;
	sg->length = buflen;
	sg->dma_address = (dma_addr_t)(unsigned long)buf;
	sg->dma_length = buflen;
}

static inline void *sg_virt(struct scatterlist *sg)
{
	return (void *)(sg->page_link + sg->offset);
}

#endif /* _LINUX_SCATTERLIST_H */
