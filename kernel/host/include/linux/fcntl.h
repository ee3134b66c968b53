/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace host: open flags.  Spelled exactly as glibc spells them so a
 * runtime file may include both this and <fcntl.h>.
 */
#ifndef _LINUX_FCNTL_H
#define _LINUX_FCNTL_H

#ifndef O_ACCMODE
#define O_ACCMODE	   0003
#endif
#ifndef O_RDONLY
#define O_RDONLY	     00
#endif
#ifndef O_WRONLY
#define O_WRONLY	     01
#endif
#ifndef O_RDWR
#define O_RDWR		     02
#endif
#ifndef O_CREAT
#define O_CREAT		   0100
#endif
#ifndef O_EXCL
#define O_EXCL		   0200
#endif
#ifndef O_TRUNC
#define O_TRUNC		  01000
#endif
#ifndef O_APPEND
#define O_APPEND	  02000
#endif
#ifndef O_NONBLOCK
#define O_NONBLOCK	  04000
#endif
#ifndef __O_CLOEXEC
#define __O_CLOEXEC	02000000
#endif
#ifndef O_CLOEXEC
#define O_CLOEXEC	__O_CLOEXEC
#endif

#endif /* _LINUX_FCNTL_H */
