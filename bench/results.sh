# bench/results.sh -- sourced by the benchmarks, right after "set -euo
# pipefail": the BENCH_RESULTS contract and the QUICK smoke mode.
#
# A benchmark run with BENCH_RESULTS naming a file APPENDS one tab-separated
# line per measured case (make bench collects them, bench/run.sh):
#   benchmark  case  clients  value  unit  baseline_case  baseline_value  ratio
# ratio is the case's speed relative to its baseline, measured in the same
# run: value/baseline for units where more is better (tps, /s), baseline/value
# for times (ms, s, us/xact, ns/op) -- so below 1 always means slower than the
# baseline, 0.80 = 20 % slower.  "-" where a case has no baseline.
#
# QUICK=1: a smoke run of seconds (CI: make bench QUICK=1); the defaults below
# are taken unless the caller set the variable.  The numbers mean nothing.
# N is set for the sourcing script only, not exported: it means different
# things to different benchmarks (encoding.sh's dates; the statements each
# callgrind_*.sh runs under valgrind, whose own QUICK default is 20: given
# 20000 by make bench QUICK=1, callgrind_intake.sh spent 13 minutes on two
# of its five variants).
if [ "${QUICK:-0}" = 1 ]; then
	: "${DURATION:=2}" "${ROUNDS:=1}" "${BULK_ROWS:=20000}" "${N:=20000}" "${ITEMS:=200}"
	export DURATION ROUNDS BULK_ROWS ITEMS
fi

# bench_result BENCHMARK CASE CLIENTS VALUE UNIT BASELINE_CASE BASELINE_VALUE
bench_result() {
	[ -n "${BENCH_RESULTS:-}" ] || return 0
	local ratio=-
	if [ -n "$4" ] && [ -n "${7:-}" ] && [ "${7:-}" != - ]; then
		case $5 in
			tps|*/s) ratio=$(awk -v v="$4" -v b="$7" 'BEGIN { printf (b > 0 ? "%.3f" : "-"), v / b }') ;;
			*) ratio=$(awk -v v="$4" -v b="$7" 'BEGIN { printf (v > 0 ? "%.3f" : "-"), b / v }') ;;
		esac
	fi
	[ -n "$4" ] || return 0	# not measured (e.g. no server CPU readable)
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "${6:--}" "${7:--}" "$ratio" >>"$BENCH_RESULTS"
}
