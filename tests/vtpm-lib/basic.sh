#!/bin/sh
# tests/vtpm-lib/basic.sh: the vtpm-basic command script (issue 10).
#
# Runs a fixed list of TPM 2.0 operations with tpm2-tools against the TPM
# that TPM2TOOLS_TCTI names (the rig guest: device:/dev/tpm0 through
# xen-tpmfront; dom0: swtpm:port=2321) and prints one line per step,
# "STEP: RESULT", with only deterministic results (sizes and verdicts for
# random numbers and signatures), so the guest's output can be compared
# line by line with swtpm's.  Lines starting "info " are not compared.
# POSIX sh: it runs under busybox ash in the guest and bash in dom0.
#
# Neither TPM has a resource manager (xen-tpmfront registers a TPM 1.2
# chip, so there is no /dev/tpmrm0): every step flushes the transient
# objects and sessions it leaves behind, or the TPM's three object slots
# fill up.  It trusts only its own constants; what the TPM returns is
# checked, never assumed.
#
# Usage: basic.sh [STEP...]      default: every step in STEPS, in order;
#                                readback (after a restart) is asked by name
#        basic.sh expect         the PCR lines dom0 computes without a TPM
# Environment: TPM2TOOLS_TCTI, VTPM_WORK (scratch directory, default
# /tmp/vtpm-basic), VTPM_PREFIX (put before every line, e.g. "VTPM ").
# Exit status: the number of failed steps (0: all ok).

STEPS="startup getrandom pcrextend createprimary rsa-sign ecc-sign nv evictcontrol seal"
EXTRA_STEPS="readback"
PCR=16              # resettable at locality 0: starts from zero every run
SEAL_PCR=23         # the PCR the sealed object's policy names
NV_INDEX=0x01500016 # owner-defined NV index
PERSIST=0x81010016  # persistent handle for the evicted RSA key
W=${VTPM_WORK:-/tmp/vtpm-basic}
FAILED=0

out() { echo "${VTPM_PREFIX:-}$*"; }
ok() { out "$STEP: ${*:-ok}"; }
bad() {
	out "$STEP: FAIL $*"
	FAILED=$((FAILED + 1))
}

# t CMD...: run a tpm2 tool quietly; on failure keep the last error line
# (and the TPM's response code, "rc=0x..." when the tool named one).
t() {
	"$@" >"$W/t.out" 2>"$W/t.err" && return 0
	ERR="$1: $(grep -v '^$' "$W/t.err" | tail -n 1)"
	RC=$(grep -o 'ErrorCode (0x[0-9a-fA-F]*)' "$W/t.err" | tail -n 1 | grep -o '0x[0-9a-fA-F]*')
	return 1
}

# Flush the transient objects the last tools left loaded; with no
# resource manager nobody else does.  Only the seal step starts sessions
# (policy_unseal flushes them), so sessions are flushed only at the start
# and after a failure there.  Each flush is a process: under TCG, three
# per tool would double the script's time.
flush() {
	tpm2_flushcontext -t >/dev/null 2>&1
	return 0
}
flush_all() {
	flush
	tpm2_flushcontext -l >/dev/null 2>&1
	tpm2_flushcontext -s >/dev/null 2>&1
	return 0
}

hex() { od -An -v -tx1 "$1" | tr -d ' \n'; }
size() { wc -c <"$1" | tr -d ' '; }
sha() { sha256sum "$1" | cut -c1-64; }

# Bytes of a hex string on stdout (octal escapes: POSIX printf has no \x).
unhex() {
	local h=$1
	while [ -n "$h" ]; do
		printf "\\$(printf %03o $((0x$(echo "$h" | cut -c1-2))))"
		h=$(echo "$h" | cut -c3-)
	done
}

# The extend rule, computed without a TPM: SHA-256(old || digest).
pcr_next() { { unhex "$1"; unhex "$2"; } | sha256sum | cut -c1-64; }

ZERO=0000000000000000000000000000000000000000000000000000000000000000
# Two fixed digests to extend with: SHA-256 of fixed strings.
D1=$(printf 'domlet vtpm-basic extend 1' | sha256sum | cut -c1-64)
D2=$(printf 'domlet vtpm-basic extend 2' | sha256sum | cut -c1-64)

