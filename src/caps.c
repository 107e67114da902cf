/*
 * caps.c
 *	  The statement-level trigger on omledger.effort_log that keeps the
 *	  running totals per contract, charge category and fiscal month, checks
 *	  the roster and closed months, enforces the caps and sends the alerts.
 *
 * Concurrency (doc/effort-caps.md, "Concurrency", has the proof):
 *
 *	- A total is spread over "stripes" (rows of effort_total), one per
 *	  backend (stripe = MyBackendId, unique among running backends), so
 *	  concurrent writers do not queue on one hot row.
 *	- A stripe of a capped category also holds "allowance": headroom granted
 *	  to it in advance.  The fast path spends allowance (used += d,
 *	  allowance -= d), which leaves used + allowance of every stripe unchanged;
 *	  so the committed sum of used + allowance over all stripes -- the
 *	  "allocated" total -- only changes in the slow path.
 *	- The slow path (no stripe with enough allowance, or none to lock) updates
 *	  the single cap_guard row first.  That serialises every grant until
 *	  commit; holding it, the committed allocated totals are exact (no other
 *	  grant is in flight, fast paths do not change them), and a grant is given
 *	  only if the hard limits still hold.  Allocated >= used always, so used
 *	  never exceeds a hard limit.
 *	- Waits: a writer waits on cap_guard, and on its own stripe only while
 *	  the cap_guard holder has reclaimed it (and that holder waits for
 *	  nothing): no cycle among writers.
 *	- Month close: close_month() takes a SHARE lock on effort_log, so it waits
 *	  for every writer in flight and the writers after it wait for it; the
 *	  closure check then reads month_close with a snapshot taken after that
 *	  wait (a fresh one under REPEATABLE READ, as the RI triggers do).
 *
 * A statement that inserts one row is first offered to caps_direct.c, which
 * checks and counts it without the executor; what it leaves (a correction,
 * or a stripe short of allowance: the slow path) comes back here.  All other
 * table access is through SPI with plans kept across calls, under the
 * extension owner's identity and a pinned search_path.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/memutils.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/tuplestore.h"
#include "executor/tuptable.h"

#include "caps.h"
#include "caps_trigger.h"
#include "encoding.h"
#include "errcodes.h"
#include "omledger.h"

/* Transition-table names, as in CREATE TRIGGER ... REFERENCING. */
#define NEW_TABLE "caps_new"
#define OLD_TABLE "caps_old"

/* Statements larger than this are planned afresh for their size. */
#define CAPS_CACHED_PLAN_ROWS 64

/*
 * The group query: per contract, month and category, the change in minutes
 * and the first violation of the roster and correction rules among new rows.
 * %s is the row source.
 */
#define GROUP_QUERY \
	"SELECT w.contract_id, pg_catalog.date_trunc('month', x.work_date)::date, " \
	"       omledger.charge_category(w.kind, w.spec_check_for_modification), " \
	"       NOT w.internal_handover, " \
	"       pg_catalog.sum(x.sign OPERATOR(pg_catalog.*) omledger.effort_minutes(x.effort))::bigint, " \
	"       pg_catalog.min(x.entry_id) FILTER (WHERE x.sign OPERATOR(pg_catalog.>) 0 AND p.person_id IS NULL), " \
	"       pg_catalog.min(x.entry_id) FILTER (WHERE x.sign OPERATOR(pg_catalog.>) 0 AND c.entry_id IS NOT NULL " \
	"            AND (c.item_id OPERATOR(pg_catalog.<>) x.item_id OR c.person_id OPERATOR(pg_catalog.<>) x.person_id)), " \
	"       pg_catalog.bool_or(mc.close_id IS NOT NULL) " \
	"  FROM (%s) x " \
	"  JOIN omledger.work_item w ON w.item_id OPERATOR(pg_catalog.=) x.item_id " \
	"  LEFT JOIN omledger.person p ON x.sign OPERATOR(pg_catalog.>) 0 " \
	"       AND p.person_id OPERATOR(pg_catalog.=) x.person_id " \
	"       AND p.contract_id OPERATOR(pg_catalog.=) w.contract_id " \
	"       AND p.registered OPERATOR(pg_catalog.@>) x.work_date " \
	"  LEFT JOIN omledger.effort_log c ON x.sign OPERATOR(pg_catalog.>) 0 " \
	"       AND c.entry_id OPERATOR(pg_catalog.=) x.corrects " \
	"  LEFT JOIN omledger.month_close mc ON mc.contract_id OPERATOR(pg_catalog.=) w.contract_id " \
	"       AND mc.month OPERATOR(pg_catalog.=) pg_catalog.date_trunc('month', x.work_date)::date " \
	"       AND mc.reopened_at IS NULL " \
	" GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"

