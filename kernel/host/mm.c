// SPDX-License-Identifier: GPL-2.0-only
/*
 * fencepost userspace host: pages, vmap() and user mappings.
 *
 * The host's "physical memory" is one memfd.  A page's pfn is its offset
 * in the memfd divided by PAGE_SIZE, and the memfd grows in chunks, each
 * mapped once (MAP_SHARED) as the permanent linear mapping that
 * page_address() returns.  vmap() and vmf_insert_pfn() map the same memfd
 * pages again at other addresses, so every mapping of a page aliases the
 * others for real, as in the kernel.
 *
 * Page descriptors are permanent (one array per chunk, like mem_map), so
 * pfn_to_page() works for any pfn.  An allocated page owns a small counted
 * allocation made at the caller's site: that is what makes alloc_page()
 * show up in host_alloc_live(), in leak dumps and in host_alloc_fail_nth().
 * Free pfns are recycled most-recently-freed first.
 *
 * host_mmap() (host/host.h) stands in for mmap(2) of a host file: it
 * builds a vm_area_struct, calls the file's ->mmap() and then faults in
 * every page through ->fault().  One mutex guards the allocator and the
 * registries of vmap()s and user mappings.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/poison.h>
#include <linux/refcount.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <host/host.h>

#include "internal.h"

_Static_assert(__HOST_PROT_READ == PROT_READ &&
	       __HOST_PROT_WRITE == PROT_WRITE &&
	       __HOST_PROT_EXEC == PROT_EXEC,
	       "pgprot_t bits are the mmap() PROT_* bits");

#define CHUNK_PAGES	512UL			/* 2 MiB of memfd at a time */
#define CHUNK_BYTES	(CHUNK_PAGES << PAGE_SHIFT)
#define MAX_CHUNKS	8192UL			/* 16 GiB of "RAM" */

/*
 * struct page - the descriptor of one pfn
 * @pfn: its pfn (fixed)
 * @virtual: its linear-map address (fixed)
 * @ref: references while allocated, 0 while free
 * @owner: the counted allocation standing for the page while it is
 *	allocated (holds the pfn); NULL while free; under mm_lock
 */
struct page {
	unsigned long pfn;
	void *virtual;
	refcount_t ref;
	unsigned long *owner;
};

/* A chunk of memfd: its linear mapping and its page descriptors. */
struct ram_chunk {
	char *base;
	struct page *pages;
};

/* A vmap() area. */
struct vmap_area {
	struct list_head node;
	char *addr;
	unsigned int count;
};

/*
 * A host_mmap() mapping: the area, and per page what ->fault() returned
 * and the page it handed over (if it returned one rather than inserting a
 * pfn), whose reference the mapping keeps until host_munmap().
 */
struct host_mapping {
	struct list_head node;
	struct vm_area_struct vma;
	unsigned long npages;
	struct page **pages;
	vm_fault_t *faults;
};

static pthread_once_t ram_once = PTHREAD_ONCE_INIT;
static int ram_fd = -1;

static pthread_mutex_t mm_lock = PTHREAD_MUTEX_INITIALIZER;
static struct ram_chunk chunks[MAX_CHUNKS];
static unsigned long nchunks;		/* published with release */
static unsigned long *free_pfns;	/* stack of free pfns */
static unsigned long nfree;
static long pages_live;
static LIST_HEAD(vmap_areas);
static LIST_HEAD(mappings);
static long mappings_live;

/* ---- the memfd --------------------------------------------------------- */

static void ram_init(void)
{
	ram_fd = memfd_create("fencepost-ram", MFD_CLOEXEC);
	if (ram_fd < 0) {
		perror("host: memfd_create");
		abort();
	}
}

static int ram_fd_get(void)
{
	pthread_once(&ram_once, ram_init);
	return ram_fd;
}

/*
 * Add a chunk of memfd: grow the file, map it, make its descriptors and
 * push its pfns (lowest on top).  Called with mm_lock held.
 */
