/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: "user" memory is the process's own memory, but accesses
 * can fault: any range touching the first page (NULL and small integers)
 * or a range registered with host_uaccess_add_fault() (see <host/host.h>)
 * is not copied.  copy_to_user()/copy_from_user() return the number of
 * bytes NOT copied, get_user()/put_user() return -EFAULT, as in the kernel.
 * All of them may sleep (might_fault()).
 */
#ifndef __LINUX_UACCESS_H__
#define __LINUX_UACCESS_H__

#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/sched.h>

unsigned long __host_copy_to_user(void __user *to, const void *from,
				  unsigned long n, const char *file, int line);
unsigned long __host_copy_from_user(void *to, const void __user *from,
				    unsigned long n, const char *file, int line);
unsigned long __host_clear_user(void __user *to, unsigned long n);
bool __host_access_ok(const void __user *addr, unsigned long size);
long strncpy_from_user(char *dst, const char __user *src, long count);
long strnlen_user(const char __user *str, long n);

#define copy_to_user(to, from, n)					\
	__host_copy_to_user((to), (from), (n), __FILE__, __LINE__)
#define copy_from_user(to, from, n)					\
	__host_copy_from_user((to), (from), (n), __FILE__, __LINE__)
#define __copy_to_user(to, from, n)	copy_to_user(to, from, n)
#define __copy_from_user(to, from, n)	copy_from_user(to, from, n)
#define clear_user(to, n)		__host_clear_user((to), (n))
#define __clear_user(to, n)		__host_clear_user((to), (n))
#define access_ok(addr, size)		__host_access_ok((addr), (size))

#define put_user(x, ptr)						\
({									\
	__typeof__(*(ptr)) __pu_val = (x);				\
	copy_to_user((ptr), &__pu_val, sizeof(*(ptr))) ? -EFAULT : 0;	\
})
#define get_user(x, ptr)						\
({									\
	__typeof__(*(ptr)) __gu_val;					\
	int __gu_err = copy_from_user(&__gu_val, (ptr), sizeof(*(ptr))) ? \
		       -EFAULT : 0;					\
	(x) = __gu_err ? (__typeof__(*(ptr)))0 : __gu_val;		\
	__gu_err;							\
})
#define __put_user(x, ptr)	put_user(x, ptr)
#define __get_user(x, ptr)	get_user(x, ptr)

static inline void __user *u64_to_user_ptr(u64 address)
{
	return (void __user *)(unsigned long)address;
}

#define pagefault_disable()	preempt_disable()
#define pagefault_enable()	preempt_enable()

static inline int check_zeroed_user(const void __user *from, size_t size)
{
	unsigned char buf[64];

	while (size) {
		size_t chunk = size < sizeof(buf) ? size : sizeof(buf);
		size_t i;

		if (copy_from_user(buf, from, chunk))
			return -EFAULT;
		for (i = 0; i < chunk; i++)
			if (buf[i])
				return 0;
		from = (const char __user *)from + chunk;
		size -= chunk;
	}
	return 1;
}

#endif /* __LINUX_UACCESS_H__ */