#define SRC_COLS "entry_id, item_id, person_id, work_date, effort, corrects"
#define SRC_NEW "SELECT 1 AS sign, " SRC_COLS " FROM " NEW_TABLE
#define SRC_OLD "SELECT -1 AS sign, " SRC_COLS " FROM " OLD_TABLE

enum
{
	PLAN_GROUP_INSERT,
	PLAN_GROUP_UPDATE,
	PLAN_GROUP_DELETE,
	PLAN_FAST,
	PLAN_GUARD,
	PLAN_LIMITS,
	PLAN_RECLAIM,
	PLAN_ALLOCATED,
	PLAN_APPLY,
	PLAN_NEW_STRIPE,
	PLAN_NOTIFY,
	PLAN_ONE_ROW,
	PLAN_ONE_CORRECTS,
	NUM_PLANS
};

typedef struct CapsPlanDef
{
	const char *sql;
	int			nargs;
	Oid			argtypes[6];
} CapsPlanDef;

static const CapsPlanDef plan_defs[NUM_PLANS] = {
	[PLAN_GROUP_INSERT] = {.sql = NULL},
	[PLAN_GROUP_UPDATE] = {.sql = NULL},
	[PLAN_GROUP_DELETE] = {.sql = NULL},
	/*
	 * Spend allowance of this backend's own stripe ($5 = MyBackendId, unique
	 * among running backends, so no other writer holds it).
	 */
	[PLAN_FAST] = {
		"UPDATE omledger.effort_total "
		"   SET used = used OPERATOR(pg_catalog.+) $4, allowance = allowance OPERATOR(pg_catalog.-) $4 "
		" WHERE contract_id OPERATOR(pg_catalog.=) $1 AND category OPERATOR(pg_catalog.=) $2 "
		"   AND month OPERATOR(pg_catalog.=) $3 AND stripe OPERATOR(pg_catalog.=) $5 "
		"   AND (allowance IS NULL OR allowance OPERATOR(pg_catalog.>=) $4)",
	5, {INT8OID, TEXTOID, DATEOID, INT8OID, INT4OID}},
	[PLAN_GUARD] = {
		"UPDATE omledger.cap_guard SET grants = grants OPERATOR(pg_catalog.+) 1",
	0, {0}},
	[PLAN_LIMITS] = {
		"SELECT month_amount, month_hard, month_alerts, term_amount, term_hard, term_alerts "
		"  FROM omledger.cap_limits($1, $2, $3)",
	3, {INT8OID, TEXTOID, DATEOID}},
	/* Take back reserved headroom that no running transaction holds. */
	[PLAN_RECLAIM] = {
		"WITH r AS (SELECT month, stripe FROM omledger.effort_total "
		"  WHERE contract_id OPERATOR(pg_catalog.=) $1 AND category OPERATOR(pg_catalog.=) $2 "
		"    AND allowance IS DISTINCT FROM 0 FOR UPDATE SKIP LOCKED) "
		"UPDATE omledger.effort_total t SET allowance = 0 FROM r "
		" WHERE t.contract_id OPERATOR(pg_catalog.=) $1 AND t.category OPERATOR(pg_catalog.=) $2 "
		"   AND t.month OPERATOR(pg_catalog.=) r.month AND t.stripe OPERATOR(pg_catalog.=) r.stripe",
	2, {INT8OID, TEXTOID}},
	[PLAN_ALLOCATED] = {
		"SELECT COALESCE(pg_catalog.sum(used OPERATOR(pg_catalog.+) COALESCE(allowance, 0)) "
		"         FILTER (WHERE month OPERATOR(pg_catalog.=) $3), 0)::bigint, "
		"       COALESCE(pg_catalog.sum(used OPERATOR(pg_catalog.+) COALESCE(allowance, 0)), 0)::bigint "
		"  FROM omledger.effort_total "
		" WHERE contract_id OPERATOR(pg_catalog.=) $1 AND category OPERATOR(pg_catalog.=) $2",
	3, {INT8OID, TEXTOID, DATEOID}},
	/* $5: headroom added to the stripe's allowance; $6: capped */
	[PLAN_APPLY] = {
		"UPDATE omledger.effort_total SET used = used OPERATOR(pg_catalog.+) $4, "
		"       allowance = CASE WHEN $6 THEN COALESCE(allowance, 0) OPERATOR(pg_catalog.+) $5 END "
		" WHERE contract_id OPERATOR(pg_catalog.=) $1 AND category OPERATOR(pg_catalog.=) $2 "
		"   AND month OPERATOR(pg_catalog.=) $3 AND stripe OPERATOR(pg_catalog.=) $7",
	6, {INT8OID, TEXTOID, DATEOID, INT8OID, INT8OID, BOOLOID}},
	[PLAN_NEW_STRIPE] = {
		"INSERT INTO omledger.effort_total (contract_id, category, month, stripe, used, allowance) "
		"VALUES ($1, $2, $3, $7, $4, CASE WHEN $6 THEN $5 END)",
	6, {INT8OID, TEXTOID, DATEOID, INT8OID, INT8OID, BOOLOID}},
	[PLAN_NOTIFY] = {
		"SELECT pg_catalog.pg_notify('omledger_cap', pg_catalog.json_build_object("
		"  'contract', $1, 'category', $2, 'scope', $3, "
		"  'period', CASE WHEN $3 OPERATOR(pg_catalog.=) 'month' "
		"                 THEN omledger.fiscal_period_text(omledger.fiscal_period($4, 'month'), 'iso') "
		"                 ELSE 'term' END, "
		"  'used', omledger.make_effort(min => $5), 'cap', omledger.make_effort(min => $6), "
		"  'used_minutes', $5, 'cap_minutes', $6, 'threshold', $7)::text)",
	6, {INT8OID, TEXTOID, TEXTOID, DATEOID, INT8OID, INT8OID}},
	/* one inserted row: the group query's answer without aggregation */
	[PLAN_ONE_ROW] = {
		"SELECT w.contract_id, pg_catalog.date_trunc('month', $3)::date, "
		"       omledger.charge_category(w.kind, w.spec_check_for_modification), "
		"       NOT w.internal_handover, "
		"       EXISTS (SELECT 1 FROM omledger.person p "
		"                WHERE p.person_id OPERATOR(pg_catalog.=) $2 "
		"                  AND p.contract_id OPERATOR(pg_catalog.=) w.contract_id "
		"                  AND p.registered OPERATOR(pg_catalog.@>) $3), "
		"       EXISTS (SELECT 1 FROM omledger.month_close mc "
		"                WHERE mc.contract_id OPERATOR(pg_catalog.=) w.contract_id "
		"                  AND mc.month OPERATOR(pg_catalog.=) pg_catalog.date_trunc('month', $3)::date "
		"                  AND mc.reopened_at IS NULL) "
		"  FROM omledger.work_item w WHERE w.item_id OPERATOR(pg_catalog.=) $1",
	3, {INT8OID, INT8OID, DATEOID}},
	/*
	 * A one-row insert that corrects an entry: is it for the same item and
	 * person?  (Apart from PLAN_ONE_ROW, whose executor start would otherwise
	 * set up this scan for every insert, and few are corrections.)
	 */
	[PLAN_ONE_CORRECTS] = {
		"SELECT 1 FROM omledger.effort_log c "
		" WHERE c.entry_id OPERATOR(pg_catalog.=) $3 "
		"   AND c.item_id OPERATOR(pg_catalog.=) $1 "
		"   AND c.person_id OPERATOR(pg_catalog.=) $2",
	3, {INT8OID, INT8OID, INT8OID}},
};

