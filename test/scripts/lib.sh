# test/scripts/lib.sh -- TAP helpers for the script tests.  Each script
# runs against the server in PGHOST/PGPORT as a superuser (test/run's
# throwaway cluster, or the caller's), creates its own databases and drops
# them when done.
set -uo pipefail
TAP_N=0
TAP_FAILED=0
ok()     { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $*"; }
not_ok() { TAP_N=$((TAP_N + 1)); TAP_FAILED=$((TAP_FAILED + 1)); echo "not ok $TAP_N - $*"; }
check()  { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }
tap_done() { echo "1..$TAP_N"; [ $TAP_FAILED -eq 0 ]; }
PSQL() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
fresh_db() { dropdb --if-exists "$1" >/dev/null 2>&1; createdb "$1"; }
SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
