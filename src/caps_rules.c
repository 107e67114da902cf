/*
 * caps_rules.c
 *	  The rules of an effort row, one function each, decided on the row's
 *	  final state whatever column changed.  The cap trigger (caps.c) calls
 *	  them for every row of every INSERT, UPDATE and DELETE, one row or many,
 *	  and refuses the first rule broken; caps_entry_problems() (behind
 *	  caps_verify()) calls the same functions for every row of the table and
 *	  lists every rule broken.  The facts come from caps_facts.c and
 *	  caps_log_reads.c (index probes, mostly cached), the refusals from
 *	  caps_refuse.c.  Nothing here runs SQL.
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

#include "access/table.h"
#include "access/tableam.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "parser/parse_relation.h"
#include "storage/lmgr.h"
#include "storage/lock.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/tuplestore.h"

#include "caps_trigger.h"
#include "japan_time.h"
#include "omledger.h"
#include "roster.h"

#define MINUTES_PER_DAY (24 * 60)

/* The objects of class effort_log that the rules lock (caps_lock_entry_total) */
#define CAPS_LOCK_ENTRY_TOTAL	1

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

/* ------------------------------------------------------------ the rules */

/* Each is true when the rule holds for the row. */

static bool
rule_roster(const CapsEntry *row, const CapsPersonFacts *person, int64 contract_id)
{
	return person->present && person->contract_id == contract_id &&
		range_has_date(person->registered, row->work_date);
}

/*
 * Also the guard of month_start(): a date outside the term (infinite, or
 * beyond the timestamp range) goes no further.
 */
static bool
rule_in_term(Snapshot snap, const CapsEntry *row, int64 contract_id)
{
	return !DATE_NOT_FINITE(row->work_date) &&
		caps_in_term(snap, contract_id, row->work_date);
}

static bool
rule_not_ahead(const CapsEntry *row, DateADT today)
{
	return row->work_date <= today;
}

static bool
rule_correction(Snapshot snap, const CapsEntry *row)
{
	CapsLoggedEntry corrected;

	return !row->has_corrects ||
		(caps_logged_entry(snap, row->corrects, &corrected) &&
		 corrected.item_id == row->item_id && corrected.person_id == row->person_id);
}

static bool
rule_contractor(const CapsPersonFacts *person, const CapsItemFacts *item)
{
	return !item->counted || person->contractor;
}

/* entered_by: on the day of entry, in Japan */
static bool
rule_entered_by(Snapshot snap, const CapsEntry *row, int64 contract_id)
{
	return caps_role_may_enter(snap, contract_id, NameStr(row->entered_by),
							   japan_date(row->entered_at));
}

/*
 * Not entered once the item was withdrawn.  (Effort entered before -- the
 * work done until the city cancelled -- stays valid, and can be corrected.)
 */
static bool
rule_not_withdrawn(const CapsEntry *row, const CapsItemFacts *item)
{
	return !item->withdrawn || row->entered_at < item->withdrawn_at;
}

static bool
rule_open_month(Snapshot snap, const CapsGroup *g)
{
	return !caps_month_closed(snap, g->contract_id, g->month);
}

/*
 * An entry with all its corrections.  (When the sum does not fit, *total is
 * the direction it went out of range in; an entry deleted leaves 0.)
 */
static bool
rule_entry_total(Snapshot snap, int64 entry_id, int64 *total)
{
	(void) caps_correction_total(snap, entry_id, total);
	return *total >= 0;
}

static bool
rule_day(Snapshot snap, int64 person_id, DateADT day, int64 *total, bool *fits)
{
	*fits = caps_person_day_total(snap, person_id, day, total, NULL);
	return *fits && *total <= MINUTES_PER_DAY;
}

