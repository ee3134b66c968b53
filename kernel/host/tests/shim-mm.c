// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of the host's pages and mappings: alloc_page() and its counting,
 * real aliasing between page_address(), vmap(), kmap_local_page() and user
 * mappings made by host_mmap() through a file's ->mmap() and ->fault(),
 * SIGBUS pages, fail-nth, scatterlists of pages, and threads allocating
 * and freeing pages concurrently.
 */
#include <pthread.h>
#include <sys/mman.h>

#include <linux/kernel.h>
#include <linux/anon_inodes.h>
#include <linux/dma-mapping.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "shim-tap.h"

static bool all_bytes(const void *p, int c, size_t n)
{
	const unsigned char *b = p;

	while (n--)
		if (*b++ != (unsigned char)c)
			return false;
	return true;
}

static void free_pages_array(struct page **pages, int n)
{
	while (n--)
		__free_page(pages[n]);
}

static int alloc_pages_array(struct page **pages, int n, gfp_t gfp)
{
	int i;

	for (i = 0; i < n; i++) {
		pages[i] = alloc_page(gfp);
		if (!pages[i]) {
			free_pages_array(pages, i);
			return -ENOMEM;
		}
	}
	return 0;
}

/* ---- pages ------------------------------------------------------------- */

static int test_pages(void)
{
	long pages_live = host_pages_live(), live = host_alloc_live();
	struct page *p[3], *q;
	int i;

	SHIM_CHECK(!alloc_pages_array(p, 3, GFP_KERNEL | __GFP_ZERO), "alloc");
	SHIM_CHECK(host_pages_live() == pages_live + 3, "pages not counted");
	SHIM_CHECK(host_alloc_live() == live + 3, "pages not in the live count");
	for (i = 0; i < 3; i++) {
		void *va = page_address(p[i]);

		SHIM_CHECK(all_bytes(va, 0, PAGE_SIZE), "page %d not zeroed", i);
		SHIM_CHECK(PAGE_ALIGNED(va), "unaligned linear address");
		SHIM_CHECK(pfn_to_page(page_to_pfn(p[i])) == p[i], "pfn round trip");
		SHIM_CHECK(virt_to_page((char *)va + 100) == p[i], "virt_to_page");
		SHIM_CHECK(page_count(p[i]) == 1, "refcount %d", page_count(p[i]));
		memset(va, 0x11 * (i + 1), PAGE_SIZE);
	}
	SHIM_CHECK(page_to_pfn(p[0]) != page_to_pfn(p[1]), "same pfn twice");

	/* A second reference keeps the page. */
	get_page(p[0]);
	__free_page(p[0]);
	SHIM_CHECK(host_pages_live() == pages_live + 3, "freed with a reference");
	SHIM_CHECK(all_bytes(page_address(p[0]), 0x11, PAGE_SIZE), "contents");
	put_page(p[0]);
	SHIM_CHECK(host_pages_live() == pages_live + 2, "not freed");

	/* Without __GFP_ZERO a recycled page is poisoned, not zeroed. */
	q = alloc_page(GFP_KERNEL);
	SHIM_CHECK(q, "alloc");
	SHIM_CHECK(all_bytes(page_address(q), POISON_INUSE, PAGE_SIZE),
		   "not poisoned");
	__free_page(q);
	free_pages_array(p + 1, 2);
	SHIM_CHECK(host_pages_live() == pages_live, "pages leaked");
	return 0;
}

static int test_double_free(void)
{
	unsigned long bugs = host_bug_count();
	struct page *p = alloc_page(GFP_KERNEL);

	SHIM_CHECK(p, "alloc");
	__free_page(p);
	__free_page(p);
	SHIM_CHECK(host_bug_count() == bugs + 1, "double free not reported");
	return 0;
}

/* ---- aliasing ---------------------------------------------------------- */

