// SPDX-License-Identifier: GPL-2.0-only
/*
 * fencepost userspace host: process start-up, printk, WARN/BUG reporting,
 * the per-thread context counters behind might_sleep(), and host_quiesce().
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sched.h>

#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/preempt.h>
#include <linux/irqflags.h>
#include <linux/bottom_half.h>
#include <linux/sched.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <host/host.h>

#include "internal.h"

static __thread struct host_ctx ctx_tls;
static unsigned long warn_count;
static unsigned long bug_count;
static unsigned long activity;
static int debug_flag = -1;
static int ncpus;

int debug_locks = 1;
int debug_locks_silent;

struct host_ctx *host_ctx(void)
{
	return &ctx_tls;
}

void host_note_activity(void)
{
	__atomic_fetch_add(&activity, 1, __ATOMIC_RELAXED);
}

unsigned long host_activity(void)
{
	return __atomic_load_n(&activity, __ATOMIC_RELAXED);
}

unsigned long host_warn_count(void)
{
	return __atomic_load_n(&warn_count, __ATOMIC_RELAXED);
}

unsigned long host_bug_count(void)
{
	return __atomic_load_n(&bug_count, __ATOMIC_RELAXED);
}

void host_count_bug(void)
{
	__atomic_fetch_add(&bug_count, 1, __ATOMIC_RELAXED);
}

bool host_debug_enabled(void)
{
	int v = __atomic_load_n(&debug_flag, __ATOMIC_RELAXED);

	if (v < 0) {
		v = getenv("HOST_DEBUG") != NULL;
		__atomic_store_n(&debug_flag, v, __ATOMIC_RELAXED);
	}
	return v;
}

int host_num_online_cpus(void)
{
	int n = __atomic_load_n(&ncpus, __ATOMIC_RELAXED);

	if (!n) {
		long c = sysconf(_SC_NPROCESSORS_ONLN);

		n = c < 1 ? 1 : (int)c;
		__atomic_store_n(&ncpus, n, __ATOMIC_RELAXED);
	}
	return n;
}

/* ---- printk ----------------------------------------------------------- */

static FILE *last_stream;

static FILE *printk_stream(const char **fmt)
{
	const char *f = *fmt;
	FILE *out = stdout;

	if (f[0] == KERN_SOH_ASCII && f[1]) {
		if (f[1] == 'c')
			out = last_stream ? last_stream : stdout;
		else if (f[1] >= '0' && f[1] <= '4')
			out = stderr;
		*fmt = f + 2;
	}
	return out;
}

int vprintk(const char *fmt, va_list args)
{
	FILE *out;
	int n;

	flockfile(stdout);
	flockfile(stderr);
	out = printk_stream(&fmt);
	if (out != last_stream && last_stream)
		fflush(last_stream);
	n = vfprintf(out, fmt, args);
	fflush(out);
	last_stream = out;
	funlockfile(stderr);
	funlockfile(stdout);
	return n;
}

int _printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

void dump_stack(void)
{
	fprintf(stderr, "(host: no stack trace; run under gdb or a sanitizer)\n");
}

void print_hex_dump(const char *level, const char *prefix_str, int prefix_type,
		    int rowsize, int groupsize, const void *buf, size_t len,
		    bool ascii)
{
	const unsigned char *p = buf;
	size_t i, j;

	(void)groupsize;
	if (rowsize != 16 && rowsize != 32)
		rowsize = 16;
	for (i = 0; i < len; i += rowsize) {
		char line[200];
		int n = 0;

		if (prefix_type == DUMP_PREFIX_ADDRESS)
			n += snprintf(line + n, sizeof(line) - n, "%p: ", p + i);
		else if (prefix_type == DUMP_PREFIX_OFFSET)
			n += snprintf(line + n, sizeof(line) - n, "%.8zx: ", i);
		for (j = i; j < i + rowsize && j < len; j++)
			n += snprintf(line + n, sizeof(line) - n, "%02x ", p[j]);
		if (ascii)
			for (j = i; j < i + rowsize && j < len; j++)
				n += snprintf(line + n, sizeof(line) - n, "%c",
					      p[j] >= 0x20 && p[j] < 0x7f ? p[j] : '.');
		printk("%s%s%s\n", level, prefix_str, line);
	}
}

