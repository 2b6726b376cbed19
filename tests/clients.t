#!/bin/sh
# posta with the programs people already use, the real ones from Debian,
# against the private Postfix and Dovecot of tests/servers.sh:
#   - neomutt sends through smtp-send (set sendmail), and reads, on a
#     pseudo-terminal that nobody types on, a Maildir written by mfetch;
#   - git send-email --sendmail-cmd=smtp-send sends a patch series, which
#     arrives intact, threaded and in order, and git am applies;
#   - mblaze's mlist, mshow and mdeliver read what mfetch delivers, and
#     posta's mshow reads what mdeliver delivered;
#   - Dovecot's IMAP BODYSTRUCTURE of a message from mkmsg, sent through
#     Postfix, is the structure mkmsg meant.
# Skipped, saying why, where the servers cannot run (not root) or one of
# the programs is missing (make deps installs them). /usr/bin/mshow is
# mblaze's; posta's is $BIN/mshow.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/servers.sh"

for p in neomutt:neomutt git:git mlist:mblaze mdeliver:mblaze \
    /usr/bin/mshow:mblaze; do
	if ! command -v "${p%%:*}" >/dev/null 2>&1; then
		echo "1..0 # SKIP ${p%%:*} is not installed (make deps: ${p#*:})"
		exit 0
	fi
done
if [ ! -x "$(git --exec-path)/git-send-email" ]; then
	echo "1..0 # SKIP git send-email is not installed (make deps: git-email)"
	exit 0
fi
servers_tap
python3 "$DATA/files.py" f || exit 1
CL=$DATA/clients
# git: no system or user configuration but what is set here.
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME='Alice Example' \
    GIT_AUTHOR_EMAIL=alice@posta.test GIT_COMMITTER_NAME='Alice Example' \
    GIT_COMMITTER_EMAIL=alice@posta.test GIT_AUTHOR_DATE='2026-11-20 10:00:00 +0000' \
    GIT_COMMITTER_DATE='2026-11-20 10:00:00 +0000'
unset MAILRC MUTT NEOMUTT MBLAZE EMAIL

# field FILE NAME: the header field NAME of the message FILE, unfolded and
# decoded (RFC 2047), by Python's email package.
field() {
	python3 -c 'import sys, email, email.policy
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
v = m[sys.argv[2]]
print("" if v is None else str(v))' "$1" "$2"
}
# text FILE: the decoded text/plain body of the message FILE.
text() {
	python3 -c 'import sys, email, email.policy
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
sys.stdout.write(m.get_body(("plain",)).get_content())' "$1"
}
# sums FILE...: the SHA-256 of each file, sorted, without the names.
sums() { sha256sum "$@" | cut -d' ' -f1 | sort; }

# One account, alice's, for smtp-send (the submission port, STARTTLS and
# AUTH) and mfetch (IMAP on 127.0.0.1).
mkdir -p config/posta
{ printf 'account alice\n  from Alice Example <alice@localhost>\n'
  printf '  smtp smtp://127.0.0.1:%s\n  imap imap://127.0.0.1:%s\n' \
      "$SUBMIT_PORT" "$IMAP_PORT"
  printf '  user alice@localhost\n  passwordeval echo alice-secret\n'
  printf '  cacert %s\ndefault alice\n' "$CA"; } >config/posta/config
chmod 600 config/posta/config
nb=0 na=0

# --- neomutt sends through smtp-send ------------------------------------------
# Batch mode (-n: no system muttrc; the body on stdin): neomutt composes the
# MIME message itself and hands it to "sendmail", with the recipients, the
# Bcc among them, as arguments.
cat >muttrc <<EOF
set sendmail="$BIN/smtp-send"
set from="Alice Example <alice@localhost>"
set use_from=yes
set send_charset="us-ascii:utf-8"
set record=""
set copy=no
set header_cache=""
set hostname=localhost
EOF
printf 'Hello Bob,\n\nthe Q3 report and the chart, from neomutt.\nȘedința e marți.\n' >body1
subj1='Q3 report — from neomutt'
neomutt -n -F muttrc -s "$subj1" -a f/report.pdf f/image.png \
    -b alice@localhost -- bob@localhost <body1 >out 2>err; rc=$?
nb=$((nb + 1)) na=$((na + 1))
chk "neomutt, set sendmail=smtp-send: exit 0, quiet" \
    sh -c "[ $rc -eq 0 ] && [ ! -s out ] && [ ! -s err ]" || show err
