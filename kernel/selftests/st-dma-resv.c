// SPDX-License-Identifier: GPL-2.0-only
/*
 * Selftests for reservation objects: locking, usage classes, the locked and
 * unlocked iterators, slot reservation, same-context replacement, copying,
 * waiting, deadlines and wound/wait back-off.
 */

#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/dma-fence-array.h>
#include <linux/dma-fence.h>
#include <linux/dma-resv.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "selftest.h"
#include "st-mock-fence.h"

/**
 * DOC: dma_resv selftests
 *
 * Each case builds its own reservation objects and mock fences (from
 * st-mock-fence.h), checks one behaviour for every usage class where the
 * class matters, and releases everything on every path. Cases that need
 * concurrency start one kthread and synchronise with it through
 * completions, so that what they test happens deterministically; none
 * sleeps for more than a few milliseconds unless something is broken.
 */

#define FIRST_USAGE	DMA_RESV_USAGE_KERNEL
#define LAST_USAGE	DMA_RESV_USAGE_BOOKKEEP

#define for_each_usage(u) for ((u) = FIRST_USAGE; (u) <= LAST_USAGE; (u)++)

/* Fill @fences with @count fences on fresh contexts (seqno 1). */
static int alloc_fences(struct dma_fence **fences, unsigned int count)
{
	u64 context = dma_fence_context_alloc(count);
	unsigned int i;

	for (i = 0; i < count; i++) {
		fences[i] = mock_fence_create(&mock_fence_ops, context + i, 1);
		if (!fences[i]) {
			mock_fences_put(fences, i);
			return -ENOMEM;
		}
	}
	return 0;
}

/* Lock @resv, reserve @num slots and add @fence with @usage. */
static int add_fence(struct dma_resv *resv, struct dma_fence *fence,
		     enum dma_resv_usage usage)
{
	int ret;

	ret = dma_resv_lock(resv, NULL);
	if (ret) {
		pr_err("dma_resv_lock failed: %d\n", ret);
		return ret;
	}
	ret = dma_resv_reserve_fences(resv, 1);
	if (!ret)
		dma_resv_add_fence(resv, fence, usage);
	dma_resv_unlock(resv);
	return ret;
}

/* Number of entries of class @usage or lower, counted under the lock. */
static unsigned int count_locked(struct dma_resv *resv,
				 enum dma_resv_usage usage)
{
	struct dma_resv_iter cursor;
	struct dma_fence *fence;
	unsigned int count = 0;

	dma_resv_lock(resv, NULL);
	dma_resv_for_each_fence(&cursor, resv, usage, fence)
		count++;
	dma_resv_unlock(resv);
	return count;
}

/* The class @fence is stored with, or -1 if it is not stored. */
static int usage_of(struct dma_resv *resv, struct dma_fence *fence)
{
	struct dma_resv_iter cursor;
	struct dma_fence *f;
	int usage = -1;

	dma_resv_lock(resv, NULL);
	dma_resv_for_each_fence(&cursor, resv, LAST_USAGE, f) {
		if (f == fence)
			usage = dma_resv_iter_usage(&cursor);
	}
	dma_resv_unlock(resv);
	return usage;
}

/* Keep a kthread alive until kthread_stop(), so stopping it is always safe. */
static void wait_for_stop(void)
{
	while (!kthread_should_stop())
		usleep_range(500, 1000);
}

/* Lock under @ctx: the object reports it, relocking says -EALREADY. */
static int check_ctx_lock(struct dma_resv *resv, struct ww_acquire_ctx *ctx)
{
	int ret;

	ret = dma_resv_lock(resv, ctx);
	if (ret) {
		pr_err("locking with a context failed: %d\n", ret);
		return ret;
	}
	if (!dma_resv_is_locked(resv) || dma_resv_locking_ctx(resv) != ctx) {
		pr_err("locked object does not report its context\n");
		ret = -EINVAL;
	} else if (dma_resv_lock(resv, ctx) != -EALREADY) {
		pr_err("relocking with the same context did not say -EALREADY\n");
		ret = -EINVAL;
	} else if (dma_resv_trylock(resv)) {
		pr_err("trylock of a locked object succeeded\n");
		ret = -EINVAL;
	}
	dma_resv_unlock(resv);
	return ret;
}

/* Trylock and interruptible lock without a context. */
static int check_plain_lock(struct dma_resv *resv)
{
	int ret;

	if (dma_resv_is_locked(resv) || dma_resv_locking_ctx(resv)) {
		pr_err("unlocked object still reports a holder\n");
		return -EINVAL;
	}
	if (!dma_resv_trylock(resv)) {
		pr_err("trylock of an unlocked object failed\n");
		return -EINVAL;
	}
	ret = dma_resv_locking_ctx(resv) ? -EINVAL : 0;
	dma_resv_unlock(resv);
	if (ret) {
		pr_err("trylock reports a context\n");
		return ret;
	}

	ret = dma_resv_lock_interruptible(resv, NULL);
	if (ret) {
		pr_err("interruptible lock without a context failed: %d\n", ret);
		return ret;
	}
	dma_resv_unlock(resv);
	return 0;
}

static int test_sanitycheck(void *arg __always_unused)
{
	struct ww_acquire_ctx ctx;
	struct dma_resv resv;
	int ret;

	dma_resv_init(&resv);
	ww_acquire_init(&ctx, &reservation_ww_class);
	ret = check_ctx_lock(&resv, &ctx);
	ww_acquire_done(&ctx);
	ww_acquire_fini(&ctx);
	if (!ret)
		ret = check_plain_lock(&resv);
	dma_resv_fini(&resv);
	return ret;
}

