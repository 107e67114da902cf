#!/usr/bin/env bash
# The privileges doc/effort-caps.md tells a DBA to grant are the ones the
# regression tests run (sql/include/caps_roles.sql, included by
# sql/caps_security.sql and the other caps role tests): the SQL block after
# the marker in the doc must be that file, line for line.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$SCRIPTS/../.." && pwd)
DOC=$ROOT/doc/effort-caps.md
INC=$ROOT/sql/include/caps_roles.sql

doc_block() {
	awk '/^<!-- sql\/include\/caps_roles.sql -->$/ { m = 1; next }
	     m == 1 && /^```sql$/ { m = 2; next }
	     m == 2 && /^```$/ { exit }
	     m == 2 { print }' "$DOC"
}

block_found() {
	local n
	n=$(doc_block | grep -c '^GRANT')
	[ "$n" -gt 0 ] || { echo "# no GRANT in the marked block of $DOC"; return 1; }
	echo "# the block holds $n GRANT statements"
}
same_as_test() {
	diff -u "$INC" <(doc_block) | sed 's/^/# /'
	[ "${PIPESTATUS[0]}" -eq 0 ]
}
check "doc/effort-caps.md shows a block of grants" block_found
check "the grants the doc shows are those the tests run (sql/include/caps_roles.sql)" same_as_test
tap_done
