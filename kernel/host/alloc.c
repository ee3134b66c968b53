// SPDX-License-Identifier: GPL-2.0-only
/*
 * fencepost userspace host: the counted allocator behind kmalloc(),
 * kvmalloc() and kmem_cache_alloc().
 *
 * Every live block is in a hash table keyed by its address, holding its
 * size, kind and allocation site, so the host can count live blocks, name
 * the site of a leak, and refuse (and report) a kfree() of an address it
 * never handed out or already took back.  Allocation sites are interned in
 * a second table; fault injection counts fallible allocations globally.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/rcupdate.h>
#include <linux/poison.h>
#include <host/host.h>

#include "internal.h"

enum block_kind { KIND_KMALLOC, KIND_KVMALLOC, KIND_CACHE };

struct block {
	struct block *next;
	const void *ptr;
	size_t size;
	int site;
	enum block_kind kind;
	struct kmem_cache *cache;
};

struct kmem_cache {
	char name[64];
	size_t size;
	size_t align;
	slab_flags_t flags;
	void (*ctor)(void *);
	long live;
};

/* Objects of SLAB_TYPESAFE_BY_RCU caches sit after this header. */
struct rcu_hdr {
	struct rcu_head rcu;
	void *base;
} __attribute__((aligned(64)));

#define NBUCKETS 65536

static pthread_mutex_t alloc_lock = PTHREAD_MUTEX_INITIALIZER;
static struct block *buckets[NBUCKETS];
static long live_count;

static struct host_alloc_site *sites;
static int nsites, sites_cap;
static int *site_hash;		/* open addressing, -1 = empty */
static int site_hash_cap;

static unsigned long fail_countdown;
static bool fail_hit;

void host_alloc_init(void)
{
}

static size_t ptr_hash(const void *p)
{
	unsigned long v = (unsigned long)p;

	v ^= v >> 17;
	v *= 0xed5ad4bbUL;
	v ^= v >> 11;
	return v & (NBUCKETS - 1);
}

static size_t site_key(const char *file, int line)
{
	unsigned long h = (unsigned long)file * 0x9e3779b97f4a7c15UL;

	return (h ^ (unsigned long)line * 0xbf58476d1ce4e5b9UL) >> 7;
}

static bool site_grow(void)
{
	int cap = site_hash_cap ? site_hash_cap * 2 : 1024;
	int *tab = malloc(sizeof(*tab) * cap);
	int i;

	if (!tab)
		return false;
	for (i = 0; i < cap; i++)
		tab[i] = -1;
	for (i = 0; i < nsites; i++) {
		size_t k = site_key(sites[i].file, sites[i].line) & (cap - 1);

		while (tab[k] >= 0)
			k = (k + 1) & (cap - 1);
		tab[k] = i;
	}
	free(site_hash);
	site_hash = tab;
	site_hash_cap = cap;
	return true;
}

/* Find or add the site; called with alloc_lock held. -1 if out of memory. */
static int site_lookup(const char *file, int line)
{
	size_t k;

	if (!file) {
		file = "?";
		line = 0;
	}
	if ((nsites + 1) * 2 > site_hash_cap && !site_grow())
		return -1;
	k = site_key(file, line) & (site_hash_cap - 1);
	while (site_hash[k] >= 0) {
		struct host_alloc_site *s = &sites[site_hash[k]];

		if (s->line == line && (s->file == file || !strcmp(s->file, file)))
			return site_hash[k];
		k = (k + 1) & (site_hash_cap - 1);
	}
	if (nsites == sites_cap) {
		int cap = sites_cap ? sites_cap * 2 : 256;
		struct host_alloc_site *n = realloc(sites, sizeof(*n) * cap);

		if (!n)
			return -1;
		sites = n;
		sites_cap = cap;
	}
	sites[nsites] = (struct host_alloc_site){ .file = file, .line = line };
	site_hash[k] = nsites;
	return nsites++;
}

/*
 * host_fault_point() - account one fallible allocation attempt at a site
 *
 * Return: true if this attempt must fail (fault injection fired).
 */
static bool fault_point_locked(gfp_t gfp, int site)
{
	bool fail = false;

	if (gfp & __GFP_NOFAIL)
		return false;
	if (site >= 0)
		sites[site].allocs++;
	if (fail_countdown && --fail_countdown == 0) {
		fail = true;
		fail_hit = true;
		if (site >= 0)
			sites[site].injected++;
	}
	return fail;
}

