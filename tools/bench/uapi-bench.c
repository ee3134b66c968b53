// SPDX-License-Identifier: GPL-2.0-only
/*
 * uapi-bench: the sync_file and dma-buf uAPI timed side by side on the stock
 * kernel and on fencepost.ko, in one boot (see tools/bench/vm-bench).
 *
 * Both sides are driven through the same calls (igt-tests/lib/igt_vgem.c):
 * "stock" is the kernel's vgem (its dumb buffers, its vgem fences, sync
 * files made by the kernel's DMA_BUF_IOCTL_EXPORT_SYNC_FILE, merged and
 * polled by the kernel's sync_file), "ours" is /dev/fencepost_vgem and
 * everything behind it in fencepost.ko.
 *
 * Every benchmark sets up both sides untimed, then alternates them: a
 * sample of stock, a sample of ours, ours, stock, ... so that drifts (other
 * load, the host's frequency) hit both alike. The table gives the median
 * sample of each side and the ratio ours/stock (below 1: ours is faster).
 *
 * With --merge-csv the program runs nothing: it reads the CSV files of
 * several runs and writes the median of each row over the runs (table, CSV,
 * SVG). tools/bench/vm-bench uses that on the host.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/sync_file.h>

#include "lib/igt.h"
#include "lib/igt_vgem.h"

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_BATCH	256
#define MAX_ROWS	64

enum { STOCK, OURS, NR_SIDES };
static const char *const side_name[NR_SIDES] = { "stock", "ours" };

struct side {
	int fd;				/* the vgem device */
	struct vgem_bo bo;		/* a scratch buffer ... */
	int dmabuf;			/* ... and its dma-buf */
	/* Buffers for accumulate, one per fence, made once. */
	struct vgem_bo *pool;
	int *pool_dmabuf;
	unsigned int pool_n;
};

struct opts {
	unsigned int samples;		/* samples per side, single operations */
	unsigned int batch;		/* operations per sample */
	unsigned int wakes;		/* wake-latency samples per side */
	unsigned int min_n, max_n;	/* accumulate sizes */
	unsigned int poll_max_n;	/* dma-buf poll sizes: 1 ... this */
	const char *only;
	const char *csv, *svg, *table;
	const char *merge_csv;
	int only_side;			/* single operations on one side, or -1 */
};

/* One line of the table and of the CSV. */
struct row {
	char name[32];
	char unit[16];			/* ns/op, ns, us */
	unsigned int n;			/* the size, 0 if none */
	double v[NR_SIDES];		/* medians */
	long fences[NR_SIDES];		/* accumulate: fences in the result */
	/*
	 * With --merge-csv: the median of the runs' ratios, each from
	 * samples alternated in one time window (0: not set, the ratio of
	 * the medians is shown).
	 */
	double ratio_med;
};

