/*
 * omctl.c
 *	  The command-line client of omledger, on libpq: other systems report
 *	  incidents through it (a job scheduler's abend hook), people and
 *	  monitoring read alerts, caps, checks and reports.  See omctl.1 and
 *	  doc/integration.md.
 *
 * Connection: the usual libpq means (PG* variables, a service file,
 * --dbname with a connection string or URI, multi-host strings with
 * target_session_attrs=read-write to follow a failover).
 *
 * Exit codes: 0 success; 1 another error the server reported; 2 bad input
 * (usage, a refusal OM7xx, a value the server cannot read, a function the
 * server does not have); 3 no connection after the retries.  omctl check
 * follows the monitoring convention instead: 0 OK, 1 warning, 2 critical,
 * 3 unknown.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <xlsxwriter.h>

#include "text_width.h"

#define OMCTL_VERSION "0.4"

#define EXIT_OK			0
#define EXIT_ERROR		1
#define EXIT_BAD_INPUT	2
#define EXIT_NO_CONN	3

/* ------------------------------------------------------------ options */
typedef enum
{
	FMT_TEXT, FMT_MARKDOWN, FMT_HTML, FMT_CSV, FMT_XLSX, FMT_JSON
} Format;

static struct
{
	const char *dbname;
	const char *host;
	const char *port;
	const char *user;
	int			retries;		/* connection attempts */
	Format		format;
	bool		format_given;
	bool		excel;
	const char *output;
	long long	contract;
	bool		quiet;
	/* incident */
	const char *system;
	const char *key;
	const char *summary;
	const char *source;
	const char *detected_at;
	const char *detail_json;
	bool		not_immediate;
	/* watch */
	const char *exec_cmd;
	const char *state_file;
	long long	since;
	long		count;
	int			scan_interval;
	/* cap */
	const char *month;
}			opt = {.retries = 5, .format = FMT_TEXT, .contract = -1, .since = -1, .source = "omctl"};

static volatile sig_atomic_t stop_requested = 0;

static void
on_signal(int sig)
{
	(void) sig;
	stop_requested = 1;
}

static void
die(int code, const char *fmt,...)
{
	va_list		ap;

	fputs("omctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

static void
note(const char *fmt,...)
{
	va_list		ap;

	if (opt.quiet)
		return;
	fputs("omctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void
sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR && !stop_requested)
		;
}

/* ---------------------------------------------------------- connecting */

/* One attempt. */
static PGconn *
connect_once(void)
{
	const char *keys[8];
	const char *vals[8];
	int			n = 0;
	PGconn	   *conn;

	/* the connection string first: the options after it override it */
	if (opt.dbname)
	{
		keys[n] = "dbname";
		vals[n++] = opt.dbname;
	}
	if (opt.host)
	{
		keys[n] = "host";
		vals[n++] = opt.host;
	}
	if (opt.port)
	{
		keys[n] = "port";
		vals[n++] = opt.port;
	}
	if (opt.user)
	{
		keys[n] = "user";
		vals[n++] = opt.user;
	}
	if (!getenv("PGAPPNAME"))
	{
		keys[n] = "fallback_application_name";
		vals[n++] = "omctl";
	}
	if (!getenv("PGCONNECT_TIMEOUT"))
	{
		/* a host that does not answer must not hold an abend hook forever */
		keys[n] = "connect_timeout";
		vals[n++] = "10";
	}
	keys[n] = NULL;
	vals[n] = NULL;
	conn = PQconnectdbParams(keys, vals, 1);
	if (PQstatus(conn) != CONNECTION_OK)
	{
		note("connection failed: %s", PQerrorMessage(conn));
		PQfinish(conn);
		return NULL;
	}
	return conn;
}

/*
 * Connect, retrying with exponential backoff (0.5 s, 1 s, 2 s ... at most
 * 10 s between attempts); tries <= 0: forever (watch).  NULL if it gave up.
 */
static PGconn *
connect_retry(int tries)
{
	long		wait_ms = 500;

	for (int i = 1; tries <= 0 || i <= tries; i++)
	{
		PGconn	   *conn = connect_once();

		if (conn)
			return conn;
		if (stop_requested || (tries > 0 && i == tries))
			break;
		note("retrying in %.1f s", wait_ms / 1000.0);
		sleep_ms(wait_ms);
		wait_ms = wait_ms * 2 > 10000 ? 10000 : wait_ms * 2;
	}
	return NULL;
}

static PGconn *
connect_or_exit(void)
{
	PGconn	   *conn = connect_retry(opt.retries);

	if (!conn)
		die(EXIT_NO_CONN, "could not connect to the server after %d attempt%s",
			opt.retries, opt.retries == 1 ? "" : "s");
	return conn;
}

/* Was the failure of this result the connection's (worth a retry)? */
static bool
connection_lost(PGconn *conn, const PGresult *res)
{
	const char *st = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	if (PQstatus(conn) != CONNECTION_OK)
		return true;
	if (!st)
		return res == NULL;
	/* connection exceptions, shutdown, crash recovery, a read-only standby */
	return strncmp(st, "08", 2) == 0 || strncmp(st, "57P", 3) == 0 ||
		strcmp(st, "25006") == 0 || strcmp(st, "40001") == 0 || strcmp(st, "40P01") == 0;
}

/* The exit code for a server error. */
static int
error_exit_code(const PGresult *res)
{
	const char *st = PQresultErrorField(res, PG_DIAG_SQLSTATE);

	if (!st)
		return EXIT_ERROR;
	if (strncmp(st, "OM7", 3) == 0 || strncmp(st, "22", 2) == 0 ||
		strcmp(st, "42883") == 0 || strcmp(st, "42P01") == 0)
		return EXIT_BAD_INPUT;
	return EXIT_ERROR;
}

static void
print_server_error(const PGresult *res, PGconn *conn)
{
	const char *st = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *det = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	const char *hint = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_HINT) : NULL;

	if (!msg)
	{
		fprintf(stderr, "omctl: %s", PQerrorMessage(conn));
		return;
	}
	fprintf(stderr, "omctl: %s: %s\n", st ? st : "ERROR", msg);
	if (det)
		fprintf(stderr, "DETAIL: %s\n", det);
	if (hint)
		fprintf(stderr, "HINT: %s\n", hint);
}

/* A query that must succeed; exits otherwise. */
static PGresult *
query(PGconn *conn, const char *sql, int nparams, const char *const *params)
{
	PGresult   *res = PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0);

	if (PQresultStatus(res) != PGRES_TUPLES_OK && PQresultStatus(res) != PGRES_COMMAND_OK)
	{
		int			code = connection_lost(conn, res) ? EXIT_NO_CONN : error_exit_code(res);

		print_server_error(res, conn);
		exit(code);
	}
	return res;
}

/* Does the server have this function (a regprocedure text)? */
static bool
server_has(PGconn *conn, const char *signature)
{
	const char *p[1] = {signature};
	PGresult   *res = query(conn, "SELECT pg_catalog.to_regprocedure($1) IS NOT NULL", 1, p);
	bool		has = strcmp(PQgetvalue(res, 0, 0), "t") == 0;

	PQclear(res);
	return has;
}

static void
require_function(PGconn *conn, const char *signature, const char *what)
{
	if (!server_has(conn, signature))
		die(EXIT_BAD_INPUT, "the server has no %s: %s needs a newer omledger on the server "
			"(ALTER EXTENSION omledger UPDATE)", signature, what);
}

