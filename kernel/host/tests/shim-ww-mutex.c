// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of the host's ww_mutex: -EALREADY, stamps, wound-wait and
 * wait-die decisions, and a multi-threaded stress of the back-off
 * protocol (-EDEADLK, unlock all, ww_mutex_lock_slow, retry).
 */
#include <linux/kernel.h>
#include <linux/ww_mutex.h>
#include <linux/kthread.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/sched/task.h>
#include <linux/wait_bit.h>

#include "shim-tap.h"

static DEFINE_WW_CLASS(ww_class);
static DEFINE_WD_CLASS(wd_class);

static int test_already_and_stamps(void)
{
	struct ww_acquire_ctx a, b;
	struct ww_mutex m;
	int ret;

	ww_mutex_init(&m, &ww_class);
	ww_acquire_init(&a, &ww_class);
	ww_acquire_init(&b, &ww_class);
	SHIM_CHECK((long)(b.stamp - a.stamp) > 0, "later context must be younger");
	ret = ww_mutex_lock(&m, &a);
	SHIM_CHECK(ret == 0, "first lock returned %d", ret);
	SHIM_CHECK(ww_mutex_is_locked(&m), "lock not reported held");
	SHIM_CHECK(lockdep_is_held(&m.base), "lockdep does not see the owner");
	ret = ww_mutex_lock(&m, &a);
	SHIM_CHECK(ret == -EALREADY, "relock returned %d", ret);
	SHIM_CHECK(!ww_mutex_trylock(&m, &b), "trylock of a held lock succeeded");
	SHIM_CHECK(a.acquired == 1, "acquired=%u", a.acquired);
	ww_mutex_unlock(&m);
	SHIM_CHECK(!ww_mutex_is_locked(&m), "still locked after unlock");
	SHIM_CHECK(ww_mutex_trylock(&m, &b), "trylock of a free lock failed");
	ww_mutex_unlock(&m);
	ret = ww_mutex_lock(&m, NULL);
	SHIM_CHECK(ret == 0, "NULL-context lock returned %d", ret);
	ww_mutex_unlock(&m);
	ww_acquire_fini(&a);
	ww_acquire_fini(&b);
	ww_mutex_destroy(&m);
	return 0;
}

/*
 * Two-transaction scenario: the older context holds A, the younger holds
 * B; each then wants the other's lock.
 */
struct duel {
	struct ww_class *class;
	struct ww_mutex a, b;
	struct ww_acquire_ctx old_ctx, young_ctx;
	struct completion old_has_a, young_has_b, young_waiting;
	int young_ret, old_ret_b;
};

static int young_thread(void *arg)
{
	struct duel *d = arg;

	ww_acquire_init(&d->young_ctx, d->class);
	complete(&d->young_has_b);	/* stamp taken: now younger than old */
	d->young_ret = ww_mutex_lock(&d->b, &d->young_ctx);
	if (d->young_ret)
		return d->young_ret;
	complete(&d->young_waiting);
	wait_for_completion(&d->old_has_a);
	d->young_ret = ww_mutex_lock(&d->a, &d->young_ctx);
	if (!d->young_ret)
		ww_mutex_unlock(&d->a);
	ww_mutex_unlock(&d->b);
	ww_acquire_fini(&d->young_ctx);
	return 0;
}

static int run_duel(struct ww_class *class, int *young_ret)
{
	struct task_struct *t;
	struct duel *d = kzalloc(sizeof(*d), GFP_KERNEL);
	int ret;

	if (!d)
		return -ENOMEM;
	d->class = class;
	ww_mutex_init(&d->a, class);
	ww_mutex_init(&d->b, class);
	init_completion(&d->old_has_a);
	init_completion(&d->young_has_b);
	init_completion(&d->young_waiting);
	ww_acquire_init(&d->old_ctx, class);
	ret = ww_mutex_lock(&d->a, &d->old_ctx);
	t = kthread_run(young_thread, d, "young");
	if (IS_ERR(t)) {
		ww_mutex_unlock(&d->a);
		kfree(d);
		return PTR_ERR(t);
	}
	get_task_struct(t);
	wait_for_completion(&d->young_waiting);
	complete(&d->old_has_a);
	msleep(20);		/* let the young one block on A (or die) */
	d->old_ret_b = ww_mutex_lock(&d->b, &d->old_ctx);
	if (!d->old_ret_b)
		ww_mutex_unlock(&d->b);
	ww_mutex_unlock(&d->a);
	ww_acquire_fini(&d->old_ctx);
	kthread_stop(t);
	put_task_struct(t);
	*young_ret = d->young_ret;
	ret = d->old_ret_b;
	kfree(d);
	return ret;
}

