/*
 * test_caps_day_load.c -- 8 clients log effort for the same two people on
 * the same five days at once, so that the 24-hour rule (OM135) races all
 * the time: each transaction inserts, re-estimates (updates) or deletes
 * 1-3 entries of random length on random days, in random order, and
 * commits or rolls back.  Afterwards no person's day may hold more than
 * 24h, caps_verify() must find nothing, and no client may have seen a
 * deadlock (before 0.4's fix, two transactions that each saw the other's
 * rows over 24h waited for each other until one was cancelled) or any
 * error but OM135 and a duplicate entry.  Only the day rule orders the
 * clients: the items are staff changes inside the contractor (counted in
 * no total, so no grant of headroom), and each client logs on its own item
 * (so no two clients wait for each other's row or unique entry -- waits
 * that, in the opposite direction to the day rule's, can still deadlock,
 * as any two opposite waits do in PostgreSQL; doc/effort-caps.md).
 *
 * Bounded: at most OPS_PER_CLIENT transactions per client and LOAD_SECONDS
 * of wall time (environment CAPS_LOAD_SECONDS overrides), whichever first.
 */
#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "pqtest.h"

#define CLIENTS			8
#define OPS_PER_CLIENT	400
#define LOAD_SECONDS	15
#define DB				"dbname=om_caps_day_load"
#define NITEMS			CLIENTS
#define NDAYS			5

typedef struct Worker
{
	int			no;
	long long	persons[2];
	long long	items[NITEMS];
	uint64_t	rng;
	/* outcomes */
	int			ok;
	int			rolled_back;
	int			long_day;
	int			duplicate;
	int			deadlock;
	int			other;
	char		other_msg[256];
} Worker;

static time_t deadline;


static void
classify(Worker *w, PGresult *res)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

	if (state == NULL)
		state = "";
	if (strcmp(state, "OM135") == 0)
		w->long_day++;
	else if (strcmp(state, "23505") == 0)
		w->duplicate++;
	else if (strcmp(state, "40P01") == 0)
		w->deadlock++;
	else if (w->other++ == 0)
		snprintf(w->other_msg, sizeof(w->other_msg), "%s %s", state, PQresultErrorMessage(res));
}

/* One transaction: 1-3 statements, then COMMIT (or, one in five, ROLLBACK). */
static void
one_transaction(Worker *w, PGconn *conn)
{
	char		sql[1024];
	PGresult   *res;
	int			nstmt = 1 + (int) (pq_next_rand(&w->rng) % 3);
	int			failed = 0;
	int			rollback = pq_next_rand(&w->rng) % 5 == 0;

	res = PQexec(conn, "BEGIN");
	PQclear(res);
	for (int i = 0; i < nstmt && !failed; i++)
	{
		int			kind = (int) (pq_next_rand(&w->rng) % 10);
		long long	person = w->persons[pq_next_rand(&w->rng) % 2];
		long long	item = w->items[w->no];
		int			day = 1 + (int) (pq_next_rand(&w->rng) % NDAYS);
		int			hours = 1 + (int) (pq_next_rand(&w->rng) % 10);

		if (kind < 5)
			snprintf(sql, sizeof(sql),
					 "INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) "
					 "VALUES (%lld, %lld, '2025-10-%02d', '%dh')", item, person, day, hours);
		else if (kind < 7)		/* two days of one person, in either order */
			snprintf(sql, sizeof(sql),
					 "INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) "
					 "VALUES (%lld, %lld, '2025-10-%02d', '%dh'), (%lld, %lld, '2025-10-%02d', '%dh')",
					 item, person, day, hours, item, person, 1 + day % NDAYS, 11 - hours);
		else if (kind < 8)		/* re-estimate an entry */
			snprintf(sql, sizeof(sql),
					 "UPDATE omledger.effort_log SET effort = '%dh' "
					 " WHERE item_id = %lld AND person_id = %lld AND work_date = '2025-10-%02d'",
					 hours, item, person, day);
		else
			snprintf(sql, sizeof(sql),
					 "DELETE FROM omledger.effort_log "
					 " WHERE item_id = %lld AND person_id = %lld AND work_date = '2025-10-%02d'",
					 item, person, day);
		res = PQexec(conn, sql);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
		{
			classify(w, res);
			failed = 1;
		}
		PQclear(res);
	}
	res = PQexec(conn, failed || rollback ? "ROLLBACK" : "COMMIT");
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
	{
		classify(w, res);
		failed = 1;
	}
	PQclear(res);
	if (!failed && rollback)
		w->rolled_back++;
	else if (!failed)
		w->ok++;
}

