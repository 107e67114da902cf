#!/usr/bin/env bash
# test/tap/run.sh -- the TAP tests of test/tap/t/ (PostgreSQL::Test::Cluster).
#
#   PG_CONFIG=... test/tap/run.sh [test/tap/t/NNN_name.pl ...]   (paths relative to the checkout)
#
# Each test makes its own clusters (initdb, on unix sockets in a temporary
# directory) with the binaries of PG_CONFIG's bindir, which is put first in
# PATH (so a relocated server copy is used, not whatever is installed at the
# default place), and the harness modules that postgresql-server-dev ships
# under PG_CONFIG's pgxs directory.  As root, runs them as the user postgres
# (initdb refuses root).  Prints the tests' TAP lines (test/run counts them)
# and exits non-zero if any test file failed.
#
# Environment passed through: CRASH_CYCLES, CRASH_SEED (t/001_crash.pl),
# KEEP_TAP=1 keeps the clusters' directory (logs) and prints where.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
: "${PG_CONFIG:=pg_config}"
BINDIR=$("$PG_CONFIG" --bindir)
PERLLIB="$(dirname "$("$PG_CONFIG" --pgxs)")/../test/perl"
if [ ! -f "$PERLLIB/PostgreSQL/Test/Cluster.pm" ]; then
	echo "not ok - PostgreSQL::Test::Cluster not found under $PERLLIB (postgresql-server-dev-15)"
	exit 1
fi
perl -MIPC::Run -e 1 2>/dev/null || { echo "not ok - IPC::Run missing (apt-get install libipc-run-perl)"; exit 1; }

make -s tap-client PG_CONFIG="$PG_CONFIG" || { echo "not ok - building test/tap/bin/crash_client"; exit 1; }

WORK=$(mktemp -d /tmp/omledger-tap.XXXXXX)
chmod 755 "$WORK"
[ "$(id -u)" = 0 ] && chown postgres: "$WORK"
[ "${KEEP_TAP:-0}" = 1 ] && echo "# TAP clusters and logs kept in $WORK" || trap 'rm -rf "$WORK"' EXIT

as_pg() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The tests run as postgres, which may not be able to read this checkout
# (a clone under /root): they run from a copy of what they read, in $WORK.
SRC=$WORK/src
mkdir -p "$SRC/test/tap" "$SRC/demo"
cp -r test/tap/t test/tap/crash_setup.sql test/tap/bin "$SRC/test/tap/"
cp -r demo/data "$SRC/demo/"
[ "$(id -u)" = 0 ] && chown -R postgres: "$SRC"

tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(test/tap/t/*.pl)
rc=0
for t in "${tests[@]}"; do
	echo "# $t"
	as_pg mkdir -p "$WORK/$(basename "$t" .pl)"
	as_pg env -C "$WORK" PATH="$BINDIR:$PATH" PERL5LIB="$PERLLIB" PG_REGRESS="$PERLLIB/../regress/pg_regress" TESTDIR="$WORK/$(basename "$t" .pl)" \
		${KEEP_TAP:+PG_TEST_NOCLEAN=1} \
		CRASH_CLIENT="$SRC/test/tap/bin/crash_client" \
		PG_TEST_TIMEOUT_DEFAULT="${PG_TEST_TIMEOUT_DEFAULT:-60}" \
		${CRASH_CYCLES:+CRASH_CYCLES=$CRASH_CYCLES} ${CRASH_SEED:+CRASH_SEED=$CRASH_SEED} \
		perl "$SRC/$t" 2>&1 || { rc=1; echo "# $t exited non-zero";
			for l in "$WORK/$(basename "$t" .pl)"/tmp_check/log/*.log; do
				[ -f "$l" ] && { echo "# ---- $l (last 30 lines)"; tail -n 30 "$l" | sed 's/^/#   /'; }
			done; }
done
exit $rc