pcr_read() { # pcr_read INDEX: hex value of sha256:INDEX
	t tpm2_pcrread "sha256:$1" -o "$W/pcr" || return 1
	[ "$(size "$W/pcr")" = 32 ] || { ERR="pcrread gave $(size "$W/pcr") bytes"; return 1; }
	hex "$W/pcr"
}

# --- steps ------------------------------------------------------------------

# The TPM answers at all and is started (the vTPM starts itself; swtpm
# runs with startup-clear): a capability read must work.
step_startup() {
	t tpm2_getcap properties-fixed || { bad "$ERR"; return; }
	grep -q 'TPM2_PT_FAMILY_INDICATOR' "$W/t.out" || { bad "no TPM2_PT_FAMILY_INDICATOR"; return; }
	ok "family $(grep -A2 TPM2_PT_FAMILY_INDICATOR "$W/t.out" | sed -n 's/.*value: *"\(.*\)".*/\1/p')"
}

step_getrandom() {
	local a b
	t tpm2_getrandom 32 -o "$W/r1" && t tpm2_getrandom 32 -o "$W/r2" || { bad "$ERR"; return; }
	a=$(size "$W/r1") b=$(size "$W/r2")
	[ "$a" = 32 ] && [ "$b" = 32 ] || { bad "sizes $a and $b"; return; }
	[ "$(hex "$W/r1")" != "$(hex "$W/r2")" ] || { bad "two reads gave the same 32 bytes"; return; }
	ok "32 bytes twice, different"
}

step_pcrextend() {
	local v
	t tpm2_pcrreset "$PCR" || { bad "pcrreset $PCR: $ERR"; return; }
	v=$(pcr_read "$PCR") || { bad "$ERR"; return; }
	out "$STEP: pcr$PCR reset $v"
	t tpm2_pcrextend "$PCR:sha256=$D1" || { bad "$ERR"; return; }
	v=$(pcr_read "$PCR") || { bad "$ERR"; return; }
	out "$STEP: pcr$PCR extend1 $v"
	t tpm2_pcrextend "$PCR:sha256=$D2" || { bad "$ERR"; return; }
	v=$(pcr_read "$PCR") || { bad "$ERR"; return; }
	out "$STEP: pcr$PCR extend2 $v"
}

# The owner hierarchy's primary with the default template; its public key
# comes from the TPM's own seed, so only its type and size are printed.
step_createprimary() {
	t tpm2_createprimary -C o -G rsa2048 -c "$W/prim.ctx" || { bad "$ERR"; flush; return; }
	grep -q 'rsa: ' "$W/t.out" || { bad "no rsa public key in the output"; flush; return; }
	out "info $STEP: rsa modulus $(sed -n 's/^rsa: \(.\{16\}\).*/\1/p' "$W/t.out")..."
	flush
	ok "rsa2048 storage primary"
}

# sign_step ALG KEYSPEC SIGSIZE: create and load a signing key under the
# primary, sign a message, verify the signature, and check that a changed
# message does not verify.  The signature's TPMT_SIGNATURE size is fixed
# for each algorithm (RSA: 6 + 256; ECDSA P-256: 6 + 2 * (2 + 32)).
sign_step() {
	local alg=$1 spec=$2 want=$3 n
	t tpm2_create -C "$W/prim.ctx" -G "$spec" -u "$W/$alg.pub" -r "$W/$alg.priv" ||
		{ bad "create: $ERR"; flush; return; }
	flush
	t tpm2_load -C "$W/prim.ctx" -u "$W/$alg.pub" -r "$W/$alg.priv" -c "$W/$alg.ctx" ||
		{ bad "load: $ERR"; flush; return; }
	flush
	t tpm2_sign -c "$W/$alg.ctx" -g sha256 -o "$W/$alg.sig" "$W/msg" || { bad "sign: $ERR"; flush; return; }
	flush
	n=$(size "$W/$alg.sig")
	[ "$n" = "$want" ] || { bad "signature of $n bytes, expected $want"; return; }
	t tpm2_verifysignature -c "$W/$alg.ctx" -g sha256 -m "$W/msg" -s "$W/$alg.sig" ||
		{ bad "verifysignature: $ERR"; flush; return; }
	flush
	if t tpm2_verifysignature -c "$W/$alg.ctx" -g sha256 -m "$W/msg2" -s "$W/$alg.sig"; then
		bad "a changed message verified"
		flush
		return
	fi
	flush
	ok "signature $n bytes, verifies; changed message refused${RC:+ rc=$RC}"
}

