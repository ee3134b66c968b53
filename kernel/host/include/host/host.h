/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fencepost userspace host: the test-only API.
 *
 * Only files under kernel/host/ and tools/ may include this header; kernel
 * code must not know the host exists.
 */
#ifndef __HOST_HOST_H
#define __HOST_HOST_H

#include <linux/types.h>

struct task_struct;
struct seq_file;

/* ---- threads ---------------------------------------------------------- */

/*
 * host_thread_enter() - make the calling thread a full host thread
 *
 * Registers the thread with liburcu and gives it a task_struct.  Threads
 * the host creates (kthreads, workqueue workers, timer and irq_work
 * threads) and the main thread are registered automatically, and any other
 * thread is registered lazily the first time it uses RCU or current; an
 * explicit call is still recommended for pthreads a test creates.  Pair
 * with host_thread_exit() before the thread ends.  Nesting is not counted.
 */
void host_thread_enter(void);

/*
 * host_thread_exit() - undo host_thread_enter() (unregister from liburcu,
 * drop the thread's task_struct reference).  Must not be called inside an
 * RCU read-side section.
 */
void host_thread_exit(void);

/* ---- signals ---------------------------------------------------------- */

/*
 * host_task_post_signal() - pretend a signal arrived for @task
 *
 * signal_pending(@task) becomes true and an interruptible sleep of @task
 * ends early (wait_event_interruptible() returns -ERESTARTSYS, etc.).  The
 * signal stays pending until host_task_clear_signal().
 */
void host_task_post_signal(struct task_struct *task);

/* host_task_clear_signal() - make signal_pending(@task) false again. */
void host_task_clear_signal(struct task_struct *task);

/* ---- allocator -------------------------------------------------------- */

/*
 * struct host_alloc_site - one allocation call site
 * @file: __FILE__ of the kmalloc()/kmem_cache_alloc()/... call
 * @line: __LINE__ of the call
 * @allocs: fallible allocation attempts made there (injected ones included)
 * @injected: attempts failed on purpose by host_alloc_fail_nth()
 */
struct host_alloc_site {
	const char *file;
	int line;
	unsigned long allocs;
	unsigned long injected;
};

/*
 * host_alloc_fail_nth() - fail the @n-th fallible allocation from now
 *
 * n=1 fails the next one.  Only allocations without __GFP_NOFAIL count.
 * One-shot: after it fires, allocations succeed again.  n=0 disarms.
 */
void host_alloc_fail_nth(unsigned long n);

/* host_alloc_fail_hit() - did the failure armed by the last
 * host_alloc_fail_nth() fire? */
bool host_alloc_fail_hit(void);

/* host_alloc_live() - number of live counted allocations (all threads). */
long host_alloc_live(void);

/*
 * host_alloc_sites() - snapshot of every allocation site seen so far
 * @sites: set to a malloc()ed array the caller releases with free()
 *
 * Return: the number of entries, or -1 if the snapshot could not be made.
 */
int host_alloc_sites(struct host_alloc_site **sites);

/* host_alloc_dump_live() - print every live allocation with its site to
 * stderr; returns the number printed.  Useful after a leak check fails. */
long host_alloc_dump_live(void);

/* ---- diagnostics ------------------------------------------------------ */

/* host_warn_count() - WARN()/WARN_ON()/WARN_ONCE() reports so far. */
unsigned long host_warn_count(void);

/*
 * host_bug_count() - BUG-class reports so far: sleeping in atomic or RCU
 * context (might_sleep()), lock misuse (unlocking a lock not held, unlocking
 * another task's mutex), bad or double kfree(), kmem_cache_destroy() with
 * live objects, refcount misuse is a WARN and not counted here.
 */
unsigned long host_bug_count(void);

/* ---- quiescing -------------------------------------------------------- */

/*
 * host_quiesce() - let all deferred work finish
 *
 * Waits for RCU callbacks (rcu_barrier()), pending irq_work, every
 * workqueue and every timer due within the next few seconds, repeating
 * until nothing new was queued, so that host_alloc_live() is stable.  Must
 * be called from process context with no locks held.
 */
void host_quiesce(void);

/* ---- files ------------------------------------------------------------ */

/* host_fd_cloexec() - was @fd reserved with O_CLOEXEC (and is it open)? */
bool host_fd_cloexec(unsigned int fd);

/* ---- user memory ------------------------------------------------------ */

/* host_uaccess_add_fault() - make [@addr, @addr + @len) fault for
 * copy_to_user()/copy_from_user()/get_user()/put_user(). */
void host_uaccess_add_fault(const void *addr, size_t len);

/* host_uaccess_clear_faults() - forget all ranges added above. */
void host_uaccess_clear_faults(void);

/* ---- seq_file --------------------------------------------------------- */

/* host_seq_file_new() - a seq_file that collects up to @size bytes of
 * text in ->buf (NUL terminated, ->count bytes long).  Not counted as a
 * kernel allocation.  Release with host_seq_file_free(). */
struct seq_file *host_seq_file_new(size_t size);
void host_seq_file_free(struct seq_file *m);

/* ---- pages and user mappings ------------------------------------------ */

struct file;
struct vm_area_struct;

/*
 * host_mmap() - mmap(2) @file for a test, as a process would
 * @file: the file; its ->mmap() is called
 * @len: bytes to map (rounded up to pages; 0 is -EINVAL)
 * @prot: PROT_READ/PROT_WRITE/PROT_EXEC
 * @flags: MAP_SHARED or MAP_PRIVATE (the host picks the address)
 * @pgoff: the offset into @file, in pages (vm_pgoff)
 * @err: set to 0 or the -errno on failure; may be NULL
 *
 * Reserves address space, builds a vm_area_struct whose vm_flags follow
 * do_mmap() (VM_MAYWRITE and VM_SHARED dropped for a shared mapping of a
 * file without FMODE_WRITE; -EACCES for a writable shared mapping of
 * one, or for a file without FMODE_READ; -ENODEV without ->mmap()), takes
 * a file reference for vm_file and calls ->mmap().  If that fails the
 * error is returned and everything undone (->close() is not called).
 * Then every page is faulted in at once through vm_ops->fault(): a page
 * for which it did not answer VM_FAULT_NOPAGE (after vmf_insert_pfn()) or
 * hand back vmf->page stays inaccessible, and host_mmap_fault_result()
 * tells what it said.  The mapping's record is a counted allocation (it
 * can fail with -ENOMEM under host_alloc_fail_nth()).  May sleep.
 *
 * Return: the start of the mapping, or NULL.
 */
void *host_mmap(struct file *file, size_t len, int prot, int flags,
		unsigned long pgoff, int *err);

/*
 * host_munmap() - munmap(2) a whole host_mmap() mapping: unmap the pages,
 * call vm_ops->close(), fput() vm_file (whatever ->mmap() left there).
 * Return: 0, or -EINVAL if @addr is not the start of a live mapping.
 */
int host_munmap(void *addr);

/* host_mmap_fault_result() - what vm_ops->fault() returned for page @index
 * of the mapping starting at @addr (VM_FAULT_SIGBUS if there was no
 * ->fault()), or -EINVAL. */
int host_mmap_fault_result(const void *addr, unsigned long index);

/* host_mmap_vma() - the area of the live mapping containing @addr, or NULL. */
struct vm_area_struct *host_mmap_vma(const void *addr);

/* host_mmap_live() - host_mmap() mappings not yet host_munmap()ed. */
long host_mmap_live(void);

/* host_pages_live() - pages allocated with alloc_page() and not freed. */
long host_pages_live(void);

#endif /* __HOST_HOST_H */
