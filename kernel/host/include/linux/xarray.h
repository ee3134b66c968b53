/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: the XArray API on a flat growable array of slots.
 *
 * Indices index the array directly, so only allocating arrays and small
 * indices are sensible (xa_store() beyond 2^24 fails with -ENOMEM).
 * Writers take xa_lock, a real host spinlock (so allocation under it is
 * checked); with a blocking gfp they drop it around the allocation as the
 * kernel does.  Readers (xa_load(), xa_find(), xa_empty()) need no lock:
 * they take a second, internal spinlock that writers also hold while they
 * change the slots, so xa_load() under xa_lock works as in the kernel.
 * An array whose last entry is erased frees its slots: an empty XArray
 * holds no memory, as in the kernel.  Marks other than XA_PRESENT are not
 * provided.
 *
 * struct __host_idmap is the backing shared with the IDR (idr.h).
 */
#ifndef _LINUX_XARRAY_H
#define _LINUX_XARRAY_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/gfp.h>
#include <linux/bug.h>
#include <linux/limits.h>
#include <linux/err.h>
#include <linux/spinlock.h>

/*
 * The slots behind an xarray or idr: NULL is a free index, a reserved one
 * (an entry of NULL that still takes the index) holds an internal marker.
 */
struct __host_idmap {
	void **slots;
	unsigned long cap;		/* slots allocated */
	unsigned long count;		/* indices in use, reserved included */
	unsigned long free_hint;	/* every index below is in use */
};

typedef unsigned int __bitwise xa_mark_t;
#define XA_MARK_0		((__force xa_mark_t)0U)
#define XA_MARK_1		((__force xa_mark_t)1U)
#define XA_MARK_2		((__force xa_mark_t)2U)
#define XA_PRESENT		((__force xa_mark_t)8U)

#define XA_FLAGS_LOCK_IRQ	((__force gfp_t)1U)
#define XA_FLAGS_LOCK_BH	((__force gfp_t)2U)
#define XA_FLAGS_TRACK_FREE	((__force gfp_t)4U)
#define XA_FLAGS_ZERO_BUSY	((__force gfp_t)8U)
#define XA_FLAGS_ALLOC_WRAPPED	((__force gfp_t)16U)
#define XA_FLAGS_ACCOUNT	((__force gfp_t)32U)
#define XA_FLAGS_ALLOC		XA_FLAGS_TRACK_FREE
#define XA_FLAGS_ALLOC1		(XA_FLAGS_TRACK_FREE | XA_FLAGS_ZERO_BUSY)

/* Internal entries: errors travel in the low bits as in the kernel. */
static inline void *xa_mk_internal(unsigned long v)
{
	return (void *)((v << 2) | 2);
}

static inline unsigned long xa_to_internal(const void *entry)
{
	return (unsigned long)entry >> 2;
}

static inline bool xa_is_internal(const void *entry)
{
	return ((unsigned long)entry & 3) == 2;
}

static inline bool xa_is_err(const void *entry)
{
	return unlikely(xa_is_internal(entry) &&
			entry >= xa_mk_internal(-MAX_ERRNO));
}

/* xa_err() - the errno in an xa_store() result, or 0. */
static inline int xa_err(void *entry)
{
	if (xa_is_err(entry))
		return (long)entry >> 2;
	return 0;
}

struct xarray {
	spinlock_t xa_lock;
	gfp_t xa_flags;
	struct __host_idmap __map;
	spinlock_t __host_rlock;	/* readers vs. slot changes */
};

#define XARRAY_INIT(name, flags) {					\
	.xa_lock = __SPIN_LOCK_UNLOCKED(name.xa_lock),			\
	.xa_flags = flags,						\
	.__host_rlock = __SPIN_LOCK_UNLOCKED(name.__host_rlock),	\
}

#define DEFINE_XARRAY_FLAGS(name, flags)				\
	struct xarray name = XARRAY_INIT(name, flags)
#define DEFINE_XARRAY(name)		DEFINE_XARRAY_FLAGS(name, 0)
#define DEFINE_XARRAY_ALLOC(name)	DEFINE_XARRAY_FLAGS(name, XA_FLAGS_ALLOC)
#define DEFINE_XARRAY_ALLOC1(name)	DEFINE_XARRAY_FLAGS(name, XA_FLAGS_ALLOC1)

/* The range xa_alloc() may hand out, both ends included. */
struct xa_limit {
	u32 max;
	u32 min;
};

