/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A pointer into a buffer that may live in system memory or in I/O memory,
 * with accessors that pick the right way to touch it. This is the subset of
 * Linux's iosys_map that the dma-buf core and its users need.
 */
#ifndef __IOSYS_MAP_H__
#define __IOSYS_MAP_H__

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/io.h>
#include <linux/string.h>
#include <linux/types.h>

/**
 * DOC: overview
 *
 * Exporters return a &struct iosys_map from their vmap callback. Users must
 * not dereference &iosys_map.vaddr blindly: when &iosys_map.is_iomem is set
 * the address is I/O memory and must go through the accessors below
 * (iosys_map_rd(), iosys_map_wr(), iosys_map_memcpy_to(), ...), which use
 * readl()/writel() and friends for it and plain accesses otherwise.
 *
 * A cleared map (all zero) is a NULL system memory pointer.
 */

/**
 * struct iosys_map - a pointer to system or I/O memory
 * @vaddr_iomem: the address when @is_iomem is set
 * @vaddr: the address when @is_iomem is clear
 * @is_iomem: true if the buffer lives in I/O memory
 */
struct iosys_map {
	union {
		void __iomem *vaddr_iomem;
		void *vaddr;
	};
	bool is_iomem;
};

/**
 * IOSYS_MAP_INIT_VADDR - initialiser for a system memory map
 * @vaddr_: the address
 */
#define IOSYS_MAP_INIT_VADDR(vaddr_)	\
	{				\
		.vaddr = (vaddr_),	\
		.is_iomem = false,	\
	}

/**
 * IOSYS_MAP_INIT_VADDR_IOMEM - initialiser for an I/O memory map
 * @vaddr_iomem_: the address
 */
#define IOSYS_MAP_INIT_VADDR_IOMEM(vaddr_iomem_)	\
	{						\
		.vaddr_iomem = (vaddr_iomem_),		\
		.is_iomem = true,			\
	}

/**
 * iosys_map_set_vaddr() - point a map at system memory
 * @map: the map
 * @vaddr: the address
 */
static inline void iosys_map_set_vaddr(struct iosys_map *map, void *vaddr)
{
	map->vaddr = vaddr;
	map->is_iomem = false;
}

/**
 * iosys_map_set_vaddr_iomem() - point a map at I/O memory
 * @map: the map
 * @vaddr_iomem: the address
 */
static inline void iosys_map_set_vaddr_iomem(struct iosys_map *map,
					     void __iomem *vaddr_iomem)
{
	map->vaddr_iomem = vaddr_iomem;
	map->is_iomem = true;
}

/**
 * iosys_map_is_equal() - do two maps point at the same place?
 * @lhs: a map
 * @rhs: another map
 *
 * Return: true if both are of the same memory kind and address.
 */
static inline bool iosys_map_is_equal(const struct iosys_map *lhs,
				      const struct iosys_map *rhs)
{
	if (lhs->is_iomem != rhs->is_iomem)
		return false;
	if (lhs->is_iomem)
		return lhs->vaddr_iomem == rhs->vaddr_iomem;
	return lhs->vaddr == rhs->vaddr;
}

/**
 * iosys_map_is_null() - is a map a NULL pointer?
 * @map: the map
 *
 * Return: true if the address of the map's memory kind is NULL.
 */
static inline bool iosys_map_is_null(const struct iosys_map *map)
{
	return map->is_iomem ? !map->vaddr_iomem : !map->vaddr;
}

/**
 * iosys_map_is_set() - does a map point somewhere?
 * @map: the map
 *
 * Return: the opposite of iosys_map_is_null().
 */
static inline bool iosys_map_is_set(const struct iosys_map *map)
{
	return !iosys_map_is_null(map);
}

/**
 * iosys_map_clear() - reset a map to a NULL system memory pointer
 * @map: the map
 */
static inline void iosys_map_clear(struct iosys_map *map)
{
	memset(map, 0, sizeof(*map));
}

/**
 * iosys_map_incr() - move a map forward
 * @map: the map
 * @incr: bytes to advance
 */
static inline void iosys_map_incr(struct iosys_map *map, size_t incr)
{
	if (map->is_iomem)
		map->vaddr_iomem += incr;
	else
		map->vaddr += incr;
}

/**
 * iosys_map_memcpy_to() - copy system memory into a map
 * @dst: the map
 * @dst_offset: byte offset into @dst
 * @src: the source, in system memory
 * @len: bytes to copy
 */
static inline void iosys_map_memcpy_to(struct iosys_map *dst,
				       size_t dst_offset, const void *src,
				       size_t len)
{
	if (dst->is_iomem)
		memcpy_toio(dst->vaddr_iomem + dst_offset, src, len);
	else
		memcpy(dst->vaddr + dst_offset, src, len);
}

