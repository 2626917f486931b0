# Every format booted to the guest's verdict, from its own entry.
. "$SCENLIB"
require_results "ok format bzimage" "ok format none" "ok format gzip" \
	"ok format bzip2" "ok format lzma" "ok format xz" "ok format lzo" \
	"ok format lz4" "ok format lz4legacy" "ok format zstd"