static int test_vmap_aliasing(void)
{
	struct page *p[4], *rev[4];
	char *v, *r;
	int i;

	SHIM_CHECK(!alloc_pages_array(p, 4, GFP_KERNEL), "alloc");
	v = vmap(p, 4, VM_MAP, PAGE_KERNEL);
	SHIM_CHECK(v, "vmap");
	for (i = 0; i < 4; i++)
		rev[i] = p[3 - i];
	r = vmap(rev, 4, VM_MAP, PAGE_KERNEL);
	SHIM_CHECK(r, "vmap");

	for (i = 0; i < 4; i++) {
		char *lin = page_address(p[i]), *loc;

		/* vmap -> linear, linear -> vmap, kmap_local -> both. */
		v[i * PAGE_SIZE + 10] = 'a' + i;
		SHIM_CHECK(lin[10] == 'a' + i, "vmap write not seen linearly");
		lin[PAGE_SIZE - 1] = 'A' + i;
		SHIM_CHECK(v[(i + 1) * PAGE_SIZE - 1] == 'A' + i,
			   "linear write not seen through vmap");
		SHIM_CHECK(r[(3 - i) * PAGE_SIZE + 10] == 'a' + i,
			   "second vmap has the wrong page order");
		loc = kmap_local_page(p[i]);
		loc[20] = 'x';
		kunmap_local(loc);
		SHIM_CHECK(v[i * PAGE_SIZE + 20] == 'x', "kmap_local write");
		loc = kmap_atomic(p[i]);
		SHIM_CHECK(loc[10] == 'a' + i, "kmap_atomic read");
		kunmap_atomic(loc);
	}
	vunmap(v);
	vunmap(r);
	vunmap(NULL);
	free_pages_array(p, 4);
	return 0;
}

static int test_vunmap_bad(void)
{
	unsigned long bugs = host_bug_count();
	char c;

	vunmap(&c);
	SHIM_CHECK(host_bug_count() == bugs + 1, "bad vunmap not reported");
	return 0;
}

/* ---- user mappings ----------------------------------------------------- */

/* A file with @npages pages behind it, mapped through vmf_insert_pfn(), or
 * through vmf->page when @by_page. */
struct obj {
	struct page *pages[4];
	unsigned long npages;
	bool by_page;
	int opens, closes, releases, faults;
	vm_flags_t seen_flags;
};

static vm_fault_t obj_fault(struct vm_fault *vmf)
{
	struct obj *o = vmf->vma->vm_private_data;
	unsigned long idx = vmf->pgoff;

	o->faults++;
	if (idx >= o->npages)
		return VM_FAULT_SIGBUS;
	if (o->by_page) {
		get_page(o->pages[idx]);
		vmf->page = o->pages[idx];
		return 0;
	}
	return vmf_insert_pfn(vmf->vma, vmf->address,
			      page_to_pfn(o->pages[idx]));
}

static void obj_vm_open(struct vm_area_struct *vma)
{
	((struct obj *)vma->vm_private_data)->opens++;
}

static void obj_vm_close(struct vm_area_struct *vma)
{
	((struct obj *)vma->vm_private_data)->closes++;
}

static const struct vm_operations_struct obj_vm_ops = {
	.open = obj_vm_open,
	.close = obj_vm_close,
	.fault = obj_fault,
};

static int obj_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct obj *o = file->private_data;

	o->seen_flags = vma->vm_flags;
	if (is_cow_mapping(vma->vm_flags))
		return -EINVAL;
	vma->vm_private_data = o;
	vma->vm_ops = &obj_vm_ops;
	if (!o->by_page)
		vma->vm_flags |= VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP;
	vma->vm_page_prot = vm_get_page_prot(vma->vm_flags);
	return 0;
}

static int obj_release(struct inode *inode, struct file *file)
{
	(void)inode;
	((struct obj *)file->private_data)->releases++;
	return 0;
}

