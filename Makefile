# domlet - build, test and run.  Every output goes under build/.
#
#   make                    every app image: build/apps/NAME/NAME.elf
#   make test               everything (installs what is missing first)
#   make run APP=NAME       boot an app (Xen host if `xl info` works, else the rig)
#   make bench              benchmarks, as ratios against a reference
#   make unit               host unit tests and bounded fuzzing only
#   make rig | deps | format-check | clean

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
	blkfront/*.c netfront/*.c)
KOBJS := $(patsubst %,$(BUILD)/obj/%.o,$(KSRCS))
APPS  := $(patsubst apps/%/main.c,%,$(wildcard apps/*/main.c))
IMAGES := $(foreach a,$(APPS),$(BUILD)/apps/$(a)/$(a).elf)

.PHONY: all test unit run bench rig deps format-check clean
.SECONDARY:

all: $(IMAGES)

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
$(1)_OBJS := $$(patsubst %,$(BUILD)/obj/%.o,$$(wildcard apps/$(1)/*.c))
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
	@test -n "$(APP)" || { echo "usage: make run APP=NAME [ARGS='...']"; exit 2; }
	$(MAKE) $(BUILD)/apps/$(APP)/$(APP).elf
	tools/rig/run-app $(APP) $(ARGS)

bench:
	tools/bench

format-check:
	clang-format --dry-run -Werror $(shell git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD)/obj $(BUILD)/apps $(BUILD)/unit $(BUILD)/fuzz
