/*
 * caps_log_reads.c
 *	  What the cap trigger reads of effort_log itself -- an entry by its
 *	  primary key, the corrections that reference it (effort_log_corrects), a
 *	  person's day (effort_log_person_date) -- and where this backend's
 *	  stripes of effort_total are.  Nothing of this is cached but the
 *	  stripes' places: effort_log changes with every entry.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/subtrans.h"
#include "access/table.h"
#include "access/transam.h"
#include "access/xact.h"
#include "common/int.h"
#include "storage/lmgr.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/fmgroids.h"
#include "utils/rangetypes.h"
#include "utils/snapmgr.h"

#include "btree_leaf.h"
#include "caps.h"
#include "caps_lookup_internal.h"
#include "caps_trigger.h"
#include "omledger.h"

/* ------------------------------------------------------ effort_log itself */

bool
caps_logged_entry(Snapshot snap, int64 entry_id, CapsLoggedEntry *e)
{
	static const RegProcedure eq[] = {F_INT8EQ};
	const DirectRel *r = caps_rel(REL_ENTRY);
	Datum		key[] = {Int64GetDatum(entry_id)};
	bool		found;
	Probe		p;

	caps_probe_begin(&p, r, snap, eq, key);
	found = caps_probe_next(&p);
	if (found)
	{
		bool		isnull;

		e->item_id = DatumGetInt64(caps_probe_col(&p, r, 1, &isnull));
		e->person_id = DatumGetInt64(caps_probe_col(&p, r, 2, &isnull));
		e->effort = DatumGetEffort(caps_probe_col(&p, r, 3, &isnull));
	}
	caps_probe_end(&p);
	return found;
}

/*
 * The effort of an entry plus every correction that references it; false
 * if the entry is not there (deleted in this statement) or the sum does not
 * fit in 64 bits (then *total is the direction it overflowed in).
 */
bool
caps_correction_total(Snapshot snap, int64 entry_id, int64 *total)
{
	static const RegProcedure eq[] = {F_INT8EQ};
	const DirectRel *r = caps_rel(REL_CORRECTIONS);
	Datum		key[] = {Int64GetDatum(entry_id)};
	CapsLoggedEntry entry;
	bool		ok = true;
	Probe		p;

	*total = 0;
	if (!caps_logged_entry(snap, entry_id, &entry))
		return false;
	*total = entry.effort;
	caps_probe_begin(&p, r, snap, eq, key);
	while (ok && caps_probe_next(&p))
	{
		bool		isnull;
		int64		e = DatumGetEffort(caps_probe_col(&p, r, 1, &isnull));

		if (pg_add_s64_overflow(*total, e, total))
		{
			*total = e;
			ok = false;
		}
	}
	caps_probe_end(&p);
	return ok;
}

/*
 * Did transaction xid (running, maybe a subtransaction) start its writes
 * before this one?  Compared by top-level ids, which order every pair of
 * transactions the same way seen from either.
 */
static bool
xact_is_older(TransactionId xid)
{
	TransactionId mine = GetTopTransactionIdIfAny();

	return !TransactionIdIsValid(mine) ||
		TransactionIdPrecedes(SubTransGetTopmostTransaction(xid), mine);
}

/*
 * The effort of a person on a day, over every item, corrections included;
 * false if it does not fit in 64 bits.  With snap NULL, read with a dirty
 * snapshot: rows of transactions still running count too (inserted or
 * deleted: both versions of a row they update), and *wait is one of those
 * transactions that is older than this one (InvalidTransactionId if none):
 * the caller waits only for older ones (src/caps_rules.c rule_day_now()).
 */
bool
caps_person_day_total(Snapshot snap, int64 person_id, DateADT day, int64 *total,
					  TransactionId *wait)
{
	static const RegProcedure eq[] = {F_INT8EQ, F_DATE_EQ};
	const DirectRel *r = caps_rel(REL_PERSON_DAY);
	Datum		key[] = {Int64GetDatum(person_id), DateADTGetDatum(day)};
	SnapshotData dirty;
	bool		ok = true;
	Probe		p;

	if (snap == NULL)
	{
		InitDirtySnapshot(dirty);
		snap = &dirty;
	}
	*total = 0;
	if (wait != NULL)
		*wait = InvalidTransactionId;
	caps_probe_begin(&p, r, snap, eq, key);
	while (ok && caps_probe_next(&p))
	{
		bool		isnull;

		ok = !pg_add_s64_overflow(*total, DatumGetEffort(caps_probe_col(&p, r, 2, &isnull)), total);
		if (snap == &dirty && wait != NULL && !TransactionIdIsValid(*wait))
		{
			TransactionId other = TransactionIdIsValid(dirty.xmin) ? dirty.xmin : dirty.xmax;

			if (TransactionIdIsValid(other) && xact_is_older(other))
				*wait = other;
		}
	}
	caps_probe_end(&p);
	return ok;
}

