// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of the host's red-black tree: random inserts and erases, checking
 * after each step that the tree is ordered, has no red node with a red
 * child, and has the same black height on every path.
 */
#include <linux/kernel.h>
#include <linux/rbtree.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "shim-tap.h"

struct item {
	struct rb_node node;
	u32 key;
};

static bool item_less(struct rb_node *a, const struct rb_node *b)
{
	return rb_entry(a, struct item, node)->key <
	       rb_entry(b, struct item, node)->key;
}

static int item_cmp(const void *key, const struct rb_node *n)
{
	u32 k = *(const u32 *)key, nk = rb_entry(n, struct item, node)->key;

	return k < nk ? -1 : k > nk;
}

/* Black height of @n, or -1 if a rule is broken below it. */
static int check(const struct rb_node *n, const struct rb_node *parent)
{
	int l, r;

	if (!n)
		return 1;
	if (rb_parent(n) != parent)
		return -1;
	if (!(n->__rb_parent_color & RB_BLACK)) {
		if ((n->rb_left && !(n->rb_left->__rb_parent_color & RB_BLACK)) ||
		    (n->rb_right && !(n->rb_right->__rb_parent_color & RB_BLACK)))
			return -1;
	}
	l = check(n->rb_left, n);
	r = check(n->rb_right, n);
	if (l < 0 || r < 0 || l != r)
		return -1;
	return l + !!(n->__rb_parent_color & RB_BLACK);
}

static bool ordered(const struct rb_root *root, int expect)
{
	struct rb_node *n;
	u32 last = 0;
	int count = 0;

	for (n = rb_first(root); n; n = rb_next(n)) {
		u32 k = rb_entry(n, struct item, node)->key;

		if (count && k < last)
			return false;
		last = k;
		count++;
	}
	return count == expect;
}

#define N 2000

static int test_random_ops(void)
{
	struct rb_root root = RB_ROOT;
	struct item *items = kcalloc(N, sizeof(*items), GFP_KERNEL);
	struct item *pos, *n;
	int i, live = 0, visited = 0;

	SHIM_CHECK(items, "alloc");
	for (i = 0; i < N; i++) {
		items[i].key = get_random_u32_below(N / 2);
		rb_add(&items[i].node, &root, item_less);
		live++;
		if (i % 97 == 0)
			SHIM_CHECK(check(root.rb_node, NULL) > 0 && ordered(&root, live),
				   "invalid after insert %d", i);
	}
	SHIM_CHECK(!(root.rb_node->__rb_parent_color & ~3UL), "root has a parent");
	SHIM_CHECK(rb_find(&items[7].key, &root, item_cmp), "rb_find missed a key");
	for (i = 0; i < N; i += 2) {
		rb_erase(&items[i].node, &root);
		RB_CLEAR_NODE(&items[i].node);
		live--;
		if (i % 89 == 0)
			SHIM_CHECK(check(root.rb_node, NULL) > 0 && ordered(&root, live),
				   "invalid after erase %d", i);
	}
	SHIM_CHECK(check(root.rb_node, NULL) > 0 && ordered(&root, live), "final tree");
	SHIM_CHECK(!rb_next(&items[0].node), "rb_next of a cleared node");
	rbtree_postorder_for_each_entry_safe(pos, n, &root, node)
		visited++;
	SHIM_CHECK(visited == live, "postorder visited %d of %d", visited, live);
	SHIM_CHECK(rb_prev(rb_last(&root)) != NULL, "rb_prev");
	kfree(items);
	return 0;
}

static const struct shim_test tests[] = {
	SHIM_TEST(random_ops),
};

int main(void)
{
	return shim_run(tests, ARRAY_SIZE(tests));
}
