#!/bin/sh
# smtp-send against a real Postfix on loopback (with Dovecot's SASL and
# Maildirs), started here and stopped at the end: delivery byte for byte,
# Bcc, refusals, passwords, TLS, --probe, and the command lines of mutt and
# git. Skipped, saying why, where the servers cannot run (not root).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/servers.sh"

servers_tap
python3 "$DATA/files.py" f || exit 1
send() { "$BIN/smtp-send" "$@"; }

# config NAME URL [lines]: the account, with alice's login.
config() {
	name=$1
	mkdir -p config/posta
	{ printf 'account %s\n  from Alice Example <alice@localhost>\n' "$1"
	  printf '  smtp %s\n  cacert %s\n' "$2" "$CA"
	  shift 2
	  for l in "$@"; do printf '  %s\n' "$l"; done
	  printf 'default %s\n' "$name"; } >config/posta/config
	chmod 600 config/posta/config
}
config a "smtp://127.0.0.1:$SUBMIT_PORT" 'user alice@localhost' 'passwordeval echo alice-secret'

# body FILE: the message without the header (trace fields are added there).
body() { sed '1,/^$/d' "$1"; }
nb=0 na=0

# --- a message from mkmsg, over STARTTLS with AUTH -------------------------------
printf 'Hello Bob,\n\n.a line starting with a dot\n.\n..two dots\n' >note
"$BIN/mkmsg" -f 'Alice Example <alice@localhost>' -t 'Bob <bob@localhost>' \
    -b alice@localhost -s 'Raport — ședință' -a f/report.pdf -a f/image.png <note >msg
send -t <msg >out 2>err; rc=$?
check "submission with STARTTLS and AUTH: exit 0, quiet" sh -c "[ $rc -eq 0 ] && [ ! -s out ] && [ ! -s err ]"
nb=$((nb + 1)); na=$((na + 1))
check "it arrives in bob's Maildir" servers_arrived "$MAILDIR_BOB" $nb
check "and in alice's (Bcc)" servers_arrived "$MAILDIR_ALICE" $na
body msg >want
body "$(servers_newest "$MAILDIR_BOB")" >got
check "the body arrives byte for byte (dots, attachments)" cmp -s want got
check "no copy shows the Bcc field" sh -c \
    "! grep -qi '^bcc:' '$(servers_newest "$MAILDIR_BOB")' && ! grep -qi '^bcc:' '$(servers_newest "$MAILDIR_ALICE")'"
check "the header arrives as sent, bar the trace fields" sh -c \
    "grep -v -i -e '^bcc:' msg | sed '/^\$/q' >h1; sed '/^\$/q' '$(servers_newest "$MAILDIR_BOB")' |
     sed -e '/^Return-Path:/d' -e '/^X-Original-To:/d' -e '/^Delivered-To:/d' -e '/^Received:/,/^[^ 	]/{/^Received:/d;/^[ 	]/d;}' >h2; cmp -s h1 h2"

# --- implicit TLS -------------------------------------------------------------------
config s "smtps://127.0.0.1:$SMTPS_PORT" 'user alice@localhost' 'passwordeval echo alice-secret'
printf 'From: alice@localhost\nSubject: over smtps\n\nx\n' | send bob@localhost 2>err; rc=$?
nb=$((nb + 1))
check "smtps:// (implicit TLS): exit 0" [ $rc -eq 0 ]
check "smtps://: delivered" servers_arrived "$MAILDIR_BOB" $nb

