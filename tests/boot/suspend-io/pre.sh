# A 1 MiB disk of zeros: suspendtest writes its first 256 KiB.
set -e
rm -f disk.img
truncate -s 1M disk.img