static SPIPlanPtr plans[NUM_PLANS];

/* PLAN_APPLY has 7 arguments, PLAN_NOTIFY 7: argtypes above hold 6. */
static const Oid apply_argtypes[7] = {INT8OID, TEXTOID, DATEOID, INT8OID, INT8OID, BOOLOID, INT4OID};
static const Oid notify_argtypes[7] = {INT8OID, TEXTOID, TEXTOID, DATEOID, INT8OID, INT8OID, INT4OID};

static SPIPlanPtr
caps_plan(int which)
{
	if (plans[which] == NULL)
	{
		const Oid  *types = plan_defs[which].argtypes;
		int			nargs = plan_defs[which].nargs;
		SPIPlanPtr	p;

		if (which == PLAN_APPLY || which == PLAN_NEW_STRIPE)
			types = apply_argtypes, nargs = 7;
		else if (which == PLAN_NOTIFY)
			types = notify_argtypes, nargs = 7;
		p = SPI_prepare(plan_defs[which].sql, nargs, (Oid *) types);
		if (p == NULL)
			elog(ERROR, "omledger caps: SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		SPI_keepplan(p);
		plans[which] = p;
	}
	return plans[which];
}

static int
caps_exec(int which, Datum *values, bool *nulls, long limit)
{
	char		n[8] = {' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '};
	int			rc;

	for (int i = 0; nulls && i < 8; i++)
		n[i] = nulls[i] ? 'n' : ' ';
	rc = SPI_execute_plan(caps_plan(which), values, n, false, limit);
	if (rc < 0)
		elog(ERROR, "omledger caps: SPI_execute_plan failed: %s", SPI_result_code_string(rc));
	return rc;
}

static int64
get_int8(int row, int col, bool *isnull)
{
	Datum		d = SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col, isnull);

	return *isnull ? 0 : DatumGetInt64(d);
}

