// SPDX-License-Identifier: GPL-2.0-only
/*
 * fencepost userspace host: the IDR and the XArray, both on one flat,
 * growable array of slots (struct __host_idmap).
 *
 * A slot is NULL when its index is free and holds RESERVED when the index
 * is taken by a NULL entry.  Growing the array goes through the counted
 * allocator at the caller's site, so leaks, sites and fail-nth injection
 * cover it like any kmalloc().  The IDR has no lock (callers serialise, as
 * in the kernel); the XArray's writers hold xa_lock, and additionally the
 * internal __host_rlock while they change slots, which is all readers take.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/idr.h>
#include <linux/xarray.h>

#include "internal.h"

/* Largest array: indices at or above this cannot be used. */
#define IDMAP_MAX_SLOTS		(1UL << 24)
#define IDMAP_MIN_SLOTS		16UL

/* The marker of a reserved index: an internal entry, like XA_ZERO_ENTRY. */
#define RESERVED		xa_mk_internal(257)

/* ---- the shared slot array --------------------------------------------- */

/* What a slot's value means to callers: reserved reads as NULL. */
static void *idmap_entry(void *slot)
{
	return slot == RESERVED ? NULL : slot;
}

static void *idmap_get(const struct __host_idmap *map, unsigned long index)
{
	return index < map->cap ? map->slots[index] : NULL;
}

/*
 * The lowest free index in [@min, @max], or -1 if there is none.  The
 * result may lie beyond the array (which then has to grow).
 */
static long idmap_find_free(const struct __host_idmap *map, unsigned long min,
			    unsigned long max)
{
	unsigned long i = max(min, map->free_hint);

	for (; i < map->cap && i <= max; i++)
		if (!map->slots[i])
			return i;
	return i <= max ? (long)i : -1;
}

/* Put @value (not NULL) in free slot @index, which is inside the array. */
static void idmap_set(struct __host_idmap *map, unsigned long index,
		      void *value)
{
	if (!map->slots[index])
		map->count++;
	map->slots[index] = value;
	if (index == map->free_hint)
		map->free_hint++;
}

/* Free slot @index; returns what it held. */
static void *idmap_clear(struct __host_idmap *map, unsigned long index)
{
	void *old = idmap_get(map, index);

	if (!old)
		return NULL;
	map->slots[index] = NULL;
	map->count--;
	if (index < map->free_hint)
		map->free_hint = index;
	return old;
}

/* The capacity to grow to so that @index fits. */
static unsigned long idmap_new_cap(const struct __host_idmap *map,
				   unsigned long index)
{
	unsigned long cap = max3(index + 1, map->cap * 2, IDMAP_MIN_SLOTS);

	return min(cap, IDMAP_MAX_SLOTS);
}

/* A new, larger slot array (not yet installed), or NULL. */
static void **idmap_alloc_slots(unsigned long cap, gfp_t gfp,
				const char *file, int line)
{
	return __host_kvmalloc(cap * sizeof(void *), gfp | __GFP_ZERO,
			       file, line);
}

/*
 * Move the slots into @slots of @cap entries (zeroed, and bigger than the
 * current array); returns the old array for the caller to kvfree().
 */
static void **idmap_install(struct __host_idmap *map, void **slots,
			    unsigned long cap)
{
	void **old = map->slots;

	if (map->cap)
		memcpy(slots, old, map->cap * sizeof(void *));
	map->slots = slots;
	map->cap = cap;
	return old;
}

/* Make @index fit, allocating with @gfp; for the unlocked IDR. */
static int idmap_grow(struct __host_idmap *map, unsigned long index,
		      gfp_t gfp, const char *file, int line)
{
	unsigned long cap;
	void **slots;

	if (index < map->cap)
		return 0;
	if (index >= IDMAP_MAX_SLOTS)
		return -ENOMEM;
	cap = idmap_new_cap(map, index);
	slots = idmap_alloc_slots(cap, gfp, file, line);
	if (!slots)
		return -ENOMEM;
	kvfree(idmap_install(map, slots, cap));
	return 0;
}

/*
 * An empty map gives its array back, as the kernel frees radix-tree nodes
 * once empty: an IDR or XArray without entries holds no memory.  Returns
 * the array for the caller to kvfree(), or NULL.
 */
static void **idmap_release_if_empty(struct __host_idmap *map)
{
	void **slots = map->slots;

	if (map->count || !slots)
		return NULL;
	memset(map, 0, sizeof(*map));
	return slots;
}

