# dom0's half of vtpm-hostile: frontends against the vTPM (the runner's
# domain), each judged by its own verdict line, then `xl shutdown`.
set -u
. "$SCENLIB"
. "$SCEN/vtpm-lib/dom0.sh"
v=$(wait_line '^vtpm: (ready|error)' 300) && [ "${v#vtpm: ready}" != "$v" ] ||
	{ say "FAIL the vTPM never became ready: ${v:-no line in 300 s}"; exit 1; }
say "ok vtpm ready"

# front_cfg NAME ARGS: xl.cfg for a tpmiftest frontend named $DOMNAME-NAME.
front_cfg() {
	cat <<CFG
name = "$DOMNAME-$1"
type = "pv"
kernel = "/share/images/tpmiftest.elf"
memory = 16
extra = "front tpm=real $2"
vtpm = [ "backend=$DOMNAME" ]
on_crash = "destroy"
CFG
}

# start NAME CFG-FILE: creates the domain $DOMNAME-NAME.
start() {
	: >"$(guest_log "$DOMNAME-$1")" 2>/dev/null
	xl create -q "$2" >"$WORK/xl-$1.out" 2>&1 ||
		{ say "FAIL $1: xl create: $(grep -m1 -iE 'error|fail' "$WORK/xl-$1.out")"; return 1; }
}

# front NAME ARGS: a tpmiftest frontend.
front() {
	front_cfg "$1" "$2" >"$WORK/front-$1.cfg"
	start "$1" "$WORK/front-$1.cfg"
}

# verdict NAME SECONDS: the domain's VERDICT line, waiting until it
# comes, the domain is gone or SECONDS pass.
verdict() {
	local log i
	log=$(guest_log "$DOMNAME-$1")
	for ((i = 0; i < $2 * 2; i++)); do
		tr -d '\r' 2>/dev/null <"$log" | grep -m1 '^VERDICT: ' && return 0
		xl domid "$DOMNAME-$1" >/dev/null 2>&1 || break
		sleep 0.5
	done
	sleep 1
	tr -d '\r' 2>/dev/null <"$log" | grep -m1 '^VERDICT: '
}

# judge NAME SECONDS: its verdict, then waits for it to go.
judge() {
	local v t0=$SECONDS
	v=$(verdict "$1" "$2")
	case "$v" in
	"VERDICT: PASS"*) say "ok $1: ${v#VERDICT: } ($((SECONDS - t0))s)" ;;
	"") say "FAIL $1: no verdict ($((SECONDS - t0)) s)"
		tr -d '\r' <"$(guest_log "$DOMNAME-$1")" | tail -n 60 | sed "s/^/  $1: /" ;;
	*) say "FAIL $1: ${v#VERDICT: }"
		tr -d '\r' <"$(guest_log "$DOMNAME-$1")" | grep 'FAIL' | head -n 20 | sed "s/^/  $1: /" ;;
	esac
	wait_gone "$DOMNAME-$1" 60 || xl destroy "$DOMNAME-$1" 2>/dev/null
}

front hostile "mode=hostile" && judge hostile 600
tr -d '\r' <"$(guest_log "$DOMNAME-hostile")" | grep -E '^tpmiftest: (ok|FAIL|closed)' | sed 's/^/  hostile: /'
if front die "mode=die"; then
	if wait_line '^tpmiftest: dying mid-command' 120 "$(guest_log "$DOMNAME-die")" >/dev/null; then
		wait_gone "$DOMNAME-die" 60 && say "ok die: the frontend died mid-command (RSA-2048 CreatePrimary)" ||
			say "FAIL die: the domain did not go"
	else
		say "FAIL die: never sent its command"
	fi
	xl destroy "$DOMNAME-die" 2>/dev/null
fi
front good "mode=good n=40" && judge good 300

# The rig's Linux guest through xen-tpmfront: basic.sh steps.
GUEST=$DOMNAME-linux
cat >"$WORK/linux.cfg" <<CFG
name = "$GUEST"
kernel = "/share/images/guest-vmlinux.gz"
ramdisk = "$SCEN/guest-initrd-tpm"
extra = "console=hvc0 rigmode=tpm rigtpm=getrandom+pcrextend+nv"
memory = 256
vcpus = 1
vtpm = [ "backend=$DOMNAME" ]
on_crash = "destroy"
CFG
start linux "$WORK/linux.cfg" && judge linux 400
vtpm_guest_lines "$(guest_log "$GUEST")" >"$WORK/guest.out"
sed 's/^/  linux: /' "$WORK/guest.out"
if why=$(vtpm_check "$WORK/guest.out"); then
	say "ok linux steps: $why"
else
	say "FAIL linux steps: $why"
fi

sleep 2
left=$(xenstore-list "/local/domain/$DOMID/backend/vtpm" 2>/dev/null | tr '\n' ' ')
[ -z "$left" ] && say "ok no vtpm backends left" || say "FAIL vtpm backends left for domains: $left"
xl shutdown "$DOMNAME"