static int test_wound_wait(void)
{
	int young, old = run_duel(&ww_class, &young);

	SHIM_CHECK(old == 0, "older context must win, got %d", old);
	SHIM_CHECK(young == -EDEADLK, "younger context must be wounded, got %d", young);
	return 0;
}

static int test_wait_die(void)
{
	int young, old = run_duel(&wd_class, &young);

	SHIM_CHECK(old == 0, "older context must win, got %d", old);
	SHIM_CHECK(young == -EDEADLK, "younger context must die, got %d", young);
	return 0;
}

/* Wait-die: a younger context holding nothing just waits. */
static int test_wait_die_no_locks_waits(void)
{
	struct ww_acquire_ctx old_ctx, young_ctx;
	struct ww_mutex m;
	int ret;

	ww_mutex_init(&m, &wd_class);
	ww_acquire_init(&old_ctx, &wd_class);
	ww_acquire_init(&young_ctx, &wd_class);
	ret = ww_mutex_lock(&m, &old_ctx);
	SHIM_CHECK(!ret, "lock: %d", ret);
	SHIM_CHECK(!ww_mutex_trylock(&m, &young_ctx), "trylock succeeded");
	ww_mutex_unlock(&m);
	ret = ww_mutex_lock(&m, &young_ctx);
	SHIM_CHECK(!ret, "uncontended lock: %d", ret);
	ww_mutex_unlock(&m);
	ww_acquire_fini(&old_ctx);
	ww_acquire_fini(&young_ctx);
	return 0;
}

#define NLOCKS		6
#define NTHREADS	3
#define ITERATIONS	1500

struct stress {
	struct ww_class *class;
	struct ww_mutex locks[NLOCKS];
	unsigned long counters[NLOCKS];	/* protected by the matching lock */
	unsigned long deadlocks;
	unsigned long expected;		/* sum of successful n, atomically */
	int failures;
	int finished;
};

static void shuffle(int *order, int n)
{
	int i;

	for (i = n - 1; i > 0; i--) {
		int j = get_random_u32_below(i + 1);

		swap(order[i], order[j]);
	}
}

static int stress_one(struct stress *s, int *order, int n)
{
	struct ww_acquire_ctx ctx;
	struct ww_mutex *contended = NULL;
	int i, ret;

	ww_acquire_init(&ctx, s->class);
retry:
	for (i = 0; i < n; i++) {
		struct ww_mutex *m = &s->locks[order[i]];

		if (m == contended) {
			contended = NULL;
			continue;
		}
		ret = ww_mutex_lock(m, &ctx);
		if (ret == -EDEADLK) {
			int j;

			__atomic_fetch_add(&s->deadlocks, 1, __ATOMIC_RELAXED);
			for (j = 0; j < i; j++)
				if (&s->locks[order[j]] != contended)
					ww_mutex_unlock(&s->locks[order[j]]);
			if (contended)
				ww_mutex_unlock(contended);
			ww_mutex_lock_slow(m, &ctx);
			contended = m;
			goto retry;
		}
		if (ret)
			return ret;
		yield();	/* widen the window for cross-ordering */
	}
	for (i = 0; i < n; i++)
		s->counters[order[i]]++;
	ww_acquire_done(&ctx);
	for (i = 0; i < n; i++)
		ww_mutex_unlock(&s->locks[order[i]]);
	ww_acquire_fini(&ctx);
	return 0;
}

