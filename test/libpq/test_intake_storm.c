/*
 * test_intake_storm.c -- the notification storm of a failing night batch
 * chain: 16 clients, logged in as a role of the omledger_intake group, send
 * 10,000 notices through report_incident() at once, 30 % of them repeats of
 * a key already sent (often while its first notice is still in flight, from
 * another client).  Afterwards: exactly one item per distinct key, every
 * notice counted on its key (incident_notice.notices), every call answered
 * with its key's item and no error of any kind (no unique violation, no
 * deadlock), one incident_new alert per item, the alert ids in order, and a
 * listener received a notification for every alert (nothing lost).
 *
 * STORM_NOTICES overrides the number of notices (a bigger run by hand).
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/select.h>

#include "pqtest.h"

#define CLIENTS			16
#define NOTICES			10000
#define REPEAT_PERCENT	30
#define DB				"om_intake_storm"
#define LOGIN			"om_storm_intake"

static int	nnotices;
static int	nkeys;
static int *notice_key;			/* notice i is about key notice_key[i] */
static long long *key_item;		/* the item each key got (0: none yet) */
static pthread_mutex_t key_lock = PTHREAD_MUTEX_INITIALIZER;
static int	mismatches;
static volatile int senders_done;

typedef struct
{
	int			no;
	int			ok;
	int			errors;
	char		error_msg[256];
} Client;


static void *
client_main(void *arg)
{
	Client	   *cl = arg;
	PGconn	   *conn = PQconnectdb("dbname=" DB " user=" LOGIN);

	if (PQstatus(conn) != CONNECTION_OK)
	{
		snprintf(cl->error_msg, sizeof(cl->error_msg), "connect: %s", PQerrorMessage(conn));
		cl->errors++;
		return NULL;
	}
	for (int i = cl->no; i < nnotices; i += CLIENTS)
	{
		char		key[32];
		char		summary[64];
		const char *params[4] = {key, summary, "SJK", NULL};
		PGresult   *res;

		snprintf(key, sizeof(key), "JOB%05d-20261001", notice_key[i]);
		snprintf(summary, sizeof(summary), "JOB%05d abended RC=12", notice_key[i]);
		res = PQexecParams(conn,
						   "SELECT omledger.report_incident('jp1', $1, $3, now() - interval '1 minute', $2, "
						   "'{\"rc\": 12}'::jsonb)",
						   3, NULL, params, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_TUPLES_OK)
		{
			if (cl->errors++ == 0)
				snprintf(cl->error_msg, sizeof(cl->error_msg), "%s %s",
						 PQresultErrorField(res, PG_DIAG_SQLSTATE), PQresultErrorMessage(res));
		}
		else
		{
			long long	item = atoll(PQgetvalue(res, 0, 0));

			cl->ok++;
			pthread_mutex_lock(&key_lock);
			if (key_item[notice_key[i]] == 0)
				key_item[notice_key[i]] = item;
			else if (key_item[notice_key[i]] != item)
				mismatches++;
			pthread_mutex_unlock(&key_lock);
		}
		PQclear(res);
	}
	PQfinish(conn);
	return NULL;
}

/* The listener: counts the notifications of omledger_alert. */
static long notified;
static long long notified_max;
static long notified_out_of_order;

static void *
listener_main(void *arg)
{
	PGconn	   *conn = arg;
	int			idle = 0;

	for (;;)
	{
		int			sock = PQsocket(conn);
		fd_set		fds;
		struct timeval tv = {0, 200000};
		PGnotify   *n;
		int			got = 0;

		FD_ZERO(&fds);
		FD_SET(sock, &fds);
		select(sock + 1, &fds, NULL, NULL, &tv);
		if (!PQconsumeInput(conn))
			break;
		while ((n = PQnotifies(conn)) != NULL)
		{
			const char *p = strstr(n->extra, "\"alert_id\" : ");
			long long	id = p ? atoll(p + strlen("\"alert_id\" : ")) : 0;

			/* alerts commit in id order, so their notifications come in it */
			if (id <= notified_max)
				notified_out_of_order++;
			else
				notified_max = id;
			notified++;
			got = 1;
			PQfreemem(n);
		}
		/* after the senders: until a second without notifications */
		if (senders_done)
			idle = got ? 0 : idle + 1;
		if (idle >= 5)
			break;
	}
	return NULL;
}

