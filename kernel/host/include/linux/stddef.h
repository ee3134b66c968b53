/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: NULL, offsetof and friends.  glibc reaches the uAPI
 * <linux/stddef.h> through <linux/posix_types.h>; this file shadows it, so
 * it pulls the uAPI one in first and stays a superset of it.
 */
#ifndef _LINUX_STDDEF_H
#include_next <linux/stddef.h>
#ifndef _LINUX_STDDEF_H
#define _LINUX_STDDEF_H
#endif

#include <stddef.h>
#include <linux/compiler_types.h>

#define sizeof_field(TYPE, MEMBER)	sizeof((((TYPE *)0)->MEMBER))
#define offsetofend(TYPE, MEMBER)					\
	(offsetof(TYPE, MEMBER) + sizeof_field(TYPE, MEMBER))

#define struct_group(NAME, MEMBERS...)					\
	__struct_group(/* no tag */, NAME, /* no attrs */, MEMBERS)
#define struct_group_tagged(TAG, NAME, MEMBERS...)			\
	__struct_group(TAG, NAME, /* no attrs */, MEMBERS)
#define DECLARE_FLEX_ARRAY(TYPE, NAME)	__DECLARE_FLEX_ARRAY(TYPE, NAME)

#endif /* _LINUX_STDDEF_H */
