# First try: crash a dom0 process and fail.  The rerun (.try = 2) passes.
if [ "$(cat "$SCEN/.try" 2>/dev/null)" = 2 ]; then
	echo "second try in a fresh rig"
	exit 0
fi
"$SCEN/crash" || true
sleep 2 # the kernel's "segfault at" line reaches the console first
echo "dom0 process crashed on purpose"
exit 1
