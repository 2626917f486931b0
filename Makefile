# domlet - build, test and run.  Every output goes under build/.
#
#   make                    every app image: build/apps/NAME/NAME.elf
#   make test               everything (installs what is missing first)
#   make run APP=NAME       boot an app (Xen host if `xl info` works, else the rig)
#   make bench              benchmarks, as ratios against a reference
#   make unit               host unit tests and bounded fuzzing only
#   make rig | deps | format-check | clean
#   make install            pvgrub into Xen's boot directory (DESTDIR, XEN_BOOT_DIR)

BUILD   := build
CC      := gcc
LD      := ld
XEN_INC := $(BUILD)/xen-include

KCFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-ffreestanding -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-Ikernel/include -Ikernel/include/freestanding -Iarch/x86/include -I$(XEN_INC) -I. \
	-D__XEN_INTERFACE_VERSION__=0x00040d00 \
	-mno-red-zone -mcmodel=kernel -fno-pie -fno-pic -mgeneral-regs-only \
	-fno-omit-frame-pointer -fstack-protector-strong -mstack-protector-guard=global \
	-ffunction-sections -fdata-sections -fno-common \
	-fno-asynchronous-unwind-tables -fno-stack-clash-protection -MMD -MP
KLDFLAGS := -nostdlib -static -z max-page-size=4096 -z noexecstack \
	--gc-sections -T arch/x86/domlet.lds