check "neomutt: it arrives in bob's Maildir" servers_arrived "$MAILDIR_BOB" $nb
check "neomutt: and in alice's (Bcc, a recipient argument)" servers_arrived "$MAILDIR_ALICE" $na
m1=$(servers_newest "$MAILDIR_BOB")
m1a=$(servers_newest "$MAILDIR_ALICE")
id1=$(field "$m1" Message-ID)
check "neomutt: one message, the same Message-ID in both" \
    sh -c "[ -n '$id1' ] && [ '$id1' = '$(field "$m1a" Message-ID)' ]"
check "neomutt: no copy shows the Bcc" sh -c "! grep -qi '^bcc:' '$m1' '$m1a'"
check "neomutt: the subject arrives (decoded: '$subj1')" [ "$(field "$m1" Subject)" = "$subj1" ]
text "$m1" >got
check "neomutt: the text body arrives intact" cmp -s body1 got
mkdir x1
"$BIN/mshow" -x -d x1 "$m1" >saved 2>err
chk "neomutt: mshow -x saves the two attachments" sh -c \
    "grep -qx x1/report.pdf saved && grep -qx x1/image.png saved && [ \$(wc -l <saved) -eq 2 ]" || show saved err
check "neomutt: the PDF arrives byte for byte" cmp -s f/report.pdf x1/report.pdf
check "neomutt: the PNG arrives byte for byte" cmp -s f/image.png x1/image.png

# set sendmail="smtp-send -t", with an envelope sender: neomutt adds
# "-f bounces@localhost" and the recipients; smtp-send also reads To and
# Cc, and sends to each address once.
sed 's|^set sendmail=.*|set sendmail="'"$BIN"'/smtp-send -t"|' muttrc >muttrc2
printf 'set use_envelope_from=yes\nset envelope_from_address="bounces@localhost"\n' >>muttrc2
printf 'Short, with -t.\n' >body2
subj2='neomutt, sendmail -t and an envelope sender'
neomutt -n -F muttrc2 -s "$subj2" -c bob@localhost -- bob@localhost <body2 >out 2>err; rc=$?
nb=$((nb + 1))
chk "neomutt, sendmail=\"smtp-send -t\" and use_envelope_from: exit 0" [ $rc -eq 0 ] || show err
check "-t: delivered (To, Cc and the argument: bob)" servers_arrived "$MAILDIR_BOB" $nb
m2=$(servers_newest "$MAILDIR_BOB")
check "-t: the envelope sender is neomutt's -f" grep -qx 'Return-Path: <bounces@localhost>' "$m2"
check "-t: subject and body arrive" \
    sh -c "[ '$(field "$m2" Subject)' = '$subj2' ] && [ '$(text "$m2")' = 'Short, with -t.' ]"

# --- mfetch fetches alice's mail; neomutt reads it ---------------------------------
# Two more messages for alice: from mkmsg (quoted-printable UTF-8, lines
# that begin with "From ") and a plain one (dot lines).
subj3='Grüße — ședința de marți'
printf 'Hallo Alice,\n\nGrüße aus Köln: ședința e marți.\nFrom the start of a line\n>From quoted once\n' >body3
"$BIN/mkmsg" -f 'Alice Example <alice@localhost>' -t alice@localhost \
    -s "$subj3" <body3 >msg3 && "$BIN/smtp-send" -t <msg3 2>err; rc=$?
na=$((na + 1))
chk "mkmsg | smtp-send -t to alice: exit 0" [ $rc -eq 0 ] || show err
subj4='plain, with dots'
printf 'From: alice@localhost\nTo: alice@localhost\nSubject: %s\n\n.\n..\nend\n' "$subj4" >msg4
"$BIN/smtp-send" alice@localhost <msg4 2>err; rc=$?
na=$((na + 1))
check "smtp-send to alice: exit 0" [ $rc -eq 0 ]
check "alice has the three messages" servers_arrived "$MAILDIR_ALICE" $na

"$BIN/mfetch" --imap --maildir "$T/inbox" >out 2>err; rc=$?
chk "mfetch --imap into a Maildir: exit 0, 3 fetched" sh -c \
    "[ $rc -eq 0 ] && grep -q 'INBOX: 3 fetched' err" || show err
check "mfetch: three files in the Maildir" [ "$(ls inbox/new | wc -l)" -eq 3 ]