static const struct file_operations obj_fops = {
	.mmap = obj_mmap,
	.release = obj_release,
};

static const struct file_operations nommap_fops = {
	.release = obj_release,
};

static int obj_init(struct obj *o, unsigned long npages, bool by_page)
{
	memset(o, 0, sizeof(*o));
	o->npages = npages;
	o->by_page = by_page;
	return alloc_pages_array(o->pages, npages, GFP_KERNEL | __GFP_ZERO);
}

static int map_and_check(bool by_page)
{
	long mappings = host_mmap_live();
	struct file *file;
	struct obj o;
	char *u;
	int err, i;

	SHIM_CHECK(!obj_init(&o, 3, by_page), "pages");
	file = anon_inode_getfile("obj", &obj_fops, &o, O_RDWR);
	SHIM_CHECK(!IS_ERR(file), "anon_inode_getfile");

	/* One page more than the object has: the last one is SIGBUS. */
	u = host_mmap(file, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		      0, &err);
	SHIM_CHECK(u && !err, "host_mmap: %d", err);
	SHIM_CHECK(host_mmap_live() == mappings + 1, "not counted");
	SHIM_CHECK(file_count(file) == 2, "vm_file holds no reference");
	SHIM_CHECK(o.faults == 4 && !o.opens, "faults %d opens %d",
		   o.faults, o.opens);
	for (i = 0; i < 3; i++)
		SHIM_CHECK(host_mmap_fault_result(u, i) ==
			   (by_page ? 0 : VM_FAULT_NOPAGE), "page %d: %#x", i,
			   host_mmap_fault_result(u, i));
	SHIM_CHECK(host_mmap_fault_result(u, 3) == VM_FAULT_SIGBUS, "SIGBUS");
	SHIM_CHECK(host_mmap_fault_result(u, 4) == -EINVAL, "past the end");
	SHIM_CHECK(host_mmap_fault_result(u + 1, 0) == -EINVAL, "not a start");
	SHIM_CHECK(host_mmap_vma(u + 2 * PAGE_SIZE + 5) &&
		   host_mmap_vma(u)->vm_start == (unsigned long)u &&
		   host_mmap_vma(u)->vm_file == file, "host_mmap_vma");
	if (by_page)
		SHIM_CHECK(page_count(o.pages[0]) == 2, "mapping holds no ref");

	for (i = 0; i < 3; i++) {
		char *lin = page_address(o.pages[i]);

		u[i * PAGE_SIZE + 1] = 'u' + i;
		SHIM_CHECK(lin[1] == 'u' + i, "user write not seen linearly");
		lin[2] = 'k';
		SHIM_CHECK(u[i * PAGE_SIZE + 2] == 'k', "kernel write not seen");
	}

	SHIM_CHECK(host_munmap(u + PAGE_SIZE) == -EINVAL, "munmap mid-mapping");
	SHIM_CHECK(!host_munmap(u), "host_munmap");
	SHIM_CHECK(host_munmap(u) == -EINVAL, "second munmap");
	SHIM_CHECK(o.closes == 1, "close not called");
	SHIM_CHECK(file_count(file) == 1 && !o.releases, "file ref not dropped");
	SHIM_CHECK(host_mmap_live() == mappings, "still counted");
	if (by_page)
		SHIM_CHECK(page_count(o.pages[0]) == 1, "page ref not dropped");
	fput(file);
	SHIM_CHECK(o.releases == 1, "file not released");
	free_pages_array(o.pages, 3);
	return 0;
}

static int test_mmap_insert_pfn(void)
{
	return map_and_check(false);
}

static int test_mmap_fault_page(void)
{
	return map_and_check(true);
}

