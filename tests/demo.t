#!/bin/sh
# make demo (tests/demo.sh) with the tools in BIN: what it prints and what it
# leaves. Every step's command is shown; the message arrives in the Maildir;
# the attachment saved is the file sent (checked here with Python's email
# parser as well); the 3 MB refusal is shown with its status; the probe
# names TLS and AUTH; no server outlives the demo, whether it passes, a step
# fails (a tool that exits 70), it is terminated mid-step, or a killed run
# left servers behind; a rerun starts clean. Skipped, saying why, where the
# servers cannot run (not root).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/servers.sh"

why=$(servers_skip_reason)
if [ -n "$why" ]; then
	echo "1..0 # SKIP $why"
	exit 0
fi
# Whatever happens here, no server stays up.
trap 'for d in "$T"/demo*; do servers_stop "$d/servers" 2>/dev/null; done; rm -rf "$T"' EXIT

# demo DIR OUT [VAR=value...]: runs the demo in DIR, its output (stdout and
# stderr) in OUT; returns its exit status.
demo() {
	dd=$1 o=$2
	shift 2
	env DEMO_SKIP_DEPS=1 DEMO_DIR="$dd" "$@" timeout 300 sh "$TOP/tests/demo.sh" >"$o" 2>&1
}
# line OUT REGEX: the number of the first line of OUT matching REGEX (ERE).
line() { grep -n -E -m 1 -- "$2" "$1" | cut -d: -f1; }
# procs DIR: the processes running in DIR, or started with DIR in their
# command line (every Dovecot and Postfix process of the demo's servers
# runs in DIR/servers/...), as "pid command".
procs() {
	for p in /proc/[0-9]*; do
		pid=${p#/proc/}
		[ "$pid" = $$ ] && continue
		c=$(readlink "$p/cwd" 2>/dev/null) || continue
		a=$(tr '\0' ' ' <"$p/cmdline" 2>/dev/null)
		case "$c/ $a" in
		"$1"/*|*" $1/"*|*"$1/"*) echo "$pid $a";;
		esac
	done
}
noprocs() { [ -z "$(procs "$1")" ]; }

python3 "$DATA/demo-files.py" orig || exit 1

# --- the demo, as make demo runs it ---------------------------------------------------
D=$T/demo
demo "$D" out; rc=$?
chk "the demo passes: exit 0" [ $rc -eq 0 ] || show out

# Each step's command, in order, after its numbered explanation.
prev=0 i=0
for re in '^\$ mkmsg .*-a report\.pdf <note\.txt \| smtp-send$' \
    '^\$ mfetch --imap --maildir Maildir$' '^\$ mshow Maildir$' \
    '^\$ mshow -x -d attachments Maildir$' '^\$ cmp report\.pdf attachments/report\.pdf$' \
    '^\$ mkmsg .*-a scan\.pdf <note\.txt >scan\.eml$' '^\$ smtp-send --probe$'; do
	l=$(line out "$re")
	case $re in *cmp*) ;; *) i=$((i + 1));; esac
	s=$(line out "^$i\. ")
	chk "step $i's command is printed, in order: $re" sh -c \
	    "[ -n '$l' ] && [ -n '$s' ] && [ '$s' -lt '$l' ] && [ '$l' -gt $prev ]" || show out
	prev=${l:-0}
done
chk "it ends saying the six steps passed" has out "Done: the 6 steps did what they show" || show out

# The servers' settings it used (they are stopped; their files stay).
. "$D/servers/env"
cf=$D/config/posta/config
chk "the config: alice on the submission port, STARTTLS, cacert, passwordeval, IMAP" sh -c \
    "grep -qx '  smtp  *smtp://127.0.0.1:$SUBMIT_PORT' '$cf' &&
     grep -qx '  imap  *imap://127.0.0.1:$IMAP_PORT' '$cf' &&
     grep -qx '  cacert  *$CA' '$cf' && grep -qx '  passwordeval  *echo alice-secret' '$cf' &&
     grep -qx '  user  *alice@localhost' '$cf'" || show "$cf"
check "Postfix took it on the submission port from alice, logged in" \
    grep -q 'posta-postfix/submission/smtpd.*sasl_username=alice@localhost' "$POSTFIX_LOG"
check "Dovecot saw alice log in over IMAP with TLS" sh -c \
    "grep -E 'imap-login: .*Login: user=<alice@localhost>, .*, TLS' '$DOVECOT_LOG' | grep -q ."

# The fetched message, in the demo's Maildir.
set -- "$D"/Maildir/new/*
chk "one message fetched into $D/Maildir/new" sh -c "[ $# -eq 1 ] && [ -s '$1' ]"
msg=$1
check "its file name was listed (ls Maildir/new)" grep -qxF "${msg##*/}" out
check "it is the message sent: Subject, To" sh -c \
    "grep -qx 'Subject: Q3 report' '$msg' && grep -qx 'To: Alice <alice@localhost>' '$msg'"
check "mshow showed it: the body and the PDF as one line" sh -c \
    "grep -qx 'the Q3 report is attached.' out && grep -qF '[-- 3: application/pdf, 589 B, \"report.pdf\" --]' out"
# The attachment, read from the fetched file by Python, not by mshow.
python3 - "$msg" >pyatt <<'EOF'
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
atts = [p for p in m.iter_attachments()]
assert len(atts) == 1 and atts[0].get_filename() == "report.pdf", atts
sys.stdout.buffer.write(atts[0].get_content())
EOF
check "the fetched message carries report.pdf whole (Python's email)" cmp -s pyatt orig/report.pdf
check "mshow -x saved it: attachments/report.pdf is the original PDF" cmp -s "$D/attachments/report.pdf" orig/report.pdf
check "the demo said so" grep -q "the same 589 bytes" out

# The 3 MB attachment refused.
chk "the refusal is shown: mkmsg's one line, naming the file and the limit" \
    grep -qE '^mkmsg: scan\.pdf: 3000000 bytes .*over the attachment limit of 2097152 bytes' out || show out
check "and its exit status, 65" grep -q 'refused, as it should be: exit status 65' out
check "scan.pdf is 3 MB, scan.eml empty" sh -c \
    "[ \$(wc -c <'$D/scan.pdf') -eq 3000000 ] && [ -f '$D/scan.eml' ] && [ ! -s '$D/scan.eml' ]"
check "only the first message reached the server" sh -c \
    "[ \$(find '$MAILDIR_ALICE/new' '$MAILDIR_ALICE/cur' -type f | wc -l) -eq 1 ]"

# The probe.
chk "the probe names the server, its TLS and AUTH, and the login" sh -c \
    "grep -qx 'server: *smtp://127.0.0.1:$SUBMIT_PORT' out && grep -qE '^TLS: +TLSv1\\.[23], ' out &&
     grep -qE '^AUTH: +.*PLAIN' out && grep -qx 'login: *ok as alice@localhost' out" || show out

# The end.
chk "no Dovecot or Postfix process of $D remains" noprocs "$D" || procs "$D" | sed 's/^/#   /'
check "the config and the Maildir: printed, and there" sh -c \
    "grep -qx '  config   $cf' out && grep -qx '  Maildir  $D/Maildir' out && [ -f '$cf' ] && [ -d '$D/Maildir/new' ]"
check "and how to read it again with posta's mshow" \
    grep -qxF "  $(cd "$BIN" && pwd)/mshow $D/Maildir" out

# --- a rerun, and a rerun after a killed one --------------------------------------------
oldca=$(cksum <"$CA")
demo "$D" out2; rc=$?
chk "run again in the same directory: exit 0" [ $rc -eq 0 ] || show out2
. "$D/servers/env"
set -- "$D"/Maildir/new/*
check "it started afresh: new servers (a new certificate), one message in the Maildir" sh -c \
    "[ \"\$(cksum <'$CA')\" != '$oldca' ] && [ $# -eq 1 ] && [ '$1' != '$msg' ] && grep -q 'Done: the 6 steps' out2"
check "no process of $D remains" noprocs "$D"
# Servers left running, as by a demo killed with SIGKILL (started here in a
# fresh directory, once whatever may still run there is stopped).
servers_stop "$D/servers"
rm -rf "$D/servers"
servers_start "$D/servers" 2>err || show err
pid=$(cat "$D/servers/postfix-queue/pid/master.pid" 2>/dev/null | tr -cd 0-9)
chk "(servers left running in $D)" sh -c "[ -n '$pid' ] && [ -d '/proc/$pid' ]"
demo "$D" out3; rc=$?
chk "the next run stops them and passes" sh -c "[ $rc -eq 0 ] && [ ! -d /proc/$pid ]" || show out3
check "and none of its own remains" noprocs "$D"

# --- a step that fails ------------------------------------------------------------------
# BIN: the real tools, but an mshow that fails as a crashing one would.
mkdir bad
for t in mkmsg smtp-send mfetch; do ln -s "$BIN/$t" "bad/$t"; done
printf '#!/bin/sh\necho "mshow: broken on purpose" >&2\nexit 70\n' >bad/mshow
chmod +x bad/mshow
D2=$T/demo2
demo "$D2" fout BIN="$T/bad"; rc=$?
chk "a failing mshow: the demo exits non-zero" [ $rc -ne 0 ] || show fout
check "having run the steps before it" sh -c \
    "grep -q '^\\\$ mfetch --imap' fout && [ -f '$D2/servers/env' ] && grep -q 'mshow: broken on purpose' fout"
chk "it names the failing step and why" \
    grep -qx 'demo: step 3 of 6 (mshow) failed: exit status 70' fout || show fout
check "and runs none after it" sh -c "! grep -q -e '^\\\$ mshow -x' -e '^\\\$ smtp-send --probe' -e '^Done' fout"
check "it says where the config and the Maildir are" sh -c \
    "grep -qx '  config   $D2/config/posta/config' fout && grep -qx '  Maildir  $D2/Maildir' fout"
chk "no Dovecot or Postfix process of $D2 remains" noprocs "$D2" || procs "$D2" | sed 's/^/#   /'

# --- terminated in the middle of a step --------------------------------------------------
# An mshow that hangs; the demo, in its own process group, gets SIGTERM as a
# terminal's ^C would send SIGINT: to the group.
printf '#!/bin/sh\nexec sleep 60\n' >bad/mshow
D3=$T/demo3
DEMO_SKIP_DEPS=1 DEMO_DIR=$D3 BIN=$T/bad setsid sh "$TOP/tests/demo.sh" >tout 2>&1 &
dpid=$!
i=0
while ! grep -q '^\$ mshow Maildir' tout && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
chk "(the demo reached step 3)" grep -q '^\$ mshow Maildir' tout || show tout
kill -TERM -"$dpid"
wait "$dpid"; rc=$?
chk "terminated: it exits 143, saying so" sh -c "[ $rc -eq 143 ] && grep -qx 'demo: terminated' tout" || show tout
chk "and no Dovecot or Postfix process of $D3 remains" noprocs "$D3" || procs "$D3" | sed 's/^/#   /'

done_testing