static void idmap_destroy(struct __host_idmap *map)
{
	kvfree(map->slots);
	memset(map, 0, sizeof(*map));
}

/* ---- IDR --------------------------------------------------------------- */

/* Allocate an id in [@min, @max] (ids, not slots); -ENOSPC if full. */
static int idr_alloc_range(struct idr *idr, void *ptr, unsigned long min,
			   unsigned long max, gfp_t gfp, const char *file,
			   int line)
{
	unsigned long base = idr->idr_base;
	long slot;
	int ret;

	if (max < min || max < base)
		return -ENOSPC;
	slot = idmap_find_free(&idr->__map, max(min, base) - base, max - base);
	if (slot < 0)
		return -ENOSPC;
	ret = idmap_grow(&idr->__map, slot, gfp, file, line);
	if (ret)
		return ret;
	idmap_set(&idr->__map, slot, ptr ? ptr : RESERVED);
	return slot + base;
}

/* The checks and sleep annotation every idr_alloc*() starts with. */
static int idr_alloc_check(void *ptr, int start, gfp_t gfp, const char *file,
			   int line)
{
	if (gfpflags_allow_blocking(gfp))
		__might_sleep(file, line);
	if (WARN_ON_ONCE(start < 0))
		return -EINVAL;
	if (WARN_ON_ONCE(xa_is_internal(ptr)))
		return -EINVAL;
	return 0;
}

int __host_idr_alloc(struct idr *idr, void *ptr, int start, int end,
		     gfp_t gfp, const char *file, int line)
{
	unsigned long max = end > 0 ? (unsigned long)end - 1 : INT_MAX;
	int ret = idr_alloc_check(ptr, start, gfp, file, line);

	if (ret)
		return ret;
	return idr_alloc_range(idr, ptr, start, max, gfp, file, line);
}

int __host_idr_alloc_cyclic(struct idr *idr, void *ptr, int start, int end,
			    gfp_t gfp, const char *file, int line)
{
	unsigned long max = end > 0 ? (unsigned long)end - 1 : INT_MAX;
	unsigned long from = max_t(unsigned long, idr->idr_next, start);
	int ret = idr_alloc_check(ptr, start, gfp, file, line);

	if (ret)
		return ret;
	ret = idr_alloc_range(idr, ptr, from, max, gfp, file, line);
	if (ret == -ENOSPC && from > (unsigned long)start)
		ret = idr_alloc_range(idr, ptr, start, from - 1, gfp, file,
				      line);
	if (ret >= 0)
		idr->idr_next = (unsigned int)ret + 1;
	return ret;
}

/* The slot of @id, or -1 for an id below the base. */
static long idr_slot(const struct idr *idr, unsigned long id)
{
	return id < idr->idr_base ? -1 : (long)(id - idr->idr_base);
}

void *idr_find(const struct idr *idr, unsigned long id)
{
	long slot = idr_slot(idr, id);

	return slot < 0 ? NULL : idmap_entry(idmap_get(&idr->__map, slot));
}

void *idr_remove(struct idr *idr, unsigned long id)
{
	long slot = idr_slot(idr, id);
	void *old;

	if (slot < 0)
		return NULL;
	old = idmap_clear(&idr->__map, slot);
	kvfree(idmap_release_if_empty(&idr->__map));
	return idmap_entry(old);
}

void *idr_replace(struct idr *idr, void *ptr, unsigned long id)
{
	long slot = idr_slot(idr, id);
	void *old;

	if (WARN_ON_ONCE(xa_is_internal(ptr)))
		return ERR_PTR(-EINVAL);
	old = slot < 0 ? NULL : idmap_get(&idr->__map, slot);
	if (!old)
		return ERR_PTR(-ENOENT);
	idr->__map.slots[slot] = ptr ? ptr : RESERVED;
	return idmap_entry(old);
}

void *idr_get_next(struct idr *idr, int *nextid)
{
	const struct __host_idmap *map = &idr->__map;
	unsigned long id = max_t(long, *nextid, 0);
	unsigned long i;

	for (i = max_t(unsigned long, id, idr->idr_base) - idr->idr_base;
	     i < map->cap; i++) {
		void *entry = idmap_entry(map->slots[i]);

		if (!entry)
			continue;
		id = i + idr->idr_base;
		if (WARN_ON_ONCE(id > INT_MAX))
			return NULL;
		*nextid = id;
		return entry;
	}
	return NULL;
}

