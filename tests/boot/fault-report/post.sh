#!/bin/sh
# The crash report names the fault, the address and the whole call chain.
for want in "FATAL: page fault" "page fault at address 00000000dead0000" \
	"RIP: " "Backtrace:" "<fault_level3+" "<fault_level2+" \
	"<fault_level1+" "<main+"; do
	tr -d '\r' <"$LOG" | grep -qF "$want" || { echo "crash report lacks \"$want\""; exit 1; }
done
