// SPDX-License-Identifier: GPL-2.0-only
/*
 * Selftests for dma_fence_unwrap: walking plain fences, arrays, chains and
 * chains of arrays, and merging fences with deduplication by context.
 */

#include <linux/dma-fence.h>
#include <linux/dma-fence-array.h>
#include <linux/dma-fence-chain.h>
#include <linux/dma-fence-unwrap.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "selftest.h"
#include "st-mock-fence.h"

/**
 * DOC: dma-fence-unwrap selftests
 *
 * Containers are built with mock_array() and mock_chain(), which take
 * their own references, so each case owns exactly the mock fences it
 * created and the containers it built, and drops them at the end.
 * check_unwrap() walks a head and verifies that it yields exactly an
 * expected set of fences, each once.
 */

#define UNWRAP_MAX_EXPECT	8

/* @head must unwrap to exactly the @count fences in @expect, each once. */
static int check_unwrap(struct dma_fence *head, struct dma_fence **expect,
			unsigned int count)
{
	bool seen[UNWRAP_MAX_EXPECT] = {};
	struct dma_fence_unwrap iter;
	struct dma_fence *fence;
	unsigned int i, found = 0;
	int err = 0;

	dma_fence_unwrap_for_each(fence, &iter, head) {
		for (i = 0; i < count; i++)
			if (fence == expect[i] && !seen[i])
				break;
		if (i == count) {
			pr_err("unwrap returned an unexpected fence\n");
			err = -EINVAL;
			continue;
		}
		seen[i] = true;
		found++;
	}

	if (!err && found != count) {
		pr_err("unwrap returned %u of %u fences\n", found, count);
		err = -EINVAL;
	}
	return err;
}

static int test_unwrap_sanity(void *arg __always_unused)
{
	struct dma_fence *f, *array, *chain;
	int err = -ENOMEM;

	f = mock_fence();
	if (!f)
		return -ENOMEM;
	array = mock_array(&f, 1, false);
	if (!array)
		goto out_f;
	chain = mock_chain(NULL, array, 1);
	if (!chain)
		goto out_array;

	dma_fence_enable_sw_signaling(chain);
	err = 0;

	dma_fence_put(chain);
out_array:
	dma_fence_put(array);
out_f:
	mock_fences_put(&f, 1);
	return err;
}

static int test_unwrap_plain(void *arg __always_unused)
{
	struct dma_fence *f;
	int err;

	f = mock_fence();
	if (!f)
		return -ENOMEM;

	err = check_unwrap(f, &f, 1);
	if (!err)
		err = check_unwrap(NULL, NULL, 0);

	mock_fences_put(&f, 1);
	return err;
}

static int test_unwrap_array(void *arg __always_unused)
{
	struct dma_fence *f[3], *array;
	int err;

	if (mock_fences(f, 3))
		return -ENOMEM;
	array = mock_array(f, 3, false);
	if (!array) {
		mock_fences_put(f, 3);
		return -ENOMEM;
	}

	err = check_unwrap(array, f, 3);

	dma_fence_put(array);
	mock_fences_put(f, 3);
	return err;
}

static int test_unwrap_chain(void *arg __always_unused)
{
	struct dma_fence *f[3], *c[3] = {};
	int err = -ENOMEM;
	int i;

	if (mock_fences(f, 3))
		return -ENOMEM;
	for (i = 0; i < 3; i++) {
		c[i] = mock_chain(i ? c[i - 1] : NULL, f[i], i + 1);
		if (!c[i])
			goto out;
	}

	err = check_unwrap(c[2], f, 3);

out:
	for (i = 2; i >= 0; i--)
		dma_fence_put(c[i]);
	mock_fences_put(f, 3);
	return err;
}

static int test_unwrap_chain_array(void *arg __always_unused)
{
	struct dma_fence *f[4], *a[2] = {}, *c[2] = {};
	int err = -ENOMEM;
	int i;

	if (mock_fences(f, 4))
		return -ENOMEM;
	a[0] = mock_array(&f[0], 2, false);
	a[1] = mock_array(&f[2], 2, false);
	if (!a[0] || !a[1])
		goto out;
	c[0] = mock_chain(NULL, a[0], 1);
	if (!c[0])
		goto out;
	c[1] = mock_chain(c[0], a[1], 2);
	if (!c[1])
		goto out;

	err = check_unwrap(c[1], f, 4);
	if (err)
		goto out;

	/* Signaled links are skipped: only the second array is left. */
	dma_fence_signal(f[0]);
	dma_fence_signal(f[1]);
	if (!dma_fence_is_signaled(a[0])) {
		pr_err("array of signaled fences is pending\n");
		err = -EINVAL;
		goto out;
	}
	err = check_unwrap(c[1], &f[2], 2);

out:
	for (i = 1; i >= 0; i--) {
		dma_fence_put(c[i]);
		dma_fence_put(a[i]);
	}
	mock_fences_put(f, 4);
	return err;
}

