#!/bin/sh
# mfetch against a real Dovecot on loopback (tests/servers.sh), started here
# and stopped at the end: IMAP with STARTTLS, IMAPS, POP3 with STLS and
# POP3S; messages seeded straight into the server's Maildirs fetch byte for
# byte (CRLF to LF) into a Maildir, an mbox and stdout; what is new, flags,
# --delete, folders, --since, locks, passwords and TLS. Skipped, saying
# why, where the servers cannot run (not root).
#
# How an mbox is read back: with Python's mailbox.mbox, which splits at the
# "From " lines but does not undo mboxrd quoting, so one '>' is removed from
# each ">From ", ">>From ", ... line of what it returns; and again with
# posta's own reader, mshow -r -n N, which undoes the quoting itself. An
# mbox cannot hold a message whose last line has no line end: there (only
# there) the copy may carry one added "\n".
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/servers.sh"

servers_tap
export XDG_STATE_HOME="$T/state" POSTA_CONFIG="$T/posta.conf"

mf() { timeout 60 "$BIN/mfetch" --timeout 20 "$@"; }

# --- the accounts -------------------------------------------------------------
# acct NAME line...: one account of the configuration.
acct() {
	printf 'account %s\n' "$1"
	shift
	for l in "$@"; do printf '  %s\n' "$l"; done
}
alice="user alice@localhost"
{
	acct imap "imap imap://127.0.0.1:$IMAP_PORT" "$alice" \
	    "passwordeval echo alice-secret" "cacert $CA"
	acct imaps "imap imaps://127.0.0.1:$IMAPS_PORT" "$alice" \
	    "password alice-secret" "cacert $CA"
	acct pop3 "pop3 pop3://127.0.0.1:$POP3_PORT" "$alice" \
	    "passwordeval echo alice-secret" "cacert $CA"
	acct pop3s "pop3 pop3s://127.0.0.1:$POP3S_PORT" "$alice" \
	    "password alice-secret" "cacert $CA"
	# 127.0.0.2 is "remote" to Dovecot: LOGINDISABLED before STARTTLS.
	acct remote "imap imap://127.0.0.2:$IMAP_PORT" \
	    "pop3 pop3://127.0.0.2:$POP3_PORT" "$alice" \
	    "passwordeval echo alice-secret" "cacert $CA"
	acct cleartext "imap imap://127.0.0.2:$IMAP_PORT" \
	    "pop3 pop3://127.0.0.2:$POP3_PORT" "$alice" \
	    "password alice-secret" "tls off"
	acct wrongpw "imap imap://127.0.0.1:$IMAP_PORT" \
	    "pop3 pop3://127.0.0.1:$POP3_PORT" "$alice" \
	    "password wrong-password" "cacert $CA"
	acct bob "imap imaps://127.0.0.1:$IMAPS_PORT" \
	    "pop3 pop3s://127.0.0.1:$POP3S_PORT" "user bob@localhost" \
	    "passwordeval echo bob-secret" "cacert $CA"
	acct dest "imap imaps://127.0.0.1:$IMAPS_PORT" "$alice" \
	    "password alice-secret" "cacert $CA" "maildir ~/Mail/inbox"
	echo "default imap"
} >"$POSTA_CONFIG"
chmod 600 "$POSTA_CONFIG"

# --- the messages -------------------------------------------------------------
# seed/N: the messages, varied in what protocols and mbox must carry.
mkdir seed
hdr() {
	printf 'Message-ID: <seed%s@posta.test>\nFrom: Sender <sender@example.org>\n' "$1"
	printf 'To: Alice <alice@localhost>\nSubject: %s\n' "$2"
	printf 'Date: Mon, 01 Jan 2024 10:00:%02d +0000\n' "$1"
}
{ hdr 1 'plain text'; printf '\nHello Alice,\n\njust text.\n-- \nSender\n'; } >seed/1
{ hdr 2 'From lines'; printf '\nFrom here on, a From line.\n>From quoted once\n'
  printf '>>From quoted twice\nFrom\nFrom \n>From\nend\n'; } >seed/2
{ hdr 3 'dots'; printf '\n.\n..\n.leading dot\n...\n . not at the start\n.\nend\n'; } >seed/3
{ hdr 4 'a long line'
  printf '\nbefore\n'
  awk 'BEGIN { for (i = 0; i < 1200; i++) printf "word%04d ", i; printf "\n" }'
  printf 'after\n'; } >seed/4
{ hdr 5 'Grüße, 8-bit UTF-8'
  printf 'MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n'
  printf 'Content-Transfer-Encoding: 8bit\n\n'
  printf 'Zażółć gęślą jaźń. Привет. 日本語. naïve café, €100 → ✓\n'; } >seed/5
