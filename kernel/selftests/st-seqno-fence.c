// SPDX-License-Identifier: GPL-2.0-only
/*
 * Selftests for seqno hardware fences, and for the dma-buf core they sit on:
 * the conditions and their wraparound, argument checking, the buffer
 * reference, the release paths, export checks, vmap counting and llseek.
 */

#include <linux/completion.h>
#include <linux/dma-buf.h>
#include <linux/dma-fence.h>
#include <linux/dma-resv.h>
#include <linux/fs.h>
#include <linux/iosys-map.h>
#include <linux/jiffies.h>
#include <linux/seqno-fence.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "selftest.h"

/**
 * DOC: seqno_fence selftests
 *
 * A small exporter below makes dma-bufs backed by kzalloc'ed memory, counts
 * its vmap/vunmap calls and completes a completion when the core releases the
 * buffer, so cases can watch the references seqno fences take and drop. The
 * "hardware" writes the value with iosys_map_wr() on the test's own mapping.
 */

#define BUF_SIZE	64
#define RELEASE_TIMEOUT	msecs_to_jiffies(5000)

/* The test exporter's private data for one buffer. */
struct test_buf {
	struct dma_buf *dmabuf;
	void *vaddr;
	struct completion released;
	atomic_t vmaps;
	atomic_t vunmaps;
	atomic_t cpu_begins;
	atomic_t cpu_ends;
};

static struct sg_table *test_map(struct dma_buf_attachment *attach __always_unused,
				 enum dma_data_direction dir __always_unused)
{
	return ERR_PTR(-EOPNOTSUPP);
}

static void test_unmap(struct dma_buf_attachment *attach __always_unused,
		       struct sg_table *sgt __always_unused,
		       enum dma_data_direction dir __always_unused)
{
}

static int test_pin(struct dma_buf_attachment *attach __always_unused)
{
	return 0;
}

static void test_release(struct dma_buf *dmabuf)
{
	struct test_buf *tb = dmabuf->priv;

	complete(&tb->released);
}

static int test_vmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	struct test_buf *tb = dmabuf->priv;

	atomic_inc(&tb->vmaps);
	iosys_map_set_vaddr(map, tb->vaddr);
	return 0;
}

static void test_vunmap(struct dma_buf *dmabuf,
			struct iosys_map *map __always_unused)
{
	struct test_buf *tb = dmabuf->priv;

	atomic_inc(&tb->vunmaps);
}

static int test_begin_cpu(struct dma_buf *dmabuf,
			  enum dma_data_direction dir __always_unused)
{
	struct test_buf *tb = dmabuf->priv;

	atomic_inc(&tb->cpu_begins);
	return 0;
}

static int test_end_cpu(struct dma_buf *dmabuf,
			enum dma_data_direction dir __always_unused)
{
	struct test_buf *tb = dmabuf->priv;

	atomic_inc(&tb->cpu_ends);
	return 0;
}

static const struct dma_buf_ops test_buf_ops = {
	.map_dma_buf = test_map,
	.unmap_dma_buf = test_unmap,
	.release = test_release,
	.vmap = test_vmap,
	.vunmap = test_vunmap,
	.begin_cpu_access = test_begin_cpu,
	.end_cpu_access = test_end_cpu,
};

/* An exporter whose buffers cannot be mapped by the CPU. */
static const struct dma_buf_ops test_buf_novmap_ops = {
	.map_dma_buf = test_map,
	.unmap_dma_buf = test_unmap,
	.release = test_release,
};

static void test_buf_free(struct test_buf *tb)
{
	kfree(tb->vaddr);
	kfree(tb);
}

