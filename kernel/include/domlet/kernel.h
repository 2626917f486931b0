/*
 * kernel.h - every function one part of the kernel offers another, grouped
 * by the file that defines it (xv6 style), and what applications call.
 * Drivers and libc glue use only this header, never hypercalls (those are
 * arch/x86/include/arch/hypercall.h, for the kernel's own files).
 *
 * Conventions: 0 or a negative errno (domlet/errno.h); times are
 * nanoseconds of the monotonic clock; nothing here may be called from an
 * event handler unless it says so (handlers run with events masked on
 * whatever stack was interrupted, so they must not block).
 */
#ifndef DOMLET_KERNEL_H
#define DOMLET_KERNEL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <domlet/errno.h>
#include <xen/xen.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/sched.h>
#include <xen/io/xenbus.h>
#include <xen/io/xs_wire.h>

#define NORETURN      __attribute__((noreturn))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NSEC_PER_MSEC 1000000ull
#define NSEC_PER_SEC  1000000000ull

/* ---- arch/x86/setup.c ---- */
extern start_info_t *start_info;
extern shared_info_t *shared_info;
extern bool cpu_has_nx;

/* ---- arch/x86/fsbase.c: the %fs base (thread-local storage) ----
 * The kernel never uses %fs.  libc-glue points it at a thread's TLS
 * block (libc-glue/tls.c: x86-64 TLS variant II, the TCB with its self
 * pointer at %fs:0 and the stack-protector canary at %fs:0x28 that
 * glibc-built code reads).  arch_set_fs_base sets the default base: the
 * one of every thread without a base of its own (thread_set_fs_base),
 * kernel threads and the main thread.  Kept across xl save/restore.
 * 0, or a negative errno from Xen. */
int arch_set_fs_base(unsigned long base);
/* Loads t's base (0: the default) if it is not loaded already; the
 * scheduler calls it on every switch. */
void arch_load_fs_base(unsigned long base);

/* ---- arch/x86/entry.S + traps.c: memory probes that survive faults ---- */
/* 0, or -EFAULT (the fault is reported on the console and counted). */
int probe_read64(const void *addr, uint64_t *val);
int probe_write64(void *addr, uint64_t val);
/* Calls code (which must return 0 in rax); -EFAULT if fetching it
 * faults, as it does on a no-execute page. */
int probe_exec(const void *code);
extern unsigned long faults_fixed;

/* ---- arch/x86/foreign.c: for Xen's libraries in a stub domain ---- */
/*
 * Hypercall nr with args as given (libxencall's privcmd_hypercall): Xen's
 * result, a negative errno from Xen, or -EINVAL for a nr outside the
 * hypercall page.  Pointer arguments are our virtual addresses, which
 * Xen reads directly (a PV guest needs no bounce buffers).
 */
long xen_hypercall(unsigned int nr, const uint64_t args[5]);
/*
 * Maps n frames of domain dom (GFNs of a translated domain, MFNs of a
 * PV one, as its page tables name them) at fresh addresses of the map
 * area.  errs[i] gets 0 or a negative errno per frame (a failed frame
 * stays unmapped, reading it faults); returns the address, or NULL if
 * no address space or every frame failed.  Free with unmap_frames.
 * Thread context (our own domid is asked of xenstore once).
 */
void *map_foreign_frames(domid_t dom, const uint64_t *frames, unsigned int n,
			 bool writable, int *errs);
/*
 * The same for machine frames Xen handed out for dom's resources
 * (XENMEM_acquire_resource: ioreq server pages, grant-table frames),
 * which are not in dom's physmap: mapped untranslated, dom their owner.
 */
void *map_foreign_mfns(domid_t dom, const uint64_t *mfns, unsigned int n,
		       bool writable, int *errs);

/* ---- arch/x86/mm.c: frames, mappings ---- */
unsigned long pfn_to_mfn(unsigned long pfn);
unsigned long virt_to_mfn(const void *va);
void *mfn_to_virt(unsigned long mfn); /* NULL if not ours/not mapped */
/* Maps n machine frames at fresh addresses of the map area. */
void *map_frames(const unsigned long *mfns, unsigned int n, bool writable);
int unmap_frames(void *va, unsigned int n);
/* Reserves n pages of map-area address space with page tables behind
 * them but nothing mapped (for grant mappings). */
void *map_area_reserve(unsigned int n);
int page_set_present(void *va, bool present); /* direct-map guard pages */
void map_area_free(void *va, unsigned int n); /* after map_area_reserve */
#define VMEM_NONE  0u
#define VMEM_READ  1u
#define VMEM_WRITE 2u
/* Maps our own frame at va, a page of a map_area_reserve reservation,
 * read-only (VMEM_READ) or writable, never executable, or unmaps it
 * (VMEM_NONE).  0 or -EINVAL. */
