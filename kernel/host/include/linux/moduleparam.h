/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: module parameters are plain variables. */
#ifndef _LINUX_MODULE_PARAMS_H
#define _LINUX_MODULE_PARAMS_H

#include <linux/compiler.h>
#include <linux/types.h>

#define module_param(name, type, perm)		struct __host_modinfo_unused
#define module_param_named(name, value, type, perm) struct __host_modinfo_unused
#define module_param_string(name, string, len, perm) struct __host_modinfo_unused
#define module_param_array(name, type, nump, perm) struct __host_modinfo_unused
#define module_param_cb(name, ops, arg, perm)	struct __host_modinfo_unused
#define MODULE_PARM_DESC(var, desc)		struct __host_modinfo_unused
#define core_param(name, var, type, perm)	struct __host_modinfo_unused

#endif /* _LINUX_MODULE_PARAMS_H */
