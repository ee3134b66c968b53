/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: CPU identity (the host claims to run everything on CPU 0). */
#ifndef __LINUX_SMP_H
#define __LINUX_SMP_H

#include <linux/kernel.h>
#include <linux/preempt.h>

#define get_cpu()		({ preempt_disable(); 0; })
#define put_cpu()		preempt_enable()
#define on_each_cpu(func, info, wait)	({ (func)(info); 0; })

#endif /* __LINUX_SMP_H */
