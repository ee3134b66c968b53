// SPDX-License-Identifier: GPL-2.0-only
/*
 * fencepost userspace host: library routines the kernel has and the C
 * library lacks (or spells differently): strscpy, kstrto*, sort, glob,
 * find_next_bit, random numbers, scnprintf.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/random.h>

#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sort.h>
#include <linux/glob.h>
#include <linux/bitops.h>
#include <linux/random.h>
#include <linux/ctype.h>

/* ---- strings ---------------------------------------------------------- */

ssize_t strscpy(char *dest, const char *src, size_t count)
{
	size_t len;

	if (count == 0)
		return -E2BIG;
	len = strnlen(src, count);
	if (len == count) {
		memcpy(dest, src, count - 1);
		dest[count - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dest, src, len + 1);
	return len;
}

ssize_t strscpy_pad(char *dest, const char *src, size_t count)
{
	ssize_t ret = strscpy(dest, src, count);
	size_t used = ret < 0 ? count : (size_t)ret + 1;

	if (used < count)
		memset(dest + used, 0, count - used);
	return ret;
}

size_t strlcpy(char *dest, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len >= size ? size - 1 : len;

		memcpy(dest, src, n);
		dest[n] = '\0';
	}
	return len;
}

size_t strlcat(char *dest, const char *src, size_t count)
{
	size_t dlen = strnlen(dest, count);

	if (dlen == count)
		return count + strlen(src);
	return dlen + strlcpy(dest + dlen, src, count - dlen);
}

char *skip_spaces(const char *str)
{
	while (isspace(*str))
		str++;
	return (char *)str;
}

char *strim(char *s)
{
	size_t len = strlen(s);
	char *end;

	if (!len)
		return s;
	end = s + len - 1;
	while (end >= s && isspace(*end))
		end--;
	end[1] = '\0';
	return skip_spaces(s);
}

bool sysfs_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	if (*a == *b)
		return true;
	if (*a == '\n' && !a[1] && !*b)
		return true;
	if (*b == '\n' && !b[1] && !*a)
		return true;
	return false;
}

int match_string(const char * const *array, size_t n, const char *string)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!array[i])
			break;
		if (!strcmp(array[i], string))
			return (int)i;
	}
	return -EINVAL;
}

void *memchr_inv(const void *start, int c, size_t bytes)
{
	const unsigned char *p = start;

	for (; bytes; bytes--, p++)
		if (*p != (unsigned char)c)
			return (void *)p;
	return NULL;
}

char *strreplace(char *s, char old, char new)
{
	for (; *s; s++)
		if (*s == old)
			*s = new;
	return s;
}

int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int n;

	if (!size)
		return 0;
	n = vsnprintf(buf, size, fmt, args);
	if (n < 0)
		return 0;
	return (size_t)n < size ? n : (int)(size - 1);
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* ---- kstrto* ---------------------------------------------------------- */

static int parse_ull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v = 0;
	bool any = false;

	if (base == 0) {
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && isxdigit(s[2])) {
			base = 16;
			s += 2;
		} else if (s[0] == '0') {
			base = 8;
		} else {
			base = 10;
		}
	} else if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
	}
	for (; *s && *s != '\n'; s++) {
		unsigned int d;

		if (isdigit(*s))
			d = *s - '0';
		else if (isalpha(*s))
			d = _tolower(*s) - 'a' + 10;
		else
			return -EINVAL;
		if (d >= base)
			return -EINVAL;
		if (__builtin_mul_overflow(v, base, &v) ||
		    __builtin_add_overflow(v, d, &v))
			return -ERANGE;
		any = true;
	}
	if (!any || (*s == '\n' && s[1]))
		return -EINVAL;
	*res = v;
	return 0;
}

int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	if (s[0] == '+')
		s++;
	return parse_ull(s, base, res);
}

int kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long v;
	int ret;

	if (s[0] == '-') {
		ret = parse_ull(s + 1, base, &v);
		if (ret)
			return ret;
		if (v > (unsigned long long)LLONG_MAX + 1)
			return -ERANGE;
		*res = (long long)(0 - v);
		return 0;
	}
	ret = kstrtoull(s, base, &v);
	if (ret)
		return ret;
	if (v > LLONG_MAX)
		return -ERANGE;
	*res = (long long)v;
	return 0;
}

int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long v;
	int ret = kstrtoull(s, base, &v);

	if (!ret)
		*res = v;
	return ret;
}

int kstrtol(const char *s, unsigned int base, long *res)
{
	long long v;
	int ret = kstrtoll(s, base, &v);

	if (!ret)
		*res = v;
	return ret;
}

int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long long v;
	int ret = kstrtoull(s, base, &v);

	if (ret)
		return ret;
	if (v > UINT_MAX)
		return -ERANGE;
	*res = (unsigned int)v;
	return 0;
}

int kstrtoint(const char *s, unsigned int base, int *res)
{
	long long v;
	int ret = kstrtoll(s, base, &v);

	if (ret)
		return ret;
	if (v > INT_MAX || v < INT_MIN)
		return -ERANGE;
	*res = (int)v;
	return 0;
}

int kstrtobool(const char *s, bool *res)
{
	if (!s)
		return -EINVAL;
	switch (s[0]) {
	case 'y': case 'Y': case 't': case 'T': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case 'f': case 'F': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*res = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*res = false;
			return 0;
		}
		break;
	}
	return -EINVAL;
}

/* ---- sort (heapsort, as the kernel: no allocation, not stable) -------- */

static void byte_swap(void *a, void *b, int size)
{
	unsigned char *x = a, *y = b;

	while (size--) {
		unsigned char t = *x;

		*x++ = *y;
		*y++ = t;
	}
}

struct sort_wrap {
	cmp_func_t cmp;
};

static int call_plain_cmp(const void *a, const void *b, const void *priv)
{
	const struct sort_wrap *w = priv;

	return w->cmp(a, b);
}

static void sift_down(char *base, size_t root, size_t n, size_t size,
		      cmp_r_func_t cmp, swap_func_t swp, const void *priv)
{
	for (;;) {
		size_t child = 2 * root + 1;

		if (child >= n)
			return;
		if (child + 1 < n &&
		    cmp(base + child * size, base + (child + 1) * size, priv) < 0)
			child++;
		if (cmp(base + root * size, base + child * size, priv) >= 0)
			return;
		swp(base + root * size, base + child * size, (int)size);
		root = child;
	}
}

void sort_r(void *base, size_t num, size_t size, cmp_r_func_t cmp_func,
	    swap_func_t swap_func, const void *priv)
{
	char *b = base;
	size_t i;

	if (num < 2 || !size)
		return;
	if (!swap_func)
		swap_func = byte_swap;
	for (i = num / 2; i-- > 0;)
		sift_down(b, i, num, size, cmp_func, swap_func, priv);
	for (i = num - 1; i > 0; i--) {
		swap_func(b, b + i * size, (int)size);
		sift_down(b, 0, i, size, cmp_func, swap_func, priv);
	}
}

void sort(void *base, size_t num, size_t size, cmp_func_t cmp_func,
	  swap_func_t swap_func)
{
	struct sort_wrap w = { .cmp = cmp_func };

	sort_r(base, num, size, call_plain_cmp, swap_func, &w);
}

/* ---- glob ------------------------------------------------------------- */

static bool glob_class(const char **patp, char c)
{
	const char *pat = *patp;
	bool neg = false, match = false;

	if (*pat == '!' || *pat == '^') {
		neg = true;
		pat++;
	}
	do {
		char lo = *pat, hi = lo;

		if (!lo)
			return false;	/* unterminated set: no match */
		if (pat[1] == '-' && pat[2] && pat[2] != ']') {
			hi = pat[2];
			pat += 2;
		}
		if (c >= lo && c <= hi)
			match = true;
		pat++;
	} while (*pat != ']');
	*patp = pat + 1;
	return match != neg;
}