/* One fence of class @usage: which queries see it before and after it signals. */
static int check_signaling(enum dma_resv_usage usage)
{
	enum dma_resv_usage query;
	struct dma_resv resv;
	struct dma_fence *f;
	int ret;

	f = mock_fence();
	if (!f)
		return -ENOMEM;

	dma_resv_init(&resv);
	ret = add_fence(&resv, f, usage);
	if (ret)
		goto out;

	for_each_usage(query) {
		if (dma_resv_test_signaled(&resv, query) != (query < usage)) {
			pr_err("usage %d: query %d reports the wrong state\n",
			       usage, query);
			ret = -EINVAL;
			goto out;
		}
	}
	dma_fence_signal(f);
	for_each_usage(query) {
		if (!dma_resv_test_signaled(&resv, query)) {
			pr_err("usage %d: query %d not signaled after signal\n",
			       usage, query);
			ret = -EINVAL;
			goto out;
		}
	}
out:
	dma_resv_fini(&resv);
	dma_fence_signal(f);
	dma_fence_put(f);
	return ret;
}

static int test_signaling(void *arg __always_unused)
{
	enum dma_resv_usage usage;
	int ret;

	for_each_usage(usage) {
		ret = check_signaling(usage);
		if (ret)
			return ret;
	}
	return 0;
}

/* Locked walk over one fence of class @usage, for every query class. */
static int check_walk_locked(enum dma_resv_usage usage)
{
	enum dma_resv_usage query;
	struct dma_resv_iter cursor;
	struct dma_fence *f, *fence;
	struct dma_resv resv;
	unsigned int seen;
	int ret;

	f = mock_fence();
	if (!f)
		return -ENOMEM;

	dma_resv_init(&resv);
	ret = add_fence(&resv, f, usage);
	if (ret)
		goto out;

	dma_resv_lock(&resv, NULL);
	for_each_usage(query) {
		seen = 0;
		dma_resv_for_each_fence(&cursor, &resv, query, fence) {
			if (fence != f || dma_resv_iter_usage(&cursor) != usage ||
			    !dma_resv_iter_is_restarted(&cursor)) {
				pr_err("usage %d: walk returned a wrong entry\n",
				       usage);
				ret = -EINVAL;
			}
			seen++;
		}
		if (seen != (query >= usage)) {
			pr_err("usage %d: query %d saw %u fences\n",
			       usage, query, seen);
			ret = -EINVAL;
		}
	}
	dma_resv_unlock(&resv);
out:
	dma_resv_fini(&resv);
	dma_fence_signal(f);
	dma_fence_put(f);
	return ret;
}

static int test_walk_locked(void *arg __always_unused)
{
	enum dma_resv_usage usage;
	int ret;

	for_each_usage(usage) {
		ret = check_walk_locked(usage);
		if (ret)
			return ret;
	}
	return 0;
}

/* Unlocked walk over one fence of class @usage; signaled fences vanish. */
static int check_walk_unlocked(enum dma_resv_usage usage)
{
	enum dma_resv_usage query;
	struct dma_resv_iter cursor;
	struct dma_fence *f, *fence;
	struct dma_resv resv;
	unsigned int seen;
	int ret;

	f = mock_fence();
	if (!f)
		return -ENOMEM;

	dma_resv_init(&resv);
	ret = add_fence(&resv, f, usage);
	if (ret)
		goto out;

	for_each_usage(query) {
		seen = 0;
		dma_resv_iter_begin(&cursor, &resv, query);
		dma_resv_for_each_fence_unlocked(&cursor, fence) {
			if (fence != f || dma_resv_iter_usage(&cursor) != usage ||
			    kref_read(&f->refcount) < 3) {
				pr_err("usage %d: bad entry or no reference\n",
				       usage);
				ret = -EINVAL;
			}
			seen++;
		}
		dma_resv_iter_end(&cursor);
		if (seen != (query >= usage)) {
			pr_err("usage %d: query %d saw %u fences\n",
			       usage, query, seen);
			ret = -EINVAL;
		}
	}

	dma_fence_signal(f);
	dma_resv_iter_begin(&cursor, &resv, LAST_USAGE);
	if (dma_resv_iter_first_unlocked(&cursor)) {
		pr_err("usage %d: unlocked walk returned a signaled fence\n",
		       usage);
		ret = -EINVAL;
	}
	dma_resv_iter_end(&cursor);
out:
	dma_resv_fini(&resv);
	dma_fence_signal(f);
	dma_fence_put(f);
	return ret;
}

static int test_walk_unlocked(void *arg __always_unused)
{
	enum dma_resv_usage usage;
	int ret;

	for_each_usage(usage) {
		ret = check_walk_unlocked(usage);
		if (ret)
			return ret;
	}
	return 0;
}

#define RESTART_FENCES	4

/* Shared with the modifier thread of test_walk_unlocked_restart(). */
struct restart_ctx {
	struct dma_resv *resv;
	struct dma_fence *extra;
	struct completion go;
	struct completion done;
	int step_ret;
	atomic_t stress;
	atomic_t stress_ret;
};

/*
 * Step 1: grow the table and add @extra. Step 2: replace the table by copying
 * the object onto itself. Then, until stopped, keep replacing the table.
 */
