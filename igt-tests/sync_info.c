// SPDX-License-Identifier: GPL-2.0-only
/*
 * sync_info: tools/sync-info on real sync_files, in the VM. It runs the
 * sync-info program (SYNC_INFO=path, else sync-info beside this program or
 * in /bin) on sync_files this process holds, and compares what it prints
 * with what SYNC_IOC_FILE_INFO says:
 *   - vgem fences (lib/igt_vgem.h: IGT_VGEM=stock or fencepost): one fence
 *     by inherited descriptor and by /proc/PID/fd/N, active then signaled
 *     with the signal time; the seqno from the default name; a merge of
 *     two; every sync_file and dma-buf of this process with -p and -d;
 *   - sw_sync fences (fencepost.ko only: debugfs sync/sw_sync): the seqno
 *     of one fence from the default name, and of each fence of a named
 *     merge from sync/info.
 * Output is read as text: the JSON lines sync-info writes are one fence
 * per line, so plain string matching is enough here.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/sw_sync.h>
#include <linux/sync_file.h>

#include "lib/igt.h"
#include "lib/igt_vgem.h"

static int vgem = -1;
static char sync_info[PATH_MAX];
static char out[65536];

static const char *sw_sync_paths[] = {
	"/sys/kernel/debug/sync/sw_sync",
	"/dev/sw_sync",
};

static bool find_sync_info(const char *argv0)
{
	const char *env = getenv("SYNC_INFO");
	const char *slash = strrchr(argv0, '/');

	if (env && *env) {
		snprintf(sync_info, sizeof(sync_info), "%s", env);
		return access(sync_info, X_OK) == 0;
	}
	if (slash) {
		snprintf(sync_info, sizeof(sync_info), "%.*s/sync-info",
			 (int)(slash - argv0), argv0);
		if (access(sync_info, X_OK) == 0)
			return true;
		/* From the build tree: igt-tests/ beside tools/. */
		snprintf(sync_info, sizeof(sync_info), "%.*s/../tools/sync-info",
			 (int)(slash - argv0), argv0);
		if (access(sync_info, X_OK) == 0)
			return true;
	}
	snprintf(sync_info, sizeof(sync_info), "/bin/sync-info");
	return access(sync_info, X_OK) == 0;
}

/*
 * Run sync-info with @args (NULL-terminated, after argv[0]); @keep_fd is
 * left open across exec (-1: none). Its standard output goes to out[];
 * returns its exit status.
 */
