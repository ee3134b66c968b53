/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: shell-style pattern matching (*, ?, [set], [!set]). */
#ifndef _LINUX_GLOB_H
#define _LINUX_GLOB_H

#include <linux/types.h>
#include <linux/compiler.h>

bool __pure glob_match(char const *pat, char const *str);

#endif /* _LINUX_GLOB_H */
