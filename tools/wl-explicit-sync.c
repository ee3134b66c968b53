// SPDX-License-Identifier: GPL-2.0-only
/*
 * wl-explicit-sync: the fence traffic of a Wayland compositor with explicit
 * synchronization (linux-drm-syncobj style), on fencepost's virtual engine.
 *
 * Two processes joined by a unix socket:
 *
 *   client      renders every frame on /dev/fencepost_vgem's engine: a FILL
 *               job per surface (a "main" window and a "cursor" subsurface,
 *               each on its own engine context) writes a per-frame pattern
 *               into the surface's next buffer; the jobs' out-fences are
 *               the frame's acquire fences. It commits the frame: a
 *               message naming the buffers, with the acquire fences as
 *               sync_file fds (SCM_RIGHTS). The buffers (dma-buf fds) were
 *               sent once, when the client created them.
 *   compositor  merges the acquire fences of a commit with libsync
 *               (sync_accumulate), waits for the merge (sync_wait), reads
 *               its status (sync_file_info): on success it "scans out"
 *               (mmaps each dma-buf and checks every pixel of the frame's
 *               pattern inside a DMA_BUF_IOCTL_SYNC bracket); on an error
 *               it reports the fence that failed and skips the frame. In
 *               both cases it returns a release fence: the out-fence of a
 *               job on its own engine context that reads the buffers.
 *
 * The compositor's frame clock paces the client: a sw_sync timeline the
 * compositor creates and hands over (SCM_RIGHTS) at the start. The client
 * submits frame f's jobs with an in-fence at tick f + 1 of that clock, and
 * the compositor ticks it once it has latched the commit (merged its
 * acquire fences). The engine is far quicker than a GPU; the clock keeps
 * the jobs pending while the compositor merges, as a GPU's would be, so
 * that the merge holds the jobs' fences and carries their errors (a merge
 * drops fences that have already signaled, as Linux's does).
 *
 * The client waits for a buffer's release fence (sync_wait) before it
 * renders into that buffer again: the buffers rotate (--buffers, 3 by
 * default). One frame (--fail-frame) is submitted with the engine's FAIL
 * flag: its job signals -EIO without writing, the error travels through
 * the merged fence to the compositor, which reports it and skips the
 * scan-out, and the pipeline goes on.
 *
 * Every frame prints its latencies, from the kernel's fence timestamps
 * (CLOCK_MONOTONIC) and the processes' clocks: submit -> acquire signaled
 * (render), -> scanned out, -> release signaled, and the total. Then a
 * summary (min, median, max) and the debugfs sync/info dump, taken while
 * the last frames' sync_files are still open in both processes.
 *
 * The last line is "wl-explicit-sync: PASS: ..." or "... FAIL: ...".
 * Exit status: 0 pass, 1 fail, 2 bad usage, 77 no fencepost engine.
 */

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <android/sync.h>
#include <libsync.h>
#include <sw_sync.h>

#include <drm/fencepost_vgem.h>
#include <linux/dma-buf.h>
#include <linux/sync_file.h>

/*
 * The few DRM core ioctls used here (Linux's include/uapi/drm/drm.h and
 * drm_mode.h ABI), spelled out so that no libdrm is needed.
 */
struct demo_drm_gem_close {
	uint32_t handle;
	uint32_t pad;
};

struct demo_drm_prime_handle {
	uint32_t handle;
	uint32_t flags;
	int32_t fd;
};

struct demo_drm_create_dumb {
	uint32_t height;
	uint32_t width;
	uint32_t bpp;
	uint32_t flags;
	uint32_t handle;	/* out */
	uint32_t pitch;		/* out */
	uint64_t size;		/* out */
};

#define DEMO_DRM_IOCTL_GEM_CLOSE \
	_IOW('d', 0x09, struct demo_drm_gem_close)
#define DEMO_DRM_IOCTL_PRIME_HANDLE_TO_FD \
	_IOWR('d', 0x2d, struct demo_drm_prime_handle)
