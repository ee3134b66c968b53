/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: a minimal scatterlist.  Tables are one flat array (no
 * chaining); entries carry a CPU address in dma_address (DMA mapping is
 * the identity).
 *
 * An entry is either a buffer (sg_set_buf(): any memory, sg_page() is
 * NULL) or a run of host pages (sg_set_page()).  page_link holds the CPU
 * address of the entry's first byte minus @offset either way, so sg_virt()
 * works for both; for a page run that is the first page's linear address.
 */
#ifndef _LINUX_SCATTERLIST_H
#define _LINUX_SCATTERLIST_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/gfp.h>

struct page;

struct scatterlist {
	unsigned long page_link;
	struct page *host_page;
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

/* mm.h has it too; scatterlist.h does not drag mm.h in. */
void *page_address(const struct page *page);

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
	sg->host_page = NULL;
	sg->offset = 0;
	sg->length = buflen;
	sg->dma_address = (dma_addr_t)(unsigned long)buf;
	sg->dma_length = buflen;
}

static inline void *sg_virt(struct scatterlist *sg)
{
	return (void *)(sg->page_link + sg->offset);
}

/*
 * sg_set_page() - point @sg at @len bytes from @offset into @page (and on
 * into the pages with the following pfns, for a run longer than a page).
 */
static inline void sg_set_page(struct scatterlist *sg, struct page *page,
			       unsigned int len, unsigned int offset)
{
	sg->page_link = (unsigned long)page_address(page);
	sg->host_page = page;
	sg->offset = offset;
	sg->length = len;
	sg->dma_address = (dma_addr_t)(sg->page_link + offset);
	sg->dma_length = len;
}

/* The entry's first page; NULL for an sg_set_buf() entry. */
static inline struct page *sg_page(struct scatterlist *sg)
{
	return sg->host_page;
}

/*
 * sg_alloc_table_from_pages() - a table describing @size bytes starting
 * @offset bytes into @pages[0], through @n_pages pages
 *
 * Pages with consecutive pfns (and linear addresses) share one entry, as
 * in Linux.  Return: 0, -EINVAL for an empty or inconsistent request, or
 * -ENOMEM.
 */
int sg_alloc_table_from_pages(struct sg_table *sgt, struct page **pages,
			      unsigned int n_pages, unsigned int offset,
			      unsigned long size, gfp_t gfp_mask);

/*
 * Page iteration: every page of every entry in turn (entries made with
 * sg_set_page() only).
 */
struct sg_page_iter {
	struct scatterlist *sg;
	unsigned int sg_pgoffset;	/* page index inside @sg */
	unsigned int __nents;		/* entries left, @sg included */
	int __pg_advance;		/* pages to step on the next call */
};

static inline void __sg_page_iter_start(struct sg_page_iter *piter,
					struct scatterlist *sglist,
					unsigned int nents,
					unsigned long pgoffset)
{
	piter->__pg_advance = 0;
	piter->__nents = nents;
	piter->sg = sglist;
	piter->sg_pgoffset = pgoffset;
}

/* Pages that @sg touches, from its offset to its end (12 is PAGE_SHIFT:
 * this header does not pull in mm.h). */
static inline unsigned int __sg_page_count(struct scatterlist *sg)
{
	return (sg->offset + sg->length + (1U << 12) - 1) >> 12;
}

static inline bool __sg_page_iter_next(struct sg_page_iter *piter)
{
	if (!piter->__nents || !piter->sg)
		return false;
	piter->sg_pgoffset += piter->__pg_advance;
	piter->__pg_advance = 1;
	while (piter->sg_pgoffset >= __sg_page_count(piter->sg)) {
		piter->sg_pgoffset -= __sg_page_count(piter->sg);
		piter->sg = sg_next(piter->sg);
		if (!--piter->__nents || !piter->sg)
			return false;
	}
	return true;
}

struct page *sg_page_iter_page(struct sg_page_iter *piter);

#define for_each_sg_page(sglist, piter, nents, pgoffset)		\
	for (__sg_page_iter_start((piter), (sglist), (nents), (pgoffset)); \
	     __sg_page_iter_next(piter);)
#define for_each_sgtable_page(sgt, piter, pgoffset)			\
	for_each_sg_page((sgt)->sgl, piter, (sgt)->orig_nents, pgoffset)

#endif /* _LINUX_SCATTERLIST_H */