/* A mapping can be left for host_munmap() after its file is closed. */
static int test_mmap_outlives_fd(void)
{
	struct file *file;
	struct obj o;
	char *u;

	SHIM_CHECK(!obj_init(&o, 1, false), "pages");
	file = anon_inode_getfile("obj", &obj_fops, &o, O_RDWR);
	SHIM_CHECK(!IS_ERR(file), "anon_inode_getfile");
	u = host_mmap(file, PAGE_SIZE, PROT_READ, MAP_SHARED, 0, NULL);
	SHIM_CHECK(u, "host_mmap");
	fput(file);
	SHIM_CHECK(!o.releases, "released while mapped");
	SHIM_CHECK(u[0] == 0, "read");
	SHIM_CHECK(!host_munmap(u), "host_munmap");
	SHIM_CHECK(o.releases == 1 && o.closes == 1, "not released");
	free_pages_array(o.pages, 1);
	return 0;
}

static int test_mmap_errors(void)
{
	struct file *file, *ro, *nommap;
	struct obj o;
	char *u;
	int err;

	SHIM_CHECK(!obj_init(&o, 1, false), "pages");
	file = anon_inode_getfile("obj", &obj_fops, &o, O_RDWR);
	ro = anon_inode_getfile("obj", &obj_fops, &o, O_RDONLY);
	nommap = anon_inode_getfile("obj", &nommap_fops, &o, O_RDWR);
	SHIM_CHECK(!IS_ERR(file) && !IS_ERR(ro) && !IS_ERR(nommap), "files");

	/* ->mmap() refusing a private writable mapping. */
	SHIM_CHECK(!host_mmap(file, PAGE_SIZE, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE, 0, &err) && err == -EINVAL,
		   "cow mapping: %d", err);
	SHIM_CHECK(file_count(file) == 1 && !o.closes, "failed mmap leaked");
	SHIM_CHECK(o.seen_flags == (VM_READ | VM_WRITE | VM_MAYREAD |
				    VM_MAYWRITE | VM_MAYEXEC),
		   "private flags %#lx", o.seen_flags);

	/* Read-only file: no writable shared mapping, no VM_MAYWRITE. */
	SHIM_CHECK(!host_mmap(ro, PAGE_SIZE, PROT_READ | PROT_WRITE,
			      MAP_SHARED, 0, &err) && err == -EACCES,
		   "write map of a read-only file: %d", err);
	u = host_mmap(ro, PAGE_SIZE, PROT_READ, MAP_SHARED, 0, &err);
	SHIM_CHECK(u && !err, "read-only shared mapping: %d", err);
	SHIM_CHECK(o.seen_flags == (VM_READ | VM_MAYREAD | VM_MAYEXEC |
				    VM_MAYSHARE), "ro flags %#lx", o.seen_flags);
	SHIM_CHECK(pgprot_val(host_mmap_vma(u)->vm_page_prot) == PROT_READ,
		   "read-only mapping is writable");
	SHIM_CHECK(!host_munmap(u), "host_munmap");

	SHIM_CHECK(!host_mmap(nommap, PAGE_SIZE, PROT_READ, MAP_SHARED, 0,
			      &err) && err == -ENODEV, "no ->mmap(): %d", err);
	SHIM_CHECK(!host_mmap(file, 0, PROT_READ, MAP_SHARED, 0, &err) &&
		   err == -EINVAL, "length 0: %d", err);
	SHIM_CHECK(!host_mmap(file, PAGE_SIZE, PROT_READ, MAP_SHARED, ULONG_MAX,
			      &err) && err == -EOVERFLOW, "overflow: %d", err);

	/* Out of memory for the mapping's record. */
	host_alloc_fail_nth(1);
	SHIM_CHECK(!host_mmap(file, PAGE_SIZE, PROT_READ, MAP_SHARED, 0, &err) &&
		   err == -ENOMEM && host_alloc_fail_hit(), "ENOMEM: %d", err);
	SHIM_CHECK(!host_mmap_live(), "mappings left");

	fput(file);
	fput(ro);
	fput(nommap);
	SHIM_CHECK(o.releases == 3, "releases %d", o.releases);
	free_pages_array(o.pages, 1);
	return 0;
}

