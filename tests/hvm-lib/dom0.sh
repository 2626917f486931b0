# tests/hvm-lib/dom0.sh: dom0 helpers for HVM scenarios (sourced by a
# scenario's pre/during/post.sh after "$SCENLIB"; uses the runner's SCEN
# and WORK).  The scenario's host-pre.sh ran tests/hvm-lib/host-pre.sh.
#
#   hvm_dom0_tools          unpack QEMU and SeaBIOS into dom0 (once per
#                           rig boot; ~38 MB of files dom0 lacks)
#   hvm_stubdom_pre SRC DST a stub-domain scenario's pre.sh: hvm_dom0_tools,
#                           $SCEN/SRC copied to $WORK/DST, the ramdisk
#   hvm_stubdom_id NAME     the domain id of NAME-dm (waits 30 s for it)
#   hvm_dm_log NAME         prints NAME's stub-domain console 0 log
#   hvm_linux_post          post.sh of a Linux guest with a stub domain
#   hvm_left_behind NAME [DOMID...]
#                           waits 5 s for NAME and NAME-dm to be gone,
#                           then names what is left of them; non-zero then
#   hvm_disk_check LOG IMG  the guest's DISK-SHA line in LOG matches IMG
#   hvm_bootsector NAME SECS
#                           boots $SCEN/bootsector.img as HVM guest NAME
#                           (serial to $WORK/NAME.serial), waits up to
#                           SECS for its line and for the domain to be
#                           gone, prints the times of its first serial
#                           byte and of its end after xl create;
#                           returns non-zero with a reason
#
# The emulated serial port of an HVM guest is QEMU's, not xenconsoled's:
# xl.cfg's serial="file:PATH" sends it to a file.  The runner's own domain
# uses serial="file:@LOG@", the path it reads for the verdict.

hvm_dom0_tools() {
	local stamp
	stamp=$(md5sum <"$SCEN/dom0-hvm.cpio.gz" | cut -c1-32)
	[ "$(cat /run/hvm-dom0-tools 2>/dev/null)" = "$stamp" ] && return 0
	(cd / && gzip -dc "$SCEN/dom0-hvm.cpio.gz" | cpio -idmu 2>/tmp/hvm-cpio.err) ||
		{ echo "unpacking dom0-hvm.cpio.gz failed: $(tail -n 1 /tmp/hvm-cpio.err)"; return 1; }
	[ -x /usr/libexec/xen-qemu-system-i386 ] && [ -s /usr/share/seabios/bios-256k.bin ] ||
		{ echo "no QEMU or SeaBIOS after unpacking dom0-hvm.cpio.gz"; return 1; }
	echo "$stamp" >/run/hvm-dom0-tools
}

# hvm_stubdom_pre SRC DST: QEMU into dom0 (it serves the stub domain's
# consoles, as libxl always asks), the guest's disk $SCEN/SRC as
# $WORK/DST (a writable copy: qemu-xen refuses read-only IDE disks) and
# $WORK/stubdom-ramdisk: libxl treats a qemu-xen stub domain as Linux's
# and, unless told, looks for
# /usr/lib/xen-4.17/boot/qemu-stubdom-linux-rootfs; qemu-dm ignores it.
hvm_stubdom_pre() {
	hvm_dom0_tools || return 1
	cp "$SCEN/$1" "$WORK/$2" || { echo "cannot copy $1"; return 1; }
	printf 'qemu-dm needs no ramdisk\n' >"$WORK/stubdom-ramdisk"
}

# hvm_stubdom_id NAME: the domain id of the stub domain libxl makes for
# guest NAME (NAME-dm), waiting up to 30 s for it; non-zero with a
# reason when it does not appear.
hvm_stubdom_id() {
	local i
	for ((i = 0; i < 150; i++)); do
		xl domid "$1-dm" 2>/dev/null && return 0
		sleep 0.2
	done
	echo "no $1-dm domain within 30 s"
	return 1
}

# hvm_dm_log NAME: console 0 of guest NAME's stub domain (libxl's
# /var/log/xen/qemu-dm-NAME.log), without the dm-argv lines.
hvm_dm_log() {
	local log=/var/log/xen/qemu-dm-$1.log
	echo "--- $log"
	tr -d '\r' <"$log" 2>/dev/null | grep -v '^qemu-dm: dm-argv' || echo "(none)"
	echo "---"
}

# hvm_left_behind NAME [DOMID...]: waits up to 5 s for domain NAME and
# its stub domain NAME-dm to be gone, then names what is left: either
# domain, dom0 processes serving a DOMID (-xen-domid), a DOMID's
# vbd/vif/console/qdisk backend directory.  Returns 0 when nothing is.
hvm_left_behind() {
	local name=$1 left="" d p t i
	shift
	for ((i = 0; i < 25; i++)); do
		xl domid "$name" >/dev/null 2>&1 || xl domid "$name-dm" >/dev/null 2>&1 || break
		sleep 0.2
	done
	xl domid "$name" >/dev/null 2>&1 && left="$left domain $name;"
	xl domid "$name-dm" >/dev/null 2>&1 && left="$left domain $name-dm;"
	left="$left$(hvm_ids_left "$@")"
	[ -z "$left" ] && return 0
	xl list
	echo "left behind:$left"
	return 1
}