static struct side sides[NR_SIDES];
static struct row rows[MAX_ROWS];
static unsigned int nr_rows;

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, unsigned int n)
{
	if (!n)
		return NAN;
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void die(const char *fmt, const char *what, int err)
{
	fprintf(stderr, "uapi-bench: ");
	fprintf(stderr, fmt, what);
	fprintf(stderr, ": %s\n", strerror(err));
	exit(1);
}

static struct row *add_row(const char *name, const char *unit, unsigned int n)
{
	struct row *r;

	if (nr_rows == MAX_ROWS) {
		fprintf(stderr, "uapi-bench: too many rows\n");
		exit(1);
	}
	r = &rows[nr_rows++];
	memset(r, 0, sizeof(*r));
	snprintf(r->name, sizeof(r->name), "%s", name);
	snprintf(r->unit, sizeof(r->unit), "%s", unit);
	r->n = n;
	r->fences[STOCK] = r->fences[OURS] = -1;
	return r;
}

static bool selected(const struct opts *o, const char *name)
{
	size_t len = strlen(name);
	const char *p = o->only;

	if (!p)
		return true;
	while (p && *p) {
		if (!strncmp(p, name, len) && (p[len] == ',' || !p[len]))
			return true;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return false;
}

/* --- uAPI helpers ------------------------------------------------------ */

static int merge_fd(int a, int b)
{
	struct sync_merge_data data = { .fd2 = b };

	snprintf(data.name, sizeof(data.name), "bench");
	if (ioctl(a, SYNC_IOC_MERGE, &data))
		die("%s", "SYNC_IOC_MERGE", errno);
	return data.fence;
}

/* The number of fences SYNC_IOC_FILE_INFO reports for @fd. */
static long file_fence_count(int fd)
{
	struct sync_file_info info = { 0 };

	if (ioctl(fd, SYNC_IOC_FILE_INFO, &info))
		die("%s", "SYNC_IOC_FILE_INFO", errno);
	return info.num_fences;
}

/*
 * Signal a fence at teardown. vgem signals a fence itself 10 s after it was
 * made and then answers ETIMEDOUT, which a slow run may well see.
 */
static void fence_done(struct side *s, uint32_t fence)
{
	int ret = __vgem_fence_signal(s->fd, fence);

	if (ret && ret != -ETIMEDOUT)
		die("%s", "VGEM_FENCE_SIGNAL", -ret);
}

/* A sync file holding one new unsignaled vgem fence (handle in *fence). */
static int fresh_sync_file(struct side *s, uint32_t *fence)
{
	return vgem_fence_sync_file(s->fd, fence);
}

/*
 * Like fresh_sync_file(), on buffer @i of the pool: two ioctls instead of
 * six, so that making thousands of fences takes a fraction of the 10 s
 * after which vgem signals them by itself.
 */
static int pool_sync_file(struct side *s, unsigned int i, uint32_t *fence)
{
	*fence = vgem_fence_attach(s->fd, s->pool[i].handle,
				   LOCAL_VGEM_FENCE_WRITE);
	return dmabuf_export_sync_file(s->pool_dmabuf[i], DMA_BUF_SYNC_WRITE);
}

static void pool_grow(struct side *s, unsigned int n)
{
	unsigned int i;

	if (n <= s->pool_n)
		return;
	s->pool = realloc(s->pool, n * sizeof(*s->pool));
	s->pool_dmabuf = realloc(s->pool_dmabuf, n * sizeof(*s->pool_dmabuf));
	if (!s->pool || !s->pool_dmabuf)
		die("%s", "realloc", ENOMEM);
	for (i = s->pool_n; i < n; i++) {
		vgem_create_size(s->fd, &s->pool[i], 4096);
		s->pool_dmabuf[i] = prime_handle_to_fd(s->fd, s->pool[i].handle);
	}
	s->pool_n = n;
}

static void side_open(struct side *s, enum igt_vgem_backend backend)
{
	s->fd = __igt_vgem_open(backend);
	if (s->fd < 0)
		die("no %s vgem device", igt_vgem_backend_name(backend), -s->fd);
	vgem_create_size(s->fd, &s->bo, 4096);
	s->dmabuf = prime_handle_to_fd(s->fd, s->bo.handle);
}

/* --- single operations ---------------------------------------------------- */

/*
 * A single-operation benchmark: setup() prepares a side, sample() times
 * @batch operations and returns the nanoseconds, teardown() cleans up.
 */
struct single {
	const char *name;
	const char *what;
	void (*setup)(struct side *s, void **ctx);
	long long (*sample)(struct side *s, void *ctx, unsigned int batch);
	void (*teardown)(struct side *s, void *ctx);
};

/* lifecycle: attach a write fence, export it, signal it, close the file. */
static long long lifecycle_sample(struct side *s, void *ctx, unsigned int batch)
{
	long long t0 = now_ns();
	unsigned int i;

	(void)ctx;
	for (i = 0; i < batch; i++) {
		uint32_t fence = vgem_fence_attach(s->fd, s->bo.handle,
						   LOCAL_VGEM_FENCE_WRITE);
		int sf = dmabuf_export_sync_file(s->dmabuf, DMA_BUF_SYNC_WRITE);

		vgem_fence_signal(s->fd, fence);
		close(sf);
	}
	return now_ns() - t0;
}

/* Two single-fence sync files, their fences and their merge. */
struct pair {
	int a, b, merged;
	uint32_t fa, fb;
};

static void pair_setup(struct side *s, void **ctx)
{
	struct pair *p = calloc(1, sizeof(*p));

	if (!p)
		die("%s", "calloc", ENOMEM);
	p->a = fresh_sync_file(s, &p->fa);
	p->b = fresh_sync_file(s, &p->fb);
	p->merged = merge_fd(p->a, p->b);
	*ctx = p;
}

static void pair_teardown(struct side *s, void *ctx)
{
	struct pair *p = ctx;

	fence_done(s, p->fa);
	fence_done(s, p->fb);
	close(p->a);
	close(p->b);
	close(p->merged);
	free(p);
}

/* merge: SYNC_IOC_MERGE of two unsignaled fences (the close is untimed). */
static long long merge_sample(struct side *s, void *ctx, unsigned int batch)
{
	struct pair *p = ctx;
	int fds[MAX_BATCH];
	unsigned int i;
	long long t0, t;

	(void)s;
	t0 = now_ns();
	for (i = 0; i < batch; i++)
		fds[i] = merge_fd(p->a, p->b);
	t = now_ns() - t0;
	for (i = 0; i < batch; i++)
		close(fds[i]);
	return t;
}

/* info: SYNC_IOC_FILE_INFO with room for both fences of the merge. */
static long long info_sample(struct side *s, void *ctx, unsigned int batch)
{
	struct sync_fence_info fi[2];
	struct pair *p = ctx;
	unsigned int i;
	long long t0 = now_ns();

	(void)s;
	for (i = 0; i < batch; i++) {
		struct sync_file_info info = {
			.num_fences = 2,
			.sync_fence_info = (uintptr_t)fi,
		};

		if (ioctl(p->merged, SYNC_IOC_FILE_INFO, &info))
			die("%s", "SYNC_IOC_FILE_INFO", errno);
	}
	return now_ns() - t0;
}

/* poll0: poll() with timeout 0 on the (pending) merge. */
static long long poll0_sample(struct side *s, void *ctx, unsigned int batch)
{
	struct pair *p = ctx;
	struct pollfd pfd = { .fd = p->merged, .events = POLLIN };
	unsigned int i;
	long long t0 = now_ns();

	(void)s;
	for (i = 0; i < batch; i++) {
		if (poll(&pfd, 1, 0) != 0)
			die("%s", "poll on a pending sync file", EPROTO);
	}
	return now_ns() - t0;
}

static const struct single singles[] = {
	{ "lifecycle", "attach + export sync_file + signal + close",
	  NULL, lifecycle_sample, NULL },
	{ "merge", "SYNC_IOC_MERGE of two unsignaled fences",
	  pair_setup, merge_sample, pair_teardown },
	{ "info", "SYNC_IOC_FILE_INFO on the merge (2 fences)",
	  pair_setup, info_sample, pair_teardown },
	{ "poll0", "poll(timeout 0) on the pending merge",
	  pair_setup, poll0_sample, pair_teardown },
};

static void run_single(const struct opts *o, const struct single *b)
{
	double *v[NR_SIDES];
	void *ctx[NR_SIDES] = { NULL, NULL };
	struct row *r;
	unsigned int i, k;

	for (k = 0; k < NR_SIDES; k++) {
		v[k] = calloc(o->samples, sizeof(double));
		if (!v[k])
			die("%s", "calloc", ENOMEM);
		if (b->setup)
			b->setup(&sides[k], &ctx[k]);
		/* Warm up: the first calls allocate and fault in. */
		b->sample(&sides[k], ctx[k], o->batch);
	}
	for (i = 0; i < o->samples; i++) {
		for (k = 0; k < NR_SIDES; k++) {
			unsigned int sd = (i + k) % 2;	/* alternate who is first */

			if (o->only_side >= 0 && (int)sd != o->only_side) {
				v[sd][i] = NAN;
				continue;
			}
			v[sd][i] = (double)b->sample(&sides[sd], ctx[sd],
						     o->batch) / o->batch;
		}
	}
	r = add_row(b->name, "ns/op", 0);
	for (k = 0; k < NR_SIDES; k++) {
		r->v[k] = median(v[k], o->samples);
		if (b->teardown)
			b->teardown(&sides[k], ctx[k]);
		free(v[k]);
	}
}

/* --- wake latency --------------------------------------------------------- */

/*
 * A waiter thread blocks in poll() on a sync file; the main thread signals
 * the fence with VGEM_FENCE_SIGNAL. The latency runs from just before the
 * ioctl to the return from poll() in the waiter.
 */
struct waiter {
	pthread_t thread;
	sem_t go, ready, done;
	int fd;				/* the sync file, -1 to stop */
	long long woke;			/* when poll() returned */
};

static void *waiter_main(void *arg)
{
	struct waiter *w = arg;

	for (;;) {
		struct pollfd pfd;

		sem_wait(&w->go);
		if (w->fd < 0)
			return NULL;
		pfd.fd = w->fd;
		pfd.events = POLLIN;
		sem_post(&w->ready);
		if (poll(&pfd, 1, 5000) != 1)
			w->woke = -1;
		else
			w->woke = now_ns();
		sem_post(&w->done);
	}
}

static double wake_once(struct waiter *w, struct side *s)
{
	struct timespec settle = { .tv_nsec = 2 * 1000 * 1000 };
	uint32_t fence;
	long long t0;

	w->fd = fresh_sync_file(s, &fence);
	sem_post(&w->go);
	sem_wait(&w->ready);
	/* Let the waiter get into poll() and to sleep. */
	nanosleep(&settle, NULL);
	t0 = now_ns();
	vgem_fence_signal(s->fd, fence);
	sem_wait(&w->done);
	close(w->fd);
	if (w->woke < 0)
		die("%s", "the waiter was not woken", ETIMEDOUT);
	return (double)(w->woke - t0);
}

static void run_wake(const struct opts *o)
{
	struct waiter w = { .fd = -1 };
	double *v[NR_SIDES];
	struct row *r;
	unsigned int i, k;

	sem_init(&w.go, 0, 0);
	sem_init(&w.ready, 0, 0);
	sem_init(&w.done, 0, 0);
	if (pthread_create(&w.thread, NULL, waiter_main, &w))
		die("%s", "pthread_create", EAGAIN);
	for (k = 0; k < NR_SIDES; k++) {
		v[k] = calloc(o->wakes, sizeof(double));
		if (!v[k])
			die("%s", "calloc", ENOMEM);
		wake_once(&w, &sides[k]);	/* warm up */
	}
	for (i = 0; i < o->wakes; i++) {
		for (k = 0; k < NR_SIDES; k++) {
			unsigned int sd = (i + k) % 2;

			v[sd][i] = wake_once(&w, &sides[sd]);
		}
	}
	w.fd = -1;
	sem_post(&w.go);
	pthread_join(w.thread, NULL);
	r = add_row("wake", "ns", 0);
	for (k = 0; k < NR_SIDES; k++) {
		r->v[k] = median(v[k], o->wakes);
		free(v[k]);
	}
}

/* --- accumulate ----------------------------------------------------------- */

/*
 * Merge @n single-fence sync files one at a time: acc = merge(acc, f[i]),
 * closing the previous acc, as a driver collecting its dependencies would.
 * Making the files is untimed. Returns the total nanoseconds; the number
 * of fences the result reports goes to *count.
 */
static double accumulate_once(struct side *s, unsigned int n, long *count)
{
	uint32_t *fences = calloc(n, sizeof(*fences));
	int *files = calloc(n, sizeof(*files));
	unsigned int i;
	long long t0, t;
	int acc;

	if (!fences || !files)
		die("%s", "calloc", ENOMEM);
	pool_grow(s, n);
	for (i = 0; i < n; i++)
		files[i] = pool_sync_file(s, i, &fences[i]);

	t0 = now_ns();
	acc = files[0];
	for (i = 1; i < n; i++) {
		int m = merge_fd(acc, files[i]);

		if (acc != files[0])
			close(acc);
		acc = m;
	}
	t = now_ns() - t0;

	*count = file_fence_count(acc);
	if (acc != files[0])
		close(acc);
	for (i = 0; i < n; i++) {
		fence_done(s, fences[i]);
		close(files[i]);
	}
	free(fences);
	free(files);
	return (double)t;
}

static void run_accumulate(const struct opts *o)
{
	unsigned int n;

	for (n = o->min_n; n <= o->max_n; n *= 2) {
		/* Stock grows as N^2: fewer repetitions for the big ones. */
		unsigned int reps = n <= 256 ? 5 : n <= 1024 ? 3 : 1;
		double v[NR_SIDES][5];
		long count[NR_SIDES] = { -1, -1 };
		char name[32];
		struct row *r;
		unsigned int i, k;

		/* The buffers for both sides before any fence exists. */
		for (k = 0; k < NR_SIDES; k++)
			pool_grow(&sides[k], n);

		for (i = 0; i < reps; i++) {
			for (k = 0; k < NR_SIDES; k++) {
				unsigned int sd = (i + k) % 2;
				long c;

				v[sd][i] = accumulate_once(&sides[sd], n, &c) / 1000;
				/* Fewer: vgem's 10 s timeout signaled some. */
				if (c != (long)n)
					fprintf(stderr, "uapi-bench: accumulate-%u (%s): %ld fences, not %u (vgem's 10 s timeout?)\n",
						n, side_name[sd], c, n);
				if (count[sd] < 0 || c < count[sd])
					count[sd] = c;
			}
		}
		snprintf(name, sizeof(name), "accumulate-%u", n);
		r = add_row(name, "us", n);
		for (k = 0; k < NR_SIDES; k++) {
			r->v[k] = median(v[k], reps);
			r->fences[k] = count[k];
		}
	}
}

/* --- poll on a dma-buf ---------------------------------------------------- */

/*
 * poll(POLLIN | POLLOUT, timeout 0) on a dma-buf with @n unsignaled read
 * fences: POLLIN is ready (no writer), POLLOUT is not (readers pending).
 */
static void run_dmabuf_poll(const struct opts *o, unsigned int n)
{
	struct vgem_bo bo[NR_SIDES];
	uint32_t *fences[NR_SIDES];
	int dmabuf[NR_SIDES];
	double *v[NR_SIDES];
	char name[32];
	struct row *r;
	unsigned int i, k, j;

	for (k = 0; k < NR_SIDES; k++) {
		fences[k] = calloc(n, sizeof(uint32_t));
		v[k] = calloc(o->samples, sizeof(double));
		if (!fences[k] || !v[k])
			die("%s", "calloc", ENOMEM);
		vgem_create_size(sides[k].fd, &bo[k], 4096);
		dmabuf[k] = prime_handle_to_fd(sides[k].fd, bo[k].handle);
		for (j = 0; j < n; j++)
			fences[k][j] = vgem_fence_attach(sides[k].fd,
							 bo[k].handle, 0);
	}
	for (i = 0; i <= o->samples; i++) {
		for (k = 0; k < NR_SIDES; k++) {
			unsigned int sd = (i + k) % 2;
			struct pollfd pfd = {
				.fd = dmabuf[sd], .events = POLLIN | POLLOUT,
			};
			long long t0 = now_ns();

			for (j = 0; j < o->batch; j++) {
				if (poll(&pfd, 1, 0) != 1 ||
				    pfd.revents != POLLIN)
					die("%s", "poll on a dma-buf with readers",
					    EPROTO);
			}
			/* Sample 0 warms up. */
			if (i)
				v[sd][i - 1] = (double)(now_ns() - t0) / o->batch;
		}
	}
	snprintf(name, sizeof(name), "dmabuf-poll-%u", n);
	r = add_row(name, "ns/op", n);
	for (k = 0; k < NR_SIDES; k++) {
		r->v[k] = median(v[k], o->samples);
		for (j = 0; j < n; j++)
			fence_done(&sides[k], fences[k][j]);
		close(dmabuf[k]);
		gem_close(sides[k].fd, bo[k].handle);
		free(fences[k]);
		free(v[k]);
	}
}

/* --- output ---------------------------------------------------------------- */

static double ratio_of_medians(const struct row *r)
{
	return r->v[STOCK] > 0 ? r->v[OURS] / r->v[STOCK] : NAN;
}

static double ratio(const struct row *r)
{
	return r->ratio_med > 0 ? r->ratio_med : ratio_of_medians(r);
}

static void print_table(FILE *f)
{
	unsigned int i;

	fprintf(f, "%-20s %-6s %14s %14s %11s %s\n", "operation", "unit",
		"stock", "ours", "ours/stock", "fences (stock/ours)");
	for (i = 0; i < nr_rows; i++) {
		const struct row *r = &rows[i];

		fprintf(f, "%-20s %-6s %14.1f %14.1f %11.3f", r->name, r->unit,
			r->v[STOCK], r->v[OURS], ratio(r));
		if (r->fences[STOCK] >= 0 || r->fences[OURS] >= 0)
			fprintf(f, " %ld/%ld%s", r->fences[STOCK], r->fences[OURS],
				r->fences[STOCK] == r->fences[OURS] ? "" :
				" MISMATCH");
		fprintf(f, "\n");
	}
}

static void write_csv(const char *path)
{
	FILE *f = fopen(path, "w");
	unsigned int i;

	if (!f)
		die("cannot write %s", path, errno);
	fprintf(f, "name,unit,n,stock,ours,ratio,fences_stock,fences_ours,ratio_of_medians\n");
	for (i = 0; i < nr_rows; i++) {
		const struct row *r = &rows[i];

		fprintf(f, "%s,%s,%u,%.1f,%.1f,%.4f,%ld,%ld,%.4f\n", r->name,
			r->unit, r->n, r->v[STOCK], r->v[OURS], ratio(r),
			r->fences[STOCK], r->fences[OURS], ratio_of_medians(r));
	}
	if (fclose(f))
		die("cannot write %s", path, errno);
}

/* The accumulate curve, log-log: N (base 2) against total time (base 10). */
static void write_svg(const char *path)
{
	static const char *const color[NR_SIDES] = { "#c0392b", "#2471a3" };
	const double W = 640, H = 420, L = 80, R = 20, T = 40, B = 60;
	double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
	double lx0, lx1, ly0, ly1, x, y;
	unsigned int i, k, npts = 0;
	bool hollow = false;
	int d;
	FILE *f;

	for (i = 0; i < nr_rows; i++) {
		if (strncmp(rows[i].name, "accumulate-", 11))
			continue;
		npts++;
		xmin = fmin(xmin, rows[i].n);
		xmax = fmax(xmax, rows[i].n);
		for (k = 0; k < NR_SIDES; k++) {
			if (rows[i].v[k] > 0) {
				ymin = fmin(ymin, rows[i].v[k]);
				ymax = fmax(ymax, rows[i].v[k]);
			}
		}
	}
	if (!npts || !(ymin > 0)) {
		fprintf(stderr, "uapi-bench: no accumulate rows, no plot\n");
		return;
	}
	lx0 = log2(xmin);
	lx1 = log2(xmax);
	if (lx1 <= lx0)
		lx1 = lx0 + 1;
	ly0 = floor(log10(ymin));
	ly1 = ceil(log10(ymax));
	if (ly1 <= ly0)
		ly1 = ly0 + 1;

	f = fopen(path, "w");
	if (!f)
		die("cannot write %s", path, errno);
#define PX(v) (L + (log2(v) - lx0) / (lx1 - lx0) * (W - L - R))
#define PY(v) (H - B - (log10(v) - ly0) / (ly1 - ly0) * (H - T - B))
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
		"viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"12\">\n",
		W, H, W, H);
	fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
	fprintf(f, "<text x=\"%.0f\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">"
		"Accumulating N single-fence sync_files, one SYNC_IOC_MERGE at a time</text>\n",
		W / 2);
	/* Grid and ticks: every power of 2 on x, every decade on y. */
	for (d = (int)lx0; d <= (int)lx1; d++) {
		x = L + (d - lx0) / (lx1 - lx0) * (W - L - R);
		fprintf(f, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#ddd\"/>\n",
			x, T, x, H - B);
		fprintf(f, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%d</text>\n",
			x, H - B + 18, 1 << d);
	}
	for (d = (int)ly0; d <= (int)ly1; d++) {
		y = H - B - (d - ly0) / (ly1 - ly0) * (H - T - B);
		fprintf(f, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
			L, y, W - R, y);
		fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n",
			L - 6, y + 4, pow(10, d));
	}
	fprintf(f, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" stroke=\"black\"/>\n",
		L, T, W - L - R, H - T - B);
	fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\">N (fences merged, log scale)</text>\n",
		L + (W - L - R) / 2, H - 18);
	fprintf(f, "<text transform=\"translate(18 %.0f) rotate(-90)\" text-anchor=\"middle\">"
		"total time, microseconds (log scale)</text>\n", T + (H - T - B) / 2);
	for (k = 0; k < NR_SIDES; k++) {
		fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"",
			color[k]);
		for (i = 0; i < nr_rows; i++) {
			if (!strncmp(rows[i].name, "accumulate-", 11) && rows[i].v[k] > 0 &&
			    rows[i].fences[k] == (long)rows[i].n)
				fprintf(f, "%.1f,%.1f ", PX(rows[i].n), PY(rows[i].v[k]));
		}
		fprintf(f, "\"/>\n");
		/* Hollow: the result lost fences (vgem's 10 s timeout). */
		for (i = 0; i < nr_rows; i++) {
			bool whole = rows[i].fences[k] == (long)rows[i].n;

			if (strncmp(rows[i].name, "accumulate-", 11) || !(rows[i].v[k] > 0))
				continue;
			if (!whole)
				hollow = true;
			fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\" stroke=\"%s\"/>\n",
				PX(rows[i].n), PY(rows[i].v[k]),
				whole ? color[k] : "white", color[k]);
		}
		/* Legend, top left. */
		fprintf(f, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"%s\" stroke-width=\"2\"/>\n",
			L + 12, T + 16 + 18.0 * k, L + 40, T + 16 + 18.0 * k, color[k]);
		fprintf(f, "<text x=\"%.0f\" y=\"%.0f\">%s</text>\n", L + 46,
			T + 20 + 18.0 * k,
			k == STOCK ? "stock Linux 6.1 sync_file" : "fencepost.ko");
	}
