#!/usr/bin/env bash
# test/scale/dump_upgrade.sh -- dump/restore and ALTER EXTENSION UPDATE on
# ten years of history, not on a fixture of a few rows.
#
#   PG_CONFIG=/path/to/pg_config test/scale/dump_upgrade.sh
#   QUICK=1 PG_CONFIG=... test/scale/dump_upgrade.sh     smoke run, under a minute
#                                             (SCALE=1: 5 to 7.5 minutes here)
#   SCALE=2 PG_CONFIG=... test/scale/dump_upgrade.sh     two cities' histories
#
# omledger must be installed in the PostgreSQL of PG_CONFIG (make install,
# or test/run, which installs before it tests).  The script starts its own
# throwaway cluster (test/lib/cluster.sh: as the user postgres when run as
# root, a unix socket only, removed on exit; KEEP_CLUSTER=1 keeps it) and
# uses the client programs of the same PostgreSQL.
#
# Data: bench/history_gen.sql, the reports benchmark's ten years (December
# 2016 to November 2026, five two-year contracts per lineage, each with its
# roster, menu, work items walking their state machines, status events and
# effort within the caps).  SCALE (default 1) is the number of lineages,
# PER_CONTRACT (default 20000; QUICK=1: 400) the items per contract: SCALE=1
# is 100,000 work items, about 485,000 events and 960,000 effort rows.  Two
# past months are closed (close_month) so that month_close -- and, where the
# table exists, report_archive -- hold rows too.
#
# 1. Dump and restore: pg_dump -Fc of that database, pg_restore
#    --exit-on-error into a fresh one (as the documentation says a city
#    restores: doc/effort-caps.md, "Dump and restore"), then, on both sides:
#    every table of the extension's schema has the same rows (count and an
#    order-independent digest of every row's text) -- except the running
#    totals effort_total and cap_guard, which are not dumped but rebuilt by
#    the triggers while the log is restored, so they are compared through
#    effort_summary; caps_verify() is empty and the totals equal the sum of
#    the log (computed here, independently of caps_verify); effort_summary,
#    cap_status() of a month of every contract, v_cap_status and a
#    weekly_inventory() of a past week read the same; report_archive (when
#    the table exists) holds the same rows; verify_audit_chain() is ok on
#    the restored side, over as many rows as the source has.
# 2. ALTER EXTENSION UPDATE across every released version: for each version
#    that has an update path to the default one (pg_extension_update_paths):
#    CREATE EXTENSION omledger VERSION 'old', load what that version holds
#    (0.1 has the effort type only: a user table of SCALE million effort
#    values; 0.2 and 0.3 have the ledger: the same ten-year history, without
#    the due dates' field events, which are new in 0.4), note the rows, the
#    totals and the caps, run ALTER EXTENSION omledger UPDATE (timed), and
#    prove them unchanged: every table that existed before keeps its rows in
#    its old columns (the history's tables exactly; the configuration
#    tables every row they had -- the update seeds new ones, listed as a
#    comment); caps_verify() of the new version is empty, the totals are
#    unchanged and equal the sums, effort_summary reads the same;
#    cap_status(): the month's use and the caps read the same, and term_used
#    is the whole term's use as 0.4 defines it (0.3 counted the term up to
#    the given month); a new effort row goes through the updated triggers.
#
# Every comparison is guarded: both queries must succeed with nothing on
# stderr, and the first must return at least the rows it is expected to (two
# failing queries, or two empty results, would compare equal).  Prints TAP
# (ok / not ok, then 1..N) and "# time:" lines; exits non-zero if any check
# failed.  The measured times are in doc/scale.md.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
. test/lib/cluster.sh
. test/scripts/lib.sh

