// SPDX-License-Identifier: GPL-2.0-only
/*
 * fencepost-failnth: the allocation-failure sweep over the selftest registry.
 *
 * For each case, and for n = 1, 2, 3, ..., the host is told to fail the n-th
 * counted allocation from now on, the case runs, and the deferred work it
 * left behind is drained. Whatever the case returns (a failed allocation
 * usually makes it fail), it must not leak and must not cause a bug report.
 * The sweep of a case ends at the first n the case no longer reaches (the
 * failure was not injected): that run must then pass, like a normal run.
 *
 * Afterwards every allocation site of the core (kernel/dma-buf/, and the
 * inline helpers in kernel/include/) that allocated during the sweep must
 * have been failed at least once: that is the proof that every allocation
 * failure path of the core ran under the leak checker.
 *
 * The output is TAP: one line per case, one for the site coverage. Shards of
 * the sweep (--shard) save their sites with --sites-out instead, and one
 * more run with --check-sites merges the files and checks the coverage.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/glob.h>

#include <host/host.h>

#include "st-host.h"

/* The core: its sources, and the inline helpers of its headers. */
static const char *const core_dirs[] = { "kernel/dma-buf/", "kernel/include/" };

struct failnth {
	const char *filter;
	unsigned long max;
	unsigned int shard;		/* run cases shard, shard + shards, ... */
	unsigned int shards;
	unsigned int matched;		/* cases the filter matched so far */
	unsigned int selected;
	unsigned int index;
	unsigned int failed;
	bool verbose;
};

/*
 * Does this run sweep the case? It must match the filter, and with --shard
 * I/N be the I-th of every N matching cases. Called once per case and pass.
 */
static bool selected(struct failnth *f, const char *name)
{
	if (f->filter && !glob_match(f->filter, name))
		return false;
	return f->matched++ % f->shards == f->shard;
}

static int count_case(const struct st_suite *suite, const struct st_case *c,
		      void *data)
{
	struct failnth *f = data;
	char name[NAME_MAX_LEN];

	st_host_case_name(name, sizeof(name), suite, c);
	if (selected(f, name))
		f->selected++;
	return 0;
}

static int sweep_case(const struct st_suite *suite, const struct st_case *c,
		      void *data)
{
	struct failnth *f = data;
	char name[NAME_MAX_LEN];
	char reason[160] = "";
	struct st_host_run r;
	unsigned long n, warns = 0;

	st_host_case_name(name, sizeof(name), suite, c);
	if (!selected(f, name))
		return 0;

	for (n = 1; ; n++) {
		/* The host is quiesced before the first run and after each. */
		st_host_run_case(c, n, &r);
		warns += r.warns;
		if (f->verbose)
			printf("# %s: fail #%lu: %s, returned %d\n", name, n,
			       r.hit ? "injected" : "not reached", r.err);
		if (r.leaked || r.bugs) {
			snprintf(reason, sizeof(reason),
				 "failing allocation #%lu: leaked %ld, %lu bug report(s)",
				 n, r.leaked, r.bugs);
			break;
		}
		if (!r.hit) {
			if (r.err)
				snprintf(reason, sizeof(reason),
					 "returned %d with no failure injected",
					 r.err);
			break;
		}
		if (n >= f->max) {
			printf("# %s: stopped at the cap of %lu allocations\n",
			       name, f->max);
			break;
		}
	}

	f->index++;
	if (*reason) {
		f->failed++;
		printf("not ok %u - %s # %s\n", f->index, name, reason);
	} else {
		printf("ok %u - %s # %lu allocation(s) failed one by one\n",
		       f->index, name, r.hit ? n : n - 1);
	}
	if (warns)
		printf("# %s: %lu WARN(s) during the sweep\n", name, warns);
	fflush(stdout);
	return 0;
}

/* Returns the path of @file from "kernel/" on if it is in the core. */
static const char *core_path(const char *file)
{
	const char *p;
	size_t i;

	for (i = 0; file && i < sizeof(core_dirs) / sizeof(core_dirs[0]); i++) {
		p = strstr(file, core_dirs[i]);
		if (p)
			return p;
	}
	return NULL;
}

/* The core allocation sites of one or more sweeps. */
struct site {
	char *file;
	int line;
	unsigned long allocs;
	unsigned long injected;
};

struct site_table {
	struct site *v;
	size_t n, cap;
};

/* Adds counts for @file:@line, merging with an entry already there. */
static int table_add(struct site_table *t, const char *file, int line,
		     unsigned long allocs, unsigned long injected)
{
	struct site *s;
	size_t i;

	for (i = 0; i < t->n; i++) {
		s = &t->v[i];
		if (s->line == line && !strcmp(s->file, file))
			goto found;
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 32;

		s = realloc(t->v, cap * sizeof(*s));
		if (!s)
			return -1;
		t->v = s;
		t->cap = cap;
	}
	s = &t->v[t->n];
	s->file = strdup(file);
	if (!s->file)
		return -1;
	s->line = line;
	s->allocs = 0;
	s->injected = 0;
	t->n++;
found:
	s->allocs += allocs;
	s->injected += injected;
	return 0;
}

static void table_free(struct site_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].file);
	free(t->v);
}

/* Fills @t with the core sites that allocated in this process. */
static int table_from_host(struct site_table *t)
{
	struct host_alloc_site *sites;
	const char *path;
	int i, count, err = 0;

	count = host_alloc_sites(&sites);
	if (count < 0)
		return -1;
	for (i = 0; i < count && !err; i++) {
		path = core_path(sites[i].file);
		if (path && sites[i].allocs)
			err = table_add(t, path, sites[i].line, sites[i].allocs,
					sites[i].injected);
	}
	free(sites);
	return err;
}

