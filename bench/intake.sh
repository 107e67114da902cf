#!/usr/bin/env bash
# bench/intake.sh -- notices per second through report_incident().
#
# In one run, against the server in PGHOST/PGPORT (omledger installed):
#   intake  SELECT omledger.report_incident(...) of the next notice: a new
#           failure_recovery item (the workflow triggers, its system, its
#           notice row, an incident_new alert and NOTIFY) or a repeat counted
#   plain   INSERT of the same notice into a table with the same columns
#           (no dedupe, no trigger: the baseline the issue names)
# The notices: NOTICES (default 4000; QUICK=1: 400) of which 30 % repeat a
# key already in the list, shuffled, so that repeats also race their first
# notice; each transaction takes the next one (a sequence).  At 1 and 16
# clients (pgbench -t: every notice sent exactly once), ROUNDS rounds
# (default 3; QUICK=1: 1) alternating the variants; medians reported.  Each
# intake run uses a source of its own, so every run starts with no item.
# After each intake run: 0 lost (one item per distinct key, every notice
# counted) and 0 duplicates, or the benchmark fails.
#
# Then the design choice for concurrent first notices, measured on its worst
# case ("race": every key sent by all 16 clients at once): the advisory lock
# on the key's hash that report_incident takes, against a copy of the
# function (made here, in the benchmark's database) that inserts the item
# with INSERT ... ON CONFLICT ON CONSTRAINT work_item_dedupe_key DO NOTHING
# instead and, on a conflict, takes the repeat path.
#
# BENCH_RESULTS=file appends one line per case (the proof helper's format):
#   intake<TAB>case<TAB>clients<TAB>notices/s<TAB>notices/s<TAB>plain_insert<TAB>baseline<TAB>ratio
# (ratio = intake / plain: higher is better), and
#   intake<TAB>first_notice_race_advisory_lock<TAB>16<TAB>notices/s<TAB>notices/s<TAB>on_conflict<TAB>baseline<TAB>ratio
#
#   bench/intake.sh            # or: QUICK=1 bench/intake.sh; ROUNDS=5 NOTICES=8000 bench/intake.sh
set -euo pipefail
. "$(dirname "$0")/server_cpu.sh"
DB=${BENCH_DB:-om_bench_intake}
if [ "${QUICK:-0}" = 1 ]; then
	NOTICES=${NOTICES:-400}
	ROUNDS=${ROUNDS:-1}
else
	NOTICES=${NOTICES:-4000}
	ROUNDS=${ROUNDS:-3}
fi
NOTICES=$(( (NOTICES + 15) / 16 * 16 ))	# a multiple of 16: -t per client
TMP=$(mktemp -d /tmp/om_bench_intake.XXXXXX)
dropdb --if-exists "$DB" >/dev/null
createdb "$DB"
trap 'dropdb --if-exists "$DB" >/dev/null; rm -rf "$TMP"' EXIT
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" <<SQL
SET client_min_messages = warning;
CREATE EXTENSION omledger;
INSERT INTO omledger.contract (name, contractor, roles, term)
VALUES ('bench', 'K', '{operator}', daterange((now() AT TIME ZONE 'Asia/Tokyo')::date - 30,
                                               (now() AT TIME ZONE 'Asia/Tokyo')::date + 365));
-- the notices: 70 % distinct keys, 30 % repeats of them, shuffled
CREATE TABLE public.notice (i integer PRIMARY KEY, dedupe_key text, summary text);
INSERT INTO public.notice
SELECT row_number() OVER (ORDER BY md5(k::text || '-' || j)), 'JOB' || k || '-20261001', 'JOB' || k || ' abended RC=12'
FROM (SELECT k, 0 AS j FROM generate_series(1, $NOTICES * 7 / 10) k
      UNION ALL
      SELECT 1 + (hashint4(j) & 2147483647) % ($NOTICES * 7 / 10), j FROM generate_series(1, $NOTICES - $NOTICES * 7 / 10) j) x;
