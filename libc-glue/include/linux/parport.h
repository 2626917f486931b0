/*
 * linux/parport.h - Linux's parallel-port register bits and IEEE 1284
 * modes, declarations only (see linux/ppdev.h): what QEMU's
 * chardev/char-parallel.c names.
 */
#ifndef LIBC_GLUE_LINUX_PARPORT_H
#define LIBC_GLUE_LINUX_PARPORT_H

#define PARPORT_CONTROL_STROBE	0x1
#define PARPORT_CONTROL_AUTOFD	0x2
#define PARPORT_CONTROL_INIT	0x4
#define PARPORT_CONTROL_SELECT	0x8
#define PARPORT_STATUS_ERROR	0x8
#define PARPORT_STATUS_SELECT	0x10
#define PARPORT_STATUS_PAPEROUT 0x20
#define PARPORT_STATUS_ACK	0x40
#define PARPORT_STATUS_BUSY	0x80

#define IEEE1284_MODE_NIBBLE 0
#define IEEE1284_MODE_BYTE   (1 << 0)
#define IEEE1284_MODE_COMPAT (1 << 8)
#define IEEE1284_MODE_BECP   (1 << 9)
#define IEEE1284_MODE_ECP    (1 << 4)
#define IEEE1284_MODE_EPP    (1 << 6)
#define IEEE1284_ADDR	     (1 << 13)
#define IEEE1284_DATA	     0

#endif
