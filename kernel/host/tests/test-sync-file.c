// SPDX-License-Identifier: GPL-2.0-only
/*
 * TEST: sync_file on the userspace host
 *
 * Sync files made from sw_sync timelines opened on host files, driven
 * through their file operations the way the VFS drives them.
 *
 * SUBTEST: create-info: SYNC_IOC_FILE_INFO before and after signaling
 * SUBTEST: merge: deduplication by context, later point kept, self-merge
 * SUBTEST: merge-status: status of a merge with an error and an active fence
 * SUBTEST: merge-signaled-order: merging signaled fences, one failed, gives
 *	the same status in either order (1, as Linux 6.1: a merge keeps only
 *	pending fences)
 * SUBTEST: poll: arming on first poll, wake-up, EPOLLIN for errors too
 * SUBTEST: deadline: SYNC_IOC_SET_DEADLINE reaches every fence, earliest wins
 * SUBTEST: kernel-api: sync_file_create/get_fence/get_name
 * SUBTEST: bad-input: a table of bad arguments for every ioctl
 * SUBTEST: fail-nth: every allocation of create, merge and info fails once
 * SUBTEST: debug-info: sync_info_debugfs_show() output
 */
#include <string.h>

#include <linux/slab.h>
#include <linux/seq_file.h>

#include "sync-tap.h"

static int test_create_info(void)
{
	struct sync_fence_info fi[2];
	struct sync_file_info info;
	int tl, f;

	tl = sw_sync_open();
	SHIM_CHECK(tl >= 0, "sw_sync_open: %d", tl);
	f = sw_sync_fence(tl, 5, "five");
	SHIM_CHECK(f >= 0, "create: %d", f);

	memset(&info, 0, sizeof(info));
	SHIM_CHECK(host_ioctl(f, SYNC_IOC_FILE_INFO, &info) == 0, "count");
	SHIM_CHECK(info.num_fences == 1, "%u fences", info.num_fences);
	SHIM_CHECK(info.status == 0, "status %d", info.status);
	SHIM_CHECK(strncmp(info.name, "sw_sync-", 8) == 0, "name %s", info.name);
	SHIM_CHECK(strlen(info.name) < sizeof(info.name), "unterminated");

	memset(&info, 0, sizeof(info));
	memset(fi, 0x5a, sizeof(fi));
	info.num_fences = 2;
	info.sync_fence_info = (unsigned long)fi;
	SHIM_CHECK(host_ioctl(f, SYNC_IOC_FILE_INFO, &info) == 0, "info");
	SHIM_CHECK(info.num_fences == 1, "%u fences", info.num_fences);
	SHIM_CHECK(strcmp(fi[0].driver_name, "sw_sync") == 0, "driver %s",
		   fi[0].driver_name);
	SHIM_CHECK(fi[0].status == 0 && fi[0].timestamp_ns == 0 &&
		   fi[0].flags == 0, "active fence info");
	SHIM_CHECK(fi[1].status == 0x5a5a5a5a, "wrote past num_fences");

	SHIM_CHECK(sw_sync_inc(tl, 4) == 0, "inc");
	SHIM_CHECK(sync_status(f, NULL) == 0, "signaled early");
	SHIM_CHECK(sw_sync_inc(tl, 1) == 0, "inc");
	SHIM_CHECK(host_ioctl(f, SYNC_IOC_FILE_INFO, &info) == 0, "info");
	SHIM_CHECK(info.status == 1 && fi[0].status == 1, "not signaled");
	SHIM_CHECK(fi[0].timestamp_ns != 0, "no timestamp");

	close_fd(f);
	close_fd(tl);
	return 0;
}

