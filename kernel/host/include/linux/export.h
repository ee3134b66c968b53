/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: symbol exports are no-ops (everything links statically). */
#ifndef _LINUX_EXPORT_H
#define _LINUX_EXPORT_H

#define __host_export_marker(sym)					\
	extern typeof(sym) sym
#define EXPORT_SYMBOL(sym)		__host_export_marker(sym)
#define EXPORT_SYMBOL_GPL(sym)		__host_export_marker(sym)
#define EXPORT_SYMBOL_NS(sym, ns)	__host_export_marker(sym)
#define EXPORT_SYMBOL_NS_GPL(sym, ns)	__host_export_marker(sym)
#define EXPORT_SYMBOL_GPL_FUTURE(sym)	__host_export_marker(sym)
#define THIS_MODULE			((struct module *)0)

struct module;

#endif /* _LINUX_EXPORT_H */
