/*
 * caps.c
 *	  The statement-level trigger on omledger.effort_log: has every changed
 *	  row checked by the rules (caps_rules.c), keeps the running totals per
 *	  contract, charge category and fiscal month, enforces the caps and sends
 *	  the alerts.
 *
 * Every statement, one row or many, takes the same steps:
 *	1. the rows of the transition tables are read, and the entries whose
 *	   corrections change are locked (caps_lock_entry_total);
 *	2. with a snapshot taken after that (a fresh one under READ COMMITTED;
 *	   under REPEATABLE READ the latest, as the RI triggers do, so that a
 *	   month close waited for is seen) every new row is checked against
 *	   every rule and every removed row against the closed months, and the
 *	   changes are summed per (contract, month, category) group;
 *	3. the groups, in (contract, month, category) order, are applied to the
 *	   totals: this backend's stripe spent directly (caps_direct.c), else
 *	   through SPI, the slow path under cap_guard when its allowance is short.
 * So each rule is decided by one function whatever the statement; SQL runs
 * only for a stripe that needs a grant (or an effort_total changed by hand).
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
 *	  wait.
 *
 * SPI runs under the extension owner's identity and a pinned search_path,
 * with plans kept across calls.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "common/int.h"
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
#include "utils/timestamp.h"
#include "utils/tuplestore.h"
#include "executor/tuptable.h"

#include "caps.h"
#include "caps_trigger.h"
#include "errcodes.h"
#include "omledger.h"

/* Transition-table names, as in CREATE TRIGGER ... REFERENCING. */
#define NEW_TABLE "caps_new"
#define OLD_TABLE "caps_old"

enum
{
	PLAN_FAST,
	PLAN_GUARD,
	PLAN_LIMITS,
	PLAN_RECLAIM,
	PLAN_ALLOCATED,
	PLAN_APPLY,
	PLAN_NEW_STRIPE,
	PLAN_NOTIFY,
	NUM_PLANS
};

typedef struct CapsPlanDef
{
	const char *sql;
	int			nargs;
	Oid			argtypes[6];
} CapsPlanDef;