static struct test_buf *test_buf_create_ops(size_t size,
					    const struct dma_buf_ops *ops,
					    struct dma_resv *resv, int *err)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct test_buf *tb;

	*err = -ENOMEM;
	tb = kzalloc(sizeof(*tb), GFP_KERNEL);
	if (!tb)
		return NULL;
	tb->vaddr = kzalloc(size, GFP_KERNEL);
	if (!tb->vaddr)
		goto err_free;
	init_completion(&tb->released);
	atomic_set(&tb->vmaps, 0);
	atomic_set(&tb->vunmaps, 0);
	atomic_set(&tb->cpu_begins, 0);
	atomic_set(&tb->cpu_ends, 0);

	exp_info.ops = ops;
	exp_info.size = size;
	exp_info.flags = O_RDWR;
	exp_info.resv = resv;
	exp_info.priv = tb;
	tb->dmabuf = dma_buf_export(&exp_info);
	if (IS_ERR(tb->dmabuf)) {
		*err = PTR_ERR(tb->dmabuf);
		goto err_free;
	}
	*err = 0;
	return tb;

err_free:
	test_buf_free(tb);
	return NULL;
}

static struct test_buf *test_buf_create(size_t size, int *err)
{
	return test_buf_create_ops(size, &test_buf_ops, NULL, err);
}

/* Wait until the core released the buffer; then the memory can go. */
static int test_buf_wait_release(struct test_buf *tb)
{
	if (!wait_for_completion_timeout(&tb->released, RELEASE_TIMEOUT)) {
		pr_err("buffer was never released\n");
		return -ETIMEDOUT;
	}
	test_buf_free(tb);
	return 0;
}

/* Drop the test's reference, wait for the release, free. */
static int test_buf_destroy(struct test_buf *tb)
{
	dma_buf_put(tb->dmabuf);
	return test_buf_wait_release(tb);
}

static void test_buf_set(struct test_buf *tb, u32 ofs, u32 value)
{
	struct iosys_map map = IOSYS_MAP_INIT_VADDR(tb->vaddr);

	iosys_map_wr(&map, ofs, u32, value);
}

/* The creator's side of a seqno fence. */
struct test_fence {
	struct seqno_fence base;
	spinlock_t lock;	/* the fence's lock */
	struct completion *released;
	bool hw_done;
};

static const char *test_fence_name(struct dma_fence *f __always_unused)
{
	return "st-seqno-fence";
}

static bool test_fence_enable_signaling(struct dma_fence *f __always_unused)
{
	return true;
}

static bool test_fence_signaled(struct dma_fence *f)
{
	return container_of(f, struct test_fence, base.base)->hw_done;
}

static void test_fence_release(struct dma_fence *f)
{
	struct test_fence *tf = container_of(f, struct test_fence, base.base);

	if (tf->released)
		complete(tf->released);
	dma_fence_free(f);
}

/* Default check through the buffer, creator's release. */
static const struct dma_fence_ops creator_ops = {
	.get_driver_name = test_fence_name,
	.get_timeline_name = test_fence_name,
	.enable_signaling = test_fence_enable_signaling,
	.wait = dma_fence_default_wait,
	.release = test_fence_release,
};

/* The creator's own signaled callback; freed by the seqno fence code. */
static const struct dma_fence_ops creator_signaled_ops = {
	.get_driver_name = test_fence_name,
	.get_timeline_name = test_fence_name,
	.enable_signaling = test_fence_enable_signaling,
	.signaled = test_fence_signaled,
	.wait = dma_fence_default_wait,
};

static struct test_fence *test_fence_alloc(void)
{
	struct test_fence *tf;

	tf = kzalloc(sizeof(*tf), GFP_KERNEL);
	if (tf)
		spin_lock_init(&tf->lock);
	return tf;
}

/* Make a seqno fence on @tb; on failure nothing is left behind. */
static struct test_fence *test_fence_create(struct test_buf *tb, u32 ofs,
					    u32 seqno,
					    enum seqno_fence_condition cond,
					    const struct dma_fence_ops *ops,
					    int *err)
{
	struct test_fence *tf = test_fence_alloc();

	*err = -ENOMEM;
	if (!tf)
		return NULL;
	*err = seqno_fence_init(&tf->base, &tf->lock, tb->dmabuf,
				dma_fence_context_alloc(1), ofs, seqno, cond,
				ops);
	if (*err) {
		kfree(tf);
		return NULL;
	}
	return tf;
}

