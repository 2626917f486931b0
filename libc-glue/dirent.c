/*
 * dirent.c - directory streams (see include/sys/dirent.h): domlet has no
 * directories, so opendir() fails (ENOTDIR on a device name, ENOENT
 * otherwise) and the calls on a stream, which cannot exist, fail EBADF.
 */
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

DIR *opendir(const char *name)
{
	struct stat st;

	errno = stat(name, &st) == 0 ? ENOTDIR : ENOENT;
	return NULL;
}

DIR *fdopendir(int fd)
{
	(void)fd;
	errno = ENOTDIR;
	return NULL;
}

struct dirent *readdir(DIR *dir)
{
	(void)dir;
	errno = EBADF;
	return NULL;
}

int readdir_r(DIR *dir, struct dirent *entry, struct dirent **result)
{
	(void)dir;
	(void)entry;
	*result = NULL;
	return EBADF;
}

void rewinddir(DIR *dir)
{
	(void)dir;
}

int closedir(DIR *dir)
{
	(void)dir;
	errno = EBADF;
	return -1;
}

int dirfd(DIR *dir)
{
	(void)dir;
	errno = EBADF;
	return -1;
}
