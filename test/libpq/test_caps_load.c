/*
 * test_caps_load.c -- 16 clients log effort at once against one contract
 * whose caps are soon reached, for "an hour of simulated work": each client
 * is a worker logging, correcting and moving entries over three months.
 * Afterwards the running totals must equal SUM(effort) of effort_log for
 * every month, no hard cap may be exceeded, and no client may have seen a
 * deadlock or any error other than a cap refusal or a duplicate entry.
 *
 * Bounded: at most OPS_PER_CLIENT transactions per client and LOAD_SECONDS
 * of wall time (environment CAPS_LOAD_SECONDS overrides), whichever first.
 */
#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "pqtest.h"

#define CLIENTS			16
#define OPS_PER_CLIENT	600
#define LOAD_SECONDS	40
#define DB				"dbname=om_caps_load"

typedef struct Worker
{
	int			no;
	long long	contract;
	long long	person;
	long long	items[8];
	int			nitems;
	uint64_t	rng;
	/* outcomes */
	int			ok;
	int			cap_refused;
	int			duplicate;
	int			long_day;
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
	if (strcmp(state, "OM101") == 0 || strcmp(state, "OM102") == 0)
		w->cap_refused++;
	else if (strcmp(state, "23505") == 0)
		w->duplicate++;
	else if (strcmp(state, "OM135") == 0)
		w->long_day++;			/* more than 24h of a person on one day */
	else if (strcmp(state, "40P01") == 0)
		w->deadlock++;
	else
	{
		if (w->other++ == 0)
			snprintf(w->other_msg, sizeof(w->other_msg), "%s %s", state,
					 PQresultErrorMessage(res));
	}
}