static int restart_modifier(void *data)
{
	struct restart_ctx *rc = data;
	int ret;

	wait_for_completion(&rc->go);
	dma_resv_lock(rc->resv, NULL);
	ret = dma_resv_reserve_fences(rc->resv, 64);
	if (!ret)
		dma_resv_add_fence(rc->resv, rc->extra, DMA_RESV_USAGE_READ);
	dma_resv_unlock(rc->resv);
	rc->step_ret = ret;
	complete(&rc->done);

	wait_for_completion(&rc->go);
	dma_resv_lock(rc->resv, NULL);
	rc->step_ret = dma_resv_copy_fences(rc->resv, rc->resv);
	dma_resv_unlock(rc->resv);
	complete(&rc->done);

	while (!kthread_should_stop()) {
		if (!atomic_read(&rc->stress)) {
			usleep_range(500, 1000);
			continue;
		}
		dma_resv_lock(rc->resv, NULL);
		ret = dma_resv_copy_fences(rc->resv, rc->resv);
		dma_resv_unlock(rc->resv);
		if (ret)
			atomic_set(&rc->stress_ret, ret);
		/* Often enough to land inside walks, rarely enough to let them end. */
		usleep_range(20, 50);
	}
	return 0;
}

/* Let the modifier do one step; the next unlocked step must restart. */
static int step_and_expect_restart(struct restart_ctx *rc,
				   struct dma_resv_iter *cursor)
{
	struct dma_fence *fence;

	complete(&rc->go);
	if (!wait_for_completion_timeout(&rc->done, msecs_to_jiffies(5000))) {
		pr_err("modifier thread did not answer\n");
		return -ETIMEDOUT;
	}
	if (rc->step_ret) {
		pr_err("modifier step failed: %d\n", rc->step_ret);
		return rc->step_ret;
	}
	fence = dma_resv_iter_next_unlocked(cursor);
	if (!fence || !dma_resv_iter_is_restarted(cursor)) {
		pr_err("walk did not restart after the table was replaced\n");
		return -EINVAL;
	}
	return 0;
}

/* Walk to the end; every fence of @fences must be seen once since the last restart. */
static int finish_walk(struct dma_resv_iter *cursor, struct dma_fence *first,
		       struct dma_fence **fences, unsigned int count)
{
	unsigned long seen = 0, all = (1UL << count) - 1;
	struct dma_fence *fence;
	unsigned int i;

	for (fence = first; fence; fence = dma_resv_iter_next_unlocked(cursor)) {
		if (dma_resv_iter_is_restarted(cursor))
			seen = 0;
		for (i = 0; i < count; i++) {
			if (fence != fences[i])
				continue;
			if (seen & BIT(i)) {
				pr_err("fence %u returned twice\n", i);
				return -EINVAL;
			}
			seen |= BIT(i);
		}
	}
	if (seen != all) {
		pr_err("walk missed fences: saw %#lx of %#lx\n", seen, all);
		return -EINVAL;
	}
	return 0;
}

static int run_restart_steps(struct restart_ctx *rc, struct dma_fence **fences)
{
	struct dma_resv_iter cursor;
	struct dma_fence *fence;
	int ret;

	dma_resv_iter_begin(&cursor, rc->resv, LAST_USAGE);
	fence = dma_resv_iter_first_unlocked(&cursor);
	if (!fence || !dma_resv_iter_is_restarted(&cursor)) {
		pr_err("first step of the walk is not a (re)start\n");
		ret = -EINVAL;
		goto out;
	}

	ret = step_and_expect_restart(rc, &cursor);
	if (!ret)
		ret = step_and_expect_restart(rc, &cursor);
	if (!ret)
		ret = finish_walk(&cursor, cursor.fence, fences,
				  RESTART_FENCES + 1);
out:
	dma_resv_iter_end(&cursor);
	return ret;
}

/* Complete walks while the modifier keeps replacing the table. */
static int run_restart_stress(struct restart_ctx *rc, struct dma_fence **fences)
{
	unsigned long end = jiffies + msecs_to_jiffies(50);
	struct dma_resv_iter cursor;
	int ret = 0;

	atomic_set(&rc->stress, 1);
	while (!ret && time_before(jiffies, end)) {
		dma_resv_iter_begin(&cursor, rc->resv, LAST_USAGE);
		ret = finish_walk(&cursor, dma_resv_iter_first_unlocked(&cursor),
				  fences, RESTART_FENCES + 1);
		dma_resv_iter_end(&cursor);
	}
	atomic_set(&rc->stress, 0);
	return ret;
}

static int test_walk_unlocked_restart(void *arg __always_unused)
{
	struct dma_fence *fences[RESTART_FENCES + 1] = {};
	struct task_struct *thread;
	struct restart_ctx rc = {};
	struct dma_resv resv;
	unsigned int i;
	int ret;

	ret = alloc_fences(fences, RESTART_FENCES + 1);
	if (ret)
		return ret;

	dma_resv_init(&resv);
	for (i = 0; i < RESTART_FENCES && !ret; i++)
		ret = add_fence(&resv, fences[i], DMA_RESV_USAGE_WRITE + i % 3);
	if (ret)
		goto out;

	rc.resv = &resv;
	rc.extra = fences[RESTART_FENCES];
	atomic_set(&rc.stress, 0);
	atomic_set(&rc.stress_ret, 0);
	init_completion(&rc.go);
	init_completion(&rc.done);
	thread = kthread_run(restart_modifier, &rc, "st-resv-modifier");
	if (IS_ERR(thread)) {
		ret = PTR_ERR(thread);
		goto out;
	}

	ret = run_restart_steps(&rc, fences);
	if (!ret)
		ret = run_restart_stress(&rc, fences);

	/* Let a modifier that never got its steps run out of them. */
	complete(&rc.go);
	complete(&rc.go);
	kthread_stop(thread);
	if (!ret && atomic_read(&rc.stress_ret)) {
		ret = atomic_read(&rc.stress_ret);
		pr_err("table replacement failed: %d\n", ret);
	}
out:
	dma_resv_fini(&resv);
	mock_fences_put(fences, RESTART_FENCES + 1);
	return ret;
}

