/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: lockdep annotations.
 *
 * lockdep_assert_held(l) WARNs when the calling task does not hold l
 * (spinlock_t, struct mutex, or anything else with a dep_map that the host
 * lock code maintains).  Lock classes, subclasses and lock_map_acquire()
 * on free-standing maps are accepted and ignored apart from nesting
 * bookkeeping; there is no ordering validation.
 */
#ifndef __LINUX_LOCKDEP_H
#define __LINUX_LOCKDEP_H

#include <linux/lockdep_types.h>
#include <linux/compiler.h>
#include <linux/bug.h>

#define SINGLE_DEPTH_NESTING	1
#define MAX_LOCKDEP_SUBCLASSES	8UL

struct task_struct;
int __host_lock_is_held(const struct lockdep_map *map);
void __host_lock_map_acquire(struct lockdep_map *map);
void __host_lock_map_release(struct lockdep_map *map);

#define lockdep_init_map(map, n, k, sub)				\
	do { (map)->name = (n); (map)->key = (k); (void)(sub); } while (0)
#define lockdep_init_map_type(map, n, k, sub, ...)			\
	lockdep_init_map(map, n, k, sub)
#define lockdep_set_class(lock, key)					\
	do { (lock)->dep_map.key = (key); } while (0)
#define lockdep_set_class_and_name(lock, key, n)			\
	do { (lock)->dep_map.key = (key); (lock)->dep_map.name = (n); } while (0)
#define lockdep_set_class_and_subclass(lock, key, sub)			\
	lockdep_set_class(lock, key)
#define lockdep_set_subclass(lock, sub)	do { (void)(lock); } while (0)
#define lockdep_set_novalidate_class(lock) do { (void)(lock); } while (0)
#define lockdep_register_key(key)	do { (void)(key); } while (0)
#define lockdep_unregister_key(key)	do { (void)(key); } while (0)
#define lockdep_match_class(lock, key)	((lock)->dep_map.key == (key))

#define lock_acquire(map, sub, try, read, check, nest, ip)		\
	__host_lock_map_acquire(map)
#define lock_release(map, ip)		__host_lock_map_release(map)
#define lock_acquire_exclusive(m, s, t, n, i) __host_lock_map_acquire(m)
#define lock_acquire_shared(m, s, t, n, i) __host_lock_map_acquire(m)
#define lock_acquire_shared_recursive(m, s, t, n, i) __host_lock_map_acquire(m)
#define lock_map_acquire(m)		__host_lock_map_acquire(m)
#define lock_map_acquire_read(m)	__host_lock_map_acquire(m)
#define lock_map_acquire_tryread(m)	__host_lock_map_acquire(m)
#define lock_map_release(m)		__host_lock_map_release(m)
#define lock_is_held(m)			__host_lock_is_held(m)
#define lock_is_held_type(m, r)		__host_lock_is_held(m)

#define lockdep_is_held(lock)		__host_lock_is_held(&(lock)->dep_map)
#define lockdep_is_held_type(lock, r)	__host_lock_is_held(&(lock)->dep_map)

#define lockdep_assert(cond)		do { WARN_ON(debug_locks && !(cond)); } while (0)
#define lockdep_assert_once(cond)	do { WARN_ON_ONCE(debug_locks && !(cond)); } while (0)
#define lockdep_assert_held(l)		lockdep_assert(lockdep_is_held(l))
#define lockdep_assert_held_write(l)	lockdep_assert(lockdep_is_held(l))
#define lockdep_assert_held_read(l)	lockdep_assert(lockdep_is_held(l))
#define lockdep_assert_held_once(l)	lockdep_assert_once(lockdep_is_held(l))
#define lockdep_assert_not_held(l)	lockdep_assert(!lockdep_is_held(l))
#define lockdep_assert_none_held_once()	do { } while (0)
#define lockdep_assert_irqs_enabled()	do { } while (0)
#define lockdep_assert_irqs_disabled()	do { } while (0)
#define lockdep_assert_in_irq()		do { } while (0)
#define lockdep_assert_preemption_enabled() do { } while (0)
#define lockdep_assert_preemption_disabled() do { } while (0)
#define lockdep_assert_RT_in_threaded_ctx() do { } while (0)

#define lockdep_pin_lock(l)		((struct pin_cookie){ 0 })
#define lockdep_repin_lock(l, c)	do { (void)(c); } while (0)
#define lockdep_unpin_lock(l, c)	do { (void)(c); } while (0)

#define lockdep_off()			do { } while (0)
#define lockdep_on()			do { } while (0)
#define lockdep_recursing(tsk)		0
#define debug_check_no_locks_freed(from, len) do { } while (0)
#define debug_check_no_locks_held()	do { } while (0)
#define debug_show_all_locks()		do { } while (0)
#define debug_show_held_locks(t)	do { } while (0)

extern int debug_locks;
extern int debug_locks_silent;
#define debug_locks_off()		0

#define might_lock(lock)		do { (void)(lock); } while (0)
#define might_lock_read(lock)		do { (void)(lock); } while (0)
#define might_lock_nested(lock, sub)	do { (void)(lock); } while (0)

#define DEFINE_WAIT_OVERRIDE_MAP(name, type) struct lockdep_map name = { .name = #name }

#endif /* __LINUX_LOCKDEP_H */
