#!/usr/bin/env bash
# The cap trigger caches work items, roster entries and closed months per
# session only where the tables carry the triggers that invalidate that
# cache (src/sql/51_caps_lookup.sql).  A database still on an older version
# of the extension's SQL runs the new library without them, and a DBA may
# disable them: then a roster change made by another session must still be
# seen by a session that has already logged effort.
. "$(dirname "$0")/lib.sh"

# roster_change_seen DB: session A logs, session B ends the person's
# registration, session A logs again after it -- refused (OM209)?
roster_change_seen() {
	local db=$1 out
	out=$(psql -X -q -d "$db" 2>&1 <<'SQL'
SET client_min_messages = warning;
INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (1, 1, '2025-10-01', '1h');
\! psql -X -q -c "UPDATE omledger.person SET registered = '[2025-10-01,2025-10-15)'"
\set VERBOSITY sqlstate
INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES (1, 1, '2025-10-20', '1h');
SQL
)
	PSQL -d "$db" -c "UPDATE omledger.person SET registered = '[2025-10-01,2028-01-01)'" \
		-c "DELETE FROM omledger.effort_log" >/dev/null
	echo "$out" | grep -q 'OM209'
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