QUICK=${QUICK:-0}
SCALE=${SCALE:-1}
if [ "$QUICK" = 1 ]; then PER_CONTRACT=${PER_CONTRACT:-400}; else PER_CONTRACT=${PER_CONTRACT:-20000}; fi
BINDIR=$("$PG_CONFIG" --bindir) || { echo "PG_CONFIG does not answer: $PG_CONFIG" >&2; exit 2; }
export PATH="$BINDIR:$PATH"
if [ ! -f "$("$PG_CONFIG" --sharedir)/extension/omledger.control" ]; then
	echo "omledger is not installed in $("$PG_CONFIG" --sharedir) (PG_CONFIG=$PG_CONFIG make install)" >&2
	exit 2
fi

W=$(mktemp -d /tmp/omledger-scale.XXXXXX)
chmod 755 "$W"
finish() { cluster_stop; rm -rf "$W"; }
trap finish EXIT
cluster_start || exit 2
echo "# scale: $SCALE lineage(s) x 5 contracts x $PER_CONTRACT items; cluster $CLUSTER_DIR"

# ------------------------------------------------------------ helpers
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
TIMES=()
timed() { TIMES+=("$1	$2 s"); echo "# time: $1: $2 s"; }

# run_q DB SQL OUT: the query's rows (unaligned, tuples only) into OUT;
# fails, showing the error, if psql fails or writes anything to stderr.
run_q() {
	if psql -X -At -v ON_ERROR_STOP=1 -d "$1" -c "$2" >"$3" 2>"$3.err" && [ ! -s "$3.err" ]; then
		return 0
	fi
	sed -n '1,8p' "$3.err" | sed "s/^/#   $1: /"
	return 1
}
# compare WHAT MIN A B: A and B were written by successful run_q calls
# (the caller says so by passing them); A holds at least MIN rows; A = B.
compare() {
	local what=$1 min=$2 a=$3 b=$4 n
	n=$(wc -l <"$a")
	if [ "$n" -lt "$min" ]; then
		not_ok "$what (only $n rows, expected at least $min)"
	elif diff -u "$a" "$b" >"$W/diff"; then
		ok "$what ($n rows)"
	else
		not_ok "$what"
		sed -n '1,40p' "$W/diff" | sed 's/^/#   /'
	fi
}
# same WHAT MIN SQL DB_A DB_B: the query succeeds on both, returns at least
# MIN rows on A, and the same rows on B.
same() {
	local what=$1 min=$2 sql=$3 a=$4 b=$5
	if run_q "$a" "$sql" "$W/same.a" && run_q "$b" "$sql" "$W/same.b"; then
		compare "$what" "$min" "$W/same.a" "$W/same.b"
	else
		not_ok "$what (a query failed)"
	fi
}
# value_is WHAT DB SQL EXPECTED: the query succeeds and prints EXPECTED.
value_is() {
	local got
	if run_q "$2" "$3" "$W/value"; then
		got=$(cat "$W/value")
		if [ "$got" = "$4" ]; then ok "$1"; else not_ok "$1 (got '$got', expected '$4')"; fi
	else
		not_ok "$1 (the query failed)"
	fi
}