#define DEMO_DRM_IOCTL_PRIME_FD_TO_HANDLE \
	_IOWR('d', 0x2e, struct demo_drm_prime_handle)
#define DEMO_DRM_IOCTL_MODE_CREATE_DUMB \
	_IOWR('d', 0xb2, struct demo_drm_create_dumb)

#define PROG		"wl-explicit-sync"
#define NSURF		2
#define MAX_BUFFERS	8

static const char *const surf_name[NSURF] = { "main", "cursor" };

/* Options. */
static const char *opt_device = "/dev/fencepost_vgem";
static const char *opt_sync_info = "/sys/kernel/debug/sync/info";
static unsigned int opt_frames = 24;
static unsigned int opt_buffers = 3;
static long opt_fail_frame = 7;		/* -1: none */
static unsigned int opt_width = 320, opt_height = 240;
static int opt_timeout_ms = 10000;
static bool opt_quiet;

/* Messages on the socket (SOCK_SEQPACKET: one message per send). */
enum msg_type {
	MSG_CLOCK = 1,	/* compositor: fd: its frame clock, a sw_sync timeline */
	MSG_BUFFER,	/* client: a new buffer; fd: its dma-buf */
	MSG_COMMIT,	/* client: a frame; fds: one acquire fence per surface */
	MSG_RELEASE,	/* compositor: done with a frame; fd: release fence */
	MSG_BYE,	/* client: no more frames, close everything */
};

struct msg {
	uint32_t type;
	uint32_t frame;
	uint32_t slot;			/* the buffer of each surface */
	uint32_t surface;		/* MSG_BUFFER */
	uint32_t pattern[NSURF];	/* MSG_COMMIT */
	uint64_t seqno[NSURF];		/* MSG_COMMIT: the jobs' seqnos */
	int32_t status;			/* MSG_RELEASE: the merged fence's */
	uint32_t bad_pixels;		/* MSG_RELEASE */
	uint64_t t_acquire;		/* MSG_RELEASE: acquire signaled, ns */
	uint64_t t_scanout;		/* MSG_RELEASE: scan-out done, 0: none */
	char failed[96];		/* MSG_RELEASE: the fence that failed */
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void die(const char *who, const char *what)
{
	fprintf(stderr, PROG ": %s: %s: %s\n", who, what, strerror(errno));
	exit(1);
}

/* The pattern of @surface in @frame: distinct per frame and surface. */
static uint32_t frame_pattern(unsigned int frame, unsigned int surface)
{
	return 0xc0000000u | (surface << 24) | (frame & 0xffffffu);
}

static const char *errno_name(int err)
{
	switch (err) {
	case EIO: return "EIO";
	case ETIMEDOUT: return "ETIMEDOUT";
	case ENOMEM: return "ENOMEM";
	case ECANCELED: return "ECANCELED";
	case EINVAL: return "EINVAL";
	default: return "E?";
	}
}

/* Sending and receiving one message with up to NSURF fds. */

static void send_msg(int sock, const struct msg *m, const int *fds,
		     unsigned int nfds)
{
	char cbuf[CMSG_SPACE(sizeof(int) * NSURF)];
	struct iovec iov = { .iov_base = (void *)m, .iov_len = sizeof(*m) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cm;

	if (nfds) {
		memset(cbuf, 0, sizeof(cbuf));
		mh.msg_control = cbuf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(cm), fds, sizeof(int) * nfds);
	}
	if (sendmsg(sock, &mh, MSG_NOSIGNAL) != (ssize_t)sizeof(*m))
		die("socket", "sendmsg");
}

/* Receives a message and its fds (the rest of @fds is set to -1). */
static bool recv_msg(int sock, struct msg *m, int *fds)
{
	char cbuf[CMSG_SPACE(sizeof(int) * NSURF)];
	struct iovec iov = { .iov_base = m, .iov_len = sizeof(*m) };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm;
	unsigned int i, n;
	ssize_t len;

	for (i = 0; i < NSURF; i++)
		fds[i] = -1;
	do
		len = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
	while (len < 0 && errno == EINTR);
	if (len == 0)
		return false;
	if (len != (ssize_t)sizeof(*m))
		die("socket", "recvmsg");
	for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		n = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		if (n > NSURF)
			n = NSURF;
		memcpy(fds, CMSG_DATA(cm), n * sizeof(int));
	}
	return true;
}

