/*
 * linux/hdreg.h - HDIO_GETGEO and its struct, declarations only,
 * Linux's number and layout (QEMU's block/file-posix.c asks a Linux
 * host disk for its geometry).  ioctl() answers it ENOTTY on domlet:
 * QEMU then computes a geometry itself.
 */
#ifndef LIBC_GLUE_LINUX_HDREG_H
#define LIBC_GLUE_LINUX_HDREG_H

struct hd_geometry {
	unsigned char heads;
	unsigned char sectors;
	unsigned short cylinders;
	unsigned long start;
};

#define HDIO_GETGEO 0x0301

#endif