static bool ram_grow(void)
{
	unsigned long n = nchunks, first = n * CHUNK_PAGES, i;
	struct ram_chunk *c = &chunks[n];
	unsigned long *stack;
	void *base;

	if (n == MAX_CHUNKS)
		return false;
	stack = realloc(free_pfns, (first + CHUNK_PAGES) * sizeof(*stack));
	if (!stack)
		return false;
	free_pfns = stack;
	if (ftruncate(ram_fd_get(), (off_t)(n + 1) * CHUNK_BYTES))
		return false;
	base = mmap(NULL, CHUNK_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED,
		    ram_fd, (off_t)n * CHUNK_BYTES);
	if (base == MAP_FAILED)
		return false;
	c->pages = calloc(CHUNK_PAGES, sizeof(*c->pages));
	if (!c->pages) {
		munmap(base, CHUNK_BYTES);
		return false;
	}
	c->base = base;
	for (i = 0; i < CHUNK_PAGES; i++) {
		c->pages[i].pfn = first + i;
		c->pages[i].virtual = c->base + (i << PAGE_SHIFT);
	}
	for (i = CHUNK_PAGES; i--; )
		free_pfns[nfree++] = first + i;
	/* pfn_to_page() reads the chunk without the lock. */
	__atomic_store_n(&nchunks, n + 1, __ATOMIC_RELEASE);
	return true;
}

struct page *pfn_to_page(unsigned long pfn)
{
	unsigned long c = pfn / CHUNK_PAGES;

	if (c >= __atomic_load_n(&nchunks, __ATOMIC_ACQUIRE))
		return NULL;
	return &chunks[c].pages[pfn % CHUNK_PAGES];
}

/* Map pfn @pfn at @addr (page aligned) with @prot; 0 or -errno. */
static int map_pfn(void *addr, unsigned long pfn, unsigned long prot)
{
	void *p = mmap(addr, PAGE_SIZE, prot, MAP_SHARED | MAP_FIXED,
		       ram_fd_get(), (off_t)pfn << PAGE_SHIFT);

	return p == MAP_FAILED ? -errno : 0;
}

