/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: tasks and sleeping.
 *
 * Every host thread has a struct task_struct ("current").  Sleeping follows
 * the kernel protocol exactly: set_current_state(TASK_*), test the
 * condition, schedule()/schedule_timeout(); wake_up_process() or
 * wake_up_state() puts a matching sleeper back to TASK_RUNNING, and a
 * wake-up that lands between set_current_state() and schedule() makes
 * schedule() return at once, so no wake-up is lost.
 *
 * Signals: signal_pending() is false unless a test posted one with
 * host_task_post_signal() (see <host/host.h>); TASK_INTERRUPTIBLE sleeps
 * then end early.  There are no fatal signals.
 */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/refcount.h>
#include <linux/jiffies.h>
#include <linux/preempt.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <asm/barrier.h>
#include <asm/processor.h>

#define TASK_RUNNING			0x0000
#define TASK_INTERRUPTIBLE		0x0001
#define TASK_UNINTERRUPTIBLE		0x0002
#define __TASK_STOPPED			0x0004
#define __TASK_TRACED			0x0008
#define EXIT_DEAD			0x0010
#define EXIT_ZOMBIE			0x0020
#define TASK_PARKED			0x0040
#define TASK_DEAD			0x0080
#define TASK_WAKEKILL			0x0100
#define TASK_WAKING			0x0200
#define TASK_NOLOAD			0x0400
#define TASK_NEW			0x0800
#define TASK_KILLABLE			(TASK_WAKEKILL | TASK_UNINTERRUPTIBLE)
#define TASK_IDLE			(TASK_UNINTERRUPTIBLE | TASK_NOLOAD)
#define TASK_NORMAL			(TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)
#define TASK_FREEZABLE			0

#define TASK_COMM_LEN			16
#define MAX_SCHEDULE_TIMEOUT		LONG_MAX

#define PF_KTHREAD			0x00200000
#define PF_MEMALLOC			0x00000800
#define PF_MEMALLOC_NOFS		0x00040000
#define PF_MEMALLOC_NOIO		0x00080000

struct host_task;

struct task_struct {
	unsigned int __state;
	unsigned int flags;
	refcount_t usage;
	pid_t pid;
	pid_t tgid;
	int prio;
	char comm[TASK_COMM_LEN];
	struct host_task *host;		/* runtime-private */
};

struct task_struct *__host_current(void);
#define current		__host_current()
#define get_current()	__host_current()

static inline unsigned int __host_task_state(struct task_struct *p)
{
	return __atomic_load_n(&p->__state, __ATOMIC_ACQUIRE);
}

#define task_is_running(task)	(__host_task_state(task) == TASK_RUNNING)

void __host_set_current_state(unsigned int state, bool barrier);
#define __set_current_state(state)	__host_set_current_state((state), false)
#define set_current_state(state)	__host_set_current_state((state), true)
#define set_special_state(state)	__host_set_current_state((state), true)

void __host_schedule(const char *file, int line);
long __host_schedule_timeout(long timeout, const char *file, int line);
#define schedule()			__host_schedule(__FILE__, __LINE__)
#define schedule_timeout(t)		__host_schedule_timeout((t), __FILE__, __LINE__)
#define io_schedule()			schedule()
#define io_schedule_timeout(t)		schedule_timeout(t)

static inline long __host_schedule_timeout_state(long timeout, unsigned int state,
						 const char *file, int line)
{
	__host_set_current_state(state, false);
	return __host_schedule_timeout(timeout, file, line);
}

#define schedule_timeout_interruptible(t)				\
	__host_schedule_timeout_state((t), TASK_INTERRUPTIBLE, __FILE__, __LINE__)
#define schedule_timeout_killable(t)					\
	__host_schedule_timeout_state((t), TASK_KILLABLE, __FILE__, __LINE__)
#define schedule_timeout_uninterruptible(t)				\
	__host_schedule_timeout_state((t), TASK_UNINTERRUPTIBLE, __FILE__, __LINE__)
#define schedule_timeout_idle(t)					\
	__host_schedule_timeout_state((t), TASK_IDLE, __FILE__, __LINE__)

int wake_up_process(struct task_struct *tsk);
/* wake_up_state() is not exported to modules in 6.1: the shim keeps it private. */

/* A voluntary preemption point: a scheduler yield in the host. */
void __host_cond_resched(const char *file, int line);
#define cond_resched()		({ __host_cond_resched(__FILE__, __LINE__); 0; })
#define cond_resched_lock(l)	0
void yield(void);
int yield_to(struct task_struct *p, bool preempt);
#define need_resched()		0

bool __host_signal_pending(struct task_struct *p);

static inline int signal_pending(struct task_struct *p)
{
	return __host_signal_pending(p);
}

static inline int __fatal_signal_pending(struct task_struct *p)
{
	(void)p;
	return 0;
}

static inline int fatal_signal_pending(struct task_struct *p)
{
	(void)p;
	return 0;
}

static inline int signal_pending_state(unsigned int state, struct task_struct *p)
{
	if (!(state & (TASK_INTERRUPTIBLE | TASK_WAKEKILL)))
		return 0;
	if (!signal_pending(p))
		return 0;
	return (state & TASK_INTERRUPTIBLE) || __fatal_signal_pending(p);
}

static inline pid_t task_pid_nr(struct task_struct *tsk)
{
	return tsk->pid;
}

static inline pid_t task_tgid_nr(struct task_struct *tsk)
{
	return tsk->tgid;
}

static inline pid_t task_pid_vnr(struct task_struct *tsk)
{
	return tsk->pid;
}

#define get_task_comm(buf, tsk) ({					\
	strscpy(buf, (tsk)->comm, sizeof(buf));				\
	buf; })

static inline int task_nice(const struct task_struct *p)
{
	(void)p;
	return 0;
}

#define sched_set_fifo(p)	do { (void)(p); } while (0)
#define sched_set_fifo_low(p)	do { (void)(p); } while (0)
#define sched_set_normal(p, n)	do { (void)(p); } while (0)
#define set_user_nice(p, n)	do { (void)(p); } while (0)

#endif /* _LINUX_SCHED_H */
