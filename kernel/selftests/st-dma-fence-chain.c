// SPDX-License-Identifier: GPL-2.0-only
/*
 * Selftests for dma_fence_chain: seqno lookup, signaling and waiting in
 * every order, garbage collection while walking, release of very long
 * chains, context and seqno rules, callbacks and deadlines.
 */

#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/dma-fence.h>
#include <linux/dma-fence-chain.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "selftest.h"
#include "st-mock-fence.h"

/**
 * DOC: dma-fence-chain selftests
 *
 * Most cases build a chain with fence_chains_init(): one mock fence per
 * link, link i wrapping fence i on top of link i - 1, with seqnos from a
 * generator function. fence_chains_fini() signals every fence and drops
 * everything. Cases that arm every link keep chains short, because each
 * armed link re-arms its callback once per earlier fence in the worst
 * case; the wait cases arm only the tail and use long chains.
 */

#define CHAIN_SHORT		64
#define CHAIN_LONG		4096
#define CHAIN_HUGE		100000
#define CHAIN_WAIT_TIMEOUT	msecs_to_jiffies(5000)

struct fence_chains {
	unsigned int chain_length;
	struct dma_fence **fences;
	struct dma_fence **chains;
	struct dma_fence *tail;
};

static u64 seqno_inc(unsigned int i)
{
	return i + 1;
}

static u64 seqno_inc2(unsigned int i)
{
	return 2 * i + 2;
}

static void fence_chains_put(struct fence_chains *fc, unsigned int count)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		if (fc->fences[i])
			dma_fence_signal(fc->fences[i]);
		dma_fence_put(fc->fences[i]);
	}
	for (i = 0; i < count; i++)
		dma_fence_put(fc->chains[i]);
	kvfree(fc->fences);
	kvfree(fc->chains);
}

static int fence_chains_init(struct fence_chains *fc, unsigned int count,
			     u64 (*seqno_fn)(unsigned int), bool arm)
{
	unsigned int i;

	fc->chain_length = 0;
	fc->tail = NULL;
	fc->chains = kvmalloc_array(count, sizeof(*fc->chains),
				    GFP_KERNEL | __GFP_ZERO);
	fc->fences = kvmalloc_array(count, sizeof(*fc->fences),
				    GFP_KERNEL | __GFP_ZERO);
	if (!fc->chains || !fc->fences)
		goto err;

	for (i = 0; i < count; i++) {
		fc->fences[i] = mock_fence();
		if (!fc->fences[i])
			goto err;

		fc->chains[i] = mock_chain(fc->tail, fc->fences[i],
					   seqno_fn(i));
		if (!fc->chains[i])
			goto err;

		fc->tail = fc->chains[i];
		if (arm)
			dma_fence_enable_sw_signaling(fc->chains[i]);
	}

	fc->chain_length = count;
	return 0;

err:
	if (fc->chains && fc->fences) {
		fence_chains_put(fc, count);
	} else {
		kvfree(fc->fences);
		kvfree(fc->chains);
	}
	return -ENOMEM;
}

static void fence_chains_fini(struct fence_chains *fc)
{
	fence_chains_put(fc, fc->chain_length);
}

static int test_chain_sanity(void *arg __always_unused)
{
	struct dma_fence *f, *chain;
	int err = 0;

	f = mock_fence();
	if (!f)
		return -ENOMEM;

	chain = mock_chain(NULL, f, 1);
	if (chain)
		dma_fence_enable_sw_signaling(chain);
	else
		err = -ENOMEM;

	dma_fence_signal(f);
	if (chain && (dma_fence_wait_timeout(chain, false,
					     CHAIN_WAIT_TIMEOUT) <= 0)) {
		pr_err("single link did not signal\n");
		err = -ETIMEDOUT;
	}

	dma_fence_put(f);
	dma_fence_put(chain);
	return err;
}

/* Look up @seqno from @start; checks the result against @expect. */
static int check_find(struct dma_fence *start, u64 seqno,
		      struct dma_fence *expect, int expect_err)
{
	struct dma_fence *fence = dma_fence_get(start);
	int err;

