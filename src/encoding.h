/*
 * encoding.h
 *	  The one text boundary between the pure core, which reads and writes
 *	  UTF-8 only, and the server, whose text is in the database encoding.
 *
 * Every SQL-visible function that takes or returns text the core parses or
 * formats goes through these, and so does every error detail or hint that
 * holds core text.  A UTF8 database needs no conversion.  A SQL_ASCII
 * database has no encoding to convert to (bytes above 127 are uninterpreted,
 * as PostgreSQL's own pg_any_to_server treats them): UTF-8 passes through
 * both ways unchanged.  Any other encoding (EUC_JP, say) is converted both
 * ways; a character it cannot hold is an error (om_utf8_to_server) or, in a
 * message, written as its code point (om_message).
 */
#ifndef OMLEDGER_ENCODING_H
#define OMLEDGER_ENCODING_H

#include "postgres.h"

#include "fmgr.h"

/*
 * Server-encoded input s of len bytes as UTF-8 for the core.  Returns s
 * itself when no conversion is needed (then *len is unchanged and the result
 * is NUL-terminated only if s was), else a palloc'd NUL-terminated copy and
 * its length in *len.  An input character with no UTF-8 equivalent is
 * PostgreSQL's own 22P05 error.
 */
extern const char *om_server_to_utf8(const char *s, size_t *len);

/*
 * The core's NUL-terminated UTF-8 text as a NUL-terminated string in the
 * database encoding (utf8 itself when no conversion is needed).  A character
 * the database encoding lacks raises 22P05 naming fn, the SQL function or
 * type whose result it is.
 */
extern char *om_utf8_to_server(const char *utf8, const char *fn);

/* The same, as a text datum. */
extern text *om_utf8_to_text(const char *utf8, const char *fn);

/*
 * UTF-8 text for an error message (errdetail, errhint): never fails, since
 * it runs while an error is being reported; a character the database
 * encoding lacks is written as U+XXXX.
 */
extern char *om_message(const char *utf8);

#endif							/* OMLEDGER_ENCODING_H */