bool glob_match(char const *pat, char const *str)
{
	const char *back_pat = NULL, *back_str = NULL;

	for (;;) {
		char c = *str, d = *pat;

		if (d == '*') {
			back_pat = ++pat;
			back_str = str;
			continue;
		}
		if (c && d == '?') {
			pat++;
			str++;
			continue;
		}
		if (c && d == '[') {
			const char *p = pat + 1;

			if (glob_class(&p, c)) {
				pat = p;
				str++;
				continue;
			}
		} else if (c && d == '\\' && pat[1] == c) {
			pat += 2;
			str++;
			continue;
		} else if (c && c == d) {
			pat++;
			str++;
			continue;
		} else if (!c && !d) {
			return true;
		}
		if (!back_pat || !*back_str)
			return false;
		pat = back_pat;
		str = ++back_str;
	}
}

/* ---- bitmaps ---------------------------------------------------------- */

static unsigned long find_bit(const unsigned long *addr, unsigned long size,
			      unsigned long offset, unsigned long invert)
{
	while (offset < size) {
		unsigned long word = (addr[BIT_WORD(offset)] ^ invert) &
				     (~0UL << (offset % BITS_PER_LONG));

		if (word) {
			offset = (offset & ~(BITS_PER_LONG - 1)) + __ffs(word);
			return offset < size ? offset : size;
		}
		offset = (offset | (BITS_PER_LONG - 1)) + 1;
	}
	return size;
}

unsigned long find_next_bit(const unsigned long *addr, unsigned long size,
			    unsigned long offset)
{
	return find_bit(addr, size, offset, 0);
}

unsigned long find_next_zero_bit(const unsigned long *addr, unsigned long size,
				 unsigned long offset)
{
	return find_bit(addr, size, offset, ~0UL);
}

/* ---- random (xoshiro-like splitmix per thread) ------------------------ */

static __thread u64 rnd_state;
static u64 rnd_seed_counter;

static u64 splitmix(u64 *s)
{
	u64 z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static u64 rnd_next(void)
{
	if (!rnd_state) {
		const char *seed = getenv("HOST_SEED");
		u64 base;

		if (seed) {
			base = strtoull(seed, NULL, 0);
		} else if (getrandom(&base, sizeof(base), 0) != sizeof(base)) {
			base = 0x1234567;
		}
		rnd_state = base + 0x632be59bd9b4e019ULL *
			    (__atomic_add_fetch(&rnd_seed_counter, 1, __ATOMIC_RELAXED));
		if (!rnd_state)
			rnd_state = 1;
	}
	return splitmix(&rnd_state);
}

u64 get_random_u64(void)
{
	return rnd_next();
}

u32 get_random_u32(void)
{
	return (u32)(rnd_next() >> 32);
}

u16 get_random_u16(void)
{
	return (u16)(rnd_next() >> 48);
}

u8 get_random_u8(void)
{
	return (u8)(rnd_next() >> 56);
}

u32 get_random_u32_below(u32 ceil)
{
	u64 m;

	if (!ceil)
		return 0;
	/* Lemire's multiply-shift with rejection of the biased low part. */
	for (;;) {
		m = (u64)get_random_u32() * ceil;
		if ((u32)m >= (u32)(-ceil) % ceil)
			return (u32)(m >> 32);
	}
}

void get_random_bytes(void *buf, size_t len)
{
	unsigned char *p = buf;

	while (len) {
		u64 v = rnd_next();
		size_t n = len < sizeof(v) ? len : sizeof(v);

		memcpy(p, &v, n);
		p += n;
		len -= n;
	}
}

void prandom_seed_state(struct rnd_state *state, u64 seed)
{
	state->s = seed ? seed : 1;
}

u32 prandom_u32_state(struct rnd_state *state)
{
	return (u32)(splitmix(&state->s) >> 32);
}

void prandom_bytes_state(struct rnd_state *state, void *buf, size_t nbytes)
{
	unsigned char *p = buf;

	while (nbytes) {
		u64 v = splitmix(&state->s);
		size_t n = nbytes < sizeof(v) ? nbytes : sizeof(v);

		memcpy(p, &v, n);
		p += n;
		nbytes -= n;
	}
}
