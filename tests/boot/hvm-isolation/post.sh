# Console 0 of the stub domain: the probe's lines.  dom0 and the other
# guest must have refused both requests with EPERM, the target allowed
# both; then nothing may be left behind.
. "$SCEN/hvm-lib/dom0.sh"
log=/var/log/xen/qemu-dm-$DOMNAME.log
other=$(cat "$WORK/other-domid" 2>/dev/null)
xl destroy "$DOMNAME-other" >/dev/null 2>&1
hvm_dm_log "$DOMNAME"
bad=0
need() {
	tr -d '\r' <"$log" 2>/dev/null | grep -qE "$1" || { echo "console 0 lacks /$1/ ($2)"; bad=1; }
}
need '^qemu-dm: isolation: domain 0: frame 0 EPERM, grant-table resource EPERM$' "dom0 refused"
[ -n "$other" ] || { echo "pre.sh recorded no other guest"; bad=1; }
need "^qemu-dm: isolation: domain ${other:-X}: frame 0 EPERM, grant-table resource EPERM\$" \
	"the other guest, domain ${other:-?}, refused"
need "^qemu-dm: isolation: domain $DOMID \\(target\\): frame 0 mapped, grant-table resource allowed" \
	"the target allowed"
need '^qemu-dm: isolation: [0-9]+ other domains refused, .*: confined to the target$' "the summary"
hvm_left_behind "$DOMNAME" || bad=1
hvm_left_behind "$DOMNAME-other" || bad=1
[ $bad = 0 ] && echo "isolation: dom0 and domain $other refused, the target $DOMID mapped"
exit $bad
