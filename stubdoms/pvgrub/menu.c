/*
 * menu.c - the boot menu and the command-line editor on the PV console.
 *
 * Input is whatever xenconsoled relays from `xl console` (or the domain's
 * pty): bytes, with the terminal's escape sequences for arrows and
 * Home/End.  Keys in the menu: 1-9 pick an entry by number, up/down (or
 * k/j) move, Enter boots, `e` edits the selected entry's kernel command
 * line, ESC goes back from a submenu.  Any key stops the countdown.  In
 * the editor: printable characters insert at the cursor, left/right,
 * Home/End (also Ctrl-a/Ctrl-e), Backspace, Delete; Enter or Ctrl-x
 * boots, ESC (alone) cancels.  Output is plain lines, no cursor
 * addressing, so a console log stays readable; `pvgrub: menu ready`
 * says that the menu waits for keys.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "libc-glue/kapi.h"
#include "pvgrub.h"

enum key {
	K_NONE = -1,
	K_UP = 0x100,
	K_DOWN,
	K_LEFT,
	K_RIGHT,
	K_HOME,
	K_END,
	K_DEL,
	K_ESC,
	K_TIMEOUT,
	K_EOF,
};

#define ESC_WAIT_NS (300 * NSEC_PER_MSEC)

/* One byte, waiting until deadline (0: for ever): the byte, K_TIMEOUT, or
 * K_EOF when the console has no input. */
static int getbyte(uint64_t deadline)
{
	char c;
	long n = console_read(&c, 1, deadline);

	if (n == 1)
		return (unsigned char)c;
	return kerr(n) == -ETIMEDOUT ? K_TIMEOUT : K_EOF;
}

/* The rest of an escape sequence: CSI/SS3 letters and "[N~" forms. */
static int escape_seq(void)
{
	int c = getbyte(monotonic_ns() + ESC_WAIT_NS), n = 0;

	if (c != '[' && c != 'O')
		return K_ESC;
	c = getbyte(monotonic_ns() + ESC_WAIT_NS);
	while (c >= '0' && c <= '9' && n < 100) {
		n = n * 10 + (c - '0');
		c = getbyte(monotonic_ns() + ESC_WAIT_NS);
	}
	switch (c) {
	case 'A':
		return K_UP;
	case 'B':
		return K_DOWN;
	case 'C':
		return K_RIGHT;
	case 'D':
		return K_LEFT;
	case 'H':
		return K_HOME;
	case 'F':
		return K_END;
	case '~':
		return n == 1 || n == 7	  ? K_HOME
		       : n == 4 || n == 8 ? K_END
		       : n == 3		  ? K_DEL
					  : K_NONE;
	}
	return K_NONE;
}

static int getkey(uint64_t deadline)
{
	int c = getbyte(deadline);

	return c == 0x1b ? escape_seq() : c;
}

static void draw(const char *header, const struct menu_item *items,
		 unsigned int n, unsigned int sel)
{
	unsigned int i;

	printf("\n%s\n", header);
	for (i = 0; i < n; i++)
		printf("%s %2u. %s%s\n", i == sel ? ">" : " ", i + 1,
		       items[i].title, items[i].submenu ? "  >" : "");
	printf("Up/down or 1-%u to choose, Enter to boot, 'e' to edit the "
	       "command line, ESC to go back.\n",
	       n < 9 ? n : 9);
	fflush(stdout);
}

/* Counts down; returns the first key, or K_TIMEOUT when time ran out. */
static int countdown(const struct menu_item *it, long timeout_ms, bool give_up)
{
	uint64_t end = monotonic_ns() + (uint64_t)timeout_ms * NSEC_PER_MSEC;
	long left = (timeout_ms + 999) / 1000;

	while (left > 0) {
		uint64_t now = monotonic_ns(), step;
		int k;

		if (give_up)
			printf("\rGiving up in %ld s unless a key is pressed ",
			       left);
		else
			printf("\rBooting '%s' in %ld s ", it->title, left);
		fflush(stdout);
		step = now + NSEC_PER_SEC < end ? now + NSEC_PER_SEC : end;
		k = getkey(step);
		if (k != K_TIMEOUT) {
			printf("\n");
			return k;
		}
		left--;
	}
	printf("\n");
	return K_TIMEOUT;
}

static void ready(void)
{
	printf("pvgrub: menu ready\n");
	fflush(stdout);
}

int menu_choose(const char *header, const struct menu_item *items,
		unsigned int n, unsigned int sel, long timeout_ms, bool give_up,
		enum menu_action *action)
{
	int k;

	*action = MENU_TIMEOUT;
	if (!n)
		return -1;
	if (sel >= n)
		sel = 0;
	draw(header, items, n, sel);
	if (timeout_ms == 0)
		return (int)sel;
	ready();
	k = timeout_ms > 0 ? countdown(&items[sel], timeout_ms, give_up)
			   : getkey(0);
	for (;; k = getkey(0)) {
		*action = MENU_BOOT;
		if (k == K_TIMEOUT || k == K_EOF) {
			*action = MENU_TIMEOUT;
			return (int)sel;
		}
		if (k == '\r' || k == '\n')
			return (int)sel;
		if (k == K_ESC) {
			*action = MENU_BACK;
			return (int)sel;
		}
		if (k == 'e') {
			*action = MENU_EDIT;
			return (int)sel;
		}
		if ((k == K_UP || k == 'k') && sel > 0)
			sel--;
		else if ((k == K_DOWN || k == 'j') && sel + 1 < n)
			sel++;
		else if (k >= '1' && k <= '9' && (unsigned int)(k - '1') < n)
			sel = (unsigned int)(k - '1');
		else
			continue;
		draw(header, items, n, sel);
		ready();
	}
}

/* Shows the line with the cursor at pos: the whole line, then enough
 * backspaces to put the terminal's cursor where ours is. */
static void redraw(const char *prompt, const char *line, size_t pos)
{
	size_t len = strlen(line), i;

	printf("\r\x1b[K%s%s", prompt, line);
	for (i = pos; i < len; i++)
		putchar('\b');
	fflush(stdout);
}

int menu_edit(const char *prompt, char *line, size_t size)
{
	size_t pos = strlen(line), len;

	printf("Edit the command line: Enter or Ctrl-x boots, ESC cancels.\n");
	printf("pvgrub: editor ready\n");
	redraw(prompt, line, pos);
	for (;;) {
		int k = getkey(0);

		len = strlen(line);
		if (k == '\r' || k == '\n' || k == 0x18) {
			printf("\n");
			return 1;
		}
		if (k == K_ESC || k == K_EOF) {
			printf("\n");
			return 0;
		}
		if ((k == K_LEFT || k == 0x02) && pos > 0)
			pos--;
		else if ((k == K_RIGHT || k == 0x06) && pos < len)
			pos++;
		else if (k == K_HOME || k == 0x01)
			pos = 0;
		else if (k == K_END || k == 0x05)
			pos = len;
		else if ((k == 0x7f || k == 0x08) && pos > 0) {
			memmove(line + pos - 1, line + pos, len - pos + 1);
			pos--;
		} else if ((k == K_DEL || k == 0x04) && pos < len)
			memmove(line + pos, line + pos + 1, len - pos);
		else if (k >= 0x20 && k < 0x7f && len + 1 < size) {
			memmove(line + pos + 1, line + pos, len - pos + 1);
			line[pos++] = (char)k;
		} else
			continue;
		redraw(prompt, line, pos);
	}
}