# neomutt is a full-screen program with no batch mode for reading: it runs
# on a pseudo-terminal (onpty.py), drives itself with the keys pushed by
# -e, read-only (-R): tag every message, pipe each one, decoded, to a
# command that appends it to a file, then quit.
# $folder must exist, or neomutt first asks whether to create it.
cat >readrc <<EOF
set folder="$T/inbox"
set spoolfile="$T/inbox"
set pipe_decode=yes
set pipe_split=yes
set pipe_sep="--- neomutt message ---\\n"
set wait_key=no
set quit=yes
set move=no
set mark_old=no
set header_cache=""
set hostname=localhost
EOF
python3 "$CL/onpty.py" 30 screen neomutt -n -R -F readrc -f "$T/inbox" \
    -e "push \"<tag-pattern>~A<enter><tag-prefix><pipe-message>cat >>$T/piped<enter><quit>\"" 2>err; rc=$?
chk "neomutt -R reads the Maildir mfetch wrote, on a terminal, and quits: 0" \
    [ $rc -eq 0 ] || show err
check "neomutt: it piped the three messages" \
    [ "$(grep -cx -- '--- neomutt message ---' piped 2>/dev/null)" = 3 ]
chk "neomutt: each subject once, decoded" sh -c \
    "[ \$(grep -cxF 'Subject: $subj1' piped) -eq 1 ] && [ \$(grep -cxF 'Subject: $subj3' piped) -eq 1 ] &&
     [ \$(grep -cxF 'Subject: $subj4' piped) -eq 1 ]" || show piped
