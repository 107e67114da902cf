#!/usr/bin/env bash
# make demo must keep working as the rules tighten: the demo data set
# (demo/data/*.sql) loads under every rule of the ledger and the caps, with
# no error and no NOTICE (a NOTICE there is a rule the data only just
# passes), and the demo report runs without an error and shows its month:
# the monthly report document of the demo month, its major incident report,
# its archive check, and its HTML version in a file.
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
html=$(mktemp /tmp/omledger-demo-html.XXXXXX)
report=$(cd "$ROOT" && psql -X -v ON_ERROR_STOP=1 -v html="$html" -d $DB -f demo/report.sql 2>&1)
rc=$?
check "the demo report runs without an error" test $rc -eq 0
if echo "$report" | grep -qiE 'error|unterminated'; then
	echo "$report" | grep -iE 'error|unterminated' | sed -n '1,5p' | sed 's/^/#   /'
	not_ok "the demo report prints no error"
else
	ok "the demo report prints no error"
fi
check "the demo report shows its month (令和8年2月)" grep -q '令和8年2月' <<<"$report"
check "the demo report is the monthly report document (月次報告書, its sections)" \
	test "$(grep -cE '^(月次報告書|1\. 工数と上限|3\. 障害対応|11\. 情報資産取扱者名簿の変更)$' <<<"$report")" -eq 4
check "the demo report shows the month's major incident report" grep -q '^重大障害報告書$' <<<"$report"
check "the demo report matches its archive (February was closed)" grep -qE '^ *html *\|.*\| 一致' <<<"$report"
check "the demo report names its HTML file" grep -qF "$html" <<<"$report"
check "the HTML file is a whole page" grep -q '</html>' "$html"
rm -f "$html"
dropdb $DB
tap_done
