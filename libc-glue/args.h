/*
 * args.h - splitting xl's `extra=` words into the environment and argv.
 * Pure (host-tested in tests/unit/test_libc_args.c).
 */
#ifndef LIBC_GLUE_ARGS_H
#define LIBC_GLUE_ARGS_H

/*
 * Moves the leading NAME=value words of argv[1..argc) (NAME a C
 * identifier) into env[0..env_max), NULL-terminated; a "--" word right
 * after them is dropped, so later NAME=value words stay arguments.
 * Compacts argv in place (NULL-terminated) and returns the new argc.
 * env must have room for env_max + 1 pointers.
 */
int args_split_env(int argc, char **argv, char **env, int env_max);

#endif