int idr_for_each(const struct idr *idr,
		 int (*fn)(int id, void *p, void *data), void *data)
{
	const struct __host_idmap *map = &idr->__map;
	unsigned long i;

	for (i = 0; i < map->cap; i++) {
		void *entry = idmap_entry(map->slots[i]);
		int ret;

		if (!entry)
			continue;
		ret = fn(i + idr->idr_base, entry, data);
		if (ret)
			return ret;
	}
	return 0;
}

bool idr_is_empty(const struct idr *idr)
{
	return !idr->__map.count;
}

void idr_destroy(struct idr *idr)
{
	idmap_destroy(&idr->__map);
}

/* ---- XArray ------------------------------------------------------------ */

void xa_init_flags(struct xarray *xa, gfp_t flags)
{
	spin_lock_init(&xa->xa_lock);
	spin_lock_init(&xa->__host_rlock);
	xa->xa_flags = flags;
	memset(&xa->__map, 0, sizeof(xa->__map));
}

void *xa_load(struct xarray *xa, unsigned long index)
{
	void *entry;

	spin_lock(&xa->__host_rlock);
	entry = idmap_entry(idmap_get(&xa->__map, index));
	spin_unlock(&xa->__host_rlock);
	return entry;
}

bool xa_empty(const struct xarray *xa)
{
	struct xarray *x = (struct xarray *)xa;
	bool empty;

	spin_lock(&x->__host_rlock);
	empty = !x->__map.count;
	spin_unlock(&x->__host_rlock);
	return empty;
}

/* The first present entry in [*@indexp, @max]. */
static void *xa_find_from(struct xarray *xa, unsigned long *indexp,
			  unsigned long start, unsigned long max)
{
	const struct __host_idmap *map = &xa->__map;
	void *entry = NULL;
	unsigned long i;

	spin_lock(&xa->__host_rlock);
	for (i = start; i < map->cap && i <= max; i++) {
		entry = idmap_entry(map->slots[i]);
		if (entry) {
			*indexp = i;
			break;
		}
	}
	spin_unlock(&xa->__host_rlock);
	return entry;
}

void *xa_find(struct xarray *xa, unsigned long *indexp, unsigned long max,
	      xa_mark_t filter)
{
	if (WARN_ON_ONCE(filter != XA_PRESENT))
		return NULL;
	return xa_find_from(xa, indexp, *indexp, max);
}

void *xa_find_after(struct xarray *xa, unsigned long *indexp,
		    unsigned long max, xa_mark_t filter)
{
	if (WARN_ON_ONCE(filter != XA_PRESENT))
		return NULL;
	if (*indexp == ULONG_MAX)
		return NULL;
	return xa_find_from(xa, indexp, *indexp + 1, max);
}

/* Drop and retake xa_lock the way the array's flags say it is taken. */
static void xa_unlock_type(struct xarray *xa)
{
	if (xa->xa_flags & XA_FLAGS_LOCK_IRQ)
		xa_unlock_irq(xa);
	else if (xa->xa_flags & XA_FLAGS_LOCK_BH)
		xa_unlock_bh(xa);
	else
		xa_unlock(xa);
}

static void xa_lock_type(struct xarray *xa)
{
	if (xa->xa_flags & XA_FLAGS_LOCK_IRQ)
		xa_lock_irq(xa);
	else if (xa->xa_flags & XA_FLAGS_LOCK_BH)
		xa_lock_bh(xa);
	else
		xa_lock(xa);
}

/*
 * Make @index fit; called and returns with xa_lock held, which it drops
 * around a blocking allocation (the caller must then look again: the
 * array may have changed).  Return: 0, or -ENOMEM.
 */
static int xa_grow(struct xarray *xa, unsigned long index, gfp_t gfp,
		   const char *file, int line)
{
	bool blocking = gfpflags_allow_blocking(gfp);
	unsigned long cap;
	void **slots;

	if (index >= IDMAP_MAX_SLOTS)
		return -ENOMEM;
	cap = idmap_new_cap(&xa->__map, index);
	if (blocking)
		xa_unlock_type(xa);
	slots = idmap_alloc_slots(cap, gfp, file, line);
	if (blocking)
		xa_lock_type(xa);
	if (!slots)
		return -ENOMEM;
	if (xa->__map.cap >= cap) {	/* someone else grew it meanwhile */
		kvfree(slots);
		return 0;
	}
	spin_lock(&xa->__host_rlock);
	slots = idmap_install(&xa->__map, slots, cap);
	spin_unlock(&xa->__host_rlock);
	kvfree(slots);
	return 0;
}

