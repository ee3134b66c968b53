/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small test harness with the interface and output of IGT's igt_core, for
 * the black-box tests in igt-tests/. Only what those tests use: subtests,
 * fixtures, requirements (skips) and assertions, with IGT's command line
 * (--list-subtests, --run-subtest GLOB) and exit codes.
 *
 * A subtest or fixture body is the body of a for loop whose condition calls
 * setjmp(); a failed assertion or requirement, and the end of the body,
 * longjmp() back there, which ends the loop, as in IGT.
 */
#ifndef FENCEPOST_IGT_H
#define FENCEPOST_IGT_H

#include <errno.h>
#include <setjmp.h>
#include <stdbool.h>
#include <string.h>

#define IGT_EXIT_SUCCESS	0
#define IGT_EXIT_SKIP		77
#define IGT_EXIT_INVALID	79
#define IGT_EXIT_FAILURE	98

extern jmp_buf igt_subtest_jmpbuf;

void igt_subtest_init(int argc, char **argv);
void __attribute__((noreturn)) igt_exit(void);

bool __igt_run_subtest(const char *name);
void __attribute__((noreturn)) __igt_subtest_done(void);
bool __igt_fixture(void);
void __igt_fixture_done(void);
const char *__igt_name_f(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

void __attribute__((noreturn, format(printf, 5, 6)))
__igt_skip(const char *file, int line, const char *func, const char *what,
	   const char *fmt, ...);
void __attribute__((noreturn, format(printf, 5, 6)))
__igt_fail_assert(const char *file, int line, const char *func,
		  const char *what, const char *fmt, ...);
void __attribute__((noreturn)) igt_fail(int exitcode);

void igt_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void igt_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define igt_main \
	static void __igt_main_body(void); \
	int main(int argc, char **argv) \
	{ \
		igt_subtest_init(argc, argv); \
		__igt_main_body(); \
		igt_exit(); \
	} \
	static void __igt_main_body(void)

#define igt_subtest(name) \
	for (; __igt_run_subtest(name) && setjmp(igt_subtest_jmpbuf) == 0; \
	     __igt_subtest_done())

#define igt_subtest_f(...) igt_subtest(__igt_name_f(__VA_ARGS__))

#define igt_fixture \
	for (int __igt_once = __igt_fixture(); \
	     __igt_once && setjmp(igt_subtest_jmpbuf) == 0; \
	     __igt_once = 0, __igt_fixture_done())

#define igt_describe(text) do { } while (0)

#define igt_skip(...) \
	__igt_skip(__FILE__, __LINE__, __func__, NULL, __VA_ARGS__)
#define igt_skip_on_f(cond, ...) \
	do { if (cond) \
		__igt_skip(__FILE__, __LINE__, __func__, "!(" #cond ")", \
			   __VA_ARGS__); } while (0)
#define igt_skip_on(cond) igt_skip_on_f(cond, "%s", "")
#define igt_require_f(cond, ...) \
	do { if (!(cond)) \
		__igt_skip(__FILE__, __LINE__, __func__, #cond, \
			   __VA_ARGS__); } while (0)
#define igt_require(cond) igt_require_f(cond, "%s", "")

#define igt_assert_f(cond, ...) \
	do { if (!(cond)) \
		__igt_fail_assert(__FILE__, __LINE__, __func__, #cond, \
				  __VA_ARGS__); } while (0)
#define igt_assert(cond) igt_assert_f(cond, "%s", "")

#define __igt_assert_cmp(a, op, b) \
	do { \
		long long __a = (a), __b = (b); \
		if (!(__a op __b)) \
			__igt_fail_assert(__FILE__, __LINE__, __func__, \
					  #a " " #op " " #b, \
					  "error: %lld " #op " %lld is false\n", \
					  __a, __b); \
	} while (0)
#define igt_assert_eq(a, b)	__igt_assert_cmp(a, ==, b)
#define igt_assert_neq(a, b)	__igt_assert_cmp(a, !=, b)
#define igt_assert_lt(a, b)	__igt_assert_cmp(a, <, b)
#define igt_assert_lte(a, b)	__igt_assert_cmp(a, <=, b)

/*
 * Helpers for the vgem-backed tests (dma_buf, sync_file): unsigned 64-bit
 * comparisons, and ioctl() checks in IGT's style (do_ioctl: it succeeds;
 * do_ioctl_err: it fails with exactly that errno).
 */
#define __igt_assert_cmp_u64(a, op, b) \
	do { \
		unsigned long long __a = (a), __b = (b); \
		if (!(__a op __b)) \
			__igt_fail_assert(__FILE__, __LINE__, __func__, \
					  #a " " #op " " #b, \
					  "error: %#llx " #op " %#llx is false\n", \
					  __a, __b); \
	} while (0)
#define igt_assert_eq_u64(a, b)	__igt_assert_cmp_u64(a, ==, b)
#define igt_assert_neq_u64(a, b) __igt_assert_cmp_u64(a, !=, b)

/* ioctl(), restarted on EINTR: 0 or -1 with errno set. */
int igt_ioctl(int fd, unsigned long request, void *arg);

#define do_ioctl(fd, req, arg) \
	do { \
		int __ret = igt_ioctl(fd, req, arg); \
		igt_assert_f(__ret == 0, "%s failed: %s\n", #req, \
			     __ret ? strerror(errno) : ""); \
	} while (0)
#define do_ioctl_err(fd, req, arg, err) \
	do { \
		int __ret = igt_ioctl(fd, req, arg); \
		int __err = __ret ? errno : 0; \
		igt_assert_f(__ret == -1 && __err == (err), \
			     "%s: expected errno %d (%s), got %s %d (%s)\n", \
			     #req, (err), strerror(err), \
			     __ret ? "errno" : "success, errno", __err, \
			     strerror(__err)); \
	} while (0)

/*
 * igt_fork(child, n) { BODY }: run BODY in n child processes (lib/igt_fork.c),
 * child being 0..n-1 in each. A child exits 0 at the end of BODY; a failed
 * assertion or a skip in it makes it exit IGT_EXIT_FAILURE (the child prints
 * its own FAIL line first). igt_waitchildren() reaps them all and fails the
 * subtest if any child did not exit 0; igt_waitchildren_status() only
 * returns how many did not. Only the parent may fork.
 */
bool __igt_fork(int index);
void __attribute__((noreturn)) __igt_child_exit(int status);
void igt_waitchildren(void);
int igt_waitchildren_status(void);

#define igt_fork(child, num_children) \
	for (volatile int child = 0; child < (num_children); child++) \
		for (bool __igt_in_child = __igt_fork(child); __igt_in_child; \
		     __igt_child_exit(IGT_EXIT_SUCCESS)) \
			if (setjmp(igt_subtest_jmpbuf) != 0) \
				__igt_child_exit(IGT_EXIT_FAILURE); \
			else

/* The lowest free descriptor number: a failed call must not have used it. */
int igt_lowest_free_fd(void);
/* One page that faults on any access (munmap it with the page size): for
 * EFAULT checks. */
void *igt_fault_page(void);

/*
 * Descriptors over an AF_UNIX socket (SCM_RIGHTS), with one byte of data:
 * igt_send_fd() asserts; __igt_recv_fd() returns -1 on any failure (for
 * children that report by exit status), igt_recv_fd() asserts. Received
 * descriptors are close-on-exec.
 */
void igt_send_fd(int sock, int fd, char tag);
int __igt_recv_fd(int sock, char *tag);
int igt_recv_fd(int sock, char *tag);

#endif /* FENCEPOST_IGT_H */