/* vmf_insert_pfn() into an area host_mmap() did not make is refused. */
static int test_insert_pfn_foreign_vma(void)
{
	unsigned long warns = host_warn_count();
	struct vm_area_struct vma = {
		.vm_start = 0x10000, .vm_end = 0x11000, .vm_flags = VM_PFNMAP,
	};

	SHIM_CHECK(vmf_insert_pfn(&vma, 0x10000, 0) == VM_FAULT_SIGBUS,
		   "inserted into a foreign area");
	SHIM_CHECK(host_warn_count() == warns + 1, "no WARN");
	return 0;
}

/* ---- fail-nth ---------------------------------------------------------- */

static int test_fail_nth(void)
{
	long pages_live = host_pages_live();
	struct page *p;
	void *v;

	host_alloc_fail_nth(1);
	p = alloc_page(GFP_KERNEL | __GFP_NOWARN);
	SHIM_CHECK(!p && host_alloc_fail_hit(), "alloc_page did not fail");
	SHIM_CHECK(host_pages_live() == pages_live, "page taken anyway");
	p = alloc_page(GFP_KERNEL);
	SHIM_CHECK(p, "alloc after the injection");
	host_alloc_fail_nth(1);
	v = vmap(&p, 1, VM_MAP, PAGE_KERNEL);
	SHIM_CHECK(!v && host_alloc_fail_hit(), "vmap did not fail");
	__free_page(p);
	return 0;
}

/* ---- scatterlists ------------------------------------------------------ */

static int test_sg_from_pages(void)
{
	const unsigned int n = 8, off = 100;
	const unsigned long size = n * PAGE_SIZE - off - 50;
	struct page *p[8], *spacer;
	struct sg_page_iter it;
	struct scatterlist *sg;
	unsigned int i, nents = 1, k = 0;
	unsigned long total = 0;
	struct sg_table sgt;

	/* A page in between, so that at least one run is likely to break. */
	SHIM_CHECK(!alloc_pages_array(p, 4, GFP_KERNEL), "alloc");
	spacer = alloc_page(GFP_KERNEL);
	SHIM_CHECK(spacer, "alloc");
	SHIM_CHECK(!alloc_pages_array(p + 4, 4, GFP_KERNEL), "alloc");
	__free_page(spacer);
	for (i = 1; i < n; i++)
		if (page_to_pfn(p[i]) != page_to_pfn(p[i - 1]) + 1 ||
		    page_address(p[i]) != page_address(p[i - 1]) + PAGE_SIZE)
			nents++;
	for (i = 0; i < n; i++)
		*(unsigned int *)page_address(p[i]) = 0xabc0 + i;

	SHIM_CHECK(!sg_alloc_table_from_pages(&sgt, p, n, off, size, GFP_KERNEL),
		   "sg_alloc_table_from_pages");
	SHIM_CHECK(sgt.orig_nents == nents && sgt.nents == nents,
		   "%u entries, expected %u", sgt.orig_nents, nents);
	SHIM_CHECK(!dma_map_sgtable(NULL, &sgt, DMA_BIDIRECTIONAL, 0), "map");
	for_each_sgtable_dma_sg(&sgt, sg, i) {
		SHIM_CHECK(sg_page(sg), "entry %u has no page", i);
		SHIM_CHECK(sg->offset == (i ? 0 : off), "offset %u", sg->offset);
		SHIM_CHECK(sg_virt(sg) == (char *)page_address(sg_page(sg)) +
			   sg->offset, "sg_virt");
		SHIM_CHECK(sg_dma_address(sg) == (dma_addr_t)(unsigned long)sg_virt(sg),
			   "dma address");
		total += sg_dma_len(sg);
	}
	SHIM_CHECK(total == size, "lengths add up to %lu", total);
	for_each_sgtable_page(&sgt, &it, 0) {
		struct page *pg = sg_page_iter_page(&it);

		SHIM_CHECK(k < n && pg == p[k], "page %u out of order", k);
		SHIM_CHECK(*(unsigned int *)page_address(pg) == 0xabc0 + k,
			   "contents of page %u", k);
		k++;
	}
	SHIM_CHECK(k == n, "iterated %u pages", k);
	dma_unmap_sgtable(NULL, &sgt, DMA_BIDIRECTIONAL, 0);
	sg_free_table(&sgt);

	SHIM_CHECK(sg_alloc_table_from_pages(&sgt, p, 1, 0, 2 * PAGE_SIZE,
					     GFP_KERNEL) == -EINVAL,
		   "size beyond the pages");
	host_alloc_fail_nth(1);
	SHIM_CHECK(sg_alloc_table_from_pages(&sgt, p, n, 0, n * PAGE_SIZE,
					     GFP_KERNEL) == -ENOMEM,
		   "fail-nth");
	free_pages_array(p, n);
	return 0;
}