/* ---- WARN / BUG ------------------------------------------------------- */

void __host_warn(const char *file, int line, const char *func,
		 const char *cond, const char *fmt, ...)
{
	va_list ap;

	__atomic_fetch_add(&warn_count, 1, __ATOMIC_RELAXED);
	flockfile(stderr);
	fprintf(stderr, "------------[ cut here ]------------\n");
	if (fmt) {
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		if (fmt[0] && fmt[strlen(fmt) - 1] != '\n')
			fputc('\n', stderr);
	}
	fprintf(stderr, "WARNING: at %s:%d %s()%s%s\n", file, line, func,
		cond ? ": " : "", cond ? cond : "");
	funlockfile(stderr);
	fflush(stderr);
}

void __host_bug(const char *file, int line, const char *func, const char *cond)
{
	fprintf(stderr, "kernel BUG at %s:%d %s()%s%s\n", file, line, func,
		cond ? ": " : "", cond ? cond : "");
	fflush(stderr);
	abort();
}

void panic(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "Kernel panic - not syncing: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
	abort();
}

void host_report_bug(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	host_count_bug();
	flockfile(stderr);
	fprintf(stderr, "BUG: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (file)
		fprintf(stderr, " at %s:%d", file, line);
	fputc('\n', stderr);
	funlockfile(stderr);
	fflush(stderr);
}

/* ---- context ---------------------------------------------------------- */

static const char *atomic_reason(const struct host_ctx *c)
{
	if (c->hardirq)
		return "in hard interrupt context (irq_work)";
	if (c->softirq)
		return "in softirq context (timer or RCU callback)";
	if (c->irqs_off)
		return "with interrupts disabled";
	if (c->spin)
		return "while holding a spinlock";
	if (c->bh)
		return "with bottom halves disabled";
	if (c->preempt)
		return "with preemption disabled";
	if (c->rcu)
		return "inside an RCU read-side critical section";
	return NULL;
}

void host_might_sleep_check(const char *file, int line, bool check_state)
{
	struct host_ctx *c = host_ctx();
	const char *why = atomic_reason(c);

	if (why) {
		host_report_bug(NULL, 0,
				"sleeping function called from invalid context at %s:%d\n"
				"  in_atomic(): %d, irqs_disabled(): %d, spinlocks held: %d, "
				"rcu nesting: %d, preempt nesting: %d\n  reason: %s",
				file, line, __host_in_atomic(), c->irqs_off,
				c->spin, c->rcu, c->preempt, why);
		return;
	}
	if (check_state && c->task &&
	    __atomic_load_n(&c->task->__state, __ATOMIC_RELAXED) != TASK_RUNNING)
		__host_warn(file, line, "might_sleep", NULL,
			    "do not call blocking ops when !TASK_RUNNING; state=%x",
			    c->task->__state);
}

void __host_might_sleep(const char *file, int line)
{
	host_might_sleep_check(file, line, true);
}

void __host_cond_resched(const char *file, int line)
{
	host_might_sleep_check(file, line, true);
	sched_yield();
}

void __host_preempt_disable(void)
{
	host_ctx()->preempt++;
}

void __host_preempt_enable(void)
{
	struct host_ctx *c = host_ctx();

	if (c->preempt <= 0) {
		host_report_bug(NULL, 0, "preempt_enable() without preempt_disable()");
		return;
	}
	c->preempt--;
}

int __host_preempt_count(void)
{
	struct host_ctx *c = host_ctx();
	int count = c->preempt + c->spin;

	count += c->bh * SOFTIRQ_DISABLE_OFFSET + c->softirq * SOFTIRQ_OFFSET;
	count += c->hardirq * HARDIRQ_OFFSET;
	return count;
}

bool __host_in_atomic(void)
{
	return __host_preempt_count() != 0;
}

void __host_local_bh_disable(void)
{
	host_ctx()->bh++;
}

void __host_local_bh_enable(void)
{
	struct host_ctx *c = host_ctx();

	if (c->bh <= 0) {
		host_report_bug(NULL, 0, "local_bh_enable() without local_bh_disable()");
		return;
	}
	c->bh--;
}

unsigned long __host_irq_save(void)
{
	struct host_ctx *c = host_ctx();
	unsigned long flags = c->irqs_off;

	c->irqs_off = true;
	return flags;
}

void __host_irq_restore(unsigned long flags)
{
	host_ctx()->irqs_off = flags != 0;
}

void __host_irq_disable(void)
{
	host_ctx()->irqs_off = true;
}

void __host_irq_enable(void)
{
	struct host_ctx *c = host_ctx();

	if (c->hardirq) {
		host_report_bug(NULL, 0, "local_irq_enable() in hard interrupt context");
		return;
	}
	c->irqs_off = false;
}

bool __host_irqs_disabled(void)
{
	return host_ctx()->irqs_off;
}

/* ---- refcount --------------------------------------------------------- */

void refcount_warn_saturate(refcount_t *r, enum refcount_saturation_type t)
{
	static const char *const what[] = {
		[REFCOUNT_ADD_NOT_ZERO_OVF] = "saturated; leaking memory",
		[REFCOUNT_ADD_OVF] = "saturated; leaking memory",
		[REFCOUNT_ADD_UAF] = "addition on 0; use-after-free",
		[REFCOUNT_SUB_UAF] = "underflow; use-after-free",
		[REFCOUNT_DEC_LEAK] = "decrement hit 0; leaking memory",
	};

	atomic_set(&r->refs, REFCOUNT_SATURATED);
	WARN(1, "refcount_t: %s\n", what[t]);
}

bool refcount_dec_and_mutex_lock(refcount_t *r, struct mutex *lock)
{
	if (refcount_dec_not_one(r))
		return false;
	mutex_lock(lock);
	if (!refcount_dec_and_test(r)) {
		mutex_unlock(lock);
		return false;
	}
	return true;
}

bool refcount_dec_and_lock(refcount_t *r, spinlock_t *lock)
{
	if (refcount_dec_not_one(r))
		return false;
	spin_lock(lock);
	if (!refcount_dec_and_test(r)) {
		spin_unlock(lock);
		return false;
	}
	return true;
}

bool refcount_dec_and_lock_irqsave(refcount_t *r, spinlock_t *lock,
				   unsigned long *flags)
{
	if (refcount_dec_not_one(r))
		return false;
	spin_lock_irqsave(lock, *flags);
	if (!refcount_dec_and_test(r)) {
		spin_unlock_irqrestore(lock, *flags);
		return false;
	}
	return true;
}

/* ---- quiescing -------------------------------------------------------- */

void host_quiesce(void)
{
	int stable = 0, rounds;

	host_might_sleep_check(__FILE__, __LINE__, true);
	for (rounds = 0; rounds < 1000 && stable < 2; rounds++) {
		unsigned long before = host_activity();

		host_rcu_quiesce();
		host_irq_work_quiesce();
		host_workqueues_quiesce();
		host_timers_quiesce();
		host_rcu_quiesce();
		stable = host_activity() == before ? stable + 1 : 0;
	}
}

/* ---- start-up --------------------------------------------------------- */

__attribute__((constructor(101)))
static void host_init(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	host_time_init();
	host_alloc_init();
	host_sched_init();
	host_rcu_init();
	host_wait_init();
	host_workqueues_init();
}
