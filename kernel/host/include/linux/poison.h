/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: poison values left in unlinked list entries. */
#ifndef _LINUX_POISON_H
#define _LINUX_POISON_H

#define LIST_POISON1	((void *)0x100)
#define LIST_POISON2	((void *)0x122)
#define POISON_INUSE	0x5a
#define POISON_FREE	0x6b

#endif /* _LINUX_POISON_H */