static int test_merge(void)
{
	struct sync_fence_info fi[4];
	struct sync_file_info info = { };
	struct dma_fence *fence;
	int tl1, tl2, a, b, c, ab, abc, aa;

	tl1 = sw_sync_open();
	tl2 = sw_sync_open();
	SHIM_CHECK(tl1 >= 0 && tl2 >= 0, "open");
	a = sw_sync_fence(tl1, 1, "a");
	b = sw_sync_fence(tl1, 3, "b");
	c = sw_sync_fence(tl2, 2, "c");
	SHIM_CHECK(a >= 0 && b >= 0 && c >= 0, "create");

	ab = sync_merge("ab", a, b);
	SHIM_CHECK(ab >= 0, "merge ab: %d", ab);
	fence = sync_file_get_fence(ab);
	SHIM_CHECK(fence && fence->seqno == 3, "ab keeps the later point");
	dma_fence_put(fence);

	abc = sync_merge("abc", ab, c);
	SHIM_CHECK(abc >= 0, "merge abc: %d", abc);
	info.num_fences = 4;
	info.sync_fence_info = (unsigned long)fi;
	SHIM_CHECK(host_ioctl(abc, SYNC_IOC_FILE_INFO, &info) == 0, "info");
	SHIM_CHECK(info.num_fences == 2, "%u fences", info.num_fences);
	SHIM_CHECK(strcmp(info.name, "abc") == 0, "name %s", info.name);

	aa = sync_merge("aa", a, a);
	SHIM_CHECK(aa >= 0, "self merge: %d", aa);
	fence = sync_file_get_fence(aa);
	SHIM_CHECK(fence && fence->seqno == 1, "self merge is the fence");
	dma_fence_put(fence);

	SHIM_CHECK(sw_sync_inc(tl1, 3) == 0, "inc");
	SHIM_CHECK(sync_status(ab, NULL) == 1, "ab not signaled");
	SHIM_CHECK(sync_status(abc, NULL) == 0, "abc signaled early");
	SHIM_CHECK(sw_sync_inc(tl2, 2) == 0, "inc");
	SHIM_CHECK(sync_status(abc, NULL) == 1, "abc not signaled");

	close_fd(aa);
	close_fd(abc);
	close_fd(ab);
	close_fd(c);
	close_fd(b);
	close_fd(a);
	close_fd(tl2);
	close_fd(tl1);
	return 0;
}

static int test_merge_signaled_order(void)
{
	int tl1, tl2, ok, bad, ab, ba, abc, c, tl3;

	tl1 = sw_sync_open();
	tl2 = sw_sync_open();
	tl3 = sw_sync_open();
	ok = sw_sync_fence(tl1, 1, "ok");
	bad = sw_sync_fence(tl2, 1, "bad");
	c = sw_sync_fence(tl3, 1, "c");
	SHIM_CHECK(tl1 >= 0 && tl2 >= 0 && tl3 >= 0 && ok >= 0 && bad >= 0 &&
		   c >= 0, "setup");
	SHIM_CHECK(sw_sync_inc(tl1, 1) == 0, "inc");
	close_fd(tl2);
	SHIM_CHECK(sync_status(bad, NULL) == -ENOENT, "bad");

	ab = sync_merge("ab", ok, bad);
	ba = sync_merge("ba", bad, ok);
	SHIM_CHECK(ab >= 0 && ba >= 0, "merge");
	SHIM_CHECK(sync_status(ab, NULL) == sync_status(ba, NULL),
		   "order matters: %d vs %d", sync_status(ab, NULL),
		   sync_status(ba, NULL));
	SHIM_CHECK(sync_status(ab, NULL) == 1, "status %d",
		   sync_status(ab, NULL));

	/* Appending to a merge whose members signaled meanwhile. */
	abc = sync_merge("abc", ab, c);
	SHIM_CHECK(abc >= 0 && sync_status(abc, NULL) == 0, "abc");
	SHIM_CHECK(sw_sync_inc(tl3, 1) == 0, "inc");
	SHIM_CHECK(sync_status(abc, NULL) == 1, "abc done");

	close_fd(abc);
	close_fd(ba);
	close_fd(ab);
	close_fd(c);
	close_fd(bad);
	close_fd(ok);
	close_fd(tl3);
	close_fd(tl1);
	return 0;
}

