// SPDX-License-Identifier: GPL-2.0-only
/*
 * fencepost module entry: loads our dma-buf synchronization core beside the
 * kernel's own, and optionally runs the selftest registry at load time.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/dma-buf.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/seqno-fence.h>
#include <linux/string.h>
#include <linux/sync_file.h>

#include "../dma-buf/sync_debug.h"
#include "../selftests/selftest.h"
#include "../vgem/vgem.h"

/**
 * DOC: module
 *
 * fencepost.ko carries a complete copy of the dma-fence / dma-resv core
 * under renamed symbols (see module/fencepost-rename.h), so it loads into a
 * kernel that has the real subsystem built in without touching it: nothing
 * outside this module can reach our objects, and our objects never reach
 * the kernel's.
 *
 * The ``selftests`` parameter runs the selftest registry from module init
 * and reports through the kernel log in TAP, bracketed by "selftests:
 * start" and "selftests: done" lines::
 *
 *	insmod fencepost.ko selftests=1            # every case
 *	insmod fencepost.ko selftests='dma_resv*'  # a glob on "suite/case"
 *	insmod fencepost.ko selftests='dma_resv*,*signal*'  # any of the globs
 *
 * A few cases WARN on purpose (bad arguments to APIs that warn about them,
 * as the kernel's do). Each WARN prints a backtrace and taints the kernel
 * (W), so by default those cases are reported as TAP SKIPs ("# SKIP
 * triggers N deliberate WARNs") and a run leaves a clean log. With
 * ``selftest_warns=1`` they run, each after a "# expect N WARNs" comment;
 * the caller then checks that the log holds exactly that many warnings::
 *
 *	insmod fencepost.ko selftests=1 selftest_warns=1
 *
 * The cases run on a kernel thread of their own, not in insmod's context:
 * the last fput() of a file from a user task is deferred to that task's
 * return to user space, which would hold back every dma-buf release until
 * module init is over; from a kernel thread it goes to the delayed-fput
 * work and happens while the case still waits for it. Failing cases do not
 * fail the load: the module stays loaded so that its unload path is
 * exercised after a failure too.
 *
 * The module also publishes the sw_sync test interface, as the kernel does
 * with CONFIG_SW_SYNC (which Debian leaves off, so the names are free):
 * debugfs sync/sw_sync and sync/info, and the misc device /dev/sw_sync with
 * the same file operations. The sw_sync and sync_file files hold a
 * reference on the module, so rmmod fails while one is open.
 *
 * debugfs fencepost/bufinfo lists every dma-buf of the module, in the
 * layout of the kernel's own dma_buf/bufinfo (which is taken: the stock
 * kernel has dma-buf built in).
 *
 * At unload, after everything the module owns is torn down, no dma-buf,
 * sync file or sw_sync timeline may be left: every one of them holds a
 * file or a fence that a leaked reference keeps alive. A leftover is
 * reported with its counts and a WARN, which the VM test plans treat as a
 * failure. (Fences themselves are not counted: their release belongs to
 * each fence's driver, and a leaked fence keeps its sw_sync timeline, its
 * sync file or its buffer alive, which is counted.)
 */

static char *selftests;
module_param(selftests, charp, 0444);
MODULE_PARM_DESC(selftests,
		 "Run the selftests at load: 1/y/all for every case, or comma-separated globs on \"suite/case\"");

static bool selftest_warns;
module_param(selftest_warns, bool, 0444);
MODULE_PARM_DESC(selftest_warns,
		 "Also run the selftest cases that WARN on purpose (taints the kernel W); default: skip them");

/*
 * A suite whose source is left out of the build (FENCEPOST_EXCLUDE in
 * Kbuild) resolves to one of these empty stand-ins; the real definition
 * wins whenever it is linked in.
 */
#define selftest(sname) \
	const struct st_suite st_suite_##sname __weak = { .name = #sname };
#include "../selftests/selftests.h"
#undef selftest

static const struct st_suite *const fencepost_suites[] = {
#define selftest(sname) &st_suite_##sname,
#include "../selftests/selftests.h"
#undef selftest
};

static const char *const fencepost_all[] = { "1", "y", "Y", "yes", "all", "on" };
static const char *const fencepost_none[] = { "", "0", "n", "N", "no", "off" };

static void fencepost_report_missing(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fencepost_suites); i++)
		if (!fencepost_suites[i]->cases)
			pr_warn("selftests: suite %s is not built in\n",
				fencepost_suites[i]->name);
}

