/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: preemption and context queries.
 *
 * Each host thread keeps counts of preempt_disable() nesting, spinlocks
 * held, RCU read-side nesting, "interrupts disabled", and whether it is
 * running a timer or RCU callback (softirq) or an irq_work (hardirq).
 * in_atomic() and friends answer from those counts; might_sleep() checks
 * them.
 */
#ifndef __LINUX_PREEMPT_H
#define __LINUX_PREEMPT_H

#include <linux/compiler.h>
#include <linux/types.h>

#define PREEMPT_OFFSET	1
#define SOFTIRQ_OFFSET	0x100
#define HARDIRQ_OFFSET	0x10000
#define NMI_OFFSET	0x100000
#define SOFTIRQ_DISABLE_OFFSET	(2 * SOFTIRQ_OFFSET)
#define SOFTIRQ_MASK	0xff00
#define HARDIRQ_MASK	0xf0000
#define NMI_MASK	0xf00000
#define PREEMPT_MASK	0xff

void __host_preempt_disable(void);
void __host_preempt_enable(void);
int __host_preempt_count(void);	/* kernel-style packed count */
bool __host_in_atomic(void);

#define preempt_disable()		__host_preempt_disable()
#define preempt_enable()		__host_preempt_enable()
#define preempt_enable_no_resched()	__host_preempt_enable()
#define preempt_disable_notrace()	__host_preempt_disable()
#define preempt_enable_notrace()	__host_preempt_enable()
#define migrate_disable()		do { } while (0)
#define migrate_enable()		do { } while (0)
#define preempt_count()			__host_preempt_count()
#define preemptible()			(!__host_in_atomic())

#define in_nmi()		0
#define in_hardirq()		(preempt_count() & HARDIRQ_MASK)
#define in_irq()		in_hardirq()
#define in_serving_softirq()	(preempt_count() & SOFTIRQ_OFFSET)
#define in_softirq()		(preempt_count() & SOFTIRQ_MASK)
#define in_interrupt()		(preempt_count() & (HARDIRQ_MASK | SOFTIRQ_MASK | NMI_MASK))
#define in_task()		(!in_interrupt())
#define in_atomic()		__host_in_atomic()
#define in_atomic_preempt_off()	__host_in_atomic()

#endif /* __LINUX_PREEMPT_H */