int map_area_set(void *va, unsigned long mfn, unsigned int access);

/* ---- kernel/mm.c: pages and the heap ---- */
void *alloc_pages(unsigned int order); /* 2^order pages, NULL if none */
void free_pages(void *va, unsigned int order);
unsigned long free_page_count(void);
unsigned long total_page_count(void);
void *malloc(size_t size);
void *calloc(size_t n, size_t size);
void *realloc(void *ptr, size_t size);
void *memalign(size_t align, size_t size);
void free(void *ptr);
size_t heap_bytes_in_use(void);

/* ---- kernel/vmem.c: page-granular regions (big stacks, libc's mmap) ----
 * size bytes (rounded up to pages) of zeroed memory, page-aligned, in the
 * map area with guard_pages unmapped pages below it; NULL without memory
 * or address space.  Freed whole only. */
void *vmem_alloc(size_t size, unsigned int guard_pages);
int vmem_free(void *va); /* va as vmem_alloc returned it; else -EINVAL */
size_t vmem_size(const void *va); /* its mapped size; 0 if not a region */
/* Whether [va, va + len) lies inside one region, whatever its pages'
 * protection (libc's msync/mincore). */
bool vmem_contains(const void *va, size_t len);
/* Sets VMEM_NONE, VMEM_READ or VMEM_READ|VMEM_WRITE on the pages of
 * [va, va + len) (va page-aligned, inside one region): 0 or -EINVAL. */
int vmem_protect(void *va, size_t len, unsigned int access);

/* ---- kernel/console.c ---- */
void console_write(const char *s, size_t len); /* event-handler safe */
int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintk(const char *fmt, va_list ap);
void console_flush(void); /* until xenconsoled has read it all, bounded */
/*
 * Console input (what is typed at `xl console`): waits until at least one
 * byte is there or the deadline (monotonic ns, 0 = none) passes; returns
 * the bytes copied (1..len), -ETIMEDOUT, or -EIO when there is no input
 * ring (dom0) or the backend broke it.  Thread context only.
 */
long console_read(char *buf, size_t len, uint64_t deadline);

/* ---- kernel/lifecycle.c ---- */
NORETURN void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
NORETURN void domain_exit(int code); /* 0: poweroff, else crash */
NORETURN void domain_shutdown(unsigned int reason); /* SHUTDOWN_* */
/*
 * Waits for the toolstack to ask us to stop (xl shutdown / xl reboot).
 * Returns SHUTDOWN_poweroff or SHUTDOWN_reboot, or -ETIMEDOUT.  Once an
 * app has called it, the request is the app's to act on; otherwise the
 * kernel shuts the domain down itself when a request arrives.
 */
int shutdown_wait(uint64_t timeout_ns);

/* ---- kernel/suspend.c: xl save / restore / migrate ---- */
/*
 * Drivers register hooks: suspend runs in thread context before the
 * domain is suspended (unmap granted frames, stop I/O); resume runs after,
 * with `new_domain` true when we were restored (every event channel, grant
 * and backend connection is gone: reconnect) and false when the suspend
 * was cancelled (everything still stands).
 */
struct suspend_hook {
	int (*suspend)(void *arg);
	void (*resume)(void *arg, bool new_domain);
	void *arg;
	struct suspend_hook *next;
};
void suspend_hook_register(struct suspend_hook *h);
void suspend_hook_unregister(struct suspend_hook *h);
/* 0: resumed in a new domain; 1: cancelled, same domain; <0: failed. */
int domain_suspend(void);

/* ---- kernel/time.c ---- */
uint64_t monotonic_ns(void);
void wallclock(uint64_t *sec, uint32_t *nsec);
struct ktimer {
	uint64_t deadline;
	void (*fn)(void *arg); /* runs in the scheduler, must not block */
	void *arg;
	struct ktimer *next;
	bool armed;
};
void timer_arm(struct ktimer *t, uint64_t deadline, void (*fn)(void *),
	       void *arg);
void timer_cancel(struct ktimer *t);

/* ---- kernel/sched.c: cooperative threads ---- */
struct thread;
struct waitqueue {
	struct wq_entry *head;
};
#define WAITQUEUE_INIT                                                         \
	{                                                                      \
		0                                                              \
	}

struct thread *thread_create(const char *name, long (*fn)(void *), void *arg);
/* The same with a stack of at least stack_size bytes (0: the default
 * 28 KiB); beyond that a vmem region with a guard page below it. */