	err = dma_fence_chain_find_seqno(&fence, seqno);
	dma_fence_put(fence);
	if (err != expect_err) {
		pr_err("find_seqno(%llu from %llu) returned %d, expected %d\n",
		       (unsigned long long)seqno,
		       (unsigned long long)start->seqno, err, expect_err);
		return -EINVAL;
	}
	if (!err && fence != expect) {
		pr_err("find_seqno(%llu from %llu) found seqno %lld\n",
		       (unsigned long long)seqno,
		       (unsigned long long)start->seqno,
		       fence ? (long long)fence->seqno : -1LL);
		return -EINVAL;
	}
	return 0;
}

static int test_chain_find_seqno(void *arg __always_unused)
{
	struct fence_chains fc;
	unsigned int i;
	int err;

	err = fence_chains_init(&fc, CHAIN_SHORT, seqno_inc, true);
	if (err)
		return err;

	err = check_find(fc.tail, 0, fc.tail, 0);
	for (i = 0; !err && i < fc.chain_length; i++) {
		err = check_find(fc.tail, i + 1, fc.chains[i], 0);
		if (!err)
			err = check_find(fc.chains[i], i + 1, fc.chains[i], 0);
		if (!err)
			err = check_find(fc.chains[i], i + 2, NULL, -EINVAL);
		if (!err && i)
			err = check_find(fc.chains[i], i, fc.chains[i - 1], 0);
	}
	if (!err)
		err = check_find(fc.fences[0], 1, NULL, -EINVAL);

	fence_chains_fini(&fc);
	return err;
}

static int test_chain_find_signaled(void *arg __always_unused)
{
	struct fence_chains fc;
	int err;

	err = fence_chains_init(&fc, 2, seqno_inc, true);
	if (err)
		return err;

	/* Everything up to 1 has signaled: nothing left to wait for. */
	dma_fence_signal(fc.fences[0]);
	err = check_find(fc.tail, 1, NULL, 0);

	fence_chains_fini(&fc);
	return err;
}

static int test_chain_find_out_of_order(void *arg __always_unused)
{
	struct fence_chains fc;
	int err;

	err = fence_chains_init(&fc, 3, seqno_inc, true);
	if (err)
		return err;

	/*
	 * Point 2 has signaled but point 1 has not, and a chain only
	 * completes in order: reaching 2 means waiting for link 1.
	 */
	dma_fence_signal(fc.fences[1]);
	err = check_find(fc.tail, 2, fc.chains[0], 0);

	fence_chains_fini(&fc);
	return err;
}

static int test_chain_find_gap(void *arg __always_unused)
{
	struct fence_chains fc;
	unsigned int i;
	int err;

	err = fence_chains_init(&fc, CHAIN_SHORT, seqno_inc2, true);
	if (err)
		return err;

	/* Link i covers the odd point below its own even seqno. */
	for (i = 0; !err && i < fc.chain_length; i++) {
		err = check_find(fc.tail, 2 * i + 1, fc.chains[i], 0);
		if (!err)
			err = check_find(fc.chains[i], 2 * i + 2,
					 fc.chains[i], 0);
	}

	fence_chains_fini(&fc);
	return err;
}

struct find_race {
	struct fence_chains fc;
	struct completion started;
	atomic_t lookups;
	atomic_t failed;
};

static u32 xorshift(u32 *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

static int find_race_thread(void *arg)
{
	struct find_race *data = arg;
	unsigned int len = data->fc.chain_length;
	u32 rnd = (u32)(unsigned long)current | 1;
	struct dma_fence *fence;
	u64 seqno;
	int err = 0;

	complete(&data->started);
	while (!err && !kthread_should_stop()) {
		fence = dma_fence_get(data->fc.tail);
		seqno = xorshift(&rnd) % len + 1;
		err = dma_fence_chain_find_seqno(&fence, seqno);
		if (err) {
			pr_err("find_seqno(%llu) failed: %d\n",
			       (unsigned long long)seqno, err);
		} else if (fence && fence->seqno > seqno) {
			/* Only the link covering @seqno finds itself. */
		} else if (fence) {
			err = dma_fence_chain_find_seqno(&fence, fence->seqno);
			if (err)
				pr_err("find-self failed for %llu\n",
				       (unsigned long long)seqno);
		}
		dma_fence_put(fence);
		atomic_inc(&data->lookups);

		dma_fence_signal(data->fc.fences[xorshift(&rnd) % (len - 1)]);
		cond_resched();
	}

	if (err)
		atomic_set(&data->failed, 1);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);

	return err;
}

