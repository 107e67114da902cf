/*
 * test_caps_lookup_load.c -- the cap trigger's per-session cache of the
 * roster (src/caps_lookup.c) under load: 8 clients log effort while another
 * keeps changing their registrations.  Every attempt is timed with the
 * server's clock (before and after), every change too (before it starts and
 * after its commit returned).  An attempt that lies wholly after one change
 * of its person was acknowledged and before the next one began must be
 * decided by that change's registration -- accepted if the day is in it,
 * refused (OM209) if not -- exactly as a fresh snapshot would decide.
 *
 * Bounded by LOAD_SECONDS of wall time (environment CAPS_LOOKUP_SECONDS
 * overrides).
 */
#define _POSIX_C_SOURCE 200809L	/* nanosleep under -std=c11 */
#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "pqtest.h"

#define LOGGERS			8
#define MAX_ATTEMPTS	20000
#define LOAD_SECONDS	8
#define DAYS			400		/* all before today: no effort is logged ahead */
#define DB				"dbname=om_caps_lookup"

typedef struct Attempt
{
	int			day;			/* days after 2025-10-01 */
	char		t0[40];
	char		t1[40];
	int			accepted;
} Attempt;

typedef struct Logger
{
	int			no;
	long long	person;
	long long	items[4];
	Attempt    *attempts;
	int			n;
	int			other;
	char		other_msg[256];
} Logger;

static time_t deadline;

