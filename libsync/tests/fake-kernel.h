/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fake sync_file and sw_sync "kernel" for libsync's unit tests, which run
 * without one: the test program defines ioctl(), so the library's calls
 * reach fake-kernel.c before libc. A fake sync_file is the read end of a
 * pipe (poll() sees POLLIN once the test "signals" it); its fences, name
 * and deadline live here. Every other fd goes to the real ioctl(), so
 * pipes, regular files and closed fds answer as the kernel does.
 */
#ifndef LIBSYNC_FAKE_KERNEL_H
#define LIBSYNC_FAKE_KERNEL_H

#include <stdbool.h>
#include <stdint.h>

/* A fake sync_file of @n pending fences, each on a timeline of its own. */
int fake_sync_file(const char *name, unsigned int n);
/* Make @fd poll ready and mark its fences signaled with @status. */
void fake_signal(int fd, int status);
/* A fake sw_sync timeline (SW_SYNC_IOC_CREATE_FENCE, SW_SYNC_IOC_INC). */
int fake_timeline(void);
uint32_t fake_timeline_value(int fd);

/*
 * Make @fd claim @n fences to SYNC_IOC_FILE_INFO's count query (and fail
 * the full query with EINVAL, its array being too small), to test huge
 * counts without allocating their fences.
 */
void fake_claim_fences(int fd, uint32_t n);

/* What the fake saw last for @fd. */
const char *fake_name(int fd);
unsigned int fake_fence_count(int fd);
bool fake_deadline(int fd, uint64_t *ns);

/* SYNC_IOC_SET_DEADLINE answers ENOTTY, as Linux 6.1 does. */
extern bool fake_no_deadline;
/* The next @n fake ioctls fail with EINTR first. */
extern int fake_eintr;
/* Fake ioctls answered so far. */
extern unsigned long fake_calls;

/* Close every fake object's fds and forget them. */
void fake_reset(void);

#endif /* LIBSYNC_FAKE_KERNEL_H */
