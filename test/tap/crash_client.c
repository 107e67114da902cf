/*
 * crash_client.c -- one client of the crash test (test/tap/t/001_crash.pl).
 *
 *   crash_client CONNINFO MODE CLIENT_NO CYCLE SECONDS LOGFILE [PERSON_ID]
 *
 * Runs transactions of one kind against the ledger until the server goes
 * away (or SECONDS have passed), and writes what it saw of each to LOGFILE,
 * one line a transaction, flushed before the next step:
 *
 *   B KIND TAG            COMMIT sent (written before sending it)
 *   C KIND TAG            the server said COMMIT: it must survive any crash
 *   F KIND TAG SQLSTATE   refused or cut off before COMMIT was sent (or the
 *                         server answered the COMMIT with an error): it must
 *                         not be there
 *   U KIND TAG            the connection died while COMMIT was in flight:
 *                         either outcome is legal, but all of it or nothing
 *
 * Every transaction leaves its TAG in the rows it writes, so that the test
 * can tell after the restart which transactions are in the ledger:
 *   effort   MODE effort: one or two effort entries (note = TAG) of PERSON_ID
 *            on a service request, on a day of FY2025 H2; the low hard caps
 *            of the test's contract refuse many (OM101/OM102), a second
 *            entry of a day is a duplicate (23505)
 *   status   MODE status: a status change investigating <-> mitigated of one
 *            of the client's failure items (the workflow trigger records a
 *            work_item_event); TAG = ITEM/SECONDS, the change's
 *            status_changed_at being 2026-01-06 00:00+09 plus SECONDS
 *   approve  MODE approve: an approved additional contract (subject_ref =
 *            TAG) and the cap extension it backs (reference = TAG): one
 *            hour more in a month of the service cap, or two hours more
 *            over the term (so that effort keeps flowing cycle after cycle)
 *   incident MODE incident: one notice of a batch abend through
 *            report_incident() (as a member of omledger_intake), its key
 *            drawn from 40 per client so that most keys repeat; TAG =
 *            i<no>-<cycle>-<k>@<key>: a first notice makes the key's one
 *            failure item, a repeat counts on it (incident_notice.notices)
 * Clients are deterministic given CLIENT_NO and CYCLE.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

static FILE *logf;
static uint64_t rng_state;

static uint64_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1Dull;
}

static void
log_line(char state, const char *kind, const char *tag, const char *detail)
{
	fprintf(logf, "%c %s %s%s%s\n", state, kind, tag, detail ? " " : "", detail ? detail : "");
	fflush(logf);
}

/*
 * Run one statement inside the open transaction; on failure log F with its
 * SQLSTATE and return 0.  "lost" when the connection is gone: nothing was
 * committed, since COMMIT was never sent.
 */
static int
step(PGconn *conn, const char *sql, const char *kind, const char *tag, PGresult **out)
{
	PGresult   *res = PQexec(conn, sql);
	ExecStatusType st = PQresultStatus(res);

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
	{
		if (out)
			*out = res;
		else
			PQclear(res);
		return 1;
	}
	{
		const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

		if (PQstatus(conn) != CONNECTION_OK)
			state = "lost";
		log_line('F', kind, tag, state ? state : "error");
	}
	PQclear(res);
	if (PQstatus(conn) == CONNECTION_OK)
		PQclear(PQexec(conn, "ROLLBACK"));
	return 0;
}

/* Send COMMIT and log what came back. */
static void
commit(PGconn *conn, const char *kind, const char *tag)
{
	PGresult   *res;

	log_line('B', kind, tag, NULL);
	res = PQexec(conn, "COMMIT");
	if (PQresultStatus(res) == PGRES_COMMAND_OK &&
		strcmp(PQcmdStatus(res), "COMMIT") == 0)
		log_line('C', kind, tag, NULL);
	else if (PQstatus(conn) != CONNECTION_OK)
		log_line('U', kind, tag, NULL);
	else
	{
		const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

		/* "ROLLBACK" as the command tag: the transaction had failed */
		log_line('F', kind, tag, state ? state : PQcmdStatus(res));
	}
	PQclear(res);
}