/* dma_resv_get_fences() for one fence of each class, queried per class. */
static int test_get_fences(void *arg __always_unused)
{
	struct dma_fence *fences[LAST_USAGE + 1] = {};
	enum dma_resv_usage usage, query;
	struct dma_fence **got;
	struct dma_resv resv;
	unsigned int count, i;
	int ret;

	ret = alloc_fences(fences, ARRAY_SIZE(fences));
	if (ret)
		return ret;

	dma_resv_init(&resv);
	for_each_usage(usage) {
		ret = add_fence(&resv, fences[usage], usage);
		if (ret)
			goto out;
	}

	for_each_usage(query) {
		ret = dma_resv_get_fences(&resv, query, &count, &got);
		if (ret)
			goto out;
		if (count != query + 1)
			ret = -EINVAL;
		for (i = 0; i < count; i++) {
			if (got[i] != fences[i] || kref_read(&got[i]->refcount) != 3)
				ret = -EINVAL;
			dma_fence_put(got[i]);
		}
		kfree(got);
		if (ret) {
			pr_err("query %d: got %u fences, or wrong ones\n",
			       query, count);
			goto out;
		}
	}
out:
	dma_resv_fini(&resv);
	mock_fences_put(fences, ARRAY_SIZE(fences));
	return ret;
}

/* Zero pending fences give NULL, one gives itself, two give an array. */
static int test_get_singleton(void *arg __always_unused)
{
	struct dma_fence *fences[2] = {}, *single = NULL;
	struct dma_fence_array *array;
	struct dma_resv resv;
	int ret;

	ret = alloc_fences(fences, ARRAY_SIZE(fences));
	if (ret)
		return ret;
	dma_resv_init(&resv);

	ret = dma_resv_get_singleton(&resv, LAST_USAGE, &single);
	if (ret || single) {
		pr_err("empty object: ret %d, fence %p\n", ret, single);
		ret = ret ?: -EINVAL;
		goto out;
	}

	ret = add_fence(&resv, fences[0], DMA_RESV_USAGE_WRITE);
	ret = ret ?: dma_resv_get_singleton(&resv, LAST_USAGE, &single);
	if (ret)
		goto out;
	if (single != fences[0]) {
		pr_err("one fence: got another fence back\n");
		ret = -EINVAL;
		goto out;
	}
	dma_fence_put(single);
	single = NULL;

	ret = add_fence(&resv, fences[1], DMA_RESV_USAGE_READ);
	ret = ret ?: dma_resv_get_singleton(&resv, DMA_RESV_USAGE_READ, &single);
	if (ret)
		goto out;
	array = to_dma_fence_array(single);
	if (!array || array->num_fences != 2 ||
	    single->context == fences[0]->context ||
	    single->context == fences[1]->context) {
		pr_err("two fences: not an array of both on a new context\n");
		ret = -EINVAL;
		goto out;
	}

	dma_fence_signal(fences[0]);
	dma_fence_signal(fences[1]);
	if (dma_fence_wait_timeout(single, false, msecs_to_jiffies(1000)) <= 0) {
		pr_err("array did not signal with its fences\n");
		ret = -EINVAL;
	}
out:
	dma_fence_put(single);
	dma_resv_fini(&resv);
	mock_fences_put(fences, ARRAY_SIZE(fences));
	return ret;
}

/*
 * Adding without a reservation WARNs and drops the fence when there is no
 * room; adding more than reserved WARNs but keeps the accounting sound.
 */
static int test_add_unreserved(void *arg __always_unused)
{
	struct dma_fence *fences[3] = {};
	struct dma_resv resv;
	unsigned int count;
	int ret;

	ret = alloc_fences(fences, ARRAY_SIZE(fences));
	if (ret)
		return ret;
	dma_resv_init(&resv);

	dma_resv_lock(&resv, NULL);
	dma_resv_add_fence(&resv, fences[0], DMA_RESV_USAGE_WRITE);
	dma_resv_unlock(&resv);
	if (count_locked(&resv, LAST_USAGE) ||
	    kref_read(&fences[0]->refcount) != 1) {
		pr_err("unreserved add to an empty object was not dropped\n");
		ret = -EINVAL;
		goto out;
	}

	dma_resv_lock(&resv, NULL);
	ret = dma_resv_reserve_fences(&resv, 1);
	if (!ret) {
		dma_resv_add_fence(&resv, fences[1], DMA_RESV_USAGE_WRITE);
		dma_resv_add_fence(&resv, fences[2], DMA_RESV_USAGE_WRITE);
	}
	dma_resv_unlock(&resv);
	if (ret)
		goto out;

	count = count_locked(&resv, LAST_USAGE);
	if (count < 1 || count > 2 || kref_read(&fences[1]->refcount) != 2 ||
	    kref_read(&fences[2]->refcount) != count) {
		pr_err("over-reserved add broke the accounting (%u entries)\n",
		       count);
		ret = -EINVAL;
	}
out:
	dma_resv_fini(&resv);
	if (!ret && (kref_read(&fences[1]->refcount) != 1 ||
		     kref_read(&fences[2]->refcount) != 1)) {
		pr_err("fini left references behind\n");
		ret = -EINVAL;
	}
	mock_fences_put(fences, ARRAY_SIZE(fences));
	return ret;
}

