/*
 * qmp.c - libxl's QMP line to QEMU in this stub domain.
 *
 * libxl 4.17 talks QMP to a stub domain's QEMU through
 * vchan-socket-proxy in dom0, a vchan client of
 * /local/domain/<self>/device-model/<target>/qmp-vchan that connects
 * once per QMP session (libxl opens one per request: start-up's "cont",
 * xl qemu-monitor-command, pause...) and expects QEMU's greeting each
 * time.  So QEMU listens on a loopback TCP socket (QMP_CHARDEV, lwIP's
 * loopif: a server chardev, which greets every connection), and a
 * thread here is the vchan server: it waits for the client, connects to
 * QEMU, moves bytes both ways until either end closes, then closes
 * both and offers the vchan again.  One session at a time, as libxl
 * ensures.  What the peer sends is passed on unread: QEMU's monitor
 * parses it.
 */
#include <errno.h>
#include <stdbool.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <libxenvchan.h>
#include "libc-glue/kapi.h"
#include "qemu-dm.h"

static char vchan_path[96];

/* QEMU's end, once its monitor listens (it does from qemu_init on);
 * -1 if it does not answer within a few seconds. */
static int connect_qemu(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons(QMP_PORT),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};

	for (int tries = 0; tries < 50; tries++) {
		int s = socket(AF_INET, SOCK_STREAM, 0);

		if (s < 0)
			return -1;
		if (connect(s, (struct sockaddr *)&a, sizeof(a)) == 0)
			return s;
		close(s);
		usleep(100 * 1000);
	}
	return -1;
}

static bool write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n <= 0)
			return false;
		buf += n;
		len -= (size_t)n;
	}
	return true;
}

/* Moves bytes between the vchan and QEMU's socket until one side
 * closes; returns the bytes moved each way through *in and *out. */
static void pump(struct libxenvchan *v, int s, size_t *in, size_t *out)
{
	char buf[2048];
	struct pollfd p[2] = {
	    {.fd = libxenvchan_fd_for_select(v), .events = POLLIN},
	    {.fd = s, .events = POLLIN},
	};

	for (;;) {
		int ready;

		while ((ready = libxenvchan_data_ready(v)) > 0) {
			int n = libxenvchan_read(v, buf,
						 (size_t)ready < sizeof(buf)
						     ? (size_t)ready
						     : sizeof(buf));
			if (n <= 0 || !write_all(s, buf, (size_t)n))
				return;
			*in += (size_t)n;
		}
		if (libxenvchan_is_open(v) != 1)
			return;
		if (poll(p, 2, 1000) < 0 && errno != EINTR)
			return;
		if (p[0].revents)
			libxenvchan_wait(v); /* takes the event */
		if (p[1].revents) {
			ssize_t n = read(s, buf, sizeof(buf));

			/* An answer to xen-save-devices-state tells libxl to
			 * read the save file: the state must be out first. */
			if (n > 0)
				qemu_dm_save_drain();

			/* blocking: the whole reply, waiting for ring space */
			if (n <= 0 || libxenvchan_write(v, buf, (size_t)n) != n)
				return;
			*out += (size_t)n;
		}
	}
}

static void *bridge(void *arg)
{
	(void)arg;
	for (unsigned int session = 1;; session++) {
		struct libxenvchan *v =
		    libxenvchan_server_init(NULL, 0, vchan_path, 0, 0);
		size_t in = 0, out = 0;
		int s;

		if (!v) {
			printf("qemu-dm: error: QMP: no vchan server at %s "
			       "(%s): libxl's QMP requests go unanswered\n",
			       vchan_path, strerror(errno));
			return NULL;
		}
		v->blocking = 1;
		/* 2: waiting for the client (libxenvchan.h) */
		while (libxenvchan_is_open(v) == 2) {
			struct pollfd p = {.fd = libxenvchan_fd_for_select(v),
					   .events = POLLIN};

			if (poll(&p, 1, -1) > 0)
				libxenvchan_wait(v);
		}
		s = libxenvchan_is_open(v) == 1 ? connect_qemu() : -1;
		if (s < 0) {
			printf("qemu-dm: QMP session %u: QEMU's monitor does "
			       "not answer on 127.0.0.1:%d\n",
			       session, QMP_PORT);
		} else {
			pump(v, s, &in, &out);
			close(s);
		}
		libxenvchan_close(v);
		/* The free pages: what the stub domain's memory leaves
		 * spare (tools/bench-hvm reports the first session's). */
		printf("qemu-dm: QMP session %u: %zu bytes in, %zu out; "
		       "%lu KiB free\n",
		       session, in, out, free_page_count() * 4);
		fflush(stdout);
	}
	return NULL;
}

int qmp_bridge_start(unsigned int target)
{
	pthread_t t;
	pthread_attr_t a;
	int rc;

	snprintf(vchan_path, sizeof(vchan_path),
		 "/local/domain/%u/device-model/%u/qmp-vchan", xenbus_domid(),
		 target);
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&a, 64 * 1024);
	rc = pthread_create(&t, &a, bridge, NULL);
	pthread_attr_destroy(&a);
	return -rc;
}