static int test_chain_find_race(void *arg __always_unused)
{
	struct task_struct *tsk[2];
	struct find_race *data;
	unsigned int i, started;
	unsigned long end;
	int err, ret;

	data = kzalloc(sizeof(*data), GFP_KERNEL);
	if (!data)
		return -ENOMEM;
	atomic_set(&data->lookups, 0);
	atomic_set(&data->failed, 0);
	init_completion(&data->started);

	err = fence_chains_init(&data->fc, 1024, seqno_inc, true);
	if (err)
		goto out_free;

	for (started = 0; started < ARRAY_SIZE(tsk); started++) {
		tsk[started] = kthread_run(find_race_thread, data,
					   "st-chain-race/%d", started);
		if (IS_ERR(tsk[started])) {
			err = PTR_ERR(tsk[started]);
			break;
		}
	}
	for (i = 0; i < started; i++)
		wait_for_completion(&data->started);
	end = jiffies + msecs_to_jiffies(100);
	while (!err && !atomic_read(&data->failed) && time_before(jiffies, end))
		usleep_range(5000, 6000);
	for (i = 0; i < started; i++) {
		ret = kthread_stop(tsk[i]);
		if (ret && !err)
			err = ret;
	}
	if (!err && !atomic_read(&data->lookups)) {
		pr_err("find race made no progress\n");
		err = -EINVAL;
	}

	fence_chains_fini(&data->fc);
out_free:
	kfree(data);
	return err;
}

/* Link i must be signaled exactly when fences 0..i all are. */
static int check_links(struct fence_chains *fc, const bool *signaled)
{
	bool prefix = true;
	unsigned int i;

	for (i = 0; i < fc->chain_length; i++) {
		prefix = prefix && signaled[i];
		if (dma_fence_is_signaled(fc->chains[i]) != prefix) {
			pr_err("link %u is %ssignaled\n", i,
			       prefix ? "un" : "");
			return -EINVAL;
		}
	}
	return 0;
}

static void shuffle(unsigned int *order, unsigned int count, u32 seed)
{
	unsigned int i, j, tmp;

	for (i = 0; i < count; i++)
		order[i] = i;

	/* Fisher-Yates */
	for (i = count - 1; i > 0; i--) {
		j = xorshift(&seed) % (i + 1);
		tmp = order[i];
		order[i] = order[j];
		order[j] = tmp;
	}
}

enum signal_order { FORWARD, BACKWARD, RANDOM };

static int fill_order(unsigned int **order, unsigned int count,
		      enum signal_order how)
{
	unsigned int i;

	*order = kvmalloc_array(count, sizeof(**order), GFP_KERNEL);
	if (!*order)
		return -ENOMEM;

	if (how == RANDOM) {
		shuffle(*order, count, 0x2545f491u);
		return 0;
	}
	for (i = 0; i < count; i++)
		(*order)[i] = how == FORWARD ? i : count - 1 - i;
	return 0;
}

static int signal_in_order(enum signal_order how)
{
	struct fence_chains fc;
	unsigned int *order;
	bool *signaled;
	unsigned int i;
	int err;

	err = fence_chains_init(&fc, CHAIN_SHORT, seqno_inc, true);
	if (err)
		return err;
	signaled = kcalloc(CHAIN_SHORT, sizeof(*signaled), GFP_KERNEL);
	if (!signaled) {
		err = -ENOMEM;
		goto out_chains;
	}
	err = fill_order(&order, CHAIN_SHORT, how);
	if (err)
		goto out_signaled;

	for (i = 0; !err && i < CHAIN_SHORT; i++) {
		dma_fence_signal(fc.fences[order[i]]);
		signaled[order[i]] = true;
		err = check_links(&fc, signaled);
	}

	kvfree(order);
out_signaled:
	kfree(signaled);
out_chains:
	fence_chains_fini(&fc);
	return err;
}

static int test_chain_signal_forward(void *arg __always_unused)
{
	return signal_in_order(FORWARD);
}