/* The contract: --contract, or the one whose term covers today. */
static long long
the_contract(PGconn *conn)
{
	PGresult   *res;
	long long	c;

	if (opt.contract > 0)
		return opt.contract;
	res = query(conn,
				"SELECT contract_id FROM omledger.contract "
				"WHERE term @> (now() AT TIME ZONE 'Asia/Tokyo')::date ORDER BY contract_id",
				0, NULL);
	if (PQntuples(res) != 1)
		die(EXIT_BAD_INPUT, "%d contracts cover today: name one with --contract N", PQntuples(res));
	c = atoll(PQgetvalue(res, 0, 0));
	PQclear(res);
	return c;
}

/* ------------------------------------------------------------- tables */

/* A table to show: a heading, named columns, rows of cells (NULL = null). */
typedef struct
{
	char	   *heading;
	int			ncols;
	char	  **names;
	bool	   *numeric;		/* a column of numbers: right-aligned, a number in xlsx */
	int			nrows;
	int			cap;
	char	  **cells;			/* nrows * ncols */
} Table;

static char *
xstrdup(const char *s)
{
	char	   *d = s ? strdup(s) : NULL;

	if (s && !d)
		die(EXIT_ERROR, "out of memory");
	return d;
}

static void *
xcalloc(size_t n, size_t sz)
{
	void	   *p = calloc(n ? n : 1, sz);

	if (!p)
		die(EXIT_ERROR, "out of memory");
	return p;
}

static Table *
table_new(const char *heading, int ncols)
{
	Table	   *t = xcalloc(1, sizeof(Table));

	t->heading = xstrdup(heading);
	t->ncols = ncols;
	t->names = xcalloc(ncols, sizeof(char *));
	t->numeric = xcalloc(ncols, sizeof(bool));
	return t;
}

static void
table_add_row(Table *t, char **cells)
{
	if (t->nrows == t->cap)
	{
		t->cap = t->cap ? t->cap * 2 : 16;
		t->cells = realloc(t->cells, (size_t) t->cap * t->ncols * sizeof(char *));
		if (!t->cells)
			die(EXIT_ERROR, "out of memory");
	}
	for (int c = 0; c < t->ncols; c++)
		t->cells[(size_t) t->nrows * t->ncols + c] = xstrdup(cells[c]);
	t->nrows++;
}

static const char *
cell(const Table *t, int r, int c)
{
	return t->cells[(size_t) r * t->ncols + c];
}

/* Number types by OID (pg_type.h is a server header: the stable OIDs) */
static bool
oid_is_number(Oid typ)
{
	return typ == 20 || typ == 21 || typ == 23 || typ == 700 || typ == 701 || typ == 1700 || typ == 26;
}

static Table *
table_from_result(const char *heading, const PGresult *res)
{
	Table	   *t = table_new(heading, PQnfields(res));
	char	  **row = xcalloc(t->ncols, sizeof(char *));

	for (int c = 0; c < t->ncols; c++)
	{
		t->names[c] = xstrdup(PQfname(res, c));
		t->numeric[c] = oid_is_number(PQftype(res, c));
	}
	for (int r = 0; r < PQntuples(res); r++)
	{
		for (int c = 0; c < t->ncols; c++)
			row[c] = PQgetisnull(res, r, c) ? NULL : PQgetvalue(res, r, c);
		table_add_row(t, row);
	}
	free(row);
	return t;
}

/* ------------------------------------------------------------ output */
static FILE *out;

static void
pad(size_t n)
{
	while (n-- > 0)
		fputc(' ', out);
}

/* Aligned columns for people; wide characters count two columns. */
static void
write_text(Table **ts, int n)
{
	for (int i = 0; i < n; i++)
	{
		Table	   *t = ts[i];
		size_t	   *w = xcalloc(t->ncols, sizeof(size_t));

		if (t->heading && (n > 1 || t->heading[0]))
			fprintf(out, "%s%s\n", i ? "\n" : "", t->heading);
		for (int c = 0; c < t->ncols; c++)
		{
			w[c] = text_display_width(t->names[c], strlen(t->names[c]));
			for (int r = 0; r < t->nrows; r++)
			{
				const char *v = cell(t, r, c);
				size_t		cw = v ? text_display_width(v, strlen(v)) : 0;

				if (cw > w[c])
					w[c] = cw;
			}
		}
		for (int c = 0; c < t->ncols; c++)
		{
			size_t		cw = text_display_width(t->names[c], strlen(t->names[c]));

			if (c)
				fputs("  ", out);
			if (t->numeric[c])
				pad(w[c] - cw);
			fputs(t->names[c], out);
			if (!t->numeric[c] && c < t->ncols - 1)
				pad(w[c] - cw);
		}
		fputc('\n', out);
		for (int c = 0; c < t->ncols; c++)
		{
			if (c)
				fputs("  ", out);
			for (size_t k = 0; k < w[c]; k++)
				fputc('-', out);
		}
		fputc('\n', out);
		for (int r = 0; r < t->nrows; r++)
		{
			for (int c = 0; c < t->ncols; c++)
			{
				const char *v = cell(t, r, c) ? cell(t, r, c) : "";
				size_t		cw = text_display_width(v, strlen(v));

				if (c)
					fputs("  ", out);
				if (t->numeric[c])
					pad(w[c] - cw);
				fputs(v, out);
				if (!t->numeric[c] && c < t->ncols - 1)
					pad(w[c] - cw);
			}
			fputc('\n', out);
		}
		fprintf(out, "(%d row%s)\n", t->nrows, t->nrows == 1 ? "" : "s");
		free(w);
	}
}

static void
csv_field(const char *v)
{
	if (!v)
		return;
	if (strpbrk(v, ",\"\r\n") == NULL)
	{
		fputs(v, out);
		return;
	}
	fputc('"', out);
	for (; *v; v++)
	{
		if (*v == '"')
			fputc('"', out);
		fputc(*v, out);
	}
	fputc('"', out);
}

/* Markdown tables: | separated, a | in a cell escaped. */
static void
md_cell(const char *v)
{
	for (; v && *v; v++)
	{
		if (*v == '|')
			fputc('\\', out);
		fputc(*v == '\n' ? ' ' : *v, out);
	}
}

static void
write_markdown(Table **ts, int n)
{
	for (int i = 0; i < n; i++)
	{
		Table	   *t = ts[i];

		if (t->heading && t->heading[0])
			fprintf(out, "%s## %s\n\n", i ? "\n" : "", t->heading);
		for (int c = 0; c < t->ncols; c++)
		{
			fputs("| ", out);
			md_cell(t->names[c]);
			fputc(' ', out);
		}
		fputs("|\n", out);
		for (int c = 0; c < t->ncols; c++)
			fputs(t->numeric[c] ? "|---:" : "|---", out);
		fputs("|\n", out);
		for (int r = 0; r < t->nrows; r++)
		{
			for (int c = 0; c < t->ncols; c++)
			{
				fputs("| ", out);
				md_cell(cell(t, r, c));
				fputc(' ', out);
			}
			fputs("|\n", out);
		}
	}
}

