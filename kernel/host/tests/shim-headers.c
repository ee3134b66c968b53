// SPDX-License-Identifier: GPL-2.0-only
/*
 * Compile test: the C library's headers and the shim's must coexist in one
 * translation unit, as they do in the runtime (glibc reaches uAPI headers
 * such as <linux/types.h>, <linux/limits.h> and <linux/errno.h>, which the
 * shim shadows).  This file includes the shim first and the C library
 * afterwards; the runtime files cover the other order.
 */
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <linux/kthread.h>
#include <linux/uaccess.h>
#include <linux/ww_mutex.h>
#include <linux/rcupdate.h>
#include <linux/rbtree.h>
#include <linux/irq_work.h>
#include <linux/seq_file.h>
#include <linux/random.h>
#include <linux/dma-mapping.h>
#include <linux/seqlock.h>
#include <linux/idr.h>
#include <linux/xarray.h>
#include <linux/mm.h>
#include <linux/highmem.h>
#include <linux/vmalloc.h>
#include <drm/drm.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "shim-tap.h"

static int test_headers(void)
{
	loff_t off = 0;
	size_t sz = SIZE_MAX;

	SHIM_CHECK(EAGAIN == 11 && ERESTARTSYS == 512, "errno values");
	SHIM_CHECK(O_CLOEXEC == 02000000 && POLLIN == 1, "flag values");
	SHIM_CHECK(U32_MAX == UINT_MAX && sz == (size_t)-1 && !off, "limits");
	SHIM_CHECK(EPOLLIN == (__poll_t)POLLIN, "poll values");
	return 0;
}

static const struct shim_test tests[] = {
	SHIM_TEST(headers),
};

int main(void)
{
	return shim_run(tests, ARRAY_SIZE(tests));
}
