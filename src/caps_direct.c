/*
 * caps_direct.c
 *	  A one-row insert into effort_log -- a person logging a day, the
 *	  common case by far -- checked and counted without the executor.
 *
 * The SPI path (caps.c) answers the same questions with a query and an
 * UPDATE; for a one-row insert most of their cost is executor start-up, not
 * the work (BENCHMARKS.md, "effort caps").  Here the same reads are single
 * index probes, and spending the stripe's allowance is one heap_update():
 *
 *	- the work item by its primary key: contract, charge category, counted;
 *	- the person by its primary key: same contract, registered that day;
 *	- month_close through its partial unique index on open closes;
 *	- this backend's stripe by the primary key of effort_total (or where
 *	  this backend last wrote it), updated in place when its allowance
 *	  covers the entry (or it is uncapped).
 *
 * What the first three probes read changes rarely, and is kept per session
 * (the lookup cache below): a work item's contract, category and counted
 * flag, a person's contract and registration, and whether a month is
 * closed.  The tables carry triggers (51_caps_lookup.sql) that send a
 * relcache invalidation of the table on any change to what is kept; the
 * trigger accepts invalidations before it looks, and a table invalidated
 * while it works is read, not cached, until the next statement.  So a
 * cached answer is what a fresh snapshot would say, except for a change
 * committing at that very instant, which is then taken as committed just
 * after -- and wherever the order matters, a lock orders the two: a
 * charge-category change holds the item's row lock, which the insert's
 * foreign-key check waits for; close_month() holds a SHARE lock on
 * effort_log, which the insert waits for; both are released only after the
 * invalidation is sent.  Under SERIALIZABLE the cache is not used, so that
 * the reads take their predicate locks.
 *
 * The semantics are the SPI path's, step by step: the same snapshots (a
 * fresh one under READ COMMITTED; under REPEATABLE READ the latest for the
 * checks and the transaction's for the stripe, after a command counter
 * increment, as SPI does), the same order of refusals, and the stripe
 * update's condition re-checked on the version heap_update() finds.  When
 * the stripe was changed under us (a grant holder reclaimed it), or has too
 * little allowance, or does not exist, nothing is written here: the caller
 * takes the slow path under cap_guard, which decides on exact totals.
 *
 * Anything this file does not know how to do exactly -- a correction, a date
 * the SQL path would reject, tables whose shape is not the one the
 * extension created (an index, trigger, policy or constraint added by hand
 * on effort_total) -- is left to the SPI path: nothing has been written by
 * then.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/heapam.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/index.h"
#include "catalog/pg_am.h"
#include "catalog/pg_trigger.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "common/int.h"
#include "datatype/timestamp.h"
#include "executor/tuptable.h"
#include "storage/bufmgr.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/fmgroids.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rangetypes.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/typcache.h"

#include "caps.h"
#include "caps_trigger.h"
#include "omledger.h"

/* A relation the direct path reads, and the columns it uses. */
typedef struct DirectRel
{
	Oid			relid;
	Oid			indexid;		/* the index probed, keys in column order */
	int			nkeys;
	AttrNumber	att[6];			/* keys first, then the other columns */
	bool		cacheable;		/* its changes invalidate our lookup cache */
} DirectRel;

typedef struct DirectRels
{
	bool		valid;
	Oid			nsp;
	DirectRel	work_item;		/* item_id | contract_id, kind, spec_check..., internal_handover */
	DirectRel	person;			/* person_id | contract_id, registered */
	DirectRel	month_close;	/* contract_id, month | reopened_at */
	DirectRel	total;			/* contract_id, category, month, stripe | used, allowance */
} DirectRels;

typedef struct DirectRelDef
{
	const char *table;
	const char *index;
	const char *cache_trigger;	/* the trigger that invalidates, or NULL */
	bool		negative;		/* we cache absence too: inserts invalidate */
	int			nkeys;
	int			ncols;
	const char *cols[6];
	Oid			types[6];		/* InvalidOid: any; ANYRANGEOID: a range of dates */
} DirectRelDef;