/* Signal (so nobody waits on a freed fence) and drop the creator's ref. */
static void test_fence_put(struct test_fence *tf)
{
	dma_fence_signal(&tf->base.base);
	dma_fence_put(&tf->base.base);
}

/*
 * The same, but from atomic context, where fences may be freed too: the
 * release path must not sleep there.
 */
static void test_fence_put_atomic(struct test_fence *tf)
{
	spinlock_t atomic_ctx;	/* only makes the context atomic */

	spin_lock_init(&atomic_ctx);
	dma_fence_signal(&tf->base.base);
	spin_lock(&atomic_ctx);
	dma_fence_put(&tf->base.base);
	spin_unlock(&atomic_ctx);
}

struct value_case {
	u32 value;
	bool passed;
};

/*
 * Check seqno_fence_check() against @cases for one fence, then that
 * dma_fence_is_signaled() follows the buffer: false, then true once the last
 * passing value is written.
 */
static int check_values(u32 seqno, enum seqno_fence_condition cond,
			const struct value_case *cases, unsigned int count)
{
	struct test_fence *tf;
	struct test_buf *tb;
	unsigned int i;
	int ret;

	tb = test_buf_create(BUF_SIZE, &ret);
	if (!tb)
		return ret;
	tf = test_fence_create(tb, 8, seqno, cond, &creator_ops, &ret);
	if (!tf)
		goto out_buf;

	for (i = 0; i < count; i++) {
		test_buf_set(tb, 8, cases[i].value);
		if (seqno_fence_check(&tf->base) != cases[i].passed ||
		    seqno_fence_value_passed(cases[i].value, seqno, cond) !=
		    cases[i].passed) {
			pr_err("seqno %#x cond %d: value %#x judged wrongly\n",
			       seqno, cond, cases[i].value);
			ret = -EINVAL;
			goto out_fence;
		}
	}

	for (i = 0; i < count && cases[i].passed; i++)
		;
	if (i < count) {
		test_buf_set(tb, 8, cases[i].value);
		if (dma_fence_is_signaled(&tf->base.base)) {
			pr_err("seqno %#x: signaled on value %#x\n",
			       seqno, cases[i].value);
			ret = -EINVAL;
			goto out_fence;
		}
	}
	for (i = count; i-- && !cases[i].passed;)
		;
	if (i < count) {
		test_buf_set(tb, 8, cases[i].value);
		if (!dma_fence_is_signaled(&tf->base.base)) {
			pr_err("seqno %#x: not signaled on value %#x\n",
			       seqno, cases[i].value);
			ret = -EINVAL;
		}
	}
out_fence:
	test_fence_put(tf);
out_buf:
	/* The fence's buffer reference goes away from a work item. */
	return test_buf_destroy(tb) ?: ret;
}

static int test_gequal(void *arg __always_unused)
{
	static const struct value_case cases[] = {
		{ 0, false }, { 99, false }, { 100, true }, { 101, true },
		{ 100U + 0x7fffffffU, true }, { 100U + 0x80000000U, false },
	};

	return check_values(100, SEQNO_FENCE_WAIT_GEQUAL, cases,
			    ARRAY_SIZE(cases));
}

static int test_nonzero(void *arg __always_unused)
{
	static const struct value_case cases[] = {
		{ 0, false }, { 1, true }, { 100, true }, { 0xffffffff, true },
		{ 0x80000000, true },
	};

	/* The sequence number plays no part. */
	return check_values(100, SEQNO_FENCE_WAIT_NONZERO, cases,
			    ARRAY_SIZE(cases)) ?:
	       check_values(0, SEQNO_FENCE_WAIT_NONZERO, cases,
			    ARRAY_SIZE(cases));
}

