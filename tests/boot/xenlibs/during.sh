# dom0's half of xenlibs: the stub domain's QMP path.  libxl connects to
# QEMU in a stub domain through vchan-socket-proxy, a vchan client in
# dom0 (Linux's gntdev/evtchn); here it is the client of xenlibtest's
# vchan server, sends 1 MiB and must get the same bytes back.  stdin
# stays open after the data (the proxy stops at its EOF); the guest
# closes the vchan once it has echoed everything, which ends the proxy.
set -u
. "$SCENLIB"
line=$(wait_line '^xenlibtest: vchan for dom0 at ' 120) || { say "FAIL no vchan server line"; exit 1; }
path=${line##* at }
head -c 1048576 /dev/urandom >"$WORK/vchan.in"
{ cat "$WORK/vchan.in"; sleep 60; } |
	timeout 90 /usr/lib/xen-4.17/bin/vchan-socket-proxy "$DOMID" "$path" - >"$WORK/vchan.out" 2>"$WORK/vchan.err"
rc=$?
if cmp -s "$WORK/vchan.in" "$WORK/vchan.out"; then
	say "ok dom0 vchan-socket-proxy: 1 MiB echoed back intact (proxy rc $rc)"
else
	say "FAIL dom0 vchan: got $(stat -c %s "$WORK/vchan.out") bytes back, proxy rc $rc: $(tail -n 2 "$WORK/vchan.err" | tr '\n' ' ')"
fi