static int run(int keep_fd, const char *const *args)
{
	const char *argv[16] = { sync_info };
	int pipefd[2], status, n = 1;
	size_t len = 0;
	ssize_t r;
	pid_t pid;

	while (*args && n < 15)
		argv[n++] = *args++;
	argv[n] = NULL;
	igt_assert_eq(pipe2(pipefd, O_CLOEXEC), 0);
	pid = fork();
	igt_assert(pid >= 0);
	if (pid == 0) {
		dup2(pipefd[1], 1);
		if (keep_fd >= 0)
			fcntl(keep_fd, F_SETFD, 0);
		execv(sync_info, (char *const *)argv);
		_exit(127);
	}
	close(pipefd[1]);
	while ((r = read(pipefd[0], out + len, sizeof(out) - 1 - len)) > 0)
		len += r;
	out[len] = '\0';
	close(pipefd[0]);
	igt_assert_eq(waitpid(pid, &status, 0), pid);
	igt_info("$ %s%s%s%s%s ...\n%s", sync_info, argv[1] ? " " : "",
		 argv[1] ? argv[1] : "", argv[2] ? " " : "",
		 argv[2] ? argv[2] : "", out);
	igt_assert(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void expect(const char *needle)
{
	igt_assert_f(strstr(out, needle), "sync-info printed no '%s'\n",
		     needle);
}

static void expect_not(const char *needle)
{
	igt_assert_f(!strstr(out, needle), "sync-info printed '%s'\n",
		     needle);
}

static uint32_t file_info(int fd, struct sync_file_info *info,
			  struct sync_fence_info *fi, uint32_t max)
{
	memset(info, 0, sizeof(*info));
	info->num_fences = max;
	info->sync_fence_info = (uint64_t)(uintptr_t)fi;
	igt_assert_eq(ioctl(fd, SYNC_IOC_FILE_INFO, info), 0);
	return info->num_fences;
}

/* sync-info's JSON for fence @fi, up to its seqno. */
static void expect_fence(const struct sync_fence_info *fi)
{
	char s[256];

	snprintf(s, sizeof(s), "{\"timeline\": \"%s\", \"driver\": \"%s\", "
		 "\"status\": \"%s\", \"status_code\": %d",
		 fi->obj_name, fi->driver_name,
		 fi->status < 0 ? "error" : fi->status ? "signaled" : "active",
		 fi->status);
	expect(s);
	if (fi->status) {
		snprintf(s, sizeof(s), "\"timestamp_ns\": %llu}",
			 (unsigned long long)fi->timestamp_ns);
		expect(s);
	}
}

static int sw_sync_open(void)
{
	for (size_t i = 0; i < sizeof(sw_sync_paths) / sizeof(*sw_sync_paths); i++) {
		int fd = open(sw_sync_paths[i], O_RDWR | O_CLOEXEC);

		if (fd >= 0)
			return fd;
	}
	return -1;
}

static int sw_fence(int timeline, uint32_t value, const char *name)
{
	struct sw_sync_create_fence_data data = { .value = value };

	snprintf(data.name, sizeof(data.name), "%s", name);
	igt_assert_eq(ioctl(timeline, SW_SYNC_IOC_CREATE_FENCE, &data), 0);
	return data.fence;
}

static int merge(int a, int b, const char *name)
{
	struct sync_merge_data data = { .fd2 = b };

	snprintf(data.name, sizeof(data.name), "%s", name);
	igt_assert_eq(ioctl(a, SYNC_IOC_MERGE, &data), 0);
	return data.fence;
}

igt_main
{
	char fdarg[32], path[64], pidarg[32];

	igt_fixture {
		igt_require_f(find_sync_info(program_invocation_name),
			      "no sync-info program (SYNC_INFO=path)\n");
		snprintf(pidarg, sizeof(pidarg), "%d", getpid());
	}

	igt_subtest("vgem-fence") {
		struct sync_fence_info fi;
		struct sync_file_info info;
		uint32_t handle;
		int fd;

		vgem = igt_vgem_open();
		fd = vgem_fence_sync_file(vgem, &handle);
		igt_assert_eq(file_info(fd, &info, &fi, 1), 1);
		snprintf(fdarg, sizeof(fdarg), "%d", fd);

		/* An inherited descriptor, as a number. */
		igt_assert_eq(run(fd, (const char *[]){ "--json", fdarg, NULL }), 0);
		expect("\"type\": \"sync_file\"");
		expect("\"status\": \"active\", \"status_code\": 0, \"fences\": [");
		expect_fence(&fi);
		/* The default name gives the seqno. */
		expect("\"seqno_from\": \"name\"");

		vgem_fence_signal(vgem, handle);
		igt_assert_eq(file_info(fd, &info, &fi, 1), 1);
		igt_assert_eq(fi.status, 1);

		/* Another process's descriptor, by path (pidfd_getfd). */
		snprintf(path, sizeof(path), "/proc/%d/fd/%d", getpid(), fd);
		igt_assert_eq(run(-1, (const char *[]){ "-j", path, NULL }), 0);
		expect("\"status\": \"signaled\", \"status_code\": 1");
		expect_fence(&fi);

		/* The table. */
		igt_assert_eq(run(fd, (const char *[]){ fdarg, NULL }), 0);
		expect(" signaled ");
		expect("  fence 0: timeline=");
		close(fd);
		close(vgem);
	}

	igt_subtest("vgem-merge") {
		struct sync_fence_info fi[2];
		struct sync_file_info info;
		uint32_t h1, h2;
		int a, b, m;

		vgem = igt_vgem_open();
		a = vgem_fence_sync_file(vgem, &h1);
		b = vgem_fence_sync_file(vgem, &h2);
		m = merge(a, b, "si-merge");
		vgem_fence_signal(vgem, h1);
		igt_assert_eq(file_info(m, &info, fi, 2), 2);
		snprintf(fdarg, sizeof(fdarg), "%d", m);
		igt_assert_eq(run(m, (const char *[]){ "-j", fdarg, NULL }), 0);
		expect("\"name\": \"si-merge\", \"status\": \"active\"");
		expect_fence(&fi[0]);
		expect_fence(&fi[1]);
		vgem_fence_signal(vgem, h2);
		close(a);
		close(b);
		close(m);
		close(vgem);
	}

	igt_subtest("process") {
		struct vgem_bo bo;
		uint32_t handle;
		int fd, dmabuf;
		char s[64];

		vgem = igt_vgem_open();
		fd = vgem_fence_sync_file(vgem, &handle);
		vgem_create_size(vgem, &bo, 8192);
		dmabuf = prime_handle_to_fd(vgem, bo.handle);

		igt_assert_eq(run(-1, (const char *[]){ "-j", "-p", pidarg, NULL }), 0);
		snprintf(s, sizeof(s), "\"type\": \"sync_file\", \"pid\": %d, \"fd\": %d,",
			 getpid(), fd);
		expect(s);
		expect_not("\"dma_buf\"");

		igt_assert_eq(run(-1, (const char *[]){ "-j", "-d", "-p", pidarg, NULL }), 0);
		expect(s);
		snprintf(s, sizeof(s), "\"type\": \"dma_buf\", \"pid\": %d, \"fd\": %d,",
			 getpid(), dmabuf);
		expect(s);
		expect("\"size\": 8192, \"count\": ");

		igt_assert_eq(run(-1, (const char *[]){ "-d", "-p", pidarg, NULL }), 0);
		expect("size=8192 count=");

		vgem_fence_signal(vgem, handle);
		close(dmabuf);
		close(fd);
		gem_close(vgem, bo.handle);
		close(vgem);
	}

	igt_subtest("sw-sync-seqno") {
		struct sync_fence_info fi[2];
		struct sync_file_info info;
		int tl1, tl2, a, b, m;
		uint32_t one = 1;

		tl1 = sw_sync_open();
		igt_require_f(tl1 >= 0, "no sw_sync (fencepost.ko only)\n");
		igt_require_f(access("/sys/kernel/debug/sync/info", R_OK) == 0,
			      "no readable debugfs sync/info\n");
		tl2 = sw_sync_open();
		a = sw_fence(tl1, 5, "si-sw-a");
		b = sw_fence(tl2, 7, "si-sw-b");
		snprintf(fdarg, sizeof(fdarg), "%d", a);
		igt_assert_eq(run(a, (const char *[]){ "-j", fdarg, NULL }), 0);
		/* sw_sync ignores the fence's name: the default name. */
		expect("\"status\": \"active\", \"status_code\": 0");
		expect("\"seqno\": 5, \"seqno_from\": \"name\"");

		m = merge(a, b, "si-sw-merge");
		igt_assert_eq(ioctl(tl1, SW_SYNC_IOC_INC, &one), 0);
		igt_assert_eq(file_info(m, &info, fi, 2), 2);
		snprintf(fdarg, sizeof(fdarg), "%d", m);
		igt_assert_eq(run(m, (const char *[]){ "-j", fdarg, NULL }), 0);
		expect_fence(&fi[0]);
		expect_fence(&fi[1]);
		expect("\"seqno\": 5, \"seqno_from\": \"sync/info\"");
		expect("\"seqno\": 7, \"seqno_from\": \"sync/info\"");

		/* Signal them: the table shows both signaled. */
		igt_assert_eq(ioctl(tl1, SW_SYNC_IOC_INC, &(uint32_t){ 4 }), 0);
		igt_assert_eq(ioctl(tl2, SW_SYNC_IOC_INC, &(uint32_t){ 7 }), 0);
		igt_assert_eq(run(m, (const char *[]){ fdarg, NULL }), 0);
		expect(" signaled ");
		expect("seqno=5 status=signaled");
		expect("seqno=7 status=signaled");
		close(m);
		close(a);
		close(b);
		close(tl1);
		close(tl2);
	}

	igt_subtest("errors") {
		/* Not a sync_file; no such descriptor; no such process. */
		igt_assert_eq(run(-1, (const char *[]){ "/proc/self/exe", NULL }), 1);
		igt_assert_eq(run(-1, (const char *[]){ "1000", NULL }), 1);
		igt_assert_eq(run(-1, (const char *[]){ "-p", "2147483647", NULL }), 1);
		igt_assert_eq(run(-1, (const char *[]){ "--bogus", NULL }), 2);
	}
}
