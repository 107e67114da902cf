/*
 * caps_lookup.c
 *	  How the cap trigger reads the facts the rules of an effort row need
 *	  (caps_rules.c): with index probes -- no executor, no SQL -- for every
 *	  path of the trigger, one row or many.  Here: the relations read (looked
 *	  up once per session and checked against what the extension made), the
 *	  per-session caches and the probes.  The facts themselves are read in
 *	  caps_facts.c (the work item, person, contract, month close, and the
 *	  persons a role acts as) and caps_log_reads.c (an entry of effort_log,
 *	  its corrections, a person's day, this backend's stripes of
 *	  effort_total).
 *
 * What the first five read changes rarely, and is kept per session (the
 * lookup cache below).  The tables carry triggers (51_caps_lookup.sql,
 * 70_caps_rules.sql) that send a relcache invalidation of the table on any
 * change to what is kept; lookups accept invalidations before they look, and
 * a table invalidated while we work is read, not cached, until the next
 * statement.  So a cached answer is what a fresh snapshot would say, except
 * for a change committing at that very instant, which is then taken as
 * committed just after -- and wherever the order matters, a lock orders the
 * two: a charge-category or status change holds the item's row lock, which
 * the insert's foreign-key check waits for; close_month() holds a SHARE lock
 * on effort_log, which the insert waits for; both are released only after
 * the invalidation is sent.  Under SERIALIZABLE the cache is not used, so
 * that the reads take their predicate locks (index scans do).
 *
 * Rows are cached only once the transaction that wrote them has committed
 * (inserts into work_item, person and contract send no invalidation: ids are
 * not reused without a DELETE, which does), and an absence is cached only
 * for month_close, whose inserts invalidate.  The role cache keeps only
 * answers "yes": a new person can only add to them.
 *
 * Every lookup is counted as a hit or a miss (caps_cache_stats()).
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/heapam.h"
#include "access/relscan.h"
#include "access/stratnum.h"
#include "access/subtrans.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/pg_am.h"
#include "catalog/pg_trigger.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "common/int.h"
#include "executor/tuptable.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "storage/itemptr.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

#include "caps.h"
#include "caps_lookup_internal.h"
#include "caps_trigger.h"
#include "omledger.h"

typedef struct DirectRelDef
{
	const char *table;
	const char *index;
	const char *cache_trigger;	/* the trigger that invalidates, or NULL */
	bool		negative;		/* we cache absence too: inserts invalidate */
	int			nkeys;
	int			ncols;
	const char *cols[REL_MAX_COLS];
	Oid			types[REL_MAX_COLS];	/* InvalidOid: any; ANYRANGEOID: a range of dates */
} DirectRelDef;

static const DirectRelDef rel_defs[NUM_RELS] = {
	[REL_ITEM] = {"work_item", "work_item_pkey", "work_item_caps_lookup", false, 1, 7,
		{"item_id", "contract_id", "kind", "spec_check_for_modification", "internal_handover",
		"status", "status_changed_at"},
	{INT8OID, INT8OID, TEXTOID, BOOLOID, BOOLOID, TEXTOID, TIMESTAMPTZOID}},
	[REL_PERSON] = {"person", "person_pkey", "person_caps_lookup", false, 1, 4,
		{"person_id", "contract_id", "registered", "side"},
	{INT8OID, INT8OID, ANYRANGEOID, TEXTOID}},
	[REL_MONTH] = {"month_close", "month_close_open", "month_close_caps_lookup", true, 2, 3,
		{"contract_id", "month", "reopened_at"},
	{INT8OID, DATEOID, InvalidOid}},
	[REL_CONTRACT] = {"contract", "contract_pkey", "contract_caps_lookup", false, 1, 2,
		{"contract_id", "term"},
	{INT8OID, ANYRANGEOID}},
	[REL_ROLE] = {"person", "person_db_role_idx", "person_caps_lookup", false, 2, 4,
		{"db_role", "contract_id", "registered", "side"},
	{NAMEOID, INT8OID, ANYRANGEOID, TEXTOID}},
	[REL_ENTRY] = {"effort_log", "effort_log_pkey", NULL, false, 1, 4,
		{"entry_id", "item_id", "person_id", "effort"},
	{INT8OID, INT8OID, INT8OID, InvalidOid}},
	[REL_CORRECTIONS] = {"effort_log", "effort_log_corrects", NULL, false, 1, 2,
		{"corrects", "effort"},
	{INT8OID, InvalidOid}},
	[REL_PERSON_DAY] = {"effort_log", "effort_log_person_date", NULL, false, 2, 3,
		{"person_id", "work_date", "effort"},
	{INT8OID, DATEOID, InvalidOid}},
	[REL_TOTAL] = {"effort_total", "effort_total_pkey", NULL, false, 4, 6,
		{"contract_id", "category", "month", "stripe", "used", "allowance"},
	{INT8OID, TEXTOID, DATEOID, INT4OID, INT8OID, INT8OID}},
};

