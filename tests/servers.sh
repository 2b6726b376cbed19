#!/bin/sh
# Private mail servers on loopback for the tests of smtp-send and mfetch:
# Dovecot (IMAP, IMAPS, POP3, POP3S on 127.0.0.1 and 127.0.0.2) and Postfix
# (submission, SMTPS and a plain port on 127.0.0.1), sharing one passwd-file
# and one set of Maildirs.  Nothing can leave the machine: Postfix delivers
# only to its two virtual users and refuses every other recipient at RCPT
# (550 unknown user, 554 relay denied; 550 "mail to other domains is
# disabled here" for an authenticated client).
#
#   sh tests/servers.sh start DIR     start both in DIR (created; absolute,
#                                     or relative to the current directory)
#   sh tests/servers.sh stop DIR      stop them (safe twice, or after a
#                                     failed start)
#   sh tests/servers.sh skip-reason   why they cannot run here, or nothing
#
# Or source it and call servers_start DIR, servers_stop DIR and
# servers_skip_reason, or, from a TAP script, servers_tap.  After a start,
# ". DIR/env" sets:
#   SUBMIT_PORT  submission: STARTTLS required, then AUTH (127.0.0.1)
#   SMTPS_PORT   SMTP over implicit TLS, AUTH (127.0.0.1)
#   PLAIN_PORT   SMTP without TLS or AUTH, mail to the local users only
#   IMAP_PORT IMAPS_PORT POP3_PORT POP3S_PORT   Dovecot, on 127.0.0.1 and
#                127.0.0.2 (a client on 127.0.0.2 is "remote" to Dovecot, so
#                plaintext login is refused there before STARTTLS/STLS)
#   CA           the servers' self-signed certificate (CN=localhost, SANs
#                localhost, 127.0.0.1, 127.0.0.2), to use as CA file
#   MAILDIR_ALICE MAILDIR_BOB   the users' Maildirs (new/ cur/ tmp/)
#   POSTFIX_LOG DOVECOT_LOG SERVERS_DIR
# Users: alice@localhost / alice-secret, bob@localhost / bob-secret (no carol).
# Postfix also takes alice@posta.test and bob@posta.test, into the same
# Maildirs, for clients that want a dot in the domain (git send-email).
# Ports already set in the environment are used as given; the others are
# free ports picked at random.  SERVERS_TIMEOUT (seconds, default 15) bounds
# the wait for the greetings.  Needs root, python3, openssl and the packages
# dovecot-imapd dovecot-pop3d postfix (make deps).  Diagnostics go to
# stderr only, so that a TAP script's stdout stays clean.

SERVERS_MAIL_USER=${SERVERS_MAIL_USER:-postamail}
_srv_dovecot=/usr/sbin/dovecot
_srv_postfix=/usr/sbin/postfix
_srv_pfmaster=/usr/lib/postfix/sbin/master
_srv_ports="SUBMIT_PORT SMTPS_PORT PLAIN_PORT IMAP_PORT IMAPS_PORT POP3_PORT POP3S_PORT"

_srv_say() { echo "servers.sh: $*" >&2; }

# servers_tap: for a TAP script that has sourced tests/lib.sh: where the
# servers cannot run, skip the whole script saying why; else start them in
# $T/servers (S), stop them when the script exits, and load their env.
servers_tap() {
	_srv_why=$(servers_skip_reason)
	if [ -n "$_srv_why" ]; then
		echo "1..0 # SKIP $_srv_why"
		exit 0
	fi
	S=$T/servers
	trap 'servers_stop "$S"; rm -rf "$T"' EXIT
	servers_start "$S" || { echo "Bail out! the mail servers did not start"; exit 1; }
	. "$S/env"
}

# servers_arrived DIR N: waits until the Maildir DIR's new/ holds N messages
# (Postfix delivers in milliseconds; it is given five seconds); true if it
# then holds exactly N.
servers_arrived() {
	_srv_i=0
	while [ "$(ls "$1/new" | wc -l)" -lt "$2" ] && [ $_srv_i -lt 100 ]; do
		sleep 0.05; _srv_i=$((_srv_i + 1))
	done
	[ "$(ls "$1/new" | wc -l)" -eq "$2" ]
}

