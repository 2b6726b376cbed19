#!/bin/sh
# mshow: rendering, parts, extraction, sources, errors, sanitising.
. "$(dirname "$0")/lib.sh"

python3 "$DATA/messages.py" m || exit 1
mshow() { "$BIN/mshow" "$@"; }
esc=$(printf '\033')

# --- the default view -------------------------------------------------------
mshow m/plain.eml >out 2>err; rc=$?
check "plain: exit 0" [ $rc -eq 0 ]
check "plain: From decoded" has out 'From: Alice Example <alice@example.org>'
check "plain: To, Cc, Date, Subject" sh -c "grep -q '^To: Bob <bob@example.org>' out &&
    grep -q '^Cc: carol@example.org' out && grep -q '^Date: Sat, 21 Nov 2026' out &&
    grep -q '^Subject: Plain hello' out"
check "plain: other headers hidden" hasnt out 'X-Hidden'
check "plain: body after a blank line" sh -c "sed -n '/^\$/,\$p' out | grep -q 'this is a plain message.'"
check "plain: nothing on stderr" [ ! -s err ]

mshow -h subject:x-hidden m/plain.eml >out
check "-h: only the named headers" sh -c "grep -q '^X-Hidden: not shown' out && ! grep -q '^From:' out"
mshow -H m/plain.eml >out
check "-H: all headers" sh -c "grep -q '^X-Hidden:' out && grep -q '^Message-ID: <plain@example.org>' out"

mshow m/charsets.eml >out 2>err; rc=$?
check "charsets: exit 0, no error" [ $rc -eq 0 ] && [ ! -s err ]
check "charsets: adjacent encoded words joined (latin1, gb2312, utf-8)" \
    has out 'Subject: Größe你好日本語'
check "charsets: display names decoded (iso-8859-2, koi8-r, shift_jis)" sh -c \
    "grep -q 'From: Zoë Čapek <sender@example.org>' out &&
     grep -q 'To: Привет <ru@example.org>, 世界 <jp@example.org>' out"
for s in 'Grüße, Ελληνικά, 日本語' 'Größe café naïve' 'Zażółć gęślą jaźń ŁÓDŹ' \
    'Привет, мир' 'こんにちは世界' '你好，世界'; do
	check "charsets: body converted: $s" has out "$s"
done

mshow m/invalid.eml >out 2>err; rc=$?
check "invalid bytes: replaced, the rest still shown" sh -c \
    "grep -q 'before ��* bad ��* middle ��* end' out && grep -q 'after the bad bytes' out"

mshow m/qp.eml >out
check "quoted-printable: soft breaks joined, =XX decoded" sh -c \
    "grep -q 'broken with a soft break right here, and café is written with = escapes=.' out &&
     grep -q 'Two soft breaks in a row.' out"

mshow m/nested.eml >out 2>err; rc=$?
check "nested: exit 0" [ $rc -eq 0 ]
check "nested: text/plain chosen of the alternative" sh -c \
    "grep -q 'the plain text' out && ! grep -q 'the html text' out"
check "nested: the HTML alternative listed" has out '[-- 4: text/html, 27 B (alternative) --]'
check "nested: attachment listed with number, type, size, name" \
    has out '[-- 5: application/pdf, 10 KiB, "report.pdf" --]'
check "nested: embedded message framed" sh -c \
    "grep -q '^| Subject: the forwarded one' out && grep -q '^| inner text' out &&
     grep -q '^| \[-- 9: image/png, 768 B, \"dot.png\" --\]' out"
check "nested: preamble and epilogue not shown" sh -c "! grep -q 'preamble\|epilogue' out"

mshow -A text/html m/nested.eml >out
check "-A text/html: HTML rendered, plain listed" sh -c \
    "grep -q 'the html text' out && grep -q '3: text/plain.*(alternative)' out"

mshow m/crlf.eml >crlf.out
mshow m/nested.eml >lf.out
check "CRLF input: same view as LF (but the sizes of raw parts)" sh -c \
    "grep -v 'message/rfc822' crlf.out >a; grep -v 'message/rfc822' lf.out >b; cmp -s a b"
mshow -O 5 m/crlf.eml >a; mshow -O 5 m/nested.eml >b
check "CRLF input: same attachment bytes" cmp -s a b