static const CapsPlanDef plan_defs[NUM_PLANS] = {
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

		if (which == PLAN_APPLY || which == PLAN_NEW_STRIPE)
			types = apply_argtypes, nargs = 7;
		else if (which == PLAN_NOTIFY)
			types = notify_argtypes, nargs = 7;
		plans[which] = omledger_keep_plan("caps", plan_defs[which].sql, nargs, types, 0);
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
			caps_refuse_cap(g, true, d.month.reached, mlim.amount, d.month.over_by);
		if (d.term.refused)
			caps_refuse_cap(g, false, d.term.reached, tlim.amount, d.term.over_by);
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
		caps_warn_soft(g, true, d.month.reached, mlim.amount, d.month.over_by);
	if (d.term.soft_over)
		caps_warn_soft(g, false, d.term.reached, tlim.amount, d.term.over_by);
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

/* ------------------------------------------------------------- the rows */

/* Every row of a transition table. */
static CapsEntry *
read_rows(Tuplestorestate *ts, TupleDesc desc, const AttrNumber *att, int *nrows)
{
	TupleTableSlot *slot = MakeSingleTupleTableSlot(desc, &TTSOpsMinimalTuple);
	int64		n = tuplestore_tuple_count(ts);
	CapsEntry  *rows = palloc0(sizeof(CapsEntry) * Max(1, n));
	int			i = 0;

	tuplestore_select_read_pointer(ts, 0);
	tuplestore_rescan(ts);
	while (i < n && tuplestore_gettupleslot(ts, true, false, slot))
		caps_entry_read(slot, att, &rows[i++]);
	ExecDropSingleTupleTableSlot(slot);
	tuplestore_rescan(ts);
	*nrows = i;
	return rows;
}

static int
int64_cmp(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return x < y ? -1 : x > y;
}

/*
 * The entries whose total with their corrections the statement changes: the
 * one a new or removed correction corrects; an entry updated (its own
 * effort may have gone down).  A new entry has no corrections yet, and one
 * deleted has none (the foreign key).  Sorted, without duplicates, so that
 * they are locked in one order.
 */
static int64 *
entries_to_total(const CapsEntry *newrows, int nnew, const CapsEntry *oldrows, int nold,
				 bool update, int *n)
{
	int64	   *ids = palloc(sizeof(int64) * Max(1, nnew + nold));
	int			k = 0,
				u = 0;

	for (int i = 0; i < nnew; i++)
		if (newrows[i].has_corrects || update)
			ids[k++] = CAPS_ENTRY_ROOT(&newrows[i]);
	for (int i = 0; i < nold; i++)
		if (oldrows[i].has_corrects)
			ids[k++] = oldrows[i].corrects;
	qsort(ids, k, sizeof(int64), int64_cmp);
	for (int i = 0; i < k; i++)
		if (u == 0 || ids[u - 1] != ids[i])
			ids[u++] = ids[i];
	*n = u;
	return ids;
}

/* A person and a day of work of the new rows. */
typedef struct PersonDay
{
	int64		person_id;
	DateADT		day;
} PersonDay;

static int
person_day_cmp(const void *a, const void *b)
{
	const PersonDay *x = a;
	const PersonDay *y = b;

	if (x->person_id != y->person_id)
		return x->person_id < y->person_id ? -1 : 1;
	return x->day < y->day ? -1 : x->day > y->day;
}

/* The (person, day) pairs of the new rows: sorted, without duplicates. */
static PersonDay *
person_days(const CapsEntry *newrows, int nnew, int *n)
{
	PersonDay  *pd = palloc(sizeof(PersonDay) * Max(1, nnew));
	int			u = 0;

	for (int i = 0; i < nnew; i++)
	{
		pd[i].person_id = newrows[i].person_id;
		pd[i].day = newrows[i].work_date;
	}
	qsort(pd, nnew, sizeof(PersonDay), person_day_cmp);
	for (int i = 0; i < nnew; i++)
		if (u == 0 || person_day_cmp(&pd[u - 1], &pd[i]) != 0)
			pd[u++] = pd[i];
	*n = u;
	return pd;
}

static int
group_cmp(const void *a, const void *b)
{
	const CapsGroup *x = a;
	const CapsGroup *y = b;
	int			c;

	if (x->contract_id != y->contract_id)
		return x->contract_id < y->contract_id ? -1 : 1;
	if (x->month != y->month)
		return x->month < y->month ? -1 : 1;
	c = strcmp(x->category, y->category);
	if (c != 0)
		return c;
	return (int) x->counted - (int) y->counted;
}

/* Sum the rows' groups: sorted, one per (contract, month, category, counted). */
static int
merge_groups(CapsGroup *g, int n)
{
	int			u = 0;

	qsort(g, n, sizeof(CapsGroup), group_cmp);
	for (int i = 0; i < n; i++)
	{
		if (u > 0 && group_cmp(&g[u - 1], &g[i]) == 0)
		{
			if (pg_add_s64_overflow(g[u - 1].delta, g[i].delta, &g[u - 1].delta))
				caps_refuse_total_overflow(&g[i]);
		}
		else
			g[u++] = g[i];
	}
	return u;
}

/* ------------------------------------------------------------- trigger */

PG_FUNCTION_INFO_V1(effort_log_caps);
Datum
effort_log_caps(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	TupleDesc	desc;
	AttrNumber	cols[CAPS_ENTRY_NCOLS];
	CapsEntry  *newrows = NULL,
			   *oldrows = NULL;
	int			nnew = 0,
				nold = 0,
				ngroups,
				ntotals,
				ndays;
	int64	   *totals;
	PersonDay  *days;
	CapsGroup  *groups;
	Snapshot	check_snap;
	bool		spi = false;
	Oid			save_userid = InvalidOid;
	int			save_sec_context = 0;

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

	/* 1. the rows, and the entries whose corrections change, locked */
	desc = RelationGetDescr(td->tg_relation);
	caps_entry_columns(td->tg_relation, cols);
	if (td->tg_newtable != NULL)
		newrows = read_rows(td->tg_newtable, desc, cols, &nnew);
	if (td->tg_oldtable != NULL)
		oldrows = read_rows(td->tg_oldtable, desc, cols, &nold);
	totals = entries_to_total(newrows, nnew, oldrows, nold,
							  TRIGGER_FIRED_BY_UPDATE(td->tg_event), &ntotals);
	for (int i = 0; i < ntotals; i++)
		caps_lock_entry_total(td->tg_relation, totals[i]);
	days = person_days(newrows, nnew, &ndays);

	/*
	 * 2. the rules.  Under SERIALIZABLE nothing is cached, so that every
	 * read takes its predicate locks.  Then, as SPI does for each statement:
	 * see this command's changes, and take the snapshots (the active one is
	 * the transaction's, for the stripes).
	 */
	if (!caps_lookup_begin(td->tg_relation, !IsolationIsSerializable()))
		ereport(ERROR,
				(errcode(ERRCODE_OM_CONFIGURATION),
				 errmsg("the tables of extension omledger are not as it made them"),
				 errdetail("A table or index the effort caps read is missing or has other columns."),
				 errhint("Update the extension (ALTER EXTENSION omledger UPDATE), or restore the table.")));
	CommandCounterIncrement();
	PushCopiedSnapshot(GetTransactionSnapshot());
	UpdateActiveSnapshotCommandId();
	check_snap = IsolationUsesXactSnapshot() ? RegisterSnapshot(GetLatestSnapshot()) :
		GetActiveSnapshot();

	groups = palloc(sizeof(CapsGroup) * Max(1, nnew + nold));
	for (int i = 0; i < nnew; i++)
		caps_check_new_row(check_snap, &newrows[i], &groups[i]);
	for (int i = 0; i < nold; i++)
		caps_check_old_row(check_snap, &oldrows[i], &groups[nnew + i]);
	for (int i = 0; i < ntotals; i++)
		caps_check_entry_total(check_snap, totals[i]);
	{
		int			nlong = 0,
					first = 0;
		int64		first_total = 0,
					total;

		for (int i = 0; i < ndays; i++)
			if (caps_check_person_day(td->tg_relation, days[i].person_id, days[i].day,
									  &total) &&
				nlong++ == 0)
				first = i, first_total = total;
		if (nlong > 0)
			caps_notice_long_days(nlong, days[first].person_id, days[first].day, first_total,
								  omledger_daily_effort_notice);
	}
	ngroups = merge_groups(groups, nnew + nold);

	/* 3. the totals, in group order */
	for (int i = 0; i < ngroups; i++)
	{
		const CapsGroup *g = &groups[i];
		CapsDirectResult r;

		if (!g->counted || g->delta == 0)
			continue;

		/*
		 * Directly only until SPI ran: the slow path may have changed this
		 * backend's other stripes since our snapshot (a reclaim), which
		 * heap_update() on the version it sees would then not find.
		 */
		r = spi ? CAPS_DIRECT_UNSUPPORTED : caps_direct_spend(GetActiveSnapshot(), g);
		if (r == CAPS_DIRECT_DONE)
			continue;

		if (!spi)
		{
			/*
			 * Run as the owner of effort_log (the extension's owner), so that
			 * writers need no privilege on the summary tables, with a
			 * search_path nobody can hijack.  An error restores both at
			 * (sub)transaction abort (the override stack is popped by
			 * AtEOSubXact_Namespace).
			 */
			GetUserIdAndSecContext(&save_userid, &save_sec_context);
			SetUserIdAndSecContext(td->tg_relation->rd_rel->relowner,
								   save_sec_context | SECURITY_LOCAL_USERID_CHANGE);
			PushOverrideSearchPath(caps_search_path());
			if (SPI_connect() != SPI_OK_CONNECT)
				elog(ERROR, "omledger caps: SPI_connect failed");
			guard_taken = false;
			spi = true;
		}
		if (r == CAPS_DIRECT_NEED_GRANT)
			apply_slow(g);		/* its stripe fell short */
		else
			apply_group(g);
	}

	if (spi)
	{
		SPI_finish();
		PopOverrideSearchPath();
		SetUserIdAndSecContext(save_userid, save_sec_context);
	}
	if (check_snap != GetActiveSnapshot())
		UnregisterSnapshot(check_snap);
	PopActiveSnapshot();
	return PointerGetDatum(NULL);
}
