/*
 * domlet_app.h - what a libc app may ask of the domain besides POSIX.
 */
#ifndef LIBC_GLUE_DOMLET_APP_H
#define LIBC_GLUE_DOMLET_APP_H

/*
 * Waits up to timeout_s seconds (<= 0: for ever) for the toolstack to
 * ask the domain to stop (`xl shutdown`, `xl reboot`); returns 0 once it
 * has (the app then finishes and exits), or -1 with errno ETIMEDOUT.
 * Once called, such a request is the app's to act on: the kernel no
 * longer stops the domain by itself.
 */
int app_wait_stop(int timeout_s);

#endif
