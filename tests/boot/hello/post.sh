#!/bin/sh
# The banner and the command line from extra= reached the console.
grep -q "Hello from domlet!" "$LOG" || { echo "no banner"; exit 1; }
grep -q 'argv\[2\] = "answer=42"' "$LOG" || { echo "command line not parsed"; exit 1; }
