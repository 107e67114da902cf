/*
 * caps_lookup.c
 *	  The facts the rules of an effort row need (caps_rules.c), read with
 *	  index probes -- no executor, no SQL -- for every path of the cap
 *	  trigger, one row or many:
 *
 *	- the work item by its primary key: contract, charge category, counted,
 *	  and whether (since when) it is cancelled or rejected;
 *	- the person by its primary key: contract, side, registration;
 *	- the contract by its primary key: its term;
 *	- month_close through its partial unique index on open closes;
 *	- the persons a role acts as (person_db_role_idx): city staff, or
 *	  registered on the day of entry;
 *	- an entry of effort_log by its primary key, and the corrections that
 *	  reference it (effort_log_corrects).
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

#include "btree_leaf.h"
#include "caps.h"
#include "caps_trigger.h"
#include "omledger.h"

#define REL_MAX_COLS 8

/* A relation we probe, through one index, and the columns we read. */
typedef struct DirectRel
{
	Oid			relid;
	Oid			indexid;		/* keys in column order */
	int			nkeys;
	AttrNumber	att[REL_MAX_COLS];	/* keys first, then the other columns */
	bool		cacheable;		/* its changes invalidate our lookup cache */
} DirectRel;

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

enum
{
	REL_ITEM,
	REL_PERSON,
	REL_MONTH,
	REL_CONTRACT,
	REL_ROLE,
	REL_ENTRY,
	REL_CORRECTIONS,
	REL_PERSON_DAY,
	REL_TOTAL,
	NUM_RELS
};

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

typedef struct ItemEntry
{
	int64		item_id;		/* key */
	CapsItemFacts f;
} ItemEntry;

typedef struct PersonEntry
{
	int64		person_id;		/* key */
	CapsPersonFacts f;			/* registered in the cache's context */
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

typedef struct ContractEntry
{
	int64		contract_id;	/* key */
	RangeType  *term;
} ContractEntry;

typedef struct RoleKey
{
	int64		contract_id;
	NameData	role;
} RoleKey;

typedef struct RoleEntry
{
	RoleKey		key;
	bool		city;			/* city staff: any day */
	RangeType  *registered;		/* else: a registration that was found */
} RoleEntry;

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
	Buffer		buf;			/* the shared buffer it was in, a hint */
} StripeEntry;

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

/* lookup_get(), counted as a hit or a miss */
static void *
lookup_find(LookupCache *c, const void *key)
{
	void	   *e = lookup_get(c, key);

	if (e != NULL)
		c->hits++;
	else
		c->misses++;
	return e;
}

/* Keep an entry read under a snapshot taken since the cache was refreshed. */
static void *
lookup_keep(LookupCache *c, bool keep, const void *key)
{
	if (!keep || !c->use || c->stale || c->hash == NULL)
		return NULL;
	return hash_search(c->hash, key, HASH_ENTER, NULL);
}