mshow m/noend.eml >out 2>err; rc=$?
check "missing final boundary: both parts shown" sh -c \
    "grep -q 'first part' out && grep -q 'last part, cut short' out"
check "missing final boundary: one line on stderr naming the message" sh -c \
    "[ \$(wc -l <err) -eq 1 ] && grep -q '^mshow: m/noend.eml: part 1: no closing boundary' err"
check "missing final boundary: exit 65" [ $rc -eq 65 ]

mshow m/unknown-charset.eml >out 2>err; rc=$?
check "unknown charset: text still shown" has out 'still readable text'
check "unknown charset: named on stderr, exit 65" sh -c \
    "grep -q 'unknown charset.*x-no-such-charset' err && [ $rc -eq 65 ]"

mshow m/html.eml >out
check "html: entities, headings, lists" sh -c \
    "grep -q 'Big & news' out && grep -q 'apples' out && grep -q 'pears € 3' out &&
     grep -q 'Café ☺ <tag>' out"
check "html: links as numbered references" sh -c \
    "grep -q 'link \[1\]' out && grep -q '\[1\] https://example.org/one' out"
check "html: script, style and title dropped" sh -c \
    "! grep -q 'alert\|color: red\|Ignored title\|<p>' out"

mshow m/flowed.eml >out
check "format=flowed: paragraph reflowed, wrapped at 80 columns" sh -c \
    "grep -qx 'This paragraph was written as several short lines that a flowed reader joins' out &&
     grep -qx 'into one.' out"
check "format=flowed: quoted paragraph keeps its quote" grep -q '^> *quoted and flowed too' out

# --- sanitising ---------------------------------------------------------------
mshow m/escape.eml >out 2>err
mshow -t m/escape.eml >>out 2>>err
mshow -H m/escape.eml >>out 2>>err
check "escape: no ESC reaches the output" sh -c "! grep -q '$esc' out err"
check "escape: no BEL, C1 CSI or bidi override either" sh -c \
    "! grep -q \"\$(printf '\\007')\" out && ! grep -q \"\$(printf '\\302\\233')\" out &&
     ! grep -q \"\$(printf '\\342\\200\\256')\" out"
check "escape: the text around them is kept" sh -c \
    "grep -q 'Red' out && grep -q 'blink' out && grep -q 'txt.exe' out"

# --- the tree, parts, raw -------------------------------------------------------
mshow -t m/nested.eml >out
check "-t: one line per part, mblaze's numbering" sh -c \
    "[ \$(grep -c '^ *[0-9]*: ' out) -eq 9 ] &&
     grep -q '^      3: text/plain charset=us-ascii size=14\$' out &&
     grep -q '^    5: application/pdf size=10255 name=\"report.pdf\"\$' out &&
     grep -q '^        9: image/png size=768 name=\"dot.png\"\$' out"
mshow -O 4 m/badpad.eml >out
check "-O: base64 without padding decoded" sh -c "[ \"\$(cat out)\" = 'Hello, world!' ]"
mshow -O nopad.txt m/badpad.eml >out2
check "-O: a part named by file name" cmp -s out out2
mshow -O 9 m/badpad.eml >out 2>err; rc=$?
check "-O: no such part: exit 65, said on stderr" sh -c \
    "[ $rc -eq 65 ] && grep -q 'part 9: no such part' err && [ ! -s out ]"
mshow -r m/escape.eml >out
check "-r: the raw message, unchanged, to a pipe" cmp -s out m/escape.eml

# --- extraction ---------------------------------------------------------------
mkdir x && (cd x && "$BIN/mshow" -x ../m/evilname.eml >../out 2>../err); rc=$?
check "-x: exit 0" [ $rc -eq 0 ]
check "-x: ../../etc/passwd saved as passwd, inside the directory" sh -c \
    "[ -f x/passwd ] && grep -q '^root:x:0:0' x/passwd && [ \$(ls -A x | wc -l) -eq 2 ]"
check "-x: no leading dot" [ -f x/profile ]
check "-x: each saved path printed" sh -c "grep -qx passwd out && grep -qx profile out"
mshow -x -d x m/evilname.eml 3 >out
check "-x: never overwrites, takes another name" sh -c \
    "grep -qx 'x/passwd-1' out && [ -f x/passwd-1 ] && grep -q '^root' x/passwd"
