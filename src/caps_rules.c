/*
 * caps_rules.c
 *	  The rules of an effort row, one function each, decided on the row's
 *	  final state whatever column changed.  The cap trigger (caps.c) calls
 *	  them for every row of every INSERT, UPDATE and DELETE, one row or many;
 *	  the facts come from caps_lookup.c (index probes, mostly cached), the
 *	  refusals from caps_refuse.c.  Nothing here runs SQL.
 *
 * A new row (inserted, or an update's new version):
 *	- roster: the person is on the roster of the item's contract on the day
 *	  of work (OM209, the workflow engine's rule: roster.c);
 *	- closed month: the month of work is not closed (OM103);
 *	- correction: it corrects an entry of the same item and person (OM105);
 *	- contractor: effort that counts against the caps is the contractor's
 *	  own (person.side = 'contractor', OM131);
 *	- entered by: entered_by is the db_role of a person of the contract who
 *	  is city staff or on the roster on the day of entry (OM132);
 *	- dates: the work date is within the contract's term and not after
 *	  today in Japan (OM133);
 *	- withdrawn item: not entered on an item after it was cancelled or
 *	  rejected (OM134).
 * A removed row (deleted, or an update's old version): closed month.
 * Every entry touched: with all its corrections, never below zero (OM130).
 * Every person and day of a new row: at most 24h over all items (OM135), a
 * NOTICE above omledger.daily_effort_notice.
 */
#include "postgres.h"

#include "miscadmin.h"
#include "storage/lmgr.h"
#include "storage/lock.h"
#include "utils/datetime.h"
#include "utils/rel.h"

#include "caps_trigger.h"
#include "japan_time.h"
#include "omledger.h"
#include "roster.h"

#define MINUTES_PER_DAY (24 * 60)

/* Objects of class effort_log that the rules lock (see caps_lock_entry_total) */
#define CAPS_LOCK_ENTRY_TOTAL	1
#define CAPS_LOCK_PERSON		2

static void
lock_object(Relation effort_log, int64 id, uint16 what)
{
	LOCKTAG		tag;

	SET_LOCKTAG_OBJECT(tag, MyDatabaseId, RelationGetRelid(effort_log),
					   (uint32) ((uint64) id ^ ((uint64) id >> 32)), what);
	(void) LockAcquire(&tag, ExclusiveLock, false, false);
}

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

/* The group a row counts in, from its item. */
static void
row_group(const CapsItemFacts *item, const CapsEntry *row, int sign, CapsGroup *g)
{
	memset(g, 0, sizeof(*g));
	g->contract_id = item->contract_id;
	g->month = month_start(row->work_date);
	g->counted = item->counted;
	memcpy(g->category, item->category, sizeof(g->category));
	g->delta = sign * row->effort;
}

static void
rule_roster(const CapsEntry *row, const CapsPersonFacts *person, int64 contract_id)
{
	if (!person->present || person->contract_id != contract_id ||
		!range_has_date(person->registered, row->work_date))
	{
		char	   *who = psprintf("person %lld", (long long) row->person_id);

		roster_refuse(contract_id, who, row->work_date, "have effort logged");
	}
}

static void
rule_contractor(const CapsEntry *row, const CapsPersonFacts *person,
				const CapsItemFacts *item)
{
	if (item->counted && !person->contractor)
		caps_refuse_not_contractor(row, item->contract_id, person->side);
}

/*
 * Also the guard of month_start(): a date outside the term (infinite, or
 * beyond the timestamp range) goes no further.
 */
static void
rule_dates(Snapshot snap, const CapsEntry *row, int64 contract_id)
{
	DateADT		today;

	if (DATE_NOT_FINITE(row->work_date) || !caps_in_term(snap, contract_id, row->work_date))
		caps_refuse_outside_term(row, contract_id);
	today = japan_today();
	if (row->work_date > today)
		caps_refuse_future(row, today);
}

static void
rule_entered_by(Snapshot snap, const CapsEntry *row, int64 contract_id)
{
	DateADT		day = japan_date(row->entered_at);

	if (!caps_role_may_enter(snap, contract_id, NameStr(row->entered_by), day))
		caps_refuse_entered_by(row, contract_id, day);
}

/*
 * An entry made once the item was withdrawn.  (Effort entered before -- the
 * work done until the city cancelled -- stays valid, and can be corrected.)
 */
static void
rule_withdrawn(const CapsEntry *row, const CapsItemFacts *item)
{
	if (item->withdrawn && row->entered_at >= item->withdrawn_at)
		caps_refuse_withdrawn(row, item->status);
}

static void
rule_closed(Snapshot snap, const CapsGroup *g)
{
	if (caps_month_closed(snap, g->contract_id, g->month))
		caps_refuse_closed(g->contract_id, g->month);
}

static void
rule_correction(Snapshot snap, const CapsEntry *row)
{
	CapsLoggedEntry corrected;

	if (!row->has_corrects)
		return;
	if (!caps_logged_entry(snap, row->corrects, &corrected) ||
		corrected.item_id != row->item_id || corrected.person_id != row->person_id)
		caps_refuse_bad_correction(row->entry_id);
}

void
caps_check_new_row(Snapshot snap, const CapsEntry *row, CapsGroup *g)
{
	CapsItemFacts item;
	CapsPersonFacts person;

	caps_item_facts(snap, row->item_id, &item);
	caps_person_facts(snap, row->person_id, &person);
	rule_roster(row, &person, item.contract_id);
	rule_dates(snap, row, item.contract_id);
	row_group(&item, row, 1, g);
	rule_closed(snap, g);
	rule_correction(snap, row);
	rule_contractor(row, &person, &item);
	rule_entered_by(snap, row, item.contract_id);
	rule_withdrawn(row, &item);
}

void
caps_check_old_row(Snapshot snap, const CapsEntry *row, CapsGroup *g)
{
	CapsItemFacts item;

	caps_item_facts(snap, row->item_id, &item);
	row_group(&item, row, -1, g);
	rule_closed(snap, g);
}

/*
 * Two transactions correcting one entry must not each see the other's
 * correction missing: the second waits for the first here, before its
 * snapshot is taken.  A lock on an object of class effort_log (which no
 * catalog object has), one per entry (the id folded into 32 bits: two
 * entries sharing one only wait for each other), held to the end of the
 * transaction.
 */
void
caps_lock_entry_total(Relation effort_log, int64 entry_id)
{
	lock_object(effort_log, entry_id, CAPS_LOCK_ENTRY_TOTAL);
}

/*
 * The same for a person's days: two transactions logging one person's
 * effort (rare: a person logs from one session) take turns, so that neither
 * misses the other's hours.
 */
void
caps_lock_person(Relation effort_log, int64 person_id)
{
	lock_object(effort_log, person_id, CAPS_LOCK_PERSON);
}

bool
caps_check_person_day(Snapshot snap, int64 person_id, DateADT day, int64 *total)
{
	bool		fits = caps_person_day_total(snap, person_id, day, total);

	if (!fits || *total > MINUTES_PER_DAY)
		caps_refuse_day_over(person_id, day, *total, !fits);
	return omledger_daily_effort_notice > 0 && *total > omledger_daily_effort_notice;
}

void
caps_check_entry_total(Snapshot snap, int64 entry_id)
{
	int64		total;

	if (caps_correction_total(snap, entry_id, &total))
	{
		if (total < 0)
			caps_refuse_below_zero(entry_id, total);
	}
	else if (total < 0)			/* overflowed downwards; gone is fine */
		caps_refuse_below_zero(entry_id, total);
}