/*
 * The same rule under concurrency, without a lock: the day is read with a
 * dirty snapshot, so rows of transactions still running count as if they
 * had committed (and a row they update, twice).  If that is within 24h, it
 * is whatever they do.  Otherwise wait for one of them that is older than
 * this transaction (by top-level transaction id) to end, and read again;
 * with no older one left, decide: the younger ones' rows count as if
 * committed.  Of two transactions logging the same person and day at once,
 * the one that checks second sees the other's row; if it is the younger it
 * waits for the other's outcome, if the older it is refused.  Waiting only
 * for older transactions takes the waits in one order, so two that each
 * see the other (each inserted before either checked, or logged two days
 * of one person in opposite orders) never wait for each other: the older
 * one is refused, the younger waits for it and then decides on what it
 * left.  (0.4's first version let both wait, until the deadlock detector
 * cancelled one a second later.)  A wait here and another wait the other
 * way (the older updating a row the younger changed) can still deadlock,
 * as any two opposite waits do.
 */
static bool
rule_day_now(int64 person_id, DateADT day, int64 *total, bool *fits)
{
	TransactionId wait;

	for (;;)
	{
		*fits = caps_person_day_total(NULL, person_id, day, total, &wait);
		if ((*fits && *total <= MINUTES_PER_DAY) || !TransactionIdIsValid(wait))
			return *fits && *total <= MINUTES_PER_DAY;
		XactLockTableWait(wait, NULL, NULL, XLTW_None);
	}
}

/* ------------------------------------------------ a row, rule by rule */

/* The rules of a new row, in the order the trigger decides them. */
typedef enum RowRule
{
	RULE_ROSTER,
	RULE_IN_TERM,
	RULE_NOT_AHEAD,
	RULE_OPEN_MONTH,			/* not for rows already in: caps_entry_problems() */
	RULE_CORRECTION,
	RULE_CONTRACTOR,
	RULE_ENTERED_BY,
	RULE_NOT_WITHDRAWN,
	NUM_ROW_RULES
} RowRule;

/* What the rules of a row read, for the refusals and the listing. */
typedef struct RowFacts
{
	CapsItemFacts item;
	CapsPersonFacts person;
	DateADT		today;
	CapsGroup	group;			/* the group it counts in (a date in the term) */
} RowFacts;

/*
 * The rules a new row breaks, in order, into broken[]: all of them, or the
 * first only (the trigger refuses that one).  Its group is filled when the
 * date is in the term (a date outside it, even infinite, has no month).
 */
static int
row_rules_broken(Snapshot snap, const CapsEntry *row, bool all, bool open_month,
				 RowFacts *f, RowRule *broken)
{
	int			n = 0;
	bool		in_term = true;

	caps_item_facts(snap, row->item_id, &f->item);
	caps_person_facts(snap, row->person_id, &f->person);
	f->today = japan_today();
	for (RowRule r = 0; r < NUM_ROW_RULES && (all || n == 0); r++)
	{
		bool		holds;

		switch (r)
		{
			case RULE_ROSTER:
				holds = rule_roster(row, &f->person, f->item.contract_id);
				break;
			case RULE_IN_TERM:
				holds = in_term = rule_in_term(snap, row, f->item.contract_id);
				if (in_term)
					row_group(&f->item, row, 1, &f->group);
				break;
			case RULE_NOT_AHEAD:	/* one date rule at a time */
				holds = !in_term || rule_not_ahead(row, f->today);
				break;
			case RULE_OPEN_MONTH:	/* needs a month: a date in the term */
				holds = !open_month || !in_term || rule_open_month(snap, &f->group);
				break;
			case RULE_CORRECTION:
				holds = rule_correction(snap, row);
				break;
			case RULE_CONTRACTOR:
				holds = rule_contractor(&f->person, &f->item);
				break;
			case RULE_ENTERED_BY:
				holds = rule_entered_by(snap, row, f->item.contract_id);
				break;
			case RULE_NOT_WITHDRAWN:
				holds = rule_not_withdrawn(row, &f->item);
				break;
			default:
				holds = true;
		}
		if (!holds)
			broken[n++] = r;
	}
	return n;
}

/* ------------------------------------------------------ for the trigger */

