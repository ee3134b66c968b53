/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: interrupt context helpers only. */
#ifndef _LINUX_INTERRUPT_H
#define _LINUX_INTERRUPT_H

#include <linux/preempt.h>
#include <linux/irqflags.h>
#include <linux/hardirq.h>
#include <linux/irq_work.h>

#endif /* _LINUX_INTERRUPT_H */
