/*
 * direct_insert.h
 *	  One row into a table without the executor (src/direct_insert.c): for
 *	  the history rows the extension writes on every change -- a work item's
 *	  event, an audit row -- where starting an INSERT statement through SPI
 *	  cost more than the row (BENCHMARKS.md, "workflow" and "audit").
 *
 *	  What the executor would do for the row is done here too, or the
 *	  caller gets false and takes its SQL path: column defaults (identity
 *	  included), NOT NULL and CHECK constraints, every index entry (unique
 *	  ones checked), the owner's INSERT privilege.  What is NOT done is the
 *	  table's INSERT triggers: each one must be accounted for by the
 *	  caller's filter (DirectTriggerFilter), which says of a trigger either
 *	  that the caller has proven it needless (a foreign key implied by a
 *	  row the statement already checks and locks: the proof in the caller)
 *	  or that the caller does its work itself (the audit row).  A trigger
 *	  the filter does not know, a rule, row security the writer is subject
 *	  to, a domain-typed or generated column, an expression, exclusion or
 *	  deferrable unique index: the relation is not plain, false.
 */
#ifndef OMLEDGER_DIRECT_INSERT_H
#define OMLEDGER_DIRECT_INSERT_H

#include "postgres.h"

#include "access/htup.h"
#include "utils/rel.h"
#include "utils/reltrigger.h"

typedef enum DirectTriggerVerdict
{
	DIRECT_TRIGGER_UNKNOWN,		/* the executor must fire it: no direct insert */
	DIRECT_TRIGGER_IMPLIED,		/* proven needless for the caller's rows */
	DIRECT_TRIGGER_CALLER		/* the caller does its work when it would fire */
} DirectTriggerVerdict;

/*
 * The caller's knowledge of a trigger that fires on INSERT into rel.  aux
 * is the caller's (e.g. the relation whose row implies a foreign key).
 * Called when the relation's shape is (re)built, not per row.
 */
typedef DirectTriggerVerdict (*DirectTriggerFilter) (Relation rel, const Trigger *trig, Oid aux);

/*
 * direct_insert() and direct_update() account for the triggers of their
 * event (INSERT, UPDATE) through the filter; the shape of a relation is
 * kept per relation, filter, aux and event.
 */

/*
 * Insert one row into rel (opened by the caller with RowExclusiveLock, the
 * current user the writer whose privilege counts).  values and nulls are
 * indexed by attribute number - 1; a column whose supplied[] is false gets
 * its default, as an INSERT naming only the supplied columns would.
 * Returns false, having written nothing, when rel's shape needs the
 * executor; else the new tuple (t_self set) in *tuple, and in *caller_due
 * whether a trigger of verdict DIRECT_TRIGGER_CALLER would have fired
 * (enabled for the session's replication role).
 */
extern bool direct_insert(Relation rel, DirectTriggerFilter filter, Oid aux,
						  Datum *values, bool *nulls, const bool *supplied,
						  HeapTuple *tuple, bool *caller_due);

typedef enum DirectUpdateResult
{
	DIRECT_UPDATE_UNSUPPORTED,	/* the shape needs the executor: nothing written */
	DIRECT_UPDATE_MOVED,		/* the version at otid is no longer the latest */
	DIRECT_UPDATE_DONE
} DirectUpdateResult;

/*
 * Replace the version of a row at otid, one the caller has read and may
 * update (no other session writes it), by newtup (heap_update), with its
 * index entries when the update is not HOT and the constraints checked on
 * newtup.  The filter accounts for the UPDATE triggers as for INSERT's
 * (none may be DIRECT_TRIGGER_CALLER).  Nothing is written unless DONE;
 * newtup's t_self is then the new version.
 */
extern DirectUpdateResult direct_update(Relation rel, DirectTriggerFilter filter, Oid aux,
										ItemPointer otid, HeapTuple newtup);

/* Would direct_insert() write a row into rel (its shape, the user's rights)? */
extern bool direct_insert_supported(Relation rel, DirectTriggerFilter filter, Oid aux);

/* Is the trigger's function the C function fn of this library? */
extern bool direct_trigger_calls(const Trigger *trig, PGFunction fn);

/*
 * Is the foreign key of rel (the constraint of an RI check trigger)
 * implied by a row of implier whose column map[a - 1] holds what rel's
 * column a holds (0: nothing)?  Either the key references implier itself
 * on the columns the row maps them from (the referenced row is the
 * implying row), or implier has a foreign key from the mapped columns to
 * the same key of the same table (the implying row's own constraint
 * checks and protects the same referenced row).  doc/security.md has why
 * that suffices under concurrency.
 */
extern bool direct_fkey_implied(Relation rel, Oid conoid, Relation implier,
								const AttrNumber *map, int nmap);

#endif							/* OMLEDGER_DIRECT_INSERT_H */
