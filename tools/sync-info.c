// SPDX-License-Identifier: GPL-2.0-only
/*
 * sync-info: show the fences of sync_files, and the dma-bufs of processes.
 *
 *   sync-info [-j] [--no-debugfs] FD|PATH...      the given sync_files
 *   sync-info [-j] [-d] [--no-debugfs] -p PID...  every sync_file PID holds
 *
 * An FD is a descriptor of this process (inherited); a PATH is
 * /proc/PID/fd/N (or /proc/self/fd/N, /dev/fd/N), or any file to open.
 * Another process's sync_file cannot be reopened through /proc (anonymous
 * inodes refuse open(2) with ENXIO), so it is duplicated with
 * pidfd_getfd(2), which needs ptrace access to the process (the same user,
 * or CAP_SYS_PTRACE). A process's descriptors are found by reading
 * /proc/PID/fd: a link "anon_inode:sync_file" is a sync_file, a link
 * "/dmabuf:<name>" a dma-buf, whose size, count and exporter come from
 * /proc/PID/fdinfo/N and need no access to the descriptor itself.
 *
 * SYNC_IOC_FILE_INFO gives each fence's timeline (obj_name), driver,
 * status and signal time, but no seqno. The seqno is taken, where it can
 * be, from the sync_file's default name ("<driver>-<timeline><context>-
 * <seqno>", for a sync_file holding one fence and never renamed) or from
 * debugfs sync/info (sw_sync's debug file, readable by root), matching the
 * sync_file by name and its fences by driver, timeline, status and time.
 *
 * Exit status: 0; 1 if an operand could not be shown (no such process or
 * descriptor, not a sync_file, permission denied); 2 on bad usage.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/sync_file.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

#define DEFAULT_SYNC_INFO "/sys/kernel/debug/sync/info"

static const char *prog = "sync-info";

enum kind { KIND_SYNC_FILE, KIND_DMA_BUF };

struct fence {
	struct sync_fence_info info;
	long long seqno;		/* -1: unknown */
	const char *seqno_from;		/* "name", "sync/info" or NULL */
};

struct entry {
	enum kind kind;
	int pid;
	int fd;				/* -1: a file opened by path */
	const char *error;		/* could not be inspected: why */
	/* sync_file */
	char name[sizeof(((struct sync_file_info *)0)->name) + 1];
	int status;
	uint32_t num_fences;
	struct fence *fences;
	/* dma-buf */
	char buf_name[256];
	char exp_name[256];
	long long size;
	long long count;
};

/* ---- output ------------------------------------------------------------ */

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static const char *status_str(int status)
{
	if (status < 0)
		return "error";
	return status ? "signaled" : "active";
}

static void print_json(const struct entry *e, size_t n)
{
	printf("[");
	for (size_t i = 0; i < n; i++, e++) {
		printf("%s\n  {\"type\": \"%s\", \"pid\": %d, \"fd\": %d",
		       i ? "," : "",
		       e->kind == KIND_SYNC_FILE ? "sync_file" : "dma_buf",
		       e->pid, e->fd);
		if (e->error) {
			printf(", \"error\": ");
			json_str(e->error);
			printf("}");
			continue;
		}
		if (e->kind == KIND_DMA_BUF) {
			printf(", \"name\": ");
			json_str(e->buf_name);
			printf(", \"exp_name\": ");
			json_str(e->exp_name);
			printf(", \"size\": %lld, \"count\": %lld}", e->size,
			       e->count);
			continue;
		}
		printf(", \"name\": ");
		json_str(e->name);
		printf(", \"status\": \"%s\", \"status_code\": %d, \"fences\": [",
		       status_str(e->status), e->status);
		for (uint32_t k = 0; k < e->num_fences; k++) {
			const struct fence *f = &e->fences[k];

			printf("%s\n    {\"timeline\": ", k ? "," : "");
			json_str(f->info.obj_name);
			printf(", \"driver\": ");
			json_str(f->info.driver_name);
			printf(", \"status\": \"%s\", \"status_code\": %d",
			       status_str(f->info.status), f->info.status);
			if (f->seqno >= 0)
				printf(", \"seqno\": %lld, \"seqno_from\": \"%s\"",
				       f->seqno, f->seqno_from);
			else
				printf(", \"seqno\": null");
			if (f->info.status != 0)
				printf(", \"timestamp_ns\": %" PRIu64,
				       (uint64_t)f->info.timestamp_ns);
			else
				printf(", \"timestamp_ns\": null");
			printf("}");
		}
		printf("%s]}", e->num_fences ? "\n  " : "");
	}
	printf("%s]\n", n ? "\n" : "");
}

