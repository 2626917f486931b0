/*
 * imgutil.h - what the disk and filesystem tests share: a work directory
 * of their own under build/unit/ (NAME.PID: two `make unit` runs at once
 * must not share one), running the Debian tools that build their images
 * (mke2fs, sfdisk, sgdisk...), loading an image into memory, and
 * collecting the readers' messages.  Host-only test code.
 */
#ifndef DOMLET_TEST_IMGUTIL_H
#define DOMLET_TEST_IMGUTIL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Runs a shell command built printf-style; its exit status (0: ok).
 * Its output goes to build/unit/img.log, which a failure shows. */
__attribute__((format(printf, 1, 2))) static int sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	if (rc != 0)
		fprintf(stderr, "command failed (%d): %s\n", rc, cmd);
	return rc;
}

/* A whole file into malloc'd memory; NULL if unreadable. */
static unsigned char *load(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*size = (size_t)n;
	}
	fclose(f);
	return buf;
}

static char work_dir[256], work_home[4096];

/* Makes build/unit/NAME.PID and moves into it: the tests' relative paths
 * are inside it from here on.  0 or -1. */
static int work_enter(const char *name)
{
	if (!getcwd(work_home, sizeof(work_home)))
		return -1;
	snprintf(work_dir, sizeof(work_dir), "build/unit/%s.%d", name,
		 (int)getpid());
	if (sh("rm -rf %s && mkdir -p %s", work_dir, work_dir) != 0)
		return -1;
	return chdir(work_dir);
}

/* Back to the tree's root; the work directory goes unless a test failed
 * (then its images stay for a look, and the path is printed). */
static void work_leave(int failed)
{
	if (chdir(work_home) != 0)
		return;
	if (failed)
		fprintf(stderr, "images kept in %s\n", work_dir);
	else
		sh("rm -rf %s", work_dir);
}

/* Messages from the readers, kept for tests to search. */
static char log_text[16384];

static void log_keep(const char *msg)
{
	size_t used = strlen(log_text);

	snprintf(log_text + used, sizeof(log_text) - used, "%s\n", msg);
}

static void log_clear(void)
{
	log_text[0] = '\0';
}

#endif
