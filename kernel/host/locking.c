// SPDX-License-Identifier: GPL-2.0-only
/*
 * fencepost userspace host: spinlocks, mutexes and wound/wait mutexes.
 *
 * spinlock_t and struct mutex share one futex-based lock word (0 free,
 * 1 held, 2 held with possible waiters) and record the owning task in
 * their lockdep_map, which lets the host catch recursion, unlocking a lock
 * the caller does not hold, and answer lockdep_is_held().
 *
 * ww_mutexes are implemented separately under one global mutex and
 * condition variable; see <linux/ww_mutex.h> for the rules they follow.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/ww_mutex.h>
#include <linux/sched.h>
#include <linux/lockdep.h>

#include "internal.h"

/* ---- the lock word ---------------------------------------------------- */

static void futex_wait(int *word, int val, const struct timespec *rel)
{
	syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, val, rel, NULL, 0);
}

static void futex_wake(int *word, int n)
{
	syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, n, NULL, NULL, 0);
}

static bool word_trylock(int *word)
{
	int c = 0;

	return __atomic_compare_exchange_n(word, &c, 1, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/*
 * Take @word; with @abort_if, poll every 10ms and give up (returning false)
 * as soon as abort_if() says so.
 */
static bool word_lock(int *word, bool (*abort_if)(void))
{
	static const struct timespec tick = { 0, 10 * 1000 * 1000 };
	int c = 0, spins;

	for (spins = 0; spins < 100; spins++) {
		c = 0;
		if (__atomic_compare_exchange_n(word, &c, 1, false,
						__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return true;
		cpu_relax();
	}
	if (c != 2)
		c = __atomic_exchange_n(word, 2, __ATOMIC_ACQUIRE);
	while (c != 0) {
		if (abort_if && abort_if())
			return false;
		futex_wait(word, 2, abort_if ? &tick : NULL);
		c = __atomic_exchange_n(word, 2, __ATOMIC_ACQUIRE);
	}
	return true;
}

static void word_unlock(int *word)
{
	if (__atomic_exchange_n(word, 0, __ATOMIC_RELEASE) == 2)
		futex_wake(word, 1);
}

static void *owner_of(const struct lockdep_map *map)
{
	return __atomic_load_n(&map->host_owner, __ATOMIC_RELAXED);
}

static void set_owner(struct lockdep_map *map, void *owner)
{
	__atomic_store_n(&map->host_owner, owner, __ATOMIC_RELAXED);
}

int __host_lock_is_held(const struct lockdep_map *map)
{
	return owner_of(map) == current ||
	       __atomic_load_n(&map->host_depth, __ATOMIC_RELAXED) > 0;
}

/*
 * Free-standing maps (lock_map_acquire()) only nest; the count is
 * per map, not per task, which is enough for lock_is_held() checks in
 * single-threaded sections.
 */
void __host_lock_map_acquire(struct lockdep_map *map)
{
	__atomic_fetch_add(&map->host_depth, 1, __ATOMIC_RELAXED);
}

void __host_lock_map_release(struct lockdep_map *map)
{
	if (__atomic_fetch_sub(&map->host_depth, 1, __ATOMIC_RELAXED) <= 0)
		host_report_bug(NULL, 0, "lock_map_release(%s) without acquire",
				map->name ? map->name : "?");
}

/* ---- spinlocks -------------------------------------------------------- */

void __host_spin_lock_init(spinlock_t *lock, const char *name,
			   struct lock_class_key *key)
{
	lock->host_word = 0;
	lock->dep_map.name = name;
	lock->dep_map.key = key;
	lock->dep_map.host_owner = NULL;
	lock->dep_map.host_depth = 0;
}

void __host_spin_lock(spinlock_t *lock)
{
	struct task_struct *me = current;

	host_ctx()->spin++;
	if (!word_trylock(&lock->host_word)) {
		if (owner_of(&lock->dep_map) == me) {
			host_report_bug(NULL, 0, "spinlock recursion on %s (%p)",
					lock->dep_map.name ? lock->dep_map.name : "?",
					(void *)lock);
			abort();
		}
		word_lock(&lock->host_word, NULL);
	}
	set_owner(&lock->dep_map, me);
}

int __host_spin_trylock(spinlock_t *lock)
{
	if (!word_trylock(&lock->host_word))
		return 0;
	host_ctx()->spin++;
	set_owner(&lock->dep_map, current);
	return 1;
}

void __host_spin_unlock(spinlock_t *lock)
{
	struct host_ctx *c = host_ctx();
	void *owner = owner_of(&lock->dep_map);

	if (owner != current) {
		host_report_bug(NULL, 0, "spin_unlock of %s (%p) %s",
				lock->dep_map.name ? lock->dep_map.name : "?",
				(void *)lock,
				owner ? "held by another task" : "which is not locked");
		return;
	}
	set_owner(&lock->dep_map, NULL);
	word_unlock(&lock->host_word);
	if (c->spin <= 0)
		host_report_bug(NULL, 0, "spinlock count underflow");
	else
		c->spin--;
}

bool __host_spin_is_locked(spinlock_t *lock)
{
	return __atomic_load_n(&lock->host_word, __ATOMIC_RELAXED) != 0;
}

int _atomic_dec_and_lock(atomic_t *atomic, spinlock_t *lock)
{
	if (atomic_add_unless(atomic, -1, 1))
		return 0;
	spin_lock(lock);
	if (atomic_dec_and_test(atomic))
		return 1;
	spin_unlock(lock);
	return 0;
}

int _atomic_dec_and_lock_irqsave(atomic_t *atomic, spinlock_t *lock,
				 unsigned long *flags)
{
	if (atomic_add_unless(atomic, -1, 1))
		return 0;
	spin_lock_irqsave(lock, *flags);
	if (atomic_dec_and_test(atomic))
		return 1;
	spin_unlock_irqrestore(lock, *flags);
	return 0;
}

/* ---- mutexes ---------------------------------------------------------- */

void __host_mutex_init(struct mutex *lock, const char *name,
		       struct lock_class_key *key)
{
	lock->host_word = 0;
	lock->dep_map.name = name;
	lock->dep_map.key = key;
	lock->dep_map.host_owner = NULL;
	lock->dep_map.host_depth = 0;
}

static bool current_signalled(void)
{
	return signal_pending(current);
}

int __host_mutex_lock(struct mutex *lock, unsigned int state,
		      const char *file, int line)
{
	struct task_struct *me = current;

	host_might_sleep_check(file, line, true);
	if (!word_trylock(&lock->host_word)) {
		if (owner_of(&lock->dep_map) == me) {
			host_report_bug(file, line, "mutex recursion on %s (%p)",
					lock->dep_map.name ? lock->dep_map.name : "?",
					(void *)lock);
			abort();
		}
		if (!word_lock(&lock->host_word,
			       (state & TASK_INTERRUPTIBLE) ? current_signalled : NULL))
			return -EINTR;
	}
	set_owner(&lock->dep_map, me);
	return 0;
}

int __host_mutex_trylock(struct mutex *lock)
{
	if (!word_trylock(&lock->host_word))
		return 0;
	set_owner(&lock->dep_map, current);
	return 1;
}

void __host_mutex_unlock(struct mutex *lock)
{
	void *owner = owner_of(&lock->dep_map);

	if (owner != current) {
		host_report_bug(NULL, 0, "mutex_unlock of %s (%p) %s",
				lock->dep_map.name ? lock->dep_map.name : "?",
				(void *)lock,
				owner ? "owned by another task" : "which is not locked");
		return;
	}
	set_owner(&lock->dep_map, NULL);
	word_unlock(&lock->host_word);
}

void __host_mutex_destroy(struct mutex *lock)
{
	WARN(mutex_is_locked(lock), "mutex_destroy() of a locked mutex %s\n",
	     lock->dep_map.name ? lock->dep_map.name : "?");
}

int atomic_dec_and_mutex_lock(atomic_t *cnt, struct mutex *lock)
{
	if (atomic_add_unless(cnt, -1, 1))
		return 0;
	mutex_lock(lock);
	if (!atomic_dec_and_test(cnt)) {
		mutex_unlock(lock);
		return 0;
	}
	return 1;
}

/* ---- wound/wait mutexes ----------------------------------------------- */

static pthread_mutex_t ww_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ww_cond = PTHREAD_COND_INITIALIZER;

void ww_mutex_init(struct ww_mutex *lock, struct ww_class *ww_class)
{
	__host_mutex_init(&lock->base, ww_class->mutex_name, &ww_class->mutex_key);
	lock->ctx = NULL;
	lock->ww_class = ww_class;
}

void ww_mutex_destroy(struct ww_mutex *lock)
{
	WARN(ww_mutex_is_locked(lock), "ww_mutex_destroy() of a locked ww_mutex\n");
}

void ww_acquire_init(struct ww_acquire_ctx *ctx, struct ww_class *ww_class)
{
	ctx->task = current;
	ctx->stamp = atomic_long_inc_return_relaxed(&ww_class->stamp);
	ctx->acquired = 0;
	ctx->wounded = 0;
	ctx->is_wait_die = ww_class->is_wait_die;
	ctx->done_acquire = 0;
	ctx->ww_class = ww_class;
	ctx->contending_lock = NULL;
	ctx->dep_map.name = ww_class->acquire_name;
	ctx->dep_map.key = &ww_class->acquire_key;
	ctx->dep_map.host_owner = current;
	ctx->dep_map.host_depth = 0;
}

void ww_acquire_done(struct ww_acquire_ctx *ctx)
{
	WARN_ON(ctx->task != current);
	ctx->done_acquire = 1;
}

void ww_acquire_fini(struct ww_acquire_ctx *ctx)
{
	WARN(ctx->acquired, "ww_acquire_fini() with %u lock(s) still held\n",
	     ctx->acquired);
	WARN_ON(ctx->task != current);
	ctx->dep_map.host_owner = NULL;
}

/* Is @a an older transaction than @b?  Stamps wrap, so compare signed. */
static bool ww_older(const struct ww_acquire_ctx *a, const struct ww_acquire_ctx *b)
{
	return (long)(a->stamp - b->stamp) < 0;
}

static bool ww_held(const struct ww_mutex *lock)
{
	return __atomic_load_n(&lock->base.host_word, __ATOMIC_RELAXED) != 0;
}

/* Called with ww_lock held. */
static void ww_take(struct ww_mutex *lock, struct ww_acquire_ctx *ctx)
{
	__atomic_store_n(&lock->base.host_word, 1, __ATOMIC_RELAXED);
	set_owner(&lock->base.dep_map, current);
	lock->ctx = ctx;
	if (ctx) {
		ctx->acquired++;
		ctx->contending_lock = NULL;
	}
}

/*
 * Called with ww_lock held, when @lock is held by someone else: decide
 * whether @ctx must back off.  Also wounds a younger holder when @ctx
 * follows the wound-wait rules.
 */
static bool ww_must_back_off(struct ww_mutex *lock, struct ww_acquire_ctx *ctx)
{
	struct ww_acquire_ctx *hold = lock->ctx;

	if (!ctx->acquired)
		return false;
	if (ctx->is_wait_die)
		return hold && ww_older(hold, ctx);
	if (ctx->wounded)
		return true;
	if (hold && ww_older(ctx, hold) && !hold->wounded) {
		hold->wounded = 1;
		pthread_cond_broadcast(&ww_cond);
	}
	return false;
}

static void ww_wait(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 20 * 1000 * 1000;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_cond_timedwait(&ww_cond, &ww_lock, &ts);
}

static void ww_check_ctx(struct ww_mutex *lock, struct ww_acquire_ctx *ctx,
			 bool slow, const char *file, int line)
{
	if (ctx->task != current)
		__host_warn(file, line, "ww_mutex_lock", NULL,
			    "ww_acquire_ctx used by a task other than its owner");
	if (ctx->done_acquire)
		__host_warn(file, line, "ww_mutex_lock", NULL,
			    "ww_mutex_lock() after ww_acquire_done()");
	if (lock->ww_class && ctx->ww_class != lock->ww_class)
		__host_warn(file, line, "ww_mutex_lock", NULL,
			    "ww_mutex and ww_acquire_ctx of different classes");
	if (slow && ctx->acquired)
		__host_warn(file, line, "ww_mutex_lock_slow", NULL,
			    "ww_mutex_lock_slow() with %u lock(s) held",
			    ctx->acquired);
	if (slow && ctx->contending_lock && ctx->contending_lock != lock)
		__host_warn(file, line, "ww_mutex_lock_slow", NULL,
			    "ww_mutex_lock_slow() on a lock other than the contended one");
}

int __host_ww_mutex_lock(struct ww_mutex *lock, struct ww_acquire_ctx *ctx,
			 bool interruptible, bool slow,
			 const char *file, int line)
{
	int ret = 0;

	host_might_sleep_check(file, line, true);
	if (ctx)
		ww_check_ctx(lock, ctx, slow, file, line);
	pthread_mutex_lock(&ww_lock);
	if (ctx && lock->ctx == ctx) {
		ret = -EALREADY;
		goto out;
	}
	if (ctx && !ctx->acquired)
		ctx->wounded = 0;
	while (ww_held(lock)) {
		if (owner_of(&lock->base.dep_map) == current && !ctx) {
			host_report_bug(file, line, "ww_mutex recursion without a context");
			pthread_mutex_unlock(&ww_lock);
			abort();
		}
		if (ctx && !slow && ww_must_back_off(lock, ctx)) {
			ctx->contending_lock = lock;
			ret = -EDEADLK;
			goto out;
		}
		if (interruptible && signal_pending(current)) {
			ret = -EINTR;
			goto out;
		}
		ww_wait();
	}
	ww_take(lock, ctx);
out:
	pthread_mutex_unlock(&ww_lock);
	return ret;
}

int ww_mutex_trylock(struct ww_mutex *lock, struct ww_acquire_ctx *ctx)
{
	int ret = 0;

	pthread_mutex_lock(&ww_lock);
	if (ctx && !ctx->acquired)
		ctx->wounded = 0;
	if (!ww_held(lock)) {
		ww_take(lock, ctx);
		ret = 1;
	}
	pthread_mutex_unlock(&ww_lock);
	return ret;
}

void ww_mutex_unlock(struct ww_mutex *lock)
{
	pthread_mutex_lock(&ww_lock);
	if (!ww_held(lock) || owner_of(&lock->base.dep_map) != current) {
		pthread_mutex_unlock(&ww_lock);
		host_report_bug(NULL, 0, "ww_mutex_unlock of %p %s", (void *)lock,
				ww_held(lock) ? "owned by another task" :
						"which is not locked");
		return;
	}
	if (lock->ctx) {
		lock->ctx->acquired--;
		lock->ctx = NULL;
	}
	set_owner(&lock->base.dep_map, NULL);
	__atomic_store_n(&lock->base.host_word, 0, __ATOMIC_RELEASE);
	pthread_cond_broadcast(&ww_cond);
	pthread_mutex_unlock(&ww_lock);
}
