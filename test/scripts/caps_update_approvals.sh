#!/usr/bin/env bash
# The update to 0.4 makes one approval back one cap extension (a unique
# constraint).  A 0.3 database where two extensions share an approval
# cannot take the constraint: the update stops with OM112 naming the
# approval, and nothing changes; once each extension has its own approval
# it goes through, the 0.3 approvals (subject cap_extension) still backing
# their extensions.
. "$(dirname "$0")/lib.sh"
export PGDATABASE=om_caps_update_approvals
fresh_db "$PGDATABASE"
PSQL >/dev/null <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION omledger VERSION '0.3';
INSERT INTO omledger.contract (name, contractor, roles, term)
VALUES ('update', 'Update KK', '{operator}', '[2025-10-01,2028-01-01)');
INSERT INTO omledger.person (contract_id, name, side, registered)
VALUES (1, 'city', 'city', '[2025-01-01,)');
INSERT INTO omledger.approval (contract_id, subject, subject_ref, approver_id, decision)
VALUES (1, 'cap_extension', 'AC-1', 1, 'approved');
INSERT INTO omledger.cap_extension (contract_id, category, scope, extra, months, reference, approval_id)
VALUES (1, 'service', 'term', '1pm', '[2025-10-01,2028-01-01)', 'AC-1', 1),
       (1, 'service', 'term', '1pm', '[2025-10-01,2028-01-01)', 'AC-1 again', 1);
SQL

refused_naming_it() {
	local out
	out=$(psql -X -q -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -c "ALTER EXTENSION omledger UPDATE" 2>&1)
	echo "$out" | sed 's/^/# /'
	grep -q 'OM112' <<<"$out" && grep -q 'approval 1 backs more than one cap extension' <<<"$out" &&
		[ "$(psql -X -At -c "SELECT extversion FROM pg_extension WHERE extname = 'omledger'")" = 0.3 ]
}
check "0.3 -> 0.4 with two extensions on one approval: refused (OM112), still 0.3" refused_naming_it

PSQL >/dev/null <<'SQL'
INSERT INTO omledger.approval (contract_id, subject, subject_ref, approver_id, decision)
VALUES (1, 'cap_extension', 'AC-2', 1, 'approved');
UPDATE omledger.cap_extension SET approval_id = 2 WHERE reference = 'AC-1 again';
SQL
updated_keeping_both() {
	PSQL -c "ALTER EXTENSION omledger UPDATE" >/dev/null || return 1
	[ "$(psql -X -At -c "SELECT extversion FROM pg_extension WHERE extname = 'omledger'")" = 0.4 ] &&
	[ "$(psql -X -At -c "SELECT count(*) FROM omledger.cap_extension")" = 2 ] &&
	[ "$(psql -X -At -c "SELECT term_cap FROM omledger.cap_status(1, '2025-10') WHERE category = 'service'")" = '50pm' ]
}
check "each extension with its own approval: the update goes through, both extensions kept" updated_keeping_both
dropdb "$PGDATABASE"
tap_done