static int test_wraparound(void *arg __always_unused)
{
	static const struct value_case at_7fffffff[] = {
		{ 0x7ffffffe, false }, { 0x7fffffff, true },
		{ 0x80000000, true }, { 0xfffffffe, true },
		{ 0xffffffff, false }, { 0, false },
	};
	static const struct value_case at_80000000[] = {
		{ 0x7fffffff, false }, { 0x80000000, true },
		{ 0x80000001, true }, { 0xffffffff, true }, { 0, false },
	};
	static const struct value_case at_ffffffff[] = {
		{ 0xfffffffe, false }, { 0x80000000, false },
		{ 0xffffffff, true }, { 0, true }, { 1, true },
		{ 0x7ffffffe, true }, { 0x7fffffff, false },
	};
	static const struct value_case at_0[] = {
		{ 0xffffffff, false }, { 0x80000001, false }, { 0, true },
		{ 1, true }, { 0x7fffffff, true }, { 0x80000000, false },
	};

	return check_values(0x7fffffff, SEQNO_FENCE_WAIT_GEQUAL, at_7fffffff,
			    ARRAY_SIZE(at_7fffffff)) ?:
	       check_values(0x80000000, SEQNO_FENCE_WAIT_GEQUAL, at_80000000,
			    ARRAY_SIZE(at_80000000)) ?:
	       check_values(0xffffffff, SEQNO_FENCE_WAIT_GEQUAL, at_ffffffff,
			    ARRAY_SIZE(at_ffffffff)) ?:
	       check_values(0, SEQNO_FENCE_WAIT_GEQUAL, at_0,
			    ARRAY_SIZE(at_0));
}

/* Expect seqno_fence_init() to fail with -EINVAL and hold nothing. */
static int expect_einval(struct test_buf *tb, struct dma_buf *buf,
			 struct test_fence *tf, spinlock_t *lock, u32 ofs,
			 enum seqno_fence_condition cond,
			 const struct dma_fence_ops *ops, const char *what)
{
	int ret;

	ret = seqno_fence_init(tf ? &tf->base : NULL, lock, buf, 1, ofs, 1,
			       cond, ops);
	if (ret != -EINVAL) {
		/* A fence that was initialised owns @tf now: leak it. */
		pr_err("%s: seqno_fence_init returned %d\n", what, ret);
		return -EINVAL;
	}
	if (file_count(tb->dmabuf->file) != 1 || atomic_read(&tb->vmaps)) {
		pr_err("%s: rejected init kept a reference or mapping\n", what);
		return -EINVAL;
	}
	return 0;
}

static int test_offset_checks(void *arg __always_unused)
{
	const enum seqno_fence_condition geq = SEQNO_FENCE_WAIT_GEQUAL;
	struct test_fence *tf;
	struct test_buf *tb, *tiny;
	int ret;

	tf = test_fence_alloc();
	if (!tf)
		return -ENOMEM;
	tb = test_buf_create(16, &ret);
	if (!tb)
		goto out_fence;
	tiny = test_buf_create(2, &ret);
	if (!tiny)
		goto out_buf;

	ret = expect_einval(tb, tb->dmabuf, tf, &tf->lock, 16, geq,
			    &creator_ops, "offset at the end") ?:
	      expect_einval(tb, tb->dmabuf, tf, &tf->lock, 14, geq,
			    &creator_ops, "misaligned offset near the end") ?:
	      expect_einval(tb, tb->dmabuf, tf, &tf->lock, 2, geq,
			    &creator_ops, "misaligned offset") ?:
	      expect_einval(tb, tb->dmabuf, tf, &tf->lock, 0xfffffffc, geq,
			    &creator_ops, "offset wrapping around") ?:
	      expect_einval(tiny, tiny->dmabuf, tf, &tf->lock, 0, geq,
			    &creator_ops, "buffer smaller than the value");
	if (ret)
		goto out_tiny;

	/* The last word is fine. */
	ret = seqno_fence_init(&tf->base, &tf->lock, tb->dmabuf, 1, 12, 1,
			       geq, &creator_ops);
	if (ret) {
		pr_err("offset of the last word rejected: %d\n", ret);
	} else {
		test_fence_put(tf);
		tf = NULL;
	}
out_tiny:
	ret = test_buf_destroy(tiny) ?: ret;
out_buf:
	ret = test_buf_destroy(tb) ?: ret;
out_fence:
	kfree(tf);
	return ret;
}