void
caps_check_new_row(Snapshot snap, const CapsEntry *row, CapsGroup *g)
{
	RowFacts	f;
	RowRule		broken[NUM_ROW_RULES];
	int64		contract_id;

	if (row_rules_broken(snap, row, false, true, &f, broken) == 0)
	{
		*g = f.group;
		return;
	}
	contract_id = f.item.contract_id;
	switch (broken[0])
	{
		case RULE_ROSTER:
			roster_refuse(contract_id, psprintf("person %lld", (long long) row->person_id),
						  row->work_date, "have effort logged");
		case RULE_IN_TERM:
			caps_refuse_outside_term(row, contract_id);
		case RULE_NOT_AHEAD:
			caps_refuse_future(row, f.today);
		case RULE_OPEN_MONTH:
			caps_refuse_closed(contract_id, f.group.month);
		case RULE_CORRECTION:
			caps_refuse_bad_correction(row->entry_id);
		case RULE_CONTRACTOR:
			caps_refuse_not_contractor(row, contract_id, f.person.side);
		case RULE_ENTERED_BY:
			caps_refuse_entered_by(row, contract_id, japan_date(row->entered_at));
		case RULE_NOT_WITHDRAWN:
			caps_refuse_withdrawn(row, f.item.status);
		default:
			elog(ERROR, "omledger caps: unknown rule %d", (int) broken[0]);
	}
}

void
caps_check_old_row(Snapshot snap, const CapsEntry *row, CapsGroup *g)
{
	CapsItemFacts item;

	caps_item_facts(snap, row->item_id, &item);
	row_group(&item, row, -1, g);
	if (!rule_open_month(snap, g))
		caps_refuse_closed(g->contract_id, g->month);
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
	LOCKTAG		tag;

	SET_LOCKTAG_OBJECT(tag, MyDatabaseId, RelationGetRelid(effort_log),
					   (uint32) ((uint64) entry_id ^ ((uint64) entry_id >> 32)),
					   CAPS_LOCK_ENTRY_TOTAL);
	(void) LockAcquire(&tag, ExclusiveLock, false, false);
}

void
caps_check_entry_total(Snapshot snap, int64 entry_id)
{
	int64		total;

	if (!rule_entry_total(snap, entry_id, &total))
		caps_refuse_below_zero(entry_id, total);
}

/*
 * Most days are far below 24h: an upper bound read from the index alone
 * (caps_person_day_bound()) decides them without reading a row or waiting
 * for anyone; above the rule's limit, or above the notice's threshold (the
 * notice says the exact total), the rows are read.
 */
bool
caps_check_person_day(Relation effort_log, int64 person_id, DateADT day, int64 *total)
{
	int64		limit = MINUTES_PER_DAY;
	bool		fits;

	if (omledger_daily_effort_notice > 0)
		limit = Min(limit, omledger_daily_effort_notice);
	if (caps_person_day_bound(effort_log, person_id, day, total) && *total <= limit)
		return false;
	if (!rule_day_now(person_id, day, total, &fits))
		caps_refuse_day_over(person_id, day, *total, !fits);
	return omledger_daily_effort_notice > 0 && *total > omledger_daily_effort_notice;
}

/* ------------------------------------------------------- the rows read */

static const char *const entry_columns[CAPS_ENTRY_NCOLS] = {
	"entry_id", "item_id", "person_id", "work_date", "effort", "corrects",
	"entered_by", "entered_at"
};

/*
 * The column numbers last found: still right if the relation's descriptor
 * has those names at those numbers (checked by name, as cheaply as it is
 * read; no invalidation callback, of which a backend has only ten).
 * Looking them up in the catalog cache was ~4 % of the trigger's
 * instructions on a one-row insert.
 */
static AttrNumber known_columns[CAPS_ENTRY_NCOLS];

static bool
columns_still_known(Relation effort_log)
{
	TupleDesc	desc = RelationGetDescr(effort_log);

	for (int i = 0; i < CAPS_ENTRY_NCOLS; i++)
	{
		AttrNumber	a = known_columns[i];
		Form_pg_attribute attr;

		if (a <= 0 || a > desc->natts)
			return false;
		attr = TupleDescAttr(desc, a - 1);
		if (attr->attisdropped || strcmp(NameStr(attr->attname), entry_columns[i]) != 0)
			return false;
	}
	return true;
}