static struct
{
	bool		valid;			/* as looked up, and nothing changed since */
	bool		known;			/* the OIDs are those last looked up */
	Oid			nsp;
	DirectRel	rel[NUM_RELS];
	CapsTotalRel total;
	bool		day_covered;	/* effort_log_person_date includes effort */
}			rels;

/* ------------------------------------------------------- lookup cache */

/*
 * One hash table per table read.  "stale" is set by the relcache callback
 * (at any time: while we work too) and cleared only at the start of a
 * statement's lookups, after invalidations were accepted and before the
 * snapshot is taken; a stale table is read, never cached from.
 */
typedef struct LookupCache
{
	const char *name;
	Size		keysize;
	Size		entrysize;
	int			rel;			/* whose invalidation empties it */
	MemoryContext cxt;			/* the table and what its entries point to */
	HTAB	   *hash;
	bool		stale;
	bool		use;			/* this statement may use it */
	uint64		hits;
	uint64		misses;
} LookupCache;

/* A session logging for a whole city stays well below this; it bounds memory. */
#define LOOKUP_MAX_ENTRIES 65536

static LookupCache caches[CAPS_NUM_CACHES] = {
	[CAPS_CACHE_ITEMS] = {"items", sizeof(int64), sizeof(ItemEntry), REL_ITEM},
	[CAPS_CACHE_ROSTER] = {"roster", sizeof(int64), sizeof(PersonEntry), REL_PERSON},
	[CAPS_CACHE_MONTHS] = {"months", sizeof(MonthKey), sizeof(MonthEntry), REL_MONTH},
	[CAPS_CACHE_CONTRACTS] = {"contracts", sizeof(int64), sizeof(ContractEntry), REL_CONTRACT},
	[CAPS_CACHE_ROLES] = {"roles", sizeof(RoleKey), sizeof(RoleEntry), REL_ROLE},
	[CAPS_CACHE_STRIPES] = {"stripes", sizeof(StripeKey), sizeof(StripeEntry), REL_TOTAL},
};

/*
 * Any change to one of the relations (or a reset of the whole relcache)
 * makes us look them up again (DROP and CREATE EXTENSION give new OIDs),
 * and marks what we keep of that relation stale.  While the relations are
 * being looked up, their OIDs are not known: anything may be one of them.
 */
static void
lookup_relcache_cb(Datum arg, Oid relid)
{
	if (!rels.known)
		relid = InvalidOid;
	for (int r = 0; r < NUM_RELS; r++)
		if (relid == InvalidOid || relid == rels.rel[r].relid)
		{
			rels.valid = false;
			for (int c = 0; c < CAPS_NUM_CACHES; c++)
				if (relid == InvalidOid || relid == rels.rel[caches[c].rel].relid)
					caches[c].stale = true;
			break;
		}
}

/* The relation and index of def, if they have the shape we expect. */
static bool
direct_rel_lookup(Oid nsp, const DirectRelDef *def, DirectRel *r)
{
	Relation	irel;
	bool		ok;

	r->relid = get_relname_relid(def->table, nsp);
	r->indexid = get_relname_relid(def->index, nsp);
	r->nkeys = def->nkeys;
	if (!OidIsValid(r->relid) || !OidIsValid(r->indexid))
		return false;
	for (int i = 0; i < def->ncols; i++)
	{
		Oid			type;

		r->att[i] = get_attnum(r->relid, def->cols[i]);
		if (r->att[i] == InvalidAttrNumber)
			return false;
		/* a domain is its base type here (work_item.kind is a work_kind) */
		type = getBaseType(get_atttype(r->relid, r->att[i]));
		if (def->types[i] == ANYRANGEOID ?
			!type_is_range(type) || get_range_subtype(type) != DATEOID :
			OidIsValid(def->types[i]) && type != def->types[i])
			return false;
	}

	/* a valid btree on exactly the key columns, in order */
	irel = index_open(r->indexid, AccessShareLock);
	ok = irel->rd_rel->relam == BTREE_AM_OID &&
		irel->rd_index->indrelid == r->relid &&
		irel->rd_index->indnkeyatts == def->nkeys &&
		irel->rd_index->indisvalid &&
		RelationGetIndexExpressions(irel) == NIL;
	for (int i = 0; ok && i < def->nkeys; i++)
		ok = irel->rd_index->indkey.values[i] == r->att[i];
	index_close(irel, AccessShareLock);
	r->cacheable = ok && def->cache_trigger != NULL &&
		has_invalidation_trigger(r->relid, nsp, def->cache_trigger, "caps_lookup_changed",
								 def->negative);
	return ok;
}