#undef PX
#undef PY
	if (hollow)
		fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"10\">hollow: fewer fences in the result "
			"than merged (vgem signaled some after 10 s), not comparable</text>\n",
			L + 12, T + 56.0);
	fprintf(f, "</svg>\n");
	if (fclose(f))
		die("cannot write %s", path, errno);
}

/* --- median of runs (host side) ------------------------------------------ */

static struct row *find_row(const char *name)
{
	unsigned int i;

	for (i = 0; i < nr_rows; i++) {
		if (!strcmp(rows[i].name, name))
			return &rows[i];
	}
	return NULL;
}

/* Reads the CSV files named in the comma-separated @list into rows[]. */
static void merge_csv(const char *list)
{
	double v[MAX_ROWS][NR_SIDES][16], rt_runs[MAX_ROWS][16];
	unsigned int runs = 0, i, k;
	char *copy = strdup(list), *path, *save = NULL;

	if (!copy)
		die("%s", "strdup", ENOMEM);
	for (path = strtok_r(copy, ",", &save); path;
	     path = strtok_r(NULL, ",", &save)) {
		FILE *f = fopen(path, "r");
		char line[256];

		if (!f)
			die("cannot read %s", path, errno);
		if (runs == 16)
			die("%s", "more than 16 runs", E2BIG);
		while (fgets(line, sizeof(line), f)) {
			char name[32], unit[16];
			unsigned int n;
			double s, o, rt;
			long fs, fo;
			struct row *r;

			if (sscanf(line, "%31[^,],%15[^,],%u,%lf,%lf,%lf,%ld,%ld",
				   name, unit, &n, &s, &o, &rt, &fs, &fo) != 8)
				continue;
			r = find_row(name);
			if (!r) {
				if (runs)	/* only rows every run has */
					continue;
				r = add_row(name, unit, n);
				r->fences[STOCK] = fs;
				r->fences[OURS] = fo;
			}
			i = r - rows;
			v[i][STOCK][runs] = s;
			v[i][OURS][runs] = o;
			rt_runs[i][runs] = rt;
			if (fs != r->fences[STOCK] || fo != r->fences[OURS])
				fprintf(stderr, "uapi-bench: %s: fence counts differ between runs\n",
					name);
		}
		fclose(f);
		runs++;
	}
	free(copy);
	for (i = 0; i < nr_rows; i++) {
		for (k = 0; k < NR_SIDES; k++)
			rows[i].v[k] = median(v[i][k], runs);
		rows[i].ratio_med = median(rt_runs[i], runs);
	}
	printf("# median of %u run(s) per row; ours/stock: the median of the runs' ratios\n"
	       "# (ratio_of_medians in the CSV: the two medians' ratio)\n", runs);
}

