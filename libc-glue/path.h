/*
 * path.h - path handling for open()/stat(): there is no filesystem, only
 * the device namespace /dev, so a path is normalised and then matched
 * against device names.  Pure (host-tested in tests/unit/test_libc_path.c).
 */
#ifndef LIBC_GLUE_PATH_H
#define LIBC_GLUE_PATH_H

#include <stddef.h>

/*
 * Writes the normalised absolute form of path into out: a relative path
 * is taken from "/" (the only working directory), "//" and "." vanish,
 * ".." drops the previous component and stops at the root.  Returns the
 * length, -ENOENT for "", -ENAMETOOLONG if it does not fit.
 */
int path_normalize(const char *path, char *out, size_t size);
/* For a normalised path "/dev/NAME" (one component), NAME; else NULL. */
const char *path_devname(const char *norm);
/* Whether name is a Xen virtual block device name: "xvd" + 1-2 letters
 * (xvda .. xvdzz), the names blkfront knows disks by. */
int path_is_xvd(const char *name);
/* For a numbered device name: prefix followed by a number N of one or two
 * digits, without leading zeros, N < max ("hvc3", "xenvif0"): N; else
 * -1. */
int path_dev_number(const char *name, const char *prefix, int max);

#endif
