# The guest's /proc/cmdline: the second entry's (Debian's recovery
# entry says `single`) with the edit at its end.
. "$SCENLIB"
require_results "ok menu" || exit 1
line=$(tr -d '\r' <"$LOG" | grep -m1 '^CMDLINE: ') || { echo "the guest printed no CMDLINE line"; exit 1; }
echo "$line"
case "$line" in
*" single "*) ;;
*) echo "not the second entry (no 'single'): $line"; exit 1 ;;
esac
if [[ $line =~ \ pvgrubedit=1( |$) ]]; then
	echo "edit arrived: second entry, ' pvgrubedit=1' appended"
else
	echo "the edit did not arrive as typed: $line"
	exit 1
fi
