/*
 * test_effort.c -- effort over the wire: binary parameters and results
 * (the 8-byte big-endian minutes of effort_send/effort_recv, as bigint's),
 * malformed binary input, and text in both styles.
 */
#define _POSIX_C_SOURCE 200809L	/* strdup under -std=c11 */
#include <stdint.h>

#include "pqtest.h"

static void
put_be64(char *buf, int64_t v)
{
	uint64_t	u = (uint64_t) v;

	for (int k = 7; k >= 0; k--)
	{
		buf[k] = (char) (u & 0xFF);
		u >>= 8;
	}
}

static int64_t
get_be64(const char *buf)
{
	uint64_t	u = 0;

	for (int k = 0; k < 8; k++)
		u = (u << 8) | (unsigned char) buf[k];
	return (int64_t) u;
}

/* Send v as a binary effort parameter; return the text the server prints. */
static char *
binary_in_text_out(PGconn *conn, const char *bytes, int len, char *sqlstate)
{
	const char *values[1] = {bytes};
	int			lengths[1] = {len};
	int			formats[1] = {1};
	PGresult   *res = PQexecParams(conn, "SELECT $1::omledger.effort::text", 1, NULL,
								   values, lengths, formats, 0);
	char	   *out = NULL;

	sqlstate[0] = '\0';
	if (PQresultStatus(res) == PGRES_TUPLES_OK)
		out = strdup(PQgetvalue(res, 0, 0));
	else if (PQresultErrorField(res, PG_DIAG_SQLSTATE))
		snprintf(sqlstate, 6, "%s", PQresultErrorField(res, PG_DIAG_SQLSTATE));
	PQclear(res);
	return out;
}

/* The binary result of the text literal as an effort. */
static int
text_in_binary_out(PGconn *conn, const char *literal, int64_t *out)
{
	const char *values[1] = {literal};
	PGresult   *res = PQexecParams(conn, "SELECT $1::omledger.effort", 1, NULL,
								   values, NULL, NULL, 1);
	int			ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQgetlength(res, 0, 0) == 8;

	if (ok)
		*out = get_be64(PQgetvalue(res, 0, 0));
	PQclear(res);
	return ok;
}

int
main(void)
{
	PGconn	   *conn = pq_connect(NULL);
	const int64_t values[] = {0, 1, -1, 20910, INT64_MAX, INT64_MIN};
	const char *texts[] = {"0", "1min", "-1min", "2pm 3pd 4h 30min",
		"960767920505705pm 16pd 2h 7min", "-960767920505705pm 16pd 2h 8min"};
	char		buf[16],
				state[6];
	int64_t		got;

	pq_exec_ok(conn, "SET client_min_messages = warning");
	pq_exec_ok(conn, "CREATE EXTENSION IF NOT EXISTS omledger");
	pq_exec_ok(conn, "SET client_encoding = 'UTF8'");

	for (int k = 0; k < 6; k++)
	{
		char	   *text;

		put_be64(buf, values[k]);
		text = binary_in_text_out(conn, buf, 8, state);
		PQ_CHECK(text != NULL && strcmp(text, texts[k]) == 0,
				 "binary %lld reads as \"%s\" (got \"%s\")", (long long) values[k], texts[k],
				 text ? text : state);
		free(text);
		PQ_CHECK(text_in_binary_out(conn, texts[k], &got) && got == values[k],
				 "\"%s\" sends as the 8 bytes of %lld", texts[k], (long long) values[k]);
	}

	/* Malformed binary input: too short, too long. */
	put_be64(buf, 60);
	PQ_CHECK(binary_in_text_out(conn, buf, 4, state) == NULL && strcmp(state, "08P01") == 0,
			 "a 4-byte binary effort is refused (08P01, got %s)", state);
	PQ_CHECK(binary_in_text_out(conn, buf, 9, state) == NULL && strcmp(state, "22P03") == 0,
			 "a 9-byte binary effort is refused (22P03, got %s)", state);

	/* The Japanese style over the wire, in UTF-8. */
	pq_exec_ok(conn, "SET omledger.effort_style = 'ja'");
	put_be64(buf, 20910);
	{
		char	   *text = binary_in_text_out(conn, buf, 8, state);

		PQ_CHECK(text != NULL && strcmp(text, "2人月3人日4時間30分") == 0,
				 "the ja style prints 2人月3人日4時間30分 (got \"%s\")", text ? text : state);
		free(text);
	}
	PQ_CHECK(text_in_binary_out(conn, "2人月3人日4時間30分", &got) && got == 20910,
			 "the ja text reads back");

	PQfinish(conn);
	return pq_done();
}
