/*
 * vif.c - /dev/xenvifN: this domain's vif N (device/vif/N) as a packet
 * device, one Ethernet frame per read and per write (or writev), for
 * QEMU's tap netdev in the device-model stub domain: libxl gives the stub
 * domain a vif for each emulated NIC of its guest, and dm_map turns
 * libxl's "-netdev type=tap,ifname=vif<g>.N-emu" into "tap,fd=<fd>" on
 * this file (stubdoms/qemu-dm).
 *
 * It answers the tap ioctls QEMU's net/tap-linux.c makes: TUNGETIFF says
 * IFF_TAP|IFF_NO_PI (no vnet header), TUNSETSNDBUF is accepted and
 * ignored, TUNSETOFFLOAD accepts only "no offloads" (an emulated NIC
 * hands whole frames), the vnet-header ioctls fail (EINVAL), as a tap
 * without IFF_VNET_HDR does.
 *
 * The vif is opened in netfront's wire mode (NETFRONT_OPEN_WIRE): the
 * backend fills in checksums and never sends GSO frames, so what QEMU
 * reads is what a NIC would see.  A frame that comes offloaded anyway is
 * dropped (the first one is reported): handing it on would
 * give the guest a frame with a blank checksum or longer than its MTU.
 * Received frames wait in a bounded queue (VIF_QUEUE, then dropped, as
 * a NIC's ring overflows); reads take one (truncated to the
 * caller's buffer, as tap does), O_NONBLOCK reads of an empty queue
 * fail with EAGAIN; poll() sees the queue.  Writes wait for ring space
 * (at most VIF_SEND_WAIT_MS, then EAGAIN, which QEMU's tap answers by
 * polling for POLLOUT); a vif that broke or went away fails reads and
 * writes with EIO or ENODEV once its queue is empty.
 *
 * A vif is opened once per program (a second open: EBUSY); lwIP's
 * sockets then use another vif or none (glue_vif_claim).
 */
#include <fcntl.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include "glue.h"
#include "path.h"
#include "netfront/netfront.h"

/* net/tap-linux.h's numbers, built with the same macros QEMU's build
 * sees (its _IOR/_IOW come from the same headers as ours). */
#define VIF_TUNSETOFFLOAD   _IOW('T', 208, unsigned int)
#define VIF_TUNGETIFF	    _IOR('T', 210, unsigned int)
#define VIF_TUNSETSNDBUF    _IOW('T', 212, int)
#define VIF_TUNGETVNETHDRSZ _IOR('T', 215, int)
#define VIF_TUNSETVNETHDRSZ _IOW('T', 216, int)
#define VIF_TUNSETVNETLE    _IOW('T', 220, int)
#define VIF_TUNSETVNETBE    _IOW('T', 222, int)
#define VIF_IFF_TAP	    0x0002
#define VIF_IFF_NO_PI	    0x1000

#define VIF_MAX		 64  /* vif ids 0..63 */
#define VIF_QUEUE	 256 /* received frames waiting for read() */
#define VIF_SEND_WAIT_MS 100
#define VIF_IOV_MAX	 64 /* pieces of one writev'd frame */

struct vifdev {
	struct netfront *nf;
	unsigned int id;
	struct waitqueue wq; /* readers */
	struct {
		void *data;
		size_t len;
	} q[VIF_QUEUE];
	unsigned int head, count;
	bool told_offload;
};

/* Vifs taken by /dev/xenvifN or lwIP (one reader of a NIC's frames). */
static bool claimed[VIF_MAX];

int glue_vif_claim(unsigned int id)
{
	if (id >= VIF_MAX)
		return 0; /* beyond what /dev/xenvifN names: nobody else's */
	if (claimed[id])
		return -EBUSY;
	claimed[id] = true;
	return 0;
}

/* "xenvifN", N 0..VIF_MAX-1 without leading zeros: N, else -1. */
int vif_index(const char *name)
{
	return path_dev_number(name, "xenvif", VIF_MAX);
}

/* netfront's worker thread: queue a copy of the frame. */
static void vif_rx(void *arg, const void *frame, size_t len, unsigned int flags)
{
	struct vifdev *v = arg;
	void *copy;

	if (flags & (NETFRONT_RX_CSUM_BLANK | NETFRONT_RX_GSO_TCPV4 |
		     NETFRONT_RX_GSO_TCPV6)) {
		if (!v->told_offload) {
			v->told_offload = true;
			printk("libc: /dev/xenvif%u: the backend sent an "
			       "offloaded frame (flags %#x, %zu bytes) though "
			       "asked for none: dropped (and any more)\n",
			       v->id, flags, len);
		}
		return;
	}
	if (v->count == VIF_QUEUE || !(copy = malloc(len)))
		return;
	memcpy(copy, frame, len);
	unsigned int tail = (v->head + v->count) % VIF_QUEUE;
	v->q[tail].data = copy;
	v->q[tail].len = len;
	v->count++;
	wake_up(&v->wq);
	poll_wake();
}

