// SPDX-License-Identifier: GPL-2.0-only
/*
 * The harness behind igt.h: command line, subtest selection, results and
 * exit status, in IGT's formats.
 */

#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "igt.h"

jmp_buf igt_subtest_jmpbuf;

static const char *command_name = "igt";
static bool list_subtests;
static bool debug;
static const char *run_filter;

/* The subtest running now, or NULL; whether a fixture is running. */
static const char *in_subtest;
static char in_subtest_buf[256];
static bool in_fixture;
static struct timespec subtest_start;

/* A fixture failed or skipped: every later subtest fails or skips. */
static bool fail_rest, skip_rest;

static unsigned int n_matched, n_success, n_skip, n_fail;

static void usage(FILE *f)
{
	fprintf(f, "Usage: %s [OPTIONS]\n"
		"  --list-subtests\n"
		"  --run-subtest <pattern>\n"
		"  --debug\n"
		"  --help\n", command_name);
}

void igt_subtest_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "list-subtests", no_argument, NULL, 'l' },
		{ "run-subtest", required_argument, NULL, 'r' },
		{ "debug", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *slash = strrchr(argv[0], '/');
	int c;

	command_name = slash ? slash + 1 : argv[0];
	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			list_subtests = true;
			break;
		case 'r':
			run_filter = optarg;
			break;
		case 'd':
			debug = true;
			break;
		case 'h':
			usage(stdout);
			exit(IGT_EXIT_SUCCESS);
		default:
			usage(stderr);
			exit(IGT_EXIT_INVALID);
		}
	}
	if (optind < argc) {
		usage(stderr);
		exit(IGT_EXIT_INVALID);
	}
	if (!list_subtests)
		printf("IGT-Version: fencepost (%s)\n", command_name);
}

static double elapsed(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - subtest_start.tv_sec) +
	       (now.tv_nsec - subtest_start.tv_nsec) / 1e9;
}

static void subtest_result(const char *result)
{
	printf("Subtest %s: %s (%.3fs)\n", in_subtest, result, elapsed());
	in_subtest = NULL;
}

const char *__igt_name_f(const char *fmt, ...)
{
	static char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return buf;
}

bool __igt_run_subtest(const char *name)
{
	if (list_subtests) {
		printf("%s\n", name);
		return false;
	}
	if (run_filter && fnmatch(run_filter, name, 0) != 0)
		return false;

	n_matched++;
	snprintf(in_subtest_buf, sizeof(in_subtest_buf), "%s", name);
	in_subtest = in_subtest_buf;
	clock_gettime(CLOCK_MONOTONIC, &subtest_start);
	printf("Starting subtest: %s\n", name);
	if (fail_rest) {
		n_fail++;
		subtest_result("FAIL");
		return false;
	}
	if (skip_rest) {
		n_skip++;
		subtest_result("SKIP");
		return false;
	}
	return true;
}

void __igt_subtest_done(void)
{
	n_success++;
	subtest_result("SUCCESS");
	longjmp(igt_subtest_jmpbuf, 1);
}

bool __igt_fixture(void)
{
	if (list_subtests || fail_rest || skip_rest)
		return false;
	in_fixture = true;
	return true;
}

void __igt_fixture_done(void)
{
	in_fixture = false;
}

/* Leave the subtest or fixture after a skip or a failure. */
static void __attribute__((noreturn)) leave(bool failed)
{
	if (in_subtest) {
		if (failed)
			n_fail++;
		else
			n_skip++;
		subtest_result(failed ? "FAIL" : "SKIP");
		longjmp(igt_subtest_jmpbuf, 1);
	}
	if (in_fixture) {
		in_fixture = false;
		if (failed)
			fail_rest = true;
		else
			skip_rest = true;
		longjmp(igt_subtest_jmpbuf, 1);
	}
	/* Outside any block: nothing later can run. */
	if (failed)
		n_fail++;
	else
		skip_rest = true;
	igt_exit();
}

static void vreport(const char *what, const char *fmt, va_list ap)
{
	fflush(stdout);
	if (what)
		fprintf(stderr, "%s", what);
	vfprintf(stderr, fmt, ap);
}