# rows_sql DB [EXCLUDED...]: a query listing, for every table of the
# extension's schema but the excluded ones, its name, its row count and an
# order-independent digest of its rows (the sum of a 64-bit hash of each
# row's text) over the columns it has now -- so that the same query, run
# after an update that added columns, still reads the old ones.  Built from
# the catalog's names, quoted by format().
rows_sql() {
	local db=$1; shift
	local excl
	excl=$(printf "%s," "$@"); excl="{${excl%,}}"
	psql -X -At -v ON_ERROR_STOP=1 -d "$db" -c "
SELECT string_agg(format('SELECT %L AS tbl, count(*) AS n, '
                         'COALESCE(sum(hashtextextended(ROW(%s)::text, 0)::numeric), 0) AS digest '
                         'FROM omledger.%I AS t', c.relname, a.cols, c.relname),
                  E'\nUNION ALL ' ORDER BY c.relname) || E'\nORDER BY 1'
FROM pg_class c
CROSS JOIN LATERAL (SELECT string_agg(format('t.%I', a.attname), ', ' ORDER BY a.attnum) AS cols
                    FROM pg_attribute a
                    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS a
WHERE c.relnamespace = 'omledger'::regnamespace AND c.relkind IN ('r', 'p')
  AND c.relname <> ALL ('$excl'::text[])"
}

# small_sql DB ROWSFILE: every row's text of the tables that ROWSFILE (the
# output of rows_sql) lists with fewer than 10,000 rows, one "table|row" a
# line, sorted: the configuration tables, whose seeded rows an update may
# add to.
small_sql() {
	local db=$1 tables
	tables=$(awk -F'|' '$2 < 10000 { printf "%s,", $1 }' "$2")
	psql -X -At -v ON_ERROR_STOP=1 -d "$db" -c "
SELECT string_agg(format('SELECT %L AS tbl, ROW(%s)::text AS r FROM omledger.%I AS t',
                         c.relname, a.cols, c.relname), E'\nUNION ALL ' ORDER BY c.relname)
       || E'\nORDER BY 1, 2'
FROM pg_class c
CROSS JOIN LATERAL (SELECT string_agg(format('t.%I', a.attname), ', ' ORDER BY a.attnum) AS cols
                    FROM pg_attribute a
                    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS a
WHERE c.relnamespace = 'omledger'::regnamespace AND c.relkind IN ('r', 'p')
  AND c.relname = ANY ('{${tables%,}}'::text[])"
}
# kept_rows WHAT: rows.before / rows.after (rows_sql), small.before /
# small.after (small_sql): every table keeps its rows -- the history's
# tables (10,000 rows or more, and every table named in HISTORY) exactly
# (count and digest), the small tables every row they had (an update may
# seed new ones: listed as a comment).
HISTORY="contract person menu_item work_item work_item_event work_item_system effort_log month_close effort_cap cap_extension"
kept_rows() {
	local what=$1 bad=0 tbl n before after grown=""
	while IFS='|' read -r tbl n _; do
		before=$(grep "^$tbl|" "$W/rows.before")
		after=$(grep "^$tbl|" "$W/rows.after")
		[ "$before" = "$after" ] && continue
		if [ "$n" -ge 10000 ] || [[ " $HISTORY " == *" $tbl "* ]]; then
			echo "#   $tbl: before $before, after $after"
			bad=1
		elif grep "^$tbl|" "$W/small.before" | comm -23 - <(grep "^$tbl|" "$W/small.after") | grep -q .; then
			echo "#   $tbl lost rows:"
			grep "^$tbl|" "$W/small.before" | comm -23 - <(grep "^$tbl|" "$W/small.after") | sed -n '1,5p' | sed 's/^/#     /'
			bad=1
		else
			grown="$grown $tbl(+$(( $(echo "$after" | cut -d'|' -f2) - n )))"
		fi
	done <"$W/rows.before"
	[ -n "$grown" ] && echo "# seeded rows the update added:$grown"
	check "$what ($(wc -l <"$W/rows.before") tables)" test $bad = 0 -a "$(wc -l <"$W/rows.before")" -ge 15
}

# the running totals against the log, computed here rather than by
# caps_verify(): minutes in effort_total = minutes logged on items that
# count (not an internal handover), per contract
TOTALS_SQL="
SELECT coalesce(l.contract_id, s.contract_id), l.logged, s.total, l.logged = s.total
FROM (SELECT w.contract_id, sum(omledger.effort_minutes(e.effort)) AS logged
      FROM omledger.effort_log e JOIN omledger.work_item w USING (item_id)
      WHERE NOT w.internal_handover GROUP BY 1) AS l
FULL JOIN (SELECT contract_id, sum(used) AS total FROM omledger.effort_total GROUP BY 1) AS s
  USING (contract_id)
ORDER BY 1"
# a month in the second year of every contract's term
CAP_STATUS_SQL="
SELECT c.contract_id, s.*
FROM omledger.contract c,
     omledger.cap_status(c.contract_id, omledger.fiscal_period((lower(c.term) + interval '14 months')::date, 'month')) AS s
ORDER BY 1, 2"
# across an update: what 0.4 did not change in cap_status() (0.4 counts
# the whole term in term_used and the term's headroom in month_remaining:
# src/sql/68_cap_status.sql), and the term's use checked against the sums
CAP_MONTH_SQL="
SELECT c.contract_id, s.category, s.month_used, s.month_cap, s.month_enforcement, s.term_cap, s.term_enforcement
FROM omledger.contract c,
     omledger.cap_status(c.contract_id, omledger.fiscal_period((lower(c.term) + interval '14 months')::date, 'month')) AS s
ORDER BY 1, 2"
CAP_TERM_SQL="
SELECT count(*) FILTER (WHERE omledger.effort_minutes(s.term_used) IS DISTINCT FROM coalesce(x.used, 0)), count(*) >= 10
FROM omledger.contract c
CROSS JOIN omledger.cap_status(c.contract_id, omledger.fiscal_period((lower(c.term) + interval '14 months')::date, 'month')) AS s
LEFT JOIN (SELECT contract_id, category, sum(omledger.effort_minutes(used)) AS used
           FROM omledger.effort_summary GROUP BY 1, 2) AS x
  ON x.contract_id = c.contract_id AND x.category = s.category"
SUMMARY_SQL="SELECT * FROM omledger.effort_summary ORDER BY 1, 2, 3"
CAPS_VERIFY_SQL="SELECT count(*) FROM omledger.caps_verify()"
# what the totals check must hold: one row per contract, all equal
totals_ok() {
	local f=$1 n
	n=$(wc -l <"$f")
	[ "$n" -ge 5 ] && ! grep -qv '|t$' "$f"
}

# load_history DB LABEL: the generator, timed, then two past months closed
load_history() {
	local db=$1 label=$2 t
	t=$(now)
	if psql -X -q -v ON_ERROR_STOP=1 -v scale="$SCALE" -v per_contract="$PER_CONTRACT" \
		-d "$db" -f bench/history_gen.sql >"$W/gen.out" 2>"$W/gen.err"; then
		ok "$label: the ten-year history loads (contracts | items | events | effort rows:$(tail -3 "$W/gen.out" | head -1 | tr -s ' '))"
	else
		not_ok "$label: the ten-year history loads"
		sed -n '1,10p' "$W/gen.err" | sed 's/^/#   /'
		return 1
	fi
	timed "$label: history generated" "$(since "$t")"
	# a month of the running contract and one of the first, closed: their
	# rows (and the archived reports, where closing archives them) must
	# survive too
	value_is "$label: two past months close" "$db" "
		SELECT count(omledger.close_month(c, omledger.fiscal_period(m, 'month'), 'scale test'))
		FROM (VALUES (5, date '2026-09-01'), (1, date '2017-06-01')) AS v (c, m)" 2
}

# ============================================================ 1. dump and restore
SRC=om_scale_src
DST=om_scale_dst
fresh_db $SRC
PSQL -d $SRC -c 'CREATE EXTENSION omledger' || { not_ok "CREATE EXTENSION omledger"; tap_done; exit; }
load_history $SRC source || { tap_done; exit; }

t=$(now)
# (pg_dump warns of the circular foreign keys, for a data-only dump: kept
# out of the output unless it fails)
if pg_dump -Fc -d $SRC -f "$W/scale.dump" 2>"$W/dump.err"; then
	ok "pg_dump -Fc succeeds"
else
	not_ok "pg_dump -Fc succeeds"
	grep -v '^pg_dump: \(warning\|detail\|hint\)' "$W/dump.err" | sed -n '1,10p' | sed 's/^/#   /'
fi
timed "pg_dump -Fc" "$(since "$t")"
echo "# dump: $(du -h "$W/scale.dump" | cut -f1), database: $(psql -X -At -d $SRC -c "SELECT pg_size_pretty(pg_database_size('$SRC'))")"
fresh_db $DST
t=$(now)
check "pg_restore --exit-on-error succeeds into a fresh database" \
	pg_restore --exit-on-error -d $DST "$W/scale.dump"
timed "pg_restore" "$(since "$t")"

# The rows of every table but the running totals (not dumped: rebuilt while
# the log is restored; compared through effort_summary below).
ROWS=$(rows_sql $SRC effort_total cap_guard)
if [ -n "$ROWS" ] && run_q $SRC "$ROWS" "$W/rows.src" && run_q $DST "$ROWS" "$W/rows.dst"; then
	compare "every table of the schema has the same rows after restore (count and digest)" 20 \
		"$W/rows.src" "$W/rows.dst"
	for tbl in work_item work_item_event effort_log contract person month_close; do
		n=$(awk -F'|' -v t=$tbl '$1 == t { print $2 }' "$W/rows.src")
		check "the source holds rows of $tbl (${n:-none})" test "${n:-0}" -gt 0
	done
	echo "# rows:" $(awk -F'|' '$2 > 0 { printf "%s=%s ", $1, $2 }' "$W/rows.src")
else
	not_ok "every table of the schema has the same rows after restore (a query failed)"
fi

t=$(now)
value_is "caps_verify() is empty in the source" $SRC "$CAPS_VERIFY_SQL" 0
value_is "caps_verify() is empty after restore" $DST "$CAPS_VERIFY_SQL" 0
timed "caps_verify() on both sides" "$(since "$t")"
for side in $SRC $DST; do
	if run_q $side "$TOTALS_SQL" "$W/totals.$side" && totals_ok "$W/totals.$side"; then
		ok "$side: the running totals equal the sums of the log, per contract ($(wc -l <"$W/totals.$side") contracts)"
	else
		not_ok "$side: the running totals equal the sums of the log, per contract"
		sed -n '1,10p' "$W/totals.$side" | sed 's/^/#   /'
	fi
done
same "effort_summary reads the same after restore" 50 "$SUMMARY_SQL" $SRC $DST
same "cap_status() of a month of every contract reads the same after restore" 10 "$CAP_STATUS_SQL" $SRC $DST
same "v_cap_status reads the same after restore" 100 \
	"SELECT * FROM omledger.v_cap_status ORDER BY contract_id, month_start, category" $SRC $DST
same "weekly_inventory() of a past week (contract 5, week of 2026-10-14) reads the same after restore" 1 \
	"SELECT * FROM omledger.weekly_inventory(5, '2026-10-14') ORDER BY 1" $SRC $DST
same "weekly_inventory() of an old contract's week (contract 2, week of 2019-11-13) reads the same after restore" 1 \
	"SELECT * FROM omledger.weekly_inventory(2, '2019-11-13') ORDER BY 1" $SRC $DST
if [ "$(psql -X -At -d $SRC -c "SELECT to_regclass('omledger.report_archive') IS NOT NULL")" = t ]; then
	# one line per archived document (its full text hashed), at least the
	# two closes' reports
	same "report_archive holds the same rows after restore" 2 \
		"SELECT md5(a::text) FROM omledger.report_archive AS a ORDER BY 1" $SRC $DST
	# and the restored ledger renders what was archived at the close
	ARCHIVE_CHECK_SQL="SELECT count(*) FILTER (WHERE NOT r.unchanged), count(*) >= 2
		FROM omledger.month_close m,
		     omledger.report_archive_check(m.contract_id, omledger.fiscal_period(m.month, 'month')) AS r"
	value_is "report_archive_check(): the source renders its closed months as archived" $SRC "$ARCHIVE_CHECK_SQL" "0|t"
	value_is "report_archive_check(): the restored ledger renders its closed months as archived" $DST "$ARCHIVE_CHECK_SQL" "0|t"
else
	ok "report_archive holds the same rows after restore # skip no report_archive in this version"
fi
if run_q $SRC "SELECT rows_checked FROM omledger.verify_audit_chain() WHERE ok" "$W/audit.src" &&
   run_q $DST "SELECT rows_checked FROM omledger.verify_audit_chain() WHERE ok" "$W/audit.dst" &&
   [ "$(cat "$W/audit.src")" -gt 0 ] 2>/dev/null && cmp -s "$W/audit.src" "$W/audit.dst"; then
	ok "verify_audit_chain() is ok after restore, over the source's $(cat "$W/audit.src") rows"
else
	not_ok "verify_audit_chain() is ok after restore, over the source's rows"
	echo "#   source: $(cat "$W/audit.src" 2>/dev/null) restored: $(cat "$W/audit.dst" 2>/dev/null)"
fi
dropdb $SRC
dropdb $DST

# ============================================================ 2. updates
UPD=om_scale_update
DEFAULT=$(psql -X -At -d postgres -c "SELECT default_version FROM pg_available_extensions WHERE name = 'omledger'")
OLDS=$(psql -X -At -d postgres -c "SELECT source FROM pg_extension_update_paths('omledger')
	WHERE target = '$DEFAULT' AND path IS NOT NULL ORDER BY string_to_array(source, '.')::int[]")
check "there are update paths to $DEFAULT (from: $(echo $OLDS))" test -n "$OLDS"

# the 0.1 data: effort values in a user's table (the only thing 0.1 has)
EFFORT_SQL="SELECT count(*), sum(omledger.effort_minutes(e)), sum(hashtextextended(e::text, 0)::numeric),
                   count(*) FILTER (WHERE e OPERATOR(omledger.>) omledger.make_effort(pd => 1)) FROM public.scale_effort"

for old in $OLDS; do
	fresh_db $UPD
	if ! PSQL -d $UPD -c "CREATE EXTENSION omledger VERSION '$old'"; then
		not_ok "$old: CREATE EXTENSION omledger VERSION '$old'"
		continue
	fi
	if [ "$(psql -X -At -d $UPD -c "SELECT to_regclass('omledger.effort_log') IS NOT NULL")" = t ]; then
		load_history $UPD "$old" || continue
		ROWS=$(rows_sql $UPD effort_total cap_guard)
		if [ -n "$ROWS" ] && run_q $UPD "$ROWS" "$W/rows.before" &&
		   SMALL=$(small_sql $UPD "$W/rows.before") && [ -n "$SMALL" ] &&
		   run_q $UPD "$SMALL" "$W/small.before" && run_q $UPD "$SUMMARY_SQL" "$W/summary.before" &&
		   run_q $UPD "$CAP_MONTH_SQL" "$W/caps.before" && run_q $UPD "$TOTALS_SQL" "$W/totals.before" &&
		   totals_ok "$W/totals.before"; then
			ok "$old: rows, totals and caps noted before the update; the totals equal the sums"
		else
			not_ok "$old: rows, totals and caps noted before the update; the totals equal the sums"
			continue
		fi
		kind=ledger
	else
		# 0.1: the effort type only.  SCALE million values, with an index
		# on them (the operator class is the type's own).
		if PSQL -d $UPD -c "CREATE TABLE public.scale_effort AS
			SELECT g AS id, omledger.make_effort(min => (hashint8(g) & 65535)::int) AS e
			FROM generate_series(1, $((SCALE * (QUICK == 1 ? 20000 : 1000000)))) AS g" \
			-c "CREATE INDEX ON public.scale_effort (e)" &&
		   run_q $UPD "$EFFORT_SQL" "$W/effort.before"; then
			ok "$old: $(cut -d'|' -f1 "$W/effort.before") effort values loaded and noted"
		else
			not_ok "$old: effort values loaded and noted"
			continue
		fi
		kind=effort
	fi
	t=$(now)
	if PSQL -d $UPD -c "ALTER EXTENSION omledger UPDATE"; then
		timed "$old -> $DEFAULT: ALTER EXTENSION UPDATE on the $kind data" "$(since "$t")"
		value_is "$old -> $DEFAULT: the update runs on the $kind data" $UPD \
			"SELECT extversion FROM pg_extension WHERE extname = 'omledger'" "$DEFAULT"
	else
		not_ok "$old -> $DEFAULT: the update runs on the $kind data"
		continue
	fi
	if [ $kind = effort ]; then
		if run_q $UPD "$EFFORT_SQL" "$W/effort.after"; then
			compare "$old -> $DEFAULT: the effort values are intact (count, sum, digest, count over a person-day)" 1 \
				"$W/effort.before" "$W/effort.after"
		else
			not_ok "$old -> $DEFAULT: the effort values are intact (the query failed)"
		fi
		check "$old -> $DEFAULT: the effort values hold over 1000 rows" \
			test "$(cut -d'|' -f1 "$W/effort.before")" -gt 1000
		continue
	fi
	if run_q $UPD "$ROWS" "$W/rows.after" && run_q $UPD "$SMALL" "$W/small.after"; then
		kept_rows "$old -> $DEFAULT: every table of $old keeps its rows in its columns of $old"
	else
		not_ok "$old -> $DEFAULT: every table of $old has the same rows (the query failed)"
	fi
	n=$(awk -F'|' '$1 == "effort_log" { print $2 }' "$W/rows.before")
	check "$old: the history held effort rows (${n:-none})" test "${n:-0}" -gt 0
	value_is "$old -> $DEFAULT: caps_verify() is empty after the update" $UPD "$CAPS_VERIFY_SQL" 0
	if run_q $UPD "$TOTALS_SQL" "$W/totals.after" && totals_ok "$W/totals.after"; then
		compare "$old -> $DEFAULT: the running totals are unchanged and equal the sums" 5 \
			"$W/totals.before" "$W/totals.after"
	else
		not_ok "$old -> $DEFAULT: the running totals equal the sums after the update"
	fi
	if run_q $UPD "$SUMMARY_SQL" "$W/summary.after"; then
		compare "$old -> $DEFAULT: effort_summary reads the same" 50 "$W/summary.before" "$W/summary.after"
	else
		not_ok "$old -> $DEFAULT: effort_summary reads the same (the query failed)"
	fi
	if run_q $UPD "$CAP_MONTH_SQL" "$W/caps.after"; then
		compare "$old -> $DEFAULT: cap_status() of a month of every contract: the month's use and the caps read the same" 10 \
			"$W/caps.before" "$W/caps.after"
	else
		not_ok "$old -> $DEFAULT: cap_status() reads the same (the query failed)"
	fi
	value_is "$old -> $DEFAULT: cap_status()'s term_used is the whole term's effort_summary (new in 0.4)" $UPD "$CAP_TERM_SQL" "0|t"
	# and the updated ledger takes new effort through its triggers
	value_is "$old -> $DEFAULT: the updated ledger takes a new effort row through the triggers" $UPD "
		WITH i AS (INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort, entered_by, entered_at)
		           SELECT e.item_id, p.person_id, e.work_date, omledger.make_effort(min => 1), e.entered_by, e.entered_at
		           FROM omledger.effort_log e
		           JOIN omledger.work_item w USING (item_id)
		           JOIN omledger.person p ON p.contract_id = w.contract_id AND p.side = 'contractor'
		                                 AND p.registered @> e.work_date
		           WHERE w.contract_id = 5 AND w.status NOT IN ('cancelled', 'rejected')
		             AND e.work_date >= '2026-11-01'
		             AND NOT EXISTS (SELECT FROM omledger.effort_log x
		                             WHERE x.item_id = e.item_id AND x.person_id = p.person_id
		                               AND x.work_date = e.work_date)
		           ORDER BY e.work_date DESC, e.entry_id, p.person_id LIMIT 1 RETURNING 1)
		SELECT count(*) FROM i" 1
	value_is "$old -> $DEFAULT: caps_verify() is still empty after the new row" $UPD "$CAPS_VERIFY_SQL" 0
done
dropdb --if-exists $UPD

echo "# times (the machine is shared; see doc/scale.md):"
for l in "${TIMES[@]}"; do echo "#   $l"; done
tap_done
