# Shared helpers for the TAP test scripts (sourced). BIN is where the tools
# are; every script works in a fresh temporary directory, removed at exit.
: "${BIN:?set BIN to the directory holding the tools}"
TOP=$(cd "$(dirname "$0")/.." && pwd)
DATA=$TOP/tests/data
T=$(mktemp -d "${TMPDIR:-/tmp}/posta-test.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
export LC_ALL=C.UTF-8 PAGER=cat
unset POSTA_CONFIG
export XDG_CONFIG_HOME=$T/config HOME=$T
n=0

plan() { echo "1..$1"; }
# done_testing: the plan, at the end, from the tests that ran.
done_testing() { echo "1..$n"; }
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; }
# check DESC CMD...: passes when CMD exits 0.
check() { d=$1; shift; if "$@"; then ok "$d"; else notok "$d"; fi; }
# chk DESC CMD...: check, but returns 1 when CMD fails, so that
# "chk ... || show FILE" shows why.
chk() { d=$1; shift; if "$@"; then ok "$d"; else notok "$d"; return 1; fi; }
# show FILE...: the files that are not empty, as TAP comments.
show() { for f in "$@"; do [ -s "$f" ] && sed 's/^/#   /' "$f"; done; return 0; }
# is DESC GOT WANT: passes when GOT is WANT, else says both and returns 1.
is() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		notok "$1"
		printf '#   got: "%s"\n#  want: "%s"\n' "$2" "$3"
		return 1
	fi
}
# has FILE STRING: FILE contains STRING (fixed).
has() { grep -qF -- "$2" "$1"; }
# hasnt FILE STRING
hasnt() { ! grep -qF -- "$2" "$1"; }
