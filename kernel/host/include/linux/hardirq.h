/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: interrupt context queries live in <linux/preempt.h>. */
#ifndef LINUX_HARDIRQ_H
#define LINUX_HARDIRQ_H

#include <linux/preempt.h>

#endif /* LINUX_HARDIRQ_H */