static int test_bad_args(void *arg __always_unused)
{
	const enum seqno_fence_condition geq = SEQNO_FENCE_WAIT_GEQUAL;
	struct dma_fence_ops ops[4];
	struct test_fence *tf;
	struct test_buf *tb;
	int ret, i;

	tf = test_fence_alloc();
	if (!tf)
		return -ENOMEM;
	tb = test_buf_create(BUF_SIZE, &ret);
	if (!tb)
		goto out_fence;

	for (i = 0; i < 4; i++)
		ops[i] = creator_ops;
	ops[0].wait = NULL;
	ops[1].enable_signaling = NULL;
	ops[2].get_driver_name = NULL;
	ops[3].get_timeline_name = NULL;

	ret = expect_einval(tb, tb->dmabuf, NULL, &tf->lock, 0, geq,
			    &creator_ops, "no fence") ?:
	      expect_einval(tb, NULL, tf, &tf->lock, 0, geq, &creator_ops,
			    "no buffer") ?:
	      expect_einval(tb, tb->dmabuf, tf, NULL, 0, geq, &creator_ops,
			    "no lock") ?:
	      expect_einval(tb, tb->dmabuf, tf, &tf->lock, 0, geq, NULL,
			    "no ops") ?:
	      expect_einval(tb, tb->dmabuf, tf, &tf->lock, 0, geq, &ops[0],
			    "no wait") ?:
	      expect_einval(tb, tb->dmabuf, tf, &tf->lock, 0, geq, &ops[1],
			    "no enable_signaling") ?:
	      expect_einval(tb, tb->dmabuf, tf, &tf->lock, 0, geq, &ops[2],
			    "no get_driver_name") ?:
	      expect_einval(tb, tb->dmabuf, tf, &tf->lock, 0, geq, &ops[3],
			    "no get_timeline_name") ?:
	      expect_einval(tb, tb->dmabuf, tf, &tf->lock, 0, 7, &creator_ops,
			    "unknown condition");

	ret = test_buf_destroy(tb) ?: ret;
out_fence:
	kfree(tf);
	return ret;
}

static const char *plain_name(struct dma_fence *f __always_unused)
{
	return "plain";
}

static const struct dma_fence_ops plain_ops = {
	.get_driver_name = plain_name,
	.get_timeline_name = plain_name,
};

static int test_to_seqno_fence(void *arg __always_unused)
{
	struct dma_fence *plain;
	struct test_fence *tf;
	struct test_buf *tb;
	spinlock_t *lock;	/* allocated behind the plain fence */
	int ret;

	plain = kzalloc(sizeof(*plain) + sizeof(*lock), GFP_KERNEL);
	if (!plain)
		return -ENOMEM;
	lock = (spinlock_t *)(plain + 1);
	spin_lock_init(lock);
	dma_fence_init(plain, &plain_ops, lock, dma_fence_context_alloc(1), 1);

	tb = test_buf_create(BUF_SIZE, &ret);
	if (!tb)
		goto out_plain;
	tf = test_fence_create(tb, 0, 1, SEQNO_FENCE_WAIT_GEQUAL, &creator_ops,
			       &ret);
	if (!tf)
		goto out_buf;

	if (to_seqno_fence(plain)) {
		pr_err("a plain fence was taken for a seqno fence\n");
		ret = -EINVAL;
	} else if (to_seqno_fence(&tf->base.base) != &tf->base) {
		pr_err("a seqno fence was not recognised\n");
		ret = -EINVAL;
	}
	test_fence_put(tf);
out_buf:
	ret = test_buf_destroy(tb) ?: ret;
out_plain:
	dma_fence_signal(plain);
	dma_fence_put(plain);
	return ret;
}