int
main(int argc, char **argv)
{
	const char *mode;
	int			no,
				cycle;
	long		seconds;
	long long	person = 0;
	long long	items[64];
	int			nitems = 0;
	PGconn	   *conn;
	PGresult   *res;
	char		sql[1024];
	char		tag[64];
	time_t		deadline;

	if (argc < 7)
	{
		fprintf(stderr, "usage: crash_client CONNINFO MODE CLIENT_NO CYCLE SECONDS LOGFILE [PERSON_ID]\n");
		return 2;
	}
	mode = argv[2];
	no = atoi(argv[3]);
	cycle = atoi(argv[4]);
	seconds = atol(argv[5]);
	if (argc > 7)
		person = atoll(argv[7]);
	logf = fopen(argv[6], "a");
	if (logf == NULL)
	{
		perror(argv[6]);
		return 2;
	}
	rng_state = 0x9E3779B97F4A7C15ull * (uint64_t) (1 + no + 100 * cycle);
	deadline = time(NULL) + seconds;

	conn = PQconnectdb(argv[1]);
	if (PQstatus(conn) != CONNECTION_OK)
	{
		fprintf(stderr, "connect: %s", PQerrorMessage(conn));
		return 2;
	}
	PQclear(PQexec(conn, "SET TimeZone = 'Asia/Tokyo'"));
	PQclear(PQexec(conn, "SET client_min_messages = warning"));

	/* the items this client works on (an intake client reads nothing) */
	if (strcmp(mode, "incident") == 0)
		items[nitems++] = 0;
	else
	{
		snprintf(sql, sizeof(sql),
				 "SELECT item_id FROM omledger.work_item WHERE kind = '%s' "
				 "AND title LIKE 'crash: %%' ORDER BY item_id",
				 strcmp(mode, "status") == 0 ? "failure_recovery" : "service_request");
		res = PQexec(conn, sql);
		if (PQresultStatus(res) != PGRES_TUPLES_OK)
		{
			fprintf(stderr, "items: %s", PQerrorMessage(conn));
			return 2;
		}
		for (int i = 0; i < PQntuples(res) && nitems < 64; i++)
		{
			/* status clients share nothing: each owns every third item */
			if (strcmp(mode, "status") == 0 && i % 3 != no % 3)
				continue;
			items[nitems++] = atoll(PQgetvalue(res, i, 0));
		}
		PQclear(res);
	}
	if (nitems == 0)
	{
		fprintf(stderr, "no items\n");
		return 2;
	}

	for (long k = 0; time(NULL) < deadline; k++)
	{
		long long	item = items[rng() % (uint64_t) nitems];

		if (PQstatus(conn) != CONNECTION_OK)
			break;
		res = PQexec(conn, "BEGIN");
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
		{
			PQclear(res);
			break;
		}
		PQclear(res);

		if (strcmp(mode, "effort") == 0)
		{
			int			rows = 1 + (int) (rng() % 2);
			int			ok = 1;

			/* the tag says how many rows the transaction writes */
			snprintf(tag, sizeof(tag), "e%d-%d-%ldx%d", no, cycle, k, rows);
			for (int r = 0; r < rows && ok; r++)
			{
				snprintf(sql, sizeof(sql),
						 "INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort, note) "
						 "VALUES (%lld, %lld, date '2025-10-01' + %d, '%dh', '%s')",
						 items[rng() % (uint64_t) nitems], person, (int) (rng() % 182),
						 1 + (int) (rng() % 8), tag);
				ok = step(conn, sql, "effort", tag, NULL);
			}
			if (ok)
				commit(conn, "effort", tag);
		}
		else if (strcmp(mode, "status") == 0)
		{
			/* strictly increasing per item across cycles: no clock rule trips */
			long		secs = (long) cycle * 100000 + k;

			snprintf(tag, sizeof(tag), "%lld/%ld", item, secs);
			snprintf(sql, sizeof(sql),
					 "UPDATE omledger.work_item SET status = CASE status WHEN 'investigating' "
					 "THEN 'mitigated' ELSE 'investigating' END, "
					 "status_changed_at = timestamptz '2026-01-06 00:00+09' + %ld * interval '1 second' "
					 "WHERE item_id = %lld",
					 secs, item);
			if (step(conn, sql, "status", tag, NULL))
				commit(conn, "status", tag);
		}
		else if (strcmp(mode, "approve") == 0)
		{
			PGresult   *r = NULL;

			snprintf(tag, sizeof(tag), "a%d-%d-%ld", no, cycle, k);
			snprintf(sql, sizeof(sql),
					 "INSERT INTO omledger.approval (contract_id, subject, subject_ref, decision) "
					 "VALUES (1, 'additional_contract', '%s', 'approved') RETURNING approval_id", tag);
			if (step(conn, sql, "approve", tag, &r))
			{
				long long	approval = atoll(PQgetvalue(r, 0, 0));
				int			month = (int) (rng() % 6);
				int			term = k % 2;

				PQclear(r);
				/* one hour more in a month, or two over the term */
				snprintf(sql, sizeof(sql),
						 "INSERT INTO omledger.cap_extension (contract_id, category, scope, extra, months, reference, approval_id) "
						 "VALUES (1, 'service', '%s', '%s', "
						 "daterange((date '2025-10-01' + %d * interval '1 month')::date, "
						 "          (date '2025-10-01' + %d * interval '1 month')::date), '%s', %lld)",
						 term ? "term" : "month", term ? "2h" : "1h", month, month + 1, tag, approval);
				if (step(conn, sql, "approve", tag, NULL))
					commit(conn, "approve", tag);
			}
		}
		else if (strcmp(mode, "incident") == 0)
		{
			char		key[32];

			snprintf(key, sizeof(key), "K%d-%d", no, (int) (rng() % 40));
			snprintf(tag, sizeof(tag), "i%d-%d-%ld@%s", no, cycle, k, key);
			snprintf(sql, sizeof(sql),
					 "SELECT omledger.report_incident('crash', '%s', 'SJK', "
					 "timestamptz '2026-01-10 10:00+09' + %ld * interval '1 second', 'abend %s')",
					 key, (long) cycle * 100000 + k, tag);
			if (step(conn, sql, "incident", tag, NULL))
				commit(conn, "incident", tag);
		}
		else
		{
			fprintf(stderr, "unknown mode %s\n", mode);
			return 2;
		}
	}
	PQfinish(conn);
	fclose(logf);
	return 0;
}
