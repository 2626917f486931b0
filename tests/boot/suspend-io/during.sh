#!/bin/bash
# Checkpoint the guest while its writes are in flight; once the original
# (which keeps running and checks the disk) is gone, restore the
# checkpoint as "$DOMNAME-r": it must find the same disk and write on.
. "$SCENLIB"
copy=$DOMNAME-r
copylog=/var/log/xen/console/guest-$copy.log
wait_line 'READY-FOR-SAVE' 120 >/dev/null || { say "FAIL no READY-FOR-SAVE"; exit 1; }
xl save -c "$DOMNAME" "$WORK/save.img" >"$WORK/save.out" 2>&1 ||
	{ say "FAIL xl save -c: $(tail -n 1 "$WORK/save.out")"; exit 1; }
say "ok checkpoint written"
# The runner destroys the original at its verdict; its disk is then free.
wait_gone "$DOMNAME" 120 || { say "FAIL the original did not end"; exit 1; }
sed "s/^name = .*/name = \"$copy\"/" "$WORK/xl.cfg" >"$WORK/copy.cfg"
xl restore "$WORK/copy.cfg" "$WORK/save.img" >"$WORK/restore.out" 2>&1 ||
	{ say "FAIL xl restore: $(tail -n 1 "$WORK/restore.out")"; exit 1; }
line=$(wait_line '^VERDICT: (PASS suspend \(restored\)|FAIL)' 120 "$copylog")
case "$line" in
"VERDICT: PASS"*) say "ok restored copy: $line" ;;
"") say "FAIL restored copy printed no verdict" ;;
*) say "FAIL restored copy: $line" ;;
esac
echo "--- the restored copy's console"
tr -d '\r' <"$copylog" 2>/dev/null
xl destroy "$copy" 2>/dev/null
exit 0