/* The same bound by an index scan, for a day the leaf page cannot settle. */
static void
day_bound_by_scan(Relation rel, Relation irel, const DirectRel *r, const Datum *values,
				  int64 *bound)
{
	static const RegProcedure eq[] = {F_INT8EQ, F_DATE_EQ};
	ScanKeyData keys[2];
	SnapshotData dirty;
	IndexScanDesc scan;

	*bound = 0;
	for (int i = 0; i < 2; i++)
	{
		ScanKeyInit(&keys[i], i + 1, BTEqualStrategyNumber, eq[i], values[i]);
		keys[i].sk_collation = irel->rd_indcollation[i];
	}
	/* no MVCC snapshot: the scan takes no predicate locks, the heap is not read */
	InitDirtySnapshot(dirty);
	scan = index_beginscan(rel, irel, &dirty, 2, 0);
	scan->xs_want_itup = true;
	index_rescan(scan, keys, 2, NULL, 0);
	while (index_getnext_tid(scan, ForwardScanDirection) != NULL)
	{
		bool		isnull;
		int64		e = DatumGetEffort(index_getattr(scan->xs_itup, r->nkeys + 1,
													 scan->xs_itupdesc, &isnull));

		if (!isnull && e > 0 && pg_add_s64_overflow(*bound, e, bound))
		{
			*bound = PG_INT64_MAX;
			break;
		}
	}
	index_endscan(scan);
}

/*
 * An upper bound of the effort a person's day can end with, whatever the
 * transactions in flight do, read from the index alone: the sum of the
 * effort in every entry of effort_log_person_date for the person and day,
 * negative ones (corrections) as zero.  Every row version that is or may
 * become live has an entry there (a HOT update leaves key and effort as
 * they were: effort is an indexed column), and so do versions deleted,
 * rolled back or not yet committed; only entries the index marked dead,
 * dead to every transaction, are skipped.  An entry is there as soon as
 * its row was inserted, before the inserting statement's trigger runs.
 * False if the index does not carry effort (a 0.3 index); a sum beyond
 * 64 bits is reported as PG_INT64_MAX.
 */
bool
caps_person_day_bound(Relation effort_log, int64 person_id, DateADT day, int64 *bound)
{
	const DirectRel *r = caps_rel(REL_PERSON_DAY);
	Datum		values[2] = {Int64GetDatum(person_id), DateADTGetDatum(day)};
	Relation	rel,
				irel;
	bool		own;

	*bound = 0;
	if (!caps_day_covered())
		return false;
	/*
	 * For rows the statement wrote into the trigger's table, the executor
	 * holds a RowExclusiveLock on the table and every index of it already
	 * (ExecOpenIndices): no lock to take (a fifth of the cost here).
	 */
	own = RelationGetRelid(effort_log) == r->relid;
	rel = own ? effort_log : table_open(r->relid, AccessShareLock);
	irel = index_open(r->indexid, own ? NoLock : AccessShareLock);
	/* mostly from the one leaf page (src/btree_leaf.c) */
	if (!btree_leaf_sum(irel, r->nkeys, values, r->nkeys + 1, bound))
		day_bound_by_scan(rel, irel, r, values, bound);
	index_close(irel, NoLock);
	if (!own)
		table_close(rel, NoLock);
	return true;
}

/* ------------------------------------------------------------- stripes */

/*
 * Where this backend last wrote its stripe of the group (caps_direct.c):
 * the next entry finds the row there without searching the index, if it is
 * still the version the snapshot sees.  (A rewrite of effort_total --
 * TRUNCATE, VACUUM FULL -- invalidates its relcache entry and so empties
 * this cache; a row moved or taken back by another backend is simply not
 * found there.)
 */
static void
stripe_key(const CapsGroup *g, StripeKey *key)
{
	memset(key, 0, sizeof(*key));	/* hashed as bytes */
	key->contract_id = g->contract_id;
	key->month = g->month;
	strlcpy(key->category, g->category, sizeof(key->category));
}

bool
caps_stripe_where(const CapsGroup *g, ItemPointer tid, Buffer *buf)
{
	StripeKey	key;
	StripeEntry *e;

	stripe_key(g, &key);
	e = caps_cache_find(CAPS_CACHE_STRIPES, &key);
	if (e != NULL)
	{
		*tid = e->tid;
		*buf = e->buf;
	}
	return e != NULL;
}

void
caps_stripe_remember(const CapsGroup *g, ItemPointer tid, Buffer buf)
{
	StripeKey	key;
	StripeEntry *e;

	stripe_key(g, &key);
	e = caps_cache_keep(CAPS_CACHE_STRIPES, true, &key);
	if (e != NULL)
	{
		e->tid = *tid;
		e->buf = buf;
	}
}

/*
 * A copy of the version of this backend's stripe of the group that snap
 * sees, found through the primary key, or NULL.  t_self is where it is.
 */
HeapTuple
caps_stripe_probe(Snapshot snap, const CapsGroup *g)
{
	static const RegProcedure eq[] = {F_INT8EQ, F_TEXTEQ, F_DATE_EQ, F_INT4EQ};
	Datum		key[] = {Int64GetDatum(g->contract_id), CStringGetTextDatum(g->category),
	DateADTGetDatum(g->month), Int32GetDatum(MyBackendId)};
	HeapTuple	copy = NULL;
	Probe		p;

	caps_probe_begin(&p, caps_rel(REL_TOTAL), snap, eq, key);
	if (caps_probe_next(&p))
	{
		copy = ExecCopySlotHeapTuple(p.slot);
		copy->t_self = p.slot->tts_tid;
	}
	caps_probe_end(&p);
	return copy;
}
