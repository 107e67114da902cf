/*
 * caps_direct.c
 *	  This backend's stripe of a running total spent with one heap_update()
 *	  -- for the common case by far, a person logging a day -- instead of an
 *	  UPDATE through SPI, whose executor start-up cost more than the work
 *	  (BENCHMARKS.md, "effort caps").
 *
 *	  UPDATE effort_total SET used = used + d, allowance = allowance - d
 *	   WHERE (key) AND stripe = MyBackendId AND (allowance IS NULL OR allowance >= d)
 *
 * The stripe is found where this backend last wrote it (if that is still the
 * version the snapshot sees, with the same key), else through the primary
 * key; the update's condition is re-checked on the version heap_update()
 * finds.  When the stripe was changed under us (a grant holder reclaimed
 * it), or has too little allowance, or does not exist, nothing is written
 * here: the caller takes the slow path under cap_guard, which decides on
 * exact totals.  When effort_total is not as the extension made it (an
 * index, trigger, policy or constraint added by hand), the caller's SQL
 * UPDATE does the work, which this would skip.
 *
 * Measured against RelationFindReplTupleByIndex() + ExecSimpleRelationUpdate()
 * (logical replication's apply for one row, which would do that work
 * itself): with an executor state, result relation, slots and the tuple
 * lock per entry it cost ~+45 % of a bare insert's server CPU at 8 clients
 * against ~+13 % for this, builds alternated in one cluster (BENCHMARKS.md,
 * "effort caps", 0.4).  So the hand-made update stays, with its shape check.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/heapam.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/index.h"
#include "catalog/pg_am.h"
#include "common/int.h"
#include "miscadmin.h"
#include "storage/bufmgr.h"
#include "utils/builtins.h"
#include "utils/rel.h"

#include "caps_trigger.h"

/*
 * effort_total as the extension made it: a heap with its primary key as the
 * only index, no triggers, no row security, no inheritance children, no
 * generated columns and its one CHECK (allowance >= 0, which the update
 * below keeps).  Otherwise the SQL UPDATE has work we would skip.
 */
static bool
total_is_plain(const CapsTotalRel *t, Relation rel)
{
	List	   *indexes = RelationGetIndexList(rel);
	bool		plain = rel->rd_rel->relam == HEAP_TABLE_AM_OID &&
		rel->trigdesc == NULL && !rel->rd_rel->relrowsecurity &&
		!rel->rd_rel->relhassubclass &&
		list_length(indexes) == 1 && linitial_oid(indexes) == t->indexid &&
		(rel->rd_att->constr == NULL ||
		 (rel->rd_att->constr->num_check <= 1 && !rel->rd_att->constr->has_generated_stored));

	list_free(indexes);
	return plain;
}

/* A non-HOT update: the new version needs its own primary-key entry. */
static void
total_index_insert(const CapsTotalRel *t, Relation rel, HeapTuple tup)
{
	Relation	irel = index_open(t->indexid, RowExclusiveLock);
	Datum		values[4];
	bool		isnull[4];

	for (int i = 0; i < 4; i++)
		values[i] = heap_getattr(tup, t->att[i], RelationGetDescr(rel), &isnull[i]);
	(void) index_insert(irel, values, isnull, &tup->t_self, rel, UNIQUE_CHECK_YES,
						true, BuildIndexInfo(irel));
	index_close(irel, NoLock);
}

/*
 * A version of a stripe, copied out of its buffer, and its columns: read
 * once, for the check, the condition and the new version.
 */
typedef struct StripeRow
{
	HeapTuple	tuple;			/* t_self is where it is */
	Datum	   *values;
	bool	   *nulls;
} StripeRow;

static void
stripe_row_set(StripeRow *row, HeapTuple copy, TupleDesc desc)
{
	row->tuple = copy;
	heap_deform_tuple(copy, desc, row->values, row->nulls);
}

/* Is the row this backend's stripe of the group? */
static bool
stripe_matches(const CapsTotalRel *t, const StripeRow *row, const CapsGroup *g)
{
	for (int i = 0; i < 4; i++)
		if (row->nulls[t->att[i] - 1])
			return false;
	return DatumGetInt64(row->values[t->att[0] - 1]) == g->contract_id &&
		DatumGetDateADT(row->values[t->att[2] - 1]) == g->month &&
		DatumGetInt32(row->values[t->att[3] - 1]) == MyBackendId &&
		strcmp(TextDatumGetCString(row->values[t->att[1] - 1]), g->category) == 0;
}

/*
 * Does block blk of rel exist?  It may not, if the stripe was moved away
 * from it and VACUUM truncated the table since: heap_fetch() would fail.
 * (Usually VACUUM's new relpages invalidates the relcache entry, which
 * empties the cache of stripes first; not when relpages came out as it
 * was.)  Asking the file is a system call per entry; the shared buffer the
 * block was last seen in answers first (a buffer still holding the block
 * proves it: truncation drops the buffers of what it cuts).  Once answered,
 * it stays true to the end of the transaction: truncation needs a lock
 * that conflicts with ours.
 */
