#!/bin/sh
# make demo: posta's main job, shown on this machine. Installs the Debian
# packages that are missing (make deps), starts a private Dovecot and
# Postfix on 127.0.0.1 (tests/servers.sh, the ones the tests use), writes a
# throw-away account for alice@localhost, then runs, printing each command
# before it runs it:
#   1. mkmsg with a text body and a PDF attachment | smtp-send
#   2. mfetch --imap into a Maildir, once Postfix has delivered the message
#   3. mshow of the fetched message
#   4. mshow -x of its attachment, compared with the original
#   5. mkmsg with a 3 MB attachment, refused by the 2 MiB guard (a step that
#      fails when the attachment is NOT refused)
#   6. smtp-send --probe of the local server
# It stops the servers at the end, also when a step fails or on INT, TERM or
# HUP, and says where the config and the Maildir it used are.  It builds
# nothing: make demo builds the tools first.
#
#   sh tests/demo.sh               the demo (as root: the servers need it)
#   sh tests/demo.sh --deps-only   only install the missing packages
#
# Environment:
#   BIN             the directory of the tools (default: the top of the tree)
#   DEMO_DIR        the demo's directory (default: build/demo): the servers,
#                   the config, the Maildir and the files sent.  A rerun
#                   stops the servers a previous run left and starts afresh.
#   DEMO_SKIP_DEPS  when set and not empty, the packages are not checked.
# Exit status: 0 every step did what it shows; 1 a step failed (named on
# stderr); 64 usage; 69 cannot run here (packages missing and not root, no
# servers, tools not built); 70 cannot list the packages; 73 cannot write in
# DEMO_DIR; 130, 143, 129 interrupted (INT, TERM, HUP).

TOP=$(cd "$(dirname "$0")/.." && pwd) || exit 70
. "$TOP/tests/servers.sh"
TOOLS="mkmsg smtp-send mfetch mshow"

say() { echo "demo: $*" >&2; }

# --- the Debian packages -----------------------------------------------------------
# check_deps: installs, with make deps, the packages of the Makefile's DEBS
# that dpkg does not have installed; nothing when all are there.
check_deps() {
	if ! command -v dpkg-query >/dev/null 2>&1; then
		say "dpkg-query not found: the demo installs its packages on Debian only"
		say "install what the Makefile's DEBS lists, then run it with DEMO_SKIP_DEPS=1"
		exit 69
	fi
	debs=$(make -s --no-print-directory -C "$TOP" print-debs) && [ -n "$debs" ] || {
		say "cannot list the packages (make print-debs)"; exit 70
	}
	missing=
	for p in $debs; do
		case $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) in
		*" ok installed") ;;
		*) missing="$missing $p";;
		esac
	done
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" != 0 ]; then
		say "these Debian packages are missing:$missing"
		say "install them as root (make deps), or run make demo as root"
		exit 69
	fi
	echo "Installing the missing Debian packages:$missing (make deps)"
	make --no-print-directory -C "$TOP" deps || { say "make deps failed"; exit 69; }
}

case $# in
0) ;;
1) if [ "$1" = --deps-only ]; then check_deps; exit 0; fi
   echo "usage: sh tests/demo.sh [--deps-only]" >&2; exit 64;;
*) echo "usage: sh tests/demo.sh [--deps-only]" >&2; exit 64;;
esac
[ -n "${DEMO_SKIP_DEPS:-}" ] || check_deps

# --- where things are --------------------------------------------------------------
BIN=${BIN:-$TOP}
BIN=$(cd "$BIN" 2>/dev/null && pwd) || { say "BIN=$BIN: no such directory"; exit 69; }
for t in $TOOLS; do
	[ -x "$BIN/$t" ] || { say "$BIN/$t is missing: build the tools first (make)"; exit 69; }
done
# The tools are called by name: BIN goes first in PATH, before mblaze's mshow.
PATH=$BIN:$PATH
export PATH
for t in $TOOLS; do
	[ "$(command -v "$t")" = "$BIN/$t" ] || {
		say "$t is not found as $BIN/$t in PATH (a ':' in BIN?)"; exit 69
	}
