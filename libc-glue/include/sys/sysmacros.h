/*
 * sys/sysmacros.h - major/minor/makedev with glibc's dev_t encoding
 * (12-bit major and 20-bit minor split as Linux's new_encode_dev), for
 * code written against glibc.  domlet's devices have no numbers of
 * their own; these only take apart what stat() reports.
 */
#ifndef LIBC_GLUE_SYS_SYSMACROS_H
#define LIBC_GLUE_SYS_SYSMACROS_H

#include <sys/types.h>

#define major(dev)                                                             \
	((unsigned int)((((dev) >> 32) & 0xfffff000) | (((dev) >> 8) & 0xfff)))
#define minor(dev) ((unsigned int)((((dev) >> 12) & 0xffffff00) | ((dev)&0xff)))
#define makedev(maj, min)                                                      \
	((dev_t)((((unsigned long long)(maj)&0xfffff000) << 32) |              \
		 (((unsigned long long)(maj)&0xfff) << 8) |                    \
		 (((unsigned long long)(min)&0xffffff00) << 12) |              \
		 ((unsigned long long)(min)&0xff)))

#endif
