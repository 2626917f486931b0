bash "$ROOT/tests/hvm-lib/host-pre.sh" linux
