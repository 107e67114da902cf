/*
 * test_audit_load.c -- 8 clients change ledger tables at once for a few
 * seconds (inserts, updates and deletes of configuration rows, effort
 * entries; some transactions roll back, some roll back to a savepoint).
 * Afterwards the audit log must hold exactly one row per row changed by a
 * committed statement, every chain must verify, and no client may have seen
 * an error other than the duplicates it provokes.
 *
 * Bounded: LOAD_SECONDS of wall time (environment AUDIT_LOAD_SECONDS
 * overrides) and at most OPS_PER_CLIENT transactions per client.
 */
#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "pqtest.h"

#define CLIENTS			8
#define OPS_PER_CLIENT	3000
#define LOAD_SECONDS	5
#define DB				"dbname=om_audit_load"

typedef struct Worker
{
	int			no;
	long long	person;
	long long	item;
	uint64_t	rng;
	int			serial;
	/* outcomes */
	long long	rows_committed;	/* rows changed by committed statements */
	int			committed;
	int			rolled_back;
	int			duplicate;
	int			other;
	char		other_msg[256];
} Worker;

static time_t deadline;


/* Run one statement; its row count, or -1 (and the error counted). */
static long long
stmt(Worker *w, PGconn *conn, const char *sql)
{
	PGresult   *res = PQexec(conn, sql);
	long long	n = -1;

	if (PQresultStatus(res) == PGRES_COMMAND_OK)
		n = atoll(PQcmdTuples(res));
	else
	{
		const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

		if (state && strcmp(state, "23505") == 0)
			w->duplicate++;
		else if (w->other++ == 0)
			snprintf(w->other_msg, sizeof(w->other_msg), "%s: %s", sql, PQresultErrorMessage(res));
	}
	PQclear(res);
	return n;
}

/* One change, chosen at random; its row count or -1. */
static long long
one_change(Worker *w, PGconn *conn)
{
	char		sql[512];
	int			kind = (int) (pq_next_rand(&w->rng) % 10);

	if (kind < 3)
		snprintf(sql, sizeof(sql),
				 "INSERT INTO omledger.system (system_code, name_ja, name_en) "
				 "VALUES ('L%d_%d', 'load', 'client %d')", w->no, w->serial++, w->no);
	else if (kind < 5)
		snprintf(sql, sizeof(sql),
				 "UPDATE omledger.system SET name_en = name_en || '.' "
				 " WHERE system_code LIKE 'L%d\\_%%' AND system_code >= 'L%d_%d'",
				 w->no, w->no, (int) (pq_next_rand(&w->rng) % (w->serial + 1)));
	else if (kind < 6)
		snprintf(sql, sizeof(sql),
				 "DELETE FROM omledger.system WHERE system_code = 'L%d_%d'",
				 w->no, (int) (pq_next_rand(&w->rng) % (w->serial + 1)));
	else
		/* a day of effort (in the past); the same day twice is a duplicate */
		snprintf(sql, sizeof(sql),
				 "INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) "
				 "VALUES (%lld, %lld, date '2025-10-01' + %d, '1h')",
				 w->item, w->person, (int) (pq_next_rand(&w->rng) % 400));
	return stmt(w, conn, sql);
}

/*
 * One transaction of 1-4 changes: committed (most), rolled back, or with
 * its last change rolled back to a savepoint.
 */
static void
one_transaction(Worker *w, PGconn *conn)
{
	int			nchanges = 1 + (int) (pq_next_rand(&w->rng) % 4);
	int			ending = (int) (pq_next_rand(&w->rng) % 10);	/* 0: rollback, 1: savepoint */
	long long	rows = 0;
	int			failed = 0;

	stmt(w, conn, "BEGIN");
	for (int i = 0; i < nchanges && !failed; i++)
	{
		long long	n;

		if (ending == 1 && i == nchanges - 1)
		{
			stmt(w, conn, "SAVEPOINT s");
			n = one_change(w, conn);
			stmt(w, conn, "ROLLBACK TO SAVEPOINT s");
			continue;
		}
		n = one_change(w, conn);
		if (n < 0)
			failed = 1;
		else
			rows += n;
	}
	if (failed || ending == 0)
	{
		stmt(w, conn, "ROLLBACK");
		w->rolled_back++;
		return;
	}
	if (stmt(w, conn, "COMMIT") >= 0)
	{
		w->committed++;
		w->rows_committed += rows;
	}
}

static void *
worker_main(void *arg)
{
	Worker	   *w = arg;
	PGconn	   *conn = pq_connect(DB);

	pq_exec_ok(conn, "SET synchronous_commit = off");
	for (int i = 0; i < OPS_PER_CLIENT && time(NULL) < deadline; i++)
		one_transaction(w, conn);
	PQfinish(conn);
	return NULL;
}

