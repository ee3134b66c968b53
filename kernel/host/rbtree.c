// SPDX-License-Identifier: GPL-2.0-only
/*
 * fencepost userspace host: red-black tree rebalancing (the textbook
 * algorithm: recolour or rotate after an insert; fix the "double black"
 * left by removing a black node after an erase).
 */
#include <linux/rbtree.h>

static inline bool is_black(const struct rb_node *n)
{
	return !n || (n->__rb_parent_color & RB_BLACK);
}

static inline bool is_red(const struct rb_node *n)
{
	return !is_black(n);
}

static inline void set_parent(struct rb_node *n, struct rb_node *p)
{
	n->__rb_parent_color = (n->__rb_parent_color & 3UL) | (unsigned long)p;
}

static inline void set_color(struct rb_node *n, int color)
{
	n->__rb_parent_color = (n->__rb_parent_color & ~1UL) | color;
}

/* Point whatever pointed at @old (its parent or the root) to @new. */
static void change_child(struct rb_node *old, struct rb_node *new,
			 struct rb_node *parent, struct rb_root *root)
{
	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

static void rotate_left(struct rb_node *x, struct rb_root *root)
{
	struct rb_node *y = x->rb_right, *p = rb_parent(x);

	x->rb_right = y->rb_left;
	if (y->rb_left)
		set_parent(y->rb_left, x);
	y->rb_left = x;
	set_parent(y, p);
	change_child(x, y, p, root);
	set_parent(x, y);
}

static void rotate_right(struct rb_node *x, struct rb_root *root)
{
	struct rb_node *y = x->rb_left, *p = rb_parent(x);

	x->rb_left = y->rb_right;
	if (y->rb_right)
		set_parent(y->rb_right, x);
	y->rb_right = x;
	set_parent(y, p);
	change_child(x, y, p, root);
	set_parent(x, y);
}

void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *parent, *gparent, *uncle;

	while ((parent = rb_parent(node)) && is_red(parent)) {
		gparent = rb_parent(parent);	/* a red node is never the root */
		if (parent == gparent->rb_left) {
			uncle = gparent->rb_right;
			if (is_red(uncle)) {
				set_color(uncle, RB_BLACK);
				set_color(parent, RB_BLACK);
				set_color(gparent, RB_RED);
				node = gparent;
				continue;
			}
			if (node == parent->rb_right) {
				rotate_left(parent, root);
				node = parent;
				parent = rb_parent(node);
			}
			set_color(parent, RB_BLACK);
			set_color(gparent, RB_RED);
			rotate_right(gparent, root);
		} else {
			uncle = gparent->rb_left;
			if (is_red(uncle)) {
				set_color(uncle, RB_BLACK);
				set_color(parent, RB_BLACK);
				set_color(gparent, RB_RED);
				node = gparent;
				continue;
			}
			if (node == parent->rb_left) {
				rotate_right(parent, root);
				node = parent;
				parent = rb_parent(node);
			}
			set_color(parent, RB_BLACK);
			set_color(gparent, RB_RED);
			rotate_left(gparent, root);
		}
	}
	set_color(root->rb_node, RB_BLACK);
}

/* @node (possibly NULL) under @parent carries an extra black. */
static void erase_fixup(struct rb_node *node, struct rb_node *parent,
			struct rb_root *root)
{
	struct rb_node *sib;