/* The engine. */

static uint32_t ctx_create(int dev)
{
	struct drm_fencepost_vgem_ctx_create arg = { 0 };

	if (ioctl(dev, DRM_IOCTL_FENCEPOST_VGEM_CTX_CREATE, &arg))
		die(opt_device, "FENCEPOST_VGEM_CTX_CREATE");
	return arg.ctx_id;
}

/*
 * Queue a job of @op on @ctx over @count buffers (@bo_flags each) and
 * return its out-fence; the job's seqno goes to *@seqno.
 */
static int submit(int dev, uint32_t ctx, uint32_t op, const uint32_t *handles,
		  unsigned int count, uint32_t bo_flags, uint32_t value,
		  uint32_t flags, int in_fence, uint64_t *seqno)
{
	struct drm_fencepost_vgem_bo bos[NSURF];
	struct drm_fencepost_vgem_submit arg = {
		.ctx_id = ctx, .op = op, .bos_ptr = (uintptr_t)bos,
		.bo_count = count, .flags = flags, .value = value,
		.in_fence = flags & FENCEPOST_VGEM_SUBMIT_IN_FENCE ? in_fence : 0,
		.out_fence = -1,
	};
	unsigned int i;

	for (i = 0; i < count; i++) {
		bos[i].handle = handles[i];
		bos[i].flags = bo_flags;
	}
	if (ioctl(dev, DRM_IOCTL_FENCEPOST_VGEM_SUBMIT, &arg))
		die(opt_device, "FENCEPOST_VGEM_SUBMIT");
	if (seqno)
		*seqno = arg.seqno;
	return arg.out_fence;
}

/*
 * The signal time of the latest fence of sync_file @fd (the kernel's
 * timestamp, CLOCK_MONOTONIC), its status, and the first fence that
 * failed, as "driver timeline", into @failed.
 */
static uint64_t fence_signaled_at(int fd, int *status, char *failed,
				  size_t len)
{
	struct sync_file_info *info = sync_file_info(fd);
	struct sync_fence_info *fi;
	uint64_t t = 0;
	unsigned int i;

	if (!info)
		die("sync_file_info", "SYNC_IOC_FILE_INFO");
	fi = sync_get_fence_info(info);
	if (status)
		*status = info->status;
	if (failed)
		failed[0] = '\0';
	for (i = 0; i < info->num_fences; i++) {
		if (fi[i].timestamp_ns > t)
			t = fi[i].timestamp_ns;
		if (failed && fi[i].status < 0 && !failed[0])
			snprintf(failed, len, "%s %s", fi[i].driver_name,
				 fi[i].obj_name);
	}
	sync_file_info_free(info);
	return t;
}

/* ---- the compositor ---------------------------------------------------- */

struct scanout_buffer {
	int dmabuf;
	uint32_t handle;
	const uint32_t *pixels;
	size_t size;
};

static int dmabuf_sync(int dmabuf, uint64_t flags)
{
	struct dma_buf_sync arg = { .flags = flags | DMA_BUF_SYNC_READ };
	int ret;

	do
		ret = ioctl(dmabuf, DMA_BUF_IOCTL_SYNC, &arg);
	while (ret && (errno == EINTR || errno == EAGAIN));
	return ret;
}

/* Reads the whole buffer as a display would; returns the wrong pixels. */
static uint32_t scan_out(const struct scanout_buffer *b, uint32_t pattern)
{
	size_t i, n = b->size / sizeof(uint32_t);
	uint32_t bad = 0;

	if (dmabuf_sync(b->dmabuf, DMA_BUF_SYNC_START))
		die("compositor", "DMA_BUF_IOCTL_SYNC start");
	for (i = 0; i < n; i++)
		bad += b->pixels[i] != pattern;
	if (dmabuf_sync(b->dmabuf, DMA_BUF_SYNC_END))
		die("compositor", "DMA_BUF_IOCTL_SYNC end");
	return bad;
}

