// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fake kernel of libsync's unit tests: see fake-kernel.h. It answers
 * with Linux 6.1's errno values: an fd that is not a sync_file gets ENOTTY
 * (from the real ioctl()), a bad fd2 of a merge ENOENT, nonzero flags or
 * pad EINVAL, a fence array too small for the fences EINVAL.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/sw_sync.h>
#include <linux/sync_file.h>

#include "fake-kernel.h"

#define MAX_FAKES 256

struct fake_fence {
	char obj_name[32];
	int status;
	uint64_t timestamp_ns;
};

struct fake {
	bool used, timeline;
	int rfd, wfd;
	ino_t ino;
	char name[32];
	unsigned int n;
	uint32_t claim;		/* 0, or the count the count query reports */
	struct fake_fence *fences;
	uint64_t deadline;
	bool has_deadline;
	uint32_t value;
};

static struct fake fakes[MAX_FAKES];
static unsigned int next_context;
bool fake_no_deadline;
int fake_eintr;
unsigned long fake_calls;

static struct fake *fake_new(void)
{
	int p[2];
	struct stat st;
	unsigned int i;

	for (i = 0; i < MAX_FAKES; i++)
		if (!fakes[i].used)
			break;
	if (i == MAX_FAKES || pipe2(p, O_CLOEXEC) || fstat(p[0], &st))
		abort();
	memset(&fakes[i], 0, sizeof(fakes[i]));
	fakes[i].used = true;
	fakes[i].rfd = p[0];
	fakes[i].wfd = p[1];
	fakes[i].ino = st.st_ino;
	return &fakes[i];
}

/*
 * The fake behind @fd: the one whose pipe @fd reads (a dup() of it too, as
 * a dup of a sync_file is the same sync_file).
 */
static struct fake *fake_get(int fd)
{
	struct stat st;
	unsigned int i;

	if (fd < 0 || fstat(fd, &st) || !S_ISFIFO(st.st_mode))
		return NULL;
	for (i = 0; i < MAX_FAKES; i++)
		if (fakes[i].used && fakes[i].ino == st.st_ino)
			return &fakes[i];
	return NULL;
}

static struct fake *fake_file(const char *name, unsigned int n)
{
	struct fake *f = fake_new();
	unsigned int i;

	snprintf(f->name, sizeof(f->name), "%s", name);
	f->n = n;
	f->fences = calloc(n ? n : 1, sizeof(*f->fences));
	if (!f->fences)
		abort();
	for (i = 0; i < n; i++)
		snprintf(f->fences[i].obj_name, 32, "fake-%u", next_context++);
	return f;
}

int fake_sync_file(const char *name, unsigned int n)
{
	return fake_file(name, n)->rfd;
}

void fake_signal(int fd, int status)
{
	struct fake *f = fake_get(fd);
	unsigned int i;

	if (!f || write(f->wfd, "s", 1) != 1)
		abort();
	for (i = 0; i < f->n; i++) {
		f->fences[i].status = status;
		f->fences[i].timestamp_ns = 1000 + i;
	}
}

int fake_timeline(void)
{
	struct fake *f = fake_new();

	f->timeline = true;
	return f->rfd;
}

uint32_t fake_timeline_value(int fd)
{
	struct fake *f = fake_get(fd);

	return f ? f->value : 0;
}

void fake_claim_fences(int fd, uint32_t n)
{
	struct fake *f = fake_get(fd);

	if (!f)
		abort();
	f->claim = n;
}

const char *fake_name(int fd)
{
	struct fake *f = fake_get(fd);

	return f ? f->name : NULL;
}

unsigned int fake_fence_count(int fd)
{
	struct fake *f = fake_get(fd);

	return f ? f->n : 0;
}

bool fake_deadline(int fd, uint64_t *ns)
{
	struct fake *f = fake_get(fd);

	if (!f || !f->has_deadline)
		return false;
	*ns = f->deadline;
	return true;
}

