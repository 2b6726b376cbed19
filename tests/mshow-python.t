#!/bin/sh
# An independent parser agrees with mshow: for every test message, the part
# count of mshow -t equals that of Python's email package, and the decoded
# bytes of every leaf part from mshow -O equal get_payload(decode=True).
. "$(dirname "$0")/lib.sh"

python3 "$DATA/messages.py" m || exit 1
for msg in m/*.eml; do
	rm -rf py && mkdir py
	want=$(python3 "$TOP/tests/pyparts.py" "$msg" py) || want=error
	got=$("$BIN/mshow" -t "$msg" | grep -c '^ *[0-9][0-9]*: ')
	check "$msg: $got parts, Python's email finds $want" [ "$got" = "$want" ]
	for f in py/*; do
		[ -e "$f" ] || continue
		num=${f#py/}
		"$BIN/mshow" -O "$num" "$msg" >got.bin 2>/dev/null
		if [ "$msg" = m/noend.eml ] && [ "$num" = 3 ]; then
			# Without a closing boundary Python drops the last
			# line end of the last part; mshow keeps every byte.
			printf '\n' >>"$f"
		fi
		check "$msg: part $num decodes as in Python" cmp -s got.bin "$f"
	done
done
done_testing