/*
 * Does r's index carry column col (r->att[col]) as its one included column,
 * after its keys, for every row (not partial)?  (0.4's
 * effort_log_person_date INCLUDE (effort); 0.3's index has the keys only.)
 */
static bool
index_includes(const DirectRel *r, int col)
{
	Relation	irel = index_open(r->indexid, AccessShareLock);
	bool		ok = irel->rd_index->indnatts == r->nkeys + 1 &&
		irel->rd_index->indkey.values[r->nkeys] == r->att[col] &&
		RelationGetIndexPredicate(irel) == NIL;

	index_close(irel, AccessShareLock);
	return ok;
}

/* Empty a stale cache (or one grown too big); it is usable again. */
static void
lookup_refresh(LookupCache *c)
{
	if (c->hash != NULL && !c->stale &&
		hash_get_num_entries(c->hash) < LOOKUP_MAX_ENTRIES)
		return;
	if (c->cxt == NULL)
	{
		c->cxt = AllocSetContextCreate(CacheMemoryContext, "omledger caps lookup",
									   ALLOCSET_SMALL_SIZES);
		MemoryContextSetIdentifier(c->cxt, c->name);
	}
	else
		MemoryContextReset(c->cxt);
	c->hash = NULL;
	c->stale = false;
}

bool
caps_lookup_begin(Relation effort_log, bool use_cache)
{
	static bool callback_registered = false;
	Oid			nsp = RelationGetNamespace(effort_log);

	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(lookup_relcache_cb, (Datum) 0);
		callback_registered = true;
	}

	/*
	 * Changes committed so far reach the cache first (see the top of the
	 * file); the caller takes its snapshot after this.
	 */
	AcceptInvalidationMessages();
	if (!rels.valid || rels.nsp != nsp)
	{
		Oid			was[NUM_RELS];
		bool		was_known = rels.known && rels.nsp == nsp;

		for (int r = 0; r < NUM_RELS; r++)
			was[r] = rels.rel[r].relid;
		memset(&rels, 0, sizeof(rels));
		for (int r = 0; r < NUM_RELS; r++)
			if (!direct_rel_lookup(nsp, &rel_defs[r], &rels.rel[r]))
				return false;	/* not valid: looked up again next time */
		rels.total.relid = rels.rel[REL_TOTAL].relid;
		rels.total.indexid = rels.rel[REL_TOTAL].indexid;
		memcpy(rels.total.att, rels.rel[REL_TOTAL].att, sizeof(rels.total.att));
		rels.day_covered = index_includes(&rels.rel[REL_PERSON_DAY], 2);
		rels.nsp = nsp;
		rels.known = true;
		rels.valid = true;

		/*
		 * What was kept of a relation that is still the same stays (its own
		 * changes made it stale already); of another, it may be of other
		 * OIDs.
		 */
		for (int c = 0; c < CAPS_NUM_CACHES; c++)
			if (!was_known || was[caches[c].rel] != rels.rel[caches[c].rel].relid)
				caches[c].stale = true;
	}
	for (int c = 0; c < CAPS_NUM_CACHES; c++)
	{
		LookupCache *lc = &caches[c];

		lookup_refresh(lc);
		/* the stripes are this backend's own: no invalidation needed */
		lc->use = c == CAPS_CACHE_STRIPES ||
			(use_cache && rels.rel[lc->rel].cacheable);
	}
	return true;
}

const CapsTotalRel *
caps_total_rel(void)
{
	Assert(rels.valid);
	return &rels.total;
}

const DirectRel *
caps_rel(CapsRelId which)
{
	Assert(rels.valid);
	return &rels.rel[which];
}

bool
caps_day_covered(void)
{
	Assert(rels.valid);
	return rels.day_covered;
}

/*
 * The entry for key; NULL if there is none, or if the cache is not to be used
 * (not this statement, or invalidated since this statement refreshed it).
 */
