# tools/pvgrub/mkdisk.sh - guest disks for the pvgrub boot scenarios,
# made on the host with Debian's own tools (sourced by the scenarios'
# host-pre.sh; see tools/rig/run, host_pre).
#
# The disks hold the rig guest's own kernel (Debian's bzImage from the
# linux-image .deb the rig downloaded, the same kernel as
# build/rig/guest-vmlinux.gz) and the rig guest's initramfs
# (build/rig/guest-initrd, an uncompressed newc cpio), so the Linux they
# boot ends on the rig guest's verdict (tools/rig/guest-init, rigmode=).
# No loop mounts (CI may not allow them): partition tables by sfdisk and
# sgdisk on a sparse file, filesystems by mke2fs -d (written in place
# with -E offset=) and mkfs.xfs -p (a protofile; the image is copied into
# its partition, sparse).  grub.cfg files come from Debian's own
# grub-mkconfig and /etc/grub.d scripts (grub-common), run in a private
# mount namespace against the staged /boot with a fake grub-probe that
# answers for the disk being made (mk_grub_mkconfig).
#
# Environment (from the runner): ROOT, RIG, OUT, CACHE.  After mk_setup:
# KVER, BZIMAGE, INITRD, KCONFIG, WORKDIR (scratch, under CACHE), COMMON
# (kernel-derived files shared by every scenario: build/scen-cache/common).
# Every function exits the script (set -e) on failure with a message.

MKDISK_SELF=${BASH_SOURCE[0]}

mk_die() {
	echo "mkdisk: $*" >&2
	exit 1
}

mk_setup() {
	set -euo pipefail
	: "${ROOT:?}" "${RIG:?}" "${OUT:?}" "${CACHE:?}"
	KVER=$(cat "$RIG/kver")
	local x=$RIG/cache/x/linux-image-$KVER/boot
	BZIMAGE=$x/vmlinuz-$KVER
	[ -s "$BZIMAGE" ] || BZIMAGE=$RIG/vmlinuz
	KCONFIG=$x/config-$KVER
	INITRD=$RIG/guest-initrd
	[ -s "$BZIMAGE" ] && [ -s "$INITRD" ] || mk_die "no rig kernel/initrd in $RIG (make rig)"
	WORKDIR=$CACHE/work
	rm -rf "$WORKDIR"
	mkdir -p "$WORKDIR"
	COMMON=$ROOT/build/scen-cache/common
	mkdir -p "$COMMON"
}

mk_cleanup() { rm -rf "${WORKDIR:?}"; }

# mk_uuid NAME: a fixed UUID per disk name, so configs and caches are
# reproducible.
mk_uuid() {
	local h
	h=$(echo "pvgrub-$1" | md5sum)
	echo "${h:0:8}-${h:8:4}-4${h:13:3}-a${h:17:3}-${h:20:12}"
}

# mk_stage_debian DIR: DIR as Debian's kernel packages leave a root
# filesystem: /boot/vmlinuz-KVER, initrd.img-KVER, config-KVER, /boot/grub,
# and the /vmlinuz and /initrd.img symlinks (relative, as
# linux-update-symlinks makes them).
mk_stage_debian() {
	local d=$1
	mkdir -p "$d/boot/grub"
	cp "$BZIMAGE" "$d/boot/vmlinuz-$KVER"
	cp "$INITRD" "$d/boot/initrd.img-$KVER"
	[ -s "$KCONFIG" ] && cp "$KCONFIG" "$d/boot/config-$KVER"
	ln -sfn "boot/vmlinuz-$KVER" "$d/vmlinuz"
	ln -sfn "boot/initrd.img-$KVER" "$d/initrd.img"
}