/* Where effort_log's columns are (added and dropped ones may move them). */
void
caps_entry_columns(Relation effort_log, AttrNumber *att)
{
	if (!columns_still_known(effort_log))
		for (int i = 0; i < CAPS_ENTRY_NCOLS; i++)
			if ((known_columns[i] = attnameAttNum(effort_log, entry_columns[i], false)) <= 0)
				elog(ERROR, "omledger caps: effort_log has no column \"%s\"", entry_columns[i]);
	memcpy(att, known_columns, sizeof(known_columns));
}

/* A row of effort_log (its NOT NULL columns; effort: int8 minutes, doc/effort.md). */
void
caps_entry_read(TupleTableSlot *slot, const AttrNumber *att, CapsEntry *row)
{
	bool		isnull;
	AttrNumber	last = 0;

	/* deform up to the last column read at once, not one column a call */
	for (int i = 0; i < CAPS_ENTRY_NCOLS; i++)
		last = Max(last, att[i]);
	slot_getsomeattrs(slot, last);
	memset(row, 0, sizeof(*row));
	row->entry_id = DatumGetInt64(slot_getattr(slot, att[0], &isnull));
	row->item_id = DatumGetInt64(slot_getattr(slot, att[1], &isnull));
	row->person_id = DatumGetInt64(slot_getattr(slot, att[2], &isnull));
	row->work_date = DatumGetDateADT(slot_getattr(slot, att[3], &isnull));
	row->effort = DatumGetEffort(slot_getattr(slot, att[4], &isnull));
	row->corrects = DatumGetInt64(slot_getattr(slot, att[5], &isnull));
	row->has_corrects = !isnull;
	namestrcpy(&row->entered_by, NameStr(*DatumGetName(slot_getattr(slot, att[6], &isnull))));
	row->entered_at = DatumGetTimestampTz(slot_getattr(slot, att[7], &isnull));
}

/* --------------------------------------------- for caps_verify(): all rows */

