/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: wound/wait mutexes.
 *
 * Real deadlock avoidance, implemented with one global lock and condition
 * variable (correctness over speed):
 *  - every acquire context gets a stamp from its class at ww_acquire_init();
 *    a lower stamp is an older transaction;
 *  - wound-wait classes (DEFINE_WW_CLASS): an older context that must wait
 *    for a lock held by a younger one "wounds" the holder; a wounded context
 *    gets -EDEADLK from its next ww_mutex_lock() that would block while it
 *    holds other locks;
 *  - wait-die classes (DEFINE_WD_CLASS): a younger context that holds locks
 *    and must wait for an older holder gets -EDEADLK at once ("dies");
 *  - locking a lock the context already holds returns -EALREADY;
 *  - ww_mutex_lock_slow*() are for taking the contended lock after backing
 *    off (no locks held); they never return -EDEADLK;
 *  - a NULL context makes ww_mutex_lock() a plain mutex lock.
 * The ww_mutex's embedded base mutex reflects the lock state, so
 * mutex_is_locked(&ww->base) and lockdep_assert_held(&ww->base) work.
 */
#ifndef __LINUX_WW_MUTEX_H
#define __LINUX_WW_MUTEX_H

#include <linux/mutex.h>

struct task_struct;

struct ww_class {
	atomic_long_t stamp;
	struct lock_class_key acquire_key;
	struct lock_class_key mutex_key;
	const char *acquire_name;
	const char *mutex_name;
	unsigned int is_wait_die;
};

struct ww_acquire_ctx {
	struct task_struct *task;
	unsigned long stamp;
	unsigned int acquired;
	unsigned short wounded;
	unsigned short is_wait_die;
	unsigned int done_acquire;
	struct ww_class *ww_class;
	void *contending_lock;
	struct lockdep_map dep_map;
};

struct ww_mutex {
	struct mutex base;
	struct ww_acquire_ctx *ctx;
	struct ww_class *ww_class;
};

#define __WW_CLASS_INITIALIZER(ww_class, _is_wait_die)			\
	{ .stamp = ATOMIC_LONG_INIT(0),					\
	  .acquire_name = #ww_class "_acquire",				\
	  .mutex_name = #ww_class "_mutex",				\
	  .is_wait_die = _is_wait_die }

#define DEFINE_WD_CLASS(classname)					\
	struct ww_class classname = __WW_CLASS_INITIALIZER(classname, 1)
#define DEFINE_WW_CLASS(classname)					\
	struct ww_class classname = __WW_CLASS_INITIALIZER(classname, 0)

void ww_mutex_init(struct ww_mutex *lock, struct ww_class *ww_class);
void ww_acquire_init(struct ww_acquire_ctx *ctx, struct ww_class *ww_class);
void ww_acquire_done(struct ww_acquire_ctx *ctx);
void ww_acquire_fini(struct ww_acquire_ctx *ctx);

int __host_ww_mutex_lock(struct ww_mutex *lock, struct ww_acquire_ctx *ctx,
			 bool interruptible, bool slow,
			 const char *file, int line);

#define ww_mutex_lock(lock, ctx)					\
	__host_ww_mutex_lock((lock), (ctx), false, false, __FILE__, __LINE__)
#define ww_mutex_lock_interruptible(lock, ctx)				\
	__host_ww_mutex_lock((lock), (ctx), true, false, __FILE__, __LINE__)
#define ww_mutex_lock_slow(lock, ctx)					\
	((void)__host_ww_mutex_lock((lock), (ctx), false, true,	\
				    __FILE__, __LINE__))
#define ww_mutex_lock_slow_interruptible(lock, ctx)			\
	__host_ww_mutex_lock((lock), (ctx), true, true, __FILE__, __LINE__)

int __must_check ww_mutex_trylock(struct ww_mutex *lock,
				  struct ww_acquire_ctx *ctx);
void ww_mutex_unlock(struct ww_mutex *lock);
void ww_mutex_destroy(struct ww_mutex *lock);

static inline bool ww_mutex_is_locked(struct ww_mutex *lock)
{
	return mutex_is_locked(&lock->base);
}

#endif /* __LINUX_WW_MUTEX_H */
