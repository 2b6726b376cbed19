#!/bin/sh
# mfetch killed (SIGKILL) at many instants of a run of 1,000 messages from a
# real Dovecot, and run again each time, until a run ends on its own: then
# every message must be there exactly once, byte for byte, nothing
# half-written left behind, and with --delete nothing gone from the server
# that is not delivered (DESIGN contract 9). IMAP into a Maildir and into an
# mbox, POP3 and IMAP with --delete. Skipped, saying why, where the servers
# cannot run (not root).
#
# The delays come from a PRNG whose seed is printed; MFETCH_CRASH_SEED=S
# replays them (the instants they land on still depend on the machine).
# MFETCH_CRASH_N changes the number of messages (1000).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/servers.sh"

servers_tap

N=${MFETCH_CRASH_N:-1000}
seed=${MFETCH_CRASH_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
echo "# $N messages; delays from seed $seed (MFETCH_CRASH_SEED=$seed replays them)"
started=$(date +%s)

export POSTA_CONFIG="$T/posta.conf"
{ printf 'account tls\n  imap imaps://127.0.0.1:%s\n  pop3 pop3s://127.0.0.1:%s\n' \
      "$IMAPS_PORT" "$POP3S_PORT"
  printf '  user alice@localhost\n  passwordeval echo alice-secret\n  cacert %s\n' "$CA"
  printf 'account starttls\n  imap imap://127.0.0.1:%s\n  pop3 pop3://127.0.0.1:%s\n' \
      "$IMAP_PORT" "$POP3_PORT"
  printf '  user alice@localhost\n  passwordeval echo alice-secret\n  cacert %s\n' "$CA"
  printf 'default tls\n'; } >"$POSTA_CONFIG"
chmod 600 "$POSTA_CONFIG"

# The messages, made once (tests/seed.py: realistic sizes, up to 2 MB, and
# bodies with lines a protocol must escape), copied into alice's Maildir
# for each run that needs them there.
python3 "$TOP/tests/seed.py" -n "$N" -s 5 --new seeded || {
	echo "Bail out! tests/seed.py failed"; exit 1; }
# fill: alice's Maildir holds exactly the seeded messages, owned by the
# mail user (tmp/ first, then renamed: Dovecot never sees half a file).
fill() {
	find "$MAILDIR_ALICE/new" "$MAILDIR_ALICE/cur" "$MAILDIR_ALICE/tmp" \
	    -type f -exec rm -f {} + &&
	    cp seeded/new/* "$MAILDIR_ALICE/tmp/" &&
	    chown -R --reference="$MAILDIR_ALICE" "$MAILDIR_ALICE/tmp" &&
	    mv "$MAILDIR_ALICE"/tmp/* "$MAILDIR_ALICE/new/"
}

# ref.py DIR: the Message-ID and SHA-256 of each message of the Maildir DIR,
# one "id hash" per line.
cat >ref.py <<'PY'
import hashlib, os, re, sys
for sub in ("new", "cur"):
    d = os.path.join(sys.argv[1], sub)
    for n in sorted(os.listdir(d)):
        with open(os.path.join(d, n), "rb") as f:
            data = f.read()
        m = re.search(rb"(?mi)^Message-ID:[ \t]*(<[^>\s]*>)", data.split(b"\n\n", 1)[0])
        print(m.group(1).decode() if m else "-", hashlib.sha256(data).hexdigest())
PY
python3 ref.py seeded >ref || { echo "Bail out! ref.py failed"; exit 1; }
check "seeded: $N messages, each with its own Message-ID" sh -c \
    "[ \$(cut -d' ' -f1 ref | sort -u | grep -vcx -- -) -eq $N ]"

# crash.py LABEL SEED N KIND DEST STATEDIR SERVER SEEDED FULL CMD...: the
# kill loop. Starts CMD, waits a random delay, kills it with SIGKILL if it
# still runs, and again, until a run ends on its own. The delays are
# uniform in [0, hi]; into a Maildir, hi adapts so that 30 kills or more
# land mid-run whatever the machine's speed: it shrinks when a killed run
# delivered more than N/30 messages, grows when one delivered nothing (an
# mbox: see MIN_KILLS below). After 150 kills a run is let finish. After
# each kill it looks at what was left: a plan, tmp/ files, a dotlock, and
# with --delete (SERVER a Maildir) whether anything gone from the server is
# not in DEST. Writes key=value figures to LABEL.fig and notes (runs that
# failed on their own, messages lost) to LABEL.notes.
cat >crash.py <<'PY'
import glob, os, random, re, shutil, signal, subprocess, sys, time

label, seed, n, kind, dest, statedir, server, seeded, full = sys.argv[1:10]
cmd = sys.argv[10:]
n, full = int(n), int(full) / 1000.0
total = sum(os.path.getsize(os.path.join(seeded, "new", f))
            for f in os.listdir(os.path.join(seeded, "new")))
mbox = kind == "mbox"
rng = random.Random("%s:%s" % (seed, label))
MAX_KILLS, MAX_FAILS, TIME_LIMIT = 150, 5, 120.0

def mark():
    """What changes when a run delivers: the Maildir's files, the mbox's
    size."""
    if mbox:
        return os.path.getsize(dest) if os.path.exists(dest) else 0
    return messages()

def messages():
    """Messages delivered (an mbox: its From lines; mboxrd quotes those of
    bodies)."""
    if mbox:
        if not os.path.exists(dest):
            return 0
        with open(dest, "rb") as f:
            data = f.read()
        return data.count(b"\n\nFrom ") + data.startswith(b"From ")
    files = 0
    for sub in ("new", "cur"):
        d = os.path.join(dest, sub)
        files += len(os.listdir(d)) if os.path.isdir(d) else 0
    return files

def durable():
    """How far the recorded part has come, 0 to 1: a Maildir's files (a
    killed run's files are recorded by the next), an mbox's recorded end
    against the seeded bytes."""
    if not mbox:
        return messages() / n
    end = 0
    for path in glob.glob(os.path.join(statedir, "*")):
        if path.endswith((".run", ".tmp")):
            continue
        with open(path, "rb") as f:
            for line in f:
                if line.startswith(b"mbox-end "):
                    end = max(end, int(line.split()[1]))
    return end / total

def on_server():
    if server == "-":
        return -1
    return sum(len(os.listdir(os.path.join(server, s))) for s in ("new", "cur"))

def msgid(path):
    with open(path, "rb") as f:
        head = f.read(65536).split(b"\n\n", 1)[0]
    m = re.search(rb"(?mi)^Message-ID:[ \t]*(<[^>\s]*>)", head)
    return m.group(1).decode() if m else None

# With --delete, after each kill: every message gone from the server must
# be in the Maildir (the server's files keep their seeded names, bar the
# flags Dovecot may add after ":2,").
seeded_ids = {f: msgid(os.path.join(seeded, "new", f))
              for f in os.listdir(os.path.join(seeded, "new"))}
local_ids = {}

def lost():
    if server == "-" or mbox:
        return []
    there = set()
    for sub in ("new", "cur"):
        for f in os.listdir(os.path.join(server, sub)):
            there.add(seeded_ids.get(f.split(":2,")[0]))
    here = set()
    for sub in ("new", "cur"):
        d = os.path.join(dest, sub)
        for f in os.listdir(d) if os.path.isdir(d) else []:
            path = os.path.join(d, f)
            if path not in local_ids:
                local_ids[path] = msgid(path)
            here.add(local_ids[path])
    return sorted(set(seeded_ids.values()) - there - here)

fig = dict(kills=0, midrun=0, plans=0, tmpfiles=0, dotlocks=0, fails=0,
           lockrefusals=0, serverdrops=0, lost=0, runs=0, rc="none")
notes = []
at = []                 # messages delivered at each kill
# An mbox is recorded about once a second, a good part of the run at a
# time, and a killed run's appends after its last record are cut off by
# the next: there, the first MIN_KILLS delays stay under both that second
# and the time a whole run takes (FULL, measured), so that they land all
# over the first record's stretch; then they grow until runs get on.
MIN_KILLS = 25
first = 0.9 * min(1.0, full) if mbox else 0
# Into a Maildir, start short: on a fast machine a whole run takes about
# a second, and long first delays let runs finish before kills are many.
hi, fails_in_row = first if mbox else 0.05, 0
restarts = 0            # rounds started again from nothing
t0 = time.monotonic()
prev, prevdone, prevsrv = mark(), durable(), on_server()
while True:
    if time.monotonic() - t0 > TIME_LIMIT:
        notes.append("gave up after %.0f s: no run ended on its own" % TIME_LIMIT)
        break
    let_finish = fig["kills"] >= MAX_KILLS
    delay = rng.uniform(0, hi)
    fig["runs"] += 1
    with open(label + ".err", "wb") as err:
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=err)
        if let_finish:
            try:
                rc = p.wait(timeout=TIME_LIMIT)
            except subprocess.TimeoutExpired:
                p.kill()
                rc = p.wait()
        else:
            time.sleep(delay)
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
            rc = p.wait()
    if rc == -signal.SIGKILL:
        fig["kills"] += 1
        now, done, srv = mark(), durable(), on_server()
        at.append(messages())
        if now != prev:
            fig["midrun"] += 1
        if srv >= 0 and srv != prevsrv:
            fig["serverdrops"] += 1
            gone = lost()
            if gone:
                fig["lost"] += 1
                if fig["lost"] <= 3:
                    notes.append("after kill %d: %d messages gone from the server"
                                 " and not in the Maildir: %s"
                                 % (fig["kills"], len(gone), " ".join(gone[:5])))
        if glob.glob(os.path.join(statedir, "**", "*.run"), recursive=True):
            fig["plans"] += 1
        tmp = os.path.join(dest, "tmp")
        if not mbox and os.path.isdir(tmp) and os.listdir(tmp):
            fig["tmpfiles"] += 1
        if mbox and os.path.exists(dest + ".lock"):
            fig["dotlocks"] += 1
        # Keep the kills many: shorter delays when a run got far, longer
        # when it got nowhere.
        if mbox:
            if fig["kills"] >= MIN_KILLS and done <= prevdone:
                hi = min(5.0, hi * 1.15)
        elif done - prevdone > 1 / 30:
            hi = max(0.005, hi * 0.6)
        elif done <= prevdone:
            hi = min(2.0, hi * 1.2)
        prev, prevdone, prevsrv = now, done, srv
        fails_in_row = 0
        continue
    with open(label + ".err", "rb") as f:
        text = f.read().decode("utf-8", "replace").strip()
    if rc == 0 and fig["kills"] < 20 and server == "-" and restarts < 5:
        # A run got through before the kills were many (a fast machine,
        # or delays still long): without --delete the server still has
        # everything, so start again from nothing, with shorter delays.
        restarts += 1
        if mbox:
            os.unlink(dest)
        else:
            shutil.rmtree(dest)
        shutil.rmtree(statedir)
        os.mkdir(statedir)
        hi /= 2
        prev, prevdone, prevsrv = mark(), durable(), on_server()
        continue
    if rc == 0:
        fig["rc"] = 0
        break
    fails_in_row += 1
    line1 = text.splitlines()[0] if text else "(nothing on stderr)"
    if mbox and "locked by another process" in text and \
            os.path.exists(dest + ".lock"):
        # A dotlock left by a killed run, refused: counted (a check fails
        # on it), then removed by hand as a person would, so that the rest
        # of the mbox's recovery is still tested.
        fig["lockrefusals"] += 1
        if fig["lockrefusals"] <= 3:
            with open(dest + ".lock") as f:
                holder = f.read().strip()
            notes.append("after kill %d: exit %d: %s (the dotlock %s)"
                         % (fig["kills"], rc, line1,
                            "says pid %s, dead" % holder if holder else "is empty"))
        os.unlink(dest + ".lock")
        fails_in_row = 0
        continue
    fig["fails"] += 1
    notes.append("after kill %d: a run ended by itself with exit %d: %s"
                 % (fig["kills"], rc, line1))
    if fails_in_row >= MAX_FAILS:
        notes.append("gave up: %d runs in a row failed" % MAX_FAILS)
        fig["rc"] = rc
        break
fig["seconds"] = "%.1f" % (time.monotonic() - t0)
fig["hi_ms"] = "%.0f" % (hi * 1000)
# Where the kills landed: how many in each tenth of the run (by messages
# delivered; the 11th: all delivered, the run's end).
tenths = [0] * 11
for a in at:
    tenths[min(10, a * 10 // max(1, n))] += 1
fig["tenths"] = ",".join(str(t) for t in tenths)
with open(label + ".fig", "w") as f:
    for k, v in fig.items():
        f.write("%s=%s\n" % (k, v))
with open(label + ".notes", "w") as f:
    for line in notes:
        f.write(line + "\n")
PY

# verify.py REF DEST: the messages of the Maildir or mbox DEST against REF
# (from ref.py): prints "missing", "twice" (with the count), "changed" (the
# Message-ID of a seeded message, other bytes) and "unknown" lines, each
# with a Message-ID; nothing when each seeded message is there once, byte
# for byte. An mbox is read with Python's mailbox, mboxrd quoting undone.
cat >verify.py <<'PY'
import collections, hashlib, mailbox, os, re, sys
ref = {}
for line in open(sys.argv[1]):
    mid, h = line.split()
    ref[mid] = h
dest = sys.argv[2]
got = []
if os.path.isdir(dest):
    for sub in ("new", "cur"):
        d = os.path.join(dest, sub)
        for name in sorted(os.listdir(d)):
            with open(os.path.join(d, name), "rb") as f:
                got.append((name, f.read()))
elif os.path.exists(dest):
    with open(dest, "rb") as f:
        head = f.read(5)
    if head and head != b"From ":
        print("unknown the mbox does not begin with 'From '")
    mb = mailbox.mbox(dest, create=False)
    for k in mb.iterkeys():
        data = re.sub(rb"(?m)^>(>*From )", rb"\1", mb.get_bytes(k))
        got.append(("message %d" % k, data))
seen = collections.Counter()
for name, data in got:
    m = re.search(rb"(?mi)^Message-ID:[ \t]*(<[^>\s]*>)", data.split(b"\n\n", 1)[0])
    mid = m.group(1).decode() if m else None
    if mid not in ref:
        print("unknown %s: %d bytes beginning %r" % (name, len(data), data[:60]))
        continue
    seen[mid] += 1
    if hashlib.sha256(data).hexdigest() != ref[mid]:
        print("changed %s (%s, %d bytes)" % (mid, name, len(data)))
for mid in ref:
    if seen[mid] == 0:
        print("missing %s" % mid)
    elif seen[mid] > 1:
        print("twice %s %d copies" % (mid, seen[mid]))
PY

# count DIR: the messages in the Maildir DIR (new/ and cur/).
count() { echo $(($(ls "$1/new" | wc -l) + $(ls "$1/cur" | wc -l))); }
# fig LABEL KEY: a figure crash.py wrote.
fig() { sed -n "s/^$2=//p" "$1.fig"; }
# report FILE [MAX]: FILE's lines as TAP comments, at most MAX (20).
report() {
	[ -s "$1" ] || return 0
	head -n "${2:-20}" "$1" | sed 's/^/#   /'
	[ "$(wc -l <"$1")" -le "${2:-20}" ] ||
	    echo "#   ... $(($(wc -l <"$1") - ${2:-20})) more lines in all"
}
# sums PATH: one checksum of the names and contents of the files under PATH.
sums() { find "$1" -type f -exec cksum {} + | sort | cksum; }
# no_plan DIR: no run's plan (journal) left in the state directory DIR.
no_plan() { [ -z "$(find "$1" -name '*.run' 2>/dev/null)" ]; }

# crash LABEL KIND DEST SERVER MFETCH-ARGS...: the kill loop with a state of its
# own, the checks, and the figures. SERVER is alice's Maildir for --delete
# (it must end empty), else "-".
crash() {
	label=$1 kind=$2 dest=$3 server=$4
	shift 4
	export XDG_STATE_HOME="$T/state-$label"
	python3 crash.py "$label" "$seed" "$N" "$kind" "$dest" "$XDG_STATE_HOME/posta/mfetch" \
	    "$server" seeded "${full:-0}" "$BIN/mfetch" "$@" -q 2>"$label.py"
	if [ ! -s "$label.fig" ]; then
		notok "$label: the kill loop ran"
		report "$label.py"
		return 0
	fi
	echo "# $label: $(fig "$label" kills) kills, $(fig "$label" midrun) landing mid-run," \
	    "$(fig "$label" plans) leaving a plan, $(fig "$label" tmpfiles) leaving tmp/ files," \
	    "$(fig "$label" dotlocks) a dotlock; $(fig "$label" runs) runs," \
	    "$(fig "$label" fails) failing on their own; $(fig "$label" seconds) s;" \
	    "delays up to $(fig "$label" hi_ms) ms at the end"
	echo "# $label: kills per tenth of the run (by messages delivered): $(fig "$label" tenths)"
	if [ "$server" != - ]; then
		echo "# $label: $(fig "$label" serverdrops) kills after the server had deleted some"
		check "$label: after each kill, what was gone from the server was in the Maildir" \
		    [ "$(fig "$label" lost)" -eq 0 ]
	fi
	is "$label: a run ended on its own with exit 0" "$(fig "$label" rc)" 0
	report "$label.notes"
	check "$label: at least 10 kills landed mid-run" [ "$(fig "$label" midrun)" -ge 10 ]
	check "$label: no run failed on its own after a kill" [ "$(fig "$label" fails)" -eq 0 ]
	python3 verify.py ref "$dest" >"$label.verify" 2>&1
	check "$label: every message exactly once, byte for byte" [ ! -s "$label.verify" ]
	report "$label.verify"
	for w in missing twice changed unknown; do
		c=$(grep -c "^$w" "$label.verify")
		[ "$c" -eq 0 ] || echo "#   $label: $c $w"
	done
	check "$label: no plan left behind" no_plan "$XDG_STATE_HOME"
	if [ "$server" != - ]; then
		left=$(count "$server")
		is "$label: --delete: the server's Maildir is empty" "$left" 0
		[ "$left" -eq 0 ] || python3 ref.py "$server" 2>/dev/null | cut -d' ' -f1 |
		    sed 's/^/#   still on the server: /' | head -n 10
	fi
	# Once more, not killed: nothing more to fetch, nothing changes.
	before=$(sums "$dest")
	"$BIN/mfetch" "$@" >out 2>"$label.last"; rc=$?
	after=$(sums "$dest")
	check "$label: a last run: exit 0, 0 fetched, the destination unchanged" sh -c \
	    "[ $rc -eq 0 ] && grep -q ': 0 fetched' '$label.last' && [ '$before' = '$after' ]"
	report "$label.last" 5
}

# --- IMAP into a Maildir ---------------------------------------------------------
fill || { echo "Bail out! cannot fill alice's Maildir"; exit 1; }
crash imap-maildir maildir "$T/md1" - --imap --maildir "$T/md1"
check "imap-maildir: tmp/ is empty" sh -c "[ -z \"\$(ls -A '$T/md1/tmp')\" ]"
check "imap-maildir: the server's messages untouched (no --delete)" \
    [ "$(count "$MAILDIR_ALICE")" -eq "$N" ]

# --- IMAP (STARTTLS) into an mbox ---------------------------------------------------
# How long a whole run takes, not killed (into a scratch mbox, with a state
# of its own).
ms() { echo $(($(date +%s%N) / 1000000)); }
t0=$(ms)
XDG_STATE_HOME=$T/state-calib "$BIN/mfetch" -a starttls --imap --mbox "$T/calib" -q; rc=$?
full=$(($(ms) - t0))
echo "# a whole run into an mbox, not killed: exit $rc, $full ms"
rm -rf "$T/calib" "$T/calib.lock" "$T/state-calib"
# A dotlock a killed run left must not hold the next run up: no waiting
# for it here (were it refused, the loop counts it and removes the lock).
export POSTA_LOCK_WAIT=0
crash imap-mbox mbox "$T/mb" - -a starttls --imap --mbox "$T/mb"
unset POSTA_LOCK_WAIT
check "imap-mbox: no run refused by a dotlock a killed run left" \
    [ "$(fig imap-mbox lockrefusals)" -eq 0 ]
[ "$(fig imap-mbox lockrefusals)" -eq 0 ] ||
    echo "#   imap-mbox: $(fig imap-mbox lockrefusals) runs refused (the lock was then removed by the test)"
check "imap-mbox: no dotlock left" [ ! -e "$T/mb.lock" ]
check "imap-mbox: the mbox begins with a From line" sh -c "head -c 5 '$T/mb' | grep -q '^From '"

# --- POP3 with --delete into a Maildir -------------------------------------------------
crash pop3-delete maildir "$T/md2" "$MAILDIR_ALICE" --pop3 --delete --maildir "$T/md2"
check "pop3-delete: tmp/ is empty" sh -c "[ -z \"\$(ls -A '$T/md2/tmp')\" ]"

# --- IMAP with --delete into a Maildir -------------------------------------------------
fill || { echo "Bail out! cannot fill alice's Maildir"; exit 1; }
crash imap-delete maildir "$T/md3" "$MAILDIR_ALICE" --imap --delete --maildir "$T/md3"
check "imap-delete: tmp/ is empty" sh -c "[ -z \"\$(ls -A '$T/md3/tmp')\" ]"

echo "# in all $(($(date +%s) - started)) s"
done_testing
