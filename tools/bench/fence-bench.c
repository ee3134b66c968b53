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
 * instruction count taken under callgrind can be divided by it.
 *
 * With --callgrind, every row also gets the instructions one operation
 * costs, which machine noise does not change: before the timed table the
 * program runs itself under valgrind --tool=callgrind (--cg-child), where
 * each row runs once with 0 operations and once with "ops" operations,
 * each followed by a callgrind dump named after the row; setup, teardown
 * and the deferred frees are in both, so (Ir(ops) - Ir(0)) / ops is one
 * operation. tools/bench/callgrind-per-op does the same for one row with
 * two whole processes, as a cross-check.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define FENCE_BENCH_CALLGRIND 1
#endif
#endif

#include <linux/dma-fence.h>
#include <linux/dma-fence-array.h>
#include <linux/dma-fence-chain.h>
#include <linux/dma-fence-unwrap.h>
#include <linux/dma-resv.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include <host/host.h>

struct bench_opts {
	unsigned long iterations;	/* K: timed operations per repetition */
	unsigned int repeat;		/* R: repetitions, the median is shown */
	unsigned int max_n;		/* largest N for sized benchmarks */
	const char *only;		/* comma-separated benchmark names */
	const char *valgrind;		/* --callgrind: the valgrind to run */
	bool cg_child;			/* running under callgrind for the parent */
};

/* Instructions per operation of each row, from the callgrind child. */
struct cg_count {
	char name[32];
	unsigned int n;
	unsigned long ops;
	double ir0, irk;	/* Ir with 0 and with @ops operations */
	double ir_per_op;	/* (irk - ir0) / ops, -1 if unknown */
};

static struct cg_count *cg_counts;
static unsigned int cg_nr;

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

/*
 * merge-accumulate: N fences from N contexts merged one at a time with
 * dma_fence_unwrap_merge(), dropping each intermediate result, as
 * SYNC_IOC_MERGE does when userspace collects fences one by one.
 */
static long long bench_merge_accumulate(unsigned long ops, unsigned int n)
{
	struct dma_fence **fences = bench_fences_create(n, true);
	struct dma_fence *acc, *merged;
	unsigned long i;
	unsigned int j;
	long long t0, t;

	if (!fences)
		return -1;
	t0 = now_ns();
	for (i = 0; i < ops; i++) {
		acc = dma_fence_get(fences[0]);
		for (j = 1; j < n; j++) {
			merged = dma_fence_unwrap_merge(acc, fences[j]);
			dma_fence_put(acc);
			if (!merged) {
				bench_fences_put(fences, n);
				return -1;
			}
			acc = merged;
		}
		dma_fence_put(acc);
	}
	t = now_ns() - t0;
	bench_fences_put(fences, n);
	return t;
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
	{ "merge-accumulate", "merge N fences one dma_fence_unwrap_merge at a time",
	  true, bench_merge_accumulate },
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

/* --- instruction counts under callgrind ------------------------------- */

/* The operations a row times (sized benchmarks: K/N of size N). */
static unsigned long bench_nr_ops(const struct bench_opts *o,
			       const struct bench *b, unsigned int n)
{
	unsigned long ops = o->iterations;

	/* Sized operations cost ~N times more: keep each run short. */
	if (b->sized && ops) {
		ops /= n;
		if (!ops)
			ops = 1;
	}
	return ops;
}

#ifdef FENCE_BENCH_CALLGRIND
/*
 * In the callgrind child: one row with @ops operations, counted from the
 * start of the run to the end of the deferred work it left, then dumped
 * as "fence-bench <ops> <name> <n>".
 */
static int bench_cg_run(const struct bench *b, unsigned long ops,
			unsigned int n)
{
	char label[96];
	long long t;

	CALLGRIND_ZERO_STATS;
	CALLGRIND_TOGGLE_COLLECT;
	t = b->run(ops, n);
	host_quiesce();
	CALLGRIND_TOGGLE_COLLECT;
	snprintf(label, sizeof(label), "fence-bench %lu %s %u", ops, b->name, n);
	CALLGRIND_DUMP_STATS_AT(label);
	return t < 0 ? -EIO : 0;
}

static int bench_cg_row(const struct bench_opts *o, const struct bench *b,
			unsigned int n)
{
	unsigned long ops = bench_nr_ops(o, b, n);

	if (bench_cg_run(b, 0, n) || bench_cg_run(b, ops, n)) {
		fprintf(stderr, "fence-bench: %s (N=%u) failed\n", b->name, n);
		return -EIO;
	}
	return 0;
}
#else
static int bench_cg_row(const struct bench_opts *o, const struct bench *b,
			unsigned int n)
{
	(void)o;
	(void)b;
	(void)n;
	fprintf(stderr, "fence-bench: built without <valgrind/callgrind.h>\n");
	return -ENOSYS;
}
#endif

static struct cg_count *cg_find(const char *name, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < cg_nr; i++) {
		if (!strcmp(cg_counts[i].name, name) && cg_counts[i].n == n)
			return &cg_counts[i];
	}
	return NULL;
}

