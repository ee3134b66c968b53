// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of the IDR and the XArray: lowest-free allocation, bases and
 * ranges, NULL reservations, removal and replacement, iteration,
 * fail-nth leaving the structure unchanged, and xa_alloc()/xa_erase()/
 * xa_load() racing from several threads.
 */
#include <pthread.h>

#include <linux/kernel.h>
#include <linux/err.h>
#include <linux/idr.h>
#include <linux/xarray.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "shim-tap.h"

/* Distinct, recognisable pointers to store. */
static long objs[64];
#define OBJ(i)	((void *)&objs[i])

static int test_idr_lowest_free(void)
{
	DEFINE_IDR(idr);
	int i;

	for (i = 0; i < 40; i++)
		SHIM_CHECK(idr_alloc(&idr, OBJ(i), 0, 0, GFP_KERNEL) == i,
			   "id %d", i);
	SHIM_CHECK(idr_remove(&idr, 7) == OBJ(7), "remove 7");
	SHIM_CHECK(idr_remove(&idr, 3) == OBJ(3), "remove 3");
	SHIM_CHECK(!idr_remove(&idr, 3), "second remove of 3");
	SHIM_CHECK(idr_alloc(&idr, OBJ(50), 0, 0, GFP_KERNEL) == 3, "reuse 3");
	SHIM_CHECK(idr_alloc(&idr, OBJ(51), 0, 0, GFP_KERNEL) == 7, "reuse 7");
	SHIM_CHECK(idr_alloc(&idr, OBJ(52), 0, 0, GFP_KERNEL) == 40, "next 40");
	SHIM_CHECK(idr_find(&idr, 3) == OBJ(50), "find 3");
	SHIM_CHECK(idr_find(&idr, 39) == OBJ(39), "find 39");
	SHIM_CHECK(!idr_find(&idr, 41) && !idr_find(&idr, 1UL << 40),
		   "find of free ids");
	idr_destroy(&idr);
	SHIM_CHECK(idr_is_empty(&idr) && !idr_find(&idr, 3), "destroyed");
	return 0;
}

static int test_idr_base_and_ranges(void)
{
	struct idr idr;

	idr_init_base(&idr, 1);
	SHIM_CHECK(idr_is_empty(&idr), "new idr not empty");
	SHIM_CHECK(idr_alloc(&idr, OBJ(0), 0, 0, GFP_KERNEL) == 1, "base 1");
	SHIM_CHECK(idr_alloc(&idr, OBJ(1), 1, 0, GFP_KERNEL) == 2, "start 1");
	SHIM_CHECK(!idr_find(&idr, 0), "id 0 below base");
	SHIM_CHECK(idr_alloc(&idr, OBJ(2), 10, 12, GFP_KERNEL) == 10, "10");
	SHIM_CHECK(idr_alloc(&idr, OBJ(3), 10, 12, GFP_KERNEL) == 11, "11");
	SHIM_CHECK(idr_alloc(&idr, OBJ(4), 10, 12, GFP_KERNEL) == -ENOSPC,
		   "[10, 12) full");
	SHIM_CHECK(idr_alloc(&idr, OBJ(4), 5, 5, GFP_KERNEL) == -ENOSPC,
		   "empty range");
	SHIM_CHECK(idr_alloc(&idr, OBJ(4), 3, 4, GFP_KERNEL) == 3, "[3, 4)");
	SHIM_CHECK(idr_alloc(&idr, OBJ(5), INT_MAX, 0, GFP_KERNEL) == -ENOMEM,
		   "ids past the host's array limit");
	SHIM_CHECK(idr_find(&idr, 10) == OBJ(2), "find 10");
	SHIM_CHECK(!idr_is_empty(&idr), "not empty");
	idr_destroy(&idr);
	return 0;
}

