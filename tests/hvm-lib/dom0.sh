# tests/hvm-lib/dom0.sh: dom0 helpers for HVM scenarios (sourced by a
# scenario's pre/during/post.sh after "$SCENLIB"; uses the runner's SCEN
# and WORK).  The scenario's host-pre.sh ran tests/hvm-lib/host-pre.sh.
#
#   hvm_dom0_tools          unpack QEMU and SeaBIOS into dom0 (once per
#                           rig boot; ~38 MB of files dom0 lacks)
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
	grep -q '^HVM-BOOTSECTOR: ' "$serial" 2>/dev/null ||
		{ echo "$name ended without its line on the serial port"; return 1; }
	echo "$name: first serial line $(hvm_secs "$t_line")s, gone $(hvm_secs "$t_gone")s after xl create"
}