# --- refusals ------------------------------------------------------------------------
config a "smtp://127.0.0.1:$SUBMIT_PORT" 'user alice@localhost' 'passwordeval echo alice-secret'
printf 'From: alice@localhost\nTo: bob@localhost, carol@localhost\nSubject: two\n\nx\n' >two
send <two >out 2>err; rc=$?
check "an unknown recipient: 67" [ $rc -eq 67 ]
check "named, with Postfix's reply" grep -q 'recipient <carol@localhost> was refused: 550 5.1.1' err
sleep 0.3
check "nothing delivered, not even to bob" servers_arrived "$MAILDIR_BOB" $nb
printf 'From: alice@localhost\nSubject: out\n\nx\n' | send someone@example.com 2>err; rc=$?
check "another domain: refused, 67, nothing leaves" sh -c "[ $rc -eq 67 ] && grep -q 'someone@example.com> was refused: 5' err"
config a "smtp://127.0.0.1:$SUBMIT_PORT" 'user alice@localhost' 'passwordeval echo wrong-password'
printf 'From: alice@localhost\nSubject: x\n\nx\n' | send bob@localhost 2>err; rc=$?
check "a wrong password: 77" sh -c "[ $rc -eq 77 ] && grep -q 'login refused' err"
config a "smtp://127.0.0.1:$SUBMIT_PORT" 'user alice@localhost' 'passwordeval exit 3'
printf 'From: alice@localhost\nSubject: x\n\nx\n' | send bob@localhost 2>err; rc=$?
check "a failing passwordeval: 78" [ $rc -eq 78 ]

# --- no password over a plain link --------------------------------------------------
lines=$(wc -l <"$POSTFIX_LOG")
config p "smtp://127.0.0.1:$PLAIN_PORT" 'user alice@localhost' 'passwordeval echo alice-secret'
printf 'From: alice@localhost\nSubject: x\n\nx\n' | send bob@localhost 2>err; rc=$?
check "a server without STARTTLS, credentials configured: 69, said plainly" sh -c \
    "[ $rc -eq 69 ] && grep -q 'does not offer STARTTLS' err"
sleep 0.2
check "the server saw no AUTH and no MAIL (its log)" sh -c \
    "! tail -n +$((lines + 1)) '$POSTFIX_LOG' | grep -qi -e 'sasl' -e 'from=<alice'"
config r "smtp://127.0.0.1:$PLAIN_PORT" 'tls off'
printf 'From: alice@localhost\nSubject: relay\n\nx\n' | send bob@localhost 2>err; rc=$?
nb=$((nb + 1))
check "tls off, no login (a local relay): exit 0" [ $rc -eq 0 ]
check "tls off: delivered" servers_arrived "$MAILDIR_BOB" $nb

# --- mutt's and git's command lines -----------------------------------------------------
config a "smtp://127.0.0.1:$SUBMIT_PORT" 'user alice@localhost' 'passwordeval echo alice-secret'
printf 'From: Alice <alice@localhost>\nTo: bob@localhost\nSubject: from mutt\n\n.\nend\n' >mutt
send -oem -oi -- bob@localhost <mutt 2>err; rc=$?
nb=$((nb + 1))
check "mutt: smtp-send -oem -oi -- rcpt" [ $rc -eq 0 ]
check "mutt: delivered" servers_arrived "$MAILDIR_BOB" $nb
body "$(servers_newest "$MAILDIR_BOB")" >got
check "mutt: a lone dot line arrives as a dot, not an end" sh -c "head -1 got | grep -qx '\\.' && grep -qx end got"
printf 'From: Alice <alice@localhost>\nTo: bob@localhost\nSubject: [PATCH] fix\n\n---\n diff\n' >patch
send -i -f alice@localhost bob@localhost <patch 2>err; rc=$?
nb=$((nb + 1))
check "git send-email: smtp-send -i -f sender rcpt" [ $rc -eq 0 ]
check "git: delivered" servers_arrived "$MAILDIR_BOB" $nb

printf 'From: Alice <alice@localhost>\nTo: bob@localhost\nSubject: mutt set sendmail\n\nx\n' >mutt2
send -B8BITMIME -f alice@localhost -- bob@localhost <mutt2 2>err; rc=$?
nb=$((nb + 1))
check "mutt with set sendmail=smtp-send: -B8BITMIME -f sender -- rcpt" [ $rc -eq 0 ]
check "mutt (set sendmail): delivered" servers_arrived "$MAILDIR_BOB" $nb
printf 'From: alice@localhost\nSubject: bare cr\n\nbefore\rafter\nthe rest\n.\n..\nend\n' >crmsg
send bob@localhost <crmsg 2>err; rc=$?
nb=$((nb + 1))
check "a bare CR in the body: sent" [ $rc -eq 0 ]
check "bare CR: delivered" servers_arrived "$MAILDIR_BOB" $nb
# smtp-send sends the CR as it is (tests/smtp-send-faults.t sees it on the
# wire); Postfix stores it as a blank. Everything after it must be there.
body crmsg | tr '\r' ' ' >want
body "$(servers_newest "$MAILDIR_BOB")" | tr '\r' ' ' >got
check "a bare CR neither cuts nor changes the rest (dots too)" cmp -s want got

