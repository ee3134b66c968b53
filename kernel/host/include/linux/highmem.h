/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: temporary kernel mappings of pages.  Every page already
 * has a permanent linear mapping (there is no highmem), so kmap*() return
 * page_address(); kmap_atomic() still disables preemption as the kernel's
 * does, so might_sleep() under it is reported.
 */
#ifndef _LINUX_HIGHMEM_H
#define _LINUX_HIGHMEM_H

#include <linux/mm.h>
#include <linux/preempt.h>
#include <linux/string.h>
#include <linux/bug.h>

static inline void *kmap(struct page *page)
{
	might_sleep();
	return page_address(page);
}

static inline void kunmap(struct page *page)
{
	(void)page;
}

static inline void *kmap_local_page(struct page *page)
{
	return page_address(page);
}

/* Undo kmap_local_page(); @addr may point anywhere inside the page. */
static inline void kunmap_local(const void *addr)
{
	(void)addr;
}

static inline void *kmap_atomic(struct page *page)
{
	preempt_disable();
	return page_address(page);
}

static inline void kunmap_atomic(const void *addr)
{
	(void)addr;
	preempt_enable();
}

static inline void clear_highpage(struct page *page)
{
	memset(page_address(page), 0, PAGE_SIZE);
}

static inline void memcpy_from_page(char *to, struct page *page,
				    size_t offset, size_t len)
{
	VM_BUG_ON(offset + len > PAGE_SIZE);
	memcpy(to, (char *)page_address(page) + offset, len);
}

static inline void memcpy_to_page(struct page *page, size_t offset,
				  const char *from, size_t len)
{
	VM_BUG_ON(offset + len > PAGE_SIZE);
	memcpy((char *)page_address(page) + offset, from, len);
}

static inline void memzero_page(struct page *page, size_t offset, size_t len)
{
	VM_BUG_ON(offset + len > PAGE_SIZE);
	memset((char *)page_address(page) + offset, 0, len);
}

#endif /* _LINUX_HIGHMEM_H */
