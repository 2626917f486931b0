#!/bin/sh
# The panic names the function whose canary was overwritten.
tr -d '\r' <"$LOG" | grep -q "stack smashing detected.*in 0x" || { echo "no canary report"; exit 1; }
tr -d '\r' <"$LOG" | grep -q "<smash+" || { echo "backtrace lacks smash()"; exit 1; }
