/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: task references.  A task_struct lives until its thread
 * has exited and the last get_task_struct() reference is dropped.
 */
#ifndef _LINUX_SCHED_TASK_H
#define _LINUX_SCHED_TASK_H

#include <linux/sched.h>

void __put_task_struct(struct task_struct *t);

static inline struct task_struct *get_task_struct(struct task_struct *t)
{
	refcount_inc(&t->usage);
	return t;
}

static inline void put_task_struct(struct task_struct *t)
{
	if (refcount_dec_and_test(&t->usage))
		__put_task_struct(t);
}

#endif /* _LINUX_SCHED_TASK_H */