static const DirectRelDef work_item_def = {"work_item", "work_item_pkey", "work_item_caps_lookup", false, 1, 5,
	{"item_id", "contract_id", "kind", "spec_check_for_modification", "internal_handover"},
{INT8OID, INT8OID, TEXTOID, BOOLOID, BOOLOID}};
static const DirectRelDef person_def = {"person", "person_pkey", "person_caps_lookup", false, 1, 3,
	{"person_id", "contract_id", "registered"},
{INT8OID, INT8OID, ANYRANGEOID}};
static const DirectRelDef month_close_def = {"month_close", "month_close_open", "month_close_caps_lookup", true, 2, 3,
	{"contract_id", "month", "reopened_at"},
{INT8OID, DATEOID, InvalidOid}};
static const DirectRelDef total_def = {"effort_total", "effort_total_pkey", NULL, false, 4, 6,
	{"contract_id", "category", "month", "stripe", "used", "allowance"},
{INT8OID, TEXTOID, DATEOID, INT4OID, INT8OID, INT8OID}};

static DirectRels rels;

static void lookup_relcache_cb(Oid relid);

/*
 * Any change to one of the relations (or a reset of the whole relcache)
 * makes us look them up again (DROP and CREATE EXTENSION give new OIDs),
 * and marks what we keep of it stale.  While the relations are not (or
 * being) looked up, their OIDs are not known: anything may be one of them.
 */
static void
direct_relcache_cb(Datum arg, Oid relid)
{
	if (!rels.valid)
		relid = InvalidOid;
	if (relid == InvalidOid || relid == rels.work_item.relid ||
		relid == rels.person.relid || relid == rels.month_close.relid ||
		relid == rels.total.relid)
	{
		rels.valid = false;
		lookup_relcache_cb(relid);
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

	/* a btree on exactly the key columns, in order */
	irel = index_open(r->indexid, AccessShareLock);
	ok = irel->rd_rel->relam == BTREE_AM_OID &&
		irel->rd_index->indrelid == r->relid &&
		irel->rd_index->indnkeyatts == def->nkeys &&
		RelationGetIndexExpressions(irel) == NIL;
	for (int i = 0; ok && i < def->nkeys; i++)
		ok = irel->rd_index->indkey.values[i] == r->att[i];
	index_close(irel, AccessShareLock);
	r->cacheable = ok && def->cache_trigger != NULL &&
		has_invalidation_trigger(r->relid, nsp, def->cache_trigger, "caps_lookup_changed",
								 def->negative);
	return ok;
}

static bool
direct_rels(Relation effort_log)
{
	static bool callback_registered = false;
	Oid			nsp = RelationGetNamespace(effort_log);

	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(direct_relcache_cb, (Datum) 0);
		callback_registered = true;
	}
	if (rels.valid && rels.nsp == nsp)
		return true;
	memset(&rels, 0, sizeof(rels));
	if (!direct_rel_lookup(nsp, &work_item_def, &rels.work_item) ||
		!direct_rel_lookup(nsp, &person_def, &rels.person) ||
		!direct_rel_lookup(nsp, &month_close_def, &rels.month_close) ||
		!direct_rel_lookup(nsp, &total_def, &rels.total))
		return false;			/* not valid: looked up again next time */
	rels.nsp = nsp;
	rels.valid = true;
	lookup_relcache_cb(InvalidOid); /* what was kept may be of other OIDs */
	return true;
}

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
	MemoryContext cxt;			/* the table and what its entries point to */
	HTAB	   *hash;
	bool		stale;
} LookupCache;

typedef struct ItemEntry
{
	int64		item_id;		/* key */
	int64		contract_id;
	bool		counted;
	char		category[32];
} ItemEntry;

typedef struct PersonEntry
{
	int64		person_id;		/* key */
	bool		present;		/* the row exists (kept entries always do) */
	int64		contract_id;
	RangeType  *registered;		/* NULL if NULL; in the cache's context */
} PersonEntry;

typedef struct MonthKey
{
	int64		contract_id;
	DateADT		month;
} MonthKey;