static void
put_problem(ReturnSetInfo *rsinfo, int64 entry_id, const char *problem)
{
	Datum		values[2] = {Int64GetDatum(entry_id), CStringGetTextDatum(problem)};
	bool		nulls[2] = {false, false};

	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

/* What each rule is called in the listing. */
static const char *const rule_problem[NUM_ROW_RULES] = {
	[RULE_ROSTER] = "OM209: the person is not on the roster of the contract on the work date",
	[RULE_IN_TERM] = "OM133: the work date is outside the contract's term",
	[RULE_NOT_AHEAD] = "OM133: the work date is in the future",
	[RULE_OPEN_MONTH] = "OM103: dated in a closed month",
	[RULE_CORRECTION] = "OM105: corrects an entry of another item or person",
	[RULE_CONTRACTOR] = "OM131: counted effort of a person not of the contractor's side",
	[RULE_ENTERED_BY] = "OM132: entered by a role that is neither on the roster that day nor city staff",
	[RULE_NOT_WITHDRAWN] = "OM134: entered on the item after it was cancelled or rejected",
};

/*
 * The contracts row-level security lets the caller see, as the policies
 * decide them (visible_contracts(), 86_row_security.sql): false when it sees
 * every contract, else true with the list in *ids / *nids.  The listing
 * reads effort_log past the policies (a heap scan), so it filters by them
 * itself: a contractor lists the entries of its own contracts only.
 */
static bool
caller_visible_contracts(Oid nsp, int64 **ids, int *nids)
{
	MemoryContext caller = CurrentMemoryContext;
	char	   *sql = psprintf("SELECT %s.visible_contracts()",
							   quote_identifier(get_namespace_name(nsp)));
	bool		isnull;
	Datum		d;
	bool		restricted = false;

	*ids = NULL;
	*nids = 0;
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "omledger caps: SPI_connect failed");
	if (SPI_execute(sql, true, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "omledger caps: visible_contracts() failed");
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	if (!isnull)
	{
		ArrayType  *a = DatumGetArrayTypeP(d);
		Datum	   *elems;
		int			n;
		MemoryContext spi = MemoryContextSwitchTo(caller);

		restricted = true;
		deconstruct_array(a, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elems, NULL, &n);
		*ids = palloc(sizeof(int64) * Max(n, 1));
		for (int i = 0; i < n; i++)
			(*ids)[i] = DatumGetInt64(elems[i]);
		*nids = n;
		MemoryContextSwitchTo(spi);
	}
	SPI_finish();
	return restricted;
}

typedef struct VisibleContracts
{
	bool		restricted;
	int64	   *ids;
	int			nids;
} VisibleContracts;

/* What a row of effort_log breaks (not a closed month: it was there before). */
static void
row_problems(ReturnSetInfo *rsinfo, Snapshot snap, const CapsEntry *row,
			 const VisibleContracts *vis)
{
	RowFacts	f;
	RowRule		broken[NUM_ROW_RULES];
	int			n = row_rules_broken(snap, row, true, false, &f, broken);
	int64		total;
	bool		fits;

	if (vis->restricted)
	{
		bool		seen = false;

		for (int i = 0; i < vis->nids && !seen; i++)
			seen = vis->ids[i] == f.item.contract_id;
		if (!seen)
			return;
	}

	for (int i = 0; i < n; i++)
		put_problem(rsinfo, row->entry_id, rule_problem[broken[i]]);
	if (!row->has_corrects && !rule_entry_total(snap, row->entry_id, &total))
		put_problem(rsinfo, row->entry_id, "OM130: the entry and its corrections total less than zero");
	if (!rule_day(snap, row->person_id, row->work_date, &total, &fits))
		put_problem(rsinfo, row->entry_id, "OM135: the person's effort on the work date exceeds 24h");
}

/*
 * caps_entry_problems(): every row of effort_log that breaks a rule, and
 * the rule, decided by the trigger's own functions on the table as the
 * statement's snapshot sees it.  Reads the tables directly: the caller must
 * be allowed to read the ones whose rows it reveals, and it lists only the
 * entries of the contracts row-level security lets the caller see.
 */
PG_FUNCTION_INFO_V1(caps_entry_problems);
Datum
caps_entry_problems(PG_FUNCTION_ARGS)
{
	static const char *const readable[] = {"effort_log", "work_item", "person", "contract"};
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Oid			nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
	Relation	rel;
	TableScanDesc scan;
	TupleTableSlot *slot;
	Snapshot	snap = GetActiveSnapshot();
	AttrNumber	att[CAPS_ENTRY_NCOLS];
	VisibleContracts vis;

	for (int i = 0; i < lengthof(readable); i++)
	{
		Oid			relid = get_relname_relid(readable[i], nsp);

		if (!OidIsValid(relid) ||
			pg_class_aclcheck(relid, GetUserId(), ACL_SELECT) != ACLCHECK_OK)
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("permission denied for table %s", readable[i]),
					 errdetail("caps_entry_problems() reads effort_log, work_item, person and contract.")));
	}
	vis.restricted = caller_visible_contracts(nsp, &vis.ids, &vis.nids);
	InitMaterializedSRF(fcinfo, 0);
	rel = table_open(get_relname_relid("effort_log", nsp), AccessShareLock);
	if (!caps_lookup_begin(rel, !IsolationIsSerializable()))
		elog(ERROR, "omledger caps: the tables of the extension are not as it made them");
	caps_entry_columns(rel, att);
	slot = table_slot_create(rel, NULL);
	scan = table_beginscan(rel, snap, 0, NULL);
	while (table_scan_getnextslot(scan, ForwardScanDirection, slot))
	{
		CapsEntry	row;

		CHECK_FOR_INTERRUPTS();
		caps_entry_read(slot, att, &row);
		row_problems(rsinfo, snap, &row, &vis);
	}
	table_endscan(scan);
	ExecDropSingleTupleTableSlot(slot);
	table_close(rel, AccessShareLock);
	return (Datum) 0;
}
