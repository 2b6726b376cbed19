#!/bin/sh
# mkmsg: headers, bodies, attachments, the size guard, drafts, and what
# independent readers (Python's email package, mblaze, posta's mshow) make
# of the result.
. "$(dirname "$0")/lib.sh"

python3 "$DATA/files.py" f || exit 1
mkmsg() { "$BIN/mkmsg" "$@"; }
pycheck() { python3 "$TOP/tests/mkcheck.py" "$@"; }
unset EMAIL
LIMIT=2097152

# --- a plain message ----------------------------------------------------------
printf 'Hello Bob,\n\nthe report is attached.\n' >body
mkmsg -f 'Alice Example <alice@example.org>' -t bob@example.org \
    -s 'Q3 report' <body >out 2>err; rc=$?
check "plain: exit 0, nothing on stderr" [ $rc -eq 0 ] && [ ! -s err ]
check "plain: Python reads it back, no defects" pycheck out --subject 'Q3 report' \
    --from 'Alice Example <alice@example.org>' --to bob@example.org --body body
check "plain: us-ascii, 7bit, a single part" sh -c \
    "grep -q '^Content-Type: text/plain; charset=us-ascii$' out &&
     grep -q '^Content-Transfer-Encoding: 7bit$' out && ! grep -q multipart out"
check "plain: Date, MIME-Version" sh -c \
    "grep -Eq '^Date: [A-Z][a-z]{2}, [0-9]{1,2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} [-+][0-9]{4}$' out &&
     grep -q '^MIME-Version: 1.0$' out"
check "plain: Message-ID on the From domain" grep -Eq '^Message-ID: <[^@ ]+@example.org>$' out
check "plain: LF line ends only" sh -c "! grep -q \"\$(printf '\r')\" out"
mkmsg -f a@example.org -t b@example.org -s x <body >out2
check "two runs: different Message-IDs" sh -c \
    "[ \"\$(grep ^Message-ID out)\" != \"\$(grep ^Message-ID out2)\" ]"

printf 'crlf line\r\nsecond\r\n' >crlf
mkmsg -f a@example.org -t b@example.org <crlf >out
check "CRLF body: sent with LF" sh -c "! grep -q \"\$(printf '\r')\" out && grep -q '^crlf line$' out"
printf 'no final line end' >nolf
mkmsg -f a@example.org -t b@example.org <nolf >out
check "body without a final LF: one added" pycheck out --body nolf

# --- non-ASCII headers -----------------------------------------------------------
subj='Raport trimestrial: știință, țări și învățământ în România — ediția a 2-a'
mkmsg -f 'Ștefan Popescu <stefan@example.ro>' \
    -t 'Ioana Țăranu <ioana@example.ro>, "Doe, John" <john@example.com>' \
    -t dan@example.org -c 'Ана Иванова <ana@example.ru>' -b secret@example.org \
    -s "$subj" <body >out 2>err; rc=$?
check "Romanian subject: exit 0" [ $rc -eq 0 ]
check "Romanian subject and names: Python decodes them, no defects" pycheck out \
    --subject "$subj" --from 'Ștefan Popescu <stefan@example.ro>' \
    --to 'Ioana Țăranu <ioana@example.ro>' --to '"Doe, John" <john@example.com>' \
    --to dan@example.org --cc 'Ана Иванова <ana@example.ru>' --bcc secret@example.org
check "subject: encoded words in UTF-8" sh -c \
    "sed -n '/^Subject:/,/^[A-Z]/p' out | grep -q '=?UTF-8?[QB]?'"
check "addresses never encoded" sh -c \
    "grep -q '<stefan@example.ro>' out && grep -q '<ioana@example.ro>' out &&
     grep -q '<ana@example.ru>' out"