static void print_table(const struct entry *e, size_t n)
{
	printf("%-7s %-4s %-9s %-32s %-9s %s\n", "PID", "FD", "TYPE",
	       "NAME", "STATUS", "FENCES");
	for (size_t i = 0; i < n; i++, e++) {
		if (e->error) {
			printf("%-7d %-4d %-9s %-32s %-9s %s\n", e->pid, e->fd,
			       e->kind == KIND_SYNC_FILE ? "sync_file" : "dma_buf",
			       "?", "?", e->error);
			continue;
		}
		if (e->kind == KIND_DMA_BUF) {
			printf("%-7d %-4d %-9s %-32s %-9s size=%lld count=%lld exp_name=%s\n",
			       e->pid, e->fd, "dma_buf", e->buf_name, "-",
			       e->size, e->count, e->exp_name);
			continue;
		}
		printf("%-7d %-4d %-9s %-32s %-9s %u\n", e->pid, e->fd,
		       "sync_file", e->name, status_str(e->status),
		       e->num_fences);
		for (uint32_t k = 0; k < e->num_fences; k++) {
			const struct fence *f = &e->fences[k];
			char seqno[24] = "-", status[24], ts[32] = "-";

			if (f->seqno >= 0)
				snprintf(seqno, sizeof(seqno), "%lld", f->seqno);
			if (f->info.status < 0)
				snprintf(status, sizeof(status), "error %d",
					 f->info.status);
			else
				snprintf(status, sizeof(status), "%s",
					 status_str(f->info.status));
			if (f->info.status != 0)
				snprintf(ts, sizeof(ts), "%" PRIu64 ".%09" PRIu64,
					 (uint64_t)f->info.timestamp_ns / 1000000000,
					 (uint64_t)f->info.timestamp_ns % 1000000000);
			printf("  fence %u: timeline=%s driver=%s seqno=%s status=%s signaled_at=%s\n",
			       k, f->info.obj_name, f->info.driver_name, seqno,
			       status, ts);
		}
	}
}

/* ---- seqnos ---------------------------------------------------------- */

/* The default name "<driver>-<timeline><context>-<seqno>", not truncated. */
static void seqno_from_name(struct entry *e)
{
	const struct sync_fence_info *fi;
	size_t dl, tl;
	const char *p;
	char *end;
	long long seqno;

	if (e->num_fences != 1 || strlen(e->name) >= sizeof(fi->obj_name) - 1)
		return;
	fi = &e->fences[0].info;
	dl = strlen(fi->driver_name);
	tl = strlen(fi->obj_name);
	p = e->name;
	if (strncmp(p, fi->driver_name, dl) || p[dl] != '-' ||
	    strncmp(p + dl + 1, fi->obj_name, tl))
		return;
	p += dl + 1 + tl;
	if (!isdigit((unsigned char)*p))
		return;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p++ != '-' || !isdigit((unsigned char)*p))
		return;
	errno = 0;
	seqno = strtoll(p, &end, 10);
	if (errno || *end)
		return;
	e->fences[0].seqno = seqno;
	e->fences[0].seqno_from = "name";
}

/*
 * A fence line of sync/info's "fences:" section:
 * "  <driver> <timeline> <seqno> <active|signaled|error> [<err>] [@<ns>]".
 * The timeline may hold spaces: parse from the right.
 */