static void
html_text(const char *v)
{
	for (; v && *v; v++)
	{
		switch (*v)
		{
			case '<':
				fputs("&lt;", out);
				break;
			case '>':
				fputs("&gt;", out);
				break;
			case '&':
				fputs("&amp;", out);
				break;
			case '"':
				fputs("&quot;", out);
				break;
			default:
				fputc(*v, out);
		}
	}
}

static void
write_html(Table **ts, int n)
{
	fputs("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>omledger</title></head><body>\n", out);
	for (int i = 0; i < n; i++)
	{
		Table	   *t = ts[i];

		if (t->heading && t->heading[0])
		{
			fputs("<h2>", out);
			html_text(t->heading);
			fputs("</h2>\n", out);
		}
		fputs("<table>\n<tr>", out);
		for (int c = 0; c < t->ncols; c++)
		{
			fputs("<th>", out);
			html_text(t->names[c]);
			fputs("</th>", out);
		}
		fputs("</tr>\n", out);
		for (int r = 0; r < t->nrows; r++)
		{
			fputs("<tr>", out);
			for (int c = 0; c < t->ncols; c++)
			{
				fputs(t->numeric[c] ? "<td style=\"text-align:right\">" : "<td>", out);
				html_text(cell(t, r, c));
				fputs("</td>", out);
			}
			fputs("</tr>\n", out);
		}
		fputs("</table>\n", out);
	}
	fputs("</body></html>\n", out);
}

/* RFC 4180; under --excel a UTF-8 BOM and CRLF, so Excel reads UTF-8. */
static void
write_csv(Table **ts, int n)
{
	const char *eol = opt.excel ? "\r\n" : "\n";

	if (opt.excel)
		fputs("\xEF\xBB\xBF", out);
	for (int i = 0; i < n; i++)
	{
		Table	   *t = ts[i];

		if (n > 1)
		{
			if (i)
				fputs(eol, out);
			csv_field(t->heading);
			fputs(eol, out);
		}
		for (int c = 0; c < t->ncols; c++)
		{
			if (c)
				fputc(',', out);
			csv_field(t->names[c]);
		}
		fputs(eol, out);
		for (int r = 0; r < t->nrows; r++)
		{
			for (int c = 0; c < t->ncols; c++)
			{
				if (c)
					fputc(',', out);
				csv_field(cell(t, r, c));
			}
			fputs(eol, out);
		}
	}
}

static void
json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *) s; *p; p++)
	{
		switch (*p)
		{
			case '"':
				fputs("\\\"", f);
				break;
			case '\\':
				fputs("\\\\", f);
				break;
			case '\n':
				fputs("\\n", f);
				break;
			case '\r':
				fputs("\\r", f);
				break;
			case '\t':
				fputs("\\t", f);
				break;
			default:
				if (*p < 0x20)
					fprintf(f, "\\u%04x", *p);
				else
					fputc(*p, f);
		}
	}
	fputc('"', f);
}

/* Is v a JSON number as PostgreSQL prints numbers (not NaN, Infinity)? */
static bool
json_numberish(const char *v)
{
	char	   *end;

	if (!*v || strpbrk(v, "nNiI"))
		return false;
	(void) strtod(v, &end);
	return *end == '\0';
}

static void
write_json(Table **ts, int n)
{
	if (n > 1)
		fputs("{\"sections\": [", out);
	for (int i = 0; i < n; i++)
	{
		Table	   *t = ts[i];

		if (n > 1)
		{
			fputs(i ? ", {\"heading\": " : "{\"heading\": ", out);
			json_string(out, t->heading ? t->heading : "");
			fputs(", \"rows\": ", out);
		}
		fputc('[', out);
		for (int r = 0; r < t->nrows; r++)
		{
			fputs(r ? ",\n {" : "{", out);
			for (int c = 0; c < t->ncols; c++)
			{
				const char *v = cell(t, r, c);

				if (c)
					fputs(", ", out);
				json_string(out, t->names[c]);
				fputs(": ", out);
				if (!v)
					fputs("null", out);
				else if (t->numeric[c] && json_numberish(v))
					fputs(v, out);
				else
					json_string(out, v);
			}
			fputc('}', out);
		}
		fputc(']', out);
		if (n > 1)
			fputc('}', out);
	}
	if (n > 1)
		fputs("]}", out);
	fputc('\n', out);
}

/* A sheet name Excel accepts: at most 31 characters, none of []:*?/\ */
static void
sheet_name(char *dst, size_t size, const char *heading, int i)
{
	size_t		k = 0;

	if (!heading || !*heading)
	{
		snprintf(dst, size, "Sheet%d", i + 1);
		return;
	}
	/* 31 characters: cut at a character boundary within 31 bytes * 3 */
	for (const char *p = heading; *p && k + 4 < size; p++)
		dst[k++] = strchr("[]:*?/\\", *p) ? '_' : *p;
	dst[k] = '\0';
	{
		size_t		cols;
		size_t		bytes = text_prefix_for_width(dst, k, 31, &cols);

		dst[bytes] = '\0';
	}
}

/* One sheet per section, numbers as numeric cells. */
static void
write_xlsx(Table **ts, int n, const char *path)
{
	lxw_workbook *wb = workbook_new(path);
	lxw_format *bold;

	if (!wb)
		die(EXIT_ERROR, "cannot create the workbook %s", path);
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	for (int i = 0; i < n; i++)
	{
		Table	   *t = ts[i];
		char		name[128];
		lxw_worksheet *ws;

		sheet_name(name, sizeof(name), t->heading, i);
		ws = workbook_add_worksheet(wb, name);
		if (!ws)
		{
			snprintf(name, sizeof(name), "Sheet%d", i + 1);
			ws = workbook_add_worksheet(wb, name);
		}
		for (int c = 0; c < t->ncols; c++)
			worksheet_write_string(ws, 0, (lxw_col_t) c, t->names[c], bold);
		for (int r = 0; r < t->nrows; r++)
			for (int c = 0; c < t->ncols; c++)
			{
				const char *v = cell(t, r, c);

				if (!v)
					continue;
				if (t->numeric[c] && json_numberish(v))
					worksheet_write_number(ws, (lxw_row_t) r + 1, (lxw_col_t) c, strtod(v, NULL), NULL);
				else
					worksheet_write_string(ws, (lxw_row_t) r + 1, (lxw_col_t) c, v, NULL);
			}
	}
	if (workbook_close(wb) != LXW_NO_ERROR)
		die(EXIT_ERROR, "cannot write the workbook %s", path);
}

/* Write the tables in the chosen format to --output or stdout. */
static void
emit(Table **ts, int n)
{
	if (opt.format == FMT_XLSX)
	{
		char		tmp[] = "/tmp/omctl-XXXXXX";
		int			fd;
		FILE	   *f;
		char		buf[65536];
		size_t		k;

		if (opt.output)
		{
			write_xlsx(ts, n, opt.output);
			return;
		}
		if (isatty(STDOUT_FILENO))
			die(EXIT_BAD_INPUT, "--format xlsx writes a binary workbook: give --output FILE or redirect stdout");
		/* libxlsxwriter writes files: write one, then copy it to stdout */
		fd = mkstemp(tmp);
		if (fd < 0)
			die(EXIT_ERROR, "cannot create a temporary file: %s", strerror(errno));
		close(fd);
		write_xlsx(ts, n, tmp);
		f = fopen(tmp, "rb");
		if (!f)
			die(EXIT_ERROR, "cannot read %s", tmp);
		while ((k = fread(buf, 1, sizeof(buf), f)) > 0)
			fwrite(buf, 1, k, stdout);
		fclose(f);
		unlink(tmp);
		return;
	}
	out = stdout;
	if (opt.output && !(out = fopen(opt.output, "wb")))
		die(EXIT_ERROR, "cannot write %s: %s", opt.output, strerror(errno));
	switch (opt.format)
	{
		case FMT_CSV:
			write_csv(ts, n);
			break;
		case FMT_JSON:
			write_json(ts, n);
			break;
		case FMT_MARKDOWN:
			write_markdown(ts, n);
			break;
		case FMT_HTML:
			write_html(ts, n);
			break;
		default:
			write_text(ts, n);
			break;
	}
	if (out != stdout)
		fclose(out);
	else
		fflush(out);
}

