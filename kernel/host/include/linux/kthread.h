/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: kernel threads are host threads.  kthread_create()
 * leaves the thread parked until wake_up_process(); kthread_stop() sets
 * the stop flag, wakes the thread, waits for it to exit and returns its
 * result.
 */
#ifndef _LINUX_KTHREAD_H
#define _LINUX_KTHREAD_H

#include <linux/err.h>
#include <linux/sched.h>

__printf(4, 5) struct task_struct *
kthread_create_on_node(int (*threadfn)(void *data), void *data, int node,
		       const char namefmt[], ...);

#define NUMA_NO_NODE	(-1)
#define kthread_create(threadfn, data, namefmt, arg...)			\
	kthread_create_on_node(threadfn, data, NUMA_NO_NODE, namefmt, ##arg)

#define kthread_run(threadfn, data, namefmt, ...)			\
({									\
	struct task_struct *__k						\
		= kthread_create(threadfn, data, namefmt, ## __VA_ARGS__); \
	if (!IS_ERR(__k))						\
		wake_up_process(__k);					\
	__k;								\
})

int __host_kthread_stop(struct task_struct *k, const char *file, int line);
#define kthread_stop(k)		__host_kthread_stop((k), __FILE__, __LINE__)
bool kthread_should_stop(void);
bool kthread_should_park(void);
void kthread_bind(struct task_struct *k, unsigned int cpu);
void *kthread_data(struct task_struct *k);
__noreturn void kthread_exit(long result);
__noreturn void kthread_complete_and_exit(void *comp, long code);

#endif /* _LINUX_KTHREAD_H */
