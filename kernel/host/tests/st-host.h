/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the host's selftest drivers (st-main.c, st-failnth.c) share: case
 * names and one checked run of a case.
 */
#ifndef FENCEPOST_ST_HOST_H
#define FENCEPOST_ST_HOST_H

#include <stdbool.h>
#include <stddef.h>

#include "../../selftests/selftest.h"

#define NAME_MAX_LEN	256

/**
 * struct st_host_run - what one run of a case did
 * @err: what the case returned
 * @hit: with an allocation failure armed, whether it was injected
 * @leaked: allocations the run left live after the host quiesced
 * @bugs: bug reports during the run
 * @warns: WARNs during the run
 * @secs: how long the case function itself took, in seconds
 */
struct st_host_run {
	int err;
	bool hit;
	long leaked;
	unsigned long bugs;
	unsigned long warns;
	double secs;
};

int st_host_init(void);
void st_host_case_name(char *buf, size_t size, const struct st_suite *suite,
		       const struct st_case *c);
void st_host_run_case(const struct st_case *c, unsigned long nth,
		      struct st_host_run *r);

#endif /* FENCEPOST_ST_HOST_H */
