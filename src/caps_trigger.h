/*
 * caps_trigger.h
 *	  The parts of the effort_log cap trigger, and what they share:
 *
 *	  caps.c         the trigger: reads the statement's rows, has every row
 *	                 checked (caps_rules.c), groups the changes and applies
 *	                 them to the running totals (direct write or SPI, the
 *	                 slow path under cap_guard)
 *	  caps_rules.c   one function per rule of an effort row, called for
 *	                 every row of every statement, one row or many
 *	  caps_lookup.c  how the facts the rules need are read: the relations,
 *	                 the per-session caches, the index probes
 *	                 (caps_lookup_internal.h, for the next two alone)
 *	  caps_facts.c   the facts of the work item, person, contract, month
 *	                 close and entering role, most from the cache
 *	  caps_log_reads.c  what effort_log holds (an entry, its corrections,
 *	                 a person's day) and where this backend's stripes are
 *	  caps_direct.c  this backend's stripe of a total spent with one
 *	                 heap_update() instead of an UPDATE through SPI
 *	  caps_refuse.c  the refusals (errors and notices) of all of them
 *
 *	  No file calls back into one above it in this list but caps.c.
 */
#ifndef OMLEDGER_CAPS_TRIGGER_H
#define OMLEDGER_CAPS_TRIGGER_H

#include "postgres.h"

#include "access/htup.h"
#include "commands/trigger.h"
#include "executor/tuptable.h"
#include "datatype/timestamp.h"
#include "storage/itemptr.h"
#include "utils/date.h"
#include "utils/rangetypes.h"
#include "utils/snapshot.h"

/* One (contract, month, category) group of a statement's rows. */
typedef struct CapsGroup
{
	int64		contract_id;
	DateADT		month;			/* first day of the fiscal month */
	bool		counted;		/* false: internal handover, not counted */
	char		category[32];
	int64		delta;			/* minutes: new rows minus old rows */
} CapsGroup;

/* One row of effort_log, as the trigger's transition tables hold it. */
typedef struct CapsEntry
{
	int64		entry_id;
	int64		item_id;
	int64		person_id;
	DateADT		work_date;
	int64		effort;			/* minutes */
	bool		has_corrects;
	int64		corrects;
	NameData	entered_by;
	TimestampTz entered_at;
} CapsEntry;

/* ------------------------ caps_lookup.c, caps_facts.c, caps_log_reads.c */

/* What an entry needs to know of its work item. */
typedef struct CapsItemFacts
{
	int64		contract_id;
	bool		counted;		/* not an internal handover */
	bool		withdrawn;		/* status cancelled or rejected ... */
	TimestampTz withdrawn_at;	/* ... since (status_changed_at) */
	char		status[32];
	char		category[32];
} CapsItemFacts;

/* ... of the person who worked. */
typedef struct CapsPersonFacts
{
	bool		present;
	int64		contract_id;
	bool		contractor;		/* side = 'contractor' */
	char		side[32];
	RangeType  *registered;		/* NULL if NULL */
} CapsPersonFacts;

/* An entry of effort_log read by its id. */
typedef struct CapsLoggedEntry
{
	int64		item_id;
	int64		person_id;
	int64		effort;
} CapsLoggedEntry;

/* The session's lookup caches, for caps_cache_stats(). */
typedef enum CapsCacheId
{
	CAPS_CACHE_ITEMS,
	CAPS_CACHE_ROSTER,
	CAPS_CACHE_MONTHS,
	CAPS_CACHE_CONTRACTS,
	CAPS_CACHE_ROLES,
	CAPS_CACHE_STRIPES,
	CAPS_NUM_CACHES
} CapsCacheId;

/*
 * Before the facts of a statement: find the relations (false if they are
 * not as the extension made them), accept invalidations and forget what
 * went stale.  use_cache false: every fact is read.
 */
extern bool caps_lookup_begin(Relation effort_log, bool use_cache);

extern void caps_item_facts(Snapshot snap, int64 item_id, CapsItemFacts *f);
extern void caps_person_facts(Snapshot snap, int64 person_id, CapsPersonFacts *f);
extern bool caps_month_closed(Snapshot snap, int64 contract_id, DateADT month);
extern bool caps_in_term(Snapshot snap, int64 contract_id, DateADT day);
extern bool caps_role_may_enter(Snapshot snap, int64 contract_id, const char *role,
								DateADT day);
extern bool caps_logged_entry(Snapshot snap, int64 entry_id, CapsLoggedEntry *e);
extern bool caps_correction_total(Snapshot snap, int64 entry_id, int64 *total);
extern bool caps_person_day_total(Snapshot snap, int64 person_id, DateADT day, int64 *total,
								  TransactionId *wait);