/*
 * The fence holds the buffer and a mapping of it: after the test drops its
 * own reference the exporter's release must wait for the fence. Releasing
 * the fence unmaps and drops the buffer, then runs the creator's release.
 */
static int test_sync_buf_reference(void *arg __always_unused)
{
	DECLARE_COMPLETION_ONSTACK(fence_released);
	struct test_fence *tf;
	struct test_buf *tb;
	int ret;

	tb = test_buf_create(BUF_SIZE, &ret);
	if (!tb)
		return ret;
	tf = test_fence_create(tb, 4, 1, SEQNO_FENCE_WAIT_GEQUAL, &creator_ops,
			       &ret);
	if (!tf)
		return test_buf_destroy(tb) ?: ret;
	tf->released = &fence_released;

	if (file_count(tb->dmabuf->file) != 2 || atomic_read(&tb->vmaps) != 1) {
		pr_err("fence did not take a buffer reference and mapping\n");
		ret = -EINVAL;
	}
	dma_buf_put(tb->dmabuf);
	if (!ret && completion_done(&tb->released)) {
		pr_err("buffer released while the fence holds it\n");
		ret = -EINVAL;
	}

	test_fence_put_atomic(tf);
	if (!wait_for_completion_timeout(&fence_released, RELEASE_TIMEOUT)) {
		pr_err("creator release never ran\n");
		/* The fence may still point at the completion: leak it all. */
		return -ETIMEDOUT;
	}
	if (!ret && atomic_read(&tb->vunmaps) != 1) {
		pr_err("mapping taken for the fence was not released\n");
		ret = -EINVAL;
	}
	return test_buf_wait_release(tb) ?: ret;
}

/*
 * A creator with its own signaled callback is asked instead of the buffer,
 * no mapping is made, and without a release callback the fence is freed for
 * it, synchronously.
 */
static int test_creator_signaled(void *arg __always_unused)
{
	struct test_fence *tf;
	struct test_buf *tb;
	int ret;

	tb = test_buf_create(BUF_SIZE, &ret);
	if (!tb)
		return ret;
	tf = test_fence_create(tb, 0, 5, SEQNO_FENCE_WAIT_GEQUAL,
			       &creator_signaled_ops, &ret);
	if (!tf)
		goto out_buf;

	test_buf_set(tb, 0, 5);
	if (atomic_read(&tb->vmaps) || dma_fence_is_signaled(&tf->base.base)) {
		pr_err("buffer consulted despite the creator's signaled\n");
		ret = -EINVAL;
	}
	tf->hw_done = true;
	if (!ret && !dma_fence_is_signaled(&tf->base.base)) {
		pr_err("creator's signaled callback was not used\n");
		ret = -EINVAL;
	}
	test_fence_put_atomic(tf);
	if (!ret && file_count(tb->dmabuf->file) != 1) {
		pr_err("buffer reference not dropped at release\n");
		ret = -EINVAL;
	}
out_buf:
	return test_buf_destroy(tb) ?: ret;
}

/* Without vmap in the exporter the fence works, but only by signaling. */
static int test_no_vmap_exporter(void *arg __always_unused)
{
	DECLARE_COMPLETION_ONSTACK(fence_released);
	struct test_fence *tf;
	struct test_buf *tb;
	int ret;

	tb = test_buf_create_ops(BUF_SIZE, &test_buf_novmap_ops, NULL, &ret);
	if (!tb)
		return ret;
	tf = test_fence_create(tb, 0, 1, SEQNO_FENCE_WAIT_NONZERO,
			       &creator_ops, &ret);
	if (!tf)
		goto out_buf;
	tf->released = &fence_released;

	test_buf_set(tb, 0, 1);
	if (dma_fence_is_signaled(&tf->base.base)) {
		pr_err("signaled through a buffer it cannot map\n");
		ret = -EINVAL;
	}
	dma_fence_signal(&tf->base.base);
	if (!ret && !dma_fence_is_signaled(&tf->base.base)) {
		pr_err("dma_fence_signal did not complete the fence\n");
		ret = -EINVAL;
	}
	dma_fence_put(&tf->base.base);
	if (!completion_done(&fence_released)) {
		pr_err("release without a mapping was not immediate\n");
		return -EINVAL;
	}
out_buf:
	return test_buf_destroy(tb) ?: ret;
}

