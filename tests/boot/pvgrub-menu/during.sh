# Types on pvgrub's menu through the console pty.  The key protocol
# pvgrub's menu accepts (stubdoms/pvgrub/menu.c):
#   menu:   digits 1-9 select that entry; up/down (ESC [ A / ESC [ B)
#           and k/j move; Enter boots the selected entry; `e` edits its
#           kernel command line; ESC goes back.  Any key stops the
#           countdown.  It prints "pvgrub: menu ready" when it waits.
#   editor: a one-line editor ("pvgrub: editor ready"): printable
#           characters insert at the cursor; left/right arrows; Home/End
#           (ESC [ H / ESC [ F, or Ctrl-a / Ctrl-e); Backspace (0x7f or
#           0x08) deletes before the cursor; Enter or Ctrl-x boots the
#           edited line; ESC alone (0.3 s without a following byte)
#           cancels.
. "$SCENLIB"
wait_line '^pvgrub: menu ready' 120 >/dev/null || { say "FAIL menu: no 'pvgrub: menu ready' in 120 s"; exit 1; }
console_send '\e[B' && sleep 0.5
console_send 'e'
wait_line '^pvgrub: editor ready' 30 >/dev/null || { say "FAIL menu: no 'pvgrub: editor ready' after e"; exit 1; }
console_send '\e[F' && sleep 0.3
console_send ' pvgrubedit=1x' && sleep 0.3
console_send '\x7f' && sleep 0.3
console_send '\r'
say "ok menu: typed down, e, End, ' pvgrubedit=1x', Backspace, Enter"
