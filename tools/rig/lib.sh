# tools/rig/lib.sh: shared paths and helpers for the rig scripts (sourced).

RIG_TOOLS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$RIG_TOOLS/../.." && pwd)
RIG=$ROOT/build/rig            # everything the rig builds or writes
CACHE=$RIG/cache               # downloaded .debs and their unpacked trees
RIG_START=${RIG_START:-$SECONDS}

# Network of the rig's private bridge inside dom0 (never leaves QEMU).
RIG_DOM0_IP=10.99.0.1
RIG_GUEST_IP=10.99.0.2

# Progress line with elapsed seconds: "[rig 12s] message".
say() { echo "[${RIG_TAG:-rig} $((SECONDS - RIG_START))s] $*" >&2; }
die() { echo "${RIG_TAG:-rig}: error: $*" >&2; exit 1; }