static int test_merge_status(void)
{
	struct sync_fence_info fi[2];
	struct sync_file_info info = { };
	int tl1, tl2, a, b, ab;

	tl1 = sw_sync_open();
	tl2 = sw_sync_open();
	SHIM_CHECK(tl1 >= 0 && tl2 >= 0, "open");
	a = sw_sync_fence(tl1, 1, "a");
	b = sw_sync_fence(tl2, 1, "b");
	ab = sync_merge("ab", a, b);
	SHIM_CHECK(a >= 0 && b >= 0 && ab >= 0, "create");

	/* Closing tl2 fails b with -ENOENT: the error wins over 1. */
	close_fd(tl2);
	SHIM_CHECK(sync_status(b, NULL) == -ENOENT, "b");
	SHIM_CHECK(sync_status(ab, NULL) == 0, "ab with a active");
	info.num_fences = 2;
	info.sync_fence_info = (unsigned long)fi;
	SHIM_CHECK(host_ioctl(ab, SYNC_IOC_FILE_INFO, &info) == 0, "info");
	SHIM_CHECK(info.status == 0, "per-fence status %d", info.status);
	SHIM_CHECK(sw_sync_inc(tl1, 1) == 0, "inc");
	SHIM_CHECK(host_ioctl(ab, SYNC_IOC_FILE_INFO, &info) == 0, "info");
	SHIM_CHECK(info.status == -ENOENT, "status %d", info.status);
	SHIM_CHECK(sync_status(ab, NULL) == -ENOENT, "status");

	close_fd(ab);
	close_fd(b);
	close_fd(a);
	close_fd(tl1);
	return 0;
}

static int test_poll(void)
{
	struct poll_waiter w = { };
	struct file *file;
	__poll_t mask;
	int tl, f, g;

	tl = sw_sync_open();
	SHIM_CHECK(tl >= 0, "open");
	f = sw_sync_fence(tl, 1, "f");
	g = sw_sync_fence(tl, 2, "g");
	SHIM_CHECK(f >= 0 && g >= 0, "create");

	file = fget(f);
	SHIM_CHECK(file, "fget");
	init_poll_funcptr(&w.pt, poll_waiter_queue);
	mask = vfs_poll(file, &w.pt);
	SHIM_CHECK(mask == 0, "mask %#x before signaling", (unsigned int)mask);
	SHIM_CHECK(w.head, "poll did not queue a waiter");
	SHIM_CHECK(sw_sync_inc(tl, 1) == 0, "inc");
	SHIM_CHECK(atomic_read(&w.woken) == 1, "woken %d times",
		   atomic_read(&w.woken));
	SHIM_CHECK(vfs_poll(file, NULL) == EPOLLIN, "not readable");
	remove_wait_queue(w.head, &w.entry);
	fput(file);

	/* A failed fence is readable too. */
	SHIM_CHECK(sync_poll(g) == 0, "g readable early");
	close_fd(tl);
	SHIM_CHECK(sync_poll(g) == EPOLLIN, "failed fence not readable");
	SHIM_CHECK(sync_status(g, NULL) == -ENOENT, "g status");

	close_fd(g);
	close_fd(f);
	return 0;
}

static bool pt_deadline(struct dma_fence *fence, ktime_t *deadline)
{
	struct sync_pt *pt = container_of(fence, struct sync_pt, base);

	*deadline = pt->deadline;
	return test_bit(SW_SYNC_HAS_DEADLINE_BIT, &fence->flags);
}

static int test_deadline(void)
{
	struct sync_set_deadline ts = { .deadline_ns = 2000000 };
	struct dma_fence *fa, *fb;
	int tl1, tl2, a, b, ab;
	ktime_t d;

	tl1 = sw_sync_open();
	tl2 = sw_sync_open();
	a = sw_sync_fence(tl1, 1, "a");
	b = sw_sync_fence(tl2, 1, "b");
	ab = sync_merge("ab", a, b);
	SHIM_CHECK(tl1 >= 0 && tl2 >= 0 && a >= 0 && b >= 0 && ab >= 0,
		   "setup");
	fa = sync_file_get_fence(a);
	fb = sync_file_get_fence(b);
	SHIM_CHECK(fa && fb, "get_fence");
	SHIM_CHECK(!pt_deadline(fa, &d), "deadline before any was set");

	SHIM_CHECK(host_ioctl(ab, SYNC_IOC_SET_DEADLINE, &ts) == 0, "set");
	SHIM_CHECK(pt_deadline(fa, &d) && ktime_to_ns(d) == 2000000, "a");
	SHIM_CHECK(pt_deadline(fb, &d) && ktime_to_ns(d) == 2000000, "b");

	ts.deadline_ns = 3000000;
	SHIM_CHECK(host_ioctl(a, SYNC_IOC_SET_DEADLINE, &ts) == 0, "later");
	SHIM_CHECK(pt_deadline(fa, &d) && ktime_to_ns(d) == 2000000,
		   "a later deadline replaced an earlier one");
	ts.deadline_ns = 1000000;
	SHIM_CHECK(host_ioctl(a, SYNC_IOC_SET_DEADLINE, &ts) == 0, "earlier");
	SHIM_CHECK(pt_deadline(fa, &d) && ktime_to_ns(d) == 1000000,
		   "an earlier deadline was ignored");

	/* On a signaled fence: accepted, nothing to do. */
	SHIM_CHECK(sw_sync_inc(tl1, 1) == 0, "inc");
	SHIM_CHECK(host_ioctl(a, SYNC_IOC_SET_DEADLINE, &ts) == 0, "signaled");

	dma_fence_put(fb);
	dma_fence_put(fa);
	close_fd(ab);
	close_fd(b);
	close_fd(a);
	close_fd(tl2);
	close_fd(tl1);
	return 0;
}