static void *
worker_main(void *arg)
{
	Worker	   *w = arg;
	PGconn	   *conn = pq_connect(DB);

	pq_exec_ok(conn, "SET synchronous_commit = off");
	pq_exec_ok(conn, "SET omledger.daily_effort_notice = 0");
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
	long long	contract,
				persons[2],
				items[NITEMS];
	int			seconds = LOAD_SECONDS;
	int			ok = 0,
				rolled_back = 0,
				long_days = 0,
				dup = 0,
				deadlocks = 0,
				other = 0;
	const char *first_other = NULL;
	char		sql[512];

	if (getenv("CAPS_LOAD_SECONDS"))
		seconds = atoi(getenv("CAPS_LOAD_SECONDS"));

	conn = pq_fresh_db(admin, "om_caps_day_load");
	contract = pq_scalar(conn,
						 "INSERT INTO omledger.contract (name, contractor, roles, term) "
						 "VALUES ('day load test', 'Day KK', '{operator,vendor}', '[2025-10-01,2026-01-01)') "
						 "RETURNING contract_id");
	/* the test's role enters the effort as the city's desk */
	snprintf(sql, sizeof(sql),
			 "INSERT INTO omledger.person (contract_id, name, side, registered, db_role) "
			 "VALUES (%lld, 'desk', 'city', '[2025-01-01,)', current_user)", contract);
	pq_exec_ok(conn, sql);
	for (int i = 0; i < 2; i++)
	{
		snprintf(sql, sizeof(sql),
				 "INSERT INTO omledger.person (contract_id, name, side, registered, approved_on) "
				 "VALUES (%lld, 'worker %d', 'contractor', '[2025-10-01,2026-01-01)', '2025-09-01') "
				 "RETURNING person_id", contract, i);
		persons[i] = pq_scalar(conn, sql);
	}
	for (int k = 0; k < NITEMS; k++)
	{
		snprintf(sql, sizeof(sql),
				 "INSERT INTO omledger.work_item (contract_id, kind, title, status, internal_handover) "
				 "VALUES (%lld, 'handover', 'day load item %d', 'planned', true) RETURNING item_id",
				 contract, k);
		items[k] = pq_scalar(conn, sql);
	}
	for (int i = 0; i < CLIENTS; i++)
	{
		memset(&w[i], 0, sizeof(w[i]));
		w[i].no = i;
		memcpy(w[i].persons, persons, sizeof(persons));
		memcpy(w[i].items, items, sizeof(items));
		w[i].rng = 0x9E3779B97F4A7C15ull * (i + 7);
	}

	deadline = time(NULL) + seconds;
	pq_run_threads(CLIENTS, worker_main, w, sizeof(w[0]));

	for (int i = 0; i < CLIENTS; i++)
	{
		ok += w[i].ok;
		rolled_back += w[i].rolled_back;
		long_days += w[i].long_day;
		dup += w[i].duplicate;
		deadlocks += w[i].deadlock;
		other += w[i].other;
		if (w[i].other && !first_other)
			first_other = w[i].other_msg;
	}
	printf("# %d clients: %d transactions committed, %d rolled back, %d refused over 24h, "
		   "%d duplicates, %d deadlocks, %d other errors\n", CLIENTS, ok, rolled_back,
		   long_days, dup, deadlocks, other);

	PQ_CHECK(ok > 50, "many transactions committed (%d)", ok);
	PQ_CHECK(long_days > 0, "days over 24h were refused (%d)", long_days);
	PQ_CHECK(deadlocks == 0, "no deadlock (%d)", deadlocks);
	PQ_CHECK(other == 0, "no other error (%d)%s%s", other, first_other ? ": " : "",
			 first_other ? first_other : "");
	PQ_CHECK(pq_scalar(conn,
					   "SELECT count(*) FROM (SELECT person_id, work_date FROM omledger.effort_log "
					   " GROUP BY 1, 2 HAVING omledger.sum(effort) OPERATOR(omledger.>) '24h'::omledger.effort) d") == 0,
			 "no person's day holds more than 24h");
	PQ_CHECK(pq_scalar(conn,
					   "SELECT count(*) FROM (SELECT person_id, work_date FROM omledger.effort_log "
					   " GROUP BY 1, 2 HAVING omledger.sum(effort) OPERATOR(omledger.>) '20h'::omledger.effort) d") > 0,
			 "days were filled close to 24h");
	PQ_CHECK(pq_scalar(conn, "SELECT count(*) FROM omledger.caps_verify()") == 0,
			 "caps_verify() finds nothing");

	PQfinish(conn);
	pq_exec_ok(admin, "DROP DATABASE om_caps_day_load");
	PQfinish(admin);
	return pq_done();
}
