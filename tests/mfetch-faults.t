#!/bin/sh
# mfetch against scripted servers (tests/fakeimap.py, tests/fakepop3.py):
# the faults a real server will not produce on demand, and what mfetch must
# leave behind after each (DESIGN contract 9): nothing lost, nothing twice,
# nothing half-written, and an exit status that says what happened.
. "$(dirname "$0")/lib.sh"

pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
export XDG_STATE_HOME="$T/state" POSTA_CONFIG="$T/posta.conf"

# serve KIND NAME DIR [options]: start tests/fakeKIND.py (imap, pop3)
# serving the messages in DIR; its port in $port, its pid in $spid, what it
# saw in NAME.log.
serve() {
	kind=$1 name=$2 dir=$3
	shift 3
	rm -f "$name.port"
	python3 "$TOP/tests/fake$kind.py" "$name.port" "$name.log" \
	    --messages "$dir" "$@" &
	spid=$!
	pids="$pids $spid"
	i=0
	while [ ! -s "$name.port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	port=$(cat "$name.port")
	: >>"$name.log"
}
# restart KIND NAME DIR [options]: stop the server, start another on the
# same port: mfetch's state is keyed by host and port, so to mfetch it is
# the same server come back (healed, or changed).
restart() {
	kill "$spid" 2>/dev/null
	wait "$spid" 2>/dev/null
	k=$1 nm=$2 d=$3
	shift 3
	serve "$k" "$nm" "$d" --port "$port" "$@"
}
# account imap|pop3 PORT: the configuration for the fake server on PORT.
account() {
	printf 'account fake\n  %s %s://127.0.0.1:%s\n  tls off\ndefault fake\n' \
	    "$1" "$1" "$2" >"$POSTA_CONFIG"
	chmod 600 "$POSTA_CONFIG"
}
mf() { timeout 60 "$BIN/mfetch" --timeout 5 "$@"; }

# mkmsgs DIR FIRST LAST [BIG]: messages FIRST..LAST as files named by
# number, each with a Message-ID <msgN@example.org> on its first line (so a
# half of it still shows who it was), a dot line and a From line; message
# BIG gets 320 KB more.
mkmsgs() {
	mkdir -p "$1"
	i=$2
	while [ "$i" -le "$3" ]; do
		{ printf 'Message-ID: <msg%s@example.org>\n' "$i"
		  printf 'From: Sender <sender@example.org>\nTo: alice@localhost\n'
		  printf 'Subject: message %s\nDate: Mon, 01 Jan 2024 10:00:00 +0000\n\n' "$i"
		  printf 'Hello, this is message %s.\n.a line with a leading dot\n' "$i"
		  printf 'From the start of a line\n>From quoted already\n'
		  if [ "$i" = "${4:-}" ]; then
			awk 'BEGIN { for (j = 0; j < 5000; j++) printf "%063d\n", j }'
		  fi
		  printf 'end of message %s\n' "$i"; } >"$1/$i"
		i=$((i + 1))
	done
}

# delivered DEST SRC: which messages of SRC the Maildir or mbox DEST holds,
# byte for byte (the mbox read with Python's mailbox, mboxrd quoting
# undone), one name per copy, sorted; "?" for one that matches none.
cat >delivered.py <<'PY'
import mailbox, os, re, sys
dest, src = sys.argv[1], sys.argv[2]
got = []
if os.path.isdir(dest):
    for sub in ("new", "cur"):
        d = os.path.join(dest, sub)
        for n in sorted(os.listdir(d)) if os.path.isdir(d) else []:
            with open(os.path.join(d, n), "rb") as f:
                got.append(f.read())
elif os.path.exists(dest) and os.path.getsize(dest) > 0:
    mb = mailbox.mbox(dest, create=False)
    for k in mb.iterkeys():
        got.append(re.sub(rb"(?m)^>(>*From )", rb"\1", mb.get_bytes(k)))
want = {}
for n in os.listdir(src):
    with open(os.path.join(src, n), "rb") as f:
        want.setdefault(f.read(), n)
names = [want.get(g, "?") for g in got]
names.sort(key=lambda n: (0, int(n), "") if n.isdigit() else (1, 0, n))
print(" ".join(names))
PY
delivered() { python3 delivered.py "$1" "$2"; }
# events LOG WHAT: the first words after "# WHAT " in the server's log,
# sorted, on one line (e.g. the UIDs whose bodies were sent).
events() { sed -n "s/^# $2 \([^ ]*\).*/\1/p" "$1" | sort -n | tr '\n' ' ' | sed 's/ $//'; }
# nothing_of STRING PATH: no file under PATH holds STRING.
nothing_of() { ! grep -rqF -- "$1" "$2" 2>/dev/null; }
# empty_dir DIR: DIR holds nothing (or is not there).
empty_dir() { [ -z "$(ls -A "$1" 2>/dev/null)" ]; }
# no_plan: no run's plan (journal) is left in the state directory.
no_plan() { [ -z "$(find state -name '*.run' 2>/dev/null)" ]; }
# files DIR: the file names in DIR, sorted by number, on one line.
files() { ls "$1" | sort -n | tr '\n' ' ' | sed 's/ $//'; }

# --- IMAP: a healthy server, the baseline ------------------------------------
mkmsgs base 1 3
serve imap base base
account imap "$port"
mf --imap --maildir md >out 2>err; rc=$?
is "IMAP: a healthy server: exit 0" "$rc" 0
is "IMAP: every message delivered once, byte for byte (CRLF to LF)" "$(delivered md base)" "1 2 3"
check "IMAP: nothing on stdout with a Maildir" [ ! -s out ]
check "IMAP: the summary line" grep -q 'INBOX: 3 fetched' err
check "IMAP: EXAMINE, not SELECT, without --delete" sh -c \
    "grep -q ' EXAMINE ' base.log && ! grep -q ' SELECT ' base.log"
check "IMAP: BODY.PEEK: no message was flagged \\Seen" sh -c "! grep -q '^# seen' base.log"
check "IMAP: no LOGIN or AUTHENTICATE over a plain link" sh -c \
    "! grep -qi ' LOGIN \| AUTHENTICATE ' base.log"
: >base.log
mf --imap --maildir md >out 2>err; rc=$?
is "IMAP: a second run: exit 0, no body fetched" "$rc $(events base.log body)" "0 "
is "IMAP: a second run: still one copy each (n:* returning the last UID is not new)" \
    "$(delivered md base)" "1 2 3"

# --- IMAP: the connection dropped in a literal ---------------------------------
mkmsgs drop 1 5
serve imap drop1 drop --drop-in-literal 3
account imap "$port"
mf --imap --maildir dmd >out 2>err; rc=$?
is "IMAP: dropped in the 3rd literal: exit 75" "$rc" 75
check "IMAP: dropped: a line on stderr says so" grep -q '^mfetch: ' err
is "IMAP: dropped: the messages before it are delivered" "$(delivered dmd drop)" "1 2"
check "IMAP: dropped: the half message is nowhere (new/, cur/, tmp/)" nothing_of '<msg3@' dmd
check "IMAP: dropped: tmp/ is empty" empty_dir dmd/tmp
restart imap drop2 drop
mf --imap --maildir dmd >out 2>err; rc=$?
is "IMAP: dropped, then healed: exit 0" "$rc" 0
is "IMAP: healed: only the rest is fetched" "$(events drop2.log body)" "3 4 5"
is "IMAP: healed: every message once" "$(delivered dmd drop)" "1 2 3 4 5"
check "IMAP: healed: no plan left behind" no_plan

mkmsgs dropm 1 5
serve imap dropm1 dropm --drop-in-literal 3
account imap "$port"
mf --imap --mbox mb >out 2>err; rc=$?
is "IMAP to an mbox: dropped in the 3rd literal: exit 75" "$rc" 75
is "IMAP to an mbox: dropped: it reads back with the 2 messages before it" \
    "$(delivered mb dropm)" "1 2"
check "IMAP to an mbox: dropped: nothing of the half message" nothing_of '<msg3@' mb
check "IMAP to an mbox: dropped: no dotlock left" [ ! -e mb.lock ]
restart imap dropm2 dropm
mf --imap --mbox mb >out 2>err; rc=$?
is "IMAP to an mbox: healed: exit 0, only the rest fetched" "$rc $(events dropm2.log body)" "0 3 4 5"
is "IMAP to an mbox: healed: every message once" "$(delivered mb dropm)" "1 2 3 4 5"

mkmsgs drops 1 5
serve imap drops drops --drop-in-literal 3
account imap "$port"
mf --imap -o - >out.mbox 2>err; rc=$?
is "IMAP to stdout: dropped: exit 75" "$rc" 75
is "IMAP to stdout: dropped: whole messages only on stdout" "$(delivered out.mbox drops)" "1 2"

# --- IMAP: a literal longer than announced -----------------------------------
mkmsgs long 1 4
serve imap long1 long --long-literal 2
account imap "$port"
mf --imap --maildir lmd >out 2>err; rc=$?
is "IMAP: a literal longer than announced: exit 76" "$rc" 76
is "IMAP: longer literal: the message before it delivered, not it" "$(delivered lmd long)" "1"
check "IMAP: longer literal: nothing of the cut message (new/, cur/, tmp/)" nothing_of '<msg2@' lmd
restart imap long2 long
mf --imap --maildir lmd >out 2>err; rc=$?
is "IMAP: longer literal, then healed: every message once" "$rc $(delivered lmd long)" "0 1 2 3 4"

mkmsgs longm 1 4
serve imap longm longm --long-literal 2
account imap "$port"
mf --imap --mbox lmb >out 2>err; rc=$?
is "IMAP to an mbox: a literal longer than announced: exit 76" "$rc" 76
is "IMAP to an mbox: longer literal: cut back to the message before it" "$(delivered lmb longm)" "1"
check "IMAP to an mbox: longer literal: nothing of the cut message" nothing_of '<msg2@' lmb

# --- IMAP: garbage and goodbyes --------------------------------------------------
mkmsgs garb 1 3
serve imap garb1 garb --garbage-fetch
account imap "$port"
mf --imap --maildir gmd >out 2>err; rc=$?
is "IMAP: UID FETCH answered with garbage: exit 76" "$rc" 76
is "IMAP: garbage: nothing delivered" "$(delivered gmd garb)" ""
check "IMAP: garbage: said on stderr" grep -q '^mfetch: ' err
serve imap garb2 garb --garbage-after-login
account imap "$port"
mf --imap --maildir gmd2 >out 2>err; rc=$?
is "IMAP: EXAMINE answered with garbage: exit 76" "$rc" 76
is "IMAP: garbage after login: nothing delivered" "$(delivered gmd2 garb)" ""
serve imap bye garb --bye
account imap "$port"
mf --imap --maildir bmd >out 2>err; rc=$?
is "IMAP: * BYE after EXAMINE: exit 75" "$rc" 75
is "IMAP: BYE: nothing delivered" "$(delivered bmd garb)" ""

# --- IMAP: UIDVALIDITY changed ---------------------------------------------------
mkmsgs uv 1 4
mkdir uv1 uv2
cp uv/1 uv/2 uv/3 uv1/
for i in 1 2 3 4; do cp "uv/$i" "uv2/1$i"; done
serve imap uv1 uv1 --uidvalidity 5
account imap "$port"
mf --imap --maildir umd >out 2>err; rc=$?
is "UIDVALIDITY 5: exit 0, 3 delivered" "$rc $(delivered umd uv1)" "0 1 2 3"
restart imap uv2 uv2 --uidvalidity 9
mf --imap --maildir umd >out 2>err; rc=$?
is "UIDVALIDITY now 9 (same messages renumbered 11-13, one new 14): exit 0" "$rc" 0
check "UIDVALIDITY changed: the warning line" \
    has err 'mfetch: INBOX: UIDVALIDITY changed (was 5, now 9)'
is "UIDVALIDITY changed: only the new message delivered, no duplicates" \
    "$(delivered umd uv2)" "11 12 13 14"
: >uv2.log
mf --imap --maildir umd >out 2>err; rc=$?
is "UIDVALIDITY 9 again: nothing fetched, no warning" \
    "$rc $(events uv2.log body) $(grep -c UIDVALIDITY err)" "0  0"

# --- IMAP: --max-size ---------------------------------------------------------------
mkmsgs big 1 3 2
serve imap big big
account imap "$port"
mf --imap --maildir smd --max-size 100k >out 2>err; rc=$?
is "--max-size 100k: exit 0" "$rc" 0
is "--max-size: the big message is not fetched, the others are" "$(delivered smd big)" "1 3"
check "--max-size: reported: UID, size, skipped" grep -q 'message UID 2 (.*) over --max-size: skipped' err
check "--max-size: the summary counts it" grep -q '1 skipped' err
: >big.log
mf --imap --maildir smd >out 2>err; rc=$?
is "without the limit: exit 0, only the big one fetched" "$rc $(events big.log body)" "0 2"
is "without the limit: every message once" "$(delivered smd big)" "1 2 3"

# --- IMAP: --since ---------------------------------------------------------------
mkmsgs since 1 3
touch -d '2020-01-01 12:00' since/1 since/2	# the fake's INTERNALDATE
serve imap since since
account imap "$port"
mf --imap --since 2023-06-01 --maildir sinmd >out 2>err; rc=$?
is "--since 2023-06-01: exit 0, only the newer message" "$rc $(delivered sinmd since)" "0 3"
check "--since: asked as UID SEARCH SINCE 1-Jun-2023" grep -q ' UID SEARCH SINCE 0\{0,1\}1-Jun-2023$' since.log

# --- IMAP: --delete --------------------------------------------------------------
mkmsgs del0 1 2
serve imap del0 del0
account imap "$port"
mf --imap --delete -o - >out 2>err; rc=$?
is "--delete with -o -: exit 64" "$rc" 64
check "--delete with -o -: no connection made" sh -c "! grep -q '^# connect' del0.log"
check "--delete with -o -: nothing on stdout" [ ! -s out ]

mkmsgs del 1 5 3
cp -r del delorig
serve imap del del
account imap "$port"
mf --imap --delete --max-size 100k --maildir xmd >out 2>err; rc=$?
is "--delete (UID 3 over --max-size): exit 0" "$rc" 0
is "--delete: delivered" "$(delivered xmd delorig)" "1 2 4 5"
check "--delete: SELECT, not EXAMINE" grep -q ' SELECT ' del.log
is "--delete: \\Deleted set on exactly the delivered UIDs" \
    "$(sed -n 's/^# flags \([0-9]*\) .*\\Deleted.*/\1/p' del.log | sort -n | tr '\n' ' ')" "1 2 4 5 "
is "--delete: UID EXPUNGE removed exactly those" "$(events del.log expunged)" "1 2 4 5"
check "--delete: by UID EXPUNGE only (no EXPUNGE, no CLOSE)" sh -c \
    "! grep -q '^# expunged .* by \(EXPUNGE\|CLOSE\)' del.log"
is "--delete: the skipped message stays on the server" "$(files del)" "3"
check "--delete: the summary counts them" grep -q '4 deleted' err

mkmsgs nup 1 3
serve imap nup nup --no-uidplus
account imap "$port"
mf --imap --delete --maildir nmd >out 2>err; rc=$?
is "--delete without UIDPLUS (exit $rc): the messages delivered" "$(delivered nmd nup)" "1 2 3"
is "--delete without UIDPLUS: nothing deleted on the server" "$(files nup) $(events nup.log expunged)" "1 2 3 "
check "--delete without UIDPLUS: no \\Deleted flag left for someone else's EXPUNGE" \
    sh -c "! grep -q '^# flags.*Deleted' nup.log"
check "--delete without UIDPLUS: stderr says why" grep -qi 'UIDPLUS' err

# --- IMAP: killed at any instant -----------------------------------------------
mkmsgs kill 1 20
cp -r kill killorig
serve imap kill kill --slow 0.05
account imap "$port"
for d in 0.3 0.5 0.8 0.2; do
	"$BIN/mfetch" --imap --delete --maildir kmd >/dev/null 2>&1 &
	mp=$!
	sleep "$d"
	kill -9 "$mp" 2>/dev/null
	wait "$mp" 2>/dev/null
done
mf --imap --delete --maildir kmd >out 2>err; rc=$?
is "SIGKILLed 4 times with --delete, run again: exit 0" "$rc" 0
is "killed: every message once, none lost from the server" \
    "$(delivered kmd killorig)" "$(seq 1 20 | tr '\n' ' ' | sed 's/ $//')"
check "killed: tmp/ is empty" empty_dir kmd/tmp
check "killed: no plan left behind" no_plan

mkmsgs killm 1 20
serve imap killm killm --slow 0.05
account imap "$port"
for d in 0.3 0.6 0.2; do
	"$BIN/mfetch" --imap --mbox kmb >/dev/null 2>&1 &
	mp=$!
	sleep "$d"
	kill -9 "$mp" 2>/dev/null
	wait "$mp" 2>/dev/null
done
mf --imap --mbox kmb >out 2>err; rc=$?
is "SIGKILLed 3 times into an mbox, run again: exit 0" "$rc" 0
is "killed, mbox: every message once, nothing half" \
    "$(delivered kmb killm)" "$(seq 1 20 | tr '\n' ' ' | sed 's/ $//')"

# --- POP3 ----------------------------------------------------------------------
mkmsgs pop 1 3
serve pop3 pop pop
account pop3 "$port"
mf --pop3 --maildir pmd >out 2>err; rc=$?
is "POP3: a healthy server: exit 0" "$rc" 0
is "POP3: every message once, dots unstuffed" "$(delivered pmd pop)" "1 2 3"
check "POP3: no USER or PASS over a plain link" sh -c "! grep -q '^\(USER\|PASS\)' pop.log"
check "POP3: RETR pipelined when PIPELINING is offered" grep -q '^# pipelined RETR' pop.log
: >pop.log
mf --pop3 --maildir pmd >out 2>err; rc=$?
is "POP3: a second run: exit 0, nothing fetched" "$rc $(events pop.log retr)" "0 "
mf --pop3 --since 2024-01-01 --maildir pmd >out 2>err; rc=$?
is "POP3: --since: exit 64" "$rc" 64

serve pop3 nopipe pop --no-pipelining
account pop3 "$port"
mf --pop3 --maildir npmd >out 2>err; rc=$?
is "POP3 without PIPELINING: exit 0, all delivered" "$rc $(delivered npmd pop)" "0 1 2 3"
check "POP3 without PIPELINING: one command at a time" sh -c "! grep -q '^# pipelined' nopipe.log"

mkmsgs pdrop 1 3
serve pop3 pdrop1 pdrop --drop-in-retr 2
account pop3 "$port"
mf --pop3 --delete --maildir pdmd >out 2>err; rc=$?
is "POP3: dropped in the 2nd RETR: exit 75" "$rc" 75
is "POP3: dropped: the message before it delivered" "$(delivered pdmd pdrop)" "1"
check "POP3: dropped: the half message is nowhere (new/, cur/, tmp/)" nothing_of '<msg2@' pdmd
is "POP3: dropped with --delete: nothing deleted (no QUIT)" "$(files pdrop) $(events pdrop1.log deleted)" "1 2 3 "
restart pop3 pdrop2 pdrop
mf --pop3 --maildir pdmd >out 2>err; rc=$?
is "POP3: healed: exit 0, only the rest fetched" "$rc $(events pdrop2.log retr)" "0 2 3"
is "POP3: healed: every message once" "$(delivered pdmd pdrop)" "1 2 3"

mkmsgs pquit 1 3
cp -r pquit pquitorig
serve pop3 pquit1 pquit --quit-fails
account pop3 "$port"
mf --pop3 --delete --maildir pqmd >out 2>err; rc=$?
is "POP3: QUIT answered -ERR with --delete: exit 75" "$rc" 75
check "POP3: QUIT failed: the deletions may not have happened, it says" grep -q 'may not' err
is "POP3: QUIT failed: the messages are delivered, still on the server" \
    "$(delivered pqmd pquitorig) / $(files pquit)" "1 2 3 / 1 2 3"
is "POP3: QUIT failed: DELE was sent for each" "$(grep -c '^DELE' pquit1.log)" 3
restart pop3 pquit2 pquit
mf --pop3 --delete --maildir pqmd >out 2>err; rc=$?
is "POP3: QUIT failed, run again: exit 0, nothing fetched twice" \
    "$rc $(events pquit2.log retr) $(delivered pqmd pquitorig)" "0  1 2 3"

mkmsgs pdot 1 2
serve pop3 pdot pdot --no-dot
account pop3 "$port"
mf --pop3 --maildir pnmd >out 2>err; rc=$?
check "POP3: no final dot, then closed: exit 75 or 76 (got $rc)" sh -c "[ $rc -eq 75 ] || [ $rc -eq 76 ]"
is "POP3: no final dot: the message is not delivered" "$(delivered pnmd pdot)" ""
check "POP3: no final dot: nothing of it anywhere" nothing_of '<msg1@' pnmd

serve pop3 pgarb pdot --garbage-retr 2
account pop3 "$port"
mf --pop3 --mbox pgmb >out 2>err; rc=$?
is "POP3: the 2nd RETR answered with garbage: exit 76" "$rc" 76
is "POP3: garbage: the message before it delivered into the mbox" "$(delivered pgmb pdot)" "1"

mkmsgs pbig 1 3 2
serve pop3 pbig pbig
account pop3 "$port"
mf --pop3 --max-size 100k --maildir pbmd >out 2>err; rc=$?
is "POP3 --max-size: exit 0, the big one skipped" "$rc $(delivered pbmd pbig)" "0 1 3"
check "POP3 --max-size: reported" grep -q 'over --max-size: skipped' err
mf --pop3 --maildir pbmd >out 2>err; rc=$?
is "POP3 without the limit: every message once" "$rc $(delivered pbmd pbig)" "0 1 2 3"

# --- nothing listening ---------------------------------------------------------
account imap 1
mf --imap --maildir downmd >out 2>err; rc=$?
is "IMAP server down: exit 75" "$rc" 75
account pop3 1
mf --pop3 --maildir downmd >out 2>err; rc=$?
is "POP3 server down: exit 75" "$rc" 75

done_testing