# mk_grub_mkconfig BOOTDIR FS_UUID DRIVE FS [KEY=VALUE...]: prints the
# grub.cfg Debian's grub-mkconfig writes for BOOTDIR mounted as /boot on
# the filesystem FS_UUID (type FS: ext2 or xfs) at GRUB drive DRIVE
# ("hd0,gpt2"), with the KEY=VALUE lines added to /etc/default/grub.
# SEPARATE_BOOT=1 in the environment: BOOTDIR is its own filesystem.
mk_grub_mkconfig() {
	[ -x /usr/sbin/grub-mkconfig ] && [ -x /etc/grub.d/10_linux ] ||
		mk_die "grub-common is not installed (tools/deps)"
	local out=$WORKDIR/mkconfig.$$
	rm -rf "$out"
	mkdir -p "$out"
	unshare -m env MK_INNER=1 bash "$MKDISK_SELF" mkconfig "$out" "$@" >&2 ||
		mk_die "grub-mkconfig failed: $(tail -n 3 "$out/log" 2>/dev/null)"
	cat "$out/grub.cfg"
}

# The part of mk_grub_mkconfig that runs in the mount namespace.
mk_inner_mkconfig() {
	set -euo pipefail
	local out=$1 boot=$2 uuid=$3 drive=$4 fs=$5 s
	shift 5
	mount --make-rprivate /
	mkdir -p "$out"/{bin,grub.d,default,dev/disk/by-uuid}
	cat >"$out/bin/grub-probe" <<PROBE
#!/bin/sh
# fake grub-probe: every path is on the disk being made
target=
while [ \$# -gt 0 ]; do
	case "\$1" in
	--target=*) target=\${1#--target=} ;;
	-t | --target) shift; target=\$1 ;;
	esac
	shift
done
case "\$target" in
device) echo /dev/xvda${drive##*[a-z]} ;;
fs) echo $fs ;;
fs_uuid) echo $uuid ;;
partmap) echo ${drive//[^a-z]/} | sed 's/^hd//' ;;
abstraction | cryptodisk_uuid) ;;
compatibility_hint) echo "$drive" ;;
hints_string) echo "--hint=$drive" ;;
drive) echo "($drive)" ;;
*) exit 1 ;;
esac
PROBE
	cat >"$out/bin/grub-mkrelpath" <<'REL'
#!/bin/sh
if [ "${SEPARATE_BOOT:-}" = 1 ]; then
	case "$1" in /boot | /boot/*) p=${1#/boot}; echo "${p:-/}"; exit 0 ;; esac
fi
# MK_SUBVOL=@: / is that btrfs subvolume, as Ubuntu's installer makes
# it; GRUB reads paths from the top level, so they start with /@.
if [ -n "${MK_SUBVOL:-}" ]; then
	[ "$1" = / ] && echo "/$MK_SUBVOL" || echo "/$MK_SUBVOL$1"
	exit 0
fi
echo "$1"
REL
	chmod +x "$out/bin/grub-probe" "$out/bin/grub-mkrelpath"
	# Debian's scripts, less those that look at this machine (firmware,
	# other systems, a Xen host's hypervisors).
	for s in 00_header 05_debian_theme 10_linux 40_custom 41_custom; do
		cp "/etc/grub.d/$s" "$out/grub.d/"
	done
	{
		echo 'GRUB_DEFAULT=0'
		echo 'GRUB_TIMEOUT=5'
		echo 'GRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`'
		echo 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"'
		echo 'GRUB_CMDLINE_LINUX=""'
		printf '%s\n' "$@"
	} >"$out/default/grub"
	for s in null zero full random urandom tty; do
		touch "$out/dev/$s"
		mount --bind "/dev/$s" "$out/dev/$s"
	done
	ln -s /proc/self/fd "$out/dev/fd"
	touch "$out/dev/xvda${drive##*[a-z]}"
	ln -s "../../xvda${drive##*[a-z]}" "$out/dev/disk/by-uuid/$uuid"
	mount --bind "$out/grub.d" /etc/grub.d
	mount --bind "$out/default" /etc/default
	mount --bind "$out/bin/grub-probe" /usr/sbin/grub-probe
	mount --bind "$out/bin/grub-mkrelpath" /usr/bin/grub-mkrelpath
	mount --bind "$out/dev" /dev
	mount --bind "$boot" /boot
	grub-mkconfig -o "$out/grub.cfg" >"$out/log" 2>&1
}

# mk_sparse FILE MIB: a new sparse file.
mk_sparse() {
	rm -f "$1"
	truncate -s "$2M" "$1"
}

# mk_ext DISK START_SECTOR SECTORS TYPE UUID LABEL DIR [mke2fs options]:
# an ext2/3/4 filesystem of DIR's tree written into DISK at START.
mk_ext() {
	local disk=$1 start=$2 n=$3 type=$4 uuid=$5 label=$6 dir=$7
	shift 7
	mke2fs -F -q -t "$type" -U "$uuid" -L "$label" -d "$dir" \
		-E "offset=$((start * 512))" "$@" "$disk" "$((n / 2))k" ||
		mk_die "mke2fs -t $type failed"
}

# mk_xfs_proto DIR: mkfs.xfs's protofile for DIR's tree (files,
# directories, symlinks), on stdout.
mk_xfs_proto() {
	echo "/dev/null"
	echo "0 0"
	echo "d--755 0 0"
	mk_xfs_proto_dir "$1" " "
	echo '$'
}
mk_xfs_proto_dir() {
	local dir=$1 ind=$2 p n
	for p in "$dir"/* "$dir"/.[!.]*; do
		[ -e "$p" ] || [ -L "$p" ] || continue
		n=${p##*/}
		if [ -L "$p" ]; then
			echo "$ind$n l--777 0 0 $(readlink "$p")"
		elif [ -d "$p" ]; then
			echo "$ind$n d--755 0 0"
			mk_xfs_proto_dir "$p" "$ind "
			echo "$ind\$"
		else
			echo "$ind$n ---644 0 0 $p"
		fi
	done
}

