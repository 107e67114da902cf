#!/usr/bin/env bash
# test/memory/run.sh -- the regression suite against a server under valgrind
# (make check-memory).
#
#   PG_CONFIG=... test/memory/run.sh        # REGRESS="caps effort_io" for a subset
#
# Builds and installs omledger into PG_CONFIG's server, initdbs a throwaway
# cluster, starts its postmaster under valgrind's memcheck (every backend is
# a fork of it, so every backend runs under valgrind too), runs pg_regress
# (sql/, the same tests as make test's regress suite) against it, stops it,
# and reads valgrind's logs.  Fails when a regression test fails or valgrind
# reports an error that test/memory/valgrind.supp does not suppress (those
# are PostgreSQL's own, listed with a reason each).  Each report is printed
# with its stack; the whole logs are kept when KEEP=1.
#
# The server is Debian's build, without USE_VALGRIND: palloc'd chunks are
# not marked for memcheck, so a read past a palloc'd chunk inside its
# memory context's block goes unseen; what is seen: use of uninitialised
# memory in a decision or a system call, reads and writes outside malloc'd
# blocks and the stack, and errors in the extension's own malloc use.
# Takes about 20 minutes on 2 shared cores (doc/testing.md).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
ROOT=$(pwd)
. test/lib/cluster.sh
SUPP=$ROOT/test/memory/valgrind.supp

if ! command -v valgrind >/dev/null 2>&1; then
	ensure_packages valgrind || exit 2
fi
ensure_packages || exit 2
make -s >/dev/null && make -s install >/dev/null || { echo "build or install failed"; exit 1; }

BINDIR=$("$PG_CONFIG" --bindir)
DIR=$(mktemp -d /tmp/omledger-memory.XXXXXX)
chmod 755 "$DIR"
[ "$(id -u)" = 0 ] && chown postgres: "$DIR"
PGPORT=$(free_port)
export PGHOST=$DIR PGPORT PGUSER=postgres PGDATABASE=postgres
VG_PID=
cleanup() {
	if [ -f "$DIR/data/postmaster.pid" ]; then
		as_pg "$BINDIR/pg_ctl" -D "$DIR/data" -m fast -w -t 300 stop >/dev/null 2>&1 || true
	fi
	if [ "${KEEP:-0}" = 1 ]; then echo "# kept: $DIR"; else rm -rf "$DIR"; fi
}
trap cleanup EXIT

as_pg "$BINDIR/initdb" -D "$DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 ||
	{ cat "$DIR/initdb.log"; exit 1; }
cat >>"$DIR/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$DIR'
port = $PGPORT
fsync = off
max_connections = 20
max_prepared_transactions = 10
shared_buffers = 32MB
timezone = 'UTC'
log_min_messages = warning
autovacuum = off
max_worker_processes = 2
jit = off
CONF

start=$(date +%s)
mkdir -p "$DIR/vg" && chown -R "$(stat -c %U "$DIR")" "$DIR/vg"
as_pg bash -c "exec valgrind --quiet --trace-children=yes --track-origins=yes \
	--num-callers=30 --leak-check=no \
	--suppressions='$SUPP' --gen-suppressions=all \
	--error-markers=VALGRINDERROR-BEGIN,VALGRINDERROR-END \
	--log-file='$DIR/vg/%p.log' \
	'$BINDIR/postgres' -D '$DIR/data' >'$DIR/server.log' 2>&1" &
for _ in $(seq 1 600); do
	"$BINDIR/pg_isready" -q && break
	sleep 0.5
done
"$BINDIR/pg_isready" -q || { echo "the server under valgrind did not start"; tail -20 "$DIR/server.log"; exit 1; }
echo "# server under valgrind started in $(( $(date +%s) - start )) s"

rc=0
regress_rc=0
make -s installcheck ISOLATION= ${REGRESS:+REGRESS="$REGRESS"} >"$DIR/regress.log" 2>&1 || regress_rc=1
grep -E '^(ok|not ok)|\.\.\. |tests passed|failed' "$DIR/regress.log" | tail -n 60
as_pg "$BINDIR/pg_ctl" -D "$DIR/data" -m fast -w -t 300 stop >/dev/null 2>&1
wait
end=$(date +%s)

errors=$(cat "$DIR"/vg/*.log 2>/dev/null | grep -c 'VALGRINDERROR-BEGIN')
if [ "$errors" -gt 0 ]; then
	echo "# valgrind reported $errors errors (first ones, with a suppression for each):"
	cat "$DIR"/vg/*.log | sed -n '/VALGRINDERROR-BEGIN/,/VALGRINDERROR-END/p' | head -n 300 | sed 's/^/#   /'
	echo "not ok - valgrind: $errors errors"
	rc=1
else
	echo "ok - valgrind: no error in $(ls "$DIR"/vg | wc -l) processes"
fi
if [ $regress_rc = 0 ] && grep -qE 'All [0-9]+ tests passed' "$DIR/regress.log"; then
	echo "ok - regression suite under valgrind ($(grep -cE '^test .* \.\.\. ok' "$DIR/regress.log") tests)"
else
	echo "not ok - regression suite under valgrind"
	[ -f regression.diffs ] && head -n 80 regression.diffs
	rc=1
fi
echo "# check-memory took $((end - start)) s"
exit $rc