static int test_idr_null_and_replace(void)
{
	DEFINE_IDR(idr);
	void *entry;
	int id, n = 0, seen[4];

	SHIM_CHECK(idr_alloc(&idr, OBJ(0), 0, 0, GFP_KERNEL) == 0, "0");
	SHIM_CHECK(idr_alloc(&idr, NULL, 0, 0, GFP_KERNEL) == 1, "NULL at 1");
	SHIM_CHECK(idr_alloc(&idr, OBJ(2), 0, 0, GFP_KERNEL) == 2,
		   "a reserved id is not free");
	SHIM_CHECK(!idr_find(&idr, 1), "a reserved id finds NULL");
	SHIM_CHECK(idr_replace(&idr, OBJ(1), 1) == NULL, "replace reserved");
	SHIM_CHECK(idr_find(&idr, 1) == OBJ(1), "replaced");
	SHIM_CHECK(idr_replace(&idr, NULL, 2) == OBJ(2), "replace with NULL");
	SHIM_CHECK(PTR_ERR(idr_replace(&idr, OBJ(3), 3)) == -ENOENT,
		   "replace of a free id");
	SHIM_CHECK(idr_alloc(&idr, OBJ(3), 0, 0, GFP_KERNEL) == 3, "3");

	/* Iteration: in id order, skipping the NULL at 2. */
	idr_for_each_entry(&idr, entry, id) {
		SHIM_CHECK(n < 4, "too many entries");
		seen[n++] = id;
		SHIM_CHECK(entry == OBJ(id), "entry %d", id);
	}
	SHIM_CHECK(n == 3 && seen[0] == 0 && seen[1] == 1 && seen[2] == 3,
		   "iteration saw %d entries", n);
	id = 2;
	SHIM_CHECK(idr_get_next(&idr, &id) == OBJ(3) && id == 3, "get_next");
	id = 4;
	SHIM_CHECK(!idr_get_next(&idr, &id), "get_next past the end");

	SHIM_CHECK(idr_remove(&idr, 2) == NULL, "remove of a reserved id");
	SHIM_CHECK(idr_alloc(&idr, OBJ(4), 0, 0, GFP_KERNEL) == 2, "2 free");
	idr_destroy(&idr);
	return 0;
}

static int test_idr_cyclic(void)
{
	DEFINE_IDR(idr);

	SHIM_CHECK(idr_alloc_cyclic(&idr, OBJ(0), 1, 4, GFP_KERNEL) == 1, "1");
	SHIM_CHECK(idr_alloc_cyclic(&idr, OBJ(0), 1, 4, GFP_KERNEL) == 2, "2");
	idr_remove(&idr, 1);
	SHIM_CHECK(idr_alloc_cyclic(&idr, OBJ(0), 1, 4, GFP_KERNEL) == 3, "3");
	SHIM_CHECK(idr_alloc_cyclic(&idr, OBJ(0), 1, 4, GFP_KERNEL) == 1,
		   "wrapped to 1");
	SHIM_CHECK(idr_alloc_cyclic(&idr, OBJ(0), 1, 4, GFP_KERNEL) == -ENOSPC,
		   "full");
	idr_destroy(&idr);
	return 0;
}

/* idr_destroy() frees everything the IDR allocated; growth is counted. */
static int test_idr_memory(void)
{
	long live = host_alloc_live();
	DEFINE_IDR(idr);
	int i;

	for (i = 0; i < 1000; i++)
		SHIM_CHECK(idr_alloc(&idr, OBJ(i % 64), 0, 0, GFP_KERNEL) == i,
			   "id %d", i);
	SHIM_CHECK(host_alloc_live() > live, "the IDR's memory is not counted");
	idr_destroy(&idr);
	SHIM_CHECK(host_alloc_live() == live, "idr_destroy() leaked");

	/* As in the kernel, an IDR emptied by idr_remove() holds no memory. */
	for (i = 0; i < 100; i++)
		SHIM_CHECK(idr_alloc(&idr, OBJ(0), 0, 0, GFP_KERNEL) == i, "id %d", i);
	for (i = 99; i >= 0; i--)
		SHIM_CHECK(idr_remove(&idr, i) == OBJ(0), "remove %d", i);
	SHIM_CHECK(host_alloc_live() == live && idr_is_empty(&idr),
		   "an empty IDR holds memory");
	SHIM_CHECK(idr_alloc(&idr, OBJ(0), 0, 0, GFP_KERNEL) == 0, "reuse");
	idr_destroy(&idr);
	return 0;
}

/* An injected failure gives -ENOMEM and leaves the IDR as it was. */
static int test_idr_fail_nth(void)
{
	DEFINE_IDR(idr);
	int i, n, id;
	void *entry;

	for (i = 0; i < 16; i++)	/* fills the first array */
		SHIM_CHECK(idr_alloc(&idr, OBJ(i), 0, 0, GFP_KERNEL) == i, "id %d", i);
	host_alloc_fail_nth(1);
	SHIM_CHECK(idr_alloc(&idr, OBJ(16), 0, 0, GFP_KERNEL) == -ENOMEM,
		   "growth did not fail");
	SHIM_CHECK(host_alloc_fail_hit(), "injection did not fire");
	n = 0;
	idr_for_each_entry(&idr, entry, id)
		SHIM_CHECK(entry == OBJ(id) && n++ == id, "entry %d changed", id);
	SHIM_CHECK(n == 16 && !idr_find(&idr, 16), "idr changed");
	SHIM_CHECK(idr_alloc(&idr, OBJ(16), 0, 0, GFP_KERNEL) == 16, "retry");
	idr_destroy(&idr);
	return 0;
}