extern bool caps_person_day_bound(Relation effort_log, int64 person_id, DateADT day, int64 *bound);

extern bool range_has_date(RangeType *r, DateADT day);

/* Where this backend last wrote its stripe of the group (caps_direct.c). */
extern bool caps_stripe_where(const CapsGroup *g, ItemPointer tid, Buffer *buf);
extern void caps_stripe_remember(const CapsGroup *g, ItemPointer tid, Buffer buf);
extern HeapTuple caps_stripe_probe(Snapshot snap, const CapsGroup *g);

/* A lookup of caps_direct.c, counted in caps_cache_stats() */
extern void caps_cache_count(CapsCacheId cache, bool hit);

/* For caps_direct.c: the relation, its primary key, the columns. */
typedef struct CapsTotalRel
{
	Oid			relid;
	Oid			indexid;
	AttrNumber	att[6];			/* contract_id, category, month, stripe, used, allowance */
} CapsTotalRel;
extern const CapsTotalRel *caps_total_rel(void);

/* -------------------------------------------------------- caps_rules.c */

/* The columns of effort_log a CapsEntry holds, found once per statement. */
#define CAPS_ENTRY_NCOLS 8
extern void caps_entry_columns(Relation effort_log, AttrNumber *att);
extern void caps_entry_read(TupleTableSlot *slot, const AttrNumber *att, CapsEntry *row);

/* Every rule of a new row's final state; fills the group it counts in. */
extern void caps_check_new_row(Snapshot snap, const CapsEntry *row, CapsGroup *g);

/* The rules of a row removed (deleted, or an update's old version). */
extern void caps_check_old_row(Snapshot snap, const CapsEntry *row, CapsGroup *g);

/*
 * An entry plus its corrections never below zero.  caps_lock_entry_total()
 * serialises the transactions changing one entry's corrections (call before
 * the snapshot the check reads is taken).
 */
extern void caps_lock_entry_total(Relation effort_log, int64 entry_id);
extern void caps_check_entry_total(Snapshot snap, int64 entry_id);

/*
 * A person's effort on one day, over all items, at most 24h; true (and the
 * total) when above omledger.daily_effort_notice.
 */
extern bool caps_check_person_day(Relation effort_log, int64 person_id, DateADT day,
								  int64 *total);

/* The entry a row belongs to: the one it corrects, or itself. */
#define CAPS_ENTRY_ROOT(row) ((row)->has_corrects ? (row)->corrects : (row)->entry_id)

/* ------------------------------------------------------- caps_direct.c */

typedef enum CapsDirectResult
{
	CAPS_DIRECT_UNSUPPORTED,	/* nothing done: use the SPI path */
	CAPS_DIRECT_DONE,			/* counted */
	CAPS_DIRECT_NEED_GRANT		/* nothing done; the group needs the slow path */
} CapsDirectResult;

extern CapsDirectResult caps_direct_spend(Snapshot snap, const CapsGroup *g);

/* ------------------------------------------------------- caps_refuse.c */

extern char *caps_month_text(DateADT month);
extern void caps_refuse_closed(int64 contract_id, DateADT month) pg_attribute_noreturn();
extern void caps_refuse_total_overflow(const CapsGroup *g) pg_attribute_noreturn();
extern void caps_refuse_bad_correction(int64 entry_id) pg_attribute_noreturn();
extern void caps_refuse_below_zero(int64 entry_id, int64 total) pg_attribute_noreturn();
extern void caps_refuse_not_contractor(const CapsEntry *row, int64 contract_id,
									   const char *side) pg_attribute_noreturn();
extern void caps_refuse_entered_by(const CapsEntry *row, int64 contract_id,
								   DateADT day) pg_attribute_noreturn();
extern void caps_refuse_outside_term(const CapsEntry *row, int64 contract_id) pg_attribute_noreturn();
extern void caps_refuse_future(const CapsEntry *row, DateADT today) pg_attribute_noreturn();
extern void caps_refuse_withdrawn(const CapsEntry *row, const char *status) pg_attribute_noreturn();
extern void caps_refuse_day_over(int64 person_id, DateADT day, int64 total, bool overflow) pg_attribute_noreturn();
extern void caps_notice_long_days(int ndays, int64 person_id, DateADT day, int64 total,
								  int64 threshold);
extern void caps_refuse_cap(const CapsGroup *g, bool month_scope, int64 reached,
							int64 amount, int64 over_by) pg_attribute_noreturn();
extern void caps_warn_soft(const CapsGroup *g, bool month_scope, int64 reached,
						   int64 amount, int64 over_by);

#endif							/* OMLEDGER_CAPS_TRIGGER_H */
