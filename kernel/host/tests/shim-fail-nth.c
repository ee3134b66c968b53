// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of the counted allocator: fail-nth injection, per-site records,
 * live counts across threads, and detection of bad frees.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/kthread.h>
#include <linux/rcupdate.h>
#include <linux/sched/task.h>
#include <linux/wait_bit.h>

#include "shim-tap.h"

static int site_of(const char *file, int line, struct host_alloc_site *out)
{
	struct host_alloc_site *sites;
	int n = host_alloc_sites(&sites), i, found = -1;

	for (i = 0; i < n; i++) {
		if (sites[i].line == line && !strcmp(sites[i].file, file)) {
			*out = sites[i];
			found = i;
		}
	}
	free(sites);
	return found;
}

static int test_nth(void)
{
	void *p[5];
	int i, line = 0;
	struct host_alloc_site s;

	host_alloc_fail_nth(3);
	for (i = 0; i < 5; i++) {
		if (i == 2)
			line = __LINE__ + 1;
		p[i] = kmalloc(16, GFP_KERNEL);
	}
	SHIM_CHECK(host_alloc_fail_hit(), "injection did not fire");
	SHIM_CHECK(p[0] && p[1] && !p[2] && p[3] && p[4], "wrong allocation failed");
	SHIM_CHECK(site_of(__FILE__, line, &s) >= 0, "site not recorded");
	(void)line;
	for (i = 0; i < 5; i++)
		kfree(p[i]);
	host_alloc_fail_nth(1);
	p[0] = kzalloc(8, GFP_KERNEL | __GFP_NOFAIL);
	p[1] = kcalloc(2, 8, GFP_KERNEL);
	SHIM_CHECK(p[0] && !p[1], "__GFP_NOFAIL must not count or fail");
	kfree(p[0]);
	host_alloc_fail_nth(0);
	SHIM_CHECK(!host_alloc_fail_hit(), "disarming must clear the hit flag");
	return 0;
}

static int test_sites(void)
{
	struct host_alloc_site before, after;
	struct kmem_cache *cache;
	int line, i;
	void *p;

	for (i = 0; i < 3; i++) {
		line = __LINE__ + 1;
		p = kmalloc(32, GFP_KERNEL);
		kfree(p);
		if (i == 0)
			SHIM_CHECK(site_of(__FILE__, line, &before) >= 0, "no site");
	}
	SHIM_CHECK(site_of(__FILE__, line, &after) >= 0, "no site");
	SHIM_CHECK(after.allocs == before.allocs + 2, "allocs %lu -> %lu",
		   before.allocs, after.allocs);
	cache = kmem_cache_create("sites", 40, 0, 0, NULL);
	SHIM_CHECK(cache, "kmem_cache_create");
	host_alloc_fail_nth(1);
	line = __LINE__ + 1;
	p = kmem_cache_alloc(cache, GFP_KERNEL);
	kmem_cache_destroy(cache);
	SHIM_CHECK(!p, "injected cache allocation succeeded");
	SHIM_CHECK(site_of(__FILE__, line, &after) >= 0 && after.injected == 1,
		   "injection not recorded at the site");
	return 0;
}

static int test_variants(void)
{
	char *s = kstrdup("fencepost", GFP_KERNEL);
	void *z = kmalloc(0, GFP_KERNEL);
	u32 *a = kmalloc_array(4, sizeof(*a), GFP_KERNEL);
	void *big = kmalloc_array(SIZE_MAX / 2, 4, GFP_KERNEL | __GFP_NOWARN);
	void *v = kvzalloc(1 << 20, GFP_KERNEL);
	long live = host_alloc_live();

	SHIM_CHECK(s && !strcmp(s, "fencepost"), "kstrdup");
	SHIM_CHECK(z == ZERO_SIZE_PTR, "kmalloc(0) must return ZERO_SIZE_PTR");
	SHIM_CHECK(!big, "overflowing kmalloc_array must fail");
	SHIM_CHECK(v && !((char *)v)[12345], "kvzalloc");
	SHIM_CHECK(a, "kmalloc_array");
	a[3] = 7;
	a = krealloc(a, 8 * sizeof(*a), GFP_KERNEL);
	SHIM_CHECK(a && a[3] == 7, "krealloc lost data");
	SHIM_CHECK(host_alloc_live() == live, "krealloc changed the live count");
	SHIM_CHECK(ksize(a) == 8 * sizeof(*a), "ksize");
	kfree(s);
	kfree(z);
	kfree(a);
	kvfree(v);
	return 0;
}