check "header: nothing but ASCII" sh -c "! sed '/^\$/q' out | LC_ALL=C grep -q '[^ -~	]'"
check "subject: folded" sh -c "sed '/^\$/q' out | sed -n '/^Subject:/,/^[^ ]/p' | grep -q '^ '"
"$BIN/mshow" -h subject:from:to out >view
check "posta's mshow shows the subject and names decoded" sh -c \
    "grep -qF 'Subject: $subj' view && grep -qF 'From: Ștefan Popescu <stefan@example.ro>' view"

mkmsg -f a@example.org -t b@example.org -s 'literal =?utf-8?q?x?= here' <body >out
check "a literal encoded word in a subject is kept literal" pycheck out \
    --subject 'literal =?utf-8?q?x?= here'
mkmsg -f a@example.org -t b@example.org -H 'X-Mailer-Note: Grüße aus Köln' \
    -H 'In-Reply-To: <abc@example.org>' <body >out
check "-H: extra fields, encoded when not ASCII" pycheck out \
    --header 'X-Mailer-Note=Grüße aus Köln' --header 'In-Reply-To=<abc@example.org>'

long=$(awk 'BEGIN { printf "5\" wide"; for (i = 0; i < 250; i++) printf " w\303\251rd"; print "" }')
mkmsg -f a@example.org -H "Organization: $long" -H "X-Id: $(awk 'BEGIN { for (i = 0; i < 1100; i++) printf "a"; print "" }')" \
    -H 'Message-ID: <a=?b?q?c?=@example.org>' <body >out 2>err; rc=$?
check "long values with a stray quote or a 1100-character word: folded, decoded back" sh -c \
    "[ $rc -eq 0 ] && python3 '$TOP/tests/mkcheck.py' out --header 'Organization=$long'"
check "a Message-ID holding =? is written as given" grep -q '^Message-ID: <a=?b?q?c?=@example.org>$' out

# --- header injection and bad fields ----------------------------------------------
nl='
'
mkmsg -f a@example.org -t b@example.org -s "hi${nl}Bcc: victim@example.org" <body >out 2>err; rc=$?
check "LF in -s: refused, exit 65, nothing out" sh -c "[ $rc -eq 65 ] && [ ! -s out ] && [ \$(wc -l <err) -eq 1 ]"
check "LF in -s: the error says why" grep -q 'line break' err
mkmsg -f a@example.org -t "b@example.org$(printf '\r')${nl}Bcc: v@example.org" <body >out 2>err; rc=$?
check "CR LF in -t: refused" sh -c "[ $rc -eq 65 ] && [ ! -s out ]"
mkmsg -f a@example.org -t b@example.org -H "X-A: b$(printf '\r')" <body >out 2>err; rc=$?
check "CR in -H: refused" sh -c "[ $rc -eq 65 ] && [ ! -s out ]"
mkmsg -f a@example.org -t 'not an address' <body >out 2>err; rc=$?
check "a bad address: refused, named" sh -c "[ $rc -eq 65 ] && [ ! -s out ] && grep -q 'not an address' err"
mkmsg -f a@example.org -H 'Content-Type: text/html' <body >out 2>err; rc=$?
check "-H Content-Type: usage error 64" sh -c "[ $rc -eq 64 ] && [ ! -s out ]"
mkmsg -f a@example.org -H 'no colon' <body >out 2>err; rc=$?
check "-H without a colon: 64" [ $rc -eq 64 ]
mkmsg -Q <body >out 2>err; rc=$?
check "an unknown option: 64 and usage" sh -c "[ $rc -eq 64 ] && grep -q usage: err"

# --- the body ----------------------------------------------------------------------
printf 'Bună ziua,\nFrom here on it is UTF-8.\n.\n%s\n' \
    "$(printf 'ă%.0s' $(seq 1 60))" >ubody
mkmsg -f a@example.org -t b@example.org <ubody >out
check "UTF-8 body: utf-8, quoted-printable" sh -c \
    "grep -q '^Content-Type: text/plain; charset=utf-8$' out &&
     grep -q '^Content-Transfer-Encoding: quoted-printable$' out"