void __igt_skip(const char *file, int line, const char *func,
		const char *what, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	if (what)
		fprintf(stderr, "Test requirement not met in function %s, file %s:%d:\n"
			"Test requirement: %s\n", func, file, line, what);
	va_start(ap, fmt);
	vreport(NULL, fmt, ap);
	va_end(ap);
	leave(false);
}

void __igt_fail_assert(const char *file, int line, const char *func,
		       const char *what, const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "(%s:%d) CRITICAL: Test assertion failure function %s, file %s:%d:\n"
		"(%s:%d) CRITICAL: Failed assertion: %s\n",
		command_name, getpid(), func, file, line,
		command_name, getpid(), what);
	if (err)
		fprintf(stderr, "(%s:%d) CRITICAL: Last errno: %d, %s\n",
			command_name, getpid(), err, strerror(err));
	va_start(ap, fmt);
	vreport(NULL, fmt, ap);
	va_end(ap);
	leave(true);
}

void igt_fail(int exitcode)
{
	(void)exitcode;
	leave(true);
}

void igt_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

void igt_debug(const char *fmt, ...)
{
	va_list ap;

	if (!debug)
		return;
	va_start(ap, fmt);
	vreport("DEBUG: ", fmt, ap);
	va_end(ap);
}

void igt_exit(void)
{
	fflush(stdout);
	if (list_subtests)
		exit(IGT_EXIT_SUCCESS);
	if (run_filter && !n_matched) {
		fprintf(stderr, "Unknown subtest: %s\n", run_filter);
		exit(IGT_EXIT_INVALID);
	}
	if (n_fail)
		exit(IGT_EXIT_FAILURE);
	if (!n_success && (n_skip || skip_rest))
		exit(IGT_EXIT_SKIP);
	exit(IGT_EXIT_SUCCESS);
}

/*
 * Restarted on EINTR only (IGT also restarts on EAGAIN): none of the uAPI
 * tested here returns EAGAIN on purpose, and a module that did so by
 * mistake must fail a test, not hang it.
 */
int igt_ioctl(int fd, unsigned long request, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, request, arg);
	} while (ret == -1 && errno == EINTR);
	return ret;
}

int igt_lowest_free_fd(void)
{
	int fd = open("/dev/null", O_RDONLY);

	igt_assert_lte(0, fd);
	close(fd);
	return fd;
}

void *igt_fault_page(void)
{
	void *p = mmap(NULL, sysconf(_SC_PAGESIZE), PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	igt_assert(p != MAP_FAILED);
	return p;
}

/* Room for one descriptor's control message, aligned for struct cmsghdr. */
union igt_fd_cmsg {
	struct cmsghdr hdr;
	char buf[CMSG_SPACE(sizeof(int))];
};

void igt_send_fd(int sock, int fd, char tag)
{
	union igt_fd_cmsg ctl;
	struct iovec iov = { .iov_base = &tag, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = ctl.buf, .msg_controllen = sizeof(ctl.buf),
	};
	struct cmsghdr *cmsg;

	memset(&ctl, 0, sizeof(ctl));
	cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	igt_assert_eq(sendmsg(sock, &msg, 0), 1);
}

int __igt_recv_fd(int sock, char *tag)
{
	union igt_fd_cmsg ctl;
	struct iovec iov = { .iov_base = tag, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = ctl.buf, .msg_controllen = sizeof(ctl.buf),
	};
	struct cmsghdr *cmsg;
	int fd;

	memset(&ctl, 0, sizeof(ctl));
	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != 1)
		return -1;
	cmsg = CMSG_FIRSTHDR(&msg);
	if (!cmsg || cmsg->cmsg_level != SOL_SOCKET ||
	    cmsg->cmsg_type != SCM_RIGHTS ||
	    cmsg->cmsg_len != CMSG_LEN(sizeof(int)))
		return -1;
	memcpy(&fd, CMSG_DATA(cmsg), sizeof(int));
	return fd;
}

int igt_recv_fd(int sock, char *tag)
{
	int fd = __igt_recv_fd(sock, tag);

	igt_assert_f(fd >= 0, "no descriptor received\n");
	return fd;
}