struct info_fence {
	char driver[64];
	char timeline[256];
	long long seqno;
	int status;
	long long ts;
};

static bool parse_info_fence(char *line, struct info_fence *f)
{
	char *tok[512];
	int n = 0, i;
	char *s;

	for (s = strtok(line, " \n"); s && n < 512; s = strtok(NULL, " \n"))
		tok[n++] = s;
	if (n < 4)
		return false;
	f->ts = -1;
	i = n - 1;
	if (tok[i][0] == '@') {
		f->ts = strtoll(tok[i] + 1, NULL, 10);
		i--;
	}
	f->status = 0;
	if (i >= 3 && strcmp(tok[i - 1], "error") == 0) {
		f->status = atoi(tok[i]);
		i--;
	} else if (strcmp(tok[i], "signaled") == 0) {
		f->status = 1;
	} else if (strcmp(tok[i], "active") != 0) {
		return false;
	}
	i--;
	if (i < 2 || !isdigit((unsigned char)tok[i][0]))
		return false;
	f->seqno = strtoll(tok[i], NULL, 10);
	snprintf(f->driver, sizeof(f->driver), "%s", tok[0]);
	f->timeline[0] = '\0';
	for (int k = 1; k < i; k++) {
		size_t l = strlen(f->timeline);

		snprintf(f->timeline + l, sizeof(f->timeline) - l, "%s%s",
			 k > 1 ? " " : "", tok[k]);
	}
	return true;
}

static bool info_fence_matches(const struct info_fence *a,
			       const struct sync_fence_info *b)
{
	/* obj_name and driver_name are truncated to 31 characters. */
	if (strncmp(a->driver, b->driver_name, sizeof(b->driver_name) - 1) ||
	    strncmp(a->timeline, b->obj_name, sizeof(b->obj_name) - 1))
		return false;
	if ((a->status > 0) != (b->status > 0) ||
	    (a->status < 0 && a->status != b->status))
		return false;
	if (b->status != 0 && a->ts >= 0 &&
	    (uint64_t)a->ts != (uint64_t)b->timestamp_ns)
		return false;
	return true;
}

/*
 * Seqnos from sync/info: the sync_files listed there with @e's name and
 * fences. Only used when every candidate agrees.
 */
static void seqnos_from_debugfs(struct entry *e, const char *path)
{
	struct info_fence cand[64], got[64];
	bool in_fences = false, have = false, ambiguous = false;
	uint32_t n = 0;
	bool block = false, ok = false;
	char line[1024];
	FILE *f;

	if (!path || e->num_fences == 0 || e->num_fences > 64)
		return;
	f = fopen(path, "re");
	if (!f)
		return;
	for (;;) {
		bool eof = !fgets(line, sizeof(line), f);

		/* The end of a block: compare it. */
		if (block && (eof || line[0] != ' ')) {
			if (ok && n == e->num_fences) {
				if (!have) {
					memcpy(got, cand, sizeof(got[0]) * n);
					have = true;
				} else {
					for (uint32_t k = 0; k < n; k++)
						if (got[k].seqno != cand[k].seqno)
							ambiguous = true;
				}
			}
			block = false;
		}
		if (eof)
			break;
		if (strncmp(line, "fences:", 7) == 0) {
			in_fences = true;
			continue;
		}
		if (!in_fences)
			continue;
		if (line[0] != ' ') {
			char *colon = strrchr(line, ':');

			if (colon && (size_t)(colon - line) == strlen(e->name) &&
			    strncmp(line, e->name, colon - line) == 0) {
				block = true;
				ok = true;
				n = 0;
			}
			continue;
		}
		if (!block)
			continue;
		if (n >= e->num_fences || !parse_info_fence(line, &cand[n]) ||
		    !info_fence_matches(&cand[n], &e->fences[n].info))
			ok = false;
		n++;
	}
	fclose(f);
	if (!have || ambiguous)
		return;
	for (uint32_t k = 0; k < e->num_fences; k++) {
		if (e->fences[k].seqno >= 0)
			continue;
		e->fences[k].seqno = got[k].seqno;
		e->fences[k].seqno_from = "sync/info";
	}
}

