# The site (an index page, a 1 KiB and a 1 MiB file) as the guest's
# xvda, and a copy in the share ($SCEN/site) for host-during.sh to
# compare with what comes back through the forward.
set -e
rm -rf site && mkdir -p site
echo '<!doctype html><title>domlet</title><p>hello from the host side' >site/index.html
head -c 768 /dev/urandom | base64 -w 64 >site/small.txt
head -c 1048576 /dev/urandom >site/big.bin
(cd site && tar -cf ../site.tar index.html small.txt big.bin)
rm -rf "$SCEN/site.tmp" && cp -r site "$SCEN/site.tmp" && mv "$SCEN/site.tmp" "$SCEN/site"
rm -f "$SCEN/host-done"