/* Reserve @len bytes of address space, inaccessible; NULL on failure. */
static char *reserve_range(size_t len)
{
	void *p = mmap(NULL, len, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* ---- pages ------------------------------------------------------------- */

/* A free page for @owner, growing the memfd if needed; NULL if out. */
static struct page *page_take(unsigned long *owner)
{
	struct page *page = NULL;

	pthread_mutex_lock(&mm_lock);
	if (nfree || ram_grow()) {
		page = pfn_to_page(free_pfns[--nfree]);
		page->owner = owner;
		pages_live++;
	}
	pthread_mutex_unlock(&mm_lock);
	return page;
}

struct page *__host_alloc_page(gfp_t gfp, const char *file, int line)
{
	gfp_t owner_gfp = gfp & ~(__GFP_ZERO | __GFP_HIGHMEM | __GFP_MOVABLE |
				  __GFP_COMP);
	unsigned long *owner;
	struct page *page;

	owner = __host_kmalloc(sizeof(*owner), owner_gfp, file, line);
	if (!owner)
		return NULL;
	page = page_take(owner);
	if (!page) {
		WARN(!(gfp & __GFP_NOWARN), "host: out of page memory\n");
		kfree(owner);
		return NULL;
	}
	*owner = page->pfn;
	memset(page->virtual, gfp & __GFP_ZERO ? 0 : POISON_INUSE, PAGE_SIZE);
	refcount_set(&page->ref, 1);
	return page;
}

/* The last reference is gone: poison the page and put it back. */
static void page_release(struct page *page)
{
	unsigned long *owner;

	memset(page->virtual, POISON_FREE, PAGE_SIZE);
	pthread_mutex_lock(&mm_lock);
	owner = page->owner;
	page->owner = NULL;
	free_pfns[nfree++] = page->pfn;
	pages_live--;
	pthread_mutex_unlock(&mm_lock);
	kfree(owner);
}

void put_page(struct page *page)
{
	if (!refcount_read(&page->ref)) {
		host_report_bug(NULL, 0, "put_page() of free page (pfn %lu): double free?",
				page->pfn);
		return;
	}
	if (refcount_dec_and_test(&page->ref))
		page_release(page);
}

void __free_pages(struct page *page, unsigned int order)
{
	if (WARN_ON_ONCE(order))
		return;
	put_page(page);
}

void get_page(struct page *page)
{
	refcount_inc(&page->ref);
}

int page_count(struct page *page)
{
	return refcount_read(&page->ref);
}

void *page_address(const struct page *page)
{
	return page->virtual;
}

unsigned long page_to_pfn(const struct page *page)
{
	return page->pfn;
}

struct page *virt_to_page(const void *addr)
{
	unsigned long n = __atomic_load_n(&nchunks, __ATOMIC_ACQUIRE), i;
	const char *p = addr;

	for (i = 0; i < n; i++)
		if (p >= chunks[i].base && p < chunks[i].base + CHUNK_BYTES)
			return &chunks[i].pages[(p - chunks[i].base) >> PAGE_SHIFT];
	return NULL;
}

/* ---- vmap -------------------------------------------------------------- */

/* Map @count pages one after the other; the address, or NULL. */
static char *map_pages(struct page **pages, unsigned int count,
		       unsigned long prot)
{
	size_t len = (size_t)count << PAGE_SHIFT;
	char *addr = reserve_range(len);
	unsigned int i;

	if (!addr)
		return NULL;
	for (i = 0; i < count; i++) {
		if (map_pfn(addr + ((size_t)i << PAGE_SHIFT),
			    page_to_pfn(pages[i]), prot)) {
			munmap(addr, len);
			return NULL;
		}
	}
	return addr;
}

void *vmap(struct page **pages, unsigned int count, unsigned long flags,
	   pgprot_t prot)
{
	struct vmap_area *area;

	(void)flags;
	might_sleep();
	if (!count)
		return NULL;
	area = kmalloc(sizeof(*area), GFP_KERNEL);
	if (!area)
		return NULL;
	area->count = count;
	area->addr = map_pages(pages, count, pgprot_val(prot) &
			       (PROT_READ | PROT_WRITE | PROT_EXEC));
	if (!area->addr) {
		kfree(area);
		return NULL;
	}
	pthread_mutex_lock(&mm_lock);
	list_add(&area->node, &vmap_areas);
	pthread_mutex_unlock(&mm_lock);
	return area->addr;
}

void vunmap(const void *addr)
{
	struct vmap_area *area, *found = NULL;

	might_sleep();
	if (!addr)
		return;
	pthread_mutex_lock(&mm_lock);
	list_for_each_entry(area, &vmap_areas, node) {
		if (area->addr == addr) {
			list_del(&area->node);
			found = area;
			break;
		}
	}
	pthread_mutex_unlock(&mm_lock);
	if (!found) {
		host_report_bug(NULL, 0, "vunmap(%p) of an address vmap() did not return",
				addr);
		return;
	}
	munmap(found->addr, (size_t)found->count << PAGE_SHIFT);
	kfree(found);
}

/* ---- scatterlists of pages ---------------------------------------------- */

/* Can @b follow @a in one scatterlist entry? */
static bool pages_contiguous(struct page *a, struct page *b)
{
	return page_to_pfn(b) == page_to_pfn(a) + 1 &&
	       page_address(b) == (char *)page_address(a) + PAGE_SIZE;
}

/* Pages from @first that can share an entry (at most @n). */
static unsigned int run_length(struct page **pages, unsigned int first,
			       unsigned int n)
{
	unsigned int j = first + 1;

	while (j < n && j - first < (UINT_MAX >> PAGE_SHIFT) &&
	       pages_contiguous(pages[j - 1], pages[j]))
		j++;
	return j - first;
}

int sg_alloc_table_from_pages(struct sg_table *sgt, struct page **pages,
			      unsigned int n_pages, unsigned int offset,
			      unsigned long size, gfp_t gfp_mask)
{
	unsigned long used = (offset + size + PAGE_SIZE - 1) >> PAGE_SHIFT;
	unsigned int i, n, nents = 0;
	struct scatterlist *sg;
	int ret;

	if (!size || offset >= PAGE_SIZE || used > n_pages)
		return -EINVAL;
	n = used;
	for (i = 0; i < n; i += run_length(pages, i, n))
		nents++;
	ret = sg_alloc_table(sgt, nents, gfp_mask);
	if (ret)
		return ret;
	sg = sgt->sgl;
	for (i = 0; i < n; sg = sg_next(sg)) {
		unsigned int run = run_length(pages, i, n);
		unsigned long len = ((unsigned long)run << PAGE_SHIFT) - offset;

		sg_set_page(sg, pages[i], min(len, size), offset);
		size -= min(len, size);
		offset = 0;
		i += run;
	}
	return 0;
}

struct page *sg_page_iter_page(struct sg_page_iter *piter)
{
	return nth_page(sg_page(piter->sg), piter->sg_pgoffset);
}

/* ---- user mappings ----------------------------------------------------- */

pgprot_t vm_get_page_prot(vm_flags_t vm_flags)
{
	unsigned long prot = 0;

	if (vm_flags & VM_READ)
		prot |= PROT_READ;
	if ((vm_flags & (VM_WRITE | VM_SHARED)) == (VM_WRITE | VM_SHARED))
		prot |= PROT_WRITE;
	if (vm_flags & VM_EXEC)
		prot |= PROT_EXEC;
	return __pgprot(prot);
}

/* The live mapping containing @addr; called with mm_lock held. */
static struct host_mapping *mapping_find(unsigned long addr)
{
	struct host_mapping *m;

	list_for_each_entry(m, &mappings, node)
		if (addr >= m->vma.vm_start && addr < m->vma.vm_end)
			return m;
	return NULL;
}

/* Is @vma the area of a live host_mmap() mapping? */
static bool vma_is_host_mapping(struct vm_area_struct *vma)
{
	struct host_mapping *m;

	pthread_mutex_lock(&mm_lock);
	m = mapping_find(vma->vm_start);
	pthread_mutex_unlock(&mm_lock);
	return m && &m->vma == vma;
}

vm_fault_t vmf_insert_pfn(struct vm_area_struct *vma, unsigned long addr,
			  unsigned long pfn)
{
	if (WARN_ON_ONCE(!(vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP))))
		return VM_FAULT_SIGBUS;
	if (addr < vma->vm_start || addr >= vma->vm_end)
		return VM_FAULT_SIGBUS;
	if (WARN_ON_ONCE(!vma_is_host_mapping(vma)))
		return VM_FAULT_SIGBUS;
	if (WARN_ON_ONCE(!pfn_to_page(pfn)))
		return VM_FAULT_SIGBUS;
	if (map_pfn((void *)(addr & PAGE_MASK), pfn,
		    pgprot_val(vma->vm_page_prot)))
		return VM_FAULT_OOM;
	return VM_FAULT_NOPAGE;
}

/*
 * The vm_flags of a new mapping, as do_mmap() derives them from @prot,
 * @flags and the file's mode; 0 or the errno mmap(2) would give.
 */
static int mmap_vm_flags(struct file *file, size_t len, int prot, int flags,
			 unsigned long pgoff, vm_flags_t *vm_flags)
{
	unsigned long pages = PAGE_ALIGN(len) >> PAGE_SHIFT;
	vm_flags_t vmf = VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;

	if (!len)
		return -EINVAL;
	if (!pages || pages > (ULONG_MAX >> PAGE_SHIFT) / 2)
		return -ENOMEM;
	if (pgoff + pages < pgoff)
		return -EOVERFLOW;
	vmf |= (prot & PROT_READ ? VM_READ : 0) |
	       (prot & PROT_WRITE ? VM_WRITE : 0) |
	       (prot & PROT_EXEC ? VM_EXEC : 0);
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
	case MAP_SHARED_VALIDATE:
		if ((prot & PROT_WRITE) && !(file->f_mode & FMODE_WRITE))
			return -EACCES;
		vmf |= VM_SHARED | VM_MAYSHARE;
		if (!(file->f_mode & FMODE_WRITE))
			vmf &= ~(VM_MAYWRITE | VM_SHARED);
		fallthrough;
	case MAP_PRIVATE:
		if (!(file->f_mode & FMODE_READ))
			return -EACCES;
		if (!file->f_op || !file->f_op->mmap)
			return -ENODEV;
		break;
	default:
		return -EINVAL;
	}
	*vm_flags = vmf;
	return 0;
}