ln -s /tmp/posta-must-not-exist x/dot.png
mshow -x -d x m/nested.eml 'dot.*' >out
check "-x: a symlink in the way is not followed" sh -c \
    "[ ! -e /tmp/posta-must-not-exist ] && grep -qx 'x/dot.png-1' out || grep -qx 'x/dot-1.png' out"
mshow -O 9 m/nested.eml >a
check "-x: saved bytes are the decoded part" cmp -s a x/dot-1.png
mkdir y && mshow -x -d y m/rfc2231.eml >out
check "-x: RFC 2231 name in UTF-8" sh -c "[ -f 'y/отчёт-2026.txt' ] && grep -q 'отчёт' 'y/отчёт-2026.txt'"

# --- sources: mbox, stdin, Maildir, missing files ----------------------------------
mshow m/box.mbox >out
check "mbox: every message, clearly separated" sh -c \
    "grep -q '^==> m/box.mbox #1 <==' out && grep -q '^==> m/box.mbox #3 <==' out &&
     [ \$(grep -c '^Subject: ' out) -eq 3 ]"
check "mbox: >From unquoted one level" sh -c \
    "grep -q '^From the start of a line' out && grep -q '^>From twice quoted' out"
mshow -n 2 m/box.mbox >out
check "-n 2: only the second message" sh -c \
    "grep -q 'Subject: second' out && [ \$(grep -c '^Subject: ' out) -eq 1 ]"
mshow <m/box.mbox >out
check "stdin: an mboxrd stream" sh -c "[ \$(grep -c '^Subject: ' out) -eq 3 ]"
mshow </dev/null >out 2>err; rc=$?
check "stdin, empty: no messages, nothing said, exit 0" sh -c \
    "[ $rc -eq 0 ] && [ ! -s out ] && [ ! -s err ]"
: >m/empty.eml
mshow m/empty.eml >out 2>err; rc=$?
check "an empty file named: an empty message, said, exit 65" sh -c \
    "[ $rc -eq 65 ] && grep -q 'm/empty.eml: empty message' err"
mshow - <m/plain.eml >out
check "stdin: one message, '-'" sh -c "grep -q 'Subject: Plain hello' out && ! grep -q '==>' out"
mkdir -p md/cur md/new md/tmp
cp m/plain.eml md/cur/1000.1.host:2,S
cp m/qp.eml md/new/2000.1.host
cp m/html.eml md/tmp/3000.1.host
mshow md >out
check "Maildir: cur and new in delivery order, tmp ignored" sh -c \
    "[ \$(grep -c '^Subject: ' out) -eq 2 ] && grep -n 'Subject:' out | head -1 | grep -q 'Plain hello'"
mshow nope.eml m/plain.eml >out 2>err; rc=$?
check "missing file: said, the others still shown, exit 66" sh -c \
    "grep -q '^mshow: nope.eml: No such file or directory\$' err &&
     grep -q 'Plain hello' out && [ $rc -eq 66 ]"
mkdir notmd; mshow notmd >out 2>err; rc=$?
check "a directory that is no Maildir: said, exit 66" sh -c \
    "grep -q 'not a Maildir' err && [ $rc -eq 66 ]"
mshow -Z m/plain.eml >out 2>err; rc=$?
check "unknown option: usage, exit 64" sh -c "[ $rc -eq 64 ] && grep -q usage err"
mshow -n 0 m/plain.eml >out 2>err; rc=$?
check "-n 0: refused, exit 64" [ $rc -eq 64 ]

# --- the pager ----------------------------------------------------------------
printf '#!/bin/sh\ntouch %s/pager-ran; cat\n' "$T" >pager; chmod +x pager
PAGER=$T/pager mshow m/plain.eml >out
check "no pager when stdout is not a terminal" [ ! -e pager-ran ]
if command -v script >/dev/null 2>&1; then
	PAGER=$T/pager script -qec "$BIN/mshow m/plain.eml" /dev/null >out 2>&1
	check "the pager when stdout is a terminal" [ -e pager-ran ]
else
	ok "the pager when stdout is a terminal # SKIP no script(1)"
fi
done_testing