# Drivers link into every image; --gc-sections drops them from apps that
# do not call them.
KSRCS := $(wildcard arch/x86/*.S arch/x86/*.c kernel/*.c kernel/lib/*.c \
	blkfront/*.c netfront/*.c tpmback/*.c tpmfront/*.c consfront/*.c)
KOBJS := $(patsubst %,$(BUILD)/obj/%.o,$(KSRCS))
# An app is apps/NAME/ or, for stub domains, stubdoms/NAME/ (STYLE.md 12:
# a stub domain is an app); both build build/apps/NAME/NAME.elf.
APPS  := $(patsubst apps/%/main.c,%,$(wildcard apps/*/main.c))
STUBDOMS := $(patsubst stubdoms/%/main.c,%,$(wildcard stubdoms/*/main.c))
$(foreach a,$(APPS),$(eval $(a)_DIR := apps/$(a)))
$(foreach a,$(STUBDOMS),$(eval $(a)_DIR := stubdoms/$(a)))
APPS  += $(STUBDOMS)
IMAGES := $(foreach a,$(APPS),$(BUILD)/apps/$(a)/$(a).elf)

.PHONY: all test unit run bench rig deps format-check clean
.SECONDARY:

all: $(QEMU_STAMP) $(IMAGES)

$(XEN_INC)/xen:
	@test -f /usr/include/xen/xen.h || { echo "Xen headers missing: run 'make deps' (libxen-dev)"; exit 1; }
	@mkdir -p $(XEN_INC) && ln -sfn /usr/include/xen $@

$(BUILD)/obj/%.c.o: %.c Makefile | $(XEN_INC)/xen
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(KCFLAGS) -c -o $@ $<

$(BUILD)/obj/%.S.o: %.S Makefile | $(XEN_INC)/xen
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(KCFLAGS) -D__ASSEMBLER__ -D__ASSEMBLY__ -c -o $@ $<

# Two links: the first gives the text addresses, tools/mksyms turns them
# into a symbol table that the second link places after the text, so no
# text address moves; the rule checks that.
define APP_RULES
$(1)_OBJS := $$(patsubst %,$(BUILD)/obj/%.o,$$(wildcard $($(1)_DIR)/*.c))
$(BUILD)/apps/$(1)/pass1.elf: $$(KOBJS) $$($(1)_OBJS) arch/x86/domlet.lds
	@mkdir -p $$(dir $$@)
	@echo "  LD      $$@"
	@$(LD) $(KLDFLAGS) -o $$@ $$(KOBJS) $$($(1)_OBJS)
$(BUILD)/apps/$(1)/ksyms.S: $(BUILD)/apps/$(1)/pass1.elf tools/mksyms
	@tools/mksyms $$< > $$@
$(BUILD)/apps/$(1)/$(1).debug.elf: $(BUILD)/apps/$(1)/ksyms.S
	@$(CC) -c -o $(BUILD)/apps/$(1)/ksyms.o $$<
	@echo "  LD      $$@"
	@$(LD) $(KLDFLAGS) -o $$@ $$(KOBJS) $$($(1)_OBJS) $(BUILD)/apps/$(1)/ksyms.o
	@tools/mksyms $$@ | cmp -s - $$< || { echo "$$@: text moved between links"; exit 1; }
$(BUILD)/apps/$(1)/$(1).elf: $(BUILD)/apps/$(1)/$(1).debug.elf
	@echo "  STRIP   $$@"
	@strip -o $$@ $$<
endef
$(foreach a,$(APPS),$(eval $(call APP_RULES,$(a))))

# ---- libc-glue ----
# newlib 3.3.0 and libc-glue/ for apps that opt in with an empty file
# apps/NAME/USES_LIBC: their .c files compile against newlib's headers
# (with SSE, without the kernel's freestanding headers) and the image
# links libc-glue + newlib's libc.a and libm.a after the kernel.  Other
# apps build exactly as before.
#
# newlib is unpacked, configured and built once under build/newlib
# (stamp files; progress on stdout, logs beside them).  The source comes
# from Debian's newlib-source (/usr/src/newlib), else from
# `apt-get download newlib-source` into build/newlib/deb, nothing
# installed.  Its malloc is compiled out (-DMALLOC_PROVIDED): malloc/free
# are the kernel heap's (kernel/mm.c) and the glue supplies the _r
# variants, so there is one heap.  __DYNAMIC_REENT__ gives each pthread
# its own errno; retargetable locks and global stdio streams let threads
# share stdout.  Changing NEWLIB_CFG rebuilds it (build/newlib/config).
NEWLIB_DIR    := $(BUILD)/newlib
NEWLIB_TAR    := /usr/src/newlib/newlib-3.3.0.tar.xz
NEWLIB_PREFIX := $(NEWLIB_DIR)/install
NEWLIB_INC    := $(NEWLIB_PREFIX)/x86_64-xen-elf/include
NEWLIB_LIBS   := $(NEWLIB_PREFIX)/x86_64-xen-elf/lib/libc.a \
	$(NEWLIB_PREFIX)/x86_64-xen-elf/lib/libm.a
NEWLIB_STAMP  := $(NEWLIB_DIR)/.installed
GCC_INC       := $(shell $(CC) -print-file-name=include)
# Code that runs in the kernel's address space and stack discipline, as
# the kernel's own (no red zone: Xen pushes exception frames on our
# stack; -mcmodel=kernel: we live in the top 2 GiB), but with SSE.
LIBC_TARGET_CFLAGS := -mno-red-zone -mcmodel=kernel -fno-pie -fno-pic \
	-U__linux__ -nostdinc -fstack-protector-strong \
	-mstack-protector-guard=global -ffunction-sections -fdata-sections \
	-fno-asynchronous-unwind-tables -D__DYNAMIC_REENT__
NEWLIB_CFG := --target=x86_64-xen-elf --disable-multilib \
	--enable-newlib-io-long-long --enable-newlib-io-c99-formats \
	--enable-newlib-retargetable-locking \
	--enable-newlib-reent-global-stdio-streams \
	--disable-newlib-supplied-syscalls \
	CFLAGS_FOR_TARGET="-O2 -g $(LIBC_TARGET_CFLAGS) -isystem $(GCC_INC) \
	-DMALLOC_PROVIDED -DHAVE_FCNTL"
# The generic newlib target declares neither pthreads nor clock_gettime;
# the glue implements them, so libc code sees their declarations.
LIBC_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror $(LIBC_TARGET_CFLAGS) \
	-isystem libc-glue/include -isystem $(NEWLIB_INC) -isystem $(GCC_INC) \
	-fno-omit-frame-pointer \
	-fno-common -fno-stack-clash-protection -D_POSIX_THREADS=1 \
	-D_POSIX_TIMERS=1 -D_POSIX_MONOTONIC_CLOCK=200112L \
	-D_UNIX98_THREAD_MUTEX_ATTRIBUTES=1 -DFD_SETSIZE=256 -MMD -MP
# lwIP 2.1.3 (Debian's `lwip` source package) under build/lwip: the
# source is fetched with `apt-get source --download-only lwip` (needs a
# deb-src line; tools/deps adds one) and unpacked with
# `dpkg-source -x --skip-patches`: Debian's patches only serve its Hurd
# port (sockets.c would then need the Hurd's *_SOCKADDR_*_LEN macros).
# The port (arch/cc.h, lwipopts.h, sys_arch.c, the netfront netif) is
# libc-glue/lwip/; apps see lwIP's headers behind the POSIX ones in
# libc-glue/include/ (sys/socket.h, netdb.h, ...).  Each lwIP file is
# one object, rebuilt when lwipopts.h or the port headers change; they
# go into build/lwip/liblwip.a, linked only into USES_LIBC apps.
LWIP_DIR  := $(BUILD)/lwip
LWIP_SRC  := $(LWIP_DIR)/src/src
LWIP_FILES := core/init core/def core/dns core/inet_chksum core/ip core/mem \
	core/memp core/netif core/pbuf core/raw core/stats core/sys core/tcp \
	core/tcp_in core/tcp_out core/timeouts core/udp core/ipv4/dhcp \
	core/ipv4/etharp core/ipv4/icmp core/ipv4/igmp core/ipv4/ip4_frag \
	core/ipv4/ip4 core/ipv4/ip4_addr core/ipv6/ethip6 core/ipv6/icmp6 \
	core/ipv6/inet6 core/ipv6/ip6 core/ipv6/ip6_addr core/ipv6/ip6_frag \
	core/ipv6/mld6 core/ipv6/nd6 api/api_lib api/api_msg api/err \
	api/if_api api/netbuf api/netdb api/netifapi api/sockets api/tcpip \
	netif/ethernet
LWIP_OBJS := $(patsubst %,$(LWIP_DIR)/obj/%.o,$(LWIP_FILES))
LWIP_LIB  := $(LWIP_DIR)/liblwip.a
LWIP_PORT_HDRS := $(wildcard libc-glue/lwip/*.h libc-glue/lwip/arch/*.h)
LIBC_CFLAGS += -isystem libc-glue/lwip -isystem $(LWIP_SRC)/include

$(LWIP_DIR)/.downloaded:
	@echo "  LWIP    apt-get source --download-only lwip (into $(LWIP_DIR)/dl)"
	@rm -rf $(LWIP_DIR)/dl && mkdir -p $(LWIP_DIR)/dl
	@cd $(LWIP_DIR)/dl && apt-get source --download-only lwip \
		>../download.log 2>&1 || { tail -n 5 ../download.log; \
		echo "  LWIP    download failed: run tools/deps (it adds a deb-src line)"; exit 1; }
	@touch $@

$(LWIP_DIR)/.unpacked: $(LWIP_DIR)/.downloaded
	@echo "  LWIP    unpack $$(cd $(LWIP_DIR)/dl && ls lwip_*.dsc) without Debian's patches"
	@rm -rf $(LWIP_DIR)/src
	@dpkg-source -x --skip-patches $(LWIP_DIR)/dl/lwip_*.dsc $(LWIP_DIR)/src \
		>$(LWIP_DIR)/unpack.log 2>&1 || { tail -n 5 $(LWIP_DIR)/unpack.log; exit 1; }
	@grep -qE 'LWIP_VERSION_MINOR +1\b' $(LWIP_SRC)/include/lwip/init.h || \
		{ echo "  LWIP    not lwIP 2.1.x"; exit 1; }
	@touch $@

# lwIP's own code: its warnings are not ours to fix, so no -Werror.
LWIP_CFLAGS := $(filter-out -Werror -Wextra -MMD -MP,$(LIBC_CFLAGS)) -w
$(LWIP_SRC)/%.c: $(LWIP_DIR)/.unpacked ;
$(LWIP_DIR)/obj/%.o: $(LWIP_SRC)/%.c $(LWIP_PORT_HDRS) Makefile | $(NEWLIB_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      lwip/$*.c"
	@$(CC) $(LWIP_CFLAGS) -c -o $@ $<
$(LWIP_LIB): $(LWIP_OBJS)
	@echo "  AR      $@"
	@rm -f $@ && ar rcs $@ $^

lwip: $(LWIP_LIB)
.PHONY: lwip

# The glue also sees the kernel API (through libc-glue/kapi.h).
GLUE_CFLAGS := $(LIBC_CFLAGS) -Ikernel/include -I$(XEN_INC) -I. \
	-D__XEN_INTERFACE_VERSION__=0x00040d00
GLUE_OBJS   := $(patsubst %,$(BUILD)/obj/%.o,$(wildcard libc-glue/*.c \
	libc-glue/lwip/*.c))
LIBC_APPS   := $(patsubst apps/%/USES_LIBC,%,$(wildcard apps/*/USES_LIBC)) \
	$(patsubst stubdoms/%/USES_LIBC,%,$(wildcard stubdoms/*/USES_LIBC))

# Rewritten only when the configuration changes, so the stamps below stay
# valid across runs.
$(shell mkdir -p $(NEWLIB_DIR); echo '$(NEWLIB_CFG)' | cmp -s - \
	$(NEWLIB_DIR)/config || echo '$(NEWLIB_CFG)' > $(NEWLIB_DIR)/config)

$(NEWLIB_DIR)/.unpacked:
	@echo "  NEWLIB  unpack newlib 3.3.0 into $(NEWLIB_DIR)"
	@rm -rf $(NEWLIB_DIR)/newlib-salsa
	@tar=$(NEWLIB_TAR); if [ ! -f $$tar ]; then \
		echo "  NEWLIB  $$tar missing: apt-get download newlib-source"; \
		mkdir -p $(NEWLIB_DIR)/deb && cd $(NEWLIB_DIR)/deb && \
		apt-get download newlib-source >/dev/null && \
		dpkg -x newlib-source_*.deb . && cd - >/dev/null && \
		tar=$(NEWLIB_DIR)/deb/usr/src/newlib/newlib-3.3.0.tar.xz; fi; \
		tar -C $(NEWLIB_DIR) -xf $$tar
	@touch $@

$(NEWLIB_DIR)/.configured: $(NEWLIB_DIR)/.unpacked $(NEWLIB_DIR)/config
	@echo "  NEWLIB  configure (log $(NEWLIB_DIR)/configure.log)"
	@rm -rf $(NEWLIB_DIR)/obj && mkdir -p $(NEWLIB_DIR)/obj
	@cd $(NEWLIB_DIR)/obj && ../newlib-salsa/configure \
		--prefix=$(abspath $(NEWLIB_PREFIX)) $(NEWLIB_CFG) \
		CC_FOR_TARGET=$(CC) AR_FOR_TARGET=ar AS_FOR_TARGET=as \
		LD_FOR_TARGET=ld NM_FOR_TARGET=nm RANLIB_FOR_TARGET=ranlib \
		>../configure.log 2>&1 || { tail -n 20 ../configure.log; exit 1; }
	@touch $@

# A fresh make (MAKEFLAGS cleared) so our variables and -j do not leak
# into newlib's build; only newlib itself, not libgloss.  newlib 3.3's
# libc/Makefile can run its libc.a rule twice at once under -j (both
# share a tmp/ directory); if the parallel build fails, a serial pass
# finishes it from where it stopped (every object is already built), and
# a real compile error fails that pass too.
NEWLIB_MAKE := MAKEFLAGS= $(MAKE) -C $(NEWLIB_DIR)/obj
$(NEWLIB_STAMP): $(NEWLIB_DIR)/.configured
	@echo "  NEWLIB  build with make -j$(shell nproc) (a minute or two; log $(NEWLIB_DIR)/build.log)"
	@start=$$(date +%s); log=$(NEWLIB_DIR)/build.log; \
	{ $(NEWLIB_MAKE) -j$(shell nproc) all-target-newlib >$$log 2>&1 || \
	  { echo "  NEWLIB  parallel build stopped, finishing serially"; \
	    $(NEWLIB_MAKE) all-target-newlib >>$$log 2>&1; }; } && \
	$(NEWLIB_MAKE) install-target-newlib >>$$log 2>&1 || \
		{ tail -n 30 $$log; exit 1; }; \
	echo "  NEWLIB  built and installed in $$(( $$(date +%s) - start ))s"
	@touch $@

newlib: $(NEWLIB_STAMP)
.PHONY: newlib

# More specific than $(BUILD)/obj/%.c.o (shorter stem), so these win.
$(BUILD)/obj/libc-glue/%.c.o: libc-glue/%.c Makefile | $(NEWLIB_STAMP) $(XEN_INC)/xen \
	$(LWIP_DIR)/.unpacked
	@mkdir -p $(dir $@)
	@echo "  CC      $< (libc)"
	@$(CC) $(GLUE_CFLAGS) -c -o $@ $<

# ---- ports ----
# Third-party libraries built for domlet by tools/port from ports/NAME/
# (STYLE.md 11).  PORT_STAMPS: what must exist before library and app code
# compiles; PORT_INCS: their include flags (each port's PORT_INCDIRS
# under its install dir, "include" unless its recipe names others, as
# glib's does); PORT_LIBS_NAME: one port's archives, linked into the apps
# that list NAME in their PORTS file.
#
# tools/port gets the libc code's flags (LIBC_CFLAGS without warnings or
# dependency files: their code, not ours) with every include directory
# made absolute, as it compiles inside each package's source tree.  They
# are written to $(BUILD)/ports/flags only when they change, so a change
# rebuilds the ports and nothing else does.
# PORTS_PENDING: recipes not built by make yet, while a port is being
# brought up (build it by hand with tools/port NAME).  Empty: QEMU
# (ports/qemu) builds with the rest since 2026-12-06.
PORTS_PENDING :=
PORT_DIRS := $(filter-out $(PORTS_PENDING),$(patsubst ports/%/recipe,%,$(wildcard ports/*/recipe)))
PORT_STAMPS := $(foreach p,$(PORT_DIRS),$(BUILD)/ports/$(p)/.stamp)
# QEMU (ports/qemu, ~500 s of a cold build, after glib and pcre2) is
# wanted only by the apps whose PORTS file names it (stubdoms/qemu-dm):
# other code compiles without waiting for it, and `all` starts its chain
# first, so that the other ports and the apps build beside it instead of
# after it (a cold `make` was one long QEMU build at its end).
QEMU_STAMP := $(filter $(BUILD)/ports/qemu/.stamp,$(PORT_STAMPS))
PORT_STAMPS_NOQEMU := $(filter-out $(QEMU_STAMP),$(PORT_STAMPS))
# The stamps an app's objects and link wait for, given its ports (its
# PORTS file): all but QEMU's, unless they name qemu.
port_stamps_for = $(if $(filter qemu,$(1)),$(PORT_STAMPS),$(PORT_STAMPS_NOQEMU))
PORT_INCS := $(foreach p,$(PORT_DIRS),$(foreach d,$(shell tools/port \
	--incdirs $(p)),-isystem $(BUILD)/ports/$(p)/install/$(d)))
