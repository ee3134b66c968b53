/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: the counted allocator.
 *
 * Every kmalloc-family, kvmalloc-family and kmem_cache allocation goes
 * through the host allocator, which
 *  - counts live allocations (host_alloc_live()),
 *  - records the call site (file, line) of each allocation, because these
 *    are macros that pass __FILE__ and __LINE__,
 *  - can fail the Nth fallible allocation on request (host_alloc_fail_nth();
 *    __GFP_NOFAIL allocations are never failed),
 *  - reports kfree() of a pointer it did not hand out (double free, bogus
 *    pointer) as a BUG instead of corrupting the heap,
 *  - calls might_sleep() for allocations that may block (GFP_KERNEL).
 * kmalloc(0) returns ZERO_SIZE_PTR as in the kernel.
 *
 * Caches created with SLAB_TYPESAFE_BY_RCU keep freed objects' memory
 * valid until an RCU grace period has passed, as the kernel guarantees.
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/gfp.h>
#include <linux/overflow.h>
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/string.h>

#define ZERO_SIZE_PTR		((void *)16)
#define ZERO_OR_NULL_PTR(x)	((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

#define SLAB_HWCACHE_ALIGN	((slab_flags_t)0x00002000U)
#define SLAB_PANIC		((slab_flags_t)0x00040000U)
#define SLAB_TYPESAFE_BY_RCU	((slab_flags_t)0x00080000U)
#define SLAB_ACCOUNT		((slab_flags_t)0x04000000U)
#define SLAB_RECLAIM_ACCOUNT	((slab_flags_t)0x00020000U)
#define SLAB_POISON		((slab_flags_t)0x00000800U)
#define SLAB_RED_ZONE		((slab_flags_t)0x00000400U)
#define SLAB_NO_USER_FLAGS	((slab_flags_t)0x10000000U)
#define SLAB_MEM_SPREAD		((slab_flags_t)0x00100000U)

#define KMALLOC_MAX_SIZE	(1UL << 30)
#define ARCH_KMALLOC_MINALIGN	8

struct kmem_cache;

void *__host_kmalloc(size_t size, gfp_t flags, const char *file, int line);
void *__host_kvmalloc(size_t size, gfp_t flags, const char *file, int line);
void *__host_krealloc(const void *p, size_t new_size, gfp_t flags,
		      const char *file, int line);
void kfree(const void *objp);
void kvfree(const void *addr);
void kfree_sensitive(const void *objp);
void kvfree_sensitive(const void *addr, size_t len);
size_t ksize(const void *objp);

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *));
struct kmem_cache *kmem_cache_create_usercopy(const char *name,
					      unsigned int size,
					      unsigned int align,
					      slab_flags_t flags,
					      unsigned int useroffset,
					      unsigned int usersize,
					      void (*ctor)(void *));
void kmem_cache_destroy(struct kmem_cache *s);
int kmem_cache_shrink(struct kmem_cache *s);
void *__host_kmem_cache_alloc(struct kmem_cache *s, gfp_t flags,
			      const char *file, int line);
void kmem_cache_free(struct kmem_cache *s, void *objp);
unsigned int kmem_cache_size(struct kmem_cache *s);

#define KMEM_CACHE(__struct, __flags)					\
	kmem_cache_create(#__struct, sizeof(struct __struct),		\
			  __alignof__(struct __struct), (__flags), NULL)
#define KMEM_CACHE_USERCOPY(__struct, __flags, __field)			\
	KMEM_CACHE(__struct, __flags)

#define kmalloc(size, flags)	__host_kmalloc((size), (flags), __FILE__, __LINE__)
#define kzalloc(size, flags)						\
	__host_kmalloc((size), (flags) | __GFP_ZERO, __FILE__, __LINE__)
#define kmalloc_node(size, flags, node) kmalloc(size, flags)
#define kzalloc_node(size, flags, node) kzalloc(size, flags)
#define kmalloc_array(n, size, flags)					\
	__host_kmalloc(size_mul((n), (size)), (flags), __FILE__, __LINE__)
#define kcalloc(n, size, flags)						\
	__host_kmalloc(size_mul((n), (size)), (flags) | __GFP_ZERO,	\
		       __FILE__, __LINE__)
#define kmalloc_array_node(n, size, flags, node) kmalloc_array(n, size, flags)
#define kcalloc_node(n, size, flags, node) kcalloc(n, size, flags)
#define krealloc(p, size, flags)					\
	__host_krealloc((p), (size), (flags), __FILE__, __LINE__)
#define krealloc_array(p, n, size, flags)				\
	__host_krealloc((p), size_mul((n), (size)), (flags), __FILE__, __LINE__)

#define kvmalloc(size, flags)	__host_kvmalloc((size), (flags), __FILE__, __LINE__)
#define kvzalloc(size, flags)						\
	__host_kvmalloc((size), (flags) | __GFP_ZERO, __FILE__, __LINE__)
#define kvmalloc_node(size, flags, node) kvmalloc(size, flags)
#define kvzalloc_node(size, flags, node) kvzalloc(size, flags)
#define kvmalloc_array(n, size, flags)					\
	__host_kvmalloc(size_mul((n), (size)), (flags), __FILE__, __LINE__)
#define kvcalloc(n, size, flags)					\
	__host_kvmalloc(size_mul((n), (size)), (flags) | __GFP_ZERO,	\
			__FILE__, __LINE__)

#define kmem_cache_alloc(s, flags)					\
	__host_kmem_cache_alloc((s), (flags), __FILE__, __LINE__)
#define kmem_cache_zalloc(s, flags)					\
	__host_kmem_cache_alloc((s), (flags) | __GFP_ZERO, __FILE__, __LINE__)
#define kmem_cache_alloc_node(s, flags, node) kmem_cache_alloc(s, flags)

__printf(2, 3) char *__host_kasprintf(gfp_t gfp, const char *fmt, ...);
__printf(2, 0) char *__host_kvasprintf(gfp_t gfp, const char *fmt, va_list ap);
#define kasprintf(gfp, fmt, ...)	__host_kasprintf((gfp), fmt, ##__VA_ARGS__)
#define kvasprintf(gfp, fmt, ap)	__host_kvasprintf((gfp), fmt, ap)

#endif /* _LINUX_SLAB_H */