/* ---- inspecting descriptors ------------------------------------------ */

static const char *sync_file_info(struct entry *e, int fd,
				  const char *debugfs)
{
	struct sync_file_info info;
	struct sync_fence_info *fi;
	uint32_t count;

	memset(&info, 0, sizeof(info));
	if (ioctl(fd, SYNC_IOC_FILE_INFO, &info) < 0)
		return errno == ENOTTY || errno == EINVAL ?
			"not a sync_file" : strerror(errno);
	count = info.num_fences;
	fi = calloc(count ? count : 1, sizeof(*fi));
	if (!fi)
		return strerror(ENOMEM);
	memset(&info, 0, sizeof(info));
	info.num_fences = count;
	info.sync_fence_info = (uint64_t)(uintptr_t)fi;
	if (count && ioctl(fd, SYNC_IOC_FILE_INFO, &info) < 0) {
		free(fi);
		return strerror(errno);
	}
	memcpy(e->name, info.name, sizeof(info.name));
	e->name[sizeof(info.name)] = '\0';
	e->status = info.status;
	e->num_fences = count;
	e->fences = calloc(count ? count : 1, sizeof(*e->fences));
	if (!e->fences) {
		free(fi);
		return strerror(ENOMEM);
	}
	for (uint32_t k = 0; k < count; k++) {
		e->fences[k].info = fi[k];
		e->fences[k].info.obj_name[sizeof(fi->obj_name) - 1] = '\0';
		e->fences[k].info.driver_name[sizeof(fi->driver_name) - 1] = '\0';
		e->fences[k].seqno = -1;
	}
	free(fi);
	seqno_from_name(e);
	seqnos_from_debugfs(e, debugfs);
	return NULL;
}

/* A descriptor of @pid as our own; -1 with errno set. */
static int grab_fd(int pid, int fd)
{
	char path[64];
	int pidfd, ret, err;

	if (pid == getpid()) {
		ret = fcntl(fd, F_DUPFD_CLOEXEC, 0);
		if (ret < 0 && errno == EBADF)
			errno = ENOENT;
		return ret;
	}
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", pid, fd);
	ret = open(path, O_RDONLY | O_CLOEXEC);
	if (ret >= 0 || errno == ENOENT)
		return ret;
	/* Anonymous inodes cannot be reopened: ask the process for it. */
	pidfd = syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0)
		return -1;
	ret = syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	err = errno;
	close(pidfd);
	errno = err == EBADF ? ENOENT : err;
	return ret;
}

static void read_fdinfo(struct entry *e)
{
	char path[64], line[512];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d",
		 e->pid, e->fd);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *v = strchr(line, ':');

		if (!v)
			continue;
		*v++ = '\0';
		v += strspn(v, " \t");
		v[strcspn(v, "\n")] = '\0';
		if (strcmp(line, "size") == 0)
			e->size = strtoll(v, NULL, 10);
		else if (strcmp(line, "count") == 0)
			e->count = strtoll(v, NULL, 10);
		else if (strcmp(line, "exp_name") == 0)
			snprintf(e->exp_name, sizeof(e->exp_name), "%.255s", v);
		else if (strcmp(line, "name") == 0 && !e->buf_name[0])
			snprintf(e->buf_name, sizeof(e->buf_name), "%.255s", v);
	}
	fclose(f);
}

struct list {
	struct entry *v;
	size_t n, cap;
};

static struct entry *list_add(struct list *l)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct entry *v = realloc(l->v, cap * sizeof(*v));

		if (!v) {
			fprintf(stderr, "%s: out of memory\n", prog);
			exit(1);
		}
		l->v = v;
		l->cap = cap;
	}
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	return &l->v[l->n++];
}

/* The link target of /proc/PID/fd/FD, or "" if it is gone. */
static void fd_link(int pid, int fd, char *buf, size_t len)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/fd/%d", pid, fd);
	n = readlink(path, buf, len - 1);
	buf[n < 0 ? 0 : n] = '\0';
}