# 6: from mkmsg, with a base64 attachment of random bytes.
head -c 20000 /dev/urandom >report.pdf
printf 'The report is attached.\n' |
    "$BIN/mkmsg" -f 'Sender <sender@example.org>' -t 'Alice <alice@localhost>' \
    -s 'the report' -H 'Message-ID: <seed6@posta.test>' \
    -a report.pdf:application/pdf >seed/6 || echo "# mkmsg failed"
{ hdr 7 'no line end at the end'; printf '\nthe last line has no line end'; } >seed/7
{ hdr 8 'CRLF already'; printf '\nline one\nFrom a CRLF line\n.\nlast\n'; } |
    sed 's/$/\r/' >seed/8
# 9 arrives later; its body ends in empty lines.
{ hdr 9 'arrives later'; printf '\nnew mail\n\n\n'; } >seed/9
for i in 10 11 12 13 14 15; do
	{ hdr $i "message $i"; printf '\nbody of message %s\n' $i; } >seed/$i
done

# put MAILDIR SUB FLAGS N...: seed/N into the server's MAILDIR/SUB (new, or
# cur with ":2,FLAGS"), named as Dovecot names files, written in tmp/ and
# renamed, owned by the mail user as Dovecot's own files are.
owner=$(stat -c %u:%g "$MAILDIR_ALICE")
sq=0
put() {
	md=$1 sub=$2 fl=$3
	shift 3
	for i in "$@"; do
		sq=$((sq + 1))
		base=$(date +%s).M${sq}P$$.posta-test
		cp "seed/$i" "$md/tmp/$base" && chown "$owner" "$md/tmp/$base" ||
		    echo "# cannot seed $i"
		case $sub in
		new) mv "$md/tmp/$base" "$md/new/$base";;
		*) mv "$md/tmp/$base" "$md/cur/$base:2,$fl";;
		esac
	done
}
# folder NAME: a Maildir++ folder .NAME of alice's, owned by the mail user.
folder() {
	mkdir -p "$MAILDIR_ALICE/.$1/cur" "$MAILDIR_ALICE/.$1/new" \
	    "$MAILDIR_ALICE/.$1/tmp" && chown -R "$owner" "$MAILDIR_ALICE/.$1"
}
# on_server MAILDIR: how many messages the server's MAILDIR holds.
on_server() { ls "$1/new" "$1/cur" | grep -c '^[0-9]'; }
# flags MAILDIR: each message file of the server's MAILDIR as "base flags"
# (a file in new/ has none), sorted: Dovecot keeps flags in file names.
flags() {
	for f in "$1"/new/* "$1"/cur/*; do
		[ -e "$f" ] || continue
		b=${f##*/}
		case $b in
		*:2,*) echo "${b%%:*} ${b#*:2,}";;
		*) echo "$b ";;
		esac
	done | sort
}

# delivered [-m] [-e] DEST: which seeds the Maildir or mbox DEST holds,
# byte for byte (CRLF to LF), one name per copy, sorted; "?" for one that
# matches none (described in delivered.why). An mbox is read with Python's
# mailbox.mbox, mboxrd quoting undone; with -m with mshow -r instead. In an
# mbox, and with -e (POP3: its RETR always ends in CRLF "." CRLF, so the
# server adds a line end to a message without one, RFC 1939), a message
# whose last line has no line end may come with one added.
cat >delivered.py <<'PY'
import mailbox, os, re, subprocess, sys
args = sys.argv[1:]
reader = "python"
eol = False
while args[0] in ("-m", "-e"):
    if args[0] == "-m":
        reader = "mshow"
    else:
        eol = True
    args = args[1:]
mshow, dest, src = args

def norm(b):
    return b.replace(b"\r\n", b"\n")

want = {}
for n in os.listdir(src):
    with open(os.path.join(src, n), "rb") as f:
        want.setdefault(norm(f.read()), n)
got = []
is_mbox = not os.path.isdir(dest)
if not is_mbox:
    for sub in ("new", "cur"):
        d = os.path.join(dest, sub)
        for n in sorted(os.listdir(d)) if os.path.isdir(d) else []:
            with open(os.path.join(d, n), "rb") as f:
                got.append(f.read())
