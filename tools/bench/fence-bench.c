// SPDX-License-Identifier: GPL-2.0-only
/*
 * fence-bench: micro-benchmarks of the fence core on the userspace host.
 *
 * Each benchmark does its setup untimed, then times a loop of K operations
 * with CLOCK_MONOTONIC, then tears down untimed. A benchmark runs R times
 * and the table reports the median time per operation. Benchmarks that take
 * a size N run once per size; their operation covers all N elements, and the
 * table also gives the time per element.
 *
 * The "ops" column is the number of timed operations per repetition, so an
 * instruction count taken under callgrind can be divided by it. The counts
 * made for "make callgrind" take the difference between a run with K
 * iterations and a run with 0 iterations, which cancels the setup, the
 * teardown and the process start-up (see tools/bench/callgrind-per-op).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/dma-fence.h>
#include <linux/dma-fence-array.h>
#include <linux/dma-fence-chain.h>
#include <linux/dma-resv.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include <host/host.h>

struct bench_opts {
	unsigned long iterations;	/* K: timed operations per repetition */
	unsigned int repeat;		/* R: repetitions, the median is shown */
	unsigned int max_n;		/* largest N for sized benchmarks */
	const char *only;		/* comma-separated benchmark names */
};

struct bench {
	const char *name;
	const char *what;
	bool sized;
	/*
	 * Runs @ops timed operations on size @n (ignored when !sized) and
	 * returns the elapsed nanoseconds, or -1 on failure.
	 */
	long long (*run)(unsigned long ops, unsigned int n);
};

static DEFINE_SPINLOCK(bench_lock);
static unsigned long bench_cb_count;

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static const char *bench_driver_name(struct dma_fence *fence)
{
	(void)fence;
	return "fence-bench";
}

static const char *bench_timeline_name(struct dma_fence *fence)
{
	(void)fence;
	return "bench";
}

/* An embedded fence that is reused: nothing to free on the last put. */
static void bench_release_embedded(struct dma_fence *fence)
{
	(void)fence;
}

/* Heap fences: the default release (dma_fence_free(), freed after RCU). */
static const struct dma_fence_ops bench_ops = {
	.get_driver_name = bench_driver_name,
	.get_timeline_name = bench_timeline_name,
};

static const struct dma_fence_ops bench_embedded_ops = {
	.get_driver_name = bench_driver_name,
	.get_timeline_name = bench_timeline_name,
	.release = bench_release_embedded,
};

static struct dma_fence *bench_fence_create(u64 context, u64 seqno)
{
	struct dma_fence *fence = kzalloc(sizeof(*fence), GFP_KERNEL);

	if (fence)
		dma_fence_init(fence, &bench_ops, &bench_lock, context, seqno);
	return fence;
}

static void bench_fences_put(struct dma_fence **fences, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!fences[i])
			continue;
		dma_fence_signal(fences[i]);
		dma_fence_put(fences[i]);
	}
	kfree(fences);
}

/*
 * Creates @n unsignaled heap fences, from @n contexts when @spread, else
 * from one context with increasing seqnos.
 */
static struct dma_fence **bench_fences_create(unsigned int n, bool spread)
{
	struct dma_fence **fences;
	u64 context;
	unsigned int i;

	fences = kcalloc(n, sizeof(*fences), GFP_KERNEL);
	if (!fences)
		return NULL;

	context = dma_fence_context_alloc(spread ? n : 1);
	for (i = 0; i < n; i++) {
		fences[i] = bench_fence_create(spread ? context + i : context,
					       spread ? 1 : i + 1);
		if (!fences[i]) {
			bench_fences_put(fences, n);
			return NULL;
		}
	}
	return fences;
}

/* init-signal-put: the life of a fence with no waiter and no allocation. */
static long long bench_init_signal_put(unsigned long ops, unsigned int n)
{
	struct dma_fence fence;
	u64 context = dma_fence_context_alloc(1);
	unsigned long i;
	long long t0;

	(void)n;
	t0 = now_ns();
	for (i = 0; i < ops; i++) {
		dma_fence_init(&fence, &bench_embedded_ops, &bench_lock,
			       context, i + 1);
		dma_fence_signal(&fence);
		dma_fence_put(&fence);
	}
	return now_ns() - t0;
}