void fake_reset(void)
{
	unsigned int i;

	for (i = 0; i < MAX_FAKES; i++) {
		if (!fakes[i].used)
			continue;
		close(fakes[i].wfd);
		/* The library may have closed (and reused) the read end. */
		if (fake_get(fakes[i].rfd) == &fakes[i])
			close(fakes[i].rfd);
		free(fakes[i].fences);
		fakes[i].used = false;
	}
	fake_no_deadline = false;
	fake_eintr = 0;
}

static int fail(int err)
{
	errno = err;
	return -1;
}

/* As the kernel: 1 if all signaled, the first error, else 0. */
static int fake_status(const struct fake *f)
{
	int status = 1;
	unsigned int i;

	for (i = 0; i < f->n; i++) {
		if (f->fences[i].status < 0)
			return f->fences[i].status;
		if (f->fences[i].status == 0)
			status = 0;
	}
	return status;
}

static int fake_merge(struct fake *f, struct sync_merge_data *data)
{
	struct fake *f2 = fake_get(data->fd2), *m;

	if (data->flags || data->pad)
		return fail(EINVAL);
	if (!f2 || f2->timeline)
		return fail(ENOENT);
	m = fake_file("", f->n + f2->n);
	memcpy(m->name, data->name, sizeof(m->name));
	m->name[31] = '\0';
	memcpy(m->fences, f->fences, f->n * sizeof(*m->fences));
	memcpy(m->fences + f->n, f2->fences, f2->n * sizeof(*m->fences));
	data->fence = m->rfd;
	return 0;
}

static int fake_info(struct fake *f, struct sync_file_info *info)
{
	struct sync_fence_info *out;
	unsigned int i;

	if (info->flags || info->pad)
		return fail(EINVAL);
	memcpy(info->name, f->name, sizeof(info->name));
	info->status = fake_status(f);
	if (f->claim) {
		if (info->num_fences)
			return fail(EINVAL);
		info->num_fences = f->claim;
		return 0;
	}
	if (info->num_fences) {
		if (info->num_fences < f->n)
			return fail(EINVAL);
		out = (struct sync_fence_info *)(uintptr_t)info->sync_fence_info;
		for (i = 0; i < f->n; i++) {
			memset(&out[i], 0, sizeof(out[i]));
			memcpy(out[i].obj_name, f->fences[i].obj_name, 32);
			snprintf(out[i].driver_name, 32, "fake_sync");
			out[i].status = f->fences[i].status;
			out[i].timestamp_ns = f->fences[i].timestamp_ns;
		}
	}
	info->num_fences = f->n;
	return 0;
}

static int fake_file_ioctl(struct fake *f, unsigned long request, void *arg)
{
	struct sync_set_deadline *dl = arg;

	switch (request) {
	case SYNC_IOC_MERGE:
		return fake_merge(f, arg);
	case SYNC_IOC_FILE_INFO:
		return fake_info(f, arg);
	case SYNC_IOC_SET_DEADLINE:
		if (fake_no_deadline)
			return fail(ENOTTY);
		if (dl->pad)
			return fail(EINVAL);
		f->deadline = dl->deadline_ns;
		f->has_deadline = true;
		return 0;
	}
	return fail(ENOTTY);
}

static int fake_timeline_ioctl(struct fake *t, unsigned long request, void *arg)
{
	struct sw_sync_create_fence_data *data = arg;
	struct fake *f;

	switch (request) {
	case SW_SYNC_IOC_CREATE_FENCE:
		f = fake_file("", 1);
		memcpy(f->name, data->name, sizeof(f->name));
		f->name[31] = '\0';
		f->value = data->value;
		data->fence = f->rfd;
		return 0;
	case SW_SYNC_IOC_INC:
		t->value += *(uint32_t *)arg;
		return 0;
	}
	return fail(ENOTTY);
}

int ioctl(int fd, unsigned long request, ...)
{
	struct fake *f;
	va_list ap;
	void *arg;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);

	f = fake_get(fd);
	if (!f)
		return (int)syscall(SYS_ioctl, fd, request, arg);
	fake_calls++;
	if (fake_eintr > 0) {
		fake_eintr--;
		return fail(EINTR);
	}
	return f->timeline ? fake_timeline_ioctl(f, request, arg) :
			     fake_file_ioctl(f, request, arg);
}