elif os.path.exists(dest) and os.path.getsize(dest) > 0:
    if reader == "python":
        mb = mailbox.mbox(dest, create=False)
        for k in mb.iterkeys():
            got.append(re.sub(rb"(?m)^>(>*From )", rb"\1", mb.get_bytes(k)))
    else:
        i = 1
        while i < 1000:
            p = subprocess.run([mshow, "-r", "-n", str(i), dest],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            if p.returncode != 0:
                break
            got.append(p.stdout)
            i += 1

def which(g):
    if g in want:
        return want[g]
    # An mbox, or POP3, gives a message without a final line end one.
    if (is_mbox or eol) and g.endswith(b"\n") and g[:-1] in want and \
            not g[:-1].endswith(b"\n"):
        return want[g[:-1]]
    return None

names = []
with open("delivered.why", "a") as why:
    for g in got:
        n = which(g)
        if n is None:
            n = "?"
            m = re.search(rb"(?mi)^message-id:[ \t]*(\S*)", g)
            mid = m.group(1) if m else b"(none)"
            why.write("%s: %r, %d bytes, matches no seed\n" % (dest, mid, len(g)))
            for w, wn in want.items():
                if m and mid in w:
                    k = next((i for i in range(min(len(w), len(g)))
                              if w[i] != g[i]), min(len(w), len(g)))
                    why.write("  seed %s (%d bytes) differs at byte %d: "
                              "seed %r got %r\n" % (wn, len(w), k,
                              w[max(0, k - 20):k + 20], g[max(0, k - 20):k + 20]))
        names.append(n)
names.sort(key=lambda n: (0, int(n)) if n.isdigit() else (1, 0))
print(" ".join(names))
PY
delivered() {
	o=
	while :; do
		case $1 in
		-m|-e) o="$o $1"; shift;;
		*) break;;
		esac
	done
	# shellcheck disable=SC2086 # the options, one word each
	python3 delivered.py $o "$BIN/mshow" "$1" seed
}
# delivered_is DESC [-e] DEST WANT: DEST holds the seeds WANT, byte for byte.
delivered_is() {
	d=$1
	shift
	: >delivered.why
	if [ "$1" = -e ]; then
		is "$d" "$(delivered -e "$2")" "$3"
	else
		is "$d" "$(delivered "$1")" "$2"
	fi
	show delivered.why
}
# maildir_names DIR: the file names in DIR/new that are not
# <secs>.R<tag>I<n>.<host>, and files in DIR/cur or DIR/tmp.
maildir_names() {
	ls "$1/new" | grep -Ev '^[0-9]+\.R[A-Za-z0-9_-]+I[0-9]+\.[^/:]+$'
	ls "$1/cur" "$1/tmp" | grep -v -e '^$' -e ':$'
}
count_new() { ls "$1/new" | wc -l | tr -d ' '; }
# lines_since LOG N: the lines of LOG after its first N.
lines_since() { tail -n +$(($2 + 1)) "$1"; }

# --- IMAP with STARTTLS into a Maildir ------------------------------------------
# 1-4 just arrived (new/), 5-8 already seen by a client: cur/, some flags.
put "$MAILDIR_ALICE" new "" 1 2 3 4
put "$MAILDIR_ALICE" cur "" 5
put "$MAILDIR_ALICE" cur F 6
put "$MAILDIR_ALICE" cur S 7
put "$MAILDIR_ALICE" cur RS 8
flags "$MAILDIR_ALICE" >flags.before
mf --maildir md >out 2>err; rc=$?
is "IMAP with STARTTLS into a Maildir: exit 0" "$rc" 0
delivered_is "IMAP: every seeded message once, byte for byte (CRLF to LF)" md \
    "1 2 3 4 5 6 7 8"
is "IMAP: the files are new/<secs>.R<tag>I<n>.<host>, nothing in cur/ or tmp/" \
    "$(maildir_names md)" ""
check "IMAP: nothing on stdout with a Maildir" [ ! -s out ]
chk "IMAP: the summary line: INBOX: 8 fetched" grep -q '^mfetch: INBOX: 8 fetched (' err || show err
flags "$MAILDIR_ALICE" >flags.after
chk "IMAP: the flags on the server are unchanged (file names)" cmp -s flags.before flags.after ||
    { diff flags.before flags.after | sed 's/^/#   /'; }
is "IMAP: no message on the server gained \\Seen" \
    "$(awk '$2 ~ /S/' flags.after | wc -l | tr -d ' ')" 2

mf --maildir md >out 2>err; rc=$?
is "IMAP: a second run: exit 0" "$rc" 0
chk "IMAP: a second run: INBOX: 0 fetched" grep -q '^mfetch: INBOX: 0 fetched (' err || show err
is "IMAP: a second run: no new file" "$(count_new md)" 8
mf -q --maildir md >out 2>err; rc=$?
check "-q: exit 0, nothing on stderr" sh -c "[ $rc -eq 0 ] && [ ! -s err ]"