static void bench_cb(struct dma_fence *fence, struct dma_fence_cb *cb)
{
	(void)fence;
	(void)cb;
	bench_cb_count++;
}

/* callback-signal: init, add one callback, signal (runs it), put. */
static long long bench_callback_signal(unsigned long ops, unsigned int n)
{
	struct dma_fence fence;
	struct dma_fence_cb cb;
	u64 context = dma_fence_context_alloc(1);
	unsigned long i;
	long long t0, t;

	(void)n;
	bench_cb_count = 0;
	t0 = now_ns();
	for (i = 0; i < ops; i++) {
		dma_fence_init(&fence, &bench_embedded_ops, &bench_lock,
			       context, i + 1);
		if (dma_fence_add_callback(&fence, &cb, bench_cb))
			return -1;
		dma_fence_signal(&fence);
		dma_fence_put(&fence);
	}
	t = now_ns() - t0;
	return bench_cb_count == ops ? t : -1;
}

/* array: N fences created, wrapped in an array, all signaled, put. */
static long long bench_array(unsigned long ops, unsigned int n)
{
	struct dma_fence_array *array;
	struct dma_fence **fences;
	u64 context = dma_fence_context_alloc(1);
	unsigned long i;
	unsigned int j;
	long long t0, t;

	t0 = now_ns();
	for (i = 0; i < ops; i++) {
		fences = bench_fences_create(n, true);
		if (!fences)
			return -1;
		array = dma_fence_array_create(n, fences, context, i + 1,
					       false);
		if (!array) {
			bench_fences_put(fences, n);
			return -1;
		}
		dma_fence_enable_sw_signaling(&array->base);
		for (j = 0; j < n; j++)
			dma_fence_signal(array->fences[j]);
		dma_fence_put(&array->base);
	}
	t = now_ns() - t0;
	host_quiesce();
	return t;
}

/* resv: init, lock, reserve N, add N fences, unlock, fini. */
static long long bench_resv(unsigned long ops, unsigned int n, bool spread)
{
	struct dma_fence **fences;
	struct dma_resv resv;
	unsigned long i;
	unsigned int j;
	long long t0, t = -1;

	fences = bench_fences_create(n, spread);
	if (!fences)
		return -1;

	t0 = now_ns();
	for (i = 0; i < ops; i++) {
		dma_resv_init(&resv);
		if (dma_resv_lock(&resv, NULL))
			goto out_fini;
		if (dma_resv_reserve_fences(&resv, n))
			goto out_unlock;
		for (j = 0; j < n; j++)
			dma_resv_add_fence(&resv, fences[j],
					   DMA_RESV_USAGE_READ);
		dma_resv_unlock(&resv);
		dma_resv_fini(&resv);
	}
	t = now_ns() - t0;
	goto out;

out_unlock:
	dma_resv_unlock(&resv);
out_fini:
	dma_resv_fini(&resv);
out:
	bench_fences_put(fences, n);
	host_quiesce();
	return t;
}

static long long bench_resv_contexts(unsigned long ops, unsigned int n)
{
	return bench_resv(ops, n, true);
}

static long long bench_resv_context(unsigned long ops, unsigned int n)
{
	return bench_resv(ops, n, false);
}

/* Builds a chain of @n points over unsignaled fences; seqnos 1..n. */
static struct dma_fence *bench_chain_create(unsigned int n)
{
	struct dma_fence *head = NULL, *fence;
	struct dma_fence_chain *chain;
	u64 context = dma_fence_context_alloc(n);
	unsigned int i;