# mk_xfs DISK START_SECTOR SECTORS UUID LABEL DIR: an XFS v5 filesystem
# of DIR's tree (mkfs.xfs -p) copied into DISK at START.
mk_xfs() {
	local disk=$1 start=$2 n=$3 uuid=$4 label=$5 dir=$6 img=$WORKDIR/xfs.img
	mk_xfs_proto "$dir" >"$WORKDIR/xfs.proto"
	mk_sparse "$img" $((n / 2048))
	mkfs.xfs -q -f -m uuid="$uuid" -L "$label" -p "$WORKDIR/xfs.proto" "$img" ||
		mk_die "mkfs.xfs failed"
	dd if="$img" of="$disk" bs=1M seek=$((start * 512)) oflag=seek_bytes conv=notrunc,sparse status=none
	rm -f "$img"
}

# mk_btrfs DISK START_SECTOR SECTORS UUID LABEL DIR SUBVOL COMPRESS: a
# btrfs filesystem whose subvolume SUBVOL holds DIR's tree, every file
# written through a loop mount with compress-force=COMPRESS (zlib, lzo,
# zstd), copied into DISK at START.  btrfs-progs 6.2 cannot compress or
# make subvolumes at mkfs time, hence the mount: it needs root and loop
# devices.  Prints the count of compressed extents (btrfs
# inspect-internal), so the caller can tell the compression took.
mk_btrfs() {
	local disk=$1 start=$2 n=$3 uuid=$4 label=$5 dir=$6 sub=$7 comp=$8
	local img=$WORKDIR/btrfs.img mnt=$WORKDIR/btrfs.mnt
	mk_sparse "$img" $((n / 2048))
	mkfs.btrfs -q -f -U "$uuid" -L "$label" "$img" >/dev/null || mk_die "mkfs.btrfs failed"
	mkdir -p "$mnt"
	mount -o "loop,compress-force=$comp" "$img" "$mnt" ||
		mk_die "cannot loop-mount a btrfs image (needs root and loop devices)"
	if ! { btrfs -q subvolume create "$mnt/$sub" >/dev/null &&
		cp -a "$dir/." "$mnt/$sub/" && sync; }; then
		umount "$mnt"
		mk_die "filling the btrfs image failed"
	fi
	umount "$mnt" || mk_die "umount $mnt failed"
	btrfs inspect-internal dump-tree "$img" 2>/dev/null | grep -c "compression [1-9]" || true
	dd if="$img" of="$disk" bs=1M seek=$((start * 512)) oflag=seek_bytes conv=notrunc,sparse status=none
	rm -f "$img"
}