put "$MAILDIR_ALICE" new "" 9
mf --maildir md >out 2>err; rc=$?
is "IMAP: a new message arrives: exit 0" "$rc" 0
chk "IMAP: only it is fetched (1 fetched)" grep -q '^mfetch: INBOX: 1 fetched (' err || show err
delivered_is "IMAP: every message once, the new one too" md "1 2 3 4 5 6 7 8 9"
flags "$MAILDIR_ALICE" >flags.before
mf --all --maildir md-all >out 2>err; rc=$?
is "IMAP --all: every message again, into another Maildir" \
    "$rc $(delivered md-all)" "0 1 2 3 4 5 6 7 8 9"
flags "$MAILDIR_ALICE" >flags.after
check "IMAP: still no flag changed on the server" cmp -s flags.before flags.after

# --- IMAPS into an mbox ------------------------------------------------------------
mf -a imaps --mbox mb >out 2>err; rc=$?
is "IMAPS into an mbox: exit 0" "$rc" 0
chk "IMAPS: its own state (another server URL): 9 fetched" \
    grep -q '^mfetch: INBOX: 9 fetched (' err || show err
delivered_is "IMAPS: Python's mailbox.mbox reads back every message, byte for byte" mb \
    "1 2 3 4 5 6 7 8 9"
: >delivered.why
is "IMAPS: posta's own reader (mshow -r) reads back the same" \
    "$(delivered -m mb)" "1 2 3 4 5 6 7 8 9"
show delivered.why
is "IMAPS: the mbox has one From_ line per message" "$(grep -c '^From ' mb)" 9
check "IMAPS: mboxrd: each From line quoted with one more '>'" sh -c \
    "grep -qx '>From here on, a From line.' mb && grep -qx '>>From quoted once' mb &&
     grep -qx '>>>From quoted twice' mb && grep -qx '>From ' mb &&
     grep -qx 'From' mb && grep -qx '>From' mb &&
     grep -qx '>From a CRLF line' mb && ! grep -q '^From here' mb"
check "IMAPS: the mbox has LF line ends only" sh -c "! grep -q \"\$(printf '\\r')\" mb"
check "IMAPS: no dotlock left" [ ! -e mb.lock ]
cp mb mb.copy
mf -a imaps --mbox mb >out 2>err; rc=$?
is "IMAPS: a second run: exit 0" "$rc" 0
check "IMAPS: a second run: 0 fetched, the mbox unchanged" sh -c \
    "grep -q '^mfetch: INBOX: 0 fetched (' err && cmp -s mb mb.copy"

# --- POP3 with STLS, POP3S -----------------------------------------------------------
mf -a pop3 --maildir md3 >out 2>err; rc=$?
is "POP3 with STLS into a Maildir: exit 0" "$rc" 0
delivered_is "POP3: every message once, byte for byte (CRLF to LF, dots unstuffed)" -e md3 \
    "1 2 3 4 5 6 7 8 9"
is "POP3: the file names" "$(maildir_names md3)" ""
chk "POP3: the summary line: 9 fetched" grep -q "^mfetch: pop3://.*: 9 fetched (" err || show err
mf -a pop3 --maildir md3 >out 2>err; rc=$?
check "POP3: a second run: exit 0, 0 fetched, no new file" sh -c \
    "[ $rc -eq 0 ] && grep -q ': 0 fetched (' err && [ \$(ls md3/new | wc -l) -eq 9 ]"
put "$MAILDIR_ALICE" new "" 10
mf -a pop3 --maildir md3 >out 2>err; rc=$?
check "POP3: a new message: only it is fetched" sh -c "[ $rc -eq 0 ] && grep -q ': 1 fetched (' err"
delivered_is "POP3: every message once, the new one too" -e md3 "1 2 3 4 5 6 7 8 9 10"

mf -a pop3s --mbox mb4 >out 2>err; rc=$?
is "POP3S into an mbox: exit 0" "$rc" 0
delivered_is "POP3S: Python's mailbox.mbox reads back every message, byte for byte" mb4 \
    "1 2 3 4 5 6 7 8 9 10"
: >delivered.why
is "POP3S: mshow -r reads back the same" "$(delivered -m mb4)" "1 2 3 4 5 6 7 8 9 10"
show delivered.why
mf -a pop3s --mbox mb4 >out 2>err; rc=$?
check "POP3S: a second run: 0 fetched" sh -c "[ $rc -eq 0 ] && grep -q ': 0 fetched (' err"

# --- stdout, into mshow -----------------------------------------------------------------
# Its own state: what goes to stdout is recorded as delivered too.
export XDG_STATE_HOME="$T/state-stdout"
mf -o - >out.mbox 2>err; rc=$?
is "-o -: exit 0" "$rc" 0
delivered_is "-o -: stdout carries the messages, only them (mboxrd)" out.mbox \
    "1 2 3 4 5 6 7 8 9 10"