/* dma_buf_export() rejects incomplete ops and missing private data. */
static int test_dmabuf_export_checks(void *arg __always_unused)
{
	struct dma_buf_ops bad[4];
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct dma_buf *dmabuf;
	int i, ret = 0;

	for (i = 0; i < 4; i++)
		bad[i] = test_buf_ops;
	bad[0].map_dma_buf = NULL;
	bad[1].unmap_dma_buf = NULL;
	bad[2].release = NULL;
	bad[3].pin = test_pin;

	exp_info.size = BUF_SIZE;
	exp_info.priv = &exp_info;
	for (i = 0; i < 5 && !ret; i++) {
		exp_info.ops = i < 4 ? &bad[i] : NULL;
		dmabuf = dma_buf_export(&exp_info);
		if (PTR_ERR_OR_ZERO(dmabuf) != -EINVAL) {
			pr_err("bad ops %d: export gave %d\n", i,
			       PTR_ERR_OR_ZERO(dmabuf));
			ret = -EINVAL;
		}
	}
	exp_info.ops = &test_buf_ops;
	exp_info.priv = NULL;
	dmabuf = dma_buf_export(&exp_info);
	if (!ret && PTR_ERR_OR_ZERO(dmabuf) != -EINVAL) {
		pr_err("export without private data gave %d\n",
		       PTR_ERR_OR_ZERO(dmabuf));
		ret = -EINVAL;
	}
	return ret;
}

/* One exporter mapping however many users; given and embedded resv. */
static int test_dmabuf_vmap(void *arg __always_unused)
{
	struct iosys_map a, b;
	struct test_buf *tb, *nomap;
	struct dma_resv resv;
	int ret;

	dma_resv_init(&resv);
	tb = test_buf_create_ops(BUF_SIZE, &test_buf_ops, &resv, &ret);
	if (!tb)
		goto out_resv;
	nomap = test_buf_create_ops(BUF_SIZE, &test_buf_novmap_ops, NULL, &ret);
	if (!nomap)
		goto out_buf;

	if (tb->dmabuf->resv != &resv || !nomap->dmabuf->resv) {
		pr_err("reservation object not set up as asked\n");
		ret = -EINVAL;
		goto out_nomap;
	}
	if (dma_buf_vmap(nomap->dmabuf, &a) != -EINVAL || !iosys_map_is_null(&a)) {
		pr_err("vmap of an exporter without vmap did not fail\n");
		ret = -EINVAL;
		goto out_nomap;
	}

	ret = dma_buf_vmap(tb->dmabuf, &a);
	if (ret)
		goto out_nomap;
	ret = dma_buf_vmap(tb->dmabuf, &b);
	if (ret)
		goto out_unmap_a;
	if (!iosys_map_is_equal(&a, &b) || a.vaddr != tb->vaddr ||
	    atomic_read(&tb->vmaps) != 1) {
		pr_err("second vmap did not share the first mapping\n");
		ret = -EINVAL;
	}
	dma_buf_vunmap(tb->dmabuf, &b);
	if (!ret && atomic_read(&tb->vunmaps)) {
		pr_err("mapping released while still in use\n");
		ret = -EINVAL;
	}
out_unmap_a:
	dma_buf_vunmap(tb->dmabuf, &a);
	if (!ret && atomic_read(&tb->vunmaps) != 1) {
		pr_err("last vunmap did not reach the exporter\n");
		ret = -EINVAL;
	}
out_nomap:
	ret = test_buf_destroy(nomap) ?: ret;
out_buf:
	ret = test_buf_destroy(tb) ?: ret;
out_resv:
	dma_resv_fini(&resv);
	return ret;
}