-- the race: each key 16 times in a row (the 16 clients take them at once)
CREATE TABLE public.race_notice (i integer PRIMARY KEY, dedupe_key text, summary text);
INSERT INTO public.race_notice
SELECT i, 'RACE' || ((i - 1) / 16) || '-20261001', 'RACE' || ((i - 1) / 16) || ' abended'
FROM generate_series(1, $NOTICES) i;
CREATE SEQUENCE public.notice_seq;
-- report_incident with INSERT ... ON CONFLICT instead of the advisory lock
DO \$do\$
DECLARE d text := pg_catalog.pg_get_functiondef('omledger.report_incident(text,text,text,timestamptz,text,jsonb,boolean)'::regprocedure);
BEGIN
	d := replace(d, 'FUNCTION omledger.report_incident(', 'FUNCTION public.report_incident_on_conflict(');
	d := regexp_replace(d, 'PERFORM pg_catalog.pg_advisory_xact_lock\((.*?)\);', 'NULL;');
	-- (adopting an item entered by hand needs the lock: not in this copy)
	d := regexp_replace(d, 'IF FOUND THEN(\s+)INSERT INTO omledger.incident_notice', 'IF false THEN\1INSERT INTO omledger.incident_notice');
	d := replace(d, 'RETURNING work_item.item_id, work_item.response_due_at INTO new_item, due;',
		'ON CONFLICT ON CONSTRAINT work_item_dedupe_key DO NOTHING
		 RETURNING work_item.item_id, work_item.response_due_at INTO new_item, due;
		 IF new_item IS NULL THEN
			RETURN public.report_incident_on_conflict(\$1, \$2, \$3, \$4, \$5, \$6, \$7);
		 END IF;');
	-- (its comments speak of the advisory lock: the call is what must be gone)
	IF d !~ 'ON CONFLICT' OR d ~ 'pg_advisory_xact_lock' OR d !~ 'IF false THEN' THEN
		RAISE EXCEPTION 'could not make the ON CONFLICT variant of report_incident';
	END IF;
	EXECUTE d;
END
\$do\$;
CREATE TABLE public.plain_notice (source text, dedupe_key text, system_code text, detected_at timestamptz,
                                  summary text, detail jsonb, immediate boolean);
VACUUM ANALYZE;
SQL
server_cpu_init "$DB"
cat >"$TMP/intake.sql" <<'SQL'
SELECT nextval('public.notice_seq') AS i \gset
SELECT omledger.report_incident(:src, n.dedupe_key, 'SJK', now(), n.summary, '{"rc": 12}'::jsonb) FROM public.notice n WHERE n.i = :i;
SQL
cat >"$TMP/plain.sql" <<'SQL'
SELECT nextval('public.notice_seq') AS i \gset
INSERT INTO public.plain_notice SELECT :src, n.dedupe_key, 'SJK', now(), n.summary, '{"rc": 12}'::jsonb, true FROM public.notice n WHERE n.i = :i;
SQL
cat >"$TMP/race.sql" <<'SQL'
SELECT nextval('public.notice_seq') AS i \gset
SELECT omledger.report_incident(:src, n.dedupe_key, 'SJK', now(), n.summary) FROM public.race_notice n WHERE n.i = :i;
SQL
sed 's/omledger.report_incident(/public.report_incident_on_conflict(/' "$TMP/race.sql" >"$TMP/race_oc.sql"
# run VARIANT CLIENTS ROUND: every notice once; appends "variant clients notices/s cpu_us"
run() {
	local out t0 t1 src="'$1-c$2-r$3'" tps
	psql -X -q -d "$DB" -c "SELECT setval('public.notice_seq', 1, false)" >/dev/null
	t0=$(child_ticks)
	out=$(pgbench -n -c "$2" -j "$2" -t $((NOTICES / $2)) -D src="$src" -f "$TMP/$1.sql" "$DB" 2>&1) ||
		{ echo "$out" >&2; exit 1; }
	t1=$(child_ticks)
	tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<<"$out")
	echo "$1 $2 $tps $(cpu_per_xact "$t0" "$t1" "$NOTICES")" | tee -a "$TMP/results"
	if [ "$1" = race ] || [ "$1" = race_oc ]; then
		local got
		got=$(psql -X -At -d "$DB" -c "
			SELECT (SELECT count(*) FROM omledger.work_item WHERE source = $src) || ' ' ||
			       (SELECT count(DISTINCT dedupe_key) FROM public.race_notice) || ' ' ||
			       (SELECT sum(notices) FROM omledger.incident_notice WHERE source = $src)")
		read -r items keys counted <<<"$got"
		echo "#   items $items for $keys keys, $counted of $NOTICES notices counted"
		[ "$items" = "$keys" ] && [ "$counted" = "$NOTICES" ] ||
			{ echo "$1 lost or duplicated notices" >&2; exit 1; }
	fi
	if [ "$1" = intake ]; then
		# 0 lost, 0 duplicates
		local got
		got=$(psql -X -At -d "$DB" -c "
			SELECT (SELECT count(*) FROM omledger.work_item WHERE source = $src) || ' ' ||
			       (SELECT count(DISTINCT dedupe_key) FROM public.notice) || ' ' ||
			       (SELECT sum(notices) FROM omledger.incident_notice WHERE source = $src) || ' ' ||
			       (SELECT count(*) FROM (SELECT 1 FROM omledger.work_item WHERE source = $src
			                              GROUP BY dedupe_key HAVING count(*) > 1) d)")
		read -r items keys counted dups <<<"$got"
		echo "#   items $items for $keys keys, $counted of $NOTICES notices counted, $dups duplicates"
		[ "$items" = "$keys" ] && [ "$counted" = "$NOTICES" ] && [ "$dups" = 0 ] ||
			{ echo "intake lost or duplicated notices" >&2; exit 1; }
	fi
}
echo "## $NOTICES notices (30 % repeats), $ROUNDS rounds; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
	echo "## round $round"
	for c in 1 16; do
		run plain "$c" "$round"
		run intake "$c" "$round"
	done
	run race 16 "$round"
	run race_oc 16 "$round"
done
echo "## medians over $ROUNDS rounds"
for c in 1 16; do
	p=$(awk -v c=$c '$1 == "plain" && $2 == c { print $3 }' "$TMP/results" | median)
	i=$(awk -v c=$c '$1 == "intake" && $2 == c { print $3 }' "$TMP/results" | median)
	pc=$(awk -v c=$c '$1 == "plain" && $2 == c && $4 != "" { print $4 }' "$TMP/results" | median)
	ic=$(awk -v c=$c '$1 == "intake" && $2 == c && $4 != "" { print $4 }' "$TMP/results" | median)
	r=$(echo "scale=3; $i / $p" | bc)
	echo "$c client(s): intake $i notices/s, plain insert $p notices/s: ${r}x${ic:+; server CPU per notice $ic µs vs $pc µs}"
	if [ -n "${BENCH_RESULTS:-}" ]; then
		printf 'intake\treport_incident\t%s\t%s\tnotices/s\tplain_insert\t%s\t%s\n' "$c" "$i" "$p" "$r" >>"$BENCH_RESULTS"
	fi
done
a=$(awk '$1 == "race" { print $3 }' "$TMP/results" | median)
o=$(awk '$1 == "race_oc" { print $3 }' "$TMP/results" | median)
ac=$(awk '$1 == "race" && $4 != "" { print $4 }' "$TMP/results" | median)
oc=$(awk '$1 == "race_oc" && $4 != "" { print $4 }' "$TMP/results" | median)
r=$(echo "scale=3; $a / $o" | bc)
echo "first notices racing (each key from 16 clients at once): advisory lock $a notices/s, ON CONFLICT $o notices/s: ${r}x${ac:+; server CPU per notice $ac µs vs $oc µs}"
if [ -n "${BENCH_RESULTS:-}" ]; then
	printf 'intake\tfirst_notice_race_advisory_lock\t16\t%s\tnotices/s\ton_conflict\t%s\t%s\n' "$a" "$o" "$r" >>"$BENCH_RESULTS"
fi
