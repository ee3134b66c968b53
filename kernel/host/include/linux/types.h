/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: kernel integer and list types.
 *
 * glibc reaches the uAPI <linux/types.h>, so this header includes it first
 * and only adds the kernel-side names.  Types glibc also defines (size_t,
 * ssize_t, loff_t, pid_t ...) are declared with glibc's exact type so both
 * can appear in one translation unit.
 */
#ifndef _LINUX_TYPES_H
#include_next <linux/types.h>
#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H
#endif

#include <stdbool.h>
#include <linux/stddef.h>

typedef __u8 u8;
typedef __s8 s8;
typedef __u16 u16;
typedef __s16 s16;
typedef __u32 u32;
typedef __s32 s32;
typedef __u64 u64;
typedef __s64 s64;

typedef unsigned char u_char;
typedef unsigned short u_short;
typedef unsigned int u_int;
typedef unsigned long u_long;
typedef unsigned char unchar;
typedef unsigned short ushort;
typedef unsigned int uint;
typedef unsigned long ulong;

typedef __kernel_ssize_t ssize_t;
/* glibc's loff_t is "long" on LP64; the kernel's is "long long". */
typedef long loff_t;
typedef long off_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef unsigned int mode_t;
typedef unsigned int __bitwise fmode_t;
typedef unsigned int __bitwise gfp_t;
typedef unsigned int __bitwise slab_flags_t;
typedef int clockid_t;
typedef unsigned long uintptr_t;

typedef s64 ktime_t;
typedef s64 time64_t;
typedef u64 sector_t;
typedef u64 dma_addr_t;
typedef u64 phys_addr_t;
typedef phys_addr_t resource_size_t;
typedef unsigned long irq_hw_number_t;

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	s64 counter;
} atomic64_t;

#define ATOMIC_INIT(i)		{ (i) }
#define ATOMIC64_INIT(i)	{ (i) }

struct list_head {
	struct list_head *next, *prev;
};

struct hlist_head {
	struct hlist_node *first;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

/*
 * The first two words of an RCU head are where the host's liburcu keeps
 * its own queue node; @func is the kernel callback (or, for kfree_rcu(),
 * a small offset, as in the kernel).
 */
struct callback_head {
	void *host_urcu[2];
	void (*func)(struct callback_head *head);
} __attribute__((aligned(sizeof(void *))));
#define rcu_head callback_head

typedef void (*rcu_callback_t)(struct rcu_head *head);
typedef void (*call_rcu_func_t)(struct rcu_head *head, rcu_callback_t func);

#endif /* _LINUX_TYPES_H */