int
main(void)
{
	PGconn	   *admin = pq_connect(NULL);
	PGconn	   *conn;
	PGconn	   *listen_conn;
	pthread_t	threads[CLIENTS];
	pthread_t	listener;
	Client		clients[CLIENTS];
	uint64_t	rng = 20261001;
	int			ok = 0,
				errors = 0;
	long long	v;
	char		sql[512];
	const char *env = getenv("STORM_NOTICES");
	bool		made_roles;

	nnotices = env ? atoi(env) : NOTICES;
	if (nnotices < 100)
		nnotices = NOTICES;
	nkeys = nnotices - nnotices * REPEAT_PERCENT / 100;

	/* the notices: every key once, then the repeats, shuffled */
	notice_key = calloc(nnotices, sizeof(int));
	key_item = calloc(nkeys, sizeof(long long));
	for (int i = 0; i < nnotices; i++)
		notice_key[i] = i < nkeys ? i : (int) (pq_next_rand(&rng) % nkeys);
	for (int i = nnotices - 1; i > 0; i--)
	{
		int			j = (int) (pq_next_rand(&rng) % (i + 1));
		int			t = notice_key[i];

		notice_key[i] = notice_key[j];
		notice_key[j] = t;
	}

	made_roles = pq_scalar(admin, "SELECT count(*) FROM pg_roles WHERE rolname = 'omledger_intake'") == 0;
	conn = pq_fresh_db(admin, DB);
	pq_exec_ok(conn, "SET client_min_messages = warning");
	pq_exec_ok(conn, "SELECT count(*) FROM omledger.create_roles()");
	pq_exec_ok(conn, "DROP ROLE IF EXISTS " LOGIN);
	pq_exec_ok(conn, "CREATE ROLE " LOGIN " LOGIN IN ROLE omledger_intake");
	pq_exec_ok(conn, "INSERT INTO omledger.contract (name, contractor, roles, term) "
			   "VALUES ('storm', 'K', '{operator}', daterange((now() AT TIME ZONE 'Asia/Tokyo')::date - 30, "
			   "(now() AT TIME ZONE 'Asia/Tokyo')::date + 365))");
	/* the login role reads nothing: the checks below run as the superuser */
	PQ_CHECK(pq_scalar(conn, "SELECT count(*) FROM pg_roles r WHERE r.rolname = '" LOGIN "' "
					   "AND NOT has_table_privilege(r.oid, 'omledger.work_item', 'SELECT') "
					   "AND has_function_privilege(r.oid, 'omledger.report_incident(text,text,text,timestamptz,text,jsonb,boolean)', 'EXECUTE')") == 1,
			 "the senders log in as a member of omledger_intake, which may call report_incident and read nothing");

	listen_conn = pq_connect("dbname=" DB);
	pq_exec_ok(listen_conn, "LISTEN omledger_alert");
	pthread_create(&listener, NULL, listener_main, listen_conn);

	for (int i = 0; i < CLIENTS; i++)
	{
		memset(&clients[i], 0, sizeof(Client));
		clients[i].no = i;
		pthread_create(&threads[i], NULL, client_main, &clients[i]);
	}
	for (int i = 0; i < CLIENTS; i++)
	{
		pthread_join(threads[i], NULL);
		ok += clients[i].ok;
		errors += clients[i].errors;
		if (clients[i].errors)
			printf("# client %d: %d errors, first: %s\n", i, clients[i].errors, clients[i].error_msg);
	}
	senders_done = 1;
	pthread_join(listener, NULL);

	PQ_CHECK(ok == nnotices && errors == 0,
			 "%d of %d notices answered with an item, %d errors (no unique violation, no deadlock)",
			 ok, nnotices, errors);
	PQ_CHECK(mismatches == 0, "every notice of a key got the same item (%d mismatches)", mismatches);
	v = pq_scalar(conn, "SELECT count(*) FROM omledger.work_item WHERE kind = 'failure_recovery'");
	PQ_CHECK(v == nkeys, "one item per distinct key: %lld items for %d keys", v, nkeys);
	v = pq_scalar(conn, "SELECT count(*) FROM (SELECT dedupe_key FROM omledger.work_item "
				  "GROUP BY contract_id, source, dedupe_key HAVING count(*) > 1) d");
	PQ_CHECK(v == 0, "no duplicate (source, dedupe_key): %lld", v);
	v = pq_scalar(conn, "SELECT sum(notices) FROM omledger.incident_notice");
	PQ_CHECK(v == nnotices, "every notice counted: %lld of %d", v, nnotices);

	/* per key: the count of its notices */
	{
		int		   *expect = calloc(nkeys, sizeof(int));
		PGresult   *res;
		int			wrong = 0;

		for (int i = 0; i < nnotices; i++)
			expect[notice_key[i]]++;
		res = PQexec(conn, "SELECT substr(dedupe_key, 4, 5)::int, notices, item_id FROM omledger.incident_notice");
		for (int r = 0; r < PQntuples(res); r++)
		{
			int			k = atoi(PQgetvalue(res, r, 0));

			if (k < 0 || k >= nkeys || expect[k] != atoi(PQgetvalue(res, r, 1)) ||
				key_item[k] != atoll(PQgetvalue(res, r, 2)))
				wrong++;
		}
		PQ_CHECK(PQntuples(res) == nkeys && wrong == 0,
				 "each key's repeats counted on its own item: %d keys, %d wrong", PQntuples(res), wrong);
		PQclear(res);
		free(expect);
	}
	v = pq_scalar(conn, "SELECT count(*) FROM omledger.work_item w JOIN omledger.work_item_system s USING (item_id) "
				  "WHERE w.status = 'reported' AND w.response_due_at IS NOT NULL AND s.system_code = 'SJK'");
	PQ_CHECK(v == nkeys, "each item reported, its response due stored, its system recorded: %lld", v);
	v = pq_scalar(conn, "SELECT count(*) FROM omledger.alert WHERE alert_kind = 'incident_new'");
	PQ_CHECK(v == nkeys, "one incident_new alert per item: %lld", v);
	snprintf(sql, sizeof(sql),
			 "SELECT count(*) FROM omledger.alert WHERE alert_kind = 'incident_repeat_burst'");
	v = pq_scalar(conn, sql);
	printf("# %lld repeat-burst alerts (a key repeated 10 times)\n", v);
	PQ_CHECK(notified_out_of_order == 0,
			 "the notifications came in the order of the alert ids (%ld out of order)", notified_out_of_order);
	v = pq_scalar(conn, "SELECT count(*) FROM omledger.alert");
	PQ_CHECK(notified == v && notified_max == pq_scalar(conn, "SELECT max(alert_id) FROM omledger.alert"),
			 "the listener was notified of every alert: %ld of %lld", notified, v);

	PQfinish(listen_conn);
	PQfinish(conn);
	pq_exec_ok(admin, "DROP DATABASE " DB);
	pq_exec_ok(admin, "DROP ROLE " LOGIN);
	if (made_roles)
		pq_exec_ok(admin, "DROP ROLE omledger_admin, omledger_city, omledger_contractor, omledger_reader, omledger_intake");
	PQfinish(admin);
	free(notice_key);
	free(key_item);
	return pq_done();
}
