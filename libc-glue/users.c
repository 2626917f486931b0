/*
 * users.c - users, groups and the root directory of a domain (issue
 * #11: QEMU's os-posix.c links them for -runas and -chroot).
 *
 * A domain runs one program and has one identity, root's (glibc_abi.c's
 * getuid & co. answer 0): the user database holds root only (uid 0, gid
 * 0, home "/"), and identity changes succeed when they change nothing
 * (to uid/gid 0, no supplementary groups but 0) and fail EPERM otherwise,
 * as for an unprivileged Linux process.  So QEMU's "-runas NAME" fails
 * with its own "User NAME doesn't exist" for any name but root.  The
 * filesystem has no subtrees to confine a program to: chroot("/") is a
 * no-op, any other directory EPERM (a missing one ENOENT).
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>
#include "glue.h"

static struct passwd root_entry(void)
{
	struct passwd pw;

	memset(&pw, 0, sizeof(pw));
	pw.pw_name = "root";
	pw.pw_passwd = "x";
	pw.pw_uid = 0;
	pw.pw_gid = 0;
	pw.pw_gecos = "root";
	pw.pw_dir = "/";
	pw.pw_shell = "/";
	return pw;
}

static struct passwd result; /* getpwnam/getpwuid: one static entry */

/* Not found: NULL with errno untouched (0 if the caller cleared it). */
struct passwd *getpwnam(const char *name)
{
	if (!name || strcmp(name, "root") != 0)
		return NULL;
	result = root_entry();
	return &result;
}

struct passwd *getpwuid(uid_t uid)
{
	if (uid != 0)
		return NULL;
	result = root_entry();
	return &result;
}

/* The strings live in the caller's buffer, as POSIX asks of _r. */
static int fill_r(struct passwd *pw, char *buf, size_t len, struct passwd **out)
{
	static const char strings[] = "root\0x\0/";

	*out = NULL;
	if (len < sizeof(strings))
		return ERANGE;
	memcpy(buf, strings, sizeof(strings));
	*pw = root_entry();
	pw->pw_name = buf;
	pw->pw_passwd = buf + 5;
	pw->pw_gecos = buf;
	pw->pw_dir = buf + 7;
	pw->pw_shell = buf + 7;
	*out = pw;
	return 0;
}

int getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t len,
	       struct passwd **out)
{
	*out = NULL;
	if (!name || strcmp(name, "root") != 0)
		return 0;
	return fill_r(pw, buf, len, out);
}

int getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t len,
	       struct passwd **out)
{
	*out = NULL;
	if (uid != 0)
		return 0;
	return fill_r(pw, buf, len, out);
}

int setuid(uid_t uid)
{
	return uid == 0 ? 0 : (int)posix_ret(-EPERM);
}

int seteuid(uid_t uid)
{
	return setuid(uid);
}

int setgid(gid_t gid)
{
	return gid == 0 ? 0 : (int)posix_ret(-EPERM);
}

int setegid(gid_t gid)
{
	return setgid(gid);
}

int setgroups(int n, const gid_t *groups)
{
	if (n < 0)
		return (int)posix_ret(-EINVAL);
	for (int i = 0; i < n; i++)
		if (groups[i] != 0)
			return (int)posix_ret(-EPERM);
	return 0;
}

/* root's groups are {0}: a no-op for root with gid 0. */
int initgroups(const char *user, gid_t gid)
{
	if (!user || strcmp(user, "root") != 0 || gid != 0)
		return (int)posix_ret(-EPERM);
	return 0;
}

int chroot(const char *path)
{
	if (!path)
		return (int)posix_ret(-EFAULT);
	if (access(path, F_OK) != 0)
		return -1; /* access set errno: ENOENT, ENAMETOOLONG... */
	/* "/", "//", "/." ... all name the root: nothing changes */
	for (const char *p = path; *p; p++)
		if (*p != '/' && *p != '.')
			return (int)posix_ret(-EPERM);
	return 0;
}