static void *
lookup_get(LookupCache *c, const void *key)
{
	HASHCTL		ctl;

	if (!c->use || c->stale)
		return NULL;
	if (c->hash == NULL)
	{
		ctl.keysize = c->keysize;
		ctl.entrysize = c->entrysize;
		ctl.hcxt = c->cxt;
		c->hash = hash_create(c->name, 256, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	return hash_search(c->hash, key, HASH_FIND, NULL);
}

void *
caps_cache_get(CapsCacheId cache, const void *key)
{
	return lookup_get(&caches[cache], key);
}

/* caps_cache_get(), counted as a hit or a miss */
void *
caps_cache_find(CapsCacheId cache, const void *key)
{
	LookupCache *c = &caches[cache];
	void	   *e = lookup_get(c, key);

	if (e != NULL)
		c->hits++;
	else
		c->misses++;
	return e;
}

/* Keep an entry read under a snapshot taken since the cache was refreshed. */
void *
caps_cache_keep(CapsCacheId cache, bool keep, const void *key)
{
	LookupCache *c = &caches[cache];

	if (!keep || !c->use || c->stale || c->hash == NULL)
		return NULL;
	return hash_search(c->hash, key, HASH_ENTER, NULL);
}

/* A copy of a range in the cache's memory. */
RangeType *
caps_cache_copy_range(CapsCacheId cache, RangeType *r)
{
	RangeType  *copy;

	if (r == NULL)
		return NULL;
	copy = MemoryContextAlloc(caches[cache].cxt, VARSIZE(r));
	memcpy(copy, r, VARSIZE(r));
	return copy;
}

void
caps_cache_count(CapsCacheId cache, bool hit)
{
	if (hit)
		caches[cache].hits++;
	else
		caches[cache].misses++;
}

/* ------------------------------------------------------------- probes */

void
caps_probe_begin(Probe *p, const DirectRel *r, Snapshot snap,
				 const RegProcedure *eqprocs, const Datum *values)
{
	ScanKeyData keys[INDEX_MAX_KEYS];

	p->rel = table_open(r->relid, AccessShareLock);
	p->irel = index_open(r->indexid, AccessShareLock);
	for (int i = 0; i < r->nkeys; i++)
	{
		ScanKeyInit(&keys[i], i + 1, BTEqualStrategyNumber, eqprocs[i], values[i]);
		keys[i].sk_collation = p->irel->rd_indcollation[i];
	}
	p->slot = table_slot_create(p->rel, NULL);
	p->scan = index_beginscan(p->rel, p->irel, snap, r->nkeys, 0);
	index_rescan(p->scan, keys, r->nkeys, NULL, 0);
}

bool
caps_probe_next(Probe *p)
{
	return index_getnext_slot(p->scan, ForwardScanDirection, p->slot);
}

/* Locks are kept to the end of the transaction, as the executor does. */
void
caps_probe_end(Probe *p)
{
	index_endscan(p->scan);
	ExecDropSingleTupleTableSlot(p->slot);
	index_close(p->irel, NoLock);
	table_close(p->rel, NoLock);
}

Datum
caps_probe_col(Probe *p, const DirectRel *r, int col, bool *isnull)
{
	return slot_getattr(p->slot, r->att[col], isnull);
}

bool
caps_probe_row_is_own(Probe *p)
{
	HeapTuple	tup = ExecFetchSlotHeapTuple(p->slot, false, NULL);

	return TransactionIdIsCurrentTransactionId(HeapTupleHeaderGetXmin(tup->t_data));
}

bool
range_has_date(RangeType *r, DateADT day)
{
	/* a type cache entry lives as long as the backend: looked up once */
	static TypeCacheEntry *tc = NULL;

	if (r == NULL)
		return false;
	if (tc == NULL || tc->type_id != RangeTypeGetOid(r) || tc->rngelemtype == NULL)
		tc = lookup_type_cache(RangeTypeGetOid(r), TYPECACHE_RANGE_INFO);
	return range_contains_elem_internal(tc, r, DateADTGetDatum(day));
}

void
caps_probe_text(Probe *p, const DirectRel *r, int col, char *buf, size_t size)
{
	bool		isnull;
	Datum		d = caps_probe_col(p, r, col, &isnull);

	if (isnull)
		buf[0] = '\0';
	else
		text_to_cstring_buffer(DatumGetTextPP(d), buf, size);
}
/* ------------------------------------------------------------ SQL glue */

/*
 * The trigger on work_item, person, contract and month_close
 * (51_caps_lookup.sql, 70_caps_rules.sql): the sessions' lookup caches of
 * that table are stale.
 */
PG_FUNCTION_INFO_V1(caps_lookup_changed);
Datum
caps_lookup_changed(PG_FUNCTION_ARGS)
{
	return relcache_changed_trigger(fcinfo, "caps_lookup_changed");
}

/*
 * caps_cache_stats(): this session's lookups per cache, answered from the
 * cache (hits) or read (misses), since the session started.
 */
PG_FUNCTION_INFO_V1(caps_cache_stats);
Datum
caps_cache_stats(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (int c = 0; c < CAPS_NUM_CACHES; c++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = CStringGetTextDatum(caches[c].name);
		values[1] = Int64GetDatum((int64) caches[c].hits);
		values[2] = Int64GetDatum((int64) caches[c].misses);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