static int stress_thread(void *arg)
{
	struct stress *s = arg;
	int order[NLOCKS];
	int it, i;

	for (it = 0; it < ITERATIONS; it++) {
		int n = 2 + get_random_u32_below(NLOCKS - 1);

		for (i = 0; i < NLOCKS; i++)
			order[i] = i;
		shuffle(order, NLOCKS);
		if (stress_one(s, order, n)) {
			__atomic_fetch_add(&s->failures, 1, __ATOMIC_RELAXED);
			break;
		}
		__atomic_fetch_add(&s->expected, n, __ATOMIC_RELAXED);
	}
	__atomic_fetch_add(&s->finished, 1, __ATOMIC_RELEASE);
	wake_up_var(&s->finished);
	while (!kthread_should_stop())
		schedule_timeout_uninterruptible(1);
	return 0;
}

static int run_stress(struct ww_class *class, unsigned long *deadlocks)
{
	struct task_struct *t[NTHREADS];
	struct stress *s = kzalloc(sizeof(*s), GFP_KERNEL);
	unsigned long total = 0;
	int i, ret = 0;

	if (!s)
		return -ENOMEM;
	s->class = class;
	for (i = 0; i < NLOCKS; i++)
		ww_mutex_init(&s->locks[i], class);
	for (i = 0; i < NTHREADS; i++) {
		t[i] = kthread_run(stress_thread, s, "ww-stress/%d", i);
		if (IS_ERR(t[i]))
			return PTR_ERR(t[i]);
		get_task_struct(t[i]);
	}
	wait_var_event(&s->finished, READ_ONCE(s->finished) == NTHREADS);
	for (i = 0; i < NTHREADS; i++) {
		kthread_stop(t[i]);
		put_task_struct(t[i]);
	}
	for (i = 0; i < NLOCKS; i++) {
		if (ww_mutex_is_locked(&s->locks[i]))
			ret = -EBUSY;
		total += s->counters[i];
	}
	if (s->failures)
		ret = -EIO;
	if (total != s->expected)
		ret = -EINVAL;	/* lost updates: mutual exclusion broken */
	*deadlocks = s->deadlocks;
	pr_info("# %s: %lu lock acquisitions, %lu back-offs\n",
		class->is_wait_die ? "wait-die" : "wound-wait", total, s->deadlocks);
	kfree(s);
	return ret;
}

static int test_stress_wound_wait(void)
{
	unsigned long deadlocks;
	int ret = run_stress(&ww_class, &deadlocks);

	SHIM_CHECK(!ret, "stress failed: %d", ret);
	SHIM_CHECK(deadlocks > 0, "no back-off happened: the test did not test");
	return 0;
}

static int test_stress_wait_die(void)
{
	unsigned long deadlocks;
	int ret = run_stress(&wd_class, &deadlocks);

	SHIM_CHECK(!ret, "stress failed: %d", ret);
	SHIM_CHECK(deadlocks > 0, "no back-off happened: the test did not test");
	return 0;
}

static int test_interruptible(void)
{
	struct ww_acquire_ctx a, b;
	struct ww_mutex m, n;
	int ret;

	ww_mutex_init(&m, &ww_class);
	ww_mutex_init(&n, &ww_class);
	ww_acquire_init(&a, &ww_class);
	ww_acquire_init(&b, &ww_class);
	ret = ww_mutex_lock_interruptible(&m, &a);
	SHIM_CHECK(!ret, "lock: %d", ret);
	host_task_post_signal(current);
	/* The younger context holds nothing, so it would wait: a signal ends it. */
	ret = ww_mutex_lock_interruptible(&m, &b);
	host_task_clear_signal(current);
	SHIM_CHECK(ret == -EINTR, "interrupted lock returned %d", ret);
	ret = ww_mutex_lock_interruptible(&n, &b);
	SHIM_CHECK(!ret, "free lock: %d", ret);
	ww_mutex_unlock(&n);
	ww_mutex_unlock(&m);
	ww_acquire_fini(&a);
	ww_acquire_fini(&b);
	return 0;
}

static const struct shim_test tests[] = {
	SHIM_TEST(already_and_stamps),
	SHIM_TEST(wound_wait),
	SHIM_TEST(wait_die),
	SHIM_TEST(wait_die_no_locks_waits),
	SHIM_TEST(interruptible),
	SHIM_TEST(stress_wound_wait),
	SHIM_TEST(stress_wait_die),
};

int main(void)
{
	return shim_run(tests, ARRAY_SIZE(tests));
}
