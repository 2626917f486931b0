/*
 * qemu-dm.h - what the QEMU device-model stub domain's glue offers the
 * QEMU linked into it, and what it expects from QEMU.
 *
 * main.c does libxl's side of the start-up (README.md): it finds the
 * target guest, reads and checks libxl's dm-argv, maps it onto QEMU's
 * argv in this domain (dmargv/dmargv.h) and calls qemu_dm_run.
 */
#ifndef STUBDOMS_QEMU_DM_H
#define STUBDOMS_QEMU_DM_H

/*
 * QEMU's entry: runs QEMU with argv (argv[0] is the program name,
 * argv[argc] NULL) until it exits; returns its exit status.  QEMU 7.2's
 * softmmu/main.c is qemu_init(argc, argv, envp); qemu_main_loop();
 * qemu_cleanup(); the QEMU port provides this function around them.
 * Until it is linked, noqemu.c's weak fallback says so and fails.
 */
int qemu_dm_run(int argc, char **argv);

/*
 * Tells libxl how the device model stands: writes `state` to
 * /local/domain/<self>/device-model/<target>/state, where libxl waits
 * (30 s, LIBXL_STUBDOM_START_TIMEOUT) for "running".  QEMU 7.2 writes
 * "running" there itself once its machine runs (accel/xen/xen-all.c,
 * a path relative to its own domain's home, through libxenstore's
 * xs_write); this hook is for the glue and for a QEMU that does not.
 * 0 or a negative errno (the libc's numbers).
 */
int qemu_dm_signal_state(const char *state);

/*
 * The fd of the stub domain's console n as /dev/hvcN (1: save stream
 * out, 2: restore stream in, 3..: the guest's serial ports), opened by
 * main before qemu_dm_run; -1 for none.  main maps libxl's restore
 * placeholder to fd:<console 2> and gives QEMU console 1, opened once
 * more write-only, as fd set 1 (-add-fd), where libxl's
 * xen-save-devices-state writes.
 */
int qemu_dm_console_fd(unsigned int n);

/*
 * Waits (bounded, libc-glue's hvc fsync) until console 1's backend has
 * taken all of the saved state QEMU wrote; qmp.c calls it before it
 * passes any QEMU answer on to libxl, which reads the save file as soon
 * as xen-save-devices-state has answered.  Nothing to do: returns at
 * once.
 */
void qemu_dm_save_drain(void);

/*
 * QMP (qmp.c): QEMU's monitor listens on 127.0.0.1:QMP_PORT (lwIP's
 * loopback; QMP_CHARDEV is the -chardev main adds), and
 * qmp_bridge_start's thread serves it to libxl as the vchan at
 * device-model/<target>/qmp-vchan, a session per vchan connection.
 * 0 or a negative errno.
 */
#define QMP_PORT    4444
#define QMP_STR_(x) #x
#define QMP_STR(x)  QMP_STR_(x)
#define QMP_CHARDEV                                                            \
	"socket,id=libxl-cmd,host=127.0.0.1,port=" QMP_STR(                    \
	    QMP_PORT) ",server=on,wait=off"
int qmp_bridge_start(unsigned int target);

/* The guest this device model serves (valid once main has found it). */
unsigned int qemu_dm_target(void);

#endif