/* A later fence of the same context and class replaces the earlier one. */
static int test_same_context(void *arg __always_unused)
{
	u64 context = dma_fence_context_alloc(1);
	struct dma_fence *fences[3] = {};
	enum dma_resv_usage usage;
	struct dma_resv resv;
	int ret = 0;

	for_each_usage(usage) {
		fences[0] = mock_fence_create(&mock_fence_ops, context, 1);
		fences[1] = mock_fence_create(&mock_fence_ops, context, 2);
		fences[2] = mock_fence_create(&mock_fence_ops, context, 0);
		if (!fences[0] || !fences[1] || !fences[2]) {
			mock_fences_put(fences, ARRAY_SIZE(fences));
			return -ENOMEM;
		}
		dma_resv_init(&resv);
		ret = add_fence(&resv, fences[0], usage);
		ret = ret ?: add_fence(&resv, fences[1], usage);
		if (!ret && (count_locked(&resv, LAST_USAGE) != 1 ||
			     usage_of(&resv, fences[1]) != (int)usage ||
			     kref_read(&fences[0]->refcount) != 1)) {
			pr_err("usage %d: later fence did not replace\n", usage);
			ret = -EINVAL;
		}
		/* An older fence of the context must not replace a newer one. */
		ret = ret ?: add_fence(&resv, fences[2], usage);
		if (!ret && (count_locked(&resv, LAST_USAGE) != 2 ||
			     usage_of(&resv, fences[1]) != (int)usage)) {
			pr_err("usage %d: older fence replaced a newer one\n",
			       usage);
			ret = -EINVAL;
		}
		dma_resv_fini(&resv);
		mock_fences_put(fences, ARRAY_SIZE(fences));
		if (ret)
			return ret;
	}
	return 0;
}

/* Promotions replace in place; a weaker class of the context is kept apart. */
static int test_usage_upgrade(void *arg __always_unused)
{
	u64 context = dma_fence_context_alloc(1);
	struct dma_fence *fences[4] = {};
	struct dma_resv resv;
	int ret;

	fences[0] = mock_fence_create(&mock_fence_ops, context, 1);
	fences[1] = mock_fence_create(&mock_fence_ops, context, 2);
	fences[2] = mock_fence_create(&mock_fence_ops, context, 3);
	fences[3] = mock_fence_create(&mock_fence_ops, context, 4);
	if (!fences[0] || !fences[1] || !fences[2] || !fences[3]) {
		mock_fences_put(fences, ARRAY_SIZE(fences));
		return -ENOMEM;
	}
	dma_resv_init(&resv);

	/* READ then a later WRITE of the same context: one WRITE entry. */
	ret = add_fence(&resv, fences[0], DMA_RESV_USAGE_READ);
	ret = ret ?: add_fence(&resv, fences[1], DMA_RESV_USAGE_WRITE);
	if (ret)
		goto out;
	if (count_locked(&resv, LAST_USAGE) != 1 ||
	    usage_of(&resv, fences[1]) != DMA_RESV_USAGE_WRITE) {
		pr_err("READ then WRITE did not collapse to one WRITE entry\n");
		ret = -EINVAL;
		goto out;
	}

	/* The same fence again with a stronger class is promoted in place. */
	ret = add_fence(&resv, fences[1], DMA_RESV_USAGE_KERNEL);
	if (!ret && (count_locked(&resv, LAST_USAGE) != 1 ||
		     usage_of(&resv, fences[1]) != DMA_RESV_USAGE_KERNEL)) {
		pr_err("promotion to KERNEL did not happen in place\n");
		ret = -EINVAL;
	}
	if (ret)
		goto out;

	/* A later BOOKKEEP fence must not demote the KERNEL entry. */
	ret = add_fence(&resv, fences[2], DMA_RESV_USAGE_BOOKKEEP);
	if (!ret && (count_locked(&resv, LAST_USAGE) != 2 ||
		     usage_of(&resv, fences[1]) != DMA_RESV_USAGE_KERNEL ||
		     count_locked(&resv, DMA_RESV_USAGE_READ) != 1)) {
		pr_err("weaker class replaced a stronger entry\n");
		ret = -EINVAL;
	}
	if (ret)
		goto out;

	/* ... but a later BOOKKEEP fence replaces the BOOKKEEP one. */
	ret = add_fence(&resv, fences[3], DMA_RESV_USAGE_BOOKKEEP);
	if (!ret && (count_locked(&resv, LAST_USAGE) != 2 ||
		     usage_of(&resv, fences[3]) != DMA_RESV_USAGE_BOOKKEEP ||
		     usage_of(&resv, fences[2]) != -1)) {
		pr_err("BOOKKEEP fence did not replace its predecessor\n");
		ret = -EINVAL;
	}
out:
	dma_resv_fini(&resv);
	mock_fences_put(fences, ARRAY_SIZE(fences));
	return ret;
}