static int test_xa_alloc_limits(void)
{
	DEFINE_XARRAY_ALLOC(xa);
	long live = host_alloc_live();
	struct xarray xa1;
	u32 id = 99;

	SHIM_CHECK(xa_empty(&xa), "new xarray not empty");
	SHIM_CHECK(!xa_alloc(&xa, &id, OBJ(0), xa_limit_31b, GFP_KERNEL) &&
		   id == 0, "first id %u", id);
	SHIM_CHECK(!xa_alloc(&xa, &id, OBJ(1), XA_LIMIT(5, 6), GFP_KERNEL) &&
		   id == 5, "min 5: %u", id);
	SHIM_CHECK(!xa_alloc(&xa, &id, NULL, XA_LIMIT(5, 6), GFP_KERNEL) &&
		   id == 6, "reserve 6: %u", id);
	SHIM_CHECK(xa_alloc(&xa, &id, OBJ(2), XA_LIMIT(5, 6), GFP_KERNEL) ==
		   -EBUSY, "[5, 6] full");
	SHIM_CHECK(xa_load(&xa, 5) == OBJ(1) && !xa_load(&xa, 6) &&
		   !xa_load(&xa, 1UL << 40), "loads");
	SHIM_CHECK(xa_erase(&xa, 5) == OBJ(1), "erase 5");
	SHIM_CHECK(!xa_erase(&xa, 5) && !xa_load(&xa, 5), "erased");
	SHIM_CHECK(!xa_alloc(&xa, &id, OBJ(2), XA_LIMIT(5, 6), GFP_KERNEL) &&
		   id == 5, "5 again");
	SHIM_CHECK(xa_erase(&xa, 6) == NULL, "erase of a reservation");
	SHIM_CHECK(!xa_err(xa_store(&xa, 3, OBJ(3), GFP_KERNEL)), "store");
	SHIM_CHECK(xa_load(&xa, 3) == OBJ(3), "stored");
	SHIM_CHECK(!xa_alloc(&xa, &id, OBJ(4), xa_limit_31b, GFP_KERNEL) &&
		   id == 1, "lowest free is 1: %u", id);
	SHIM_CHECK(xa_err(xa_store(&xa, 1UL << 40, OBJ(0), GFP_KERNEL)) ==
		   -ENOMEM, "store far beyond the array");
	SHIM_CHECK(!xa_empty(&xa), "empty");
	xa_erase(&xa, 0);
	xa_erase(&xa, 1);
	xa_erase(&xa, 3);
	xa_erase(&xa, 5);
	SHIM_CHECK(xa_empty(&xa), "not empty after erasing all");
	SHIM_CHECK(host_alloc_live() == live, "an empty xarray holds memory");
	xa_destroy(&xa);

	/* ALLOC1 never hands out 0. */
	xa_init_flags(&xa1, XA_FLAGS_ALLOC1);
	SHIM_CHECK(!xa_alloc(&xa1, &id, OBJ(0), xa_limit_31b, GFP_KERNEL) &&
		   id == 1, "ALLOC1 gave %u", id);
	xa_destroy(&xa1);
	return 0;
}

static int test_xa_iterate_and_lock(void)
{
	DEFINE_XARRAY_ALLOC(xa);
	unsigned long index;
	void *entry;
	int n = 0;
	u32 id;

	SHIM_CHECK(!xa_alloc(&xa, &id, OBJ(0), xa_limit_31b, GFP_KERNEL), "0");
	SHIM_CHECK(!xa_alloc(&xa, &id, NULL, xa_limit_31b, GFP_KERNEL), "1");
	SHIM_CHECK(!xa_alloc(&xa, &id, OBJ(2), xa_limit_31b, GFP_KERNEL), "2");
	xa_for_each(&xa, index, entry) {
		SHIM_CHECK(entry == OBJ(index), "entry %lu", index);
		n++;
	}
	SHIM_CHECK(n == 2, "iteration saw %d entries", n);

	/* xa_load() under xa_lock, and a non-sleeping allocation under it. */
	xa_lock(&xa);
	SHIM_CHECK(xa_load(&xa, 2) == OBJ(2), "load under xa_lock");
	SHIM_CHECK(!__xa_alloc(&xa, &id, OBJ(3), xa_limit_31b, GFP_NOWAIT) &&
		   id == 1 + 2, "__xa_alloc %u", id);
	SHIM_CHECK(__xa_erase(&xa, 3) == OBJ(3), "__xa_erase");
	xa_unlock(&xa);
	xa_destroy(&xa);
	SHIM_CHECK(xa_empty(&xa), "destroyed");
	return 0;
}

