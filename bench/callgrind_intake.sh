#!/usr/bin/env bash
# bench/callgrind_intake.sh -- report_incident() counted in CPU instructions
# per statement (callgrind, see bench/callgrind.sh), which, unlike notices
# per second, hardly moves with the load of a shared machine.  Set-up:
# 3,000 incidents already reported (and a plain table of as many rows),
# statistics taken; then N statements (one transaction each) per variant:
#   plain     INSERT of a notice into a table with the same columns (the
#             baseline of bench/intake.sh)
#   item      INSERT of the failure_recovery item alone, through the
#             workflow engine (its triggers, event, audit rows), in a
#             PL/pgSQL function as report_incident does it
#   item_sys  the item and its work_item_system row (the systems triggers:
#             the item moved through the engine again, a systems event)
#   new       report_incident() of a key not seen yet (all of the above,
#             its incident_notice row, the incident_new alert and NOTIFY)
#   repeat    report_incident() of a key seen before (the repeat counted)
#
#   PG_CONFIG=... N=200 bench/callgrind_intake.sh   # VARIANTS="new repeat" for some
#
# QUICK=1: N=20.  BENCH_RESULTS=FILE: also appends, tab-separated, new and
# repeat against plain (benchmark, case, clients, instructions, unit,
# baseline case, its instructions, ratio baseline/case: higher is better,
# 1.0 = as cheap as a plain insert).  Needs valgrind; takes minutes.
set -euo pipefail
[ "${QUICK:-0}" = 1 ] && N=20	# a smoke run, whatever N the environment holds
N=${N:-200}
VARIANTS=${VARIANTS:-plain item item_sys new repeat}
tmp=$(mktemp -d /tmp/om_callgrind.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
cat >"$tmp/setup.sql" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION omledger;
INSERT INTO omledger.contract (name, contractor, roles, term)
VALUES ('bench', 'K', '{operator}', daterange((now() AT TIME ZONE 'Asia/Tokyo')::date - 30,
                                               (now() AT TIME ZONE 'Asia/Tokyo')::date + 365));
SELECT count(omledger.report_incident('warm', 'k' || i, 'SJK', now(), 'x abended', '{"rc":12}'))
FROM generate_series(1, 3000) i;
CREATE TABLE public.plain_notice (source text, dedupe_key text, system_code text, detected_at timestamptz,
                                  summary text, detail jsonb, immediate boolean);
INSERT INTO public.plain_notice SELECT 'warm', 'k' || i, 'SJK', now(), 'x abended', '{"rc":12}', true
FROM generate_series(1, 3000) i;
CREATE FUNCTION public.f_item(k text) RETURNS bigint LANGUAGE plpgsql AS $f$
DECLARE i bigint;
BEGIN
	INSERT INTO omledger.work_item (contract_id, kind, title, detail, performer, occurred_at,
		immediate_response, status, source, dedupe_key)
	VALUES (1, 'failure_recovery', 'x abended', '{"rc":12}', 'operator', now(), true, 'reported', 'f', k)
	RETURNING item_id INTO i;
	RETURN i;
END
$f$;
CREATE FUNCTION public.f_item_sys(k text) RETURNS bigint LANGUAGE plpgsql AS $f$
DECLARE i bigint;
BEGIN
	i := public.f_item(k);
	INSERT INTO omledger.work_item_system (item_id, system_code) VALUES (i, 'SJK');
	RETURN i;
END
$f$;
VACUUM ANALYZE;
SQL
files=()
for v in $VARIANTS; do
	{
		echo "SELECT 1;"
		for i in $(seq 1 "$N"); do
			case $v in
			plain) echo "INSERT INTO public.plain_notice VALUES ('new', 'k$i', 'SJK', now(), 'x abended', '{\"rc\":12}', true);" ;;
			item) echo "SELECT public.f_item('k$i');" ;;
			item_sys) echo "SELECT public.f_item_sys('k$i');" ;;
			new) echo "SELECT omledger.report_incident('new', 'k$i', 'SJK', now(), 'x abended', '{\"rc\":12}');" ;;
			repeat) echo "SELECT omledger.report_incident('warm', 'k$((i * 7 % 3000 + 1))', 'SJK', now(), 'x abended', '{\"rc\":12}');" ;;
			*) echo "unknown variant $v" >&2; exit 2 ;;
			esac
		done
	} >"$tmp/$v.sql"
	files+=("$tmp/$v.sql")
done
"$(dirname "$0")/callgrind.sh" "$tmp/setup.sql" "${files[@]}" | tee "$tmp/out"
if [ -n "${BENCH_RESULTS:-}" ]; then
	p=$(awk '$1 == "plain" { print $3 }' "$tmp/out")
	for v in new repeat; do
		c=$(awk -v v=$v '$1 == v { print $3 }' "$tmp/out")
		[ -n "$p" ] && [ -n "$c" ] || continue
		printf 'intake_callgrind\t%s\t1\t%s\tinstructions\tplain_insert\t%s\t%s\n' "$v" "$c" "$p" \
			"$(echo "scale=4; $p / $c" | bc)" >>"$BENCH_RESULTS"
	done
fi