static int test_kernel_api(void)
{
	struct dma_fence *fence, *got;
	struct sync_file *sync_file;
	char name[32];
	int tl, f;

	tl = sw_sync_open();
	f = sw_sync_fence(tl, 7, NULL);
	SHIM_CHECK(tl >= 0 && f >= 0, "setup");

	SHIM_CHECK(!sync_file_get_fence(-1), "fd -1");
	SHIM_CHECK(!sync_file_get_fence(tl), "timeline fd is not a sync file");
	fence = sync_file_get_fence(f);
	SHIM_CHECK(fence, "get_fence");

	sync_file = sync_file_create(fence);
	SHIM_CHECK(sync_file, "create");
	sync_file_get_name(sync_file, name, sizeof(name));
	SHIM_CHECK(strncmp(name, "sw_sync-", 8) == 0, "name %s", name);
	sync_file_get_name(sync_file, name, 8);
	SHIM_CHECK(strcmp(name, "sw_sync") == 0, "truncated name %s", name);

	/* Install it and find the same fence through the new fd. */
	{
		int fd = get_unused_fd_flags(O_CLOEXEC);

		SHIM_CHECK(fd >= 0, "fd");
		fd_install(fd, sync_file->file);
		got = sync_file_get_fence(fd);
		SHIM_CHECK(got == fence, "different fence");
		dma_fence_put(got);
		close_fd(fd);
	}

	dma_fence_put(fence);
	close_fd(f);
	close_fd(tl);
	return 0;
}

/* ---- bad input ------------------------------------------------------- */

/* The fixture every row runs against. */
struct bad_ctx {
	int tl;		/* a sw_sync timeline */
	int f1, f2;	/* fences at 1 on tl and on another timeline */
	int tl2;
	int f12;	/* f1 + f2: two fences */
	int closed;	/* an fd number that is not open */
	char *fault;	/* a page that faults for copy_*_user */
};

struct bad_row {
	const char *name;
	/* Issues the call; fills *res for checks that need the output. */
	long (*call)(struct bad_ctx *c, void *res);
	long expect;
	/* Optional extra check of the result on success. */
	int (*check)(struct bad_ctx *c, void *res);
};

static long merge_with(struct bad_ctx *c __always_unused, int fd,
		       struct sync_merge_data *d)
{
	return host_ioctl(fd, SYNC_IOC_MERGE, d);
}

static long bad_merge_fd_minus1(struct bad_ctx *c, void *res __always_unused)
{
	struct sync_merge_data d = { .fd2 = c->f2 };

	return merge_with(c, -1, &d);
}

static long bad_merge_fd_closed(struct bad_ctx *c, void *res __always_unused)
{
	struct sync_merge_data d = { .fd2 = c->f2 };

	return merge_with(c, c->closed, &d);
}

static long bad_merge_fd2_minus1(struct bad_ctx *c, void *res __always_unused)
{
	struct sync_merge_data d = { .fd2 = -1 };

	return merge_with(c, c->f1, &d);
}

static long bad_merge_fd2_closed(struct bad_ctx *c, void *res __always_unused)
{
	struct sync_merge_data d = { .fd2 = c->closed };

	return merge_with(c, c->f1, &d);
}

static long bad_merge_fd2_timeline(struct bad_ctx *c, void *res __always_unused)
{
	struct sync_merge_data d = { .fd2 = c->tl };

	return merge_with(c, c->f1, &d);
}