static bool
block_exists(Relation rel, BlockNumber blk, Buffer seen_in)
{
	if (BufferIsValid(seen_in) &&
		ReadRecentBuffer(rel->rd_node, MAIN_FORKNUM, blk, seen_in))
	{
		ReleaseBuffer(seen_in);
		return true;
	}
	return blk < RelationGetNumberOfBlocks(rel);
}

/*
 * The version of this backend's stripe of the group that snap sees, into
 * *row; false if there is none.  *seen_in is the buffer its block was in
 * when read from where this backend left it (InvalidBuffer when it was
 * searched for).
 */
static bool
stripe_fetch(const CapsTotalRel *t, Relation rel, Snapshot snap, const CapsGroup *g,
			 StripeRow *row, Buffer *seen_in)
{
	ItemPointerData tid;
	Buffer		recent;
	HeapTuple	copy;

	*seen_in = InvalidBuffer;
	if (caps_stripe_where(g, &tid, &recent) &&
		block_exists(rel, ItemPointerGetBlockNumber(&tid), recent))
	{
		HeapTupleData tup;
		Buffer		buf;

		tup.t_self = tid;
		if (heap_fetch(rel, snap, &tup, &buf, false))
		{
			stripe_row_set(row, heap_copytuple(&tup), RelationGetDescr(rel));

			/*
			 * Prune the page as an index scan would: else the versions this
			 * backend leaves behind fill it, and updates stop being HOT.
			 */
			heap_page_prune_opt(rel, buf);
			ReleaseBuffer(buf);
			if (stripe_matches(t, row, g))
			{
				*seen_in = buf;
				return true;
			}
		}
	}
	copy = caps_stripe_probe(snap, g);
	if (copy == NULL)
		return false;
	stripe_row_set(row, copy, RelationGetDescr(rel));
	return true;
}

CapsDirectResult
caps_direct_spend(Snapshot snap, const CapsGroup *g)
{
	const CapsTotalRel *t = caps_total_rel();
	Relation	rel;
	TupleDesc	desc;
	StripeRow	old;
	HeapTuple	oldtup,
				newtup;
	bool		used_null,
				allowance_null;
	int64		used,
				allowance;
	TM_Result	result;
	TM_FailureData tmfd;
	LockTupleMode lockmode;
	Buffer		seen_in;

	rel = table_open(t->relid, RowExclusiveLock);
	if (!total_is_plain(t, rel))
	{
		table_close(rel, NoLock);
		return CAPS_DIRECT_UNSUPPORTED;
	}
	desc = RelationGetDescr(rel);
	/* sized by the table as it is: columns may have been added or dropped */
	old.values = palloc(desc->natts * sizeof(Datum));
	old.nulls = palloc(desc->natts * sizeof(bool));
	if (!stripe_fetch(t, rel, snap, g, &old, &seen_in))
	{
		table_close(rel, NoLock);
		return CAPS_DIRECT_NEED_GRANT;
	}
	used_null = old.nulls[t->att[4] - 1];
	allowance_null = old.nulls[t->att[5] - 1];
	used = DatumGetInt64(old.values[t->att[4] - 1]);
	allowance = DatumGetInt64(old.values[t->att[5] - 1]);
	if (used_null || (!allowance_null && allowance < g->delta))
	{
		table_close(rel, NoLock);
		return CAPS_DIRECT_NEED_GRANT;
	}
	if (pg_add_s64_overflow(used, g->delta, &used) ||
		(!allowance_null && pg_sub_s64_overflow(allowance, g->delta, &allowance)))
		caps_refuse_total_overflow(g);
	/* the new version: the old one's columns, used and allowance changed */
	old.values[t->att[4] - 1] = Int64GetDatum(used);
	if (!allowance_null)
		old.values[t->att[5] - 1] = Int64GetDatum(allowance);
	newtup = heap_form_tuple(desc, old.values, old.nulls);
	oldtup = old.tuple;

	result = heap_update(rel, &oldtup->t_self, newtup, GetCurrentCommandId(true),
						 InvalidSnapshot, true, &tmfd, &lockmode);
	switch (result)
	{
		case TM_Ok:
			if (!HeapTupleIsHeapOnly(newtup))
				total_index_insert(t, rel, newtup);
			/* a HOT update stays in the block: the same buffer */
			caps_stripe_remember(g, &newtup->t_self,
								 ItemPointerGetBlockNumber(&newtup->t_self) ==
								 ItemPointerGetBlockNumber(&oldtup->t_self) ?
								 seen_in : InvalidBuffer);
			break;
		case TM_Updated:
		case TM_Deleted:
			/* reclaimed (or removed) by a grant holder: decide there */
			break;
		default:
			elog(ERROR, "omledger caps: unexpected result %d updating a running total",
				 (int) result);
	}
	table_close(rel, NoLock);
	return result == TM_Ok ? CAPS_DIRECT_DONE : CAPS_DIRECT_NEED_GRANT;
}

