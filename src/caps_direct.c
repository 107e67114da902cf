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

/* Is tup this backend's stripe of the group? */
static bool
stripe_matches(const CapsTotalRel *t, HeapTuple tup, TupleDesc desc, const CapsGroup *g)
{
	bool		n[4];
	Datum		contract = heap_getattr(tup, t->att[0], desc, &n[0]);
	Datum		category = heap_getattr(tup, t->att[1], desc, &n[1]);
	Datum		month = heap_getattr(tup, t->att[2], desc, &n[2]);
	Datum		stripe = heap_getattr(tup, t->att[3], desc, &n[3]);

	return !n[0] && !n[1] && !n[2] && !n[3] &&
		DatumGetInt64(contract) == g->contract_id &&
		DatumGetDateADT(month) == g->month &&
		DatumGetInt32(stripe) == MyBackendId &&
		strcmp(TextDatumGetCString(category), g->category) == 0;
}

/*
 * A copy of the version of this backend's stripe of the group that snap
 * sees, or NULL if there is none.  t_self is where it is.
 */
static HeapTuple
stripe_fetch(const CapsTotalRel *t, Relation rel, Snapshot snap, const CapsGroup *g)
{
	ItemPointerData tid;
	HeapTuple	copy = NULL;

	if (caps_stripe_where(g, &tid) &&
		ItemPointerGetBlockNumber(&tid) < RelationGetNumberOfBlocks(rel))
	{
		HeapTupleData tup;
		Buffer		buf;

		tup.t_self = tid;
		if (heap_fetch(rel, snap, &tup, &buf, false))
		{
			if (stripe_matches(t, &tup, RelationGetDescr(rel), g))
				copy = heap_copytuple(&tup);

			/*
			 * Prune the page as an index scan would: else the versions this
			 * backend leaves behind fill it, and updates stop being HOT.
			 */
			heap_page_prune_opt(rel, buf);
			ReleaseBuffer(buf);
		}
		if (copy != NULL)
			return copy;
	}
	return caps_stripe_probe(snap, g);
}

CapsDirectResult
caps_direct_spend(Snapshot snap, const CapsGroup *g)
{
	const CapsTotalRel *t = caps_total_rel();
	Relation	rel;
	TupleDesc	desc;
	HeapTuple	oldtup,
				newtup;
	bool		isnull,
				allowance_null;
	int64		used,
				allowance;
	Datum	   *values;
	bool	   *nulls;
	bool	   *replace;
	TM_Result	result;
	TM_FailureData tmfd;
	LockTupleMode lockmode;

	rel = table_open(t->relid, RowExclusiveLock);
	if (!total_is_plain(t, rel))
	{
		table_close(rel, NoLock);
		return CAPS_DIRECT_UNSUPPORTED;
	}
	desc = RelationGetDescr(rel);
	oldtup = stripe_fetch(t, rel, snap, g);
	if (oldtup == NULL)
	{
		table_close(rel, NoLock);
		return CAPS_DIRECT_NEED_GRANT;
	}
	used = DatumGetInt64(heap_getattr(oldtup, t->att[4], desc, &isnull));
	allowance = DatumGetInt64(heap_getattr(oldtup, t->att[5], desc, &allowance_null));
	if (isnull || (!allowance_null && allowance < g->delta))
	{
		table_close(rel, NoLock);
		return CAPS_DIRECT_NEED_GRANT;
	}
	if (pg_add_s64_overflow(used, g->delta, &used) ||
		(!allowance_null && pg_sub_s64_overflow(allowance, g->delta, &allowance)))
		caps_refuse_total_overflow(g);
	/* sized by the table as it is: columns may have been added or dropped */
	values = palloc0(desc->natts * sizeof(Datum));
	nulls = palloc0(desc->natts * sizeof(bool));
	replace = palloc0(desc->natts * sizeof(bool));
	values[t->att[4] - 1] = Int64GetDatum(used);
	replace[t->att[4] - 1] = true;
	values[t->att[5] - 1] = Int64GetDatum(allowance);
	nulls[t->att[5] - 1] = allowance_null;
	replace[t->att[5] - 1] = true;
	newtup = heap_modify_tuple(oldtup, desc, values, nulls, replace);

	result = heap_update(rel, &oldtup->t_self, newtup, GetCurrentCommandId(true),
						 InvalidSnapshot, true, &tmfd, &lockmode);
	switch (result)
	{
		case TM_Ok:
			if (!HeapTupleIsHeapOnly(newtup))
				total_index_insert(t, rel, newtup);
			caps_stripe_remember(g, &newtup->t_self);
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