/* One dump file of the child: its label and total instruction count. */
static void cg_parse(const char *path, unsigned int max)
{
	char line[512], name[32] = "";
	unsigned long ops = 0;
	unsigned int n = 0;
	double total = -1;
	struct cg_count *c;
	bool labelled = false;
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		const char *p = strstr(line, "fence-bench ");

		if (!strncmp(line, "desc: Trigger:", 14) && p &&
		    sscanf(p, "fence-bench %lu %31s %u", &ops, name, &n) == 3)
			labelled = true;
		else if (!strncmp(line, "summary:", 8) || !strncmp(line, "totals:", 7))
			total = strtod(strchr(line, ':') + 1, NULL);
	}
	fclose(f);
	if (!labelled || total < 0)
		return;

	c = cg_find(name, n);
	if (!c) {
		if (cg_nr == max)
			return;
		c = &cg_counts[cg_nr++];
		snprintf(c->name, sizeof(c->name), "%s", name);
		c->n = n;
		c->ir0 = c->irk = -1;
	}
	if (ops) {
		c->ops = ops;
		c->irk = total;
	} else {
		c->ir0 = total;
	}
}

/*
 * Runs this program under callgrind with the same options and fills
 * cg_counts from its dumps.
 */
static int cg_collect(const struct bench_opts *o, char **argv)
{
	char dir[] = "/tmp/fence-bench-cg.XXXXXX", out[64], exe[4096], iters[32];
	char maxn[16], *args[16];
	unsigned int nargs = 0, i, rows = 0;
	struct dirent *de;
	ssize_t len;
	pid_t pid;
	DIR *d;
	int st;

	(void)argv;
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len < 0 || !mkdtemp(dir))
		return -errno;
	exe[len] = '\0';
	snprintf(out, sizeof(out), "--callgrind-out-file=%s/cg.out", dir);
	snprintf(iters, sizeof(iters), "%lu", o->iterations);
	snprintf(maxn, sizeof(maxn), "%u", o->max_n);
	args[nargs++] = (char *)o->valgrind;
	args[nargs++] = "--tool=callgrind";
	args[nargs++] = "--collect-atstart=no";
	args[nargs++] = out;
	args[nargs++] = exe;
	args[nargs++] = "--cg-child";
	args[nargs++] = "--iterations";
	args[nargs++] = iters;
	args[nargs++] = "--max-n";
	args[nargs++] = maxn;
	if (o->only) {
		args[nargs++] = "--only";
		args[nargs++] = (char *)o->only;
	}
	args[nargs] = NULL;

	fprintf(stderr, "fence-bench: counting instructions under %s ...\n",
		o->valgrind);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		/* The child's own output would only repeat the table. */
		if (!freopen("/dev/null", "w", stdout) ||
		    !freopen("/dev/null", "w", stderr))
			_exit(127);
		execvp(args[0], args);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "fence-bench: the callgrind run failed (%s)\n",
			o->valgrind);
		return -EIO;
	}

	d = opendir(dir);
	if (!d)
		return -errno;
	while ((de = readdir(d)))
		rows++;
	rewinddir(d);
	cg_counts = calloc(rows, sizeof(*cg_counts));
	if (!cg_counts) {
		closedir(d);
		return -ENOMEM;
	}
	while ((de = readdir(d))) {
		char path[sizeof(dir) + 300];

		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (!strncmp(de->d_name, "cg.out", 6))
			cg_parse(path, rows);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
	for (i = 0; i < cg_nr; i++) {
		struct cg_count *c = &cg_counts[i];

		c->ir_per_op = -1;
		if (c->ops && c->ir0 >= 0 && c->irk >= 0)
			c->ir_per_op = (c->irk - c->ir0) / c->ops;
	}
	return 0;
}

