/*
 * pvboot.c - links pvboot/ (the PV boot layout kexec_load uses) into
 * this app.  kexectest is a kernel-API app without libc, so it does not
 * take library folders through a LIBS file; pvboot/ is pure C that also
 * compiles freestanding, so it is built here as one of the app's files.
 */
#include "pvboot/layout.c"