/* Every sync_file (and with @dmabufs, dma-buf) of @pid. 0 or 1. */
static int scan_pid(struct list *l, int pid, bool dmabufs,
		    const char *debugfs)
{
	char path[64], link[PATH_MAX];
	struct dirent **names;
	int n, ret = 0;

	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	n = scandir(path, &names, NULL, NULL);
	if (n < 0) {
		if (errno == ENOENT)
			fprintf(stderr, "%s: pid %d: no such process\n", prog, pid);
		else
			fprintf(stderr, "%s: pid %d: cannot list descriptors: %s\n",
				prog, pid, strerror(errno));
		return 1;
	}
	/* Numeric order; scandir's alphasort would put 10 before 2. */
	int *fds = calloc(n ? n : 1, sizeof(*fds));
	int nfds = 0;

	if (!fds) {
		fprintf(stderr, "%s: out of memory\n", prog);
		exit(1);
	}
	for (int i = 0; i < n; i++) {
		if (isdigit((unsigned char)names[i]->d_name[0]))
			fds[nfds++] = atoi(names[i]->d_name);
		free(names[i]);
	}
	free(names);
	for (int i = 1; i < nfds; i++)
		for (int j = i; j > 0 && fds[j - 1] > fds[j]; j--) {
			int t = fds[j];

			fds[j] = fds[j - 1];
			fds[j - 1] = t;
		}

	for (int i = 0; i < nfds; i++) {
		struct entry *e;
		int fd;

		fd_link(pid, fds[i], link, sizeof(link));
		if (strcmp(link, "anon_inode:sync_file") == 0) {
			e = list_add(l);
			e->kind = KIND_SYNC_FILE;
			e->pid = pid;
			e->fd = fds[i];
			fd = grab_fd(pid, fds[i]);
			if (fd < 0) {
				e->error = errno == ENOENT ? "closed meanwhile" :
					   errno == EPERM || errno == EACCES ?
					   "permission denied (needs ptrace access)" :
					   strerror(errno);
				if (errno != ENOENT) {
					fprintf(stderr, "%s: pid %d fd %d: %s\n",
						prog, pid, fds[i], e->error);
					ret = 1;
				} else {
					l->n--;
				}
				continue;
			}
			e->error = sync_file_info(e, fd, debugfs);
			close(fd);
			if (e->error) {
				fprintf(stderr, "%s: pid %d fd %d: %s\n", prog,
					pid, fds[i], e->error);
				ret = 1;
			}
		} else if (dmabufs && strncmp(link, "/dmabuf:", 8) == 0) {
			e = list_add(l);
			e->kind = KIND_DMA_BUF;
			e->pid = pid;
			e->fd = fds[i];
			snprintf(e->buf_name, sizeof(e->buf_name), "%.255s", link + 8);
			e->size = -1;
			e->count = -1;
			read_fdinfo(e);
		}
	}
	free(fds);
	return ret;
}

