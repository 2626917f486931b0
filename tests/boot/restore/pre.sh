# The site: a page, a 1 KiB file and a 1 MiB one (fetched only after
# the restore) in site.tar, the guest's xvda; site.sha256 for dom0.
set -e
rm -rf site && mkdir -p site got
echo '<!doctype html><title>domlet</title><p>before and after' >site/index.html
head -c 1024 /dev/urandom >site/small.bin
head -c 1048576 /dev/urandom >site/big.bin
(cd site && tar -cf ../site.tar index.html small.bin big.bin)
(cd site && sha256sum index.html small.bin big.bin) >site.sha256
