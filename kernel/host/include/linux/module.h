/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: module metadata is discarded; module_init() and
 * module_exit() only keep their function referenced (the host test
 * driver calls what it needs directly).
 */
#ifndef _LINUX_MODULE_H
#define _LINUX_MODULE_H

#include <linux/compiler.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/moduleparam.h>
#include <linux/kernel.h>
#include <linux/stringify.h>

#define MODULE_LICENSE(x)		struct __host_modinfo_unused
#define MODULE_AUTHOR(x)		struct __host_modinfo_unused
#define MODULE_DESCRIPTION(x)		struct __host_modinfo_unused
#define MODULE_VERSION(x)		struct __host_modinfo_unused
#define MODULE_ALIAS(x)			struct __host_modinfo_unused
#define MODULE_SOFTDEP(x)		struct __host_modinfo_unused
#define MODULE_INFO(tag, info)		struct __host_modinfo_unused
#define MODULE_IMPORT_NS(ns)		struct __host_modinfo_unused
#define MODULE_DEVICE_TABLE(type, name)	struct __host_modinfo_unused

#define module_init(fn)			__host_initcall(fn)
#define module_exit(fn)			__host_exitcall(fn)

static inline bool try_module_get(struct module *module)
{
	(void)module;
	return true;
}

static inline void module_put(struct module *module)
{
	(void)module;
}

static inline void __module_get(struct module *module)
{
	(void)module;
}

#define module_name(mod)		"fencepost"

#endif /* _LINUX_MODULE_H */
