# Each bad entry was answered by its message and the menu came back.
. "$SCENLIB"
require_results "ok bad 1" "ok bad 2" "ok bad 3" "ok bad 4" "ok bad 5" \
	"ok bad 6" "ok bad 7" "ok bad 8" || exit 1
# entry 9 booted the entry of the config it opened
tr -d '\r' <"$LOG" | grep -q '^CMDLINE: .*pvgrubcfg=more' ||
	{ echo "FAIL bad 9: the booted kernel's command line is not more.cfg's"; exit 1; }
