/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: the second pass over a trace header that generates the
 * tracepoints in the kernel; nothing to generate here.
 */
