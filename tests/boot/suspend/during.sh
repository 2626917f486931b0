#!/bin/bash
# Checkpoint the guest (it keeps running), then restore the checkpoint as
# "$DOMNAME-r" and wait for that copy's verdict.  The outcome goes to
# $WORK/restored for post.sh.
say() { echo "$*" >"$WORK/restored"; echo "during: $*"; }
for _ in $(seq 240); do
	tr -d '\r' <"$LOG" 2>/dev/null | grep -q "READY-FOR-SAVE" && break
	sleep 0.5
done
xl save -c "$DOMNAME" "$WORK/save.img" || { say "xl save -c failed"; exit 1; }
sed "s/^name = .*/name = \"$DOMNAME-r\"/" "$WORK/xl.cfg" >"$WORK/copy.cfg"
xl restore "$WORK/copy.cfg" "$WORK/save.img" || { say "xl restore failed"; exit 1; }
copylog=/var/log/xen/console/guest-$DOMNAME-r.log
for _ in $(seq 240); do
	if tr -d '\r' <"$copylog" 2>/dev/null | grep -q "^VERDICT: PASS suspend (restored)"; then
		say "ok"
		break
	fi
	line=$(tr -d '\r' <"$copylog" 2>/dev/null | grep -m1 "^VERDICT: FAIL")
	[ -n "$line" ] && { say "restored copy: $line"; break; }
	sleep 0.5
done
[ -f "$WORK/restored" ] || say "restored copy printed no verdict"
cp "$copylog" "$WORK/restored-console.log" 2>/dev/null
sleep 2
xl destroy "$DOMNAME-r" 2>/dev/null
exit 0
