#!/usr/bin/env bash
# The cap trigger caches work items, roster entries and closed months per
# session only where the tables carry the triggers that invalidate that
# cache (src/sql/51_caps_lookup.sql).  A database still on an older version
# of the extension's SQL runs the new library without them, and a DBA may
# disable them: then a roster change made by another session must still be
# seen by a session that has already logged effort.
. "$(dirname "$0")/lib.sh"

# roster_change_seen DB: session A logs, session B ends the person's
# registration, session A logs again after it -- refused as not on the
# roster?  Each step must have happened: the first insert succeeded (else a
# refusal of the second proves nothing), the other session's change
# committed, and the second insert was refused for the roster.  The roster
# refusal is matched by its SQLSTATE: OM209, the roster refusal the caps
# share with the workflow engine since 0.4; the message is printed when it
# fails.
roster_change_seen() {
	local db=$1 out
	out=$(psql -X -q -d "$db" 2>&1 <<'SQL'
SET client_min_messages = warning;
INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (1, 1, '2025-10-01', '1h');
\if :ERROR
\echo FIRST_INSERT_FAILED
\else
\echo FIRST_INSERT_OK
\endif
\! psql -X -q -v ON_ERROR_STOP=1 -c "UPDATE omledger.person SET registered = '[2025-10-01,2025-10-15)'" && echo ROSTER_CHANGED
INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (1, 1, '2025-10-20', '1h');
\if :ERROR
\echo SECOND_INSERT_REFUSED :LAST_ERROR_SQLSTATE :LAST_ERROR_MESSAGE
\else
\echo SECOND_INSERT_ACCEPTED
\endif
SQL
)
	PSQL -d "$db" -c "UPDATE omledger.person SET registered = '[2025-10-01,2028-01-01)'" \
		-c "DELETE FROM omledger.effort_log" >/dev/null
	if ! grep -qx 'FIRST_INSERT_OK' <<<"$out"; then
		echo "# the first insert did not succeed:"; sed 's/^/#   /' <<<"$out"; return 1
	fi
	if ! grep -qx 'ROSTER_CHANGED' <<<"$out"; then
		echo "# the other session's roster change did not commit:"; sed 's/^/#   /' <<<"$out"; return 1
	fi
	if ! grep -qE '^SECOND_INSERT_REFUSED OM209( |$)' <<<"$out"; then
		echo "# the insert after the change was not refused for the roster:"; sed 's/^/#   /' <<<"$out"; return 1
	fi
}

setup_db() {	# setup_db DB VERSION
	fresh_db "$1"
	PSQL -d "$1" >/dev/null <<SQL
SET client_min_messages = warning;
CREATE EXTENSION omledger VERSION '$2';
INSERT INTO omledger.contract (name, contractor, roles, term)
VALUES ('guard', 'Guard KK', '{operator,vendor}', '[2025-10-01,2028-01-01)');
INSERT INTO omledger.person (contract_id, name, side, registered, approved_on)
VALUES (1, 'a', 'contractor', '[2025-10-01,2028-01-01)', '2025-09-01');
INSERT INTO omledger.person (contract_id, name, side, registered, db_role)
VALUES (1, 'desk', 'city', '[2025-01-01,)', current_user);
INSERT INTO omledger.work_item (contract_id, kind, title, status)
VALUES (1, 'service_request', 'svc', 'requested');
SQL
}

export PGDATABASE=om_cache_guard
setup_db om_cache_guard 0.2
check "0.2 SQL with this library: a roster change by another session is seen" \
	roster_change_seen om_cache_guard
PSQL -c "ALTER EXTENSION omledger UPDATE" >/dev/null
check "after ALTER EXTENSION UPDATE: a roster change by another session is seen" \
	roster_change_seen om_cache_guard
PSQL -c "ALTER TABLE omledger.person DISABLE TRIGGER person_caps_lookup" >/dev/null
check "its invalidation trigger disabled: a roster change by another session is seen" \
	roster_change_seen om_cache_guard
PSQL -c "ALTER TABLE omledger.person ENABLE TRIGGER person_caps_lookup" >/dev/null
check "its invalidation trigger enabled only for origin sessions: a roster change is seen" \
	roster_change_seen om_cache_guard
dropdb om_cache_guard
tap_done