step_rsa_sign() { sign_step rsa rsa2048:rsassa 262; }
step_ecc_sign() { sign_step ecc ecc256:ecdsa 72; }

step_nv() {
	local n
	t tpm2_nvundefine -C o "$NV_INDEX" # left by an earlier run: ignore
	t tpm2_nvdefine -C o -s 32 -a "ownerread|ownerwrite" "$NV_INDEX" || { bad "nvdefine: $ERR"; return; }
	printf 'domlet vtpm-basic nv data 32 byt' >"$W/nv.in" # 32 bytes
	t tpm2_nvwrite -C o -i "$W/nv.in" "$NV_INDEX" || { bad "nvwrite: $ERR"; return; }
	t tpm2_nvread -C o -s 32 -o "$W/nv.out" "$NV_INDEX" || { bad "nvread: $ERR"; return; }
	n=$(size "$W/nv.out")
	cmp -s "$W/nv.in" "$W/nv.out" || { bad "read back $n bytes that differ from the 32 written"; return; }
	t tpm2_nvreadpublic "$NV_INDEX" || { bad "nvreadpublic: $ERR"; return; }
	ok "$NV_INDEX 32 bytes written and read back, sha256 $(sha "$W/nv.out"), $(grep -m1 'size:' "$W/t.out" | tr -d ' ')"
}

# The RSA key made by rsa-sign goes to a persistent handle, which then
# signs without any context file.
step_evictcontrol() {
	t tpm2_evictcontrol -C o -c "$PERSIST" # left by an earlier run: ignore
	flush
	t tpm2_evictcontrol -C o -c "$W/rsa.ctx" "$PERSIST" || { bad "$ERR"; flush; return; }
	flush
	t tpm2_getcap handles-persistent || { bad "getcap: $ERR"; return; }
	grep -qi "$PERSIST" "$W/t.out" || { bad "$PERSIST not listed in handles-persistent"; return; }
	t tpm2_sign -c "$PERSIST" -g sha256 -o "$W/p.sig" "$W/msg" || { bad "sign with $PERSIST: $ERR"; flush; return; }
	flush
	t tpm2_verifysignature -c "$W/rsa.ctx" -g sha256 -m "$W/msg" -s "$W/p.sig" ||
		{ bad "verify: $ERR"; flush; return; }
	flush
	t tpm2_readpublic -c "$PERSIST" && out "info $STEP: name $(sed -n 's/^name: //p' "$W/t.out")"
	flush
	ok "$PERSIST listed, signs, signature verifies"
}

# Not in STEPS: after the TPM restarted from its saved state (vtpm-restart),
# what basic.sh left must still be there: the NV index with its data, the
# persistent key (which signs and verifies its own signature); PCR 16 is
# fresh again.
step_readback() {
	local v
	t tpm2_nvread -C o -s 32 -o "$W/nv.out" "$NV_INDEX" || { bad "nvread: $ERR"; return; }
	printf 'domlet vtpm-basic nv data 32 byt' >"$W/nv.in"
	cmp -s "$W/nv.in" "$W/nv.out" || { bad "NV $NV_INDEX holds other data (sha256 $(sha "$W/nv.out"))"; return; }
	out "$STEP: $NV_INDEX data intact"
	t tpm2_readpublic -c "$PERSIST" || { bad "readpublic $PERSIST: $ERR"; flush; return; }
	out "info $STEP: name $(sed -n 's/^name: //p' "$W/t.out")"
	flush
	t tpm2_sign -c "$PERSIST" -g sha256 -o "$W/p.sig" "$W/msg" || { bad "sign with $PERSIST: $ERR"; flush; return; }
	flush
	t tpm2_verifysignature -c "$PERSIST" -g sha256 -m "$W/msg" -s "$W/p.sig" || { bad "verify: $ERR"; flush; return; }
	flush
	out "$STEP: $PERSIST signs, signature verifies"
	v=$(pcr_read "$PCR") || { bad "$ERR"; return; }
	ok "pcr$PCR $v"
}