/* An operand: an fd number, /proc/PID/fd/N, /dev/fd/N or a path. */
static int show_operand(struct list *l, const char *arg, const char *debugfs)
{
	char *end;
	long pid = getpid(), fdnum = -1;
	struct entry *e;
	const char *err;
	int fd;

	errno = 0;
	fdnum = strtol(arg, &end, 10);
	if (errno || *end || end == arg || fdnum < 0 || fdnum > INT_MAX) {
		const char *p = NULL;

		fdnum = -1;
		if (strncmp(arg, "/proc/self/fd/", 14) == 0) {
			p = arg + 14;
		} else if (strncmp(arg, "/dev/fd/", 8) == 0) {
			p = arg + 8;
		} else if (strncmp(arg, "/proc/", 6) == 0 &&
			   isdigit((unsigned char)arg[6])) {
			pid = strtol(arg + 6, &end, 10);
			if (strncmp(end, "/fd/", 4) == 0)
				p = end + 4;
		}
		if (p && isdigit((unsigned char)*p)) {
			fdnum = strtol(p, &end, 10);
			if (*end)
				fdnum = -1;
		}
	}

	e = list_add(l);
	e->kind = KIND_SYNC_FILE;
	if (fdnum >= 0) {
		char dir[64];

		snprintf(dir, sizeof(dir), "/proc/%ld", pid);
		if (access(dir, F_OK)) {
			fprintf(stderr, "%s: %s: no such process %ld\n", prog,
				arg, pid);
			l->n--;
			return 1;
		}
		e->pid = (int)pid;
		e->fd = (int)fdnum;
		fd = grab_fd((int)pid, (int)fdnum);
	} else {
		e->pid = (int)pid;
		e->fd = -1;
		fd = open(arg, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, arg,
			errno == ENOENT && fdnum >= 0 ? "no such descriptor" :
			errno == EPERM ? "permission denied (needs ptrace access)" :
			strerror(errno));
		l->n--;
		return 1;
	}
	err = sync_file_info(e, fd, debugfs);
	close(fd);
	if (err) {
		fprintf(stderr, "%s: %s: %s\n", prog, arg, err);
		free(e->fences);
		l->n--;
		return 1;
	}
	return 0;
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [OPTION]... FD|PATH...\n"
		"       %s [OPTION]... -p PID...\n"
		"Show the fences of sync_files: of the given descriptors (a number is a\n"
		"descriptor of this process; /proc/PID/fd/N one of another), or of\n"
		"every sync_file the processes hold.\n"
		"\n"
		"  -p, --pid           the operands are process ids\n"
		"  -d, --dma-bufs      with -p, also list the processes' dma-bufs\n"
		"  -j, --json          print JSON (an array) instead of a table\n"
		"      --sync-info=FILE  take seqnos from this sync/info file\n"
		"                      (default " DEFAULT_SYNC_INFO ")\n"
		"      --no-debugfs    do not read sync/info\n"
		"  -h, --help          this help\n"
		"\n"
		"Exit status: 0; 1 if an operand could not be shown; 2 on bad usage.\n",
		prog, prog);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pid", no_argument, NULL, 'p' },
		{ "dma-bufs", no_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "sync-info", required_argument, NULL, 's' },
		{ "no-debugfs", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *debugfs = DEFAULT_SYNC_INFO;
	bool pids = false, dmabufs = false, json = false;
	struct list l = { 0 };
	int c, ret = 0;

	while ((c = getopt_long(argc, argv, "pdjh", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			pids = true;
			break;
		case 'd':
			dmabufs = true;
			break;
		case 'j':
			json = true;
			break;
		case 's':
			debugfs = optarg;
			break;
		case 'n':
			debugfs = NULL;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind == argc) {
		fprintf(stderr, "%s: no %s given\n", prog,
			pids ? "process id" : "sync_file");
		usage(stderr);
		return 2;
	}
	if (dmabufs && !pids) {
		fprintf(stderr, "%s: --dma-bufs needs --pid\n", prog);
		return 2;
	}
	if (pids) {
		for (int i = optind; i < argc; i++) {
			char *end;
			long pid;

			errno = 0;
			pid = strtol(argv[i], &end, 10);
			if (errno || *end || end == argv[i] || pid <= 0 ||
			    pid > INT_MAX) {
				fprintf(stderr, "%s: not a process id: '%s'\n",
					prog, argv[i]);
				return 2;
			}
		}
	}

	for (int i = optind; i < argc; i++) {
		if (pids)
			ret |= scan_pid(&l, (int)strtol(argv[i], NULL, 10),
					dmabufs, debugfs);
		else
			ret |= show_operand(&l, argv[i], debugfs);
	}

	if (json)
		print_json(l.v, l.n);
	else
		print_table(l.v, l.n);
	for (size_t i = 0; i < l.n; i++)
		free(l.v[i].fences);
	free(l.v);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "%s: write error\n", prog);
		return 1;
	}
	return ret;
}