static void
emit_result(const char *heading, PGresult *res)
{
	Table	   *t = table_from_result(heading, res);

	emit(&t, 1);
}

/* ------------------------------------------------------------ incident */
static int
cmd_incident(void)
{
	const char *params[7];
	long		wait_ms = 500;

	if (!opt.system || !opt.key || !opt.summary)
		die(EXIT_BAD_INPUT, "incident needs --system, --key and --summary (see omctl --help)");
	params[0] = opt.source;
	params[1] = opt.key;
	params[2] = opt.system;
	params[3] = opt.detected_at;	/* NULL: the time of the report */
	params[4] = opt.summary;
	params[5] = opt.detail_json;
	params[6] = opt.not_immediate ? "false" : "true";

	/*
	 * A call whose connection broke may or may not have committed: calling
	 * again is safe, the dedupe key makes a repeat of it.
	 */
	for (int attempt = 1;; attempt++)
	{
		PGconn	   *conn = connect_retry(opt.retries - attempt + 1 > 0 ? opt.retries - attempt + 1 : 1);
		PGresult   *res;

		if (!conn)
			die(EXIT_NO_CONN, "could not connect to the server: the incident %s/%s is NOT recorded",
				opt.source, opt.key);
		res = PQexecParams(conn,
						   "SELECT omledger.report_incident($1, $2, $3, $4::timestamptz, $5, $6::jsonb, $7::boolean)",
						   7, NULL, params, NULL, NULL, 0);
		if (PQresultStatus(res) == PGRES_TUPLES_OK)
		{
			if (opt.format == FMT_JSON)
				printf("{\"item_id\": %s}\n", PQgetvalue(res, 0, 0));
			else
				printf("%s\n", PQgetvalue(res, 0, 0));
			PQclear(res);
			PQfinish(conn);
			return EXIT_OK;
		}
		if (connection_lost(conn, res) && attempt < opt.retries && !stop_requested)
		{
			note("the call failed (%s), retrying", PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)
				 ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : "connection lost");
			PQclear(res);
			PQfinish(conn);
			sleep_ms(wait_ms);
			wait_ms = wait_ms * 2 > 10000 ? 10000 : wait_ms * 2;
			continue;
		}
		print_server_error(res, conn);
		{
			int			code = connection_lost(conn, res) ? EXIT_NO_CONN : error_exit_code(res);

			PQclear(res);
			PQfinish(conn);
			return code;
		}
	}
}

/* --------------------------------------------------------------- watch */
static void
save_state(long long last)
{
	char		tmp[4096];
	FILE	   *f;

	if (!opt.state_file)
		return;
	snprintf(tmp, sizeof(tmp), "%s.tmp", opt.state_file);
	f = fopen(tmp, "w");
	if (!f || fprintf(f, "%lld\n", last) < 0 || fclose(f) != 0 || rename(tmp, opt.state_file) != 0)
		note("cannot write the state file %s: %s", opt.state_file, strerror(errno));
}

