/*
 * scsi/sg.h - Linux's SCSI generic pass-through interface (struct
 * sg_io_hdr, the SG_* ioctls), declarations only, Linux's numbers, for
 * code built for Linux (QEMU's block/file-posix.c and scsi/ compile
 * their SG_IO paths with CONFIG_LINUX).  domlet's block devices are
 * not SCSI: ioctl() answers these ENOTTY.
 */
#ifndef LIBC_GLUE_SCSI_SG_H
#define LIBC_GLUE_SCSI_SG_H

typedef struct sg_io_hdr {
	int interface_id; /* 'S' */
	int dxfer_direction;
	unsigned char cmd_len;
	unsigned char mx_sb_len;
	unsigned short iovec_count;
	unsigned int dxfer_len;
	void *dxferp;
	unsigned char *cmdp;
	unsigned char *sbp;
	unsigned int timeout;
	unsigned int flags;
	int pack_id;
	void *usr_ptr;
	unsigned char status;
	unsigned char masked_status;
	unsigned char msg_status;
	unsigned char sb_len_wr;
	unsigned short host_status;
	unsigned short driver_status;
	int resid;
	unsigned int duration;
	unsigned int info;
} sg_io_hdr_t;

struct sg_scsi_id {
	int host_no;
	int channel;
	int scsi_id;
	int lun;
	int scsi_type;
	short h_cmd_per_lun;
	short d_queue_depth;
	int unused[2];
};

#define SG_DXFER_NONE	     (-1)
#define SG_DXFER_TO_DEV	     (-2)
#define SG_DXFER_FROM_DEV    (-3)
#define SG_DXFER_TO_FROM_DEV (-4)

#define SG_FLAG_DIRECT_IO 1
#define SG_INFO_OK_MASK	  0x1
#define SG_INFO_OK	  0x0
#define SG_INFO_CHECK	  0x1

#define SG_GET_RESERVED_SIZE 0x2272
#define SG_SET_RESERVED_SIZE 0x2275
#define SG_GET_SCSI_ID	     0x2276
#define SG_GET_SG_TABLESIZE  0x227F
#define SG_GET_VERSION_NUM   0x2282
#define SG_SCSI_RESET	     0x2284
#define SG_IO		     0x2285

#endif
