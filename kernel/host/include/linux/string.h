/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: string functions.  The C library provides the classic
 * ones with the kernel's prototypes; the kernel-only helpers live in the
 * runtime.  kstrdup() and friends are in <linux/slab.h>'s allocator.
 */
#ifndef _LINUX_STRING_H_
#define _LINUX_STRING_H_

#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/err.h>
#include <linux/gfp_types.h>

void *memcpy(void *dest, const void *src, size_t n);
void *memmove(void *dest, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);
char *strcpy(char *dest, const char *src);
char *strncpy(char *dest, const char *src, size_t n);
char *strcat(char *dest, const char *src);
char *strncat(char *dest, const char *src, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
char *strsep(char **stringp, const char *delim);
char *strpbrk(const char *s, const char *accept);
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);

ssize_t strscpy(char *dest, const char *src, size_t count);
ssize_t strscpy_pad(char *dest, const char *src, size_t count);
size_t strlcpy(char *dest, const char *src, size_t size);
size_t strlcat(char *dest, const char *src, size_t count);
char *strchrnul(const char *s, int c);
char *skip_spaces(const char *str);
char *strim(char *s);
bool sysfs_streq(const char *a, const char *b);
int match_string(const char * const *array, size_t n, const char *string);
void *memchr_inv(const void *start, int c, size_t bytes);
char *strreplace(char *s, char old, char new);

/* Counted allocations (see <linux/slab.h>); the macros record the call site. */
char *__host_kstrdup(const char *s, gfp_t gfp, const char *file, int line);
char *__host_kstrndup(const char *s, size_t max, gfp_t gfp, const char *file, int line);
const char *__host_kstrdup_const(const char *s, gfp_t gfp, const char *file, int line);
void *__host_kmemdup(const void *src, size_t len, gfp_t gfp, const char *file, int line);
void *__host_kmemdup_nul(const char *s, size_t len, gfp_t gfp, const char *file, int line);
void kfree_const(const void *x);
char *__host_strndup_user(const char __user *s, long n, const char *file, int line);
void *__host_memdup_user(const void __user *src, size_t len, const char *file, int line);
#define strndup_user(s, n)	__host_strndup_user(s, n, __FILE__, __LINE__)
#define memdup_user(src, len)	__host_memdup_user(src, len, __FILE__, __LINE__)
#define kstrdup(s, gfp)		__host_kstrdup(s, gfp, __FILE__, __LINE__)
#define kstrndup(s, max, gfp)	__host_kstrndup(s, max, gfp, __FILE__, __LINE__)
#define kstrdup_const(s, gfp)	__host_kstrdup_const(s, gfp, __FILE__, __LINE__)
#define kmemdup(src, len, gfp)	__host_kmemdup(src, len, gfp, __FILE__, __LINE__)
#define kmemdup_nul(s, len, gfp) __host_kmemdup_nul(s, len, gfp, __FILE__, __LINE__)

#define memset_after(obj, v, member)					\
	memset((u8 *)(obj) + offsetofend(typeof(*(obj)), member), v,	\
	       sizeof(*(obj)) - offsetofend(typeof(*(obj)), member))

/* Fill @count 32-bit words at @s with @v. */
static inline void *memset32(u32 *s, u32 v, size_t count)
{
	u32 *p = s;

	while (count--)
		*p++ = v;
	return s;
}

static inline bool str_has_prefix(const char *str, const char *prefix)
{
	return strncmp(str, prefix, strlen(prefix)) == 0;
}

static inline const char *kbasename(const char *path)
{
	const char *tail = strrchr(path, '/');

	return tail ? tail + 1 : path;
}

#endif /* _LINUX_STRING_H_ */
