/*
 * exec.c - execv and execvp, which newlib's generic target does not
 * build: domlet runs one program per domain, so they fail as execve
 * does (process.c: ENOSYS, said once on the console).  glib's gspawn.c
 * references execv; a stub domain never spawns.
 */
#include <unistd.h>

int execv(const char *path, char *const argv[])
{
	return execve(path, argv, NULL);
}

int execvp(const char *file, char *const argv[])
{
	return execve(file, argv, NULL);
}
