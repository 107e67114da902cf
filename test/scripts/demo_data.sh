#!/usr/bin/env bash
# make demo must keep working as the rules tighten: the demo data set
# (demo/data/*.sql) loads under every rule of the ledger and the caps, with
# no error and no NOTICE (a NOTICE there is a rule the data only just
# passes), and the demo report runs without an error and shows its month.
. "$(dirname "$0")/lib.sh"

DB=om_demo_data
ROOT=$(cd "$SCRIPTS/../.." && pwd)
fresh_db $DB
PSQL -d $DB -c 'CREATE EXTENSION omledger' >/dev/null
log=$(cat "$ROOT"/demo/data/*.sql | psql -X -q -v ON_ERROR_STOP=1 -d $DB 2>&1)
rc=$?
if [ $rc -eq 0 ]; then
	ok "the demo data set loads"
else
	echo "$log" | sed -n '1,20p' | sed 's/^/#   /'
	not_ok "the demo data set loads"
fi
if echo "$log" | grep -qE '^(NOTICE|WARNING)'; then
	echo "$log" | grep -E '^(NOTICE|WARNING|DETAIL)' | sed -n '1,10p' | sed 's/^/#   /'
	not_ok "the demo data set loads without a NOTICE or WARNING"
else
	ok "the demo data set loads without a NOTICE or WARNING"
fi
check "the demo data holds work items and effort" test \
	"$(PSQL -At -d $DB -c 'SELECT count(*) > 100 FROM omledger.work_item' -c 'SELECT count(*) > 100 FROM omledger.effort_log' | tr -d '\n')" = tt
report=$(cd "$ROOT" && psql -X -v ON_ERROR_STOP=1 -d $DB -f demo/report.sql 2>&1)
rc=$?
check "the demo report runs without an error" test $rc -eq 0
if echo "$report" | grep -qiE 'error|unterminated'; then
	echo "$report" | grep -iE 'error|unterminated' | sed -n '1,5p' | sed 's/^/#   /'
	not_ok "the demo report prints no error"
else
	ok "the demo report prints no error"
fi
check "the demo report shows its month (令和8年2月)" grep -q '令和8年2月' <<<"$report"
dropdb $DB
tap_done
