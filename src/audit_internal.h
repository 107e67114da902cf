/*
 * audit_internal.h
 *	  What audit.c (the triggers, the hash, the SQL path) and audit_direct.c
 *	  (the row written without the executor) share.
 */
#ifndef OMLEDGER_AUDIT_INTERNAL_H
#define OMLEDGER_AUDIT_INTERNAL_H

#include "postgres.h"

#include "access/htup.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "storage/itemptr.h"
#include "utils/rel.h"

/* The number of audit_row_hash()'s arguments, in the order of the hash. */
#define AUDIT_HASH_NARGS 14

/* SHA-256 of an audit row's fields, as audit_row_hash() takes them. */
extern bytea *audit_hash(const Datum *args, const bool *nulls);
/*
 * The same, given the canonical text of some jsonb fields (canonical[i]
 * not NULL: the text JsonbToCString() prints of args[i]), as the writer
 * has it from building the value (row_jsonb.c).
 */
extern bytea *audit_hash_canonical(const Datum *args, const bool *nulls,
								   const char *const *canonical);

/* A kept generic SPI plan; running one (the number of rows). */
extern SPIPlanPtr audit_keep(const char *sql, int nargs, Oid *argtypes);
extern uint64 audit_run(SPIPlanPtr plan, Datum *values, const char *nulls);

/* The index of desc's int8 column of that name, or -1. */
extern int	audit_int8_column(TupleDesc desc, const char *name);

/* The guard of the audit tables (a trigger function of audit.c). */
extern Datum audit_log_guard(PG_FUNCTION_ARGS);

/*
 * Append the audit row of a change of rel (old NULL: an insert; new NULL:
 * a delete) to this backend's chain without the executor, the head found at
 * *my_head (and moved there) while *my_head_known; false, having written
 * nothing, when the SQL statement must do it.  The caller runs as the
 * owner, connected to SPI, with the audit search_path.
 */
extern bool audit_append_direct(Relation rel, HeapTuple oldtup, HeapTuple newtup, Datum db_user,
								Datum session_role, Datum table_name, Datum operation,
								ItemPointer my_head, bool *my_head_known);

#endif							/* OMLEDGER_AUDIT_INTERNAL_H */
