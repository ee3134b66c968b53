/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: cpu_relax(). */
#ifndef _ASM_X86_PROCESSOR_H
#define _ASM_X86_PROCESSOR_H

#if defined(__x86_64__) || defined(__i386__)
#define cpu_relax()	__builtin_ia32_pause()
#else
#define cpu_relax()	__asm__ __volatile__("" : : : "memory")
#endif

#endif /* _ASM_X86_PROCESSOR_H */