static long vif_read(struct gfile *f, void *buf, size_t len)
{
	struct vifdev *v = f->priv;
	size_t n;

	while (!v->count) {
		int st = netfront_status(v->nf);

		if (st)
			return kerr(st);
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		/* Wakes for a frame; a detach or breakage is seen within
		 * a second. */
		wait_event_until(v->wq, v->count,
				 monotonic_ns() + 1000000000ull);
	}
	n = v->q[v->head].len < len ? v->q[v->head].len : len;
	memcpy(buf, v->q[v->head].data, n);
	free(v->q[v->head].data);
	v->head = (v->head + 1) % VIF_QUEUE;
	v->count--;
	return (long)n;
}

static long vif_send(struct vifdev *v, const struct netfront_iov *iov,
		     unsigned int cnt, size_t total)
{
	long rc = kerr(netfront_sendv(v->nf, iov, cnt, 0, 0,
				      VIF_SEND_WAIT_MS * 1000000ull));

	if (rc == -ETIMEDOUT)
		return -EAGAIN;
	return rc ? rc : (long)total;
}

static long vif_write(struct gfile *f, const void *buf, size_t len)
{
	struct netfront_iov one = {buf, len};

	return vif_send(f->priv, &one, 1, len);
}

/* One frame from all the pieces (QEMU's tap writes a frame as an iovec). */
static long vif_writev(struct gfile *f, const struct iovec *iov, int cnt)
{
	struct netfront_iov pieces[VIF_IOV_MAX];
	size_t total = 0;

	if (cnt < 0 || cnt > VIF_IOV_MAX)
		return -EINVAL;
	for (int i = 0; i < cnt; i++) {
		pieces[i].base = iov[i].iov_base;
		pieces[i].len = iov[i].iov_len;
		total += iov[i].iov_len;
	}
	return vif_send(f->priv, pieces, (unsigned int)cnt, total);
}

static int vif_poll(struct gfile *f)
{
	struct vifdev *v = f->priv;

	/* A vif that broke or went away is a NIC without its cable:
	 * nothing more to read (a read of the empty queue says why). */
	return v->count ? GF_READABLE | GF_WRITABLE : GF_WRITABLE;
}

static long vif_nread(struct gfile *f)
{
	struct vifdev *v = f->priv;

	return v->count ? (long)v->q[v->head].len : 0;
}

static int vif_ioctl(struct gfile *f, unsigned long req, void *arg)
{
	struct vifdev *v = f->priv;

	if (req == VIF_TUNGETIFF) {
		struct ifreq *ifr = arg;

		memset(ifr, 0, sizeof(*ifr));
		snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "xenvif%u",
			 v->id);
		ifr->ifr_flags = VIF_IFF_TAP | VIF_IFF_NO_PI;
		return 0;
	}
	if (req == VIF_TUNSETSNDBUF)
		return 0;
	if (req == VIF_TUNSETOFFLOAD)
		/* ioctl(fd, TUNSETOFFLOAD, flags): the value, not a pointer */
		return (unsigned int)(uintptr_t)arg == 0 ? 0 : -EINVAL;
	if (req == VIF_TUNGETVNETHDRSZ || req == VIF_TUNSETVNETHDRSZ ||
	    req == VIF_TUNSETVNETLE || req == VIF_TUNSETVNETBE)
		return -EINVAL;
	return -ENOTTY;
}

static void vif_close(struct gfile *f)
{
	/* The vif stays connected for the program's life, as a NIC stays
	 * plugged in: QEMU opens it once. */
	(void)f;
}

static const struct file_ops vif_ops = {
    .kind = "xenvif",
    .read = vif_read,
    .write = vif_write,
    .writev = vif_writev,
    .poll = vif_poll,
    .nread = vif_nread,
    .ioctl = vif_ioctl,
    .fstat = glue_fstat_private_chr,
    .close = vif_close,
};

/* Whether device/vif/<id> is there (no netfront message for a name
 * that names no vif of this domain). */
static bool vif_exists(unsigned int id)
{
	unsigned int ids[VIF_MAX];
	int n = netfront_list(ids, VIF_MAX);

	for (int i = 0; i < n && i < VIF_MAX; i++)
		if (ids[i] == id)
			return true;
	return n < 0; /* cannot tell: netfront_open will */
}

int vif_open(const char *name, int flags, struct gfile *f)
{
	int n = vif_index(name);
	struct vifdev *v = NULL;
	long rc;

	(void)flags;
	if (n < 0)
		return -ENOENT;
	/* Claimed first: netfront_open waits for the backend, and lwIP's
	 * start-up must not take the vif meanwhile. */
	rc = glue_vif_claim((unsigned int)n);
	if (rc)
		return (int)rc; /* opened before, or lwIP's */
	rc = vif_exists((unsigned int)n) ? 0 : -ENXIO;
	if (!rc && !(v = calloc(1, sizeof(*v))))
		rc = -ENOMEM;
	if (!rc) {
		v->id = (unsigned int)n; /* calloc: an empty wait queue */
		rc = kerr(netfront_open_opts((unsigned int)n, vif_rx, v,
					     NETFRONT_OPEN_WIRE, &v->nf));
		if (rc)
			printk("libc: /dev/%s: netfront_open failed (%ld)\n",
			       name, rc);
		if (rc == -ENOENT)
			rc = -ENXIO;
	}
	if (rc) {
		claimed[n] = false;
		free(v);
		return (int)rc;
	}
	f->ops = &vif_ops;
	f->priv = v;
	return 0;
}
