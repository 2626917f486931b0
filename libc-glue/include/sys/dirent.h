/*
 * sys/dirent.h - directory streams for newlib's <dirent.h>, which
 * includes this file (newlib's generic one is an #error).
 *
 * domlet's file namespace is a fixed set of device names (path.c), with
 * no directories to list: opendir() fails with ENOENT, or ENOTDIR for a
 * device, and a stream is never returned (libc-glue/dirent.c).  The
 * types are here so portable code (glib's gdir.c) compiles and fails at
 * run time, honestly, if it lists a directory.
 */
#ifndef DOMLET_SYS_DIRENT_H
#define DOMLET_SYS_DIRENT_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MAXNAMLEN 255

struct dirent {
	ino_t d_ino;
	unsigned char d_type;
	char d_name[MAXNAMLEN + 1];
};

#define DT_UNKNOWN 0
#define DT_DIR	   4
#define DT_REG	   8

typedef struct domlet_dir DIR;

#ifdef __cplusplus
}
#endif

#endif
