/*
 * btree_leaf.c
 *	  The sum of a column a btree index includes, over the entries equal to
 *	  a key, read from the one leaf page the key leads to.
 *
 * The effort caps read, for every new entry, an upper bound of the
 * person's day from effort_log_person_date (src/caps_log_reads.c,
 * caps_person_day_bound()).  Through the index scan interface that read
 * cost more in setting the scan up than in reading: a scan descriptor of
 * 27 kB and a 16 kB buffer for the entries it returns (both malloc'ed and
 * freed again for every scan), the keys preprocessed, every entry copied
 * out.  The entries of one person's day are a handful, on one leaf page;
 * here the page is found by the same descent the scan makes (_bt_search(),
 * moving right past concurrent splits as it does) and the entries are
 * summed where they lie, under the page's share lock.
 *
 * The answer is only given when the page proves it complete: the run of
 * equal entries ends before the page does, or the page is the rightmost,
 * or the key is below its high key.  Otherwise (the entries may go on to
 * the right sibling) the caller reads them with an index scan.  Like that
 * scan without an MVCC snapshot, every entry counts whatever the state of
 * its row -- except the ones the index has marked dead (LP_DEAD), which are
 * dead to every transaction.
 */
#include "postgres.h"

#include "access/nbtree.h"
#include "catalog/pg_am.h"
#include "common/int.h"
#include "utils/rel.h"

#include "btree_leaf.h"

/* The first offset on the leaf whose entry is not below the key. */
static OffsetNumber
first_not_below(Relation irel, BTScanInsert key, Page page, BTPageOpaque opaque)
{
	OffsetNumber lo = P_FIRSTDATAKEY(opaque),
				hi = OffsetNumberNext(PageGetMaxOffsetNumber(page));

	while (lo < hi)
	{
		OffsetNumber mid = lo + (hi - lo) / 2;

		if (_bt_compare(irel, key, page, mid) > 0)
			lo = OffsetNumberNext(mid);
		else
			hi = mid;
	}
	return lo;
}

/*
 * The search key: nkeys leading columns of irel equal to keys[], compared
 * with the index's own ordering procedures (as _bt_mkscankey() sets them up
 * for an index tuple); NULL if the index is not of the current btree
 * version, whose descent finds the leftmost page of a run of equal keys.
 */
static BTScanInsert
search_key(Relation irel, int nkeys, const Datum *keys)
{
	BTScanInsert key = _bt_mkscankey(irel, NULL);

	_bt_metaversion(irel, &key->heapkeyspace, &key->allequalimage);
	if (!key->heapkeyspace)
	{
		pfree(key);
		return NULL;
	}
	/* as _bt_first() sets up its own: no heap TID, the first equal entry */
	key->anynullkeys = false;
	key->scantid = NULL;
	key->keysz = nkeys;
	for (int i = 0; i < nkeys; i++)
	{
		key->scankeys[i].sk_flags &= ~SK_ISNULL;
		key->scankeys[i].sk_argument = keys[i];
	}
	return key;
}

/*
 * Into *sum: the sum of the int64 column at index attribute sumatt over
 * irel's entries whose nkeys leading key columns equal keys[] (NULLs and
 * negative values as 0; PG_INT64_MAX past 64 bits).  False, *sum
 * undefined, if that needs more than the one leaf page, or irel is not a
 * btree of the current version: then scan.  The caller holds a lock on
 * irel; no key may be NULL.
 */
bool
btree_leaf_sum(Relation irel, int nkeys, const Datum *keys, AttrNumber sumatt, int64 *sum)
{
	TupleDesc	desc = RelationGetDescr(irel);
	BTScanInsert key;
	BTStack		stack;
	Buffer		buf;
	Page		page;
	BTPageOpaque opaque;
	OffsetNumber off,
				maxoff;
	bool		complete = true;

	Assert(nkeys > 0 && nkeys <= IndexRelationGetNumberOfKeyAttributes(irel));
	Assert(sumatt > IndexRelationGetNumberOfKeyAttributes(irel) && sumatt <= desc->natts);
	if (irel->rd_rel->relam != BTREE_AM_OID ||
		(key = search_key(irel, nkeys, keys)) == NULL)
		return false;

	*sum = 0;
	stack = _bt_search(irel, key, &buf, BT_READ, NULL);
	if (!BufferIsValid(buf))
	{
		/* an empty index */
		_bt_freestack(stack);
		pfree(key);
		return true;
	}
	page = BufferGetPage(buf);
	opaque = BTPageGetOpaque(page);
	maxoff = PageGetMaxOffsetNumber(page);
	for (off = first_not_below(irel, key, page, opaque); off <= maxoff; off++)
	{
		ItemId		iid = PageGetItemId(page, off);
		IndexTuple	itup;
		bool		isnull;
		int64		v;

		if (_bt_compare(irel, key, page, off) != 0)
			break;				/* past the run: it ended on this page */
		if (ItemIdIsDead(iid))
			continue;
		itup = (IndexTuple) PageGetItem(page, iid);
		if (BTreeTupleIsPosting(itup))
		{
			complete = false;	/* deduplicated: not an index with INCLUDE */
			break;
		}
		v = DatumGetInt64(index_getattr(itup, sumatt, desc, &isnull));
		if (!isnull && v > 0 && pg_add_s64_overflow(*sum, v, sum))
		{
			*sum = PG_INT64_MAX;
			break;
		}
	}
	/* ran to the page's end: only the high key says nothing equal follows */
	if (complete && off > maxoff && !P_RIGHTMOST(opaque))
		complete = _bt_compare(irel, key, page, P_HIKEY) < 0;
	_bt_relbuf(irel, buf);
	_bt_freestack(stack);
	pfree(key);
	return complete;
}
