/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace host: signal_pending() and friends live in <linux/sched.h>. */
#ifndef _LINUX_SCHED_SIGNAL_H
#define _LINUX_SCHED_SIGNAL_H

#include <linux/compiler.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include <host/host.h>

/*
 * Signals sent by kernel code, as a kthread that called allow_signal()
 * receives them: the host has a single kind of signal, posted with
 * host_task_post_signal(), so the number only has to exist. Every host
 * thread accepts it, which makes allow_signal() a no-op. The numbers are
 * the generic Linux ones.
 */
#ifndef SIGKILL
#define SIGKILL		9
#endif
#ifndef SIGUSR1
#define SIGUSR1		10
#endif
#ifndef SIGUSR2
#define SIGUSR2		12
#endif
#ifndef SIGTERM
#define SIGTERM		15
#endif

static inline void allow_signal(int sig __always_unused)
{
}

static inline void disallow_signal(int sig __always_unused)
{
}

static inline int send_sig(int sig __always_unused, struct task_struct *p,
			   int priv __always_unused)
{
	host_task_post_signal(p);
	return 0;
}

static inline void flush_signals(struct task_struct *t)
{
	host_task_clear_signal(t);
}

#endif /* _LINUX_SCHED_SIGNAL_H */
