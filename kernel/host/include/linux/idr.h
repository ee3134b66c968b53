/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: the IDR, an integer id allocator, on the same flat
 * growable array as the host's XArray (xarray.h).
 *
 * As in the kernel the IDR is not locked: callers serialise writers, and
 * readers against writers.  Lookups are O(1); allocation finds the lowest
 * free id from a hint.  Ids are at most 2^24 above the base (an id past
 * that fails with -ENOMEM).  An IDR whose last id is removed frees its
 * array, so an empty IDR holds no memory, as in the kernel.  Storing NULL reserves an id: idr_find()
 * returns NULL for it and iteration skips it, but it is not free.
 * idr_preload() disables preemption like the kernel's, so sleeping
 * allocations between it and idr_preload_end() are reported.
 */
#ifndef __IDR_H__
#define __IDR_H__

#include <linux/types.h>
#include <linux/gfp.h>
#include <linux/bug.h>
#include <linux/err.h>
#include <linux/preempt.h>
#include <linux/xarray.h>

struct idr {
	struct __host_idmap __map;
	unsigned int idr_base;
	unsigned int idr_next;
};

#define IDR_INIT_BASE(name, base)	{ .idr_base = (base), .idr_next = 0 }
#define IDR_INIT(name)			IDR_INIT_BASE(name, 0)
#define DEFINE_IDR(name)		struct idr name = IDR_INIT(name)

static inline void idr_init_base(struct idr *idr, int base)
{
	*idr = (struct idr)IDR_INIT_BASE(*idr, base);
}

static inline void idr_init(struct idr *idr)
{
	idr_init_base(idr, 0);
}

static inline unsigned int idr_get_cursor(const struct idr *idr)
{
	return READ_ONCE(idr->idr_next);
}

static inline void idr_set_cursor(struct idr *idr, unsigned int val)
{
	WRITE_ONCE(idr->idr_next, val);
}

static inline void idr_preload(gfp_t gfp_mask)
{
	(void)gfp_mask;
	preempt_disable();
}

static inline void idr_preload_end(void)
{
	preempt_enable();
}

int __host_idr_alloc(struct idr *idr, void *ptr, int start, int end,
		     gfp_t gfp, const char *file, int line);
int __host_idr_alloc_cyclic(struct idr *idr, void *ptr, int start, int end,
			    gfp_t gfp, const char *file, int line);

/*
 * idr_alloc() - store @ptr at the lowest free id in [max(@start, base),
 * @end), where @end <= 0 means INT_MAX + 1.
 * Return: the id, -ENOSPC if the range is full, -ENOMEM, or -EINVAL for a
 * negative @start.
 */
#define idr_alloc(idr, ptr, start, end, gfp)				\
	__host_idr_alloc((idr), (ptr), (start), (end), (gfp),		\
			 __FILE__, __LINE__)
/* idr_alloc_cyclic() - like idr_alloc(), from just past the last id
 * handed out, wrapping round to @start. */
#define idr_alloc_cyclic(idr, ptr, start, end, gfp)			\
	__host_idr_alloc_cyclic((idr), (ptr), (start), (end), (gfp),	\
				__FILE__, __LINE__)

void *idr_find(const struct idr *idr, unsigned long id);
/* idr_remove() - free @id; returns what was stored there (NULL if none). */
void *idr_remove(struct idr *idr, unsigned long id);
/* idr_replace() - returns the old entry, or ERR_PTR(-ENOENT) if @id is
 * not allocated. */
void *idr_replace(struct idr *idr, void *ptr, unsigned long id);
/* idr_get_next() - the first non-NULL entry at or above *@nextid, with
 * *@nextid set to its id; NULL at the end. */
void *idr_get_next(struct idr *idr, int *nextid);
int idr_for_each(const struct idr *idr,
		 int (*fn)(int id, void *p, void *data), void *data);
bool idr_is_empty(const struct idr *idr);
/* idr_destroy() - free the IDR's memory (not the entries); it is then
 * empty and reusable. */
void idr_destroy(struct idr *idr);

#define idr_for_each_entry(idr, entry, id)				\
	for ((id) = 0; ((entry) = idr_get_next((idr), &(id))) != NULL;	\
	     (id) += 1U)
#define idr_for_each_entry_continue(idr, entry, id)			\
	for ((entry) = idr_get_next((idr), &(id)); entry;		\
	     ++(id), (entry) = idr_get_next((idr), &(id)))

#endif /* __IDR_H__ */
