# dom0-side checks once the guest is gone:
# 1. the marker the guest wrote across a sector boundary is in the image
#    file at the offset it reports (blkback wrote it through);
# 2. every unsupported call warned on the console exactly once, although
#    fork() was called twice.
set -u
log=$(tr -d '\r' <"$LOG")
set -- $(echo "$log" | sed -n 's/^DISK-MARK //p' | tail -n 1)
[ $# -eq 2 ] || { echo "guest printed no DISK-MARK line"; exit 1; }
got=$(dd if="$WORK/disk.img" bs=1 skip="$1" count=${#2} 2>/dev/null)
[ "$got" = "$2" ] || { echo "disk image at $1 holds '$got', guest wrote '$2'"; exit 1; }
for call in fork unlink mkdir execve; do
	n=$(echo "$log" | grep -c "^libc: $call() is not supported")
	[ "$n" = 1 ] || { echo "$call() warned $n times, want once"; exit 1; }
done
echo "disk marker found at $1; one ENOSYS warning per unsupported call"