static int test_bad_free(void)
{
	unsigned long bugs = host_bug_count();
	char stack_obj[8];
	void *p = kmalloc(8, GFP_KERNEL);

	SHIM_CHECK(p, "alloc");
	kfree(p);
	kfree(p);		/* double free: reported, not performed */
	kfree(stack_obj);	/* not ours */
	kfree(NULL);
	kfree(ZERO_SIZE_PTR);
	SHIM_CHECK(host_bug_count() == bugs + 2, "expected 2 reports, got %lu",
		   host_bug_count() - bugs);
	return 0;
}

struct obj {
	unsigned long magic;
	struct rcu_head rcu;
};

static int test_cache(void)
{
	struct kmem_cache *c = KMEM_CACHE(obj, SLAB_TYPESAFE_BY_RCU | SLAB_HWCACHE_ALIGN);
	struct kmem_cache *d = KMEM_CACHE(obj, 0);
	unsigned long bugs = host_bug_count();
	struct obj *o, *q;

	SHIM_CHECK(c && d, "cache creation");
	o = kmem_cache_zalloc(c, GFP_KERNEL);
	SHIM_CHECK(o && !o->magic && !((unsigned long)o & 63), "zalloc/alignment");
	o->magic = 0xfe;
	rcu_read_lock();
	kmem_cache_free(c, o);
	/* type-safe by RCU: the memory stays valid until a grace period */
	SHIM_CHECK(o->magic == 0xfe, "typesafe object reused too early");
	rcu_read_unlock();
	q = kmem_cache_alloc(d, GFP_KERNEL);
	SHIM_CHECK(q, "alloc");
	kmem_cache_free(c, q);	/* wrong cache: reported, not freed */
	SHIM_CHECK(host_bug_count() == bugs + 1, "wrong-cache free not reported");
	kmem_cache_free(d, q);
	kmem_cache_destroy(c);
	kmem_cache_destroy(d);
	return 0;
}

#define PER_THREAD 20000

static int churned;

static int churn(void *arg)
{
	void *slots[16] = { NULL };
	int i;

	(void)arg;
	for (i = 0; i < PER_THREAD; i++) {
		int k = i % 16;

		kfree(slots[k]);
		slots[k] = kmalloc(24, GFP_KERNEL);
	}
	for (i = 0; i < 16; i++)
		kfree(slots[i]);
	__atomic_fetch_add(&churned, 1, __ATOMIC_RELEASE);
	wake_up_var(&churned);
	return 0;
}

static int test_live_across_threads(void)
{
	struct task_struct *t[3];
	long live = host_alloc_live();
	int i;

	for (i = 0; i < 3; i++) {
		t[i] = kthread_run(churn, NULL, "churn/%d", i);
		SHIM_CHECK(!IS_ERR(t[i]), "kthread_run");
		get_task_struct(t[i]);
	}
	wait_var_event(&churned, READ_ONCE(churned) == 3);
	for (i = 0; i < 3; i++) {
		kthread_stop(t[i]);
		put_task_struct(t[i]);
	}
	SHIM_CHECK(host_alloc_live() == live, "live %ld != %ld", host_alloc_live(), live);
	return 0;
}

static const struct shim_test tests[] = {
	SHIM_TEST(nth),
	SHIM_TEST(sites),
	SHIM_TEST(variants),
	SHIM_TEST_REPORTS(bad_free),
	SHIM_TEST_REPORTS(cache),
	SHIM_TEST(live_across_threads),
};

int main(void)
{
	return shim_run(tests, ARRAY_SIZE(tests));
}
