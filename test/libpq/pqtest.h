/*
 * pqtest.h -- TAP helpers for libpq-driven tests.  Connection parameters
 * come from the environment (PGHOST, PGPORT, PGUSER, PGDATABASE), as
 * test/run sets them.
 */
#ifndef OMLEDGER_PQTEST_H
#define OMLEDGER_PQTEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <stdint.h>
#include <libpq-fe.h>

static int	pq_n = 0;
static int	pq_failed = 0;

#define PQ_CHECK(cond, ...) \
	do { \
		pq_n++; \
		if (cond) { printf("ok %d - ", pq_n); printf(__VA_ARGS__); printf("\n"); } \
		else { pq_failed++; printf("not ok %d - ", pq_n); printf(__VA_ARGS__); \
			   printf("\n#   at %s:%d: %s\n", __FILE__, __LINE__, #cond); } \
		fflush(stdout); \
	} while (0)

/* Connect to conninfo (NULL: the environment), or exit with a failure. */
static inline PGconn *
pq_connect(const char *conninfo)
{
	PGconn	   *conn = PQconnectdb(conninfo ? conninfo : "");

	if (PQstatus(conn) != CONNECTION_OK)
	{
		printf("not ok - connect: %s", PQerrorMessage(conn));
		exit(1);
	}
	return conn;
}

/* Run a command that must succeed; exit with a failure otherwise. */
static inline void
pq_exec_ok(PGconn *conn, const char *sql)
{
	PGresult   *res = PQexec(conn, sql);

	if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		printf("not ok - %s: %s", sql, PQerrorMessage(conn));
		exit(1);
	}
	PQclear(res);
}

/* The one value of a one-row query (-1 for NULL); exit with a failure otherwise. */
static inline long long
pq_scalar(PGconn *conn, const char *sql)
{
	PGresult   *res = PQexec(conn, sql);
	long long	v;

	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
	{
		printf("not ok - %s: %s", sql, PQerrorMessage(conn));
		exit(1);
	}
	v = PQgetisnull(res, 0, 0) ? -1 : atoll(PQgetvalue(res, 0, 0));
	PQclear(res);
	return v;
}

/*
 * A fresh database "name" with omledger installed, made through admin (a
 * connection to another database); a connection to it.
 */
static inline PGconn *
pq_fresh_db(PGconn *admin, const char *name)
{
	char		sql[256];
	char		conninfo[128];
	PGconn	   *conn;

	pq_exec_ok(admin, "SET client_min_messages = warning");
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", name);
	pq_exec_ok(admin, sql);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
	pq_exec_ok(admin, sql);
	snprintf(conninfo, sizeof(conninfo), "dbname=%s", name);
	conn = pq_connect(conninfo);
	pq_exec_ok(conn, "CREATE EXTENSION omledger");
	return conn;
}

/*
 * The load tests' pseudo-random numbers (xorshift64*): fast, and the same
 * sequence for the same seed, so a failing run can be repeated.
 */
static inline uint64_t
pq_next_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1Dull;
}

/*
 * Run fn in n threads at once, the i-th on (char *) args + i * size, and
 * wait for all of them: the load tests' clients, each on a connection of
 * its own.
 */
static inline void
pq_run_threads(int n, void *(*fn) (void *), void *args, size_t size)
{
	pthread_t  *th = calloc((size_t) n, sizeof(pthread_t));

	if (th == NULL)
	{
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	for (int i = 0; i < n; i++)
		if (pthread_create(&th[i], NULL, fn, (char *) args + (size_t) i * size) != 0)
		{
			fprintf(stderr, "pthread_create failed\n");
			exit(2);
		}
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	free(th);
}

static inline int
pq_done(void)
{
	printf("1..%d\n", pq_n);
	return pq_failed ? 1 : 0;
}

#endif
