/*
 * encoding.c
 *	  Conversion between the core's UTF-8 and the database encoding; see
 *	  encoding.h for the contract.
 *
 * Output goes through pg_do_encoding_conversion_buf() with noError, rather
 * than pg_any_to_server(), so that a character the database encoding cannot
 * hold is found, not thrown: the caller then gets an error that names the
 * function and the character (instead of "character with byte sequence 0xe5
 * 0x8a 0xb4 ... has no equivalent", with no hint of where it came from), and
 * a message can carry on past it.
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#include "encoding.h"

static bool
needs_conversion(void)
{
	int			enc = GetDatabaseEncoding();

	return enc != PG_UTF8 && enc != PG_SQL_ASCII;
}

const char *
om_server_to_utf8(const char *s, size_t *len)
{
	char	   *utf8;

	if (!needs_conversion() || *len == 0)
		return s;
	utf8 = pg_server_to_any(s, (int) *len, PG_UTF8);
	if (utf8 != s)
		*len = strlen(utf8);
	return utf8;
}

/*
 * Converts UTF-8 [p, p + len) into out; stops at the first character the
 * database encoding lacks and returns the number of bytes converted (len
 * when all were).  The conversion proc is looked up on every call, as
 * pg_do_encoding_conversion() does: the text here is short.
 */
static int
convert_prefix(const unsigned char *p, int len, StringInfo out)
{
	int			enc = GetDatabaseEncoding();
	Oid			proc = FindDefaultConversionProc(PG_UTF8, enc);
	int			destlen;
	char	   *dest;
	int			done;

	if (!OidIsValid(proc))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FUNCTION),
				 errmsg("default conversion function for encoding \"%s\" to \"%s\" does not exist",
						pg_encoding_to_char(PG_UTF8), pg_encoding_to_char(enc))));
	destlen = len * MAX_CONVERSION_GROWTH + 1;
	dest = palloc(destlen);
	done = pg_do_encoding_conversion_buf(proc, PG_UTF8, enc,
										 unconstify(unsigned char *, p), len,
										 (unsigned char *) dest, destlen, true);
	appendStringInfoString(out, dest);
	pfree(dest);
	return done;
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
	StringInfoData out;
	int			len = (int) strlen(utf8);
	int			done;

	if (!needs_conversion() || len == 0)
		return unconstify(char *, utf8);
	initStringInfo(&out);
	done = convert_prefix((const unsigned char *) utf8, len, &out);
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
	return out.data;
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

	if (!needs_conversion() || remaining == 0)
		return unconstify(char *, utf8);
	initStringInfo(&out);
	while (remaining > 0)
	{
		int			done = convert_prefix(p, remaining, &out);
		int			l;

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
