# As hvm-stubdom's pre.sh, plus the other guest the stub domain must not
# reach: hello, held up until post.sh destroys it.
. "$SCENLIB"
. "$SCEN/hvm-lib/dom0.sh"
hvm_stubdom_pre bootsector.img bs.img || exit 1
other=$DOMNAME-other
cat >"$WORK/other.cfg" <<CFG
name = "$other"
kernel = "/share/images/hello.elf"
extra = "hold"
memory = 16
on_poweroff = "destroy"
CFG
xl create "$WORK/other.cfg" >"$WORK/other.log" 2>&1 ||
	{ echo "xl create $other failed: $(tail -n 2 "$WORK/other.log")"; exit 1; }
id=$(xl domid "$other") || { echo "no domain $other after xl create"; exit 1; }
echo "$id" >"$WORK/other-domid"
echo "other guest $other is domain $id"