#define THREAD_STACK_DEFAULT (28 * 1024)
struct thread *thread_create_stack(const char *name, long (*fn)(void *),
				   void *arg, size_t stack_size);
/* t's own %fs base (0: the default, arch_set_fs_base), loaded whenever t
 * runs; set it before t first runs, or on the current thread. */
void thread_set_fs_base(struct thread *t, unsigned long base);
NORETURN void thread_exit(long code);
int thread_join(struct thread *t, long *code); /* frees t */
struct thread *current_thread(void);
const char *thread_name(const struct thread *t);
/* The unmapped page under t's stack (NULL for none). */
const void *thread_stack_guard(const struct thread *t);
void yield(void);
void schedule(void);
void sleep_until(uint64_t deadline);
void sleep_ns(uint64_t ns);
void msleep(uint64_t ms);
void wake_up(struct waitqueue *wq); /* all waiters; event-handler safe */
/* Sleeps on wq until woken or the deadline (0: none) passes; returns
 * -ETIMEDOUT on the deadline.  Callers re-check their condition. */
int wait_on(struct waitqueue *wq, uint64_t deadline);
unsigned long thread_count(void);

/*
 * Waits until cond holds; 0, or -ETIMEDOUT once `deadline` (0 = never)
 * has passed with cond still false.  It tests wait_on's result for
 * non-zero, not for a value, so the -ETIMEDOUT it returns is the caller's
 * own (libc code sees newlib's errno numbers, not the kernel's).  Events stay
 * masked from the test of cond until the thread is on the wait queue, so a
 * wake_up from an event handler cannot slip in between and be lost.
 */
#define wait_event_until(wq, cond, deadline)                                   \
	({                                                                     \
		int we_rc_ = 0;                                                \
		unsigned long we_flags_ = irq_save();                          \
		while (!(cond)) {                                              \
			if (wait_on(&(wq), (deadline)) != 0 && !(cond)) {      \
				we_rc_ = -ETIMEDOUT;                           \
				break;                                         \
			}                                                      \
		}                                                              \
		irq_restore(we_flags_);                                        \
		we_rc_;                                                        \
	})

/* Events masked (the vCPU's "interrupts off"): protects state shared with
 * event handlers.  Nests: restore what irq_save returned. */
unsigned long irq_save(void);
void irq_restore(unsigned long flags);

/* ---- kernel/events.c ---- */
typedef void (*evtchn_handler_t)(evtchn_port_t port, void *data);
int evtchn_bind_virq(uint32_t virq, evtchn_handler_t h, void *data,
		     evtchn_port_t *port);
int evtchn_alloc_unbound(domid_t remote, evtchn_handler_t h, void *data,
			 evtchn_port_t *port);
int evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port,
			    evtchn_handler_t h, void *data,
			    evtchn_port_t *port);
/* Installs a handler on a port we got elsewhere (start_info's ports). */
int evtchn_attach(evtchn_port_t port, evtchn_handler_t h, void *data);
int evtchn_close(evtchn_port_t port);
int evtchn_notify(evtchn_port_t port); /* event-handler safe */
void evtchn_mask(evtchn_port_t port);
void evtchn_unmask(evtchn_port_t port);

/* ---- kernel/gnttab.c ---- */
/* A grant reference for `mfn`, or a negative errno. */
long gnttab_grant(domid_t domid, unsigned long mfn, bool readonly);
/* 0, or -EBUSY while the other domain still has it mapped (the ref then
 * stays allocated: retry later, never reuse the page meanwhile). */
int gnttab_end(grant_ref_t ref);
unsigned int gnttab_free_count(void);
int gnttab_map(domid_t domid, grant_ref_t ref, bool readonly, void **va,
	       grant_handle_t *handle);
int gnttab_unmap(void *va, grant_handle_t handle);
/* The same at a page of a map_area_reserve()d range (contiguous
 * mappings of several grants); unmapping keeps the address reserved. */
int gnttab_map_at(domid_t domid, grant_ref_t ref, bool readonly, void *va,
		  grant_handle_t *handle);
int gnttab_unmap_at(void *va, grant_handle_t handle);