check "-o -: the summary on stderr, not stdout" sh -c \
    "grep -q '^mfetch: INBOX: 10 fetched' err && ! grep -q '^mfetch' out.mbox"
XDG_STATE_HOME=$T/state-stdout2 mf -a imaps >out3.mbox 2>err; rc=$?
is "no destination given or in the account: stdout" "$rc $(delivered out3.mbox)" \
    "0 1 2 3 4 5 6 7 8 9 10"
mf -o - >out2.mbox 2>err; rc=$?
check "-o -: what went to stdout is recorded: a second run, 0 fetched" sh -c \
    "[ $rc -eq 0 ] && grep -q '^mfetch: INBOX: 0 fetched' err && [ ! -s out2.mbox ]"
{ mf --all -o - 2>err; echo $? >rc; } | "$BIN/mshow" -t - >parts 2>merr; mrc=$?
is "mfetch -o - | mshow -t -: both exit 0" "$(cat rc) $mrc" "0 0"
is "mshow -t - lists the 10 messages" "$(grep -c '^stdin #' parts)" 10
chk "mshow -t - lists the parts: the attachment of message 6" \
    grep -q 'application/pdf.*report\.pdf' parts || show parts merr
check "mshow -t - lists the UTF-8 text" grep -q 'text/plain charset=utf-8' parts
{ mf -o - 2>err; echo $? >rc; } | "$BIN/mshow" >shown 2>merr; mrc=$?
chk "mfetch | mshow with nothing new: both exit 0, mshow says nothing" sh -c \
    "[ \"\$(cat rc) $mrc\" = '0 0' ] && [ ! -s shown ] && [ ! -s merr ] &&
     grep -q '^mfetch: INBOX: 0 fetched' err" || show merr
mf --delete -o - >out 2>err; rc=$?
check "--delete with -o -: refused, 64, nothing on stdout" sh -c "[ $rc -eq 64 ] && [ ! -s out ]"
export XDG_STATE_HOME="$T/state"

# --- the account's maildir -----------------------------------------------------
XDG_STATE_HOME=$T/state-dest mf -a dest >out 2>err; rc=$?
is "no destination given: the account's maildir (~/ is \$HOME), created" \
    "$rc $(delivered "$HOME/Mail/inbox")" "0 1 2 3 4 5 6 7 8 9 10"

# --- never a password before TLS ----------------------------------------------------------
mf -a remote -v --maildir mdr >out 2>err; rc=$?
is "IMAP at 127.0.0.2 (LOGINDISABLED until STARTTLS): exit 0, fetched" \
    "$rc $(delivered mdr)" "0 1 2 3 4 5 6 7 8 9 10"
check "-v: the server said LOGINDISABLED before TLS" grep -q '^mfetch: < .*LOGINDISABLED' err
s=$(grep -n '^mfetch: > [^ ]* STARTTLS' err | head -1 | cut -d: -f1)
a=$(grep -n -i -e 'AUTHENTICATE' -e ' LOGIN ' err | grep -v '^[0-9]*:mfetch: <' | head -1 | cut -d: -f1)
chk "-v: STARTTLS is sent before AUTHENTICATE" sh -c "[ -n '$s' ] && [ -n '$a' ] && [ '$s' -lt '$a' ]" ||
    show err
check "-v: the login is not shown" grep -q '^mfetch: > AUTHENTICATE PLAIN (credentials not shown)' err
b64=$(printf '\0alice@localhost\0alice-secret' | base64)
check "-v: the password nowhere, not even base64" sh -c \
    "! grep -q alice-secret err && ! grep -qF '$b64' err && ! grep -qF '$(printf alice-secret | base64)' err"
mf -a remote --pop3 -v --maildir mdr3 >out 2>err; rc=$?
is "POP3 at 127.0.0.2: exit 0, fetched" "$rc $(delivered -e mdr3)" "0 1 2 3 4 5 6 7 8 9 10"
s=$(grep -n '^mfetch: > STLS' err | head -1 | cut -d: -f1)
a=$(grep -n -e '^mfetch: > AUTH' -e '^mfetch: > USER' -e '^mfetch: > PASS' -e '^mfetch: > APOP' err |
    head -1 | cut -d: -f1)
chk "POP3 -v: STLS is sent before AUTH/USER/PASS" sh -c "[ -n '$s' ] && [ -n '$a' ] && [ '$s' -lt '$a' ]" ||
    show err
check "POP3 -v: the password nowhere" sh -c \
    "! grep -q alice-secret err && ! grep -qF '$b64' err && ! grep -qF '$(printf alice-secret | base64)' err"