	for (i = 0; i < n; i++) {
		fence = bench_fence_create(context + i, 1);
		chain = dma_fence_chain_alloc();
		if (!fence || !chain) {
			kfree(fence);
			dma_fence_chain_free(chain);
			dma_fence_put(head);
			return NULL;
		}
		dma_fence_chain_init(chain, head, fence, i + 1);
		head = &chain->base;
	}
	return head;
}

static void bench_chain_put(struct dma_fence *head)
{
	struct dma_fence *iter;

	dma_fence_chain_for_each(iter, head)
		dma_fence_signal(dma_fence_chain_contained(iter));
	dma_fence_put(head);
}

/* chain-walk: dma_fence_chain_for_each() over all N points. */
static long long bench_chain_walk(unsigned long ops, unsigned int n)
{
	struct dma_fence *head, *iter;
	unsigned long i, seen = 0;
	long long t0, t;

	head = bench_chain_create(n);
	if (!head)
		return -1;

	t0 = now_ns();
	for (i = 0; i < ops; i++) {
		dma_fence_chain_for_each(iter, head)
			seen++;
	}
	t = now_ns() - t0;

	bench_chain_put(head);
	host_quiesce();
	return seen == ops * n ? t : -1;
}

/* chain-find: dma_fence_chain_find_seqno() of the oldest of N points. */
static long long bench_chain_find(unsigned long ops, unsigned int n)
{
	struct dma_fence *head, *fence;
	unsigned long i;
	long long t0, t = -1;

	head = bench_chain_create(n);
	if (!head)
		return -1;

	t0 = now_ns();
	for (i = 0; i < ops; i++) {
		fence = dma_fence_get(head);
		if (dma_fence_chain_find_seqno(&fence, 1))
			goto out;
		dma_fence_put(fence);
	}
	t = now_ns() - t0;
out:
	bench_chain_put(head);
	host_quiesce();
	return t;
}

static const struct bench benches[] = {
	{ "init-signal-put", "dma_fence_init + signal + put (embedded)",
	  false, bench_init_signal_put },
	{ "callback-signal", "init + add_callback + signal + put",
	  false, bench_callback_signal },
	{ "array", "create N fences + array + signal all + put",
	  true, bench_array },
	{ "resv-contexts", "resv add N fences from N contexts",
	  true, bench_resv_contexts },
	{ "resv-context", "resv add N fences from one context",
	  true, bench_resv_context },
	{ "chain-walk", "dma_fence_chain_for_each over N points",
	  true, bench_chain_walk },
	{ "chain-find", "dma_fence_chain_find_seqno over N points",
	  true, bench_chain_find },
};

static const unsigned int bench_sizes[] = { 1, 4, 16, 64, 256, 1024, 4096 };

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

static bool bench_selected(const struct bench_opts *o, const char *name)
{
	size_t len = strlen(name);
	const char *p = o->only;

	if (!p)
		return true;
	while (*p) {
		if (!strncmp(p, name, len) && (p[len] == ',' || !p[len]))
			return true;
		p = strchr(p, ',');
		if (!p)
			break;
		p++;
	}
	return false;
}

static int bench_one(const struct bench_opts *o, const struct bench *b,
		     unsigned int n)
{
	unsigned long ops = o->iterations;
	long long *t;
	double per_op;
	unsigned int r;
	char size[16] = "-";

	/* Sized operations cost ~N times more: keep each run short. */
	if (b->sized && ops) {
		ops /= n;
		if (!ops)
			ops = 1;
	}

	t = calloc(o->repeat, sizeof(*t));
	if (!t)
		return -ENOMEM;
	for (r = 0; r < o->repeat; r++) {
		t[r] = b->run(ops, n);
		if (t[r] < 0) {
			fprintf(stderr, "fence-bench: %s (N=%u) failed\n",
				b->name, n);
			free(t);
			return -EIO;
		}
	}
	qsort(t, o->repeat, sizeof(*t), cmp_ll);

	if (b->sized)
		snprintf(size, sizeof(size), "%u", n);
	printf("%-16s %5s %9lu %5u", b->name, size, ops, o->repeat);
	if (ops) {
		per_op = (double)t[o->repeat / 2] / ops;
		printf(" %14.1f", per_op);
		if (b->sized)
			printf(" %12.2f", per_op / n);
		else
			printf(" %12s", "-");
	} else {
		printf(" %14s %12s", "-", "-");
	}
	printf("  %s\n", b->what);
	fflush(stdout);
	free(t);
	return 0;
}