bool host_fault_point(unsigned int gfp, const char *file, int line)
{
	bool fail;

	pthread_mutex_lock(&alloc_lock);
	fail = fault_point_locked(gfp, site_lookup(file, line));
	pthread_mutex_unlock(&alloc_lock);
	return fail;
}

static void track(const void *ptr, size_t size, int site, enum block_kind kind,
		  struct kmem_cache *cache, struct block *b)
{
	size_t h = ptr_hash(ptr);

	b->ptr = ptr;
	b->size = size;
	b->site = site;
	b->kind = kind;
	b->cache = cache;
	b->next = buckets[h];
	buckets[h] = b;
	live_count++;
	if (cache)
		cache->live++;
}

/* Remove and return the record of @ptr; called with alloc_lock held. */
static struct block *untrack(const void *ptr)
{
	struct block **pp = &buckets[ptr_hash(ptr)];

	for (; *pp; pp = &(*pp)->next) {
		struct block *b = *pp;

		if (b->ptr == ptr) {
			*pp = b->next;
			live_count--;
			if (b->cache)
				b->cache->live--;
			return b;
		}
	}
	return NULL;
}

static struct block *lookup(const void *ptr)
{
	struct block *b = buckets[ptr_hash(ptr)];

	while (b && b->ptr != ptr)
		b = b->next;
	return b;
}

/*
 * The common allocation path.  @raw_size is what to ask malloc for (it
 * includes the typesafe header), @size what the caller sees.
 */
static void *alloc_common(size_t size, gfp_t gfp, const char *file, int line,
			  enum block_kind kind, struct kmem_cache *cache)
{
	size_t align = cache ? cache->align : 16;
	size_t hdr = cache && (cache->flags & SLAB_TYPESAFE_BY_RCU) ?
		     sizeof(struct rcu_hdr) : 0;
	struct block *b;
	void *base, *ptr;
	int site;

	if (gfp & __GFP_DIRECT_RECLAIM)
		host_might_sleep_check(file, line, true);
	b = malloc(sizeof(*b));
	if (!b)
		return NULL;
	pthread_mutex_lock(&alloc_lock);
	site = site_lookup(file, line);
	if (fault_point_locked(gfp, site)) {
		pthread_mutex_unlock(&alloc_lock);
		free(b);
		return NULL;
	}
	pthread_mutex_unlock(&alloc_lock);

	if (size == SIZE_MAX || (kind == KIND_KMALLOC && size > KMALLOC_MAX_SIZE)) {
		WARN(!(gfp & __GFP_NOWARN), "allocation of %zu bytes is too large\n", size);
		free(b);
		return NULL;
	}
	if (align < sizeof(void *))
		align = sizeof(void *);
	if (hdr && align < __alignof__(struct rcu_hdr))
		align = __alignof__(struct rcu_hdr);
	if (posix_memalign(&base, align, hdr + (size ? size : 1))) {
		free(b);
		return NULL;
	}
	ptr = (char *)base + hdr;
	if (hdr)
		((struct rcu_hdr *)base)->base = base;
	if (gfp & __GFP_ZERO)
		memset(ptr, 0, size);
	else
		memset(ptr, POISON_INUSE, size);

	pthread_mutex_lock(&alloc_lock);
	track(ptr, size, site, kind, cache, b);
	pthread_mutex_unlock(&alloc_lock);
	return ptr;
}

void *__host_kmalloc(size_t size, gfp_t flags, const char *file, int line)
{
	if (!size)
		return ZERO_SIZE_PTR;
	return alloc_common(size, flags, file, line, KIND_KMALLOC, NULL);
}

void *__host_kvmalloc(size_t size, gfp_t flags, const char *file, int line)
{
	if (!size)
		return ZERO_SIZE_PTR;
	return alloc_common(size, flags, file, line, KIND_KVMALLOC, NULL);
}

static void rcu_hdr_free(struct rcu_head *head)
{
	struct rcu_hdr *h = container_of(head, struct rcu_hdr, rcu);

	free(h->base);
}

static void release(struct block *b)
{
	void *ptr = (void *)b->ptr;

	if (b->cache && (b->cache->flags & SLAB_TYPESAFE_BY_RCU)) {
		struct rcu_hdr *h = (struct rcu_hdr *)((char *)ptr - sizeof(*h));

		call_rcu(&h->rcu, rcu_hdr_free);
	} else {
		memset(ptr, POISON_FREE, b->size);
		free(ptr);
	}
	free(b);
}