/* Only SEEK_END and SEEK_SET with offset 0. */
static int test_dmabuf_llseek(void *arg __always_unused)
{
	static const struct {
		loff_t offset;
		int whence;
		loff_t expect;
	} cases[] = {
		{ 0, SEEK_END, BUF_SIZE }, { 0, SEEK_SET, 0 },
		{ 0, SEEK_CUR, -EINVAL }, { 1, SEEK_SET, -EINVAL },
		{ -1, SEEK_END, -EINVAL }, { 0, SEEK_DATA, -EINVAL },
	};
	struct test_buf *tb;
	struct file *file;
	unsigned int i;
	loff_t pos;
	int ret;

	tb = test_buf_create(BUF_SIZE, &ret);
	if (!tb)
		return ret;

	file = tb->dmabuf->file;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		pos = file->f_op->llseek(file, cases[i].offset, cases[i].whence);
		if (pos != cases[i].expect) {
			pr_err("llseek(%lld, %d) gave %lld\n",
			       (long long)cases[i].offset, cases[i].whence,
			       (long long)pos);
			ret = -EINVAL;
		}
	}
	return test_buf_destroy(tb) ?: ret;
}

/* CPU access reaches the exporter and waits for the implicit fences. */
static int test_dmabuf_cpu_access(void *arg __always_unused)
{
	struct dma_fence *fence;
	struct test_buf *tb;
	spinlock_t *lock;	/* allocated behind the fence */
	int ret;

	fence = kzalloc(sizeof(*fence) + sizeof(*lock), GFP_KERNEL);
	if (!fence)
		return -ENOMEM;
	lock = (spinlock_t *)(fence + 1);
	spin_lock_init(lock);
	dma_fence_init(fence, &plain_ops, lock, dma_fence_context_alloc(1), 1);

	tb = test_buf_create(BUF_SIZE, &ret);
	if (!tb)
		goto out_fence;

	dma_resv_lock(tb->dmabuf->resv, NULL);
	ret = dma_resv_reserve_fences(tb->dmabuf->resv, 1);
	if (!ret)
		dma_resv_add_fence(tb->dmabuf->resv, fence,
				   DMA_RESV_USAGE_WRITE);
	dma_resv_unlock(tb->dmabuf->resv);
	if (ret)
		goto out_buf;

	dma_fence_signal(fence);
	ret = dma_buf_begin_cpu_access(tb->dmabuf, DMA_FROM_DEVICE);
	ret = ret ?: dma_buf_end_cpu_access(tb->dmabuf, DMA_FROM_DEVICE);
	if (!ret && (atomic_read(&tb->cpu_begins) != 1 ||
		     atomic_read(&tb->cpu_ends) != 1)) {
		pr_err("cpu access did not reach the exporter\n");
		ret = -EINVAL;
	}
out_buf:
	ret = test_buf_destroy(tb) ?: ret;
out_fence:
	dma_fence_signal(fence);
	dma_fence_put(fence);
	return ret;
}

static const struct st_case cases[] = {
	ST_CASE(test_gequal),
	ST_CASE(test_nonzero),
	ST_CASE(test_wraparound),
	ST_CASE_WARNS(test_offset_checks, 5),
	ST_CASE_WARNS(test_bad_args, 9),
	ST_CASE(test_to_seqno_fence),
	ST_CASE(test_sync_buf_reference),
	ST_CASE(test_creator_signaled),
	ST_CASE(test_no_vmap_exporter),
	ST_CASE_WARNS(test_dmabuf_export_checks, 6),
	ST_CASE(test_dmabuf_vmap),
	ST_CASE(test_dmabuf_llseek),
	ST_CASE(test_dmabuf_cpu_access),
};
DEFINE_ST_SUITE(seqno_fence, cases);