/* A mapping record for @npages pages, zeroed; counted. */
static struct host_mapping *mapping_alloc(unsigned long npages)
{
	size_t size = sizeof(struct host_mapping) +
		      npages * (sizeof(struct page *) + sizeof(vm_fault_t));
	struct host_mapping *m = kvzalloc(size, GFP_KERNEL);

	if (!m)
		return NULL;
	m->npages = npages;
	m->pages = (struct page **)(m + 1);
	m->faults = (vm_fault_t *)(m->pages + npages);
	return m;
}

static void mapping_register(struct host_mapping *m)
{
	pthread_mutex_lock(&mm_lock);
	list_add(&m->node, &mappings);
	mappings_live++;
	pthread_mutex_unlock(&mm_lock);
}

static void mapping_unregister(struct host_mapping *m)
{
	pthread_mutex_lock(&mm_lock);
	list_del(&m->node);
	mappings_live--;
	pthread_mutex_unlock(&mm_lock);
}

/*
 * Fault page @i of @m in: call ->fault() and, if it handed back a page
 * instead of inserting a pfn, map that.  Returns what ->fault() said.
 */
static vm_fault_t mapping_fault(struct host_mapping *m, unsigned long i)
{
	struct vm_area_struct *vma = &m->vma;
	unsigned long addr = vma->vm_start + (i << PAGE_SHIFT);
	struct vm_fault vmf = {
		.vma = vma,
		.gfp_mask = GFP_KERNEL,
		.pgoff = vma->vm_pgoff + i,
		.address = addr,
		.real_address = addr,
		.flags = vma->vm_flags & VM_WRITE ? FAULT_FLAG_WRITE : 0,
	};
	vm_fault_t ret;

	if (!vma->vm_ops || !vma->vm_ops->fault)
		return VM_FAULT_SIGBUS;
	ret = vma->vm_ops->fault(&vmf);
	if (ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE | VM_FAULT_RETRY) ||
	    !vmf.page)
		return ret;
	if (map_pfn((void *)addr, page_to_pfn(vmf.page),
		    pgprot_val(vma->vm_page_prot))) {
		put_page(vmf.page);
		return VM_FAULT_OOM;
	}
	m->pages[i] = vmf.page;
	return ret;
}