/* ---- threads ----------------------------------------------------------- */

#define THREADS		4
#define ROUNDS		400

static unsigned long thread_errors;

static void *page_churn(void *arg)
{
	unsigned char tag = (unsigned char)(long)arg;
	struct page *p[4];
	int r, i;

	host_thread_enter();
	for (r = 0; r < ROUNDS; r++) {
		char *v;

		if (alloc_pages_array(p, 4, GFP_KERNEL)) {
			__atomic_fetch_add(&thread_errors, 1, __ATOMIC_RELAXED);
			continue;
		}
		for (i = 0; i < 4; i++)
			memset(page_address(p[i]), tag + i, PAGE_SIZE);
		if (r % 8 == 0) {
			v = vmap(p, 4, VM_MAP, PAGE_KERNEL);
			if (!v || !all_bytes(v + 3 * PAGE_SIZE, tag + 3, PAGE_SIZE))
				__atomic_fetch_add(&thread_errors, 1,
						   __ATOMIC_RELAXED);
			vunmap(v);
		}
		for (i = 0; i < 4; i++)
			if (!all_bytes(page_address(p[i]), tag + i, PAGE_SIZE))
				__atomic_fetch_add(&thread_errors, 1,
						   __ATOMIC_RELAXED);
		free_pages_array(p, 4);
	}
	host_thread_exit();
	return NULL;
}

static int test_threads(void)
{
	long pages_live = host_pages_live();
	pthread_t t[THREADS];
	long i;

	thread_errors = 0;
	for (i = 0; i < THREADS; i++)
		SHIM_CHECK(!pthread_create(&t[i], NULL, page_churn,
					   (void *)(i * 16)), "pthread_create");
	for (i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	SHIM_CHECK(!thread_errors, "%lu errors", thread_errors);
	SHIM_CHECK(host_pages_live() == pages_live, "pages leaked");
	return 0;
}

static const struct shim_test tests[] = {
	SHIM_TEST(pages),
	SHIM_TEST_REPORTS(double_free),
	SHIM_TEST(vmap_aliasing),
	SHIM_TEST_REPORTS(vunmap_bad),
	SHIM_TEST(mmap_insert_pfn),
	SHIM_TEST(mmap_fault_page),
	SHIM_TEST(mmap_outlives_fd),
	SHIM_TEST(mmap_errors),
	SHIM_TEST_REPORTS(insert_pfn_foreign_vma),
	SHIM_TEST(fail_nth),
	SHIM_TEST(sg_from_pages),
	SHIM_TEST(threads),
};

int main(void)
{
	int ret = shim_run(tests, ARRAY_SIZE(tests));

	if (host_mmap_live() || host_pages_live()) {
		fprintf(stderr, "# %ld mappings and %ld pages left at exit\n",
			host_mmap_live(), host_pages_live());
		ret = 1;
	}
	return ret;
}