chk "neomutt: the quoted-printable text, decoded (the file holds it encoded)" sh -c \
    "grep -qxF 'Grüße aus Köln: ședința e marți.' piped &&
     ! grep -qF 'Grüße aus Köln: ședința' inbox/new/* && grep -qF 'Gr=C3=BC=C3=9Fe aus K=C3=B6ln' inbox/new/*" || show piped
check "neomutt: From lines as they were, not quoted" sh -c \
    "grep -qxF 'From the start of a line' piped && grep -qxF '>From quoted once' piped"
check "neomutt: the dot lines and the text of neomutt's own message" sh -c \
    "grep -qx '\\.\\.' piped && grep -qxF 'the Q3 report and the chart, from neomutt.' piped"

# --- mblaze reads what mfetch delivered ----------------------------------------------
mlist "$T/inbox" | sort >listed
find "$T/inbox/new" "$T/inbox/cur" -type f | sort >files
chk "mlist lists every message file mfetch wrote, no more" sh -c \
    "cmp -s listed files && [ \$(wc -l <listed) -eq 3 ]" || show listed files
f1=$(grep -l "^Message-ID: $(field "$m1a" Message-ID)" inbox/new/*)
f3=$(grep -l "^Message-ID: $(field msg3 Message-ID)" inbox/new/*)
/usr/bin/mshow -n "$f3" >shown 2>err
chk "mblaze's mshow: the subject, decoded, and the decoded text" sh -c \
    "grep -qxF 'Subject: $subj3' shown && grep -qxF 'Grüße aus Köln: ședința e marți.' shown &&
     grep -qxF 'From the start of a line' shown" || show shown err
/usr/bin/mshow -n "$f1" >shown 2>err
check "mblaze's mshow: neomutt's message, the text and the parts" sh -c \
    "grep -qxF 'Subject: $subj1' shown && grep -qxF 'Ședința e marți.' shown &&
     grep -q 'application/pdf.*report.pdf' shown && grep -q 'image/png.*image.png' shown"
/usr/bin/mshow -O "$f1" report.pdf >got.pdf 2>err
check "mblaze's mshow -O: the PDF (quoted-printable by neomutt), byte for byte" cmp -s f/report.pdf got.pdf
/usr/bin/mshow -O "$f1" image.png >got.png 2>err
check "mblaze's mshow -O: the PNG, byte for byte" cmp -s f/image.png got.png

# mfetch's mboxrd stream, split by mdeliver -M: the same three messages,
# byte for byte (the ">From" line of the third one is quoted and unquoted),
# each with the empty line that ends it in the mbox: mblaze's mdeliver
# (1.1) keeps it, the separator before the next "From " line.
mkdir -p mb/cur mb/new mb/tmp md/cur md/new md/tmp
"$BIN/mfetch" --imap --all -o - 2>err | mdeliver -M -v "$T/mb" >delivered; rc=$?
check "mfetch -o - | mdeliver -M: exit 0, three delivered" sh -c \
    "[ $rc -eq 0 ] && [ \$(wc -l <delivered) -eq 3 ]"
python3 -c 'import hashlib, sys
for f in sys.argv[1:]:
    print(hashlib.sha256(open(f, "rb").read() + b"\n").hexdigest())' inbox/new/* | sort >s1
sums mb/new/* mb/cur/* 2>/dev/null >s2
chk "mdeliver -M: the messages of the Maildir, byte for byte, and the empty line" \
    cmp -s s1 s2 || show s1 s2

# --- posta's mshow reads what mdeliver delivered ------------------------------------
# A message made by Python's email package, not by posta.
python3 - f/report.pdf f/image.png >known.eml <<'EOF'
import sys
from email.message import EmailMessage
m = EmailMessage()
m["From"] = "Carol Example <carol@example.org>"
m["To"] = "Alice <alice@localhost>"
m["Subject"] = "Отчёт: the report, Ședință ✓"
m["Date"] = "Fri, 20 Nov 2026 10:00:00 +0000"
m["Message-ID"] = "<known@example.org>"
m.set_content("Bonjour Alice,\n\nvoilà le rapport: ✓\n", cte="quoted-printable")
m.add_attachment(open(sys.argv[1], "rb").read(), maintype="application",
                 subtype="pdf", filename="Отчёт за квартал.pdf")
m.add_attachment(open(sys.argv[2], "rb").read(), maintype="image",
                 subtype="png", filename="chart.png")
sys.stdout.buffer.write(m.as_bytes())
EOF
mdeliver -v "$T/md" <known.eml >delivered; rc=$?
md=$(cat delivered)
check "mdeliver: delivered, the file is the message" sh -c "[ $rc -eq 0 ] && cmp -s known.eml '$md'"
"$BIN/mshow" "$md" >shown 2>err; rc=$?
chk "posta's mshow: the header, decoded" sh -c \
    "[ $rc -eq 0 ] && grep -qxF 'Subject: Отчёт: the report, Ședință ✓' shown &&
     grep -qxF 'From: Carol Example <carol@example.org>' shown" || show shown err
check "posta's mshow: the quoted-printable text, decoded" sh -c \
    "grep -qxF 'voilà le rapport: ✓' shown && ! grep -q '=C3' shown"
check "posta's mshow: one line for each attachment, with its name" sh -c \
    "grep -q '^\\[-- 3: application/pdf, .*\"Отчёт за квартал.pdf\" --\\]\$' shown &&
     grep -q '^\\[-- 4: image/png, .*\"chart.png\" --\\]\$' shown"
"$BIN/mshow" "$T/md" >shown2 2>err
check "posta's mshow: the Maildir mdeliver wrote: the message, named" sh -c \
    "[ \"\$(head -n 1 shown2)\" = '==> $md <==' ] && tail -n +2 shown2 | cmp -s - shown"
mkdir x4
"$BIN/mshow" -x -d x4 "$md" >saved 2>err; rc=$?
chk "posta's mshow -x: both attachments saved" sh -c \
    "[ $rc -eq 0 ] && [ \$(wc -l <saved) -eq 2 ]" || show saved err
check "posta's mshow -x: the PDF, byte for byte" cmp -s f/report.pdf "x4/Отчёт за квартал.pdf"
check "posta's mshow -x: the PNG, byte for byte" cmp -s f/image.png x4/chart.png

# --- git send-email sends a series through smtp-send ---------------------------------
# git checks each address itself (with Email::Valid when installed, else a
# pattern) and wants a dot in the domain: the series goes to bob@posta.test,
# which the test Postfix delivers to bob's Maildir as it does bob@localhost.
# The series: a cover letter (its template filled in) and three patches,
# one adding UTF-8 text with "." and "From " lines, one a binary file;
# --thread: each patch answers the cover letter.
git init -q -b main repo && (cd repo &&
    printf 'one\n' >a.txt && git add a.txt && git commit -qm 'initial' &&
    git tag base &&
    printf 'one\ntwo\n' >a.txt && git commit -qam 'a: add a second line' &&
    printf 'hello\nGrüße\n' >b.txt && git add b.txt &&
    git commit -qm 'b: a new file, in UTF-8' \
        -m 'Ședință: a longer message, with a line of one dot
.
and a line that begins with From:
From here on' &&
    head -c 3000 /dev/urandom >c.bin && git add c.bin &&
    git commit -qm 'c: a binary file' &&
    git format-patch -q --thread --cover-letter -o ../series base) ||
    echo "# could not make the series"
sed -i -e 's/\*\*\* SUBJECT HERE \*\*\*/three small changes/' \
    -e 's/\*\*\* BLURB HERE \*\*\*/The series, for the test./' series/0000-cover-letter.patch