/* Copying takes the unsignaled fences with their classes and drops dst's. */
static int test_copy_fences(void *arg __always_unused)
{
	struct dma_fence *fences[4] = {};
	struct dma_resv src, dst;
	int ret;

	ret = alloc_fences(fences, ARRAY_SIZE(fences));
	if (ret)
		return ret;
	dma_resv_init(&src);
	dma_resv_init(&dst);

	ret = add_fence(&src, fences[0], DMA_RESV_USAGE_KERNEL);
	ret = ret ?: add_fence(&src, fences[1], DMA_RESV_USAGE_READ);
	ret = ret ?: add_fence(&src, fences[2], DMA_RESV_USAGE_BOOKKEEP);
	ret = ret ?: add_fence(&dst, fences[3], DMA_RESV_USAGE_WRITE);
	if (ret)
		goto out;
	dma_fence_signal(fences[2]);

	dma_resv_lock(&dst, NULL);
	ret = dma_resv_copy_fences(&dst, &src);
	dma_resv_unlock(&dst);
	if (ret)
		goto out;

	if (count_locked(&dst, LAST_USAGE) != 2 ||
	    usage_of(&dst, fences[0]) != DMA_RESV_USAGE_KERNEL ||
	    usage_of(&dst, fences[1]) != DMA_RESV_USAGE_READ ||
	    kref_read(&fences[3]->refcount) != 1 ||
	    kref_read(&fences[0]->refcount) != 3) {
		pr_err("copy did not mirror the source's pending fences\n");
		ret = -EINVAL;
		goto out;
	}

	/* Copying an empty object empties the destination. */
	dma_resv_fini(&src);
	dma_resv_init(&src);
	dma_resv_lock(&dst, NULL);
	ret = dma_resv_copy_fences(&dst, &src);
	dma_resv_unlock(&dst);
	if (!ret && count_locked(&dst, LAST_USAGE)) {
		pr_err("copy of an empty object left fences\n");
		ret = -EINVAL;
	}
out:
	dma_resv_fini(&src);
	dma_resv_fini(&dst);
	mock_fences_put(fences, ARRAY_SIZE(fences));
	return ret;
}

struct signaller {
	struct dma_fence *fence;
	unsigned int delay_ms;
};

static int signaller_thread(void *data)
{
	struct signaller *s = data;

	msleep(s->delay_ms);
	dma_fence_signal(s->fence);
	wait_for_stop();
	return 0;
}

/* Busy checks with timeout 0, a real wait, a timeout, and class filtering. */
static int check_wait(struct dma_resv *resv, struct dma_fence **fences)
{
	struct signaller s = { .fence = fences[0], .delay_ms = 10 };
	struct task_struct *thread;
	long ret;

	if (dma_resv_wait_timeout(resv, DMA_RESV_USAGE_WRITE, false, 0) != 0) {
		pr_err("zero timeout: pending fence not reported\n");
		return -EINVAL;
	}
	if (dma_resv_wait_timeout(resv, DMA_RESV_USAGE_KERNEL, false, 0) != 1) {
		pr_err("zero timeout: nothing pending should give 1\n");
		return -EINVAL;
	}
	if (dma_resv_wait_timeout(resv, LAST_USAGE, true, 1) != 0) {
		pr_err("short wait on a pending fence did not time out\n");
		return -EINVAL;
	}

	thread = kthread_run(signaller_thread, &s, "st-resv-signal");
	if (IS_ERR(thread))
		return PTR_ERR(thread);
	ret = dma_resv_wait_timeout(resv, DMA_RESV_USAGE_WRITE, true,
				    msecs_to_jiffies(5000));
	kthread_stop(thread);
	if (ret <= 0) {
		pr_err("wait for a signalled fence returned %ld\n", ret);
		return -EINVAL;
	}
	/* The BOOKKEEP fence is still pending but not waited for. */
	if (dma_resv_wait_timeout(resv, DMA_RESV_USAGE_READ, false, 0) != 1 ||
	    dma_resv_wait_timeout(resv, LAST_USAGE, false, 0) != 0) {
		pr_err("wait did not filter by class\n");
		return -EINVAL;
	}
	return 0;
}

static int test_wait_timeout(void *arg __always_unused)
{
	struct dma_fence *fences[2] = {};
	struct dma_resv resv;
	int ret;

	ret = alloc_fences(fences, ARRAY_SIZE(fences));
	if (ret)
		return ret;
	dma_resv_init(&resv);

	ret = add_fence(&resv, fences[0], DMA_RESV_USAGE_WRITE);
	ret = ret ?: add_fence(&resv, fences[1], DMA_RESV_USAGE_BOOKKEEP);
	ret = ret ?: check_wait(&resv, fences);

	dma_resv_fini(&resv);
	mock_fences_put(fences, ARRAY_SIZE(fences));
	return ret;
}

/* Signaled only once every fence of the classes has; errors count as done. */
static int test_test_signaled(void *arg __always_unused)
{
	struct dma_fence *fences[3] = {};
	struct dma_resv resv;
	int ret;

	ret = alloc_fences(fences, ARRAY_SIZE(fences));
	if (ret)
		return ret;
	dma_resv_init(&resv);

	if (!dma_resv_test_signaled(&resv, LAST_USAGE)) {
		pr_err("empty object is not signaled\n");
		ret = -EINVAL;
		goto out;
	}
	ret = add_fence(&resv, fences[0], DMA_RESV_USAGE_KERNEL);
	ret = ret ?: add_fence(&resv, fences[1], DMA_RESV_USAGE_WRITE);
	ret = ret ?: add_fence(&resv, fences[2], DMA_RESV_USAGE_READ);
	if (ret)
		goto out;

	dma_fence_signal(fences[0]);
	dma_fence_set_error(fences[1], -EIO);
	dma_fence_signal(fences[1]);
	if (!dma_resv_test_signaled(&resv, DMA_RESV_USAGE_WRITE) ||
	    dma_resv_test_signaled(&resv, DMA_RESV_USAGE_READ)) {
		pr_err("partially signaled object reported wrongly\n");
		ret = -EINVAL;
		goto out;
	}
	dma_fence_signal(fences[2]);
	if (!dma_resv_test_signaled(&resv, LAST_USAGE)) {
		pr_err("fully signaled object not reported signaled\n");
		ret = -EINVAL;
	}
out:
	dma_resv_fini(&resv);
	mock_fences_put(fences, ARRAY_SIZE(fences));
	return ret;
}