/* --- main ------------------------------------------------------------------ */

static void usage(FILE *f)
{
	unsigned int i;

	fprintf(f,
		"usage: uapi-bench [options]\n"
		"  --samples S     samples per side for single operations (default 201)\n"
		"  --batch B       operations per sample (default 16, at most %d)\n"
		"  --wakes W       wake-latency samples per side (default 101)\n"
		"  --min-n N, --max-n N  accumulate sizes, powers of 2 (default 16, 4096)\n"
		"  --poll-max-n N  dma-buf poll sizes 1, 16, ... up to N (default 1024)\n"
		"  --quick         --samples 7 --wakes 9 --max-n 256 --poll-max-n 16\n"
		"  --only A,B      run only these: lifecycle, merge, info, poll0, wake,\n"
		"                  accumulate, dmabuf-poll\n"
		"  --csv FILE      write the rows as CSV\n"
		"  --svg FILE      plot the accumulate rows (SVG)\n"
		"  --table FILE    write the table to FILE too\n"
		"  --merge-csv A,B,...  run nothing: the median over these CSVs\n"
		"  --side stock|ours  time the single operations on one side only\n"
		"                  (to profile it, e.g. with ftrace's function profiler)\n"
		"singles:\n", MAX_BATCH);
	for (i = 0; i < ARRAY_LEN(singles); i++)
		fprintf(f, "  %-10s %s\n", singles[i].name, singles[i].what);
}