/* Set a slot inside the array, excluding readers. */
static void xa_set_slot(struct xarray *xa, unsigned long index, void *value)
{
	spin_lock(&xa->__host_rlock);
	idmap_set(&xa->__map, index, value);
	spin_unlock(&xa->__host_rlock);
}

/* xa_alloc() with xa_lock held. */
static int xa_alloc_locked(struct xarray *xa, u32 *id, void *entry,
			   struct xa_limit limit, gfp_t gfp, const char *file,
			   int line)
{
	unsigned long min = limit.min;
	long index;
	int ret;

	if (xa->xa_flags & XA_FLAGS_ZERO_BUSY)
		min = max(min, 1UL);
	for (;;) {
		index = idmap_find_free(&xa->__map, min, limit.max);
		if (index < 0)
			return -EBUSY;
		if ((unsigned long)index < xa->__map.cap)
			break;
		ret = xa_grow(xa, index, gfp, file, line);
		if (ret)
			return ret;
	}
	xa_set_slot(xa, index, entry ? entry : RESERVED);
	*id = index;
	return 0;
}

int __host_xa_alloc(struct xarray *xa, u32 *id, void *entry,
		    struct xa_limit limit, gfp_t gfp, bool locked,
		    const char *file, int line)
{
	int ret;

	if (WARN_ON_ONCE(!(xa->xa_flags & XA_FLAGS_TRACK_FREE)))
		return -EINVAL;
	if (WARN_ON_ONCE(xa_is_internal(entry)))
		return -EINVAL;
	if (gfpflags_allow_blocking(gfp))
		__might_sleep(file, line);
	if (!locked)
		xa_lock(xa);
	ret = xa_alloc_locked(xa, id, entry, limit, gfp, file, line);
	if (!locked)
		xa_unlock(xa);
	return ret;
}

void *__xa_erase(struct xarray *xa, unsigned long index)
{
	void **empty;
	void *old;

	spin_lock(&xa->__host_rlock);
	old = idmap_clear(&xa->__map, index);
	empty = idmap_release_if_empty(&xa->__map);
	spin_unlock(&xa->__host_rlock);
	kvfree(empty);
	return idmap_entry(old);
}

void *xa_erase(struct xarray *xa, unsigned long index)
{
	void *old;

	xa_lock(xa);
	old = __xa_erase(xa, index);
	xa_unlock(xa);
	return old;
}

/* xa_store() with xa_lock held. */
static void *xa_store_locked(struct xarray *xa, unsigned long index,
			     void *entry, gfp_t gfp, const char *file,
			     int line)
{
	void *old;
	int ret;

	if (!entry && !(xa->xa_flags & XA_FLAGS_TRACK_FREE))
		return __xa_erase(xa, index);
	while (index >= xa->__map.cap) {
		ret = xa_grow(xa, index, gfp, file, line);
		if (ret)
			return xa_mk_internal(ret);
	}
	spin_lock(&xa->__host_rlock);
	old = idmap_clear(&xa->__map, index);
	idmap_set(&xa->__map, index, entry ? entry : RESERVED);
	spin_unlock(&xa->__host_rlock);
	return idmap_entry(old);
}

void *__host_xa_store(struct xarray *xa, unsigned long index, void *entry,
		      gfp_t gfp, bool locked, const char *file, int line)
{
	void *old;

	if (WARN_ON_ONCE(xa_is_internal(entry)))
		return xa_mk_internal(-EINVAL);
	if (gfpflags_allow_blocking(gfp))
		__might_sleep(file, line);
	if (!locked)
		xa_lock(xa);
	old = xa_store_locked(xa, index, entry, gfp, file, line);
	if (!locked)
		xa_unlock(xa);
	return old;
}

void xa_destroy(struct xarray *xa)
{
	struct __host_idmap map;

	xa_lock(xa);
	spin_lock(&xa->__host_rlock);
	map = xa->__map;
	memset(&xa->__map, 0, sizeof(xa->__map));
	spin_unlock(&xa->__host_rlock);
	xa_unlock(xa);
	idmap_destroy(&map);
}
