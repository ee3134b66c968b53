/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: "I/O memory" is ordinary memory. */
#ifndef _LINUX_IO_H
#define _LINUX_IO_H

#include <linux/types.h>
#include <linux/string.h>
#include <linux/compiler.h>

#define memcpy_fromio(dst, src, n)	memcpy((dst), (const void *)(src), (n))
#define memcpy_toio(dst, src, n)	memcpy((void *)(dst), (src), (n))
#define memset_io(dst, c, n)		memset((void *)(dst), (c), (n))

#define readb(addr)	(*(const volatile u8 *)(addr))
#define readw(addr)	(*(const volatile u16 *)(addr))
#define readl(addr)	(*(const volatile u32 *)(addr))
#define readq(addr)	(*(const volatile u64 *)(addr))
#define writeb(v, addr)	(*(volatile u8 *)(addr) = (v))
#define writew(v, addr)	(*(volatile u16 *)(addr) = (v))
#define writel(v, addr)	(*(volatile u32 *)(addr) = (v))
#define writeq(v, addr)	(*(volatile u64 *)(addr) = (v))

#endif /* _LINUX_IO_H */
