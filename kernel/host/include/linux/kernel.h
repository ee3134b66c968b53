/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: the grab-bag header.  glibc's <sys/sysinfo.h> reaches the
 * uAPI <linux/kernel.h>, so that is pulled in first.
 */
#ifndef _LINUX_KERNEL_H
#include_next <linux/kernel.h>
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H
#endif

#include <stdarg.h>
#include <linux/align.h>
#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/limits.h>
#include <linux/stddef.h>
#include <linux/stringify.h>
#include <linux/build_bug.h>
#include <linux/container_of.h>
#include <linux/minmax.h>
#include <linux/math.h>
#include <linux/log2.h>
#include <linux/bitops.h>
#include <linux/err.h>
#include <linux/bug.h>
#include <linux/printk.h>
#include <linux/instruction_pointer.h>
#include <linux/typecheck.h>
#include <linux/kstrtox.h>
#include <linux/panic.h>

#define ARRAY_SIZE(arr)		(sizeof(arr) / sizeof((arr)[0]) + __must_be_array(arr))

#define upper_32_bits(n)	((u32)(((n) >> 16) >> 16))
#define lower_32_bits(n)	((u32)((n) & 0xffffffff))
#define upper_16_bits(n)	((u16)((n) >> 16))
#define lower_16_bits(n)	((u16)((n) & 0xffff))

#define REPEAT_BYTE(x)		((~0ul / 0xff) * (x))


/* The host always has two "CPUs" worth of worker threads or more. */
int host_num_online_cpus(void);
#define num_online_cpus()	host_num_online_cpus()
#define num_possible_cpus()	host_num_online_cpus()
#define nr_cpu_ids		host_num_online_cpus()
#define smp_processor_id()	0
#define raw_smp_processor_id()	0

/*
 * The formatting functions are the C library's (same prototypes as the
 * kernel's); the kernel's %p extensions are not understood.
 */
__printf(2, 3) int sprintf(char *buf, const char *fmt, ...);
__printf(3, 4) int snprintf(char *buf, size_t size, const char *fmt, ...);
__printf(3, 0) int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
__printf(3, 4) int scnprintf(char *buf, size_t size, const char *fmt, ...);
__printf(3, 0) int vscnprintf(char *buf, size_t size, const char *fmt, va_list args);
__scanf(2, 3) int sscanf(const char *buf, const char *fmt, ...);

/*
 * might_sleep() - complain when called from atomic context
 *
 * The host keeps per-thread counts of spinlocks held, interrupts
 * "disabled", RCU read-side nesting and preempt_disable(); when any is
 * non-zero this prints "BUG: sleeping function called from invalid
 * context at FILE:LINE" with the reason, and counts it (host_bug_count()).
 */
void __host_might_sleep(const char *file, int line);
#define might_sleep()		__host_might_sleep(__FILE__, __LINE__)
#define might_sleep_if(cond)	do { if (cond) might_sleep(); } while (0)
#define cant_sleep()		do { } while (0)
#define cant_migrate()		do { } while (0)
#define might_fault()		might_sleep()
#define might_resched()		do { } while (0)
#define sched_annotate_sleep()	do { } while (0)
#define non_block_start()	do { } while (0)
#define non_block_end()		do { } while (0)

#define __might_sleep(file, line) __host_might_sleep(file, line)

#endif /* _LINUX_KERNEL_H */