static long bad_merge_flags(struct bad_ctx *c, void *res __always_unused)
{
	struct sync_merge_data d = { .fd2 = c->f2, .flags = 1 };

	return merge_with(c, c->f1, &d);
}

static long bad_merge_pad(struct bad_ctx *c, void *res __always_unused)
{
	struct sync_merge_data d = { .fd2 = c->f2, .pad = 0x80000000 };

	return merge_with(c, c->f1, &d);
}

static long bad_merge_null(struct bad_ctx *c, void *res __always_unused)
{
	return host_ioctl(c->f1, SYNC_IOC_MERGE, NULL);
}

static long bad_merge_fault(struct bad_ctx *c, void *res __always_unused)
{
	return host_ioctl(c->f1, SYNC_IOC_MERGE, c->fault);
}

/* The argument straddles into the faulting page: a partial copy fails. */
static long bad_merge_partial(struct bad_ctx *c, void *res __always_unused)
{
	return host_ioctl(c->f1, SYNC_IOC_MERGE, c->fault - 8);
}

static long bad_merge_unterminated(struct bad_ctx *c, void *res)
{
	struct sync_file_info *info = res;
	struct sync_merge_data d = { .fd2 = c->f2 };
	long ret;

	memset(d.name, 'x', sizeof(d.name));
	ret = merge_with(c, c->f1, &d);
	if (ret)
		return ret;
	ret = host_ioctl(d.fence, SYNC_IOC_FILE_INFO, info);
	close_fd(d.fence);
	return ret;
}

static int check_unterminated(struct bad_ctx *c __always_unused, void *res)
{
	struct sync_file_info *info = res;

	SHIM_CHECK(info->name[sizeof(info->name) - 1] == '\0',
		   "name not terminated");
	SHIM_CHECK(strlen(info->name) == sizeof(info->name) - 1,
		   "name %s", info->name);
	return 0;
}

static long info_with(struct bad_ctx *c __always_unused, int fd,
		      struct sync_file_info *i)
{
	return host_ioctl(fd, SYNC_IOC_FILE_INFO, i);
}

static long bad_info_fd_minus1(struct bad_ctx *c, void *res)
{
	return info_with(c, -1, res);
}

static long bad_info_fd_closed(struct bad_ctx *c, void *res)
{
	return info_with(c, c->closed, res);
}

static long bad_info_flags(struct bad_ctx *c, void *res)
{
	struct sync_file_info *i = res;

	i->flags = 1;
	return info_with(c, c->f12, i);
}

static long bad_info_pad(struct bad_ctx *c, void *res)
{
	struct sync_file_info *i = res;

	i->pad = 1;
	return info_with(c, c->f12, i);
}

static long bad_info_short(struct bad_ctx *c, void *res)
{
	struct sync_fence_info fi[1];
	struct sync_file_info *i = res;

	i->num_fences = 1;
	i->sync_fence_info = (unsigned long)fi;
	return info_with(c, c->f12, i);
}

static long bad_info_zero(struct bad_ctx *c, void *res)
{
	struct sync_file_info *i = res;

	/* A bad pointer is never looked at when only counting. */
	i->sync_fence_info = (unsigned long)c->fault;
	return info_with(c, c->f12, i);
}

static int check_count(struct bad_ctx *c __always_unused, void *res)
{
	struct sync_file_info *i = res;

	SHIM_CHECK(i->num_fences == 2, "%u fences", i->num_fences);
	SHIM_CHECK(i->status == 0, "status %d", i->status);
	return 0;
}

static long bad_info_huge(struct bad_ctx *c, void *res)
{
	struct sync_fence_info fi[2];
	struct sync_file_info *i = res;

	i->num_fences = 0xffffffff;
	i->sync_fence_info = (unsigned long)fi;
	return info_with(c, c->f12, i);
}

static long bad_info_null_array(struct bad_ctx *c, void *res)
{
	struct sync_file_info *i = res;

	i->num_fences = 2;
	return info_with(c, c->f12, i);
}

static long bad_info_fault_array(struct bad_ctx *c, void *res)
{
	struct sync_file_info *i = res;

	i->num_fences = 2;
	i->sync_fence_info = (unsigned long)c->fault;
	return info_with(c, c->f12, i);
}

