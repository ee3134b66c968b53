/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: completions on top of the host wait queues. */
#ifndef __LINUX_COMPLETION_H
#define __LINUX_COMPLETION_H

#include <linux/wait.h>

struct completion {
	unsigned int done;
	wait_queue_head_t wait;
};

#define COMPLETION_INITIALIZER(work)					\
	{ 0, __WAIT_QUEUE_HEAD_INITIALIZER((work).wait) }
#define COMPLETION_INITIALIZER_ONSTACK(work)				\
	(*({ init_completion(&work); &work; }))
#define DECLARE_COMPLETION(work)					\
	struct completion work = COMPLETION_INITIALIZER(work)
#define DECLARE_COMPLETION_ONSTACK(work)				\
	struct completion work = COMPLETION_INITIALIZER_ONSTACK(work)

static inline void init_completion(struct completion *x)
{
	x->done = 0;
	init_waitqueue_head(&x->wait);
}

static inline void reinit_completion(struct completion *x)
{
	x->done = 0;
}

void complete(struct completion *x);
void complete_all(struct completion *x);
bool try_wait_for_completion(struct completion *x);
bool completion_done(struct completion *x);
void __host_wait_for_completion(struct completion *x, const char *file, int line);
long __host_wait_for_completion_timeout(struct completion *x, long timeout,
					unsigned int state, const char *file,
					int line);

#define wait_for_completion(x)						\
	__host_wait_for_completion((x), __FILE__, __LINE__)
#define wait_for_completion_timeout(x, t)				\
	((unsigned long)__host_wait_for_completion_timeout((x), (t),	\
		TASK_UNINTERRUPTIBLE, __FILE__, __LINE__))
#define wait_for_completion_interruptible(x)				\
	(__host_wait_for_completion_timeout((x), MAX_SCHEDULE_TIMEOUT, \
		TASK_INTERRUPTIBLE, __FILE__, __LINE__) < 0 ? -ERESTARTSYS : 0)
#define wait_for_completion_interruptible_timeout(x, t)			\
	__host_wait_for_completion_timeout((x), (t), TASK_INTERRUPTIBLE,	\
					   __FILE__, __LINE__)
#define wait_for_completion_killable(x)					\
	wait_for_completion_interruptible(x)
#define wait_for_completion_killable_timeout(x, t)			\
	wait_for_completion_interruptible_timeout(x, t)

#endif /* __LINUX_COMPLETION_H */