static int test_chain_signal_backward(void *arg __always_unused)
{
	return signal_in_order(BACKWARD);
}

static int test_chain_signal_random(void *arg __always_unused)
{
	return signal_in_order(RANDOM);
}

struct wait_tail {
	struct dma_fence *tail;
	struct completion started;
};

static int wait_tail_thread(void *arg)
{
	struct wait_tail *wt = arg;
	long ret;

	complete(&wt->started);
	ret = dma_fence_wait_timeout(wt->tail, false, CHAIN_WAIT_TIMEOUT);

	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);

	if (ret <= 0) {
		pr_err("waiting for the tail returned %ld\n", ret);
		return ret < 0 ? (int)ret : -ETIMEDOUT;
	}
	return 0;
}

static int wait_in_order(enum signal_order how)
{
	struct fence_chains fc;
	struct task_struct *tsk;
	struct wait_tail wt;
	unsigned int *order;
	unsigned int i;
	int err;

	err = fence_chains_init(&fc, CHAIN_LONG, seqno_inc, false);
	if (err)
		return err;
	err = fill_order(&order, CHAIN_LONG, how);
	if (err)
		goto out_chains;

	wt.tail = fc.tail;
	init_completion(&wt.started);
	tsk = kthread_run(wait_tail_thread, &wt, "st-chain-wait");
	if (IS_ERR(tsk)) {
		err = PTR_ERR(tsk);
		goto out_order;
	}
	wait_for_completion(&wt.started);
	usleep_range(1000, 2000);

	for (i = 0; i < CHAIN_LONG; i++)
		dma_fence_signal(fc.fences[order[i]]);

	err = kthread_stop(tsk);

out_order:
	kvfree(order);
out_chains:
	fence_chains_fini(&fc);
	return err;
}

static int test_chain_wait_forward(void *arg __always_unused)
{
	return wait_in_order(FORWARD);
}

static int test_chain_wait_backward(void *arg __always_unused)
{
	return wait_in_order(BACKWARD);
}

static int test_chain_wait_random(void *arg __always_unused)
{
	return wait_in_order(RANDOM);
}

/* Count the links a full walk from @head visits, checking their order. */
static int walk_count(struct dma_fence *head)
{
	struct dma_fence *iter;
	u64 last = U64_MAX;
	int visited = 0;

	dma_fence_chain_for_each(iter, head) {
		if (iter->seqno >= last) {
			dma_fence_put(iter);
			return -EINVAL;
		}
		last = iter->seqno;
		visited++;
	}
	return visited;
}

static int test_chain_walk_gc(void *arg __always_unused)
{
	struct dma_fence_chain *link;
	struct fence_chains fc;
	int err = -EINVAL;
	int i, visited;

	err = fence_chains_init(&fc, 8, seqno_inc, false);
	if (err)
		return err;
	err = -EINVAL;

	for (i = 0; i < 4; i++)
		dma_fence_signal(fc.fences[i]);
	dma_fence_signal(fc.fences[5]);

	/* Links 7, 6 and 4 are pending; 5 and 0..3 get unlinked. */
	visited = walk_count(fc.tail);
	if (visited != 3) {
		pr_err("walk visited %d links, expected 3\n", visited);
		goto out;
	}

	link = to_dma_fence_chain(fc.chains[6]);
	if (rcu_access_pointer(link->prev) != fc.chains[4]) {
		pr_err("signaled link 5 not collected\n");
		goto out;
	}
	link = to_dma_fence_chain(fc.chains[4]);
	if (rcu_access_pointer(link->prev)) {
		pr_err("signaled links 0..3 not collected\n");
		goto out;
	}
	/* The links skipped last are referenced by nothing but us. */
	if (kref_read(&fc.chains[3]->refcount) != 1 ||
	    kref_read(&fc.chains[5]->refcount) != 1) {
		pr_err("collected links still referenced\n");
		goto out;
	}
	if (link->prev_seqno != 4) {
		pr_err("collection changed prev_seqno\n");
		goto out;
	}

	err = 0;
out:
	fence_chains_fini(&fc);
	return err;
}

