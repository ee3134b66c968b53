/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: configuration helpers.  The host build has no .config;
 * every CONFIG_ symbol is off unless the host defines it here.
 */
#ifndef __LINUX_KCONFIG_H
#define __LINUX_KCONFIG_H

/* Kbuild passes these on the command line; the host build may too. */
#ifndef KBUILD_MODNAME
#define KBUILD_MODNAME "fencepost"
#endif
#ifndef KBUILD_BASENAME
#define KBUILD_BASENAME "fencepost"
#endif

#define CONFIG_64BIT 1
#define CONFIG_SMP 1

/* Turn "defined as 1" into 1 and anything else into 0 without errors. */
#define __host_arg_placeholder_1 0,
#define __host_take_second(ignored, val, ...) val
#define __host_is_defined(x) ___host_is_defined(x)
#define ___host_is_defined(val) ____host_is_defined(__host_arg_placeholder_##val)
#define ____host_is_defined(maybe) __host_take_second(maybe 1, 0, 0)

#define IS_BUILTIN(option) __host_is_defined(option)
#define IS_MODULE(option) __host_is_defined(option##_MODULE)
#define IS_REACHABLE(option) (IS_BUILTIN(option) || IS_MODULE(option))
#define IS_ENABLED(option) (IS_BUILTIN(option) || IS_MODULE(option))

#endif /* __LINUX_KCONFIG_H */