# policy_unseal FILE: a PCR policy session on SEAL_PCR, then unseal.
policy_unseal() {
	t tpm2_startauthsession --policy-session -S "$W/sess.ctx" || return 1
	if t tpm2_policypcr -S "$W/sess.ctx" -l "sha256:$SEAL_PCR" &&
		t tpm2_unseal -c "$W/seal.ctx" -p "session:$W/sess.ctx" -o "$1"; then
		tpm2_flushcontext "$W/sess.ctx" >/dev/null 2>&1
		flush
		return 0
	fi
	tpm2_flushcontext "$W/sess.ctx" >/dev/null 2>&1
	flush_all
	return 1
}

step_seal() {
	t tpm2_pcrreset "$SEAL_PCR" || { bad "pcrreset $SEAL_PCR: $ERR"; return; }
	t tpm2_createpolicy --policy-pcr -l "sha256:$SEAL_PCR" -L "$W/pcr.policy" || { bad "createpolicy: $ERR"; flush; return; }
	flush
	out "$STEP: policy $(hex "$W/pcr.policy")"
	printf 'domlet vtpm-basic sealed secret' >"$W/secret"
	t tpm2_create -C "$W/prim.ctx" -L "$W/pcr.policy" -a "fixedtpm|fixedparent" -i "$W/secret" \
		-u "$W/seal.pub" -r "$W/seal.priv" || { bad "create: $ERR"; flush; return; }
	flush
	t tpm2_load -C "$W/prim.ctx" -u "$W/seal.pub" -r "$W/seal.priv" -c "$W/seal.ctx" ||
		{ bad "load: $ERR"; flush; return; }
	flush
	policy_unseal "$W/unsealed" || { bad "unseal: $ERR"; return; }
	cmp -s "$W/secret" "$W/unsealed" || { bad "unsealed $(size "$W/unsealed") bytes that differ"; return; }
	out "$STEP: unseal ok, $(size "$W/unsealed") bytes match"
	t tpm2_unseal -c "$W/seal.ctx" -o "$W/unsealed2" && { flush; bad "unsealed without the policy session"; return; }
	flush
	out "$STEP: unseal without policy refused${RC:+ rc=$RC}"
	t tpm2_pcrextend "$SEAL_PCR:sha256=$D1" || { bad "pcrextend: $ERR"; return; }
	rm -f "$W/unsealed3"
	policy_unseal "$W/unsealed3" && { bad "unsealed after PCR $SEAL_PCR changed"; return; }
	ok "unseal after pcr$SEAL_PCR changed refused${RC:+ rc=$RC}"
}

# What dom0 expects of step pcrextend, computed here with sha256sum only.
expect() {
	local v1 v2
	v1=$(pcr_next "$ZERO" "$D1")
	v2=$(pcr_next "$v1" "$D2")
	out "pcrextend: pcr$PCR reset $ZERO"
	out "pcrextend: pcr$PCR extend1 $v1"
	out "pcrextend: pcr$PCR extend2 $v2"
}

main() {
	local s n=0
	mkdir -p "$W" || exit 99
	if [ "$1" = expect ]; then
		expect
		return 0
	fi
	printf 'domlet vtpm-basic message to sign' >"$W/msg"
	printf 'domlet vtpm-basic message to sign!' >"$W/msg2"
	flush_all
	for s in ${*:-$STEPS}; do
		STEP=$s
		n=$((n + 1))
		case " $STEPS $EXTRA_STEPS " in *" $s "*) ;; *) bad "no such step"; continue ;; esac
		"step_$(echo "$s" | tr - _)"
		[ -z "${VTPM_DEBUG:-}" ] || out "info $s: left $(tpm2_getcap handles-transient | wc -l) transient, $(tpm2_getcap handles-loaded-session | wc -l) loaded and $(tpm2_getcap handles-saved-session | wc -l) saved sessions"
	done
	out "done: $n steps, $FAILED failed"
	return "$FAILED"
}

main "$@"
