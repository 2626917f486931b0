# dom0's half: after the formatting boot, ROUNDS boots of "store" killed
# at random moments, each checked by the next boot's load, then a last
# "check" boot; then the same on a blank disk with 4096-byte sectors
# (its first boot formats it).  One result line per round; "ok summary"
# at the end.
set -u
. "$SCENLIB"
: >"$RESULTS"
# 20 + 10 rounds took 385 s of CI's 90 minutes; the host test
# (tests/unit/test_vtpmstate_kill.c) kills the store at every write.
ROUNDS=${ROUNDS:-10}    # on the 512-byte-sector file
ROUNDS4K=${ROUNDS4K:-5} # on a loop device with 4096-byte sectors
lost=0 torn=0 inflight=0 exact=0

wait_gone "$DOMNAME" 300 || { say "FAIL the formatting boot did not end"; exit 1; }
console_has '^vtpmstatetest: formatted' ||
	{ say "FAIL the first boot did not format the disk"; exit 1; }

# boot NAME MODE: starts vtpmstatetest on the disk; prints its log path.
boot() {
	sed -e "s/^name = .*/name = \"$1\"/" -e "s/^extra = .*/extra = \"$2\"/" \
		"$WORK/xl.cfg" >"$WORK/$1.cfg"
	xl create "$WORK/$1.cfg" >"$WORK/$1.out" 2>&1 ||
		{ say "FAIL xl create $1: $(tail -n 1 "$WORK/$1.out")"; return 1; }
	echo "/var/log/xen/console/guest-$1.log"
}

# loaded LOG: the counter the boot loaded ("CORRUPT" if torn, "" if none).
loaded() {
	local line
	line=$(wait_line '^vtpmstatetest: (loaded [0-9]+ ok|loaded CORRUPT|vtpmstate_open|blkfront|xvda)' 120 "$1") || return 0
	case "$line" in
	*"loaded CORRUPT"*) echo CORRUPT ;;
	*" ok") line=${line#vtpmstatetest: loaded }; echo "${line% ok}" ;;
	*) echo "error: $line" ;;
	esac
}

# judge ROUND ACKED GOT: GOT must be ACKED or ACKED+1.
judge() {
	case "$3" in
	"$2") exact=$((exact + 1)); say "ok round $1: acked $2, loaded $3" ;;
	"$(($2 + 1))") inflight=$((inflight + 1)); say "ok round $1: acked $2, loaded $3 (the store in flight)" ;;
	CORRUPT) torn=$((torn + 1)); say "FAIL round $1: acked $2, loaded a torn state" ;;
	*) lost=$((lost + 1)); say "FAIL round $1: acked $2, loaded ${3:-nothing}" ;;
	esac
}

# rounds TAG DISK N: N kill rounds on DISK (its first boot loads the
# empty state of a formatted disk, or formats a blank one), then a check.
rounds() {
	local tag=$1 disk=$2 n=$3 acked=0 r name log got want a
	sed -i "s|target=[^\"]*\"|target=$disk\"|" "$WORK/xl.cfg"
	for r in $(seq 1 "$n"); do
		name=$DOMNAME-$tag-$r
		log=$(boot "$name" store) || return 1
		got=$(loaded "$log")
		[ "$r" = 1 ] && [ "$tag" = 4k ] && ! grep -q 'sector 4096' "$log" &&
			say "FAIL $tag: the guest did not see 4096-byte sectors"
		judge "$tag $r" "$acked" "$got"
		case "$got" in '' | CORRUPT | error*) xl destroy "$name"; return 1 ;; esac
		# A random number of acks (1..12), then a random delay (0..0.49 s).
		want=$((got + 1 + RANDOM % 12))
		wait_line "^acked $want\$" 120 "$log" >/dev/null ||
			{ say "FAIL round $tag $r: no ack $want: $(tr -d '\r' <"$log" | tail -n 1)"; xl destroy "$name"; return 1; }
		sleep "0.$((RANDOM % 5))$((RANDOM % 10))"
		xl destroy "$name"
		wait_gone "$name" 60
		a=$(tr -d '\r' <"$log" | sed -n 's/^acked \([0-9]*\)$/\1/p' | tail -n 1)
		acked=${a:-$got}
		kills=$((kills + 1))
	done
	name=$DOMNAME-$tag-check
	log=$(boot "$name" check) || return 1
	judge "$tag check" "$acked" "$(loaded "$log")"
	wait_gone "$name" 60 || xl destroy "$name"
}

kills=0
rounds 512 "$WORK/state.img" "$ROUNDS" &&
	rounds 4k /dev/loop7 "$ROUNDS4K"
say "ok summary: $kills kills; of $((exact + inflight + lost + torn)) loads, $exact the last ack, $inflight the store in flight, lost $lost, torn $torn"