static long bad_info_partial_array(struct bad_ctx *c, void *res)
{
	struct sync_file_info *i = res;

	i->num_fences = 2;
	i->sync_fence_info = (unsigned long)(c->fault -
					     sizeof(struct sync_fence_info));
	return info_with(c, c->f12, i);
}

static long bad_info_null(struct bad_ctx *c, void *res __always_unused)
{
	return host_ioctl(c->f12, SYNC_IOC_FILE_INFO, NULL);
}

static long bad_info_fault(struct bad_ctx *c, void *res __always_unused)
{
	return host_ioctl(c->f12, SYNC_IOC_FILE_INFO, c->fault);
}

static long bad_deadline_pad(struct bad_ctx *c, void *res __always_unused)
{
	struct sync_set_deadline ts = { .deadline_ns = 1, .pad = 1 };

	return host_ioctl(c->f1, SYNC_IOC_SET_DEADLINE, &ts);
}

static long bad_deadline_null(struct bad_ctx *c, void *res __always_unused)
{
	return host_ioctl(c->f1, SYNC_IOC_SET_DEADLINE, NULL);
}

static long bad_deadline_fault(struct bad_ctx *c, void *res __always_unused)
{
	return host_ioctl(c->f1, SYNC_IOC_SET_DEADLINE, c->fault);
}

static long bad_deadline_fd_minus1(struct bad_ctx *c __always_unused,
				   void *res __always_unused)
{
	struct sync_set_deadline ts = { };

	return host_ioctl(-1, SYNC_IOC_SET_DEADLINE, &ts);
}

static long bad_deadline_fd_closed(struct bad_ctx *c, void *res __always_unused)
{
	struct sync_set_deadline ts = { };

	return host_ioctl(c->closed, SYNC_IOC_SET_DEADLINE, &ts);
}

static long bad_unknown_cmd(struct bad_ctx *c, void *res)
{
	return host_ioctl(c->f1, _IOWR(SYNC_IOC_MAGIC, 2, int), res);
}

static long bad_sw_sync_cmd_on_sync_file(struct bad_ctx *c,
					 void *res __always_unused)
{
	unsigned int one = 1;

	return host_ioctl(c->f1, SW_SYNC_IOC_INC, &one);
}

static long bad_sync_cmd_on_timeline(struct bad_ctx *c, void *res)
{
	return host_ioctl(c->tl, SYNC_IOC_FILE_INFO, res);
}

static long bad_create_null(struct bad_ctx *c, void *res __always_unused)
{
	return host_ioctl(c->tl, SW_SYNC_IOC_CREATE_FENCE, NULL);
}

static long bad_create_fault(struct bad_ctx *c, void *res __always_unused)
{
	return host_ioctl(c->tl, SW_SYNC_IOC_CREATE_FENCE, c->fault);
}

static long bad_create_fd_closed(struct bad_ctx *c, void *res __always_unused)
{
	struct sw_sync_create_fence_data d = { .value = 1 };

	return host_ioctl(c->closed, SW_SYNC_IOC_CREATE_FENCE, &d);
}

static long bad_create_unterminated(struct bad_ctx *c, void *res)
{
	struct sw_sync_create_fence_data d = { .value = 9 };
	long ret;

	memset(d.name, 'y', sizeof(d.name));
	ret = host_ioctl(c->tl, SW_SYNC_IOC_CREATE_FENCE, &d);
	if (ret)
		return ret;
	ret = host_ioctl(d.fence, SYNC_IOC_FILE_INFO, res);
	close_fd(d.fence);
	return ret;
}

static int check_terminated(struct bad_ctx *c __always_unused, void *res)
{
	struct sync_file_info *info = res;

	SHIM_CHECK(memchr(info->name, '\0', sizeof(info->name)),
		   "name not terminated");
	return 0;
}

static long bad_inc_null(struct bad_ctx *c, void *res __always_unused)
{
	return host_ioctl(c->tl, SW_SYNC_IOC_INC, NULL);
}

static long bad_inc_fault(struct bad_ctx *c, void *res __always_unused)
{
	return host_ioctl(c->tl, SW_SYNC_IOC_INC, c->fault);
}

static long bad_inc_fd_minus1(struct bad_ctx *c __always_unused,
			      void *res __always_unused)
{
	unsigned int one = 1;

	return host_ioctl(-1, SW_SYNC_IOC_INC, &one);
}

