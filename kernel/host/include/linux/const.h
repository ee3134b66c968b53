/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: constant helpers shared with assembly in the kernel. */
#ifndef _LINUX_CONST_H
#include_next <linux/const.h>
#ifndef _LINUX_CONST_H
#define _LINUX_CONST_H
#endif

#define UL(x)		(_UL(x))
#define ULL(x)		(_ULL(x))

#endif /* _LINUX_CONST_H */