static int bench_one(const struct bench_opts *o, const struct bench *b,
		     unsigned int n)
{
	unsigned long ops = bench_nr_ops(o, b, n);
	struct cg_count *c;
	long long *t;
	double per_op;
	unsigned int r;
	char size[16] = "-";

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
	if (o->valgrind) {
		c = cg_find(b->name, n);
		if (c && c->ir_per_op >= 0 && ops)
			printf(" %12.1f %12.2f", c->ir_per_op,
			       b->sized ? c->ir_per_op / n : c->ir_per_op);
		else
			printf(" %12s %12s", "?", "?");
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
		"  --callgrind[=VALGRIND]  also count the instructions per operation\n"
		"                  of every row under callgrind (VALGRIND: the\n"
		"                  valgrind program, default \"valgrind\")\n"
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
		{ "callgrind", optional_argument, NULL, 'c' },
		{ "cg-child", no_argument, NULL, 'C' },
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
		case 'c':
			o->valgrind = optarg ? optarg : "valgrind";
			break;
		case 'C':
			o->cg_child = true;
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
	int (*row)(const struct bench_opts *o, const struct bench *b,
		   unsigned int n) = bench_one;
	unsigned int i, j;
	int err = 0;

	if (parse_args(argc, argv, &o)) {
		usage(stderr);
		return 2;
	}

	if (o.cg_child) {
		row = bench_cg_row;
	} else if (o.valgrind) {
		err = cg_collect(&o, argv);
		if (err) {
			fprintf(stderr, "fence-bench: no instruction counts: %s\n",
				strerror(-err));
			return 1;
		}
	}

	if (!o.cg_child) {
		printf("# fence-bench: K=%lu iterations, median of %u repetitions, CLOCK_MONOTONIC\n",
		       o.iterations, o.repeat);
		printf("# ops = timed operations per repetition; per-element = ns/op / N\n");
		if (o.valgrind)
			printf("# Ir = instructions under callgrind, (Ir(ops) - Ir(0)) / ops, deferred work included\n");
		printf("%-16s %5s %9s %5s %14s %12s", "benchmark", "N", "ops",
		       "reps", "ns/op", "ns/element");
		if (o.valgrind)
			printf(" %12s %12s", "Ir/op", "Ir/element");
		printf("  %s\n", "operation");
	}

	for (i = 0; i < ARRAY_SIZE(benches) && !err; i++) {
		const struct bench *b = &benches[i];

		if (!bench_selected(&o, b->name))
			continue;
		if (!b->sized) {
			err = row(&o, b, 1);
			continue;
		}
		for (j = 0; j < ARRAY_SIZE(bench_sizes) && !err; j++) {
			if (bench_sizes[j] <= o.max_n)
				err = row(&o, b, bench_sizes[j]);
		}
	}

	host_quiesce();
	free(cg_counts);
	return err ? 1 : 0;
}