#define ROW(fn, err)		{ #fn, bad_##fn, err, NULL }
#define ROW_CHECK(fn, err, chk)	{ #fn, bad_##fn, err, chk }

static const struct bad_row bad_rows[] = {
	ROW(merge_fd_minus1, -EBADF),
	ROW(merge_fd_closed, -EBADF),
	ROW(merge_fd2_minus1, -ENOENT),
	ROW(merge_fd2_closed, -ENOENT),
	ROW(merge_fd2_timeline, -ENOENT),
	ROW(merge_flags, -EINVAL),
	ROW(merge_pad, -EINVAL),
	ROW(merge_null, -EFAULT),
	ROW(merge_fault, -EFAULT),
	ROW(merge_partial, -EFAULT),
	ROW_CHECK(merge_unterminated, 0, check_unterminated),
	ROW(info_fd_minus1, -EBADF),
	ROW(info_fd_closed, -EBADF),
	ROW(info_flags, -EINVAL),
	ROW(info_pad, -EINVAL),
	ROW(info_short, -EINVAL),
	ROW_CHECK(info_zero, 0, check_count),
	ROW_CHECK(info_huge, 0, check_count),
	ROW(info_null_array, -EFAULT),
	ROW(info_fault_array, -EFAULT),
	ROW(info_partial_array, -EFAULT),
	ROW(info_null, -EFAULT),
	ROW(info_fault, -EFAULT),
	ROW(deadline_pad, -EINVAL),
	ROW(deadline_null, -EFAULT),
	ROW(deadline_fault, -EFAULT),
	ROW(deadline_fd_minus1, -EBADF),
	ROW(deadline_fd_closed, -EBADF),
	ROW(unknown_cmd, -ENOTTY),
	ROW(sw_sync_cmd_on_sync_file, -ENOTTY),
	ROW(sync_cmd_on_timeline, -ENOTTY),
	ROW(create_null, -EFAULT),
	ROW(create_fault, -EFAULT),
	ROW(create_fd_closed, -EBADF),
	ROW_CHECK(create_unterminated, 0, check_terminated),
	ROW(inc_null, -EFAULT),
	ROW(inc_fault, -EFAULT),
	ROW(inc_fd_minus1, -EBADF),
};

static int bad_ctx_init(struct bad_ctx *c)
{
	static char pages[3 * 4096] __attribute__((aligned(4096)));

	c->tl = sw_sync_open();
	c->tl2 = sw_sync_open();
	SHIM_CHECK(c->tl >= 0 && c->tl2 >= 0, "open");
	c->f1 = sw_sync_fence(c->tl, 1, "f1");
	c->f2 = sw_sync_fence(c->tl2, 1, "f2");
	SHIM_CHECK(c->f1 >= 0 && c->f2 >= 0, "create");
	c->f12 = sync_merge("f12", c->f1, c->f2);
	SHIM_CHECK(c->f12 >= 0, "merge");
	c->closed = sw_sync_fence(c->tl, 2, "closed");
	SHIM_CHECK(c->closed >= 0, "create");
	close_fd(c->closed);
	c->fault = pages + 4096;
	host_uaccess_add_fault(c->fault, 4096);
	return 0;
}

static void bad_ctx_fini(struct bad_ctx *c)
{
	host_uaccess_clear_faults();
	close_fd(c->f12);
	close_fd(c->f2);
	close_fd(c->f1);
	close_fd(c->tl2);
	close_fd(c->tl);
}

static int test_bad_input(void)
{
	struct bad_ctx c;
	size_t i;
	int failed = 0;

	if (bad_ctx_init(&c))
		return -1;

	for (i = 0; i < ARRAY_SIZE(bad_rows); i++) {
		const struct bad_row *row = &bad_rows[i];
		struct sync_file_info res = { };
		int fd_before = next_free_fd();
		long live, ret;

		host_quiesce();
		live = host_alloc_live();
		ret = row->call(&c, &res);
		if (ret != row->expect) {
			fprintf(stderr, "# %s: got %ld, want %ld\n", row->name,
				ret, row->expect);
			failed++;
			continue;
		}
		if (row->check && row->check(&c, &res)) {
			fprintf(stderr, "# %s: bad result\n", row->name);
			failed++;
			continue;
		}
		failed += bad_row_clean(row->name, fd_before, live);
		/* Nothing signaled by accident. */
		if (sync_status(c.f12, NULL) != 0) {
			fprintf(stderr, "# %s: changed f12\n", row->name);
			failed++;
		}
	}
	printf("# %zu bad-input rows, %d failed\n", ARRAY_SIZE(bad_rows),
	       failed);

	bad_ctx_fini(&c);
	return failed ? -1 : 0;
}