/* Effort in minutes as its text (for messages), in the session's style. */
static char *
effort_text(int64 minutes)
{
	Datum		arg = Int64GetDatum(minutes);
	Oid			argtype = INT8OID;
	int			rc;

	rc = SPI_execute_with_args("SELECT omledger.make_effort(min => $1)::text",
							   1, &argtype, &arg, NULL, true, 1);
	if (rc != SPI_OK_SELECT || SPI_processed != 1)
		return psprintf("%lld min", (long long) minutes);
	return SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
}

static char *
month_text(DateADT month)
{
	int			y,
				m,
				d;

	j2date(month + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	return psprintf("%04d-%02d", y, m);
}

/* ------------------------------------------------------------ the groups */

static void refuse_off_roster(int64 entry_id, int64 contract_id);

void
caps_refuse_closed(const CapsGroup *g)
{
	ereport(ERROR,
			(errcode(ERRCODE_OM_MONTH_CLOSED),
			 errmsg("month %s of contract %lld is closed", month_text(g->month),
					(long long) g->contract_id),
			 errdetail("Effort dated in a closed month cannot be inserted, updated or deleted."),
			 errhint("Log a correction dated in an open month that references the entry (column \"corrects\"), or reopen the month with reopen_month() after the city approves.")));
}

void
caps_refuse_off_roster(int64 contract_id, const char *person, const char *day)
{
	ereport(ERROR,
			(errcode(ERRCODE_OM_EFFORT_NOT_ON_ROSTER),
			 errmsg("person %s is not on the roster of contract %lld on %s",
					person, (long long) contract_id, day),
			 errdetail("%s", om_message("Effort can be logged only for a person registered on the roster (情報資産取扱者名簿) of the work item's contract on the day of work.")),
			 errhint("Register the person for that date (omledger.person.registered), or log the effort for the person who did the work.")));
}

/* A running total would not fit: the same error from every path. */
void
caps_refuse_total_overflow(const CapsGroup *g)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("effort total out of range"),
			 errdetail("The %s effort of contract %lld in %s would exceed the largest total an effort can hold (2^63 - 1 minutes).",
					   g->category, (long long) g->contract_id, month_text(g->month)),
			 errhint("Check the effort entered: an entry this large is almost certainly a mistake.")));
}

static void
refuse_bad_correction(int64 entry_id)
{
	ereport(ERROR,
			(errcode(ERRCODE_OM_BAD_CORRECTION),
			 errmsg("effort entry %lld corrects an entry of another item or person", (long long) entry_id),
			 errdetail("A correction must be for the same work item and person as the entry it corrects."),
			 errhint("Reference the entry being corrected in \"corrects\", with its item_id and person_id.")));
}

/* The row of a one-row INSERT, read straight from the transition table. */
void
caps_read_new_row(TriggerData *td, CapsNewRow *row)
{
	Tuplestorestate *ts = td->tg_newtable;
	TupleDesc	desc = RelationGetDescr(td->tg_relation);
	TupleTableSlot *slot = MakeSingleTupleTableSlot(desc, &TTSOpsMinimalTuple);
	bool		isnull;

	tuplestore_select_read_pointer(ts, 0);
	tuplestore_rescan(ts);
	if (!tuplestore_gettupleslot(ts, true, false, slot))
		elog(ERROR, "omledger caps: transition table is empty");
	/* NOT NULL columns; effort is an int8 count of minutes (doc/effort.md) */
	row->entry_id = DatumGetInt64(slot_getattr(slot, SPI_fnumber(desc, "entry_id"), &isnull));
	row->item_id = DatumGetInt64(slot_getattr(slot, SPI_fnumber(desc, "item_id"), &isnull));
	row->person_id = DatumGetInt64(slot_getattr(slot, SPI_fnumber(desc, "person_id"), &isnull));
	row->work_date = DatumGetDateADT(slot_getattr(slot, SPI_fnumber(desc, "work_date"), &isnull));
	row->effort = DatumGetInt64(slot_getattr(slot, SPI_fnumber(desc, "effort"), &isnull));
	row->corrects = DatumGetInt64(slot_getattr(slot, SPI_fnumber(desc, "corrects"), &isnull));
	row->has_corrects = !isnull;
	ExecDropSingleTupleTableSlot(slot);
	tuplestore_rescan(ts);
}

/*
 * A statement that inserted one row, when caps_direct.c leaves it to us, is
 * checked with one parameterised query on that row; it has no aggregation
 * to set up.
 */