/* An array inside an array is returned as one fence. */
static int test_unwrap_nested_array(void *arg __always_unused)
{
	struct dma_fence *f[3], *inner, *outer = NULL, *expect[2];
	int err = -ENOMEM;

	if (mock_fences(f, 3))
		return -ENOMEM;
	inner = mock_array(f, 2, false);
	if (!inner)
		goto out;
	expect[0] = inner;
	expect[1] = f[2];
	outer = mock_array(expect, 2, false);
	if (!outer)
		goto out;

	err = check_unwrap(outer, expect, 2);

out:
	dma_fence_put(outer);
	dma_fence_put(inner);
	mock_fences_put(f, 3);
	return err;
}

static int test_unwrap_merge(void *arg __always_unused)
{
	struct dma_fence *f[2], *merged;
	int err;

	if (mock_fences(f, 2))
		return -ENOMEM;

	merged = dma_fence_unwrap_merge(f[0], f[1]);
	if (!merged) {
		mock_fences_put(f, 2);
		return -ENOMEM;
	}

	err = check_unwrap(merged, f, 2);
	if (!err && !dma_fence_is_array(merged)) {
		pr_err("merge of two contexts is not an array\n");
		err = -EINVAL;
	}
	if (!err && kref_read(&f[0]->refcount) != 2) {
		pr_err("merge took the wrong number of references\n");
		err = -EINVAL;
	}

	dma_fence_put(merged);
	mock_fences_put(f, 2);
	return err;
}

static int test_unwrap_merge_single(void *arg __always_unused)
{
	struct dma_fence *f, *merged;
	int err = 0;

	f = mock_fence();
	if (!f)
		return -ENOMEM;

	merged = dma_fence_unwrap_merge(f);
	if (!merged) {
		mock_fences_put(&f, 1);
		return -ENOMEM;
	}
	if (merged != f || kref_read(&f->refcount) != 2) {
		pr_err("merge of one fence is not that fence\n");
		err = -EINVAL;
	}

	dma_fence_put(merged);
	mock_fences_put(&f, 1);
	return err;
}

/* Merging signaled fences gives a signaled stub with the last timestamp. */
static int test_unwrap_merge_signaled(void *arg __always_unused)
{
	struct dma_fence *f[3], *array = NULL, *merged;
	ktime_t now = ktime_get();
	int err = -ENOMEM;

	if (mock_fences(f, 3))
		return -ENOMEM;
	array = mock_array(&f[1], 2, false);
	if (!array)
		goto out;

	dma_fence_signal_timestamp(f[0], ktime_sub_ns(now, 300));
	dma_fence_signal_timestamp(f[1], ktime_sub_ns(now, 100));
	dma_fence_signal_timestamp(f[2], ktime_sub_ns(now, 200));

	merged = dma_fence_unwrap_merge(f[0], array);
	if (!merged)
		goto out;

	err = -EINVAL;
	if (!dma_fence_is_signaled(merged) || merged == f[0] ||
	    dma_fence_is_array(merged) || dma_fence_get_status(merged) != 1)
		pr_err("merge of signaled fences is not a new stub\n");
	else if (dma_fence_timestamp(merged) != ktime_sub_ns(now, 100))
		pr_err("merged stub does not carry the latest timestamp\n");
	else
		err = 0;
	dma_fence_put(merged);

out:
	dma_fence_put(array);
	mock_fences_put(f, 3);
	return err;
}

#define SEQNO_FENCES 4

/* Within a context only the latest fence survives, 64- and 32-bit. */
static int check_merge_latest(const struct dma_fence_ops *ops,
			      const u64 *seqnos, unsigned int latest)
{
	struct dma_fence *f[SEQNO_FENCES] = {}, *merged;
	u64 ctx = dma_fence_context_alloc(1);
	int err = -ENOMEM;
	unsigned int i;

	for (i = 0; i < SEQNO_FENCES; i++) {
		f[i] = mock_fence_create(ops, ctx, seqnos[i]);
		if (!f[i])
			goto out;
	}

	merged = dma_fence_unwrap_merge(f[0], f[1], f[2], f[3]);
	if (!merged)
		goto out;

	err = 0;
	if (merged != f[latest]) {
		pr_err("merge kept seqno %llx, expected %llx\n",
		       (unsigned long long)merged->seqno,
		       (unsigned long long)seqnos[latest]);
		err = -EINVAL;
	}
	dma_fence_put(merged);

out:
	mock_fences_put(f, SEQNO_FENCES);
	return err;
}