static unsigned int parse_uint(const char *s, unsigned int min, unsigned int max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || *s == '-' || v < min || v > max) {
		fprintf(stderr, "uapi-bench: bad number '%s' (%u...%u)\n", s,
			min, max);
		exit(2);
	}
	return v;
}

static void parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "samples", required_argument, NULL, 's' },
		{ "batch", required_argument, NULL, 'b' },
		{ "wakes", required_argument, NULL, 'w' },
		{ "min-n", required_argument, NULL, 'm' },
		{ "max-n", required_argument, NULL, 'n' },
		{ "poll-max-n", required_argument, NULL, 'p' },
		{ "quick", no_argument, NULL, 'q' },
		{ "only", required_argument, NULL, 'o' },
		{ "csv", required_argument, NULL, 'c' },
		{ "svg", required_argument, NULL, 'g' },
		{ "table", required_argument, NULL, 't' },
		{ "merge-csv", required_argument, NULL, 'M' },
		{ "side", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	int c;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 's': o->samples = parse_uint(optarg, 1, 100000); break;
		case 'b': o->batch = parse_uint(optarg, 1, MAX_BATCH); break;
		case 'w': o->wakes = parse_uint(optarg, 1, 100000); break;
		case 'm': o->min_n = parse_uint(optarg, 2, 1 << 16); break;
		case 'n': o->max_n = parse_uint(optarg, 2, 1 << 16); break;
		case 'p': o->poll_max_n = parse_uint(optarg, 1, 1 << 16); break;
		case 'q':
			o->samples = 7;
			o->wakes = 9;
			o->max_n = 256;
			o->poll_max_n = 16;
			break;
		case 'o': o->only = optarg; break;
		case 'c': o->csv = optarg; break;
		case 'g': o->svg = optarg; break;
		case 't': o->table = optarg; break;
		case 'M': o->merge_csv = optarg; break;
		case 'S':
			if (!strcmp(optarg, "stock"))
				o->only_side = STOCK;
			else if (!strcmp(optarg, "ours"))
				o->only_side = OURS;
			else
				o->only_side = -1;
			break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); exit(2);
		}
	}
	if (optind != argc) {
		usage(stderr);
		exit(2);
	}
}