static CapsGroup *
one_row_group(const CapsNewRow *row, int *ngroups)
{
	CapsGroup  *g = palloc0(sizeof(CapsGroup));
	Datum		v[3] = {Int64GetDatum(row->item_id), Int64GetDatum(row->person_id),
	DateADTGetDatum(row->work_date)};
	bool		isnull;
	char	   *cat;
	bool		on_roster;
	bool		closed;

	/*
	 * A fresh snapshot under REPEATABLE READ (see collect_groups()); taken
	 * once, so that both queries below see the same data.
	 */
	Snapshot	snap = IsolationUsesXactSnapshot() ? GetLatestSnapshot() : InvalidSnapshot;

	g->delta = row->effort;
	if (SPI_execute_snapshot(caps_plan(PLAN_ONE_ROW), v, NULL, snap, InvalidSnapshot,
							 false, false, 1) != SPI_OK_SELECT)
		elog(ERROR, "omledger caps: row query failed");
	if (SPI_processed != 1)
		elog(ERROR, "omledger caps: work item of effort entry %lld not found",
			 (long long) row->entry_id);

	g->contract_id = get_int8(0, 1, &isnull);
	g->month = DatumGetDateADT(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
	cat = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3);
	if (cat == NULL)
		elog(ERROR, "omledger caps: work item of unknown kind in contract %lld",
			 (long long) g->contract_id);
	strlcpy(g->category, cat, sizeof(g->category));
	g->counted = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 4, &isnull));
	on_roster = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 5, &isnull));
	closed = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 6, &isnull));
	if (!on_roster)
		refuse_off_roster(row->entry_id, g->contract_id);
	if (closed)
		caps_refuse_closed(g);
	if (row->has_corrects)
	{
		Datum		cv[3] = {v[0], v[1], Int64GetDatum(row->corrects)};

		if (SPI_execute_snapshot(caps_plan(PLAN_ONE_CORRECTS), cv, NULL, snap, InvalidSnapshot,
								 false, false, 1) != SPI_OK_SELECT)
			elog(ERROR, "omledger caps: correction query failed");
		if (SPI_processed != 1)
			refuse_bad_correction(row->entry_id);
	}
	*ngroups = 1;
	return g;
}

/* Entry "entry_id" of the new rows is for a person not on the roster. */
static void
refuse_off_roster(int64 entry_id, int64 contract_id)
{
	Datum		arg = Int64GetDatum(entry_id);
	Oid			argtype = INT8OID;
	char	   *person = "?";
	char	   *day = "?";

	if (SPI_execute_with_args("SELECT person_id, work_date FROM " NEW_TABLE " WHERE entry_id = $1",
							  1, &argtype, &arg, NULL, true, 1) == SPI_OK_SELECT &&
		SPI_processed == 1)
	{
		person = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
		day = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2);
	}
	caps_refuse_off_roster(contract_id, person, day);
}

