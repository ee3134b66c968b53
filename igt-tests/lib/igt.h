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

#include <setjmp.h>
#include <stdbool.h>

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

#endif /* FENCEPOST_IGT_H */
