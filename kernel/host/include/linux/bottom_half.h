/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: softirq disabling counts as atomic context. */
#ifndef _LINUX_BH_H
#define _LINUX_BH_H

void __host_local_bh_disable(void);
void __host_local_bh_enable(void);

#define local_bh_disable()	__host_local_bh_disable()
#define local_bh_enable()	__host_local_bh_enable()

#endif /* _LINUX_BH_H */