static long long
load_state(void)
{
	FILE	   *f;
	long long	v = -1;

	if (!opt.state_file || !(f = fopen(opt.state_file, "r")))
		return -1;
	if (fscanf(f, "%lld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

/* Hand one alert on: a JSON line on stdout, or CMD with it on stdin. */
static bool
deliver(const char *id, const char *kind, const char *line)
{
	FILE	   *p;
	int			rc;

	if (!opt.exec_cmd)
	{
		printf("%s\n", line);
		fflush(stdout);
		return true;
	}
	setenv("OMLEDGER_ALERT_ID", id, 1);
	setenv("OMLEDGER_ALERT_KIND", kind, 1);
	fflush(stdout);
	p = popen(opt.exec_cmd, "w");
	if (!p)
	{
		note("cannot run %s: %s", opt.exec_cmd, strerror(errno));
		return false;
	}
	fprintf(p, "%s\n", line);
	rc = pclose(p);
	if (rc != 0)
	{
		note("%s failed (status %d) for alert %s: will try again", opt.exec_cmd, rc, id);
		return false;
	}
	return true;
}

/*
 * Everything raised after *last, in order: CAUGHT_UP; LOST_CONNECTION; or
 * UNDELIVERED when --exec failed (the alert is offered again later).
 * Alerts commit in id order (see 98_alerts.sql), so "after the last id
 * seen" misses nothing.
 */
typedef enum
{
	CAUGHT_UP, LOST_CONNECTION, UNDELIVERED
} CatchUp;

static CatchUp
catch_up(PGconn *conn, long long *last, long *delivered)
{
	char		since[32];
	const char *p[1] = {since};
	PGresult   *res;

	snprintf(since, sizeof(since), "%lld", *last);
	res = PQexecParams(conn,
					   "SELECT a.alert_id, a.kind, pg_catalog.json_build_object('alert_id', a.alert_id, "
					   "'raised_at', a.raised_at, 'kind', a.kind, 'contract_id', a.contract_id, "
					   "'item_id', a.item_id, 'payload', a.payload)::text "
					   "FROM omledger.pending_alerts($1) AS a ORDER BY a.alert_id",
					   1, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		if (!connection_lost(conn, res))
		{
			print_server_error(res, conn);
			exit(error_exit_code(res));
		}
		PQclear(res);
		return LOST_CONNECTION;
	}
	for (int r = 0; r < PQntuples(res); r++)
	{
		if (!deliver(PQgetvalue(res, r, 0), PQgetvalue(res, r, 1), PQgetvalue(res, r, 2)))
		{
			save_state(*last);
			PQclear(res);
			return UNDELIVERED;
		}
		*last = atoll(PQgetvalue(res, r, 0));
		(*delivered)++;
		if (opt.count > 0 && *delivered >= opt.count)
			break;
	}
	save_state(*last);
	PQclear(res);
	return CAUGHT_UP;
}

static int
cmd_watch(void)
{
	long long	last = opt.since;
	long		delivered = 0;
	bool		scan_allowed = opt.scan_interval > 0;
	time_t		next_scan = 0;

	if (last < 0)
		last = load_state();
	for (;;)
	{
		PGconn	   *conn;
		PGresult   *res;
		bool		ok = true;
		CatchUp		cu;

		if (stop_requested)
			return EXIT_OK;
		conn = connect_retry(0);
		if (!conn)
			return EXIT_OK;		/* stopped while connecting */
		res = PQexec(conn, "LISTEN omledger_alert");
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
		{
			PQclear(res);
			PQfinish(conn);
			sleep_ms(1000);
			continue;
		}
		PQclear(res);
		if (last < 0)
		{
			/* first start without --since nor a state: from now on */
			res = query(conn, "SELECT COALESCE(max(a.alert_id), 0) FROM omledger.pending_alerts(0) AS a", 0, NULL);
			last = atoll(PQgetvalue(res, 0, 0));
			PQclear(res);
			save_state(last);
		}
		note("listening (after alert %lld)", last);
		/* what was raised while we were away, then what comes */
		cu = catch_up(conn, &last, &delivered);
		ok = cu != LOST_CONNECTION;
		while (ok && !stop_requested && !(opt.count > 0 && delivered >= opt.count))
		{
			int			sock = PQsocket(conn);
			fd_set		fds;
			struct timeval tv = {1, 0};
			PGnotify   *n;
			bool		wake = false;

			if (scan_allowed && time(NULL) >= next_scan)
			{
				res = PQexec(conn, "SELECT omledger.raise_due_alerts()");
				if (PQresultStatus(res) != PGRES_TUPLES_OK)
				{
					if (connection_lost(conn, res))
						ok = false;
					else
					{
						note("--scan: %s(scanning turned off)", PQerrorMessage(conn));
						scan_allowed = false;
					}
				}
				PQclear(res);
				next_scan = time(NULL) + opt.scan_interval;
				if (!ok)
					break;
			}
			FD_ZERO(&fds);
			FD_SET(sock, &fds);
			if (select(sock + 1, &fds, NULL, NULL, &tv) < 0 && errno != EINTR)
			{
				ok = false;
				break;
			}
			if (!PQconsumeInput(conn) || PQstatus(conn) != CONNECTION_OK)
			{
				ok = false;
				break;
			}
			while ((n = PQnotifies(conn)) != NULL)
			{
				wake = true;
				PQfreemem(n);
			}
			/* new alerts, or a CMD that failed: offer them (again) */
			if (wake || cu == UNDELIVERED)
			{
				cu = catch_up(conn, &last, &delivered);
				ok = cu != LOST_CONNECTION;
			}
		}
		PQfinish(conn);
		if (stop_requested || (opt.count > 0 && delivered >= opt.count))
			return EXIT_OK;
		note("connection lost after alert %lld: reconnecting", last);
		sleep_ms(500);
	}
}

/* ----------------------------------------------------------------- cap */
static int
cmd_cap(void)
{
	PGconn	   *conn = connect_or_exit();
	char		contract[32];
	const char *params[2];
	PGresult   *res;
	char		heading[128];

	snprintf(contract, sizeof(contract), "%lld", the_contract(conn));
	params[0] = contract;
	params[1] = opt.month;		/* NULL: this month (Japan time) */
	res = query(conn,
				"SELECT s.category, s.month_used::text AS month_used, s.month_cap::text AS month_cap, "
				"s.month_enforcement, s.month_percent, s.term_used::text AS term_used, "
				"s.term_cap::text AS term_cap, s.term_enforcement, s.term_percent, "
				"omledger.effort_minutes(s.month_used) AS month_used_minutes, "
				"omledger.effort_minutes(s.month_cap) AS month_cap_minutes, "
				"omledger.effort_minutes(s.term_used) AS term_used_minutes, "
				"omledger.effort_minutes(s.term_cap) AS term_cap_minutes "
				"FROM omledger.cap_status($1::bigint, COALESCE($2::text::omledger.fiscal_period, "
				"omledger.fiscal_period((now() AT TIME ZONE 'Asia/Tokyo')::date, 'month'))) AS s",
				2, params);
	snprintf(heading, sizeof(heading), "caps of contract %s", contract);
	emit_result(opt.format == FMT_XLSX ? "caps" : heading, res);
	PQclear(res);
	PQfinish(conn);
	return EXIT_OK;
}

/* --------------------------------------------------------------- check */
static int
cmd_check(void)
{
	PGconn	   *conn = connect_retry(opt.retries);
	PGresult   *res;
	long		overdue,
				soon;
	int			status = 0;
	char		caps[1024] = "";
	char		obligations[128] = "obligations: n/a";
	static const char *const names[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};
	char		cbuf[32];
	const char *cp[1] = {NULL};

	if (opt.contract > 0)
	{
		snprintf(cbuf, sizeof(cbuf), "%lld", opt.contract);
		cp[0] = cbuf;
	}
	if (!conn)
	{
		printf("OMLEDGER UNKNOWN - cannot connect to the server\n");
		return 3;
	}
	res = query(conn,
				"SELECT count(*) FILTER (WHERE w.response_due_at <= now()), "
				"       count(*) FILTER (WHERE w.response_due_at > now() "
				"         AND w.response_due_at - (omledger.alert_settings(w.contract_id)).response_warning <= now()) "
				"FROM omledger.work_item AS w JOIN omledger.workflow_status AS s "
				"  ON s.kind = w.kind AND s.status = w.status "
				"WHERE w.kind = 'failure_recovery' AND w.response_started_at IS NULL "
				"  AND w.response_due_at IS NOT NULL AND NOT s.is_terminal"
				"  AND ($1::bigint IS NULL OR w.contract_id = $1::bigint)",
				1, cp);
	overdue = atol(PQgetvalue(res, 0, 0));
	soon = atol(PQgetvalue(res, 0, 1));
	PQclear(res);
	if (overdue > 0)
		status = 2;
	else if (soon > 0)
		status = 1;

	/* caps: at or over 100 % critical, past the first alert threshold warning */
	res = query(conn,
				"SELECT c.contract_id, st.category, x.scope, x.pct, "
				"       CASE WHEN x.pct >= 100 THEN 2 WHEN x.pct >= (SELECT min(u) FROM unnest(ec.alert_percent::int[]) u) THEN 1 ELSE 0 END "
				"FROM omledger.contract AS c, "
				"     LATERAL omledger.cap_status(c.contract_id, omledger.fiscal_period((now() AT TIME ZONE 'Asia/Tokyo')::date, 'month')) AS st, "
				"     LATERAL (VALUES ('month', st.month_percent), ('term', st.term_percent)) AS x(scope, pct), "
				"     omledger.effort_cap AS ec "
				"WHERE c.term @> (now() AT TIME ZONE 'Asia/Tokyo')::date "
				"  AND ec.contract_id = c.contract_id AND ec.category = st.category AND ec.scope = x.scope "
				"  AND x.pct IS NOT NULL AND ($1::bigint IS NULL OR c.contract_id = $1::bigint) "
				"ORDER BY 5 DESC, x.pct DESC, 1, 2, 3",
				1, cp);
	{
		int			shown = 0;

		for (int r = 0; r < PQntuples(res); r++)
		{
			int			lvl = atoi(PQgetvalue(res, r, 4));
			size_t		len = strlen(caps);

			if (lvl == 0)
				continue;
			if (lvl > status)
				status = lvl;
			if (shown++ < 3)
				snprintf(caps + len, sizeof(caps) - len, "%s%s %s cap at %s%% (contract %s)",
						 len ? ", " : "", PQgetvalue(res, r, 1), PQgetvalue(res, r, 2),
						 PQgetvalue(res, r, 3), PQgetvalue(res, r, 0));
		}
		if (!shown)
			snprintf(caps, sizeof(caps), "caps below their alert thresholds");
	}
	PQclear(res);

	/* obligations overdue, where the server has them */
	res = query(conn, "SELECT pg_catalog.to_regclass('omledger.v_obligations') IS NOT NULL", 0, NULL);
	if (strcmp(PQgetvalue(res, 0, 0), "t") == 0)
	{
		PGresult   *o = query(conn,
							  "SELECT count(*) FROM omledger.v_obligations AS o "
							  "WHERE COALESCE((to_jsonb(o)->>'overdue')::boolean, false) "
							  "   OR to_jsonb(o)->>'status' = 'overdue'",
							  0, NULL);
		long		n = atol(PQgetvalue(o, 0, 0));

		snprintf(obligations, sizeof(obligations), "%ld obligation%s overdue", n, n == 1 ? "" : "s");
		if (n > 0)
			status = 2;
		PQclear(o);
	}
	PQclear(res);
	PQfinish(conn);
	if (opt.format == FMT_JSON)
	{
		char		line[2048];

		snprintf(line, sizeof(line), "%ld response%s overdue, %ld due soon; %s; %s",
				 overdue, overdue == 1 ? "" : "s", soon, caps, obligations);
		printf("{\"status\": \"%s\", \"exit\": %d, \"responses_overdue\": %ld, "
			   "\"responses_due_soon\": %ld, \"summary\": ", names[status], status, overdue, soon);
		json_string(stdout, line);
		printf("}\n");
		return status;
	}
	printf("OMLEDGER %s - %ld response%s overdue, %ld due soon; %s; %s\n", names[status],
		   overdue, overdue == 1 ? "" : "s", soon, caps, obligations);
	return status;
}

/* ------------------------------------------------------------- reports */

/*
 * A report document (jsonb) as tables: the server flattens it into
 * (section, row, key, value, type) so that omctl needs no JSON parser.
 * Sections are either {"sections": [{"heading", "columns", "rows"}]} (the
 * document shape of render_document) or an object of arrays of row objects.
 */
static int
tables_from_document(PGconn *conn, const char *doc_sql, int nparams, const char *const *params, Table ***out_ts)
{
	char		sql[4096];
	PGresult   *res;
	Table	  **ts = NULL;
	int			n = 0;

	snprintf(sql, sizeof(sql),
			 "WITH d AS (SELECT (%s) AS doc), "
			 "s AS ("
			 " SELECT e.ord AS sec, e.key AS heading, e.value AS rows, NULL::jsonb AS columns"
			 "   FROM d, jsonb_each(CASE WHEN jsonb_typeof(d.doc->'sections') = 'object' THEN d.doc->'sections' "
			 "                           WHEN jsonb_typeof(d.doc->'sections') = 'array' THEN '{}'::jsonb ELSE d.doc END) "
			 "        WITH ORDINALITY AS e(key, value, ord)"
			 "  WHERE jsonb_typeof(e.value) = 'array'"
			 " UNION ALL"
			 " SELECT t.ord, t.x->>'heading', t.x->'rows', t.x->'columns'"
			 "   FROM d, jsonb_array_elements(CASE WHEN jsonb_typeof(d.doc->'sections') = 'array' THEN d.doc->'sections' ELSE '[]' END) "
			 "        WITH ORDINALITY AS t(x, ord)"
			 "  WHERE jsonb_typeof(t.x->'rows') = 'array'), "
			 "k AS ("
			 " SELECT s.sec, c.value->>'key' AS key, COALESCE(c.value->>'label', c.value->>'key') AS label, c.ord"
			 "   FROM s, jsonb_array_elements(s.columns) WITH ORDINALITY AS c(value, ord) WHERE s.columns IS NOT NULL"
			 " UNION ALL"
			 " SELECT s.sec, f.key, f.key, row_number() OVER (PARTITION BY s.sec ORDER BY min(f.o), f.key)"
			 "   FROM s, jsonb_array_elements(s.rows) WITH ORDINALITY AS r(row, ro), jsonb_each(r.row) WITH ORDINALITY AS f(key, v, o)"
			 "  WHERE s.columns IS NULL AND jsonb_typeof(r.row) = 'object' GROUP BY s.sec, f.key) "
			 "SELECT s.sec, s.heading, k.ord, k.label, r.ro, r.row->k.key #>> '{}', "
			 "       bool_and(jsonb_typeof(r.row->k.key) IN ('number', 'null') OR r.row->k.key IS NULL) OVER (PARTITION BY s.sec, k.ord) "
			 "FROM s JOIN k ON k.sec = s.sec "
			 "LEFT JOIN LATERAL jsonb_array_elements(s.rows) WITH ORDINALITY AS r(row, ro) ON true "
			 "ORDER BY s.sec, r.ro NULLS FIRST, k.ord",
			 doc_sql);
	res = query(conn, sql, nparams, params);
	for (int i = 0; i < PQntuples(res);)
	{
		const char *sec = PQgetvalue(res, i, 0);
		int			j,
					ncols = 0;
		Table	   *t;
		char	  **row;

		/* the columns: the distinct k.ord of this section */
		for (j = i; j < PQntuples(res) && strcmp(PQgetvalue(res, j, 0), sec) == 0; j++)
			if (atoi(PQgetvalue(res, j, 2)) > ncols)
				ncols = atoi(PQgetvalue(res, j, 2));
		t = table_new(PQgetvalue(res, i, 1), ncols);
		row = xcalloc(ncols, sizeof(char *));
		for (int r = i; r < j; r++)
		{
			int			c = atoi(PQgetvalue(res, r, 2)) - 1;

			if (!t->names[c])
			{
				t->names[c] = xstrdup(PQgetvalue(res, r, 3));
				t->numeric[c] = strcmp(PQgetvalue(res, r, 6), "t") == 0;
			}
		}
		for (int r = i; r < j;)
		{
			const char *ro = PQgetvalue(res, r, 4);
			int			s = r;

			if (PQgetisnull(res, r, 4))
			{
				r++;			/* a section without rows */
				continue;
			}
			memset(row, 0, ncols * sizeof(char *));
			for (; r < j && strcmp(PQgetvalue(res, r, 4), ro) == 0; r++)
				row[atoi(PQgetvalue(res, r, 2)) - 1] = PQgetisnull(res, r, 5) ? NULL : PQgetvalue(res, r, 5);
			if (r > s)
				table_add_row(t, row);
		}
		for (int c = 0; c < ncols; c++)
			if (!t->names[c])
				t->names[c] = xstrdup("");
		free(row);
		ts = realloc(ts, (n + 1) * sizeof(Table *));
		if (!ts)
			die(EXIT_ERROR, "out of memory");
		ts[n++] = t;
		i = j;
	}
	PQclear(res);
	*out_ts = ts;
	return n;
}

static int
cmd_report_monthly(const char *month)
{
	PGconn	   *conn = connect_or_exit();
	char		contract[32];
	const char *params[3];

	if (!month)
		die(EXIT_BAD_INPUT, "report monthly needs a month, e.g. omctl report monthly 2026-02");
	require_function(conn, "omledger.monthly_report(bigint,omledger.fiscal_period)", "report monthly");
	if (opt.format == FMT_TEXT || opt.format == FMT_MARKDOWN || opt.format == FMT_HTML)
		require_function(conn, "omledger.monthly_report_document(bigint,omledger.fiscal_period,text)",
						 "report monthly");
	snprintf(contract, sizeof(contract), "%lld", the_contract(conn));
	params[0] = contract;
	params[1] = month;
	if (opt.format == FMT_TEXT || opt.format == FMT_MARKDOWN || opt.format == FMT_HTML)
	{
		PGresult   *res;

		require_function(conn, "omledger.monthly_report_document(bigint,omledger.fiscal_period,text)",
						 "report monthly");
		params[2] = opt.format == FMT_TEXT ? "text" : opt.format == FMT_MARKDOWN ? "markdown" : "html";
		note("rendering the monthly report of contract %s for %s", contract, month);
		res = query(conn, "SELECT omledger.monthly_report_document($1::bigint, $2::omledger.fiscal_period, $3)",
					3, params);
		out = stdout;
		if (opt.output && !(out = fopen(opt.output, "wb")))
			die(EXIT_ERROR, "cannot write %s: %s", opt.output, strerror(errno));
		fputs(PQgetvalue(res, 0, 0), out);
		if (out != stdout)
			fclose(out);
		PQclear(res);
	}
	else
	{
		Table	  **ts;
		int			n;

		require_function(conn, "omledger.monthly_report(bigint,omledger.fiscal_period)", "report monthly");
		note("reading the monthly report of contract %s for %s", contract, month);
		if (opt.format == FMT_JSON)
		{
			PGresult   *res = query(conn, "SELECT omledger.monthly_report($1::bigint, $2::omledger.fiscal_period)",
									2, params);

			printf("%s\n", PQgetvalue(res, 0, 0));
			PQclear(res);
		}
		else
		{
			n = tables_from_document(conn, "SELECT omledger.monthly_report($1::bigint, $2::omledger.fiscal_period)",
									 2, params, &ts);
			emit(ts, n);
		}
	}
	PQfinish(conn);
	return EXIT_OK;
}

static int
cmd_report_weekly(const char *week)
{
	PGconn	   *conn = connect_or_exit();
	char		contract[32];
	const char *params[2];
	PGresult   *res;

	if (!week)
		die(EXIT_BAD_INPUT, "report weekly needs a date, e.g. omctl report weekly 2026-02-02");
	require_function(conn, "omledger.weekly_inventory(bigint,date)", "report weekly");
	snprintf(contract, sizeof(contract), "%lld", the_contract(conn));
	params[0] = contract;
	params[1] = week;
	res = query(conn, "SELECT * FROM omledger.weekly_inventory($1::bigint, $2::date)", 2, params);
	emit_result(opt.format == FMT_XLSX ? "weekly inventory" : "", res);
	PQclear(res);
	PQfinish(conn);
	return EXIT_OK;
}

static int
cmd_obligations(void)
{
	PGconn	   *conn = connect_or_exit();
	PGresult   *res = query(conn, "SELECT pg_catalog.to_regclass('omledger.v_obligations') IS NOT NULL", 0, NULL);
	char		contract[32];
	const char *params[1] = {NULL};

	if (strcmp(PQgetvalue(res, 0, 0), "t") != 0)
		die(EXIT_BAD_INPUT, "the server has no omledger.v_obligations: obligations needs a newer omledger "
			"on the server (ALTER EXTENSION omledger UPDATE)");
	PQclear(res);
	if (opt.contract > 0)
	{
		snprintf(contract, sizeof(contract), "%lld", opt.contract);
		params[0] = contract;
	}
	res = query(conn, "SELECT * FROM omledger.v_obligations AS o "
				"WHERE $1::bigint IS NULL OR (to_jsonb(o)->>'contract_id')::bigint = $1::bigint",
				1, params);
	emit_result(opt.format == FMT_XLSX ? "obligations" : "", res);
	PQclear(res);
	PQfinish(conn);
	return EXIT_OK;
}

/* ---------------------------------------------------------------- main */
static void
usage(void)
{
	printf("omctl - the command-line client of omledger (the O&M ledger)\n"
		   "\n"
		   "Usage:\n"
		   "  omctl [OPTION]... incident --system CODE --key KEY --summary TEXT\n"
		   "                            [--source NAME] [--detected-at TIME] [--detail-json JSON]\n"
		   "                            [--not-immediate]\n"
		   "  omctl [OPTION]... watch [--exec CMD] [--state-file FILE] [--since ID] [--scan SECONDS]\n"
		   "                          [--count N]\n"
		   "  omctl [OPTION]... cap [--contract N] [--month YYYY-MM]\n"
		   "  omctl [OPTION]... check [--contract N]\n"
		   "  omctl [OPTION]... report monthly YYYY-MM [--contract N]\n"
		   "  omctl [OPTION]... report weekly YYYY-MM-DD [--contract N]\n"
		   "  omctl [OPTION]... obligations [--contract N]\n"
		   "\n"
		   "Commands:\n"
		   "  incident      report an incident (omledger.report_incident); prints the item id;\n"
		   "                a repeat of a known --source/--key returns the same item\n"
		   "  watch         print each alert as one JSON line (or run CMD with it on stdin),\n"
		   "                reconnecting after a server restart and catching up on what was missed\n"
		   "  cap           the effort caps of a contract for a month (cap_status)\n"
		   "  check         one line for monitoring (Nagios/Zabbix): late responses, caps near or\n"
		   "                over, obligations overdue; exit 0 OK, 1 warning, 2 critical, 3 unknown\n"
		   "  report        the monthly report, the weekly incident inventory\n"
		   "  obligations   the obligations with dates and their state\n"
		   "\n"
		   "Connection options (else the PG* environment variables and ~/.pg_service.conf):\n"
		   "  -d, --dbname=CONNINFO    database name or connection string / URI, e.g.\n"
		   "                           \"host=db1,db2 dbname=ledger target_session_attrs=read-write\"\n"
		   "  -h, --host=HOST          server host or socket directory\n"
		   "  -p, --port=PORT          server port\n"
		   "  -U, --username=USER      user name\n"
		   "  -r, --retries=N          connection attempts, with backoff 0.5 s, 1 s, 2 s ... 10 s (default 5;\n"
		   "                           watch retries for ever)\n"
		   "\n"
		   "Output options:\n"
		   "  -f, --format=FORMAT      text (aligned, the default), markdown, html, csv, xlsx or json\n"
		   "      --json               the same as --format json\n"
		   "      --excel              csv for Excel: a UTF-8 byte order mark and CRLF line ends\n"
		   "  -o, --output=FILE        write to FILE instead of standard output\n"
		   "  -c, --contract=N         the contract (default: the one whose term covers today)\n"
		   "  -q, --quiet              no progress or retry messages on standard error\n"
		   "\n"
		   "Incident options:\n"
		   "      --system=CODE        the system (omledger.system, e.g. SJK)\n"
		   "      --key=KEY            the incident's key in the sender (e.g. JOB123-20251001): repeats\n"
		   "                           with the same --source and --key make no second item\n"
		   "      --summary=TEXT       one line: what failed\n"
		   "      --source=NAME        the sending system (default omctl)\n"
		   "      --detected-at=TIME   when it was detected (default: now), e.g. 2026-02-03T02:10:00+09:00\n"
		   "      --detail-json=JSON   details as a JSON object (return code, step, log path)\n"
		   "      --not-immediate      no immediate response needed (tables 3 and 4)\n"
		   "\n"
		   "Watch options:\n"
		   "      --exec=CMD           run CMD (with /bin/sh) for each alert, the JSON on its standard\n"
		   "                           input and OMLEDGER_ALERT_ID, OMLEDGER_ALERT_KIND set; a failing\n"
		   "                           CMD is run again for the same alert\n"
		   "      --state-file=FILE    remember the last alert id delivered in FILE across runs\n"
		   "      --since=ID           deliver the alerts after ID first (0: all)\n"
		   "      --scan=SECONDS       call raise_due_alerts() every SECONDS (response deadlines, caps)\n"
		   "      --count=N            exit after N alerts\n"
		   "\n"
		   "Other:\n"
		   "      --month=YYYY-MM      cap: the month (default: this month, Japan time)\n"
		   "      --help               this help, then exit\n"
		   "      --version            the version, then exit\n"
		   "\n"
		   "Exit status: 0 done (incident: created or deduplicated); 1 another error reported by the\n"
		   "server; 2 bad input (usage, a refused incident OM7xx, a value the server cannot read, a\n"
		   "function the server lacks); 3 no connection after the retries.  check: 0 OK, 1 WARNING,\n"
		   "2 CRITICAL, 3 UNKNOWN.\n"
		   "\n"
		   "See omctl(1) and doc/integration.md.\n");
}

static Format
parse_format(const char *s)
{
	static const char *const names[] = {"text", "markdown", "html", "csv", "xlsx", "json"};

	for (int i = 0; i < 6; i++)
		if (strcmp(s, names[i]) == 0)
			return (Format) i;
	die(EXIT_BAD_INPUT, "unknown format \"%s\": text, markdown, html, csv, xlsx or json", s);
	return FMT_TEXT;
}

static long long
parse_number(const char *s, const char *what)
{
	char	   *end;
	long long	v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < 0)
		die(EXIT_BAD_INPUT, "%s must be a whole number, not \"%s\"", what, s);
	return v;
}

int
main(int argc, char **argv)
{
	enum
	{
		O_SYSTEM = 256, O_KEY, O_SUMMARY, O_SOURCE, O_DETECTED, O_DETAIL, O_NOT_IMMEDIATE,
		O_EXEC, O_STATE, O_SINCE, O_COUNT, O_SCAN, O_MONTH, O_JSON, O_EXCEL, O_HELP, O_VERSION
	};
	static const struct option longopts[] = {
		{"dbname", required_argument, NULL, 'd'},
		{"host", required_argument, NULL, 'h'},
		{"port", required_argument, NULL, 'p'},
		{"username", required_argument, NULL, 'U'},
		{"retries", required_argument, NULL, 'r'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"contract", required_argument, NULL, 'c'},
		{"quiet", no_argument, NULL, 'q'},
		{"json", no_argument, NULL, O_JSON},
		{"excel", no_argument, NULL, O_EXCEL},
		{"system", required_argument, NULL, O_SYSTEM},
		{"key", required_argument, NULL, O_KEY},
		{"summary", required_argument, NULL, O_SUMMARY},
		{"source", required_argument, NULL, O_SOURCE},
		{"detected-at", required_argument, NULL, O_DETECTED},
		{"detail-json", required_argument, NULL, O_DETAIL},
		{"not-immediate", no_argument, NULL, O_NOT_IMMEDIATE},
		{"exec", required_argument, NULL, O_EXEC},
		{"state-file", required_argument, NULL, O_STATE},
		{"since", required_argument, NULL, O_SINCE},
		{"count", required_argument, NULL, O_COUNT},
		{"scan", required_argument, NULL, O_SCAN},
		{"month", required_argument, NULL, O_MONTH},
		{"help", no_argument, NULL, O_HELP},
		{"version", no_argument, NULL, O_VERSION},
		{NULL, 0, NULL, 0}
	};
	int			c;
	const char *cmd;

	/* "+": options before the command and after it, in any order (GNU permutes) */
	while ((c = getopt_long(argc, argv, "d:h:p:U:r:f:o:c:q", longopts, NULL)) != -1)
	{
		switch (c)
		{
			case 'd':
				opt.dbname = optarg;
				break;
			case 'h':
				opt.host = optarg;
				break;
			case 'p':
				opt.port = optarg;
				break;
			case 'U':
				opt.user = optarg;
				break;
			case 'r':
				opt.retries = (int) parse_number(optarg, "--retries");
				if (opt.retries < 1)
					opt.retries = 1;
				break;
			case 'f':
				opt.format = parse_format(optarg);
				opt.format_given = true;
				break;
			case 'o':
				opt.output = optarg;
				break;
			case 'c':
				opt.contract = parse_number(optarg, "--contract");
				break;
			case 'q':
				opt.quiet = true;
				break;
			case O_JSON:
				opt.format = FMT_JSON;
				break;
			case O_EXCEL:
				opt.excel = true;
				if (!opt.format_given)
					opt.format = FMT_CSV;
				break;
			case O_SYSTEM:
				opt.system = optarg;
				break;
			case O_KEY:
				opt.key = optarg;
				break;
			case O_SUMMARY:
				opt.summary = optarg;
				break;
			case O_SOURCE:
				opt.source = optarg;
				break;
			case O_DETECTED:
				opt.detected_at = optarg;
				break;
			case O_DETAIL:
				opt.detail_json = optarg;
				break;
			case O_NOT_IMMEDIATE:
				opt.not_immediate = true;
				break;
			case O_EXEC:
				opt.exec_cmd = optarg;
				break;
			case O_STATE:
				opt.state_file = optarg;
				break;
			case O_SINCE:
				opt.since = parse_number(optarg, "--since");
				break;
			case O_COUNT:
				opt.count = (long) parse_number(optarg, "--count");
				break;
			case O_SCAN:
				opt.scan_interval = (int) parse_number(optarg, "--scan");
				break;
			case O_MONTH:
				opt.month = optarg;
				break;
			case O_HELP:
				usage();
				return EXIT_OK;
			case O_VERSION:
				printf("omctl (omledger) %s\n", OMCTL_VERSION);
				return EXIT_OK;
			default:
				fprintf(stderr, "Try \"omctl --help\" for more information.\n");
				return EXIT_BAD_INPUT;
		}
	}
	if (optind >= argc)
	{
		fprintf(stderr, "omctl: no command given\nTry \"omctl --help\" for more information.\n");
		return EXIT_BAD_INPUT;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	cmd = argv[optind];
	if (strcmp(cmd, "incident") == 0)
		return cmd_incident();
	if (strcmp(cmd, "watch") == 0)
		return cmd_watch();
	if (strcmp(cmd, "cap") == 0)
		return cmd_cap();
	if (strcmp(cmd, "check") == 0)
		return cmd_check();
	if (strcmp(cmd, "obligations") == 0)
		return cmd_obligations();
	if (strcmp(cmd, "report") == 0)
	{
		const char *what = optind + 1 < argc ? argv[optind + 1] : "";
		const char *arg = optind + 2 < argc ? argv[optind + 2] : NULL;

		if (strcmp(what, "monthly") == 0)
			return cmd_report_monthly(arg);
		if (strcmp(what, "weekly") == 0)
			return cmd_report_weekly(arg);
		die(EXIT_BAD_INPUT, "report monthly YYYY-MM or report weekly YYYY-MM-DD");
	}
	fprintf(stderr, "omctl: unknown command \"%s\"\nTry \"omctl --help\" for more information.\n", cmd);
	return EXIT_BAD_INPUT;
}