/* ---- allocation failures ---------------------------------------------- */

/* Create, merge and query once; 0 or the first error. */
static int create_merge_info(void)
{
	struct sync_fence_info fi[2];
	struct sync_file_info info = { .num_fences = 2 };
	int tl1, tl2, a, b, ab, err;

	tl1 = sw_sync_open();
	if (tl1 < 0)
		return tl1;
	tl2 = sw_sync_open();
	if (tl2 < 0) {
		err = tl2;
		goto out_tl1;
	}
	a = sw_sync_fence(tl1, 1, "a");
	if (a < 0) {
		err = a;
		goto out_tl2;
	}
	b = sw_sync_fence(tl2, 1, "b");
	if (b < 0) {
		err = b;
		goto out_a;
	}
	ab = sync_merge("ab", a, b);
	if (ab < 0) {
		err = ab;
		goto out_b;
	}
	info.sync_fence_info = (unsigned long)fi;
	err = (int)host_ioctl(ab, SYNC_IOC_FILE_INFO, &info);
	if (!err && info.num_fences != 2)
		err = -EIO;

	close_fd(ab);
out_b:
	close_fd(b);
out_a:
	close_fd(a);
out_tl2:
	close_fd(tl2);
out_tl1:
	close_fd(tl1);
	return err;
}

static int test_fail_nth(void)
{
	long n = fail_each_allocation(create_merge_info, NULL);

	SHIM_CHECK(n > 5, "%ld allocations", n);
	printf("# failed each of %ld allocations once\n", n);
	return 0;
}

static int test_debug_info(void)
{
	int tl, tl2, f, g, h, fg;
	struct seq_file *s;

	tl = sw_sync_open();
	f = sw_sync_fence(tl, 3, "f");
	g = sw_sync_fence(tl, 4, "g");
	SHIM_CHECK(tl >= 0 && f >= 0 && g >= 0, "setup");
	SHIM_CHECK(sw_sync_inc(tl, 3) == 0, "inc");
	tl2 = sw_sync_open();
	h = sw_sync_fence(tl2, 1, "h");
	fg = sync_merge("fg", g, h);
	SHIM_CHECK(tl2 >= 0 && h >= 0 && fg >= 0, "merge");
	close_fd(h);
	close_fd(tl2);

	s = host_seq_file_new(1 << 16);
	SHIM_CHECK(s, "seq_file");
	SHIM_CHECK(sync_info_debugfs_show(s, NULL) == 0, "show");
	fprintf(stderr, "%s", s->buf);
	if (!strstr(s->buf, ": 3\n  4 active\n")) {
		host_seq_file_free(s);
		SHIM_CHECK(0, "timeline not listed");
	}
	/* The sync files, a merged one with each of its fences. */
	if (!strstr(s->buf, "\nfences:\n--------------\n") ||
	    !strstr(s->buf, "\nfg: active\n  sw_sync ") ||
	    !strstr(s->buf, " 3 signaled @") ||
	    !strstr(s->buf, " 1 error -2 @")) {
		host_seq_file_free(s);
		SHIM_CHECK(0, "sync files not listed");
	}
	host_seq_file_free(s);

	close_fd(fg);
	close_fd(g);
	close_fd(f);
	close_fd(tl);
	return 0;
}

static const struct shim_test tests[] = {
	SHIM_TEST(create_info),
	SHIM_TEST(merge),
	SHIM_TEST(merge_status),
	SHIM_TEST(merge_signaled_order),
	SHIM_TEST(poll),
	SHIM_TEST(deadline),
	SHIM_TEST(kernel_api),
	SHIM_TEST(bad_input),
	SHIM_TEST(fail_nth),
	SHIM_TEST(debug_info),
};

int main(void)
{
	return shim_run(tests, ARRAY_SIZE(tests));
}
