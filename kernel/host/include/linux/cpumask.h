/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: only the CPU counts are provided (see <linux/kernel.h>). */
#ifndef __LINUX_CPUMASK_H
#define __LINUX_CPUMASK_H

#include <linux/kernel.h>

#define for_each_possible_cpu(cpu)	for ((cpu) = 0; (cpu) < num_possible_cpus(); (cpu)++)
#define for_each_online_cpu(cpu)	for ((cpu) = 0; (cpu) < num_online_cpus(); (cpu)++)
#define cpu_online(cpu)			((cpu) < num_online_cpus())

#endif /* __LINUX_CPUMASK_H */