/* Every entry of one context takes the replacement; others stay. */
static int test_replace_fences(void *arg __always_unused)
{
	struct dma_fence *fences[4] = {};
	struct dma_resv resv;
	int ret;

	ret = alloc_fences(fences, 3);
	if (ret)
		return ret;
	/* fences[3]: a second fence on fences[0]'s context. */
	fences[3] = mock_fence_create(&mock_fence_ops, fences[0]->context, 5);
	if (!fences[3]) {
		mock_fences_put(fences, ARRAY_SIZE(fences));
		return -ENOMEM;
	}
	dma_resv_init(&resv);

	ret = add_fence(&resv, fences[3], DMA_RESV_USAGE_WRITE);
	ret = ret ?: add_fence(&resv, fences[0], DMA_RESV_USAGE_BOOKKEEP);
	ret = ret ?: add_fence(&resv, fences[1], DMA_RESV_USAGE_READ);
	if (ret)
		goto out;

	dma_resv_lock(&resv, NULL);
	dma_resv_replace_fences(&resv, fences[0]->context, fences[2],
				DMA_RESV_USAGE_KERNEL);
	dma_resv_unlock(&resv);

	if (count_locked(&resv, LAST_USAGE) != 3 ||
	    count_locked(&resv, DMA_RESV_USAGE_KERNEL) != 2 ||
	    usage_of(&resv, fences[1]) != DMA_RESV_USAGE_READ ||
	    kref_read(&fences[0]->refcount) != 1 ||
	    kref_read(&fences[3]->refcount) != 1 ||
	    kref_read(&fences[2]->refcount) != 3) {
		pr_err("replacement did not take exactly the context's entries\n");
		ret = -EINVAL;
	}
out:
	dma_resv_fini(&resv);
	mock_fences_put(fences, ARRAY_SIZE(fences));
	return ret;
}

/* The deadline reaches the pending fences of the classes asked, only. */
static int test_set_deadline(void *arg __always_unused)
{
	struct dma_fence *fences[3] = {};
	ktime_t deadline = ktime_add_ms(ktime_get(), 16);
	struct dma_resv resv;
	int ret;

	ret = alloc_fences(fences, ARRAY_SIZE(fences));
	if (ret)
		return ret;
	dma_resv_init(&resv);

	ret = add_fence(&resv, fences[0], DMA_RESV_USAGE_WRITE);
	ret = ret ?: add_fence(&resv, fences[1], DMA_RESV_USAGE_BOOKKEEP);
	ret = ret ?: add_fence(&resv, fences[2], DMA_RESV_USAGE_KERNEL);
	if (ret)
		goto out;
	dma_fence_signal(fences[2]);

	dma_resv_set_deadline(&resv, DMA_RESV_USAGE_WRITE, deadline);
	if (to_mock_fence(fences[0])->deadlines != 1 ||
	    ktime_compare(to_mock_fence(fences[0])->deadline, deadline) ||
	    to_mock_fence(fences[1])->deadlines ||
	    to_mock_fence(fences[2])->deadlines) {
		pr_err("deadline reached the wrong fences\n");
		ret = -EINVAL;
	}
out:
	dma_resv_fini(&resv);
	mock_fences_put(fences, ARRAY_SIZE(fences));
	return ret;
}

#define MANY_FENCES	64

/* N contexts give N entries; N fences of one context give one entry. */
static int test_many_fences(void *arg __always_unused)
{
	struct dma_fence **fences;
	u64 context = dma_fence_context_alloc(1);
	struct dma_resv resv;
	unsigned int i;
	int ret;

	fences = kcalloc(MANY_FENCES, sizeof(*fences), GFP_KERNEL);
	if (!fences)
		return -ENOMEM;
	ret = alloc_fences(fences, MANY_FENCES);
	if (ret)
		goto out_free;

	dma_resv_init(&resv);
	for (i = 0; i < MANY_FENCES && !ret; i++)
		ret = add_fence(&resv, fences[i], DMA_RESV_USAGE_READ);
	if (!ret && count_locked(&resv, LAST_USAGE) != MANY_FENCES) {
		pr_err("%u contexts did not give %u entries\n",
		       MANY_FENCES, MANY_FENCES);
		ret = -EINVAL;
	}
	dma_resv_fini(&resv);
	mock_fences_put(fences, MANY_FENCES);
	if (ret)
		goto out_free;

	for (i = 0; i < MANY_FENCES; i++) {
		fences[i] = mock_fence_create(&mock_fence_ops, context, i + 1);
		if (!fences[i]) {
			ret = -ENOMEM;
			goto out_put;
		}
	}
	dma_resv_init(&resv);
	for (i = 0; i < MANY_FENCES && !ret; i++)
		ret = add_fence(&resv, fences[i], DMA_RESV_USAGE_READ);
	if (!ret && (count_locked(&resv, LAST_USAGE) != 1 ||
		     usage_of(&resv, fences[MANY_FENCES - 1]) < 0)) {
		pr_err("one context did not collapse to its latest fence\n");
		ret = -EINVAL;
	}
	dma_resv_fini(&resv);
out_put:
	mock_fences_put(fences, MANY_FENCES);
out_free:
	kfree(fences);
	return ret;
}

