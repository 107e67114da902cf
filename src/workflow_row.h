/*
 * workflow_row.h
 *	  Row access for the ledger's triggers: the attribute numbers of the
 *	  columns they read, resolved once per relation and kept (workflow_row.c),
 *	  and a Row that reads a trigger tuple and collects the replacements a
 *	  BEFORE trigger makes.
 *
 *	  Code names a column by its field: col_text(r, r->atts->status).  To
 *	  read a new column, add a field to LedgerAtts and its name to the table
 *	  in workflow_row.c.
 */
#ifndef OMLEDGER_WORKFLOW_ROW_H
#define OMLEDGER_WORKFLOW_ROW_H

#include "postgres.h"

#include "access/htup.h"
#include "access/tupdesc.h"
#include "nodes/bitmapset.h"
#include "utils/rel.h"
#include "utils/timestamp.h"

/*
 * The columns of the ledger tables the triggers read or set, by attribute
 * number; InvalidAttrNumber (0) where the relation has no such column (one
 * struct serves work_item, approval, evidence, deadline_change and the
 * seeded lookup tables: their columns share names and meanings).
 */
typedef struct LedgerAtts
{
	/* shared */
	AttrNumber	contract_id;
	AttrNumber	item_id;
	AttrNumber	recorded_at;
	AttrNumber	recorded_by;
	AttrNumber	seeded;
	/* work_item */
	AttrNumber	kind;
	AttrNumber	sub_kind;
	AttrNumber	status;
	AttrNumber	severity;
	AttrNumber	title;
	AttrNumber	detail;
	AttrNumber	release_ref;
	AttrNumber	parent_id;
	AttrNumber	performer;
	AttrNumber	planned_effort;
	AttrNumber	planned_effort_set_at;
	AttrNumber	requested_at;
	AttrNumber	requested_by;
	AttrNumber	scheduled_at;
	AttrNumber	occurred_at;
	AttrNumber	immediate_response;
	AttrNumber	response_due_at;
	AttrNumber	response_started_at;
	AttrNumber	status_changed_at;
	AttrNumber	status_changed_by;
	AttrNumber	content_changed_at;
	AttrNumber	created_by;
	AttrNumber	created_at;
	AttrNumber	needs_additional_contract;
	/* work_item: what decides its rules (workflow_invariants.c) */
	AttrNumber	failure_class;
	AttrNumber	third_party_remedy;	/* 0.4: absent on an older schema */
	AttrNumber	menu_item_id;
	AttrNumber	due_on;
	AttrNumber	spec_check_for_modification;
	AttrNumber	internal_handover;
	/* approval */
	AttrNumber	approval_id;
	AttrNumber	approver_id;
	AttrNumber	subject;
	AttrNumber	subject_ref;
	AttrNumber	decided_at;
	/* evidence */
	AttrNumber	evidence_id;
	AttrNumber	performed_at;
	/* deadline_change */
	AttrNumber	deadline_change_id;
	AttrNumber	notified_at;
	AttrNumber	new_due_on;
	AttrNumber	old_due_on;
	AttrNumber	late_notice;
} LedgerAtts;

/* The attribute numbers of rel's columns (kept until rel changes). */
extern const LedgerAtts *ledger_atts(Relation rel);

/* The most columns one BEFORE trigger replaces. */
#define ROW_MAX_REPL 16
/* a tuple of at most this many columns is deformed once, on first read */
#define ROW_MAX_DEFORMED 64

typedef struct Row
{
	HeapTuple	tuple;			/* change it with row_set_tuple() */
	TupleDesc	desc;
	const LedgerAtts *atts;
	/*
	 * The tuple's values, deformed at the first read: the triggers read
	 * dozens of columns of a wide row with nulls, where each heap_getattr()
	 * would walk the row from its start.
	 */
	bool		deformed;
	Datum		values[ROW_MAX_DEFORMED];
	bool		nulls[ROW_MAX_DEFORMED];
	const Bitmapset *updatedcols;	/* UPDATE: the columns its SET clause names */
	/* replacements for a BEFORE trigger's result */
	int			nrepl;
	int			repl_cols[ROW_MAX_REPL];
	Datum		repl_values[ROW_MAX_REPL];
	bool		repl_nulls[ROW_MAX_REPL];
} Row;

/* A Row over a tuple of rel (no replacements yet). */
extern void row_init(Row *r, Relation rel, HeapTuple tuple);
/* The same Row over another tuple of the same relation. */
extern void row_set_tuple(Row *r, HeapTuple tuple);

/*
 * Reading a column: a replacement made earlier in this trigger wins.  An
 * attribute number of 0 (the relation has no such column) is an error.
 */
extern Datum col_get(Row *r, AttrNumber n, bool *isnull);
extern bool col_null(Row *r, AttrNumber n);
extern int64 col_int8(Row *r, AttrNumber n, bool *isnull);
extern TimestampTz col_ts(Row *r, AttrNumber n, bool *isnull);
extern bool col_bool(Row *r, AttrNumber n);
/* A text column as a palloc'd C string (current context), or NULL. */
extern char *col_text(Row *r, AttrNumber n);
/* Is any of the n columns NULL? */
extern bool any_null(Row *r, const AttrNumber *cols, int n);

/*
 * Set a column of the result tuple.  A by-reference value must live until
 * row_result() builds the tuple.
 */
extern void col_set(Row *r, AttrNumber n, Datum value, bool isnull);

/* The tuple with the replacements, in the current memory context. */
extern HeapTuple row_result(Row *r);

/* row_result() in the caller's context (of the trigger), then SPI_finish(). */
extern HeapTuple row_finish(Row *r, MemoryContext caller);

/* Does the UPDATE's SET clause name the column? */
extern bool col_supplied(Row *r, AttrNumber n);

/* Did the column change between two versions of a row? */
extern bool col_changed(Row *oldr, Row *newr, AttrNumber n);

/* The name of a column, for messages. */
extern const char *col_name(Row *r, AttrNumber n);

#endif							/* OMLEDGER_WORKFLOW_ROW_H */