/*
 * Room for the accumulate files: n sync files, and n buffers' dma-bufs on
 * each side, and more.
 */
static void raise_fd_limit(unsigned int n)
{
	struct rlimit rl;
	rlim_t want = 4 * (rlim_t)n + 256;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		return;
	if (rl.rlim_cur >= want)
		return;
	if (rl.rlim_max < want) {
		rl.rlim_max = want;	/* needs CAP_SYS_RESOURCE */
		rl.rlim_cur = want;
		if (!setrlimit(RLIMIT_NOFILE, &rl))
			return;
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
}

int main(int argc, char **argv)
{
	struct opts o = {
		.samples = 201,
		.batch = 16,
		.wakes = 101,
		.min_n = 16,
		.max_n = 4096,
		.poll_max_n = 1024,
		.only_side = -1,
	};
	unsigned int i, n;
	FILE *f;

	parse_args(argc, argv, &o);
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (o.merge_csv) {
		merge_csv(o.merge_csv);
	} else {
		raise_fd_limit(o.max_n);
		side_open(&sides[STOCK], IGT_VGEM_STOCK);
		side_open(&sides[OURS], IGT_VGEM_FENCEPOST);
		printf("# uapi-bench: stock = the kernel's vgem and sync_file, ours = %s;\n"
		       "# medians of %u samples of %u operations, alternating sides\n",
		       IGT_VGEM_FENCEPOST_PATH, o.samples, o.batch);
		for (i = 0; i < ARRAY_LEN(singles); i++) {
			if (selected(&o, singles[i].name))
				run_single(&o, &singles[i]);
		}
		if (selected(&o, "wake"))
			run_wake(&o);
		if (selected(&o, "accumulate"))
			run_accumulate(&o);
		if (selected(&o, "dmabuf-poll")) {
			for (n = 1; n <= o.poll_max_n; n *= 16)
				run_dmabuf_poll(&o, n);
			if (o.poll_max_n > 1 && (n / 16) != o.poll_max_n)
				run_dmabuf_poll(&o, o.poll_max_n);
		}
	}

	print_table(stdout);
	if (o.table) {
		f = fopen(o.table, "w");
		if (!f)
			die("cannot write %s", o.table, errno);
		print_table(f);
		fclose(f);
	}
	if (o.csv)
		write_csv(o.csv);
	if (o.svg)
		write_svg(o.svg);
	return 0;
}