static void free_common(const void *objp, struct kmem_cache *cache,
			const char *what)
{
	struct block *b;

	if (ZERO_OR_NULL_PTR(objp))
		return;
	pthread_mutex_lock(&alloc_lock);
	b = untrack(objp);
	if (b && cache && b->cache != cache) {
		track(objp, b->size, b->site, b->kind, b->cache, b);
		b = NULL;
		pthread_mutex_unlock(&alloc_lock);
		host_report_bug(NULL, 0, "%s(%s, %p): object belongs to another cache",
				what, cache->name, objp);
		return;
	}
	pthread_mutex_unlock(&alloc_lock);
	if (!b) {
		host_report_bug(NULL, 0,
				"%s(%p) of memory the allocator does not own (double free?)",
				what, objp);
		return;
	}
	release(b);
}

void kfree(const void *objp)
{
	free_common(objp, NULL, "kfree");
}

void kvfree(const void *addr)
{
	free_common(addr, NULL, "kvfree");
}

void kfree_sensitive(const void *objp)
{
	size_t n = ksize(objp);

	if (n)
		memset((void *)objp, 0, n);
	kfree(objp);
}

void kvfree_sensitive(const void *addr, size_t len)
{
	if (!ZERO_OR_NULL_PTR(addr))
		memset((void *)addr, 0, len);
	kvfree(addr);
}

void kfree_const(const void *x)
{
	kfree(x);
}

size_t ksize(const void *objp)
{
	struct block *b;
	size_t n = 0;

	if (ZERO_OR_NULL_PTR(objp))
		return 0;
	pthread_mutex_lock(&alloc_lock);
	b = lookup(objp);
	if (b)
		n = b->size;
	pthread_mutex_unlock(&alloc_lock);
	if (!b)
		host_report_bug(NULL, 0, "ksize(%p) of memory the allocator does not own",
				objp);
	return n;
}

void *__host_krealloc(const void *p, size_t new_size, gfp_t flags,
		      const char *file, int line)
{
	size_t old = 0;
	void *n;

	if (!new_size) {
		kfree(p);
		return ZERO_SIZE_PTR;
	}
	if (!ZERO_OR_NULL_PTR(p)) {
		old = ksize(p);
		if (!old)
			return NULL;
	}
	n = alloc_common(new_size, flags & ~__GFP_ZERO, file, line,
			 KIND_KMALLOC, NULL);
	if (!n)
		return NULL;
	memcpy(n, ZERO_OR_NULL_PTR(p) ? n : p, old < new_size ? old : new_size);
	if (new_size > old && (flags & __GFP_ZERO))
		memset((char *)n + old, 0, new_size - old);
	kfree(p);
	return n;
}

char *__host_kstrdup(const char *s, gfp_t gfp, const char *file, int line)
{
	size_t len;
	char *p;

	if (!s)
		return NULL;
	len = strlen(s) + 1;
	p = __host_kmalloc(len, gfp & ~__GFP_ZERO, file, line);
	if (p)
		memcpy(p, s, len);
	return p;
}

char *__host_kstrndup(const char *s, size_t max, gfp_t gfp, const char *file,
		      int line)
{
	size_t len;
	char *p;

	if (!s)
		return NULL;
	len = strnlen(s, max);
	p = __host_kmalloc(len + 1, gfp & ~__GFP_ZERO, file, line);
	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

const char *__host_kstrdup_const(const char *s, gfp_t gfp, const char *file,
				 int line)
{
	return __host_kstrdup(s, gfp, file, line);
}

void *__host_kmemdup(const void *src, size_t len, gfp_t gfp, const char *file,
		     int line)
{
	void *p = __host_kmalloc(len, gfp & ~__GFP_ZERO, file, line);

	if (p && !ZERO_OR_NULL_PTR(p))
		memcpy(p, src, len);
	return p;
}

void *__host_kmemdup_nul(const char *s, size_t len, gfp_t gfp,
			 const char *file, int line)
{
	char *p = __host_kmalloc(len + 1, gfp & ~__GFP_ZERO, file, line);

	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

char *__host_kvasprintf(gfp_t gfp, const char *fmt, va_list ap)
{
	va_list aq;
	char *p;
	int len;

	va_copy(aq, ap);
	len = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (len < 0)
		return NULL;
	p = __host_kmalloc(len + 1, gfp & ~__GFP_ZERO, __FILE__, __LINE__);
	if (p)
		vsnprintf(p, len + 1, fmt, ap);
	return p;
}

char *__host_kasprintf(gfp_t gfp, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = __host_kvasprintf(gfp, fmt, ap);
	va_end(ap);
	return p;
}

/* ---- kmem_cache ------------------------------------------------------- */

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *))
{
	struct kmem_cache *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	strscpy(s->name, name ? name : "?", sizeof(s->name));
	s->size = size;
	s->align = align ? align : sizeof(void *);
	if (flags & SLAB_HWCACHE_ALIGN && s->align < 64)
		s->align = 64;
	if (s->align & (s->align - 1))
		s->align = 64;
	s->flags = flags;
	s->ctor = ctor;
	return s;
}