/* Drop what host_mmap() set up once ->mmap() succeeded; the mapping is
 * already out of the registry. */
static void mapping_teardown(struct host_mapping *m)
{
	struct vm_area_struct *vma = &m->vma;
	unsigned long i;

	munmap((void *)vma->vm_start, vma->vm_end - vma->vm_start);
	for (i = 0; i < m->npages; i++)
		if (m->pages[i])
			put_page(m->pages[i]);
	if (vma->vm_ops && vma->vm_ops->close)
		vma->vm_ops->close(vma);
	if (vma->vm_file)
		fput(vma->vm_file);
	kvfree(m);
}

void *host_mmap(struct file *file, size_t len, int prot, int flags,
		unsigned long pgoff, int *err)
{
	struct vm_area_struct *vma;
	struct host_mapping *m;
	vm_flags_t vm_flags;
	unsigned long i;
	char *addr;
	int ret;

	might_sleep();
	ret = mmap_vm_flags(file, len, prot, flags, pgoff, &vm_flags);
	if (ret)
		goto fail;
	ret = -ENOMEM;
	m = mapping_alloc(PAGE_ALIGN(len) >> PAGE_SHIFT);
	if (!m)
		goto fail;
	addr = reserve_range(m->npages << PAGE_SHIFT);
	if (!addr) {
		kvfree(m);
		goto fail;
	}
	vma = &m->vma;
	vma->vm_start = (unsigned long)addr;
	vma->vm_end = vma->vm_start + (m->npages << PAGE_SHIFT);
	vma->vm_flags = vm_flags;
	vma->vm_page_prot = vm_get_page_prot(vm_flags);
	vma->vm_pgoff = pgoff;
	vma->vm_file = get_file(file);

	/* Registered first: ->mmap() may already insert pfns. */
	mapping_register(m);
	ret = file->f_op->mmap(file, vma);
	if (ret) {
		mapping_unregister(m);
		fput(vma->vm_file);	/* ->mmap() may have replaced it */
		munmap(addr, m->npages << PAGE_SHIFT);
		kvfree(m);
		goto fail;
	}
	/* As vma_set_page_prot(): the protection follows the final flags. */
	vma->vm_page_prot = vm_get_page_prot(vma->vm_flags);
	for (i = 0; i < m->npages; i++)
		m->faults[i] = mapping_fault(m, i);
	if (err)
		*err = 0;
	return addr;

fail:
	if (err)
		*err = ret;
	return NULL;
}

int host_munmap(void *addr)
{
	struct host_mapping *m;

	might_sleep();
	pthread_mutex_lock(&mm_lock);
	m = mapping_find((unsigned long)addr);
	if (m && m->vma.vm_start == (unsigned long)addr) {
		list_del(&m->node);
		mappings_live--;
	} else {
		m = NULL;
	}
	pthread_mutex_unlock(&mm_lock);
	if (!m)
		return -EINVAL;
	mapping_teardown(m);
	return 0;
}

int host_mmap_fault_result(const void *addr, unsigned long index)
{
	struct host_mapping *m;
	int ret = -EINVAL;

	pthread_mutex_lock(&mm_lock);
	m = mapping_find((unsigned long)addr);
	if (m && m->vma.vm_start == (unsigned long)addr && index < m->npages)
		ret = m->faults[index];
	pthread_mutex_unlock(&mm_lock);
	return ret;
}

struct vm_area_struct *host_mmap_vma(const void *addr)
{
	struct host_mapping *m;

	pthread_mutex_lock(&mm_lock);
	m = mapping_find((unsigned long)addr);
	pthread_mutex_unlock(&mm_lock);
	return m ? &m->vma : NULL;
}

long host_mmap_live(void)
{
	return host_read_locked(&mm_lock, &mappings_live);
}

long host_pages_live(void)
{
	return host_read_locked(&mm_lock, &pages_live);
}
