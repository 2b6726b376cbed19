#!/bin/sh
# smtp-send against a scripted server (tests/fakesmtp.py): the transaction
# on the wire, sendmail's command lines, and the faults a real server will
# not produce on demand.
. "$(dirname "$0")/lib.sh"

FAKE=$TOP/tests/fakesmtp.py
cr=$(printf '\r')
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT

# fake NAME [options]: start a scripted server; its port in $port, what it
# received in NAME.log.
fake() {
	name=$1
	shift
	rm -f "$name.port" "$name.log"
	python3 "$FAKE" "$name.port" "$name.log" "$@" &
	pids="$pids $!"
	i=0
	while [ ! -s "$name.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	port=$(cat "$name.port")
	: >>"$name.log"
}
# account PORT [extra lines]: the config for a local relay on PORT.
account() {
	p=$1
	shift
	mkdir -p config/posta
	{ printf 'account local\n  from Alice Example <alice@localhost>\n'
	  printf '  smtp smtp://127.0.0.1:%s\n  tls off\n' "$p"
	  for l in "$@"; do printf '  %s\n' "$l"; done
	  printf 'default local\n'; } >config/posta/config
}
send() { "$BIN/smtp-send" "$@"; }

cat >msg <<'MSG'
From: Alice Example <alice@localhost>
To: Bob <bob@localhost>
Cc: carol@localhost
Bcc: dave@localhost
Subject: dots

.leading dot
.
..two
last line
MSG

# --- the transaction ---------------------------------------------------------
fake ok
account "$port"
send <msg >out 2>err; rc=$?
check "no arguments: sent to To, Cc and Bcc, exit 0" sh -c "[ $rc -eq 0 ] && [ ! -s out ] && [ ! -s err ]"
check "MAIL FROM the account's address, with SIZE" grep -q "^MAIL FROM:<alice@localhost> SIZE=[0-9]*$cr\$" ok.log
check "one RCPT per recipient" sh -c "grep -q '^RCPT TO:<bob@localhost>' ok.log &&
    grep -q '^RCPT TO:<carol@localhost>' ok.log && grep -q '^RCPT TO:<dave@localhost>' ok.log"
check "the Bcc field is not sent" sh -c "! grep -qi '^bcc:' ok.log"
check "lines end in CRLF on the wire" grep -q "^Subject: dots$cr\$" ok.log
check "dots at line starts are doubled" sh -c \
    "grep -q '^\.\.leading dot$cr\$' ok.log && grep -q '^\.\.$cr\$' ok.log && grep -q '^\.\.\.two$cr\$' ok.log"
check "Date and Message-ID added" sh -c "grep -q '^Date: ' ok.log && grep -q '^Message-ID: <.*@localhost>' ok.log"
check "QUIT at the end" grep -q "^QUIT" ok.log

: >ok.log
send bob@localhost <msg 2>err; rc=$?
check "arguments only: the header's recipients are not added" sh -c \
    "[ $rc -eq 0 ] && [ \$(grep -c '^RCPT' ok.log) -eq 1 ] && grep -q '^RCPT TO:<bob@localhost>' ok.log"
: >ok.log
send -t erin@localhost <msg 2>err
check "-t: arguments and the header's recipients" sh -c "[ \$(grep -c '^RCPT' ok.log) -eq 4 ]"
: >ok.log
send -oem -oi -- bob@localhost <msg 2>err; rc=$?
check "mutt's command line (-oem -oi -- rcpt)" sh -c "[ $rc -eq 0 ] && grep -q '^RCPT TO:<bob@localhost>' ok.log"
: >ok.log
send -i -f alice@localhost bob@localhost <msg 2>err; rc=$?
check "git's command line (-i -f sender rcpt)" sh -c "[ $rc -eq 0 ] && grep -q '^MAIL FROM:<alice@localhost>' ok.log"
: >ok.log
send -ti <msg 2>err; rc=$?
check "PHP's command line (-t -i, clustered)" sh -c "[ $rc -eq 0 ] && [ \$(grep -c '^RCPT' ok.log) -eq 3 ]"
printf 'Subject: cron job\n\noutput\n' >cronmsg
: >ok.log
send -FCronDaemon -i -B8BITMIME -oem bob@localhost <cronmsg 2>err; rc=$?
check "cron's command line (-FName -i -B8BITMIME -oem): From added with the name" sh -c \
    "[ $rc -eq 0 ] && grep -q '^From: CronDaemon <alice@localhost>' ok.log"
: >ok.log
send -f other@localhost -N failure,delay -R hdrs bob@localhost <msg 2>err; rc=$?
check "-f, and DSN -N and -R as NOTIFY and RET" sh -c "[ $rc -eq 0 ] &&
    grep -q '^MAIL FROM:<other@localhost> SIZE=[0-9]* RET=HDRS' ok.log &&
    grep -q '^RCPT TO:<bob@localhost> NOTIFY=FAILURE,DELAY' ok.log"
printf 'From: a@localhost\nSubject: caf\303\251\n\nna\303\257ve\n' >utf8msg
: >ok.log
send bob@localhost <utf8msg 2>err
check "8-bit content: BODY=8BITMIME, SMTPUTF8 for a UTF-8 header" \
    grep -q 'BODY=8BITMIME SMTPUTF8' ok.log
: >ok.log
printf 'From: a@localhost\nSubject: ascii\n\nx\n' | send "$(printf 'b\303\270b@localhost')" 2>err
check "a UTF-8 recipient with an ASCII header: SMTPUTF8 still" grep -q '^MAIL FROM:<alice@localhost> SIZE=[0-9]* SMTPUTF8' ok.log
: >ok.log
send -f '<>' bob@localhost <msg 2>err; rc=$?
check "-f '<>': the null sender" sh -c "[ $rc -eq 0 ] && grep -q '^MAIL FROM:<> ' ok.log"
send -f 'a b@localhost' bob@localhost <msg 2>err; rc=$?
check "-f with a bad address: 64" [ $rc -eq 64 ]
printf 'From: a@localhost\nSubject: cr\n\nbefore\rafter\nnext line\n' >crmsg
: >ok.log
send bob@localhost <crmsg 2>err; rc=$?
check "a bare CR neither cuts nor changes the rest" sh -c \
    "[ $rc -eq 0 ] && grep -q 'before${cr}after$cr\$' ok.log && grep -q '^next line$cr\$' ok.log"

# --- refusals ------------------------------------------------------------------------
fake refuse --refuse carol@localhost=550
account "$port"
send <msg >out 2>err; rc=$?
check "a refused recipient: exit 67" [ $rc -eq 67 ]
check "it is named with the server's reply" grep -q 'recipient <carol@localhost> was refused: 550 <carol@localhost>: no such user' err
check "nothing was sent to anyone (no DATA, RSET)" sh -c "! grep -q '^DATA' refuse.log && grep -q '^RSET' refuse.log"
fake soft --refuse carol@localhost=450
account "$port"
send <msg 2>err; rc=$?
check "a 4xx recipient reply: 75" [ $rc -eq 75 ]
fake greet421 --greet 421
account "$port"
send <msg 2>err; rc=$?
check "a 421 greeting: 75, the reply shown" sh -c "[ $rc -eq 75 ] && grep -q '421' err"
fake final554 --final 554
account "$port"
send <msg 2>err; rc=$?
check "the message refused after DATA: 65" sh -c "[ $rc -eq 65 ] && grep -q 'refused: 554' err"
fake final451 --final 451
account "$port"
send <msg 2>err; rc=$?
check "a 451 after DATA: 75" [ $rc -eq 75 ]
fake drop --drop-after-data
account "$port"
send <msg 2>err; rc=$?
check "connection lost after the final dot: 76, possibly delivered, not retried" sh -c \
    "[ $rc -eq 76 ] && grep -q 'may have been delivered' err && [ \$(grep -c '^DATA<<' drop.log) -eq 1 ]"
fake garbage --garbage
account "$port"
send --timeout 2 <msg 2>err; rc=$?
check "a greeting answered with nonsense: libcurl waits, times out: 75, no MAIL" sh -c \
    "[ $rc -eq 75 ] && ! grep -q '^MAIL' garbage.log"
fake nonsense --nonsense MAIL
account "$port"
send <msg 2>err; rc=$?
check "a reply to MAIL that is not SMTP: 76, named, no DATA" sh -c \
    "[ $rc -eq 76 ] && grep -q 'not SMTP: \"what?\"' err && ! grep -q '^DATA' nonsense.log"
fake small --ext 'PIPELINING,SIZE 100'
account "$port"
send <msg 2>err; rc=$?
check "bigger than the server's SIZE: 65 before MAIL" sh -c \
    "[ $rc -eq 65 ] && grep -q 'limit of 100' err && ! grep -q '^MAIL' small.log"

# --- --verify -------------------------------------------------------------------------
fake any
send --verify bob@example.org --mx "127.0.0.1:$port" >verify 2>err; rc=$?
check "--verify, a server that takes any address: 75, unknown, said why" sh -c \
    "[ $rc -eq 75 ] && grep -q '^accept-all:' verify && grep -q '^verdict: *unknown' verify"
check "--verify: MAIL FROM:<>, then RSET, no DATA" sh -c \
    "grep -q '^MAIL FROM:<>' any.log && grep -q '^RSET' any.log && ! grep -q '^DATA' any.log"
fake grey --refuse bob@example.org=451
send --verify bob@example.org --mx "127.0.0.1:$port" >verify 2>err; rc=$?
check "--verify, greylisted (451): 75, unknown" sh -c "[ $rc -eq 75 ] && grep -q '^verdict: *unknown' verify"
send --verify bob@example.org --mx 127.0.0.1:1 >verify 2>err; rc=$?
check "--verify, no server answers: 69" sh -c "[ $rc -eq 69 ] && grep -q '^verdict: *no server answered' verify"
send --verify 'not an address' >verify 2>err; rc=$?
check "--verify a bad address: 64" [ $rc -eq 64 ]

# --- what is refused before any connection -----------------------------------------
fake none
account "$port"
send bob@localhost </dev/null >out 2>err; rc=$?
check "empty input: 65, no connection" sh -c "[ $rc -eq 65 ] && grep -q empty err && [ ! -s none.log ]"
printf 'just text, no header\n' | send bob@localhost 2>err; rc=$?
check "no header: 65" sh -c "[ $rc -eq 65 ] && grep -q 'no header' err"
awk 'BEGIN { print "Subject: long"; print ""; for (i = 0; i < 999; i++) printf "x"; print "" }' |
    send bob@localhost 2>err; rc=$?
check "a line of 999 octets: 65, the line named" sh -c "[ $rc -eq 65 ] && grep -q 'line 3 is 999 octets' err"
send 'not an address' <msg 2>err; rc=$?
check "a bad recipient argument: 64" [ $rc -eq 64 ]
printf 'Subject: x\n\ny\n' | send 2>err; rc=$?
check "no recipient anywhere: 64" [ $rc -eq 64 ]
account "$port" 'user alice@localhost' 'password secret'
chmod 600 config/posta/config
send bob@localhost <msg 2>err; rc=$?
check "a user with tls off: refused, 78, no connection" sh -c "[ $rc -eq 78 ] && grep -q 'without TLS' err && [ ! -s none.log ]"

# --- TLS required -----------------------------------------------------------------
fake plain --ext PIPELINING,AUTH\ PLAIN
mkdir -p config/posta
printf 'account p\n  from alice@localhost\n  smtp smtp://127.0.0.1:%s\n  user alice@localhost\n  passwordeval echo alice-secret\ndefault p\n' \
    "$port" >config/posta/config
send bob@localhost <msg 2>err; rc=$?
check "smtp:// without STARTTLS on offer: 69, no downgrade" sh -c "[ $rc -eq 69 ] && grep -q STARTTLS err"
check "no password and no MAIL went over the plain link" sh -c "! grep -qi '^AUTH' plain.log && ! grep -q '^MAIL' plain.log"

kill $(cat ok.port) 2>/dev/null
printf 'account down\n  from alice@localhost\n  smtp smtp://127.0.0.1:1\n  tls off\ndefault down\n' >config/posta/config
send bob@localhost <msg 2>err; rc=$?
check "server down: 75" [ $rc -eq 75 ]

done_testing