/* One line per site: "FILE LINE ALLOCS INJECTED". */
static int table_save(const struct site_table *t, const char *path)
{
	FILE *f = fopen(path, "w");
	size_t i;

	if (!f)
		return -1;
	for (i = 0; i < t->n; i++)
		fprintf(f, "%s %d %lu %lu\n", t->v[i].file, t->v[i].line,
			t->v[i].allocs, t->v[i].injected);
	return fclose(f) ? -1 : 0;
}

static int table_load(struct site_table *t, const char *path)
{
	unsigned long allocs, injected;
	char file[512];
	FILE *f = fopen(path, "r");
	int line, n, err = 0;

	if (!f)
		return -1;
	while (!err && (n = fscanf(f, "%511s %d %lu %lu", file, &line,
				   &allocs, &injected)) == 4)
		err = table_add(t, file, line, allocs, injected);
	if (!err && n != EOF)
		err = -1;
	fclose(f);
	return err;
}

/* Prints the sites as TAP comments; returns how many were never failed. */
static unsigned int table_report(const struct site_table *t)
{
	unsigned int missed = 0;
	size_t i;

	for (i = 0; i < t->n; i++) {
		const struct site *s = &t->v[i];

		if (!s->injected)
			missed++;
		printf("# %s %s:%d: %lu allocation(s), %lu failed\n",
		       s->injected ? "   " : "!!!", s->file, s->line, s->allocs,
		       s->injected);
	}
	printf("# %zu core allocation site(s), %u never failed\n", t->n, missed);
	return missed;
}

/* Prints the TAP line of the coverage check; returns true if it passed. */
static bool coverage_line(unsigned int index, const struct site_table *t)
{
	unsigned int missed = table_report(t);

	if (missed) {
		printf("not ok %u - core allocation sites # %u never failed\n",
		       index, missed);
		return false;
	}
	printf("ok %u - core allocation sites: every one failed at least once\n",
	       index);
	return true;
}

/* --check-sites: the coverage check over the site files of several runs. */
static int check_sites(int nfiles, char **files)
{
	struct site_table t = { };
	bool ok;
	int i;

	printf("1..1\n");
	for (i = 0; i < nfiles; i++) {
		if (table_load(&t, files[i])) {
			printf("not ok 1 - core allocation sites # cannot read %s\n",
			       files[i]);
			table_free(&t);
			return 1;
		}
	}
	ok = coverage_line(1, &t);
	table_free(&t);
	return ok ? 0 : 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: fencepost-failnth [options]\n"
		"  --run GLOB   sweep only the cases whose \"suite/case\" matches GLOB\n"
		"  --max N      fail at most the first N allocations of a case (default 200)\n"
		"  --shard I/N  sweep only the I-th of every N selected cases (1 <= I <= N),\n"
		"               so that N processes can share the sweep\n"
		"  --sites-out FILE  write the core allocation sites to FILE instead of\n"
		"               checking them (for shards: see --check-sites)\n"
		"  --verbose    one comment line per run\n"
		"   or: fencepost-failnth --check-sites FILE...\n"
		"  check that every core allocation site in the merged FILEs was failed\n"
		"Output is TAP. Exit status: 0 if every check passed, 1 otherwise.\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "run", required_argument, NULL, 'r' },
		{ "max", required_argument, NULL, 'm' },
		{ "shard", required_argument, NULL, 's' },
		{ "sites-out", required_argument, NULL, 'o' },
		{ "check-sites", no_argument, NULL, 'c' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	struct failnth f = { .max = 200, .shards = 1 };
	struct site_table sites = { };
	const char *sites_out = NULL;
	bool sites_check = false;
	char *end, dummy;
	int c;

	if (st_host_init())
		return 99;

	while ((c = getopt_long(argc, argv, "r:m:s:o:cvh", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			f.filter = optarg;
			break;
		case 'm':
			f.max = strtoul(optarg, &end, 10);
			if (*end || end == optarg || !f.max) {
				fprintf(stderr, "fencepost-failnth: bad --max '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 's':
			if (sscanf(optarg, "%u/%u%c", &f.shard, &f.shards, &dummy) != 2 ||
			    !f.shard || f.shard > f.shards) {
				fprintf(stderr, "fencepost-failnth: bad --shard '%s'\n",
					optarg);
				return 2;
			}
			f.shard--;
			break;
		case 'o':
			sites_out = optarg;
			break;
		case 'c':
			sites_check = true;
			break;
		case 'v':
			f.verbose = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (sites_check)
		return check_sites(argc - optind, argv + optind);
	if (optind != argc) {
		usage(stderr);
		return 2;
	}

	st_for_each_case(count_case, &f);
	if (!f.selected) {
		printf("1..0 # SKIP no case matches '%s'\n",
		       f.filter ? f.filter : "*");
		return 0;
	}
	printf("1..%u\n", f.selected + !sites_out);
	fflush(stdout);
	host_quiesce();
	f.matched = 0;
	st_for_each_case(sweep_case, &f);

	if (table_from_host(&sites)) {
		printf("Bail out! host_alloc_sites() failed\n");
		return 1;
	}
	if (sites_out) {
		if (table_save(&sites, sites_out)) {
			printf("Bail out! cannot write %s\n", sites_out);
			f.failed++;
		}
	} else if (!coverage_line(++f.index, &sites)) {
		f.failed++;
	}
	table_free(&sites);
	return f.failed ? 1 : 0;
}
