/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: timer_list.  One host thread fires expired timers in
 * "softirq" context (sleeping in a timer callback is reported).
 * del_timer_sync() waits for a running callback to finish.
 */
#ifndef _LINUX_TIMER_H
#define _LINUX_TIMER_H

#include <linux/list.h>
#include <linux/jiffies.h>
#include <linux/types.h>
#include <linux/lockdep_types.h>

struct timer_list {
	struct hlist_node entry;
	unsigned long expires;
	void (*function)(struct timer_list *);
	u32 flags;
	/* host bookkeeping */
	struct list_head host_node;
	int host_pending;
	unsigned long host_seq;
	struct lockdep_map lockdep_map;
};

#define TIMER_CPUMASK		0x0003FFFF
#define TIMER_MIGRATING		0x00040000
#define TIMER_DEFERRABLE	0x00080000
#define TIMER_PINNED		0x00100000
#define TIMER_IRQSAFE		0x00200000

#define __TIMER_INITIALIZER(_function, _flags) {			\
		.entry = { .next = NULL, .pprev = NULL },		\
		.function = (_function),				\
		.flags = (_flags),					\
		.host_node = { NULL, NULL },				\
	}
#define DEFINE_TIMER(_name, _function)					\
	struct timer_list _name = __TIMER_INITIALIZER(_function, 0)

void __host_timer_init(struct timer_list *timer,
		       void (*func)(struct timer_list *), unsigned int flags);

#define timer_setup(timer, callback, flags)				\
	__host_timer_init((timer), (callback), (flags))
#define timer_setup_on_stack(timer, callback, flags)			\
	__host_timer_init((timer), (callback), (flags))
#define destroy_timer_on_stack(timer)	do { (void)(timer); } while (0)
#define from_timer(var, callback_timer, timer_fieldname)		\
	container_of(callback_timer, typeof(*var), timer_fieldname)

int timer_pending(const struct timer_list *timer);
void add_timer(struct timer_list *timer);
int mod_timer(struct timer_list *timer, unsigned long expires);
int mod_timer_pending(struct timer_list *timer, unsigned long expires);
int timer_reduce(struct timer_list *timer, unsigned long expires);
int del_timer(struct timer_list *timer);
int __host_del_timer_sync(struct timer_list *timer, const char *file, int line);
#define del_timer_sync(t)	__host_del_timer_sync((t), __FILE__, __LINE__)
#define del_singleshot_timer_sync(t) del_timer_sync(t)
int try_to_del_timer_sync(struct timer_list *timer);

#endif /* _LINUX_TIMER_H */
