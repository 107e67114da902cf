#!/usr/bin/env bash
# doc/integration.md's abend hook, as printed there: extracted from the page
# and run as a job scheduler would, as a login role of omledger_intake
# through a service file.  An abend makes one item; the same abend again
# is a repeat of it; with the ledger unreachable the hook still exits 0 and
# keeps the notice in its spool; --replay sends it, once.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$SCRIPTS/../.." && pwd)
BINDIR=$("${PG_CONFIG:-pg_config}" --bindir)
export PGDATABASE=om_integration_doc
TMP=$(mktemp -d /tmp/om-hook.XXXXXX)
cleanup() {
	rm -rf "$TMP"
	dropdb --if-exists "$PGDATABASE" >/dev/null 2>&1
	psql -X -q -d postgres -c "DROP ROLE IF EXISTS om_doc_hook" >/dev/null 2>&1
	[ "${MADE_ROLES:-0}" = 1 ] && psql -X -q -d postgres -c "DROP ROLE IF EXISTS omledger_admin, omledger_city, omledger_contractor, omledger_reader, omledger_intake" >/dev/null 2>&1
}
trap cleanup EXIT
MADE_ROLES=$(psql -X -At -d postgres -c "SELECT (count(*) = 0)::int FROM pg_roles WHERE rolname = 'omledger_intake'")
fresh_db "$PGDATABASE"
PSQL >/dev/null <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION omledger;
SELECT count(*) FROM omledger.create_roles();
CREATE ROLE om_doc_hook LOGIN IN ROLE omledger_intake;
INSERT INTO omledger.contract (name, contractor, roles, term)
VALUES ('hook', 'K', '{operator}', daterange((now() AT TIME ZONE 'Asia/Tokyo')::date - 30, (now() AT TIME ZONE 'Asia/Tokyo')::date + 365));
SQL

# the block between the markers, without the markers and the fence lines
sed -n '/<!-- abend-hook:begin/,/<!-- abend-hook:end/p' "$ROOT/doc/integration.md" |
	sed '1,2d' | sed '$d' | sed '$d' >"$TMP/omledger-abend-hook"
chmod +x "$TMP/omledger-abend-hook"
check "the hook's block is extracted from doc/integration.md" grep -q '^send "\$1" "\$2" "\$3"$' "$TMP/omledger-abend-hook"
cat >"$TMP/pg_service.conf" <<CONF
[omledger]
host=$PGHOST
port=$PGPORT
dbname=$PGDATABASE
user=om_doc_hook
CONF
# the scheduler's environment: no PG* variables but the service file
hook() { env -u PGHOST -u PGPORT -u PGUSER -u PGDATABASE PATH="$BINDIR:$PATH" PGSERVICEFILE="$TMP/pg_service.conf" \
	OMLEDGER_SPOOL="$TMP/spool" OMLEDGER_RETRIES=1 "$TMP/omledger-abend-hook" "$@" 2>/dev/null; }
SQ() { psql -X -At -v ON_ERROR_STOP=1 -c "$1"; }

hook JOBA0001 20261001 12
rc=$?
check "an abend: exit 0 ($rc), one item" test "$rc" = 0 -a "$(SQ "SELECT count(*) FROM omledger.work_item WHERE source = 'jp1' AND dedupe_key = 'JOBA0001-20261001'")" = 1
hook JOBA0001 20261001 12
check "the same abend again: a repeat of the item" test "$(SQ "SELECT notices FROM omledger.incident_notice WHERE dedupe_key = 'JOBA0001-20261001'")" = 2
check "its summary and detail" test "$(SQ "SELECT title || ' ' || (detail::jsonb->>'rc') FROM omledger.work_item WHERE dedupe_key = 'JOBA0001-20261001'")" = "JOBA0001 abended RC=12 12"
# the ledger unreachable: the service names no server
sed -i "s|^host=.*|host=$TMP/nowhere|" "$TMP/pg_service.conf"
hook JOBB0002 20261001 8
rc=$?
check "no ledger: the hook exits 0 ($rc) and keeps the notice" test "$rc" = 0 -a "$(cat "$TMP/spool/pending" 2>/dev/null)" = "$(printf 'JOBB0002\t20261001\t8')"
hook --replay
check "--replay while still down: the notice stays kept" test -s "$TMP/spool/pending"
sed -i "s|^host=.*|host=$PGHOST|" "$TMP/pg_service.conf"
hook --replay
check "--replay with the ledger back: the item is made, the spool empty" \
	test "$(SQ "SELECT count(*) FROM omledger.work_item WHERE dedupe_key = 'JOBB0002-20261001'")" = 1 -a ! -s "$TMP/spool/pending"
hook --replay
check "a second --replay sends nothing twice" test "$(SQ "SELECT notices FROM omledger.incident_notice WHERE dedupe_key = 'JOBB0002-20261001'")" = 1
tap_done
