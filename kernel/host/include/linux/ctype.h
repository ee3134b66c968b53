/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: ASCII classification (locale independent). */
#ifndef _LINUX_CTYPE_H
#define _LINUX_CTYPE_H

#include <linux/types.h>

static inline bool __host_in(int c, int lo, int hi)
{
	return c >= lo && c <= hi;
}

#define isdigit(c)	__host_in((unsigned char)(c), '0', '9')
#define isupper(c)	__host_in((unsigned char)(c), 'A', 'Z')
#define islower(c)	__host_in((unsigned char)(c), 'a', 'z')
#define isalpha(c)	(isupper(c) || islower(c))
#define isalnum(c)	(isalpha(c) || isdigit(c))
#define isxdigit(c)	(isdigit(c) || __host_in((unsigned char)(c) | 0x20, 'a', 'f'))
#define isspace(c)	((c) == ' ' || __host_in((unsigned char)(c), '\t', '\r'))
#define isprint(c)	__host_in((unsigned char)(c), 0x20, 0x7e)
#define isgraph(c)	__host_in((unsigned char)(c), 0x21, 0x7e)
#define iscntrl(c)	((unsigned char)(c) < 0x20 || (unsigned char)(c) == 0x7f)
#define ispunct(c)	(isgraph(c) && !isalnum(c))
#define isascii(c)	(((unsigned char)(c)) <= 0x7f)

static inline char _tolower(const char c)
{
	return c | 0x20;
}

static inline unsigned char __host_tolower(unsigned char c)
{
	return isupper(c) ? c - 'A' + 'a' : c;
}

static inline unsigned char __host_toupper(unsigned char c)
{
	return islower(c) ? c - 'a' + 'A' : c;
}

#define tolower(c)	__host_tolower(c)
#define toupper(c)	__host_toupper(c)

#endif /* _LINUX_CTYPE_H */