/* Build @count links all wrapping @fence; returns the tail or NULL. */
static struct dma_fence *build_long_chain(struct dma_fence *fence,
					  unsigned int count)
{
	struct dma_fence_chain *link;
	struct dma_fence *tail = NULL;
	unsigned int i;

	for (i = 0; i < count; i++) {
		link = dma_fence_chain_alloc();
		if (!link) {
			dma_fence_put(tail);
			return NULL;
		}
		dma_fence_chain_init(link, tail, dma_fence_get(fence), i + 1);
		tail = &link->base;
	}
	return tail;
}

/* A chain of 100k links must be released and walked without recursion. */
static int test_chain_long_release(void *arg __always_unused)
{
	struct dma_fence *fence, *tail;
	int err = 0;

	fence = mock_fence();
	if (!fence)
		return -ENOMEM;
	dma_fence_signal(fence);

	tail = build_long_chain(fence, CHAIN_HUGE);
	if (!tail) {
		err = -ENOMEM;
		goto out;
	}
	if (tail->seqno != CHAIN_HUGE ||
	    to_dma_fence_chain(tail)->prev_seqno != CHAIN_HUGE - 1) {
		pr_err("long chain has the wrong seqnos\n");
		err = -EINVAL;
	}
	dma_fence_put(tail);

	/* Again, but collect the whole chain by walking it first. */
	tail = build_long_chain(fence, CHAIN_HUGE);
	if (!tail) {
		err = -ENOMEM;
		goto out;
	}
	if (!dma_fence_is_signaled(tail)) {
		pr_err("chain of signaled fences not signaled\n");
		err = -EINVAL;
	}
	if (rcu_access_pointer(to_dma_fence_chain(tail)->prev)) {
		pr_err("walk did not collect the signaled chain\n");
		err = -EINVAL;
	}
	dma_fence_put(tail);

out:
	dma_fence_put(fence);
	return err;
}

static int check_link(struct dma_fence *f, u64 context, u64 seqno,
		      u64 prev_seqno, const char *what)
{
	struct dma_fence_chain *link = to_dma_fence_chain(f);

	if (!link || f->context != context || f->seqno != seqno ||
	    link->prev_seqno != prev_seqno) {
		pr_err("%s: context %llu seqno %llu prev %llu, expected %llu %llu %llu\n",
		       what, (unsigned long long)f->context,
		       (unsigned long long)f->seqno,
		       link ? (unsigned long long)link->prev_seqno : 0ull,
		       (unsigned long long)context,
		       (unsigned long long)seqno,
		       (unsigned long long)prev_seqno);
		return -EINVAL;
	}
	return 0;
}

#define CONTEXT_LINKS 7

static int test_chain_context_rules(void *arg __always_unused)
{
	struct dma_fence *f, *l[CONTEXT_LINKS] = {};
	int err = -ENOMEM;
	u64 ctx;
	int i;

	f = mock_fence();
	if (!f)
		return -ENOMEM;

	l[0] = mock_chain(NULL, f, 5);		/* new chain */
	l[1] = mock_chain(l[0], f, 7);		/* later: same context */
	l[2] = mock_chain(l[1], f, 6);		/* earlier: new context */
	l[3] = mock_chain(l[1], f, 7);		/* same seqno: new context */
	l[4] = mock_chain(f, f, 3);		/* plain prev: new context */
	l[5] = mock_chain(l[1], f, 0x180000000ull);
	l[6] = mock_chain(l[5], f, 0x200000000ull); /* 64-bit compare */
	for (i = 0; i < CONTEXT_LINKS; i++)
		if (!l[i])
			goto out;

	err = -EINVAL;
	ctx = l[0]->context;
	if (ctx == f->context ||
	    check_link(l[0], ctx, 5, 0, "first link") ||
	    check_link(l[1], ctx, 7, 5, "later link") ||
	    check_link(l[5], ctx, 0x180000000ull, 7, "large seqno") ||
	    check_link(l[6], ctx, 0x200000000ull, 0x180000000ull, "64-bit"))
		goto out;
	if (l[2]->context == ctx || l[3]->context == ctx ||
	    l[4]->context == ctx || l[2]->context == l[3]->context) {
		pr_err("link not later than its predecessor kept the context\n");
		goto out;
	}
	if (check_link(l[2], l[2]->context, 7, 0, "earlier link") ||
	    check_link(l[3], l[3]->context, 7, 0, "equal link") ||
	    check_link(l[4], l[4]->context, 3, 0, "plain prev"))
		goto out;
	if (dma_fence_chain_contained(l[0]) != f ||
	    dma_fence_chain_contained(f) != f ||
	    to_dma_fence_chain(f) || to_dma_fence_chain(NULL)) {
		pr_err("contained/to_dma_fence_chain wrong\n");
		goto out;
	}

	err = 0;
out:
	for (i = CONTEXT_LINKS - 1; i >= 0; i--)
		dma_fence_put(l[i]);
	dma_fence_signal(f);
	dma_fence_put(f);
	return err;
}

