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
# has FILE STRING: FILE contains STRING (fixed).
has() { grep -qF -- "$2" "$1"; }
# hasnt FILE STRING
hasnt() { ! grep -qF -- "$2" "$1"; }