sleep 0.3
lines=$(wc -l <"$DOVECOT_LOG")
mf -a cleartext --maildir mdc >out 2>err; rc=$?
chk "tls off with a user, IMAP: 78, said plainly" sh -c "[ $rc -eq 78 ] && grep -qi 'tls' err" ||
    show err
mf -a cleartext --pop3 --maildir mdc >out 2>err; rc=$?
check "tls off with a user, POP3: 78" [ $rc -eq 78 ]
sleep 0.5
chk "tls off: Dovecot saw no connection at all (its log)" sh -c \
    "! tail -n +$((lines + 1)) '$DOVECOT_LOG' | grep -q -e 'imap-login' -e 'pop3-login'" ||
    lines_since "$DOVECOT_LOG" "$lines" | sed 's/^/#   /'
# The control: a bare connection to 127.0.0.2 does leave a line in the log.
lines=$(wc -l <"$DOVECOT_LOG")
python3 -c 'import socket,sys; s=socket.create_connection(("127.0.0.2", int(sys.argv[1]))); s.recv(100); s.sendall(b"a LOGOUT\r\n"); s.recv(100)' \
    "$IMAP_PORT" 2>/dev/null
sleep 0.5
check "(control: Dovecot's log records a connection that sent no login)" sh -c \
    "tail -n +$((lines + 1)) '$DOVECOT_LOG' | grep -q 'imap-login'"
check "tls off: nothing delivered" sh -c "[ ! -e mdc ] || [ -z \"\$(ls mdc/new 2>/dev/null)\" ]"

# --- a wrong password ---------------------------------------------------------------------
mf -a wrongpw --maildir mdw >out 2>err; rc=$?
is "a wrong password, IMAP: 77" "$rc" 77
is "a wrong password, IMAP: one line on stderr, login refused" \
    "$(wc -l <err | tr -d ' ') $(grep -c '^mfetch: .*login refused' err)" "1 1" ||
    show err
mf -a wrongpw --pop3 --maildir mdw >out 2>err; rc=$?
is "a wrong password, POP3: 77" "$rc" 77
is "a wrong password, POP3: one line on stderr, login refused" \
    "$(wc -l <err | tr -d ' ') $(grep -c '^mfetch: .*login refused' err)" "1 1" ||
    show err
check "a wrong password: nothing delivered" sh -c "[ -z \"\$(ls mdw/new 2>/dev/null)\" ]"

# --- an mbox locked by another -------------------------------------------------------------
export POSTA_LOCK_WAIT=1
: >lk.mbox.lock
start=$(date +%s)
XDG_STATE_HOME=$T/state-lock mf --mbox lk.mbox >out 2>err; rc=$?
took=$(($(date +%s) - start))
is "an mbox with another's dotlock: 75" "$rc" 75
chk "  said so" grep -qi 'lock' err || show err
check "  after POSTA_LOCK_WAIT (1 s), not much more" [ "$took" -le 5 ]
check "  the other's dotlock is left alone" [ -e lk.mbox.lock ]
check "  nothing written to the mbox" sh -c "[ ! -s lk.mbox ]"
rm -f lk.mbox.lock
XDG_STATE_HOME=$T/state-lock mf --mbox lk.mbox >out 2>err; rc=$?
is "  the lock gone: every message fetched (none was recorded)" \
    "$rc $(delivered lk.mbox)" "0 1 2 3 4 5 6 7 8 9 10"