port_abs = $(if $(filter -isystem=%,$(1)),-isystem $(abspath $(patsubst -isystem=%,%,$(1))),$(1))
PORT_CFLAGS := $(foreach w,$(subst -isystem ,-isystem=,$(filter-out \
	-Werror -Wall -Wextra -MMD -MP,$(LIBC_CFLAGS))),$(call port_abs,$(w)))
# Archives a recipe names in PORT_WHOLE (QEMU's: its types register from
# constructors, which nothing else references) link --whole-archive.
$(foreach p,$(PORT_DIRS),$(eval PORT_WHOLE_$(p) := $(shell tools/port --whole $(p))))
port_lib = $(if $(filter $(2),$(PORT_WHOLE_$(1))),--whole-archive \
	$(BUILD)/ports/$(1)/install/lib/$(2) --no-whole-archive,$(BUILD)/ports/$(1)/install/lib/$(2))
$(foreach p,$(PORT_DIRS),$(eval PORT_LIBS_$(p) := $(foreach l,$(shell \
	tools/port --libs $(p)),$(call port_lib,$(p),$(l)))))
$(shell mkdir -p $(BUILD)/ports; echo '$(CC) $(PORT_CFLAGS)' | cmp -s - \
	$(BUILD)/ports/flags || echo '$(CC) $(PORT_CFLAGS)' > $(BUILD)/ports/flags)