# servers_newest DIR: the path of the newest message in the Maildir DIR's new/.
servers_newest() { ls -t "$1"/new/* | head -1; }

# servers_skip_reason: prints why the servers cannot run here, or nothing.
servers_skip_reason() {
	if [ "$(id -u)" != 0 ]; then
		echo "the mail servers need root"; return 0
	fi
	for _srv_f in "$_srv_dovecot:dovecot-core" \
	    /usr/lib/dovecot/imap:dovecot-imapd \
	    /usr/lib/dovecot/pop3:dovecot-pop3d \
	    "$_srv_postfix:postfix" "$_srv_pfmaster:postfix"; do
		if [ ! -x "${_srv_f%%:*}" ]; then
			echo "package ${_srv_f#*:} is not installed (make deps)"
			return 0
		fi
	done
	for _srv_f in openssl python3 useradd; do
		if ! command -v $_srv_f >/dev/null 2>&1; then
			echo "$_srv_f is not installed"; return 0
		fi
	done
	for _srv_f in dovecot dovenull postfix; do
		if ! id -u $_srv_f >/dev/null 2>&1; then
			echo "user $_srv_f is missing (reinstall dovecot-core, postfix)"
			return 0
		fi
	done
	return 0
}

# _srv_dir DIR: sets _srv_d to DIR made absolute; refuses names that the
# configuration files or unix socket paths cannot carry.
_srv_dir() {
	case $1 in
	"") _srv_say "usage: servers_start|servers_stop DIR"; return 1;;
	/*) _srv_d=$1;;
	*) _srv_d=$(pwd)/$1;;
	esac
	_srv_d=${_srv_d%/}
	case $_srv_d in
	*[!A-Za-z0-9._/-]*)
		_srv_say "$_srv_d: use only letters, digits and . _ - / in DIR"
		return 1;;
	esac
	# Dovecot's sockets live in DIR/dovecot/run/...: stay under 108 bytes.
	if [ ${#_srv_d} -gt 60 ]; then
		_srv_say "$_srv_d: DIR longer than 60 bytes (unix socket paths)"
		return 1
	fi
	return 0
}

# _srv_searchable DIR: the mail user and postfix must reach DIR/mail and
# Dovecot's socket: make DIR's ancestors searchable ("x", not "r") by others
# where they are our own temporary directories; refuse anything else.
_srv_searchable() {
	_srv_p=$1
	_srv_tmp=$(cd "${TMPDIR:-/tmp}" 2>/dev/null && pwd -P)
	while _srv_p=$(dirname "$_srv_p") && [ "$_srv_p" != / ]; do
		[ -n "$(find "$_srv_p" -prune -perm -001)" ] && continue
		case $(cd "$_srv_p" && pwd -P) in
		"$_srv_tmp"/?*)
			if [ -O "$_srv_p" ] && chmod o+x "$_srv_p"; then
				continue
			fi;;
		esac
		_srv_say "$_srv_p is not searchable by other users;" \
		    "the mail servers' users must reach $1 (chmod o+x $_srv_p)"
		return 1
	done
	return 0
}

# _srv_pick_ports: sets every *_PORT not already set to a free port, picked
# at random below Linux's ephemeral range and free on both addresses.
_srv_pick_ports() {
	_srv_given=
	for _srv_v in $_srv_ports; do
		eval "_srv_x=\${$_srv_v:-}"
		case $_srv_x in
		"") ;;
		*[!0-9]*) _srv_say "$_srv_v=$_srv_x is not a port"; return 1;;
		*) _srv_given="$_srv_given $_srv_x";;
		esac
	done
	# shellcheck disable=SC2086 # the given ports, split on purpose
	_srv_free=$(python3 - $_srv_given <<'EOF'
import random, socket, sys
taken = set(int(a) for a in sys.argv[1:])
out = []
tries = 0
while len(out) < 7 and tries < 10000:
    tries += 1
    p = random.randint(20000, 32000)
    if p in taken or p in out:
        continue
    free = True
    for addr in ("127.0.0.1", "127.0.0.2"):
        s = socket.socket()
        try:
            s.bind((addr, p))
        except OSError:
            free = False
        finally:
            s.close()
    if free:
        out.append(p)
print(" ".join(str(p) for p in out))
EOF
) || return 1
	# shellcheck disable=SC2086 # split on purpose
	set -- $_srv_free
	if [ $# -ne 7 ]; then
		_srv_say "could not find free ports"; return 1
	fi
	for _srv_v in $_srv_ports; do
		eval "_srv_x=\${$_srv_v:-}"
		if [ -z "$_srv_x" ]; then
			eval "$_srv_v=$1"; shift
		fi
	done
	return 0
}

# _srv_mail_user: creates the system user owning the Maildirs if missing;
# sets _srv_uid and _srv_gid.
_srv_mail_user() {
	if ! id -u "$SERVERS_MAIL_USER" >/dev/null 2>&1; then
		# Two tests starting at once may race here: check again after.
		useradd --system --user-group --no-create-home \
		    --home-dir /nonexistent --shell /usr/sbin/nologin \
		    --comment "posta test mail" "$SERVERS_MAIL_USER" 2>/dev/null
	fi
	_srv_uid=$(id -u "$SERVERS_MAIL_USER" 2>/dev/null) &&
	    _srv_gid=$(id -g "$SERVERS_MAIL_USER" 2>/dev/null) || {
		_srv_say "cannot create user $SERVERS_MAIL_USER"; return 1
	}
	return 0
}

# _srv_cert DIR: a self-signed certificate for localhost, 127.0.0.1 and
# 127.0.0.2; the servers present it and clients trust it as their CA.
_srv_cert() {
	(umask 077 && openssl req -x509 -newkey ec \
	    -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
	    -subj /CN=localhost \
	    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:127.0.0.2" \
	    -keyout "$1/key.pem" -out "$1/ca.pem") >"$1/openssl.log" 2>&1 || {
		cat "$1/openssl.log" >&2; _srv_say "openssl failed"; return 1
	}
	chmod 644 "$1/ca.pem"
}

# _srv_users DIR: the passwd-file both servers authenticate from, and the
# Maildirs, owned by the mail user.
_srv_users() {
	mkdir -p "$1/dovecot" "$1/mail" || return 1
	printf '%s\n' 'alice@localhost:{PLAIN}alice-secret::::::' \
	    'bob@localhost:{PLAIN}bob-secret::::::' >"$1/dovecot/passwd" &&
	    chgrp dovecot "$1/dovecot/passwd" &&
	    chmod 640 "$1/dovecot/passwd" || return 1
	for _srv_u in alice bob; do
		mkdir -p "$1/mail/$_srv_u/new" "$1/mail/$_srv_u/cur" \
		    "$1/mail/$_srv_u/tmp" || return 1
	done
	chown -R "$_srv_uid:$_srv_gid" "$1/mail" &&
	    chmod -R 700 "$1/mail" && chmod 755 "$1/mail"
}

# _srv_dovecot_conf DIR: Dovecot's whole configuration (nothing from /etc).
_srv_dovecot_conf() {
	cat >"$1/dovecot/dovecot.conf" <<EOF
# Written by tests/servers.sh: a private Dovecot for posta's tests.
instance_name = posta-$IMAP_PORT
base_dir = $1/dovecot/run
state_dir = $1/dovecot/state
log_path = $1/dovecot.log
protocols = imap pop3
listen = 127.0.0.1, 127.0.0.2
ssl = yes
ssl_cert = <$1/ca.pem
ssl_key = <$1/key.pem
ssl_dh = </usr/share/dovecot/dh.pem
# 127.0.0.1 talking to 127.0.0.1 counts as secure whatever this says;
# clients reaching 127.0.0.2 get LOGINDISABLED until STARTTLS/STLS.
disable_plaintext_auth = yes
auth_mechanisms = plain login
auth_verbose = yes
# Tests make wrong-password attempts: no per-IP penalty, no added delay
# (a failure still takes up to 0.5 s: the auth process answers failures
# from a 500 ms timer).
auth_failure_delay = 0
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service auth {
  unix_listener auth-postfix {
    mode = 0660
    user = postfix
    group = postfix
  }
}
service imap-login {
  inet_listener imap {
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = $IMAPS_PORT
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    port = $POP3_PORT
  }
  inet_listener pop3s {
    port = $POP3S_PORT
    ssl = yes
  }
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN $1/dovecot/passwd
}
userdb {
  driver = static
  args = uid=$_srv_uid gid=$_srv_gid home=$1/mail/%n
}
first_valid_uid = $_srv_uid
first_valid_gid = $_srv_gid
mail_location = maildir:$1/mail/%n
mail_max_userip_connections = 100
EOF
}

# _srv_postfix_conf DIR: Postfix's main.cf and master.cf (nothing from /etc),
# its queue and data directories, and the table of the two users.
_srv_postfix_conf() {
	# The queue and data directories outside the configuration directory,
	# which postfix-script checks is all owned by root.
	mkdir -p "$1/postfix" "$1/postfix-queue" "$1/postfix-data" || return 1
	chown postfix "$1/postfix-data" && chmod 700 "$1/postfix-data"
	printf '%s\n' 'alice@localhost alice/' 'bob@localhost bob/' \
	    'alice@posta.test alice/' 'bob@posta.test bob/' \
	    >"$1/postfix/vmailbox" || return 1
	cat >"$1/postfix/main.cf" <<EOF
# Written by tests/servers.sh: a private Postfix for posta's tests.
compatibility_level = 3.6
queue_directory = $1/postfix-queue
data_directory = $1/postfix-data
maillog_file = $1/postfix.log
maillog_file_prefixes = $1
syslog_name = posta-postfix
myhostname = localhost
mydomain = localdomain
myorigin = localhost
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_banner = \$myhostname ESMTP posta test server
biff = no
append_dot_mydomain = no
readme_directory = no
alias_maps =
alias_database =

# Nothing leaves the machine: no DNS, no relaying.  Recipients that resolve
# to the error transport are refused at RCPT, so nothing is even queued.
relayhost =
relay_domains =
default_transport = error:mail to other domains is disabled here
relay_transport = error:mail to other domains is disabled here
local_transport = error:local delivery is disabled here
smtp_dns_support_level = disabled
lmtp_dns_support_level = disabled
smtp_host_lookup = native
lmtp_host_lookup = native
smtpd_peername_lookup = no

# The two users, delivered into the Maildirs Dovecot serves.  posta.test
# (RFC 2606: never a real domain) is for clients that want a dot in a
# domain, as git send-email does.
virtual_mailbox_domains = localhost posta.test
virtual_mailbox_maps = texthash:$1/postfix/vmailbox
virtual_mailbox_base = $1/mail
virtual_uid_maps = static:$_srv_uid
virtual_gid_maps = static:$_srv_gid
virtual_minimum_uid = $_srv_uid

smtpd_tls_cert_file = $1/ca.pem
smtpd_tls_key_file = $1/key.pem
smtpd_tls_security_level = none
smtpd_tls_auth_only = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = $1/dovecot/run/auth-postfix
smtpd_sasl_auth_enable = no
smtpd_relay_restrictions = reject_unauth_destination
smtpd_recipient_restrictions =
smtpd_error_sleep_time = 0s
EOF
	# The submission and SMTPS ports take mail from authenticated clients
	# only; the plain port for the local users from anyone.
	_srv_auth="-o smtpd_sasl_auth_enable=yes
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
  -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject"
	cat >"$1/postfix/master.cf" <<EOF
# Written by tests/servers.sh.  Nothing chrooted.
127.0.0.1:$PLAIN_PORT inet n - n - - smtpd
  -o syslog_name=posta-postfix/plain
127.0.0.1:$SUBMIT_PORT inet n - n - - smtpd
  -o syslog_name=posta-postfix/submission
  -o smtpd_tls_security_level=encrypt
  $_srv_auth
127.0.0.1:$SMTPS_PORT inet n - n - - smtpd
  -o syslog_name=posta-postfix/smtps
  -o smtpd_tls_wrappermode=yes
  -o smtpd_tls_security_level=encrypt
  $_srv_auth
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
	# Postfix will not read a file modified within the last second: it
	# retries every 0.3 s until the file "cools down", which made every
	# fresh start 1.5-2 s slower.  Date the files back.
	touch -t 200001010000 "$1/postfix/main.cf" "$1/postfix/master.cf" \
	    "$1/postfix/vmailbox"
}

# _srv_env DIR: DIR/env, the shell assignments the tests source.
_srv_env() {
	{
		echo "SERVERS_DIR='$1'"
		for _srv_v in $_srv_ports; do
			eval "echo $_srv_v=\$$_srv_v"
		done
		echo "CA='$1/ca.pem'"
		echo "MAILDIR_ALICE='$1/mail/alice'"
		echo "MAILDIR_BOB='$1/mail/bob'"
		echo "POSTFIX_LOG='$1/postfix.log'"
		echo "DOVECOT_LOG='$1/dovecot.log'"
	} >"$1/env"
}

# _srv_wait DIR: waits until every port greets (through TLS where the port
# is implicit TLS, checking the certificate), or the timeout passes.
_srv_wait() {
	python3 - "$1/ca.pem" "${SERVERS_TIMEOUT:-15}" \
	    "127.0.0.1:$SUBMIT_PORT:smtp:" "127.0.0.1:$SMTPS_PORT:smtp:tls" \
	    "127.0.0.1:$PLAIN_PORT:smtp:" \
	    "127.0.0.1:$IMAP_PORT:imap:" "127.0.0.1:$IMAPS_PORT:imap:tls" \
	    "127.0.0.1:$POP3_PORT:pop3:" "127.0.0.1:$POP3S_PORT:pop3:tls" \
	    "127.0.0.2:$IMAP_PORT:imap:" "127.0.0.2:$IMAPS_PORT:imap:tls" \
	    "127.0.0.2:$POP3_PORT:pop3:" "127.0.0.2:$POP3S_PORT:pop3:tls" <<'EOF'
import socket, ssl, sys, time
GREET = {"smtp": (b"220 ", b"QUIT\r\n"), "imap": (b"* OK", b"a LOGOUT\r\n"),
         "pop3": (b"+OK", b"QUIT\r\n")}
ctx = ssl.create_default_context(cafile=sys.argv[1])
deadline = time.monotonic() + float(sys.argv[2])
todo = {a: "not tried" for a in sys.argv[3:]}

def greeting(host, port, kind, tls):
    with socket.create_connection((host, int(port)), timeout=2) as raw:
        s = ctx.wrap_socket(raw, server_hostname=host) if tls else raw
        line = s.makefile("rb").readline(1000)
        if not line.startswith(GREET[kind][0]):
            return "greeted %r" % line
        try:
            s.sendall(GREET[kind][1])
        except OSError:
            pass
        return None

while todo and time.monotonic() < deadline:
    for a in list(todo):
        try:
            why = greeting(*a.split(":"))
        except (OSError, ssl.SSLError) as e:
            why = str(e) or type(e).__name__
        if why is None:
            del todo[a]
        else:
            todo[a] = why
    if todo:
        time.sleep(0.05)
for a, why in todo.items():
    host, port, kind, tls = a.split(":")
    print("servers.sh: no %s greeting from %s:%s%s: %s"
          % (kind.upper(), host, port, " (TLS)" if tls else "", why),
          file=sys.stderr)
sys.exit(1 if todo else 0)
EOF
}

# _srv_tails DIR: the last lines of each log, on stderr.
_srv_tails() {
	for _srv_f in dovecot.start.log dovecot.log postfix.start.log \
	    postfix.log; do
		[ -s "$1/$_srv_f" ] || continue
		echo "--- last lines of $1/$_srv_f" >&2
		tail -n 15 "$1/$_srv_f" >&2
	done
}

# servers_start DIR: starts Dovecot and Postfix in DIR and writes DIR/env;
# on failure prints why and the logs' tails, stops what it started, and
# returns 1.
servers_start() {
	_srv_dir "$1" || return 1
	_srv_why=$(servers_skip_reason)
	if [ -n "$_srv_why" ]; then
		_srv_say "cannot start: $_srv_why"; return 1
	fi
	mkdir -p "$_srv_d" && chmod 755 "$_srv_d" || return 1
	_srv_searchable "$_srv_d" || return 1
	if [ -e "$_srv_d/dovecot" ] || [ -e "$_srv_d/postfix" ]; then
		_srv_say "$_srv_d is in use: give a fresh directory"; return 1
	fi
	_srv_pick_ports && _srv_mail_user && _srv_cert "$_srv_d" &&
	    _srv_users "$_srv_d" && _srv_dovecot_conf "$_srv_d" &&
	    _srv_postfix_conf "$_srv_d" && _srv_env "$_srv_d" || {
		_srv_say "cannot set up $_srv_d"; return 1
	}
	"$_srv_dovecot" -c "$_srv_d/dovecot/dovecot.conf" \
	    >"$_srv_d/dovecot.start.log" 2>&1 &&
	    "$_srv_postfix" -c "$_srv_d/postfix" start \
	    >"$_srv_d/postfix.start.log" 2>&1 &&
	    _srv_wait "$_srv_d" && return 0
	_srv_say "the mail servers in $_srv_d did not come up"
	_srv_tails "$_srv_d"
	servers_stop "$_srv_d"
	return 1
}

# _srv_procs PID: "pid:starttime" of PID and of each of its children (the
# start time tells a process from a later one given the same pid).
_srv_procs() {
	_srv_pp=$1
	for _srv_s in /proc/[0-9]*/stat; do
		{ read -r _srv_line <"$_srv_s"; } 2>/dev/null || continue
		_srv_c=${_srv_s#/proc/}
		_srv_c=${_srv_c%/stat}
		# shellcheck disable=SC2086 # the fields after "pid (comm) "
		set -- ${_srv_line##*) }
		if [ "$_srv_c" = "$_srv_pp" ] || [ "$2" = "$_srv_pp" ]; then
			echo "$_srv_c:${20}"
		fi
	done
}

# _srv_alive PID:STARTTIME: that process still runs (zombies count as gone:
# they have exited, only their parent has not collected them yet).
_srv_alive() {
	{ read -r _srv_line <"/proc/${1%%:*}/stat"; } 2>/dev/null || return 1
	# shellcheck disable=SC2086
	set -- "$1" ${_srv_line##*) }
	[ "$2" != Z ] && [ "${1#*:}" = "${21}" ]
}

# _srv_signal PIDFILE EXE CWD ARG: sends TERM to the daemon whose pid
# PIDFILE holds if it still is EXE (running in CWD, when given; with ARG
# among its arguments, when given), and adds it and its children to
# _srv_wait_for.
_srv_signal() {
	[ -s "$1" ] || return 0
	_srv_pid=$(head -n 1 "$1" | tr -cd 0-9)
	[ -n "$_srv_pid" ] || return 0
	[ "$(readlink "/proc/$_srv_pid/exe" 2>/dev/null)" = "$2" ] || return 0
	if [ -n "$3" ]; then
		[ "$(readlink "/proc/$_srv_pid/cwd" 2>/dev/null)" = "$3" ] ||
		    return 0
	fi
	if [ -n "$4" ]; then
		tr '\0' '\n' <"/proc/$_srv_pid/cmdline" 2>/dev/null |
		    grep -qxF -- "$4" || return 0
	fi
	_srv_wait_for="$_srv_wait_for $(_srv_procs "$_srv_pid")"
	kill -TERM "$_srv_pid" 2>/dev/null
	return 0
}

# _srv_reap: waits for the processes in _srv_wait_for to exit; KILLs those
# left after 10 s.
_srv_reap() {
	_srv_n=0
	while :; do
		_srv_left=
		for _srv_p in $_srv_wait_for; do
			_srv_alive "$_srv_p" && _srv_left="$_srv_left $_srv_p"
		done
		_srv_wait_for=$_srv_left
		[ -z "$_srv_left" ] && return 0
		_srv_n=$((_srv_n + 1))
		if [ $_srv_n -gt 200 ]; then
			_srv_say "did not stop after 10 s, killed:$_srv_left"
			for _srv_p in $_srv_left; do
				kill -KILL "${_srv_p%%:*}" 2>/dev/null
			done
			_srv_wait_for=
			return 0
		fi
		sleep 0.05
	done
}

# servers_stop DIR: stops the servers servers_start started in DIR, by the
# pid files they wrote, and waits for them and their children to exit; does
# nothing for what is not running.
servers_stop() {
	_srv_dir "$1" || return 1
	_srv_wait_for=
	_srv_signal "$_srv_d/postfix-queue/pid/master.pid" "$_srv_pfmaster" \
	    "$_srv_d/postfix-queue" ""
	_srv_signal "$_srv_d/dovecot/run/master.pid" "$_srv_dovecot" "" \
	    "$_srv_d/dovecot/dovecot.conf"
	_srv_reap
	return 0
}

case ${0##*/} in
servers.sh)
	case $1 in
	start) servers_start "$2";;
	stop) servers_stop "$2";;
	skip-reason|skip_reason) servers_skip_reason;;
	*) echo "usage: sh $0 start DIR | stop DIR | skip-reason" >&2
	   exit 2;;
	esac
	;;
esac
