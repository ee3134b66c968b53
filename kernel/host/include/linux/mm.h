/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: page constants, the mmap-related types, and the host's
 * page allocator.
 *
 * Pages are a tiny "physical memory": they come from one memfd, a page's
 * pfn is its offset in it divided by PAGE_SIZE, and every page has a
 * permanent linear mapping (page_address()).  vmap() and vmf_insert_pfn()
 * map the same memfd pages again elsewhere, so all mappings of a page
 * alias for real.  alloc_page() is counted like kmalloc() (host_alloc_live(),
 * the caller's site, host_alloc_fail_nth()); only order-0 pages exist.
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/mm_types.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/bug.h>

/* mmdebug.h, as with CONFIG_DEBUG_VM. */
#define VM_BUG_ON(cond)		BUG_ON(cond)
#define VM_WARN_ON(cond)	((void)WARN_ON(cond))
#define VM_WARN_ON_ONCE(cond)	((void)WARN_ON_ONCE(cond))

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(addr)	ALIGN(addr, PAGE_SIZE)
#define PAGE_ALIGNED(addr)	IS_ALIGNED((unsigned long)(addr), PAGE_SIZE)
#define offset_in_page(p)	((unsigned long)(p) & ~PAGE_MASK)

#define VM_NONE		0x00000000
#define VM_READ		0x00000001
#define VM_WRITE	0x00000002
#define VM_EXEC		0x00000004
#define VM_SHARED	0x00000008
#define VM_MAYREAD	0x00000010
#define VM_MAYWRITE	0x00000020
#define VM_MAYEXEC	0x00000040
#define VM_MAYSHARE	0x00000080
#define VM_IO		0x00004000
#define VM_DONTCOPY	0x00020000
#define VM_DONTEXPAND	0x00040000
#define VM_PFNMAP	0x00000400
#define VM_DONTDUMP	0x04000000
#define VM_MIXEDMAP	0x10000000

#define VM_FAULT_OOM		0x000001
#define VM_FAULT_SIGBUS		0x000002
#define VM_FAULT_MAJOR		0x000004
#define VM_FAULT_HWPOISON	0x000010
#define VM_FAULT_HWPOISON_LARGE	0x000020
#define VM_FAULT_SIGSEGV	0x000040
#define VM_FAULT_NOPAGE		0x000100
#define VM_FAULT_LOCKED		0x000200
#define VM_FAULT_RETRY		0x000400
#define VM_FAULT_FALLBACK	0x000800
#define VM_FAULT_ERROR		(VM_FAULT_OOM | VM_FAULT_SIGBUS |	\
				 VM_FAULT_SIGSEGV | VM_FAULT_HWPOISON |	\
				 VM_FAULT_HWPOISON_LARGE | VM_FAULT_FALLBACK)

#define FAULT_FLAG_WRITE	0x01
#define FAULT_FLAG_MKWRITE	0x02
#define FAULT_FLAG_ALLOW_RETRY	0x04

/*
 * struct vm_fault - one page fault, as handed to vm_operations_struct.fault
 * @vma: the faulting area
 * @gfp_mask: for allocations the handler makes
 * @pgoff: the page's offset in the mapped object: vm_pgoff plus the page's
 *	index in @vma
 * @address: the faulting address, page aligned
 * @real_address: the faulting address
 * @flags: FAULT_FLAG_*
 * @page: a handler returning 0 puts the page to map here, with a
 *	reference the mapping then owns
 */
struct vm_fault {
	struct vm_area_struct *vma;
	gfp_t gfp_mask;
	pgoff_t pgoff;
	unsigned long address;
	unsigned long real_address;
	unsigned int flags;
	struct page *page;
};

/* ---- pages ------------------------------------------------------------- */

struct page *__host_alloc_page(gfp_t gfp, const char *file, int line);

/*
 * alloc_page() - one page of the host's memfd "RAM"
 *
 * Honours __GFP_ZERO (else the page is filled with POISON_INUSE), may
 * sleep with __GFP_DIRECT_RECLAIM, and fails like kmalloc() under
 * host_alloc_fail_nth().  The page starts with one reference.
 */
#define alloc_page(gfp)		__host_alloc_page((gfp), __FILE__, __LINE__)

/* Drop a reference; the last one frees the page.  Only @order 0. */
void __free_pages(struct page *page, unsigned int order);
#define __free_page(page)	__free_pages((page), 0)

void get_page(struct page *page);
void put_page(struct page *page);
int page_count(struct page *page);

/* The page's permanent linear mapping. */
void *page_address(const struct page *page);
unsigned long page_to_pfn(const struct page *page);
/* The page descriptor of @pfn (also for a free pfn); NULL past the end. */
struct page *pfn_to_page(unsigned long pfn);
#define nth_page(page, n)	pfn_to_page(page_to_pfn(page) + (n))
/* The page of a linear-map address, or NULL. */
struct page *virt_to_page(const void *addr);

/* ---- mappings ---------------------------------------------------------- */

/* A private writable mapping would need copy-on-write. */
static inline bool is_cow_mapping(vm_flags_t flags)
{
	return (flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;
}

/*
 * vm_get_page_prot() - the page protection for @vm_flags: read and exec as
 * asked, write only for shared mappings (a private writable mapping is
 * read-only until copy-on-write, which the host does not do).
 */
pgprot_t vm_get_page_prot(vm_flags_t vm_flags);

/*
 * vmf_insert_pfn() - map page frame @pfn at @addr of @vma
 *
 * @vma must be VM_PFNMAP or VM_MIXEDMAP and belong to a host_mmap()
 * mapping; the page is mapped MAP_SHARED from the memfd with
 * @vma->vm_page_prot, so it aliases every other mapping of the page.
 *
 * Return: VM_FAULT_NOPAGE, VM_FAULT_SIGBUS for an address outside @vma or
 * a pfn past the end of memory, VM_FAULT_OOM if the host mmap() failed.
 */
vm_fault_t vmf_insert_pfn(struct vm_area_struct *vma, unsigned long addr,
			  unsigned long pfn);

static inline unsigned long vma_pages(struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

/* Point @vma at @file, moving the area's file reference over. */
static inline void vma_set_file(struct vm_area_struct *vma, struct file *file)
{
	struct file *old = vma->vm_file;

	vma->vm_file = get_file(file);
	if (old)
		fput(old);
}

#endif /* _LINUX_MM_H */
