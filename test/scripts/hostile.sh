#!/usr/bin/env bash
# Hostile input: every function and aggregate of the extension is called
# with NULL and extreme values of each argument's type (all combinations when
# there are few), hostile text is cast to each of its types, and every table
# of the extension gets INSERTs, UPDATEs and DELETEs with each column NULL or
# extreme, on rows of the dump fixture (test/scripts/dump_data/*.sql) and of
# test/scripts/hostile_data/*.sql (rows in states the former lacks).  Each
# call runs on its own and is rolled back.  A call may succeed or fail with a
# proper SQLSTATE; class XX (internal error) or a crash fails the test, named
# with its call.  New functions, tables and concepts are covered as they come;
# a type that has no values in hostile.sql fails the test until it gets some.
# The database is kept when a test fails (or HOSTILE_KEEP_DB=1): see its
# table hostile.call for every call and its result.
. "$(dirname "$0")/lib.sh"

DB=om_hostile
fresh_db $DB
PSQL -d $DB -c 'CREATE EXTENSION omledger' >/dev/null
check "the fixtures load" PSQL -d $DB -f <(cat "$SCRIPTS"/dump_data/*.sql "$SCRIPTS"/hostile_data/*.sql) >/dev/null
check "the hostile helpers load" PSQL -d $DB -f "$SCRIPTS/hostile.sql" >/dev/null
check "the calls are planned" PSQL -d $DB -c 'SELECT hostile.plan_functions(), hostile.plan_tables()' >/dev/null
start=$(psql -X -At -d $DB -c 'SELECT pg_postmaster_start_time()')

# Run until every call has a result, in a time zone far from Tokyo's and with
# the non-default output styles (the regress tests cover the defaults); a call the server died in is the first
# one left without one.  At most 20 crashes, and 50 s for the whole run.
crashes=0
deadline=$((SECONDS + 50))
while :; do
	PSQL -d $DB -c "SET statement_timeout = '$((deadline - SECONDS))s'" \
		-c "SET TimeZone = 'Pacific/Kiritimati'" -c 'SET DateStyle = German' -c 'SET IntervalStyle = iso_8601' \
		-c 'SET omledger.effort_style = ja' -c 'SET omledger.period_style = wareki' \
		-c 'CALL hostile.run()' >/tmp/om_hostile.$$ 2>&1
	rc=$?
	[ $rc = 0 ] && break
	if grep -q 'canceling statement due to statement timeout' /tmp/om_hostile.$$; then
		not_ok "the run ends within 50 s"
		break
	fi
	crashes=$((crashes + 1))
	for _ in $(seq 1 60); do psql -X -At -d $DB -c 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.5; done
	psql -X -At -d $DB -c "UPDATE hostile.call SET result = 'CRASH' WHERE id = (SELECT min(id) FROM hostile.call WHERE result IS NULL)" >/dev/null
	[ $crashes -ge 20 ] && break
	[ $SECONDS -ge $deadline ] && break
done
rm -f /tmp/om_hostile.$$

report() { psql -X -At -F ' => ' -d $DB -c "$1"; }
while IFS= read -r line; do not_ok "server crash: $line"; done < <(report "SELECT label FROM hostile.call WHERE result = 'CRASH' ORDER BY id")
while IFS= read -r line; do not_ok "internal error: ${line:0:600}"; done < <(report "SELECT label, result FROM hostile.call WHERE result LIKE 'XX%' ORDER BY id")
while IFS= read -r line; do not_ok "hostile.sql has no $line"; done < <(report "SELECT DISTINCT what FROM hostile.missing ORDER BY 1")
check "every call ran" test "$(report "SELECT count(*) > 1000 FROM hostile.call")" = t -a "$(report 'SELECT count(*) FROM hostile.call WHERE result IS NULL')" = 0
check "no crash (the postmaster was not restarted)" \
	test "$(psql -X -At -d $DB -c 'SELECT pg_postmaster_start_time()')" = "$start" -a $crashes = 0
report "SELECT count(*) || ' calls, ' || count(*) FILTER (WHERE result = 'ok') || ' returned, ' || count(*) FILTER (WHERE result <> 'ok') || ' errors, in ' || round(sum(ms)) || ' ms' FROM hostile.call" | sed 's/^/# /'
report "SELECT 'slowest: ' || label || ' (' || round(ms) || ' ms)' FROM hostile.call ORDER BY ms DESC NULLS LAST LIMIT 3" | sed 's/^/# /' | cut -c1-300
[ $TAP_FAILED = 0 ] && [ "${HOSTILE_KEEP_DB:-0}" != 1 ] && dropdb $DB
tap_done