/* ---- kernel/xenbus.c: the xenstore client (xenstored is untrusted) ---- */
typedef uint32_t xbt_t; /* transaction id; XBT_NIL outside one */
#define XBT_NIL 0u
/* Value of path into buf (NUL-terminated); returns its length. */
int xenbus_read(xbt_t t, const char *path, char *buf, size_t size);
int xenbus_read_ulong(xbt_t t, const char *path, unsigned long *val);
int xenbus_write(xbt_t t, const char *path, const char *value);
int xenbus_printf(xbt_t t, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int xenbus_mkdir(xbt_t t, const char *path);
int xenbus_rm(xbt_t t, const char *path);
/* Children of path: names point into buf; returns the count. */
int xenbus_ls(xbt_t t, const char *path, char *buf, size_t size,
	      const char **names, unsigned int max);
struct xs_perm;
int xenbus_get_perms(xbt_t t, const char *path, struct xs_perm *perms,
		     unsigned int max);
int xenbus_set_perms(xbt_t t, const char *path, const struct xs_perm *perms,
		     unsigned int n);
int xenbus_transaction_start(xbt_t *t);
int xenbus_transaction_end(xbt_t t, bool abort); /* -EAGAIN: retry */
/* Runs fn inside a transaction, retrying on -EAGAIN (a bounded number of
 * times); fn returns 0 to commit or an error to abort. */
int xenbus_transaction(int (*fn)(xbt_t t, void *arg), void *arg);

struct xenbus_watch {
	const char *path;
	void (*cb)(struct xenbus_watch *w, const char *path); /* thread ctx */
	void *arg;
	struct xenbus_watch *next;
	char token[24];
};
int xenbus_watch(struct xenbus_watch *w);
int xenbus_unwatch(struct xenbus_watch *w);

/* Frontend state machine helpers. */
int xenbus_switch_state(const char *dir, XenbusState state);
/* Waits (watching dir/state) until it is `want`, or the deadline; returns
 * 0, -ETIMEDOUT, or -ENODEV if the node disappears.  *seen gets the last
 * state read. */
int xenbus_wait_state(const char *dir, XenbusState want, uint64_t deadline,
		      XenbusState *seen);
domid_t xenbus_domid(void);

/* ---- arch/x86/kexec.c: hand this domain over to another PV kernel ---- */
/*
 * kexec_load lays the new kernel out as Xen's PV domain builder would
 * (pvboot/pvboot.h): its segments, module, p2m list, start_info and boot
 * page tables in pages taken from the page pool.  Reversible: -ENOMEM
 * ("needs N MiB, the domain has M") or -EINVAL, with a message on the
 * console, and nothing changed.  Thread context.
 */
struct kexec_segment {
	uint64_t vaddr;
	const void *data;
	uint64_t filesz, memsz;
};
struct kexec_image {
	uint64_t virt_base;	 /* XEN_ELFNOTE_VIRT_BASE (resolved) */
	uint64_t entry;		 /* virtual entry point */
	uint64_t hypercall_page; /* virtual, inside a segment; 0: none */
	/* vaddr >= virt_base, sorted, not overlapping */
	const struct kexec_segment *segs;
	unsigned int nsegs;
	const void *module;  /* initrd(s) concatenated */
	uint64_t module_len; /* 0: none */
	const char *cmdline; /* <= MAX_GUEST_CMDLINE-1 bytes */
	bool mod_start_pfn;  /* XEN_ELFNOTE_MOD_START_PFN (the module is
				mapped anyway, which is always valid) */
};
int kexec_load(const struct kexec_image *img);
void kexec_unload(void); /* gives the memory of a kexec_load back */
bool kexec_is_loaded(void);
/* kernel/mm.c: kexec's use of big malloc blocks (2 MiB and more) in
 * place, as of kexec buffers: true (and the block marked lent, so freeing
 * it unloads the kernel) if p starts a page of a live big block. */
bool mm_big_lend(const void *p);
void mm_big_unlend_all(void); /* kexec_unload: nothing is lent any more */
/*
 * The point of no return: the caller has closed its block/net devices,
 * ended its grants and unmapped every grant it mapped.  Drops our
 * xenstore watches, closes every event channel but the console's and
 * xenstore's (VIRQs with them), masks events, stops timers, flushes the
 * console, rewrites p2m/m2p, switches page tables and jumps.  Returns
 * (-EINVAL, with a message) only on failure before anything changed.
 */
int kexec_exec(void);
/*
 * A virtually contiguous buffer of len bytes for kernel segments and
 * modules, which outgrow the heap's largest block (4 MiB): pool pages
 * mapped together in the map area.  NULL if memory or address space
 * (1 GiB in all) runs out.  Free with the same len.  kexec_load uses
 * every whole page of segment/module data held in such a buffer in
 * place (same offset in the page as in the kernel's layout, as an ELF
 * file's segments are), without copying or writing it: such a buffer
 * belongs to the loaded kernel until kexec_unload (freeing it earlier
 * unloads the kernel).
 */
void *kexec_buffer_alloc(size_t len);
void kexec_buffer_free(void *buf, size_t len);

/* ---- the application ---- */
int main(int argc, char **argv);

#endif