# mk_gpt_debian DISK MIB: GPT with a BIOS boot partition (1 MiB at
# 1 MiB) and a Linux filesystem partition 2 from 2 MiB to the end, as a
# Debian installer's BIOS layout; prints "START SECTORS" of partition 2.
mk_gpt_debian() {
	local disk=$1
	mk_sparse "$disk" "$2"
	sgdisk -o -n 1:2048:+1M -t 1:ef02 -c 1:bios -n 2:4096:0 -t 2:8300 -c 2:root "$disk" >/dev/null ||
		mk_die "sgdisk failed"
	mk_part_range "$disk" 2
}

# mk_part_range DISK N: "START SECTORS" of partition N (sfdisk's view).
mk_part_range() {
	local r
	r=$(sfdisk -d "$1" 2>/dev/null | awk -v p="$1$2" '$1 == p {
		for (i = 2; i <= NF; i++) {
			if ($i == "start=") s = $(i + 1); if ($i == "size=") n = $(i + 1)
		}
		gsub(/,/, "", s); gsub(/,/, "", n); print s, n }')
	[ -n "$r" ] || mk_die "no partition $2 on $1"
	echo "$r"
}

# mk_mbr_logical DISK MIB: MBR with a primary partition 1 (8 MiB, ext2
# "data"), an extended partition 2 over the rest and a logical partition
# 5 in it; prints "START SECTORS" of partition 5 (GRUB's (hd0,msdos5),
# legacy GRUB's (hd0,4)).
mk_mbr_logical() {
	local disk=$1
	mk_sparse "$disk" "$2"
	printf 'label: dos\nlabel-id: 0x5eed0005\nstart=2048, size=16384, type=83\nstart=18432, type=5\nstart=20480, type=83\n' |
		sfdisk -q "$disk" >/dev/null || mk_die "sfdisk failed"
	mk_part_range "$disk" 5
}

# mk_stage_menulst DIR: mk_stage_debian DIR plus a legacy
# /boot/grub/menu.lst booting it from (hd0,4) (see mk_disk_menulst).  Its
# default is entry 1 (the second, counted from 0); entry 0 would boot the
# guest with rigmode=fail, so booting the wrong one fails the scenario.
mk_stage_menulst() {
	mk_stage_debian "$1"
	cat >"$1/boot/grub/menu.lst" <<MENU
# menu.lst for the pvgrub-menulst scenario (legacy GRUB syntax)
default		1
timeout		2
fallback	0

title		Debian GNU/Linux, kernel $KVER (wrong entry: rigmode=fail)
root		(hd0,4)
kernel		/boot/vmlinuz-$KVER root=/dev/xvda5 ro console=hvc0 rigmode=fail
initrd		/boot/initrd.img-$KVER

title		Debian GNU/Linux, kernel $KVER
root		(hd0,4)
kernel		/boot/vmlinuz-$KVER root=/dev/xvda5 ro console=hvc0 rigmode=pass
initrd		/boot/initrd.img-$KVER
MENU
}

# mk_disk_menulst NAME DIR: OUT/disk.img (48 MiB), mk_mbr_logical's
# layout: a small ext2 with nothing to boot on the primary partition, and
# DIR's tree (mk_stage_menulst) as ext3 (1 KiB blocks, as mke2fs makes
# small ones) on the logical one, (hd0,msdos5) = legacy GRUB's (hd0,4);
# their UUIDs are mk_uuid NAME-data and NAME.  Then mk_direct_ext for
# its default entry.
mk_disk_menulst() {
	local name=$1 dir=$2 r start n
	r=$(mk_mbr_logical "$OUT/disk.img" 48)
	read -r start n <<<"$r"
	mkdir -p "$WORKDIR/data"
	echo "not a boot partition" >"$WORKDIR/data/README"
	mk_ext "$OUT/disk.img" 2048 16384 ext2 "$(mk_uuid "$name-data")" data "$WORKDIR/data"
	mk_ext "$OUT/disk.img" "$start" "$n" ext3 "$(mk_uuid "$name")" root "$dir"
	mk_direct_ext "$OUT/disk.img" "$start" "/boot/vmlinuz-$KVER" "/boot/initrd.img-$KVER" "console=hvc0 rigmode=pass"
}

# mk_dump_ext DISK START_SECTOR PATH OUTFILE: copies a file out of an ext
# filesystem in DISK (debugfs; proves the disk holds what was staged).
mk_dump_ext() {
	debugfs -R "dump -p $3 $4" "$1?offset=$(($2 * 512))" >/dev/null 2>&1 && [ -s "$4" ] ||
		mk_die "debugfs could not read $3 from $1"
}