/* One transaction: 1-3 statements of inserts, updates and deletes. */
static void
one_transaction(Worker *w, PGconn *conn)
{
	char		sql[1024];
	PGresult   *res;
	int			nstmt = 1 + (int) (pq_next_rand(&w->rng) % 3);
	int			failed = 0;

	res = PQexec(conn, "BEGIN");
	PQclear(res);
	for (int i = 0; i < nstmt && !failed; i++)
	{
		int			kind = (int) (pq_next_rand(&w->rng) % 10);
		int			day = (int) (pq_next_rand(&w->rng) % 92);	/* Oct..Dec 2025 */
		long long	item = w->items[pq_next_rand(&w->rng) % w->nitems];
		int			hours = 1 + (int) (pq_next_rand(&w->rng) % 8);

		if (kind < 7)
			snprintf(sql, sizeof(sql),
					 "INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort, note) "
					 "VALUES (%lld, %lld, date '2025-10-01' + %d, '%dh', 'load %d')",
					 item, w->person, day, hours, w->no);
		else if (kind < 8)
			/* a multi-row statement across months and categories */
			snprintf(sql, sizeof(sql),
					 "INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort, note) "
					 "SELECT i, %lld, date '2025-10-01' + ((%d + 37 * n) %% 92), '%dh', 'load multi' "
					 "  FROM unnest(ARRAY[%lld, %lld]) AS i, generate_series(0, 1) AS n",
					 w->person, day, hours, w->items[0], item);
		else if (kind < 9)
			/* move one of my entries to another day (perhaps another month) */
			snprintf(sql, sizeof(sql),
					 "UPDATE omledger.effort_log SET work_date = date '2025-10-01' + %d "
					 " WHERE entry_id = (SELECT entry_id FROM omledger.effort_log "
					 "   WHERE person_id = %lld AND corrects IS NULL ORDER BY entry_id DESC "
					 "   OFFSET %d LIMIT 1)",
					 day, w->person, (int) (pq_next_rand(&w->rng) % 5));
		else
			snprintf(sql, sizeof(sql),
					 "DELETE FROM omledger.effort_log WHERE entry_id = ("
					 "  SELECT entry_id FROM omledger.effort_log WHERE person_id = %lld "
					 "     AND corrects IS NULL ORDER BY entry_id LIMIT 1)",
					 w->person);
		res = PQexec(conn, sql);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
		{
			classify(w, res);
			failed = 1;
		}
		PQclear(res);
	}
	res = PQexec(conn, failed ? "ROLLBACK" : "COMMIT");
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
	{
		classify(w, res);
		failed = 1;
	}
	PQclear(res);
	if (!failed)
		w->ok++;
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
	int			seconds = LOAD_SECONDS;
	int			ok = 0,
				refused = 0,
				dup = 0,
				long_days = 0,
				deadlocks = 0,
				other = 0;
	const char *first_other = NULL;
	char		sql[512];

	if (getenv("CAPS_LOAD_SECONDS"))
		seconds = atoi(getenv("CAPS_LOAD_SECONDS"));

	conn = pq_fresh_db(admin, "om_caps_load");
	contract = pq_scalar(conn,
					  "INSERT INTO omledger.contract (name, contractor, roles, term) "
					  "VALUES ('load test', 'Load KK', '{operator,vendor}', '[2025-10-01,2026-01-01)') "
					  "RETURNING contract_id");
	/* Low term caps, so that the term limits are reached as well. */
	snprintf(sql, sizeof(sql),
			 "UPDATE omledger.effort_cap SET amount = CASE category WHEN 'service' THEN '7pm' ELSE '2pm' END::omledger.effort "
			 " WHERE contract_id = %lld AND scope = 'term'", contract);
	pq_exec_ok(conn, sql);

	/* the test's role enters the effort as the city's desk */
	snprintf(sql, sizeof(sql),
			 "INSERT INTO omledger.person (contract_id, name, side, registered, db_role) "
			 "VALUES (%lld, 'desk', 'city', '[2025-01-01,)', current_user)", contract);
	pq_exec_ok(conn, sql);
	snprintf(sql, sizeof(sql),
			 "INSERT INTO omledger.menu_item (contract_id, code, title, performer, valid) "
			 "VALUES (%lld, 'M-01', 'daily batch check', 'operator', '[2025-10-01,2026-01-01)')", contract);
	pq_exec_ok(conn, sql);
	for (int i = 0; i < CLIENTS; i++)
	{
		memset(&w[i], 0, sizeof(w[i]));
		w[i].no = i;
		w[i].contract = contract;
		w[i].rng = 0x9E3779B97F4A7C15ull * (i + 1);
		snprintf(sql, sizeof(sql),
				 "INSERT INTO omledger.person (contract_id, name, side, registered, approved_on) "
				 "VALUES (%lld, 'worker %d', 'contractor', '[2025-10-01,2026-01-01)', '2025-09-01') "
				 "RETURNING person_id", contract, i);
		w[i].person = pq_scalar(conn, sql);
	}
	{
		static const char *const kinds[] = {
			"service_request", "service_request", "modification", "failure_recovery",
			"menu_task", "service_request", "handover", "modification"
		};
		long long	items[8];

		for (int k = 0; k < 8; k++)
		{
			snprintf(sql, sizeof(sql),
					 "INSERT INTO omledger.work_item (contract_id, kind, title, status, occurred_at, menu_item_id) "
					 "SELECT %lld, kind, 'load item %d', status, now(), "
					 "       (SELECT max(menu_item_id) FROM omledger.menu_item WHERE kind = 'menu_task') "
					 "  FROM omledger.workflow_status "
					 " WHERE kind = '%s' AND is_initial RETURNING item_id",
					 contract, k, kinds[k]);
			items[k] = pq_scalar(conn, sql);
		}
		for (int i = 0; i < CLIENTS; i++)
		{
			memcpy(w[i].items, items, sizeof(items));
			w[i].nitems = 8;
		}
	}

	deadline = time(NULL) + seconds;
	pq_run_threads(CLIENTS, worker_main, w, sizeof(w[0]));

	for (int i = 0; i < CLIENTS; i++)
	{
		ok += w[i].ok;
		refused += w[i].cap_refused;
		dup += w[i].duplicate;
		long_days += w[i].long_day;
		deadlocks += w[i].deadlock;
		other += w[i].other;
		if (w[i].other && !first_other)
			first_other = w[i].other_msg;
	}
	printf("# %d clients: %d transactions committed, %d refused by a cap, %d duplicates, "
		   "%d days over 24h, %d deadlocks, %d other errors\n", CLIENTS, ok, refused, dup,
		   long_days, deadlocks, other);

	PQ_CHECK(ok > 100, "many transactions committed (%d)", ok);
	PQ_CHECK(refused > 0, "the caps were reached and refused changes (%d)", refused);
	PQ_CHECK(deadlocks == 0, "no deadlock (%d)", deadlocks);
	PQ_CHECK(other == 0, "no other error (%d)%s%s", other, first_other ? ": " : "",
			 first_other ? first_other : "");
	PQ_CHECK(pq_scalar(conn, "SELECT count(*) FROM omledger.caps_verify()") == 0,
			 "the running totals equal SUM(effort) of effort_log for every month");
	snprintf(sql, sizeof(sql),
			 "SELECT count(*) FROM ("
			 "  SELECT e.category, e.month, omledger.sum(e.effort) AS used FROM omledger.effort_entry e "
			 "   WHERE e.contract_id = %lld AND e.counted GROUP BY 1, 2) s "
			 "  JOIN omledger.effort_cap c ON c.contract_id = %lld AND c.category = s.category "
			 "   AND c.scope = 'month' AND c.enforcement = 'hard' "
			 " WHERE s.used OPERATOR(omledger.>) c.amount", contract, contract);
	PQ_CHECK(pq_scalar(conn, sql) == 0, "no hard monthly cap is exceeded");
	snprintf(sql, sizeof(sql),
			 "SELECT count(*) FROM ("
			 "  SELECT e.category, omledger.sum(e.effort) AS used FROM omledger.effort_entry e "
			 "   WHERE e.contract_id = %lld AND e.counted GROUP BY 1) s "
			 "  JOIN omledger.effort_cap c ON c.contract_id = %lld AND c.category = s.category "
			 "   AND c.scope = 'term' AND c.enforcement = 'hard' "
			 " WHERE s.used OPERATOR(omledger.>) c.amount", contract, contract);
	PQ_CHECK(pq_scalar(conn, sql) == 0, "no hard term cap is exceeded");
	snprintf(sql, sizeof(sql),
			 "SELECT count(*) FROM omledger.effort_summary s "
			 "  JOIN omledger.effort_cap c USING (contract_id, category) "
			 " WHERE s.contract_id = %lld AND c.scope = 'month' AND c.enforcement = 'hard' "
			 "   AND s.used OPERATOR(omledger.>) c.amount", contract);
	PQ_CHECK(pq_scalar(conn, sql) == 0, "the summary agrees: no month over a hard cap");
	snprintf(sql, sizeof(sql),
			 "SELECT (omledger.effort_minutes(omledger.sum(used)) * 10 >= 9 * 7 * 9600)::int "
			 "  FROM omledger.effort_summary WHERE contract_id = %lld AND category = 'service'", contract);
	PQ_CHECK(pq_scalar(conn, sql) == 1, "the service term cap (7pm) was used to 90%% or more");

	PQfinish(conn);
	pq_exec_ok(admin, "DROP DATABASE om_caps_load");
	PQfinish(admin);
	return pq_done();
}