/* A sleeping allocation while holding a spinlock is reported. */
static int test_xa_might_sleep(void)
{
	DEFINE_XARRAY_ALLOC(xa);
	DEFINE_SPINLOCK(lock);
	unsigned long bugs = host_bug_count();
	u32 id;

	spin_lock(&lock);
	SHIM_CHECK(!xa_alloc(&xa, &id, OBJ(0), xa_limit_31b, GFP_KERNEL), "alloc");
	spin_unlock(&lock);
	SHIM_CHECK(host_bug_count() > bugs, "GFP_KERNEL under a spinlock "
		   "not reported");
	xa_destroy(&xa);
	return 0;
}

static int test_xa_fail_nth(void)
{
	DEFINE_XARRAY_ALLOC(xa);
	u32 id = 7;

	host_alloc_fail_nth(1);
	SHIM_CHECK(xa_alloc(&xa, &id, OBJ(0), xa_limit_31b, GFP_KERNEL) ==
		   -ENOMEM, "not -ENOMEM");
	SHIM_CHECK(host_alloc_fail_hit() && id == 7 && xa_empty(&xa),
		   "xarray changed");
	xa_destroy(&xa);
	return 0;
}

/* ---- threads ----------------------------------------------------------- */

#define THREADS		4
#define ROUNDS		3000

static DEFINE_XARRAY_ALLOC(race_xa);

/* Per-thread objects: each thread only erases ids it allocated. */
struct race_obj {
	int owner;
	u32 id;
	unsigned long magic;
};

static unsigned long race_errors;

static void race_error(void)
{
	__atomic_fetch_add(&race_errors, 1, __ATOMIC_RELAXED);
}

/* Look at someone's id: an entry found must be intact. */
static void race_peek(u32 id)
{
	struct race_obj *o;

	xa_lock(&race_xa);
	o = xa_load(&race_xa, id);
	if (o && (o->magic != 0xfeed || o->id != id))
		race_error();
	xa_unlock(&race_xa);
}

static void *race_thread(void *arg)
{
	struct race_obj objs_[8] = { 0 };
	int me = (int)(long)arg, i, k;

	host_thread_enter();
	for (i = 0; i < ROUNDS; i++) {
		struct race_obj *o = &objs_[i % 8];

		if (o->magic) {
			if (xa_erase(&race_xa, o->id) != o)
				race_error();
			o->magic = 0;
		}
		o->owner = me;
		o->magic = 0xfeed;
		if (xa_alloc(&race_xa, &o->id, o, XA_LIMIT(0, 255), GFP_KERNEL)) {
			race_error();
			o->magic = 0;
			continue;
		}
		/* Lockless loads, as from RCU readers. */
		if (xa_load(&race_xa, o->id) != o)
			race_error();
		for (k = 0; k < 4; k++)
			race_peek((o->id + k * 7) & 255);
	}
	for (i = 0; i < 8; i++)
		if (objs_[i].magic && xa_erase(&race_xa, objs_[i].id) != &objs_[i])
			race_error();
	host_thread_exit();
	return NULL;
}

static int test_xa_threads(void)
{
	pthread_t t[THREADS];
	long i;

	race_errors = 0;
	for (i = 0; i < THREADS; i++)
		SHIM_CHECK(!pthread_create(&t[i], NULL, race_thread, (void *)i),
			   "pthread_create");
	for (i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	SHIM_CHECK(!race_errors, "%lu inconsistencies", race_errors);
	SHIM_CHECK(xa_empty(&race_xa), "entries left");
	return 0;
}

static const struct shim_test tests[] = {
	SHIM_TEST(idr_lowest_free),
	SHIM_TEST(idr_base_and_ranges),
	SHIM_TEST(idr_null_and_replace),
	SHIM_TEST(idr_cyclic),
	SHIM_TEST(idr_memory),
	SHIM_TEST(idr_fail_nth),
	SHIM_TEST(xa_alloc_limits),
	SHIM_TEST(xa_iterate_and_lock),
	SHIM_TEST_REPORTS(xa_might_sleep),
	SHIM_TEST(xa_fail_nth),
	SHIM_TEST(xa_threads),
};

int main(void)
{
	return shim_run(tests, ARRAY_SIZE(tests));
}
