/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: section markers are empty; initcalls become
 * constructor-free registrations that a host test can call by name:
 * module_init(fn) defines host_module_init_<fn> pointers is not needed,
 * so module_init/module_exit simply keep fn referenced.
 */
#ifndef _LINUX_INIT_H
#define _LINUX_INIT_H

#include <linux/compiler.h>

#define __init
#define __exit
#define __initdata
#define __exitdata
#define __initconst
#define __init_memblock
#define __meminit
#define __ref
#define __refdata
#define __exit_p(x)	x
#define __initcall(fn)	__host_initcall(fn)

typedef int (*initcall_t)(void);
typedef void (*exitcall_t)(void);

#define __host_initcall(fn)						\
	static initcall_t __PASTE(__host_initcall_, fn) __attribute__((__used__)) = fn
#define __host_exitcall(fn)						\
	static exitcall_t __PASTE(__host_exitcall_, fn) __attribute__((__used__)) = fn

#define core_initcall(fn)		__host_initcall(fn)
#define postcore_initcall(fn)		__host_initcall(fn)
#define arch_initcall(fn)		__host_initcall(fn)
#define subsys_initcall(fn)		__host_initcall(fn)
#define fs_initcall(fn)			__host_initcall(fn)
#define device_initcall(fn)		__host_initcall(fn)
#define late_initcall(fn)		__host_initcall(fn)
#define late_initcall_sync(fn)		__host_initcall(fn)

#endif /* _LINUX_INIT_H */