# --- the transcript and the probe -----------------------------------------------------
printf 'From: alice@localhost\nSubject: v\n\nx\n' | send -v bob@localhost 2>err; rc=$?
nb=$((nb + 1))
check "-v: the transcript, with STARTTLS and the AUTH line" sh -c \
    "[ $rc -eq 0 ] && grep -q '> STARTTLS' err && grep -q '> AUTH PLAIN (credentials not shown)' err"
check "-v: the password nowhere, not even base64" sh -c \
    "! grep -q alice-secret err && ! grep -q \"\$(printf '\\0alice@localhost\\0alice-secret' | base64)\" err &&
     ! grep -q 'YWxpY2Ut' err"
send --probe >probe 2>err; rc=$?
check "--probe: exit 0" [ $rc -eq 0 ]
check "--probe: greeting, capabilities before and after STARTTLS" sh -c \
    "grep -q '^greeting: *220 ' probe && grep -q '^before TLS:.*STARTTLS' probe && grep -q '^after TLS:.*AUTH' probe"
check "--probe: TLS version, cipher, certificate and fingerprint" sh -c \
    "grep -q '^TLS: *TLSv1' probe && grep -q '^subject: .*localhost' probe && grep -q '^issuer:' probe &&
     grep -q '^valid:' probe && grep -Eq '^sha256: *([0-9A-F]{2}:){31}[0-9A-F]{2}$' probe"
want=$(openssl x509 -in "$CA" -noout -fingerprint -sha256 | sed 's/.*=//')
check "--probe: the fingerprint is the certificate's" grep -q "$want" probe
check "--probe: AUTH mechanisms and the login" sh -c "grep -q '^AUTH: *PLAIN LOGIN' probe && grep -q '^login: *ok as alice@localhost' probe"
config a "smtp://127.0.0.1:$SUBMIT_PORT" 'user alice@localhost' 'passwordeval echo wrong'
send --probe a >probe 2>err; rc=$?
check "--probe with a wrong password: 77, the rest still shown" sh -c "[ $rc -eq 77 ] && grep -q '^after TLS:' probe"
send --probe "smtps://127.0.0.1:$SMTPS_PORT" >probe 2>err; rc=$?
check "--probe URL: a server by its URL, implicit TLS" sh -c "[ $rc -eq 0 ] && grep -q '^TLS: *TLSv1' probe && grep -q '^login: *not tried' probe"
printf 'account x\n  from a@localhost\n  smtp smtp://127.0.0.1:%s\n' "$SUBMIT_PORT" >config/posta/config
send --probe >probe 2>err; rc=$?
check "--probe: a certificate that does not verify: 69" sh -c "[ $rc -eq 69 ] && grep -q certificate err"

# --- --verify, against the plain port -------------------------------------------------
send --verify bob@localhost --mx "127.0.0.1:$PLAIN_PORT" >verify 2>err; rc=$?
check "--verify an existing address: 0, accepted, VRFY shown" sh -c \
    "[ $rc -eq 0 ] && grep -q '^RCPT TO: *<bob@localhost> 250' verify && grep -q '^VRFY:' verify &&
     grep -q '^verdict: *accepted' verify"
send --verify carol@localhost --mx "127.0.0.1:$PLAIN_PORT" >verify 2>err; rc=$?
check "--verify an unknown user: 67, refused, with the reply" sh -c \
    "[ $rc -eq 67 ] && grep -q 'User unknown' verify && grep -q '^verdict: *refused' verify"
nb_before=$(ls "$MAILDIR_BOB/new" | wc -l)
sleep 0.3
check "--verify sends no mail" [ "$(ls "$MAILDIR_BOB/new" | wc -l)" -eq "$nb_before" ]

done_testing