/**
 * struct fencepost_st_job - one selftest run on its own thread
 * @filter: passed to st_run()
 * @failed: st_run()'s result
 * @done: completed by the thread as it exits
 */
struct fencepost_st_job {
	const char *filter;
	int failed;
	struct completion done;
};

static int fencepost_st_thread(void *data)
{
	struct fencepost_st_job *job = data;

	job->failed = st_run(job->filter, selftest_warns);
	kthread_complete_and_exit(&job->done, 0);
}

/*
 * Wait for the run without looking hung: the hung-task detector complains
 * about a task blocked for two minutes, and a slow machine can take that.
 */
static void fencepost_st_wait(struct fencepost_st_job *job)
{
	while (!wait_for_completion_timeout(&job->done, 10 * HZ))
		cond_resched();
}

static void fencepost_run_selftests(void)
{
	struct fencepost_st_job job = { .filter = selftests };
	struct task_struct *tsk;

	if (!selftests || match_string(fencepost_none,
				       ARRAY_SIZE(fencepost_none),
				       selftests) >= 0)
		return;
	if (match_string(fencepost_all, ARRAY_SIZE(fencepost_all),
			 selftests) >= 0)
		job.filter = NULL;
	init_completion(&job.done);

	pr_info("selftests: start, filter %s%s\n", job.filter ?: "*",
		selftest_warns ? ", deliberate WARNs allowed" : "");
	fencepost_report_missing();
	tsk = kthread_run(fencepost_st_thread, &job, "fencepost-st");
	if (IS_ERR(tsk)) {
		pr_err("selftests: no thread to run them: %ld\n", PTR_ERR(tsk));
		return;
	}
	fencepost_st_wait(&job);
	pr_info("selftests: done, %d failed\n", job.failed);
}

static struct miscdevice fencepost_sw_sync_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "sw_sync",
	.fops = &sw_sync_debugfs_fops,
	.mode = 0644,
};

static struct dentry *fencepost_debugfs_dir;

static int fencepost_bufinfo_show(struct seq_file *s, void *unused)
{
	dma_buf_debug_show(s);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(fencepost_bufinfo);

static void fencepost_debugfs_init(void)
{
	fencepost_debugfs_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("bufinfo", 0444, fencepost_debugfs_dir, NULL,
			    &fencepost_bufinfo_fops);
}

/* Complain loudly about objects that outlive everything that made them. */
static void fencepost_check_leaks(void)
{
	unsigned long bufs = dma_buf_live_count();
	unsigned long files = sync_file_live_count();
	unsigned long timelines = sync_timeline_live_count();

	WARN(bufs || files || timelines,
	     "leaked at unload: %lu dma-bufs, %lu sync files, %lu sw_sync timelines\n",
	     bufs, files, timelines);
}

static int __init fencepost_init(void)
{
	int err;

	err = dma_buf_init();
	if (err)
		return err;

	err = seqno_fence_wq_init();
	if (err)
		goto err_dma_buf;

	err = sync_debugfs_init();
	if (err)
		pr_warn("no debugfs sync/ (%d): only /dev/sw_sync\n", err);

	err = misc_register(&fencepost_sw_sync_misc);
	if (err) {
		pr_err("cannot register /dev/sw_sync: %d\n", err);
		goto err_debugfs;
	}

	err = fencepost_vgem_init();
	if (err) {
		pr_err("cannot register /dev/fencepost_vgem: %d\n", err);
		goto err_sw_sync;
	}

	fencepost_debugfs_init();
	fencepost_run_selftests();
	return 0;

err_sw_sync:
	misc_deregister(&fencepost_sw_sync_misc);
err_debugfs:
	sync_debugfs_exit();
	seqno_fence_wq_exit();
err_dma_buf:
	dma_buf_exit();
	return err;
}
module_init(fencepost_init);

static void __exit fencepost_exit(void)
{
	debugfs_remove_recursive(fencepost_debugfs_dir);
	fencepost_vgem_exit();
	misc_deregister(&fencepost_sw_sync_misc);
	sync_debugfs_exit();
	/* Fences freed from RCU callbacks, then the seqno release work. */
	rcu_barrier();
	seqno_fence_wq_exit();
	rcu_barrier();
	fencepost_check_leaks();
	dma_buf_exit();
	pr_info("unloaded\n");
}
module_exit(fencepost_exit);

MODULE_DESCRIPTION("fencepost: dma-buf synchronization core and its selftests");
MODULE_LICENSE("GPL");