/**
 * iosys_map_memcpy_from() - copy from a map into system memory
 * @dst: the destination, in system memory
 * @src: the map
 * @src_offset: byte offset into @src
 * @len: bytes to copy
 */
static inline void iosys_map_memcpy_from(void *dst,
					 const struct iosys_map *src,
					 size_t src_offset, size_t len)
{
	if (src->is_iomem)
		memcpy_fromio(dst, src->vaddr_iomem + src_offset, len);
	else
		memcpy(dst, src->vaddr + src_offset, len);
}

/**
 * iosys_map_memset() - fill part of a map
 * @dst: the map
 * @offset: byte offset into @dst
 * @value: the byte value
 * @len: bytes to fill
 */
static inline void iosys_map_memset(struct iosys_map *dst, size_t offset,
				    int value, size_t len)
{
	if (dst->is_iomem)
		memset_io(dst->vaddr_iomem + offset, value, len);
	else
		memset(dst->vaddr + offset, value, len);
}

/*
 * One access of the width of @type__ to I/O memory; the switch is resolved
 * at compile time. 64-bit accesses are split where readq() does not exist.
 */
#ifdef CONFIG_64BIT
#define __iosys_map_io_rd64(addr__)	readq(addr__)
#define __iosys_map_io_wr64(v__, addr__)	writeq(v__, addr__)
#else
#define __iosys_map_io_rd64(addr__) ({					\
	u64 t__;							\
	memcpy_fromio(&t__, addr__, sizeof(t__));			\
	t__;								\
})
#define __iosys_map_io_wr64(v__, addr__) ({				\
	u64 t__ = (v__);						\
	memcpy_toio(addr__, &t__, sizeof(t__));				\
})
#endif

#define __iosys_map_io_rd(addr__, type__) ({				\
	const void __iomem *a__ = (addr__);				\
	type__ r__;							\
	BUILD_BUG_ON(sizeof(type__) != 1 && sizeof(type__) != 2 &&	\
		     sizeof(type__) != 4 && sizeof(type__) != 8);	\
	switch (sizeof(type__)) {					\
	case 1:								\
		r__ = (type__)readb(a__);				\
		break;							\
	case 2:								\
		r__ = (type__)readw(a__);				\
		break;							\
	case 4:								\
		r__ = (type__)readl(a__);				\
		break;							\
	default:							\
		r__ = (type__)__iosys_map_io_rd64(a__);			\
		break;							\
	}								\
	r__;								\
})

#define __iosys_map_io_wr(v__, addr__, type__) ({			\
	void __iomem *a__ = (addr__);					\
	u64 w__ = (u64)(v__);						\
	BUILD_BUG_ON(sizeof(type__) != 1 && sizeof(type__) != 2 &&	\
		     sizeof(type__) != 4 && sizeof(type__) != 8);	\
	switch (sizeof(type__)) {					\
	case 1:								\
		writeb((u8)w__, a__);					\
		break;							\
	case 2:								\
		writew((u16)w__, a__);					\
		break;							\
	case 4:								\
		writel((u32)w__, a__);					\
		break;							\
	default:							\
		__iosys_map_io_wr64(w__, a__);				\
		break;							\
	}								\
})

/**
 * iosys_map_rd - read one naturally aligned value from a map
 * @map__: the map
 * @offset__: byte offset into the map
 * @type__: u8, u16, u32 or u64
 *
 * The value is read with a single access of its width (READ_ONCE() or
 * readb()..readq()). Use iosys_map_memcpy_from() for anything else.
 *
 * Return: the value read.
 */
#define iosys_map_rd(map__, offset__, type__) ({			\
	const struct iosys_map *m__ = (map__);				\
	type__ val__;							\
	if (m__->is_iomem)						\
		val__ = __iosys_map_io_rd(m__->vaddr_iomem + (offset__),\
					  type__);			\
	else								\
		val__ = READ_ONCE(*(type__ *)(m__->vaddr + (offset__)));\
	val__;								\
})

/**
 * iosys_map_wr - write one naturally aligned value to a map
 * @map__: the map
 * @offset__: byte offset into the map
 * @type__: u8, u16, u32 or u64
 * @val__: the value
 *
 * The counterpart of iosys_map_rd().
 */
#define iosys_map_wr(map__, offset__, type__, val__) ({			\
	const struct iosys_map *m__ = (map__);				\
	type__ v__ = (val__);						\
	if (m__->is_iomem)						\
		__iosys_map_io_wr(v__, m__->vaddr_iomem + (offset__),	\
				  type__);				\
	else								\
		WRITE_ONCE(*(type__ *)(m__->vaddr + (offset__)), v__);	\
})

#endif /* __IOSYS_MAP_H__ */
