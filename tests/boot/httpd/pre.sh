# The site: an index page, a 1 KiB and a 1 MiB file, a page in a
# subdirectory and one whose path is longer than tar's 100-byte name
# field (a GNU long-name record), all in site.tar, the guest's xvda.
# site.sha256 lists what dom0 must get back.  The disk has 8 MiB of
# free space after the archive for uploads (upload=/uploads/); two
# files to upload, and a replacement for the first.
set -e
rm -rf site got && mkdir -p site/sub got
long=sub/$(printf 'a%.0s' $(seq 120)).txt
echo '<!doctype html><title>domlet</title><p>hello from domlet httpd' >site/index.html
head -c 768 /dev/urandom | base64 -w 64 >site/small.txt
head -c 1048576 /dev/urandom >site/big.bin
echo '<p>a page in a directory' >site/sub/page.html
echo 'a long name' >"site/$long"
(cd site && tar -cf ../site.tar index.html small.txt big.bin sub)
(cd site && sha256sum index.html small.txt big.bin sub/page.html "$long") >site.sha256
dd if=/dev/zero of=site.tar bs=1M count=0 seek=$(($(stat -c %s site.tar) / 1048576 + 9)) 2>/dev/null
head -c 300000 /dev/urandom >up-one.bin
head -c 1048577 /dev/urandom >up-big.bin
head -c 513 /dev/urandom >up-one-again.bin
: >up-empty.txt
ls -l site.tar
tar -tf site.tar | head -n 8