/* Two lockers taking the same two objects in opposite orders. */
struct ww_locker {
	struct dma_resv *objs[2];
	struct completion *holding;	/* this locker holds objs[0] */
	struct completion *other;	/* the other locker holds its first */
	struct completion done;
	int deadlocks;
	int ret;
};

static void unlock_objs(struct dma_resv **objs, bool *held)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (held[i])
			dma_resv_unlock(objs[i]);
		held[i] = false;
	}
}

/*
 * Lock both objects under @ctx with the usual back-off: on -EDEADLK drop
 * everything, sleep on the contended object with dma_resv_lock_slow(), then
 * take the rest. The first object is taken before meeting the other locker,
 * so that each then wants what the other holds.
 */
static int lock_both(struct ww_locker *l, struct ww_acquire_ctx *ctx,
		     bool *held)
{
	int contended = -1, i, ret;

	ret = dma_resv_lock(l->objs[0], ctx);
	if (ret)
		return ret;
	held[0] = true;
	complete(l->holding);
	if (!wait_for_completion_timeout(l->other, msecs_to_jiffies(5000)))
		return -ETIMEDOUT;

	for (;;) {
		if (contended >= 0) {
			dma_resv_lock_slow(l->objs[contended], ctx);
			held[contended] = true;
		}
		for (i = 0; i < 2; i++) {
			if (held[i])
				continue;
			ret = dma_resv_lock(l->objs[i], ctx);
			if (ret == -EDEADLK)
				break;
			if (ret)
				return ret;
			held[i] = true;
		}
		if (i == 2)
			return 0;
		l->deadlocks++;
		unlock_objs(l->objs, held);
		contended = i;
	}
}

static void ww_lock_pair(struct ww_locker *l)
{
	struct ww_acquire_ctx ctx;
	bool held[2] = {};

	ww_acquire_init(&ctx, &reservation_ww_class);
	l->ret = lock_both(l, &ctx, held);
	if (!l->ret) {
		ww_acquire_done(&ctx);
		if (dma_resv_locking_ctx(l->objs[0]) != &ctx ||
		    dma_resv_locking_ctx(l->objs[1]) != &ctx)
			l->ret = -EINVAL;
	}
	unlock_objs(l->objs, held);
	ww_acquire_fini(&ctx);
}

static int ww_locker_thread(void *data)
{
	struct ww_locker *l = data;

	ww_lock_pair(l);
	complete(&l->done);
	wait_for_stop();
	return 0;
}

static int test_ww_backoff(void *arg __always_unused)
{
	struct completion holding[2];
	struct ww_locker lockers[2];
	struct task_struct *thread;
	struct dma_resv a, b;
	int ret;

	dma_resv_init(&a);
	dma_resv_init(&b);
	init_completion(&holding[0]);
	init_completion(&holding[1]);
	lockers[0] = (struct ww_locker){ .objs = { &a, &b },
		.holding = &holding[0], .other = &holding[1] };
	lockers[1] = (struct ww_locker){ .objs = { &b, &a },
		.holding = &holding[1], .other = &holding[0] };
	init_completion(&lockers[0].done);
	init_completion(&lockers[1].done);

	thread = kthread_run(ww_locker_thread, &lockers[1], "st-resv-ww");
	if (IS_ERR(thread)) {
		ret = PTR_ERR(thread);
		goto out;
	}
	ww_lock_pair(&lockers[0]);
	if (!wait_for_completion_timeout(&lockers[1].done,
					 msecs_to_jiffies(5000))) {
		/* It cannot be stopped or cleaned up while it holds locks. */
		pr_err("second locker is stuck\n");
		return -ETIMEDOUT;
	}
	kthread_stop(thread);

	ret = lockers[0].ret ?: lockers[1].ret;
	if (ret) {
		pr_err("locking both objects failed: %d\n", ret);
	} else if (!lockers[0].deadlocks && !lockers[1].deadlocks) {
		pr_err("opposite lock orders never reported -EDEADLK\n");
		ret = -EINVAL;
	} else if (dma_resv_is_locked(&a) || dma_resv_is_locked(&b)) {
		pr_err("objects left locked\n");
		ret = -EINVAL;
	}
out:
	dma_resv_fini(&a);
	dma_resv_fini(&b);
	return ret;
}

static const struct st_case cases[] = {
	ST_CASE(test_sanitycheck),
	ST_CASE(test_signaling),
	ST_CASE(test_walk_locked),
	ST_CASE(test_walk_unlocked),
	ST_CASE(test_walk_unlocked_restart),
	ST_CASE(test_get_fences),
	ST_CASE(test_get_singleton),
	ST_CASE_WARNS(test_add_unreserved, 2),
	ST_CASE(test_same_context),
	ST_CASE(test_usage_upgrade),
	ST_CASE(test_copy_fences),
	ST_CASE(test_wait_timeout),
	ST_CASE(test_test_signaled),
	ST_CASE(test_replace_fences),
	ST_CASE(test_set_deadline),
	ST_CASE(test_many_fences),
	ST_CASE(test_ww_backoff),
};
DEFINE_ST_SUITE(dma_resv, cases);
