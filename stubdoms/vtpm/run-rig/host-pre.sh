bash "$ROOT/tests/vtpm-lib/host-pre.sh"
