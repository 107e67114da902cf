#!/bin/bash
# test/scripts/security_refusals.sh -- the refusals of the security report
# come from the server's csv log: doc/security.md ("Refusals") gives the
# configuration and the SQL a city's DBA runs to load them into
# omledger.denied_attempt.  This runs exactly that SQL (taken from the doc)
# on a cluster of its own configured as the doc says (csvlog needs
# logging_collector, which needs a restart: not the suite's shared
# cluster), after a contractor's login role was refused twice, and checks
# the rows, that a second load adds nothing, and the report's section.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$SCRIPTS/../.." && pwd)
DOC=$ROOT/doc/security.md
: "${PG_CONFIG:=pg_config}"
. "$ROOT/test/lib/cluster.sh"

# the suite's cluster settings are put back when we are done
SAVED_PGHOST=${PGHOST:-} SAVED_PGPORT=${PGPORT:-}
CLUSTER_DIR=
trap 'cluster_stop' EXIT

load_sql() {
	awk '/^CREATE EXTENSION file_fdw;$/ { m = 1 } m { print } /DO NOTHING;$/ && m { exit }' "$DOC"
}
sql_found() {
	local n
	n=$(load_sql | wc -l)
	[ "$n" -gt 5 ] || { echo "# no load SQL in $DOC"; return 1; }
	echo "# the doc's load SQL has $n lines"
}
check "doc/security.md gives the SQL that loads the refusals" sql_found

started() {
	cluster_start || return 1
	cat >>"$CLUSTER_DIR/data/postgresql.conf" <<CONF
logging_collector = on
log_destination = 'stderr,csvlog'
log_directory = 'log'
log_filename = 'postgresql-refusals.log'
log_min_error_statement = error
CONF
	as_pg "$("$PG_CONFIG" --bindir)/pg_ctl" -D "$CLUSTER_DIR/data" -l "$CLUSTER_DIR/server.log" -w restart >/dev/null
}
check "a cluster of its own with csvlog" started

PSQL -c 'CREATE EXTENSION omledger' -c 'SELECT count(*) FROM omledger.create_roles()' >/dev/null
PSQL <<'SQL' >/dev/null
CREATE ROLE om_refusal_worker LOGIN IN ROLE omledger_contractor;
CREATE ROLE om_refusal_stranger LOGIN IN ROLE omledger_contractor;
INSERT INTO omledger.contract (name, contractor, roles, term)
VALUES ('refusals', 'R KK', '{operator}', '[2025-04-01,2029-04-01)');
INSERT INTO omledger.person (contract_id, name, side, db_role, registered, approved_on, roles)
SELECT contract_id, 'Worker', 'contractor', 'om_refusal_worker', '[2025-04-01,)', '2025-03-01', '{worker}'
  FROM omledger.contract;
SQL
# two refusals of the worker, one of a role on no roster of the contract
psql -X -q -U om_refusal_worker -c "INSERT INTO omledger.approval (contract_id, subject, decision) VALUES (1, 'procedure', 'approved')" 2>/dev/null
psql -X -q -U om_refusal_worker -c "UPDATE omledger.response_allowance SET out_of_hours = '24 hours'" 2>/dev/null
psql -X -q -U om_refusal_stranger -c "DELETE FROM omledger.evidence" 2>/dev/null
CSV=$CLUSTER_DIR/data/log/postgresql-refusals.csv

loaded() {
	local n
	[ -f "$CSV" ] || { echo "# no csv log at $CSV"; return 1; }
	load_sql | sed "s|filename '[^']*'|filename '$CSV'|" | PSQL >/dev/null || return 1
	n=$(PSQL -At -c "SELECT count(*) FROM omledger.denied_attempt WHERE db_user IN ('om_refusal_worker', 'om_refusal_stranger') AND sqlstate = '42501' AND statement IS NOT NULL")
	echo "# refusals loaded: $n"
	[ "$n" = 3 ]
}
check "the doc's SQL loads the three refusals, with their statements" loaded

again() {
	local n
	load_sql | awk '/^INSERT INTO omledger.denied_attempt/ { m = 1 } m { print }' | PSQL >/dev/null || return 1
	n=$(PSQL -At -c "SELECT count(*) FROM omledger.denied_attempt")
	echo "# rows after a second load: $n"
	[ "$n" = 3 ]
}
check "loading the same log again adds nothing" again

in_report() {
	local got
	got=$(PSQL -At -c "SELECT string_agg(db_user || ' ' || sqlstate || ' ' || message, '; ' ORDER BY logged_at)
	                     FROM omledger.security_report_denied(1, omledger.fiscal_period((now() AT TIME ZONE 'Asia/Tokyo')::date, 'month'))")
	echo "# $got"
	[ "$got" = "om_refusal_worker 42501 permission denied for table approval; om_refusal_worker 42501 permission denied for table response_allowance" ]
}
check "the report shows the contract's people's refusals only" in_report

cluster_stop
PGHOST=$SAVED_PGHOST PGPORT=$SAVED_PGPORT
tap_done