set -- "$T"/series/*.patch
check "git format-patch: a cover letter and three patches" [ $# -eq 4 ]
lines=$(wc -l <"$POSTFIX_LOG")
(cd repo && git send-email \
    --sendmail-cmd="$BIN/smtp-send" --to='Bob <bob@posta.test>' \
    --from='Alice Example <alice@posta.test>' --confirm=never \
    --suppress-cc=all --quiet "$@") >out 2>err; rc=$?
nb=$((nb + 4))
chk "git send-email --sendmail-cmd=smtp-send: exit 0" [ $rc -eq 0 ] || show out err
check "git send-email: the four messages arrive" servers_arrived "$MAILDIR_BOB" $nb
# The arrived copy of each file, found by its Message-Id, in series order.
mkdir arr
i=0
for p in series/*.patch; do
	id=$(field "$p" Message-Id)
	g=$(grep -l -i -F -x "Message-Id: $id" "$MAILDIR_BOB"/new/* | head -1)
	[ -n "$g" ] && cp "$g" arr/$i
	i=$((i + 1))
done
check "git send-email: each message arrives under its Message-Id" \
    [ "$(ls arr | wc -l)" -eq 4 ]
good=0
i=0
for p in series/*.patch; do
	sed '1,/^$/d' "$p" >want.body
	sed '1,/^$/d' "arr/$i" >got.body 2>/dev/null
	cmp -s want.body got.body && [ "$(field "$p" Subject)" = "$(field "arr/$i" Subject)" ] &&
	    good=$((good + 1))
	i=$((i + 1))
done
check "git send-email: every body byte for byte, every subject as format-patch wrote" [ $good -eq 4 ]
cover=$(field arr/0 Message-Id)
thread=ok
[ -z "$(field arr/0 In-Reply-To)" ] || thread=bad
for i in 1 2 3; do
	[ "$(field arr/$i In-Reply-To)" = "$cover" ] &&
	    [ "$(field arr/$i References)" = "$cover" ] || thread=bad
done
check "git send-email: the patches answer the cover letter (In-Reply-To, References)" [ $thread = ok ]
numbered=ok
for i in 0 1 2 3; do
	case $(field arr/$i Subject) in
	"[PATCH $i/3] "*) ;;
	*) numbered=bad;;
	esac
done
check "git send-email: subjects numbered 0/3 to 3/3 in series order" [ $numbered = ok ]
# In order: Postfix took them one after the other, in series order (its
# log), and the Date fields git wrote increase.
tail -n +$((lines + 1)) "$POSTFIX_LOG" | sed -n 's/.*cleanup.*message-id=\(<[^>]*>\).*/\1/p' >order
for i in 0 1 2 3; do field arr/$i Message-Id; done >want.order
chk "git send-email: Postfix received them in series order" cmp -s want.order order || show order
check "git send-email: the Date fields increase along the series" python3 -c '
import sys, email, email.utils
d = [email.utils.parsedate_to_datetime(email.message_from_binary_file(open(f, "rb"))["Date"])
     for f in sys.argv[1:]]
sys.exit(0 if all(a < b for a, b in zip(d, d[1:])) else 1)' arr/0 arr/1 arr/2 arr/3
git clone -q repo fresh 2>err && (cd fresh && git checkout -q -b review base &&
    git am -q ../arr/1 ../arr/2 ../arr/3) >amout 2>&1; rc=$?
chk "git am applies the arrived series to a fresh clone" [ $rc -eq 0 ] || show amout err
check "git am: the same tree as the original (HEAD^{tree})" sh -c \
    "[ \"\$(git -C fresh rev-parse 'HEAD^{tree}')\" = \"\$(git -C repo rev-parse 'HEAD^{tree}')\" ]"
check "git am: the same commit messages and author" sh -c \
    "[ \"\$(git -C fresh log --format='%an <%ae>%n%B' base..HEAD)\" = \"\$(git -C repo log --format='%an <%ae>%n%B' base..HEAD)\" ]"

