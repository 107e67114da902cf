#!/usr/bin/env bash
# test/check_all.sh -- make check-all: everything that fits in CI's time.
#
#   1. make test with longer variants: 20 crash cycles instead of 4
#      (CRASH_CYCLES), 2 million fuzz inputs per harness instead of 200,000
#      (FUZZ_RUNS);
#   2. make fuzz: each harness under libFuzzer, FUZZ_SECONDS (default 30) each;
#   3. make bench QUICK=1: every benchmark runs, ratios printed;
#   4. upgrade and pg_dump/pg_restore at the scale of ten years of history:
#      test/scale/dump_upgrade.sh at SCALE (default 1: about 1M effort rows,
#      5-8 minutes; doc/scale.md).
# make check-memory (the regression suite under valgrind, about half an
# hour) is not part of it: run it on demand.  Ends with one line per step
# and exits non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
: "${PG_CONFIG:=pg_config}"
export PG_CONFIG
results=()
rc=0
step() {	# step NAME CMD...
	local name=$1 t0=$SECONDS
	shift
	echo "# ==== $name"
	if "$@"; then
		results+=("ok - $name ($((SECONDS - t0)) s)")
	else
		results+=("not ok - $name ($((SECONDS - t0)) s)")
		rc=1
	fi
}
step "make test, long variants (CRASH_CYCLES=${CRASH_CYCLES:-20}, FUZZ_RUNS=${FUZZ_RUNS:-2000000})" \
	env CRASH_CYCLES="${CRASH_CYCLES:-20}" FUZZ_RUNS="${FUZZ_RUNS:-2000000}" test/run
if command -v clang >/dev/null 2>&1; then
	step "make fuzz (libFuzzer, ${FUZZ_SECONDS:-30} s a harness)" make -s fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-30}"
else
	results+=("ok - make fuzz # SKIP clang is not installed")
fi
step "make bench QUICK=1" env QUICK=1 bench/run.sh
step "upgrade and dump at ten years' scale (test/scale/dump_upgrade.sh, SCALE=${SCALE:-1})" \
	env SCALE="${SCALE:-1}" bash test/scale/dump_upgrade.sh
echo "# ==== check-all"
printf '%s\n' "${results[@]}"
exit $rc
