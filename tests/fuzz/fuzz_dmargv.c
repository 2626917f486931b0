// SOURCES: dmargv/dmargv.c dmargv/dmmap.c
// CFLAGS: -I.
/*
 * fuzz_dmargv.c - arbitrary bytes as libxl's dm-argv directory, then
 * the mapping.  The input is records "key\0value\n" (a value may hold
 * any byte but '\n'; a record without '\0' is a key with an empty
 * value); the first byte picks the environment (target 1..8, a restore
 * fd or none, 3..10 consoles, a QMP chardev or none).  Invariants: a
 * failure leaves no argv and a message; a success gives argc-1 keys'
 * worth of arguments, each a NUL-free string, argv[argc] NULL, and the
 * mapped argv names our target after -xen-domid and is no longer than the input
 * plus what the environment adds (2 for the save fd, 4 for QMP).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "dmargv/dmargv.h"
#include "fuzz.h"

#define MAXREC 1100

struct rec {
	char key[16];
	const uint8_t *val;
	size_t len;
};

static struct rec recs[MAXREC];
static const char *names[MAXREC];

static int rd(void *ctx, const char *name, char *buf, size_t size)
{
	unsigned int n = *(unsigned int *)ctx;

	for (unsigned int i = 0; i < n; i++) {
		if (strcmp(recs[i].key, name))
			continue;
		if (recs[i].len > size)
			return -E2BIG;
		memcpy(buf, recs[i].val, recs[i].len);
		return (int)recs[i].len;
	}
	return -ENOENT;
}

static void check(const struct dmargv *a)
{
	REQUIRE(a->argc >= 1 && a->argv && !a->argv[a->argc]);
	for (int i = 0; i < a->argc; i++)
		REQUIRE(a->argv[i]);
}

/* The stub domain's vifs: odd devids fail, as a vif libxl did not give. */
static int fake_open_vif(void *ctx, unsigned int devid)
{
	(void)ctx;
	REQUIRE(devid <= 255);
	return (devid & 1) ? -ENODEV : 100 + (int)devid;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dmargv a, q;
	struct dm_env env;
	char err[DMARGV_ERR_LEN];
	unsigned int n = 0;
	size_t o = 1;
	int rc;

	if (size < 1)
		return 0;
	env.target = 1 + (data[0] & 7);
	env.restore_fd = (data[0] & 8) ? 3 : -1;
	env.save_fd = (data[0] & 8) ? 4 : -1;
	env.consoles = 3 + ((data[0] >> 4) & 7);
	env.qmp_chardev = (data[0] & 0x80) ? "pipe,id=libxl-cmd,path=q" : NULL;
	env.open_vif = (data[0] & 0x40) ? fake_open_vif : NULL;
	env.vif_ctx = NULL;
	while (o < size && n < MAXREC) {
		const uint8_t *nl = memchr(data + o, '\n', size - o);
		size_t end = nl ? (size_t)(nl - data) : size;
		const uint8_t *z = memchr(data + o, '\0', end - o);
		size_t klen = z ? (size_t)(z - (data + o)) : end - o;

		if (klen >= sizeof(recs[n].key))
			klen = sizeof(recs[n].key) - 1;
		memcpy(recs[n].key, data + o, klen);
		recs[n].key[klen] = '\0';
		recs[n].val = z ? z + 1 : data + end;
		recs[n].len = z ? end - (size_t)(z + 1 - data) : 0;
		names[n] = recs[n].key;
		n++;
		o = end + 1;
	}
	err[0] = '\0';
	rc = dmargv_collect(names, n, rd, &n, "qemu", &a, err, sizeof(err));
	if (rc) {
		REQUIRE(rc < 0 && err[0] && !a.argv && !a.argc);
		return 0;
	}
	check(&a);
	REQUIRE(a.argc == (int)n + 1);
	for (int i = 1; i < a.argc; i++)
		REQUIRE(strlen(a.argv[i]) <= DMARGV_MAX_ARG);
	err[0] = '\0';
	rc = dm_map(&a, &env, &q, NULL, NULL, err, sizeof(err));
	if (rc) {
		REQUIRE(rc < 0 && err[0] && !q.argv && !q.argc);
	} else {
		int domid = 0;

		check(&q);
		REQUIRE(q.argc <= a.argc + (env.save_fd >= 0 ? 6 : 0) +
				      (env.qmp_chardev ? 4 : 0));
		for (int i = 1; i + 1 < q.argc; i++)
			/* (the word may also be another option's value) */
			if ((!strcmp(q.argv[i], "-xen-domid") ||
			     !strcmp(q.argv[i], "--xen-domid")) &&
			    atoi(q.argv[i + 1]) == (int)env.target)
				domid++;
		REQUIRE(domid >= 1);
		dmargv_free(&q);
	}
	dmargv_free(&a);
	return 0;
}