# mk_validating: true when the disk is made for tools/pvgrub/validate
# (GRUB's pvgrub2 and xl's direct boot as references), which puts a file
# `validate` in the scenario: then host-pre.sh adds what those need.
mk_validating() { [ -e "$OUT/validate" ]; }

# mk_direct KERNEL INITRD CMDLINE: for xl's direct boot, the kernel and
# initrd (copied out of the disk image by the caller) and the command
# line, as direct-kernel, direct-initrd and direct.cmdline in OUT.
mk_direct() {
	mk_validating || return 0
	[ "$1" = "$OUT/direct-kernel" ] || cp "$1" "$OUT/direct-kernel"
	[ "$2" = "$OUT/direct-initrd" ] || cp "$2" "$OUT/direct-initrd"
	echo "$3" >"$OUT/direct.cmdline"
}

# mk_direct_ext DISK START KERNEL_PATH INITRD_PATH CMDLINE: mk_direct
# with the files read out of the ext filesystem at START.
mk_direct_ext() {
	mk_validating || return 0
	mk_dump_ext "$1" "$2" "$3" "$OUT/direct-kernel"
	mk_dump_ext "$1" "$2" "$4" "$OUT/direct-initrd"
	mk_direct "$OUT/direct-kernel" "$OUT/direct-initrd" "$5"
}

# mk_vmlinux: the ELF vmlinux inside Debian's bzImage (what Linux's
# scripts/extract-vmlinux does: find the xz payload, decompress it) and
# that ELF compressed whole in every format, in $COMMON (made once per
# kernel).  Sets VMLINUX_DIR; files vmlinux-FORMAT for FORMAT in
# MK_FORMATS.
MK_FORMATS="none gzip bzip2 lzma xz lzo lz4 lz4legacy zstd"
mk_vmlinux() {
	VMLINUX_DIR=$COMMON/vmlinux-$KVER
	local key f off pids=() p
	key=$( (md5sum <"$BZIMAGE"; declare -f mk_vmlinux mk_compress) | md5sum | cut -c1-32)
	if [ "$(cat "$VMLINUX_DIR/key" 2>/dev/null)" = "$key" ]; then
		return 0
	fi
	rm -rf "$VMLINUX_DIR"
	mkdir -p "$VMLINUX_DIR"
	off=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$BZIMAGE" | head -n 1 | cut -d: -f1)
	[ -n "$off" ] || mk_die "no xz payload in $BZIMAGE"
	tail -c +$((off + 1)) "$BZIMAGE" | xz -dc >"$VMLINUX_DIR/vmlinux-none" 2>/dev/null || true
	[ "$(head -c4 "$VMLINUX_DIR/vmlinux-none" | od -An -c | tr -d ' ')" = '177ELF' ] ||
		mk_die "could not extract the ELF vmlinux from $BZIMAGE"
	for f in $MK_FORMATS; do
		[ "$f" = none ] && continue
		mk_compress "$f" <"$VMLINUX_DIR/vmlinux-none" >"$VMLINUX_DIR/vmlinux-$f" &
		pids+=($!)
	done
	for p in "${pids[@]}"; do wait "$p" || mk_die "compressing vmlinux failed"; done
	echo "$key" >"$VMLINUX_DIR/key"
}

# mk_compress FORMAT: stdin to stdout, as the format's own CLI does it.
mk_compress() {
	case $1 in
	gzip) gzip -9c ;;
	bzip2) bzip2 -9c ;;
	lzma) xz --format=lzma -3 -c ;;
	xz) xz -3 -c ;; # CRC64, as `xz vmlinux` makes it
	lzo) lzop -c ;;
	lz4) lz4 -9 -c ;; # the frame format
	lz4legacy) lz4 -9 -l -c ;; # the legacy format Linux's own lz4 uses
	zstd) zstd -c -q ;;
	*) return 1 ;;
	esac
}

if [ "${MK_INNER:-}" = 1 ] && [ "${1:-}" = mkconfig ]; then
	shift
	mk_inner_mkconfig "$@"
fi