# An fcntl lock held by another process.
rm -f ready
python3 -c '
import fcntl, sys, time
f = open(sys.argv[1], "a")
fcntl.lockf(f, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
time.sleep(30)' fl.mbox ready &
holder=$!
i=0
while [ ! -e ready ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
XDG_STATE_HOME=$T/state-lock2 mf --mbox fl.mbox >out 2>err; rc=$?
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
is "an mbox with another's fcntl lock: 75" "$rc" 75
check "  nothing written to the mbox, no dotlock left" sh -c "[ ! -s fl.mbox ] && [ ! -e fl.mbox.lock ]"
unset POSTA_LOCK_WAIT

# --- folders -----------------------------------------------------------------------------
folder Work
mf --list-folders >out 2>err; rc=$?
is "--list-folders: exit 0" "$rc" 0
is "--list-folders: INBOX and Work, one per line" "$(sort out | tr '\n' ' ')" "INBOX Work "
mf -a pop3 --list-folders >out 2>err; rc=$?
is "--list-folders with POP3: 64" "$rc" 64
put "$MAILDIR_ALICE/.Work" new "" 11 12
mf --folder Work --maildir mdf >out 2>err; rc=$?
is "--folder Work: exit 0" "$rc" 0
delivered_is "--folder Work: its messages, not INBOX's" mdf "11 12"
chk "--folder Work: the summary names it" grep -q '^mfetch: Work: 2 fetched (' err || show err
mf --folder Work --maildir mdf >out 2>err; rc=$?
check "--folder Work: a second run: 0 fetched" sh -c "[ $rc -eq 0 ] && grep -q '^mfetch: Work: 0 fetched (' err"
mf --maildir md >out 2>err; rc=$?
chk "INBOX, its own state: still 1 new (message 10, fetched by POP3 only)" sh -c \
    "[ $rc -eq 0 ] && grep -q '^mfetch: INBOX: 1 fetched (' err" || show err
put "$MAILDIR_ALICE/.Work" new "" 13
put "$MAILDIR_ALICE" new "" 14
mf --folder INBOX --folder Work --maildir mdb >out 2>err; rc=$?
chk "--folder INBOX --folder Work: one new in each, a summary each" sh -c \
    "[ $rc -eq 0 ] && grep -q '^mfetch: INBOX: 1 fetched (' err && grep -q '^mfetch: Work: 1 fetched (' err" ||
    show err
delivered_is "--folder twice: the new ones of both" mdb "13 14"
is "each folder has its own state file, no plan left" \
    "$(ls state/posta/mfetch | grep -c "^imap%.*127\.0\.0\.1.*$IMAP_PORT.*INBOX\$") $(ls state/posta/mfetch | grep -c "^imap%.*127\.0\.0\.1.*$IMAP_PORT.*Work\$") $(ls state/posta/mfetch | grep -c '\.run$')" \
    "1 1 0"
# A changed UIDVALIDITY: Dovecot gives the folder a new one when its
# uidlist and index are gone.
rm -f "$MAILDIR_ALICE"/.Work/dovecot-uidlist "$MAILDIR_ALICE"/.Work/dovecot.index*
put "$MAILDIR_ALICE/.Work" new "" 15
mf --folder Work --maildir mdf >out 2>err; rc=$?
chk "a changed UIDVALIDITY: exit 0, reported" sh -c \
    "[ $rc -eq 0 ] && grep -q '^mfetch: Work: UIDVALIDITY changed (was [0-9]*, now [0-9]*)' err" ||
    show err
delivered_is "  only the new message fetched (Message-ID and size matched)" mdf "11 12 15"
mf --folder Work --maildir mdf >out 2>err; rc=$?
chk "  a run after it: 0 fetched (recorded under the new UIDs)" sh -c \
    "[ $rc -eq 0 ] && grep -q '^mfetch: Work: 0 fetched' err && ! grep -q UIDVALIDITY err" ||
    show err
mf --folder Nope --maildir mdn >out 2>err; rc=$?
chk "--folder that does not exist: an error, said" sh -c "[ $rc -ne 0 ] && grep -q 'Nope' err" || show err
mf -a pop3 --folder Work --maildir mdn >out 2>err; rc=$?
is "--folder with POP3: 64" "$rc" 64

# --- --since ----------------------------------------------------------------------------------
# Dovecot takes a Maildir file's mtime as the day it received the message.
folder Old
put "$MAILDIR_ALICE/.Old" new "" 12 13 14 15
for f in "$MAILDIR_ALICE"/.Old/new/*.M$((sq - 3))P* "$MAILDIR_ALICE"/.Old/new/*.M$((sq - 2))P*; do
	touch -d '2020-06-01 12:00' "$f"
done
mf --folder Old --since 2099-01-01 --maildir mds >out 2>err; rc=$?
chk "--since a day to come: exit 0, 0 fetched" sh -c \
    "[ $rc -eq 0 ] && grep -q '^mfetch: Old: 0 fetched (' err" || show err
is "--since a day to come: nothing delivered" "$(delivered mds)" ""
mf --folder Old --since 2023-01-01 --maildir mds >out 2>err; rc=$?
delivered_is "--since 2023-01-01: only the messages received since" mds "14 15"
mf --folder Old --since 2000-01-01 --maildir mds >out 2>err; rc=$?
delivered_is "--since 2000-01-01: the older ones too, nothing twice" mds "12 13 14 15"
mf --folder Old --maildir mds2 >out 2>err; rc=$?
chk "without --since after them: 0 fetched (all recorded)" sh -c \
    "[ $rc -eq 0 ] && grep -q '^mfetch: Old: 0 fetched (' err" || show err
folder Old2
put "$MAILDIR_ALICE/.Old2" new "" 12 15
touch -d '2020-06-01 12:00' "$MAILDIR_ALICE"/.Old2/new/*.M$((sq - 1))P*
mf --folder Old2 --since 2023-01-01 --maildir mds3 >out 2>err; rc=$?
delivered_is "--since in a fresh folder: only the recent one" mds3 "15"
mf --folder Old2 --maildir mds3 >out 2>err; rc=$?
delivered_is "then without --since: the one --since left is fetched later" mds3 "12 15"
mf -a pop3 --since 2000-01-01 --maildir mds4 >out 2>err; rc=$?
is "--since with POP3: 64" "$rc" 64
mf --since 2024-13-45 --maildir mds4 >out 2>err; rc=$?
is "--since with no date: 64" "$rc" 64

# --- --delete ------------------------------------------------------------------------------------
# bob's Maildir, over IMAPS (the account's imap) and POP3S.
put "$MAILDIR_BOB" new "" 1 2 3
put "$MAILDIR_BOB" cur S 4 5
mf -a bob --delete --maildir mdd >out 2>err; rc=$?
is "IMAP --delete: exit 0" "$rc" 0
chk "IMAP --delete: the summary: 5 fetched, 5 deleted" \
    grep -q '^mfetch: INBOX: 5 fetched (.*), 0 skipped, 5 deleted' err || show err
delivered_is "IMAP --delete: every message on disk" mdd "1 2 3 4 5"
is "IMAP --delete: none left on the server" "$(on_server "$MAILDIR_BOB")" 0
put "$MAILDIR_BOB" new "" 7 6
mf -a bob --delete --max-size 5k --maildir mdd >out 2>err; rc=$?
is "IMAP --delete --max-size 5k: exit 0" "$rc" 0
chk "  the large one reported skipped" grep -q 'over --max-size: skipped' err || show err
chk "  the summary: 1 fetched, 1 skipped, 1 deleted" \
    grep -q '^mfetch: INBOX: 1 fetched (.*), 1 skipped, 1 deleted' err || show err
delivered_is "  the small one delivered" mdd "1 2 3 4 5 7"
is "  the skipped one is still on the server, alone" \
    "$(on_server "$MAILDIR_BOB") $(cat "$MAILDIR_BOB"/new/* "$MAILDIR_BOB"/cur/* 2>/dev/null | cmp -s - seed/6 && echo same)" \
    "1 same"
mf -a bob --delete --maildir mdd >out 2>err; rc=$?
chk "IMAP --delete without the limit: the skipped one fetched, deleted" sh -c \
    "[ $rc -eq 0 ] && grep -q '^mfetch: INBOX: 1 fetched (.*), 0 skipped, 1 deleted' err" || show err
delivered_is "  every message on disk once" mdd "1 2 3 4 5 6 7"
is "  the server empty" "$(on_server "$MAILDIR_BOB")" 0
put "$MAILDIR_BOB" new "" 9
mf -a bob --maildir mdd >out 2>err; rc=$?
put "$MAILDIR_BOB" new "" 10
mf -a bob --delete --maildir mdd >out 2>err; rc=$?
chk "IMAP --delete: what an earlier run delivered is deleted too (recorded)" sh -c \
    "[ $rc -eq 0 ] && grep -q '^mfetch: INBOX: 1 fetched (.*), 0 skipped, 2 deleted' err" || show err
delivered_is "  each on disk once" mdd "1 2 3 4 5 6 7 9 10"
is "  the server empty" "$(on_server "$MAILDIR_BOB")" 0

put "$MAILDIR_BOB" new "" 1 2 3
mf -a bob --pop3 --delete --maildir mdp >out 2>err; rc=$?
is "POP3 --delete: exit 0" "$rc" 0
chk "POP3 --delete: the summary: 3 fetched, 3 deleted" \
    grep -q ': 3 fetched (.*), 0 skipped, 3 deleted' err || show err
delivered_is "POP3 --delete: every message on disk" -e mdp "1 2 3"
is "POP3 --delete: none left on the server" "$(on_server "$MAILDIR_BOB")" 0
put "$MAILDIR_BOB" new "" 4 8
mf -a bob --pop3 --delete --max-size 5k --maildir mdp >out 2>err; rc=$?
chk "POP3 --delete --max-size 5k: exit 0, 1 fetched, 1 skipped, 1 deleted" sh -c \
    "[ $rc -eq 0 ] && grep -q ': 1 fetched (.*), 1 skipped, 1 deleted' err" || show err
delivered_is "  the small one delivered" -e mdp "1 2 3 8"
is "  the skipped one is still on the server, alone" \
    "$(on_server "$MAILDIR_BOB") $(cat "$MAILDIR_BOB"/new/* "$MAILDIR_BOB"/cur/* 2>/dev/null | cmp -s - seed/4 && echo same)" \
    "1 same"

done_testing