static void usage(FILE *f)
{
	unsigned int i;

	fprintf(f,
		"usage: fence-bench [options]\n"
		"  --iterations K  timed operations per repetition (default 20000;\n"
		"                  sized benchmarks run K/N operations of size N)\n"
		"  --repeat R      repetitions; the median is reported (default 5)\n"
		"  --max-n N       largest size for sized benchmarks (default 4096)\n"
		"  --quick         --iterations 1000 --repeat 3\n"
		"  --only A,B      run only the named benchmarks\n"
		"  --list          list the benchmarks\n"
		"benchmarks:\n");
	for (i = 0; i < ARRAY_SIZE(benches); i++)
		fprintf(f, "  %-16s %s%s\n", benches[i].name, benches[i].what,
			benches[i].sized ? " (sized)" : "");
}

static int parse_ulong(const char *s, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 0);
	return (errno || end == s || *end || *s == '-') ? -EINVAL : 0;
}

static int parse_args(int argc, char **argv, struct bench_opts *o)
{
	static const struct option longopts[] = {
		{ "iterations", required_argument, NULL, 'k' },
		{ "repeat", required_argument, NULL, 'r' },
		{ "max-n", required_argument, NULL, 'n' },
		{ "quick", no_argument, NULL, 'q' },
		{ "only", required_argument, NULL, 'o' },
		{ "list", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	unsigned long v;
	unsigned int i;
	int c;

	while ((c = getopt_long(argc, argv, "k:r:n:qo:lh", longopts, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (parse_ulong(optarg, &o->iterations))
				return -EINVAL;
			break;
		case 'r':
			if (parse_ulong(optarg, &v) || !v || v > 1000)
				return -EINVAL;
			o->repeat = v;
			break;
		case 'n':
			if (parse_ulong(optarg, &v) || !v || v > 1u << 20)
				return -EINVAL;
			o->max_n = v;
			break;
		case 'q':
			o->iterations = 1000;
			o->repeat = 3;
			break;
		case 'o':
			o->only = optarg;
			break;
		case 'l':
			for (i = 0; i < ARRAY_SIZE(benches); i++)
				printf("%s\n", benches[i].name);
			exit(0);
		case 'h':
			usage(stdout);
			exit(0);
		default:
			return -EINVAL;
		}
	}
	return optind == argc ? 0 : -EINVAL;
}

int main(int argc, char **argv)
{
	struct bench_opts o = {
		.iterations = 20000,
		.repeat = 5,
		.max_n = 4096,
	};
	unsigned int i, j;
	int err = 0;

	if (parse_args(argc, argv, &o)) {
		usage(stderr);
		return 2;
	}

	printf("# fence-bench: K=%lu iterations, median of %u repetitions, CLOCK_MONOTONIC\n",
	       o.iterations, o.repeat);
	printf("# ops = timed operations per repetition; per-element = ns/op / N\n");
	printf("%-16s %5s %9s %5s %14s %12s  %s\n", "benchmark", "N", "ops",
	       "reps", "ns/op", "ns/element", "operation");

	for (i = 0; i < ARRAY_SIZE(benches) && !err; i++) {
		const struct bench *b = &benches[i];

		if (!bench_selected(&o, b->name))
			continue;
		if (!b->sized) {
			err = bench_one(&o, b, 1);
			continue;
		}
		for (j = 0; j < ARRAY_SIZE(bench_sizes) && !err; j++) {
			if (bench_sizes[j] <= o.max_n)
				err = bench_one(&o, b, bench_sizes[j]);
		}
	}

	host_quiesce();
	return err ? 1 : 0;
}