static int compositor(int sock)
{
	struct scanout_buffer bufs[NSURF][MAX_BUFFERS];
	int held[MAX_BUFFERS];	/* the merged acquire fence, per slot */
	struct demo_drm_prime_handle prime;
	int dev, clock, fds[NSURF], acquire, release, status, ret = 0;
	uint32_t ctx, handles[NSURF], shown = 0;
	bool have_shown = false;
	unsigned int s, i;
	char name[32];
	struct msg m;
	void *map;

	dev = open(opt_device, O_RDWR | O_CLOEXEC);
	if (dev < 0)
		die("compositor", opt_device);
	ctx = ctx_create(dev);
	printf("compositor: display engine context %u (its own file), frame "
	       "clock: a sw_sync timeline\n", ctx);
	clock = sw_sync_timeline_create();
	if (clock < 0)
		die("compositor", "sw_sync_timeline_create");
	memset(&m, 0, sizeof(m));
	m.type = MSG_CLOCK;
	send_msg(sock, &m, &clock, 1);
	memset(bufs, 0, sizeof(bufs));
	for (i = 0; i < MAX_BUFFERS; i++)
		held[i] = -1;

	while (recv_msg(sock, &m, fds)) {
		switch (m.type) {
		case MSG_BUFFER:
			s = m.surface;
			if (s >= NSURF || m.slot >= MAX_BUFFERS || fds[0] < 0) {
				fprintf(stderr, PROG ": compositor: bad buffer message\n");
				return 1;
			}
			bufs[s][m.slot].dmabuf = fds[0];
			bufs[s][m.slot].size = lseek(fds[0], 0, SEEK_END);
			/* The display engine imports it, as a KMS driver would. */
			memset(&prime, 0, sizeof(prime));
			prime.fd = fds[0];
			if (ioctl(dev, DEMO_DRM_IOCTL_PRIME_FD_TO_HANDLE, &prime))
				die("compositor", "PRIME_FD_TO_HANDLE");
			bufs[s][m.slot].handle = prime.handle;
			map = mmap(NULL, bufs[s][m.slot].size, PROT_READ,
				   MAP_SHARED, fds[0], 0);
			if (map == MAP_FAILED)
				die("compositor", "mmap of a dma-buf");
			bufs[s][m.slot].pixels = map;
			break;

		case MSG_COMMIT:
			/* One fence for the whole commit. */
			acquire = -1;
			snprintf(name, sizeof(name), "acquire-f%u", m.frame);
			for (s = 0; s < NSURF; s++) {
				if (sync_accumulate(name, &acquire, fds[s]))
					die("compositor", "sync_accumulate");
				close(fds[s]);
			}
			/*
			 * Latched: tick the frame clock, which lets the
			 * frame's render jobs run. They were pending when
			 * merged, so the merge carries their errors.
			 */
			if (sw_sync_timeline_inc(clock, 1))
				die("compositor", "sw_sync_timeline_inc");
			if (sync_wait(acquire, opt_timeout_ms))
				die("compositor", "sync_wait on the acquire fence");
			m.t_acquire = fence_signaled_at(acquire, &status,
							m.failed,
							sizeof(m.failed));
			m.status = status;
			m.t_scanout = 0;
			m.bad_pixels = 0;
			if (status < 0) {
				printf("  compositor: frame %u: acquire fence "
				       "\"%s\" signaled with error -%s (the "
				       "job of %s failed); scan-out skipped, ",
				       m.frame, name,
				       errno_name(-status), m.failed);
				if (have_shown)
					printf("frame %u stays on screen\n", shown);
				else
					printf("nothing on screen yet\n");
			} else {
				for (s = 0; s < NSURF; s++)
					m.bad_pixels += scan_out(&bufs[s][m.slot],
								 m.pattern[s]);
				m.t_scanout = now_ns();
				if (m.bad_pixels) {
					printf("  compositor: frame %u: %u "
					       "pixels do not hold the frame's "
					       "pattern\n", m.frame, m.bad_pixels);
					ret = 1;
				}
				shown = m.frame;
				have_shown = true;
			}
			/* Release: the display engine's read of the buffers. */
			for (s = 0; s < NSURF; s++)
				handles[s] = bufs[s][m.slot].handle;
			release = submit(dev, ctx, FENCEPOST_VGEM_OP_NOP, handles,
					 NSURF, FENCEPOST_VGEM_BO_READ, 0, 0, -1,
					 NULL);
			m.type = MSG_RELEASE;
			send_msg(sock, &m, &release, 1);
			close(release);
			/* Keep the merge until the slot comes back (sync/info). */
			if (held[m.slot] >= 0)
				close(held[m.slot]);
			held[m.slot] = acquire;
			break;

		case MSG_BYE:
			goto out;

		default:
			fprintf(stderr, PROG ": compositor: message type %u\n",
				m.type);
			return 1;
		}
	}
	fprintf(stderr, PROG ": compositor: the client went away\n");
	ret = 1;
out:
	for (i = 0; i < MAX_BUFFERS; i++) {
		if (held[i] >= 0)
			close(held[i]);
		for (s = 0; s < NSURF; s++) {
			if (!bufs[s][i].pixels)
				continue;
			munmap((void *)bufs[s][i].pixels, bufs[s][i].size);
			close(bufs[s][i].dmabuf);
		}
	}
	close(clock);
	close(dev);
	return ret;
}