/* The server's clock, into buf. */
static int
server_now(PGconn *conn, char *buf, size_t len)
{
	PGresult   *res = PQexec(conn, "SELECT clock_timestamp()");
	int			ok = PQresultStatus(res) == PGRES_TUPLES_OK;

	if (ok)
		snprintf(buf, len, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return ok;
}

static void *
logger_main(void *arg)
{
	Logger	   *l = arg;
	PGconn	   *conn = pq_connect(DB);

	pq_exec_ok(conn, "SET synchronous_commit = off");
	for (int k = 0; l->n < MAX_ATTEMPTS && k < DAYS * 4 && time(NULL) < deadline; k++)
	{
		Attempt    *a = &l->attempts[l->n];
		char		sql[256];
		PGresult   *res;
		const char *state;

		a->day = (k * 7) % DAYS;	/* all over the term, each (item, day) once */
		snprintf(sql, sizeof(sql),
				 "INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) "
				 "VALUES (%lld, %lld, date '2025-10-01' + %d, '1h')",
				 l->items[k / DAYS], l->person, a->day);
		if (!server_now(conn, a->t0, sizeof(a->t0)))
			break;
		res = PQexec(conn, sql);
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		if (PQresultStatus(res) == PGRES_COMMAND_OK)
			a->accepted = 1;
		else if (state && strcmp(state, "OM209") == 0)
			a->accepted = 0;
		else
		{
			if (l->other++ == 0)
				snprintf(l->other_msg, sizeof(l->other_msg), "%s %s", state ? state : "",
						 PQresultErrorMessage(res));
			PQclear(res);
			continue;
		}
		PQclear(res);
		if (!server_now(conn, a->t1, sizeof(a->t1)))
			break;
		l->n++;
	}
	PQfinish(conn);
	return NULL;
}

/* Keeps changing the registrations of the loggers' people, and logs when. */
static void *
changer_main(void *arg)
{
	long long  *people = arg;
	PGconn	   *conn = pq_connect(DB);
	uint64_t	rng = 0x9E3779B97F4A7C15ull;

	for (int c = 0; time(NULL) < deadline; c++)
	{
		long long	p = people[c % LOGGERS];
		int			lo,
					hi;
		char		started[40],
					acked[40],
					sql[512];

		rng ^= rng >> 12, rng ^= rng << 25, rng ^= rng >> 27;
		/* a registration of at least a month somewhere in the term, or all of it */
		lo = (int) ((rng * 0x2545F4914F6CDD1Dull) >> 33) % (DAYS - 30);
		hi = lo + 30 + (int) ((rng >> 7) % (DAYS - lo - 29));
		if (c % 3 == 0)
			lo = 0, hi = DAYS;
		if (!server_now(conn, started, sizeof(started)))
			break;
		snprintf(sql, sizeof(sql),
				 "UPDATE omledger.person SET registered = daterange(date '2025-10-01' + %d, date '2025-10-01' + %d) "
				 " WHERE person_id = %lld", lo, hi, p);
		pq_exec_ok(conn, sql);
		if (!server_now(conn, acked, sizeof(acked)))
			break;
		snprintf(sql, sizeof(sql),
				 "INSERT INTO change_log VALUES (%lld, '%s', '%s', daterange(date '2025-10-01' + %d, date '2025-10-01' + %d))",
				 p, started, acked, lo, hi);
		pq_exec_ok(conn, sql);
		nanosleep(&(struct timespec) {.tv_sec = 0, .tv_nsec = 3000000}, NULL);
	}
	PQfinish(conn);
	return NULL;
}

/* The attempts of one logger into the table "attempt", with COPY. */
static void
save_attempts(PGconn *conn, const Logger *l)
{
	PGresult   *res = PQexec(conn, "COPY attempt FROM STDIN");
	char		line[256];

	if (PQresultStatus(res) != PGRES_COPY_IN)
	{
		printf("not ok - COPY attempt: %s", PQerrorMessage(conn));
		exit(1);
	}
	PQclear(res);
	for (int i = 0; i < l->n; i++)
	{
		const Attempt *a = &l->attempts[i];
		int			len = snprintf(line, sizeof(line), "%lld\t%d\t%s\t%s\t%s\n", l->person,
								   a->day, a->t0, a->t1, a->accepted ? "t" : "f");

		PQputCopyData(conn, line, len);
	}
	PQputCopyEnd(conn, NULL);
	res = PQgetResult(conn);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
	{
		printf("not ok - COPY attempt: %s", PQerrorMessage(conn));
		exit(1);
	}
	PQclear(res);
}

int
main(void)
{
	PGconn	   *admin = pq_connect(NULL);
	PGconn	   *conn;
	Logger		l[LOGGERS];
	pthread_t	th[LOGGERS + 1];
	long long	people[LOGGERS];
	long long	contract;
	int			seconds = LOAD_SECONDS;
	int			attempts = 0,
				other = 0;
	const char *first_other = NULL;
	char		sql[512];

	if (getenv("CAPS_LOOKUP_SECONDS"))
		seconds = atoi(getenv("CAPS_LOOKUP_SECONDS"));

	conn = pq_fresh_db(admin, "om_caps_lookup");
	contract = pq_scalar(conn,
					  "INSERT INTO omledger.contract (name, contractor, roles, term) "
					  "VALUES ('lookup load', 'Lookup KK', '{operator,vendor}', '[2025-10-01,2028-01-01)') "
					  "RETURNING contract_id");
	snprintf(sql, sizeof(sql),
			 "UPDATE omledger.effort_cap SET amount = '100000pm' WHERE contract_id = %lld", contract);
	pq_exec_ok(conn, sql);
	/* the test's role enters the effort as the city's desk */
	snprintf(sql, sizeof(sql),
			 "INSERT INTO omledger.person (contract_id, name, side, registered, db_role) "
			 "VALUES (%lld, 'desk', 'city', '[2025-01-01,)', current_user)", contract);
	pq_exec_ok(conn, sql);
	pq_exec_ok(conn, "CREATE TABLE change_log (person bigint, started timestamptz, "
			   "acked timestamptz, registered daterange)");
	pq_exec_ok(conn, "CREATE TABLE attempt (person bigint, day int, t0 timestamptz, "
			   "t1 timestamptz, accepted boolean)");

	for (int i = 0; i < LOGGERS; i++)
	{
		memset(&l[i], 0, sizeof(l[i]));
		l[i].no = i;
		l[i].attempts = calloc(MAX_ATTEMPTS, sizeof(Attempt));
		snprintf(sql, sizeof(sql),
				 "INSERT INTO omledger.person (contract_id, name, side, registered, approved_on) "
				 "VALUES (%lld, 'logger %d', 'contractor', daterange(date '2025-10-01', date '2025-10-01' + %d), "
				 "'2025-09-01') RETURNING person_id", contract, i, DAYS);
		people[i] = l[i].person = pq_scalar(conn, sql);
		/* the registration in force before any change */
		snprintf(sql, sizeof(sql),
				 "INSERT INTO change_log VALUES (%lld, '-infinity', '-infinity', "
				 "daterange(date '2025-10-01', date '2025-10-01' + %d))", people[i], DAYS);
		pq_exec_ok(conn, sql);
	}
	for (int j = 0; j < 4; j++)
	{
		snprintf(sql, sizeof(sql),
				 "INSERT INTO omledger.work_item (contract_id, kind, title, status) "
				 "VALUES (%lld, 'service_request', 'lookup load %d', 'requested') RETURNING item_id",
				 contract, j);
		long long	item = pq_scalar(conn, sql);

		for (int i = 0; i < LOGGERS; i++)
			l[i].items[j] = item;
	}

	deadline = time(NULL) + seconds;
	for (int i = 0; i < LOGGERS; i++)
		pthread_create(&th[i], NULL, logger_main, &l[i]);
	pthread_create(&th[LOGGERS], NULL, changer_main, people);
	for (int i = 0; i <= LOGGERS; i++)
		pthread_join(th[i], NULL);

	for (int i = 0; i < LOGGERS; i++)
	{
		save_attempts(conn, &l[i]);
		attempts += l[i].n;
		other += l[i].other;
		if (l[i].other && first_other == NULL)
			first_other = l[i].other_msg;
	}
	printf("# %d clients: %d attempts, %lld registration changes, %lld accepted, %lld refused\n",
		   LOGGERS, attempts, pq_scalar(conn, "SELECT count(*) - 8 FROM change_log"),
		   pq_scalar(conn, "SELECT count(*) FROM attempt WHERE accepted"),
		   pq_scalar(conn, "SELECT count(*) FROM attempt WHERE NOT accepted"));
	PQ_CHECK(other == 0, "no client saw an error other than a roster refusal%s%s",
			 first_other ? ": " : "", first_other ? first_other : "");

	/*
	 * The attempts decided by one change: the last change of the person
	 * acknowledged before the attempt began, with the next one (if any)
	 * begun only after the attempt ended.
	 */
	pq_exec_ok(conn,
			   "CREATE VIEW decided AS "
			   "SELECT a.*, c.registered @> (date '2025-10-01' + a.day) AS expected "
			   "  FROM attempt a "
			   "  JOIN LATERAL (SELECT * FROM change_log c WHERE c.person = a.person AND c.acked < a.t0 "
			   "                 ORDER BY c.acked DESC LIMIT 1) c ON true "
			   " WHERE NOT EXISTS (SELECT 1 FROM change_log n WHERE n.person = a.person "
			   "                      AND n.started > c.started AND n.started <= a.t1)");
	{
		long long	decided = pq_scalar(conn, "SELECT count(*) FROM decided");
		long long	wrong = pq_scalar(conn, "SELECT count(*) FROM decided WHERE accepted <> expected");

		printf("# %lld attempts decided by a known registration\n", decided);
		PQ_CHECK(pq_scalar(conn, "SELECT count(*) FROM decided WHERE expected") > 0 &&
				 pq_scalar(conn, "SELECT count(*) FROM decided WHERE NOT expected") > 0,
				 "the load had attempts that had to be accepted and attempts that had to be refused");
		PQ_CHECK(wrong == 0, "every such attempt was decided by the registration then in force "
				 "(%lld of %lld were not)", wrong, decided);
	}
	/*
	 * The totals only: the registrations changed under logged entries, which
	 * caps_verify() therefore also lists as breaking the roster rule.
	 */
	PQ_CHECK(pq_scalar(conn, "SELECT count(*) FROM omledger.caps_verify() WHERE entry_id IS NULL") == 0,
			 "the running totals equal SUM(effort) of effort_log");

	PQfinish(conn);
	for (int i = 0; i < LOGGERS; i++)
		free(l[i].attempts);
	pq_exec_ok(admin, "DROP DATABASE om_caps_lookup");
	PQfinish(admin);
	return pq_done();
}
