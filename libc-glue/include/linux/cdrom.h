/*
 * linux/cdrom.h - the CD-ROM ioctls QEMU's block/file-posix.c issues on
 * a Linux host CD drive (its host_cdrom driver), Linux's numbers,
 * declarations only: domlet has no CD drives, and ioctl() answers these
 * ENOTTY.
 */
#ifndef LIBC_GLUE_LINUX_CDROM_H
#define LIBC_GLUE_LINUX_CDROM_H

#define CDROMEJECT	     0x5309
#define CDROMCLOSETRAY	     0x5319
#define CDROM_SET_OPTIONS    0x5320
#define CDROM_CLEAR_OPTIONS  0x5321
#define CDROM_MEDIA_CHANGED  0x5325
#define CDROM_DRIVE_STATUS   0x5326
#define CDROM_LOCKDOOR	     0x5329
#define CDROM_GET_CAPABILITY 0x5331

/* CDROM_DRIVE_STATUS answers */
#define CDS_NO_INFO	    0
#define CDS_NO_DISC	    1
#define CDS_TRAY_OPEN	    2
#define CDS_DRIVE_NOT_READY 3
#define CDS_DISC_OK	    4

#define CDSL_NONE    (2147483647 - 1)
#define CDSL_CURRENT 2147483647

#define CDO_AUTO_CLOSE 0x1
#define CDO_AUTO_EJECT 0x2
#define CDO_USE_FFLAGS 0x4
#define CDO_LOCK       0x8
#define CDO_CHECK_TYPE 0x10

#endif