static int test_unwrap_merge_seqno(void *arg __always_unused)
{
	static const u64 plain[SEQNO_FENCES] = { 3, 9, 1, 4 };
	static const u64 wrapped[SEQNO_FENCES] = {
		0xfffffff0, 0x5, 0xffffff00, 0x2,
	};
	int err;

	err = check_merge_latest(&mock_fence_ops, plain, 1);
	if (!err)
		err = check_merge_latest(&mock_fence_ops32, wrapped, 1);
	return err;
}

/* The same fences reached several ways are merged once each. */
static int test_unwrap_merge_duplicates(void *arg __always_unused)
{
	struct dma_fence *f[2], *array = NULL, *chain = NULL, *merged;
	int err = -ENOMEM;

	if (mock_fences(f, 2))
		return -ENOMEM;
	array = mock_array(f, 2, false);
	if (!array)
		goto out;
	chain = mock_chain(NULL, f[1], 1);
	if (!chain)
		goto out;

	merged = dma_fence_unwrap_merge(f[0], f[0], array, chain, f[1]);
	if (!merged)
		goto out;

	err = check_unwrap(merged, f, 2);
	dma_fence_put(merged);

out:
	dma_fence_put(chain);
	dma_fence_put(array);
	mock_fences_put(f, 2);
	return err;
}

/* Merge the merges: order, signaled inputs and nesting don't matter. */
static int test_unwrap_merge_complex(void *arg __always_unused)
{
	struct dma_fence *f[2], *m[3] = {}, *stub;
	int err = -ENOMEM;
	int i;

	if (mock_fences(f, 2))
		return -ENOMEM;
	stub = dma_fence_get_stub();

	m[0] = dma_fence_unwrap_merge(f[0], f[1]);
	if (!m[0])
		goto out;
	m[1] = dma_fence_unwrap_merge(f[1], f[0]);
	if (!m[1])
		goto out;
	m[2] = dma_fence_unwrap_merge(m[0], m[1], stub);
	if (!m[2])
		goto out;

	err = check_unwrap(m[2], f, 2);

out:
	for (i = 2; i >= 0; i--)
		dma_fence_put(m[i]);
	dma_fence_put(stub);
	mock_fences_put(f, 2);
	return err;
}

#define MANY_CONTEXTS	64
#define MANY_PER_CTX	16
#define MANY_FENCES	(MANY_CONTEXTS * MANY_PER_CTX)

/* Many fences over many contexts, in scrambled order. */
static int test_unwrap_merge_many(void *arg __always_unused)
{
	struct dma_fence **f, *array = NULL, *merged = NULL, *fence;
	struct dma_fence_unwrap iter;
	u64 base = dma_fence_context_alloc(MANY_CONTEXTS);
	unsigned int i, count = 0;
	int err = -ENOMEM;

	f = kcalloc(MANY_FENCES, sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;

	/* i * 37 mod 1024 visits every slot once, scrambling the order. */
	for (i = 0; i < MANY_FENCES; i++) {
		unsigned int slot = (i * 37) % MANY_FENCES;

		f[i] = mock_fence_create(&mock_fence_ops, base + slot % MANY_CONTEXTS,
				    slot / MANY_CONTEXTS + 1);
		if (!f[i])
			goto out;
	}
	array = mock_array(f, MANY_FENCES, false);
	if (!array)
		goto out;
	merged = dma_fence_unwrap_merge(array);
	if (!merged)
		goto out;

	err = 0;
	dma_fence_unwrap_for_each(fence, &iter, merged) {
		count++;
		if (fence->seqno != MANY_PER_CTX) {
			pr_err("context %llu kept seqno %llu\n",
			       (unsigned long long)(fence->context - base),
			       (unsigned long long)fence->seqno);
			err = -EINVAL;
		}
	}
	if (!err && count != MANY_CONTEXTS) {
		pr_err("merge kept %u fences for %u contexts\n",
		       count, MANY_CONTEXTS);
		err = -EINVAL;
	}

out:
	dma_fence_put(merged);
	dma_fence_put(array);
	mock_fences_put(f, MANY_FENCES);
	kfree(f);
	return err;
}

static const struct st_case cases[] = {
	ST_CASE(test_unwrap_sanity),
	ST_CASE(test_unwrap_plain),
	ST_CASE(test_unwrap_array),
	ST_CASE(test_unwrap_chain),
	ST_CASE(test_unwrap_chain_array),
	ST_CASE(test_unwrap_nested_array),
	ST_CASE(test_unwrap_merge),
	ST_CASE(test_unwrap_merge_single),
	ST_CASE(test_unwrap_merge_signaled),
	ST_CASE(test_unwrap_merge_seqno),
	ST_CASE(test_unwrap_merge_duplicates),
	ST_CASE(test_unwrap_merge_complex),
	ST_CASE(test_unwrap_merge_many),
};
DEFINE_ST_SUITE(dma_fence_unwrap, cases);