/* A callback on the tail fires once, after the last fence signals. */
static int test_chain_callback(void *arg __always_unused)
{
	struct fence_chains fc;
	struct count_cb cb;
	int err = -EINVAL;
	int i;

	count_cb_init(&cb);
	err = fence_chains_init(&fc, 8, seqno_inc, false);
	if (err)
		return err;
	err = -EINVAL;

	if (dma_fence_add_callback(fc.tail, &cb.cb, count_cb_func)) {
		pr_err("add_callback failed on a pending chain\n");
		goto out;
	}
	for (i = 7; i > 0; i--)
		dma_fence_signal(fc.fences[i]);
	usleep_range(1000, 2000);
	if (atomic_read(&cb.count) || dma_fence_is_signaled(fc.tail)) {
		pr_err("chain signaled with its first fence pending\n");
		goto out;
	}
	dma_fence_signal(fc.fences[0]);
	if (dma_fence_wait_timeout(fc.tail, false, CHAIN_WAIT_TIMEOUT) <= 0) {
		pr_err("chain did not signal\n");
		goto out;
	}
	spin_lock_irq(fc.tail->lock);
	spin_unlock_irq(fc.tail->lock);
	if (atomic_read(&cb.count) != 1) {
		pr_err("chain callback ran %d times\n", atomic_read(&cb.count));
		goto out;
	}

	err = 0;
out:
	dma_fence_remove_callback(fc.tail, &cb.cb);
	fence_chains_fini(&fc);
	return err;
}

static int test_chain_deadline(void *arg __always_unused)
{
	struct fence_chains fc;
	struct mock_fence *mock;
	int err, i;

	err = fence_chains_init(&fc, 3, seqno_inc, false);
	if (err)
		return err;

	dma_fence_set_deadline(fc.tail, ktime_get());
	for (i = 0; i < 3; i++) {
		mock = container_of(fc.fences[i], struct mock_fence, base);
		if (mock->deadlines != 1) {
			pr_err("fence %d saw %u deadlines, expected 1\n",
			       i, mock->deadlines);
			err = -EINVAL;
		}
	}

	dma_fence_signal(fc.fences[0]);
	dma_fence_set_deadline(fc.tail, ktime_get());
	mock = container_of(fc.fences[0], struct mock_fence, base);
	if (!err && mock->deadlines != 1) {
		pr_err("deadline passed to a signaled fence\n");
		err = -EINVAL;
	}

	fence_chains_fini(&fc);
	return err;
}

static const struct st_case cases[] = {
	ST_CASE(test_chain_sanity),
	ST_CASE(test_chain_find_seqno),
	ST_CASE(test_chain_find_signaled),
	ST_CASE(test_chain_find_out_of_order),
	ST_CASE(test_chain_find_gap),
	ST_CASE(test_chain_find_race),
	ST_CASE(test_chain_signal_forward),
	ST_CASE(test_chain_signal_backward),
	ST_CASE(test_chain_signal_random),
	ST_CASE(test_chain_wait_forward),
	ST_CASE(test_chain_wait_backward),
	ST_CASE(test_chain_wait_random),
	ST_CASE(test_chain_walk_gc),
	ST_CASE(test_chain_long_release),
	ST_CASE(test_chain_context_rules),
	ST_CASE(test_chain_callback),
	ST_CASE(test_chain_deadline),
};
DEFINE_ST_SUITE(dma_fence_chain, cases);