done

DEMO_DIR=${DEMO_DIR:-$TOP/build/demo}
# A directory that is not empty is used only if an earlier demo made it:
# the demo removes what it made there before it starts.
if [ -d "$DEMO_DIR" ] && [ ! -e "$DEMO_DIR/.posta-demo" ] &&
    [ -n "$(ls -A "$DEMO_DIR")" ]; then
	say "$DEMO_DIR is not empty and not a demo's directory: set DEMO_DIR to a new one"
	exit 64
fi
mkdir -p "$DEMO_DIR" && DEMO_DIR=$(cd "$DEMO_DIR" && pwd) &&
    : >"$DEMO_DIR/.posta-demo" || exit 73
SRV=$DEMO_DIR/servers
# Dovecot's unix sockets live under it (tests/servers.sh allows 60 bytes).
if [ ${#SRV} -gt 60 ]; then
	say "$DEMO_DIR is too long a path for the servers' unix sockets: set DEMO_DIR to a shorter one, such as /tmp/posta-demo"
	exit 64
fi
why=$(servers_skip_reason)
if [ -n "$why" ]; then
	say "cannot start the mail servers: $why"; exit 69
fi

# --- stopping, whatever happens ------------------------------------------------------
servers_up='' step=0 steps=6 step_name='' passed=''
# finish: the EXIT trap: stops the servers, then says where things are.
finish() {
	rc=$?
	trap '' INT TERM HUP
	if [ -n "$servers_up" ]; then
		servers_stop "$SRV"
		servers_up=
		echo
		if [ -n "$passed" ]; then
			echo "Done: the $steps steps did what they show; the mail servers are stopped."
		else
			echo "The mail servers are stopped."
		fi
		echo "What the demo used stays in $DEMO_DIR:"
		echo "  config   $XDG_CONFIG_HOME/posta/config"
		echo "  Maildir  $DEMO_DIR/Maildir"
		echo "  logs     $SRV/postfix.log, dovecot.log"
		if [ -n "$passed" ]; then
			echo "To read the Maildir again with posta's mshow (not mblaze's):"
			echo "  $BIN/mshow $DEMO_DIR/Maildir"
		fi
	fi
	exit "$rc"
}
trap finish EXIT
trap 'say interrupted; exit 130' INT
trap 'say terminated; exit 143' TERM
trap 'say hangup; exit 129' HUP

# A previous run's servers, if it was killed before it could stop them, and
# its files.
servers_stop "$SRV"
for f in servers config state Maildir attachments note.txt report.pdf \
    scan.pdf scan.eml scan.err; do
	rm -rf "${DEMO_DIR:?}/$f"
done
cd "$DEMO_DIR" || exit 70

# --- the servers and the account -------------------------------------------------------
echo "posta demo: a message composed, sent, fetched and read, through private"
echo "mail servers.  The tools are in $BIN; the rest goes in $DEMO_DIR."
echo
printf 'Starting Dovecot and Postfix on 127.0.0.1 (tests/servers.sh): '
servers_up=1 XDG_CONFIG_HOME=$DEMO_DIR/config
servers_start "$SRV" || { echo; say "the mail servers did not start"; exit 69; }
. "$SRV/env"
echo "ready."

export XDG_CONFIG_HOME="$DEMO_DIR/config" XDG_STATE_HOME="$DEMO_DIR/state"
export PAGER=cat
unset POSTA_CONFIG
mkdir -p "$XDG_CONFIG_HOME/posta" || exit 73
(umask 077 && cat >"$XDG_CONFIG_HOME/posta/config") <<EOF || exit 73
account alice
  from          Alice Example <alice@localhost>
  smtp          smtp://127.0.0.1:$SUBMIT_PORT
  imap          imap://127.0.0.1:$IMAP_PORT
  user          alice@localhost
  passwordeval  echo alice-secret
  cacert        $CA
default alice
EOF
echo
echo "A throw-away account for alice@localhost, in $XDG_CONFIG_HOME/posta/config"
echo "(smtp:// and imap:// mean STARTTLS, required; cacert is the servers' own):"
sed 's/^/  /' "$XDG_CONFIG_HOME/posta/config"

printf 'Hi Alice,\n\nthe Q3 report is attached.\n\nAlice\n' >note.txt &&
    python3 "$TOP/tests/data/demo-files.py" . || exit 70
echo
echo "The commands run in $DEMO_DIR, with $BIN first in PATH, on the files"
echo "note.txt (the text), report.pdf (a one-page PDF, $(wc -c <report.pdf) bytes) and scan.pdf ($(wc -c <scan.pdf) bytes)."

# --- the steps ---------------------------------------------------------------------------
# begin NAME TEXT: the next step, NAME for a failure message, TEXT for the reader.
begin() { step=$((step + 1)); step_name=$1; printf '\n%s. %s\n' "$step" "$2"; }
# run CMD: prints CMD as typed at a prompt, then runs it here.
run() { printf '$ %s\n' "$1"; eval "$1"; }
# fail WHY: the step failed: says which and why and ends the demo (the trap
# stops the servers).
fail() { say "step $step of $steps ($step_name) failed: $*"; exit 1; }

begin "mkmsg | smtp-send" "Alice writes a note with report.pdf attached, and submits it to Postfix
   (submission port, STARTTLS, then login; the password comes from passwordeval):"
run "mkmsg -t 'Alice <alice@localhost>' -s 'Q3 report' -a report.pdf <note.txt | smtp-send" ||
    fail "exit status $?"
echo "  accepted (smtp-send says nothing when all went well)"

begin "mfetch --imap" "Postfix delivers it to Alice's mailbox; mfetch fetches it over IMAP
   (STARTTLS, login) into a Maildir here:"
servers_arrived "$MAILDIR_ALICE" 1 ||
    fail "the message did not arrive in 5 s (see $POSTFIX_LOG)"
run "mfetch --imap --maildir Maildir" || fail "exit status $?"
run "ls Maildir/new" || fail "exit status $?"
[ "$(ls Maildir/new | wc -l)" -eq 1 ] || fail "not one message in Maildir/new"

begin "mshow" "mshow renders the fetched message for a person; the attachment is one line:"
run "mshow Maildir" || fail "exit status $?"

begin "mshow -x, cmp" "mshow -x saves the attachment; cmp compares it with the original:"
run "mkdir attachments" || fail "exit status $?"
run "mshow -x -d attachments Maildir" || fail "exit status $?"
run "cmp report.pdf attachments/report.pdf" ||
    fail "the saved attachment is not the file that was sent"
echo "  the same $(wc -c <report.pdf) bytes: the PDF went through SMTP, IMAP and MIME unchanged"

begin "the 2 MiB guard of mkmsg" "A 3 MB scan is over mkmsg's 2 MiB attachment limit: refused before anything
   is written, so a pipe into smtp-send would send nothing:"
# stderr goes through a file so that the demo can check it is one line.
run "mkmsg -t 'Alice <alice@localhost>' -s 'the scan' -a scan.pdf <note.txt >scan.eml" 2>scan.err
rc=$?
cat scan.err
case $rc in
0) fail "mkmsg accepted the 3 MB attachment: the guard did not refuse it";;
65) ;;
*) fail "mkmsg exited $rc, not 65, the status of the guard's refusal";;
esac
[ "$(wc -l <scan.err)" -eq 1 ] && grep -q scan.pdf scan.err ||
    fail "the refusal was not one line naming scan.pdf"
[ ! -s scan.eml ] || fail "mkmsg refused, but wrote $(wc -c <scan.eml) bytes"
echo "  refused, as it should be: exit status $rc, and scan.eml is empty"

begin "smtp-send --probe" "smtp-send --probe shows the server as telnet, openssl s_client and swaks would:"
run "smtp-send --probe" || fail "exit status $?"

passed=1