check "UTF-8 body: Python decodes it exactly" pycheck out --body ubody
check "QP: a leading From and a lone dot escaped" sh -c \
    "grep -q '^=46rom here' out && grep -q '^=2E$' out"
check "QP: no line split inside a character" sh -c \
    "! grep -Eq '=C4=$' out"
printf 'caf\351\n' >latin1body
mkmsg -f a@example.org -t b@example.org <latin1body >out 2>err; rc=$?
check "a Latin-1 body is refused, not mislabelled" sh -c \
    "[ $rc -eq 65 ] && [ ! -s out ] && grep -q 'UTF-8' err && [ \$(wc -l <err) -eq 1 ]"
awk 'BEGIN { for (i = 0; i < 300; i++) printf "x"; print "" }' >longline
mkmsg -f a@example.org -t b@example.org <longline >out
check "a 300-character ASCII line goes quoted-printable" sh -c \
    "grep -q '^Content-Transfer-Encoding: quoted-printable$' out" && pycheck out --body longline >/dev/null
check "a 300-character ASCII line: decoded exactly" pycheck out --body longline

# --- attachments ---------------------------------------------------------------------
mkmsg -f a@example.org -t b@example.org -s files -a f/report.pdf -a f/image.png \
    -a f/utf8.txt -a f/latin1.txt -a 'f/Отчёт за третий квартал.pdf' <body >out 2>err; rc=$?
check "five attachments: exit 0" [ $rc -eq 0 ]
check "five attachments: Python gets names, types and bytes back" pycheck out --body body \
    --att report.pdf=application/pdf=f/report.pdf \
    --att image.png=image/png=f/image.png \
    --att utf8.txt=text/plain=f/utf8.txt \
    --att latin1.txt=text/plain=f/latin1.txt \
    --att 'Отчёт за третий квартал.pdf=application/pdf=f/Отчёт за третий квартал.pdf' \
    --charset utf8.txt=utf-8 --charset latin1.txt=iso-8859-1
