/*
 * encoding.c
 *	  Conversion between the core's UTF-8 and the database encoding; see
 *	  encoding.h for the contract.
 *
 * Both directions call the database's default conversion function
 * directly, kept per backend (conversion_fn), rather than through
 * pg_any_to_server() / pg_server_to_any(), which look it up on every value.
 * Output is converted with noError, so that a character the database
 * encoding cannot hold is found, not thrown: the caller then gets an error
 * that names the function and the character (instead of "character with
 * byte sequence 0xe5 0x8a 0xb4 ... has no equivalent", with no hint of where
 * it came from), and a message can carry on past it.  Input is converted
 * with errors on: a byte sequence of the database encoding that UTF-8 lacks
 * is PostgreSQL's own error, as for any other text.
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "encoding.h"

static bool
needs_conversion(void)
{
	int			enc = GetDatabaseEncoding();

	return enc != PG_UTF8 && enc != PG_SQL_ASCII;
}

/*
 * The conversion function between UTF-8 and the database encoding, one way
 * (to_server) or the other, looked up once per backend and kept with its
 * FmgrInfo, as PostgreSQL keeps its client-encoding conversions
 * (ToServerConvProc): the database encoding never changes, so the catalog
 * lookup and fmgr_info() that pg_server_to_any() and
 * pg_do_encoding_conversion_buf() repeat for every value buy nothing here
 * (bench/encoding.sh measures what the conversion costs; BENCHMARKS.md).
 */
static FmgrInfo *
conversion_fn(bool to_server)
{
	static FmgrInfo *cached[2] = {NULL, NULL};
	FmgrInfo  **slot = &cached[to_server ? 1 : 0];

	if (*slot == NULL)
	{
		int			from = to_server ? PG_UTF8 : GetDatabaseEncoding();
		int			to = to_server ? GetDatabaseEncoding() : PG_UTF8;
		Oid			proc = FindDefaultConversionProc(from, to);
		FmgrInfo   *f;

		if (!OidIsValid(proc))
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_FUNCTION),
					 errmsg("default conversion function for encoding \"%s\" to \"%s\" does not exist",
							pg_encoding_to_char(from), pg_encoding_to_char(to))));
		f = MemoryContextAlloc(TopMemoryContext, sizeof(FmgrInfo));
		fmgr_info_cxt(proc, f, TopMemoryContext);
		*slot = f;
	}
	return *slot;
}

/* A buffer for the conversion of len bytes (and its terminating NUL). */
static char *
conversion_buffer(int len)
{
	if ((Size) len >= (MaxAllocSize - 1) / MAX_CONVERSION_GROWTH)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("out of memory"),
				 errdetail("String of %d bytes is too long for encoding conversion.", len)));
	return palloc((Size) len * MAX_CONVERSION_GROWTH + 1);
}

const char *
om_server_to_utf8(const char *s, size_t *len)
{
	char	   *utf8;

	if (!needs_conversion() || *len == 0)
		return s;
	/* without noError: a bad byte is the conversion's own 22021 or 22P05 */
	utf8 = conversion_buffer((int) *len);
	FunctionCall6(conversion_fn(false),
				  Int32GetDatum(GetDatabaseEncoding()),
				  Int32GetDatum(PG_UTF8),
				  CStringGetDatum(s),
				  CStringGetDatum(utf8),
				  Int32GetDatum((int) *len),
				  BoolGetDatum(false));
	*len = strlen(utf8);
	return utf8;
}

/*
 * Converts UTF-8 [p, p + len) into dest (from conversion_buffer(len)),
 * NUL-terminated; stops at the first character the database encoding lacks
 * and returns the number of bytes converted (len when all were).  The call
 * is the one pg_do_encoding_conversion_buf() makes, with noError.
 */
static int
convert_prefix(const unsigned char *p, int len, char *dest)
{
	return DatumGetInt32(FunctionCall6(conversion_fn(true),
									   Int32GetDatum(PG_UTF8),
									   Int32GetDatum(GetDatabaseEncoding()),
									   CStringGetDatum((const char *) p),
									   CStringGetDatum(dest),
									   Int32GetDatum(len),
									   BoolGetDatum(true)));
}

/* Length of the UTF-8 character at p (1 for a byte that starts none). */
static int
char_len(const unsigned char *p, int remaining)
{
	int			l = pg_utf_mblen(p);

	if (l > remaining || !pg_utf8_islegal(p, l))
		return 1;
	return l;
}

char *
om_utf8_to_server(const char *utf8, const char *fn)
{
	int			len = (int) strlen(utf8);
	char	   *dest;
	int			done;

	if (!needs_conversion() || len == 0)
		return unconstify(char *, utf8);
	dest = conversion_buffer(len);
	done = convert_prefix((const unsigned char *) utf8, len, dest);
	if (done < len)
	{
		const unsigned char *p = (const unsigned char *) utf8 + done;

		/* the core writes valid UTF-8: not a character means a core bug */
		if (char_len(p, len - done) == 1 && *p >= 0x80)
			elog(ERROR, "%s produced invalid UTF-8", fn);
		ereport(ERROR,
				(errcode(ERRCODE_UNTRANSLATABLE_CHARACTER),
				 errmsg("character U+%04X in the result of %s has no equivalent in encoding \"%s\"",
						(unsigned int) utf8_to_unicode(p), fn, GetDatabaseEncodingName()),
				 errdetail("%s returns Japanese text, and the database encoding cannot represent all of it.",
						   fn),
				 errhint("Use a database whose encoding holds Japanese text, such as UTF8 or EUC_JP.")));
	}
	return dest;
}

text *
om_utf8_to_text(const char *utf8, const char *fn)
{
	return cstring_to_text(om_utf8_to_server(utf8, fn));
}

char *
om_message(const char *utf8)
{
	StringInfoData out;
	const unsigned char *p = (const unsigned char *) utf8;
	int			remaining = (int) strlen(utf8);
	char	   *dest;

	if (!needs_conversion() || remaining == 0)
		return unconstify(char *, utf8);
	initStringInfo(&out);
	dest = conversion_buffer(remaining);
	while (remaining > 0)
	{
		int			done = convert_prefix(p, remaining, dest);
		int			l;

		appendStringInfoString(&out, dest);
		p += done;
		remaining -= done;
		if (remaining == 0)
			break;
		l = char_len(p, remaining);
		if (l == 1 && *p >= 0x80)
			appendStringInfoChar(&out, '?');
		else
			appendStringInfo(&out, "U+%04X", (unsigned int) utf8_to_unicode(p));
		p += l;
		remaining -= l;
	}
	return out.data;
}
