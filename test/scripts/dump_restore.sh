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

for f in /tmp/om_dump_check.$$ "$SCRIPTS/catalog_listing.sql"; do
	PSQL -d om_dump_src -f "$f" > "$dump.src" 2>&1
	PSQL -d om_dump_dst -f "$f" > "$dump.dst" 2>&1
	if diff -u "$dump.src" "$dump.dst" > "$dump.diff"; then
		ok "$(basename "$f") reads the same after restore"
	else
		not_ok "$(basename "$f") reads the same after restore"
		sed -n '1,60p' "$dump.diff" | sed 's/^/#   /'
	fi
done
check "the restored database holds data" test -s "$dump.dst"
# The audit log: the fixture wrote rows, and the restored chains verify.
check "the restored audit log holds the fixture's rows and verifies" test \
	"$(psql -X -At -d om_dump_dst -c 'SELECT ok AND rows_checked > 20 FROM omledger.verify_audit_chain()')" = t
rm -f "$dump" "$dump".* /tmp/om_dump_data.$$ /tmp/om_dump_check.$$
dropdb om_dump_src
dropdb om_dump_dst
tap_done