/* A copy of a range in the cache's memory. */
static RangeType *
lookup_copy_range(LookupCache *c, RangeType *r)
{
	RangeType  *copy;

	if (r == NULL)
		return NULL;
	copy = MemoryContextAlloc(c->cxt, VARSIZE(r));
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

/*
 * Open r's table and index and start a scan with equality keys (in the
 * index's collation); fetch with probe_next(), end with probe_end().
 */
typedef struct Probe
{
	Relation	rel;
	Relation	irel;
	IndexScanDesc scan;
	TupleTableSlot *slot;
} Probe;

static void
probe_begin(Probe *p, const DirectRel *r, Snapshot snap,
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

static Datum
probe_col(Probe *p, const DirectRel *r, int col, bool *isnull)
{
	return slot_getattr(p->slot, r->att[col], isnull);
}

/*
 * Is the row the probe found written by this transaction?  Such a row is
 * never cached: inserts send no invalidation, so a row inserted by a
 * transaction that then rolls back must not be remembered.
 */
static bool
probe_row_is_own(Probe *p)
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

static void
text_col(Probe *p, const DirectRel *r, int col, char *buf, size_t size)
{
	bool		isnull;
	Datum		d = probe_col(p, r, col, &isnull);

	if (isnull)
		buf[0] = '\0';
	else
		text_to_cstring_buffer(DatumGetTextPP(d), buf, size);
}

/* ------------------------------------------------------------ the facts */

static void
probe_item(Snapshot snap, int64 item_id, CapsItemFacts *f, bool *own)
{
	static const RegProcedure eq[] = {F_INT8EQ};
	Datum		key[] = {Int64GetDatum(item_id)};
	const DirectRel *r = &rels.rel[REL_ITEM];
	Probe		p;
	bool		knull,
				snull,
				hnull,
				tnull,
				isnull;
	Datum		kind,
				spec,
				handover,
				since;
	const char *cat;

	memset(f, 0, sizeof(*f));
	probe_begin(&p, r, snap, eq, key);
	if (!probe_next(&p))
		elog(ERROR, "omledger caps: work item %lld not found", (long long) item_id);
	f->contract_id = DatumGetInt64(probe_col(&p, r, 1, &isnull));
	kind = probe_col(&p, r, 2, &knull);
	spec = probe_col(&p, r, 3, &snull);
	handover = probe_col(&p, r, 4, &hnull);
	/* charge_category() is strict; NOT NULL is NULL, read as false */
	cat = knull || snull ? NULL :
		cap_charge_category(TextDatumGetCString(kind), DatumGetBool(spec));
	if (cat == NULL)
		elog(ERROR, "omledger caps: work item of unknown kind in contract %lld",
			 (long long) f->contract_id);
	strlcpy(f->category, cat, sizeof(f->category));
	f->counted = !hnull && !DatumGetBool(handover);
	text_col(&p, r, 5, f->status, sizeof(f->status));
	f->withdrawn = strcmp(f->status, "cancelled") == 0 || strcmp(f->status, "rejected") == 0;
	since = probe_col(&p, r, 6, &tnull);
	f->withdrawn_at = tnull ? DT_NOBEGIN : DatumGetTimestampTz(since);
	*own = probe_row_is_own(&p);
	probe_end(&p);
}

void
caps_item_facts(Snapshot snap, int64 item_id, CapsItemFacts *f)
{
	LookupCache *c = &caches[CAPS_CACHE_ITEMS];
	ItemEntry  *e = lookup_find(c, &item_id);
	bool		own;

	if (e != NULL)
	{
		*f = e->f;
		return;
	}
	probe_item(snap, item_id, f, &own);
	e = lookup_keep(c, !own, &item_id);
	if (e != NULL)
		e->f = *f;
}

static void
probe_person(Snapshot snap, int64 person_id, CapsPersonFacts *f, bool *own)
{
	static const RegProcedure eq[] = {F_INT8EQ};
	Datum		key[] = {Int64GetDatum(person_id)};
	const DirectRel *r = &rels.rel[REL_PERSON];
	Probe		p;

	memset(f, 0, sizeof(*f));
	*own = false;
	probe_begin(&p, r, snap, eq, key);
	if (probe_next(&p))
	{
		bool		cnull,
					rnull;
		Datum		contract = probe_col(&p, r, 1, &cnull);
		Datum		registered = probe_col(&p, r, 2, &rnull);

		f->present = !cnull;
		f->contract_id = cnull ? 0 : DatumGetInt64(contract);
		if (!rnull)
			f->registered = DatumGetRangeTypePCopy(registered);
		text_col(&p, r, 3, f->side, sizeof(f->side));
		f->contractor = strcmp(f->side, "contractor") == 0;
		*own = probe_row_is_own(&p);
	}
	probe_end(&p);
}

void
caps_person_facts(Snapshot snap, int64 person_id, CapsPersonFacts *f)
{
	LookupCache *c = &caches[CAPS_CACHE_ROSTER];
	PersonEntry *e = lookup_find(c, &person_id);
	bool		own;

	if (e != NULL)
	{
		*f = e->f;
		return;
	}
	probe_person(snap, person_id, f, &own);
	/* an absent person is not kept: inserts do not invalidate */
	e = lookup_keep(c, f->present && !own, &person_id);
	if (e != NULL)
	{
		e->f = *f;
		e->f.registered = lookup_copy_range(c, f->registered);
	}
}

static bool
probe_closed(Snapshot snap, const MonthKey *m)
{
	static const RegProcedure eq[] = {F_INT8EQ, F_DATE_EQ};
	Datum		key[] = {Int64GetDatum(m->contract_id), DateADTGetDatum(m->month)};
	const DirectRel *r = &rels.rel[REL_MONTH];
	Probe		p;
	bool		closed = false;

	probe_begin(&p, r, snap, eq, key);
	while (!closed && probe_next(&p))
	{
		bool		isnull;

		(void) probe_col(&p, r, 2, &isnull);
		closed = isnull;
	}
	probe_end(&p);
	return closed;
}

bool
caps_month_closed(Snapshot snap, int64 contract_id, DateADT month)
{
	LookupCache *c = &caches[CAPS_CACHE_MONTHS];
	MonthKey	key;
	MonthEntry *e;
	bool		closed;

	memset(&key, 0, sizeof(key));	/* hashed as bytes: no padding garbage */
	key.contract_id = contract_id;
	key.month = month;
	e = lookup_find(c, &key);
	if (e != NULL)
		return e->closed;
	closed = probe_closed(snap, &key);
	e = lookup_keep(c, true, &key);
	if (e != NULL)
		e->closed = closed;
	return closed;
}

bool
caps_in_term(Snapshot snap, int64 contract_id, DateADT day)
{
	static const RegProcedure eq[] = {F_INT8EQ};
	LookupCache *c = &caches[CAPS_CACHE_CONTRACTS];
	ContractEntry *e = lookup_find(c, &contract_id);
	const DirectRel *r = &rels.rel[REL_CONTRACT];
	Datum		key[] = {Int64GetDatum(contract_id)};
	RangeType  *term = NULL;
	bool		own = false;
	Probe		p;

	if (e != NULL)
		return range_has_date(e->term, day);
	probe_begin(&p, r, snap, eq, key);
	if (probe_next(&p))
	{
		bool		isnull;
		Datum		d = probe_col(&p, r, 1, &isnull);

		if (!isnull)
			term = DatumGetRangeTypePCopy(d);
		own = probe_row_is_own(&p);
	}
	else
		elog(ERROR, "omledger caps: contract %lld not found", (long long) contract_id);
	probe_end(&p);
	e = lookup_keep(c, !own, &contract_id);
	if (e != NULL)
		e->term = lookup_copy_range(c, term);
	return range_has_date(term, day);
}

bool
caps_role_may_enter(Snapshot snap, int64 contract_id, const char *role, DateADT day)
{
	static const RegProcedure eq[] = {F_NAMEEQ, F_INT8EQ};
	LookupCache *c = &caches[CAPS_CACHE_ROLES];
	const DirectRel *r = &rels.rel[REL_ROLE];
	RoleKey		key;
	RoleEntry  *e;
	Datum		keys[2];
	bool		found = false,
				city = false,
				own = false;
	RangeType  *registered = NULL;
	Probe		p;

	memset(&key, 0, sizeof(key));
	key.contract_id = contract_id;
	namestrcpy(&key.role, role);
	/* a "yes" for another day is a miss */
	e = lookup_get(c, &key);
	found = e != NULL && (e->city || range_has_date(e->registered, day));
	caps_cache_count(CAPS_CACHE_ROLES, found);
	if (found)
		return true;

	keys[0] = NameGetDatum(&key.role);
	keys[1] = Int64GetDatum(contract_id);
	probe_begin(&p, r, snap, eq, keys);
	while (!found && probe_next(&p))
	{
		bool		isnull;
		Datum		reg = probe_col(&p, r, 2, &isnull);
		char		side[32];

		text_col(&p, r, 3, side, sizeof(side));
		city = strcmp(side, "city") == 0;
		if (!city && !isnull && range_has_date(DatumGetRangeTypeP(reg), day))
			registered = DatumGetRangeTypePCopy(reg);
		found = city || registered != NULL;
		own = found && probe_row_is_own(&p);
	}
	probe_end(&p);
	if (found)
	{
		/* a "yes" only: a new person can only add to it */
		e = lookup_keep(c, !own, &key);
		if (e != NULL)
		{
			e->city = city;
			e->registered = lookup_copy_range(c, registered);
		}
	}
	return found;
}

/* ------------------------------------------------------ effort_log itself */

bool
caps_logged_entry(Snapshot snap, int64 entry_id, CapsLoggedEntry *e)
{
	static const RegProcedure eq[] = {F_INT8EQ};
	const DirectRel *r = &rels.rel[REL_ENTRY];
	Datum		key[] = {Int64GetDatum(entry_id)};
	bool		found;
	Probe		p;

	probe_begin(&p, r, snap, eq, key);
	found = probe_next(&p);
	if (found)
	{
		bool		isnull;

		e->item_id = DatumGetInt64(probe_col(&p, r, 1, &isnull));
		e->person_id = DatumGetInt64(probe_col(&p, r, 2, &isnull));
		e->effort = DatumGetEffort(probe_col(&p, r, 3, &isnull));
	}
	probe_end(&p);
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
	const DirectRel *r = &rels.rel[REL_CORRECTIONS];
	Datum		key[] = {Int64GetDatum(entry_id)};
	CapsLoggedEntry entry;
	bool		ok = true;
	Probe		p;

	*total = 0;
	if (!caps_logged_entry(snap, entry_id, &entry))
		return false;
	*total = entry.effort;
	probe_begin(&p, r, snap, eq, key);
	while (ok && probe_next(&p))
	{
		bool		isnull;
		int64		e = DatumGetEffort(probe_col(&p, r, 1, &isnull));

		if (pg_add_s64_overflow(*total, e, total))
		{
			*total = e;
			ok = false;
		}
	}
	probe_end(&p);
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
	const DirectRel *r = &rels.rel[REL_PERSON_DAY];
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
	probe_begin(&p, r, snap, eq, key);
	while (ok && probe_next(&p))
	{
		bool		isnull;

		ok = !pg_add_s64_overflow(*total, DatumGetEffort(probe_col(&p, r, 2, &isnull)), total);
		if (snap == &dirty && wait != NULL && !TransactionIdIsValid(*wait))
		{
			TransactionId other = TransactionIdIsValid(dirty.xmin) ? dirty.xmin : dirty.xmax;

			if (TransactionIdIsValid(other) && xact_is_older(other))
				*wait = other;
		}
	}
	probe_end(&p);
	return ok;
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
	static const RegProcedure eq[] = {F_INT8EQ, F_DATE_EQ};
	const DirectRel *r = &rels.rel[REL_PERSON_DAY];
	ScanKeyData keys[2];
	Datum		values[2] = {Int64GetDatum(person_id), DateADTGetDatum(day)};
	SnapshotData dirty;
	Relation	rel,
				irel;
	IndexScanDesc scan;
	bool		own;

	*bound = 0;
	if (!rels.day_covered)
		return false;
	/*
	 * For rows the statement wrote into the trigger's table, the executor
	 * holds a RowExclusiveLock on the table and every index of it already
	 * (ExecOpenIndices): no lock to take (a fifth of the cost here).
	 */
	own = RelationGetRelid(effort_log) == r->relid;
	rel = own ? effort_log : table_open(r->relid, AccessShareLock);
	irel = index_open(r->indexid, own ? NoLock : AccessShareLock);
	/* mostly from the one leaf page (src/btree_leaf.c), else by a scan */
	if (btree_leaf_sum(irel, r->nkeys, values, r->nkeys + 1, bound))
		goto done;
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
done:
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
	e = lookup_find(&caches[CAPS_CACHE_STRIPES], &key);
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
	e = lookup_keep(&caches[CAPS_CACHE_STRIPES], true, &key);
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

	probe_begin(&p, &rels.rel[REL_TOTAL], snap, eq, key);
	if (probe_next(&p))
	{
		copy = ExecCopySlotHeapTuple(p.slot);
		copy->t_self = p.slot->tts_tid;
	}
	probe_end(&p);
	return copy;
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