	while (node != root->rb_node && is_black(node)) {
		if (node == parent->rb_left) {
			sib = parent->rb_right;
			if (is_red(sib)) {
				set_color(sib, RB_BLACK);
				set_color(parent, RB_RED);
				rotate_left(parent, root);
				sib = parent->rb_right;
			}
			if (is_black(sib->rb_left) && is_black(sib->rb_right)) {
				set_color(sib, RB_RED);
				node = parent;
				parent = rb_parent(node);
				continue;
			}
			if (is_black(sib->rb_right)) {
				set_color(sib->rb_left, RB_BLACK);
				set_color(sib, RB_RED);
				rotate_right(sib, root);
				sib = parent->rb_right;
			}
			set_color(sib, parent->__rb_parent_color & 1);
			set_color(parent, RB_BLACK);
			set_color(sib->rb_right, RB_BLACK);
			rotate_left(parent, root);
		} else {
			sib = parent->rb_left;
			if (is_red(sib)) {
				set_color(sib, RB_BLACK);
				set_color(parent, RB_RED);
				rotate_right(parent, root);
				sib = parent->rb_left;
			}
			if (is_black(sib->rb_left) && is_black(sib->rb_right)) {
				set_color(sib, RB_RED);
				node = parent;
				parent = rb_parent(node);
				continue;
			}
			if (is_black(sib->rb_left)) {
				set_color(sib->rb_right, RB_BLACK);
				set_color(sib, RB_RED);
				rotate_left(sib, root);
				sib = parent->rb_left;
			}
			set_color(sib, parent->__rb_parent_color & 1);
			set_color(parent, RB_BLACK);
			set_color(sib->rb_left, RB_BLACK);
			rotate_right(parent, root);
		}
		node = root->rb_node;
		break;
	}
	if (node)
		set_color(node, RB_BLACK);
}

void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *child, *parent, *succ;
	int color;

	if (!node->rb_left || !node->rb_right) {
		child = node->rb_left ? node->rb_left : node->rb_right;
		parent = rb_parent(node);
		color = node->__rb_parent_color & 1;
		if (child)
			set_parent(child, parent);
		change_child(node, child, parent, root);
	} else {
		/* Splice out the in-order successor and put it in node's place. */
		succ = node->rb_right;
		while (succ->rb_left)
			succ = succ->rb_left;
		child = succ->rb_right;
		parent = rb_parent(succ);
		color = succ->__rb_parent_color & 1;
		if (parent == node) {
			parent = succ;
		} else {
			if (child)
				set_parent(child, parent);
			parent->rb_left = child;
			succ->rb_right = node->rb_right;
			set_parent(node->rb_right, succ);
		}
		change_child(node, succ, rb_parent(node), root);
		succ->__rb_parent_color = node->__rb_parent_color;
		succ->rb_left = node->rb_left;
		set_parent(node->rb_left, succ);
	}
	if (color == RB_BLACK)
		erase_fixup(child, parent, root);
}

void rb_replace_node(struct rb_node *victim, struct rb_node *new,
		     struct rb_root *root)
{
	struct rb_node *parent = rb_parent(victim);

	*new = *victim;
	if (victim->rb_left)
		set_parent(victim->rb_left, new);
	if (victim->rb_right)
		set_parent(victim->rb_right, new);
	change_child(victim, new, parent, root);
}

struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_left)
		n = n->rb_left;
	return n;
}

struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_right)
		n = n->rb_right;
	return n;
}

struct rb_node *rb_next(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_right) {
		node = node->rb_right;
		while (node->rb_left)
			node = node->rb_left;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_right)
		node = parent;
	return parent;
}

struct rb_node *rb_prev(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_left) {
		node = node->rb_left;
		while (node->rb_right)
			node = node->rb_right;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_left)
		node = parent;
	return parent;
}

static struct rb_node *leftmost_leaf(const struct rb_node *node)
{
	for (;;) {
		if (node->rb_left)
			node = node->rb_left;
		else if (node->rb_right)
			node = node->rb_right;
		else
			return (struct rb_node *)node;
	}
}

struct rb_node *rb_first_postorder(const struct rb_root *root)
{
	return root->rb_node ? leftmost_leaf(root->rb_node) : NULL;
}

struct rb_node *rb_next_postorder(const struct rb_node *node)
{
	const struct rb_node *parent;

	if (!node)
		return NULL;
	parent = rb_parent(node);
	if (parent && node == parent->rb_left && parent->rb_right)
		return leftmost_leaf(parent->rb_right);
	return (struct rb_node *)parent;
}