/* ---- the client -------------------------------------------------------- */

struct frame_stats {
	uint64_t t_submit;
	uint64_t render;	/* submit -> acquire signaled */
	uint64_t scanout;	/* acquire signaled -> scanned out */
	uint64_t release;	/* scanned out (or acquire) -> release */
	uint64_t total;		/* submit -> release signaled */
	bool failed;		/* submitted with FAIL */
	bool scanned;
	uint32_t bad_pixels;	/* scanned, but not the frame's pattern */
	bool error_seen;	/* the compositor reported an error */
};

static struct frame_stats *stats;
static unsigned int released;	/* frames whose release came back */

static void print_ms(uint64_t ns)
{
	printf("%8.3f", ns / 1e6);
}

/* Handles the next release message: waits for its fence, prints the frame. */
static void take_release(int sock, int *release_fd, bool *busy)
{
	struct frame_stats *fs;
	int fds[NSURF], status;
	uint64_t t_rel, from;
	struct msg m;

	if (!recv_msg(sock, &m, fds))
		die("client", "the compositor went away");
	if (m.type != MSG_RELEASE || m.frame != released ||
	    m.slot >= opt_buffers || fds[0] < 0) {
		fprintf(stderr, PROG ": client: unexpected message %u (frame %u)\n",
			m.type, m.frame);
		exit(1);
	}
	/* The buffers are the client's again once the release signals. */
	if (sync_wait(fds[0], opt_timeout_ms))
		die("client", "sync_wait on a release fence");
	t_rel = fence_signaled_at(fds[0], &status, NULL, 0);
	if (release_fd[m.slot] >= 0)
		close(release_fd[m.slot]);
	release_fd[m.slot] = fds[0];
	busy[m.slot] = false;

	fs = &stats[m.frame];
	fs->error_seen = m.status < 0;
	fs->scanned = m.t_scanout != 0;
	fs->bad_pixels = m.bad_pixels;
	fs->render = m.t_acquire - fs->t_submit;
	from = fs->scanned ? m.t_scanout : m.t_acquire;
	fs->scanout = fs->scanned ? m.t_scanout - m.t_acquire : 0;
	fs->release = t_rel > from ? t_rel - from : 0;
	fs->total = t_rel - fs->t_submit;
	released++;

	if (opt_quiet)
		return;
	printf("frame %3u  buf %u  %s#%-3" PRIu64 " %s#%-3" PRIu64 " ",
	       m.frame, m.slot, surf_name[0], m.seqno[0], surf_name[1],
	       m.seqno[1]);
	print_ms(fs->render);
	if (fs->scanned) {
		print_ms(fs->scanout);
	} else {
		printf("%8s", "skipped");
	}
	print_ms(fs->release);
	print_ms(fs->total);
	if (m.status < 0)
		printf("  error -%s (%s), not shown\n", errno_name(-m.status),
		       m.failed);
	else if (m.bad_pixels)
		printf("  %u BAD PIXELS\n", m.bad_pixels);
	else
		printf("  ok, %ux%u + %ux%u verified\n", opt_width, opt_height,
		       64u, 64u);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void summary_row(const char *name, size_t off, bool scanned_only)
{
	uint64_t *v = calloc(opt_frames, sizeof(*v));
	unsigned int i, n = 0;

	if (!v)
		die("client", "calloc");
	for (i = 0; i < opt_frames; i++) {
		if (scanned_only && !stats[i].scanned)
			continue;
		memcpy(&v[n++], (const char *)&stats[i] + off, sizeof(*v));
	}
	printf("  %-34s", name);
	if (n) {
		qsort(v, n, sizeof(*v), cmp_u64);
		print_ms(v[0]);
		print_ms(n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
		print_ms(v[n - 1]);
		printf("  %u\n", n);
	} else {
		printf("%8s\n", "-");
	}
	free(v);
}

static void dump_sync_info(void)
{
	char line[512];
	FILE *f;

	if (!strcmp(opt_sync_info, "none"))
		return;
	printf("\n%s (the last frames' sync_files still open):\n",
	       opt_sync_info);
	f = fopen(opt_sync_info, "r");
	if (!f) {
		printf("  (cannot read it: %s)\n", strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f))
		printf("  %s", line);
	fclose(f);
}

static int client(int sock, int dev, pid_t comp)
{
	uint32_t ctx[NSURF], handle[NSURF][MAX_BUFFERS];
	int release_fd[MAX_BUFFERS], fences[NSURF], clock, gate, wst;
	unsigned int f, s, b;
	unsigned int scanned = 0, errors = 0, expected_errors = 0, bad = 0;
	bool busy[MAX_BUFFERS];
	struct demo_drm_create_dumb dumb;
	struct demo_drm_prime_handle prime;
	struct demo_drm_gem_close gc;
	char fname[32];
	struct msg m;
	bool pass;

	/* The compositor's frame clock: frame f renders at tick f + 1. */
	if (!recv_msg(sock, &m, fences) || m.type != MSG_CLOCK || fences[0] < 0)
		die("client", "no frame clock from the compositor");
	clock = fences[0];
	for (s = 0; s < NSURF; s++)
		ctx[s] = ctx_create(dev);
	for (b = 0; b < opt_buffers; b++) {
		release_fd[b] = -1;
		busy[b] = false;
		for (s = 0; s < NSURF; s++) {
			memset(&dumb, 0, sizeof(dumb));
			dumb.width = s ? 64 : opt_width;
			dumb.height = s ? 64 : opt_height;
			dumb.bpp = 32;
			if (ioctl(dev, DEMO_DRM_IOCTL_MODE_CREATE_DUMB, &dumb))
				die("client", "MODE_CREATE_DUMB");
			handle[s][b] = dumb.handle;
			memset(&prime, 0, sizeof(prime));
			prime.handle = dumb.handle;
			prime.flags = O_CLOEXEC | O_RDWR;
			if (ioctl(dev, DEMO_DRM_IOCTL_PRIME_HANDLE_TO_FD, &prime))
				die("client", "PRIME_HANDLE_TO_FD");
			memset(&m, 0, sizeof(m));
			m.type = MSG_BUFFER;
			m.surface = s;
			m.slot = b;
			send_msg(sock, &m, &prime.fd, 1);
			close(prime.fd);
		}
	}
	printf("client: %u frames, surfaces %s %ux%u and %s 64x64, %u buffers "
	       "each, engine contexts %u and %u; frame %ld submitted with "
	       "FENCEPOST_VGEM_SUBMIT_FAIL\n", opt_frames, surf_name[0],
	       opt_width, opt_height, surf_name[1], opt_buffers, ctx[0], ctx[1],
	       opt_fail_frame);
	if (!opt_quiet)
		printf("%-37s %8s %8s %8s %8s   (ms)\n", "", "render", "scanout",
		       "release", "total");

	for (f = 0; f < opt_frames; f++) {
		b = f % opt_buffers;
		/* The buffers of slot b are the compositor's until released. */
		while (busy[b])
			take_release(sock, release_fd, busy);
		memset(&m, 0, sizeof(m));
		m.type = MSG_COMMIT;
		m.frame = f;
		m.slot = b;
		stats[f].t_submit = now_ns();
		stats[f].failed = (long)f == opt_fail_frame;
		snprintf(fname, sizeof(fname), "frame-clock-%u", f + 1);
		gate = sw_sync_fence_create(clock, fname, f + 1);
		if (gate < 0)
			die("client", "sw_sync_fence_create");
		for (s = 0; s < NSURF; s++) {
			m.pattern[s] = frame_pattern(f, s);
			fences[s] = submit(dev, ctx[s], FENCEPOST_VGEM_OP_FILL,
					   &handle[s][b], 1,
					   FENCEPOST_VGEM_BO_WRITE, m.pattern[s],
					   FENCEPOST_VGEM_SUBMIT_IN_FENCE |
					   (stats[f].failed && s == 0 ?
					    FENCEPOST_VGEM_SUBMIT_FAIL : 0),
					   gate, &m.seqno[s]);
		}
		close(gate);
		send_msg(sock, &m, fences, NSURF);
		for (s = 0; s < NSURF; s++)
			close(fences[s]);
		busy[b] = true;
	}
	while (released < opt_frames)
		take_release(sock, release_fd, busy);

	for (f = 0; f < opt_frames; f++) {
		scanned += stats[f].scanned && !stats[f].bad_pixels;
		errors += stats[f].error_seen;
		expected_errors += stats[f].failed;
		bad += stats[f].failed != stats[f].error_seen ||
			stats[f].failed == stats[f].scanned ||
			stats[f].bad_pixels;
	}
	printf("\nsummary: %u frames, %u scanned out and verified, %u failed "
	       "on the engine, %u error(s) reported by the compositor\n",
	       opt_frames, scanned, expected_errors, errors);
	printf("  %-34s %8s %8s %8s  frames\n", "latency (ms)", "min", "median",
	       "max");
	summary_row("render: submit -> acquire signaled",
		    offsetof(struct frame_stats, render), true);
	summary_row("scan-out: acquire -> scanned out",
		    offsetof(struct frame_stats, scanout), true);
	summary_row("release: scanned out -> released",
		    offsetof(struct frame_stats, release), true);
	summary_row("total: submit -> released",
		    offsetof(struct frame_stats, total), true);

	dump_sync_info();

	memset(&m, 0, sizeof(m));
	m.type = MSG_BYE;
	send_msg(sock, &m, NULL, 0);
	if (waitpid(comp, &wst, 0) != comp)
		die("client", "waitpid");
	if (!WIFEXITED(wst) || WEXITSTATUS(wst) != 0) {
		printf("compositor: exited abnormally (status %#x)\n", wst);
		bad++;
	}
	close(clock);
	for (b = 0; b < opt_buffers; b++) {
		if (release_fd[b] >= 0)
			close(release_fd[b]);
		for (s = 0; s < NSURF; s++) {
			gc.handle = handle[s][b];
			gc.pad = 0;
			ioctl(dev, DEMO_DRM_IOCTL_GEM_CLOSE, &gc);
		}
	}

	pass = bad == 0 && scanned + expected_errors == opt_frames;
	printf("\n" PROG ": %s: %u frames, %u scanned out, %u error(s) reached "
	       "the compositor (%u expected), %u bad frame(s)\n",
	       pass ? "PASS" : "FAIL", opt_frames, scanned, errors,
	       expected_errors, bad);
	return pass ? 0 : 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: " PROG " [options]\n"
		"A client and a compositor process pass frames with explicit\n"
		"sync_file fences over a unix socket, rendered on the virtual\n"
		"engine of fencepost's vgem device.\n"
		"  --frames N        frames to render (default 24)\n"
		"  --buffers N       buffers per surface, 2 to %d (default 3)\n"
		"  --fail-frame N    submit frame N with the engine's FAIL flag\n"
		"                    (default 7; -1: none)\n"
		"  --size WxH        the main surface (default 320x240)\n"
		"  --device PATH     default /dev/fencepost_vgem\n"
		"  --sync-info PATH  dumped at the end (default\n"
		"                    /sys/kernel/debug/sync/info; none: skip)\n"
		"  --timeout-ms MS   longest fence wait (default 10000)\n"
		"  --quiet           no per-frame lines\n"
		"Exit status: 0 pass, 1 fail, 2 usage, 77 no engine.\n",
		MAX_BUFFERS);
}

static unsigned long parse_num(const char *s, const char *opt)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end) {
		fprintf(stderr, PROG ": %s: bad number '%s'\n", opt, s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "frames", required_argument, NULL, 'f' },
		{ "buffers", required_argument, NULL, 'b' },
		{ "fail-frame", required_argument, NULL, 'F' },
		{ "size", required_argument, NULL, 's' },
		{ "device", required_argument, NULL, 'd' },
		{ "sync-info", required_argument, NULL, 'i' },
		{ "timeout-ms", required_argument, NULL, 't' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct drm_fencepost_vgem_ctx_create probe = { 0 };
	int c, dev, sv[2], ret;
	pid_t comp;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f': opt_frames = parse_num(optarg, "--frames"); break;
		case 'b': opt_buffers = parse_num(optarg, "--buffers"); break;
		case 'F':
			opt_fail_frame = strcmp(optarg, "-1") ?
				(long)parse_num(optarg, "--fail-frame") : -1;
			break;
		case 's':
			if (sscanf(optarg, "%ux%u", &opt_width, &opt_height) != 2 ||
			    !opt_width || !opt_height || opt_width > 4096 ||
			    opt_height > 4096) {
				fprintf(stderr, PROG ": --size: WxH, at most 4096x4096\n");
				return 2;
			}
			break;
		case 'd': opt_device = optarg; break;
		case 'i': opt_sync_info = optarg; break;
		case 't': opt_timeout_ms = parse_num(optarg, "--timeout-ms"); break;
		case 'q': opt_quiet = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc || opt_frames < 1 || opt_buffers < 2 ||
	    opt_buffers > MAX_BUFFERS) {
		usage(stderr);
		return 2;
	}
	/* One line per write, whichever process prints it. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	dev = open(opt_device, O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		printf(PROG ": SKIP: %s: %s (load fencepost.ko)\n", opt_device,
		       strerror(errno));
		return 77;
	}
	if (ioctl(dev, DRM_IOCTL_FENCEPOST_VGEM_CTX_CREATE, &probe)) {
		printf(PROG ": SKIP: %s has no engine: %s\n", opt_device,
		       strerror(errno));
		return 77;
	}
	{
		struct drm_fencepost_vgem_ctx_destroy d = { .ctx_id = probe.ctx_id };

		ioctl(dev, DRM_IOCTL_FENCEPOST_VGEM_CTX_DESTROY, &d);
	}
	stats = calloc(opt_frames, sizeof(*stats));
	if (!stats)
		die("main", "calloc");

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		die("main", "socketpair");
	fflush(stdout);
	comp = fork();
	if (comp < 0)
		die("main", "fork");
	if (comp == 0) {
		close(sv[0]);
		close(dev);
		ret = compositor(sv[1]);
		close(sv[1]);
		_exit(ret);
	}
	close(sv[1]);
	ret = client(sv[0], dev, comp);
	close(sv[0]);
	close(dev);
	free(stats);
	return ret;
}
