/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: irq_work.  Queued items run soon on a host thread in
 * hard-interrupt context (interrupts "disabled": sleeping is reported).
 * irq_work_queue() returns false if the item was already pending;
 * irq_work_sync() waits until it is neither pending nor running.
 */
#ifndef _LINUX_IRQ_WORK_H
#define _LINUX_IRQ_WORK_H

#include <linux/list.h>
#include <linux/atomic.h>

#define IRQ_WORK_PENDING	0x01
#define IRQ_WORK_BUSY		0x02
#define IRQ_WORK_LAZY		0x04
#define IRQ_WORK_HARD_IRQ	0x08
#define IRQ_WORK_CLAIMED	(IRQ_WORK_PENDING | IRQ_WORK_BUSY)

struct irq_work {
	atomic_t flags;
	struct list_head host_node;
	void (*func)(struct irq_work *);
};

#define __IRQ_WORK_INIT(_func, _flags) (struct irq_work){		\
	.flags = ATOMIC_INIT(_flags),					\
	.host_node = { NULL, NULL },					\
	.func = (_func),						\
}
#define IRQ_WORK_INIT(_func)		__IRQ_WORK_INIT(_func, 0)
#define IRQ_WORK_INIT_LAZY(_func)	__IRQ_WORK_INIT(_func, IRQ_WORK_LAZY)
#define IRQ_WORK_INIT_HARD(_func)	__IRQ_WORK_INIT(_func, IRQ_WORK_HARD_IRQ)
#define DEFINE_IRQ_WORK(name, _f)	struct irq_work name = IRQ_WORK_INIT(_f)

static inline void init_irq_work(struct irq_work *work, void (*func)(struct irq_work *))
{
	*work = IRQ_WORK_INIT(func);
}

static inline bool irq_work_is_pending(struct irq_work *work)
{
	return atomic_read(&work->flags) & IRQ_WORK_PENDING;
}

static inline bool irq_work_is_busy(struct irq_work *work)
{
	return atomic_read(&work->flags) & IRQ_WORK_BUSY;
}

static inline bool irq_work_is_hard(struct irq_work *work)
{
	return atomic_read(&work->flags) & IRQ_WORK_HARD_IRQ;
}

bool irq_work_queue(struct irq_work *work);
bool irq_work_queue_on(struct irq_work *work, int cpu);
void __host_irq_work_sync(struct irq_work *work, const char *file, int line);
#define irq_work_sync(w)	__host_irq_work_sync((w), __FILE__, __LINE__)
#define irq_work_run()		do { } while (0)
#define irq_work_tick()		do { } while (0)

#endif /* _LINUX_IRQ_WORK_H */
