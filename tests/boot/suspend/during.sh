#!/bin/bash
# Checkpoint the guest (it keeps running), then restore the checkpoint as
# "$DOMNAME-r" and wait for that copy's verdict.  The outcome goes to
# $RESULTS for post.sh.
. "$SCENLIB"
wait_line READY-FOR-SAVE 120 >/dev/null || echo "no READY-FOR-SAVE after 120 s; saving anyway"
xl save -c "$DOMNAME" "$WORK/save.img" || { say "FAIL xl save -c failed"; exit 1; }
sed "s/^name = .*/name = \"$DOMNAME-r\"/" "$WORK/xl.cfg" >"$WORK/copy.cfg"
xl restore "$WORK/copy.cfg" "$WORK/save.img" || { say "FAIL xl restore failed"; exit 1; }
copylog=/var/log/xen/console/guest-$DOMNAME-r.log
line=$(wait_line '^VERDICT: (PASS suspend \(restored\)|FAIL)' 120 "$copylog")
case "$line" in
"VERDICT: PASS"*) say "ok restored copy: $line" ;;
"") say "FAIL restored copy printed no verdict" ;;
*) say "FAIL restored copy: $line" ;;
esac
cp "$copylog" "$WORK/restored-console.log" 2>/dev/null
sleep 2
xl destroy "$DOMNAME-r" 2>/dev/null
exit 0
