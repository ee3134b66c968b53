/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: interrupt enable state.  A per-thread flag stands in for
 * the CPU's interrupt flag; local_irq_save() returns the previous state in
 * @flags and local_irq_restore() puts it back.
 */
#ifndef _LINUX_TRACE_IRQFLAGS_H
#define _LINUX_TRACE_IRQFLAGS_H

#include <linux/compiler.h>
#include <linux/types.h>

unsigned long __host_irq_save(void);
void __host_irq_restore(unsigned long flags);
void __host_irq_disable(void);
void __host_irq_enable(void);
bool __host_irqs_disabled(void);

#define local_irq_save(flags)						\
	do { (flags) = __host_irq_save(); } while (0)
#define local_irq_restore(flags)	__host_irq_restore(flags)
#define local_irq_disable()		__host_irq_disable()
#define local_irq_enable()		__host_irq_enable()
#define local_save_flags(flags)						\
	do { (flags) = __host_irqs_disabled(); } while (0)
#define irqs_disabled()			__host_irqs_disabled()
#define irqs_disabled_flags(flags)	(!!(flags))
#define raw_local_irq_save(flags)	local_irq_save(flags)
#define raw_local_irq_restore(flags)	local_irq_restore(flags)
#define raw_local_irq_disable()		local_irq_disable()
#define raw_local_irq_enable()		local_irq_enable()
#define local_irq_save_nort(flags)	local_irq_save(flags)

#endif /* _LINUX_TRACE_IRQFLAGS_H */
