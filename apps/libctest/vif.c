/*
 * vif.c - /dev/xenvifN, the packet device QEMU's tap netdev uses in the
 * device-model stub domain (libc-glue/vif.c), end to end on this
 * domain's vif 0 (tests/boot/libc gives it one on xenbr0): the tap
 * ioctls QEMU makes, an ARP request for dom0's 10.99.0.1 sent with
 * writev in two pieces (one frame), dom0's reply read back through
 * poll() and read(); names that are not vifs, a vif that does not
 * exist and a second open are refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include "libctest.h"

/* As QEMU's net/tap-linux.h spells them. */
#define TUNSETOFFLOAD _IOW('T', 208, unsigned int)
#define TUNGETIFF     _IOR('T', 210, unsigned int)
#define TUNSETSNDBUF  _IOW('T', 212, int)
#define IFF_TAP	      0x0002
#define IFF_NO_PI     0x1000

static const unsigned char our_mac[6] = {0x02, 0x16, 0x3e, 0x00, 0x00, 0x77};
static const unsigned char our_ip[4] = {10, 99, 0, 77};
static const unsigned char dom0_ip[4] = {10, 99, 0, 1};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* An ARP reply from dom0's address to ours? */
static bool arp_reply(const unsigned char *f, long n)
{
	return n >= 42 && f[12] == 0x08 && f[13] == 0x06 && f[20] == 0 &&
	       f[21] == 2 && !memcmp(f + 28, dom0_ip, 4) &&
	       !memcmp(f + 38, our_ip, 4) && !memcmp(f, our_mac, 6);
}

void test_vif(void)
{
	unsigned char hdr[14], arp[28], f[2048];
	struct iovec iov[2] = {{hdr, sizeof(hdr)}, {arp, sizeof(arp)}};
	struct ifreq ifr;
	int fd, fd2, sndbuf = 1 << 20, frames = 0;
	long n = 0;
	bool got = false;
	double t0;

	errno = 0;
	app_check(open("/dev/xenvif07", O_RDWR) < 0 && errno == ENOENT,
		  "vif: /dev/xenvif07 is no name", "errno %d", errno);
	errno = 0;
	app_check(open("/dev/xenvif9", O_RDWR) < 0 && errno == ENXIO,
		  "vif: no vif 9", "errno %d", errno);
	fd = open("/dev/xenvif0", O_RDWR);
	if (!app_check(fd >= 0, "vif: open /dev/xenvif0", "errno %d", errno))
		return;
	errno = 0;
	fd2 = open("/dev/xenvif0", O_RDWR);
	app_check(fd2 < 0 && errno == EBUSY, "vif: a second open is refused",
		  "fd %d errno %d", fd2, errno);
	memset(&ifr, 0, sizeof(ifr));
	app_check(ioctl(fd, TUNGETIFF, &ifr) == 0 &&
		      ifr.ifr_flags == (IFF_TAP | IFF_NO_PI) &&
		      !strcmp(ifr.ifr_name, "xenvif0"),
		  "vif: TUNGETIFF says a tap without vnet header",
		  "flags %#x name %.16s errno %d", ifr.ifr_flags, ifr.ifr_name,
		  errno);
	app_check(ioctl(fd, TUNSETSNDBUF, &sndbuf) == 0 &&
		      ioctl(fd, TUNSETOFFLOAD, 0u) == 0 &&
		      ioctl(fd, TUNSETOFFLOAD, 1u) < 0 && errno == EINVAL,
		  "vif: TUNSETSNDBUF taken, offloads refused", "errno %d",
		  errno);
	app_check(fcntl(fd, F_SETFL, O_NONBLOCK) == 0, "vif: O_NONBLOCK",
		  "errno %d", errno);

	/* Who has 10.99.0.1?  Tell 10.99.0.77 (a made-up address). */
	memset(hdr, 0xff, 6);
	memcpy(hdr + 6, our_mac, 6);
	hdr[12] = 0x08, hdr[13] = 0x06;
	memcpy(arp, "\x00\x01\x08\x00\x06\x04\x00\x01", 8);
	memcpy(arp + 8, our_mac, 6);
	memcpy(arp + 14, our_ip, 4);
	memset(arp + 18, 0, 6);
	memcpy(arp + 24, dom0_ip, 4);
	t0 = now_s();
	/* A few tries: the bridge port may still be learning. */
	for (int tries = 0; tries < 5 && !got; tries++) {
		n = writev(fd, iov, 2);
		if (n != 42) {
			app_check(false, "vif: writev of one frame",
				  "%ld, errno %d", n, errno);
			break;
		}
		double until = now_s() + 2;
		while (!got && now_s() < until) {
			struct pollfd p = {fd, POLLIN, 0};

			if (poll(&p, 1, 200) != 1)
				continue;
			while ((n = read(fd, f, sizeof(f))) > 0) {
				frames++;
				if (arp_reply(f, n)) {
					got = true;
					break;
				}
			}
		}
	}
	app_check(got, "vif: dom0 answers an ARP request",
		  "no reply in 10 s (%d other frames)", frames);
	if (got)
		printf("vif: ARP reply %.1f ms after the first request, "
		       "%d frames read\n",
		       (now_s() - t0) * 1e3, frames);
	errno = 0;
	n = read(fd, f, sizeof(f));
	app_check(n > 0 || errno == EAGAIN, "vif: O_NONBLOCK read of nothing",
		  "%ld, errno %d", n, errno);
	/* The vif stays open: as a NIC, for the program's life. */
}