struct kmem_cache *kmem_cache_create_usercopy(const char *name,
					      unsigned int size,
					      unsigned int align,
					      slab_flags_t flags,
					      unsigned int useroffset,
					      unsigned int usersize,
					      void (*ctor)(void *))
{
	(void)useroffset;
	(void)usersize;
	return kmem_cache_create(name, size, align, flags, ctor);
}

void *__host_kmem_cache_alloc(struct kmem_cache *s, gfp_t flags,
			      const char *file, int line)
{
	void *p = alloc_common(s->size, flags, file, line, KIND_CACHE, s);

	if (p && s->ctor)
		s->ctor(p);
	return p;
}

void kmem_cache_free(struct kmem_cache *s, void *objp)
{
	if (!objp)
		return;
	free_common(objp, s, "kmem_cache_free");
}

unsigned int kmem_cache_size(struct kmem_cache *s)
{
	return s->size;
}

int kmem_cache_shrink(struct kmem_cache *s)
{
	(void)s;
	return 0;
}

void kmem_cache_destroy(struct kmem_cache *s)
{
	long live;

	if (!s)
		return;
	if (s->flags & SLAB_TYPESAFE_BY_RCU)
		rcu_barrier();
	pthread_mutex_lock(&alloc_lock);
	live = s->live;
	pthread_mutex_unlock(&alloc_lock);
	if (live) {
		host_report_bug(NULL, 0, "kmem_cache_destroy(%s): %ld object(s) remaining",
				s->name, live);
		return;		/* leak the cache: its objects still point at it */
	}
	free(s);
}

/* ---- host API --------------------------------------------------------- */

void host_alloc_fail_nth(unsigned long n)
{
	pthread_mutex_lock(&alloc_lock);
	fail_countdown = n;
	fail_hit = false;
	pthread_mutex_unlock(&alloc_lock);
}

bool host_alloc_fail_hit(void)
{
	bool hit;

	pthread_mutex_lock(&alloc_lock);
	hit = fail_hit;
	pthread_mutex_unlock(&alloc_lock);
	return hit;
}

long host_alloc_live(void)
{
	return host_read_locked(&alloc_lock, &live_count);
}

int host_alloc_sites(struct host_alloc_site **out)
{
	struct host_alloc_site *copy;
	int n;

	pthread_mutex_lock(&alloc_lock);
	n = nsites;
	copy = malloc(sizeof(*copy) * (n ? n : 1));
	if (copy && n)
		memcpy(copy, sites, sizeof(*copy) * n);
	pthread_mutex_unlock(&alloc_lock);
	if (!copy)
		return -1;
	*out = copy;
	return n;
}

long host_alloc_dump_live(void)
{
	long n = 0;
	size_t i;

	pthread_mutex_lock(&alloc_lock);
	for (i = 0; i < NBUCKETS; i++) {
		struct block *b;

		for (b = buckets[i]; b; b = b->next) {
			const struct host_alloc_site *s = b->site >= 0 ? &sites[b->site] : NULL;

			fprintf(stderr, "host: live %s%s%s block %p, %zu bytes, from %s:%d\n",
				b->cache ? "kmem_cache " : "",
				b->cache ? b->cache->name : "",
				b->cache ? "" : (b->kind == KIND_KVMALLOC ? "kvmalloc" : "kmalloc"),
				b->ptr, b->size, s ? s->file : "?", s ? s->line : 0);
			n++;
		}
	}
	pthread_mutex_unlock(&alloc_lock);
	return n;
}
