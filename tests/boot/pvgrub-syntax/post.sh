# The syntax error was reported with its file and line, and the config
# refused (the verdict shows that menu.lst was booted instead).
. "$SCENLIB"
tr -d '\r' <"$LOG" | grep -E 'grub\.cfg:3:' || { echo "FAIL no 'grub.cfg:3:' message for the syntax error"; exit 1; }
tr -d '\r' <"$LOG" | grep -q 'reading (hd0,msdos5)/boot/grub/menu.lst' || { echo "FAIL menu.lst was not read after the broken grub.cfg"; exit 1; }
echo "ok syntax error reported, menu.lst booted"