check "multipart/mixed, the text first" sh -c \
    "grep -q '^Content-Type: multipart/mixed; boundary=' out &&
     [ \"\$(grep -m1 -A0 '^Content-Type: ' out | tail -1)\" != '' ] &&
     awk '/^--=_/ { getline; print; exit }' out | grep -q '^Content-Type: text/plain'"
check "the Cyrillic name in RFC 2231 form" grep -q "filename\*0\*=UTF-8''%D0%9E\|filename\*=UTF-8''%D0%9E" out
check "binary attachments in base64" sh -c "[ \$(grep -c '^Content-Transfer-Encoding: base64$' out) -eq 3 ]"
check "the Latin-1 text in quoted-printable" grep -q '^Caf=E9, na=EFvet=E9' out

"$BIN/mshow" -t out >tree
check "posta's mshow lists the parts" sh -c \
    "[ \$(grep -c 'application/pdf' tree) -eq 2 ] && grep -q image/png tree &&
     [ \$(grep -c text/plain tree) -eq 3 ]"
i=0
for f in report.pdf image.png utf8.txt latin1.txt 'Отчёт за третий квартал.pdf'; do
	"$BIN/mshow" -O $((i + 3)) out >part
	check "posta's mshow -O gives $f back" cmp -s part "f/$f"
	i=$((i + 1))
done
if command -v mlist >/dev/null; then
	mb=$(dirname "$(command -v mlist)")/mshow
	"$mb" -t ./out >mtree 2>&1
	check "mblaze's mshow -t lists the same parts" sh -c \
	    "[ \$(grep -c ': ' mtree) -eq 7 ] && grep -q '2: text/plain' mtree &&
	     grep -q '3: application/pdf.*name=\"report.pdf\"' mtree &&
	     grep -q '4: image/png' mtree && grep -q '6: text/plain.*latin1.txt' mtree &&
	     grep -q '7: application/pdf' mtree"
else
	notok "mblaze's mshow -t lists the same parts (mblaze is not installed)"
fi

mkmsg -f a@example.org -t b@example.org -a f/report.pdf </dev/null >out
check "no body: no text part" pycheck out --no-body --att report.pdf=application/pdf=f/report.pdf
mkmsg -f a@example.org -t b@example.org -a f/report.pdf:application/x-q3 </dev/null >out
check "-a FILE:type overrides libmagic" pycheck out --att report.pdf=application/x-q3=f/report.pdf
cp f/utf8.txt 'f/a:b.txt'
mkmsg -f a@example.org -t b@example.org -a 'f/a:b.txt' </dev/null >out 2>err
check "a file name with a colon that exists is a file" pycheck out --att 'a:b.txt=text/plain=f/a:b.txt'

# --- the size guard ----------------------------------------------------------------------
mkmsg -f a@example.org -t b@example.org -a f/limit-1.bin </dev/null >out 2>err; rc=$?
check "2 MiB - 1: accepted" sh -c "[ $rc -eq 0 ]" && \
    check "2 MiB - 1: bytes intact" pycheck out --att limit-1.bin=application/pdf=f/limit-1.bin
mkmsg -f a@example.org -t b@example.org -a f/limit.bin </dev/null >out 2>err; rc=$?
check "exactly 2 MiB: accepted" sh -c "[ $rc -eq 0 ]" && \
    check "exactly 2 MiB: bytes intact" pycheck out --att limit.bin=application/pdf=f/limit.bin
mkmsg -f a@example.org -t b@example.org -a f/report.pdf -a f/limit+1.bin <body >out 2>err; rc=$?
check "2 MiB + 1: refused with 65, nothing on stdout" sh -c "[ $rc -eq 65 ] && [ ! -s out ]"
check "2 MiB + 1: one line naming the file, its size and the limit" sh -c \
    "[ \$(wc -l <err) -eq 1 ] && grep -q 'f/limit+1.bin' err && grep -q 2097153 err && grep -q $LIMIT err"
mkmsg -f a@example.org -t b@example.org -a f/3mb.pdf <body >out 2>err; rc=$?
check "a 3 MB PDF: refused" sh -c "[ $rc -eq 65 ] && [ ! -s out ] && grep -q '3mb.pdf' err"
mkmsg --max-size 3M -f a@example.org -t b@example.org -a f/3mb.pdf <body >out 2>err; rc=$?
check "--max-size 3M lets it through" sh -c "[ $rc -eq 0 ]" && \
    check "--max-size 3M: bytes intact" pycheck out --att 3mb.pdf=application/pdf=f/3mb.pdf
mkmsg --max-size 500 -f a@example.org -t b@example.org -a f/report.pdf <body >out 2>err; rc=$?
check "--max-size 500: a 589-byte file refused" sh -c "[ $rc -eq 65 ] && [ ! -s out ] && grep -q 589 err"
mkmsg --max-size 2X -f a@example.org <body >out 2>err; rc=$?
check "--max-size 2X: usage error" sh -c "[ $rc -eq 64 ] && [ ! -s out ]"
mkmsg --max-size 100 -f a@example.org -t b@example.org -a /proc/self/status <body >out 2>err; rc=$?
check "a file that grows past the limit while read (size 0, then more): refused" \
    sh -c "[ $rc -eq 65 ] && [ ! -s out ] && grep -q 'grew' err"
mkmsg -f a@example.org -t b@example.org -a f/nosuch.pdf <body >out 2>err; rc=$?
check "a missing file: 66, nothing out, named" sh -c "[ $rc -eq 66 ] && [ ! -s out ] && grep -q 'f/nosuch.pdf' err"
mkmsg -f a@example.org -t b@example.org -a f <body >out 2>err; rc=$?
check "a directory: 65" sh -c "[ $rc -eq 65 ] && [ ! -s out ] && grep -q directory err"
mkfifo fifo
mkmsg -f a@example.org -t b@example.org -a fifo <body >out 2>err; rc=$?
check "a FIFO: 65 at once" sh -c "[ $rc -eq 65 ] && [ ! -s out ]"
mkmsg -f a@example.org -t b@example.org -a f/limit+1.bin <body 2>err | cat >piped
check "mkmsg -a big | next: the next program gets nothing" [ ! -s piped ]

# --- the configuration and From ----------------------------------------------------------
mkdir -p config/posta
cat >config/posta/config <<'CFG'
# test account
account home
  from  Config Person <config@example.net>
  max_attachment 1M
default home
CFG
EMAIL='Env Person <env@example.com>' mkmsg -t b@example.org <body >out
check "From: the config's default account before EMAIL" pycheck out --from 'Config Person <config@example.net>'
check "Message-ID on the config From's domain" grep -q '^Message-ID: <.*@example.net>$' out
mkmsg -t b@example.org -a f/limit-1.bin <body >out 2>err; rc=$?
check "config max_attachment 1M refuses a 2 MiB file" sh -c "[ $rc -eq 65 ] && grep -q 1048576 err"
mkmsg --max-size 2M -t b@example.org -a f/limit-1.bin <body >out 2>err; rc=$?
check "--max-size wins over the config" [ $rc -eq 0 ]
printf 'account a\n  colour blue\n' >config/posta/config
mkmsg -f a@example.org -t b@example.org <body >out 2>err; rc=$?
check "a bad config: 78, file and line named" sh -c "[ $rc -eq 78 ] && [ ! -s out ] && grep -q 'config:2' err"
rm -r config
EMAIL='Env Person <env@example.com>' mkmsg -t b@example.org <body >out
check "From: EMAIL without a config" pycheck out --from 'Env Person <env@example.com>'
mkmsg -t b@example.org <body >out
check "From: user@host at last" pycheck out --from "$(id -un)@$(hostname)"

# --- drafts ----------------------------------------------------------------------------
cat >draft <<DRAFT
From: Ștefan Popescu <stefan@example.ro>
To: Ioana Țăranu <ioana@example.ro>,
 dan@example.org
Cc:
Subject: $subj
Attach: $T/f/report.pdf
Attach: f/latin1.txt
X-Priority: 3

Bună ziua,
the report is attached.
DRAFT
sed '1,/^$/d' draft >dbody
mkmsg -d <draft >out 2>err; rc=$?
check "draft: exit 0" [ $rc -eq 0 ]
check "draft: Attach fields become attachments, the rest is the message" pycheck out \
    --subject "$subj" --from 'Ștefan Popescu <stefan@example.ro>' \
    --to 'Ioana Țăranu <ioana@example.ro>' --to dan@example.org --body dbody \
    --att report.pdf=application/pdf=f/report.pdf --att latin1.txt=text/plain=f/latin1.txt \
    --header X-Priority=3
check "draft: no Attach field and no empty Cc left" sh -c "! grep -qi '^attach:' out && ! grep -q '^Cc:' out"
mkmsg -f 'Ștefan Popescu <stefan@example.ro>' -t 'Ioana Țăranu <ioana@example.ro>, dan@example.org' \
    -s "$subj" -H 'X-Priority: 3' -a "$T/f/report.pdf" -a f/latin1.txt <dbody >out2
norm() { sed -e '/^Date: /d' -e '/^Message-ID: /d' -e 's/=_[A-Za-z0-9]*/=_B/g' "$1"; }
norm out >n1; norm out2 >n2
check "draft: the same message as the option form" cmp -s n1 n2
printf 'Attach: f/nosuch\n\nx\n' | mkmsg -d -f a@example.org >out 2>err; rc=$?
check "draft: a missing attachment is 66, nothing out" sh -c "[ $rc -eq 66 ] && [ ! -s out ]"
printf 'To: b@example.org\nAttach: ~/f/report.pdf\n\nx\n' | mkmsg -d -f a@example.org >out 2>err
check "draft: ~/ in Attach is HOME" pycheck out --att report.pdf=application/pdf=f/report.pdf

done_testing
