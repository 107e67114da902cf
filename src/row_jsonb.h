/*
 * row_jsonb.h
 *	  The jsonb of a table's row, as to_jsonb(row) gives it (row_jsonb.c).
 */
#ifndef OMLEDGER_ROW_JSONB_H
#define OMLEDGER_ROW_JSONB_H

#include "access/htup.h"
#include "utils/relcache.h"

/*
 * to_jsonb() of the tuple, a row of rel, with the column lookups kept per
 * table.  canonical (if not NULL): set to the value's text as
 * JsonbToCString() prints it, or to NULL when to_jsonb() itself made it.
 */
extern Datum row_to_jsonb(Relation rel, HeapTuple tup, char **canonical);

#endif
