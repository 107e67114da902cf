/*
 * test_encoding.c -- a Shift_JIS client (client_encoding = SJIS, which a
 * server can never use as its own encoding) against a UTF8 and an EUC_JP
 * database: Japanese parameters are parsed and Japanese results and error
 * details arrive as Shift_JIS.  The server converts between the client and
 * the database encoding, src/encoding.c between the database encoding and
 * the core's UTF-8; this proves the two conversions compose, once each.
 *
 * The Shift_JIS bytes are written as octal escapes, with the text in a
 * comment beside them.
 */
#include "pqtest.h"

/* 令和元年5月1日 */
static const char sjis_gannen[] = "\227\337\230a\214\263\224N5\214\2161\223\372";
/* 令和7年10月1日 */
static const char sjis_r7[] = "\227\337\230a7\224N10\214\2161\223\372";
/* 勤労感謝の日 */
static const char sjis_kinro[] = "\213\316\230J\212\264\216\323\202\314\223\372";
/* 令和7年度第3四半期 */
static const char sjis_fy_q3[] = "\227\337\230a7\224N\223x\221\3463\216l\224\274\212\372";
/* 2人月3人日 */
static const char sjis_effort[] = "2\220l\214\2163\220l\223\372";
/* 平成32年1月1日 */
static const char sjis_h32[] = "\225\275\220\25432\224N1\214\2161\223\372";
/* There is no 平成32年: 平成 ran from 1989-01-08 to 2019-04-30. */
static const char sjis_h32_detail[] =
	"There is no \225\275\220\25432\224N: \225\275\220\254 ran from 1989-01-08 to 2019-04-30.";
/* 年度 */
static const char sjis_nendo[] = "\224N\223x";
/* 令和7年度 */
static const char sjis_fy2025[] = "\227\337\230a7\224N\223x";

/* The text result of sql with one text parameter (NULL: none), or NULL. */
static char *
one_text(PGconn *conn, const char *sql, const char *param)
{
	const char *values[1] = {param};
	PGresult   *res = PQexecParams(conn, sql, param ? 1 : 0, NULL,
								   param ? values : NULL, NULL, NULL, 0);
	char	   *out = NULL;

	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
		!PQgetisnull(res, 0, 0))
	{
		size_t		len = strlen(PQgetvalue(res, 0, 0));

		out = malloc(len + 1);
		memcpy(out, PQgetvalue(res, 0, 0), len + 1);
	}
	else
		printf("# %s: %s", sql, PQerrorMessage(conn));
	PQclear(res);
	return out;
}

static int
same(char *got, const char *want)
{
	int			ok = got != NULL && strcmp(got, want) == 0;

	free(got);
	return ok;
}

static void
check_db(PGconn *admin, const char *db, const char *encoding)
{
	char		sql[256];
	char		conninfo[128];
	PGconn	   *conn;
	PGresult   *res;

	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", db);
	pq_exec_ok(admin, sql);
	snprintf(sql, sizeof(sql),
			 "CREATE DATABASE %s ENCODING '%s' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'",
			 db, encoding);
	pq_exec_ok(admin, sql);
	snprintf(conninfo, sizeof(conninfo), "dbname=%s client_encoding=SJIS", db);
	conn = pq_connect(conninfo);
	pq_exec_ok(conn, "SET client_encoding = UTF8");
	pq_exec_ok(conn, "CREATE EXTENSION omledger");
	PQ_CHECK(PQsetClientEncoding(conn, "SJIS") == 0 &&
			 strcmp(pg_encoding_to_char(PQclientEncoding(conn)), "SJIS") == 0,
			 "%s: the session speaks SJIS", encoding);
	PQ_CHECK(same(one_text(conn, "SELECT pg_catalog.getdatabaseencoding()", NULL), encoding),
			 "%s: the database is %s", encoding, encoding);

	PQ_CHECK(same(one_text(conn, "SELECT omledger.to_wareki('2019-05-01')", NULL), sjis_gannen),
			 "%s: to_wareki arrives as Shift_JIS", encoding);
	PQ_CHECK(same(one_text(conn, "SELECT omledger.wareki_date($1)::text", sjis_r7), "2025-10-01"),
			 "%s: wareki_date parses a Shift_JIS parameter", encoding);
	PQ_CHECK(same(one_text(conn, "SELECT omledger.to_wareki(omledger.wareki_date($1))", sjis_r7),
				  sjis_r7),
			 "%s: wareki round trip", encoding);
	PQ_CHECK(same(one_text(conn, "SELECT omledger.jp_holiday_name('2025-11-23')", NULL), sjis_kinro),
			 "%s: jp_holiday_name arrives as Shift_JIS", encoding);
	PQ_CHECK(same(one_text(conn, "SELECT name FROM omledger.jp_holidays('2025-11-23', '2025-11-23')",
						   NULL), sjis_kinro),
			 "%s: jp_holidays arrives as Shift_JIS", encoding);

	pq_exec_ok(conn, "SET omledger.period_style = 'wareki'");
	PQ_CHECK(same(one_text(conn, "SELECT 'FY2025-Q3'::omledger.fiscal_period::text", NULL), sjis_fy_q3),
			 "%s: fiscal_period output in wareki style arrives as Shift_JIS", encoding);
	PQ_CHECK(same(one_text(conn, "SELECT ($1::omledger.fiscal_period OPERATOR(omledger.=) 'FY2025-Q3')::text",
						   sjis_fy_q3), "true"),
			 "%s: fiscal_period parses a Shift_JIS parameter", encoding);
	PQ_CHECK(same(one_text(conn, "SELECT $1::omledger.fiscal_period::text", sjis_fy_q3), sjis_fy_q3),
			 "%s: fiscal_period round trip", encoding);
	PQ_CHECK(same(one_text(conn, "SELECT omledger.fiscal_period('2025-10-01', $1)::text", sjis_nendo),
				  sjis_fy2025),
			 "%s: a granularity named in Shift_JIS", encoding);
	pq_exec_ok(conn, "SET omledger.effort_style = 'ja'");
	PQ_CHECK(same(one_text(conn, "SELECT $1::omledger.effort::text", sjis_effort), sjis_effort),
			 "%s: effort round trip", encoding);

	{
		const char *values[1] = {sjis_h32};

		res = PQexecParams(conn, "SELECT omledger.wareki_date($1)", 1, NULL, values, NULL, NULL, 0);
		PQ_CHECK(PQresultStatus(res) == PGRES_FATAL_ERROR &&
				 strcmp(PQresultErrorField(res, PG_DIAG_SQLSTATE), "22007") == 0 &&
				 PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) != NULL &&
				 strcmp(PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL), sjis_h32_detail) == 0,
				 "%s: an error detail arrives as Shift_JIS", encoding);
		PQclear(res);
	}
	PQfinish(conn);
	snprintf(sql, sizeof(sql), "DROP DATABASE %s", db);
	pq_exec_ok(admin, sql);
}

int
main(void)
{
	PGconn	   *admin = pq_connect(NULL);

	pq_exec_ok(admin, "SET client_min_messages = warning");
	check_db(admin, "omledger_pq_sjis_utf8", "UTF8");
	check_db(admin, "omledger_pq_sjis_eucjp", "EUC_JP");
	PQfinish(admin);
	return pq_done();
}