typedef struct MonthEntry
{
	MonthKey	key;
	bool		closed;
} MonthEntry;

/* A session logging for a whole city stays well below this; it bounds memory. */
#define LOOKUP_MAX_ENTRIES 65536

static LookupCache item_cache = {"omledger caps items", sizeof(int64), sizeof(ItemEntry)};
static LookupCache person_cache = {"omledger caps roster", sizeof(int64), sizeof(PersonEntry)};
static LookupCache month_cache = {"omledger caps months", sizeof(MonthKey), sizeof(MonthEntry)};

/*
 * Where this backend last wrote each of its stripes: the next entry finds
 * the row there without searching the index, if it is still the version the
 * snapshot sees.  (A rewrite of effort_total -- TRUNCATE, VACUUM FULL --
 * invalidates its relcache entry and so empties this cache; a row moved or
 * taken back by another backend is simply not found there.)
 */
typedef struct StripeKey
{
	int64		contract_id;
	DateADT		month;
	char		category[32];
} StripeKey;

typedef struct StripeEntry
{
	StripeKey	key;
	ItemPointerData tid;
} StripeEntry;

static LookupCache stripe_cache = {"omledger caps stripes", sizeof(StripeKey), sizeof(StripeEntry)};

static void
lookup_relcache_cb(Oid relid)
{
	if (relid == InvalidOid || relid == rels.work_item.relid)
		item_cache.stale = true;
	if (relid == InvalidOid || relid == rels.person.relid)
		person_cache.stale = true;
	if (relid == InvalidOid || relid == rels.month_close.relid)
		month_cache.stale = true;
	if (relid == InvalidOid || relid == rels.total.relid)
		stripe_cache.stale = true;
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

/*
 * The entry for key; NULL if there is none, or if the cache is not to be used
 * (use false, or invalidated since this statement refreshed it).
 */
static void *
lookup_find(LookupCache *c, bool use, const void *key)
{
	HASHCTL		ctl;

	if (!use || c->stale)
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

/* Keep an entry read under a snapshot taken since the cache was refreshed. */
static void *
lookup_keep(LookupCache *c, bool use, const void *key)
{
	if (!use || c->stale || c->hash == NULL)
		return NULL;
	return hash_search(c->hash, key, HASH_ENTER, NULL);
}

/* ------------------------------------------------------------- probes */

/* An equality key on index column col (1-based), in the index's collation. */
static void
key_init(ScanKey key, Relation irel, int col, RegProcedure eqproc, Datum value)
{
	ScanKeyInit(key, col, BTEqualStrategyNumber, eqproc, value);
	key->sk_collation = irel->rd_indcollation[col - 1];
}

/*
 * Open r's table and index and start a scan with the keys; the caller
 * fetches with index_getnext_slot() and ends with probe_end().
 */
typedef struct Probe
{
	Relation	rel;
	Relation	irel;
	IndexScanDesc scan;
	TupleTableSlot *slot;
} Probe;

static void
probe_begin(Probe *p, const DirectRel *r, LOCKMODE mode, Snapshot snap,
			const RegProcedure *eqprocs, const Datum *values)
{
	ScanKeyData keys[INDEX_MAX_KEYS];

	p->rel = table_open(r->relid, mode);
	p->irel = index_open(r->indexid, mode);
	for (int i = 0; i < r->nkeys; i++)
		key_init(&keys[i], p->irel, i + 1, eqprocs[i], values[i]);
	p->slot = table_slot_create(p->rel, NULL);
	p->scan = index_beginscan(p->rel, p->irel, snap, r->nkeys, 0);
	index_rescan(p->scan, keys, r->nkeys, NULL, 0);
}

static bool
probe_next(Probe *p)
{
	return index_getnext_slot(p->scan, ForwardScanDirection, p->slot);
}

/* Locks are kept to the end of the transaction, as the executor does. */
static void
probe_end(Probe *p)
{
	index_endscan(p->scan);
	ExecDropSingleTupleTableSlot(p->slot);
	index_close(p->irel, NoLock);
	table_close(p->rel, NoLock);
}

/*
 * Is the row the probe found written by this transaction?  Such a row is
 * never cached: inserts into work_item and person send no invalidation (ids
 * are not reused without a DELETE, which does), so a row inserted by a
 * transaction that then rolls back must not be remembered.
 */
static bool
probe_row_is_own(Probe *p)
{
	HeapTuple	tup = ExecFetchSlotHeapTuple(p->slot, false, NULL);

	return TransactionIdIsCurrentTransactionId(HeapTupleHeaderGetXmin(tup->t_data));
}

/* The item's contract, charge category and whether it counts. */
static void
probe_item(Snapshot snap, const CapsNewRow *row, ItemEntry *item, bool *own)
{
	static const RegProcedure eq[] = {F_INT8EQ};
	Datum		key[] = {Int64GetDatum(row->item_id)};
	const AttrNumber *att = rels.work_item.att;
	Probe		p;
	bool		knull,
				snull,
				hnull,
				isnull;
	Datum		kind,
				spec,
				handover;
	const char *cat;

	probe_begin(&p, &rels.work_item, AccessShareLock, snap, eq, key);
	if (!probe_next(&p))
		elog(ERROR, "omledger caps: work item of effort entry %lld not found",
			 (long long) row->entry_id);
	item->contract_id = DatumGetInt64(slot_getattr(p.slot, att[1], &isnull));
	kind = slot_getattr(p.slot, att[2], &knull);
	spec = slot_getattr(p.slot, att[3], &snull);
	handover = slot_getattr(p.slot, att[4], &hnull);
	/* charge_category() is strict; NOT NULL is NULL, read as false */
	cat = knull || snull ? NULL :
		cap_charge_category(TextDatumGetCString(kind), DatumGetBool(spec));
	if (cat == NULL)
		elog(ERROR, "omledger caps: work item of unknown kind in contract %lld",
			 (long long) item->contract_id);
	strlcpy(item->category, cat, sizeof(item->category));
	item->counted = !hnull && !DatumGetBool(handover);
	*own = probe_row_is_own(&p);
	probe_end(&p);
}

static void
item_facts(Snapshot snap, bool use_cache, const CapsNewRow *row, CapsGroup *g)
{
	ItemEntry  *e;
	ItemEntry	read;
	bool		own;

	use_cache = use_cache && rels.work_item.cacheable;
	e = lookup_find(&item_cache, use_cache, &row->item_id);

	if (e == NULL)
	{
		probe_item(snap, row, &read, &own);
		e = lookup_keep(&item_cache, use_cache && !own, &row->item_id);
		if (e != NULL)
		{
			e->contract_id = read.contract_id;
			e->counted = read.counted;
			memcpy(e->category, read.category, sizeof(e->category));
		}
		else
			e = &read;
	}
	g->contract_id = e->contract_id;
	g->counted = e->counted;
	memcpy(g->category, e->category, sizeof(g->category));
}

/* The person's contract and registration. */
static void
probe_person(Snapshot snap, int64 person_id, PersonEntry *person, bool *own)
{
	static const RegProcedure eq[] = {F_INT8EQ};
	Datum		key[] = {Int64GetDatum(person_id)};
	const AttrNumber *att = rels.person.att;
	Probe		p;

	memset(person, 0, sizeof(*person));
	*own = false;
	probe_begin(&p, &rels.person, AccessShareLock, snap, eq, key);
	if (probe_next(&p))
	{
		bool		cnull,
					rnull;
		Datum		contract = slot_getattr(p.slot, att[1], &cnull);
		Datum		registered = slot_getattr(p.slot, att[2], &rnull);

		person->present = !cnull;
		person->contract_id = cnull ? 0 : DatumGetInt64(contract);
		if (!rnull)
			person->registered = DatumGetRangeTypePCopy(registered);
		*own = probe_row_is_own(&p);
	}
	probe_end(&p);
}

/* Is the person on the roster of the contract on the day of work? */
static bool
on_roster(Snapshot snap, bool use_cache, const CapsNewRow *row, int64 contract_id)
{
	PersonEntry *e;
	PersonEntry read;
	bool		own;
	TypeCacheEntry *tc;

	use_cache = use_cache && rels.person.cacheable;
	e = lookup_find(&person_cache, use_cache, &row->person_id);

	if (e == NULL)
	{
		probe_person(snap, row->person_id, &read, &own);
		/* an absent person is not kept: inserts do not invalidate */
		use_cache = use_cache && read.present && !own && !person_cache.stale;
		if (use_cache && read.registered != NULL)
		{
			RangeType  *copy = MemoryContextAlloc(person_cache.cxt, VARSIZE(read.registered));

			memcpy(copy, read.registered, VARSIZE(read.registered));
			read.registered = copy;
		}
		e = lookup_keep(&person_cache, use_cache, &row->person_id);
		if (e != NULL)
		{
			e->present = true;
			e->contract_id = read.contract_id;
			e->registered = read.registered;
		}
		else
			e = &read;
	}
	if (!e->present || e->contract_id != contract_id || e->registered == NULL)
		return false;
	tc = lookup_type_cache(RangeTypeGetOid(e->registered), TYPECACHE_RANGE_INFO);
	return range_contains_elem_internal(tc, e->registered, DateADTGetDatum(row->work_date));
}

/* Is the month closed (a close not reopened)? */
static bool
probe_closed(Snapshot snap, const MonthKey *m)
{
	static const RegProcedure eq[] = {F_INT8EQ, F_DATE_EQ};
	Datum		key[] = {Int64GetDatum(m->contract_id), DateADTGetDatum(m->month)};
	Probe		p;
	bool		closed = false;

	probe_begin(&p, &rels.month_close, AccessShareLock, snap, eq, key);
	while (!closed && probe_next(&p))
	{
		bool		isnull;

		(void) slot_getattr(p.slot, rels.month_close.att[2], &isnull);
		closed = isnull;
	}
	probe_end(&p);
	return closed;
}

static bool
month_closed(Snapshot snap, bool use_cache, const CapsGroup *g)
{
	MonthKey	key;
	MonthEntry *e;
	bool		closed;

	use_cache = use_cache && rels.month_close.cacheable;
	memset(&key, 0, sizeof(key));	/* hashed as bytes: no padding garbage */
	key.contract_id = g->contract_id;
	key.month = g->month;
	e = lookup_find(&month_cache, use_cache, &key);
	if (e != NULL)
		return e->closed;
	closed = probe_closed(snap, &key);
	e = lookup_keep(&month_cache, use_cache, &key);
	if (e != NULL)
		e->closed = closed;
	return closed;
}

/* --------------------------------------------------------------- stripe */

/*
 * effort_total as the extension made it: a heap with its primary key as the
 * only index, no triggers, no row security, no inheritance children, no
 * generated columns and its one CHECK (allowance >= 0, which the update
 * below keeps).  Otherwise the SQL UPDATE has work we would skip.
 */
static bool
total_is_plain(void)
{
	Relation	rel = table_open(rels.total.relid, RowExclusiveLock);
	List	   *indexes = RelationGetIndexList(rel);
	bool		plain = rel->rd_rel->relam == HEAP_TABLE_AM_OID &&
		rel->trigdesc == NULL && !rel->rd_rel->relrowsecurity &&
		!rel->rd_rel->relhassubclass &&
		list_length(indexes) == 1 && linitial_oid(indexes) == rels.total.indexid &&
		(rel->rd_att->constr == NULL ||
		 (rel->rd_att->constr->num_check <= 1 && !rel->rd_att->constr->has_generated_stored));

	list_free(indexes);
	table_close(rel, NoLock);
	return plain;
}

/* A non-HOT update: the new version needs its own primary-key entry. */
static void
total_index_insert(Relation rel, Relation irel, HeapTuple tup)
{
	Datum		values[4];
	bool		isnull[4];

	for (int i = 0; i < 4; i++)
		values[i] = heap_getattr(tup, rels.total.att[i], RelationGetDescr(rel), &isnull[i]);
	(void) index_insert(irel, values, isnull, &tup->t_self, rel, UNIQUE_CHECK_YES,
						true, BuildIndexInfo(irel));
}

static void
stripe_key(const CapsGroup *g, StripeKey *key)
{
	memset(key, 0, sizeof(*key));	/* hashed as bytes */
	key->contract_id = g->contract_id;
	key->month = g->month;
	strlcpy(key->category, g->category, sizeof(key->category));
}

/* Is tup this backend's stripe of the group? */
static bool
stripe_matches(HeapTuple tup, TupleDesc desc, const CapsGroup *g)
{
	const AttrNumber *att = rels.total.att;
	bool		n[4];
	Datum		contract = heap_getattr(tup, att[0], desc, &n[0]);
	Datum		category = heap_getattr(tup, att[1], desc, &n[1]);
	Datum		month = heap_getattr(tup, att[2], desc, &n[2]);
	Datum		stripe = heap_getattr(tup, att[3], desc, &n[3]);

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
stripe_fetch(Relation rel, Snapshot snap, const CapsGroup *g, const StripeKey *skey)
{
	static const RegProcedure eq[] = {F_INT8EQ, F_TEXTEQ, F_DATE_EQ, F_INT4EQ};
	StripeEntry *e = lookup_find(&stripe_cache, true, skey);
	HeapTuple	copy = NULL;
	Probe		p;

	if (e != NULL && ItemPointerGetBlockNumber(&e->tid) < RelationGetNumberOfBlocks(rel))
	{
		HeapTupleData tup;
		Buffer		buf;

		tup.t_self = e->tid;
		if (heap_fetch(rel, snap, &tup, &buf, false))
		{
			if (stripe_matches(&tup, RelationGetDescr(rel), g))
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

	{
		Datum		key[] = {Int64GetDatum(g->contract_id), CStringGetTextDatum(g->category),
		DateADTGetDatum(g->month), Int32GetDatum(MyBackendId)};

		probe_begin(&p, &rels.total, RowExclusiveLock, snap, eq, key);
	}
	if (probe_next(&p))
	{
		copy = ExecCopySlotHeapTuple(p.slot);
		copy->t_self = p.slot->tts_tid;
	}
	probe_end(&p);
	return copy;
}

/*
 * UPDATE effort_total SET used = used + d, allowance = allowance - d
 *  WHERE (key) AND stripe = MyBackendId AND (allowance IS NULL OR allowance >= d)
 * -- true if a row was updated.  False (nothing written) if there is no
 * such stripe, its allowance is short, or it was changed since the
 * snapshot: the slow path decides then, exactly.
 */
static bool
spend_allowance(Snapshot snap, const CapsGroup *g)
{
	const AttrNumber *att = rels.total.att;
	Relation	rel = table_open(rels.total.relid, RowExclusiveLock);
	TupleDesc	desc = RelationGetDescr(rel);
	StripeKey	skey;
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

	stripe_key(g, &skey);
	oldtup = stripe_fetch(rel, snap, g, &skey);
	if (oldtup == NULL)
	{
		table_close(rel, NoLock);
		return false;
	}
	used = DatumGetInt64(heap_getattr(oldtup, att[4], desc, &isnull));
	allowance = DatumGetInt64(heap_getattr(oldtup, att[5], desc, &allowance_null));
	if (isnull || (!allowance_null && allowance < g->delta))
	{
		table_close(rel, NoLock);
		return false;
	}
	if (pg_add_s64_overflow(used, g->delta, &used) ||
		(!allowance_null && pg_sub_s64_overflow(allowance, g->delta, &allowance)))
		caps_refuse_total_overflow(g);
	/* sized by the table as it is: columns may have been added or dropped */
	values = palloc0(desc->natts * sizeof(Datum));
	nulls = palloc0(desc->natts * sizeof(bool));
	replace = palloc0(desc->natts * sizeof(bool));
	values[att[4] - 1] = Int64GetDatum(used);
	replace[att[4] - 1] = true;
	values[att[5] - 1] = Int64GetDatum(allowance);
	nulls[att[5] - 1] = allowance_null;
	replace[att[5] - 1] = true;
	newtup = heap_modify_tuple(oldtup, desc, values, nulls, replace);

	result = heap_update(rel, &oldtup->t_self, newtup, GetCurrentCommandId(true),
						 InvalidSnapshot, true, &tmfd, &lockmode);
	switch (result)
	{
		case TM_Ok:
			if (!HeapTupleIsHeapOnly(newtup))
			{
				Relation	irel = index_open(rels.total.indexid, RowExclusiveLock);

				total_index_insert(rel, irel, newtup);
				index_close(irel, NoLock);
			}
			{
				StripeEntry *e = lookup_keep(&stripe_cache, true, &skey);

				if (e != NULL)
					e->tid = newtup->t_self;
			}
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
	return result == TM_Ok;
}

/* ---------------------------------------------------------------- entry */

/* The first day of the month of a finite date. */
static DateADT
month_start(DateADT day)
{
	int			y,
				m,
				d;

	j2date(day + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	return date2j(y, m, 1) - POSTGRES_EPOCH_JDATE;
}

CapsDirectResult
caps_direct_insert(TriggerData *td, const CapsNewRow *row, CapsGroup *g)
{
	Snapshot	check_snap;
	bool		use_cache;
	CapsDirectResult result = CAPS_DIRECT_DONE;
	char		person[32];

	/*
	 * Corrections have more to check; date_trunc() of a date outside the
	 * timestamp range is an error the SQL path raises.
	 */
	if (row->has_corrects || DATE_NOT_FINITE(row->work_date) ||
		row->work_date >= TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE ||
		!direct_rels(td->tg_relation) || !total_is_plain())
		return CAPS_DIRECT_UNSUPPORTED;

	/*
	 * Changes committed so far reach the cache first (see the top of the
	 * file); then, as SPI does for each statement: see this command's
	 * changes, and take the snapshots (see caps.c, collect_groups(), for the
	 * REPEATABLE READ one).  The active one is the transaction snapshot, for
	 * the stripe.
	 */
	use_cache = !IsolationIsSerializable();
	if (use_cache)
	{
		AcceptInvalidationMessages();
		lookup_refresh(&item_cache);
		lookup_refresh(&person_cache);
		lookup_refresh(&month_cache);
	}
	lookup_refresh(&stripe_cache);
	CommandCounterIncrement();
	PushCopiedSnapshot(GetTransactionSnapshot());
	UpdateActiveSnapshotCommandId();
	check_snap = IsolationUsesXactSnapshot() ? RegisterSnapshot(GetLatestSnapshot()) :
		GetActiveSnapshot();

	memset(g, 0, sizeof(*g));
	g->month = month_start(row->work_date);
	g->delta = row->effort;
	item_facts(check_snap, use_cache, row, g);
	if (!on_roster(check_snap, use_cache, row, g->contract_id))
	{
		snprintf(person, sizeof(person), "%lld", (long long) row->person_id);
		caps_refuse_off_roster(g->contract_id, person,
							   DatumGetCString(DirectFunctionCall1(date_out,
																   DateADTGetDatum(row->work_date))));
	}
	if (month_closed(check_snap, use_cache, g))
		caps_refuse_closed(g);

	if (g->counted && g->delta != 0 && !spend_allowance(GetActiveSnapshot(), g))
		result = CAPS_DIRECT_NEED_GRANT;

	if (check_snap != GetActiveSnapshot())
		UnregisterSnapshot(check_snap);
	PopActiveSnapshot();
	return result;
}

/*
 * The trigger on work_item, person and month_close (51_caps_lookup.sql):
 * the sessions' lookup caches of that table are stale.
 */
PG_FUNCTION_INFO_V1(caps_lookup_changed);
Datum
caps_lookup_changed(PG_FUNCTION_ARGS)
{
	return relcache_changed_trigger(fcinfo, "caps_lookup_changed");
}