#define XA_LIMIT(_min, _max)	(struct xa_limit) { .min = _min, .max = _max }
#define xa_limit_32b		XA_LIMIT(0, UINT_MAX)
#define xa_limit_31b		XA_LIMIT(0, INT_MAX)
#define xa_limit_16b		XA_LIMIT(0, USHRT_MAX)

void xa_init_flags(struct xarray *xa, gfp_t flags);

static inline void xa_init(struct xarray *xa)
{
	xa_init_flags(xa, 0);
}

#define xa_lock(xa)		spin_lock(&(xa)->xa_lock)
#define xa_unlock(xa)		spin_unlock(&(xa)->xa_lock)
#define xa_lock_bh(xa)		spin_lock_bh(&(xa)->xa_lock)
#define xa_unlock_bh(xa)	spin_unlock_bh(&(xa)->xa_lock)
#define xa_lock_irq(xa)		spin_lock_irq(&(xa)->xa_lock)
#define xa_unlock_irq(xa)	spin_unlock_irq(&(xa)->xa_lock)
#define xa_lock_irqsave(xa, flags)					\
	spin_lock_irqsave(&(xa)->xa_lock, flags)
#define xa_unlock_irqrestore(xa, flags)					\
	spin_unlock_irqrestore(&(xa)->xa_lock, flags)

/* Lockless (any context): the entry at @index, or NULL. */
void *xa_load(struct xarray *xa, unsigned long index);
/* Does @xa hold no entry (reserved ones count as entries)? */
bool xa_empty(const struct xarray *xa);

/*
 * xa_find() - the first present entry at or above *@indexp and at most
 * @max, with *@indexp set to its index; xa_find_after() starts above
 * *@indexp.  Reserved entries are skipped.  Only XA_PRESENT is supported.
 */
void *xa_find(struct xarray *xa, unsigned long *indexp, unsigned long max,
	      xa_mark_t filter);
void *xa_find_after(struct xarray *xa, unsigned long *indexp,
		    unsigned long max, xa_mark_t filter);

#define xa_for_each_range(xa, index, entry, start, last)		\
	for (index = start,						\
	     entry = xa_find(xa, &index, last, XA_PRESENT);		\
	     entry;							\
	     entry = xa_find_after(xa, &index, last, XA_PRESENT))
#define xa_for_each_start(xa, index, entry, start)			\
	xa_for_each_range(xa, index, entry, start, ULONG_MAX)
#define xa_for_each(xa, index, entry)					\
	xa_for_each_start(xa, index, entry, 0)

/*
 * Writers.  The __xa_ forms are called with xa_lock held (and may drop
 * and retake it to allocate); the others take it themselves.  The
 * allocation is counted at the caller's site.
 */
int __host_xa_alloc(struct xarray *xa, u32 *id, void *entry,
		    struct xa_limit limit, gfp_t gfp, bool locked,
		    const char *file, int line);
void *__host_xa_store(struct xarray *xa, unsigned long index, void *entry,
		      gfp_t gfp, bool locked, const char *file, int line);
void *__xa_erase(struct xarray *xa, unsigned long index);
void *xa_erase(struct xarray *xa, unsigned long index);
void xa_destroy(struct xarray *xa);

/*
 * xa_alloc() - store @entry at the lowest free index in @limit (not 0 for
 * XA_FLAGS_ALLOC1 arrays) and put it in *@id.  A NULL @entry reserves the
 * index.  Return: 0, -EBUSY if the range is full, -ENOMEM.
 */
#define xa_alloc(xa, id, entry, ...)					\
	__host_xa_alloc((xa), (id), (entry), __VA_ARGS__, false,	\
			__FILE__, __LINE__)
#define __xa_alloc(xa, id, entry, ...)					\
	__host_xa_alloc((xa), (id), (entry), __VA_ARGS__, true,		\
			__FILE__, __LINE__)

/*
 * xa_store() - put @entry at @index; NULL erases (reserves, in an
 * allocating array).  Return: the old entry, or an xa_err() encoded error.
 */
#define xa_store(xa, index, entry, gfp)					\
	__host_xa_store((xa), (index), (entry), (gfp), false,		\
			__FILE__, __LINE__)
#define __xa_store(xa, index, entry, gfp)				\
	__host_xa_store((xa), (index), (entry), (gfp), true,		\
			__FILE__, __LINE__)

#endif /* _LINUX_XARRAY_H */
