/*
 * process.c - the process around main(): argv and environment from the
 * command line, exit, and the process calls a domain cannot honour.
 *
 * The kernel calls main(argc, argv) with xl's `extra=` split at spaces.
 * Libc apps link with --wrap=main, so the kernel's call lands in
 * __wrap_main here first: leading NAME=value words become the
 * environment (as Linux's init does with its command line); a "--" word
 * ends them and is dropped, so later NAME=value words stay arguments.
 * Then the image's constructors run (.init_array, in link order, as
 * glibc runs them; third-party ports rely on them: liblzma sets its CRC64
 * routine in one).  Returning from main is exit(): atexit handlers, stdio
 * flushed, then _exit() hands the code to the kernel (0 powers off, else
 * crash).
 *
 * Unsupported calls fail with ENOSYS and say so on the console the first
 * time each is called (glue_unsupported), never silently.
 */
#include <signal.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <unistd.h>
#include "args.h"
#include "glue.h"

#define ENV_MAX 32

extern char **environ;
int __real_main(int argc, char **argv);

static char *env[ENV_MAX + 1];
struct thread *glue_main_thread;

typedef void (*ctor_fn)(int argc, char **argv, char **envp);
extern const ctor_fn __init_array_start[], __init_array_end[];

int __wrap_main(int argc, char **argv)
{
	glue_main_thread = current_thread();
	argc = args_split_env(argc, argv, env, ENV_MAX);
	environ = env;
	for (const ctor_fn *f = __init_array_start; f < __init_array_end; f++)
		(*f)(argc, argv, environ);
	exit(__real_main(argc, argv));
}

void _exit(int code)
{
	domain_exit(code);
}

int getpid(void)
{
	return 1;
}

int getppid(void)
{
	return 0;
}

int glue_unsupported(const char *name, int *warned)
{
	if (!*warned) {
		*warned = 1;
		printk("libc: %s() is not supported on domlet (ENOSYS)\n",
		       name);
	}
	errno = ENOSYS;
	return -1;
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	(void)path;
	(void)argv;
	(void)envp;
	return UNSUPPORTED("execve");
}

int fork(void)
{
	return UNSUPPORTED("fork");
}

int wait(int *status)
{
	(void)status;
	return UNSUPPORTED("wait");
}

int waitpid(pid_t pid, int *status, int options)
{
	(void)pid;
	(void)status;
	(void)options;
	return UNSUPPORTED("waitpid");
}

int link(const char *old, const char *new)
{
	(void)old;
	(void)new;
	return UNSUPPORTED("link");
}

int unlink(const char *path)
{
	(void)path;
	return UNSUPPORTED("unlink");
}

int mkdir(const char *path, mode_t mode)
{
	(void)path;
	(void)mode;
	return UNSUPPORTED("mkdir");
}

int rmdir(const char *path)
{
	(void)path;
	return UNSUPPORTED("rmdir");
}

int chdir(const char *path)
{
	(void)path;
	return UNSUPPORTED("chdir");
}

char *getcwd(char *buf, size_t size)
{
	if (!buf || size < 2) {
		errno = buf ? ERANGE : EINVAL;
		return NULL;
	}
	strcpy(buf, "/"); /* the only directory there is */
	return buf;
}

long sysconf(int name)
{
	switch (name) {
	case _SC_PAGESIZE:
		return 4096;
	case _SC_NPROCESSORS_CONF:
	case _SC_NPROCESSORS_ONLN:
		return 1; /* the scheduler runs on one vCPU */
	case _SC_CLK_TCK:
		return CLOCKS_PER_SEC;
	case _SC_OPEN_MAX:
		return FD_MAX;
	case _SC_PHYS_PAGES: /* the domain's memory, and what is free of it */
		return (long)total_page_count();
	case _SC_AVPHYS_PAGES:
		return (long)free_page_count();
	default:
		return posix_ret(-EINVAL);
	}
}

int getpagesize(void)
{
	return 4096;
}

void __domlet_sigjmp_save(sigjmp_buf env, int savemask)
{
	env[0].savemask = savemask;
	if (savemask)
		pthread_sigmask(SIG_SETMASK, NULL, &env[0].mask);
}

void siglongjmp(sigjmp_buf env, int val)
{
	if (env[0].savemask)
		pthread_sigmask(SIG_SETMASK, &env[0].mask, NULL);
	longjmp(env[0].jb, val);
}
