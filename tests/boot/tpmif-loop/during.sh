# dom0's half of tpmif-loop: frontend domains against the backend
# (the runner's domain), each judged by its own verdict line.
set -u
. "$SCENLIB"
wait_line '^tpmiftest: back ready' 120 >/dev/null || { say "FAIL backend never ready"; exit 1; }

KERNEL=$(sed -n 's/^kernel = "\(.*\)"$/\1/p' "$WORK/xl.cfg")

# front_cfg NAME ARGS: xl.cfg for a frontend domain named $DOMNAME-NAME.
front_cfg() {
	cat <<CFG
name = "$DOMNAME-$1"
type = "pv"
kernel = "$KERNEL"
memory = 16
extra = "front $2"
vtpm = [ "backend=$DOMNAME" ]
on_crash = "destroy"
CFG
}

# start NAME ARGS: creates the frontend domain.
start() {
	front_cfg "$1" "$2" >"$WORK/front-$1.cfg"
	: >"$(guest_log "$DOMNAME-$1")" 2>/dev/null
	xl create -q "$WORK/front-$1.cfg" >"$WORK/xl-$1.out" 2>&1 ||
		{ say "FAIL $1: xl create: $(grep -m1 -iE 'error|fail' "$WORK/xl-$1.out")"; return 1; }
}

# judge NAME SECONDS: its verdict, then waits for it to go.
judge() {
	local v
	v=$(wait_line '^VERDICT: ' "$2" "$(guest_log "$DOMNAME-$1")")
	case "$v" in
	"VERDICT: PASS"*) say "ok $1: ${v#VERDICT: }" ;;
	"") say "FAIL $1: no verdict in $2 s"
		tr -d '\r' <"$(guest_log "$DOMNAME-$1")" | tail -n 8 | sed "s/^/  $1: /" ;;
	*) say "FAIL $1: ${v#VERDICT: }"
		tr -d '\r' <"$(guest_log "$DOMNAME-$1")" | grep 'FAIL' | head -n 20 | sed "s/^/  $1: /" ;;
	esac
	wait_gone "$DOMNAME-$1" 30 || xl destroy "$DOMNAME-$1" 2>/dev/null
}

start good "mode=good" && judge good 180
# Two at once: one waits; a reconnect may find the other served in
# between (a new domain: reset), so either kept or reset is right.
start a "mode=good n=100 either=1" && start b "mode=good n=100 either=1" && { judge a 180; judge b 180; }
start hostile "mode=hostile" && judge hostile 300
if start die "mode=die"; then
	if wait_line '^tpmiftest: dying mid-command' 60 "$(guest_log "$DOMNAME-die")" >/dev/null; then
		wait_gone "$DOMNAME-die" 30 && say "ok die: the frontend died mid-command" ||
			say "FAIL die: the domain did not go"
	else
		say "FAIL die: never sent its command"
	fi
	xl destroy "$DOMNAME-die" 2>/dev/null
fi
start good2 "mode=good n=50" && judge good2 180
sleep 2
left=$(xenstore-list "/local/domain/$DOMID/backend/vtpm" 2>/dev/null | tr '\n' ' ')
[ -z "$left" ] && say "ok no vtpm backends left" || say "FAIL vtpm backends left for domains: $left"
xl shutdown "$DOMNAME"
