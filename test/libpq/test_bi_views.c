/*
 * test_bi_views.c -- the views for BI tools, as a BI tool sees them: each
 * is read over the wire (a row of data through each, so the query runs),
 * every result column's type OID is a built-in one (below
 * FirstNormalObjectId, 16384: a tool knows how to sum a bigint, not an
 * omledger.effort), and the view and each of its columns has a comment.
 * A reader role (omledger_reader) reads them too: the grants are there.
 */
#include "pqtest.h"

#define FIRST_NORMAL_OBJECT_ID 16384

static const char *const views[] = {
	"v_effort_monthly", "v_cap_status", "v_work_items",
	"v_incidents", "v_response_times", "v_overdue",
};

/* One contract, one failure with a system, a response, an overdue request, effort. */
static const char *const fixture[] = {
	"SET TimeZone = 'Asia/Tokyo'",
	"INSERT INTO omledger.contract (name, contractor, roles, term) "
	"VALUES ('bi', 'K', '{operator}', '[2025-10-01,2028-01-01)')",
	"INSERT INTO omledger.person (contract_id, name, side, db_role, registered) "
	"VALUES (1, 'City', 'city', 'postgres', '[2025-04-01,)')",
	"INSERT INTO omledger.person (contract_id, name, side, registered, approved_on, roles) "
	"VALUES (1, 'Worker', 'contractor', '[2025-10-01,)', '2025-09-01', '{worker}')",
	"INSERT INTO omledger.work_item (contract_id, kind, sub_kind, title, status, occurred_at, "
	"requested_by, requested_at, performer) VALUES (1, 'failure_recovery', 'impact_analysis', "
	"'batch abend', 'reported', '2026-02-03 10:00', 1, '2026-02-03 10:00', 'operator')",
	"INSERT INTO omledger.work_item_system (item_id, system_code) VALUES (1, 'SJK')",
	"UPDATE omledger.work_item SET status = 'acknowledged', "
	"status_changed_at = '2026-02-03 10:10' WHERE item_id = 1",
	"INSERT INTO omledger.work_item (contract_id, kind, sub_kind, title, status, requested_by, "
	"requested_at, due_on) VALUES (1, 'service_request', 'investigation', 'look', 'requested', 1, "
	"'2026-02-04 09:00', '2026-02-10')",
	"INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) "
	"VALUES (2, 2, '2026-02-05', '3h')",
	NULL
};

static void
check_view(PGconn *conn, const char *view, const char *as_role)
{
	char		sql[512];
	PGresult   *res;
	int			bad = 0;

	snprintf(sql, sizeof(sql), "SELECT * FROM omledger.%s LIMIT 1", view);
	res = PQexec(conn, sql);
	PQ_CHECK(PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1,
			 "%s reads %s: one row%s%s", as_role, view,
			 PQresultStatus(res) == PGRES_TUPLES_OK ? "" : ": ", PQerrorMessage(conn));
	if (PQresultStatus(res) == PGRES_TUPLES_OK)
	{
		for (int i = 0; i < PQnfields(res); i++)
			if (PQftype(res, i) >= FIRST_NORMAL_OBJECT_ID)
			{
				printf("# %s.%s has type oid %u, not a built-in type\n",
					   view, PQfname(res, i), PQftype(res, i));
				bad++;
			}
		PQ_CHECK(bad == 0 && PQnfields(res) > 3,
				 "%s: all %d columns have built-in types", view, PQnfields(res));
	}
	PQclear(res);
}

int
main(void)
{
	PGconn	   *admin = pq_connect(NULL);
	PGconn	   *conn = pq_fresh_db(admin, "om_test_bi_views");
	char		sql[512];
	char		created[256] = "";
	PGresult   *res;

	for (int i = 0; fixture[i]; i++)
		pq_exec_ok(conn, fixture[i]);

	for (size_t v = 0; v < sizeof(views) / sizeof(views[0]); v++)
	{
		check_view(conn, views[v], "the owner");

		snprintf(sql, sizeof(sql),
				 "SELECT count(*) FROM pg_catalog.pg_class c "
				 "WHERE c.oid = 'omledger.%s'::pg_catalog.regclass AND c.relkind = 'v' "
				 "AND pg_catalog.obj_description(c.oid, 'pg_class') IS NOT NULL "
				 "AND c.reloptions @> '{security_invoker=true}'", views[v]);
		PQ_CHECK(pq_scalar(conn, sql) == 1,
				 "%s is a security_invoker view with a comment", views[v]);

		snprintf(sql, sizeof(sql),
				 "SELECT count(*) FILTER (WHERE pg_catalog.col_description(a.attrelid, a.attnum) IS NULL) "
				 "* 1000 + count(*) FROM pg_catalog.pg_attribute a "
				 "WHERE a.attrelid = 'omledger.%s'::pg_catalog.regclass AND a.attnum > 0 "
				 "AND NOT a.attisdropped", views[v]);
		{
			long long	r = pq_scalar(conn, sql);

			PQ_CHECK(r > 3 && r < 1000, "%s: every one of its %lld columns has a comment",
					 views[v], r % 1000);
		}
	}

	/* a BI tool's login: a member of omledger_reader */
	pq_exec_ok(conn, "SET client_min_messages = warning");
	/* the group roles this test creates go again at the end */
	res = PQexec(conn, "SELECT coalesce(pg_catalog.string_agg(pg_catalog.quote_ident(role_name), ', '), '') "
				 "FROM omledger.create_roles() WHERE created");
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		printf("not ok - create_roles(): %s", PQerrorMessage(conn));
		return 1;
	}
	snprintf(created, sizeof(created), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	pq_exec_ok(conn, "DROP ROLE IF EXISTS om_test_bi_reader");
	pq_exec_ok(conn, "CREATE ROLE om_test_bi_reader NOLOGIN IN ROLE omledger_reader");
	pq_exec_ok(conn, "SET ROLE om_test_bi_reader");
	for (size_t v = 0; v < sizeof(views) / sizeof(views[0]); v++)
		check_view(conn, views[v], "the reader");
	pq_exec_ok(conn, "RESET ROLE");
	pq_exec_ok(conn, "DROP ROLE om_test_bi_reader");

	PQfinish(conn);
	pq_exec_ok(admin, "DROP DATABASE om_test_bi_views");
	if (created[0])
	{
		snprintf(sql, sizeof(sql), "DROP ROLE %s", created);
		pq_exec_ok(admin, sql);
	}
	PQfinish(admin);
	return pq_done();
}
