/*
 * caps_lookup_internal.h
 *	  What the files reading the facts of the cap trigger share
 *	  (caps_lookup.c: the relations, the per-session caches and the index
 *	  probes; caps_facts.c: the work item, person, contract, month close and
 *	  roles; caps_log_reads.c: effort_log itself and this backend's stripes
 *	  of effort_total).  Not for the other files of the trigger: they see
 *	  caps_trigger.h.
 */
#ifndef OMLEDGER_CAPS_LOOKUP_INTERNAL_H
#define OMLEDGER_CAPS_LOOKUP_INTERNAL_H

#include "postgres.h"

#include "access/genam.h"
#include "access/relscan.h"
#include "executor/tuptable.h"
#include "storage/buf.h"
#include "storage/itemptr.h"
#include "utils/rangetypes.h"
#include "utils/rel.h"

#include "caps_trigger.h"

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

typedef enum CapsRelId
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
} CapsRelId;

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

/*
 * Open r's table and index and start a scan with equality keys (in the
 * index's collation); fetch with caps_probe_next(), end with caps_probe_end().
 */
typedef struct Probe
{
	Relation	rel;
	Relation	irel;
	IndexScanDesc scan;
	TupleTableSlot *slot;
} Probe;

/* The relations as last looked up (caps_lookup_begin() made them valid). */
extern const DirectRel *caps_rel(CapsRelId which);
/* Does effort_log_person_date carry effort (0.4's index)? */
extern bool caps_day_covered(void);

/*
 * The session's caches.  caps_cache_get(): the entry for key, NULL if there
 * is none or the cache is not to be used now; caps_cache_find(): the same,
 * counted as a hit or a miss; caps_cache_keep(): an entry to fill, for a row
 * read under a snapshot taken since the cache was refreshed (NULL: not to be
 * kept); caps_cache_copy_range(): a range copied into the cache's memory.
 */
extern void *caps_cache_get(CapsCacheId cache, const void *key);
extern void *caps_cache_find(CapsCacheId cache, const void *key);
extern void *caps_cache_keep(CapsCacheId cache, bool keep, const void *key);
extern RangeType *caps_cache_copy_range(CapsCacheId cache, RangeType *r);

extern void caps_probe_begin(Probe *p, const DirectRel *r, Snapshot snap,
							 const RegProcedure *eqprocs, const Datum *values);
extern bool caps_probe_next(Probe *p);
extern void caps_probe_end(Probe *p);
extern Datum caps_probe_col(Probe *p, const DirectRel *r, int col, bool *isnull);
extern void caps_probe_text(Probe *p, const DirectRel *r, int col, char *buf, size_t size);

/*
 * Is the row the probe found written by this transaction?  Such a row is
 * never cached: inserts send no invalidation, so a row inserted by a
 * transaction that then rolls back must not be remembered.
 */
extern bool caps_probe_row_is_own(Probe *p);

#endif							/* OMLEDGER_CAPS_LOOKUP_INTERNAL_H */
