#!/usr/bin/env bash
# The privileges doc/security.md shows are those create_roles() grants: the
# table after the marker in the doc must be omledger.role_grants(), row for
# row (sql/security_roles.sql checks that create_roles() grants exactly
# role_grants(), and nothing else, on a fresh install).
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$SCRIPTS/../.." && pwd)
DOC=$ROOT/doc/security.md
DB=om_security_doc

doc_block() {
	awk '/^<!-- omledger.role_grants\(\) -->$/ { m = 1; next }
	     m == 1 && /^\| role / { m = 2; next }
	     m == 2 && /^\|---/ { next }
	     m == 2 && /^\|/ { print; next }
	     m == 2 { exit }' "$DOC"
}
listing() {
	PSQL -At -d $DB -c "
SELECT format('| %s | %s | %s |', g.grantee, g.privileges,
              CASE g.object_type WHEN 'SCHEMA' THEN 'schema ' WHEN 'COLUMN' THEN 'columns ' ELSE '' END
              || array_to_string(ARRAY(SELECT regexp_replace(o, '^omledger\.', '')
                                         FROM unnest(g.objects) o), ', '))
  FROM omledger.role_grants() WITH ORDINALITY g ORDER BY g.ordinality"
}

fresh_db $DB
PSQL -d $DB -c 'CREATE EXTENSION omledger' >/dev/null
block_found() {
	local n
	n=$(doc_block | wc -l)
	[ "$n" -gt 0 ] || { echo "# no privilege table after the marker in $DOC"; return 1; }
	echo "# the doc's table has $n rows"
}
listing_found() {
	local n
	n=$(listing | wc -l)
	[ "$n" -gt 0 ] || { echo "# role_grants() returned nothing"; return 1; }
	echo "# role_grants() has $n rows"
}
same_as_function() {
	diff -u <(listing) <(doc_block) | sed 's/^/# /'
	[ "${PIPESTATUS[0]}" -eq 0 ]
}
check "doc/security.md shows a table of privileges" block_found
check "role_grants() lists privileges" listing_found
check "the privileges the doc shows are those create_roles() grants (role_grants())" same_as_function
dropdb $DB
tap_done