static CapsGroup *
collect_groups(TriggerData *td, int *ngroups)
{
	const char *src;
	int			which;
	uint64		rows;
	char	   *sql = NULL;
	SPIPlanPtr	plan;
	CapsGroup  *groups;
	int			rc;

	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
		which = PLAN_GROUP_INSERT, src = SRC_NEW, rows = tuplestore_tuple_count(td->tg_newtable);
	else if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
		which = PLAN_GROUP_UPDATE, src = SRC_NEW " UNION ALL " SRC_OLD,
			rows = tuplestore_tuple_count(td->tg_newtable) * 2;
	else
		which = PLAN_GROUP_DELETE, src = SRC_OLD, rows = tuplestore_tuple_count(td->tg_oldtable);

	sql = psprintf(GROUP_QUERY, src);
	if (rows > CAPS_CACHED_PLAN_ROWS)
	{
		/* a bulk statement gets a plan made for its size */
		plan = SPI_prepare(sql, 0, NULL);
		if (plan == NULL)
			elog(ERROR, "omledger caps: SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	}
	else
	{
		if (plans[which] == NULL)
		{
			SPIPlanPtr	p = SPI_prepare(sql, 0, NULL);

			if (p == NULL)
				elog(ERROR, "omledger caps: SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
			SPI_keepplan(p);
			plans[which] = p;
		}
		plan = plans[which];
	}

	/*
	 * Under READ COMMITTED the query takes a fresh snapshot anyway; a
	 * transaction snapshot could predate a month close we waited for.
	 */
	rc = SPI_execute_snapshot(plan, NULL, NULL,
							  IsolationUsesXactSnapshot() ? GetLatestSnapshot() : InvalidSnapshot,
							  InvalidSnapshot, false, false, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "omledger caps: group query failed: %s", SPI_result_code_string(rc));

	*ngroups = (int) SPI_processed;
	groups = palloc0(sizeof(CapsGroup) * Max(1, SPI_processed));
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		CapsGroup  *g = &groups[i];
		bool		isnull;
		char	   *cat;
		int64		bad;

		g->contract_id = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
		g->month = DatumGetDateADT(SPI_getbinval(tup, desc, 2, &isnull));
		cat = SPI_getvalue(tup, desc, 3);
		if (cat == NULL)
			elog(ERROR, "omledger caps: work item of unknown kind in contract %lld",
				 (long long) g->contract_id);
		strlcpy(g->category, cat, sizeof(g->category));
		g->counted = DatumGetBool(SPI_getbinval(tup, desc, 4, &isnull));
		g->delta = get_int8(i, 5, &isnull);

		g->closed = DatumGetBool(SPI_getbinval(tup, desc, 8, &isnull));
		if (g->closed)
			caps_refuse_closed(g);

		bad = get_int8(i, 6, &isnull);
		if (!isnull)
			refuse_off_roster(bad, g->contract_id);
		bad = get_int8(i, 7, &isnull);
		if (!isnull)
			refuse_bad_correction(bad);
	}
	return groups;
}

/* ---------------------------------------------------------- month rows */

static bool guard_taken;

static void
take_guard(void)
{
	if (!guard_taken)
	{
		caps_exec(PLAN_GUARD, NULL, NULL, 0);
		guard_taken = true;
	}
}

/* ---------------------------------------------------------------- caps */

static void
read_limit(int col_amount, CapLimit *lim)
{
	HeapTuple	tup = SPI_tuptable->vals[0];
	TupleDesc	desc = SPI_tuptable->tupdesc;
	bool		isnull;
	Datum		d;

	memset(lim, 0, sizeof(*lim));
	d = SPI_getbinval(tup, desc, col_amount, &isnull);
	if (isnull)
		return;
	lim->present = true;
	lim->amount = DatumGetInt64(d);
	lim->hard = DatumGetBool(SPI_getbinval(tup, desc, col_amount + 1, &isnull));
	d = SPI_getbinval(tup, desc, col_amount + 2, &isnull);
	if (!isnull)
	{
		ArrayType  *arr = DatumGetArrayTypeP(d);
		Datum	   *elems;
		bool	   *enulls;
		int			n;

		deconstruct_array(arr, INT4OID, 4, true, TYPALIGN_INT, &elems, &enulls, &n);
		for (int i = 0; i < n && lim->nalerts < CAP_MAX_ALERTS; i++)
			if (!enulls[i])
				lim->alert_pct[lim->nalerts++] = DatumGetInt32(elems[i]);
	}
}

static void
notify_alerts(const CapsGroup *g, const char *scope, const CapLimit *lim,
			  const CapScopeResult *r)
{
	for (int i = 0; i < lim->nalerts; i++)
	{
		Datum		v[7];

		if (!(r->alerts_crossed & ((uint32) 1 << i)))
			continue;
		v[0] = Int64GetDatum(g->contract_id);
		v[1] = CStringGetTextDatum(g->category);
		v[2] = CStringGetTextDatum(scope);
		v[3] = DateADTGetDatum(g->month);
		v[4] = Int64GetDatum(r->reached);
		v[5] = Int64GetDatum(lim->amount);
		v[6] = Int32GetDatum(lim->alert_pct[i]);
		caps_exec(PLAN_NOTIFY, v, NULL, 0);
	}
}

static void
refuse(const CapsGroup *g, bool month_scope, const CapLimit *lim, const CapScopeResult *r)
{
	char	   *m = month_text(g->month);

	ereport(ERROR,
			(errcode(month_scope ? ERRCODE_OM_CAP_MONTH : ERRCODE_OM_CAP_TERM),
			 errmsg("%s effort of contract %lld would exceed its hard %s cap",
					g->category, (long long) g->contract_id, month_scope ? "monthly" : "term"),
			 month_scope ?
			 errdetail("In %s the %s effort would reach %s against a cap of %s: %s over.",
					   m, g->category, effort_text(r->reached), effort_text(lim->amount),
					   effort_text(r->over_by)) :
			 errdetail("With this change in %s the %s effort of the term would reach %s against a cap of %s: %s over.",
					   m, g->category, effort_text(r->reached), effort_text(lim->amount),
					   effort_text(r->over_by)),
			 errhint("%s", om_message("Record an additional contract (追加契約) in omledger.cap_extension to raise the cap, or log less effort."))));
}

static void
warn_soft(const CapsGroup *g, bool month_scope, const CapLimit *lim, const CapScopeResult *r)
{
	ereport(NOTICE,
			(errcode(month_scope ? ERRCODE_OM_CAP_MONTH : ERRCODE_OM_CAP_TERM),
			 errmsg("%s effort of contract %lld is over its soft %s cap",
					g->category, (long long) g->contract_id, month_scope ? "monthly" : "term"),
			 errdetail("In %s the %s effort reaches %s against a cap of %s: %s over.",
					   month_text(g->month), g->category, effort_text(r->reached),
					   effort_text(lim->amount), effort_text(r->over_by)),
			 errhint("Agree the overrun with the city, or record an additional contract in omledger.cap_extension.")));
}

/*
 * The slow path, holding cap_guard: decide on exact allocated totals, then
 * apply the change to a stripe (a new one if all are held by others).
 */
static void
apply_slow(const CapsGroup *g)
{
	Datum		key[3] = {Int64GetDatum(g->contract_id), CStringGetTextDatum(g->category),
	DateADTGetDatum(g->month)};
	CapLimit	mlim,
				tlim;
	CapDecision d;
	bool		capped;
	int64		add_allowance = 0;
	bool		isnull;
	Datum		v[7];
	bool		nulls[8] = {0};

	take_guard();
	caps_exec(PLAN_LIMITS, key, NULL, 1);
	read_limit(1, &mlim);
	read_limit(4, &tlim);
	capped = mlim.present || tlim.present;
	memset(&d, 0, sizeof(d));

	if (capped)
	{
		int64		alloc_month,
					alloc_term;

		caps_exec(PLAN_ALLOCATED, key, NULL, 1);
		alloc_month = get_int8(0, 1, &isnull);
		alloc_term = get_int8(0, 2, &isnull);
		cap_decide(&mlim, &tlim, alloc_month, alloc_term, g->delta, &d);

		/*
		 * Near a limit or a threshold, decide on what is used, not on what
		 * other backends hold in reserve: take back the reservations nobody
		 * is using now, and decide again.  (Far from the caps this is never
		 * done, or every grant would take the others' reservations away.)
		 */
		if (d.refused || d.reserve == 0 || d.month.alerts_crossed || d.term.alerts_crossed ||
			d.month.soft_over || d.term.soft_over)
		{
			caps_exec(PLAN_RECLAIM, key, NULL, 0);
			caps_exec(PLAN_ALLOCATED, key, NULL, 1);
			alloc_month = get_int8(0, 1, &isnull);
			alloc_term = get_int8(0, 2, &isnull);
			cap_decide(&mlim, &tlim, alloc_month, alloc_term, g->delta, &d);
		}
		if (d.overflow)
			caps_refuse_total_overflow(g);
		if (d.month.refused)
			refuse(g, true, &mlim, &d.month);
		if (d.term.refused)
			refuse(g, false, &tlim, &d.term);
		/* a decrease leaves its freed headroom in the stripe */
		add_allowance = g->delta < 0 ? -g->delta : d.reserve;
	}

	v[0] = key[0];
	v[1] = key[1];
	v[2] = key[2];
	v[3] = Int64GetDatum(g->delta);
	v[4] = Int64GetDatum(add_allowance);
	v[5] = BoolGetDatum(capped);
	v[6] = Int32GetDatum(MyBackendId);
	caps_exec(PLAN_APPLY, v, nulls, 0);
	if (SPI_processed == 0)
		caps_exec(PLAN_NEW_STRIPE, v, nulls, 0);
	if (SPI_processed != 1)
		elog(ERROR, "omledger caps: running total of contract %lld not updated",
			 (long long) g->contract_id);

	if (d.month.soft_over)
		warn_soft(g, true, &mlim, &d.month);
	if (d.term.soft_over)
		warn_soft(g, false, &tlim, &d.term);
	notify_alerts(g, "month", &mlim, &d.month);
	notify_alerts(g, "term", &tlim, &d.term);
}

static void
apply_group(const CapsGroup *g)
{
	Datum		v[5] = {Int64GetDatum(g->contract_id), CStringGetTextDatum(g->category),
	DateADTGetDatum(g->month), Int64GetDatum(g->delta), Int32GetDatum(MyBackendId)};

	caps_exec(PLAN_FAST, v, NULL, 0);
	if (SPI_processed == 1)
		return;
	apply_slow(g);
}

/* ------------------------------------------------------------- trigger */

PG_FUNCTION_INFO_V1(charge_category);
Datum
charge_category(PG_FUNCTION_ARGS)
{
	char	   *kind = text_to_cstring(PG_GETARG_TEXT_PP(0));
	const char *cat = cap_charge_category(kind, PG_GETARG_BOOL(1));

	if (cat == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(cat));
}

/*
 * The trigger's search_path: pg_catalog alone (every other name in its
 * queries is qualified; transition tables are found by the query
 * environment, before any schema).  It is pushed as an override rather than
 * SET as the GUC: saving and restoring a GUC walks every GUC variable at
 * AtEOXact_GUC, about 8 % of the trigger's time on a one-row insert.  While
 * it is in force, functions the queries call run under it too (their own SET
 * search_path is not applied): they qualify every name as well.
 */
static OverrideSearchPath *
caps_search_path(void)
{
	static OverrideSearchPath *path = NULL;

	if (path == NULL)
	{
		OverrideSearchPath *p = GetOverrideSearchPath(TopMemoryContext);

		list_free(p->schemas);
		p->schemas = NIL;
		p->addCatalog = true;
		p->addTemp = false;
		path = p;
	}
	return path;
}

PG_FUNCTION_INFO_V1(effort_log_caps);
Datum
effort_log_caps(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	CapsGroup  *groups = NULL;
	int			ngroups = 0;
	bool		one_row_insert;
	CapsNewRow	row;
	CapsGroup	direct_group;
	bool		grant_only = false;
	Oid			save_userid;
	int			save_sec_context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("effort_log_caps: not called by trigger manager")));
	if (!TRIGGER_FIRED_AFTER(td->tg_event) || !TRIGGER_FIRED_FOR_STATEMENT(td->tg_event) ||
		TRIGGER_FIRED_BY_TRUNCATE(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("effort_log_caps: must be fired AFTER INSERT, UPDATE or DELETE FOR EACH STATEMENT")));
	if ((TRIGGER_FIRED_BY_INSERT(td->tg_event) && td->tg_newtable == NULL) ||
		(TRIGGER_FIRED_BY_UPDATE(td->tg_event) && (td->tg_newtable == NULL || td->tg_oldtable == NULL)) ||
		(TRIGGER_FIRED_BY_DELETE(td->tg_event) && td->tg_oldtable == NULL) ||
		(td->tg_newtable && strcmp(td->tg_trigger->tgnewtable, NEW_TABLE) != 0) ||
		(td->tg_oldtable && strcmp(td->tg_trigger->tgoldtable, OLD_TABLE) != 0))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("effort_log_caps: transition tables must be named " NEW_TABLE " and " OLD_TABLE)));

	/* Nothing changed: nothing to check (and no month row to lock). */
	if ((td->tg_newtable == NULL || tuplestore_tuple_count(td->tg_newtable) == 0) &&
		(td->tg_oldtable == NULL || tuplestore_tuple_count(td->tg_oldtable) == 0))
		return PointerGetDatum(NULL);

	/* The common case, without the executor when it can be (caps_direct.c). */
	one_row_insert = TRIGGER_FIRED_BY_INSERT(td->tg_event) &&
		tuplestore_tuple_count(td->tg_newtable) == 1;
	if (one_row_insert)
	{
		caps_read_new_row(td, &row);
		switch (caps_direct_insert(td, &row, &direct_group))
		{
			case CAPS_DIRECT_DONE:
				return PointerGetDatum(NULL);
			case CAPS_DIRECT_NEED_GRANT:
				groups = &direct_group;
				ngroups = 1;
				grant_only = true;
				break;
			case CAPS_DIRECT_UNSUPPORTED:
				break;
		}
	}

	/*
	 * Run as the owner of effort_log (the extension's owner), so that writers
	 * need no privilege on the summary tables, with a search_path nobody can
	 * hijack.  An error restores both at (sub)transaction abort (the override
	 * stack is popped by AtEOSubXact_Namespace).
	 */
	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(td->tg_relation->rd_rel->relowner,
						   save_sec_context | SECURITY_LOCAL_USERID_CHANGE);
	PushOverrideSearchPath(caps_search_path());

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "omledger caps: SPI_connect failed");
	if (SPI_register_trigger_data(td) != SPI_OK_TD_REGISTER)
		elog(ERROR, "omledger caps: SPI_register_trigger_data failed");
	guard_taken = false;

	if (grant_only)
		apply_slow(groups);		/* checked, and its stripe fell short */
	else
	{
		if (one_row_insert)
			groups = one_row_group(&row, &ngroups);
		else
			groups = collect_groups(td, &ngroups);
		for (int i = 0; i < ngroups; i++)
			if (groups[i].counted && groups[i].delta != 0)
				apply_group(&groups[i]);
	}

	SPI_finish();
	PopOverrideSearchPath();
	SetUserIdAndSecContext(save_userid, save_sec_context);
	return PointerGetDatum(NULL);
}