# --- Dovecot sees the structure mkmsg made ---------------------------------------------
# A text body and four attachments: a PDF, a PNG, UTF-8 text and a PDF
# with a Cyrillic name (RFC 2231, continued). mimetree.py writes the
# structure as Dovecot's BODYSTRUCTURE gives it, and as Python's email
# package parses mkmsg's output, in one form; and each leaf part, as
# fetched by IMAP and decoded, and as Python decodes it.
printf 'Hi Bob,\n\nȘedința e marți; the files are attached.\n' >note5
cyr='Отчёт за третий квартал.pdf'
"$BIN/mkmsg" -f 'Alice Example <alice@localhost>' -t 'Bob <bob@localhost>' \
    -s 'the structure' -a f/report.pdf -a f/image.png -a f/utf8.txt \
    -a "f/$cyr" <note5 >msg5 && "$BIN/smtp-send" -t <msg5 2>err; rc=$?
nb=$((nb + 1))
check "mkmsg | smtp-send -t: exit 0" [ $rc -eq 0 ]
check "mkmsg: it arrives in bob's Maildir" servers_arrived "$MAILDIR_BOB" $nb
mkdir imap py
python3 "$CL/mimetree.py" imap "$IMAP_PORT" bob@localhost bob-secret \
    "$(field msg5 Message-ID)" imap >imap.txt 2>err; rc=$?
chk "IMAP: BODYSTRUCTURE and the parts fetched" sh -c "[ $rc -eq 0 ] && [ -s imap.txt ]" || show err
python3 "$CL/mimetree.py" file msg5 py >py.txt 2>err
chk "IMAP: Dovecot's structure is Python's parse of mkmsg's output: types, parameters, encodings, dispositions, sizes, lines" \
    cmp -s py.txt imap.txt || { show imap.txt; echo "# Python's:"; show py.txt; }
bnd=$(python3 -c 'import email, sys
print(email.message_from_binary_file(open(sys.argv[1], "rb")).get_boundary())' msg5)
printf "0 multipart/mixed params={boundary='%s'} disp=- dparams={}\n" "$bnd" >want0
check "IMAP: multipart/mixed of five parts, with mkmsg's boundary" sh -c \
    "[ \$(wc -l <imap.txt) -eq 6 ] && head -n 1 imap.txt | cmp -s - want0"
check "IMAP: 1, the text: text/plain, UTF-8, quoted-printable, inline" \
    grep -q "^1 text/plain params={charset='utf-8'} id=None desc=None enc=quoted-printable size=[1-9][0-9]* lines=3 disp=- dparams={}\$" imap.txt
check "IMAP: 2, application/pdf, base64, attachment report.pdf" \
    grep -q "^2 application/pdf params={name='report.pdf'} id=None desc=None enc=base64 size=[1-9][0-9]* lines=- disp=attachment dparams={filename='report.pdf'}\$" imap.txt
check "IMAP: 3, image/png, base64, attachment image.png" \
    grep -q "^3 image/png params={name='image.png'} id=None desc=None enc=base64 size=[1-9][0-9]* lines=- disp=attachment dparams={filename='image.png'}\$" imap.txt
check "IMAP: 4, text/plain in UTF-8, quoted-printable, attachment utf8.txt" \
    grep -q "^4 text/plain params={charset='utf-8', name='utf8.txt'} id=None desc=None enc=quoted-printable size=[1-9][0-9]* lines=[1-9][0-9]* disp=attachment dparams={filename='utf8.txt'}\$" imap.txt
check "IMAP: 5, application/pdf, its Cyrillic name whole (RFC 2231)" \
    grep -q "^5 application/pdf params={name='$cyr'} id=None desc=None enc=base64 size=[1-9][0-9]* lines=- disp=attachment dparams={filename='$cyr'}\$" imap.txt
check "IMAP: the text part decodes to the body given to mkmsg" cmp -s note5 imap/1
check "IMAP: the parts decode to the files, byte for byte" sh -c \
    "cmp -s f/report.pdf imap/2 && cmp -s f/image.png imap/3 && cmp -s f/utf8.txt imap/4 && cmp -s 'f/$cyr' imap/5"
check "IMAP: and to what Python decodes from mkmsg's output" sh -c \
    "for p in 1 2 3 4 5; do cmp -s py/\$p imap/\$p || exit 1; done"

done_testing