# hvm_ids_left DOMID...: what is left of domains by id (a guest that
# rebooted keeps its name but not its id): the domain itself, dom0
# processes serving it (-xen-domid), its vbd/vif/console/qdisk backend
# directories; prints nothing when nothing is.
hvm_ids_left() {
	local d p t
	for d in "$@"; do
		xl list 2>/dev/null | awk -v d="$d" '$2 == d { found = 1 } END { exit !found }' &&
			printf ' domain %s;' "$d"
		for p in /proc/[0-9]*; do
			tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -q -- "-xen-domid $d " &&
				printf ' dom0 process %s (%s);' "${p#/proc/}" "$(tr '\0' ' ' <"$p/cmdline" | cut -c1-60)"
		done
		for t in vbd vif console qdisk; do
			xenstore-list /local/domain/0/backend/$t/$d >/dev/null 2>&1 && printf ' backend/%s/%s;' "$t" "$d"
		done
	done
	return 0
}

# hvm_disk_check LOG IMG: the sha256 the guest printed ("DISK-SHA x" in
# LOG: tools/rig/guest-init, disk_test) is that of IMG's first MiB in
# dom0, i.e. what it wrote reached the file.
hvm_disk_check() {
	local want got
	want=$(tr -d '\r' <"$1" | sed -n 's/^DISK-SHA \([0-9a-f]*\)$/\1/p' | tail -n 1)
	[ -n "$want" ] || { echo "the guest printed no DISK-SHA line"; return 1; }
	got=$(dd if="$2" bs=64k count=16 2>/dev/null | sha256sum | cut -d' ' -f1)
	[ "$got" = "$want" ] || { echo "${2##*/} holds $got, the guest wrote $want"; return 1; }
	echo "${2##*/} holds the guest's 1 MiB ($want)"
}

# hvm_linux_post: post.sh of a Linux HVM guest with its stub domain
# (during.sh noted the stub domain's id in $WORK/dm-domid): console 0 of
# the stub domain, the data disk's file against the guest's DISK-SHA,
# and nothing of either domain left behind.
hvm_linux_post() {
	local dm
	hvm_dm_log "$DOMNAME"
	hvm_disk_check "$LOG" "$WORK/data.img" || return 1
	dm=$(cat "$WORK/dm-domid" 2>/dev/null)
	# shellcheck disable=SC2086
	hvm_left_behind "$DOMNAME" "$DOMID" $dm || return 1
	echo "nothing left behind (guest $DOMID, stub domain ${dm:-?})"
}

# Centiseconds since dom0 booted, and as seconds.
hvm_now() {
	local up _
	read -r up _ </proc/uptime
	echo $((10#${up/./}))
}
hvm_secs() { printf '%d.%02d' $(($1 / 100)) $(($1 % 100)); }

hvm_bootsector() {
	local name=$1 secs=$2 cfg=$WORK/$1.cfg serial=$WORK/$1.serial t0 t_line="" t_gone="" i
	cat >"$cfg" <<CFG
name = "$name"
type = "hvm"
memory = 32
vga = "none"
disk = [ "format=raw,vdev=hda,access=rw,target=$WORK/$name.img" ]
boot = "c"
serial = "file:$serial"
on_poweroff = "destroy"
on_reboot = "destroy"
on_crash = "destroy"
CFG
	rm -f "$serial"
	# A copy: qemu-xen refuses read-only IDE disks.
	cp "$SCEN/bootsector.img" "$WORK/$name.img" || { echo "cannot copy bootsector.img"; return 1; }
	t0=$(hvm_now)
	xl create "$cfg" >"$WORK/$name.xl.log" 2>&1 ||
		{ echo "xl create $name failed: $(grep -m1 -iE 'error|fail' "$WORK/$name.xl.log")"; return 1; }
	for ((i = 0; i < secs * 5; i++)); do
		# The first byte on the port, tested without a fork.
		if [ -z "$t_line" ] && [ -s "$serial" ]; then
			t_line=$(($(hvm_now) - t0))
		fi
		if ! xl domid "$name" >/dev/null 2>&1; then
			t_gone=$(($(hvm_now) - t0))
			break
		fi
		sleep 0.2
	done
	tr -d '\r' <"$serial" 2>/dev/null | sed "s/^/$name serial: /"
	if [ -z "$t_gone" ]; then
		xl destroy "$name" >/dev/null 2>&1
		echo "$name still running after ${secs}s${t_line:+ (its line came)}"
		return 1
	fi
	if grep -q '^VERDICT: FAIL' "$serial" 2>/dev/null; then
		echo "$name: $(grep -m1 '^VERDICT: FAIL' "$serial" | tr -d '\r')"
		return 1
	fi
	grep -q '^HVM-BOOTSECTOR: hello' "$serial" 2>/dev/null ||
		{ echo "$name ended without its line on the serial port"; return 1; }
	echo "$name: first serial line $(hvm_secs "$t_line")s, gone $(hvm_secs "$t_gone")s after xl create"
}