int
main(void)
{
	PGconn	   *admin = pq_connect(NULL);
	PGconn	   *conn;
	Worker		w[CLIENTS];
	long long	contract;
	long long	item;
	long long	mark;
	long long	rows = 0;
	long long	audited;
	int			committed = 0,
				rolled_back = 0,
				dup = 0,
				other = 0;
	int			seconds = LOAD_SECONDS;
	const char *first_other = NULL;
	char		sql[512];

	if (getenv("AUDIT_LOAD_SECONDS"))
		seconds = atoi(getenv("AUDIT_LOAD_SECONDS"));

	conn = pq_fresh_db(admin, "om_audit_load");
	contract = pq_scalar(conn,
						 "INSERT INTO omledger.contract (name, contractor, roles, term) "
						 "VALUES ('audit load', 'Load KK', '{operator,vendor}', '[2025-10-01,2035-01-01)') "
						 "RETURNING contract_id");
	/* the connecting role enters effort as the contract's city desk */
	snprintf(sql, sizeof(sql),
			 "INSERT INTO omledger.person (contract_id, name, side, db_role, registered) "
			 "VALUES (%lld, 'desk', 'city', current_user, '[2025-01-01,)')", contract);
	pq_exec_ok(conn, sql);
	/* no caps in the way: the test is about the log */
	snprintf(sql, sizeof(sql),
			 "UPDATE omledger.effort_cap SET enforcement = 'soft' WHERE contract_id = %lld", contract);
	pq_exec_ok(conn, sql);
	snprintf(sql, sizeof(sql),
			 "INSERT INTO omledger.work_item (contract_id, kind, title, status) "
			 "SELECT %lld, kind, 'audit load', status FROM omledger.workflow_status "
			 " WHERE kind = 'service_request' AND is_initial RETURNING item_id", contract);
	item = pq_scalar(conn, sql);
	for (int i = 0; i < CLIENTS; i++)
	{
		memset(&w[i], 0, sizeof(w[i]));
		w[i].no = i;
		w[i].item = item;
		w[i].rng = 0x9E3779B97F4A7C15ull * (i + 1);
		snprintf(sql, sizeof(sql),
				 "INSERT INTO omledger.person (contract_id, name, side, registered, approved_on) "
				 "VALUES (%lld, 'worker %d', 'contractor', '[2025-10-01,2035-01-01)', '2025-09-01') "
				 "RETURNING person_id", contract, i);
		w[i].person = pq_scalar(conn, sql);
	}
	mark = pq_scalar(conn, "SELECT max(audit_id) FROM omledger.audit_log");

	deadline = time(NULL) + seconds;
	pq_run_threads(CLIENTS, worker_main, w, sizeof(w[0]));

	for (int i = 0; i < CLIENTS; i++)
	{
		rows += w[i].rows_committed;
		committed += w[i].committed;
		rolled_back += w[i].rolled_back;
		dup += w[i].duplicate;
		other += w[i].other;
		if (w[i].other && !first_other)
			first_other = w[i].other_msg;
	}
	printf("# %d clients, %d s: %d transactions committed (%lld rows changed), %d rolled back, "
		   "%d duplicates, %d other errors\n", CLIENTS, seconds, committed, rows, rolled_back, dup, other);

	PQ_CHECK(committed > 50, "many transactions committed (%d)", committed);
	PQ_CHECK(rolled_back > 5, "some rolled back (%d)", rolled_back);
	PQ_CHECK(other == 0, "no error but the duplicates (%d)%s%s", other, first_other ? ": " : "",
			 first_other ? first_other : "");
	snprintf(sql, sizeof(sql),
			 "SELECT count(*) FROM omledger.audit_log WHERE audit_id > %lld AND chain <> 0", mark);
	audited = pq_scalar(conn, sql);
	PQ_CHECK(audited == rows, "one audit row per row changed by a committed statement (%lld, %lld)",
			 audited, rows);
	snprintf(sql, sizeof(sql),
			 "SELECT count(DISTINCT chain) FROM omledger.audit_log WHERE audit_id > %lld", mark);
	PQ_CHECK(pq_scalar(conn, sql) == CLIENTS, "each client wrote its own chain");
	PQ_CHECK(pq_scalar(conn, "SELECT ok::int FROM omledger.verify_audit_chain()") == 1,
			 "every chain verifies");
	PQ_CHECK(pq_scalar(conn, "SELECT (rows_checked = (SELECT count(*) FROM omledger.audit_log))::int "
					   "FROM omledger.verify_audit_chain()") == 1,
			 "the verifier checked every row");

	PQfinish(conn);
	pq_exec_ok(admin, "DROP DATABASE om_audit_load");
	PQfinish(admin);
	return pq_done();
}