# A port built against others (PORT_DEPS in its recipe: glib on pcre2)
# is rebuilt after them.
# Files of our tree a recipe reads (PORT_INPUTS: xen-libs compiles
# xenlibs/ctrl and installs xenlibs/shim's xenctrl.h) rebuild it too.
$(foreach p,$(PORT_DIRS),$(eval PORT_DEPS_$(p) := $(shell tools/port --deps $(p))))
$(foreach p,$(PORT_DIRS),$(eval PORT_INPUTS_$(p) := $(shell tools/port --inputs $(p))))
define PORT_RULE
$(BUILD)/ports/$(1)/.stamp: ports/$(1)/recipe $(wildcard ports/$(1)/patches/*.patch) \
	$(BUILD)/ports/flags $(foreach d,$(PORT_DEPS_$(1)),$(BUILD)/ports/$(d)/.stamp) \
	$(PORT_INPUTS_$(1)) | $(NEWLIB_STAMP)
	@PORT_CC='$(CC)' PORT_CFLAGS='$(PORT_CFLAGS)' tools/port $(1)
endef
$(foreach p,$(PORT_DIRS),$(eval $(call PORT_RULE,$(p))))

# A port whose configure links test programs (QEMU's meson: function
# checks) links them as an app image is linked (`make port-link`), so a
# function counts as present only when the kernel, libc-glue, lwIP or
# newlib has it, never the host's libc; PORT_LINKED names such ports
# (their recipes say PORT_LINKCHECKS=yes).  Their stamps follow those
# objects so that the objects exist before the configure links against
# them; make then re-runs tools/port, whose hash covers libc-glue's
# headers and the global symbols the objects define: a header or a
# function the glue gains or loses rebuilds the port (configure
# included), a changed function body only touches the stamp.
PORT_LINKED := qemu glib
$(foreach p,$(filter $(PORT_LINKED),$(PORT_DIRS)),$(eval \
	$(BUILD)/ports/$(p)/.stamp: $(KOBJS) $(GLUE_OBJS) $(LWIP_LIB)))
PORT_LINK := -nostdlib -static -Wl,-z,max-page-size=4096 -Wl,-z,noexecstack \
	-Wl,--gc-sections \
	-Wl,-T,$(abspath arch/x86/domlet.lds) $(abspath $(KOBJS)) \
	-Wl,--wrap=main $(abspath $(GLUE_OBJS)) -Wl,--start-group \
	$(abspath $(LWIP_LIB) $(NEWLIB_LIBS)) -Wl,--end-group
port-link:
	@echo '$(PORT_LINK)'

ports: $(PORT_STAMPS)
# tools/port asks for the flags when run by hand.
port-cc:
	@echo '$(CC)'
port-cflags:
	@echo '$(PORT_CFLAGS)'
.PHONY: ports port-cc port-cflags port-link

# apps/decomptest's streams (tests/boot/decomp), made at build time by
# each format's CLI and .incbin'd by its main.c (dependency files do not
# see .incbin, hence the explicit prerequisite).
$(BUILD)/decomptest/.made: apps/decomptest/mkblobs
	@echo "  GEN     $(dir $@) (apps/decomptest/mkblobs)"
	@apps/decomptest/mkblobs $(dir $@) && touch $@
$(BUILD)/obj/apps/decomptest/main.c.o: $(BUILD)/decomptest/.made
# ---- end ports ----
# ---- library folders ----
# Pure libraries beside the drivers (disk/, fs/, ...; STYLE.md 12): libc
# code, compiled with newlib's headers for the apps that list them in
# their LIBS file, and unchanged on the host by tests/unit and tests/fuzz.
# They include each other's headers from the tree's root ("fs/fs.h").
LIBDIRS := disk fs bootcfg kload decomp pvboot vtpmstate tpm2 dmargv
LIB_CFLAGS := -I. $(PORT_INCS) -isystem $(BUILD)/libtpms-include # tpm2: below
# A stub domain drives the machine (blkfront, kexec, console input), so
# its own files also see the kernel API, as libc-glue does (kapi.h: the
# kernel's errnos are Linux numbers, kerr() translates them).
STUBDOM_CFLAGS := -Ikernel/include -I$(XEN_INC) -D__XEN_INTERFACE_VERSION__=0x00040d00
$(foreach d,$(LIBDIRS),$(eval $(BUILD)/obj/$(d)/%.c.o: $(d)/%.c Makefile \
	| $(NEWLIB_STAMP) $(PORT_STAMPS_NOQEMU) ; @mkdir -p $$(dir $$@) && \
	echo "  CC      $$< (lib)" && $(CC) $(LIBC_CFLAGS) $(LIB_CFLAGS) -c -o $$@ $$<))

# ---- xenlibs ----
# xenlibs/: our domlet backends of Xen's client libraries (the xen-libs
# port; issue #11).  Library-folder code that also sees the kernel API
# (as libc-glue does) and Xen's tools headers, private ones included;
# xenlibs/shim stands in for the few headers domlet lacks.  An app lists
# xenlibs in LIBS and xen-libs in PORTS.
XENLIBS_CFLAGS := -I. -Ixenlibs/shim -Ikernel/include \
	-isystem $(BUILD)/ports/xen-libs/install/include -D__XEN_TOOLS__
$(BUILD)/obj/xenlibs/%.c.o: xenlibs/%.c Makefile | $(NEWLIB_STAMP) $(PORT_STAMPS_NOQEMU)
	@mkdir -p $(dir $@)
	@echo "  CC      $< (xenlibs)"
	@$(CC) $(LIBC_CFLAGS) $(XENLIBS_CFLAGS) -c -o $@ $<
# ---- end xenlibs ----

# ---- tpm2 (libtpms) ----
# tpm2/ wraps Debian's prebuilt libtpms.a (libtpms-dev; its source
# package cannot be fetched here).  Its headers are seen through a
# symlink (not -I/usr/include, which would bring glibc's headers in), and
# an app that lists tpm2 in its LIBS links the archive in the group with
# the ports (it calls OpenSSL's libcrypto: PORTS openssl) and newlib.  Its
# glibc ABI comes from libc-glue/glibc_abi.c.  LIBDIR_LIBS_NAME: archives
# a library folder brings into the link.
LIBTPMS_A   := /usr/lib/x86_64-linux-gnu/libtpms.a
# (LIB_CFLAGS above names LIBTPMS_INC, as the rules are made before here.)
LIBTPMS_INC := $(BUILD)/libtpms-include
# --no-relax: libtpms.a is PIC; ld cannot turn some of its GOT loads
# into absolute ones at our top-2-GiB addresses ("failed to convert
# GOTPCREL relocation"), so they stay GOT loads (.got, filled at link).
LIBDIR_LIBS_tpm2 := --no-relax $(LIBTPMS_A)
$(LIBTPMS_INC)/libtpms:
	@test -f /usr/include/libtpms/tpm_library.h -a -f $(LIBTPMS_A) || \
		{ echo "libtpms missing: run 'make deps' (libtpms-dev)"; exit 1; }
	@mkdir -p $(LIBTPMS_INC) && ln -sfn /usr/include/libtpms $@
$(patsubst %,$(BUILD)/obj/%.o,$(wildcard tpm2/*.c)): | $(LIBTPMS_INC)/libtpms
# ---- end tpm2 ----

define LIBC_APP_RULES
$(1)_PORTS := $$(shell cat $($(1)_DIR)/PORTS 2>/dev/null)
$(BUILD)/obj/$($(1)_DIR)/%.c.o: $($(1)_DIR)/%.c Makefile | $(NEWLIB_STAMP) \
	$(LWIP_DIR)/.unpacked $$(call port_stamps_for,$$($(1)_PORTS))
	@mkdir -p $$(dir $$@)
	@echo "  CC      $$< (libc)"
	@$(CC) $(LIBC_CFLAGS) $(LIB_CFLAGS) $(if $(filter stubdoms/%,$($(1)_DIR)),$(STUBDOM_CFLAGS)) -c -o $$@ $$<
# Library folders the app names in its LIBS file (one line of folder
# names) and ports in its PORTS file (tools/port; their archives go into
# the group with newlib, so they may call libc and each other).
$(1)_LIBOBJS := $$(foreach d,$$(shell cat $($(1)_DIR)/LIBS 2>/dev/null),\
	$$(patsubst %,$(BUILD)/obj/%.o,$$(wildcard $$(d)/*.c)))
$(1)_PORTLIBS := $$(foreach p,$$($(1)_PORTS),$$(PORT_LIBS_$$(p))) $$(foreach d,$$(shell cat $($(1)_DIR)/LIBS \
	2>/dev/null),$$(LIBDIR_LIBS_$$(d)))
# The link lines of APP_RULES expand $(1)_OBJS when they run.  --wrap
# routes the kernel's call of main() through libc-glue/process.c.
$(1)_OBJS += $$($(1)_LIBOBJS) --wrap=main $(GLUE_OBJS) --start-group \
	$(LWIP_LIB) $$($(1)_PORTLIBS) $(NEWLIB_LIBS) --end-group
$(BUILD)/apps/$(1)/pass1.elf: $(GLUE_OBJS) $(NEWLIB_STAMP) $(LWIP_LIB) \
	$$($(1)_LIBOBJS) $$(call port_stamps_for,$$($(1)_PORTS))
endef
$(foreach a,$(LIBC_APPS),$(eval $(call LIBC_APP_RULES,$(a))))

# ---- end libc-glue ----

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

deps:
	tools/deps

rig:
	tools/rig/build

unit:
	tests/unit/run

test:
	tools/test-all

run:
	@test -n "$(APP)" || { echo "usage: make run APP=NAME [ARGS='...'] [PORT=N]"; exit 2; }
	$(MAKE) $(BUILD)/apps/$(APP)/$(APP).elf
	PORT=$(PORT) tools/rig/run-app $(APP) $(ARGS)

bench:
	tools/bench

# ---- install ----
# pvgrub goes where Xen's toolstack keeps its bootloaders (Debian's
# xen-utils-4.17: /usr/lib/xen-4.17/boot/), named as Xen's old pv-grub
# images were; a guest's xl config then says
# kernel = "/usr/lib/xen-4.17/boot/pvgrub-x86_64.elf".  The vTPM stub
# domain goes beside it as vtpm-x86_64.elf.
XEN_BOOT_DIR ?= /usr/lib/xen-4.17/boot
install: $(BUILD)/apps/pvgrub/pvgrub.elf $(BUILD)/apps/vtpm/vtpm.elf \
	$(BUILD)/apps/qemu-dm/qemu-dm.elf
	install -d $(DESTDIR)$(XEN_BOOT_DIR)
	install -m 644 $(BUILD)/apps/pvgrub/pvgrub.elf $(DESTDIR)$(XEN_BOOT_DIR)/pvgrub-x86_64.elf
	install -m 644 $(BUILD)/apps/vtpm/vtpm.elf $(DESTDIR)$(XEN_BOOT_DIR)/vtpm-x86_64.elf
	install -m 644 $(BUILD)/apps/qemu-dm/qemu-dm.elf $(DESTDIR)$(XEN_BOOT_DIR)/qemu-dm-x86_64.elf
.PHONY: install
# ---- end install ----

format-check:
	clang-format --dry-run -Werror $(shell git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD)/obj $(BUILD)/apps $(BUILD)/unit $(BUILD)/fuzz
