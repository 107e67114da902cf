#!/usr/bin/env bash
# pg_dump a database holding omledger data and restore it into a fresh one:
# the extension, its configuration tables and the users' data come back
# intact, and seeded configuration rows are not restored twice.
# Data: test/scripts/dump_data/*.sql (one file per concept, in name
# order); what must read the same in both databases:
# test/scripts/dump_check/*.sql, and the catalog listing.
. "$(dirname "$0")/lib.sh"

fresh_db om_dump_src
PSQL -d om_dump_src -c 'CREATE EXTENSION omledger'
cat "$SCRIPTS"/dump_data/*.sql > /tmp/om_dump_data.$$
check "the fixture data loads" PSQL -d om_dump_src -f /tmp/om_dump_data.$$
cat "$SCRIPTS"/dump_check/*.sql > /tmp/om_dump_check.$$

dump=/tmp/om_dump.$$
check "pg_dump succeeds" pg_dump -Fc -d om_dump_src -f "$dump"
fresh_db om_dump_dst
check "pg_restore succeeds without errors" pg_restore --exit-on-error -d om_dump_dst "$dump"

# Each check must run without an error on both sides and print something
# before the two outputs are compared: two failing queries compare equal.
for f in /tmp/om_dump_check.$$ "$SCRIPTS/catalog_listing.sql"; do
	name=$(basename "$f")
	[ "$f" = /tmp/om_dump_check.$$ ] && name="dump_check/*.sql"
	ran=1
	for side in src dst; do
		if ! PSQL -d "om_dump_$side" -f "$f" > "$dump.$side" 2> "$dump.$side.err" ||
		   [ -s "$dump.$side.err" ]; then
			ran=0
			sed -n '1,10p' "$dump.$side.err" | sed "s/^/#   $side: /"
		fi
	done
	check "$name runs without errors in both databases" test $ran = 1
	check "$name prints rows in the source database ($(wc -l < "$dump.src") lines)" \
		test "$(grep -c '[^[:space:]]' "$dump.src")" -gt 10
	if [ $ran = 1 ] && diff -u "$dump.src" "$dump.dst" > "$dump.diff"; then
		ok "$name reads the same after restore"
	else
		not_ok "$name reads the same after restore"
		sed -n '1,60p' "$dump.diff" | sed 's/^/#   /'
	fi
done
# The audit log: the fixture wrote rows, and the restored chains verify.
check "the restored audit log holds the fixture's rows and verifies" test \
	"$(psql -X -At -d om_dump_dst -c 'SELECT ok AND rows_checked > 20 FROM omledger.verify_audit_chain()')" = t
rm -f "$dump" "$dump".* /tmp/om_dump_data.$$ /tmp/om_dump_check.$$
dropdb om_dump_src
dropdb om_dump_dst
tap_done
